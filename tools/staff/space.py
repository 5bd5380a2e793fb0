"""Every reading of every row, held as arrays: the whole space of the ``fewest_edits`` model.

No reading is left out for being dear: a row's readings are every order-preserving
placement of its grade numbers on the grade columns (a finite set: at most
``2 ** n_grades`` placements), times every reading of the numbers after its Total, under
each correction its page may take. They come in *families*: one tokenization of the
printed fields, one choice of the Total among the numbers and, only for a row that no
reading using each printed number once fits, one repair (a value the text lost, or a
number it printed twice). Within a family a reading's cost is a placement part
(empty-field edits from the page's correction, plus the repair's
:data:`~tools.staff.model.LOST_PENALTY`) plus a part for F and M, so the reduced cost of
the linear relaxation splits the same way.

That is what makes the space searchable although Annex II of 2020 alone holds about
700,000 readings. :func:`relax` solves the linear relaxation over all of them by column
generation: it starts from each row's cheapest readings and adds every reading whose
reduced cost is negative until none is; its duals then bound the cost of the cheapest
choice containing any reading from below (``bound + reduced cost``, see
:func:`tools.staff.optimum._lp_bounds`). :func:`within` lists exactly the readings whose
bound is within a threshold: a reading it leaves out is in no choice that cheap, which
is the proof that leaving it out changes nothing.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Final

import attrs
import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from tools.staff import model as md
from tools.staff import readings as rd

__all__ = [
    "Duals",
    "Family",
    "Problem",
    "RowSpace",
    "materialize",
    "relax",
    "row_space",
    "table",
    "within",
]

#: Cost of an artificial unit that lets the restricted relaxation meet a column total it
#: cannot yet meet (far above any reading's cost).
_ARTIFICIAL: Final = 1e6
#: Most readings a row adds to the restricted relaxation per round of column generation.
_PER_ROUND: Final = 25
#: Tolerance of the floating-point comparisons; errs towards keeping a reading.
_EPS: Final = 1e-6


@attrs.frozen(kw_only=True, eq=False)
class Family:
    """Readings of a row that share a tokenization, a Total and a repair.

    Attributes
    ----------
    grades
        ``(n, n_grades)`` grade values of each placement (a lost value at its slot).
    origins
        ``(n, n_grades)`` origin codes of each placement: 0 blank, 1 printed, 2 lost.
    edits
        ``(n, n_bases)`` empty-field edits of each placement under each page correction.
    penalty
        Cost of the repair (0 for none).
    total
        The printed Total.
    sexes
        The readings of the numbers after the Total: ``(F, M, origin of F, origin of
        M, cost)``.
    discarded
        Printed numbers the family does not use.
    """

    grades: np.ndarray
    origins: np.ndarray
    edits: np.ndarray
    penalty: int
    total: int
    sexes: tuple[tuple[int, int, rd.Origin, rd.Origin, int], ...]
    discarded: tuple[int, ...]

    @property
    def sex_values(self) -> np.ndarray:
        """``(n_sexes, 2)`` F and M of each reading of the numbers after the Total."""
        return np.array([[f, m] for f, m, *_ in self.sexes], dtype=np.int64).reshape(-1, 2)

    @property
    def sex_costs(self) -> np.ndarray:
        """Cost of each reading of the numbers after the Total."""
        return np.array([s[4] for s in self.sexes], dtype=np.int64)

    def costs(self) -> np.ndarray:
        """``(n, n_bases, n_sexes)`` cost of every reading of the family."""
        return self.edits[:, :, None] + self.penalty + self.sex_costs[None, None, :]  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True, eq=False)
class RowSpace:
    """Every reading of one printed row.

    Attributes
    ----------
    bases
        The corrections the row's page may take (0 = none).
    families
        Its families (empty only for a row whose fields are all empty).
    """

    bases: tuple[int, ...]
    families: tuple[Family, ...]

    @property
    def size(self) -> int:
        """Readings counted per family (a reading two families give counts twice)."""
        return sum(len(f.grades) * len(f.sexes) for f in self.families)

    @property
    def cheapest(self) -> int:
        """The least cost of any reading under any correction."""
        return min(int(f.costs().min()) for f in self.families)


_ORIGIN: Final[tuple[rd.Origin, ...]] = ("blank", "printed", "lost")


@cache
def _combinations(n: int, k: int) -> np.ndarray:
    """Every increasing ``k``-tuple of ``range(n)``, as rows (lexicographic order)."""
    combos = list(itertools.combinations(range(n), k))
    return np.array(combos, dtype=np.int64).reshape(len(combos), k)


def _family(
    kept: Sequence[rd.Token],
    n_grades: int,
    total: rd.Token,
    bases: Sequence[int],
    lost: int | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Grades, origins and edits of every placement of ``kept`` (and of ``lost``)."""
    columns = _combinations(n_grades, len(kept))
    n = len(columns)
    fields = np.array([t.field for t in kept], dtype=np.int64)
    shift = columns - fields[None, :]
    total_shift = n_grades - total.field
    steps = np.abs(np.diff(shift, axis=1)).sum(axis=1) if len(kept) > 1 else np.zeros(n, int)
    edits = np.empty((n, len(bases)), dtype=np.int64)
    for i, base in enumerate(bases):
        if kept:
            edits[:, i] = np.abs(shift[:, 0] - base) + steps + np.abs(total_shift - shift[:, -1])
        else:
            edits[:, i] = abs(total_shift - base)
    grades = np.zeros((n, n_grades), dtype=np.int64)
    origins = np.zeros((n, n_grades), dtype=np.int8)
    rows = np.arange(n)[:, None]
    if kept:
        grades[rows, columns] = np.array([t.value for t in kept], dtype=np.int64)[None, :]
        origins[rows, columns] = 1
    if lost is None:
        return grades, origins, edits
    # A lost value goes in any blank grade column: one reading per placement and slot.
    slot_rows, slots = np.nonzero(origins == 0)
    g = grades[slot_rows].copy()
    o = origins[slot_rows].copy()
    g[np.arange(len(slots)), slots] = lost
    o[np.arange(len(slots)), slots] = 2
    return g, o, edits[slot_rows]


