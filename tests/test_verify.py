"""``iomdata.verify()``: the proofs on the installed data, and on a small synthetic set.

The synthetic set is a complete ``_data`` folder (every dataset of the schemas, a
manifest) whose numbers satisfy every equation; each test breaks one number and checks
that the right proof fails, or that an erratum turns the failure into a known one.
"""

from __future__ import annotations

import doctest
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from conftest import CliRun
from hypothesis import given, settings
from hypothesis import strategies as st

import iomdata
from iomdata import _proofs, _verify
from iomdata._resources import MANIFEST_NAME, ResourceStore
from iomdata._schemas import SCHEMAS
from iomdata._summaries import staff_summaries

Rows = dict[str, list[dict[str, Any]]]

# ---------------------------------------------------------------------------------------
# The installed data
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> iomdata.VerificationReport:
    """One verification of the installed data, shared by the tests of this module."""
    return iomdata.verify()


def test_installed_data_verifies(report: iomdata.VerificationReport) -> None:
    """Every proof on the installed data holds or is a documented published inconsistency."""
    assert [proof.describe() for proof in report.failed()] == []
    assert report.ok
    assert report.data_version == iomdata.data_version()
    assert report.package_version == iomdata.__version__


def test_every_resource_is_rehashed(report: iomdata.VerificationReport) -> None:
    """One passed integrity proof per manifest resource, named by its file."""
    manifest = json.loads((_verify.installed_root() / MANIFEST_NAME).read_bytes())
    integrity = [proof for proof in report.proofs if proof.kind == "integrity"]
    assert sorted(entry["path"] for entry in manifest["resources"]) == sorted(
        proof.subject for proof in integrity
    )
    assert all(proof.status == "passed" for proof in integrity)


def test_one_row_proof_per_printed_row(report: iomdata.VerificationReport) -> None:
    """Each annex row gets a grade-sum proof and an F + M proof."""
    grid = iomdata.load("staff_by_nationality_grade")
    rows = grid.select("edition", "category", "nationality_as_printed").unique().height
    kinds = [proof.kind for proof in report.proofs]
    assert rows == kinds.count("row total")
    sexes = iomdata.load("staff_by_nationality_sex")
    assert sexes.select("edition", "category", "nationality_as_printed").unique().height == (
        kinds.count("F + M")
    )


def test_known_failures_name_existing_errata(report: iomdata.VerificationReport) -> None:
    """A known failure names an erratum of its own source."""
    errata = {erratum.id: erratum for erratum in iomdata.errata()}
    for proof in report.known():
        assert proof.erratum in errata, proof.describe()
        assert errata[proof.erratum].source in proof.sources


def test_breakdowns_are_proven(report: iomdata.VerificationReport) -> None:
    """Every breakdown with a stated total has a proof."""
    breakdowns = iomdata.load("key_figure_breakdowns").filter(pl.col("total_id").is_not_null())
    proofs = [proof for proof in report.proofs if proof.kind == "breakdown"]
    assert breakdowns.get_column("breakdown").n_unique() == len(proofs)


@pytest.mark.parametrize(
    ("edition", "professional", "general_service"), [(2018, 1769, 10904), (2020, 2185, 14069)]
)
def test_table4_against_the_annexes(
    report: iomdata.VerificationReport, edition: int, professional: int, general_service: int
) -> None:
    """Annex I, Table 4 is proven against the published Annex II and III grand totals."""
    if edition not in iomdata.editions():
        pytest.skip(f"edition {edition} is not in the installed data yet")
    details = {proof.detail for proof in report.proofs if proof.kind == "Annex I"}
    assert f"Professional staff = {professional} = Annex III Total row Total {professional}" in (
        details
    )
    assert (
        f"General Service staff = {general_service} = Annex II Total row Total "
        f"{general_service}" in details
    )


def test_summary_lists_kinds_and_verdict(report: iomdata.VerificationReport) -> None:
    """The summary names each kind of proof and ends with the verdict."""
    text = report.summary()
    assert "integrity" in text
    assert text.splitlines()[-1].startswith("all proofs hold")
    verbose = report.summary(verbose=True)
    assert "passed:" in verbose
    assert len(verbose.splitlines()) > len(report.passed())


def test_doctests() -> None:
    """The examples in the module's docstrings run."""
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(_verify, optionflags=flags)
    assert result.failed == 0


