"""The integer programs of the error model (:mod:`tools.staff.model`).

:func:`search` finds the least cost of a table, every reading of some least-cost choice
(the solver's infeasibility proves there are no others) and the shipped choice by a
fixed rule; :func:`extend` adds, for some rows, every reading up to a given extra cost
with that cost. Each row's variables are costed per page correction; a page that may
be corrected has one variable per correction.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix

from tools.staff import passes as ps
from tools.staff import progress as pg
from tools.staff import readings as rd
from tools.staff.model import MAX_EXTRA, Table
from tools.staff.progress import OutOfTime, check_time, debug, time_limit

__all__ = [
    "OutOfTime",
    "Outcome",
    "extend",
    "extra_cost",
    "least_cost",
    "relaxation_bound",
    "search",
    "time_limit",
]

Keep = Sequence[frozenset[int]]


@attrs.frozen(kw_only=True)
class _Choice:
    """One reading per row (with the page correction it is costed under) and the cost."""

    cost: int
    readings: tuple[int, ...]
    bases: tuple[int, ...]


@attrs.frozen(kw_only=True)
class _Program:
    """The integer program of a table: variables, costs and constraints."""

    variables: tuple[tuple[int, int, int], ...]  # (row, reading, page correction)
    cost: np.ndarray
    matrix: csr_matrix
    lower: np.ndarray
    upper: np.ndarray
    #: Upper bound of each variable: 1, but for the parity's integer (see :func:`_program`).
    most: np.ndarray


def _program(
    table: Table,
    keep: Keep,
    *,
    cap: int | None = None,
    novel: Mapping[int, set[int]] | None = None,
    fix: Mapping[int, int] | None = None,
    parity: bool = False,
) -> _Program | None:
    """The program over the readings in ``keep`` (None when a row has none left).

    Variables: one per (row, reading, page correction) and one per (page, correction)
    of every page that may be corrected. Constraints: each row takes one reading (on a
    correctable page, its readings under each correction add up to the page's variable
    for it, and each page takes one correction); each column meets its published total;
    ``cap`` bounds the cost; ``novel`` asks for at least one reading not yet known.

    ``parity`` (with ``cap``) is for a caller who knows that every choice it asks for
    costs exactly ``cap``, as the levels of :func:`_layers` do: the cost's parity is
    then a constraint (the variables of odd cost, less twice one more integer
    variable, add up to the parity of ``cap``). Every choice costing exactly ``cap``
    meets it, and no choice of the other parity does (both tested).
    """
    layout = table.layout
    columns = [c for c in layout.columns if c in table.totals]
    n = len(table.rows)
    only = {r: frozenset({k}) for r, k in (fix or {}).items()}
    pages: dict[int, set[int]] = {}
    variables: list[tuple[int, int, int]] = []
    for r in range(n):
        ks = only.get(r, keep[r])
        if not ks:
            return None
        page = table.rows[r].page
        for k in sorted(ks):
            for base, _, _ in table.candidates[r][k].costs:
                variables.append((r, k, base))
                if page is not None:
                    pages.setdefault(page, set()).add(base)
    multi = {p: sorted(bs) for p, bs in pages.items() if len(bs) > 1}
    page_vars = [(p, b) for p, bs in sorted(multi.items()) for b in bs]
    n_x = len(variables)
    n_var = n_x + len(page_vars)
    rows_of: dict[tuple[int, int | None], int] = {}
    cons = 0
    for r in range(n):
        page = table.rows[r].page
        corrections: list[int | None] = [None]
        if page is not None and page in multi:
            corrections = list(multi[page])
        for b in corrections:
            rows_of[(r, b)] = cons
            cons += 1
    page_con = {p: cons + i for i, p in enumerate(sorted(multi))}
    cons += len(multi)
    col_con = {c: cons + i for i, c in enumerate(columns)}
    cons += len(columns)
    cap_con = cons if cap is not None else None
    cons += cap is not None
    novel_con = cons if novel is not None else None
    cons += novel is not None
    entries: list[tuple[int, int, float]] = []
    cost = np.zeros(n_var)
    for j, (r, k, base) in enumerate(variables):
        cand = table.candidates[r][k]
        page = table.rows[r].page
        entries.append((rows_of[(r, base if page in multi else None)], j, 1.0))
        for c in columns:
            value = cand.reading.values[layout.index(c)]
            if value and (r, c) not in table.excluded:
                entries.append((col_con[c], j, float(value)))
        cost[j] = next(c for b, c, _ in cand.costs if b == base)
        if novel_con is not None and novel is not None and r in novel and k not in novel[r]:
            entries.append((novel_con, j, 1.0))
    for i, (p, base) in enumerate(page_vars):
        j = n_x + i
        cost[j] = table.page_cost if base != 0 else 0
        entries.append((page_con[p], j, 1.0))
        entries += [(rows_of[(r, base)], j, -1.0) for r in range(n) if table.rows[r].page == p]
    if cap_con is not None:
        entries += [(cap_con, j, float(v)) for j, v in enumerate(cost) if v]
    lower = np.zeros(cons)
    upper = np.zeros(cons)
    for (_, b), i in rows_of.items():
        lower[i] = upper[i] = 1.0 if b is None else 0.0
    for i in page_con.values():
        lower[i] = upper[i] = 1.0
    for c, i in col_con.items():
        lower[i] = upper[i] = float(table.totals[c])
    if cap_con is not None and cap is not None:
        lower[cap_con], upper[cap_con] = -np.inf, float(cap)
    if novel_con is not None:
        lower[novel_con], upper[novel_con] = 1.0, np.inf
    most = np.ones(n_var)
    if parity and cap is not None:
        odd = [j for j, v in enumerate(cost) if round(v) % 2]
        entries += [(cons, j, 1.0) for j in odd] + [(cons, n_var, -2.0)]
        lower = np.append(lower, cap % 2)
        upper = np.append(upper, cap % 2)
        cost = np.append(cost, 0.0)
        most = np.append(most, np.inf)
        cons += 1
        n_var += 1
    i_idx, j_idx, data = zip(*entries, strict=True)
    return _Program(
        variables=tuple(variables),
        cost=cost,
        matrix=csr_matrix((data, (i_idx, j_idx)), shape=(cons, n_var)),
        lower=lower,
        upper=upper,
        most=most,
    )


def _solve(
    table: Table,
    keep: Keep,
    *,
    cap: int | None = None,
    novel: Mapping[int, set[int]] | None = None,
    fix: Mapping[int, int] | None = None,
    feasibility: bool = False,
    most_novel: float | None = None,
) -> _Choice | None:
    """A least-cost choice meeting every total, or None.

    ``keep`` restricts each row's readings; ``cap`` bounds the cost; ``novel`` asks for
    the cheapest choice with at least one reading not yet known; ``fix`` imposes
    readings; ``feasibility`` (without ``novel``) returns any choice within ``cap``.
    ``most_novel`` (seconds, with ``novel`` and ``cap``) asks instead for a choice
    within ``cap`` that uses as many readings not yet known as the solver finds in that
    time: a way to find many at once, never a proof (None may mean "not found in time").
    With ``novel``, every reading of a choice cheaper than ``cap`` must be known (as at
    the levels of :func:`_layers`): every choice asked for then costs exactly ``cap``,
    and the program constrains the cost's parity (see :func:`_program`).
    """
    check_time()
    prog = _program(table, keep, cap=cap, novel=novel, fix=fix, parity=novel is not None)
    if prog is None:
        return None
    n_var = len(prog.cost)
    # With ``novel``, the cost is still the goal: the relaxation then bounds the search,
    # which finds a choice with a new reading several times faster than any choice.
    goal = np.zeros(n_var) if feasibility and novel is None else prog.cost
    options: dict[str, float] = {}
    if most_novel is not None and novel is not None:
        goal = -np.array(
            [float(r in novel and k not in novel[r]) for r, k, _ in prog.variables]
            + [0.0] * (n_var - len(prog.variables))
        )
        options["time_limit"] = most_novel
    result = milp(
        goal,
        constraints=LinearConstraint(prog.matrix, prog.lower, prog.upper),
        integrality=np.ones(n_var),
        bounds=Bounds(0, prog.most),
        options=options,
    )
    if result.x is None or (result.status != 0 and not options):
        return None
    chosen = [0] * len(table.rows)
    bases = [0] * len(table.rows)
    for j, (r, k, b) in enumerate(prog.variables):
        if result.x[j] > 0.5:
            chosen[r], bases[r] = k, b
    return _Choice(
        cost=round(float(prog.cost @ np.round(result.x))),
        readings=tuple(chosen),
        bases=tuple(bases),
    )


def relaxation_bound(table: Table) -> float | None:
    """The linear relaxation's optimum over every viable reading (None: infeasible)."""
    relaxed = _relaxation(table, list(table.viable))
    return None if relaxed is None else float(relaxed[1].fun)


