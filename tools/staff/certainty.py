"""Cell statuses and bounds from every model's optimal readings (see :mod:`model`).

A cell is certain only where the optimal choices of every model agree on it
(:func:`decide`); its bounds are the least and greatest value those choices give it.
A certain cell is ``printed`` when its own printed field holds the value
(:func:`as_printed`), ``derived`` when the text lost it, ``realigned`` otherwise; a
cell certain only once the reviewed overrides are imposed is ``adjudicated``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final, Literal

import attrs

from tools.staff import model as md
from tools.staff import optimum as op
from tools.staff import readings as rd
from tools.staff import statuses as st

__all__ = ["REALIGNED", "Decision", "ModelRun", "Status", "as_printed", "decide"]

Status = Literal["printed", "realigned", "derived", "adjudicated", "ambiguous"]
REALIGNED: Final = "realigned"


@attrs.frozen(kw_only=True)
class Decision:
    """The shipped reading of one row, the status and bounds of each of its cells.

    Attributes
    ----------
    row
        The printed row.
    reading
        The shipped reading (the canonical optimal choice of the first model).
    statuses
        Per column, the cell status.
    derivations
        Per column: the equation (derived), the field it moved from and why
        (realigned), the override (adjudicated); else None.
    low, high
        Per column, the least and greatest value over the optimal choices of every
        model (with the overrides imposed).
    """

    row: rd.RawRow
    reading: rd.Reading
    statuses: tuple[Status, ...]
    derivations: tuple[str | None, ...]
    low: tuple[int, ...]
    high: tuple[int, ...]

    @property
    def settled(self) -> bool:
        """Whether the published totals alone fix every cell (no override, no doubt)."""
        return not any(s in ("ambiguous", "adjudicated") for s in self.statuses)


def as_printed(row: rd.RawRow, column: int, value: int) -> bool:
    """Whether the row's own field for ``column`` prints ``value`` (empty = 0).

    Examples
    --------
    >>> row = rd.RawRow(label="x", fields=("", "1 411", "3 7"), line=1)
    >>> [as_printed(row, 0, 0), as_printed(row, 1, 1411), as_printed(row, 2, 3)]
    [True, True, False]
    """
    text = row.fields[column].strip() if column < len(row.fields) else ""
    if not text:
        return value == 0
    try:
        return rd.parse_count(text) == value
    except ValueError:
        return False


def _field_name(layout: rd.Layout, field: int) -> str:
    columns = layout.columns
    return f"the {columns[field]} field" if field < len(columns) else "a field after M"


def _moved_from(row: rd.RawRow, layout: rd.Layout, column: int, value: int) -> str:
    """Where the number of a realigned cell is printed (or what its own field prints)."""
    if value == 0:
        text = row.fields[column].strip()
        return f"{_field_name(layout, column)} prints {text}, which is read in another column"
    fields = [t.field for t in rd.tokenize(row.fields)[0] if t.value == value]
    if not fields:
        return f"{value} is read from a field that prints it run together with another number"
    source = min(fields, key=lambda f: (abs(f - column), f))
    return f"{value} is printed in {_field_name(layout, source)}"


@attrs.frozen(kw_only=True)
class ModelRun:
    """One model's table and what the search found in it."""

    name: str
    table: md.Table
    outcome: op.Outcome


def decide(
    runs: Sequence[ModelRun],
    overrides: Mapping[int, tuple[str, str]] | None = None,
) -> list[Decision]:
    """The status and bounds of every cell (see the module docstring and SPEC).

    ``runs`` are the models, the first one shipped. ``overrides`` maps a row to (the id
    of the override that decided it, the extra cost it accepts in words).

    * ``ambiguous``: the optimal choices of the models (overrides imposed) disagree;
    * ``adjudicated``: they agree only because of the overrides;
    * ``derived``: a value the text lost (or printed twice), fixed by an equation;
    * ``printed``: the value its own printed field holds;
    * ``realigned``: the same value everywhere, but not where the text prints it.
    """
    overrides = dict(overrides or {})
    first = runs[0]
    layout = first.table.layout
    ids = ", ".join(sorted(i for i, _ in overrides.values()))
    out = []
    for r, row in enumerate(first.table.rows):
        shipped = first.table.candidates[r][first.outcome.chosen[r]].reading
        imposed = {run.table.key(r, k) for run in runs for k in run.outcome.optimal[r]}
        free = {run.table.key(r, k) for run in runs for k in run.outcome.free_optimal[r]}
        statuses: list[Status] = []
        derivations: list[str | None] = []
        for i, column in enumerate(layout.columns):
            value = shipped.values[i]
            if len({v[i] for v in imposed}) > 1:
                statuses.append("ambiguous")
                derivations.append(None)
            elif {v[i] for v in free} != {value}:
                statuses.append("adjudicated")
                own = overrides.get(r)
                derivations.append(
                    f"override {own[0]} ({own[1]})"
                    if own is not None
                    else f"the column totals fix it once override {ids} is applied"
                )
            elif shipped.origins[i] == "lost":
                statuses.append("derived")
                derivations.append(st._derivation(layout, column, shipped))
            elif column in layout.grades and value and value in shipped.discarded:
                statuses.append("derived")
                derivations.append(
                    f"{column} = {value}: the row prints {value} once more than its Total "
                    "allows; the column totals place the one copy here"
                )
            elif as_printed(row, i, value):
                statuses.append("printed")
                derivations.append(None)
            else:
                statuses.append("realigned")
                derivations.append(_realigned(first, r, i, value))
        out.append(
            Decision(
                row=row,
                reading=shipped,
                statuses=tuple(statuses),
                derivations=tuple(derivations),
                low=tuple(min(v[i] for v in imposed) for i in range(len(layout.columns))),
                high=tuple(max(v[i] for v in imposed) for i in range(len(layout.columns))),
            )
        )
    return out


def _realigned(run: ModelRun, r: int, i: int, value: int) -> str:
    """Where a realigned cell's number is printed and the equation that moves it."""
    table = run.table
    row = table.rows[r]
    where = _moved_from(row, table.layout, i, value)
    if not any(as_printed(row, i, c.reading.values[i]) for c in table.candidates[r]):
        why = "the row's own equations (grade cells sum to the Total, F + M = Total) rule out"
    elif run.outcome.bases[r]:
        why = "the row's page prints its rows one field off, corrected once for the page; "
        why += "with the column totals this rules out"
    else:
        why = f"the column totals of {table.layout.table} rule out, in every optimal reading,"
    return f"{where}; {why} the number its own field prints"
