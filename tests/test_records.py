"""The record path: typed records are read without Polars and equal the frames' rows."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import attrs
import polars as pl
import pytest
from conftest import rewrite_resource

import iomdata
from iomdata._errors import DataIntegrityError
from iomdata._resources import default_store

NO_POLARS = textwrap.dedent(
    """
    import sys
    import iomdata

    figures = iomdata.key_figures(2020)
    figure = figures.get(figures.ids()[0])
    staff = iomdata.staff(2020)
    summaries = (staff.total_staff, staff.professional_staff, staff.general_service_staff,
                 staff.women_percent_professional, staff.nationalities_represented_count)
    others = (iomdata.key_figures(), iomdata.staff(2018), iomdata.sources(), iomdata.errata(),
              iomdata.sdg_survey(), iomdata.editions(), iomdata.datasets())
    print(figure.value, summaries, "polars" in sys.modules)
    """
)


def test_records_never_import_polars() -> None:
    """Key figures, staff summaries, sources, errata and the SDG survey need no Polars."""
    done = subprocess.run(
        [sys.executable, "-c", NO_POLARS], capture_output=True, text=True, check=True
    )
    *_, imported = done.stdout.split()
    assert done.stderr == ""
    assert imported == "False"
    assert "(16254, 2185, 14069, 49, 140)" in done.stdout


@pytest.mark.parametrize("name", iomdata.datasets())
def test_rows_equal_frame_rows(name: str) -> None:
    """The csv-read rows of every dataset equal its Polars frame's rows, types included."""
    store = default_store()
    rows = store.rows(name)
    frame_rows = store.frame(name).to_dicts()
    assert list(rows) == frame_rows
    assert [tuple(map(type, row.values())) for row in rows] == [
        tuple(map(type, row.values())) for row in frame_rows
    ]


def test_key_figure_records_equal_frame_rows() -> None:
    """Each KeyFigure record holds exactly its key_figures row."""
    frame = iomdata.load("key_figures")
    records = iomdata.key_figures()
    assert [attrs.asdict(record) for record in records] == [
        {field: row[field] for field in attrs.fields_dict(type(records[0]))}
        for row in frame.iter_rows(named=True)
    ]


@pytest.mark.parametrize("name", ["sources", "errata"])
def test_source_and_erratum_records_equal_frame_rows(name: str) -> None:
    """Each Source and Erratum record holds exactly its row."""
    records = iomdata.sources() if name == "sources" else iomdata.errata()
    assert [attrs.asdict(record) for record in records] == iomdata.load(name).to_dicts()


@pytest.mark.parametrize("edition", iomdata.editions())
def test_staff_summaries_equal_the_tables(edition: int) -> None:
    """staff(e)'s summaries equal the figures the frames publish for the edition year."""
    staff = iomdata.staff(edition)
    by_category = iomdata.load("staff_by_category").filter(
        pl.col("edition") == edition, pl.col("year") == edition
    )
    totals = iomdata.load("published_totals").filter(
        pl.col("edition") == edition, pl.col("column_label") == str(edition)
    )

    def total(dataset: str, label: str) -> int:
        chosen = totals.filter(pl.col("dataset") == dataset, pl.col("row_label") == label)
        return int(chosen.get_column("value").item())

    def category(name: str) -> int:
        chosen = by_category.filter(pl.col("category") == name)
        return int(chosen.get_column("count").item())

    represented = iomdata.load("nationalities_represented").filter(
        pl.col("edition") == edition,
        pl.col("year") == edition,
        pl.col("measure") == "total_nationalities",
    )
    assert (
        staff.total_staff,
        staff.professional_staff,
        staff.general_service_staff,
        staff.women_percent_professional,
        staff.nationalities_represented_count,
    ) == (
        total("staff_by_category", "Total"),
        category("professional"),
        category("general_service"),
        total("professional_staff_by_sex", "Percentage of women"),
        int(represented.get_column("value").item()),
    )


def test_rows_are_the_callers_own() -> None:
    """Changing a returned row does not change what the next caller reads."""
    store = default_store()
    first = store.rows("sources")
    first[0]["id"] = "changed"
    assert store.rows("sources")[0]["id"] != "changed"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (b"\n2020,total_staff,16254,", b"\n2020,total_staff,16_254,", "not an integer: '16_254'"),
        (b"\n2020,total_staff,16254,", b"\n2020,total_staff,,", "not an integer: ''"),
        (b"\n2020,total_staff,16254,", b"\n2020,total_staff,16254,7,", "line 7: 6 fields"),
    ],
)
def test_damaged_rows_are_refused(data_copy: Path, old: bytes, new: bytes, message: str) -> None:
    """A resource whose hash matches but whose fields do not fit its schema is refused."""
    store = rewrite_resource(data_copy, "staff_summaries", old, new)
    with pytest.raises(DataIntegrityError, match=r"staff_summaries\.csv") as caught:
        store.rows("staff_summaries")
    assert message in str(caught.value)


def test_row_count_is_checked(data_copy: Path) -> None:
    """A resource with a row the manifest does not count is refused."""
    store = rewrite_resource(
        data_copy,
        "staff_summaries",
        b"\n2020,total_staff,",
        b"\n2020,extra,1,ar2020,x\n2020,total_staff,",
    )
    with pytest.raises(DataIntegrityError, match="has 11 rows, the manifest records 10"):
        store.rows("staff_summaries")
