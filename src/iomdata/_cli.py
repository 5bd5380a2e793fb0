"""The ``iomdata`` console script (also ``python -m iomdata``).

Built on :mod:`argparse` from the standard library: the commands are few and flat, and a
data package should not pull a CLI framework into every analyst's environment.

Exit status: 0 on success, 1 when the work fails (a proof of ``verify``, damaged data,
a write error midway, a closed output pipe), 2 for a bad argument (argparse's
convention), 130 after Ctrl-C (SIGINT) and 143 after SIGTERM. Every failure is one line
on stderr, never a traceback; output a terminal cannot encode is replaced, not fatal.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final, NoReturn

from iomdata._errors import IomdataError, UnknownDatasetError

if TYPE_CHECKING:
    import argparse

    import polars as pl

__all__ = ["main"]

_DEFAULT_LIMIT: Final = 20
_CELL_WIDTH: Final = 40
#: Years an edition can be; a larger number is no edition (and overflows Polars' Int16).
_YEARS: Final = range(1, 10_000)
#: The most rows --limit takes (a larger number overflows Polars' row index).
_MAX_LIMIT: Final = 2**63 - 1
#: An error line longer than this is cut (a very long argument is echoed in it).
_MAX_MESSAGE: Final = 2000


class _Terminated(BaseException):
    """SIGTERM, raised so that the running command cleans up (as for KeyboardInterrupt)."""


def _fail(message: str) -> None:
    """Print one line on stderr: control characters escaped, a very long message cut.

    A line break in an echoed argument would make two lines, and a terminal escape
    sequence in a file name would act on the terminal: both are shown as escapes.
    """
    line = "".join(char if char.isprintable() else repr(char)[1:-1] for char in message)
    if len(line) > _MAX_MESSAGE:
        line = line[: _MAX_MESSAGE - 1] + "\u2026"
    if sys.stderr is not None:
        print(line, file=sys.stderr)


class _UsageError(Exception):
    """A bad argument found after parsing; reported like argparse's own errors."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser


# ---------------------------------------------------------------------------------------
# iomdata (no command): the catalogue
# ---------------------------------------------------------------------------------------


def _versions() -> str:
    from iomdata._api import data_version
    from iomdata._version import __version__

    return f"iomdata {__version__} (data {data_version()})"


def _catalogue() -> str:
    import iomdata

    entries = iomdata.catalogue()
    width = max(len(entry.name) for entry in entries)
    lines = [
        _versions(),
        f"editions with staff statistics: {', '.join(str(e) for e in iomdata.editions())}",
        "",
        f"{'dataset':<{width}}  {'rows':>6}  sources",
    ]
    for entry in entries:
        lines.append(f"{entry.name:<{width}}  {entry.rows:>6}  {', '.join(entry.sources)}")
    lines += ["", "commands: show, describe, export, verify, cite (iomdata COMMAND --help)"]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# iomdata show
# ---------------------------------------------------------------------------------------


def _show(args: argparse.Namespace) -> int:
    import iomdata

    parser: argparse.ArgumentParser = args.command_parser
    try:
        frame = iomdata.load(args.dataset)
    except UnknownDatasetError as exc:
        raise _UsageError(parser, str(exc)) from exc
    entry = {entry.name: entry for entry in iomdata.catalogue()}[args.dataset]
    scope = entry.name
    if args.edition is not None:
        _check_edition(parser, entry.name, frame, entry.editions, args.edition)
        frame = iomdata.load(entry.name, edition=args.edition)
        scope += f", edition {args.edition}"
    selected = frame
    for spec in args.filter:
        selected = selected.filter(_filter(parser, frame, entry.name, spec))
    shown = selected if args.limit == 0 else selected.head(args.limit)
    if selected.height == 0 and args.filter:
        print(f"no rows of {scope} match {' and '.join(args.filter)}")
        print(_hints(frame, args.filter))
        return 0
    print(_render(shown))
    note = f"{shown.height} of {selected.height} rows of {scope}"
    if args.filter:
        note += f" where {' and '.join(args.filter)}"
    if shown.height < selected.height:
        note += " (--limit N shows more, --limit 0 shows all)"
    print(note)
    return 0


