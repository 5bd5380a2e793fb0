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
from scipy.sparse import csr_matrix

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
    "canonical_choice",
    "departures",
    "enumerate_readings",
    "literal_index",
    "match_overrides",
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
        Columns the text dropped on this row's page (``("M",)`` where the extraction
        pushed rows one field right and cut their last field); on rows whose Total
        sits right of its field, their values are derived from the row equations.
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
    monotone
        Whether the displacement, once set by the first number, may only decrease
        along the row (the extraction lost empty fields at the left and padded them back
        further right, never the other way).
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
    monotone: bool = False
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
            rising = policy.monotone and acc and total_shift > prev
            if last_breaks <= policy.max_breaks and cost <= policy.max_edits and not rising:
                yield acc, cost
            return
        p = fields[i]
        low = max(lowest, p - policy.max_shift)
        high = min(n_grades - 1, p + policy.max_shift)
        for c in range(low, high + 1):
            shift = c - p
            if policy.monotone and i > 0 and shift > prev:
                continue
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
    # A page loses its last column on rows the extraction pushed right; a row whose
    # Total still sits in its own field kept its M field.
    lost_m = "M" in row.lost_columns and total.field > n_grades
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
            cost = position
            rest: Origin = "blank"
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

    viable: tuple[frozenset[int], ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if len(self.rows) != len(self.readings):
            msg = "rows and readings differ in length"
            raise ValueError(msg)
        for row, readings in zip(self.rows, self.readings, strict=True):
            if not readings:
                msg = f"{self.layout.table}: no reading of {row.label!r} (line {row.line})"
                raise ProofError(msg)
        object.__setattr__(self, "viable", self._propagate())

    def _propagate(self) -> tuple[frozenset[int], ...]:
        """Readings that survive bound propagation (a speed-up, never a decision).

        A reading whose cell exceeds what its column has left, once every row's
        smallest possible contribution to that column is set aside, can be in no
        choice meeting the totals. Repeated until nothing changes.
        """
        columns = [c for c in self.layout.columns if c in self.totals]
        index = {c: self.layout.index(c) for c in columns}
        alive = [set(range(len(rs))) for rs in self.readings]

        def cell(r: int, k: int, c: str) -> int:
            return 0 if (r, c) in self.excluded else self.readings[r][k].values[index[c]]

        changed = True
        while changed:
            changed = False
            floor = {
                c: [min(cell(r, k, c) for k in alive[r]) for r in range(len(alive))]
                for c in columns
            }
            spare = {c: self.totals[c] - sum(floor[c]) for c in columns}
            for r, ks in enumerate(alive):
                keep = {
                    k for k in ks if all(cell(r, k, c) - floor[c][r] <= spare[c] for c in columns)
                }
                if keep != ks:
                    if not keep:
                        return tuple(frozenset() for _ in alive)
                    alive[r] = keep
                    changed = True
        return tuple(frozenset(ks) for ks in alive)


class ProofError(Exception):
    """An arithmetic proof failed and no erratum explains it."""


#: Weight of one departure of a trusted row from its printed fields, against one edit.
_DEPARTURE_WEIGHT: Final = 1000


def literal_index(readings: Sequence[Reading]) -> int | None:
    """Index of the reading that takes the row exactly as printed (no edit), if any.

    A row that has one is *trusted*: its printed whitespace is regular, and it departs
    from it only when the published totals leave no other way.
    """
    for k, reading in enumerate(readings):
        if reading.edits == 0:
            return k
    return None


def _solve_milp(
    problem: Problem,
    *,
    forbid: Mapping[int, Iterable[int]] | None = None,
    max_departures: int | None = None,
    feasibility_only: bool = False,
    novel: Mapping[int, Iterable[int]] | None = None,
    allowed: Mapping[int, Iterable[int]] | None = None,
    fix: Mapping[int, int] | None = None,
    faithful: bool = False,
) -> tuple[int, ...] | None:
    """One reading per row meeting every column total, or None.

    Minimises the edits; with ``faithful``, first the number of trusted rows read
    otherwise than as printed (see :func:`literal_index`). ``forbid`` removes readings;
    ``fix`` imposes one; ``max_departures`` caps the departures (``faithful`` only);
    ``feasibility_only`` returns the first choice found (no optimisation). ``novel``
    (known readings of the rows of interest) instead maximises the number of those rows
    read with a reading not yet known, and requires at least one. ``allowed`` restricts
    some rows to some readings (reviewed overrides).
    """
    columns = [c for c in problem.layout.columns if c in problem.totals]
    col_index = {c: problem.layout.index(c) for c in columns}
    literal = [literal_index(rs) for rs in problem.readings]
    n_rows = len(problem.readings)
    if max_departures is not None and not faithful:
        msg = "max_departures needs faithful=True"
        raise ValueError(msg)
    n_cons = n_rows + len(columns) + (1 if max_departures is not None else 0)
    n_cons += 1 if novel is not None else 0
    known = {r: set(ks) for r, ks in novel.items()} if novel is not None else None
    only = {r: set(ks) for r, ks in (allowed or {}).items()}
    only |= {r: {k} for r, k in (fix or {}).items()}
    # Bound propagation only speeds up the searches for other readings; a plain solve
    # keeps the exact program it always had, so its tie-breaking does not move.
    prune = feasibility_only or novel is not None or faithful
    forbidden = {r: set(ks) for r, ks in (forbid or {}).items()}
    # Readings that cannot be chosen are left out of the program altogether (the same
    # program as with their variables bounded to 0, only smaller).
    variables = [
        (r, k)
        for r, rs in enumerate(problem.readings)
        for k in range(len(rs))
        if k not in forbidden.get(r, ())
        and not (prune and k not in problem.viable[r])
        and not (r in only and k not in only[r])
    ]
    if {r for r, _ in variables} != set(range(n_rows)):
        return None
    entries: list[tuple[int, int, float]] = []
    cost = np.zeros(len(variables))
    for j, (r, k) in enumerate(variables):
        reading = problem.readings[r][k]
        entries.append((r, j, 1.0))
        for i, c in enumerate(columns):
            value = reading.values[col_index[c]]
            if value and (r, c) not in problem.excluded:
                entries.append((n_rows + i, j, float(value)))
        departs = faithful and literal[r] is not None and literal[r] != k
        cost[j] = reading.edits + (_DEPARTURE_WEIGHT if departs else 0)
        if departs and max_departures is not None:
            entries.append((n_rows + len(columns), j, 1.0))
        if known is not None:
            is_new = r in known and k not in known[r]
            cost[j] = -1.0 if is_new else 0.0
            if is_new:
                entries.append((n_cons - 1, j, 1.0))
    i_idx, j_idx, data = zip(*entries, strict=True)
    a = csr_matrix((data, (i_idx, j_idx)), shape=(n_cons, len(variables)))
    lower_rhs = [1.0] * n_rows + [float(problem.totals[c]) for c in columns]
    upper_rhs = list(lower_rhs)
    if max_departures is not None:
        lower_rhs.append(-np.inf)
        upper_rhs.append(float(max_departures))
    if known is not None:
        lower_rhs.append(1.0)
        upper_rhs.append(np.inf)
    constraint = LinearConstraint(a, np.array(lower_rhs), np.array(upper_rhs))
    if feasibility_only:
        cost = np.zeros(len(variables))
        # The linear relaxation is cheap and, when infeasible, settles the question.
        relaxed = milp(
            cost,
            constraints=constraint,
            integrality=np.zeros(len(variables)),
            bounds=Bounds(0, 1),
        )
        if relaxed.status == 2:
            return None
    result = milp(
        cost,
        constraints=constraint,
        integrality=np.ones(len(variables)),
        bounds=Bounds(0, 1),
        # Any solution with a new reading will do; the loop asks again anyway.
        options={"mip_rel_gap": 0.9} if known is not None else None,
    )
    if result.status != 0 or result.x is None:
        return None
    chosen = [0] * n_rows
    for j, (r, k) in enumerate(variables):
        if result.x[j] > 0.5:
            chosen[r] = k
    return tuple(chosen)


def departures(problem: Problem, chosen: Sequence[int]) -> int:
    """How many trusted rows ``chosen`` reads otherwise than as printed."""
    return sum(
        1
        for rs, k in zip(problem.readings, chosen, strict=True)
        if (lit := literal_index(rs)) is not None and lit != k
    )


def solve_or_none(
    problem: Problem,
    *,
    allowed: Mapping[int, Iterable[int]] | None = None,
    faithful: bool = False,
) -> tuple[int, ...] | None:
    """Like :func:`solve`, but None when no choice meets every total."""
    return _solve_milp(problem, allowed=allowed, faithful=faithful)


def solve(
    problem: Problem,
    *,
    allowed: Mapping[int, Iterable[int]] | None = None,
    faithful: bool = False,
) -> tuple[int, ...]:
    """Choose one reading per row so that every column meets its published total.

    Among all such choices the one needing the fewest whitespace edits is returned. With
    ``faithful``, the one that reads the fewest *trusted* rows (rows with a reading
    that takes them as printed, see :func:`literal_index`) otherwise than as printed,
    and among those the fewest edits. Ties are broken by the solver;
    :func:`admissible_readings` then tells whether the choice was forced. ``allowed``
    restricts some rows to some of their readings (reviewed overrides).

    Returns
    -------
    tuple of int
        Index into ``problem.readings[r]`` per row.

    Raises
    ------
    ProofError
        If no choice meets every total.
    """
    chosen = _solve_milp(problem, allowed=allowed, faithful=faithful)
    if chosen is None:
        msg = f"{problem.layout.table}: no reading of the rows meets every published total"
        raise ProofError(msg)
    return chosen


def admissible_readings(
    problem: Problem,
    chosen: Sequence[int],
    rows: Iterable[int] | None = None,
    *,
    allowed: Mapping[int, Iterable[int]] | None = None,
    faithful: bool = False,
) -> dict[int, tuple[int, ...]]:
    """For each row, every reading that can stand in a choice meeting all totals.

    A reading is admissible when some choice of readings for the other rows completes
    it to one that meets every column total -- with ``faithful``, one that also reads
    no more trusted rows otherwise than as printed than ``chosen`` does (the published
    totals force those departures; no further one is assumed). Found by repeatedly
    asking the integer program for a choice that uses readings not yet found.

    Parameters
    ----------
    problem
        The table.
    chosen
        An optimal choice (from :func:`solve`).
    rows
        Rows to examine (default: every row with more than one reading).
    allowed
        Readings some rows are restricted to (reviewed overrides); ``chosen`` must
        honour them.

    Returns
    -------
    dict
        Row index -> sorted admissible reading indices (always includes the chosen).
    """
    cap = departures(problem, chosen) if faithful else None
    if rows is None:
        rows = [r for r, rs in enumerate(problem.readings) if len(rs) > 1]
    found: dict[int, set[int]] = {r: {chosen[r]} for r in rows}
    # Each round asks for a solution using as many not-yet-known readings as possible;
    # when none uses even one, the known readings are all there are (the solver's
    # infeasibility is the proof).
    while found:
        alt = _solve_milp(
            problem, max_departures=cap, novel=found, allowed=allowed, faithful=faithful
        )
        if alt is None:
            break
        for row, known in found.items():
            known.add(alt[row])
    return {r: tuple(sorted(found[r])) for r in rows}


def canonical_choice(
    problem: Problem,
    chosen: Sequence[int],
    admissible: Mapping[int, Sequence[int]],
    *,
    allowed: Mapping[int, Iterable[int]] | None = None,
    faithful: bool = False,
) -> tuple[int, ...]:
    """The choice to ship, fixed by a rule rather than by the solver's tie-breaking.

    Where the totals admit several readings of some rows, which complete choice the
    solver returns depends on its internals. This walks the rows with more than one
    admissible reading in printed order and gives each the first of its admissible
    readings (fewest edits, then smallest values: the order of
    :func:`enumerate_readings`) that the rows still open can complete to a choice
    meeting every total, with no more departures from the printed fields than
    ``chosen`` has. The result depends only on the problem and the admissible sets.

    Returns
    -------
    tuple of int
        Index into ``problem.readings[r]`` per row.
    """
    cap = departures(problem, chosen) if faithful else None
    fixed: dict[int, int] = {}
    for r in sorted(admissible):
        options = sorted(admissible[r])
        if len(options) == 1:
            continue
        for k in options:
            trial = _solve_milp(
                problem,
                fix={**fixed, r: k},
                allowed=allowed,
                max_departures=cap,
                faithful=faithful,
                feasibility_only=True,
            )
            if trial is not None:
                fixed[r] = k
                break
        else:  # pragma: no cover - an admissible reading always completes
            msg = f"{problem.layout.table}: no admissible reading of row {r} completes"
            raise ProofError(msg)
    final = _solve_milp(
        problem,
        fix=fixed,
        allowed=allowed,
        max_departures=cap,
        faithful=faithful,
        feasibility_only=True,
    )
    if final is None:  # pragma: no cover - the last trial was this very program
        msg = f"{problem.layout.table}: the canonical choice does not meet the totals"
        raise ProofError(msg)
    return final


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


def status_counts(resolutions: Sequence[Resolution], layout: Layout) -> dict[str, int]:
    """Cells per status over the data columns (grades, F, M; the row Total excluded)."""
    counts = {PRINTED: 0, DERIVED: 0, ADJUDICATED: 0, AMBIGUOUS: 0}
    for res in resolutions:
        for column, st in zip(layout.columns, res.statuses, strict=True):
            if column != TOTAL:
                counts[st] += 1
    return counts
