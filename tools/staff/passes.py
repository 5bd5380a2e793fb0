"""Which readings each program of the listing (:func:`tools.staff.optimum._layers`) asks about.

The listing asks the solver, level by level, for a choice within the level's cap that
uses a reading not yet found. Three passes cut the cost of asking: a row's *core*
readings first (:func:`core`: small programs that find most readings fast); then every
reading within reach, but counting as new only those that cost their row other than the
best choice's reading does (:func:`same_cost`: a choice pays or saves on few rows, and
those readings are few); last, the readings found so far together with those costing the
same (:func:`found_or_same`), a far smaller program.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tools.staff.model import Table
    from tools.staff.optimum import _Choice

__all__ = ["CORE", "core", "cost_of", "found_or_same", "same_cost"]

Keep = Sequence[frozenset[int]]


def cost_of(table: Table, r: int, k: int, base: int) -> int | None:
    """The cost of reading ``k`` of row ``r`` under page correction ``base`` (None: impossible)."""
    for b, c, _ in table.candidates[r][k].costs:
        if b == base:
            return c
    return None


#: Readings of a row up to this much dearer than its cheapest are its *core*.
CORE: int = 2


def core(table: Table, near: Keep, best: _Choice, extra: list[dict[int, int]]) -> Keep:
    """Per row: the readings of ``near`` near its cheapest or the best choice's reading.

    Near: at most :data:`CORE` dearer than the dearer of the two. A row the totals force
    away from its cheapest reading has its other optimal readings near the forced one,
    not near the cheapest. The readings already found are kept too.
    """
    out = []
    for r, ks in enumerate(near):
        cheapest = min(table.candidates[r][k].least for k in ks)
        chosen = cost_of(table, r, best.readings[r], best.bases[r])
        ceiling = max(cheapest, cheapest if chosen is None else chosen) + CORE
        out.append(
            frozenset(
                k
                for k in ks
                if k in extra[r]
                or k == best.readings[r]
                or table.candidates[r][k].least <= ceiling
            )
        )
    return out


def same_cost(table: Table, near: Keep, best: _Choice) -> list[frozenset[int]]:
    """Per row: the readings of ``near`` costing what the best choice's reading of it costs.

    Costed under the page correction the best choice takes; a reading not possible
    under it is not among them.
    """
    out = []
    for r, ks in enumerate(near):
        here = cost_of(table, r, best.readings[r], best.bases[r])
        out.append(frozenset(k for k in ks if cost_of(table, r, k, best.bases[r]) == here))
    return out


def found_or_same(
    near: Keep,
    same: Sequence[frozenset[int]],
    extra: Sequence[Mapping[int, int]],
    asked: Collection[int],
) -> list[frozenset[int]]:
    """Per row asked about: the readings of ``near`` found so far or costing the same.

    Costing the same: as the best choice's reading of the row (:func:`same_cost`).
    Asked about once the second pass has found, for every row in ``asked``, each
    reading that costs it other than the best choice's and lies in a choice within the
    level's cap: every such choice then takes the readings of those rows from these, so
    the smaller program misses none. The other rows keep all of ``near`` (their dearer
    readings were not looked for).
    """
    return [ks & (same[r] | extra[r].keys()) if r in asked else ks for r, ks in enumerate(near)]
