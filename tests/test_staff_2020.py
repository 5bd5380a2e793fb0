"""The 2020 edition's staff annexes (C/112/INF/1, Annexes I-IV), proven on the shipped data."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import iomdata

EDITION = 2020
SOURCE = "ar2020"
GRADES = {
    "general_service": (
        "G-1", "G-1A", "G-1B", "G-2", "G-3", "G-4", "G-5", "G-6", "G-7", "G-8",
        "NO-A", "NO-B", "NO-C", "NO-D", "UG",
    ),
    "professional": ("E-1", "E-2", "D-2", "D-1", "P-5", "P-4", "P-3", "P-2", "P-1", "UG"),
}  # fmt: skip
ANNEX = {"general_service": "Annex II", "professional": "Annex III"}
CATEGORIES = tuple(GRADES)
OMITTED_ERRATUM = "ar2020-annex2-total-row-omits-other"


def edition(name: str) -> pl.DataFrame:
    """The 2020 rows of a shipped dataset."""
    return iomdata.load(name).filter(pl.col("edition") == EDITION)


def grade_cells(category: str, printed: str) -> dict[str, int]:
    """Grade -> count of one nationality row."""
    rows = edition("staff_by_nationality_grade").filter(
        (pl.col("category") == category) & (pl.col("nationality_as_printed") == printed)
    )
    return dict(zip(rows["grade"], rows["count"], strict=True))


def sex_cells(category: str, printed: str) -> dict[str, int]:
    """Sex -> count of one nationality row."""
    rows = edition("staff_by_nationality_sex").filter(
        (pl.col("category") == category) & (pl.col("nationality_as_printed") == printed)
    )
    return dict(zip(rows["sex"], rows["count"], strict=True))


def statuses(category: str, printed: str) -> dict[str, str]:
    """Cell -> status of one nationality row (grades and sexes)."""
    grades = edition("staff_by_nationality_grade").filter(
        (pl.col("category") == category) & (pl.col("nationality_as_printed") == printed)
    )
    sexes = edition("staff_by_nationality_sex").filter(
        (pl.col("category") == category) & (pl.col("nationality_as_printed") == printed)
    )
    return dict(zip(grades["grade"], grades["cell_status"], strict=True)) | dict(
        zip(sexes["sex"], sexes["cell_status"], strict=True)
    )


def annex_totals(category: str) -> pl.DataFrame:
    """The published totals of one annex."""
    return edition("published_totals").filter(pl.col("locator") == ANNEX[category])


def row_totals(category: str) -> dict[str, int]:
    """Nationality -> its printed row Total."""
    rows = annex_totals(category).filter(
        (pl.col("column_label") == "Total") & (pl.col("row_label") != "Total")
    )
    return dict(zip(rows["row_label"], rows["value"], strict=True))


def total_row(category: str) -> dict[str, int]:
    """Column -> the annex's printed Total row."""
    rows = annex_totals(category).filter(pl.col("row_label") == "Total")
    return dict(zip(rows["column_label"], rows["value"], strict=True))


def errata_ids() -> set[str]:
    """Ids of the 2020 edition's errata."""
    return set(iomdata.load("errata").filter(pl.col("source") == SOURCE)["id"])


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_row_adds_up(category: str) -> None:
    """Each row's grade cells and its F + M both equal its printed Total."""
    grades = edition("staff_by_nationality_grade").filter(pl.col("category") == category)
    sexes = edition("staff_by_nationality_sex").filter(pl.col("category") == category)
    by_grade = dict(
        grades.group_by("nationality_as_printed").agg(pl.col("count").sum()).iter_rows()
    )
    by_sex = dict(sexes.group_by("nationality_as_printed").agg(pl.col("count").sum()).iter_rows())
    totals = row_totals(category)
    assert totals == by_grade
    assert totals == by_sex


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_row_has_every_cell_once(category: str) -> None:
    """One cell per (row, grade of the table) and per (row, sex)."""
    grades = edition("staff_by_nationality_grade").filter(pl.col("category") == category)
    sexes = edition("staff_by_nationality_sex").filter(pl.col("category") == category)
    n_rows = len(row_totals(category))
    assert grades.height == n_rows * len(GRADES[category])
    assert set(grades["grade"]) == set(GRADES[category])
    assert grades.select("nationality_as_printed", "grade").is_unique().all()
    assert sexes.height == 2 * n_rows


