"""Calibrate the staff-annex recovery on simulated tables whose true cells are known.

The statuses and bounds that the recovery ships are claims about a layout we cannot see.
This module measures how often they hold: it draws synthetic nationality tables,
prints them the way the edition's text prints its annexes, recovers them with the very
function that builds the shipped data (:func:`recover_printed`), and counts the cells
whose status or bounds are wrong.

1. **Tables** (:func:`draw_table`): rows resampled, with replacement, from the shipped
   rows of one edition and category (``staff_by_nationality_grade`` and ``_sex``); the
   published Total row is their column sums. Tables are smaller than the real ones (a
   few pages of a few rows) so that a study of hundreds of tables runs in minutes.
2. **Noise** (:mod:`tools.staff.noise`): each synthetic page copies one real page of the
   same annex, and each of its rows gets the edit script of a real row of that page --
   the empty fields the text lost or gained, where, fields joined, the last field cut --
   measured on the rows whose every cell the published totals decide.
3. **Recovery** (:func:`recover_printed`): the printed table is written in the raw
   format of the edition and read back by the edition's adapter, exactly as a build
   reads ``tools/raw/``.
4. **Report** (:func:`study`): cells and rows per status, certain cells that are wrong,
   open cells whose true value lies outside their bounds.

Run ``python -m tools.staff.simulate --tables N --seed S [--profile ar2018|ar2020]
[--json]``; ``nox -s calibrate`` runs the full study and writes ``docs/calibration.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Final

import attrs

from tools.staff import optimum
from tools.staff.noise import CATEGORIES, Columns, Script, TruthRow, TruthTable
from tools.staff.profiles import (
    ENGINE,
    NOISE_FROM,
    PROFILES,
    Profile,
    Recovered,
    label,
    profile_2018,
    profile_2020,
    profile_evidence,
)

__all__ = [
    "CERTAIN",
    "ENGINE",
    "NOISE_FROM",
    "OPEN",
    "PROFILES",
    "STATUSES",
    "TWO_ROW_TIE",
    "TWO_ROW_TRUTH",
    "CellResult",
    "Profile",
    "Recovered",
    "TableResult",
    "draw_scripts",
    "draw_table",
    "evaluate",
    "main",
    "minimize",
    "print_table",
    "profile_2018",
    "profile_2020",
    "profile_evidence",
    "recover_printed",
    "render_text",
    "run_table",
    "show_table",
    "study",
    "summarize",
    "tie_example_fails",
]

#: Statuses whose value the recovery claims (a wrong one is a false claim).
CERTAIN: Final = ("printed", "realigned", "derived")
#: Statuses whose value is open: the claim is only that the truth lies in the bounds.
OPEN: Final = ("adjudicated", "ambiguous")
#: Every status, in report order.
STATUSES: Final = (*CERTAIN, *OPEN)

#: Rows per synthetic table and per synthetic page (the real annexes: about 190 rows
#: on pages of about 40; the noise is drawn per page, so smaller pages keep it).
ROWS: Final = 36
PAGE_ROWS: Final = 12


@attrs.frozen(kw_only=True)
class CellResult:
    """One recovered cell beside its truth.

    Attributes
    ----------
    row
        Row index in the table.
    column
        Grade label, ``F`` or ``M``.
    truth
        The value the synthetic table holds.
    count
        The value the recovery ships.
    status
        Its cell status.
    low, high
        Its bounds (``count_low``, ``count_high``).
    """

    row: int
    column: str
    truth: int
    count: int
    status: str
    low: int
    high: int

    @property
    def certain(self) -> bool:
        """Whether the status claims the value."""
        return self.status in CERTAIN

    @property
    def wrong(self) -> bool:
        """A certain cell whose value is not the truth."""
        return self.certain and self.count != self.truth

    @property
    def missed(self) -> bool:
        """An open cell whose bounds leave the truth out."""
        return not self.certain and not self.low <= self.truth <= self.high


@attrs.frozen(kw_only=True)
class TableResult:
    """One simulated table: what was printed, what came back.

    Attributes
    ----------
    index
        Table number in the study.
    category
        ``general_service`` or ``professional``.
    cells
        Every grade, F and M cell of every row; empty when the recovery failed.
    noisy_rows
        Rows printed otherwise than in their own fields.
    error
        The recovery's error message when it found no reading, else None.
    timed_out
        Whether the engine was stopped at the study's time limit.
    """

    index: int
    category: str
    cells: tuple[CellResult, ...]
    noisy_rows: int
    error: str | None = None
    timed_out: bool = False


@contextlib.contextmanager
def _solver_output_to_stderr() -> Iterator[None]:
    """Send what the solver's C++ code prints to standard error, not into ``--json``."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def draw_table(
    profile: Profile, category: str, rng: random.Random, rows: int = ROWS
) -> TruthTable:
    """A synthetic table: ``rows`` rows resampled from the shipped rows of a category.

    Examples
    --------
    >>> table = draw_table(PROFILES["ar2020"](), "professional", random.Random(1), rows=3)
    >>> len(table.rows), table.layout.columns[-3:]
    (3, ('Total', 'F', 'M'))
    """
    pool = profile.truth_rows[category]
    return TruthTable(
        layout=profile.layouts[category], rows=tuple(rng.choice(pool) for _ in range(rows))
    )


