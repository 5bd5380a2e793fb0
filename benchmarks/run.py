"""Measure iomdata against baselines in the same run and write ``docs/performance.md``.

Usage (``nox -s bench`` does this against the built wheel)::

    python -m benchmarks [--wheel PATH] [--output docs/performance.md] [--runs N]

Method: every figure is a median over fresh interpreters (``python -I``, so the installed
package is measured), with the subject and its baselines run in turn, in a rotating
order, so that a change in the machine's load affects all of them. Each figure is
reported with its baseline and the ratio, against the target set for it. Whole-process
figures are the child's own CPU time (user and system, every thread) and peak RSS as
``os.wait4`` reports them, from exec to exit; in-process figures come from
``time.perf_counter``/``time.process_time`` or ``timeit`` in a probe. No plugin.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import string
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROBES = Path(__file__).resolve().parent / "probes.py"
TEMPLATE = Path(__file__).resolve().parent / "report_template.md"
DEFAULT_OUTPUT = ROOT / "docs" / "performance.md"

KIB = 1024
MIB = 1024 * 1024

# Spelled as escapes: ruff flags the literal characters as look-alikes of x, - and <=.
TIMES = "\N{MULTIPLICATION SIGN}"
AT_MOST = "\N{LESS-THAN OR EQUAL TO}"
TO = "\N{EN DASH}"
MICRO = "\N{MICRO SIGN}"
NONE = "\N{EM DASH}"

#: ``-c`` programs for the import probes, so that nothing but ``time`` (built in and
#: already loaded at start-up) is imported before the clock starts.
#: Both clocks: the import is single-threaded, so its CPU time is its cost without the
#: time spent waiting for a core, which on a shared machine is most of the noise.
IMPORT_PROGRAM = (
    "import time, sys\n"
    "start, cpu = time.perf_counter(), time.process_time()\n"
    "import {module}\n"
    "elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu\n"
    "heavy = ','.join(sorted(m for m in ('polars', 'cattrs') if m in sys.modules))\n"
    'print(\'{{"seconds": %r, "cpu": %r, "heavy": "%s"}}\' % (elapsed, cpu, heavy))\n'
)

Report = dict[str, float | int | str]

#: Whole-process programs (``python -I -c``), formatted with the edition, a key figure's
#: id and the resource's path. Each prints what the harness checks (rows, values), after
#: its work; the record path refuses to finish if it has loaded polars.
RECORD_PROGRAM = (
    "import sys\n"
    "import iomdata\n"
    "value = iomdata.key_figures({edition}).get({key_figure!r}).value\n"
    "total = iomdata.staff({edition}).total_staff\n"
    "if 'polars' in sys.modules:\n"
    "    raise SystemExit('the record path imported polars')\n"
    "print(value, total)\n"
)
FRAME_PROGRAM = "import iomdata\nprint(iomdata.staff({edition}).nationality_grade().height)\n"
RAW_READ_PROGRAM = (
    "import io, pathlib\n"
    "import polars as pl\n"
    "print(pl.read_csv(io.BytesIO(pathlib.Path({path!r}).read_bytes())).height)\n"
)
VERIFY_PROGRAM = "import iomdata\nprint(iomdata.verify().ok)\n"
LOAD_ALL_PROGRAM = (
    "import iomdata\nprint(sum(iomdata.load(name).height for name in iomdata.datasets()))\n"
)
#: The peers: (distribution, what is measured, program).
PEERS = (
    (
        "palmerpenguins",
        "`palmerpenguins.load_penguins()`",
        "from palmerpenguins import load_penguins\nload_penguins()\n",
    ),
    (
        "vega_datasets",
        "`vega_datasets.data.cars()`",
        "from vega_datasets import data\ndata.cars()\n",
    ),
    (
        "pycountry",
        '`pycountry.countries.get(alpha_3="KEN")`',
        "import pycountry\npycountry.countries.get(alpha_3='KEN')\n",
    ),
)


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    measure: str
    value: str
    baseline: str
    ratio: str
    target: str
    met: bool | None  # None: no target, reported for information
    runs: int = 1


def _python(args: Sequence[str]) -> Report:
    result = subprocess.run(
        [sys.executable, "-I", *args], check=False, capture_output=True, text=True
    )
    if result.returncode != 0:
        msg = f"probe {args!r} failed ({result.returncode}):\n{result.stderr}"
        raise RuntimeError(msg)
    report: Report = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def _run_code(code: str) -> str:
    """What ``code`` prints, run in a fresh isolated interpreter (``python -I -c``)."""
    result = subprocess.run(
        [sys.executable, "-I", "-c", code], check=True, capture_output=True, text=True
    )
    return result.stdout


def _run_json(value: str, *, imports: str) -> Any:
    """The JSON ``value`` (an expression) computes in a fresh isolated interpreter."""
    return json.loads(_run_code(f"import json, {imports}\nprint(json.dumps({value}))\n"))


def probe(name: str, *args: str) -> Report:
    """Run one probe of ``benchmarks/probes.py`` in a fresh interpreter."""
    return _python([str(PROBES), name, *args])


def import_probe(module: str) -> Report:
    """Seconds to import ``module`` in a fresh interpreter."""
    return _python(["-c", IMPORT_PROGRAM.format(module=module)])


class ProbeFailed(RuntimeError):
    """A whole-process program exited with an error; the message is its last line."""


#: The process that starts every whole-process program (``python -I -S -c``): it reads
#: one program per line (its arguments, then the files for its stdout and stderr, each
#: as the hex of its UTF-8, comma-separated), starts it with ``os.posix_spawn``, waits with ``os.wait4`` and writes back its
#: CPU time, wall clock, peak RSS (KiB) and exit status. A process's peak RSS as Linux
#: reports it is never below the RSS of the process that started it (the child runs in
#: its parent's memory until exec), so programs started by this harness (~16 MiB) would
#: all read at least that: the launcher imports only os, sys and time (~9 MiB, less than
#: any program measured, which all start a full interpreter with ``site``).
LAUNCHER = r"""
import os, sys, time
for line in sys.stdin:
    *argv, out, err = [bytes.fromhex(word).decode() for word in line.split(",")]
    write = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [(os.POSIX_SPAWN_OPEN, 1, out, write, 0o600),
               (os.POSIX_SPAWN_OPEN, 2, err, write, 0o600)]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    code = os.waitstatus_to_exitcode(status)
    sys.stdout.write("%r %r %d %d\n" % (cpu, wall, usage.ru_maxrss, code))
    sys.stdout.flush()
