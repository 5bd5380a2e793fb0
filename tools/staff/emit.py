"""Dataset rows of Annexes II and III, the same for every edition.

:func:`table_rows` turns a :class:`~tools.staff.statuses.RecoveredTable` into the rows
of ``staff_by_nationality_grade``, ``staff_by_nationality_sex``,
``staff_ambiguous_readings`` (every error model's readings of the rows the totals
leave open) and ``published_totals``; :func:`published_total_rows`
also serves the Annex I tables (:mod:`tools.staff.annexes`).
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from tools.staff import model as md
from tools.staff.readings import SEXES, TOTAL, ProofError
from tools.staff.statuses import PRINTED, CellStatus, RecoveredTable
from tools.staff.tables import Recovered

__all__ = [
    "Row",
    "canonical_names",
    "nationality_rows",
    "published_total_rows",
    "reading_rows",
    "table_rows",
]

#: The reviewed table of printed country names (the build reads it too).
COUNTRY_NAMES: Final = Path(__file__).resolve().parent.parent / "reference" / "country_names.csv"

Row = dict[str, object]


@functools.cache
def canonical_names() -> dict[str, str]:
    """Printed name -> canonical nationality, from the reviewed country table."""
    with COUNTRY_NAMES.open(encoding="utf-8", newline="") as handle:
        return {row["name_as_printed"]: row["nationality"] for row in csv.DictReader(handle)}


def table_rows(table: RecoveredTable, *, edition: int, source: str) -> dict[str, list[Row]]:
    """Cells of Annex II or III, their published totals and the open rows' readings.

    Each row is stamped with its own locator; the row Totals go to ``published_totals``
    with their status, followed by the printed Total row. The cells and readings come
    from the table's error models (``table.model``, :mod:`tools.staff.tables`).
    """
    layout = table.layout
    if table.model is None:
        msg = f"{layout.table}: no error-model search to emit rows from"
        raise ValueError(msg)
    out: dict[str, list[Row]] = {
        **nationality_rows(table.model, edition=edition, source=source, locators=table.locators),
        "staff_ambiguous_readings": reading_rows(
            table.model,
            edition=edition,
            source=source,
            locators=table.locators,
            nationality=canonical_names(),
        ),
        "published_totals": [],
    }
    at_total = layout.index(TOTAL)
    for resolution, where in zip(table.resolutions, table.locators, strict=True):
        cell = (resolution.row.label, TOTAL)
        out["published_totals"] += published_total_rows(
            {cell: resolution.reading.values[at_total]},
            dataset="staff_by_nationality_grade",
            edition=edition,
            source=source,
            locator=where,
            status={cell: (resolution.statuses[at_total], resolution.derivations[at_total])},
        )
    for dataset, columns in (
        ("staff_by_nationality_grade", (*layout.grades, TOTAL)),
        ("staff_by_nationality_sex", SEXES),
    ):
        out["published_totals"] += published_total_rows(
            {(TOTAL, column): table.total(column) for column in columns},
            dataset=dataset,
            edition=edition,
            source=source,
            locator=table.total_locator,
        )
    return out


def nationality_rows(
    rec: Recovered, *, edition: int, source: str, locators: Sequence[str]
) -> dict[str, list[Row]]:
    """Rows of ``staff_by_nationality_grade`` and ``staff_by_nationality_sex``.

    ``locators`` gives each row's locator. ``nationality`` and ``iso3`` are left to
    the build (see ``tools/README.md``).
    """
    layout = rec.layout
    out: dict[str, list[Row]] = {"staff_by_nationality_grade": [], "staff_by_nationality_sex": []}
    for d, locator in zip(rec.decisions, locators, strict=True):
        base: Row = {
            "edition": edition,
            "category": layout.category,
            "member_state": d.row.member_state,
            "nationality_as_printed": d.row.label,
        }
        for i, column in enumerate(layout.columns):
            if column == TOTAL:
                continue
            cell: Row = {
                **base,
                "count": d.reading.values[i],
                "count_low": d.low[i],
                "count_high": d.high[i],
                "cell_status": d.statuses[i],
                "derivation": d.derivations[i],
                "source": source,
                "locator": locator,
            }
            if column in SEXES:
                out["staff_by_nationality_sex"].append({**cell, "sex": column})
            else:
                out["staff_by_nationality_grade"].append({**cell, "grade": column})
    return out


def reading_rows(
    rec: Recovered,
    *,
    edition: int,
    source: str,
    locators: Sequence[str],
    nationality: Mapping[str, str],
) -> list[Row]:
    """Rows of ``staff_ambiguous_readings``: every row not settled by the totals alone.

    For each model, every reading within :data:`model.MAX_EXTRA` of its optimum (and the
    shipped reading, whatever it costs), numbered from 1 within (row, model): cheapest
    first, the shipped reading first among equals. One row per grade, F and M cell.
    """
    layout = rec.layout
    cells = (*layout.grades, *SEXES)
    out: list[Row] = []
    for r, (d, locator) in enumerate(zip(rec.decisions, locators, strict=True)):
        if d.settled:
            continue
        for run in rec.runs:
            extra = dict(run.outcome.extra[r])
            table = run.table
            try:
                mine = table.index(r, d.reading.values)
            except ProofError:
                mine = None
            if mine is not None and mine not in extra:
                extra[mine] = md.extra_cost(table, run.outcome, r, mine)
            ordered = sorted(
                extra.items(), key=lambda ke: (ke[1], ke[0] != mine, table.key(r, ke[0]))
            )
            for number, (k, e) in enumerate(ordered, 1):
                values = table.key(r, k)
                for column in cells:
                    out.append(
                        {
                            "edition": edition,
                            "category": layout.category,
                            "nationality": nationality[d.row.label],
                            "nationality_as_printed": d.row.label,
                            "model": run.name,
                            "reading": number,
                            "shipped": k == mine,
                            "extra_edits": e,
                            "column": column,
                            "count": values[layout.index(column)],
                            "source": source,
                            "locator": locator,
                        }
                    )
    return out


def published_total_rows(
    values: Mapping[tuple[str, str], int],
    *,
    dataset: str,
    edition: int,
    source: str,
    locator: str,
    unit: str = "persons",
    status: Mapping[tuple[str, str], tuple[CellStatus, str | None]] | None = None,
) -> list[Row]:
    """Rows of ``published_totals`` from (row_label, column_label) -> value."""
    status = status or {}
    out: list[Row] = []
    for (row_label, column_label), value in values.items():
        cell_status, derivation = status.get((row_label, column_label), (PRINTED, None))
        out.append(
            {
                "edition": edition,
                "dataset": dataset,
                "row_label": row_label,
                "column_label": column_label,
                "value": value,
                "unit": unit,
                "cell_status": cell_status,
                "derivation": derivation,
                "source": source,
                "locator": locator,
            }
        )
    return out
