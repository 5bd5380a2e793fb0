"""The one reviewed registry of every erratum (tools/reference/errata.toml, tools/errata.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pytest

from iomdata._proofs import KEY_SEPARATOR, equations
from iomdata._resources import ResourceStore
from tools.errata import MODULES, REGISTRY, Entry, RegistryError, known_sources, read_registry
from tools.keyfigures.sdg_survey import COUNT_CHECKS
from tools.reference import REFERENCE, read_csv_rows

REGISTERED: Final = read_registry()


def test_the_registry_parses_with_unique_prefixed_ids() -> None:
    """Every erratum is read once, prefixed with a known source, raised by a known module."""
    assert len(REGISTERED) == 24
    assert {entry.module for entry in REGISTERED.values()} == set(MODULES)
    sources = known_sources()
    assert {"ar2018", "ar2020", "desa-sdg-survey-2021"} <= sources
    for ident, entry in REGISTERED.items():
        assert ident == entry.id
        assert entry.source in sources, ident
        assert ident.startswith(f"{entry.source}-"), ident
    ids = [
        line for line in REGISTRY.read_text(encoding="utf-8").splitlines() if line[:5] == "id = "
    ]
    assert len(ids) == len(set(ids)) == len(REGISTERED)


def test_the_old_registries_are_gone() -> None:
    """Errata are reviewed in one file: the per-pipeline files no longer exist."""
    old = ("errata_staff.toml", "key_figure_errata.csv", "sdg_errata.csv")
    assert [name for name in old if (REFERENCE / name).exists()] == []
    assert sorted(path.name for path in REFERENCE.glob("*errata*")) == ["errata.toml"]


def test_every_proof_key_names_a_failing_package_proof(store_copy: ResourceStore) -> None:
    """Each package proof an erratum names exists and fails on the shipped data."""
    rows = {entry.name: store_copy.rows(entry.name) for entry in store_copy.manifest.resources}
    status = {proof.key: proof.status for proof in equations(rows)}
    named = [key for entry in REGISTERED.values() for key in entry.proofs]
    assert len(named) == 17
    assert {key: status.get(key) for key in named} == dict.fromkeys(named, "failed")


def test_every_check_key_names_a_check_of_its_module() -> None:
    """Key-figure and survey errata name checks those modules run (staff: the build)."""
    statements = {
        row["id"]
        for path in REFERENCE.glob("key_figure_checks_*.csv")
        for row in read_csv_rows(path)
    }
    facts = {
        row["fact"]
        for path in REFERENCE.glob("key_figures_*.csv")
        for row in read_csv_rows(path)
        if row.get("fact")
    }
    known = {
        "keyfigures": {f"check:{i}" for i in statements} | {f"fact:{f}" for f in facts},
        "sdg": {check.key for check in COUNT_CHECKS},
    }
    for module, keys in known.items():
        named = {k for e in REGISTERED.values() if e.module == module for k in e.checks}
        assert named
        assert named <= keys, module


def test_the_shipped_errata_are_the_registry(store_copy: ResourceStore) -> None:
    """Every registered erratum is shipped with its source and keys, and nothing else is."""
    shipped = {row["id"]: row for row in store_copy.rows("errata")}
    assert set(shipped) == set(REGISTERED)
    for ident, entry in REGISTERED.items():
        assert shipped[ident]["source"] == entry.source
        assert shipped[ident]["proofs"] == (KEY_SEPARATOR.join(entry.proofs) or None)


_GOOD: Final = 'id = "ar2020-x"\nsource = "ar2020"\nmodule = "staff"\nexplanation = "why"\n'

_BAD: Final = {
    "no id": ('source = "ar2020"\nmodule = "staff"\nexplanation = "why"\n', "id is missing"),
    "no explanation": ('id = "ar2020-x"\nsource = "ar2020"\nmodule = "staff"\n', "explanation"),
    "unknown field": (_GOOD + 'note = "x"\n', r"unknown fields \['note'\]"),
    "not a slug": (_GOOD.replace("ar2020-x", "ar2020-X y"), "not a lowercase hyphenated slug"),
    "unknown source": (
        _GOOD.replace('"ar2020"', '"ar2021"').replace("ar2020-x", "ar2021-x"),
        "source 'ar2021' is not in sources.csv",
    ),
    "prefix": (_GOOD.replace("ar2020-x", "ar2018-x"), "not prefixed with its source ar2020"),
    "module": (_GOOD.replace('"staff"', '"tables"'), "module 'tables' is not one of"),
    "keys not a list": (_GOOD + 'proofs = "ar2020|a"\n', "proofs is not a list of keys"),
    "separator": (_GOOD + 'proofs = ["ar2020|a;ar2020|b"]\n', "a key of proofs holds ';'"),
    "key twice": (_GOOD + 'checks = ["a", "a"]\n', "checks lists a key twice"),
    "empty text": (_GOOD + 'published = ""\n', "published is not a non-empty string"),
    "broken template": (_GOOD + 'published = "a { b"\n', "published is not a template"),
    "nameless field": (_GOOD + 'established = "{} of {0}"\n', "field without a name"),
}


@pytest.mark.parametrize("case", sorted(_BAD))
def test_a_malformed_entry_is_named(tmp_path: Path, case: str) -> None:
    """A broken entry stops the read, naming the file, the entry and the problem."""
    text, problem = _BAD[case]
    path = tmp_path / "errata.toml"
    path.write_text(f"[[erratum]]\n{_GOOD}\n[[erratum]]\n{text}", encoding="utf-8")
    with pytest.raises(RegistryError, match=rf"^errata\.toml: erratum 2 \(.*\): .*{problem}"):
        read_registry(path)


def test_twice_is_refused(tmp_path: Path) -> None:
    """Two entries with one id, or naming one proof, are refused by name."""
    path = tmp_path / "errata.toml"
    keyed = _GOOD + 'proofs = ["ar2020|a"]\n'
    path.write_text(f"[[erratum]]\n{keyed}\n[[erratum]]\n{keyed}", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"erratum 2 \(ar2020-x\): id is repeated"):
        read_registry(path)
    other = keyed.replace("ar2020-x", "ar2020-y")
    path.write_text(f"[[erratum]]\n{keyed}\n[[erratum]]\n{other}", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"ar2020\|a is explained by ar2020-x too"):
        read_registry(path)


def test_a_broken_file_is_named(tmp_path: Path) -> None:
    """Invalid TOML, or anything but [[erratum]] tables, is refused with the file's name."""
    path = tmp_path / "errata.toml"
    path.write_text("[[erratum]]\nid = \n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"^errata\.toml: "):
        read_registry(path)
    path.write_text("[erratum]\nid = 'x'\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"list of \[\[erratum\]\] tables"):
        read_registry(path)


def test_an_entry_fills_its_templates() -> None:
    """Text fields are templates; an omitted side is the raising proof's own."""
    entry = Entry(
        id="x-a", source="x", module="sdg", published="{n:,} printed", explanation="{n} odd"
    )
    erratum = entry.fill({"n": 1234, "locator": "Question 2", "established": "1,235"})
    assert (erratum.locator, erratum.published, erratum.established, erratum.explanation) == (
        "Question 2",
        "1,234 printed",
        "1,235",
        "1234 odd",
    )
    with pytest.raises(RegistryError, match=r"erratum x-a: no value for 'n'"):
        entry.fill({"locator": "Question 2", "established": "1,235"})
