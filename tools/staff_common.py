"""Generic machinery for recovering the staff-statistics annexes of IOM's annual reports.

The annexes print, per nationality, one count per grade, a row Total and the counts by
sex (F, M), and end with a Total row. The text extractions lost the column alignment of
many rows, so the printed *order* of a row's numbers is trusted but not their *position*.
This module turns a printed row into the set of its possible readings and lets the
published totals choose among them:

1. :func:`tokenize` splits a row's fields into numbers (a space inside a field is
   either a thousands separator or two cells run together; every split is kept).
2. :func:`enumerate_readings` lists the readings of one row: every order-preserving
   placement of its numbers on the table's columns that a few insertions or deletions
   of empty fields can explain (:class:`Policy`) and that satisfies the row's own
   equations (grade cells sum to Total, F + M = Total).
3. :func:`solve` picks one reading per row so that every column sums to the published
   Total row (an integer program, :func:`scipy.optimize.milp`), preferring readings
   that need the fewest edits of the printed whitespace.
4. :func:`admissible_readings` proves, row by row, which other readings could replace
   the chosen one with every column total still holding (other rows may change too).
   A row with one admissible reading is decided; with several, its differing cells
   are ambiguous unless a reviewed override decides (:func:`resolve`).
5. :func:`nationality_rows` and friends emit the dataset rows; :class:`Proofs` runs
   the arithmetic checks and collects the failures that errata explain.

Only numbers flow through here; labels and explanations are the caller's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Final, Literal

import attrs
import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

__all__ = [
    "ADJUDICATED",
    "AMBIGUOUS",
    "DERIVED",
    "PRINTED",
    "CellStatus",
    "Erratum",
    "Layout",
    "Override",
    "Policy",
    "Problem",
    "ProofError",
    "Proofs",
    "RawRow",
    "Reading",
    "Resolution",
    "Token",
    "admissible_readings",
    "ambiguous_reading_rows",
    "enumerate_readings",
    "nationality_rows",
    "parse_count",
    "published_total_rows",
    "resolve",
    "solve",
    "solve_or_none",
    "status_counts",
    "tokenize",
]

CellStatus = Literal["printed", "derived", "adjudicated", "ambiguous"]
PRINTED: Final = "printed"
DERIVED: Final = "derived"
ADJUDICATED: Final = "adjudicated"
AMBIGUOUS: Final = "ambiguous"

#: Where a reading's cell comes from: a printed number, an empty field (0), or a value
#: the text lost that a row equation fixes.
Origin = Literal["printed", "blank", "lost"]

TOTAL: Final = "Total"
SEXES: Final = ("F", "M")


# ---------------------------------------------------------------------------------------
# Table layout and printed rows
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Layout:
    """The columns of one nationality table.

    Attributes
    ----------
    table
        The annex, as used in locators (``"Annex II"``).
    category
        ``general_service`` or ``professional``.
    grades
        The grade columns in printed order (labels as published).
    """

    table: str
    category: str
    grades: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column of a row: the grades, ``Total``, ``F``, ``M``."""
        return (*self.grades, TOTAL, *SEXES)

    @property
    def n_grades(self) -> int:
        """Number of grade columns."""
        return len(self.grades)

    def index(self, column: str) -> int:
        """Position of ``column`` in :attr:`columns`."""
        return self.columns.index(column)


@attrs.frozen(kw_only=True)
class Token:
    """One printed number of a row.

    Attributes
    ----------
    value
        The number.
    field
        Index of the tab-separated field it was printed in (0 = first field after the
        label); the evidence of its column, which the extraction may have shifted.
    part
        0 for a field holding one number; 0 or 1 for the two numbers of a field that
        holds two cells run together (``"3 7"``).
    """

    value: int
    field: int
    part: int = 0