def row_space(
    row: rd.RawRow, layout: rd.Layout, baselines: Sequence[int] = (0,), lost_penalty: int = 10
) -> RowSpace:
    """Every reading of ``row``, as families.

    A repair (a value lost, or a number printed twice) is part of the space only for a
    row that no reading using every printed number exactly once fits.

    Examples
    --------
    >>> layout = rd.Layout(table="T", category="c", grades=("A", "B"))
    >>> space = row_space(rd.RawRow(label="x", fields=("", "2", "2", "2", ""), line=1), layout)
    >>> space.size, space.cheapest
    (2, 0)
    """
    bases = tuple(baselines)
    if not any(f.strip() for f in row.fields):
        return RowSpace(bases=bases, families=())
    policy = rd.Policy(lost_penalty=lost_penalty)
    ng = layout.n_grades
    for repair in (False, True):
        families: list[Family] = []
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
                    if len(kept) + (lost is not None) > ng:
                        continue
                    g, o, e = _family(kept, ng, total, bases, lost)
                    if not len(g):
                        continue
                    families.append(
                        Family(
                            grades=g,
                            origins=o,
                            edits=e,
                            penalty=lost_penalty if (lost is not None or discarded) else 0,
                            total=total.value,
                            sexes=tuple(sexes),
                            discarded=discarded,
                        )
                    )
        if families:
            return RowSpace(bases=bases, families=tuple(families))
    msg = f"{layout.table}: no reading of {row.label!r} (line {row.line})"
    raise rd.ProofError(msg)


Mask = Callable[[int, Family], np.ndarray]