def draw_scripts(
    profile: Profile,
    table: TruthTable,
    rng: random.Random,
    *,
    clean: bool = False,
    page_rows: int = PAGE_ROWS,
) -> list[list[Script]]:
    """Per synthetic page, the edit script of each of its rows.

    Every ``page_rows`` rows open a page that copies one real page
    (:meth:`Profile.pick_page`); with ``clean`` every row is printed in its own fields.
    """
    pages: list[list[Script]] = []
    ng = table.layout.n_grades
    for start in range(0, len(table.rows), page_rows):
        page = profile.pick_page(table.layout.category, rng) if not clean else None
        pages.append(
            [
                Script() if page is None else page.draw(row, ng, rng)
                for row in table.rows[start : start + page_rows]
            ]
        )
    return pages


def print_table(
    profile: Profile,
    table: TruthTable,
    rng: random.Random,
    *,
    clean: bool = False,
    page_rows: int = PAGE_ROWS,
) -> tuple[str, int]:
    """The table as the edition's raw file prints it, and how many rows carry noise.

    With ``clean`` every row is printed in its own fields (no edit script).
    """
    pages = draw_scripts(profile, table, rng, clean=clean, page_rows=page_rows)
    return profile.printer(profile, table, pages, rng), _noisy(table, pages)


def _noisy(table: TruthTable, pages: Sequence[Sequence[Script]]) -> int:
    width = len(table.layout.columns)
    return sum(1 for page in pages for script in page if script.moves(width))


def recover_printed(profile: Profile, category: str, text: str) -> list[list[CellResult]]:
    """Recover a printed table with the edition's adapter; cells per row, no truth yet.

    The text is written where the adapter reads its raw file and read back by the same
    function that builds the shipped data. ``truth`` is left at -1 (see :func:`run_table`).
    """
    with tempfile.TemporaryDirectory(prefix="iomdata-sim-") as tmp:
        raw_dir = Path(tmp)
        (raw_dir / profile.raw_name[category]).write_text(text, encoding="utf-8")
        recovered = profile.recover(category, raw_dir)
    out: list[list[CellResult]] = []
    for r, row in enumerate(recovered):
        out.append(
            [
                CellResult(
                    row=r,
                    column=c.column,
                    truth=-1,
                    count=c.count,
                    status=c.status,
                    low=c.low,
                    high=c.high,
                )
                for c in row
            ]
        )
    return out


def run_table(
    profile: Profile,
    seed: int,
    index: int,
    *,
    rows: int = ROWS,
    clean: bool = False,
    timeout: float | None = None,
) -> TableResult:
    """Draw, print and recover table ``index`` of a study; deterministic per (seed, index).

    Tables alternate between the categories (even ``index``: General Service).
    """
    rng = random.Random(f"{profile.name}:{seed}:{index}")
    category = CATEGORIES[index % len(CATEGORIES)]
    table = draw_table(profile, category, rng, rows)
    pages = draw_scripts(profile, table, rng, clean=clean)
    return evaluate(profile, table, pages, rng, index=index, timeout=timeout)


def evaluate(
    profile: Profile,
    table: TruthTable,
    pages: Sequence[Sequence[Script]],
    rng: random.Random,
    *,
    index: int = 0,
    timeout: float | None = None,
) -> TableResult:
    """Print a table with the given scripts, recover it, and set each cell beside its truth.

    ``timeout``: seconds of processor time the engine may spend on the table; past it
    the table counts as not recovered (``timed_out``), its cells in no rate.
    """
    category = table.layout.category
    text = profile.printer(profile, table, pages, rng)
    noisy = _noisy(table, pages)
    failed = functools.partial(TableResult, index=index, category=category, noisy_rows=noisy)
    try:
        with optimum.time_limit(timeout), _solver_output_to_stderr():
            recovered = recover_printed(profile, category, text)
    except optimum.OutOfTime:
        return failed(cells=(), error=f"not recovered within {timeout:g} s", timed_out=True)
    except Exception as exc:  # noqa: BLE001 - whatever stops the engine is a finding
        return failed(cells=(), error=f"{type(exc).__name__}: {exc}")
    if len(recovered) != len(table.rows):
        msg = f"table {index}: {len(table.rows)} rows printed, {len(recovered)} recovered"
        raise RuntimeError(msg)
    cells: list[CellResult] = []
    for truth, row in zip(table.rows, recovered, strict=True):
        values = truth.cells(table.layout)
        cells.extend(attrs.evolve(cell, truth=values[cell.column]) for cell in row)
    return TableResult(index=index, category=category, cells=tuple(cells), noisy_rows=noisy)


