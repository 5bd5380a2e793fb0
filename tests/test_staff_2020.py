"""The 2020 edition's staff annexes (C/112/INF/1, Annexes I-IV), proven on the shipped data."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from conftest import CATEGORIES, StaffEdition

import iomdata

OMITTED_ERRATUM = "ar2020-annex2-total-row-omits-other"


@pytest.mark.parametrize("category", CATEGORIES)
def test_columns_meet_the_total_row(staff2020: StaffEdition, category: str) -> None:
    """Every column sums to the Total row; Annex II's grade totals leave out Other."""
    grades = staff2020.rows("staff_by_nationality_grade").filter(pl.col("category") == category)
    sexes = staff2020.rows("staff_by_nationality_sex").filter(pl.col("category") == category)
    printed = staff2020.total_row(category)
    sums = dict(grades.group_by("grade").agg(pl.col("count").sum()).iter_rows())
    other = staff2020.grade_cells(category, "Other")
    for grade in staff2020.grades[category]:
        if category == "general_service":
            # The erratum: the printed grade totals are the columns without the Other row.
            assert sums[grade] - other[grade] == printed[grade]
        else:
            assert sums[grade] == printed[grade]
    for sex in ("F", "M"):
        assert sexes.filter(pl.col("sex") == sex)["count"].sum() == printed[sex]
    assert sum(staff2020.row_totals(category).values()) == printed["Total"]
    assert printed["F"] + printed["M"] == printed["Total"]


def test_annex2_total_row_omits_other(staff2020: StaffEdition) -> None:
    """The printed grade totals of Annex II fall short of its Total by the Other row."""
    printed = staff2020.total_row("general_service")
    grade_sum = sum(printed[g] for g in staff2020.grades["general_service"])
    assert (grade_sum, printed["Total"]) == (14020, 14069)
    assert staff2020.row_totals("general_service")["Other"] == 49
    assert OMITTED_ERRATUM in staff2020.errata_ids()


@pytest.mark.parametrize(
    ("category", "printed", "cells"),
    [
        # One empty field too many before the Total: the whole tail sits one field right.
        (
            "general_service",
            "Bulgaria",
            {"G-2": 1, "G-4": 4, "G-5": 3, "G-6": 2, "G-7": 1, "NO-B": 2, "NO-D": 1, "UG": 14},
        ),
        (
            "general_service",
            "Guyana",
            {"G-4": 6, "G-5": 1, "G-6": 1, "NO-A": 2, "NO-B": 2, "UG": 4},
        ),
        (
            "general_service",
            "India",
            # G-3 or G-4 (ambiguous): the first optimal reading takes G-4
            {"G-4": 1, "G-5": 1, "G-6": 2, "G-7": 1, "NO-A": 1, "NO-B": 1, "NO-C": 1, "UG": 10},
        ),
        # Two cells the text ran together with the first empty cells of the row.
        (
            "general_service",
            "Bangladesh",
            {
                "G-1": 1,
                "G-2": 22,
                "G-3": 103,
                "G-4": 64,
                "G-5": 67,
                "G-6": 63,
                "G-7": 4,
                "NO-A": 45,
                "NO-B": 12,
                "NO-C": 1,
                "UG": 207,
            },
        ),
        # Read as printed (G-1B 7, G-2 10, ...) or with the numbers from 7 on one field
        # right: both are optimal; the fixed rule ships the second (the rows before it
        # keep their first readings), and the cells that differ are ambiguous.
        (
            "general_service",
            "Thailand",
            {
                "G-1A": 5,
                "G-2": 7,
                "G-3": 10,
                "G-4": 31,
                "G-5": 32,
                "G-6": 28,
                "G-7": 5,
                "NO-A": 5,
                "NO-B": 4,
                "NO-C": 4,
                "UG": 24,
            },
        ),
        (
            "professional",
            "Kenya",
            {"D-2": 1, "D-1": 1, "P-5": 1, "P-4": 9, "P-3": 32, "P-2": 43, "P-1": 1, "UG": 17},
        ),
        (
            "professional",
            "United Kingdom",
            {"D-2": 1, "D-1": 3, "P-5": 5, "P-4": 15, "P-3": 29, "P-2": 17, "P-1": 2, "UG": 19},
        ),
        ("professional", "Portugal", {"E-1": 1, "P-5": 3, "P-4": 6, "P-3": 4, "P-2": 2, "UG": 7}),
    ],
)
def test_shifted_rows(
    staff2020: StaffEdition, category: str, printed: str, cells: dict[str, int]
) -> None:
    """Rows whose printed fields are not where the header says, as the totals read them."""
    expected = {g: cells.get(g, 0) for g in staff2020.grades[category]}
    assert expected == staff2020.grade_cells(category, printed)


