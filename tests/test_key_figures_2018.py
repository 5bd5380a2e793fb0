"""Key figures of the 2018 Annual Report and the priorities text, and 2018 against 2020."""

from __future__ import annotations

import doctest
import importlib
import importlib.resources
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

import polars as pl
import pytest

import iomdata
from tools.keyfigures import ar2018 as kf
from tools.keyfigures.checks import BreakdownSpec, breakdown_difference, prove_breakdown
from tools.keyfigures.curated import load_indicator_ids
from tools.keyfigures.locate import check_provenance
from tools.keyfigures.sources import read_source

Row = Mapping[str, object]


@pytest.fixture(scope="module")
def built() -> dict[str, list[dict[str, object]]]:
    """The module's build output."""
    return kf.build()


@pytest.fixture(scope="module")
def figures(built: dict[str, list[dict[str, object]]]) -> dict[str, dict[str, object]]:
    """Key figures of both sources by id."""
    return {str(row["id"]): row for row in built["key_figures"]}


def test_counts(built: dict[str, list[dict[str, object]]]) -> None:
    """Every claim of both sources is catalogued, each source with its edition."""
    by_source: dict[object, list[object]] = {}
    for row in built["key_figures"]:
        by_source.setdefault(row["source"], []).append(row["edition"])
    assert {"ar2018", "priorities2020"} == set(by_source)
    assert len(by_source["ar2018"]) == 537
    assert len(by_source["priorities2020"]) == 11
    assert {2018} == set(by_source["ar2018"])
    assert {None} == set(by_source["priorities2020"])


#: A sample of records: id -> (value, unit, qualifier, period), as published.
_SAMPLES: Final[dict[str, tuple[float, str, str, str | None]]] = {
    "ar2018-fw-revenue": (1870.0, "USD million", "exact", "2018"),
    "ar2018-fw-crisis-people": (30_000_000.0, "people", "over", "2018"),
    "ar2018-p003-offices-legal-advice": (72.0, "percent", "exact", "2018"),
    "ar2018-p013-offices-gender-mainstreamed": (144.0, "offices", "exact", "2018"),
    "ar2018-p020-ethics-training-completed": (13634.0, "staff", "exact", "as of 31 December 2018"),
    "ar2018-p031-bookstore-downloads": (2125684.0, "views", "exact", "2018"),
    "ar2018-p070-r4v-partners": (100.0, "organizations", "nearly", "2018"),
    "ar2018-p239-iati-projects": (500.0, "projects", "nearly", "as of 31 December 2018"),
    "ar2018-p129-officials-trained-2017": (31300.0, "officials", "exact", "2017"),
    "ar2018-p168-cccm-people": (2_700_000.0, "people", "over", "as of 31 December 2018"),
    "ar2018-p169-shelter-cluster-people": (3_000_000.0, "people", "approximately", "2018"),
    "ar2018-p170-inkind-share": (50.0, "percent", "more_than", "2018"),
    "ar2018-p173-dtm-idps": (25_000_000.0, "idps", "over", "2018"),
    "ar2018-p193-livelihood-support": (385000.0, "people", "nearly", "2018"),
    "ar2018-p204-resettlement-persons": (94992.0, "refugees", "exact", "2018"),
    "ar2018-p220-predeparture-vaccinated": (117800.0, "people", "up_to", "2018"),
    "ar2018-p223-avr-migrants": (63500.0, "migrants", "approximately", "2018"),
    "ar2018-p228-gender-policy-milestones": (66.7, "percent", "approximately", "2018"),
    "ar2018-p231-women-p5-increase": (2.0, "percentage_points", "exact", "2018"),
    "ar2018-p255-offices-better-reporting": (66.7, "percent", "nearly", "2018"),
    "ar2018-p278-assessed-share": (3.0, "percent", "less_than", "2018"),
    "ar2018-p279-deferred-revenue-2017": (929.8, "USD million", "exact", "as of 31 December 2017"),
    "ar2018-p282-core-structure-share-2017": (8.0, "percent", "exact", "2017"),
    "ar2018-p291-member-states": (172.0, "member_states", "exact", "2018"),
    "ar2018-p309-staff-total": (12673.0, "staff", "exact", "as of 31 December 2018"),
    "ar2018-p318-ombuds-savings": (2.9, "USD million", "over", "2018"),
    "ar2018-p320-security-incidents": (511.0, "incidents", "exact", "2018"),
    "ar2018-p174-hdx-use-growth": (5.0, "times", "exact", "2018"),
    "ar2018-p239-iati-budgets": (2120.0, "USD million", "over", "as of 31 December 2018"),
    "ar2018-p280-unearmarked-growth-factor": (2.0, "times", "exact", "2018"),
    "ar2018-p287-procurement": (1100.0, "USD million", "over", "2018"),
    "ar2018-p307-hq-building-estimate": (68.1, "CHF million", "exact", "2018"),
    "ar2018-p316-intl-national-ratio": (9.0, "ratio", "exact", "2018"),
    "ar2018-p318-ombuds-visitors": (255.0, "staff", "exact", "2018"),
    "ar2018-p327-cyberthreats": (98_000_000.0, "items", "exact", "2018"),
    "priorities2020-ethics-elearning-completions": (
        14400.0,
        "staff",
        "more_than",
        "as of June 2019",
    ),
    "priorities2020-idf-budget": (16_000_000.0, "USD", "exact", "2019"),
    "priorities2020-idf-expost-evaluation-months-max": (12.0, "months", "exact", None),
}


