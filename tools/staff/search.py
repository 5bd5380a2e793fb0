"""A nationality table as printed, and the facts the search reads from its pages.

:func:`page_flags` marks the pages whose rows lost their last column or print F and M
in one field (facts read from each page's arithmetic); :func:`omitted_row_options` finds
the rows a Total row may leave out. The search itself is :mod:`tools.staff.optimum`'s,
run per table and model by :mod:`tools.staff.tables`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from tools.staff.readings import (
    TOTAL,
    Layout,
    RawRow,
    Reading,
    parse_count,
    tokenize,
)

__all__ = ["PrintedTable", "omitted_row_options", "page_flags"]


@attrs.frozen(kw_only=True)
class PrintedTable:
    """A nationality table as printed: its rows and its Total row."""

    rows: tuple[RawRow, ...]
    total: Mapping[str, int]
    total_line: int


def page_flags(rows: Sequence[RawRow]) -> list[RawRow]:
    """Mark the rows of pages whose last column was lost or whose F and M share a field.

    Both are facts of a page, read from its rows' arithmetic: a page lost its M column
    when no row on it prints two numbers after its Total while some row's lone number
    after the Total is smaller than the Total (so M, nonzero, is missing); a page prints
    F and M in one field when some row's last field holds two numbers that add up to the
    number before them.
    """
    out = []
    pages = sorted({r.page for r in rows if r.page is not None})
    by_page = {p: [r for r in rows if r.page == p] for p in pages}
    for members in by_page.values():
        joined = any(_joined_sexes(r) for r in members)
        tails = [_tail_after_total(r) for r in members]
        lost_m = not any(len(t) == 2 for t in tails if t is not None) and any(
            t is not None and len(t) == 1 and t[0][1] < t[0][0] for t in tails
        )
        for r in members:
            out.append(attrs.evolve(r, lost_columns=("M",) if lost_m else (), joined_sexes=joined))
    return out


def _joined_sexes(row: RawRow) -> bool:
    last = [f for f in row.fields if f.strip()]
    if len(last) < 2:
        return False
    groups = last[-1].split()
    if len(groups) != 2 or len(groups[1]) == 3:
        return False
    try:
        before = parse_count(last[-2])
    except ValueError:
        return False
    return int(groups[0]) + int(groups[1]) == before


def _tail_after_total(row: RawRow) -> list[tuple[int, int]] | None:
    """[(Total, number)] for each number after the Total, by the row's own arithmetic."""
    tokens = tokenize(row.fields)[0]
    values = [t.value for t in tokens]
    # The Total is the last number that equals the sum of the numbers before it.
    for i in reversed(range(max(0, len(values) - 3), len(values))):
        if sum(values[:i]) == values[i]:
            return [(values[i], v) for v in values[i + 1 :]]
    return None


def omitted_row_options(
    printed: PrintedTable, layout: Layout, readings: Sequence[tuple[Reading, ...]]
) -> list[int | None]:
    """Rows the Total row's grade cells may leave out (None: it leaves out none).

    When the printed grade cells of the Total row fall short of its own Total by a
    gap, the rows whose Total equals the gap in every reading are the candidates.
    """
    gap = printed.total[TOTAL] - sum(printed.total[g] for g in layout.grades)
    if gap == 0:
        return [None]
    t = layout.index(TOTAL)
    return [i for i, rs in enumerate(readings) if {r.values[t] for r in rs} == {gap}]
