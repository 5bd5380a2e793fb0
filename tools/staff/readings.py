"""Printed rows of a staff annex and the readings the published totals choose among.

The annexes print, per nationality, one count per grade, a row Total and the counts by
sex (F, M), and end with a Total row. The text extractions lost the column alignment of
many rows, so the printed *order* of a row's numbers is trusted but not their *position*.
This module turns a printed row into the set of its possible readings:

1. :func:`tokenize` splits a row's fields into numbers (a space inside a field is
   either a thousands separator or two cells run together; every split is kept).
2. :func:`enumerate_readings` lists the readings of one row: every order-preserving
   placement of its numbers on the table's columns that a few insertions or deletions
   of empty fields can explain (:class:`Policy`) and that satisfies the row's own
   equations (grade cells sum to Total, F + M = Total).
3. :class:`Problem` holds every row of a table with its readings and the published
   Total row; :mod:`tools.staff.solver` chooses among the readings and
   :mod:`tools.staff.statuses` gives every cell its status.

Only numbers flow through here; labels and explanations are the caller's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Final, Literal

import attrs

__all__ = [
    "SEXES",
    "TOTAL",
    "Layout",
    "Origin",
    "Policy",
    "Problem",
    "ProofError",
    "RawRow",
    "Reading",
    "Token",
    "enumerate_readings",
    "parse_count",
    "tokenize",
]

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
# A table: every row's readings and the published Total row
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
