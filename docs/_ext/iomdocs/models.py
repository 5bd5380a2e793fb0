"""The error models of the recovery page: counts under each model and one unsettled row.

The counts come from the pipeline's search caches (``tools/cache/ar*_search.json``,
written by the build with the data), the readings of the walked-through row from the
bundled ``staff_ambiguous_readings`` dataset; nothing here is typed by hand.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import polars as pl

import iomdata
from iomdocs.markdown import escape, table

__all__ = ["MODELS", "counts", "models_fragment"]

MODELS: Final = ("fewest_edits", "row_ladder")
STATUSES: Final = ("printed", "realigned", "derived", "adjudicated", "ambiguous")
_EDITION_OF: Final = {"ar2018_search.json": 2018, "ar2020_search.json": 2020}


def counts(cache: Path) -> Iterator[tuple[int, str, str, dict[str, Any]]]:
    """(edition, table, model or ``shipped``, cells by status) from the search caches."""
    for name, edition in sorted(_EDITION_OF.items(), key=lambda item: item[1]):
        path = cache / name
        if not path.is_file():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for annex, entry in sorted(data.items()):
            for model in (*MODELS, "shipped"):
                yield edition, annex, model, entry["counts"][model]


def _counts_table(cache: Path) -> str:
    rows = []
    for edition, annex, model, by_status in counts(cache):
        label = "both (shipped)" if model == "shipped" else f"`{model}` alone"
        rows.append(
            (
                str(edition),
                escape(annex),
                label,
                *(f"{by_status[s]:,}" for s in STATUSES),
                f"{sum(by_status[s] for s in STATUSES):,}",
            )
        )
    return table(["Edition", "Table", "Model", *STATUSES, "all"], rows, align="lll" + "r" * 6)


def _space_table(cache: Path) -> str:
    """Per table: the whole space, what the relaxation left to search, what was listed."""
    rows = []
    for name, edition in sorted(_EDITION_OF.items(), key=lambda item: item[1]):
        path = cache / name
        if not path.is_file():
            continue
        for annex, entry in sorted(json.loads(path.read_text(encoding="utf-8")).items()):
            space = entry["counts"]["space"]
            rows.append(
                (
                    str(edition),
                    escape(annex),
                    f"{space['readings']:,}",
                    f"{entry['bound']:.2f}",
                    str(space["optimum"]),
                    str(space["floor"]),
                    str(space["threshold"]),
                    f"{space['searched']:,}",
                    f"{space['listed']:,}",
                    f"+{space['depth']}",
                )
            )
    return table(
        [
            "Edition",
            "Table",
            "Readings in all",
            "Relaxation",
            "Least cost",
            "Sum of rows' cheapest",
            "Threshold",
            "Readings searched",
            "Readings listed",
            "Listed up to",
        ],
        rows,
        align="ll" + "r" * 8,
    )


def _walk_through() -> str:
    """One row whose cells the optimal readings of ``fewest_edits`` leave open."""
    readings = iomdata.load("staff_ambiguous_readings")
    if readings.height == 0:
        return "No row is left open by the totals.\n"
    key = ["edition", "category", "nationality_as_printed"]
    optimal = (
        readings.filter(pl.col("model") == "fewest_edits", pl.col("extra_edits") == 0)
        .group_by(*key)
        .agg(pl.col("reading").n_unique().alias("optimal"))
        .filter(pl.col("optimal") > 1)
        .sort("edition", "category", "nationality_as_printed", descending=[True, False, False])
    )
    if optimal.height == 0:
        return "No row has two optimal readings under `fewest_edits`.\n"
    edition, category, printed = optimal.row(0)[:3]
    rows = readings.filter(
        pl.col("edition") == edition,
        pl.col("category") == category,
        pl.col("nationality_as_printed") == printed,
    )
    wide = rows.pivot(
        on="column", index=["model", "reading", "extra_edits", "shipped"], values="count"
    )
    cells = [c for c in wide.columns if c not in ("model", "reading", "extra_edits", "shipped")]
    differing = [c for c in cells if wide[c].n_unique() > 1]
    lines = []
    for r in wide.sort("model", "reading").iter_rows(named=True):
        lines.append(
            (
                f"`{r['model']}`",
                str(r["reading"]),
                f"+{r['extra_edits']}",
                "yes" if r["shipped"] else "",
                *(str(r[c]) for c in differing),
            )
        )
    grades = iomdata.load("staff_by_nationality_grade").filter(
        pl.col("edition") == edition,
        pl.col("category") == category,
        pl.col("nationality_as_printed") == printed,
        pl.col("grade").is_in(differing),
    )
    bounds = ", ".join(
        f"{g} {lo}\N{EN DASH}{hi}" if lo != hi else f"{g} {lo}"
        for g, lo, hi in grades.select("grade", "count_low", "count_high").iter_rows()
    )
    name = escape(printed)
    annex = "Annex II" if category == "general_service" else "Annex III"
    return (
        f"### An unsettled row: {name}, {edition} {annex}\n\n"
        f"Under `fewest_edits` the published totals admit "
        f"{optimal.row(0)[3]} optimal readings of {name}'s row. Every reading the "
        "search lists for it, under each model, with its extra cost (the cheapest reading "
        "of the whole table that contains it, minus the model's optimum) and the cells "
        "in which the readings differ:\n\n"
        + table(
            ["Model", "Reading", "Extra", "Shipped", *differing],
            lines,
            align="lrrl" + "r" * len(differing),
        )
        + f"\nThe shipped cells carry the bounds {bounds} (`count_low`\N{EN DASH}"
        "`count_high`): the values the optimal readings of both models take.\n"
        + _unlisted_shipped(wide)
    )


def _unlisted_shipped(wide: pl.DataFrame) -> str:
    """A sentence for each model that does not list the shipped reading (none: empty)."""
    missing = sorted(set(wide["model"]) - set(wide.filter(pl.col("shipped"))["model"].to_list()))
    return "".join(
        f"\nNo choice of `{model}`'s readings that meets every total contains the shipped "
        "reading, so that model's list leaves it out.\n"
        for model in missing
    )


def models_fragment(cache: Path) -> str:
    """Counts per edition, table, model and status; the search space; one unsettled row."""
    return (
        "Cells (grades, F and M) by status, per table and edition, under each model "
        "alone and as shipped (a cell is certain only where both agree):\n\n"
        + _counts_table(cache)
        + "\nThe search space of `fewest_edits`, per table: every reading of every row, "
        "the optimum of the linear relaxation over all of them, the least cost and, for "
        "comparison, the sum of each row's cheapest reading; the threshold (least cost "
        "with the overrides imposed, plus 2), the readings whose relaxation bound is "
        "within it (the only ones the search needs: no other is in a choice that cheap), "
        "and the readings the search lists (every optimal reading and, for the rows not "
        "settled, every reading up to the extra cost in the last column):\n\n"
        + _space_table(cache)
        + "\n"
        + _walk_through()
    )
