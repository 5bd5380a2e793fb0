"""Dataset rows of Annexes II and III, the same for every edition.

:func:`table_rows` turns a :class:`~tools.staff.statuses.RecoveredTable` into the rows
of ``staff_by_nationality_grade``, ``staff_by_nationality_sex``,
``staff_ambiguous_readings`` and ``published_totals``; :func:`published_total_rows`
also serves the Annex I tables (:mod:`tools.staff.annexes`).
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from tools.staff import tables
from tools.staff.readings import SEXES, TOTAL, Layout
from tools.staff.statuses import PRINTED, CellStatus, RecoveredTable, Resolution

__all__ = [
    "Row",
    "ambiguous_reading_rows",
    "canonical_names",
    "nationality_rows",
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
    table: RecoveredTable, *, edition: int, source: str, model: tables.Recovered | None = None
) -> dict[str, list[Row]]:
    """Cells of Annex II or III, their published totals and any ambiguous readings.

    Each row is stamped with its own locator; the row Totals go to ``published_totals``
    with their status, followed by the printed Total row. With ``model`` (the error
    models' recovery of the table, :mod:`tools.staff.tables`), the cells carry their
    bounds and the readings are listed per model.
    """
    layout = table.layout
    out: dict[str, list[Row]] = {
        "staff_by_nationality_grade": [],
        "staff_by_nationality_sex": [],
        "staff_ambiguous_readings": [],
        "published_totals": [],
    }
    if model is not None:
        locators = table.locators
        out |= tables.table_rows(model, edition=edition, source=source, locators=locators)
        # This dataset has a nationality column but no iso3 column, so the build's name
        # lookup (which fills both) cannot run on it; the canonical name is taken here
        # from the same reviewed country table.
        out["staff_ambiguous_readings"] = tables.reading_rows(
            model,
            edition=edition,
            source=source,
            locators=locators,
            nationality=canonical_names(),
        )
    at_total = layout.index(TOTAL)
    for resolution, where in zip(table.resolutions, table.locators, strict=True):
        if model is None:
            for name, rows in nationality_rows(
                [resolution], layout, edition=edition, source=source, locator=where
            ).items():
                out[name].extend(rows)
            out["staff_ambiguous_readings"] += [
                {**row, "nationality": canonical_names()[str(row["nationality_as_printed"])]}
                for row in ambiguous_reading_rows(
                    [resolution], layout, edition=edition, source=source, locator=where
                )
            ]
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
    resolutions: Sequence[Resolution],
    layout: Layout,
    *,
    edition: int,
    source: str,
    locator: str,
) -> dict[str, list[Row]]:
    """Rows of ``staff_by_nationality_grade`` and ``staff_by_nationality_sex``.

    ``nationality`` and ``iso3`` are left to the build (see ``tools/README.md``).
    """
    grade_rows: list[Row] = []
    sex_rows: list[Row] = []
    for res in resolutions:
        base: Row = {
            "edition": edition,
            "category": layout.category,
            "member_state": res.row.member_state,
            "nationality_as_printed": res.row.label,
        }
        for i, column in enumerate(layout.columns):
            if column == TOTAL:
                continue
            cell: Row = {
                **base,
                "count": res.reading.values[i],
                "cell_status": res.statuses[i],
                "derivation": res.derivations[i],
                "source": source,
                "locator": locator,
            }
            if column in SEXES:
                sex_rows.append({**cell, "sex": column})
            else:
                grade_rows.append({**cell, "grade": column})
    return {"staff_by_nationality_grade": grade_rows, "staff_by_nationality_sex": sex_rows}


def ambiguous_reading_rows(
    resolutions: Sequence[Resolution],
    layout: Layout,
    *,
    edition: int,
    source: str,
    locator: str,
) -> list[Row]:
    """Rows of ``staff_ambiguous_readings`` for every ambiguous row.

    Every admissible reading, one row per (reading, grade); reading 1 is the shipped one.
    When the readings of a row also differ in its split by sex, its ``F`` and ``M``
    cells are listed too (in the ``grade`` column), so that every reading is complete.
    """
    out: list[Row] = []
    for res in resolutions:
        if not res.alternatives:
            continue
        ordered = [res.reading, *(a for a in res.alternatives if a != res.reading)]
        sexes = {a.cells(layout)[s] for a in ordered for s in SEXES[:1]}
        cells = (*layout.grades, *(SEXES if len(sexes) > 1 else ()))
        for number, reading in enumerate(ordered, 1):
            for grade in cells:
                i = layout.index(grade)
                out.append(
                    {
                        "edition": edition,
                        "category": layout.category,
                        "nationality_as_printed": res.row.label,
                        "reading": number,
                        "shipped": number == 1,
                        "grade": grade,
                        "count": reading.values[i],
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