def _relaxation(table: Table, keep: Keep) -> tuple[_Program, Any] | None:
    """The linear relaxation of the program over ``keep`` and its solution (None: infeasible)."""
    check_time()
    prog = _program(table, keep)
    if prog is None:
        return None
    eq = prog.lower == prog.upper
    result = linprog(
        prog.cost, A_eq=prog.matrix[eq], b_eq=prog.lower[eq], bounds=(0, 1), method="highs-ds"
    )
    return (prog, result) if result.status == 0 else None


def _lp_bounds(table: Table, keep: Keep) -> dict[tuple[int, int], float]:
    """A lower bound on the cheapest choice containing each reading (LP reduced costs).

    At an optimum of the linear relaxation with duals ``y``, every choice ``x`` costs
    ``y.b + rc.x`` where ``rc = c - A'y``; so one that takes a reading whose variable has
    reduced cost ``rc_j >= 0`` costs at least the relaxation's optimum plus ``rc_j``.
    """
    if table.bounds is not None:
        return {(r, k): table.bounds[r][k] for r, ks in enumerate(keep) for k in ks}
    relaxed = _relaxation(table, keep)
    if relaxed is None:  # pragma: no cover - keep comes from a feasible table
        msg = f"{table.layout.table}: the linear relaxation is infeasible"
        raise rd.ProofError(msg)
    prog, result = relaxed
    eq = prog.lower == prog.upper
    reduced = prog.cost - prog.matrix[eq].T @ result.eqlin.marginals
    out: dict[tuple[int, int], float] = {}
    for j, (r, k, _) in enumerate(prog.variables):
        bound = float(result.fun) + max(0.0, float(reduced[j]))
        out[(r, k)] = min(out.get((r, k), np.inf), bound)
    return out


