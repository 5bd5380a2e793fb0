"""The whole reading space and its relaxation (tools/staff/space.py) on small synthetic tables.

The search lists only the readings whose relaxation bound is within the threshold; these
tests prove on tables small enough to list every reading that this restriction changes
no optimum, no optimal reading and no extra cost up to +2, and that the certificate
behind it is checked.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

pytest.importorskip("scipy")

from tools.staff import model as md
from tools.staff import optimum as op
from tools.staff import passes as ps
from tools.staff import progress as pg
from tools.staff import readings as rd
from tools.staff import space as sp
from tools.staff import tables

LAYOUT = rd.Layout(table="Annex S", category="professional", grades=("A", "B", "C", "D"))


def synthetic(seed: int) -> tuple[tuple[rd.RawRow, ...], dict[str, int]]:
    """Six rows on two pages, printed with lost or extra empty fields; their true totals."""
    rng = random.Random(seed)
    rows = []
    totals = dict.fromkeys(LAYOUT.columns, 0)
    shifted_page = rng.choice((None, 1, 2))
    for i in range(6):
        grades = [rng.choice((0, 0, 1, 2, 3)) for _ in LAYOUT.grades]
        if not any(grades):
            grades[rng.randrange(len(grades))] = 1
        total = sum(grades)
        f = rng.randint(0, total)
        values = [*grades, total, f, total - f]
        for column, value in zip(LAYOUT.columns, values, strict=True):
            totals[column] += value
        fields = [str(v) if v else "" for v in values]
        roll = rng.random()
        if roll < 0.3:
            fields.insert(rng.randrange(len(LAYOUT.grades)), "")
        elif roll < 0.5:
            blanks = [k for k, text in enumerate(fields[: len(LAYOUT.grades)]) if not text]
            if blanks:
                del fields[rng.choice(blanks)]
        page = 1 + i // 3
        if page == shifted_page:
            fields.insert(0, "")
        rows.append(rd.RawRow(label=f"Nation {i}", fields=tuple(fields), line=i + 1, page=page))
    return tuple(rows), totals


def spaces(rows: tuple[rd.RawRow, ...]) -> tuple[sp.RowSpace, ...]:
    pages = md.page_baselines(rows, LAYOUT)
    return tuple(
        sp.row_space(r, LAYOUT, pages.get(r.page, (0,)) if r.page is not None else (0,))
        for r in rows
    )


def full_table(rows: tuple[rd.RawRow, ...], totals: dict[str, int]) -> md.Table:
    """Every reading of every row, listed (no bounds given: the search relaxes itself)."""
    pages = md.page_baselines(rows, LAYOUT)
    return md.Table(
        layout=LAYOUT,
        rows=rows,
        candidates=tuple(
            md.enumerate_candidates(
                r, LAYOUT, baselines=pages.get(r.page, (0,)) if r.page is not None else (0,)
            )
            for r in rows
        ),
        totals=totals,
    )


def problem(rows: tuple[rd.RawRow, ...], totals: dict[str, int]) -> sp.Problem:
    return sp.Problem(
        layout=LAYOUT,
        rows=rows,
        spaces=spaces(rows),
        totals=totals,
        excluded=frozenset(),
        page_cost=md.PAGE_COST,
    )


def listed(table: md.Table, outcome: op.Outcome) -> list[set[tuple[tuple[int, ...], int]]]:
    """Per row: every listed reading with its extra cost."""
    return [{(table.key(r, k), e) for k, e in ks.items()} for r, ks in enumerate(outcome.extra)]


SEEDS = range(12)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_relaxation_over_the_whole_space_is_the_listed_relaxation(seed: int) -> None:
    """Column generation reaches the optimum of the relaxation over every listed reading."""
    rows, totals = synthetic(seed)
    got = sp.relax(problem(rows, totals))
    assert got is not None
    expected = op.relaxation_bound(full_table(rows, totals))
    assert expected is not None
    assert got[0] == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_threshold_changes_no_optimum_and_no_listed_reading(seed: int) -> None:
    """The search on the readings within the threshold finds what the whole space gives.

    Same least cost, same optimal readings, same readings up to +2 with the same extra
    cost, for every row.
    """
    rows, totals = synthetic(seed)
    full = full_table(rows, totals)
    every = op.search(full)
    every = op.extend(full, every, frozenset(range(len(rows))))
    prob = problem(rows, totals)
    relaxed = sp.relax(prob)
    assert relaxed is not None
    optimum = tables._least_cost(prob, *relaxed)
    assert optimum == every.optimum
    restricted = sp.table(prob, relaxed[1], optimum + md.MAX_EXTRA)
    assert restricted is not None
    assert sum(map(len, restricted.candidates)) <= sum(map(len, full.candidates))
    found = op.search(restricted)
    found = op.extend(restricted, found, frozenset(range(len(rows))))
    assert found.optimum == every.optimum
    assert listed(restricted, found) == listed(full, every)


def test_a_row_read_as_printed_costs_nothing_and_the_space_holds_every_placement() -> None:
    """Four grades, two numbers: C(4, 2) placements, one of them as printed."""
    row = rd.RawRow(label="x", fields=("1", "", "2", "", "3", "1", "2"), line=1)
    space = sp.row_space(row, LAYOUT)
    assert space.size == math.comb(4, 2)
    readings = sp.materialize(space, LAYOUT)
    assert readings[0][0].values == (1, 0, 2, 0, 3, 1, 2)
    assert readings[0][1] == ((0, 0, 0),)
    assert len({r.values for r, _ in readings}) == math.comb(4, 2)


def test_duals_round_trip_through_json_exactly() -> None:
    rows, totals = synthetic(3)
    relaxed = sp.relax(problem(rows, totals))
    assert relaxed is not None
    duals = relaxed[1]
    assert sp.Duals.from_json(duals.to_json()) == duals


def test_duals_that_leave_a_negative_reduced_cost_prove_nothing() -> None:
    """A tampered certificate is refused, not used to drop readings."""
    rows, totals = synthetic(3)
    prob = problem(rows, totals)
    relaxed = sp.relax(prob)
    assert relaxed is not None
    duals = relaxed[1]
    tampered = sp.Duals(
        rows=duals.rows,
        pages=duals.pages,
        columns={**duals.columns, "A": duals.columns["A"] + 50.0},
    )
    with pytest.raises(rd.ProofError, match="reduced cost"):
        sp.within(prob, tampered, relaxed[0] + 2)


def test_malformed_duals_are_refused() -> None:
    with pytest.raises(TypeError, match="'columns' must be an object"):
        sp.Duals.from_json({"rows": [], "pages": {}, "columns": []})


def test_a_table_no_reading_can_meet_has_no_relaxation() -> None:
    """Totals no reading can reach: the relaxation is infeasible, not a wrong answer."""
    rows, totals = synthetic(1)
    impossible = {**totals, "A": totals["A"] + 1000}
    assert sp.relax(problem(rows, impossible)) is None


def test_search_one_refuses_an_unknown_table_and_merges_entries(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The parallel-build helper names the tables it knows and writes the cache format."""
    import json

    from tools.staff import search_one

    with pytest.raises(SystemExit, match="no table 'Annex IX'"):
        search_one.search("Annex IX")
    entry = {"key": "k", "counts": {}, "models": {"fewest_edits": {"optimum": 1}}}
    part = tmp_path / "part.json"
    part.write_text(json.dumps({"table": "Annex T", "entry": entry}), encoding="utf-8")
    cache = tmp_path / "cache.json"
    search_one.merge([part], cache)
    assert json.loads(cache.read_text(encoding="utf-8")) == {"Annex T": entry}


