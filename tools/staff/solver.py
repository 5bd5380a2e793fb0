"""Choosing one reading per row so that every column meets its published total.

:func:`solve` picks one reading per row with an integer program
(:func:`scipy.optimize.milp`), preferring readings that need the fewest edits of the
printed whitespace. :func:`admissible_readings` proves, row by row, which other readings
could replace the chosen one with every column total still holding (other rows may
change too): a row with one admissible reading is decided. :func:`canonical_choice`
fixes the shipped choice by a rule rather than by the solver's tie-breaking.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from tools.staff.readings import Problem, ProofError, Reading

__all__ = [
    "ENGINE_VERSION",
    "admissible_readings",
    "canonical_choice",
    "departures",
    "literal_index",
    "search_key",
    "solve",
    "solve_or_none",
]

#: Version of what a search means: bump it whenever a change to the reading enumeration,
#: the integer programs, admissibility or the canonical choice could change what a search
#: decides for the same inputs. Search caches are keyed on it and on the search's inputs
#: (:func:`search_key`), not on the code, so that a refactor does not force a re-search.
ENGINE_VERSION: Final = 1


def search_key(inputs: object) -> str:
    """sha256 of a search's inputs (a JSON-ready value) and :data:`ENGINE_VERSION`.

    Examples
    --------
    >>> search_key({"rows": [1, 2]}) == search_key({"rows": [1, 2]})
    True
    >>> search_key({"rows": [1, 2]}) == search_key({"rows": [2, 1]})
    False
    """
    text = json.dumps(
        {"engine_version": ENGINE_VERSION, "inputs": inputs},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode()).hexdigest()


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
