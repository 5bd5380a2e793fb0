"""One nationality table under every model: search (cached), statuses, dataset rows.

An edition's adapter describes a table (:class:`Spec`: its rows, the ways its Total row
can be read, the readings of today's per-row whitespace ladder, its overrides); this
module runs :mod:`tools.staff.model` under both models, keeps what the slow search found
in a cache keyed on those inputs and :data:`solver.ENGINE_VERSION`, and emits the rows of
``staff_by_nationality_grade``, ``staff_by_nationality_sex`` and
``staff_ambiguous_readings``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from tools.staff import certainty as ct
from tools.staff import model as md
from tools.staff import optimum as op
from tools.staff import readings as rd
from tools.staff import solver as so
from tools.staff import space as sp
from tools.staff import statuses as st

__all__ = [
    "Exact",
    "Recovered",
    "Spec",
    "Variant",
    "cache_key",
    "read_cache",
    "reading_rows",
    "recover",
    "space_counts",
    "status_counts",
    "table_rows",
    "write_cache",
]

Row = dict[str, object]


@attrs.frozen(kw_only=True)
class Variant:
    """One way to read the published Total row.

    Attributes
    ----------
    totals
        Column -> value.
    excluded
        (row, column) cells this Total row leaves out (an erratum), if any.
    omitted
        The row whose grade cells the Total row leaves out, or None.
    """

    totals: Mapping[str, int]
    excluded: frozenset[tuple[int, str]] = frozenset()
    omitted: int | None = None


@attrs.frozen(kw_only=True)
class Spec:
    """A nationality table as an edition's adapter hands it over.

    Attributes
    ----------
    layout
        Its columns.
    rows
        The printed rows.
    variants
        The readings of its Total row; the cheapest one the rows can meet is used.
    rungs
        The ``row_ladder`` model's whitespace rules, tightest first, in words (part of
        the cache key): the table is read with the first rung under which the rows
        meet the totals, each row that has a reading moving no number costing 1 if
        read otherwise.
    ladder
        The readings of every row under rung ``i`` (computed only when needed).
    overrides
        Reviewed overrides by id.
    listed
        How far above its optimum each model lists the readings of the rows it leaves
        open (part of the cache key); :data:`model.LISTED` unless an adapter says why
        a table lists fewer.
    """

    layout: rd.Layout
    rows: tuple[rd.RawRow, ...]
    variants: tuple[Variant, ...]
    rungs: tuple[str, ...]
    ladder: Callable[[int], tuple[tuple[rd.Reading, ...], ...]]
    overrides: Mapping[str, st.Override] = attrs.field(factory=dict)
    listed: Mapping[str, int] = attrs.field(factory=lambda: dict(md.LISTED))


def _spaces(spec: Spec) -> tuple[sp.RowSpace, ...]:
    """Every reading of every row (no cap: :mod:`tools.staff.space`)."""
    pages = md.page_baselines(spec.rows, spec.layout)
    return tuple(
        sp.row_space(
            row,
            spec.layout,
            pages.get(row.page, (0,)) if row.page is not None else (0,),
            md.LOST_PENALTY,
        )
        for row in spec.rows
    )


def _problem(spec: Spec, spaces: tuple[sp.RowSpace, ...], variant: Variant) -> sp.Problem:
    return sp.Problem(
        layout=spec.layout,
        rows=spec.rows,
        spaces=spaces,
        totals=variant.totals,
        excluded=variant.excluded,
        page_cost=md.PAGE_COST,
    )


def _ladder_candidates(readings: Sequence[rd.Reading]) -> tuple[md.Candidate, ...]:
    literal = so.literal_index(readings)
    return tuple(
        md.Candidate(
            reading=reading,
            costs=((0, int(literal is not None and k != literal), reading.edits),),
        )
        for k, reading in enumerate(readings)
    )


def cache_key(spec: Spec) -> str:
    """The search's key: :func:`~tools.staff.solver.search_key` of everything it reads.

    The rows, the readings of the Total row, the ladder's rungs, the overrides (without
    their reasoning) and the model's parameters; with the engine version, not the code.
    """
    data = {
        "parameters": [
            md.MAX_EXTRA,
            {name: spec.listed[name] for name in md.LISTED},
            md.PAGE_COST,
            md.LOST_PENALTY,
        ],
        "rows": [
            [r.label, list(r.fields), r.page, r.member_state, list(r.lost_columns), r.joined_sexes]
            for r in spec.rows
        ],
        "variants": [
            [sorted(v.totals.items()), sorted(v.excluded), v.omitted] for v in spec.variants
        ],
        "ladder": list(spec.rungs),
        "overrides": sorted(
            [o.id, o.label, sorted(o.cells.items())] for o in spec.overrides.values()
        ),
    }
    return so.search_key(json.loads(json.dumps(data)))


def _dump(table: md.Table, outcome: op.Outcome) -> dict[str, Any]:
    def values(r: int, k: int) -> list[int]:
        return list(table.key(r, k))

    return {
        "optimum": outcome.optimum,
        "imposed_optimum": outcome.imposed_optimum,
        "chosen": [values(r, k) for r, k in enumerate(outcome.chosen)],
        "bases": list(outcome.bases),
        "optimal": [sorted(values(r, k) for k in ks) for r, ks in enumerate(outcome.optimal)],
        "free_optimal": [
            sorted(values(r, k) for k in ks) for r, ks in enumerate(outcome.free_optimal)
        ],
        "extra": [
            sorted([*values(r, k), e] for k, e in ks.items()) for r, ks in enumerate(outcome.extra)
        ],
    }


def _load(table: md.Table, data: Mapping[str, Any]) -> op.Outcome:
    def index(r: int, values: Sequence[int]) -> int:
        return table.index(r, values)

    return op.Outcome(
        optimum=int(data["optimum"]),
        imposed_optimum=int(data["imposed_optimum"]),
        chosen=tuple(index(r, v) for r, v in enumerate(data["chosen"])),
        bases=tuple(int(b) for b in data["bases"]),
        optimal=tuple(frozenset(index(r, v) for v in vs) for r, vs in enumerate(data["optimal"])),
        free_optimal=tuple(
            frozenset(index(r, v) for v in vs) for r, vs in enumerate(data["free_optimal"])
        ),
        extra=tuple(
            {index(r, e[:-1]): int(e[-1]) for e in es} for r, es in enumerate(data["extra"])
        ),
    )


@attrs.frozen(kw_only=True)
class Recovered:
    """One table, recovered under every model.

    Attributes
    ----------
    spec
        The adapter's description.
    exact
        The ``fewest_edits`` search space and the proof that it holds every choice
        within :data:`model.MAX_EXTRA` of the least cost.
    variant
        The Total-row reading used.
    rung
        The ``row_ladder`` rung the table was read with.
    runs
        One per model, :data:`model.FEWEST_EDITS` first (it is shipped).
    decisions
        Every row's shipped reading, statuses and bounds (all models together).
    alone
        Per model, the statuses that model alone would give.
    allowed
        Per model, the readings the reviewed overrides leave to their rows.
    cache
        What to store for the next build (see :func:`recover`).
    """

    spec: Spec
    exact: Exact
    variant: Variant
    rung: int
    runs: tuple[ct.ModelRun, ...]
    decisions: tuple[ct.Decision, ...]
    alone: Mapping[str, tuple[ct.Decision, ...]]
    allowed: Mapping[str, Mapping[int, frozenset[int]]]
    cache: Mapping[str, Any]

    @property
    def layout(self) -> rd.Layout:
        """The table's columns."""
        return self.spec.layout

    def resolutions(self) -> list[st.Resolution]:
        """The shipped readings and statuses, as the proofs and emitters take them."""
        return [
            st.Resolution(
                row=d.row, reading=d.reading, statuses=d.statuses, derivations=d.derivations
            )
            for d in self.decisions
        ]

    def problem(self) -> rd.Problem:
        """Rows, shipped readings and totals, for :meth:`staff_common.Proofs.check_table`."""
        return rd.Problem(
            layout=self.layout,
            rows=self.spec.rows,
            readings=tuple((d.reading,) for d in self.decisions),
            totals=self.variant.totals,
            excluded=self.variant.excluded,
        )