# ---------------------------------------------------------------------------------------
# A synthetic _data folder
# ---------------------------------------------------------------------------------------

_GS_GRADES = ("G-1", "NO-A", "UG")
_PROF_GRADES = ("E-1", "D-2", "D-1", "P-5", "UG")
# printed name -> (member_state, iso3, grade cells, (F, M)), per annex
_ANNEX_II = {
    "Kenya": (True, "KEN", (5, 1, 0), (2, 4)),
    "Chile": (True, "CHL", (0, 2, 1), (1, 2)),
}
_ANNEX_III = {
    "Kenya": (True, "KEN", (1, 0, 1, 2, 3), (3, 4)),
    "Chile": (True, "CHL", (0, 1, 0, 1, 2), (2, 2)),
    "Holy See": (False, "VAT", (0, 0, 0, 1, 0), (0, 1)),
    "Other": (False, None, (0, 0, 0, 0, 2), (1, 1)),
}


def _provenance(locator: str, source: str = "ar2020") -> dict[str, Any]:
    return {"source": source, "locator": locator}


def _annex_rows(rows: Rows, category: str, grades: tuple[str, ...], table: Any) -> None:
    annex = "Annex II" if category == "general_service" else "Annex III"
    column_sums = dict.fromkeys(grades, 0)
    sex_sums = {"F": 0, "M": 0}
    for name, (member, iso3, cells, sexes) in table.items():
        base = {
            "edition": 2020,
            "category": category,
            "member_state": member,
            "nationality": name,
            "nationality_as_printed": name,
            "iso3": iso3,
            "cell_status": "printed",
            "derivation": None,
            **_provenance(annex),
        }
        for grade, count in zip(grades, cells, strict=True):
            cell = {"count": count, "count_low": count, "count_high": count}
            rows["staff_by_nationality_grade"].append({**base, "grade": grade, **cell})
            column_sums[grade] += count
        for sex, count in zip(("F", "M"), sexes, strict=True):
            cell = {"count": count, "count_low": count, "count_high": count}
            rows["staff_by_nationality_sex"].append({**base, "sex": sex, **cell})
            sex_sums[sex] += count
        _total(rows, "staff_by_nationality_grade", name, "Total", sum(cells), annex)
    for grade, count in column_sums.items():
        _total(rows, "staff_by_nationality_grade", "Total", grade, count, annex)
    _total(rows, "staff_by_nationality_grade", "Total", "Total", sum(column_sums.values()), annex)
    for sex, count in sex_sums.items():
        _total(rows, "staff_by_nationality_sex", "Total", sex, count, annex)


def _total(
    rows: Rows,
    dataset: str,
    row: str,
    column: str,
    value: int,
    locator: str,
    edition: int = 2020,
) -> None:
    rows["published_totals"].append(
        {
            "edition": edition,
            "dataset": dataset,
            "row_label": row,
            "column_label": column,
            "value": value,
            "unit": "persons",
            "cell_status": "printed",
            "derivation": None,
            **_provenance(locator, f"ar{edition}"),
        }
    )


def _series(rows: Rows, dataset: str, part: str, table: str, values: Any, edition: int) -> None:
    for year, parts in values.items():
        for key, count in parts.items():
            rows[dataset].append(
                {
                    "edition": edition,
                    "year": year,
                    part: key,
                    "count": count,
                    **_provenance(f"Annex I, {table}", f"ar{edition}"),
                }
            )
        _total(
            rows, dataset, "Total", str(year), sum(parts.values()), f"Annex I, {table}", edition
        )


