"""One measurement per fresh interpreter: ``python -I benchmarks/probes.py <probe> [args]``.

Each probe prints one JSON object on stdout. The harness (``benchmarks/run.py``) starts a
new process per measurement so that "first use" is real, and runs it with ``-I`` so that
the installed package is measured, never the source tree. (The import-time probes are not
here but one-line ``-c`` programs in the harness: this file's own imports would load part
of what ``import attrs`` pays for and so shrink that baseline.)

Every import a probe needs happens before its clock starts, unless the import is what is
measured; ``json`` is imported only after the clock stops.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Literal

#: What a probe reports: numbers, plus a few strings for the harness's sanity checks.
Report = dict[str, float | int | str]


def _emit(report: Report) -> None:
    import json

    print(json.dumps(report))


# --- first call -------------------------------------------------------------------------


def _first_call(edition: str) -> Report:
    import iomdata

    start = time.perf_counter()
    frame = iomdata.staff(int(edition)).nationality_grade()
    elapsed = time.perf_counter() - start
    return {"seconds": elapsed, "rows": frame.height}


def _raw_read(path: str) -> Report:
    import io
    from pathlib import Path

    import polars as pl

    start = time.perf_counter()
    frame = pl.read_csv(io.BytesIO(Path(path).read_bytes()))
    elapsed = time.perf_counter() - start
    return {"seconds": elapsed, "rows": frame.height}


def first_call(edition: str) -> Report:
    """First ``staff(edition).nationality_grade()``, polars and iomdata imported first.

    Everything iomdata does on first use is inside the clock: reading and checking the
    manifest, the sha256 of every resource it reads, the summaries ``staff()`` reads,
    parsing with the schema, the row-count check, and the filter to the edition. The
    whole-process figure, with every import inside the clock, is measured by the harness.
    """
    import polars as pl  # noqa: F401 - imported before the clock, as in the baseline

    return _first_call(edition)


def raw_read(path: str) -> Report:
    """Baseline: ``pl.read_csv`` of the same resource's bytes, polars imported first."""
    return _raw_read(path)


def profile_first_call(edition: str) -> Report:
    """A profile (cProfile) of the first ``staff(edition).nationality_grade()``.

    Reports, as JSON text, the package's own functions by cumulative time and, over
    everything, the functions the time is spent in (their own time).
    """
    import cProfile
    import json
    import pstats
    from pathlib import Path

    import polars as pl  # noqa: F401 - imported before the profile, as in first_call

    import iomdata

    profiler = cProfile.Profile()
    profiler.enable()
    iomdata.staff(int(edition)).nationality_grade()
    profiler.disable()
    package = str(Path(iomdata.__file__).parent)
    ours, everything = [], []
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    for (file, line, name), (_, calls, own, cumulative, _) in stats.items():
        row = [f"{Path(file).name}:{line}({name})", calls, own, cumulative]
        everything.append(row)
        if file.startswith(package):
            ours.append(row)
    ours.sort(key=lambda row: -row[3])
    everything.sort(key=lambda row: -row[2])
    return {"ours": json.dumps(ours[:12]), "own_time": json.dumps(everything[:8])}


# --- repeated calls ---------------------------------------------------------------------


def _per_call(function: Callable[[], object], *, batch: float = 0.02, repeat: int = 7) -> float:
    # Seconds per call: the median over `repeat` batches, each of as many calls as take
    # about `batch` seconds (at least one), after one call that fills the caches.
    import statistics
    import timeit

    function()
    timer = timeit.Timer(function)
    number = 1
    while timer.timeit(number) < batch and number < 1_000_000:
        number *= 4
    return statistics.median(timer.repeat(repeat=repeat, number=number)) / number


def repeat_call(edition: str) -> Report:
    """Seconds per repeated ``staff(edition).nationality_grade()`` (after the first)."""
    import iomdata

    year = int(edition)
    return {"seconds": _per_call(lambda: iomdata.staff(year).nationality_grade())}


def clone_only(edition: str) -> Report:
    """Baseline: seconds per ``DataFrame.clone()`` of the same rows held in memory.

    The least any call can cost that hands the caller a frame of its own.
    """
    import iomdata

    frame = iomdata.staff(int(edition)).nationality_grade()
    return {"seconds": _per_call(frame.clone)}


def repeat_load() -> Report:
    """Seconds per repeated ``load(name)``, for the slowest dataset."""
    import iomdata

    times = {name: _per_call(partial(iomdata.load, name)) for name in iomdata.datasets()}
    slowest = max(times, key=times.__getitem__)
    return {"seconds": times[slowest], "dataset": slowest}


def clone_all() -> Report:
    """Baseline: seconds per ``DataFrame.clone()`` of that slowest dataset's frame."""
    import iomdata

    frames = {name: iomdata.load(name) for name in iomdata.datasets()}
    times = {name: _per_call(frame.clone) for name, frame in frames.items()}
    slowest = max(times, key=times.__getitem__)
    return {"seconds": times[slowest], "dataset": slowest}


def load_all() -> Report:
    """First ``load()`` of every dataset in a fresh process, polars imported first."""
    import polars as pl  # noqa: F401 - imported before the clock, as in the baseline

    import iomdata

    start = time.perf_counter()
    rows = sum(iomdata.load(name).height for name in iomdata.datasets())
    elapsed = time.perf_counter() - start
    return {"seconds": elapsed, "rows": rows}


def raw_read_all(*paths: str) -> Report:
    """Baseline: ``pl.read_csv`` of every resource's bytes, polars imported first."""
    import io
    from pathlib import Path

    import polars as pl

    start = time.perf_counter()
    rows = sum(pl.read_csv(io.BytesIO(Path(path).read_bytes())).height for path in paths)
    elapsed = time.perf_counter() - start
    return {"seconds": elapsed, "rows": rows}