def _allowed(table: md.Table, spec: Spec) -> tuple[dict[int, frozenset[int]], dict[int, str]]:
    by_label = {row.label: r for r, row in enumerate(spec.rows)}
    allowed: dict[int, frozenset[int]] = {}
    ids: dict[int, str] = {}
    for override in spec.overrides.values():
        r = by_label.get(override.label)
        if r is None:
            msg = f"override {override.id}: no row {override.label!r} in {spec.layout.table}"
            raise rd.ProofError(msg)
        matches = frozenset(
            k
            for k, cand in enumerate(table.candidates[r])
            if all(cand.reading.cells(spec.layout)[c] == v for c, v in override.cells.items())
        )
        if not matches:
            msg = f"override {override.id}: no reading of {override.label!r} has its cells"
            raise rd.ProofError(msg)
        allowed[r] = matches
        ids[r] = override.id
    return allowed, ids


@attrs.frozen(kw_only=True)
class Exact:
    """The ``fewest_edits`` search space of a table, proven to hold every choice that matters.

    Attributes
    ----------
    problem
        Every reading of every row, with the totals of the chosen Total-row reading.
    bound
        The linear relaxation's optimum over all of them.
    duals
        Its duals (the certificate of every reading's bound, stored in the cache).
    threshold
        The table lists every reading whose bound is at most this; it is at least the
        least cost (with the overrides imposed) plus :data:`model.MAX_EXTRA`, so no
        reading left out is in any choice the search reports.
    space
        Readings in the whole space (counted per family).
    """

    problem: sp.Problem
    bound: float
    duals: sp.Duals
    threshold: int
    space: int

    def table(self) -> md.Table:
        """The readings within the threshold, each with its bound."""
        table = sp.table(self.problem, self.duals, self.threshold)
        if table is None:  # pragma: no cover - the threshold was met by a choice
            msg = f"{self.problem.layout.table}: a row has no reading within {self.threshold}"
            raise rd.ProofError(msg)
        return table