@pytest.mark.parametrize("figure_id", list(_SAMPLES))
def test_sample_values(figures: dict[str, dict[str, object]], figure_id: str) -> None:
    """A sample of records has the published value, unit, hedge and period."""
    row = figures[figure_id]
    expected = _SAMPLES[figure_id]
    assert expected == (row["value"], row["unit"], row["qualifier"], row["period"])


def test_security_incidents_breakdown(built: dict[str, list[dict[str, object]]]) -> None:
    """The 2018 security incidents by threat category add up to the stated 511."""
    items = [
        r
        for r in built["key_figure_breakdowns"]
        if r["breakdown"] == "ar2018-security-incidents-by-threat"
    ]
    expected = {
        "crime": 242.0,
        "civil unrest": 124.0,
        "armed conflict": 60.0,
        "terrorism": 59.0,
        "hazards": 26.0,
    }
    assert expected == {str(r["item"]): r["value"] for r in items}
    assert {"ar2018-p320-security-incidents"} == {r["total_id"] for r in items}
    assert sum(expected.values()) == 511.0


@pytest.mark.parametrize("spec", kf.REVIEWS.breakdowns, ids=lambda s: s.breakdown)
def test_breakdowns_add_up_or_are_errata(
    built: dict[str, list[dict[str, object]]],
    figures: dict[str, dict[str, object]],
    spec: BreakdownSpec,
) -> None:
    """Each breakdown reaches its total, or the build returned its erratum."""
    difference = breakdown_difference(spec, figures)
    erratum_ids = {e["id"] for e in built["errata"]}
    key = prove_breakdown(spec, figures)[1].key
    if key in kf.REVIEWS.errata.breakdowns:
        assert difference != 0
        assert kf.REVIEWS.errata.breakdowns[key][0] in erratum_ids
    else:
        assert difference == 0


def test_private_partnerships_fall_one_short(figures: dict[str, dict[str, object]]) -> None:
    """Paragraph 106's purposes add up to 278 against a stated 279."""
    spec = next(
        s for s in kf.REVIEWS.breakdowns if s.breakdown.endswith("private-partnerships-by-purpose")
    )
    assert breakdown_difference(spec, figures) == -1.0


def test_errata(built: dict[str, list[dict[str, object]]]) -> None:
    """The published inconsistencies found are exactly the reviewed ones."""
    expected = {
        "ar2018-private-partnerships-breakdown": "ar2018",
        "ar2018-long-term-agreements-growth": "ar2018",
        "ar2018-international-national-ratio": "ar2018",
        "ar2018-staff-growth-since-1995": "ar2018",
        "ar2018-foreword-staff-rounded": "ar2018",
        "priorities2020-data-protection-trained-rounded": "priorities2020",
    }
    assert expected == {str(e["id"]): e["source"] for e in built["errata"]}
    for erratum in built["errata"]:
        assert all(erratum[c] for c in ("locator", "published", "established", "explanation"))


def test_facts_shared_with_priorities(figures: dict[str, dict[str, object]]) -> None:
    """The priorities text restates 2018 figures under the report's fact ids."""
    pairs = [
        ("priorities2020-data-protection-trained", "ar2018-p244-data-protection-trained"),
        (
            "priorities2020-idf-expost-evaluation-months-min",
            "ar2018-p268-expost-evaluation-months-min",
        ),
        (
            "priorities2020-idf-expost-evaluation-months-max",
            "ar2018-p268-expost-evaluation-months-max",
        ),
    ]
    for left, right in pairs:
        assert figures[left]["fact"] is not None
        assert figures[left]["fact"] == figures[right]["fact"]