@attrs.frozen(kw_only=True)
class RawRow:
    """One printed nationality row, as sliced from the source.

    Attributes
    ----------
    label
        The nationality as printed (wrapped lines joined by one space).
    fields
        The row's fields after the label, verbatim (empty string = empty field).
    line
        Line number in the source text.
    page
        Page (or page-block) number within the annex, 1-based, when known.
    member_state
        Whether the row is in the table's Member States section.
    lost_columns
        Columns the text dropped for this row (e.g. ``("M",)`` on a page whose last
        column the extraction lost); their values are derived from the row equations.
    joined_sexes
        Whether the F and M cells are printed in one field (``"3 7"``); a single number
        there may then be either F or M.
    """

    label: str
    fields: tuple[str, ...]
    line: int
    page: int | None = None
    member_state: bool = True
    lost_columns: tuple[str, ...] = ()
    joined_sexes: bool = False


_GROUP = re.compile(r"^\d+$")


def parse_count(text: str) -> int:
    """Parse a printed count that may carry a space as thousands separator.

    Examples
    --------
    >>> parse_count("14 069")
    14069
    >>> parse_count("45")
    45
    """
    groups = text.split()
    if not groups or not all(_GROUP.match(g) for g in groups):
        msg = f"not a count: {text!r}"
        raise ValueError(msg)
    if any(len(g) != 3 for g in groups[1:]):
        msg = f"not a count with thousands separators: {text!r}"
        raise ValueError(msg)
    return int("".join(groups))


def _field_splits(text: str) -> list[tuple[int, ...]]:
    """Every way to read one field as one count or as two cells run together."""
    groups = text.split()
    if not groups:
        return [()]
    if not all(_GROUP.match(g) for g in groups):
        msg = f"not numeric: {text!r}"
        raise ValueError(msg)
    if len(groups) == 1:
        return [(int(groups[0]),)]
    if len(groups) != 2:
        msg = f"more than two number groups in one field: {text!r}"
        raise ValueError(msg)
    splits: list[tuple[int, ...]] = [(int(groups[0]), int(groups[1]))]
    # Only a group of exactly three digits can follow a thousands separator.
    if len(groups[1]) == 3:
        splits.append((int(groups[0] + groups[1]),))
    return splits


def tokenize(fields: Sequence[str]) -> list[tuple[Token, ...]]:
    """Every tokenization of a row's fields (usually exactly one).

    Parameters
    ----------
    fields
        The fields after the label.

    Returns
    -------
    list of tuple of Token
        One tuple of tokens per way of reading the space-containing fields.

    Examples
    --------
    >>> [[t.value for t in ts] for ts in tokenize(["", "1 411", "3 7"])]
    [[1, 411, 3, 7], [1411, 3, 7]]
    """
    options: list[list[tuple[Token, ...]]] = []
    for index, text in enumerate(fields):
        choices = []
        for split in _field_splits(text):
            choices.append(tuple(Token(value=v, field=index, part=p) for p, v in enumerate(split)))
        options.append(choices)
    return [tuple(itertools.chain.from_iterable(combo)) for combo in itertools.product(*options)]


# ---------------------------------------------------------------------------------------
# Readings of one row
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Reading:
    """One way to read a printed row: a value and an origin for every column.

    Attributes
    ----------
    values
        One count per :attr:`Layout.columns` entry (blank = 0).
    origins
        Per column: ``printed`` (a printed number), ``blank`` (an empty cell) or
        ``lost`` (the text lost it; a row equation fixes it).
    edits
        How many empty fields must be inserted or deleted in the printed row to put
        its numbers in these columns (0 = the row as printed); plus a penalty per
        lost or discarded number.
    discarded
        Printed numbers this reading does not use (a number the text repeated).
    """

    values: tuple[int, ...]
    origins: tuple[Origin, ...]
    edits: int
    discarded: tuple[int, ...] = ()

    def cells(self, layout: Layout) -> dict[str, int]:
        """The reading as a mapping column -> value."""
        return dict(zip(layout.columns, self.values, strict=True))