#: How far above the relaxation's optimum a threshold may grow before a table is
#: declared to have no choice meeting its totals.
_MAX_GAP = 200


def _least_cost(
    problem: sp.Problem, bound: float, duals: sp.Duals, ceiling: int | None = None
) -> int | None:
    """The least cost of a choice from the whole space, if at most ``ceiling``.

    None: no choice meets the totals, or none at ``ceiling`` or less. Searches the
    readings whose bound is within a threshold: the optimum found there is the optimum
    of the whole space when it does not exceed the threshold (any cheaper choice would
    be within it); otherwise it is an upper bound, and searching up to it settles the
    question.
    """
    floor = math.ceil(bound - 1e-6)
    threshold = floor + md.MAX_EXTRA
    if ceiling is not None:
        threshold = min(threshold, ceiling)
    while threshold <= floor + _MAX_GAP:
        table = sp.table(problem, duals, threshold)
        found = op.least_cost(table) if table is not None else None
        if found is not None and found <= threshold:
            return found
        if ceiling is not None and threshold >= ceiling:
            return None
        if found is not None:
            threshold = found
        else:
            threshold += max(md.MAX_EXTRA, threshold - floor)
        if ceiling is not None:
            threshold = min(threshold, ceiling)
    return None


def _choose_variant(spec: Spec, spaces: tuple[sp.RowSpace, ...]) -> tuple[int, Exact]:
    """The Total-row reading the rows meet at least cost (it must be the only cheapest).

    Readings whose linear relaxation is infeasible, or costs more than the least cost
    found, are dismissed without the integer program.
    """
    relaxed: list[tuple[float, int, sp.Problem, sp.Duals]] = []
    for i, variant in enumerate(spec.variants):
        problem = _problem(spec, spaces, variant)
        got = sp.relax(problem)
        if got is not None:
            relaxed.append((got[0], i, problem, got[1]))
    best: tuple[int, int] | None = None
    ties: list[int] = []
    found_for: dict[int, tuple[sp.Problem, float, sp.Duals]] = {}
    for bound, i, problem, duals in sorted(relaxed, key=lambda x: (x[0], x[1])):
        if best is not None and bound > best[0] + 1e-6:
            break
        # A reading of the Total row dearer than the best so far need not be costed.
        found = _least_cost(problem, bound, duals, None if best is None else best[0])
        if found is None:
            continue
        found_for[i] = (problem, bound, duals)
        if best is None or found < best[0]:
            best, ties = (found, i), []
        elif found == best[0]:
            ties.append(i)
    if best is None or ties:
        msg = (
            f"{spec.layout.table}: {len(ties) + (best is not None)} readings of the Total row fit"
        )
        raise rd.ProofError(msg)
    problem, bound, duals = found_for[best[1]]
    return best[1], Exact(
        problem=problem,
        bound=bound,
        duals=duals,
        threshold=best[0] + md.MAX_EXTRA,
        space=sum(s.size for s in spaces),
    )


