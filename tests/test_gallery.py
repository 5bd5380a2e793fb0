"""The gallery shows what the API gives: its compared values are the docstring recipe's."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import iomdata

EXT = Path(__file__).resolve().parent.parent / "docs" / "_ext"


def _module(name: str) -> Any:
    if not EXT.is_dir():
        pytest.skip("docs/ is not beside the tests")
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(EXT))
        return importlib.import_module(name)


def _recipe() -> pl.DataFrame:
    """The comparison of editions exactly as the key_figures() docstring computes it."""
    in_report = pl.col("source") == pl.format("ar{}", pl.col("edition"))
    comparable = iomdata.load("key_figures").filter(
        pl.col("indicator").is_not_null(),
        pl.col("source").str.starts_with("ar20"),
        pl.col("locator") != "Foreword",
        pl.col("period").str.ends_with(pl.col("edition").cast(pl.String)),
    )
    comparable = comparable.filter(in_report | ~in_report.any().over("indicator", "edition"))
    return (
        comparable.unique(["indicator", "edition", "value"])
        .pivot(on="edition", index="indicator", values="value", sort_columns=True)
        .sort("indicator")
    )


def test_gallery_values_equal_the_api_recipe() -> None:
    """Every value the key-figures chart compares is the recipe's value for it."""
    values = _module("iomdocs.comparable").comparable_values((2018, 2020))
    recipe = {row[0]: {2018: row[1], 2020: row[2]} for row in _recipe().rows()}
    assert values.height > 50
    for indicator, edition, value in values.select("indicator", "edition", "value").rows():
        assert recipe[indicator][edition] == value, (indicator, edition)


def test_gallery_uses_the_reports_values_and_notes_the_errata() -> None:
    """2020 AVR and reintegration offices: the report's 42,000 and 120, erratum noted."""
    values = _module("iomdocs.comparable").comparable_values((2018, 2020))
    rows = {
        (r["indicator"], r["edition"]): r
        for r in values.filter(pl.col("edition") == 2020).iter_rows(named=True)
    }
    avr, offices = rows[("avr_migrants", 2020)], rows[("reintegration_offices", 2020)]
    assert (avr["value"], avr["id"]) == (42000.0, "ar2020-p81-avr-migrants")
    assert (offices["value"], offices["id"]) == (120.0, "ar2020-p62-reintegration-offices")
    assert avr["note"].endswith(
        "gives 37,000 instead of 42,000: erratum ar2020-highlights-avr-migrants"
    )
    assert (
        "gives 119 instead of 120: erratum ar2020-highlights-reintegration-offices"
        in (offices["note"])
    )
    errata = {erratum.id for erratum in iomdata.errata()}
    for note in values.filter(pl.col("note") != "").get_column("note"):
        assert note.rsplit("erratum ", 1)[1] in errata


def test_the_key_figures_chart_plots_those_values() -> None:
    """The chart's table is comparable_values() (needs the docs' Altair, else skips)."""
    pytest.importorskip("altair")
    charts = _module("iomdocs.charts")
    figure = charts.comparable_key_figures((2018, 2020))
    expected = _module("iomdocs.comparable").comparable_values((2018, 2020))
    assert figure.data.equals(expected.sort("indicator", "edition"))
    assert "ar2020-highlights-avr-migrants" in figure.caption
