"""Cell statuses: what the totals decide, what reviewed overrides decide, what stays open.

:func:`resolve` gives every cell of every row a status (``printed``, ``derived``,
``adjudicated`` or ``ambiguous``) from the admissible readings the solver proved;
:func:`match_overrides` brings in reviewed decisions (:class:`Override`, read by
:func:`read_overrides`). :class:`RecoveredTable` is a table of any edition with every
cell decided, what the emitters (:mod:`tools.staff.emit`) and the proofs
(:mod:`tools.staff.proofs`) take.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final, Literal

import attrs

from tools.staff.readings import SEXES, TOTAL, Layout, Problem, ProofError, RawRow, Reading
from tools.staff.solver import solve_or_none

__all__ = [
    "ADJUDICATED",
    "AMBIGUOUS",
    "DERIVED",
    "PRINTED",
    "CellStatus",
    "Override",
    "RecoveredTable",
    "Resolution",
    "match_overrides",
    "read_overrides",
    "resolve",
    "status_counts",
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
        Per column, the equation (derived) or override id (adjudicated), else None.
    alternatives
        Every admissible reading (the shipped one included) when the row is
        ambiguous; empty otherwise.
    """

    row: RawRow
    reading: Reading
    statuses: tuple[CellStatus, ...]
    derivations: tuple[str | None, ...]
    alternatives: tuple[Reading, ...] = ()


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


def match_overrides(
    problem: Problem, overrides: Mapping[str, Override]
) -> dict[int, tuple[frozenset[int], Override]]:
    """Row index -> (the readings it allows, override) for each reviewed override.

    An override states facts about some cells of one row: it keeps the row's readings
    that agree with them. The kept readings must together still allow a choice meeting
    every total (the solver is then asked again with them, so an override may cost
    departures from the printed whitespace elsewhere).

    Raises
    ------
    ProofError
        If an override's row is unknown, its cells match no reading, or the overrides
        cannot hold together with the totals.
    """
    by_label = {row.label: r for r, row in enumerate(problem.rows)}
    out: dict[int, tuple[frozenset[int], Override]] = {}
    for override in overrides.values():
        r = by_label.get(override.label)
        if r is None:
            msg = f"override {override.id}: no row {override.label!r} in {problem.layout.table}"
            raise ProofError(msg)
        matches = frozenset(
            k
            for k, reading in enumerate(problem.readings[r])
            if all(reading.cells(problem.layout)[c] == v for c, v in override.cells.items())
        )
        if not matches:
            msg = f"override {override.id}: no reading of {override.label!r} has its cells"
            raise ProofError(msg)
        out[r] = (matches, override)
    if out and solve_or_none(problem, allowed={r: ks for r, (ks, _) in out.items()}) is None:
        msg = f"{problem.layout.table}: the overrides cannot hold together with the totals"
        raise ProofError(msg)
    return out


def _differing(problem: Problem, r: int, indices: Sequence[int]) -> set[int]:
    readings = problem.readings[r]
    return {
        i
        for i in range(len(problem.layout.columns))
        if len({readings[k].values[i] for k in indices}) > 1
    }


def _pick_among_admissible(
    problem: Problem,
    chosen: Sequence[int],
    admissible: Mapping[int, Sequence[int]],
    overrides: Mapping[str, Override],
) -> tuple[list[int], dict[int, tuple[int, ...]], dict[int, tuple[frozenset[int], Override]]]:
    """Overrides that each name exactly one admissible reading of their row."""
    by_label = {row.label: r for r, row in enumerate(problem.rows)}
    picked = list(chosen)
    after = {r: tuple(ks) for r, ks in admissible.items()}
    matched: dict[int, tuple[frozenset[int], Override]] = {}
    for override in overrides.values():
        r = by_label.get(override.label)
        indices = tuple(admissible.get(r, ())) if r is not None else ()
        matches = [
            k
            for k in indices
            if r is not None
            and all(
                problem.readings[r][k].cells(problem.layout)[c] == v
                for c, v in override.cells.items()
            )
        ]
        if r is None or len(matches) != 1:
            msg = (
                f"override {override.id} for {override.label!r} matches {len(matches)} "
                "admissible readings (need exactly one)"
            )
            raise ProofError(msg)
        picked[r] = matches[0]
        after[r] = (matches[0],)
        matched[r] = (frozenset(matches), override)
    return picked, after, matched


