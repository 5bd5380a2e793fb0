"""Hardening: bad input, damaged data, concurrency, isolation, and no network, eval or pickle.

Each section states the property it proves. Damage at the level of one resource store is
parametrized over every bundled resource; through the public API it runs in a fresh
interpreter on a damaged copy of the installed package, so that "first use" is real.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import decimal
import fractions
import importlib.resources
import importlib.util
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import polars as pl
import pytest
from conftest import DATA, ENTRIES, NAMES, ChildRead
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iomdata
from iomdata._cite import CITATION_FORMATS
from iomdata._cli import main as cli_main
from iomdata._export import FORMATS
from iomdata._resources import MANIFEST_NAME, ResourceStore

EDITIONS = iomdata.editions()
#: The installed package directory (site-packages/iomdata, or src/iomdata when editable).
PACKAGE = Path(str(importlib.resources.files("iomdata")))

#: For the tests that go through staff(): a partial development build may have no edition.
needs_staff = pytest.mark.skipif(not EDITIONS, reason="this data build has no staff statistics")

# Hypothesis runs in the default test run, so its budget is kept small; the strategies
# below mix valid values in so that both outcomes (a value, the documented error) occur.
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------------------
# Bad input: any object gives a value or the documented error, never another exception
# ---------------------------------------------------------------------------------------


class _IntSubclass(int):
    """An int subclass, as enum members and numpy-free libraries produce."""


class _StrSubclass(str):
    """A str subclass (e.g. a StrEnum member)."""

    __slots__ = ()


_ODD_OBJECTS: list[object] = [
    object(),
    Ellipsis,
    NotImplemented,
    int,
    str,
    print,
    b"",
    bytearray(b"2020"),
    memoryview(b"csv"),
    range(3),
    slice(2020),
    float("nan"),
    float("inf"),
    -0.0,
    complex(2020, 0),
    decimal.Decimal(2020),
    fractions.Fraction(4040, 2),
    np.int64(2020),
    np.float64(2020.0),
    np.str_("sources"),
    Path("sources"),
    {"edition": 2020},
    [2020],
    (2020,),
    {2020},
    frozenset(),
]

#: Integers beyond 64 bits, where Polars' comparisons overflow (issue 15, case 6).
_HUGE_INTEGERS = st.one_of(
    st.integers(min_value=2**63 - 2, max_value=2**63 + 2),
    st.integers(min_value=2**64, max_value=10**400),
    st.integers(max_value=-(2**63), min_value=-(10**400)),
)

#: Any object a caller without a type checker might pass.
ANYTHING: st.SearchStrategy[object] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=1990, max_value=2030),
    _HUGE_INTEGERS,
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", max_size=30),
    st.binary(max_size=10),
    st.lists(st.one_of(st.integers(), st.text(max_size=5)), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(_ODD_OBJECTS),
    st.sampled_from([*EDITIONS, *NAMES, "csv", "json", "parquet", "apa", "bibtex", "cff"]),
    st.builds(_IntSubclass, st.sampled_from([*EDITIONS, 2020])),
    st.builds(_StrSubclass, st.sampled_from(NAMES)),
)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _outcome(call: Callable[[], object]) -> tuple[object, Exception | None]:
    """What ``call`` returns, or the exception it raises (any, so the test can judge it)."""
    try:
        return call(), None
    except Exception as exc:  # noqa: BLE001 - the point is to see every exception
        return None, exc


def _raised(error: Exception | None, kind: type[Exception], *fragments: str) -> bool:
    """``error`` is a ``kind`` whose message holds every fragment."""
    return isinstance(error, kind) and all(fragment in str(error) for fragment in fragments)


@FUZZ
@given(ANYTHING)
def test_staff_any_edition(edition: object) -> None:
    """staff(x): a record for an edition, else TypeError (not an int) or UnknownEditionError."""
    record, error = _outcome(lambda: iomdata.staff(edition))  # type: ignore[arg-type]
    listed = ", ".join(map(str, EDITIONS))
    if not _is_int(edition):
        assert _raised(error, TypeError, "edition must be an int"), error
    elif edition not in EDITIONS:
        assert _raised(error, iomdata.UnknownEditionError, listed), error
    else:
        assert isinstance(record, iomdata.StaffStatistics), error
        assert record.edition == edition


@pytest.mark.parametrize(
    ("data", "fragments"),
    [
        ({"id": "x"}, ["sources row does not fit Source", "missing @ sources row.title"]),
        ({**dict.fromkeys(("id", "title"), "x"), "year": "later"}, ["sources row.year"]),
    ],
)
def test_the_converter_names_every_problem(data: object, fragments: list[str]) -> None:
    """Data that does not fit a record is a ValueError naming what and where (cattrs)."""
    from iomdata._convert import structure

    with pytest.raises(ValueError, match="does not fit") as caught:
        structure(data, iomdata.Source, what="sources row")
    assert all(fragment in str(caught.value) for fragment in fragments), caught.value


@FUZZ
@given(ANYTHING)
def test_key_figures_any_edition(edition: object) -> None:
    """key_figures(x): a collection, else TypeError or UnknownEditionError."""
    figures, error = _outcome(lambda: iomdata.key_figures(edition))  # type: ignore[arg-type]
    if edition is not None and not _is_int(edition):
        assert _raised(error, TypeError, "edition must be"), error
    elif isinstance(error, iomdata.UnknownEditionError):
        assert "editions: " in str(error)
    else:
        assert isinstance(figures, iomdata.KeyFigures), error
        assert edition is None or {figure.edition for figure in figures} == {edition}


@FUZZ
@given(ANYTHING)
def test_load_any_name(name: object) -> None:
    """load(x): a frame for a dataset name, else TypeError or UnknownDatasetError."""
    frame, error = _outcome(lambda: iomdata.load(name))  # type: ignore[arg-type]
    if not isinstance(name, str):
        assert _raised(error, TypeError, "dataset name must be a str"), error
    elif name not in NAMES:
        assert _raised(error, iomdata.UnknownDatasetError, "datasets: "), error
    else:
        assert isinstance(frame, pl.DataFrame), error
        assert frame.height == ENTRIES[name]["rows"]


_KEY_FIGURES = iomdata.load("key_figures")
_CRITERIA = {
    column: set(_KEY_FIGURES.get_column(column).drop_nulls().to_list())
    for column in ("topic", "indicator", "source")
}
#: A criterion: anything, or a known value, or a known value in the wrong case.
_CRITERION = st.one_of(
    ANYTHING,
    st.sampled_from(sorted(set().union(*_CRITERIA.values()))),
    st.sampled_from(sorted(set().union(*_CRITERIA.values()))).map(str.capitalize),
)


@FUZZ
@given(_CRITERION, _CRITERION, _CRITERION)
def test_key_figure_filters_any_value(topic: object, indicator: object, source: object) -> None:
    """KeyFigures.filter(): the matching subset, else TypeError or the known values (case 8)."""
    figures = iomdata.key_figures()
    given_ = {"topic": topic, "indicator": indicator, "source": source}
    selected, error = _outcome(lambda: figures.filter(**given_))  # type: ignore[arg-type]
    wrong = [column for column, value in given_.items() if not isinstance(value, str | None)]
    unknown = [
        column
        for column, value in given_.items()
        if isinstance(value, str) and value not in _CRITERIA[column]
    ]
    if wrong:
        assert _raised(error, TypeError, "must be a str or None"), error
    elif unknown:
        assert _raised(error, iomdata.UnknownKeyFigureError, "no key figure has"), error
        assert any(f"{column}s: " in str(error) for column in unknown), error
    else:
        assert isinstance(selected, iomdata.KeyFigures), error
        assert set(selected.ids()) <= set(figures.ids())
        for figure in selected:
            assert topic is None or figure.topic == topic
            assert indicator is None or figure.indicator == indicator
            assert source is None or figure.source == source


def test_key_figure_filter_with_an_unknown_topic_names_the_topics() -> None:
    """The issue's example: a capitalised topic is an error listing the topics (case 8)."""
    with pytest.raises(iomdata.UnknownKeyFigureError, match=r"topic 'Finance'; topics: .*finance"):
        iomdata.key_figures(2020).filter(topic="Finance")
    with pytest.raises(TypeError, match="indicator must be a str or None, not int: 5"):
        iomdata.key_figures(2020).filter(indicator=5)  # type: ignore[arg-type]