def test_provenance(sources_dir: Path, built: dict[str, list[dict[str, object]]]) -> None:
    """Every record's phrase is printed where its locator points and reads as its value."""
    texts = {s: read_source(s, sources_dir) for s in (kf.AR2018, kf.PRIORITIES2020)}
    problems = [
        problem
        for row in built["key_figures"]
        for problem in check_provenance(
            row, texts[str(row["source"])], kf.LAYOUTS[str(row["source"])]
        )
    ]
    assert problems == []


# ---------------------------------------------------------------------------------------
# 2018 against 2020: the comparable indicators side by side
# ---------------------------------------------------------------------------------------

#: Every comparable indicator (each is stated by both editions): its 2018 value and the
#: value the 2020 report prints (the other side).
EXPECTED: Final[Mapping[str, tuple[float, float]]] = {
    "assessed_contributions_share": (3.0, 3.0),
    "avr_host_countries": (128.0, 139.0),
    "avr_migrants": (63500.0, 42000.0),
    "avr_origin_countries": (169.0, 150.0),
    "border_gender_offices": (45.0, 60.0),
    "border_management_offices": (78.0, 108.0),
    "cash_countries": (19.0, 56.0),
    "cash_people": (700_000.0, 1_600_000.0),
    "cccm_countries": (21.0, 28.0),
    "cccm_sites": (920.0, 1789.0),
    "civil_society_offices_share": (85.0, 94.0),
    "conflict_of_interest_declarations": (461.0, 957.0),
    "conflict_prevention_staff_trained": (1350.0, 5000.0),
    "ctdc_monthly_users": (4000.0, 8000.0),
    "data_protection_staff_trained": (505.0, 290.0),
    "dtm_countries": (71.0, 86.0),
    "dtm_idp_returnees_tracked": (19_000_000.0, 20_800_000.0),
    "dtm_idps_tracked": (25_000_000.0, 29_400_000.0),
    "dtm_protection_indicators_share": (75.0, 88.0),
    "dtm_returnees_from_abroad_tracked": (3_600_000.0, 5_400_000.0),
    "environment_capacity_people": (600.0, 3305.0),
    "environment_climate_offices": (53.0, 87.0),
    "ethics_elearning_completions": (13634.0, 19400.0),
    "eu_relocation_destinations": (14.0, 12.0),
    "eu_relocation_people": (2165.0, 3063.0),
    "field_security_officers_international": (23.0, 32.0),
    "field_security_officers_regional": (6.0, 7.0),
    "full_privileges_member_states": (95.0, 99.0),
    "gender_focus_offices": (144.0, 159.0),
    "global_south_staff_share": (78.0, 79.0),
    "health_assessments": (376_800.0, 250_000.0),
    "humanitarian_certified_staff": (40.0, 176.0),
    "iati_projects_published": (500.0, 2084.0),
    "idm_participants": (600.0, 500.0),
    "interregional_forum_offices": (33.0, 25.0),
    "long_term_agreements": (68.0, 107.0),
    "member_states": (172.0, 173.0),
    "member_states_represented_share": (73.0, 76.0),
    "migof_countries_assessed": (16.0, 49.0),
    "nationalities_professional": (134.0, 140.0),
    "nationalities_senior": (87.0, 89.0),
    "nationalities_workforce": (168.0, 169.0),
    "new_member_states": (3.0, 0.0),
    "ombudsperson_cases": (255.0, 445.0),
    "ombudsperson_cases_change": (93.0, 16.0),
    "people_reached_crisis": (30_000_000.0, 37_000_000.0),
    "private_sector_offices": (70.0, 84.0),
    "psea_network_cochair_countries": (7.0, 8.0),
    "psea_network_offices": (48.0, 69.0),
    "psea_staff_trained": (4827.0, 5765.0),
    "questionnaire_participation": (98.0, 98.0),
    "rcp_offices": (77.0, 59.0),
    "reintegration_offices": (128.0, 120.0),
    "research_publishing_offices": (112.0, 130.0),
    "resettlement_expansion_offices": (16.0, 9.0),
    "resettlement_people_moved": (94992.0, 40536.0),
    "resettlement_states_supported": (30.0, 27.0),
    "respectful_workplace_focal_points": (50.0, 120.0),
    "sdg_support_offices": (100.0, 129.0),
    "shelter_countries": (44.0, 54.0),
    "shelter_people": (4_000_000.0, 4_600_000.0),
    "social_media_followers": (750_000.0, 3_000_000.0),
    "stabilization_countries": (39.0, 65.0),
    "stabilization_projects": (114.0, 180.0),
    "staff_associations": (34.0, 56.0),
    "total_revenue": (1870.0, 2182.7),
    "total_revenue_change": (15.0, 3.0),
    "total_staff": (12673.0, 16254.0),
    "transition_recovery_countries": (69.0, 90.0),
    "transition_recovery_projects": (280.0, 343.0),
    "unearmarked_contributions": (30.1, 31.3),
    "wash_countries": (23.0, 53.0),
    "wash_people": (5_600_000.0, 21_500_000.0),
}
EXPECTED_2018: Final[Mapping[str, float]] = {k: v for k, (v, _) in EXPECTED.items()}
EXPECTED_2020: Final[Mapping[str, float]] = {k: v for k, (_, v) in EXPECTED.items()}


