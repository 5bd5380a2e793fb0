"""Dataset rows of Annexes II and III, the same for every edition.

:func:`table_rows` turns a :class:`~tools.staff.statuses.RecoveredTable` into the rows
of ``staff_by_nationality_grade``, ``staff_by_nationality_sex``,
``staff_ambiguous_readings`` and ``published_totals``; :func:`published_total_rows`
also serves the Annex I tables (:mod:`tools.staff.annexes`).
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from tools.staff import tables
from tools.staff.readings import SEXES, TOTAL
from tools.staff.statuses import PRINTED, CellStatus, RecoveredTable

__all__ = [
    "Row",
    "canonical_names",
    "published_total_rows",
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


def table_rows(
    table: RecoveredTable, *, edition: int, source: str, model: tables.Recovered
) -> dict[str, list[Row]]:
    """Cells of Annex II or III, their published totals and the open rows' readings.

    Each row is stamped with its own locator; the row Totals go to ``published_totals``
    with their status, followed by the printed Total row. ``model`` is the error models'
    recovery of the table (:mod:`tools.staff.tables`): the cells carry their bounds and
    the readings are listed per model.
    """
    layout = table.layout
    locators = table.locators
    out: dict[str, list[Row]] = {
        **tables.table_rows(model, edition=edition, source=source, locators=locators),
        # This dataset has a nationality column but no iso3 column, so the build's name
        # lookup (which fills both) cannot run on it; the canonical name is taken here
        # from the same reviewed country table.
        "staff_ambiguous_readings": tables.reading_rows(
            model,
            edition=edition,
            source=source,
            locators=locators,
            nationality=canonical_names(),
        ),
        "published_totals": [],
    }
    at_total = layout.index(TOTAL)
    for resolution, where in zip(table.resolutions, locators, strict=True):
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