def materialize(
    space: RowSpace, layout: rd.Layout, mask: Mask | None = None
) -> list[tuple[rd.Reading, tuple[tuple[int, int, int], ...]]]:
    """The readings ``mask`` selects, each with ``(base, cost, edits)`` per correction.

    ``mask(i, family)`` returns a boolean ``(n, n_bases, n_sexes)`` array (default: all).
    A reading several families give takes the origins of the first and, per
    correction, the least cost. Sorted by least cost, then values.
    """
    if not space.families:
        empty: list[rd.Origin] = ["blank"] * len(layout.columns)
        empty[layout.index(rd.TOTAL)] = "lost"
        blank = rd.Reading(values=(0,) * len(layout.columns), origins=tuple(empty), edits=0)
        return [(blank, tuple((b, 0, 0) for b in space.bases))]
    found: dict[
        tuple[int, ...], tuple[tuple[rd.Origin, ...], tuple[int, ...], dict[int, tuple[int, int]]]
    ] = {}
    for i, family in enumerate(space.families):
        costs = family.costs()
        selected = np.ones(costs.shape, dtype=bool) if mask is None else mask(i, family)
        # Corrections outermost, as a reader would try them: the first origins found win.
        b_idx, p_idx, s_idx = np.nonzero(selected.transpose(1, 0, 2))
        for b, p, s in zip(b_idx.tolist(), p_idx.tolist(), s_idx.tolist(), strict=True):
            f, m, of, om, _ = family.sexes[s]
            key = (*family.grades[p].tolist(), family.total, f, m)
            entry = found.get(key)
            if entry is None:
                how = (*(_ORIGIN[x] for x in family.origins[p].tolist()), "printed", of, om)
                entry = found[key] = (how, family.discarded, {})
            base = space.bases[b]
            cost = int(costs[p, b, s])
            old = entry[2].get(base)
            if old is None or old[0] > cost:
                entry[2][base] = (cost, int(family.edits[p, b]))
    out = []
    for key, (how, discarded, by_base) in found.items():
        costs_ = tuple((b, c, e) for b, (c, e) in sorted(by_base.items()))
        least = min(c for _, c, _ in costs_)
        out.append((rd.Reading(values=key, origins=how, edits=least, discarded=discarded), costs_))
    return sorted(out, key=lambda x: (x[0].edits, x[0].values))