def _check_edition(
    parser: argparse.ArgumentParser,
    dataset: str,
    frame: pl.DataFrame,
    editions: Sequence[int],
    edition: int,
) -> None:
    """Refuse an edition the dataset does not have, naming those it has."""
    import polars as pl

    if "edition" not in frame.columns:
        msg = f"dataset {dataset} has no edition column; leave out --edition"
        raise _UsageError(parser, msg)
    if edition in editions:
        return
    listed = ", ".join(str(known) for known in editions)
    msg = f"dataset {dataset} has no edition {edition}; editions: {listed}"
    if "year" in frame.columns:
        # A year between two reports is printed only as part of a later report's series.
        later = frame.filter(pl.col("year") == edition).get_column("edition").unique().sort()
        if later.len():
            msg += (
                f". {edition} is a year of the time series in edition "
                f"{later[-1]}: try --edition {later[-1]} --filter year={edition}"
            )
    raise _UsageError(parser, msg)


def _filter(
    parser: argparse.ArgumentParser, frame: pl.DataFrame, dataset: str, spec: str
) -> pl.Expr:
    """The Polars condition of one ``--filter COLUMN=VALUE``."""
    import polars as pl

    column, sep, text = spec.partition("=")
    if not sep or not column:
        raise _UsageError(parser, f"--filter {spec!r}: write COLUMN=VALUE, e.g. sex=F")
    if column not in frame.columns:
        msg = f"--filter {spec!r}: {dataset} has no column {column!r}; columns: "
        raise _UsageError(parser, msg + ", ".join(frame.columns))
    if text == "":
        return pl.col(column).is_null()
    dtype = frame.schema[column]
    value: str | int | float | bool = text
    try:
        if dtype.is_integer():
            value = int(text)
        elif dtype.is_float():
            value = float(text)
    except ValueError:
        kind = "whole numbers" if dtype.is_integer() else "numbers"
        msg = f"--filter {spec!r}: column {column} holds {kind}, not {text!r}"
        raise _UsageError(parser, msg) from None
    if dtype == pl.Boolean:
        if text.lower() not in {"true", "false"}:
            msg = f"--filter {spec!r}: column {column} holds true or false, not {text!r}"
            raise _UsageError(parser, msg)
        value = text.lower() == "true"
    return pl.col(column).eq(value)


def _hints(frame: pl.DataFrame, specs: Sequence[str]) -> str:
    """The values the filtered text columns hold, where there are few of them."""
    import polars as pl

    lines = []
    for spec in specs:
        column = spec.partition("=")[0]
        if frame.schema[column] == pl.String:
            values = frame.get_column(column).drop_nulls().unique().sort().to_list()
            if len(values) <= 30:
                lines.append(f"values of {column}: {', '.join(values)}")
    return "\n".join(lines) or "(no rows with these values)"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "\u2026"


def _render(frame: pl.DataFrame) -> str:
    """A plain aligned table: numbers right-aligned, long text cut with an ellipsis."""
    rows = [[_text(value) for value in row] for row in frame.iter_rows()]
    numeric = [dtype.is_numeric() for dtype in frame.dtypes]
    widths = [
        max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(frame.columns)
    ]

    def line(cells: Sequence[str]) -> str:
        padded = (
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(cells, widths, numeric, strict=True)
        )
        return "  ".join(padded).rstrip()

    return "\n".join(
        [line(frame.columns), line(["-" * width for width in widths]), *map(line, rows)]
    )


# ---------------------------------------------------------------------------------------
# iomdata describe
# ---------------------------------------------------------------------------------------


def _describe(args: argparse.Namespace) -> int:
    from iomdata._describe import describe

    try:
        description = describe(args.dataset)
    except UnknownDatasetError as exc:
        raise _UsageError(args.command_parser, str(exc)) from exc
    print(description)
    return 0


