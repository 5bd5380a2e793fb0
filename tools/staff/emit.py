"""Dataset rows of the staff annexes, the same for every edition."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tools.staff.readings import SEXES, TOTAL, Layout
from tools.staff.statuses import PRINTED, CellStatus, Resolution

__all__ = ["Row", "ambiguous_reading_rows", "nationality_rows", "published_total_rows"]

Row = dict[str, object]


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