def _optimum(table: Table, keep: Keep, limit: int) -> tuple[_Choice, list[frozenset[int]]] | None:
    """A least-cost choice from ``keep``, and the readings within ``limit`` of it.

    The integer program over every reading is slow; so a choice is first sought among
    each row's cheapest readings (widening until one is found), its cost bounds the
    optimum from above, the linear relaxation sets aside every reading that cannot be in
    a choice within ``limit`` of that bound, and the program runs on the rest.
    """
    debug(f"{table.layout.table}: optimum over {sum(map(len, keep))} readings")
    # With bounds from the whole space the relaxation is known to be feasible, and
    # solving it again over many readings costs more than the integer programs.
    given = table.bounds is not None
    if not given and _relaxation(table, keep) is None:
        return None
    debug("relaxation feasible")
    least = [
        min((table.candidates[r][k].least for k in ks), default=0) for r, ks in enumerate(keep)
    ]
    incumbent = None
    for width in (0, 1, 2, 4):
        cheap = [
            frozenset(k for k in ks if table.candidates[r][k].least <= least[r] + width)
            for r, ks in enumerate(keep)
        ]
        debug(f"width {width}: {sum(map(len, cheap))} readings")
        if given or _relaxation(table, cheap) is not None:
            incumbent = _solve(table, cheap)
            debug(f"incumbent {incumbent and incumbent.cost}")
            if incumbent is not None:
                break
    near = list(keep)
    if incumbent is not None:
        near = _near(table, keep, incumbent, limit)
    debug(f"near: {sum(map(len, near))} readings")
    best = _solve(table, near)
    debug(f"best {best and best.cost}")
    if best is None:
        return None
    return best, _near(table, near, best, limit)