@attrs.frozen(kw_only=True)
class Policy:
    """Which readings the whitespace allows.

    Attributes
    ----------
    max_edits
        Largest number of empty-field insertions/deletions a reading may need.
    max_shift
        Largest distance between a number's printed field and its column.
    max_breaks
        Largest number of points along the row at which the displacement of the
        numbers from their printed fields may change.
    zones
        Grade column indices at which the displacement may change (a change between
        two numbers needs one of them strictly between their columns; a change before
        the first number needs one before it); a change just before the Total is
        always allowed. ``None``: anywhere.
    lost_penalty
        Edit cost charged for a value the text lost or a number it repeated, so that
        such readings are chosen only when the arithmetic needs them.
    repair
        Whether a row whose printed numbers cannot satisfy its own equations may be
        read with one lost grade cell or one discarded (repeated) number.
    """

    max_edits: int = 4
    max_shift: int = 3
    max_breaks: int = 2
    zones: frozenset[int] | None = None
    lost_penalty: int = 10
    repair: bool = True


def _grade_placements(
    fields: Sequence[int], n_grades: int, total_shift: int, policy: Policy
) -> Iterator[tuple[tuple[int, ...], int]]:
    """Order-preserving placements of grade numbers and their edit counts.

    A placement moves each number from its printed field by a *displacement*. The
    extraction shifts runs of cells: inserting or deleting empty fields at a few
    points of the row. So the displacement, read along the row from 0 before the
    first cell, through each number, to the Total's own displacement
    (``total_shift``, known once the Total is chosen), may change at no more than
    ``policy.max_breaks`` points, and never exceed ``policy.max_shift``. The edit
    count is the total variation of that path: the fewest empty fields to insert or
    delete to put every number where the placement does.
    """

    def rec(
        i: int, lowest: int, prev: int, breaks: int, used: int, acc: tuple[int, ...]
    ) -> Iterator[tuple[tuple[int, ...], int]]:
        if i == len(fields):
            last_breaks = breaks + (total_shift != prev)
            cost = used + abs(total_shift - prev)
            if last_breaks <= policy.max_breaks and cost <= policy.max_edits:
                yield acc, cost
            return
        p = fields[i]
        low = max(lowest, p - policy.max_shift)
        high = min(n_grades - 1, p + policy.max_shift)
        for c in range(low, high + 1):
            shift = c - p
            if shift != prev and policy.zones is not None:
                left = acc[-1] if acc else -1
                if not any(left < z < c for z in policy.zones):
                    continue
            step_breaks = breaks + (shift != prev)
            step = used + abs(shift - prev)
            if step_breaks > policy.max_breaks or step > policy.max_edits:
                continue
            yield from rec(i + 1, c + 1, shift, step_breaks, step, (*acc, c))

    yield from rec(0, 0, 0, 0, 0, ())


SexOption = tuple[int, int, Origin, Origin, int]


def _sex_options(
    row: RawRow, total: Token, after: Sequence[Token], n_grades: int, policy: Policy
) -> list[SexOption]:
    """(F, M, origin of F, origin of M, cost) readings of the numbers after the Total.

    * Two numbers: F and M, in that order.
    * One number: the sex its field says (right after the Total: F; one further: M).
      When the row's whitespace is irregular -- its Total is not in the Total field,
      or F and M share one field -- it may be the other sex (cost 1), since such rows
      lost or gained empty fields. On a page that lost the M column it is F and M is
      derived.
    * None, with a Total above zero: the text lost the split; every split is a
      reading (F is then fixed by the F column total).
    """
    t = total.value
    lost_m = "M" in row.lost_columns
    out: list[SexOption] = []
    if len(after) > 2:
        return out
    if len(after) == 2:
        f, m = after
        if not lost_m and f.value + m.value == t:
            out.append((f.value, m.value, "printed", "printed", 0))
        return out
    if len(after) == 1:
        (only,) = after
        v = only.value
        if v > t:
            return out
        if lost_m:
            out.append((v, t - v, "printed", "lost", 0))
            return out
        offset = only.field - total.field + only.part
        positional = "F" if offset <= 1 else "M"
        irregular = row.joined_sexes or total.field != n_grades
        roles = [positional, *(["M" if positional == "F" else "F"] if irregular else [])]
        for position, role in enumerate(roles):
            rest: Origin = "blank"
            cost = position
            if v != t:
                # The other sex is not printed; only a lost cell can hold the rest.
                rest = "lost"
                cost += policy.lost_penalty
            if role == "F":
                out.append((v, t - v, "printed", rest, cost))
            else:
                out.append((t - v, v, rest, "printed", cost))
        return out
    if t == 0:
        out.append((0, 0, "blank", "lost" if lost_m else "blank", 0))
    else:
        out.extend((f, t - f, "lost", "lost", policy.lost_penalty) for f in range(t + 1))
    return out