@FUZZ
@given(ANYTHING)
def test_key_figure_lookup_any_id(key: object) -> None:
    """get(x) and [x] with a str: a record or UnknownKeyFigureError; else tuple indexing."""
    figures = iomdata.key_figures()
    figure, error = _outcome(lambda: figures.get(key))  # type: ignore[arg-type]
    if key in figures.ids():
        assert isinstance(figure, iomdata.KeyFigure), error
        assert figure.id == key
    else:
        assert _raised(error, iomdata.UnknownKeyFigureError, "no key figure"), error
    item, error = _outcome(lambda: figures[key])  # type: ignore[call-overload]
    if isinstance(key, str):
        assert item == figure, error
        assert isinstance(item, iomdata.KeyFigure) or isinstance(error, KeyError), error
        return
    assert isinstance(item, iomdata.KeyFigure | iomdata.KeyFigures) or isinstance(
        error, IndexError | TypeError
    ), error


@FUZZ
@given(ANYTHING)
def test_export_any_format(fmt: object) -> None:
    """export(format=x) writes a package for a known format, else ValueError and nothing."""
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "out"
        written, error = _outcome(
            lambda: iomdata.export(target, format=fmt, datasets=["sources"])  # type: ignore[arg-type]
        )
        if isinstance(fmt, str) and fmt in FORMATS:
            assert isinstance(written, Path), error
            assert (target / f"sources.{fmt}").is_file()
        else:
            assert _raised(error, ValueError, "formats: csv, json, parquet"), error
            assert list(Path(scratch).iterdir()) == []


@FUZZ
@given(ANYTHING)
def test_export_any_dataset_selection(selection: object) -> None:
    """export(datasets=x) writes those datasets, else a documented error and nothing."""
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "out"
        written, error = _outcome(lambda: iomdata.export(target, datasets=selection))  # type: ignore[arg-type]
        if error is None:
            assert isinstance(written, Path)
            assert written.is_file()
        else:
            assert list(Path(scratch).iterdir()) == []
            assert (
                _raised(error, iomdata.UnknownDatasetError, "datasets: ")
                or _raised(error, ValueError, "no datasets to export")
                or _raised(error, TypeError, "must be")  # not names: says what is wanted
            ), error


@FUZZ
@given(ANYTHING)
def test_cite_any_format(fmt: object) -> None:
    """cite(format=x) is text for a known format, else ValueError naming the formats."""
    text, error = _outcome(lambda: iomdata.cite(format=fmt))  # type: ignore[arg-type]
    if isinstance(fmt, str) and fmt in CITATION_FORMATS:
        assert isinstance(text, str), error
        assert text.endswith("\n")
    else:
        assert _raised(error, ValueError, "formats: apa, bibtex, cff"), error


@FUZZ
@given(st.one_of(ANYTHING, st.from_regex(r"\s*(==|!=|~=|>=|<=|>|<)?\s*\d{1,5}(\.\d{1,3})*")))
def test_require_any_specifier(specifier: object) -> None:
    """require(x) returns the data version, or DataVersionError, ValueError or TypeError."""
    version, error = _outcome(lambda: iomdata.require(specifier))  # type: ignore[arg-type]
    if not isinstance(specifier, str):
        assert _raised(error, TypeError, "specifier must be a str"), error
    elif error is None:
        assert version == iomdata.data_version()
    else:
        assert isinstance(error, iomdata.DataVersionError | ValueError), error
        if isinstance(error, iomdata.DataVersionError):
            assert iomdata.data_version() in str(error)


