"""Measure iomdata against baselines in the same run and write ``docs/performance.md``.

Usage (``nox -s bench`` does this against the built wheel)::

    python -m benchmarks [--wheel PATH] [--output docs/performance.md] [--runs N]

Method: every figure is a median over fresh interpreters (``python -I``, so the installed
package is measured), with the subject and its baseline run alternately so that a change
in the machine's load affects both. Each figure is reported with its baseline and the
ratio, against the target set for it. No plugin: ``time.perf_counter`` in each probe,
``statistics.median`` here, ``resource.getrusage`` for peak memory.
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

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


def probe(name: str, *args: str) -> Report:
    """Run one probe of ``benchmarks/probes.py`` in a fresh interpreter."""
    return _python([str(PROBES), name, *args])


def import_probe(module: str) -> Report:
    """Seconds to import ``module`` in a fresh interpreter."""
    return _python(["-c", IMPORT_PROGRAM.format(module=module)])


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
    """Seconds as microseconds."""
    return f"{seconds * 1e6:.1f} {MICRO}s"


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
    code = (
        "import importlib.util, json\n"
        "spec = importlib.util.find_spec('iomdata')\n"
        "print(json.dumps(list(spec.submodule_search_locations)))\n"
    )
    output = _run_code(code)
    (package,) = json.loads(output)
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


def bench_first_call(runs: int, resource: Path, edition: int, *, cold: bool) -> Row:
    """First ``staff(edition).nationality_grade()`` against a raw read of the same bytes."""
    suffix = "_cold" if cold else ""
    subjects, baselines = paired(
        lambda: probe(f"first_call{suffix}", str(edition)),
        lambda: probe(f"raw_read{suffix}", str(resource)),
        runs,
    )
    subject, baseline = median(subjects), median(baselines)
    call = f"`staff({edition}).nationality_grade()`"
    if cold:
        measure = f"First {call}, polars import included in both"
        target, met = f"{NONE} (information)", None
    else:
        measure = (
            f"First {call} in a fresh process (manifest, sha256, schema, row count "
            "included; polars already imported)"
        )
        target, met = f"{AT_MOST} 2{TIMES}", subject / baseline <= 2
    return Row(
        measure,
        _with_spread(ms(subject), subjects, ms),
        f"raw `pl.read_csv` of the same {resource.stat().st_size // KIB} KiB: "
        f"{_with_spread(ms(baseline), baselines, ms)}",
        times(subject / baseline),
        target,
        met,
        runs=runs,
    )


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
    subject, baseline = median(subjects), median(baselines)
    size = sum(path.stat().st_size for path in resources) // KIB
    return Row(
        f"First `load()` of every dataset ({len(paths)}) in a fresh process",
        _with_spread(ms(subject), subjects, ms),
        f"raw `pl.read_csv` of the same {size} KiB: {_with_spread(ms(baseline), baselines, ms)}",
        times(subject / baseline),
        f"{AT_MOST} 2{TIMES} (ours: as the first call)",
        subject / baseline <= 2,
        runs=runs,
    )


def bench_memory(runs: int) -> list[Row]:
    """Peak RSS with everything loaded against ``import polars`` alone, and polars in use."""
    subjects, baselines = paired(
        lambda: probe("memory_everything"), lambda: probe("memory_polars"), runs
    )
    in_use = [probe("memory_polars_used") for _ in range(runs)]
    subject, baseline = median(subjects, "bytes"), median(baselines, "bytes")
    used = median(in_use, "bytes")
    extra, own = (subject - baseline) / MIB, (subject - used) / MIB
    return [
        Row(
            "Peak memory (RSS), every dataset, record and frame loaded",
            f"{subject / MIB:.1f} MiB (+{extra:.1f} MiB)",
            f"`import polars` alone: {baseline / MIB:.1f} MiB",
            times(subject / baseline),
            f"{AT_MOST} +20 MiB",
            extra <= 20,
            runs=runs,
        ),
        Row(
            "Peak memory, iomdata's own share (the same, against polars in use)",
            f"+{own:.1f} MiB",
            f"polars after one tiny `read_csv` and one query: {used / MIB:.1f} MiB "
            f"(+{(used - baseline) / MIB:.1f} MiB over the import)",
            times(subject / used),
            f"{NONE} (information)",
            None,
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


def machine() -> list[str]:
    """What the figures were measured on."""
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
    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores; memory: {memory}",
        f"- OS: {platform.platform()}",
        f"- Python: {platform.python_implementation()} {platform.python_version()}",
        "- Packages: " + ", ".join(f"{name} {version}" for name, version in versions.items()),
        f"- Load average at start: {', '.join(f'{load:.2f}' for load in os.getloadavg())}",
    ]


def _versions() -> dict[str, str]:
    code = (
        "import importlib.metadata as m, json\n"
        "names = ('iomdata', 'polars', 'attrs', 'cattrs')\n"
        "print(json.dumps({n: m.version(n) for n in names}))\n"
    )
    output = _run_code(code)
    versions: dict[str, str] = json.loads(output)
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


def record_classes() -> str:
    """How many attrs classes ``import iomdata`` builds, and in which modules."""
    code = (
        "import sys, attrs, iomdata\n"
        "found = {}\n"
        "for name, module in list(sys.modules.items()):\n"
        "    if name.startswith('iomdata'):\n"
        "        for value in vars(module).values():\n"
        "            if isinstance(value, type) and attrs.has(value) and value.__module__ == name:\n"
        "                found.setdefault(name, set()).add(value.__name__)\n"
        "print(', '.join(f'{len(v)} in `{k}`' for k, v in sorted(found.items())))\n"
        "print(sum(map(len, found.values())))\n"
    )
    output = _run_code(code)
    where, total = output.strip().splitlines()
    return f"{total} record classes ({where})"


def importtime_profile() -> list[str]:
    """``-X importtime`` of iomdata's own modules, once attrs is already imported."""
    result = subprocess.run(
        [sys.executable, "-I", "-X", "importtime", "-c", "import attrs; import iomdata"],
        check=True,
        capture_output=True,
        text=True,
    )
    after_attrs = result.stderr.split("| attrs\n", 1)[-1]
    lines = ["| module | self | cumulative |", "|---|---|---|"]
    for line in after_attrs.splitlines():
        if not line.startswith("import time:"):
            continue
        self_us, cumulative, name = (part.strip() for part in line[12:].split("|"))
        lines.append(f"| `{name}` | {self_us} | {cumulative} |")
    return lines


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