def _fewest_edits(
    spec: Spec, exact: Exact, cached: Mapping[str, Any] | None
) -> tuple[Exact, md.Table, dict[int, frozenset[int]], dict[int, str], op.Outcome]:
    """The ``fewest_edits`` table, its overrides and its search (or the cached one).

    The threshold grows until the overrides find their readings and lies at least
    :data:`model.MAX_EXTRA` above the least cost with the overrides imposed.
    """
    while True:
        table = exact.table()
        try:
            allowed, ids = _allowed(table, spec)
        except rd.ProofError:
            if cached is not None or exact.threshold > exact.bound + _MAX_GAP:
                raise
            exact = attrs.evolve(exact, threshold=exact.threshold + md.MAX_EXTRA)
            continue
        if cached is not None:
            return exact, table, allowed, ids, _load(table, cached["models"][md.FEWEST_EDITS])
        outcome = op.search(table, allowed)
        if outcome.imposed_optimum + md.MAX_EXTRA <= exact.threshold:
            return exact, table, allowed, ids, outcome
        exact = attrs.evolve(exact, threshold=outcome.imposed_optimum + md.MAX_EXTRA)


def recover(spec: Spec, cached: Mapping[str, Any] | None = None) -> Recovered:
    """Search (or take from ``cached`` when its key matches) and decide every cell."""
    key = cache_key(spec)
    if cached is not None and cached.get("key") != key:
        cached = None
    spaces = _spaces(spec)
    if cached is not None:
        index = int(cached["variant"])
        exact = Exact(
            problem=_problem(spec, spaces, spec.variants[index]),
            bound=float(cached["bound"]),
            duals=sp.Duals.from_json(cached["duals"]),
            threshold=int(cached["threshold"]),
            space=sum(s.size for s in spaces),
        )
    else:
        index, exact = _choose_variant(spec, spaces)
    variant = spec.variants[index]
    rung = int(cached["rung"]) if cached is not None else -1
    ladder_table = None
    for i in range(len(spec.rungs)):
        if cached is not None and i != rung:
            continue
        readings = spec.ladder(i)
        if any(not rs for rs in readings):
            continue
        table = md.Table(
            layout=spec.layout,
            rows=spec.rows,
            candidates=tuple(_ladder_candidates(rs) for rs in readings),
            totals=variant.totals,
            excluded=variant.excluded,
        )
        if cached is not None or op.least_cost(table) is not None:
            rung, ladder_table = i, table
            break
    if ladder_table is None:
        msg = f"{spec.layout.table}: no rung of the whitespace ladder meets the totals"
        raise rd.ProofError(msg)
    exact, fe_table, fe_allowed, ids, fe_outcome = _fewest_edits(spec, exact, cached)
    tables = {md.FEWEST_EDITS: fe_table, md.ROW_LADDER: ladder_table}
    outcomes: dict[str, op.Outcome] = {md.FEWEST_EDITS: fe_outcome}
    allowed: dict[str, dict[int, frozenset[int]]] = {md.FEWEST_EDITS: fe_allowed}
    allowed[md.ROW_LADDER], _ = _allowed(ladder_table, spec)
    if cached is not None:
        outcomes[md.ROW_LADDER] = _load(ladder_table, cached["models"][md.ROW_LADDER])
    else:
        outcomes[md.ROW_LADDER] = op.search(ladder_table, allowed[md.ROW_LADDER])
    runs = tuple(ct.ModelRun(name=n, table=tables[n], outcome=outcomes[n]) for n in md.MODELS)
    costs = {
        r: ", ".join(
            f"{o.imposed_optimum - o.optimum} extra under {n}" for n, o in outcomes.items()
        )
        for r in ids
    }
    overrides = {r: (ids[r], f"accepts {costs[r]}") for r in ids}
    decisions = ct.decide(runs, overrides)
    if cached is None:
        rows = frozenset(r for r, d in enumerate(decisions) if not d.settled)
        runs = tuple(
            attrs.evolve(
                run,
                outcome=op.extend(
                    run.table, run.outcome, rows, spec.listed[run.name], allowed[run.name]
                ),
            )
            for run in runs
        )
    alone = {run.name: tuple(ct.decide((run,), overrides)) for run in runs}
    cache: dict[str, Any] = {
        "key": key,
        # For the documentation (docs/_ext/iomdocs/recovery.py): cells by status under
        # each model alone and as shipped, and the cap check.
        "counts": {
            **{name: status_counts(ds, spec.layout) for name, ds in alone.items()},
            "shipped": status_counts(decisions, spec.layout),
        },
        "bound": exact.bound,
        "duals": exact.duals.to_json(),
        "threshold": exact.threshold,
        "variant": index,
        "rung": rung,
        "models": {run.name: _dump(run.table, run.outcome) for run in runs},
    }
    recovered = Recovered(
        spec=spec,
        exact=exact,
        variant=variant,
        rung=rung,
        runs=runs,
        decisions=tuple(decisions),
        alone=alone,
        allowed=allowed,
        cache=cache,
    )
    cache["counts"]["space"] = space_counts(recovered)
    return recovered