def minimize(profile: Profile, seed: int, index: int, rows: int = ROWS) -> str:
    """The smallest table found that still fails like table ``index`` does, printed.

    Takes the first row of the table with a certain cell that is wrong or an open cell
    outside its bounds, then drops every other row, and then the noise of every other
    row, that the failure does not need (one at a time, greedily). Each trial is one
    recovery by the engine. The result is the example to hand to the model's owner.
    """
    rng = random.Random(f"{profile.name}:{seed}:{index}")
    category = CATEGORIES[index % len(CATEGORIES)]
    table = draw_table(profile, category, rng, rows)
    pages = draw_scripts(profile, table, rng)
    entries = [
        (truth, script, p)
        for p, page in enumerate(pages)
        for truth, script in zip(table.rows[p * PAGE_ROWS :], page, strict=False)
    ]
    first = _failing_row(evaluate(profile, table, pages, random.Random(0)))
    if first is None:
        return f"table {index} (seed {seed}): every status holds; nothing to minimize"
    target = entries[first]

    def fails(trial: list[tuple[TruthRow, Script, int]]) -> bool:
        t, ps = _regroup(table.layout, trial)
        result = evaluate(profile, t, ps, random.Random(0))
        position = next(i for i, e in enumerate(trial) if e is target)
        return _failing_row(result, only=position) is not None

    kept = list(entries)
    for entry in list(reversed(entries)):
        if entry is not target and fails([e for e in kept if e is not entry]):
            kept = [e for e in kept if e is not entry]
    for k, entry in enumerate(kept):
        if entry is not target and entry[1].ops:
            trial = [*kept[:k], (entry[0], Script(), entry[2]), *kept[k + 1 :]]
            if fails(trial):
                kept = trial
    t, ps = _regroup(table.layout, kept)
    rng0 = random.Random(0)
    text = profile.printer(profile, t, ps, rng0)
    result = evaluate(profile, t, ps, random.Random(0))
    out = [f"table {index} (seed {seed}, {profile.name}) reduced to {len(kept)} rows:", text]
    for r, row in enumerate(_rows_of(result)):
        truth = t.rows[r].cells(t.layout)
        shown = ", ".join(
            f"{c.column} {truth[c.column]}->{c.count} {c.status}"
            + (f" [{c.low}, {c.high}]" if not c.certain else "")
            + (" WRONG" if c.wrong else " MISSED" if c.missed else "")
            for c in row
            if truth[c.column] or c.count or c.wrong or c.missed
        )
        out.append(f"{label(r)}: {shown}")
    return "\n".join(out)


def _failing_row(result: TableResult, only: int | None = None) -> int | None:
    for r, row in enumerate(_rows_of(result)):
        if (only is None or r == only) and any(c.wrong or c.missed for c in row):
            return r
    return None


def _regroup(
    layout: Columns, entries: Sequence[tuple[TruthRow, Script, int]]
) -> tuple[TruthTable, list[list[Script]]]:
    """A table and its pages from (truth, script, page) entries in printed order."""
    pages: dict[int, list[Script]] = {}
    for _, script, p in entries:
        pages.setdefault(p, []).append(script)
    table = TruthTable(layout=layout, rows=tuple(e[0] for e in entries))
    return table, [pages[p] for p in sorted(pages)]


def _run(args: tuple[str, str, int, int, int, float | None]) -> TableResult:
    name, noise_from, seed, index, rows, timeout = args
    return run_table(PROFILES[name](noise_from), seed, index, rows=rows, timeout=timeout)


def _results(
    name: str,
    noise_from: str,
    seed: int,
    tables: int,
    rows: int,
    jobs: int,
    timeout: float | None,
) -> Iterator[TableResult]:
    work = [(name, noise_from, seed, i, rows, timeout) for i in range(tables)]
    if jobs <= 1:
        yield from map(_run, work)
        return
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        # Results come back in table order, whatever the scheduling.
        yield from pool.imap(_run, work, chunksize=1)