# ---------------------------------------------------------------------------------------
# iomdata export, verify, cite
# ---------------------------------------------------------------------------------------


def _export(args: argparse.Namespace) -> int:
    from iomdata._export import export

    parser: argparse.ArgumentParser = args.command_parser
    try:
        descriptor = export(args.path, format=args.format, datasets=args.dataset, force=args.force)
    except (
        UnknownDatasetError,
        FileExistsError,
        NotADirectoryError,
        FileNotFoundError,
        PermissionError,
        ValueError,
    ) as exc:
        # Refused before anything was written: a bad argument.
        raise _UsageError(parser, str(exc)) from exc
    print(f"wrote {descriptor.parent} ({args.format}); descriptor: {descriptor}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from iomdata._verify import verify

    report = verify()
    print(report.summary(verbose=args.verbose))
    return 0 if report.ok else 1


def _cite(args: argparse.Namespace) -> int:
    from iomdata._cite import cite

    print(cite(format=args.format), end="")
    return 0


# ---------------------------------------------------------------------------------------
# The parser and main
# ---------------------------------------------------------------------------------------


def _positive_or_zero(text: str) -> int:
    import argparse  # loaded already: argparse calls this while it parses

    try:
        value = int(text)
    except ValueError:
        msg = f"{text!r} is not a whole number"
        raise argparse.ArgumentTypeError(msg) from None
    if value < 0:
        msg = f"{value} is negative; give a count of rows, or 0 for all"
        raise argparse.ArgumentTypeError(msg)
    if value > _MAX_LIMIT:
        msg = f"{text} rows is more than there can be; give 0 to print all rows"
        raise argparse.ArgumentTypeError(msg)
    return value


def _edition(text: str) -> int:
    import argparse  # loaded already: argparse calls this while it parses

    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value not in _YEARS:
        shown = text if len(text) <= 20 else text[:20] + "\u2026"
        msg = f"{shown!r} is not a year such as 2020"
        raise argparse.ArgumentTypeError(msg)
    return value


def _command(
    commands: Any,
    name: str,
    run: Callable[[argparse.Namespace], int],
    description: str,
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=description, description=description
    )
    parser.set_defaults(run=run, command_parser=parser)
    return parser


def _parser() -> argparse.ArgumentParser:
    # argparse (with gettext and locale) and the command modules are imported only
    # when a command is given: the bare `iomdata` prints the catalogue without them.
    import argparse

    from iomdata._cite import CITATION_FORMATS
    from iomdata._export import FORMATS

    class _Parser(argparse.ArgumentParser):
        """argparse with its errors on one line (it prints the usage first by default)."""

        def error(self, message: str) -> NoReturn:
            _fail(f"{self.prog}: error: {message} (see {self.prog} --help)")
            self.exit(2)

    parser = _Parser(
        prog="iomdata",
        description="IOM's institutional statistics. With no command, print the catalogue.",
    )
    parser.add_argument("--version", action="store_true", help="print the versions and exit")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    show = _command(commands, "show", _show, "print a dataset as a table")
    show.add_argument("dataset", metavar="DATASET", help="a dataset name (see `iomdata`)")
    show.add_argument(
        "--edition", type=_edition, metavar="N", help="only the rows of edition N (a report year)"
    )
    show.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="COL=VALUE",
        help="only rows whose column COL equals VALUE (COL= for empty); repeat to combine",
    )
    show.add_argument(
        "--limit",
        type=_positive_or_zero,
        default=_DEFAULT_LIMIT,
        metavar="N",
        help=f"print at most N rows (default {_DEFAULT_LIMIT}; 0 prints all)",
    )

    describe = _command(
        commands,
        "describe",
        _describe,
        "print a dataset's data dictionary: what each column means",
    )
    describe.add_argument("dataset", metavar="DATASET", help="a dataset name (see `iomdata`)")

    export = _command(
        commands,
        "export",
        _export,
        "write datasets and a Frictionless datapackage.json into a new directory",
    )
    export.add_argument("path", metavar="PATH", help="the directory to create")
    export.add_argument(
        "--format", choices=FORMATS, default="csv", help="file format (default: csv)"
    )
    export.add_argument(
        "--dataset",
        action="append",
        metavar="NAME",
        help="export only this dataset; repeatable (default: every dataset)",
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="replace PATH if it holds a previous export and nothing else (its files unchanged)",
    )

    verify = _command(
        commands,
        "verify",
        _verify,
        "re-hash the installed data and re-run its arithmetic proofs",
    )
    verify.add_argument("--verbose", action="store_true", help="list every proof that holds")

    cite = _command(commands, "cite", _cite, "print how to cite iomdata and its sources")
    cite.add_argument(
        "--format", choices=CITATION_FORMATS, default="apa", help="citation style (default: apa)"
    )
    return parser