def read_cache(path: Path) -> dict[str, Any]:
    """Cached searches by table (each entry carries the key it was made with)."""
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def write_cache(path: Path, searches: Mapping[str, Any]) -> None:
    """Record the searches for the next build (one line per table and model)."""
    lines = []
    for table, entry in sorted(searches.items()):
        head = {k: v for k, v in entry.items() if k != "models"}
        models = ",\n".join(
            f"  {json.dumps(name)}: {json.dumps(data, sort_keys=True, separators=(',', ':'))}"
            for name, data in sorted(entry["models"].items())
        )
        body = json.dumps(head, sort_keys=True)[:-1]
        lines.append(f'{json.dumps(table)}: {body}, "models": {{\n{models}\n}}}}')
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Dataset rows
# ---------------------------------------------------------------------------------------


def table_rows(
    rec: Recovered, *, edition: int, source: str, locators: Sequence[str]
) -> dict[str, list[Row]]:
    """Rows of ``staff_by_nationality_grade`` and ``staff_by_nationality_sex``.

    ``locators`` gives each row's locator. ``nationality`` and ``iso3`` are left to
    the build (see ``tools/README.md``).
    """
    layout = rec.layout
    out: dict[str, list[Row]] = {"staff_by_nationality_grade": [], "staff_by_nationality_sex": []}
    for d, locator in zip(rec.decisions, locators, strict=True):
        base: Row = {
            "edition": edition,
            "category": layout.category,
            "member_state": d.row.member_state,
            "nationality_as_printed": d.row.label,
        }
        for i, column in enumerate(layout.columns):
            if column == rd.TOTAL:
                continue
            cell: Row = {
                **base,
                "count": d.reading.values[i],
                "count_low": d.low[i],
                "count_high": d.high[i],
                "cell_status": d.statuses[i],
                "derivation": d.derivations[i],
                "source": source,
                "locator": locator,
            }
            if column in rd.SEXES:
                out["staff_by_nationality_sex"].append({**cell, "sex": column})
            else:
                out["staff_by_nationality_grade"].append({**cell, "grade": column})
    return out


