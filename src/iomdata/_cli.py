"""The ``iomdata`` console script (also ``python -m iomdata``).

Built on :mod:`argparse` from the standard library: the commands are few and flat, and a
data package should not pull a CLI framework into every analyst's environment.

Exit status: 0 on success, 1 when the work fails (a proof of ``verify``, damaged data,
a write error midway), 2 for a bad argument (argparse's convention), always with a
message that names what would work.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

from iomdata._errors import IomdataError, UnknownDatasetError

if TYPE_CHECKING:
    import polars as pl

__all__ = ["main"]

_DEFAULT_LIMIT: Final = 20
_CELL_WIDTH: Final = 40


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
    from iomdata._api import editions
    from iomdata._resources import default_store

    manifest = default_store().manifest
    width = max(len(entry.name) for entry in manifest.resources)
    lines = [
        _versions(),
        f"editions with staff statistics: {', '.join(str(e) for e in editions())}",
        "",
        f"{'dataset':<{width}}  {'rows':>6}  sources",
    ]
    for entry in sorted(manifest.resources, key=lambda entry: entry.name):
        lines.append(f"{entry.name:<{width}}  {entry.rows:>6}  {', '.join(entry.sources)}")
    lines += ["", "commands: show, describe, export, verify, cite (iomdata COMMAND --help)"]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# iomdata show
# ---------------------------------------------------------------------------------------


def _show(args: argparse.Namespace) -> int:

    from iomdata._resources import default_store

    parser: argparse.ArgumentParser = args.command_parser
    store = default_store()
    try:
        entry = store.entry(args.dataset)
    except UnknownDatasetError as exc:
        raise _UsageError(parser, str(exc)) from exc
    frame = store.frame(entry.name)
    scope = entry.name
    if args.edition is not None:
        _check_edition(parser, entry.name, frame, entry.editions, args.edition)
        from iomdata._api import load

        frame = load(entry.name, edition=args.edition)
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
    try:
        value = int(text)
    except ValueError:
        msg = f"{text!r} is not a whole number"
        raise argparse.ArgumentTypeError(msg) from None
    if value < 0:
        msg = f"{value} is negative; give a count of rows, or 0 for all"
        raise argparse.ArgumentTypeError(msg)
    return value


def _edition(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        msg = f"{text!r} is not a year such as 2020"
        raise argparse.ArgumentTypeError(msg) from None


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
    from iomdata._cite import CITATION_FORMATS
    from iomdata._export import FORMATS

    parser = argparse.ArgumentParser(
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
        "--force", action="store_true", help="replace PATH if it holds a previous export"
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
    parser = _parser()
    try:
        args = parser.parse_args(argv)
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
        exc.parser.print_usage(sys.stderr)
        print(f"{exc.parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    except (IomdataError, OSError) as exc:
        print(f"iomdata: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
