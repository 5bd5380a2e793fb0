"""Cell statuses, reviewed overrides and the recovered table every edition shares.

The statuses (``printed``, ``realigned``, ``derived``, ``adjudicated``, ``ambiguous``)
are given by :mod:`tools.staff.certainty`; reviewed decisions are :class:`Override`
(read by :func:`read_overrides`). :class:`RecoveredTable` is a table of any edition with
every cell decided, what the emitters (:mod:`tools.staff.emit`) and the proofs
(:mod:`tools.staff.proofs`) take.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Final, Literal

import attrs

from tools.staff.readings import SEXES, TOTAL, Layout, Problem, RawRow, Reading

__all__ = [
    "ADJUDICATED",
    "AMBIGUOUS",
    "DERIVED",
    "PRINTED",
    "CellStatus",
    "Override",
    "RecoveredTable",
    "Resolution",
    "read_overrides",
]

CellStatus = Literal["printed", "realigned", "derived", "adjudicated", "ambiguous"]
PRINTED: Final = "printed"
DERIVED: Final = "derived"
ADJUDICATED: Final = "adjudicated"
AMBIGUOUS: Final = "ambiguous"


@attrs.frozen(kw_only=True)
class Override:
    """A reviewed decision for a row whose totals admit several readings.

    Attributes
    ----------
    id
        Override id (named in ``derivation`` of the decided cells).
    label
        The row's printed label.
    cells
        The decided values: column -> value (at least the cells that differ between
        the admissible readings).
    reasoning
        Why (kept in the reviewed file; not shipped).
    """

    id: str
    label: str
    cells: Mapping[str, int]
    reasoning: str


@attrs.frozen(kw_only=True)
class Resolution:
    """The decided reading of one row and the status of each of its cells.

    Attributes
    ----------
    row
        The printed row.
    reading
        The shipped reading.
    statuses
        Per column, the cell status.
    derivations
        Per column, the equation (derived), the field it moved from (realigned) or the
        override (adjudicated), else None.
    """

    row: RawRow
    reading: Reading
    statuses: tuple[CellStatus, ...]
    derivations: tuple[str | None, ...]


def _derivation(layout: Layout, column: str, reading: Reading) -> str:
    """Plain-words equation that fixes a lost cell of a decided reading."""
    if column in SEXES:
        other = "M" if column == "F" else "F"
        return f"{column} = row Total - {other}"
    if column == TOTAL:
        return "Total = F + M"
    others = [
        g
        for g, origin in zip(layout.grades, reading.origins, strict=False)
        if g != column and origin == "printed"
    ]
    shown = " - ".join(others) if others else "0"
    return f"{column} = row Total - ({shown}); its column by the column totals"


@attrs.frozen(kw_only=True)
class RecoveredTable:
    """Annex II or III of one edition with every cell decided.

    Attributes
    ----------
    annex
        ``"II"`` or ``"III"``.
    problem
        The rows' readings and the published Total row, as given to the solver.
    resolutions
        The shipped reading and cell statuses of each row (same order as the rows).
    locators
        Where each row is printed (same order as the rows).
    total_locator
        Where the Total row is printed.
    notes
        How the rows that the printed fields alone did not decide were decided, for
        the adapter's terminal summary.
    """

    annex: str
    problem: Problem
    resolutions: tuple[Resolution, ...]
    locators: tuple[str, ...]
    total_locator: str
    notes: tuple[str, ...] = ()

    @property
    def layout(self) -> Layout:
        """The table's columns."""
        return self.problem.layout

    @property
    def rows(self) -> tuple[RawRow, ...]:
        """The printed rows."""
        return self.problem.rows

    def total(self, column: str) -> int:
        """A cell of the published Total row."""
        return self.problem.totals[column]

    def value(self, index: int, column: str) -> int:
        """A cell of the ``index``-th row as shipped."""
        return self.resolutions[index].reading.cells(self.layout)[column]


def read_overrides(path: Path) -> dict[str, dict[str, Override]]:
    """Reviewed overrides by table (``Annex II`` / ``Annex III``), keyed by id.

    The file (absent while no row of the edition needs one) holds ``[[override]]``
    tables with ``id``, ``table``, ``label``, ``reasoning`` and ``cells`` (column ->
    value).
    """
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out: dict[str, dict[str, Override]] = {}
    for entry in data.get("override", []):
        override = Override(
            id=str(entry["id"]),
            label=str(entry["label"]),
            cells={str(k): int(v) for k, v in dict(entry["cells"]).items()},
            reasoning=str(entry["reasoning"]),
        )
        out.setdefault(str(entry["table"]), {})[override.id] = override
    return out