# --- records, frames of records, export -------------------------------------------------


def key_figure_get() -> Report:
    """Seconds per ``KeyFigures.get(id)`` over every record, for the last id (a scan's worst).

    Baseline: a dict lookup of the same id, the floor of any lookup by key.
    """
    import iomdata

    figures = iomdata.key_figures()
    wanted = figures.ids()[-1]
    by_id = {figure.id: figure for figure in figures}
    if figures.get(wanted) is not by_id[wanted]:
        msg = f"get({wanted!r}) and the dict disagree"
        raise RuntimeError(msg)
    return {
        "seconds": _per_call(partial(figures.get, wanted)),
        "baseline": _per_call(partial(by_id.__getitem__, wanted)),
        "records": len(figures),
        "id": wanted,
    }


def to_polars_repeat(edition: str) -> Report:
    """Seconds per repeated ``key_figures(edition).to_polars()`` on the same collection.

    Baseline: filtering the cached ``load("key_figures")`` frame to the edition, the same
    rows (checked) from a frame already built.
    """
    import polars as pl

    import iomdata

    year = int(edition)
    figures = iomdata.key_figures(year)
    table = iomdata.load("key_figures")

    def filtered() -> pl.DataFrame:
        return table.filter(pl.col("edition") == year)

    if not figures.to_polars().equals(filtered()):
        msg = f"key_figures({year}).to_polars() differs from load('key_figures') filtered"
        raise RuntimeError(msg)
    return {
        "seconds": _per_call(figures.to_polars),
        "baseline": _per_call(filtered),
        "rows": len(figures),
    }


def export_first(fmt: str) -> Report:
    """The first ``iomdata.export(..., format=fmt)`` of every dataset, then a second one.

    polars and iomdata are imported before the clock (an export of any format imports
    polars), so the first figure is the export's own work: reading what it needs,
    encoding, hashing, writing the files and the descriptor. ``again`` is a second export
    in the same process, with everything cached. CPU time (every thread) and wall clock.
    """
    import tempfile
    from pathlib import Path

    import polars as pl  # noqa: F401 - imported before the clock, for every format

    import iomdata

    chosen: Literal["csv", "json"] = "json" if fmt == "json" else "csv"
    report: Report = {}
    with tempfile.TemporaryDirectory() as scratch:
        for label in ("first", "again"):
            start, cpu = time.perf_counter(), time.process_time()
            written = iomdata.export(Path(scratch) / label, format=chosen)
            report[f"{label}_cpu"] = time.process_time() - cpu
            report[f"{label}_seconds"] = time.perf_counter() - start
        names = sorted(
            path.stem for path in written.parent.iterdir() if path.name != "datapackage.json"
        )
    report["datasets"] = " ".join(names)
    return report


# --- memory -----------------------------------------------------------------------------


def _peak_rss() -> int:
    import resource

    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def memory_everything() -> Report:
    """Peak RSS after loading every dataset and building every record iomdata offers."""
    import iomdata

    for name in iomdata.datasets():
        iomdata.load(name)
    methods = [name for name in dir(iomdata.StaffStatistics) if not name.startswith("_")]
    for edition in iomdata.editions():
        staff = iomdata.staff(edition)
        for method in methods:
            member = getattr(staff, method)
            if callable(member):
                member()
        iomdata.key_figures(edition)
    iomdata.key_figures()
    iomdata.sources()
    iomdata.errata()
    iomdata.sdg_survey()
    return {"bytes": _peak_rss()}


def memory_polars() -> Report:
    """Baseline: peak RSS after ``import polars`` alone."""
    import polars as pl

    return {"bytes": _peak_rss(), "module": pl.__name__}


def memory_polars_used() -> Report:
    """Peak RSS after ``import polars``, one tiny ``read_csv`` and one tiny query.

    Polars' first CSV read and first lazy query start its runtime (thread pool, arenas),
    which any program that uses polars pays, whoever calls it.
    """
    import io

    import polars as pl

    frame = pl.read_csv(io.BytesIO(b"a,b\n1,x\n2,y\n"))
    frame.filter(pl.col("a") == 1)
    return {"bytes": _peak_rss()}


# --- size -------------------------------------------------------------------------------


def installed_size() -> Report:
    """Bytes of every file the installed distribution records (code, data, metadata)."""
    import importlib.metadata
    import importlib.util
    from pathlib import Path

    files = importlib.metadata.files("iomdata") or []
    total = sum(Path(str(file.locate())).stat().st_size for file in files)
    spec = importlib.util.find_spec("iomdata")
    locations = list(spec.submodule_search_locations or []) if spec else []
    return {"bytes": total, "files": len(files), "package": locations[0] if locations else ""}


PROBES: dict[str, Callable[..., Report]] = {
    function.__name__: function
    for function in (
        first_call,
        raw_read,
        profile_first_call,
        repeat_call,
        clone_only,
        repeat_load,
        clone_all,
        load_all,
        raw_read_all,
        key_figure_get,
        to_polars_repeat,
        export_first,
        memory_everything,
        memory_polars,
        memory_polars_used,
        installed_size,
    )
}


def main(argv: list[str]) -> int:
    """Run the probe named by ``argv[0]`` with the rest as its arguments."""
    if not argv or argv[0] not in PROBES:
        print(f"usage: probes.py {{{','.join(PROBES)}}} [args]", file=sys.stderr)
        return 2
    _emit(PROBES[argv[0]](*argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
