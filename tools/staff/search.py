"""The search for readings that meet every published total, and its cache.

Before the search, :func:`page_flags` marks the pages whose rows lost their last column
or print F and M in one field (facts read from each page's arithmetic).

A table whose rows lost their column positions is read under a ladder of whitespace
models (:class:`~tools.staff.readings.Policy`), tightest first: the first model under
which some reading of every row meets every published total is used. The integer
programs (:mod:`tools.staff.solver`) then prove the admissible readings of each row and
fix the shipped choice. That takes minutes, so what they decide (:class:`Search`) is
cached, keyed on the search's inputs and :data:`~tools.staff.solver.ENGINE_VERSION`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from tools.staff.readings import (
    TOTAL,
    Layout,
    Policy,
    Problem,
    ProofError,
    RawRow,
    Reading,
    enumerate_readings,
    parse_count,
    tokenize,
)
from tools.staff.solver import (
    admissible_readings,
    canonical_choice,
    search_key,
    solve,
    solve_or_none,
)
from tools.staff.statuses import Override, Resolution, match_overrides, resolve

__all__ = [
    "PrintedTable",
    "Search",
    "cache_key",
    "page_flags",
    "read_search_cache",
    "recover",
    "search",
    "search_inputs",
    "write_search_cache",
]


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


def _readings(
    printed: PrintedTable, layout: Layout, policy: Policy
) -> list[tuple[Reading, ...]] | None:
    """Every row's readings under ``policy``, or None when some row has none."""
    readings = [enumerate_readings(row, layout, policy) for row in printed.rows]
    return None if any(not r for r in readings) else readings


def _omitted_row_options(
    printed: PrintedTable, layout: Layout, readings: Sequence[tuple[Reading, ...]]
) -> list[int | None]:
    """Rows the Total row's grade cells may leave out (None: it leaves out none).

    When the printed grade cells of the Total row fall short of its own Total by a
    gap, the rows whose Total equals the gap are the candidates.
    """
    gap = printed.total[TOTAL] - sum(printed.total[g] for g in layout.grades)
    if gap == 0:
        return [None]
    t = layout.index(TOTAL)
    return [i for i, rs in enumerate(readings) if {r.values[t] for r in rs} == {gap}]


def _problem(
    printed: PrintedTable,
    layout: Layout,
    readings: Sequence[tuple[Reading, ...]],
    omitted: int | None,
) -> Problem:
    excluded = (
        frozenset((omitted, g) for g in layout.grades) if omitted is not None else frozenset()
    )
    return Problem(
        layout=layout,
        rows=printed.rows,
        readings=tuple(readings),
        totals=printed.total,
        excluded=excluded,
    )


