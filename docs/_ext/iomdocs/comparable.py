"""The values the gallery compares across editions, chosen as the API's recipe chooses them.

Pure Polars (no Altair), so the tests can check that the gallery shows what a user of
the package computes: per comparable indicator and edition, the annual report's own
statement for the report year, leaving out the Foreword (it rounds) and the companion
texts (the Highlights repeat, and where they disagree with the report, ``errata``
records it) unless only the Highlights state the value. It is the recipe of the :func:`iomdata.key_figures` docstring. Where another
statement of the same year disagrees and an erratum records it, the value keeps a note
naming both.
"""

from __future__ import annotations

import re

import polars as pl

import iomdata
from iomdata._models import plain_number

__all__ = ["comparable_values", "report_values"]


def report_values(editions: tuple[int, ...]) -> pl.DataFrame:
    """Each comparable indicator's value per edition, as the report (else the Highlights) states it.

    Columns: ``indicator``, ``edition``, ``value``, ``unit``, ``qualifier``, ``id``.

    Raises
    ------
    ValueError
        The report states an indicator for its own year with two different values (the
        recipe would not know which to take).
    """
    reports = [f"ar{edition}" for edition in editions]
    companions = [f"{report}-highlights" for report in reports]
    in_report = pl.col("source") == pl.format("ar{}", pl.col("edition"))
    rows = iomdata.load("key_figures").filter(
        pl.col("indicator").is_not_null(),
        pl.col("source").is_in(reports + companions),
        pl.col("edition").is_in(list(editions)),
        pl.col("locator") != "Foreword",
        pl.col("period").str.ends_with(pl.col("edition").cast(pl.String)),
    )
    # The Highlights count only where the report itself does not state the indicator.
    rows = rows.filter(in_report | ~in_report.any().over("indicator", "edition"))
    clash = rows.group_by("indicator", "edition").agg(pl.col("value").n_unique().alias("n"))
    clash = clash.filter(pl.col("n") > 1)
    if clash.height:
        msg = f"the reports state these indicators with two values: {clash.rows()}"
        raise ValueError(msg)
    return (
        rows.sort("id")
        .group_by("indicator", "edition", maintain_order=True)
        .first()
        .select("indicator", "edition", "value", "unit", "qualifier", "id")
        .sort("indicator", "edition")
    )


def _erratum_notes(chosen: pl.DataFrame) -> dict[tuple[str, int], str]:
    """(indicator, edition) -> a note on a disagreeing statement that an erratum records."""
    figures = iomdata.load("key_figures")
    errata = iomdata.errata()
    notes: dict[tuple[str, int], str] = {}
    for indicator, edition, value in chosen.select("indicator", "edition", "value").iter_rows():
        others = figures.filter(
            pl.col("indicator") == indicator,
            pl.col("edition") == edition,
            pl.col("period").str.ends_with(str(edition)),
            pl.col("value") != value,
        )
        for other in others.iter_rows(named=True):
            number = plain_number(other["value"])
            recorded = [
                e
                for e in errata
                if e.source == other["source"]
                and e.locator == other["locator"]
                and re.search(rf"(?<![\d,.]){re.escape(number)}(?![\d,]|\.\d)", e.published)
            ]
            for erratum in recorded:
                notes[(indicator, edition)] = (
                    f"{other['source']} ({other['locator']}) gives {number} "
                    f"instead of {plain_number(value)}: erratum {erratum.id}"
                )
    return notes


def comparable_values(editions: tuple[int, int]) -> pl.DataFrame:
    """The report values of the indicators both editions state, with erratum notes.

    Rates of change are left out: an index of a change misleads. Columns: those of
    :func:`report_values` and ``note`` (empty unless an erratum records a disagreeing
    statement of the same year).
    """
    values = report_values(editions).filter(~pl.col("indicator").str.contains("_change$|_growth$"))
    both = values.group_by("indicator").len().filter(pl.col("len") == len(editions))
    chosen = values.join(both.select("indicator"), on="indicator", maintain_order="left")
    notes = _erratum_notes(chosen)
    return chosen.with_columns(
        pl.struct("indicator", "edition")
        .map_elements(
            lambda r: notes.get((r["indicator"], r["edition"]), ""), return_dtype=pl.String
        )
        .alias("note")
    ).sort("indicator", "edition")