def _readings_for_tokens(
    row: RawRow, layout: Layout, tokens: Sequence[Token], policy: Policy, *, repair: bool
) -> dict[tuple[int, ...], Reading]:
    found: dict[tuple[int, ...], Reading] = {}
    ng = layout.n_grades
    for t_index, total in enumerate(tokens):
        grades = list(tokens[:t_index])
        after = tokens[t_index + 1 :]
        sex = _sex_options(row, total, after, ng, policy)
        if not sex:
            continue
        total_shift = ng - total.field
        variants: list[tuple[list[Token], int | None, tuple[int, ...], int]] = []
        printed_sum = sum(g.value for g in grades)
        if printed_sum == total.value:
            variants.append((grades, None, (), 0))
        elif repair:
            missing = total.value - printed_sum
            if missing > 0:
                # One grade cell the text lost: value fixed by the row equation.
                variants.append((grades, missing, (), policy.lost_penalty))
            else:
                for k, g in enumerate(grades):
                    if g.value == -missing:
                        kept = grades[:k] + grades[k + 1 :]
                        variants.append((kept, None, (g.value,), policy.lost_penalty))
        for kept, lost_value, discarded, penalty in variants:
            fields = [g.field for g in kept]
            for placement, edits in _grade_placements(fields, ng, total_shift, policy):
                base_values = [0] * ng
                base_origins: list[Origin] = ["blank"] * ng
                for g, c in zip(kept, placement, strict=True):
                    base_values[c] = g.value
                    base_origins[c] = "printed"
                free = [c for c in range(ng) if base_origins[c] == "blank"]
                lost_slots: list[int | None] = list(free) if lost_value is not None else [None]
                for slot in lost_slots:
                    values = list(base_values)
                    origins = list(base_origins)
                    if slot is not None and lost_value is not None:
                        values[slot] = lost_value
                        origins[slot] = "lost"
                    for f, m, of, om, sex_cost in sex:
                        cost = edits + penalty + sex_cost
                        key = (*values, total.value, f, m)
                        reading = Reading(
                            values=key,
                            origins=(*origins, "printed", of, om),
                            edits=cost,
                            discarded=discarded,
                        )
                        old = found.get(key)
                        if old is None or old.edits > cost:
                            found[key] = reading
    return found


def enumerate_readings(
    row: RawRow, layout: Layout, policy: Policy | None = None
) -> tuple[Reading, ...]:
    """Every reading of ``row`` that the whitespace allows and its equations accept.

    Readings with equal values are merged (the one needing fewer edits is kept). When
    no reading uses every printed number exactly once, and ``policy.repair`` is set,
    readings with one lost grade cell or one discarded repeated number are tried.

    Parameters
    ----------
    row
        The printed row.
    layout
        Its table's columns.
    policy
        The whitespace rules; default :class:`Policy`.

    Returns
    -------
    tuple of Reading
        Sorted by edits, then values.
    """
    policy = policy or Policy()
    found: dict[tuple[int, ...], Reading] = {}
    for tokens in tokenize(row.fields):
        found.update(
            {
                k: v
                for k, v in _readings_for_tokens(row, layout, tokens, policy, repair=False).items()
                if k not in found or found[k].edits > v.edits
            }
        )
    if not found and policy.repair:
        for tokens in tokenize(row.fields):
            for k, v in _readings_for_tokens(row, layout, tokens, policy, repair=True).items():
                if k not in found or found[k].edits > v.edits:
                    found[k] = v
    return tuple(sorted(found.values(), key=lambda r: (r.edits, r.values)))