def synthetic_rows() -> Rows:
    """A consistent miniature of the staff annexes, key figures and breakdowns."""
    rows: Rows = {name: [] for name in SCHEMAS}
    _annex_rows(rows, "general_service", _GS_GRADES, _ANNEX_II)
    _annex_rows(rows, "professional", _PROF_GRADES, _ANNEX_III)
    sexes = {2019: {"F": 4, "M": 6}, 2020: {"F": 6, "M": 8}}
    _series(rows, "professional_staff_by_sex", "sex", "Table 1", sexes, 2020)
    _series(rows, "senior_staff_by_sex", "sex", "Table 3", {2020: {"F": 2, "M": 4}}, 2020)
    categories = {
        2019: {"professional": 10, "general_service": 5},
        2020: {"professional": 14, "general_service": 9},
    }
    _series(rows, "staff_by_category", "category", "Table 4", categories, 2020)
    # A later edition repeats 2020 as part of its time series.
    _series(rows, "staff_by_category", "category", "Table 4", {2020: categories[2020]}, 2021)
    _total(
        rows, "professional_staff_by_sex", "Percentage of women", "2020", 43, "Annex I, Table 1"
    )
    for band, (men, women) in {"UG": (4, 3), "P-5": (2, 2), "D-1/D-2": (1, 1)}.items():
        for measure, count in (("men", men), ("women", women), ("total", men + women)):
            rows["women_share_by_grade"].append(
                {
                    "edition": 2020,
                    "year": 2020,
                    "base_year": None,
                    "grade_band": band,
                    "measure": measure,
                    "value": count,
                    **_provenance("Annex I, Table 2"),
                }
            )
    represented = {
        "member_state_nationalities": 2,
        "non_member_state_nationalities": 2,
        "total_nationalities": 4,
        "member_states": 2,
    }
    for measure, value in represented.items():
        rows["nationalities_represented"].append(
            {"edition": 2020, "year": 2020, "measure": measure, "value": value}
            | _provenance("Annex IV")
        )
    rows["key_figures"].append(_key_figure("ar2020-total", 0.3))
    for item, amount in (("north", 0.1), ("south", 0.2)):
        rows["key_figure_breakdowns"].append(
            {
                "breakdown": "ar2020-split",
                "label": "a split",
                "total_id": "ar2020-total",
                "item": item,
                "value": amount,
                "unit": "USD million",
                "as_printed": str(amount),
                "source": "ar2020",
                "edition": 2020,
                "locator": "para 7",
            }
        )
    return rows


def _key_figure(id_: str, value: float) -> dict[str, Any]:
    return {
        "source": "ar2020",
        "edition": 2020,
        "locator": "para 7",
        "id": id_,
        "indicator": None,
        "label": "a total",
        "value": value,
        "unit": "USD million",
        "qualifier": "exact",
        "period": "2020",
        "topic": "finance",
        "as_printed": str(value),
        "fact": None,
    }


def _erratum(id_: str, locator: str, published: str, established: str) -> dict[str, Any]:
    return {
        "id": id_,
        "source": "ar2020",
        "locator": locator,
        "published": published,
        "established": established,
        "explanation": "test",
        "proofs": None,
    }


