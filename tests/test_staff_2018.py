"""The 2018 edition's staff annexes (C/110/4, Annexes I-IV), proven on the shipped data."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
import pytest
from conftest import CATEGORIES, StaffEdition

import iomdata


def nonzero(cells: Mapping[str, int]) -> dict[str, int]:
    """The cells that are not 0."""
    return {key: value for key, value in cells.items() if value}


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_column_adds_up_to_the_total_row(staff2018: StaffEdition, category: str) -> None:
    """Every grade column, F, M and the Total column sum to the printed Total row."""
    grades = staff2018.annex("staff_by_nationality_grade", category)
    sexes = staff2018.annex("staff_by_nationality_sex", category)
    sums = {
        **dict(grades.group_by("grade").agg(pl.col("count").sum()).iter_rows()),
        **dict(sexes.group_by("sex").agg(pl.col("count").sum()).iter_rows()),
        "Total": sum(staff2018.row_totals(category).values()),
    }
    assert staff2018.total_row(category) == sums


def test_grand_totals(staff2018: StaffEdition) -> None:
    """The Total rows as printed, thousands separators read by the arithmetic."""
    assert {
        key: staff2018.total_row("general_service")[key]
        for key in ("Total", "F", "M", "G-4", "UG")
    } == {"Total": 10904, "F": 5024, "M": 5880, "G-4": 2136, "UG": 3230}
    assert {
        key: staff2018.total_row("professional")[key] for key in ("Total", "F", "M", "E-1", "E-2")
    } == {
        "Total": 1769,
        "F": 841,
        "M": 928,
        "E-1": 1,
        "E-2": 1,
    }


@pytest.mark.parametrize(
    ("category", "printed", "cells", "sexes"),
    [
        # names that wrap onto two or three lines, the numbers on the last
        ("general_service", "Bolivia (Plurinational State of)", {"G-7": 1, "UG": 10}, (5, 6)),
        (
            "general_service",
            "Bosnia and Herzegovina",
            {"G-3": 1, "G-4": 4, "G-5": 8, "G-6": 2, "G-7": 3, "NO-B": 1, "UG": 125},
            (64, 80),
        ),
        (
            "general_service",
            "Democratic Republic of the Congo",
            {
                "G-1": 1,
                "G-2": 15,
                "G-3": 4,
                "G-4": 26,
                "G-5": 20,
                "G-6": 10,
                "G-7": 2,
                "NO-A": 5,
                "UG": 30,
            },
            (23, 90),
        ),
        (
            "general_service",
            "United States of America",
            {
                "G-2": 2,
                "G-3": 3,
                "G-4": 34,
                "G-5": 22,
                "G-6": 19,
                "G-7": 14,
                "NO-A": 10,
                "NO-C": 2,
                "UG": 8,
            },
            (67, 47),
        ),
        ("general_service", "Central African Republic", {"UG": 11}, (1, 10)),
        (
            "general_service",
            "Lao People\u2019s Democratic Republic",
            {"G-6": 2, "G-7": 1, "NO-A": 2, "NO-B": 1, "UG": 5},
            (7, 4),
        ),
        (
            "professional",
            "Democratic Republic of the Congo",
            {"P-3": 3, "P-2": 4, "P-1": 1, "UG": 1},
            (2, 7),
        ),
        ("professional", "Venezuela (Bolivarian Republic of)", {"UG": 1}, (1, 0)),
        ("professional", "Lao People\u2019s Democratic Republic", {}, (0, 0)),
        # the spacing has one space too many; the column totals put G-1 first
        (
            "general_service",
            "United Republic of Tanzania",
            {
                "G-1": 1,
                "G-2": 11,
                "G-3": 4,
                "G-4": 38,
                "G-5": 23,
                "G-6": 1,
                "NO-A": 5,
                "NO-B": 2,
                "UG": 20,
            },
            (43, 62),
        ),
        ("professional", "Micronesia (Federated States of)", {}, (0, 0)),
        # sparse rows: the Director General (Portugal) and the Deputy (Costa Rica)
        (
            "professional",
            "Portugal",
            {"E-1": 1, "P-5": 3, "P-4": 5, "P-3": 2, "P-2": 1, "UG": 2},
            (7, 7),
        ),
        (
            "professional",
            "Costa Rica",
            {"E-2": 1, "D-1": 1, "P-5": 1, "P-4": 5, "P-3": 3, "UG": 1},
            (3, 9),
        ),
        (
            "general_service",
            "Thailand",
            {
                "G-1A": 9,
                "G-1B": 7,
                "G-2": 18,
                "G-3": 49,
                "G-4": 33,
                "G-5": 21,
                "G-6": 5,
                "G-7": 4,
                "NO-A": 4,
                "NO-B": 4,
                "UG": 28,
            },
            (117, 65),
        ),
        (
            "general_service",
            "Other",
            {"G-1A": 1, "G-3": 5, "G-4": 16, "G-5": 4, "G-6": 4, "G-7": 2, "NO-A": 1, "UG": 9},
            (13, 29),
        ),
        ("general_service", "Kiribati", {}, (0, 0)),
    ],
)
def test_exact_rows(
    staff2018: StaffEdition,
    category: str,
    printed: str,
    cells: dict[str, int],
    sexes: tuple[int, int],
) -> None:
    """Rows that wrap, are sparse or lost their spacing, cell by cell."""
    grades = staff2018.grade_cells(category, printed)
    assert set(staff2018.grades[category]) == set(grades)
    assert cells == nonzero(grades)
    assert {"F": sexes[0], "M": sexes[1]} == staff2018.sex_cells(category, printed)


def test_statuses(staff2018: StaffEdition) -> None:
    """Every data cell is printed but Tanzania's, which the totals realign one field left.

    Kiribati's empty Total is the only derived total; Tanzania's Total is realigned too.
    """
    realigned = set()
    for name in ("staff_by_nationality_grade", "staff_by_nationality_sex"):
        frame = staff2018.rows(name)
        assert set(frame["cell_status"]) <= {"printed", "realigned"}
        moved = frame.filter(pl.col("cell_status") == "realigned")
        realigned |= set(moved["nationality_as_printed"])
        assert moved["derivation"].null_count() == 0
        assert (frame["count_low"] == frame["count"]).all()
        assert (frame["count_high"] == frame["count"]).all()
    assert realigned == {"United Republic of Tanzania"}
    not_printed = staff2018.rows("published_totals").filter(pl.col("cell_status") != "printed")
    assert sorted(
        not_printed.select("row_label", "column_label", "value", "cell_status").iter_rows()
    ) == [
        ("Kiribati", "Total", 0, "derived"),
        ("United Republic of Tanzania", "Total", 105, "realigned"),
    ]
    assert staff2018.rows("staff_ambiguous_readings").is_empty()


def test_tanzania_realigned_cells(staff2018: StaffEdition) -> None:
    """The row prints one space too many before G-1: every number sits one field right."""
    rows = staff2018.rows("staff_by_nationality_grade").filter(
        pl.col("nationality_as_printed") == "United Republic of Tanzania"
    )
    status = dict(zip(rows["grade"], rows["cell_status"], strict=True))
    assert status["G-1"] == "realigned"
    assert status["G-1A"] == "realigned"  # its own field prints the 1 that belongs to G-1
    assert status["G-1B"] == "printed"  # empty where printed, empty as read
    derivation = dict(zip(rows["grade"], rows["derivation"], strict=True))
    assert "1 is printed in the G-1A field" in str(derivation["G-1"])


def test_membership_and_pages(staff2018: StaffEdition) -> None:
    """Sections and pages as printed: non-member rows, and the page of a row."""
    rows = staff2018.rows("staff_by_nationality_grade").filter(pl.col("grade") == "UG")
    flags = {
        (row["category"], row["nationality_as_printed"]): row["member_state"]
        for row in rows.iter_rows(named=True)
    }
    assert not flags["general_service", "Barbados"]
    assert not flags["professional", "Singapore"]
    assert not flags["professional", "Other"]
    assert flags["professional", "Zimbabwe"]
    locators = {
        (row["category"], row["nationality_as_printed"]): row["locator"]
        for row in rows.iter_rows(named=True)
    }
    assert locators["general_service", "Kiribati"] == "Annex II, page 2"
    assert locators["general_service", "Yemen"] == "Annex II, page 5"
    assert locators["professional", "Czechia"] == "Annex III, page 1"
    assert locators["professional", "Other"] == "Annex III, page 5"


def by_year(staff2018: StaffEdition, name: str, key: str) -> dict[tuple[int, str], int]:
    """(year, key column) -> count of an Annex I dataset."""
    frame = staff2018.rows(name)
    return {(row["year"], row[key]): row["count"] for row in frame.iter_rows(named=True)}


def test_annex1_table1_against_annex3(staff2018: StaffEdition) -> None:
    """Table 1: five years by sex; 2018 equals Annex III's Total row."""
    counts = by_year(staff2018, "professional_staff_by_sex", "sex")
    assert (counts[2014, "M"], counts[2014, "F"]) == (526, 410)
    assert (counts[2018, "M"], counts[2018, "F"]) == (928, 841)
    annex3 = staff2018.total_row("professional")
    assert (annex3["M"], annex3["F"]) == (counts[2018, "M"], counts[2018, "F"])