HAS_PANDAS = all(importlib.util.find_spec(name) for name in ("pandas", "pyarrow"))
needs_pandas = pytest.mark.skipif(not HAS_PANDAS, reason="the pandas extra is not installed")


@needs_pandas
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANYTHING)
def test_load_pandas_any_name(name: object) -> None:
    """load_pandas(x): a pandas frame for a dataset name, else TypeError or UnknownDatasetError."""
    frame, error = _outcome(lambda: iomdata.load_pandas(name))  # type: ignore[arg-type]
    if not isinstance(name, str):
        assert isinstance(error, TypeError), error
    elif name not in NAMES:
        assert _raised(error, iomdata.UnknownDatasetError, "datasets: "), error
    else:
        assert error is None, error
        assert len(frame) == ENTRIES[name]["rows"]  # type: ignore[arg-type]


@pytest.mark.parametrize("selection", [[5], [None], b"sources"])
def test_export_says_a_dataset_name_must_be_a_str(tmp_path: Path, selection: object) -> None:
    """A selection whose items are not names gets an error that says so."""
    with pytest.raises((TypeError, LookupError), match=r"(?i)dataset name|must be a str"):
        iomdata.export(tmp_path / "out", datasets=selection)  # type: ignore[arg-type]


@FUZZ
@given(ANYTHING)
def test_sdg_country_list_any_id(key: object) -> None:
    """SdgSurvey.country_list(x) is a list or LookupError naming the lists."""
    survey = iomdata.sdg_survey()
    found, error = _outcome(lambda: survey.country_list(key))  # type: ignore[arg-type]
    if error is None:
        assert isinstance(found, iomdata.CountryList)
        assert found.id == key
    else:
        assert _raised(error, LookupError, "lists: "), error


@FUZZ
@given(st.one_of(ANYTHING, st.integers(min_value=-3, max_value=20), st.sampled_from(["10", 10.0])))
def test_sdg_actions_for_any_goal(sdg: object) -> None:
    """actions_for_sdg(x): the actions of goal 1-17, else TypeError or LookupError (case 8)."""
    survey = iomdata.sdg_survey()
    actions, error = _outcome(lambda: survey.actions_for_sdg(sdg))  # type: ignore[arg-type]
    if not _is_int(sdg):
        assert _raised(error, TypeError, "sdg must be an int"), error
    elif not 1 <= sdg <= 17:  # type: ignore[operator]
        assert _raised(error, LookupError, f"no Sustainable Development Goal {sdg}", "1-17"), error
    else:
        assert isinstance(actions, tuple), error
        assert all(sdg in action.sdgs for action in actions)
        expected = [action.number for action in survey.actions if sdg in action.sdgs]
        assert expected == [action.number for action in actions]


def test_sdg_actions_of_the_issue() -> None:
    """actions_for_sdg("10") and (18) were silently empty; now they say why (case 8)."""
    survey = iomdata.sdg_survey()
    with pytest.raises(TypeError, match="not str: '10'"):
        survey.actions_for_sdg("10")  # type: ignore[arg-type]
    with pytest.raises(LookupError, match="goals: 1-17"):
        survey.actions_for_sdg(18)
    assert [action.number for action in survey.actions_for_sdg(10)] == [1, 2, 4, 5, 9, 10, 11]


_CLI_WORDS = st.sampled_from(
    [
        "show",
        "cite",
        "verify",
        "--edition",
        "--filter",
        "--limit",
        "--format",
        "--verbose",
        "--version",
        "--help",
        *NAMES[:5],
        "2020",
        "1990",
        "-1",
        "0",
        "x",
        "count=1",
        "edition=2020",
        "nationality=Kenya",
        "=",
        "bibtex",
        "parquet",
        "",
    ]
)


#: Words a user or a script might pass: long ones, integers beyond 64 bits, odd text.
_ODD_CLI_WORDS = st.one_of(
    st.text(min_size=200, max_size=3000),
    st.from_regex(r"-?[0-9]{19,400}", fullmatch=True),
    _HUGE_INTEGERS.map(str),
    st.text(alphabet="\n\r\t =\u00e9\u0416\u2026\udcff", max_size=12),
)


def _run_cli(argv: list[str], stdout: io.TextIOBase | None = None) -> tuple[int, str, str]:
    """The console script in this process: (status, stdout, stderr)."""
    out = stdout if stdout is not None else io.StringIO()
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli_main(argv)
        except SystemExit as exc:  # pragma: no cover - main() returns, never exits
            status = exc.code if isinstance(exc.code, int) else 99
    text = out.getvalue() if isinstance(out, io.StringIO) else ""
    return status, text, err.getvalue()


def _one_line_or_none(status: int, err: str) -> bool:
    """A failure is exactly one line on stderr; a success writes nothing there."""
    return err.count("\n") == 1 and err.endswith("\n") if status else err == ""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_CLI_WORDS, st.text(max_size=8), _ODD_CLI_WORDS), max_size=5))
def test_cli_any_arguments(argv: list[str]) -> None:
    """The console script exits 0, 1 or 2 with one line, never a traceback (case 6).

    ``export`` is left out here (it writes files; its arguments are covered by the
    export tests above and by the CLI's own tests).
    """
    if argv and argv[0] == "export":
        argv = argv[1:]
    status, _, err = _run_cli(argv)
    assert status in (0, 1, 2), (argv, status)
    if status:
        assert err.strip(), argv
    assert "Traceback" not in err
    assert _one_line_or_none(status, err), (argv, err)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["--edition", "--limit"]),
    st.one_of(_HUGE_INTEGERS, st.integers(min_value=10_000, max_value=2**70)).map(str),
)
def test_cli_integers_beyond_64_bits(option: str, value: str) -> None:
    """A huge --edition or --limit is a usage error (exit 2, one line), not a traceback."""
    status, out, err = _run_cli(["show", "staff_by_category", option, value])
    if option == "--limit" and 0 <= int(value) < 2**63:
        assert status == 0, err
        return
    assert (status, out) == (2, ""), err
    assert err.startswith(f"iomdata show: error: argument {option}: ")
    assert _one_line_or_none(status, err)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HUGE_INTEGERS, st.sampled_from(["staff_by_category", "key_figures", "published_totals"]))