def write_data(directory: Path, rows: Rows) -> Path:
    """Write ``rows`` as a ``_data`` folder: one CSV per dataset and the manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    entries = []
    for name, schema in SCHEMAS.items():
        frame = pl.DataFrame(rows.get(name, []), schema=schema, orient="row")
        data = frame.write_csv(line_terminator="\n").encode()
        (directory / f"{name}.csv").write_bytes(data)
        source = "id" if name == "sources" else "source"
        entries.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
                "rows": frame.height,
                "columns": frame.columns,
                "sources": _distinct(frame, source),
                "editions": _distinct(frame, "edition"),
            }
        )
    manifest = {"data_version": "2026.1", "resources": entries}
    (directory / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    return directory


def _distinct(frame: pl.DataFrame, column: str) -> list[Any]:
    if column not in frame.columns:
        return []
    return sorted(frame.get_column(column).drop_nulls().unique().to_list())


@pytest.fixture
def synthetic(tmp_path: Path) -> Callable[[Callable[[Rows], None] | None], Path]:
    """Write the synthetic data, first changed by ``edit`` if given; return the folder.

    The staff summaries are derived after the edit, as the pipeline derives them from
    the tables it writes.
    """

    def make(edit: Callable[[Rows], None] | None = None) -> Path:
        rows = synthetic_rows()
        if edit is not None:
            edit(rows)
        rows["staff_summaries"] = staff_summaries(rows)
        return write_data(tmp_path / "_data", rows)

    return make


def _find(rows: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    (found,) = [row for row in rows if all(row[key] == value for key, value in match.items())]
    return found


def _statuses(report: iomdata.VerificationReport) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"passed": [], "known": [], "failed": []}
    for proof in report.proofs:
        out[proof.status].append(proof.describe())
    return out


def test_synthetic_data_verifies(synthetic: Callable[..., Path]) -> None:
    """The consistent synthetic data passes every proof, of every kind."""
    report = _verify.run(synthetic())
    assert _statuses(report)["failed"] == []
    kinds = {proof.kind for proof in report.proofs}
    assert {
        "integrity",
        "row total",
        "F + M",
        "column total",
        "Annex I",
        "Annex IV",
        "editions",
        "breakdown",
        "summary",
        "bounds",
        "readings",
    } == kinds
    # 2 + 4 annex rows; 3 + 5 grade columns, 2 x 2 sex columns, 2 grand totals.
    assert sum(proof.kind == "row total" for proof in report.proofs) == 6
    assert len(SCHEMAS) == sum(proof.kind == "integrity" for proof in report.proofs)


def test_a_changed_cell_fails_its_row_and_column(synthetic: Callable[..., Path]) -> None:
    """One grade cell off by one breaks its row sum, its column sum and its bounds only."""

    def edit(rows: Rows) -> None:
        cell = _find(
            rows["staff_by_nationality_grade"], nationality_as_printed="Kenya", grade="P-5"
        )
        cell["count"] += 1

    failed = _statuses(_verify.run(synthetic(edit)))["failed"]
    assert any("Annex III, Kenya: grade cells = 8 != printed row Total 7" in f for f in failed)
    assert any("Annex III, column P-5: sum of the P-5 cells = 5 != printed" in f for f in failed)
    # The shipped bounds no longer contain the changed count.
    assert any("Annex III: Kenya P-5: 3 outside 2..2" in f for f in failed)
    # Table 3 and Annex IV read the published totals and the cells' row sums only.
    assert len(failed) == 3, failed


def test_annex_iv_counts_the_other_row_within_bounds(synthetic: Callable[..., Path]) -> None:
    """The Other row adds one to its count of nationalities; outside the bounds fails."""

    def edit(rows: Rows) -> None:
        _find(rows["nationalities_represented"], measure="non_member_state_nationalities")[
            "value"
        ] = 3
        _find(rows["nationalities_represented"], measure="total_nationalities")["value"] = 5

    statuses = _statuses(_verify.run(synthetic(edit)))
    # 3 lies within 2..3 (Holy See, plus one or two nationalities in the Other row).
    assert statuses["failed"] == []

    def beyond(rows: Rows) -> None:
        edit(rows)
        _find(rows["nationalities_represented"], measure="non_member_state_nationalities")[
            "value"
        ] = 4
        _find(rows["nationalities_represented"], measure="total_nationalities")["value"] = 6

    failed = _statuses(_verify.run(synthetic(beyond)))["failed"]
    assert any("printed 4 does not lie within 2..3" in f for f in failed)


def _break_f_plus_m(rows: Rows) -> None:
    chile = {"nationality_as_printed": "Chile", "category": "general_service"}
    _find(rows["staff_by_nationality_sex"], **chile, sex="F")["count"] = 0


def _break_table4_professional(rows: Rows) -> None:
    row = _find(rows["staff_by_category"], edition=2020, year=2020, category="professional")
    row["count"] = 15


def _break_table2_band(rows: Rows) -> None:
    for measure in ("men", "total"):
        _find(rows["women_share_by_grade"], grade_band="D-1/D-2", measure=measure)["value"] += 1


def _break_edition_agreement(rows: Rows) -> None:
    row = _find(rows["staff_by_category"], edition=2021, year=2020, category="professional")
    row["count"] = 13
    _find(rows["published_totals"], edition=2021, column_label="2020")["value"] = 22


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        # a sex cell that breaks F + M = Total fails the row's F + M proof
        (_break_f_plus_m, "Annex II, Chile: F + M = 2 != printed row Total 3"),
        # Table 4's Professional count must equal the Annex III grand total
        (_break_table4_professional, "Professional staff = 15 != Annex III Total row Total 14"),
        # a Table 2 band total is the sum of its Annex III grade columns (D-1 + D-2)
        (_break_table2_band, "band D-1/D-2 total = 3 != Annex III Total row D-1 + D-2 2"),
        # a year printed in two editions must carry the same number in both
        (_break_edition_agreement, "editions 2020 and 2021: ar2021 = 13 != ar2020 14"),
    ],
)
def test_a_broken_equation_fails(
    synthetic: Callable[..., Path], edit: Callable[[Rows], None], expected: str
) -> None:
    """A number changed so that one equation no longer holds fails that equation's proof."""
    failed = _statuses(_verify.run(synthetic(edit)))["failed"]
    assert any(expected in f for f in failed), failed