@pytest.mark.parametrize(
    ("category", "printed", "sexes"),
    [
        ("general_service", "Bulgaria", {"F": 16, "M": 12}),
        ("general_service", "Jamaica", {"F": 9, "M": 0}),
        ("general_service", "Lao People's Democratic Republic", {"F": 5, "M": 3}),
        ("general_service", "Philippines", {"F": 347, "M": 228}),
        ("general_service", "Uzbekistan", {"F": 3, "M": 7}),
        ("general_service", "Indonesia", {"F": 147, "M": 118}),
        ("professional", "Liberia", {"F": 0, "M": 4}),
        ("professional", "Kenya", {"F": 40, "M": 65}),
    ],
)
def test_sex_cells(
    staff2020: StaffEdition, category: str, printed: str, sexes: dict[str, int]
) -> None:
    """F and M where the text shifted, joined ("3 7") or lost them."""
    assert sexes == staff2020.sex_cells(category, printed)


def test_lost_m_column_is_derived(staff2020: StaffEdition) -> None:
    """The page from Kiribati to Poland of Annex II lost its M column: M is derived."""
    lao = staff2020.statuses("general_service", "Lao People's Democratic Republic")
    assert lao["M"] == "derived"
    # the page prints every row one field right: F stands in the M field
    assert lao["F"] == "realigned"
    derivation = staff2020.rows("staff_by_nationality_sex").filter(
        (pl.col("nationality_as_printed") == "Poland")
        & (pl.col("category") == "general_service")
        & (pl.col("sex") == "M")
    )["derivation"]
    assert derivation.to_list() == ["M = row Total - F"]


STATUSES = {"printed", "realigned", "derived", "adjudicated", "ambiguous"}
MODELS = ("fewest_edits", "row_ladder")
RAW = Path(__file__).resolve().parent.parent / "tools" / "raw"


def test_statuses_and_derivations_agree(staff2020: StaffEdition) -> None:
    """Printed and ambiguous cells carry no derivation; the other statuses explain."""
    for name in ("staff_by_nationality_grade", "staff_by_nationality_sex"):
        frame = staff2020.rows(name)
        assert set(frame["cell_status"]) <= STATUSES
        plain = frame.filter(pl.col("cell_status").is_in(["printed", "ambiguous"]))
        assert plain["derivation"].null_count() == plain.height
        explained = frame.filter(
            pl.col("cell_status").is_in(["realigned", "derived", "adjudicated"])
        )
        assert explained["derivation"].null_count() == 0