def test_huge_editions_everywhere(edition: int, dataset: str) -> None:
    """staff(), key_figures() and load(edition=) name the editions for any huge int (case 6)."""
    for call in (
        lambda: iomdata.staff(edition),
        lambda: iomdata.key_figures(edition),
        lambda: iomdata.load(dataset, edition=edition),
    ):
        _, error = _outcome(call)
        assert _raised(error, iomdata.UnknownEditionError, "editions: "), error


@pytest.mark.parametrize("word", ["a\nb", "x\ry", "\x1b[31mred", "tab\there", "nul\x00"])
def test_cli_errors_escape_control_characters(word: str) -> None:
    """An argument with a line break or an escape sequence is echoed escaped, on one line."""
    status, _, err = _run_cli(["export", f"/nonexistent-{word}/out"])  # echoed as is
    assert status == 2
    assert _one_line_or_none(status, err), err
    assert all(char.isprintable() for char in err.rstrip("\n")), err


def test_staff_of_a_huge_edition() -> None:
    """staff(10**100) names the editions, as for any unknown edition (case 6)."""
    with pytest.raises(iomdata.UnknownEditionError, match="editions: 2018, 2020"):
        iomdata.staff(10**100)


_ENCODINGS = ["ascii", "latin-1", "cp1251", "cp437", "cp1252", "koi8-r", "mac-roman"]
_TEXT_DATASETS = ["country_names", "key_figures", "sources", "errata", "sdg_initiatives"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_ENCODINGS), st.sampled_from(_TEXT_DATASETS), st.booleans())
def test_cli_output_to_a_narrow_encoding(encoding: str, dataset: str, catalogue: bool) -> None:
    """A stream that cannot encode a character gets a replacement, never an error (case 7)."""
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding=encoding, errors="strict")
    argv = [] if catalogue else ["show", dataset, "--limit", "0"]
    status, _, err = _run_cli(argv, stream)
    stream.flush()
    assert (status, err) == (0, ""), err
    assert buffer.getvalue().decode(encoding).strip()
    assert stream.errors == "strict"  # the caller's stream is left as it was


@pytest.mark.parametrize(
    ("encoding", "dataset"),
    [("cp1251", "country_names"), ("ascii", "key_figures"), ("latin-1", "key_figures")],
)
def test_cli_in_a_non_utf8_terminal(encoding: str, dataset: str) -> None:
    """The issue's commands, run as a user runs them (case 7)."""
    result = subprocess.run(
        [sys.executable, "-m", "iomdata", "show", dataset, "--limit", "0"],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    result.stdout.decode(encoding)
    assert b"?" in result.stdout  # each of these prints a character the encoding lacks


def test_cli_into_a_closed_pipe() -> None:
    """A reader that stops early (| head -1) ends the command quietly: exit 1, no message."""
    with subprocess.Popen(
        [sys.executable, "-m", "iomdata", "show", "staff_by_nationality_grade", "--limit", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.readline()
        process.stdout.close()
        err = process.stderr.read()
        status = process.wait(timeout=120)
    assert (status, err) == (1, b"")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["--version"], ["show", "sources", "--limit", "0"], ["cite"]])
def test_cli_into_a_full_disk(argv: list[str]) -> None:
    """Output that cannot be written is one line on stderr and exit 1, not a traceback."""
    with Path("/dev/full").open("wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "iomdata", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.count(b"\n") == 1, result.stderr
    assert b"No space left on device" in result.stderr


# ---------------------------------------------------------------------------------------
# Real signals: an interrupted export leaves nothing and says so in one line (case 4)
# ---------------------------------------------------------------------------------------

#: The console script, with each dataset's encoding slowed so that signals land midway.
_SLOW_EXPORT = """
import sys, time
from iomdata import _export
from iomdata._cli import main
encode = _export._encode
def slow(*args):
    time.sleep(0.04)
    return encode(*args)
_export._encode = slow
if sys.argv[1] == "api":
    _export.export(sys.argv[2], format="parquet")
else:
    sys.argv = ["iomdata", "export", sys.argv[2], "--format", "parquet"]
    sys.exit(main())
"""


def _interrupt_export(
    parent: Path, how: str, signals: list[int], gap: float
) -> tuple[int, bytes, list[str]]:
    """Start an export, send ``signals`` once it writes; (status, stderr, what is left)."""
    import signal as signal_module
    import time

    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_EXPORT, how, str(parent / "out")],
        stderr=subprocess.PIPE,
        # A child of a non-interactive shell may inherit SIGINT ignored: restore it.
        preexec_fn=lambda: signal_module.signal(signal_module.SIGINT, signal_module.SIG_DFL),  # noqa: PLW1509 - POSIX only, no threads started yet
    )
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".partial") for p in parent.iterdir()):
        assert time.monotonic() < deadline, "the export never started writing"
        time.sleep(0.002)
    for signum in signals:
        process.send_signal(signum)
        time.sleep(gap)
    _, err = process.communicate(timeout=120)
    return process.returncode, err, sorted(p.name for p in parent.iterdir())