# ---------------------------------------------------------------------------------------
# Choosing one reading per row
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Problem:
    """All rows of one table with their readings, and the published column totals.

    Attributes
    ----------
    layout
        The table's columns.
    rows
        The printed rows.
    readings
        The readings of each row (same order as ``rows``); none may be empty.
    totals
        Published Total row: column -> value. Columns missing here are not
        constrained.
    excluded
        (row index, column) pairs that the published Total row does not count (a
        published inconsistency, proven separately and recorded as an erratum).
    """

    layout: Layout
    rows: tuple[RawRow, ...]
    readings: tuple[tuple[Reading, ...], ...]
    totals: Mapping[str, int]
    excluded: frozenset[tuple[int, str]] = frozenset()

    def __attrs_post_init__(self) -> None:
        if len(self.rows) != len(self.readings):
            msg = "rows and readings differ in length"
            raise ValueError(msg)
        for row, readings in zip(self.rows, self.readings, strict=True):
            if not readings:
                msg = f"{self.layout.table}: no reading of {row.label!r} (line {row.line})"
                raise ProofError(msg)


class ProofError(Exception):
    """An arithmetic proof failed and no erratum explains it."""


def _solve_milp(
    problem: Problem,
    *,
    forbid: Mapping[int, Iterable[int]] | None = None,
    fix: Mapping[int, int] | None = None,
) -> tuple[int, ...] | None:
    """Min-edit choice of one reading per row meeting every column total, or None."""
    columns = [c for c in problem.layout.columns if c in problem.totals]
    col_index = {c: problem.layout.index(c) for c in columns}
    variables = [(r, k) for r, rs in enumerate(problem.readings) for k in range(len(rs))]
    n_rows = len(problem.readings)
    a = lil_matrix((n_rows + len(columns), len(variables)))
    upper = np.ones(len(variables))
    lower = np.zeros(len(variables))
    forbid = forbid or {}
    fix = fix or {}
    cost = np.zeros(len(variables))
    for j, (r, k) in enumerate(variables):
        reading = problem.readings[r][k]
        a[r, j] = 1
        for i, c in enumerate(columns):
            value = reading.values[col_index[c]]
            if value and (r, c) not in problem.excluded:
                a[n_rows + i, j] = value
        cost[j] = reading.edits
        if k in set(forbid.get(r, ())):
            upper[j] = 0
        if r in fix:
            if fix[r] == k:
                lower[j] = 1
            else:
                upper[j] = 0
    bounds_rhs = np.array([1] * n_rows + [problem.totals[c] for c in columns], dtype=float)
    result = milp(
        cost,
        constraints=LinearConstraint(a.tocsr(), bounds_rhs, bounds_rhs),
        integrality=np.ones(len(variables)),
        bounds=Bounds(lower, upper),
    )
    if result.status != 0 or result.x is None:
        return None
    chosen = [0] * n_rows
    for j, (r, k) in enumerate(variables):
        if result.x[j] > 0.5:
            chosen[r] = k
    return tuple(chosen)


def solve_or_none(problem: Problem) -> tuple[int, ...] | None:
    """Like :func:`solve`, but None when no choice meets every total."""
    return _solve_milp(problem)


def solve(problem: Problem) -> tuple[int, ...]:
    """Choose one reading per row so that every column meets its published total.

    Among all such choices the one needing the fewest whitespace edits is returned
    (ties are broken by the solver; :func:`admissible_readings` then tells whether the
    choice was forced).

    Returns
    -------
    tuple of int
        Index into ``problem.readings[r]`` per row.

    Raises
    ------
    ProofError
        If no choice meets every total.
    """
    chosen = _solve_milp(problem)
    if chosen is None:
        msg = f"{problem.layout.table}: no reading of the rows meets every published total"
        raise ProofError(msg)
    return chosen