def _exit_code(exc: SystemExit) -> int:
    code = exc.code
    return code if isinstance(code, int) else (0 if code is None else 1)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the console script; return the exit status."""
    with _output_replaced(), _terminate_as_exception():
        try:
            status = _main(argv)
            if sys.stdout is not None:
                sys.stdout.flush()  # a closed pipe shows here rather than at exit
        except BrokenPipeError:
            # The reader stopped reading (`iomdata show ... | head`): leave quietly, and
            # point stdout at /dev/null so that the flush at exit does not complain.
            _silence_stdout()
            return 1
        except OSError as exc:  # the output cannot be written (a full disk, /dev/full)
            _silence_stdout()
            _fail(f"iomdata: error: cannot write the output: {exc}")
            return 1
        except KeyboardInterrupt:
            _stop_listening(console=argv is None)
            _fail("iomdata: interrupted (SIGINT); nothing was left half written")
            return 130
        except _Terminated:
            _stop_listening(console=argv is None)
            _fail("iomdata: terminated (SIGTERM); nothing was left half written")
            return 143
        return status


def _stop_listening(*, console: bool) -> None:
    """As the console script exits after an interrupt, ignore any further one.

    A second Ctrl-C would otherwise end the process by the signal itself while it shuts
    down, with another status than 130. Only for the console script (``argv`` not
    given): a program calling ``main([...])`` keeps its own handlers.
    """
    if console and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _main(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    if not words:
        try:
            print(_catalogue())
        except BrokenPipeError:
            raise
        except (IomdataError, OSError) as exc:
            _fail(f"iomdata: error: {exc}")
            return 1
        return 0
    parser = _parser()
    try:
        args = parser.parse_args(words)
    except SystemExit as exc:  # --help, or a bad argument argparse has reported
        return _exit_code(exc)
    try:
        if args.version:
            print(_versions())
            return 0
        run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
        if run is None:
            print(_catalogue())
            return 0
        return run(args)
    except _UsageError as exc:
        _fail(f"{exc.parser.prog}: error: {exc} (see {exc.parser.prog} --help)")
        return 2
    except BrokenPipeError:
        raise
    except (IomdataError, OSError) as exc:
        _fail(f"iomdata: error: {exc}")
        return 1
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback (issue 15)
        _fail(f"iomdata: error: unexpected {type(exc).__name__}: {exc}")
        return 1


@contextlib.contextmanager
def _output_replaced() -> Iterator[None]:
    """Characters stdout's encoding lacks are printed as '?', never an error."""
    stream = sys.stdout
    reconfigure = getattr(stream, "reconfigure", None)
    errors = getattr(stream, "errors", None)
    if reconfigure is None or errors is None:
        yield
        return
    reconfigure(errors="replace")
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            reconfigure(errors=errors)


@contextlib.contextmanager
def _terminate_as_exception() -> Iterator[None]:
    """While a command runs, SIGTERM raises _Terminated, so that it cleans up first."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    def terminate(_signum: int, _frame: object) -> NoReturn:
        raise _Terminated

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        if signal.getsignal(signal.SIGTERM) is terminate:  # not if _stop_listening ran
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _silence_stdout() -> None:
    with contextlib.suppress(Exception):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