def women_share(staff2018: StaffEdition) -> dict[tuple[int, int | None, str, str], int]:
    """(year, base_year, band, measure) -> value of Annex I, Table 2."""
    frame = staff2018.rows("women_share_by_grade")
    return {
        (row["year"], row["base_year"], row["grade_band"], row["measure"]): row["value"]
        for row in frame.iter_rows(named=True)
    }


def test_annex1_table2_against_annex3(staff2018: StaffEdition) -> None:
    """Table 2's bands sum Annex III's grades, leaving out E-1 and E-2."""
    share = women_share(staff2018)
    annex3 = staff2018.total_row("professional")
    bands = {"UG": ("UG",), "D-1/D-2": ("D-1", "D-2")}
    bands |= {f"P-{n}": (f"P-{n}",) for n in range(1, 6)}
    for band, grades in bands.items():
        assert sum(annex3[g] for g in grades) == share[2018, None, band, "total"]
        men, women = share[2018, None, band, "men"], share[2018, None, band, "women"]
        assert men + women == share[2018, None, band, "total"]
        before, after = (
            share[2016, None, band, "women_percent"],
            share[2018, None, band, "women_percent"],
        )
        assert after - before == share[2018, 2016, band, "women_percent_change"]
    top = annex3["E-1"] + annex3["E-2"]
    assert annex3["Total"] == top + sum(share[2018, None, b, "total"] for b in bands)
    assert (
        share[2018, 2016, "UG", "women_percent_change"],
        share[2018, 2016, "P-1", "women_percent_change"],
        share[2018, 2016, "D-1/D-2", "women_percent_change"],
    ) == (2, -3, 5)


