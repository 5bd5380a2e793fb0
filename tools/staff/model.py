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
* **no cap**: every order-preserving placement of a row's numbers is a reading (a
  finite set); :mod:`tools.staff.space` prices them all through the linear relaxation
  and hands the search exactly those that can be in a choice within
  :data:`MAX_EXTRA` of the least cost.
* **search** (:mod:`tools.staff.optimum`): the least cost of a choice meeting every
  published column total; every reading of some least-cost choice; for the rows these
  leave open, every reading up to :data:`LISTED` dearer (an adapter may list less far
  for a table, saying why), with its extra cost.
* **models**: the same search runs under other cost models (a :class:`Table` carries
  the readings and their costs); :mod:`tools.staff.certainty` calls a cell certain
  only where every model's optimal choices agree, and gives its bounds over all of them.

Only numbers flow through here; the editions' adapters supply rows, costs and words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import attrs

from tools.staff import readings as rd
from tools.staff import solver as so

__all__ = [
    "ENGINE_VERSION",
    "FEWEST_EDITS",
    "LISTED",
    "LOST_PENALTY",
    "MAX_EXTRA",
    "MODELS",
    "PAGE_COST",
    "ROW_LADDER",
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
        ``edits`` its empty-field edits alone.
    """

    reading: rd.Reading
    costs: tuple[tuple[int, int, int], ...]

    @property
    def least(self) -> int:
        """The cheapest cost under any page correction."""
        return min(c for _, c, _ in self.costs)


def enumerate_candidates(
    row: rd.RawRow, layout: rd.Layout, *, baselines: Sequence[int] = (0,)
) -> tuple[Candidate, ...]:
    """Every reading of ``row``, costed per page correction (no cap; small rows only).

    The build never lists a whole space (:mod:`tools.staff.space` prices it instead);
    this lists one row's, for tests and worked examples. A lost grade cell or a number
    printed twice is part of the space only for a row that no reading using every
    printed number exactly once fits.

    Examples
    --------
    >>> layout = rd.Layout(table="T", category="c", grades=("A", "B"))
    >>> row = rd.RawRow(label="x", fields=("", "2", "2", "2", ""), line=1)
    >>> [(c.reading.values, c.least) for c in enumerate_candidates(row, layout)]
    [((0, 2, 2, 2, 0), 0), ((2, 0, 2, 2, 0), 2)]
    """
    from tools.staff import space

    found = space.materialize(space.row_space(row, layout, baselines, LOST_PENALTY), layout)
    return tuple(Candidate(reading=reading, costs=costs) for reading, costs in found)


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
    bounds
        Per row, reading index -> a lower bound on the cost of any choice containing
        it (the linear relaxation over the whole space, :mod:`tools.staff.space`), or
        None: the search then solves the relaxation over these readings itself.
    """

    layout: rd.Layout
    rows: tuple[rd.RawRow, ...]
    candidates: tuple[tuple[Candidate, ...], ...]
    totals: Mapping[str, int]
    excluded: frozenset[tuple[int, str]] = frozenset()
    page_cost: int = PAGE_COST
    bounds: tuple[Mapping[int, float], ...] | None = attrs.field(default=None, eq=False)

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
