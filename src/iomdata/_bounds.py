"""Proofs that every recovered cell's status and bounds tell the truth.

Each cell of Annexes II and III carries ``count``, ``count_low``, ``count_high`` and a
``cell_status``; the rows whose cells are not all certain list their readings in
``staff_ambiguous_readings``. These proofs check, per table, that the three agree:

* bounds: ``count_low <= count <= count_high``; a certain cell (``printed``,
  ``realigned``, ``derived``) has ``count_low == count == count_high``; an
  ``ambiguous`` cell has ``count_low < count_high``;
* readings: the rows listed in ``staff_ambiguous_readings`` are exactly the rows with
  a cell that is not certain; each listed reading meets its row's equations (grade
  cells and F + M both sum to the printed row Total); the reading marked ``shipped``
  holds the shipped counts; each cell's bounds are the smallest and largest value it
  takes over the optimal readings (``extra_edits == 0``) and the shipped one; an
  ``ambiguous`` cell takes more than one value over the optimal readings.

Rows are plain dicts (see :mod:`iomdata._verify`); no Polars here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from iomdata._proofs import Proof

__all__ = ["CERTAIN", "bounds_proofs"]

Row = dict[str, Any]
#: Statuses of a cell whose value every optimal reading of every error model agrees on.
CERTAIN: Final = frozenset({"printed", "realigned", "derived"})
_ANNEX: Final = {"general_service": "Annex II", "professional": "Annex III"}
_PARTS: Final = (("staff_by_nationality_grade", "grade"), ("staff_by_nationality_sex", "sex"))
# How many offending cells a failed proof names (the rest are counted).
_SHOWN: Final = 3

# (edition, annex, printed label)
RowKey = tuple[int, str, str]


def _row_key(row: Row) -> RowKey:
    return (row["edition"], _ANNEX[row["category"]], row["nationality_as_printed"])


def _proof(kind: str, annex: str, ok: str, problems: list[str], source: str) -> Proof:
    key, subject = f"{source}|{annex}|{kind}", f"{source} {annex}"
    if not problems:
        return Proof(
            kind=kind, key=key, subject=subject, detail=ok, sources=(source,), status="passed"
        )
    shown = "; ".join(problems[:_SHOWN])
    more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
    return Proof(
        kind=kind,
        key=key,
        subject=subject,
        detail=shown + more,
        sources=(source,),
        status="failed",
    )


def _cell_problems(row: Row, column: str) -> Iterator[str]:
    low, count, high, status = (
        row["count_low"],
        row["count"],
        row["count_high"],
        row["cell_status"],
    )
    where = f"{row['nationality_as_printed']} {column}"
    if low is None or high is None:
        yield f"{where}: no bounds"
        return
    if not low <= count <= high:
        yield f"{where}: {count} outside {low}..{high}"
    if status in CERTAIN and low != high:
        yield f"{where}: {status} but bounds {low}..{high}"
    if status == "ambiguous" and low == high:
        yield f"{where}: ambiguous but bounds {low}..{high}"


def bounds_proofs(rows: Mapping[str, list[Row]]) -> Iterator[Proof]:
    """One ``bounds`` and one ``readings`` proof per edition and annex."""
    cells: dict[tuple[int, str], list[tuple[Row, str]]] = defaultdict(list)
    for dataset, part in _PARTS:
        for row in rows.get(dataset, []):
            edition, annex, _ = _row_key(row)
            cells[edition, annex].append((row, row[part]))
    readings: dict[tuple[int, str], list[Row]] = defaultdict(list)
    for row in rows.get("staff_ambiguous_readings", []):
        edition, annex, _ = _row_key(row)
        readings[edition, annex].append(row)
    totals = _row_totals(rows.get("published_totals", []))
    for key in sorted(cells):
        table = cells[key]
        source = table[0][0]["source"]
        problems = [p for row, column in table for p in _cell_problems(row, column)]
        certain = sum(row["cell_status"] in CERTAIN for row, _ in table)
        yield _proof(
            "bounds",
            key[1],
            f"{len(table)} cells within their bounds; {certain} certain cells exact",
            problems,
            source,
        )
        listed = readings.get(key, [])
        yield _proof(
            "readings",
            key[1],
            f"{len({_row_key(r) for r in listed})} open rows agree with their listed readings",
            list(_reading_problems(table, listed, totals)),
            source,
        )


def _row_totals(published: Iterable[Row]) -> dict[RowKey, int]:
    """Printed row Totals of Annexes II and III by row."""
    return {
        (row["edition"], row["locator"].split(", ")[0], row["row_label"]): row["value"]
        for row in published
        if row["dataset"] == "staff_by_nationality_grade"
        and row["column_label"] == "Total"
        and row["row_label"] != "Total"
    }


def _reading_problems(
    table: list[tuple[Row, str]], listed: list[Row], totals: Mapping[RowKey, int]
) -> Iterator[str]:
    shipped_cells: dict[RowKey, dict[str, Row]] = defaultdict(dict)
    for row, column in table:
        shipped_cells[_row_key(row)][column] = row
    open_rows = {
        key
        for key, by_column in shipped_cells.items()
        if any(r["cell_status"] not in CERTAIN for r in by_column.values())
    }
    # (row, model, reading) -> column -> value
    by_reading: dict[tuple[RowKey, str, int], dict[str, int]] = defaultdict(dict)
    extra: dict[tuple[RowKey, str, int], int] = {}
    shipped: set[tuple[RowKey, str, int]] = set()
    for r in listed:
        ident = (_row_key(r), r["model"], r["reading"])
        by_reading[ident][r["column"]] = r["count"]
        extra[ident] = r["extra_edits"]
        if r["shipped"]:
            shipped.add(ident)
    listed_rows = {ident[0] for ident in by_reading}
    for key in sorted(open_rows - listed_rows):
        yield f"{key[2]}: has open cells but no listed reading"
    for key in sorted(listed_rows - open_rows):
        yield f"{key[2]}: listed but every cell is certain"
    for ident, values in sorted(by_reading.items()):
        key, model, number = ident
        total = totals.get(key)
        grades = sum(v for c, v in values.items() if c not in ("F", "M"))
        sexes = values.get("F", 0) + values.get("M", 0)
        if total is None or not grades == sexes == total:
            yield f"{key[2]} {model} reading {number}: grades {grades}, F + M {sexes}, Total {total}"
        if ident in shipped:
            for column, value in values.items():
                cell = shipped_cells.get(key, {}).get(column)
                if cell is None or cell["count"] != value:
                    yield f"{key[2]} {model} reading {number}: {column} = {value} is not shipped"
    # Each row's optimal readings, gathered once (a scan of every reading per row was a
    # tenth of verify's proofs).
    optimal_of: dict[RowKey, list[dict[str, int]]] = defaultdict(list)
    for ident, values in by_reading.items():
        if extra[ident] == 0:
            optimal_of[ident[0]].append(values)
    for key in sorted(open_rows & listed_rows):
        optimal = optimal_of.get(key, [])
        for column, cell in shipped_cells[key].items():
            seen = [v[column] for v in optimal if column in v]
            span = [*seen, cell["count"]]
            if (cell["count_low"], cell["count_high"]) != (min(span), max(span)):
                yield (
                    f"{key[2]} {column}: bounds {cell['count_low']}..{cell['count_high']}, "
                    f"optimal readings span {min(span)}..{max(span)}"
                )
            if cell["cell_status"] == "ambiguous" and len(set(seen)) < 2:
                yield f"{key[2]} {column}: ambiguous but the optimal readings agree"