def _neighbours(table: Table, keep: Keep, choice: _Choice, cap: int) -> Iterator[_Choice]:
    """Choices within ``cap`` that change one or two rows of ``choice`` (page corrections kept).

    A cheap way to find many readings of near-optimal choices before the integer program
    is asked for the rest: two rows can trade readings when their changes to the column
    sums cancel.
    """
    layout = table.layout
    columns = [layout.index(c) for c in layout.columns if c in table.totals]
    names = [c for c in layout.columns if c in table.totals]
    by_delta: dict[tuple[int, ...], list[tuple[int, int, int]]] = {}
    here = [
        ps.cost_of(table, r, choice.readings[r], choice.bases[r]) or 0 for r in range(len(keep))
    ]
    # The most one row can save: a change may cost that much more and still be traded.
    saving = max(
        here[r] - min(c for k in ks if (c := ps.cost_of(table, r, k, choice.bases[r])) is not None)
        for r, ks in enumerate(keep)
    )
    for r, ks in enumerate(keep):
        now = table.candidates[r][choice.readings[r]].reading.values
        base = choice.bases[r]
        for k in ks:
            if k == choice.readings[r]:
                continue
            c = ps.cost_of(table, r, k, base)
            if c is None or choice.cost + c - here[r] > cap + max(saving, 0):
                continue
            values = table.candidates[r][k].reading.values
            delta = tuple(
                0 if (r, name) in table.excluded else values[i] - now[i]
                for i, name in zip(columns, names, strict=True)
            )
            by_delta.setdefault(delta, []).append((r, k, c - here[r]))
    zero = tuple(0 for _ in columns)
    for r, k, dc in by_delta.get(zero, []):
        if choice.cost + dc <= cap:
            readings = _with(choice.readings, {r: k})
            yield attrs.evolve(choice, cost=choice.cost + dc, readings=readings)
    for delta, entries in by_delta.items():
        if delta == zero or delta > tuple(-d for d in delta):
            continue
        for (r1, k1, c1), (r2, k2, c2) in itertools.product(
            entries, by_delta.get(tuple(-d for d in delta), [])
        ):
            if r1 != r2 and choice.cost + c1 + c2 <= cap:
                readings = _with(choice.readings, {r1: k1, r2: k2})
                yield attrs.evolve(choice, cost=choice.cost + c1 + c2, readings=readings)


def _with(readings: tuple[int, ...], changes: Mapping[int, int]) -> tuple[int, ...]:
    return tuple(changes.get(r, k) for r, k in enumerate(readings))


def _near(table: Table, keep: Keep, best: _Choice, limit: int) -> list[frozenset[int]]:
    """The readings of ``keep`` whose linear-relaxation bound is within ``limit``."""
    bounds = _lp_bounds(table, keep)
    return [
        frozenset(
            k for k in ks if k == best.readings[r] or bounds[(r, k)] <= best.cost + limit + 1e-6
        )
        for r, ks in enumerate(keep)
    ]


def _layers(
    table: Table,
    near: Keep,
    best: _Choice,
    levels: range,
    extra: list[dict[int, int]],
    rows: frozenset[int] | None = None,
) -> None:
    """Add to ``extra`` every reading of ``rows`` (default all) within the levels.

    ``extra[r]`` maps a reading of row ``r`` to its extra cost: the cost of the cheapest
    choice containing it minus the least cost (``best.cost``); it must already hold
    every reading of the lower levels. Level by level, every reading of a choice within
    the level's cost that no lower level holds costs exactly the level; such choices are
    found by trading readings between rows (:func:`_neighbours`) and by the integer
    program, asked again and again for a choice within the level that uses a reading of
    ``rows`` not yet found, until it proves that none exists (in three passes, see
    :mod:`tools.staff.passes`). ``near`` must hold every reading within the last level
    (:func:`_near`). With a progress directory set (:mod:`tools.staff.progress`), what
    is found is saved after every new reading and every finished pass, and a later run
    on the same question takes it up.
    """
    asked = [r for r in range(len(table.rows)) if rows is None or r in rows]
    wanted = [r for r in asked if len(near[r]) > 1]
    progress = pg.resume(table, near, best, levels, extra, asked)
    same = ps.same_cost(table, near, best)
    pool = [best]
    for level in levels:
        if level in progress.done:
            continue
        cap = best.cost + level

        def settle(choice: _Choice, level: int = level) -> bool:
            new = False
            for r, k in enumerate(choice.readings):
                if k not in extra[r]:
                    extra[r][k] = level
                    new = True
            return new

        def explore(frontier: list[_Choice], cap: int = cap) -> None:
            while frontier:
                choice = frontier.pop()
                for other in _neighbours(table, near, choice, cap):
                    if settle(other):
                        frontier.append(other)
                        pool.append(other)

        explore(list(pool))
        # Ask for the cheapest choice within the cap that has a reading not yet found:
        # first among the rows' core readings (small programs find most of them fast);
        # then among all of ``near``, but new only where the reading costs its row other
        # than the best choice's does (the few readings that a choice pays or saves on);
        # once none is left, among those found and the ones costing the same, a far
        # smaller program that cannot miss a choice within the cap (any such choice's
        # paying or saving readings are found by then). The last two answers "none"
        # prove together that nothing is left at this level, so that the next level's
        # extra costs are exact.
        passes: tuple[tuple[Callable[[], Keep], bool], ...] = (
            (lambda: ps.core(table, near, best, extra), False),
            (lambda: near, True),
            (lambda: ps.found_or_same(near, same, extra, frozenset(asked)), False),
        )
        for step, (readings_of, only_dearer) in enumerate(passes, 1):
            if progress.passed.get(level, 0) >= step:
                continue
            keep = readings_of()
            # On a large program, first ask for as many new readings at once as the
            # solver finds in a few seconds; once that finds none, the exact question.
            hurry = sum(map(len, keep)) >= MOST_NOVEL_FROM
            while True:
                known = {
                    r: set(extra[r]) | (same[r] if only_dearer else set())
                    for r in wanted
                    if not keep[r] <= extra[r].keys() | (same[r] if only_dearer else set())
                }
                if not known:
                    break
                got = None
                if hurry:
                    got = _solve(table, keep, cap=cap, novel=known, most_novel=MOST_NOVEL_SECONDS)
                    hurry = got is not None and settle(got)
                if not hurry:
                    got = _solve(table, keep, cap=cap, novel=known, feasibility=True)
                    if got is None or not settle(got):
                        break
                assert got is not None
                pool.append(got)
                explore([got])
                progress.save(extra)
                debug(
                    f"{table.layout.table}: +{level}, pass {step}, {sum(map(len, extra))} readings"
                )
            progress.save(extra, passed=(level, step))
            debug(f"{table.layout.table}: +{level}, pass {step} done")
        progress.save(extra, finished=level)