def compare_editions(key_figures: pl.DataFrame) -> pl.DataFrame:
    """Pivot the comparable indicators into one row each, one column per edition.

    Per indicator and edition the value is that of a record dated to the edition year;
    where several records state it, the annual report wins over a companion (the
    Highlights), a numbered paragraph or box over the Foreword (which rounds), and an
    exact figure over a hedged one.
    """
    year = pl.col("edition").cast(pl.String)
    # "2020", "as of 31 December 2020", "October 2020": a period that ends in the year.
    own_year = pl.col("period").str.ends_with(year)
    eligible = key_figures.filter(
        pl.col("indicator").is_not_null() & pl.col("edition").is_not_null() & own_year
    )
    chosen = (
        eligible.sort(
            "indicator",
            "edition",
            pl.col("source") != pl.format("ar{}", pl.col("edition")),
            pl.col("locator") == "Foreword",
            pl.col("qualifier") != "exact",
            "id",
        )
        .group_by("indicator", "edition", maintain_order=True)
        .first()
    )
    return (
        chosen.with_columns(pl.col("edition").cast(pl.String))
        .pivot(on="edition", index="indicator", values="value")
        .sort("indicator")
    )


def _check_comparison(table: pl.DataFrame) -> None:
    assert "2018" in table.columns
    values_2018 = dict(zip(table["indicator"], table["2018"], strict=True))
    assert dict(EXPECTED_2018) == {k: values_2018.get(k) for k in EXPECTED_2018}
    if "2020" in table.columns:
        values_2020 = dict(zip(table["indicator"], table["2020"], strict=True))
        for indicator, value in EXPECTED_2020.items():
            assert value == values_2020.get(indicator), indicator


def _rows_of_other_editions() -> Sequence[Row]:
    try:
        other = importlib.import_module("tools.keyfigures.ar2020")
    except ModuleNotFoundError:
        return []
    rows: Sequence[Row] = other.build()["key_figures"]
    return rows


def test_comparison_from_build(built: dict[str, list[dict[str, object]]]) -> None:
    """The comparable indicators pivot into a 2018 column (and 2020 where it is built)."""
    rows = [*built["key_figures"], *_rows_of_other_editions()]
    frame = pl.DataFrame(rows, schema=_schema())
    _check_comparison(compare_editions(frame))


def _bundled_key_figures() -> pl.DataFrame:
    """``load("key_figures")``; skips where the bundle lacks it or the ar2018 records."""
    manifest = importlib.resources.files("iomdata") / "_data" / "manifest.json"
    if not manifest.is_file() or "key_figures" not in iomdata.datasets():
        pytest.skip("key_figures is not bundled yet; run python -m tools.build_data")
    frame = iomdata.load("key_figures")
    if frame.filter(pl.col("source") == kf.AR2018).is_empty():
        pytest.skip("the bundled key_figures predate the ar2018 records; regenerate _data")
    return frame


def test_comparison_from_package() -> None:
    """The installed package pivots every catalogued indicator into both edition columns."""
    table = compare_editions(_bundled_key_figures())
    assert {"2018", "2020"} <= set(table.columns)
    _check_comparison(table)
    both = table.drop_nulls(["2018", "2020"])
    assert set(both["indicator"]) == set(EXPECTED_2020) == load_indicator_ids()


def test_comparison_example_in_the_docs() -> None:
    """The pivot example in the docstring of ``iomdata.key_figures`` runs as printed."""
    _bundled_key_figures()
    tests = doctest.DocTestFinder().find(iomdata.key_figures, globs={"iomdata": iomdata})
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    runner = doctest.DocTestRunner(optionflags=flags)
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


def _schema() -> pl.Schema:
    from iomdata._schemas import SCHEMAS

    return SCHEMAS["key_figures"]