def test_breakdown_sum_and_missing_total(synthetic: Callable[..., Path]) -> None:
    """Breakdown items sum to their total (decimals compared with a tolerance)."""

    def missing(rows: Rows) -> None:
        rows["key_figures"].clear()

    failed = _statuses(_verify.run(synthetic(missing)))["failed"]
    assert any("no key figure ar2020-total is published" in f for f in failed)

    def off(rows: Rows) -> None:
        rows["key_figures"][0]["value"] = 0.4

    failed = _statuses(_verify.run(synthetic(off)))["failed"]
    assert any("sum of 2 items = 0.3 != key figure ar2020-total 0.4" in f for f in failed)


def test_an_erratum_makes_a_failure_known(synthetic: Callable[..., Path]) -> None:
    """A failure whose key an erratum names is known, not failed; the erratum is proven."""

    def edit(rows: Rows) -> None:
        rows["key_figures"][0]["value"] = 0.4
        erratum = _erratum("ar2020-split", "para 7", "0.4", "0.3 (sum of items)")
        rows["errata"].append(erratum | {"proofs": "ar2020|breakdown ar2020-split"})

    report = _verify.run(synthetic(edit))
    assert report.ok
    (known,) = report.known()
    assert (known.key, known.erratum, known.kind) == (
        "ar2020|breakdown ar2020-split",
        "ar2020-split",
        "breakdown",
    )
    assert "known published inconsistencies" in report.summary()
    (erratum,) = [proof for proof in report.proofs if proof.kind == "errata"]
    assert (erratum.key, erratum.status) == ("errata|ar2020-split", "passed")


# ---------------------------------------------------------------------------------------
# Proof keys, and errata matched by key alone (iomdata._proofs.explain)
# ---------------------------------------------------------------------------------------


def _broken_split(rows: Rows) -> None:
    """The synthetic breakdown no longer sums to its total (0.3 != 0.4)."""
    rows["key_figures"][0]["value"] = 0.4


def _classified(rows: Rows) -> dict[str, tuple[str, str | None]]:
    """Key -> (status, erratum) of every equation and erratum proof of ``rows``."""
    proofs = _proofs.explain(_proofs.equations(rows), rows["errata"])
    return {proof.key: (proof.status, proof.erratum) for proof in proofs}


def test_keys_are_unique_and_name_their_source() -> None:
    """Each equation of the synthetic data has its own key, led by its source id(s)."""
    proofs = _proofs.equations(synthetic_rows())
    keys = [proof.key for proof in proofs]
    assert len(keys) == len(set(keys))
    for proof in proofs:
        lead = proof.key.split("|", 1)[0]
        assert set(lead.split("=")) <= set(proof.sources), proof.key


def test_keys_are_stable() -> None:
    """A snapshot of keys: changing one breaks every erratum that names it."""
    keys = {proof.key for proof in _proofs.equations(synthetic_rows())}
    assert {
        "ar2020|Annex III|row Kenya|grades",
        "ar2020|Annex III|row Kenya|F+M",
        "ar2020|Annex II|column G-1",
        "ar2020|Annex II|column F",
        "ar2020|Annex II|column Total",
        "ar2020|Annex II|Total row|grades",
        "ar2020|Annex III|Total row|F+M",
        "ar2020|Annex I Table 1|percent 2020",
        "ar2020|Annex I Table 1|F=Annex III",
        "ar2020|Annex I Table 2|D-1/D-2 total=Annex III",
        "ar2020|Annex I Table 3|total=Annex III",
        "ar2020|Annex I Table 4|total 2019",
        "ar2020|Annex I Table 4|professional 2020=Table 1",
        "ar2020|Annex I Table 4|general_service=Annex II",
        "ar2020|Annex IV|non_member_state_nationalities=Annex III",
        "ar2020|Annex IV|member_states=Annex II",
        "ar2020=ar2021|staff_by_category|professional, 2020",
        "ar2020|breakdown ar2020-split",
    } <= keys