#: Programs over at least this many readings first look for many new readings at once
#: (:func:`_layers`); smaller ones go straight to the exact question.
MOST_NOVEL_FROM: int = 3000
#: Seconds each such look may take.
MOST_NOVEL_SECONDS: float = 20.0


#: Worker processes :func:`_in_parallel` splits the rows between (1: none). The result
#: does not depend on it: every extra cost is exact whichever process finds it.
JOBS: int = int(os.environ.get("IOMDATA_SEARCH_JOBS", "1"))


def _layers_of(
    args: tuple[Table, Keep, _Choice, range, list[dict[int, int]], frozenset[int]],
) -> list[dict[int, int]]:
    table, near, best, levels, extra, rows = args
    _layers(table, near, best, levels, extra, rows)
    return extra


def _in_parallel(
    table: Table,
    near: Keep,
    best: _Choice,
    levels: range,
    extra: list[dict[int, int]],
    rows: frozenset[int] | None = None,
) -> None:
    """:func:`_layers`, with the rows split between :data:`JOBS` processes.

    Each process asks only for new readings of its own rows, level by level, so each
    row's extra costs are exact in the process that owns it (a reading of another row
    a process meets on the way may be given a level too high there, so only the owner's
    entries are kept).
    """
    wanted = sorted(r for r in range(len(table.rows)) if rows is None or r in rows)
    if JOBS <= 1 or len(wanted) < 2 * JOBS:
        _layers(table, near, best, levels, extra, rows)
        return
    groups = [frozenset(wanted[i::JOBS]) for i in range(JOBS)]
    work = [(table, near, best, levels, [dict(e) for e in extra], g) for g in groups]
    with multiprocessing.get_context("spawn").Pool(JOBS) as pool:
        results = pool.map(_layers_of, work)
    for group, found in zip(groups, results, strict=True):
        for r in group:
            extra[r] = found[r]


@attrs.frozen(kw_only=True)
class Outcome:
    """What the search finds for one table under one model.

    Attributes
    ----------
    optimum
        Least cost of a choice meeting every total (without overrides).
    free_optimal
        Per row: the readings of some least-cost choice without the overrides.
    imposed_optimum
        Least cost with the overrides imposed (= ``optimum`` without overrides).
    optimal
        Per row: the readings of some least-cost choice with the overrides imposed.
    extra
        Per row: reading index -> extra cost of the cheapest choice containing it, the
        overrides imposed (0 = in ``optimal``). Every optimal reading is listed;
        readings up to a limit are listed for the rows :func:`extend` was asked about.
    chosen
        The canonical least-cost choice with the overrides imposed (see :func:`search`).
    bases
        Per row, the page correction ``chosen`` is costed under (0 = none).
    """

    optimum: int
    free_optimal: tuple[frozenset[int], ...]
    imposed_optimum: int
    optimal: tuple[frozenset[int], ...]
    extra: tuple[Mapping[int, int], ...]
    chosen: tuple[int, ...]
    bases: tuple[int, ...]