# ---------------------------------------------------------------------------------------
# The linear relaxation over the whole space, by column generation
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Duals:
    """Duals of the linear relaxation over every reading (a certificate, storable).

    Attributes
    ----------
    rows
        Per row, per correction of its page (in :attr:`RowSpace.bases` order): the dual
        of the row's "one reading" equation (the same value for every correction of a
        row whose page takes one).
    pages
        Per page that may be corrected: the dual of its "one correction" equation.
    columns
        Per published column total: its dual.
    """

    rows: tuple[tuple[float, ...], ...]
    pages: Mapping[int, float]
    columns: Mapping[str, float]

    def to_json(self) -> dict[str, object]:
        """A JSON-ready form (floats as Python writes them: they read back exactly)."""
        return {
            "rows": [list(r) for r in self.rows],
            "pages": {str(p): v for p, v in sorted(self.pages.items())},
            "columns": dict(sorted(self.columns.items())),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Duals:
        """Read :meth:`to_json`'s output."""
        rows = data["rows"]
        pages = data["pages"]
        columns = data["columns"]
        if not (isinstance(rows, list) and isinstance(pages, dict)):
            msg = "duals: 'rows' must be a list and 'pages' an object"
            raise TypeError(msg)
        if not isinstance(columns, dict):
            msg = "duals: 'columns' must be an object"
            raise TypeError(msg)
        return cls(
            rows=tuple(tuple(float(v) for v in r) for r in rows),
            pages={int(p): float(v) for p, v in pages.items()},
            columns={str(c): float(v) for c, v in columns.items()},
        )


@attrs.frozen(kw_only=True)
class Problem:
    """A table as the relaxation takes it: each row's space, the totals, the pages."""

    layout: rd.Layout
    rows: tuple[rd.RawRow, ...]
    spaces: tuple[RowSpace, ...]
    totals: Mapping[str, int]
    excluded: frozenset[tuple[int, str]]
    page_cost: int

    def multi(self) -> dict[int, tuple[int, ...]]:
        """Pages that may be corrected and their corrections."""
        out: dict[int, tuple[int, ...]] = {}
        for row, space in zip(self.rows, self.spaces, strict=True):
            if row.page is not None and len(space.bases) > 1:
                out[row.page] = space.bases
        return out

    def weights(self, r: int, duals: Duals) -> np.ndarray:
        """Column duals as row ``r``'s readings meet them (0 where not counted)."""
        out = np.zeros(len(self.layout.columns))
        for c, v in duals.columns.items():
            if (r, c) not in self.excluded:
                out[self.layout.index(c)] = v
        return out

    def reduced(self, r: int, i: int, duals: Duals) -> np.ndarray:
        """``(n, n_bases, n_sexes)`` reduced costs of family ``i`` of row ``r``."""
        family = self.spaces[r].families[i]
        w = self.weights(r, duals)
        ng = self.layout.n_grades
        placement = family.edits + family.penalty - (family.grades @ w[:ng])[:, None]
        placement = placement - np.asarray(duals.rows[r])[None, :]
        sexes = family.sex_costs - family.sex_values @ w[ng + 1 : ng + 3]
        return (  # type: ignore[no-any-return]
            placement[:, :, None] + sexes[None, None, :] - family.total * w[ng]
        )

    def bound(self, duals: Duals) -> float:
        """The dual objective: a lower bound on every choice when no reduced cost is < 0."""
        value = sum(self.totals[c] * v for c, v in duals.columns.items())
        value += sum(duals.pages.values())
        for r, row in enumerate(self.rows):
            if row.page is None or row.page not in duals.pages:
                value += duals.rows[r][0]
        return float(value)

    def least_reduced(self, duals: Duals) -> float:
        """The least reduced cost of any reading, or of any page correction."""
        least = math.inf
        for r, space in enumerate(self.spaces):
            if not space.families:
                least = min(least, -float(max(duals.rows[r])) if duals.rows[r] else 0.0)
            for i in range(len(space.families)):
                least = min(least, float(self.reduced(r, i, duals).min()))
        for p, bases in self.multi().items():
            for b_i, base in enumerate(bases):
                on_page = [r for r, row in enumerate(self.rows) if row.page == p]
                rc = (self.page_cost if base else 0) - duals.pages[p]
                rc += sum(duals.rows[r][b_i] for r in on_page)
                least = min(least, rc)
        return least


def _blank_values(layout: rd.Layout) -> np.ndarray:
    return np.zeros(len(layout.columns), dtype=np.int64)


def _column(problem: Problem, r: int, i: int, p: int, s: int) -> np.ndarray:
    """Values per layout column of one reading (family ``i``, placement ``p``, sexes ``s``)."""
    space = problem.spaces[r]
    if not space.families:
        return _blank_values(problem.layout)
    family = space.families[i]
    f, m, *_ = family.sexes[s]
    return np.array([*family.grades[p].tolist(), family.total, f, m], dtype=np.int64)


def _solve_master(
    problem: Problem, columns: Mapping[tuple[int, int, int, int, int], float]
) -> tuple[float, Duals, float] | None:
    """The restricted relaxation: optimum, duals, and the artificial units it needs."""
    layout = problem.layout
    names = [c for c in layout.columns if c in problem.totals]
    multi = problem.multi()
    con: dict[tuple[str, int, int], int] = {}
    for r, row in enumerate(problem.rows):
        if row.page in multi:
            for b_i in range(len(problem.spaces[r].bases)):
                con[("row", r, b_i)] = len(con)
        else:
            con[("row", r, -1)] = len(con)
    for p in sorted(multi):
        con[("page", p, 0)] = len(con)
    col_con = {c: len(con) + k for k, c in enumerate(names)}
    n_con = len(con) + len(names)
    entries: list[tuple[int, int, float]] = []
    cost: list[float] = []
    rhs = np.zeros(n_con)
    for key, value in con.items():
        if key[0] == "page" or key[2] == -1:
            rhs[value] = 1.0
    for c, k in col_con.items():
        rhs[k] = float(problem.totals[c])
    for j, ((r, i, p, b_i, s), weight) in enumerate(columns.items()):
        row = problem.rows[r]
        entries.append((con[("row", r, b_i if row.page in multi else -1)], j, 1.0))
        values = _column(problem, r, i, p, s)
        for name, k in col_con.items():
            v = values[layout.index(name)]
            if v and (r, name) not in problem.excluded:
                entries.append((k, j, float(v)))
        cost.append(weight)
    j = len(cost)
    for p, bases in sorted(multi.items()):
        for b_i, base in enumerate(bases):
            entries.append((con[("page", p, 0)], j, 1.0))
            entries += [
                (con[("row", r, b_i)], j, -1.0)
                for r, row in enumerate(problem.rows)
                if row.page == p
            ]
            cost.append(float(problem.page_cost if base else 0))
            j += 1
    artificial_from = j
    for k in col_con.values():
        entries += [(k, j, 1.0), (k, j + 1, -1.0)]
        cost += [_ARTIFICIAL, _ARTIFICIAL]
        j += 2
    i_idx, j_idx, data = zip(*entries, strict=True)
    matrix = csr_matrix((data, (i_idx, j_idx)), shape=(n_con, j))
    result = linprog(np.array(cost), A_eq=matrix, b_eq=rhs, bounds=(0, None), method="highs-ds")
    if result.status != 0:  # pragma: no cover - the artificial units make it feasible
        return None
    y = result.eqlin.marginals
    rows: list[tuple[float, ...]] = []
    for r, row in enumerate(problem.rows):
        n_b = len(problem.spaces[r].bases)
        if row.page in multi:
            rows.append(tuple(float(y[con[("row", r, b_i)]]) for b_i in range(n_b)))
        else:
            rows.append((float(y[con[("row", r, -1)]]),) * n_b)
    duals = Duals(
        rows=tuple(rows),
        pages={p: float(y[con[("page", p, 0)]]) for p in sorted(multi)},
        columns={c: float(y[k]) for c, k in col_con.items()},
    )
    artificial = float(np.asarray(result.x)[artificial_from:].sum())
    return float(result.fun), duals, artificial


def relax(problem: Problem, max_rounds: int = 2000) -> tuple[float, Duals] | None:
    """The linear relaxation's optimum over every reading, and its duals (None: infeasible).

    Column generation: the restricted relaxation starts from each row's cheapest readings
    (artificial units, dear, meet the totals it cannot meet yet); each round adds, per
    row, the readings of least negative reduced cost; it stops when no reading, and no
    page correction, has a negative reduced cost, so that the duals are feasible for the
    whole space and :meth:`Problem.bound` is the relaxation's optimum.
    """
    columns: dict[tuple[int, int, int, int, int], float] = {}

    def add(r: int, selected: Sequence[tuple[int, int, int, int, float]]) -> int:
        n = 0
        for i, p, b_i, s, c in selected:
            if (r, i, p, b_i, s) not in columns:
                columns[(r, i, p, b_i, s)] = c
                n += 1
        return n

    for r, space in enumerate(problem.spaces):
        if not space.families:
            add(r, [(0, 0, b_i, 0, 0.0) for b_i in range(len(space.bases))])
            continue
        # The cheapest readings under each correction, so that any correction is open.
        least = np.min([f.costs().min(axis=(0, 2)) for f in space.families], axis=0)
        for i, family in enumerate(space.families):
            costs = family.costs()
            p, b_i, s = np.nonzero(costs <= least[None, :, None])
            picked = zip(p.tolist(), b_i.tolist(), s.tolist(), strict=True)
            add(r, [(i, pp, bb, ss, float(costs[pp, bb, ss])) for pp, bb, ss in picked])
    for _ in range(max_rounds):
        solved = _solve_master(problem, columns)
        if solved is None:  # pragma: no cover
            return None
        value, duals, artificial = solved
        added = 0
        for r, space in enumerate(problem.spaces):
            best: list[tuple[float, int, int, int, int, float]] = []
            for i, family in enumerate(space.families):
                rc = problem.reduced(r, i, duals)
                costs = family.costs()
                flat = np.flatnonzero(rc < -_EPS)
                if not len(flat):
                    continue
                order = flat[np.argsort(rc.ravel()[flat], kind="stable")[:_PER_ROUND]]
                for q in order.tolist():
                    p, b_i, s = np.unravel_index(q, rc.shape)
                    best.append(
                        (
                            float(rc[p, b_i, s]),
                            i,
                            int(p),
                            int(b_i),
                            int(s),
                            float(costs[p, b_i, s]),
                        )
                    )
            best.sort()
            added += add(r, [(i, p, b_i, s, c) for _, i, p, b_i, s, c in best[:_PER_ROUND]])
        if not added:
            if artificial > _EPS:
                return None
            return value, duals
    msg = f"{problem.layout.table}: the relaxation did not converge in {max_rounds} rounds"
    raise rd.ProofError(msg)


def within(problem: Problem, duals: Duals, threshold: float) -> list[Mask]:
    """Per row, the mask of the readings whose bound is at most ``threshold``.

    The bound of a reading is :meth:`Problem.bound` plus its reduced cost: no choice
    containing it costs less. Raises when the duals are not feasible for the whole space
    (a reduced cost below zero), since the bound would then prove nothing.
    """
    least = problem.least_reduced(duals)
    if least < -_EPS:
        msg = f"{problem.layout.table}: the duals leave a reduced cost of {least:.6g}"
        raise rd.ProofError(msg)
    limit = threshold - problem.bound(duals) + _EPS

    def mask_for(r: int) -> Mask:
        def mask(i: int, _family: Family) -> np.ndarray:
            return problem.reduced(r, i, duals) <= limit

        return mask

    return [mask_for(r) for r in range(len(problem.rows))]


def table(problem: Problem, duals: Duals, threshold: float) -> md.Table | None:
    """The table of every reading whose bound is within ``threshold`` (None: a row has none).

    Each reading carries its bound (:attr:`tools.staff.model.Table.bounds`), so the
    search never solves the relaxation over them again.
    """
    masks = within(problem, duals, threshold)
    value = problem.bound(duals)
    candidates: list[tuple[md.Candidate, ...]] = []
    bounds: list[dict[int, float]] = []
    for r, (space, mask) in enumerate(zip(problem.spaces, masks, strict=True)):
        listed = materialize(space, problem.layout, mask)
        if not listed:
            return None
        w = problem.weights(r, duals)
        y = dict(zip(space.bases, duals.rows[r], strict=True))
        candidates.append(tuple(md.Candidate(reading=rd_, costs=c) for rd_, c in listed))
        bounds.append(
            {
                k: value
                + min(cost - y[b] for b, cost, _ in c)
                - float(np.asarray(rd_.values, dtype=float) @ w)
                for k, (rd_, c) in enumerate(listed)
            }
        )
    return md.Table(
        layout=problem.layout,
        rows=problem.rows,
        candidates=tuple(candidates),
        totals=problem.totals,
        excluded=problem.excluded,
        page_cost=problem.page_cost,
        bounds=tuple(bounds),
    )