def admissible_readings(
    problem: Problem, chosen: Sequence[int], rows: Iterable[int] | None = None
) -> dict[int, tuple[int, ...]]:
    """For each row, every reading that can stand in a choice meeting all totals.

    A reading is admissible when some choice of readings for the other rows completes
    it to one meeting every column total. Found by repeatedly asking the integer
    program for a solution that avoids the readings already found for that row.

    Parameters
    ----------
    problem
        The table.
    chosen
        A feasible choice (from :func:`solve`).
    rows
        Rows to examine (default: every row with more than one reading).

    Returns
    -------
    dict
        Row index -> sorted admissible reading indices (always includes the chosen).
    """
    if rows is None:
        rows = [r for r, rs in enumerate(problem.readings) if len(rs) > 1]
    out: dict[int, tuple[int, ...]] = {}
    for r in rows:
        found = {chosen[r]}
        while True:
            alt = _solve_milp(problem, forbid={r: found})
            if alt is None:
                break
            found.add(alt[r])
        out[r] = tuple(sorted(found))
    return out


# ---------------------------------------------------------------------------------------
# Deciding cell statuses
# ---------------------------------------------------------------------------------------


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


def resolve(
    problem: Problem,
    chosen: Sequence[int],
    admissible: Mapping[int, Sequence[int]],
    overrides: Mapping[str, Override] | None = None,
) -> list[Resolution]:
    """Assign a status to every cell of every row.

    * One admissible reading: cells the text printed (or left blank) are ``printed``;
      lost cells are ``derived``, and so are the cells of a row the text repeated a
      number in (see :attr:`Reading.discarded`).
    * Several admissible readings and an override for the row: the reading the
      override names is shipped; the cells that differ are ``adjudicated``.
    * Several and no override: the chosen reading is shipped; the cells that differ
      across the admissible readings are ``ambiguous``.

    Raises
    ------
    ProofError
        If an override names a reading that is not admissible, or an override is not
        used.
    """
    overrides = dict(overrides or {})
    used: set[str] = set()
    layout = problem.layout
    by_label = {o.label: o for o in overrides.values()}
    out: list[Resolution] = []
    for r, row in enumerate(problem.rows):
        readings = problem.readings[r]
        indices = tuple(admissible.get(r, (chosen[r],)))
        shipped = readings[chosen[r]]
        override = by_label.get(row.label)
        if override is not None:
            matches = [
                k
                for k in indices
                if all(readings[k].cells(layout)[c] == v for c, v in override.cells.items())
            ]
            if len(matches) != 1:
                msg = (
                    f"override {override.id} for {row.label!r} matches {len(matches)} "
                    f"admissible readings (need exactly one)"
                )
                raise ProofError(msg)
            shipped = readings[matches[0]]
            used.add(override.id)
        differ = {
            i
            for i in range(len(layout.columns))
            if len({readings[k].values[i] for k in indices}) > 1
        }
        statuses: list[CellStatus] = []
        derivations: list[str | None] = []
        for i, column in enumerate(layout.columns):
            if i in differ and override is not None:
                statuses.append(ADJUDICATED)
                derivations.append(override.id)
            elif i in differ:
                statuses.append(AMBIGUOUS)
                derivations.append(None)
            elif shipped.origins[i] == "lost":
                statuses.append(DERIVED)
                derivations.append(_derivation(layout, column, shipped))
            else:
                statuses.append(PRINTED)
                derivations.append(None)
        alternatives = tuple(readings[k] for k in indices) if differ and override is None else ()
        out.append(
            Resolution(
                row=row,
                reading=shipped,
                statuses=tuple(statuses),
                derivations=tuple(derivations),
                alternatives=alternatives,
            )
        )
    unused = set(overrides) - used
    if unused:
        msg = f"overrides not used (no such ambiguous row): {sorted(unused)}"
        raise ProofError(msg)
    return out


# ---------------------------------------------------------------------------------------
# Proofs
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Erratum:
    """A published inconsistency, kept as published (one ``errata`` row)."""

    id: str
    source: str
    locator: str
    published: str
    established: str
    explanation: str

    def row(self) -> dict[str, object]:
        """The ``errata`` dataset row."""
        return attrs.asdict(self)


