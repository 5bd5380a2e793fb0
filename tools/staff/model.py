"""The error model of the staff annexes: one cost per reading, every optimal reading.

The text extractions of Annexes II and III lost the column positions of some rows. A
*reading* of a printed row puts its numbers, in printed order, on the table's columns
(see :mod:`tools.staff.readings`). This module states what a reading costs:

* **cost** (model ``fewest_edits``): the empty fields that must be inserted into or
  deleted from the printed row to put its numbers where the reading does (plus one if
  a lone number after the Total is read as the other sex, and :data:`LOST_PENALTY`
  per value the text lost or printed twice, so that such readings are used only when
  nothing else fits). A page whose rows print one field off is corrected once, at cost
  :data:`PAGE_COST`, by a page variable: its rows are then costed from the corrected
  position. The cost of a choice of readings is the sum over rows and pages.
* **cap**: what keeps the list of readings finite: at most :data:`MAX_EDITS` edits, and
  at most a slack (:data:`SLACKS`) above the row's cheapest reading; the build reports
  how many listed readings reach it.
* **search** (:mod:`tools.staff.optimum`): the least cost of a choice meeting every
  published column total; every reading of some least-cost choice; for the rows these
  leave open, every reading up to :data:`MAX_EXTRA` dearer, with its extra cost.
* **models**: the same search runs under other cost models (a :class:`Table` carries
  the readings and their costs); :mod:`tools.staff.certainty` calls a cell certain
  only where every model's optimal choices agree, and gives its bounds over all of them.

Only numbers flow through here; the editions' adapters supply rows, costs and words.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Final

import attrs

from tools.staff import readings as rd
from tools.staff import solver as so

__all__ = [
    "ENGINE_VERSION",
    "FEWEST_EDITS",
    "LISTED",
    "LOST_PENALTY",
    "MAX_EDITS",
    "MAX_EXTRA",
    "MODELS",
    "PAGE_COST",
    "ROW_LADDER",
    "SLACKS",
    "Candidate",
    "Table",
    "enumerate_candidates",
    "page_baselines",
]

#: The one engine version (:data:`tools.staff.solver.ENGINE_VERSION`): bump it there
#: whenever a change here or in an adapter can change what the search finds.
ENGINE_VERSION: Final = so.ENGINE_VERSION

#: How far above its optimum each model lists readings: ``row_ladder`` costs a row read
#: off its printed fields, so within even one such row its readings are legion; it lists
#: its optimal readings only, which is all that the statuses and bounds use.
LISTED: Final = {"fewest_edits": 2, "row_ladder": 0}

FEWEST_EDITS: Final = "fewest_edits"
ROW_LADDER: Final = "row_ladder"
MODELS: Final = (FEWEST_EDITS, ROW_LADDER)


#: Largest number of empty-field edits one row's reading may need (keeps the list finite).
MAX_EDITS: Final = 4
#: Largest costs of a row's reading above the row's cheapest reading, tried in turn until
#: the rows meet the totals (with :data:`MAX_EDITS`, what keeps the search finite).
SLACKS: Final = (2, 3, 4)
#: Readings are listed up to this cost above the optimum.
MAX_EXTRA: Final = 2
#: Cost of correcting one page whose rows all print one field off.
PAGE_COST: Final = 1
#: Cost of a value the text lost (or printed twice): above any whitespace repair.
LOST_PENALTY: Final = 10


# ---------------------------------------------------------------------------------------
# Readings and their costs
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Candidate:
    """One reading of a row and what it costs under each page correction.

    Attributes
    ----------
    reading
        Values and origins per column; ``reading.edits`` is its least cost.
    costs
        ``(baseline, cost, edits)`` per page correction under which the reading is
        possible: ``baseline`` is the displacement the page correction applies to
        every number of the row (0 = none), ``cost`` the row's cost from there,
        ``edits`` its empty-field edits alone (compared with :data:`MAX_EDITS`).
    """

    reading: rd.Reading
    costs: tuple[tuple[int, int, int], ...]

    @property
    def least(self) -> int:
        """The cheapest cost under any page correction."""
        return min(c for _, c, _ in self.costs)

    @property
    def at_cap(self) -> bool:
        """Whether its cheapest way needs the full :data:`MAX_EDITS` edits."""
        return min(e for _, c, e in self.costs if c == self.least) >= MAX_EDITS


def _placements(
    fields: Sequence[int], n_grades: int, total_shift: int, budget: int, start: int
) -> Iterator[tuple[tuple[int, ...], int]]:
    """Order-preserving placements of grade numbers and their edit counts.

    The displacement of the numbers from their printed fields, read along the row from
    ``start`` (the page's correction), through each number, to the Total's own
    displacement, changes only where empty fields were inserted or deleted: the edit
    count is its total variation.
    """

    def rec(
        i: int, lowest: int, prev: int, used: int, acc: tuple[int, ...]
    ) -> Iterator[tuple[tuple[int, ...], int]]:
        if i == len(fields):
            cost = used + abs(total_shift - prev)
            if cost <= budget:
                yield acc, cost
            return
        p = fields[i]
        rest = budget - used
        for c in range(max(lowest, p + prev - rest), min(n_grades - 1, p + prev + rest) + 1):
            step = used + abs(c - p - prev)
            if step + abs(total_shift - (c - p)) <= budget:
                yield from rec(i + 1, c + 1, c - p, step, (*acc, c))

    yield from rec(0, 0, start, 0, ())


def enumerate_candidates(
    row: rd.RawRow,
    layout: rd.Layout,
    *,
    baselines: Sequence[int] = (0,),
    max_edits: int = MAX_EDITS,
    slack: int = SLACKS[-1],
) -> tuple[Candidate, ...]:
    """Every reading of ``row`` within :data:`MAX_EDITS` edits, costed per page correction.

    Readings that move no number come first when the row's own equations allow them;
    a lost grade cell or a number printed twice is tried only when no reading uses every
    printed number exactly once (as :func:`tools.staff.readings.enumerate_readings` does).

    Examples
    --------
    >>> layout = rd.Layout(table="T", category="c", grades=("A", "B"))
    >>> row = rd.RawRow(label="x", fields=("", "2", "2", "2", ""), line=1)
    >>> [(c.reading.values, c.least) for c in enumerate_candidates(row, layout)]
    [((0, 2, 2, 2, 0), 0), ((2, 0, 2, 2, 0), 2)]
    """
    if not any(f.strip() for f in row.fields):
        # Every cell empty, the Total included: all 0, the Total fixed by the row sum.
        empty: list[rd.Origin] = ["blank"] * len(layout.columns)
        empty[layout.index(rd.TOTAL)] = "lost"
        blank = rd.Reading(values=(0,) * len(layout.columns), origins=tuple(empty), edits=0)
        return (Candidate(reading=blank, costs=tuple((b, 0, 0) for b in baselines)),)
    policy = rd.Policy(lost_penalty=LOST_PENALTY)
    ng = layout.n_grades
    for repair in (False, True):
        found: dict[
            tuple[int, ...],
            tuple[tuple[rd.Origin, ...], tuple[int, ...], dict[int, tuple[int, int]]],
        ] = {}
        for tokens in rd.tokenize(row.fields):
            for t_index, total in enumerate(tokens):
                sexes = rd._sex_options(row, total, tokens[t_index + 1 :], ng, policy)
                if not sexes:
                    continue
                grades = list(tokens[:t_index])
                missing = total.value - sum(g.value for g in grades)
                variants: list[tuple[list[rd.Token], int | None, tuple[int, ...]]] = []
                if missing == 0:
                    variants.append((grades, None, ()))
                elif repair and missing > 0:
                    variants.append((grades, missing, ()))
                elif repair:
                    variants += [
                        (grades[:k] + grades[k + 1 :], None, (g.value,))
                        for k, g in enumerate(grades)
                        if g.value == -missing
                    ]
                for kept, lost, discarded in variants:
                    penalty = LOST_PENALTY if (lost is not None or discarded) else 0
                    for base in baselines:
                        for placement, edits in _placements(
                            [g.field for g in kept], ng, ng - total.field, max_edits, base
                        ):
                            values = [0] * ng
                            origins: list[rd.Origin] = ["blank"] * ng
                            for g, c in zip(kept, placement, strict=True):
                                values[c], origins[c] = g.value, "printed"
                            slots = [c for c in range(ng) if origins[c] == "blank"]
                            for slot in slots if lost is not None else [None]:
                                vals, origs = list(values), list(origins)
                                if slot is not None and lost is not None:
                                    vals[slot], origs[slot] = lost, "lost"
                                for f, m, of, om, sex_cost in sexes:
                                    key = (*vals, total.value, f, m)
                                    cost = edits + penalty + sex_cost
                                    entry = found.setdefault(
                                        key, ((*origs, "printed", of, om), discarded, {})
                                    )
                                    old = entry[2].get(base)
                                    if old is None or old[0] > cost:
                                        entry[2][base] = (cost, edits)
        if found:
            break
    out = []
    cheapest = min((c for _, _, by_base in found.values() for c, _ in by_base.values()), default=0)
    for key, (how, discarded, by_base) in found.items():
        costs = tuple((b, c, e) for b, (c, e) in sorted(by_base.items()) if c <= cheapest + slack)
        if not costs:
            continue
        least = min(c for _, c, _ in costs)
        reading = rd.Reading(values=key, origins=how, edits=least, discarded=discarded)
        out.append(Candidate(reading=reading, costs=costs))
    return tuple(sorted(out, key=lambda c: (c.least, c.reading.values)))


def page_baselines(rows: Sequence[rd.RawRow], layout: rd.Layout) -> dict[int, tuple[int, ...]]:
    """Page -> the corrections it may take: none, and the Total's offset on its rows.

    A page may be corrected by the displacement of a row's Total from the Total field
    (read by the row's own arithmetic: the last number equal to the sum of those before
    it). Rows without a page are never corrected.
    """
    out: dict[int, set[int]] = {}
    for row in rows:
        if row.page is None:
            continue
        options = out.setdefault(row.page, {0})
        for tokens in rd.tokenize(row.fields):
            values = [t.value for t in tokens]
            for i in reversed(range(max(0, len(values) - 3), len(values))):
                if values[i] and sum(values[:i]) == values[i]:
                    options.add(layout.n_grades - tokens[i].field)
                    break
    return {p: tuple(sorted(b for b in bs if abs(b) <= 1)) for p, bs in sorted(out.items())}


@attrs.frozen(kw_only=True)
class Table:
    """A nationality table under one cost model: rows, readings with costs, totals.

    Attributes
    ----------
    layout
        Its columns.
    rows
        The printed rows.
    candidates
        The readings of each row with their costs (none may be empty).
    totals
        The published Total row (column -> value); missing columns are free.
    excluded
        (row, column) cells the published Total row does not count (an erratum).
    page_cost
        Cost of one page correction (pages with a single baseline never pay it).
    """

    layout: rd.Layout
    rows: tuple[rd.RawRow, ...]
    candidates: tuple[tuple[Candidate, ...], ...]
    totals: Mapping[str, int]
    excluded: frozenset[tuple[int, str]] = frozenset()
    page_cost: int = PAGE_COST

    viable: tuple[frozenset[int], ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        problem = rd.Problem(
            layout=self.layout,
            rows=self.rows,
            readings=tuple(tuple(c.reading for c in cs) for cs in self.candidates),
            totals=self.totals,
            excluded=self.excluded,
        )
        object.__setattr__(self, "viable", problem.viable)

    def key(self, r: int, k: int) -> tuple[int, ...]:
        """The values of reading ``k`` of row ``r``."""
        return self.candidates[r][k].reading.values

    def index(self, r: int, values: Sequence[int]) -> int:
        """The reading of row ``r`` with these values."""
        for k, cand in enumerate(self.candidates[r]):
            if cand.reading.values == tuple(values):
                return k
        msg = f"{self.layout.table}: no reading {tuple(values)} of {self.rows[r].label!r}"
        raise rd.ProofError(msg)