def reading_rows(
    rec: Recovered,
    *,
    edition: int,
    source: str,
    locators: Sequence[str],
    nationality: Mapping[str, str],
) -> list[Row]:
    """Rows of ``staff_ambiguous_readings``: every row not settled by the totals alone.

    For each model, every reading within the table's :attr:`Spec.listed` of its optimum
    with the reviewed overrides imposed, and the shipped reading whatever it costs if
    some choice of that model meeting every total contains it (the other model's readings
    need not include it), numbered from 1 within (row, model): cheapest first, the
    shipped reading first among equals. One row per grade, F and M cell.
    """
    layout = rec.layout
    cells = (*layout.grades, *rd.SEXES)
    out: list[Row] = []
    for r, (d, locator) in enumerate(zip(rec.decisions, locators, strict=True)):
        if d.settled:
            continue
        for run in rec.runs:
            extra = dict(run.outcome.extra[r])
            table = run.table
            try:
                mine = table.index(r, d.reading.values)
            except rd.ProofError:
                mine = None
            if mine is not None and mine not in extra:
                cost = op.extra_cost(table, run.outcome, r, mine, rec.allowed[run.name])
                if cost is None:  # no choice of this model holds the shipped reading
                    mine = None
                else:
                    extra[mine] = cost
            ordered = sorted(
                extra.items(), key=lambda ke: (ke[1], ke[0] != mine, table.key(r, ke[0]))
            )
            for number, (k, e) in enumerate(ordered, 1):
                values = table.key(r, k)
                for column in cells:
                    out.append(
                        {
                            "edition": edition,
                            "category": layout.category,
                            "nationality": nationality[d.row.label],
                            "nationality_as_printed": d.row.label,
                            "model": run.name,
                            "reading": number,
                            "shipped": k == mine,
                            "extra_edits": e,
                            "column": column,
                            "count": values[layout.index(column)],
                            "source": source,
                            "locator": locator,
                        }
                    )
    return out


STATUSES = ("printed", "realigned", "derived", "adjudicated", "ambiguous")


def status_counts(decisions: Sequence[ct.Decision], layout: rd.Layout) -> dict[str, int]:
    """Cells per status over the data columns (grades, F, M; the row Total excluded)."""
    counts = dict.fromkeys(STATUSES, 0)
    for d in decisions:
        for column, status in zip(layout.columns, d.statuses, strict=True):
            if column != rd.TOTAL:
                counts[status] += 1
    return counts


def space_counts(rec: Recovered) -> dict[str, int]:
    """The ``fewest_edits`` space: readings in all, searched, and listed.

    ``readings``: every reading of every row (counted per family); ``searched``: those
    whose bound is within the threshold, the only ones that can be in a choice within
    :data:`model.MAX_EXTRA` of the least cost (with the overrides imposed); ``listed``:
    the readings the search reports (every optimal one, and those up to ``depth``
    dearer for the rows not settled: the table's :attr:`Spec.listed`); ``floor``: the
    sum of the rows' cheapest readings, for comparison with ``optimum``.
    """
    run = rec.runs[0]
    return {
        "readings": rec.exact.space,
        "searched": sum(map(len, run.table.candidates)),
        "listed": sum(map(len, run.outcome.extra)),
        "depth": rec.spec.listed[run.name],
        "threshold": rec.exact.threshold,
        "optimum": run.outcome.optimum,
        "floor": sum(s.cheapest if s.families else 0 for s in rec.exact.problem.spaces),
    }
