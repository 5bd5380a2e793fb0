"""Interop: pandas frames, data-version pinning, and citation (with CITATION.cff)."""

from __future__ import annotations

import doctest
import re
import sys
from typing import Any

import polars as pl
import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

import iomdata
from iomdata import _api, _cite, _interop, _versioning
from iomdata._schemas import SCHEMAS

PANDAS_DTYPES = {
    pl.Int16: "Int16",
    pl.Int64: "Int64",
    pl.Float64: "Float64",
    pl.Boolean: "boolean",
    pl.String: "string",
}

# ---------------------------------------------------------------------------------------
# pandas
# ---------------------------------------------------------------------------------------


def _with_pandas() -> Any:
    pytest.importorskip("pyarrow")
    return pytest.importorskip("pandas")


@pytest.mark.parametrize("name", iomdata.datasets())
def test_load_pandas_keeps_dtypes(name: str) -> None:
    """Every column gets pandas' nullable dtype for its schema type; the values agree."""
    pd = _with_pandas()
    frame = iomdata.load_pandas(name)
    expected = iomdata.load(name)
    assert list(frame.columns) == expected.columns
    for column, dtype in expected.schema.items():
        assert str(frame[column].dtype) == PANDAS_DTYPES[type(dtype)], column
    as_records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    assert as_records == expected.to_dicts()
    assert isinstance(frame, pd.DataFrame)


def test_nullable_integers_stay_integers() -> None:
    """An integer column with missing values stays integer (Polars' default is float)."""
    _with_pandas()
    figures = iomdata.load("key_figures")
    assert figures["edition"].null_count() > 0  # records of sources that are not reports
    frame = iomdata.load_pandas("key_figures")
    assert str(frame["edition"].dtype) == "Int16"
    assert int(frame["edition"].isna().sum()) == figures["edition"].null_count()
    assert set(frame["edition"].dropna().astype(int)) == set(figures["edition"].drop_nulls())


def test_polars_to_pandas_documented_behaviour() -> None:
    """``load(name).to_pandas()`` works; nullable ints need the Arrow extension arrays."""
    _with_pandas()
    figures = iomdata.load("key_figures")
    assert str(figures.to_pandas()["edition"].dtype) == "float64"
    arrow = figures.to_pandas(use_pyarrow_extension_array=True)
    assert str(arrow["edition"].dtype) == "int16[pyarrow]"
    for name in iomdata.datasets():
        assert len(iomdata.load(name).to_pandas()) == iomdata.load(name).height