"""

_launcher: subprocess.Popen[str] | None = None


def _launch(argv: Sequence[str], out: str, err: str) -> tuple[float, float, int, int]:
    """Run ``argv`` through the launcher: CPU seconds, wall seconds, peak KiB, exit status."""
    global _launcher  # noqa: PLW0603 - one launcher for the whole run
    if _launcher is None or _launcher.poll() is not None:
        _launcher = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
    pipe_in, pipe_out = _launcher.stdin, _launcher.stdout
    if pipe_in is None or pipe_out is None:  # pragma: no cover - both are pipes above
        msg = "the launcher has no pipes"
        raise RuntimeError(msg)
    pipe_in.write(",".join(word.encode().hex() for word in (*argv, out, err)) + "\n")
    pipe_in.flush()
    cpu, wall, peak, code = pipe_out.readline().split()
    return float(cpu), float(wall), int(peak), int(code)


def whole_process(args: Sequence[str]) -> Report:
    """Run ``python -I *args`` once: its CPU time, wall clock, peak RSS and output.

    CPU time is the child's user plus system time over every thread, and the peak its
    ``ru_maxrss``, both from ``os.wait4`` in the launcher that starts it (see
    ``LAUNCHER``): nothing runs in the child to measure it, and start-up, imports and
    exit are all inside. Output goes to files, read once the child has exited.
    """
    with tempfile.TemporaryDirectory() as scratch:
        out, err = Path(scratch) / "stdout", Path(scratch) / "stderr"
        cpu, wall, peak, code = _launch([sys.executable, "-I", *args], str(out), str(err))
        stdout, stderr = out.read_text(), err.read_text()
    if code != 0:
        lines = stderr.strip().splitlines() or [f"exit status {code}"]
        raise ProbeFailed(lines[-1])
    return {
        "cpu": cpu,
        "seconds": wall,
        "bytes": peak * KIB,  # Linux reports KiB
        "stdout": stdout.strip(),
    }


@dataclass
class Group:
    """Whole-process runs of several programs, in turn: reports, or why there are none."""

    reports: dict[str, list[Report]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def measure_group(programs: Mapping[str, Sequence[str]], runs: int) -> Group:
    """Run every program ``runs`` times, one round at a time, rotating who goes first.

    One discarded round first warms the file and bytecode caches and finds the programs
    that fail (a peer not installed, a probe's own check): those are left out, with the
    reason.
    """
    group = Group()
    live: dict[str, Sequence[str]] = {}
    for name, args in programs.items():
        try:
            whole_process(args)
        except ProbeFailed as exc:
            group.errors[name] = str(exc)
        else:
            live[name] = args
    names = list(live)
    for index in range(runs):
        shift = index % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            group.reports.setdefault(name, []).append(whole_process(live[name]))
    return group


def mib(size: float) -> str:
    """Bytes as MiB."""
    return f"{size / MIB:.1f} MiB"


def compare(
    group: Group,
    subject: str,
    baseline: str,
    *,
    measure: str,
    baseline_label: str,
    limit: float | None,
    key: str = "cpu",
) -> Row:
    """One row: ``subject`` against ``baseline`` from the same group of runs.

    ``key`` is ``"cpu"`` (seconds) or ``"bytes"`` (peak RSS); ``limit`` is the target
    ratio, ``None`` for a figure reported for information. A failed subject misses its
    target; a missing baseline leaves the row unmeasured.
    """
    target = f"{NONE} (information)" if limit is None else f"{AT_MOST} {limit}{TIMES}"
    unit: Callable[[float], str] = ms if key == "cpu" else mib
    texts = {
        name: f"not measured: {group.errors[name]}"
        if name in group.errors
        else _with_spread(unit(median(group.reports[name], key)), group.reports[name], unit, key)
        for name in (subject, baseline)
    }
    if subject in group.errors or baseline in group.errors:
        met = False if subject in group.errors and limit is not None else None
        runs = len(group.reports.get(subject, []))
        return Row(
            measure,
            texts[subject],
            f"{baseline_label}: {texts[baseline]}",
            NONE,
            target,
            met,
            runs,
        )
    subjects, baselines = group.reports[subject], group.reports[baseline]
    value, floor = median(subjects, key), median(baselines, key)
    ratio = times(value / floor)
    if key == "cpu":
        ratio += f" (wall clock: {times(median(subjects) / median(baselines))})"
    return Row(
        measure,
        texts[subject],
        f"{baseline_label}: {texts[baseline]}",
        ratio,
        target,
        None if limit is None else value / floor <= limit,
        runs=len(subjects),
    )


def paired(
    subject: Callable[[], Report], baseline: Callable[[], Report], runs: int
) -> tuple[list[Report], list[Report]]:
    """Run ``subject`` and ``baseline`` ``runs`` times each, alternating which goes first.

    One discarded round first warms the file cache and the bytecode caches.
    """
    subject(), baseline()
    subjects: list[Report] = []
    baselines: list[Report] = []
    for index in range(runs):
        if index % 2:
            baselines.append(baseline())
            subjects.append(subject())
        else:
            subjects.append(subject())
            baselines.append(baseline())
    return subjects, baselines


def median(reports: Sequence[Report], key: str = "seconds") -> float:
    """The median of ``key`` over the reports."""
    return statistics.median(float(report[key]) for report in reports)


def _spread(reports: Sequence[Report], key: str = "seconds") -> tuple[float, float]:
    values = [float(report[key]) for report in reports]
    if len(values) < 4:
        return min(values), max(values)
    quartiles = statistics.quantiles(values, n=4)
    return quartiles[0], quartiles[2]


def ms(seconds: float) -> str:
    """Seconds as milliseconds."""
    return f"{seconds * 1e3:.1f} ms"


def us(seconds: float) -> str:
    """Seconds as microseconds (three decimals below one, where a dict lookup falls)."""
    return f"{seconds * 1e6:.{3 if seconds < 1e-6 else 1}f} {MICRO}s"


def times(ratio: float) -> str:
    """A ratio, such as ``1.23x``."""
    return f"{ratio:.2f}{TIMES}"


def _with_spread(
    text: str, reports: Sequence[Report], unit: Callable[[float], str], key: str = "seconds"
) -> str:
    low, high = _spread(reports, key)
    return f"{text} ({unit(low)}{TO}{unit(high)})"


# --- the measurements -------------------------------------------------------------------


def data_paths() -> dict[str, Path]:
    """The installed resources, by dataset name, located without importing iomdata."""
    locations = "list(importlib.util.find_spec('iomdata').submodule_search_locations)"
    (package,) = _run_json(locations, imports="importlib.util")
    data = Path(package) / "_data"
    manifest = json.loads((data / "manifest.json").read_bytes())
    return {entry["name"]: data / entry["path"] for entry in manifest["resources"]}


def bench_import(runs: int) -> Row:
    """``import iomdata`` against ``import attrs``."""
    subjects, baselines = paired(
        lambda: import_probe("iomdata"), lambda: import_probe("attrs"), runs
    )
    heavy = {str(report["heavy"]) for report in subjects} - {""}
    if heavy:
        msg = f"import iomdata loaded {sorted(heavy)}"
        raise RuntimeError(msg)
    subject, baseline = median(subjects, "cpu"), median(baselines, "cpu")
    wall = median(subjects) / median(baselines)
    return Row(
        "`import iomdata`, CPU time (neither polars nor cattrs loaded)",
        _with_spread(ms(subject), subjects, ms, "cpu"),
        f"`import attrs`: {_with_spread(ms(baseline), baselines, ms, 'cpu')}",
        f"{times(subject / baseline)} (wall clock: {times(wall)})",
        f"{AT_MOST} 1.2{TIMES}",
        subject / baseline <= 1.2,
        runs=runs,
    )


def bench_first_call(runs: int, resource: Path, edition: int) -> Row:
    """First ``staff(edition).nationality_grade()`` against a raw read, polars imported first.

    iomdata's own overhead on first use; the target is on the whole-process figure.
    """
    subjects, baselines = paired(
        lambda: probe("first_call", str(edition)),
        lambda: probe("raw_read", str(resource)),
        runs,
    )
    return _against_raw_reads(
        f"First `staff({edition}).nationality_grade()`, in-process: polars and iomdata "
        "imported before the clock (iomdata's own work on first use)",
        (subjects, baselines),
        resource.stat().st_size // KIB,
        f"{NONE} (information)",
        None,
    )


def _against_raw_reads(
    measure: str,
    reports: tuple[Sequence[Report], Sequence[Report]],
    kib: int,
    target: str,
    most: float | None,
) -> Row:
    """A row of iomdata's reads (``reports[0]``) against ``pl.read_csv`` of the same ``kib``.

    ``most``: the largest ratio that meets the target (``None``: for information).
    """
    subjects, baselines = reports
    subject, baseline = median(subjects), median(baselines)
    return Row(
        measure,
        _with_spread(ms(subject), subjects, ms),
        f"raw `pl.read_csv` of the same {kib} KiB, polars imported first: "
        f"{_with_spread(ms(baseline), baselines, ms)}",
        times(subject / baseline),
        target,
        None if most is None else subject / baseline <= most,
        runs=len(subjects),
    )


def installed(distribution: str) -> bool:
    """Whether the benchmarks' interpreter can import ``distribution``."""
    code = f"import importlib.util; print(importlib.util.find_spec({distribution!r}) is not None)"
    return _run_code(code).strip() == "True"


def bench_record_and_frame(
    runs: int, edition: int | None, key_figure: str, resource: Path
) -> list[Row]:
    """The record path and the first frame, whole process, against baselines and peers."""
    year = edition if edition is not None else 2020
    programs: dict[str, list[str]] = {
        "attrs": ["-c", "import attrs"],
        "attrs_cattrs": ["-c", "import attrs, cattrs"],
        "record": ["-c", RECORD_PROGRAM.format(edition=year, key_figure=key_figure)],
        "frame": ["-c", FRAME_PROGRAM.format(edition=year)],
        "raw_read": ["-c", RAW_READ_PROGRAM.format(path=str(resource))],
    }
    absent: dict[str, str] = {}
    if edition is None:
        del programs["record"], programs["frame"]
        absent["record"] = absent["frame"] = "this build of the data has no staff statistics"
    for distribution, _, code in PEERS:
        if installed(distribution):
            programs[distribution] = ["-c", code]
        else:
            absent[distribution] = f"{distribution} is not installed (the `bench` group)"
    group = measure_group(programs, runs)
    group.errors.update(absent)
    heights = {
        name: ", ".join(sorted({str(report["stdout"]) for report in group.reports[name]}))
        for name in ("frame", "raw_read")
        if name in group.reports
    }
    record = (
        f"One key figure (`key_figures({year}).get(id).value`) and `staff({year}).total_staff`"
    )
    frame = f"first `staff({year}).nationality_grade()`"
    rows = [
        compare(
            group,
            "record",
            "attrs",
            measure=f"{record} in a fresh process, whole process, CPU (polars must not load)",
            baseline_label="`python -I -c 'import attrs'`",
            limit=2.0,
        ),
        compare(
            group,
            "record",
            "attrs_cattrs",
            measure=f"{record}: peak memory (RSS) of the whole process",
            baseline_label="`python -I -c 'import attrs, cattrs'`",
            limit=1.3,
            key="bytes",
        ),
        compare(
            group,
            "frame",
            "raw_read",
            measure=f"F{frame[1:]} in a fresh process ({heights.get('frame', '?')} rows), whole "
            "process, CPU (every import inside)",
            baseline_label=f"a bare `pl.read_csv` of the same {resource.stat().st_size // KIB} "
            f"KiB ({heights.get('raw_read', '?')} rows, every edition), whole process",
            limit=1.2,
        ),
    ]
    for distribution, call, _ in PEERS:
        for subject, what in (("frame", frame), ("record", "one key figure and total staff")):
            rows.append(
                compare(
                    group,
                    subject,
                    distribution,
                    measure=f"Peer: {what} against {call}, whole process, CPU",
                    baseline_label=f"{call}, whole process",
                    limit=None,
                )
            )
    return rows


def bench_bare_command(runs: int) -> Row:
    """The bare ``iomdata`` command (its catalogue) against ``import iomdata``."""
    group = measure_group({"bare": ["-m", "iomdata"], "import": ["-c", "import iomdata"]}, runs)
    return compare(
        group,
        "bare",
        "import",
        measure="Bare `iomdata` command (`python -I -m iomdata`, the catalogue), whole process, "
        "CPU",
        baseline_label="`python -I -c 'import iomdata'`",
        limit=1.15,
    )


def bench_verify(runs: int) -> Row:
    """``iomdata.verify()`` against loading every dataset, both whole processes."""
    group = measure_group(
        {"verify": ["-c", VERIFY_PROGRAM], "load_all": ["-c", LOAD_ALL_PROGRAM]}, runs
    )
    measure = "`iomdata.verify()` in a fresh process, whole process, CPU"
    verdicts = {str(report["stdout"]) for report in group.reports.get("verify", [])}
    if verdicts - {"True"}:
        measure += " (**verify reported failed proofs**)"
    return compare(
        group,
        "verify",
        "load_all",
        measure=measure,
        baseline_label="`iomdata.load(name)` of every dataset, whole process",
        limit=1.3,
    )


def bench_key_figures(runs: int, edition: int) -> list[Row]:
    """``KeyFigures.get`` and a repeated ``to_polars()``, in process, against their floors."""
    gets = [probe("key_figure_get") for _ in range(runs)]
    frames = [probe("to_polars_repeat", str(edition)) for _ in range(runs)]
    get, lookup = median(gets), median(gets, "baseline")
    built, filtered = median(frames), median(frames, "baseline")
    return [
        Row(
            f"`KeyFigures.get(id)` over all {gets[0]['records']} records, the last id "
            "(median per call)",
            _with_spread(us(get), gets, us),
            f"a `dict` lookup of the same id: {us(lookup)}",
            times(get / lookup),
            f"{AT_MOST} 1 {MICRO}s",
            get <= 1e-6,
            runs=runs,
        ),
        Row(
            f"Repeated `key_figures({edition}).to_polars()` ({frames[0]['rows']} rows; "
            "median per call)",
            _with_spread(ms(built), frames, ms),
            f"filtering the cached `load('key_figures')` frame to {edition} (same rows): "
            f"{ms(filtered)}",
            times(built / filtered),
            f"{AT_MOST} 0.3 ms",
            built <= 0.3e-3,
            runs=runs,
        ),
    ]


def bench_export(runs: int) -> list[Row]:
    """JSON export against CSV export of every dataset, first and repeated, CPU time."""
    jsons, csvs = paired(
        lambda: probe("export_first", "json"), lambda: probe("export_first", "csv"), runs
    )
    if {report["datasets"] for report in jsons} != {report["datasets"] for report in csvs}:
        msg = f"the JSON and CSV exports wrote different datasets: {jsons[0]} {csvs[0]}"
        raise RuntimeError(msg)
    count = len(str(jsons[0]["datasets"]).split())
    rows = []
    for key, what, limit in (
        ("first_cpu", "first export in a fresh process (polars, iomdata imported first)", 1.3),
        ("again_cpu", "a second export in the same process", None),
    ):
        subject, baseline = median(jsons, key), median(csvs, key)
        rows.append(
            Row(
                f"`iomdata.export(path, format='json')` of every dataset ({count}): {what}, CPU",
                _with_spread(ms(subject), jsons, ms, key),
                f"the same with `format='csv'`: {_with_spread(ms(baseline), csvs, ms, key)}",
                times(subject / baseline),
                f"{NONE} (information)" if limit is None else f"{AT_MOST} {limit}{TIMES}",
                None if limit is None else subject / baseline <= limit,
                runs=runs,
            )
        )
    return rows


def bench_repeat(runs: int, edition: int | None) -> list[Row]:
    """Repeated calls, against a bare ``DataFrame.clone()`` of the same frame."""
    rows = []
    cases: list[tuple[str, str, str, tuple[str, ...]]] = [
        ("Repeated `load(name)`, slowest dataset", "repeat_load", "clone_all", ())
    ]
    if edition is not None:
        call = f"Repeated `staff({edition}).nationality_grade()`"
        cases.insert(0, (call, "repeat_call", "clone_only", (str(edition),)))
    for measure, subject_probe, baseline_probe, args in cases:
        subjects, baselines = paired(
            partial(probe, subject_probe, *args),
            partial(probe, baseline_probe, *args),
            runs,
        )
        subject, baseline = median(subjects), median(baselines)
        datasets = sorted({str(report["dataset"]) for report in subjects if "dataset" in report})
        named = f" ({', '.join(datasets)})" if datasets else ""
        rows.append(
            Row(
                measure + named,
                _with_spread(us(subject), subjects, us),
                f"`DataFrame.clone()` of the frame in memory: {us(baseline)}",
                times(subject / baseline),
                f"{AT_MOST} 50 {MICRO}s",
                subject <= 50e-6,
                runs=runs,
            )
        )
    return rows


def bench_load_all(runs: int, resources: Sequence[Path]) -> Row:
    """First ``load()`` of every dataset against raw reads of every resource."""
    paths = [str(path) for path in resources]
    subjects, baselines = paired(
        lambda: probe("load_all"), lambda: probe("raw_read_all", *paths), runs
    )
    if {report["rows"] for report in subjects} != {report["rows"] for report in baselines}:
        msg = f"load() and the raw reads disagree on the rows: {subjects[0]} {baselines[0]}"
        raise RuntimeError(msg)
    return _against_raw_reads(
        f"First `load()` of every dataset ({len(paths)}) in a fresh process, polars and "
        "iomdata imported before the clock",
        (subjects, baselines),
        sum(path.stat().st_size for path in resources) // KIB,
        f"{AT_MOST} 2{TIMES} (ours: as the first call)",
        2,
    )


def bench_memory(runs: int) -> list[Row]:
    """Peak RSS with everything loaded, against polars imported and against polars in use."""
    # In turn like the timings (after a warm-up round), though a peak barely depends on load.
    names = ("memory_everything", "memory_polars", "memory_polars_used")
    for name in names:
        probe(name)
    measured: dict[str, list[Report]] = {name: [] for name in names}
    for index in range(runs):
        for name in names[index % 3 :] + names[: index % 3]:
            measured[name].append(probe(name))
    subjects, baselines, in_use = (measured[name] for name in names)
    subject, baseline = median(subjects, "bytes"), median(baselines, "bytes")
    used = median(in_use, "bytes")
    extra, own = (subject - baseline) / MIB, (subject - used) / MIB
    return [
        Row(
            "Peak memory (RSS), every dataset, record and frame loaded",
            f"{subject / MIB:.1f} MiB (+{extra:.1f} MiB)",
            f"`import polars` alone: {baseline / MIB:.1f} MiB",
            times(subject / baseline),
            f"{NONE} (information)",
            None,
            runs=runs,
        ),
        Row(
            "Peak memory, iomdata's own share (the same, against polars in use)",
            f"+{own:.1f} MiB",
            f"polars after one tiny `read_csv` and one query: {used / MIB:.1f} MiB "
            f"(+{(used - baseline) / MIB:.1f} MiB over the import)",
            times(subject / used),
            f"{AT_MOST} +15 MiB",
            own <= 15,
            runs=runs,
        ),
    ]


def bench_sizes(wheel: Path, resources: Sequence[Path]) -> list[Row]:
    """Wheel and installed size, against the bundled data's own size."""
    data = (
        sum(path.stat().st_size for path in resources)
        + (resources[0].parent / "manifest.json").stat().st_size
    )
    wheel_bytes = wheel.stat().st_size
    with zipfile.ZipFile(wheel) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    installed = probe("installed_size")
    baseline = f"the bundled data uncompressed: {data / KIB:.0f} KiB"
    return [
        Row(
            f"Wheel size ({wheel.name}; {unpacked / KIB:.0f} KiB unpacked)",
            f"{wheel_bytes / 1000:.0f} KB",
            baseline,
            times(wheel_bytes / data),
            f"{AT_MOST} 250 KB",
            wheel_bytes <= 250_000,
        ),
        Row(
            f"Installed size ({installed['files']} files, bytecode included)",
            f"{float(installed['bytes']) / 1000:.0f} KB",
            baseline,
            times(float(installed["bytes"]) / data),
            f"{NONE} (information)",
            None,
        ),
    ]


def staff_edition() -> int | None:
    """2020, the edition the targets name, or the latest there is in a partial build."""
    code = "import iomdata; print(' '.join(map(str, iomdata.editions())))"
    output = _run_code(code)
    editions = [int(word) for word in output.split()]
    if not editions:
        return None
    return 2020 if 2020 in editions else editions[-1]


def _not_measured(measure: str) -> Row:
    absent = "this build of the data has no staff statistics"
    return Row(measure, "not measured", absent, NONE, NONE, None, runs=0)


def build_wheel(directory: Path) -> Path:
    """Build the wheel from the repository (when no ``--wheel`` is given)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(directory), str(ROOT)],
        check=True,
    )
    (wheel,) = directory.glob("iomdata-*.whl")
    return wheel


# --- the report -------------------------------------------------------------------------


def load_average() -> str:
    """The load average over 1, 5 and 15 minutes."""
    return ", ".join(f"{load:.2f}" for load in os.getloadavg())


def machine(loads: Sequence[str]) -> list[str]:
    """What the figures were measured on; ``loads``: the load average before each part."""
    cpu = "unknown"
    memory = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = models[0] if models else cpu
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / MIB:.1f} GiB"
    versions = _versions()
    highest = max(float(load.split(",")[0]) for load in loads)
    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores; memory: {memory}",
        f"- OS: {platform.platform()}",
        f"- Python: {platform.python_implementation()} {platform.python_version()}",
        "- Packages: " + ", ".join(f"{name} {version}" for name, version in versions.items()),
        (
            f"- Load average (1, 5, 15 min) at the start: {loads[0]}; at the end: "
            f"{loads[-1]}; highest 1-minute load seen between the parts: {highest:.2f} "
            f"(for {os.cpu_count()} cores; other work on the machine counts)"
        ),
    ]


def _versions() -> dict[str, str]:
    names = ("iomdata", "polars", "attrs", "cattrs")
    versions: dict[str, str] = _run_json(
        f"{{n: m.version(n) for n in {names!r}}}", imports="importlib.metadata as m"
    )
    versions["iomdata data"] = _run_code("import iomdata; print(iomdata.data_version())").strip()
    return versions


def table(rows: Sequence[Row]) -> list[str]:
    """The results as a Markdown table."""
    header = (
        "| Measure | iomdata (median, IQR) | Baseline (same run) | Ratio | Target | Met | Runs |"
    )
    lines = [header, "|---|---|---|---|---|---|---|"]
    for row in rows:
        verdict = NONE if row.met is None else ("yes" if row.met else "**no**")
        lines.append(
            f"| {row.measure} | {row.value} | {row.baseline} | {row.ratio} | {row.target} "
            f"| {verdict} | {row.runs} |"
        )
    return lines


def record_classes() -> tuple[str, int]:
    """How many attrs classes ``import iomdata`` builds, where, and how many in ``_models``."""
    code = (
        "import sys, attrs, iomdata\n"
        "found = {}\n"
        "for name, module in list(sys.modules.items()):\n"
        "    if name.startswith('iomdata'):\n"
        "        for value in vars(module).values():\n"
        "            if isinstance(value, type) and attrs.has(value) and value.__module__ == name:\n"
        "                found.setdefault(name, set()).add(value.__name__)\n"
        "print(', '.join(f'{len(v)} in `{k}`' for k, v in sorted(found.items())))\n"
        "print(sum(map(len, found.values())), len(found.get('iomdata._models', ())))\n"
    )
    output = _run_code(code)
    where, counts = output.strip().splitlines()
    total, in_models = counts.split()
    return f"{total} record classes ({where})", int(in_models)


def _importtimes(args: Sequence[str], repeat: int = 3) -> list[tuple[str, int, int]]:
    """``python -I -X importtime *args``: (module, self us, cumulative us), in order.

    Each module's least time over ``repeat`` runs: one run on a loaded machine can charge
    a module for the time it waited for a core.
    """
    runs: list[dict[str, tuple[int, int]]] = []
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, "-I", "-X", "importtime", *args],
            check=False,
            capture_output=True,
            text=True,
        )
        found: dict[str, tuple[int, int]] = {}
        for line in result.stderr.splitlines():
            if not line.startswith("import time:"):
                continue
            self_us, cumulative, name = (part.strip() for part in line[12:].split("|"))
            if self_us.isdigit():
                found[name] = (int(self_us), int(cumulative))
        runs.append(found)
    return [
        (
            name,
            min(run[name][0] for run in runs if name in run),
            min(run[name][1] for run in runs if name in run),
        )
        for name in runs[0]
    ]


def importtime_profile() -> tuple[list[str], dict[str, int]]:
    """``-X importtime`` of iomdata's own modules, once attrs is already imported.

    Returns the Markdown table and each module's own import time (us).
    """
    found = _importtimes(["-c", "import attrs; import iomdata"])
    names = [name for name, _, _ in found]
    after_attrs = found[names.index("attrs") + 1 :] if "attrs" in names else found
    lines = ["| module | self | cumulative |", "|---|---|---|"]
    lines += [f"| `{name}` | {own} | {cumulative} |" for name, own, cumulative in after_attrs]
    return lines, {name: own for name, own, _ in after_attrs}


def extra_imports(args: Sequence[str], baseline: Sequence[str], *, top: int = 10) -> list[str]:
    """The modules ``python -I *args`` imports that ``python -I *baseline`` does not.

    One ``-X importtime`` run of each: how many, their own import time together, and the
    slowest ``top`` of them.
    """
    seen = {name for name, _, _ in _importtimes(baseline)}
    extra = [(name, own) for name, own, _ in _importtimes(args) if name not in seen]
    extra.sort(key=lambda item: -item[1])
    total = sum(own for _, own in extra) / 1e3
    lines = [
        (
            f"{len(extra)} more modules, {total:.1f} ms of import time of their own "
            f"together; the slowest {min(top, len(extra))}:"
        ),
        "",
        "| module | self (us) |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {own} |" for name, own in extra[:top]]
    return lines


def key_figure_id(edition: int | None) -> str:
    """The last id of ``key_figures(edition)`` (of every record if ``edition`` is None)."""
    code = f"import iomdata; print(iomdata.key_figures({edition}).ids()[-1])"
    return _run_code(code).strip()


def first_call_profile(edition: int | None) -> list[str]:
    """The first call profiled: the package's functions, then where the time goes."""
    if edition is None:
        return ["(not measured: this build of the data has no staff statistics)"]
    report = probe("profile_first_call", str(edition))
    lines = []
    for title, key in (
        ("iomdata's functions, by cumulative time", "ours"),
        ("Every function, by its own time", "own_time"),
    ):
        lines += [f"{title}:", "", "| function | calls | own | cumulative |", "|---|---|---|---|"]
        for function, calls, own, cumulative in json.loads(str(report[key])):
            lines.append(f"| `{function}` | {calls} | {ms(own)} | {ms(cumulative)} |")
        lines.append("")
    return lines[:-1]


def render(
    rows: Sequence[Row],
    started: dt.datetime,
    edition: int | None,
    loads: Sequence[str],
    key_figure: str,
) -> str:
    """The whole of ``docs/performance.md``, from ``benchmarks/report_template.md``."""
    missed = [row.measure for row in rows if row.met is False]
    verdict = (
        "Every target is met."
        if not missed
        else "**Targets missed:** " + "; ".join(missed) + ". See the notes below."
    )
    year = edition if edition is not None else 2020
    record = ["-c", RECORD_PROGRAM.format(edition=year, key_figure=key_figure)]
    just_import = ["-c", "import iomdata"]
    importtime, own_times = importtime_profile()
    classes, in_models = record_classes()
    per_class = own_times.get("iomdata._models", 0) / 1e3 / max(in_models, 1)
    template = string.Template(TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        started=f"{started:%Y-%m-%d %H:%M} UTC",
        machine="\n".join(machine(loads)),
        table="\n".join(table(rows)),
        verdict=verdict,
        importtime="\n".join(importtime),
        record_imports="\n".join(extra_imports(record, just_import)),
        bare_imports="\n".join(extra_imports(["-m", "iomdata"], just_import)),
        profile="\n".join(first_call_profile(edition)),
        edition=year,
        key_figure=key_figure,
        record_classes=classes,
        per_class=f"{per_class:.1f} ms",
        floor=mib(float(whole_process(["-c", "pass"])["bytes"])),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run every benchmark and write the report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--wheel", type=Path, help="the built wheel (built here if omitted)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="report path")
    parser.add_argument("--runs", type=int, default=15, help="fresh processes per figure")
    args = parser.parse_args(argv)
    runs: int = args.runs
    few = max(runs // 3, 3)
    started = dt.datetime.now(dt.UTC)
    loads = [load_average()]
    resources = data_paths()
    edition = staff_edition()
    key_figure = key_figure_id(edition)
    grid = resources["staff_by_nationality_grade"]
    every = sorted(resources.values())

    def part(rows: Sequence[Row]) -> list[Row]:
        loads.append(load_average())
        return list(rows)

    with tempfile.TemporaryDirectory() as scratch:
        wheel: Path = args.wheel or build_wheel(Path(scratch))
        # Imports are cheap to repeat and the difference measured is a few milliseconds.
        imports = part([bench_import(runs * 4)])
        whole = part(bench_record_and_frame(runs, edition, key_figure, grid))
        records, frames, peers = whole[:2], whole[2:3], whole[3:]
        if edition is None:
            first = [_not_measured("First `staff(2020).nationality_grade()`, in-process")]
        else:
            first = part([bench_first_call(runs, grid, edition)])
        figures = part(bench_key_figures(few, edition if edition is not None else 2020))
        repeats = part(bench_repeat(few, edition))
        exports = part(bench_export(runs))
        command = part([bench_bare_command(runs * 2)])
        verify = part([bench_verify(runs)])
        load_all = part([bench_load_all(runs, every)])
        memory = part(bench_memory(few))
        sizes = bench_sizes(wheel, every)
    rows = [
        *imports,
        *records,
        *figures,
        *frames,
        *first,
        *repeats,
        *load_all,
        *exports,
        *command,
        *verify,
        *memory,
        *peers,
        *sizes,
    ]
    report = render(rows, started, edition, loads, key_figure)
    args.output.write_text(report, encoding="utf-8")
    print(report)
    # A missed target is reported, not a failure: the figures depend on the machine and
    # its load, and the report says what a miss means.
    return 0