@pytest.mark.parametrize("category", CATEGORIES)
def test_columns_meet_the_total_row(category: str) -> None:
    """Every column sums to the Total row; Annex II's grade totals leave out Other."""
    grades = edition("staff_by_nationality_grade").filter(pl.col("category") == category)
    sexes = edition("staff_by_nationality_sex").filter(pl.col("category") == category)
    printed = total_row(category)
    sums = dict(grades.group_by("grade").agg(pl.col("count").sum()).iter_rows())
    other = grade_cells(category, "Other")
    for grade in GRADES[category]:
        if category == "general_service":
            # The erratum: the printed grade totals are the columns without the Other row.
            assert sums[grade] - other[grade] == printed[grade]
        else:
            assert sums[grade] == printed[grade]
    for sex in ("F", "M"):
        assert sexes.filter(pl.col("sex") == sex)["count"].sum() == printed[sex]
    assert sum(row_totals(category).values()) == printed["Total"]
    assert printed["F"] + printed["M"] == printed["Total"]


def test_annex2_total_row_omits_other() -> None:
    """The printed grade totals of Annex II fall short of its Total by the Other row."""
    printed = total_row("general_service")
    grade_sum = sum(printed[g] for g in GRADES["general_service"])
    assert (grade_sum, printed["Total"]) == (14020, 14069)
    assert row_totals("general_service")["Other"] == 49
    assert OMITTED_ERRATUM in errata_ids()


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
            # G-3 or G-4 (ambiguous): the first optimal reading takes G-3
            {"G-3": 1, "G-5": 1, "G-6": 2, "G-7": 1, "NO-A": 1, "NO-B": 1, "NO-C": 1, "UG": 10},
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
        # The only G-1A and G-1B cells are Thailand's, as printed.
        (
            "general_service",
            "Thailand",
            {
                "G-1A": 5,
                "G-1B": 7,
                "G-2": 10,
                "G-3": 31,
                "G-4": 32,
                "G-5": 28,
                "G-6": 5,
                "G-7": 5,
                "NO-A": 4,
                "NO-B": 4,
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
def test_shifted_rows(category: str, printed: str, cells: dict[str, int]) -> None:
    """Rows whose printed fields are not where the header says, as the totals read them."""
    expected = {g: cells.get(g, 0) for g in GRADES[category]}
    assert expected == grade_cells(category, printed)


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
def test_sex_cells(category: str, printed: str, sexes: dict[str, int]) -> None:
    """F and M where the text shifted, joined ("3 7") or lost them."""
    assert sexes == sex_cells(category, printed)


def test_lost_m_column_is_derived() -> None:
    """The page from Kiribati to Poland of Annex II lost its M column: M is derived."""
    lao = statuses("general_service", "Lao People's Democratic Republic")
    assert lao["M"] == "derived"
    # the page prints every row one field right: F stands in the M field
    assert lao["F"] == "realigned"
    derivation = edition("staff_by_nationality_sex").filter(
        (pl.col("nationality_as_printed") == "Poland")
        & (pl.col("category") == "general_service")
        & (pl.col("sex") == "M")
    )["derivation"]
    assert derivation.to_list() == ["M = row Total - F"]


STATUSES = {"printed", "realigned", "derived", "adjudicated", "ambiguous"}
MODELS = ("fewest_edits", "row_ladder")
RAW = Path(__file__).resolve().parent.parent / "tools" / "raw"


def test_statuses_and_derivations_agree() -> None:
    """Printed and ambiguous cells carry no derivation; the other statuses explain."""
    for name in ("staff_by_nationality_grade", "staff_by_nationality_sex"):
        frame = edition(name)
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
def test_printed_cells_hold_their_own_field(category: str) -> None:
    """A printed cell is the number its own field prints (an empty field: 0)."""
    fields = printed_fields("2" if category == "general_service" else "3")
    columns = [*GRADES[category], "Total", "F", "M"]
    checked = 0
    for name, key in (
        ("staff_by_nationality_grade", "grade"),
        ("staff_by_nationality_sex", "sex"),
    ):
        frame = edition(name).filter(
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
def test_rows_that_meet_the_totals_as_printed_are_not_moved(printed: str) -> None:
    """Read where they stand, these rows meet every total with no edit at all.

    The shipped reading keeps them there; where the per-row ladder reads them otherwise
    the cells it moves are ambiguous, never printed at a moved value.
    """
    fields = printed_fields("2")[printed]
    grades = grade_cells("general_service", printed)
    status = statuses("general_service", printed)
    for i, grade in enumerate(GRADES["general_service"]):
        text = fields[i].strip()
        assert grades[grade] == (int(text) if text else 0)
        assert status[grade] in ("printed", "ambiguous")


@pytest.mark.parametrize("name", ["staff_by_nationality_grade", "staff_by_nationality_sex"])
def test_bounds(name: str) -> None:
    """count_low <= count <= count_high, equal wherever the cell is certain.

    An adjudicated cell's bounds are those of the optimal readings with the overrides
    imposed, which hold the shipped value even where an override pays extra edits.
    """
    frame = edition(name)
    assert (frame["count_low"] <= frame["count"]).all()
    assert (frame["count"] <= frame["count_high"]).all()
    certain = frame.filter(pl.col("cell_status").is_in(["printed", "realigned", "derived"]))
    assert (certain["count_low"] == certain["count_high"]).all()
    ambiguous = frame.filter(pl.col("cell_status") == "ambiguous")
    assert (ambiguous["count_low"] < ambiguous["count_high"]).all()


def test_cell_status_counts() -> None:
    """How many cells of each table have each status."""
    cells = pl.concat(
        [
            edition("staff_by_nationality_grade").select("category", "cell_status"),
            edition("staff_by_nationality_sex").select("category", "cell_status"),
        ]
    )
    counts = {(c, s): n for c, s, n in cells.group_by("category", "cell_status").len().iter_rows()}
    assert counts == EXPECTED_STATUS_COUNTS


EXPECTED_STATUS_COUNTS: dict[tuple[str, str], int] = {
    # Annex II: 187 rows x 17 cells (15 grades, F, M).
    ("general_service", "printed"): 2737,
    ("general_service", "realigned"): 208,
    ("general_service", "derived"): 40,
    ("general_service", "ambiguous"): 194,
    # Annex III: 186 rows x 12 cells (10 grades, F, M).
    ("professional", "printed"): 1724,
    ("professional", "realigned"): 169,
    ("professional", "derived"): 5,
    ("professional", "adjudicated"): 14,
    ("professional", "ambiguous"): 320,
}


def readings_of(
    category: str, printed: str, model: str
) -> dict[int, tuple[int, bool, dict[str, int]]]:
    """Reading number -> (extra_edits, shipped, cells) of one row under one model."""
    rows = edition("staff_ambiguous_readings").filter(
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


def test_readings() -> None:
    """Every listed reading is complete and adds up; numbering, costs and the shipped flag."""
    readings = edition("staff_ambiguous_readings")
    assert set(readings["model"]) == set(MODELS)
    for category, printed in (
        readings.select("category", "nationality_as_printed").unique().iter_rows()
    ):
        total = row_totals(category)[printed]
        shipped_cells = grade_cells(category, printed) | sex_cells(category, printed)
        for model in MODELS:
            listed = readings_of(category, printed, model)
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
                assert set(cells) == {*GRADES[category], "F", "M"}
                assert sum(cells[g] for g in GRADES[category]) == total
                assert cells["F"] + cells["M"] == total


def test_ambiguous_cells_are_where_optimal_readings_differ() -> None:
    """Without an override, ambiguous cells are where the models' optimal readings differ.

    Their bounds are the least and greatest value of those readings.
    """
    readings = edition("staff_ambiguous_readings")
    for category, printed in (
        readings.select("category", "nationality_as_printed").unique().iter_rows()
    ):
        status = statuses(category, printed)
        if "adjudicated" in status.values():
            continue
        optimal = [
            cells
            for model in MODELS
            for e, _, cells in readings_of(category, printed, model).values()
            if e == 0
        ]
        differing = {c for c in optimal[0] if len({o[c] for o in optimal}) > 1}
        assert differing == {c for c, s in status.items() if s == "ambiguous"}
        frame = edition("staff_by_nationality_grade").filter(
            (pl.col("category") == category) & (pl.col("nationality_as_printed") == printed)
        )
        for grade, low, high in frame.select("grade", "count_low", "count_high").iter_rows():
            assert (low, high) == (min(o[grade] for o in optimal), max(o[grade] for o in optimal))


def test_every_unsettled_row_lists_its_readings() -> None:
    """A row with an ambiguous or adjudicated cell is in staff_ambiguous_readings, only such."""
    listed = set(
        edition("staff_ambiguous_readings")
        .select("category", "nationality_as_printed")
        .iter_rows()
    )
    marked = set()
    for name in ("staff_by_nationality_grade", "staff_by_nationality_sex"):
        frame = edition(name).filter(pl.col("cell_status").is_in(["ambiguous", "adjudicated"]))
        marked |= set(frame.select("category", "nationality_as_printed").iter_rows())
    assert listed == marked


def test_adjudicated_cells_name_their_override() -> None:
    """Portugal holds the Director General's post (E-1), decided by a reviewed override."""
    portugal = edition("staff_by_nationality_grade").filter(
        (pl.col("nationality_as_printed") == "Portugal") & (pl.col("grade") == "E-1")
    )
    assert portugal["count"].to_list() == [1]
    assert portugal["cell_status"].to_list() == ["adjudicated"]
    (derivation,) = portugal["derivation"].to_list()
    assert derivation.startswith("override ar2020-annex3-portugal-e1 (accepts ")
    assert "extra under fewest_edits" in derivation


def test_syrian_name_kept_as_printed() -> None:
    """The printed name is kept; the canonical name is the UN one; an erratum says so."""
    rows = edition("staff_by_nationality_grade").filter(
        pl.col("nationality_as_printed") == "Syrian Arabic Republic"
    )
    assert set(rows["nationality"]) == {"Syrian Arab Republic"}
    assert set(rows["iso3"]) == {"SYR"}
    assert set(rows["category"]) == {"general_service", "professional"}
    assert "ar2020-syrian-arab-republic-name" in errata_ids()


def test_annex1_table1_and_table4() -> None:
    """Professional staff by sex and staff by category, as printed and consistent."""
    by_sex = edition("professional_staff_by_sex")
    f2020 = by_sex.filter((pl.col("year") == 2020) & (pl.col("sex") == "F"))["count"]
    m2020 = by_sex.filter((pl.col("year") == 2020) & (pl.col("sex") == "M"))["count"]
    assert (f2020.to_list(), m2020.to_list()) == ([1066], [1119])
    category = edition("staff_by_category")
    by_year = {(y, c): n for y, c, n in category.select("year", "category", "count").iter_rows()}
    assert by_year[(2020, "professional")] == total_row("professional")["Total"] == 2185
    assert by_year[(2020, "general_service")] == total_row("general_service")["Total"] == 14069
    assert by_year[(1995, "professional")] + by_year[(1995, "general_service")] == 1656
    assert sorted({y for y, _ in by_year}) == [1995, 2005, 2016, 2017, 2018, 2019, 2020]


def test_annex1_table2_against_annex3() -> None:
    """Table 2's totals by band equal Annex III's, except P-2 and P-3 (an erratum)."""
    bands = edition("women_share_by_grade").filter(pl.col("measure") == "total")
    table2 = dict(bands.select("grade_band", "value").iter_rows())
    annex3 = total_row("professional")
    assert table2["UG"] == annex3["UG"]
    assert table2["D-1/D-2"] == annex3["D-1"] + annex3["D-2"]
    for grade in ("P-1", "P-4", "P-5"):
        assert table2[grade] == annex3[grade]
    assert (table2["P-2"], annex3["P-2"]) == (601, 600)
    assert (table2["P-3"], annex3["P-3"]) == (592, 591)
    assert "ar2020-annex1-table2-bands" in errata_ids()
    change = edition("women_share_by_grade").filter(pl.col("measure") == "women_percent_change")
    assert set(change["year"]) == {2020}
    assert set(change["base_year"]) == {2018}
    others = edition("women_share_by_grade").filter(pl.col("measure") != "women_percent_change")
    assert others["base_year"].null_count() == others.height


def test_annex1_table4_percentage_erratum() -> None:
    """2005's share of international Professional staff is printed 14%; it is 12%."""
    printed = edition("published_totals").filter(
        (pl.col("row_label") == "Percentage of international Professional")
        & (pl.col("column_label") == "2005")
    )["value"]
    assert printed.to_list() == [14]
    assert round(100 * 667 / 5397) == 12
    assert "ar2020-annex1-table4-percent-2005" in errata_ids()


def test_annex4_against_annex3() -> None:
    """Annex IV's 2020 counts against the nationalities with Professional staff."""
    annex4 = edition("nationalities_represented").filter(pl.col("year") == 2020)
    values = dict(annex4.select("measure", "value").iter_rows())
    totals = row_totals("professional")
    names = edition("staff_by_nationality_grade").filter(pl.col("category") == "professional")
    member = dict(names.select("nationality_as_printed", "member_state").unique().iter_rows())
    staffed = [n for n, t in totals.items() if t > 0]
    n_member = sum(1 for n in staffed if member[n])
    assert values["member_states"] == sum(1 for n in totals if member[n]) == 173
    assert (values["member_state_nationalities"], n_member) == (133, 132)
    assert values["non_member_state_nationalities"] == len(staffed) - n_member == 7
    assert "ar2020-annex4-nationalities-2020" in errata_ids()


def test_paragraph_184_erratum() -> None:
    """Paragraph 184's headcount transposes two digits of the staff total."""
    errata = iomdata.load("errata").filter(pl.col("id") == "ar2020-para184-headcount")
    assert errata.height == 1
    assert "16,524" in errata["published"][0]
    assert "16,254" in errata["established"][0]


def test_locators_and_sources() -> None:
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
        frame = edition(name)
        assert frame.height > 0
        assert set(frame["source"]) == {SOURCE}
        assert all(loc.startswith("Annex I") for loc in frame["locator"])