@attrs.define
class Proofs:
    """Runs arithmetic checks; a failure must be explained by a known erratum.

    Attributes
    ----------
    explained
        Erratum id -> the equation keys it explains (see :meth:`equal`).
    checked
        How many equations were checked.
    failures_explained
        The failing equations that an erratum explains, with the erratum id.
    """

    explained: Mapping[str, Sequence[str]] = attrs.field(factory=dict)
    checked: int = 0
    failures_explained: list[tuple[str, str]] = attrs.field(factory=list)

    def equal(self, key: str, left: int, right: int, *, what: str) -> None:
        """Check ``left == right``; raise :class:`ProofError` unless an erratum covers it.

        Parameters
        ----------
        key
            Stable key of the equation (used to match errata).
        left, right
            The two sides.
        what
            The equation in words, for the error message.
        """
        self.checked += 1
        if left == right:
            for erratum, keys in self.explained.items():
                if key in keys:
                    msg = f"erratum {erratum} claims {key} fails, but it holds: {what}"
                    raise ProofError(msg)
            return
        for erratum, keys in self.explained.items():
            if key in keys:
                self.failures_explained.append((key, erratum))
                return
        msg = f"proof failed: {what}: {left} != {right}"
        raise ProofError(msg)

    def check_table(self, resolutions: Sequence[Resolution], problem: Problem) -> None:
        """Row equations of every row and column totals of every column."""
        layout = problem.layout
        for res in resolutions:
            cells = res.reading.cells(layout)
            label = res.row.label
            self.equal(
                f"{layout.table}|{label}|grades=Total",
                sum(cells[g] for g in layout.grades),
                cells[TOTAL],
                what=f"{layout.table}, {label}: grade cells sum to Total",
            )
            self.equal(
                f"{layout.table}|{label}|F+M=Total",
                cells["F"] + cells["M"],
                cells[TOTAL],
                what=f"{layout.table}, {label}: F + M = Total",
            )
        for column in layout.columns:
            if column not in problem.totals:
                continue
            values = [res.reading.cells(layout)[column] for res in resolutions]
            self.equal(
                f"{layout.table}|column {column}",
                sum(values),
                problem.totals[column],
                what=f"{layout.table}: column {column} sums to the Total row",
            )
            if any(c == column for _, c in problem.excluded):
                # The erratum's own claim: without the rows it names, the column holds.
                kept = sum(v for r, v in enumerate(values) if (r, column) not in problem.excluded)
                self.equal(
                    f"{layout.table}|column {column} without excluded rows",
                    kept,
                    problem.totals[column],
                    what=f"{layout.table}: column {column} without the rows the Total "
                    "row leaves out sums to the Total row",
                )
        total_row = problem.totals
        if all(g in total_row for g in layout.grades) and TOTAL in total_row:
            self.equal(
                f"{layout.table}|Total row grades",
                sum(total_row[g] for g in layout.grades),
                total_row[TOTAL],
                what=f"{layout.table}: Total row's grade cells sum to its Total",
            )
        if all(s in total_row for s in SEXES) and TOTAL in total_row:
            self.equal(
                f"{layout.table}|Total row F+M",
                total_row["F"] + total_row["M"],
                total_row[TOTAL],
                what=f"{layout.table}: Total row's F + M equals its Total",
            )


# ---------------------------------------------------------------------------------------
# Emitting dataset rows
# ---------------------------------------------------------------------------------------

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
    """
    out: list[Row] = []
    for res in resolutions:
        if not res.alternatives:
            continue
        ordered = [res.reading, *(a for a in res.alternatives if a != res.reading)]
        for number, reading in enumerate(ordered, 1):
            for i, grade in enumerate(layout.grades):
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


def status_counts(resolutions: Sequence[Resolution], layout: Layout) -> dict[str, int]:
    """Cells per status over the data columns (grades, F, M; the row Total excluded)."""
    counts = {PRINTED: 0, DERIVED: 0, ADJUDICATED: 0, AMBIGUOUS: 0}
    for res in resolutions:
        for column, st in zip(layout.columns, res.statuses, strict=True):
            if column != TOTAL:
                counts[st] += 1
    return counts