def printed_fields(annex: str) -> dict[str, list[str]]:
    """Nationality as printed -> its fields after the label, from the raw slice."""
    out = {}
    for line in (RAW / f"ar2020_annex{annex}.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        _, kind, text = line.split("\t", 2)
        if kind == "row":
            label, *fields = text.split("\t")
            out[" ".join(label.split())] = fields
    return out


@pytest.mark.parametrize("category", CATEGORIES)
def test_printed_cells_hold_their_own_field(staff2020: StaffEdition, category: str) -> None:
    """A printed cell is the number its own field prints (an empty field: 0)."""
    fields = printed_fields("2" if category == "general_service" else "3")
    columns = [*staff2020.grades[category], "Total", "F", "M"]
    checked = 0
    for name, key in (
        ("staff_by_nationality_grade", "grade"),
        ("staff_by_nationality_sex", "sex"),
    ):
        frame = staff2020.rows(name).filter(
            (pl.col("category") == category) & (pl.col("cell_status") == "printed")
        )
        for printed, column, count in frame.select(
            "nationality_as_printed", key, "count"
        ).iter_rows():
            row = fields[printed]
            i = columns.index(column)
            text = row[i].strip() if i < len(row) else ""
            assert count == (int(text.replace(" ", "")) if text else 0), (printed, column)
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("printed", ["Argentina", "Portugal", "Burkina Faso"])
def test_rows_that_meet_the_totals_as_printed_are_not_moved(
    staff2020: StaffEdition, printed: str
) -> None:
    """Read where they stand, these rows meet every total with no edit at all.

    The shipped reading keeps them there; where the per-row ladder reads them otherwise
    the cells it moves are ambiguous, never printed at a moved value.
    """
    fields = printed_fields("2")[printed]
    grades = staff2020.grade_cells("general_service", printed)
    status = staff2020.statuses("general_service", printed)
    for i, grade in enumerate(staff2020.grades["general_service"]):
        text = fields[i].strip()
        assert grades[grade] == (int(text) if text else 0)
        assert status[grade] in ("printed", "ambiguous")


@pytest.mark.parametrize("name", ["staff_by_nationality_grade", "staff_by_nationality_sex"])
def test_bounds(staff2020: StaffEdition, name: str) -> None:
    """count_low <= count <= count_high, equal wherever the cell is not ambiguous."""
    frame = staff2020.rows(name)
    assert (frame["count_low"] <= frame["count"]).all()
    assert (frame["count"] <= frame["count_high"]).all()
    certain = frame.filter(pl.col("cell_status") != "ambiguous")
    assert (certain["count_low"] == certain["count_high"]).all()
    ambiguous = frame.filter(pl.col("cell_status") == "ambiguous")
    assert (ambiguous["count_low"] < ambiguous["count_high"]).all()


def test_cell_status_counts(staff2020: StaffEdition) -> None:
    """How many cells of each table have each status."""
    cells = pl.concat(
        [
            staff2020.rows("staff_by_nationality_grade").select("category", "cell_status"),
            staff2020.rows("staff_by_nationality_sex").select("category", "cell_status"),
        ]
    )
    counts = {(c, s): n for c, s, n in cells.group_by("category", "cell_status").len().iter_rows()}
    assert counts == EXPECTED_STATUS_COUNTS


EXPECTED_STATUS_COUNTS: dict[tuple[str, str], int] = {
    # Annex II: 187 rows x 17 cells (15 grades, F, M).
    ("general_service", "printed"): 2641,
    ("general_service", "realigned"): 172,
    ("general_service", "derived"): 40,
    ("general_service", "ambiguous"): 326,
    # Annex III: 186 rows x 12 cells (10 grades, F, M).
    ("professional", "printed"): 1743,
    ("professional", "realigned"): 174,
    ("professional", "derived"): 5,
    ("professional", "adjudicated"): 29,
    ("professional", "ambiguous"): 281,
}


def readings_of(
    staff2020: StaffEdition, category: str, printed: str, model: str
) -> dict[int, tuple[int, bool, dict[str, int]]]:
    """Reading number -> (extra_edits, shipped, cells) of one row under one model."""
    rows = staff2020.rows("staff_ambiguous_readings").filter(
        (pl.col("category") == category)
        & (pl.col("nationality_as_printed") == printed)
        & (pl.col("model") == model)
    )
    out: dict[int, tuple[int, bool, dict[str, int]]] = {}
    for number, extra, shipped, column, count in rows.select(
        "reading", "extra_edits", "shipped", "column", "count"
    ).iter_rows():
        out.setdefault(number, (extra, shipped, {}))[2][column] = count
    return out


def test_readings(staff2020: StaffEdition) -> None:
    """Every listed reading is complete and adds up; numbering, costs and the shipped flag."""
    readings = staff2020.rows("staff_ambiguous_readings")
    assert set(readings["model"]) == set(MODELS)
    for category, printed in (
        readings.select("category", "nationality_as_printed").unique().iter_rows()
    ):
        total = staff2020.row_totals(category)[printed]
        shipped_cells = staff2020.grade_cells(category, printed) | staff2020.sex_cells(
            category, printed
        )
        for model in MODELS:
            listed = readings_of(staff2020, category, printed, model)
            assert sorted(listed) == list(range(1, len(listed) + 1))
            extras = [e for e, _, _ in listed.values()]
            assert extras == sorted(extras)
            assert min(extras) == 0
            shipped = [cells for _, flag, cells in listed.values() if flag]
            assert len(shipped) <= 1
            if model == "fewest_edits":
                assert shipped == [shipped_cells]
            else:
                # row_ladder lists its optimal readings (and the shipped one) only
                assert {e for e, flag, _ in listed.values() if not flag} <= {0}
            for _, _, cells in listed.values():
                assert set(cells) == {*staff2020.grades[category], "F", "M"}
                assert sum(cells[g] for g in staff2020.grades[category]) == total
                assert cells["F"] + cells["M"] == total


def test_ambiguous_cells_are_where_optimal_readings_differ(staff2020: StaffEdition) -> None:
    """Without an override, ambiguous cells are where the models' optimal readings differ.

    Their bounds are the least and greatest value of those readings.
    """
    readings = staff2020.rows("staff_ambiguous_readings")
    for category, printed in (
        readings.select("category", "nationality_as_printed").unique().iter_rows()
    ):
        status = staff2020.statuses(category, printed)
        if "adjudicated" in status.values():
            continue
        optimal = [
            cells
            for model in MODELS
            for e, _, cells in readings_of(staff2020, category, printed, model).values()
            if e == 0
        ]
        differing = {c for c in optimal[0] if len({o[c] for o in optimal}) > 1}
        assert differing == {c for c, s in status.items() if s == "ambiguous"}
        frame = staff2020.rows("staff_by_nationality_grade").filter(
            (pl.col("category") == category) & (pl.col("nationality_as_printed") == printed)
        )
        for grade, low, high in frame.select("grade", "count_low", "count_high").iter_rows():
            assert (low, high) == (min(o[grade] for o in optimal), max(o[grade] for o in optimal))


def test_every_unsettled_row_lists_its_readings(staff2020: StaffEdition) -> None:
    """A row with an ambiguous or adjudicated cell is in staff_ambiguous_readings, only such."""
    listed = set(
        staff2020.rows("staff_ambiguous_readings")
        .select("category", "nationality_as_printed")
        .iter_rows()
    )
    marked = set()
    for name in ("staff_by_nationality_grade", "staff_by_nationality_sex"):
        frame = staff2020.rows(name).filter(
            pl.col("cell_status").is_in(["ambiguous", "adjudicated"])
        )
        marked |= set(frame.select("category", "nationality_as_printed").iter_rows())
    assert listed == marked


def test_adjudicated_cells_name_their_override(staff2020: StaffEdition) -> None:
    """Portugal holds the Director General's post (E-1), decided by a reviewed override."""
    portugal = staff2020.rows("staff_by_nationality_grade").filter(
        (pl.col("nationality_as_printed") == "Portugal") & (pl.col("grade") == "E-1")
    )
    assert portugal["count"].to_list() == [1]
    assert portugal["cell_status"].to_list() == ["adjudicated"]
    (derivation,) = portugal["derivation"].to_list()
    assert derivation.startswith("override ar2020-annex3-portugal-e1 (accepts ")
    assert "extra under fewest_edits" in derivation


def test_syrian_name_kept_as_printed(staff2020: StaffEdition) -> None:
    """The printed name is kept; the canonical name is the UN one; an erratum says so."""
    rows = staff2020.rows("staff_by_nationality_grade").filter(
        pl.col("nationality_as_printed") == "Syrian Arabic Republic"
    )
    assert set(rows["nationality"]) == {"Syrian Arab Republic"}
    assert set(rows["iso3"]) == {"SYR"}
    assert set(rows["category"]) == {"general_service", "professional"}
    assert "ar2020-syrian-arab-republic-name" in staff2020.errata_ids()


def test_annex1_table1_and_table4(staff2020: StaffEdition) -> None:
    """Professional staff by sex and staff by category, as printed and consistent."""
    by_sex = staff2020.rows("professional_staff_by_sex")
    f2020 = by_sex.filter((pl.col("year") == 2020) & (pl.col("sex") == "F"))["count"]
    m2020 = by_sex.filter((pl.col("year") == 2020) & (pl.col("sex") == "M"))["count"]
    assert (f2020.to_list(), m2020.to_list()) == ([1066], [1119])
    category = staff2020.rows("staff_by_category")
    by_year = {(y, c): n for y, c, n in category.select("year", "category", "count").iter_rows()}
    assert by_year[(2020, "professional")] == staff2020.total_row("professional")["Total"] == 2185
    assert (
        by_year[(2020, "general_service")]
        == staff2020.total_row("general_service")["Total"]
        == 14069
    )
    assert by_year[(1995, "professional")] + by_year[(1995, "general_service")] == 1656
    assert sorted({y for y, _ in by_year}) == [1995, 2005, 2016, 2017, 2018, 2019, 2020]


def test_annex1_table2_against_annex3(staff2020: StaffEdition) -> None:
    """Table 2's totals by band equal Annex III's, except P-2 and P-3 (an erratum)."""
    bands = staff2020.rows("women_share_by_grade").filter(pl.col("measure") == "total")
    table2 = dict(bands.select("grade_band", "value").iter_rows())
    annex3 = staff2020.total_row("professional")
    assert table2["UG"] == annex3["UG"]
    assert table2["D-1/D-2"] == annex3["D-1"] + annex3["D-2"]
    for grade in ("P-1", "P-4", "P-5"):
        assert table2[grade] == annex3[grade]
    assert (table2["P-2"], annex3["P-2"]) == (601, 600)
    assert (table2["P-3"], annex3["P-3"]) == (592, 591)
    assert "ar2020-annex1-table2-bands" in staff2020.errata_ids()
    change = staff2020.rows("women_share_by_grade").filter(
        pl.col("measure") == "women_percent_change"
    )
    assert set(change["year"]) == {2020}
    assert set(change["base_year"]) == {2018}
    others = staff2020.rows("women_share_by_grade").filter(
        pl.col("measure") != "women_percent_change"
    )
    assert others["base_year"].null_count() == others.height


def test_annex1_table4_percentage_erratum(staff2020: StaffEdition) -> None:
    """2005's share of international Professional staff is printed 14%; it is 12%."""
    printed = staff2020.rows("published_totals").filter(
        (pl.col("row_label") == "Percentage of international Professional")
        & (pl.col("column_label") == "2005")
    )["value"]
    assert printed.to_list() == [14]
    assert round(100 * 667 / 5397) == 12
    assert "ar2020-annex1-table4-percent-2005" in staff2020.errata_ids()


def test_annex4_against_annex3(staff2020: StaffEdition) -> None:
    """Annex IV's 2020 counts against the nationalities with Professional staff."""
    annex4 = staff2020.rows("nationalities_represented").filter(pl.col("year") == 2020)
    values = dict(annex4.select("measure", "value").iter_rows())
    totals = staff2020.row_totals("professional")
    names = staff2020.rows("staff_by_nationality_grade").filter(
        pl.col("category") == "professional"
    )
    member = dict(names.select("nationality_as_printed", "member_state").unique().iter_rows())
    staffed = [n for n, t in totals.items() if t > 0]
    n_member = sum(1 for n in staffed if member[n])
    assert values["member_states"] == sum(1 for n in totals if member[n]) == 173
    assert (values["member_state_nationalities"], n_member) == (133, 132)
    assert values["non_member_state_nationalities"] == len(staffed) - n_member == 7
    assert "ar2020-annex4-nationalities-2020" in staff2020.errata_ids()


def test_paragraph_184_erratum() -> None:
    """Paragraph 184's headcount transposes two digits of the staff total."""
    errata = iomdata.load("errata").filter(pl.col("id") == "ar2020-para184-headcount")
    assert errata.height == 1
    assert "16,524" in errata["published"][0]
    assert "16,254" in errata["established"][0]


def test_locators_and_sources(staff2020: StaffEdition) -> None:
    """Every 2020 staff number carries the source and an annex locator."""
    for name in (
        "professional_staff_by_sex",
        "women_share_by_grade",
        "senior_staff_by_sex",
        "staff_by_category",
        "staff_by_nationality_grade",
        "staff_by_nationality_sex",
        "staff_ambiguous_readings",
        "published_totals",
        "nationalities_represented",
    ):
        frame = staff2020.rows(name)
        assert frame.height > 0
        assert set(frame["source"]) == {staff2020.source}
        assert all(loc.startswith("Annex I") for loc in frame["locator"])


def test_the_annex_ii_readings_are_listed_to_one_edit_and_annex_iii_to_two(
    staff2020: StaffEdition,
) -> None:
    """What the dataset description says of the depth of the 2020 listings."""
    frame = staff2020.rows("staff_ambiguous_readings").filter(pl.col("model") == "fewest_edits")
    dearest = dict(frame.group_by("category").agg(pl.col("extra_edits").max()).iter_rows())
    assert dearest == {"general_service": 1, "professional": 2}


def test_a_model_without_a_choice_holding_the_shipped_reading_does_not_list_it(
    staff2020: StaffEdition,
) -> None:
    """Algeria's shipped Annex II reading completes under fewest_edits, not under row_ladder.

    Its row_ladder readings are listed without it: no row of that model is marked shipped.
    """
    fewest = readings_of(staff2020, "general_service", "Algeria", "fewest_edits")
    ladder = readings_of(staff2020, "general_service", "Algeria", "row_ladder")
    assert [n for n, (_, shipped, _) in fewest.items() if shipped] == [1]
    assert ladder
    assert not any(shipped for _, shipped, _ in ladder.values())