_SIGNALS = st.lists(st.sampled_from([signal.SIGINT, signal.SIGTERM]), min_size=1, max_size=4)


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_SIGNALS, st.floats(min_value=0, max_value=0.05))
def test_signals_during_a_cli_export(signals: list[int], gap: float) -> None:
    """SIGINT/SIGTERM, once or repeated: exit 130/143, one line, no partial directory."""
    with tempfile.TemporaryDirectory() as scratch:
        status, err, left = _interrupt_export(Path(scratch), "cli", signals, gap)
    # Python runs the handlers of signals that arrive during one C call in the order of
    # their numbers, not of their arrival: either kind sent may be the one reported.
    expected = {128 + signum for signum in signals}
    assert status in expected, (signals, status, err)
    assert left == [], (signals, err)
    assert err.count(b"\n") == 1, err
    assert b"Traceback" not in err
    assert err.startswith(b"iomdata: interrupted" if status == 130 else b"iomdata: terminated")


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signals_during_an_api_export(tmp_path: Path, signum: int) -> None:
    """Called from a script, export() cleans up, then the signal acts as it would have."""
    status, err, left = _interrupt_export(tmp_path, "api", [signum, signum], 0.005)
    assert left == []
    if signum == signal.SIGTERM:
        assert status == -signal.SIGTERM  # ended by the signal, as without iomdata
    else:
        assert b"KeyboardInterrupt" in err


# ---------------------------------------------------------------------------------------
# Damage: every resource, every kind of damage, a specific error naming the resource
# ---------------------------------------------------------------------------------------


def _tamper(data: bytes) -> bytes:
    """One character of the last row changed, size and CSV shape kept (a plausible edit)."""
    for index in range(len(data) - 1, -1, -1):
        char = chr(data[index])
        if not char.isascii():
            continue
        if char.isdigit():
            return data[:index] + str((int(char) + 1) % 10).encode() + data[index + 1 :]
        if char.isalpha():
            return data[:index] + char.swapcase().encode() + data[index + 1 :]
    msg = "no digit or letter to tamper with"
    raise AssertionError(msg)


def _appended(data: bytes) -> bytes:
    last = data.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    return data + last + b"\n"


_BYTE_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "tampered": _tamper,
    "row-appended": _appended,
    "last-byte-cut": lambda data: data[:-1],
    "cut-in-half": lambda data: data[: len(data) // 2],
    "header-only": lambda data: data.split(b"\n", 1)[0] + b"\n",
    "emptied": lambda _data: b"",
}
_DAMAGE = [*_BYTE_DAMAGE, "missing", "a-directory"]


def _damage(path: Path, kind: str) -> None:
    if kind == "missing":
        path.unlink()
    elif kind == "a-directory":
        path.unlink()
        path.mkdir()
    else:
        path.write_bytes(_BYTE_DAMAGE[kind](path.read_bytes()))


@pytest.mark.parametrize("kind", _DAMAGE)
@pytest.mark.parametrize("name", NAMES)
def test_damaged_resource_is_refused_everywhere(data_copy: Path, name: str, kind: str) -> None:
    """Every way to read a damaged resource raises DataIntegrityError naming it, every time."""
    path = ENTRIES[name]["path"]
    _damage(data_copy / path, kind)
    store = ResourceStore(data_copy)
    if kind in _BYTE_DAMAGE and (data_copy / path).read_bytes() == (DATA / path).read_bytes():
        pytest.skip(f"{kind} leaves {path} unchanged")
    reads: list[Callable[[], object]] = [
        partial(store.read_bytes, name),
        partial(store.frame, name),
        partial(store.frame, name),  # a second attempt: a failure is never cached as data
    ]
    reads += [partial(store.edition_frame, name, e) for e in ENTRIES[name]["editions"][:1]]
    for read in reads:
        with pytest.raises(iomdata.DataIntegrityError, match=re.escape(repr(path))):
            read()
    # The damage stays local: another resource still loads, whole.
    other = next(other for other in NAMES if other != name)
    assert ENTRIES[other]["rows"] == store.frame(other).height


def _make_special(path: Path, kind: str) -> None:
    """Replace the file at ``path`` by a special file of ``kind``."""
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(path))
    elif kind == "directory":
        path.mkdir()
    elif kind == "sparse-10GB":
        with path.open("wb") as file:
            file.truncate(10 * 1024**3)
    else:  # a link to a device, or to nothing
        path.symlink_to({"zero": "/dev/zero", "null": "/dev/null", "dangling": "nowhere"}[kind])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX special files")
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(NAMES),
    st.sampled_from(["fifo", "socket", "directory", "sparse-10GB", "zero", "null", "dangling"]),
)
def test_special_files_in_place_of_a_resource(
    read_in_a_child: ChildRead, name: str, kind: str
) -> None:
    """Any special file where a resource should be is refused at once, naming it (case 10)."""
    path = ENTRIES[name]["path"]
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "_data"
        data.mkdir()
        for node in DATA.iterdir():
            if node.is_file():
                (data / node.name).write_bytes(node.read_bytes())
        _make_special(data / path, kind)
        result = read_in_a_child(data, name)
    assert f"DataIntegrityError: bundled resource {path!r}" in result.stdout, result.stderr