@attrs.frozen(kw_only=True)
class Search:
    """What the integer programs decide for one table (the slow part of the build).

    Attributes
    ----------
    policy
        Index into the ladder of whitespace models (:func:`search`) of the one used.
    omitted
        Row index the Total row's grade cells leave out, or None.
    chosen
        The shipped reading index per row (:func:`~tools.staff.solver.canonical_choice`).
    free
        Admissible readings without the reviewed overrides (row -> indices).
    admissible
        Admissible readings with the overrides imposed (row -> indices).
    """

    policy: int
    omitted: int | None
    chosen: tuple[int, ...]
    free: Mapping[int, tuple[int, ...]]
    admissible: Mapping[int, tuple[int, ...]]

    def to_json(self) -> dict[str, object]:
        """A JSON-ready mapping (row keys as strings)."""
        return {
            "policy": self.policy,
            "omitted": self.omitted,
            "chosen": list(self.chosen),
            "free": {str(r): list(ks) for r, ks in sorted(self.free.items())},
            "admissible": {str(r): list(ks) for r, ks in sorted(self.admissible.items())},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Search:
        """Inverse of :meth:`to_json`."""
        return cls(
            policy=int(data["policy"]),
            omitted=None if data["omitted"] is None else int(data["omitted"]),
            chosen=tuple(int(k) for k in data["chosen"]),
            free={int(r): tuple(int(k) for k in ks) for r, ks in data["free"].items()},
            admissible={int(r): tuple(int(k) for k in ks) for r, ks in data["admissible"].items()},
        )


def search(
    printed: PrintedTable,
    layout: Layout,
    ladder: Sequence[Policy],
    overrides: Mapping[str, Override],
) -> Search:
    """Run the integer programs: whitespace model, omitted row, admissible readings.

    Every program prefers the readings that keep *trusted* rows (rows with a reading
    that takes them as printed) as printed (``faithful``; see
    :func:`~tools.staff.solver.solve`).
    """
    for index, policy in enumerate(ladder):
        readings = _readings(printed, layout, policy)
        if readings is None:
            continue
        feasible = []
        for omitted in _omitted_row_options(printed, layout, readings):
            problem = _problem(printed, layout, readings, omitted)
            chosen = solve_or_none(problem, faithful=True)
            if chosen is not None:
                feasible.append((omitted, problem, chosen))
        if not feasible:
            continue
        if len(feasible) > 1:
            names = [printed.rows[o].label for o, _, _ in feasible if o is not None]
            msg = f"{layout.table}: the Total row may leave out any of {names}"
            raise ProofError(msg)
        omitted, problem, chosen = feasible[0]
        free = admissible_readings(problem, chosen, faithful=True)
        admissible: Mapping[int, tuple[int, ...]] = free
        matched = match_overrides(problem, overrides)
        allowed: dict[int, frozenset[int]] | None = None
        if matched:
            # Impose the reviewed readings and ask again, from scratch, which readings
            # stay admissible (the overrides may move the optimum).
            allowed = {r: ks for r, (ks, _) in matched.items()}
            chosen = solve(problem, allowed=allowed, faithful=True)
            admissible = admissible_readings(problem, chosen, allowed=allowed, faithful=True)
        chosen = canonical_choice(problem, chosen, admissible, allowed=allowed, faithful=True)
        return Search(
            policy=index, omitted=omitted, chosen=chosen, free=free, admissible=admissible
        )
    msg = f"{layout.table}: no whitespace model lets the rows meet the published totals"
    raise ProofError(msg)


def recover(
    printed: PrintedTable,
    layout: Layout,
    ladder: Sequence[Policy],
    overrides: Mapping[str, Override],
    found: Search,
) -> tuple[Problem, list[Resolution]]:
    """The table's problem and every row's cell statuses, as ``found`` decided them.

    ``found`` may come from the cache; the shipped choice is still checked against
    every published total by the proofs (:meth:`~tools.staff.proofs.Proofs.check_table`).
    """
    readings = _readings(printed, layout, ladder[found.policy])
    if readings is None:  # pragma: no cover - the search found readings of every row
        msg = f"{layout.table}: a row has no reading under the cached whitespace model"
        raise ProofError(msg)
    problem = _problem(printed, layout, readings, found.omitted)
    matched = match_overrides(problem, overrides)
    resolutions = resolve(
        problem, found.chosen, found.admissible, free_admissible=found.free, matched=matched
    )
    return problem, resolutions


def search_inputs(
    tables: Mapping[str, tuple[Layout, PrintedTable, Mapping[str, Override]]],
    ladder: Sequence[Policy],
) -> dict[str, object]:
    """Everything the searches decide from, JSON-ready: the key's input (:func:`cache_key`).

    Per table its layout, rows as read (with their page facts), Total row and the
    overrides without their reasoning (prose that decides nothing); and the ladder. How
    the search uses them is :data:`~tools.staff.solver.ENGINE_VERSION`.
    """
    described: dict[str, object] = {}
    for table, (layout, printed, overrides) in tables.items():
        described[table] = {
            "layout": attrs.asdict(layout),
            "rows": [attrs.asdict(row) for row in printed.rows],
            "totals": dict(printed.total),
            "overrides": [
                {"id": o.id, "label": o.label, "cells": dict(o.cells)} for o in overrides.values()
            ],
        }
    policies = [
        attrs.asdict(
            policy,
            value_serializer=lambda _, __, v: sorted(v) if isinstance(v, frozenset) else v,
        )
        for policy in ladder
    ]
    return {"tables": described, "policies": policies}


def cache_key(
    tables: Mapping[str, tuple[Layout, PrintedTable, Mapping[str, Override]]],
    ladder: Sequence[Policy],
) -> str:
    """The cache key of the searches: :func:`~tools.staff.solver.search_key` of the inputs."""
    return search_key(search_inputs(tables, ladder))


def read_search_cache(key: str, path: Path) -> dict[str, Search]:
    """Cached searches by table, or nothing when the cache was made from other inputs."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("key") != key:
        return {}
    return {table: Search.from_json(entry) for table, entry in data["tables"].items()}


def write_search_cache(key: str, searches: Mapping[str, Search], path: Path) -> None:
    """Record the searches for the next build (rewrites ``path`` only if they changed)."""
    data = {"key": key, "tables": {t: s.to_json() for t, s in sorted(searches.items())}}
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