def _rows_of(result: TableResult) -> list[list[CellResult]]:
    rows: dict[int, list[CellResult]] = {}
    for cell in result.cells:
        rows.setdefault(cell.row, []).append(cell)
    return [rows[r] for r in sorted(rows)]


def summarize(
    results: Sequence[TableResult], *, profile: Profile, seed: int, rows: int, seconds: float
) -> dict[str, object]:
    """The study's counts as one JSON-ready mapping (see the module docstring)."""
    cells = [c for r in results for c in r.cells]
    by_status = {
        s: {
            "cells": sum(1 for c in cells if c.status == s),
            "wrong": sum(1 for c in cells if c.status == s and c.count != c.truth),
            "bounds_miss": sum(1 for c in cells if c.status == s and c.missed),
        }
        for s in STATUSES
    }
    rows_of = [row for r in results for row in _rows_of(r)]
    examples = [
        {
            "table": r.index,
            "row": c.row,
            "column": c.column,
            "truth": c.truth,
            "count": c.count,
            "status": c.status,
            "low": c.low,
            "high": c.high,
        }
        for r in results
        for c in r.cells
        if c.wrong or c.missed
    ]
    per_table = [
        [
            r.index,
            r.category,
            r.noisy_rows,
            len(r.cells),
            sum(1 for c in r.cells if c.certain),
            sum(1 for c in r.cells if c.wrong),
            sum(1 for c in r.cells if c.missed),
        ]
        for r in results
    ]
    return {
        "profile": profile.name,
        "noise_from": profile.noise_from,
        "engine": ENGINE,
        "seed": seed,
        "rows_per_table": rows,
        "rows_per_page": PAGE_ROWS,
        "tables": len(results),
        "tables_failed": sum(1 for r in results if r.error is not None),
        "tables_timed_out": sum(1 for r in results if r.timed_out),
        "failures": [{"table": r.index, "error": r.error} for r in results if r.error],
        "rows": len(rows_of),
        "noisy_rows": sum(r.noisy_rows for r in results),
        "cells": len(cells),
        "certain_cells": sum(1 for c in cells if c.certain),
        "certain_wrong": sum(1 for c in cells if c.wrong),
        "open_cells": sum(1 for c in cells if not c.certain),
        "bounds_miss": sum(1 for c in cells if c.missed),
        "by_status": by_status,
        "tables_certain_wrong": sum(1 for r in results if any(c.wrong for c in r.cells)),
        "tables_bounds_miss": sum(1 for r in results if any(c.missed for c in r.cells)),
        "certain_rows": sum(1 for row in rows_of if all(c.certain for c in row)),
        "certain_wrong_rows": sum(1 for row in rows_of if any(c.wrong for c in row)),
        "open_rows": sum(1 for row in rows_of if not all(c.certain for c in row)),
        "bounds_miss_rows": sum(1 for row in rows_of if any(c.missed for c in row)),
        "examples": examples[:20],
        "per_table": per_table,
        "noise": profile_evidence(profile),
        "seconds": round(seconds, 1),
    }


def study(
    profile: str,
    seed: int,
    tables: int,
    *,
    rows: int = ROWS,
    jobs: int = 1,
    noise_from: str = "decided",
    timeout: float | None = None,
) -> dict[str, object]:
    """Run ``tables`` simulated tables of a profile and summarize them.

    Examples
    --------
    >>> report = study("ar2020", seed=3, tables=1, rows=6)
    >>> report["cells"] == report["certain_cells"] + report["open_cells"]
    True
    """
    start = time.perf_counter()
    results = list(_results(profile, noise_from, seed, tables, rows, jobs, timeout))
    seconds = time.perf_counter() - start
    report = summarize(
        results, profile=PROFILES[profile](noise_from), seed=seed, rows=rows, seconds=seconds
    )
    report["timeout"] = timeout
    if profile == "ar2020":
        report["tie_example_fails"] = tie_example_fails()
    return report


#: The smallest table the study found whose certain cells are wrong (seed 2026, table 3,
#: reduced by ``--minimize``; Annex III layout): Nation BA prints its 1 in its own P-3
#: field; Nation BB's true P-2 1 and UG 2 are printed two and one fields left. Both
#: readings of the pair cost 4 empty-field edits in all, so the totals cannot tell the
#: truth from the other reading, and its cells must not be called certain.
TWO_ROW_TIE: Final = """# two rows, Annex III layout
2\tmarker\tsection member
3\trow\tNation BA\t\t\t\t\t\t\t1\t\t\t\t1\t\t1
4\trow\tNation BB\t\t\t\t\t\t1\t\t\t2\t\t3\t2\t1
5\trow\tTotal\t0\t0\t0\t0\t0\t0\t1\t1\t0\t2\t4\t2\t2
"""
#: The truth of :data:`TWO_ROW_TIE` (cells not named are 0).
TWO_ROW_TRUTH: Final = (
    {"P-3": 1, "M": 1},
    {"P-2": 1, "UG": 2, "F": 2, "M": 1},
)