def test_rows_split_between_processes_give_the_same_extra_costs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``IOMDATA_SEARCH_JOBS``: each row's readings and extra costs as in one process."""
    rows, totals = synthetic(7)
    full = full_table(rows, totals)
    alone = op.extend(full, op.search(full), frozenset(range(len(rows))))
    monkeypatch.setattr(op, "JOBS", 2)
    split = op.extend(full, op.search(full), frozenset(range(len(rows))))
    assert listed(full, split) == listed(full, alone)
    assert split.optimal == alone.optimal


@pytest.mark.parametrize("seed", SEEDS)
def test_looking_for_many_new_readings_at_once_changes_no_listed_reading(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``MOST_NOVEL_FROM``: the time-limited look for many readings, then the exact question.

    Every program takes the look first (the threshold set to 0); the readings listed and
    their extra costs are those of the exact questions alone.
    """
    rows, totals = synthetic(seed)
    full = full_table(rows, totals)
    alone = op.extend(full, op.search(full), frozenset(range(len(rows))))
    monkeypatch.setattr(op, "MOST_NOVEL_FROM", 0)
    monkeypatch.setattr(op, "MOST_NOVEL_SECONDS", 5.0)
    hurried = op.extend(full, op.search(full), frozenset(range(len(rows))))
    assert listed(full, hurried) == listed(full, alone)
    assert hurried.optimal == alone.optimal
    assert hurried.chosen == alone.chosen


def _search_all(full: md.Table) -> op.Outcome:
    return op.extend(full, op.search(full), frozenset(range(len(full.rows))))


@pytest.mark.parametrize(("seed", "stop_after"), [(3, 2), (7, 3), (7, 6), (10, 4)])
def test_a_stopped_search_resumes_from_its_progress_with_the_same_listing(
    seed: int,
    stop_after: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``IOMDATA_SEARCH_CHECKPOINT``: stopped again and again, the search ends as if never stopped.

    Every run is stopped (as by :func:`tools.staff.progress.time_limit`) after a few
    programs more than the last; the run that finishes lists the same readings with the
    same extra costs as an uninterrupted search, and a run after it asks the solver for
    no new reading at all: the listing is read back from the progress files.
    """
    rows, totals = synthetic(seed)
    full = full_table(rows, totals)
    solve = op._solve
    asked = []

    def counted(*args: object, **kwargs: object) -> object:
        asked.append(kwargs.get("novel") is not None)
        return solve(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(op, "_solve", counted)
    alone = _search_all(full)
    assert any(asked), "the uninterrupted search asked for no new reading: nothing to resume"
    monkeypatch.setenv(pg.ENV, str(tmp_path))
    budget = [0]

    def limited(*args: object, **kwargs: object) -> object:
        if budget[0] <= 0:
            raise pg.OutOfTime
        budget[0] -= 1
        return solve(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(op, "_solve", limited)
    stops = 0
    while True:
        budget[0] = stop_after * (stops + 1)
        try:
            resumed = _search_all(full)
        except pg.OutOfTime:
            stops += 1
            continue
        break
    assert stops > 0
    assert listed(full, resumed) == listed(full, alone)
    assert resumed.optimal == alone.optimal
    assert resumed.chosen == alone.chosen
    assert all(json.loads(p.read_text())["done"] for p in tmp_path.glob("*.json"))

    def no_new_reading(*args: object, **kwargs: object) -> object:
        assert kwargs.get("novel") is None, "asked for a new reading"
        return solve(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(op, "_solve", no_new_reading)
    assert listed(full, _search_all(full)) == listed(full, alone)


@pytest.mark.parametrize("seed", [3, 7, 10])
@pytest.mark.parametrize("finished", [1, 2, 3])
def test_a_resumed_level_starts_after_its_last_finished_pass(
    seed: int, finished: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pass saved as finished is not asked again; the listing is the same.

    The progress files of a finished search are turned back to "last level not done,
    its first ``finished`` passes done"; the run that takes them up asks no program of
    those passes (pass 1: over the core readings, pass 2: over all of ``near``) and
    lists what the search listed.
    """
    monkeypatch.setenv(pg.ENV, str(tmp_path))
    full = full_table(*synthetic(seed))
    alone = _search_all(full)
    for path in tmp_path.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["passed"] == {str(level): 3 for level in data["done"]}
        last = max(data["done"])
        data["done"].remove(last)
        data["passed"][str(last)] = finished
        path.write_text(json.dumps(data), encoding="utf-8")
    solve, same_cost, core = op._solve, ps.same_cost, ps.core
    nears: list[object] = []
    cores: list[object] = []
    asked: list[str] = []

    def kept_near(table: md.Table, near: op.Keep, best: object) -> list[frozenset[int]]:
        nears.append(near)
        return same_cost(table, near, best)  # type: ignore[arg-type]

    def kept_core(*args: object) -> op.Keep:
        cores.append(core(*args))  # type: ignore[arg-type]
        return cores[-1]  # type: ignore[return-value]

    def which(table: md.Table, keep: op.Keep, **kwargs: object) -> object:
        if kwargs.get("novel") is not None:
            first = any(keep is c for c in cores)
            asked.append("1" if first else "2" if any(keep is n for n in nears) else "3")
        return solve(table, keep, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ps, "same_cost", kept_near)
    monkeypatch.setattr(ps, "core", kept_core)
    monkeypatch.setattr(op, "_solve", which)
    assert listed(full, _search_all(full)) == listed(full, alone)
    assert not [step for step in asked if int(step) <= finished]
    for path in tmp_path.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["passed"] == {str(level): 3 for level in data["done"]}


def test_a_progress_file_without_finished_passes_is_read_and_its_levels_start_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file written before passes were kept (no ``passed``) still loads.

    With its last level marked not done, the run that takes it up asks that level's
    programs again from the first pass, lists what the search listed, and writes the
    passes it finishes (only that level's: the others were read back as done).
    """
    monkeypatch.setenv(pg.ENV, str(tmp_path))
    full = full_table(*synthetic(7))
    alone = _search_all(full)
    for path in tmp_path.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        del data["passed"]
        data["done"].remove(max(data["done"]))
        path.write_text(json.dumps(data), encoding="utf-8")
    solve = op._solve
    asked: list[bool] = []

    def counted(*args: object, **kwargs: object) -> object:
        asked.append(kwargs.get("novel") is not None)
        return solve(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(op, "_solve", counted)
    assert listed(full, _search_all(full)) == listed(full, alone)
    assert any(asked)
    for path in tmp_path.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        # Only the level run again has its passes; the others were read back as done.
        assert data["passed"] == {str(max(data["done"])): 3}


def test_progress_is_kept_per_question(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another table's progress in the same directory is not taken for this one's."""
    monkeypatch.setenv(pg.ENV, str(tmp_path))
    first = full_table(*synthetic(1))
    _search_all(first)
    second = full_table(*synthetic(2))
    with_progress = _search_all(second)
    monkeypatch.delenv(pg.ENV)
    assert listed(second, with_progress) == listed(second, _search_all(second))


def test_a_damaged_progress_file_is_refused_and_left_as_it_is(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A progress file that cannot be read stops the search with its name; it is not replaced."""
    monkeypatch.setenv(pg.ENV, str(tmp_path))
    full = full_table(*synthetic(7))
    _search_all(full)
    damaged = min(tmp_path.glob("*.json"))
    damaged.write_text('{"key": "x"', encoding="utf-8")
    with pytest.raises(ValueError, match=r"not a progress file of this search.*remove it"):
        _search_all(full)
    assert damaged.read_text(encoding="utf-8") == '{"key": "x"'


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("with_core", [True, False])
def test_every_listed_extra_cost_is_the_cheapest_choice_with_that_reading(
    seed: int, with_core: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The listing against one program per reading: the cheapest choice that contains it.

    Independent of how the listing asks (core readings, readings that cost their row
    more or less than the best choice's, then the smaller program): every reading within
    two of the optimum is listed with exactly its extra cost, and no other is listed.
    Without the core pass (each row's core reduced to what is known) and without the
    trades between rows, the other two passes find every reading themselves.
    """
    if not with_core:

        def known_only(
            _table: md.Table, near: op.Keep, _best: object, extra: list[dict[int, int]]
        ) -> op.Keep:
            return [frozenset(extra[r]) for r in range(len(near))]

        monkeypatch.setattr(ps, "core", known_only)
        monkeypatch.setattr(op, "_neighbours", lambda *_: iter(()))
    rows, totals = synthetic(seed)
    full = full_table(rows, totals)
    outcome = _search_all(full)
    viable = list(full.viable)
    for r, candidates in enumerate(full.candidates):
        for k in range(len(candidates)):
            cheapest = op._solve(full, viable, fix={r: k})
            extra = None if cheapest is None else cheapest.cost - outcome.optimum
            if extra is not None and extra <= md.MAX_EXTRA:
                assert outcome.extra[r].get(k) == extra, (r, k)
            else:
                assert k not in outcome.extra[r], (r, k)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_parity_row_keeps_exactly_the_choices_of_the_caps_parity(seed: int) -> None:
    """Asked for a new reading, a program admits the choices costing the cap, not one less.

    For every reading, the cheapest choice containing it (cost ``c``) is found again
    with the cap at ``c`` and the parity row (which every program asking for a new
    reading has; here the row's readings all count as new, so that only the parity row
    bites); with the cap at ``c + 1`` the program returns a choice costing ``c + 1`` or
    none, never the cheaper one it returns without the row.
    """
    rows, totals = synthetic(seed)
    full = full_table(rows, totals)
    viable = list(full.viable)
    checked = 0
    for r, candidates in enumerate(full.candidates):
        for k in range(len(candidates)):
            cheapest = op._solve(full, viable, fix={r: k})
            if cheapest is None:
                continue
            c = cheapest.cost
            at_cap = op._solve(full, viable, cap=c, fix={r: k}, novel={r: set()})
            assert at_cap is not None
            assert at_cap.cost == c
            plain = op._solve(full, viable, cap=c + 1, fix={r: k})
            assert plain is not None
            assert plain.cost == c
            above = op._solve(full, viable, cap=c + 1, fix={r: k}, novel={r: set()})
            assert above is None or above.cost == c + 1
            checked += 1
    assert checked >= len(rows)