def render(rows: Sequence[Row], started: dt.datetime, edition: int | None) -> str:
    """The whole of ``docs/performance.md``, from ``benchmarks/report_template.md``."""
    missed = [row.measure for row in rows if row.met is False]
    verdict = (
        "Every target is met."
        if not missed
        else "**Targets missed:** " + "; ".join(missed) + ". See the notes below."
    )
    template = string.Template(TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        started=f"{started:%Y-%m-%d %H:%M} UTC",
        machine="\n".join(machine()),
        table="\n".join(table(rows)),
        verdict=verdict,
        importtime="\n".join(importtime_profile()),
        profile="\n".join(first_call_profile(edition)),
        edition=edition if edition is not None else 2020,
        record_classes=record_classes(),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run every benchmark and write the report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--wheel", type=Path, help="the built wheel (built here if omitted)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="report path")
    parser.add_argument("--runs", type=int, default=15, help="fresh processes per figure")
    args = parser.parse_args(argv)
    runs: int = args.runs
    started = dt.datetime.now(dt.UTC)
    resources = data_paths()
    edition = staff_edition()
    grid = resources["staff_by_nationality_grade"]
    with tempfile.TemporaryDirectory() as scratch:
        wheel: Path = args.wheel or build_wheel(Path(scratch))
        # Imports are cheap to repeat and the difference measured is a few milliseconds.
        rows = [bench_import(runs * 4)]
        if edition is None:
            rows.append(_not_measured("First `staff(2020).nationality_grade()`"))
        else:
            rows.append(bench_first_call(runs, grid, edition, cold=False))
            rows.append(bench_first_call(max(runs // 2, 3), grid, edition, cold=True))
        rows += [
            *bench_repeat(max(runs // 3, 3), edition),
            bench_load_all(runs, sorted(resources.values())),
            *bench_memory(max(runs // 3, 3)),
            *bench_sizes(wheel, sorted(resources.values())),
        ]
    report = render(rows, started, edition)
    args.output.write_text(report, encoding="utf-8")
    print(report)
    # A missed target is reported, not a failure: the figures depend on the machine and
    # its load, and the report says what a miss means.
    return 0