def resolve(
    problem: Problem,
    chosen: Sequence[int],
    admissible: Mapping[int, Sequence[int]],
    overrides: Mapping[str, Override] | None = None,
    *,
    free_admissible: Mapping[int, Sequence[int]] | None = None,
    matched: Mapping[int, tuple[frozenset[int], Override]] | None = None,
) -> list[Resolution]:
    """Assign a status to every cell of every row.

    Two ways to bring in reviewed overrides:

    * ``overrides`` (by id): each must name exactly one of its row's ``admissible``
      readings, which is shipped; the row's other readings are set aside.
    * ``matched`` (from :func:`match_overrides`) with ``free_admissible``: the
      overrides were imposed on the solver, ``admissible`` and ``chosen`` come from
      that second solve, and ``free_admissible`` are the readings admissible without
      them.

    For each cell:

    * it differs across ``admissible``: ``ambiguous`` (the chosen reading is shipped and
      every admissible reading is listed in :attr:`Resolution.alternatives`);
    * it differs only across ``free_admissible``: ``adjudicated``, its derivation the
      ids of the overrides that decided it;
    * otherwise a cell the text lost is ``derived``, and so is the cell holding a
      number the row printed once too often (see :attr:`Reading.discarded`); every
      other cell is ``printed``.
    """
    layout = problem.layout
    free_admissible = free_admissible if free_admissible is not None else admissible
    matched = dict(matched or {})
    if overrides:
        chosen, admissible, picked = _pick_among_admissible(problem, chosen, admissible, overrides)
        matched |= picked
    override_ids = ", ".join(sorted(o.id for _, o in matched.values())) or None
    out: list[Resolution] = []
    for r, row in enumerate(problem.rows):
        readings = problem.readings[r]
        shipped = readings[chosen[r]]
        differ = _differing(problem, r, admissible.get(r, (chosen[r],)))
        # A cell is decided by the overrides when, without them, the totals allowed
        # another value for it.
        free = free_admissible.get(r, ())
        decided = {
            i
            for i in range(len(layout.columns))
            if i not in differ and any(readings[k].values[i] != shipped.values[i] for k in free)
        }
        own = matched.get(r)
        statuses: list[CellStatus] = []
        derivations: list[str | None] = []
        for i, column in enumerate(layout.columns):
            if i in differ:
                statuses.append(AMBIGUOUS)
                derivations.append(None)
            elif i in decided:
                statuses.append(ADJUDICATED)
                derivations.append(own[1].id if own is not None else override_ids)
            elif shipped.origins[i] == "lost":
                statuses.append(DERIVED)
                derivations.append(_derivation(layout, column, shipped))
            elif column in layout.grades and shipped.values[i] in shipped.discarded:
                # The text printed this number twice; arithmetic keeps one copy here.
                value = shipped.values[i]
                statuses.append(DERIVED)
                derivations.append(
                    f"{column} = {value}: the row prints {value} once more than its Total "
                    "allows; the column totals place the one copy here"
                )
            else:
                statuses.append(PRINTED)
                derivations.append(None)
        alternatives = (
            tuple(readings[k] for k in admissible.get(r, (chosen[r],))) if differ else ()
        )
        out.append(
            Resolution(
                row=row,
                reading=shipped,
                statuses=tuple(statuses),
                derivations=tuple(derivations),
                alternatives=alternatives,
            )
        )
    return out


def status_counts(resolutions: Sequence[Resolution], layout: Layout) -> dict[str, int]:
    """Cells per status over the data columns (grades, F, M; the row Total excluded)."""
    counts = {PRINTED: 0, DERIVED: 0, ADJUDICATED: 0, AMBIGUOUS: 0}
    for res in resolutions:
        for column, st in zip(layout.columns, res.statuses, strict=True):
            if column != TOTAL:
                counts[st] += 1
    return counts


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