def test_installed_keys_are_unique_and_errata_name_exactly_the_failures(
    store_copy: ResourceStore,
) -> None:
    """On the shipped data: unique keys; the failed equations are those errata name."""
    rows = {entry.name: store_copy.rows(entry.name) for entry in store_copy.manifest.resources}
    proofs = _proofs.equations(rows)
    keys = [proof.key for proof in proofs]
    assert len(keys) == len(set(keys))
    assert {
        "ar2020|Annex III|row Kenya|grades",
        "ar2020|Annex II|column G-3",
        "ar2018|Annex I Table 4|percent 2005",
        "ar2018=ar2020|staff_by_category|professional, 2016",
    } <= set(keys)
    named = {key for erratum in rows["errata"] for key in _proofs.named_keys(erratum)}
    assert {proof.key for proof in proofs if proof.status == "failed"} == named
    assert "ar2020|Annex II|Total row|grades" in named


def test_shipped_errata_classify_the_same_without_their_words(
    store_copy: ResourceStore,
) -> None:
    """Blanking every text field of the shipped errata changes no proof's outcome."""
    rows = {entry.name: store_copy.rows(entry.name) for entry in store_copy.manifest.resources}
    proofs = _proofs.equations(rows)
    before = _proofs.explain(proofs, rows["errata"])
    assert sum(proof.status == "known" for proof in before) == 17
    text = ("locator", "published", "established", "explanation")
    blank = [erratum | dict.fromkeys(text, "") for erratum in rows["errata"]]
    assert _proofs.explain(proofs, blank) == before


@pytest.mark.parametrize(
    "key",
    [
        "ar2020|breakdown ar2020-other",  # another breakdown
        "ar2018|breakdown ar2020-split",  # another source
        "ar2020|Annex I Table 4|total 2020",  # another proof, which holds
    ],
)
def test_an_erratum_explains_only_the_keys_it_names(key: str) -> None:
    """An erratum naming another key leaves the failure failed, and fails itself."""
    rows = synthetic_rows()
    _broken_split(rows)
    rows["errata"].append(
        _erratum("ar2020-x", "para 7", "0.4", "0.3 (sum of items)") | {"proofs": key}
    )
    classified = _classified(rows)
    assert classified["ar2020|breakdown ar2020-split"] == ("failed", None)
    assert classified["errata|ar2020-x"] == ("failed", None)


def test_annex_ii_is_not_annex_iii() -> None:
    """An erratum naming an Annex III column does not explain the same Annex II column."""
    rows = synthetic_rows()
    _find(rows["published_totals"], locator="Annex II", row_label="Total", column_label="UG")[
        "value"
    ] = 9
    rows["errata"].append(_erratum("ar2020-x", "Annex III", "9", "1") | {"proofs": None})
    rows["errata"][-1]["proofs"] = "ar2020|Annex III|column UG"
    classified = _classified(rows)
    assert classified["ar2020|Annex II|column UG"] == ("failed", None)
    rows["errata"][-1]["proofs"] = "ar2020|Annex II|column UG;ar2020|Annex II|Total row|grades"
    classified = _classified(rows)
    assert classified["ar2020|Annex II|column UG"] == ("known", "ar2020-x")
    assert classified["errata|ar2020-x"] == ("passed", None)


def test_an_erratum_naming_a_holding_or_unknown_proof_fails() -> None:
    """An erratum is itself proven: every key it names must be a failing proof."""
    rows = synthetic_rows()
    rows["errata"] += [
        _erratum("ar2020-holds", "para 7", "0.3", "0.3")
        | {"proofs": "ar2020|breakdown ar2020-split"},
        _erratum("ar2020-gone", "para 7", "1", "2") | {"proofs": "ar2020|breakdown gone"},
        _erratum("ar2020-name", "Annex II", "Chilie", "Chile") | {"proofs": None},
    ]
    proofs = _proofs.explain(_proofs.equations(rows), rows["errata"])
    errata = {proof.key: proof for proof in proofs if proof.kind == "errata"}
    assert sorted(errata) == ["errata|ar2020-gone", "errata|ar2020-holds"]  # none for a name
    assert errata["errata|ar2020-holds"].status == "failed"
    assert "names ar2020|breakdown ar2020-split, which holds" in (
        errata["errata|ar2020-holds"].detail
    )
    assert errata["errata|ar2020-gone"].detail == (
        "names ar2020|breakdown gone, which no proof checks"
    )