@pytest.mark.parametrize("missing", ["pandas", "pyarrow"])
def test_without_the_extra(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    """Without pandas or pyarrow, the error says what to install."""
    monkeypatch.setitem(sys.modules, missing, None)
    with pytest.raises(ModuleNotFoundError, match=re.escape('pip install "iomdata[pandas]"')):
        iomdata.load_pandas("sources")


def test_load_pandas_unknown_dataset() -> None:
    """An unknown dataset is refused with the list of datasets."""
    _with_pandas()
    with pytest.raises(iomdata.UnknownDatasetError, match="datasets: "):
        iomdata.load_pandas("nope")


def test_pandas_extra_is_declared() -> None:
    """The ``pandas`` extra installs what load_pandas needs."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split("[project.optional-dependencies]")[1].split("\n[")[0]
    assert re.search(r'^pandas = \[.*"pandas[^"]*".*"pyarrow[^"]*"', section, re.MULTILINE)


# ---------------------------------------------------------------------------------------
# require
# ---------------------------------------------------------------------------------------


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Pretend the installed data has a given version."""

    def use(version: str) -> None:
        monkeypatch.setattr(_api, "data_version", lambda: version)

    return use


def test_require_returns_the_installed_version() -> None:
    """A satisfied requirement returns the data version."""
    version = iomdata.data_version()
    assert iomdata.require(f">={version}") == version
    assert iomdata.require(f"=={version}") == version
    assert iomdata.require(version) == version


@pytest.mark.parametrize(
    ("version", "specifier", "ok"),
    [
        ("2026.1", ">=2026.1", True),
        ("2026.1", ">=2026.2", False),
        ("2026.1", "==2026.1.0", True),
        ("2026.1", "==2026", False),
        ("2026.0", "==2026", True),
        ("2026.10", ">2026.9", True),
        ("2026.1", "<2027", True),
        ("2027.1", ">=2026.1, <2027", False),
        ("2026.3", ">=2026.1,<2027", True),
        ("2026.1", "!=2026.1", False),
        ("2026.3", "~=2026.1", True),
        ("2027.0", "~=2026.1", False),
        ("2026.1.5", "~=2026.1.0", True),
        ("2026.2.0", "~=2026.1.0", False),
        ("2026.4", "==2026.*", True),
        ("2027.1", "==2026.*", False),
        ("2027.1", "!=2026.*", True),
        ("2026.1", "<=2026.1", True),
        ("2026.1", "<2026.1", False),
    ],
)
def test_require_semantics(installed: Any, version: str, specifier: str, ok: bool) -> None:
    """Clauses compare dotted versions as integers, PEP 440 style."""
    installed(version)
    if ok:
        assert iomdata.require(specifier) == version
    else:
        with pytest.raises(iomdata.DataVersionError) as info:
            iomdata.require(specifier)
        message = str(info.value)
        assert specifier.strip() in message
        assert f"installed data is version {version}" in message
        assert iomdata.__version__ in message


def test_mismatch_is_a_runtime_and_iomdata_error(installed: Any) -> None:
    """Callers can catch the mismatch broadly."""
    installed("2026.1")
    with pytest.raises(RuntimeError):
        iomdata.require(">=3000")
    with pytest.raises(iomdata.IomdataError):
        iomdata.require(">=3000")


@pytest.mark.parametrize(
    "bad", ["", ">=", "2026.x", "=>2026.1", ">= 2026.1,", "~=2026", ">=2026.*"]
)
def test_require_bad_specifier(bad: str) -> None:
    """A specifier that cannot be read says what form is expected."""
    with pytest.raises(ValueError, match=r"specifier|\.\*|~="):
        iomdata.require(bad)


def test_require_type() -> None:
    """A non-string specifier is a TypeError."""
    with pytest.raises(TypeError, match="specifier must be a str"):
        iomdata.require(2026.1)  # type: ignore[arg-type]


_versions = st.lists(st.integers(0, 30), min_size=1, max_size=4).map(
    lambda parts: ".".join(map(str, parts))
)


@given(installed_version=_versions, wanted=_versions)
def test_require_ordering_is_consistent(installed_version: str, wanted: str) -> None:
    """Exactly one of <, ==, > holds, and >= is < negated."""

    def holds(specifier: str) -> bool:
        clauses = _versioning._parse(specifier)
        version = _versioning._parse_version(installed_version)
        return all(_versioning._admits(clause, version) for clause in clauses)

    outcomes = [holds(f"<{wanted}"), holds(f"=={wanted}"), holds(f">{wanted}")]
    assert outcomes.count(True) == 1
    assert holds(f">={wanted}") is not holds(f"<{wanted}")
    assert holds(f"!={wanted}") is not holds(f"=={wanted}")


def test_readme_documents_pinning() -> None:
    """The README shows how to pin the data version."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "iomdata.require(" in readme
    assert "iomdata export" in readme
    assert "iomdata.cite(" in readme


# ---------------------------------------------------------------------------------------
# cite
# ---------------------------------------------------------------------------------------


def test_apa_names_versions_and_every_source() -> None:
    """The APA text names both versions and every source with its symbol."""
    text = iomdata.cite()
    assert text == iomdata.cite(format="apa")
    first = text.splitlines()[0]
    assert f"Version {iomdata.__version__}" in first
    assert f"data version {iomdata.data_version()}" in first
    for source in iomdata.sources():
        (line,) = [line for line in text.splitlines() if f"). {source.title}" in line]
        assert f"({source.year})" in line
        if source.symbol:
            assert source.symbol in line


def test_bibtex_entries() -> None:
    """One @software entry and one entry per source, braces balanced, keys unique."""
    text = iomdata.cite(format="bibtex")
    keys = re.findall(r"^@(\w+)\{([^,]+),$", text, re.MULTILINE)
    assert keys[0] == ("software", "iomdata")
    assert [key for _, key in keys[1:]] == [f"iom-{s.id}" for s in iomdata.sources()]
    assert text.count("{") == text.count("}")
    assert f"version = {{{iomdata.__version__}}}" in text
    for source in iomdata.sources():
        if source.symbol:
            assert f"number = {{{source.symbol}}}" in text


def test_bibtex_escapes_special_characters() -> None:
    """TeX's special characters in a title are escaped."""
    assert _cite._bibtex_escape("A & B 50% #1 x_y") == r"A \& B 50\% \#1 x\_y"


def test_cff_is_valid_yaml_with_the_required_keys() -> None:
    """The CFF text parses, has CFF 1.2.0's required keys and one reference per source."""
    yaml = pytest.importorskip("yaml")
    cff = yaml.safe_load(iomdata.cite(format="cff"))
    assert cff["cff-version"] == "1.2.0"
    assert {"authors", "message", "title"} <= set(cff)
    assert (cff["type"], cff["license"], cff["version"]) == (
        "software",
        "MIT",
        iomdata.__version__,
    )
    assert iomdata.data_version() in cff["abstract"]
    sources = iomdata.sources()
    assert [ref["title"] for ref in cff["references"]] == [s.title for s in sources]
    for ref, source in zip(cff["references"], sources, strict=True):
        assert ref["type"] == "report"
        assert ref["year"] == source.year
        symbols = [identifier["value"] for identifier in ref.get("identifiers", [])]
        assert symbols == ([source.symbol] if source.symbol else [])


def test_citation_cff_is_in_step() -> None:
    """The repository's CITATION.cff is what ``cite(format="cff")`` writes."""
    path = ROOT / "CITATION.cff"
    if not path.is_file():
        pytest.skip("CITATION.cff is in the repository, not in the installed package")
    assert iomdata.cite(format="cff") == path.read_text(encoding="utf-8")


def test_cite_unknown_format() -> None:
    """An unknown format is refused with the formats there are."""
    with pytest.raises(ValueError, match="unknown citation format 'mla'; formats: apa, bibtex"):
        iomdata.cite(format="mla")  # type: ignore[arg-type]


def test_doctests() -> None:
    """The examples in the docstrings of the interop, citation and pinning modules run."""
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.IGNORE_EXCEPTION_DETAIL
    for module in (_interop, _cite, _versioning):
        assert doctest.testmod(module, optionflags=flags).failed == 0, module.__name__


def test_public_names_load_lazily() -> None:
    """The export, verification, citation and pinning names resolve on first access."""
    for name in ("export", "verify", "cite", "require", "load_pandas", "Proof"):
        assert getattr(iomdata, name).__module__.startswith("iomdata._")
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        _ = iomdata.nope


def test_schemas_cover_every_dataset() -> None:
    """Every bundled dataset has a schema, so load_pandas can type it."""
    assert set(iomdata.datasets()) <= set(SCHEMAS)