@pytest.mark.parametrize(
    ("field", "value"),
    [("sha256", "0" * 64), ("bytes", 1), ("rows", 10**6), ("columns", ["a", "b"])],
)
def test_manifest_that_disagrees_is_refused(data_copy: Path, field: str, value: object) -> None:
    """A manifest entry that disagrees with an intact file is refused, naming the file."""
    manifest = json.loads((data_copy / MANIFEST_NAME).read_bytes())
    entry = next(entry for entry in manifest["resources"] if entry["name"] == "sources")
    entry[field] = value
    (data_copy / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(iomdata.DataIntegrityError, match=re.escape(repr(entry["path"]))):
        ResourceStore(data_copy).frame("sources")


@pytest.mark.parametrize(
    "damage",
    [
        lambda m: m.pop("data_version"),
        lambda m: m["resources"][0].pop("sha256"),
        lambda m: m["resources"][0].update(rows="12"),
        lambda m: m["resources"][0].update(rows=True),
        lambda m: m["resources"][0].update(columns="edition"),
        lambda m: m.update(resources={}),
    ],
    ids=["no-version", "no-hash", "rows-as-text", "rows-as-bool", "columns-as-text", "no-list"],
)
def test_malformed_manifest_is_refused(data_copy: Path, damage: Callable[[Any], object]) -> None:
    """A manifest with a missing key or a wrong type is refused, naming the manifest."""
    manifest = json.loads((data_copy / MANIFEST_NAME).read_bytes())
    damage(manifest)
    (data_copy / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(iomdata.DataIntegrityError, match=re.escape(MANIFEST_NAME)):
        _ = ResourceStore(data_copy).manifest


def _package_copy(target: Path) -> Path:
    """A copy of the installed package under ``target``, to damage and import first."""
    shutil.copytree(PACKAGE, target / "iomdata", ignore=shutil.ignore_patterns("__pycache__"))
    return target / "iomdata" / "_data"


_PUBLIC_DAMAGE_SCRIPT = """
import contextlib, io, json, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import iomdata
from iomdata._cli import main

name, path = sys.argv[2], sys.argv[3]
results = {"package": iomdata.__file__, "datasets": name in iomdata.datasets()}

def attempt(key, call):
    try:
        call()
    except iomdata.DataIntegrityError as exc:
        results[key] = str(exc)
    except Exception as exc:
        results[key] = f"WRONG {type(exc).__name__}: {exc}"
    else:
        results[key] = "LOADED"

attempt("load", lambda: iomdata.load(name))
attempt("load again", lambda: iomdata.load(name))
attempt("staff method", lambda: iomdata.staff(iomdata.editions()[-1]).nationality_grade())
with tempfile.TemporaryDirectory() as scratch:
    attempt("export", lambda: iomdata.export(Path(scratch) / "out", datasets=[name]))
    results["export left"] = sorted(p.name for p in Path(scratch).iterdir())
results["other loads"] = iomdata.load("sources").height
for command in (["show", name], ["verify"]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(command)
    results[" ".join(command)] = [status, out.getvalue() + err.getvalue()]
print(json.dumps(results))
"""


@needs_staff
@pytest.mark.parametrize("kind", ["tampered", "cut-in-half", "missing"])
def test_damage_through_the_public_api(tmp_path: Path, kind: str) -> None:
    """In a fresh process, each public path to a damaged resource fails naming it."""
    name = "staff_by_nationality_grade"
    path = ENTRIES[name]["path"]
    data = _package_copy(tmp_path)
    _damage(data / path, kind)
    result = subprocess.run(
        [sys.executable, "-I", "-c", _PUBLIC_DAMAGE_SCRIPT, str(tmp_path), name, path],
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(result.stdout)
    assert found["package"].startswith(str(tmp_path))
    assert found["datasets"]
    for key in ("load", "load again", "staff method", "export"):
        assert repr(path) in found[key], (key, found[key])
    assert found["export left"] == []
    assert ENTRIES["sources"]["rows"] == found["other loads"]
    for command in ("show " + name, "verify"):
        status, output = found[command]
        assert status == 1, (command, output)
        assert path in output, (command, output)
        assert "Traceback" not in output


# ---------------------------------------------------------------------------------------
# Concurrency: 16 threads at first use get identical, complete results
# ---------------------------------------------------------------------------------------

THREADS = 16


class _CountingStore(ResourceStore):
    """A store that counts how often each resource's bytes are read and verified."""

    def __init__(self, root: Any) -> None:
        super().__init__(root)
        self.reads: dict[str, int] = {}
        self._count_lock = threading.Lock()

    def read_bytes(self, name: str) -> bytes:
        with self._count_lock:
            self.reads[name] = self.reads.get(name, 0) + 1
        return super().read_bytes(name)


def _snapshot(frame: pl.DataFrame) -> str:
    """A serialisation that shares no memory with the frame."""
    return frame.write_csv()


@needs_staff
@pytest.mark.parametrize("round_", range(3))
def test_threads_on_a_fresh_store(round_: int) -> None:
    """16 threads at a new store's first use get complete frames equal to a serial read."""
    reference = {name: _snapshot(ResourceStore(DATA).frame(name)) for name in NAMES}
    store = _CountingStore(DATA)
    barrier = threading.Barrier(THREADS)
    hot = "staff_by_nationality_grade"

    def work(index: int) -> dict[str, str]:
        # Even threads all start with the same dataset; odd ones walk the datasets from
        # different starting points, so both "same" and "different" collide at once.
        order = [hot, *NAMES] if index % 2 == 0 else NAMES[index:] + NAMES[:index]
        barrier.wait()
        got = {name: _snapshot(store.frame(name)) for name in order}
        got["edition"] = _snapshot(store.edition_frame(hot, EDITIONS[index % len(EDITIONS)]))
        return got

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(work, range(THREADS)))
    for index, got in enumerate(results):
        edition = EDITIONS[index % len(EDITIONS)]
        expected = pl.read_csv(io.StringIO(reference[hot]), schema=store.frame(hot).schema)
        assert _snapshot(expected.filter(pl.col("edition") == edition)) == got.pop("edition")
        assert reference == got, f"thread {index} (round {round_})"
    # Verified once each: the lock makes the other threads wait for the first read.
    assert dict.fromkeys(NAMES, 1) == store.reads


_CONCURRENT_SCRIPT = """
import hashlib, json, sys, threading
from concurrent.futures import ThreadPoolExecutor
import iomdata

def digest(value):
    if hasattr(value, "write_csv"):
        text = value.write_csv()
    elif hasattr(value, "to_polars"):
        text = value.to_polars().write_csv()
    else:
        text = repr(value)
    return hashlib.sha256(text.encode()).hexdigest()

tasks = {f"load {name}": (lambda name=name: iomdata.load(name)) for name in iomdata.datasets()}
for edition in iomdata.editions():
    tasks[f"staff {edition}"] = lambda e=edition: iomdata.staff(e)
    tasks[f"grid {edition}"] = lambda e=edition: iomdata.staff(e).nationality_grade()
    tasks[f"key figures {edition}"] = lambda e=edition: iomdata.key_figures(e)
tasks["key figures"] = iomdata.key_figures
tasks["sources"] = iomdata.sources
tasks["errata"] = iomdata.errata
tasks["sdg survey"] = iomdata.sdg_survey
tasks["cite"] = iomdata.cite
names = sorted(tasks)
threads = int(sys.argv[1])
barrier = threading.Barrier(threads)

def work(index):
    barrier.wait()
    order = names[index:] + names[:index] if index % 2 else [f"staff {iomdata.editions()[-1]}", *names]
    return {name: digest(tasks[name]()) for name in order}

if threads == 1:
    results = [{name: digest(tasks[name]()) for name in names}]
else:
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(work, range(threads)))
print(json.dumps(results))
"""


@needs_staff
def test_threads_at_first_use_of_the_public_api() -> None:
    """16 threads in a fresh process get what one thread gets in another fresh process."""

    def run(threads: int) -> list[dict[str, str]]:
        result = subprocess.run(
            [sys.executable, "-I", "-c", _CONCURRENT_SCRIPT, str(threads)],
            check=True,
            capture_output=True,
            text=True,
        )
        parsed: list[dict[str, str]] = json.loads(result.stdout)
        return parsed

    (serial,) = run(1)
    concurrent = run(THREADS)
    assert len(concurrent) == THREADS
    for index, got in enumerate(concurrent):
        assert serial == got, f"thread {index}"


# ---------------------------------------------------------------------------------------
# Isolation: what one caller does to its results cannot change what another gets
# ---------------------------------------------------------------------------------------


def _mutate(frame: pl.DataFrame) -> None:
    """Every in-place change polars offers on a frame and on its columns."""
    frame[0, frame.columns[-1]] = None
    series = frame.get_column(frame.columns[0])
    with contextlib.suppress(pl.exceptions.PolarsError, TypeError, ValueError):
        series[0] = series[-1]
    array = series.to_numpy()
    if array.flags.writeable:
        array[0] = array[-1]
    frame.vstack(frame, in_place=True)
    frame.extend(frame.head(1))
    frame.insert_column(0, pl.Series("intruder", range(frame.height)))
    frame.replace_column(1, pl.Series("replaced", [None] * frame.height, dtype=pl.String))
    frame.drop_in_place(frame.columns[-1])
    frame.columns = [f"renamed_{index}" for index in range(frame.width)]
    frame.shrink_to_fit(in_place=True)


def _staff_frame(edition: int, method: str) -> pl.DataFrame:
    frame: pl.DataFrame = getattr(iomdata.staff(edition), method)()
    return frame


def _frame_sources() -> Iterator[tuple[str, Callable[[], pl.DataFrame]]]:
    for name in NAMES:
        yield f"load({name})", partial(iomdata.load, name)
    methods = [name for name in dir(iomdata.StaffStatistics) if not name.startswith("_")]
    for edition in EDITIONS:
        for method in methods:
            if callable(getattr(iomdata.StaffStatistics, method)):
                yield f"staff({edition}).{method}()", partial(_staff_frame, edition, method)
    yield "key_figures().to_polars()", lambda: iomdata.key_figures().to_polars()
    yield "sdg_survey().sdg_matrix()", lambda: iomdata.sdg_survey().sdg_matrix()


@pytest.mark.parametrize(("label", "get"), list(_frame_sources()))
def test_mutating_a_frame_changes_nothing_for_others(
    label: str, get: Callable[[], pl.DataFrame]
) -> None:
    """A caller's in-place changes to its frame never reach the next caller."""
    before = get()
    expected = (before.schema, _snapshot(before))
    if before.height == 0:
        pytest.skip(f"{label} is empty")
    _mutate(before)
    again = get()
    assert expected == (again.schema, _snapshot(again)), label


@needs_pandas
@pytest.mark.parametrize("name", NAMES)
def test_mutating_a_pandas_frame_changes_nothing_for_others(name: str) -> None:
    """A caller's in-place changes to its pandas frame never reach the next caller."""
    before = iomdata.load_pandas(name)
    expected = before.to_csv()
    if before.empty:
        pytest.skip(f"{name} is empty")
    before.iat[0, 0] = None
    before[before.columns[-1]] = None
    before.insert(0, "intruder", 1)
    before.columns = [f"renamed_{index}" for index in range(before.shape[1])]
    assert expected == iomdata.load_pandas(name).to_csv()


def _records() -> Iterator[tuple[str, object]]:
    for edition in EDITIONS:
        yield f"staff({edition})", iomdata.staff(edition)
    figures = iomdata.key_figures()
    yield "key_figures()", figures
    yield "key_figures()[0]", figures[0]
    yield "sources()[0]", iomdata.sources()[0]
    yield "errata()[0]", iomdata.errata()[0]
    report = iomdata.verify()
    yield "verify()", report
    yield "verify().proofs[0]", report.proofs[0]
    survey = iomdata.sdg_survey()
    yield "sdg_survey()", survey
    for field in attrs.fields(type(survey)):
        value = getattr(survey, field.name)
        if isinstance(value, tuple) and value and attrs.has(type(value[0])):
            yield f"sdg_survey().{field.name}[0]", value[0]


def _immutable(value: object) -> bool:
    if value is None or isinstance(value, bool | int | float | str):
        return True
    if isinstance(value, tuple | frozenset):
        return all(_immutable(item) for item in value)
    if attrs.has(type(value)):
        return _is_frozen(value)
    return False


def _is_frozen(record: Any) -> bool:
    # Fields left out of equality are not the record's value but what it derives or
    # where it reads from (KeyFigures' index by id, StaffStatistics' frame reader).
    fields = [field for field in attrs.fields(type(record)) if field.eq]
    return all(_immutable(getattr(record, field.name)) for field in fields)


@pytest.mark.parametrize(("label", "record"), list(_records()))
def test_records_cannot_be_changed(label: str, record: Any) -> None:
    """Records refuse assignment and deletion, have no __dict__, hold only immutable values."""
    snapshot = copy.deepcopy(record)
    fields = attrs.fields(type(record))
    for field in fields:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(record, field.name, None)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            delattr(record, field.name)
    with pytest.raises(AttributeError):
        record.__dict__  # noqa: B018 - slotted records have no instance dictionary
    with pytest.raises((AttributeError, attrs.exceptions.FrozenInstanceError)):
        record.intruder = 1
    assert _is_frozen(record), label
    assert snapshot == record, label


@needs_staff
def test_evolving_a_record_leaves_the_shared_one() -> None:
    """attrs.evolve gives the caller a changed copy; staff() still returns the published one."""
    original = iomdata.staff(EDITIONS[-1])
    changed = attrs.evolve(original, total_staff=-1)
    assert changed.total_staff == -1
    assert iomdata.staff(EDITIONS[-1]) is original
    assert original.total_staff != -1


# ---------------------------------------------------------------------------------------
# No network access, eval or pickle anywhere in the package
# ---------------------------------------------------------------------------------------

#: Modules that reach the network, or deserialise code or objects.
_FORBIDDEN_MODULES = {
    "aiohttp",
    "asyncio",
    "cloudpickle",
    "dill",
    "ftplib",
    "http",
    "httpx",
    "imaplib",
    "joblib",
    "marshal",
    "pickle",
    "poplib",
    "requests",
    "shelve",
    "smtplib",
    "socket",
    "socketserver",
    "ssl",
    "telnetlib",
    "urllib3",
    "urllib.request",
    "webbrowser",
    "xmlrpc",
    "_pickle",
}
_FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint", "input"}
#: Polars readers that also accept a URL or a pickled object; the package must hand them
#: bytes in memory (``io.BytesIO``), never a path or address.
_POLARS_READERS = re.compile(r"^(read|scan)_")


def _package_sources() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    assert files, PACKAGE
    return files


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import):
            imported = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            imported = []
        forbidden = [m for m in imported if {m, m.split(".")[0]} & _FORBIDDEN_MODULES]
        if forbidden:
            found.append(f"{where}: imports {forbidden[0]}")
        if isinstance(node, ast.Call):
            function = node.func
            name = function.id if isinstance(function, ast.Name) else None
            attribute = function.attr if isinstance(function, ast.Attribute) else None
            if name in _FORBIDDEN_CALLS:
                found.append(f"{where}: calls {name}()")
            owner = ast.unparse(function.value) if isinstance(function, ast.Attribute) else ""
            if owner in {"pl", "polars"} and attribute and _POLARS_READERS.match(attribute):
                first = ast.unparse(node.args[0]) if node.args else ""
                if not first.startswith(("io.BytesIO(", "BytesIO(")):
                    found.append(f"{where}: {attribute}({first}) does not read bytes in memory")
            if owner in {"pickle", "marshal", "shelve", "dill"}:
                found.append(f"{where}: calls {owner}.{attribute}()")
    return found


def test_package_source_has_no_network_eval_or_pickle() -> None:
    """No module of the package imports a network or pickle module, or calls eval/exec."""
    found = [problem for path in _package_sources() for problem in _violations(path)]
    assert found == []


def test_the_source_scan_catches_what_it_looks_for(tmp_path: Path) -> None:
    """The scan above can fail: it flags each forbidden pattern in a planted module."""
    planted = tmp_path / "planted.py"
    planted.write_text(
        "import socket\nfrom urllib.request import urlopen\nimport pickle\n"
        "eval('1')\nexec('x = 1')\npickle.loads(b'')\npl.read_csv('https://example.org/x.csv')\n",
        encoding="utf-8",
    )
    assert len(_violations(planted)) == 7


_AUDIT_SCRIPT = """
import importlib.util, json, os, sys, tempfile
from pathlib import Path

package = os.path.dirname(importlib.util.find_spec("iomdata").origin)
events = []
NETWORK = ("socket.", "urllib.", "http.", "ftplib.", "smtplib.", "webbrowser.")
OBJECTS = ("pickle.find_class", "shelve.open")

def hook(event, args):
    if event.startswith(NETWORK) or event in OBJECTS:
        events.append(f"{event} {args!r}"[:200])
    elif event in ("exec", "compile"):
        # Only code the package itself hands to eval/exec/compile; attrs and cattrs
        # generate their methods this way, on the package's behalf, by design.
        caller = sys._getframe(1)
        if caller.f_code.co_filename.startswith(package):
            events.append(f"{event} from {caller.f_code.co_filename}:{caller.f_lineno}")

sys.addaudithook(hook)
import iomdata
from iomdata._cli import main

for name in iomdata.datasets():
    iomdata.load(name)
for edition in iomdata.editions():
    staff = iomdata.staff(edition)
    staff.nationality_grade()
    iomdata.key_figures(edition)
iomdata.key_figures().to_polars()
iomdata.sources(), iomdata.errata(), iomdata.sdg_survey()
iomdata.require(">=0")
for fmt in ("apa", "bibtex", "cff"):
    iomdata.cite(format=fmt)
iomdata.verify()
with tempfile.TemporaryDirectory() as scratch:
    for fmt in ("csv", "json", "parquet"):
        iomdata.export(Path(scratch) / fmt, format=fmt)
    for argv in ([], ["--version"], ["show", "sources"], ["cite"], ["verify"],
                 ["export", str(Path(scratch) / "cli")]):
        main(argv)
print(json.dumps(events))
"""


def test_public_api_opens_no_socket_and_unpickles_nothing() -> None:
    """Under an audit hook, the public API opens no socket, unpickles nothing, evals nothing.

    Every entry point runs once; code the package itself hands to eval, exec or compile
    counts, code attrs and cattrs generate for it does not.
    """
    result = subprocess.run(
        [sys.executable, "-I", "-c", _AUDIT_SCRIPT], check=True, capture_output=True, text=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_sockets_are_blocked_for_the_whole_run() -> None:
    """The suite's socket guard (tests/conftest.py) is active: connecting out fails."""
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(RuntimeError, match="network access is blocked"),
    ):
        sock.connect(("127.0.0.1", 9))