def published(staff2018: StaffEdition, dataset: str, row_label: str) -> dict[str, int]:
    """Column -> value of an Annex I row kept in published_totals."""
    frame = staff2018.rows("published_totals").filter(
        (pl.col("dataset") == dataset) & (pl.col("row_label") == row_label)
    )
    return dict(zip(frame["column_label"], frame["value"], strict=True))


def test_annex1_table3(staff2018: StaffEdition) -> None:
    """Table 3: senior staff; the 2014 change is a dash (no cell)."""
    counts = by_year(staff2018, "senior_staff_by_sex", "sex")
    totals = published(staff2018, "senior_staff_by_sex", "Total")
    for year in range(2014, 2019):
        assert counts[year, "M"] + counts[year, "F"] == totals[str(year)]
    change = published(staff2018, "senior_staff_by_sex", "Change in percentage of women")
    assert change == {"2015": 2, "2016": 3, "2017": 4, "2018": 2}
    annex3 = staff2018.total_row("professional")
    assert totals["2018"] == annex3["D-2"] + annex3["D-1"] + annex3["P-5"]


def test_annex1_table4_against_annexes_2_and_3(staff2018: StaffEdition) -> None:
    """Table 4: 2018 equals the two annexes' grand totals; 2005's share is an erratum."""
    counts = by_year(staff2018, "staff_by_category", "category")
    assert staff2018.total_row("professional")["Total"] == counts[2018, "professional"]
    assert staff2018.total_row("general_service")["Total"] == counts[2018, "general_service"]
    assert (counts[1995, "professional"], counts[1995, "general_service"]) == (222, 1434)
    share = published(staff2018, "staff_by_category", "Percentage of international Professional")
    assert share["2005"] == 14
    errata = iomdata.load("errata").filter(
        pl.col("id") == "ar2018-annex1-table4-2005-professional-share"
    )
    assert list(errata.select("published", "established").iter_rows()) == [("14%", "12%")]


def test_annex4_against_annex3(staff2018: StaffEdition) -> None:
    """2018's nationalities represented are Annex III's nationalities with staff."""
    frame = staff2018.rows("nationalities_represented").filter(pl.col("year") == staff2018.edition)
    values = dict(zip(frame["measure"], frame["value"], strict=True))
    assert values == {
        "member_state_nationalities": 125,
        "non_member_state_nationalities": 9,
        "total_nationalities": 134,
        "member_states": 172,
        "member_states_represented_percent": 73,
    }
    staffed = {
        printed
        for printed, total in staff2018.row_totals("professional").items()
        if total > 0 and printed != "Other"
    }
    rows = staff2018.annex("staff_by_nationality_grade", "professional")
    members = set(rows.filter(pl.col("member_state"))["nationality_as_printed"])
    assert values["member_state_nationalities"] == len(staffed & members)
    # One staff member of a nationality not listed makes up the Other row.
    assert staff2018.row_totals("professional")["Other"] == 1
    assert values["non_member_state_nationalities"] == len(staffed - members) + 1