def _optimal_readings(
    table: Table, keep: Keep, failure: str
) -> tuple[_Choice, list[dict[int, int]]]:
    """A least-cost choice from ``keep`` and, per row, its optimal readings (extra 0).

    Raises
    ------
    staff_common.ProofError
        ``failure`` (with the table's name) when no choice from ``keep`` meets the totals.
    """
    found = _optimum(table, keep, 0)
    if found is None:
        msg = f"{table.layout.table}: {failure}"
        raise rd.ProofError(msg)
    best, near = found
    extra: list[dict[int, int]] = [{k: 0} for k in best.readings]
    _in_parallel(table, near, best, range(1), extra)
    return best, extra


def search(table: Table, allowed: Mapping[int, frozenset[int]] | None = None) -> Outcome:
    """Least cost, every optimal reading, and the optimum with the overrides imposed.

    ``allowed`` restricts some rows to some readings (reviewed overrides). The shipped
    choice is fixed by a rule, not by the solver's tie-breaking: the rows with several
    optimal readings, in printed order, each take the first of them (cheapest, then
    smallest values) that the rows still open can complete to an optimal choice.

    Raises
    ------
    staff_common.ProofError
        If no choice meets every total, or none does with the overrides.
    """
    viable = list(table.viable)
    best, extra = _optimal_readings(
        table, viable, "no reading of the rows meets every published total"
    )
    imposed_optimum = best.cost
    free_optimal = [frozenset(ks) for ks in extra]
    optimal = free_optimal
    if allowed:
        restricted = [ks & allowed.get(r, ks) for r, ks in enumerate(viable)]
        imposed, extra = _optimal_readings(
            table, restricted, "the overrides cannot hold together with the totals"
        )
        imposed_optimum = imposed.cost
        optimal = [frozenset(ks) for ks in extra]
    fixed: dict[int, int] = {}
    for r, ks in enumerate(optimal):
        if len(ks) == 1:
            continue
        for k in sorted(ks):
            if _solve(table, optimal, cap=imposed_optimum, fix={**fixed, r: k}, feasibility=True):
                fixed[r] = k
                break
    final = _solve(table, optimal, cap=imposed_optimum, fix=fixed, feasibility=True)
    if final is None:  # pragma: no cover - the last trial was this very program
        msg = f"{table.layout.table}: the canonical choice does not meet the totals"
        raise rd.ProofError(msg)
    return Outcome(
        optimum=best.cost,
        free_optimal=tuple(free_optimal),
        imposed_optimum=imposed_optimum,
        optimal=tuple(optimal),
        extra=tuple(extra),
        chosen=final.readings,
        bases=final.bases,
    )


def least_cost(table: Table) -> int | None:
    """The least cost of a choice meeting every total (None: no choice does)."""
    found = _optimum(table, list(table.viable), 0)
    return None if found is None else found[0].cost


def extend(
    table: Table,
    outcome: Outcome,
    rows: frozenset[int],
    limit: int = MAX_EXTRA,
    allowed: Mapping[int, frozenset[int]] | None = None,
) -> Outcome:
    """``outcome`` with every reading of ``rows`` up to ``limit`` and its extra cost.

    Costs are taken with the overrides (``allowed``, as given to :func:`search`) imposed.
    """
    if not rows or limit <= 0:
        return outcome
    keep = _allowed(table, allowed)
    found = _optimum(table, keep, limit)
    if found is None or found[0].cost != outcome.imposed_optimum:  # pragma: no cover
        msg = f"{table.layout.table}: the optimum moved between two searches"
        raise rd.ProofError(msg)
    best, near = found
    extra = [dict(ks) for ks in outcome.extra]
    for r, k in enumerate(best.readings):
        extra[r].setdefault(k, 0)
    _in_parallel(table, near, best, range(1, limit + 1), extra, rows)
    return attrs.evolve(outcome, extra=tuple(extra))


def _allowed(table: Table, allowed: Mapping[int, frozenset[int]] | None) -> list[frozenset[int]]:
    return [ks & (allowed or {}).get(r, ks) for r, ks in enumerate(table.viable)]


def extra_cost(
    table: Table,
    outcome: Outcome,
    r: int,
    k: int,
    allowed: Mapping[int, frozenset[int]] | None = None,
) -> int | None:
    """Cost of the cheapest choice with reading ``k`` of row ``r``, above the optimum.

    Both with the overrides (``allowed``) imposed. None: no choice meeting every total
    contains the reading (under another model's readings, the shipped one may be such).
    """
    if k in outcome.extra[r]:
        return outcome.extra[r][k]
    got = _solve(table, _allowed(table, allowed), fix={r: k})
    return None if got is None else got.cost - outcome.imposed_optimum