def test_two_errata_cannot_explain_one_proof() -> None:
    """A key named twice is an error of the second erratum."""
    rows = synthetic_rows()
    _broken_split(rows)
    for ident in ("ar2020-a", "ar2020-b"):
        erratum = _erratum(ident, "para 7", "0.4", "0.3")
        rows["errata"].append(erratum | {"proofs": "ar2020|breakdown ar2020-split"})
    classified = _classified(rows)
    assert classified["ar2020|breakdown ar2020-split"] == ("known", "ar2020-a")
    assert classified["errata|ar2020-a"] == ("passed", None)
    assert classified["errata|ar2020-b"] == ("failed", None)


_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=40, deadline=None)
@given(locator=_TEXT, published=_TEXT, established=_TEXT, explanation=_TEXT)
def test_rewording_an_erratum_changes_no_classification(
    locator: str, published: str, established: str, explanation: str
) -> None:
    """Only the keys count: any text in an erratum's other fields classifies the same."""
    rows = synthetic_rows()
    _broken_split(rows)
    # The numbers of the failure, stated in an erratum that names no key, explain nothing.
    rows["errata"].append(_erratum("ar2020-words", "para 7", "0.4", "0.3") | {"proofs": None})
    rows["errata"].append(
        _erratum("ar2020-split", "para 7", "0.4", "0.3")
        | {"proofs": "ar2020|breakdown ar2020-split"}
    )
    before = _classified(rows)
    assert before["ar2020|breakdown ar2020-split"] == ("known", "ar2020-split")
    for erratum in rows["errata"]:
        erratum |= {
            "locator": locator,
            "published": published,
            "established": established,
            "explanation": explanation,
        }
    assert _classified(rows) == before


def test_build_fails_on_an_unexplained_failure() -> None:
    """The pipeline runs the same proofs on the rows it writes and refuses a failure."""
    from tools.build_data import BuildError, prove

    rows = synthetic_rows()
    rows["staff_summaries"] = staff_summaries(rows)
    assert not [proof for proof in prove(rows) if proof.status != "passed"]
    _broken_split(rows)
    with pytest.raises(BuildError, match=r"ar2020\|breakdown ar2020-split"):
        prove(rows)
    erratum = _erratum("ar2020-split", "para 7", "0.4", "0.3")
    rows["errata"].append(erratum | {"proofs": "ar2020|breakdown ar2020-split"})
    assert [proof.key for proof in prove(rows) if proof.status == "known"] == [
        "ar2020|breakdown ar2020-split"
    ]
    rows["key_figures"][0]["value"] = 0.3  # the inconsistency is gone; the erratum stays
    with pytest.raises(BuildError, match=r"errata\|ar2020-split.*which holds"):
        prove(rows)


def test_tampered_unlisted_and_corrupt(synthetic: Callable[..., Path]) -> None:
    """Integrity failures name the file; a bad manifest stops the run with one proof."""
    root = synthetic()
    path = root / "staff_by_category.csv"
    path.write_bytes(path.read_bytes().replace(b"14", b"41", 1))
    (root / "stray.csv").write_text("x\n", encoding="utf-8")
    report = _verify.run(root)
    failed = {proof.subject: proof.detail for proof in report.failed()}
    assert "integrity check" in failed["staff_by_category.csv"]
    assert failed["stray.csv"] == "file is not listed in the manifest"
    (root / MANIFEST_NAME).write_text("{", encoding="utf-8")
    report = _verify.run(root)
    assert report.data_version is None
    assert [proof.subject for proof in report.failed()] == [MANIFEST_NAME]


def test_cli_verify_exit_status(
    synthetic: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    cli: CliRun,
) -> None:
    """``iomdata verify`` exits 1 and names the failed proof; 0 when all hold."""

    def edit(rows: Rows) -> None:
        chile = {"nationality_as_printed": "Chile", "category": "general_service"}
        _find(rows["staff_by_nationality_sex"], **chile, sex="F")["count"] = 0

    monkeypatch.setattr(_verify, "installed_root", lambda: synthetic(edit))
    status, out, _ = cli("verify")
    assert status == 1
    assert "FAILED:" in out
    assert "Annex II, Chile: F + M = 2 != printed row Total 3" in out
    assert "(key ar2020|Annex II|row Chile|F+M)" in out
    assert "proof(s) FAILED" in out.splitlines()[-1]
    monkeypatch.setattr(_verify, "installed_root", synthetic)
    status, out, _ = cli("verify", "--verbose")
    assert status == 0
    assert "passed:" in out
    assert "Annex III, Kenya: grade cells = 7 = printed row Total 7" in out