def tie_example_fails() -> bool:
    """Whether the engine calls a cell of :data:`TWO_ROW_TIE` certain and wrong, or misses."""
    rows = recover_printed(profile_2020(), "professional", TWO_ROW_TIE)
    for truth, row in zip(TWO_ROW_TRUTH, rows, strict=True):
        for cell in row:
            value = truth.get(cell.column, 0)
            if not cell.low <= value <= cell.high:
                return True
            if cell.status in CERTAIN and cell.count != value:
                return True
    return False


def show_table(profile: Profile, seed: int, index: int, rows: int = ROWS) -> str:
    """Table ``index`` of a study as printed, and each row whose cells contradict a status.

    The failing example to hand to the model's owner: the raw text the engine read, and
    per row the truth beside what came back.
    """
    rng = random.Random(f"{profile.name}:{seed}:{index}")
    category = CATEGORIES[index % len(CATEGORIES)]
    table = draw_table(profile, category, rng, rows)
    text, _ = print_table(profile, table, rng)
    result = run_table(profile, seed, index, rows=rows)
    out = [text.rstrip("\n"), ""]
    if result.error is not None:
        out.append(f"the engine failed: {result.error}")
    for row in _rows_of(result):
        bad = [c for c in row if c.wrong or c.missed]
        if bad:
            out.append(f"{label(row[0].row)}:")
            out.extend(
                f"  {c.column}: truth {c.truth}, shipped {c.count} {c.status} [{c.low}, {c.high}]"
                for c in bad
            )
    return "\n".join(out)


def render_text(report: Mapping[str, object]) -> str:
    """The report in a few lines for the terminal."""
    lines = [
        (
            f"profile {report['profile']}, seed {report['seed']}: {report['tables']} tables "
            f"({report['tables_failed']} failed), {report['rows']} rows "
            f"({report['noisy_rows']} printed with noise), {report['cells']} cells"
        ),
        f"certain cells {report['certain_cells']}, wrong {report['certain_wrong']}",
        (
            f"open cells {report['open_cells']}, true value outside the bounds "
            f"{report['bounds_miss']}"
        ),
        (
            f"rows: certain {report['certain_rows']} (wrong {report['certain_wrong_rows']}), "
            f"open {report['open_rows']} (bounds missed {report['bounds_miss_rows']})"
        ),
    ]
    by_status = report["by_status"]
    assert isinstance(by_status, dict)
    for status, counts in by_status.items():
        lines.append(f"  {status}: {counts['cells']} cells, {counts['wrong']} differ from truth")
    lines.append(f"{report['seconds']} s")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run a study, print its report (text or one JSON object)."""
    parser = argparse.ArgumentParser(prog="python -m tools.staff.simulate", description=__doc__)
    parser.add_argument("--tables", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="ar2020")
    parser.add_argument("--rows", type=int, default=ROWS, help="rows per table")
    parser.add_argument(
        "--noise-from",
        choices=NOISE_FROM,
        default="decided",
        help="measure the noise on the decided rows (default) or on every row as shipped",
    )
    parser.add_argument("--show", type=int, help="print table N of the study and its errors")
    parser.add_argument(
        "--minimize", type=int, help="reduce failing table N to the rows its failure needs"
    )
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument(
        "--timeout",
        type=float,
        help="processor seconds the engine may spend on one table (default: no limit)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.tables < 1 or args.rows < 1 or args.jobs < 1:
        parser.error("--tables, --rows and --jobs must be at least 1")
    if args.minimize is not None:
        profile = PROFILES[args.profile](args.noise_from)
        print(minimize(profile, args.seed, args.minimize, args.rows))
        return 0
    if args.show is not None:
        print(show_table(PROFILES[args.profile](args.noise_from), args.seed, args.show, args.rows))
        return 0
    report = study(
        args.profile,
        args.seed,
        args.tables,
        rows=args.rows,
        jobs=args.jobs,
        noise_from=args.noise_from,
        timeout=args.timeout,
    )
    print(json.dumps(report, sort_keys=True) if args.json else render_text(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
