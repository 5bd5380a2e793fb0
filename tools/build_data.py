"""Regenerate ``src/iomdata/_data/`` from the pipeline's domain modules.

Usage (from the repository root)::

    python -m tools.build_data            # build from tools/raw and tools/reference
    python -m tools.build_data --slice    # first re-slice tools/raw from ../shared/sources
    python -m tools.build_data --check    # build in memory, fail if _data/ differs

Each domain module returns rows per dataset (see tools/README.md). This script merges
them, attaches canonical nationality names and ISO codes, checks every row against the
dataset's schema, writes one CSV per dataset and ``manifest.json`` with the sha256, size,
row count, columns, sources and editions of each resource.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import io
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any, Final

import polars as pl

ROOT: Final = Path(__file__).resolve().parent.parent
DATA: Final = ROOT / "src" / "iomdata" / "_data"
SOURCES: Final = ROOT.parent / "shared" / "sources"

sys.path.insert(0, str(ROOT / "src"))
from iomdata._schemas import NULLABLE, SCHEMAS

#: Version of the bundled data. Bump it (and CHANGELOG.md's Data section) on any change
#: to the shipped numbers; the package version moves independently.
DATA_VERSION: Final = "2026.1"

#: Domain modules in build order; rows of one dataset are concatenated in this order.
MODULES: Final = (
    "reference",
    "staff.ar2020",
    "staff.ar2018",
    "keyfigures_ar2020",
    "keyfigures_ar2018",
    "sdg_survey",
)

#: Printed-name column -> (canonical-name column, code column) that the build fills.
COUNTRY_COLUMNS: Final = {
    "nationality_as_printed": ("nationality", "iso3"),
    "country_as_printed": ("country", "iso3"),
}


class BuildError(Exception):
    """The pipeline's output breaks the contract (schema, vocabulary, country table)."""


def _modules(names: Iterable[str]) -> list[ModuleType]:
    return [importlib.import_module(f"tools.{name}") for name in names]


def collect(modules: Iterable[ModuleType]) -> dict[str, list[dict[str, Any]]]:
    """Every module's rows, concatenated per dataset in module order."""
    merged: dict[str, list[dict[str, Any]]] = {}
    for module in modules:
        build: Callable[[], dict[str, list[dict[str, Any]]]] = module.build
        for name, rows in build().items():
            merged.setdefault(name, []).extend(rows)
    return merged


def _country_table(rows: list[dict[str, Any]]) -> dict[str, tuple[str, str | None]]:
    table: dict[str, tuple[str, str | None]] = {}
    for row in rows:
        printed = row["name_as_printed"]
        if printed in table:
            msg = f"country_names lists {printed!r} twice"
            raise BuildError(msg)
        table[printed] = (row["nationality"], row["iso3"])
    return table


def _attach_countries(
    name: str, rows: list[dict[str, Any]], countries: Mapping[str, tuple[str, str | None]]
) -> list[dict[str, Any]]:
    out = []
    for original in rows:
        row = dict(original)
        for printed_column, (name_column, code_column) in COUNTRY_COLUMNS.items():
            if printed_column not in row or name_column in row:
                continue
            printed = row[printed_column]
            if printed is None:
                row[name_column], row[code_column] = None, None
                continue
            if printed not in countries:
                msg = (
                    f"{name}: printed name {printed!r} is not in "
                    "tools/reference/country_names.csv; add it there after checking it"
                )
                raise BuildError(msg)
            row[name_column], row[code_column] = countries[printed]
        out.append(row)
    return out


_PYTHON_TYPES: Final[dict[type[pl.DataType], tuple[type, ...]]] = {
    pl.String: (str,),
    pl.Boolean: (bool,),
    pl.Float64: (float, int),
    pl.Int16: (int,),
    pl.Int32: (int,),
    pl.Int64: (int,),
}


def _check_row(name: str, index: int, row: Mapping[str, Any], schema: pl.Schema) -> None:
    if set(row) != set(schema.names()):
        missing = sorted(set(schema.names()) - set(row))
        extra = sorted(set(row) - set(schema.names()))
        msg = f"{name} row {index}: missing columns {missing}, unknown columns {extra}"
        raise BuildError(msg)
    for column, dtype in schema.items():
        value = row[column]
        if value is None:
            if column not in NULLABLE[name]:
                msg = f"{name} row {index}: {column} is empty: {dict(row)}"
                raise BuildError(msg)
            continue
        allowed = _PYTHON_TYPES[type(dtype)]
        if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
            msg = f"{name} row {index}: {column}={value!r} is not {dtype}"
            raise BuildError(msg)
        if isinstance(value, str) and (not value or value != value.strip()):
            msg = f"{name} row {index}: {column}={value!r} is blank or padded"
            raise BuildError(msg)


def _frame(name: str, rows: list[dict[str, Any]], schema: pl.Schema) -> pl.DataFrame:
    for index, row in enumerate(rows):
        _check_row(name, index, row, schema)
    ordered = [{column: row[column] for column in schema.names()} for row in rows]
    return pl.DataFrame(ordered, schema=schema, orient="row") if ordered else schema.to_frame()


def _csv_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_csv(buffer, line_terminator="\n")
    return buffer.getvalue()


def _distinct(frame: pl.DataFrame, column: str) -> list[Any]:
    if column not in frame.columns:
        return []
    return sorted(frame.get_column(column).drop_nulls().unique().to_list())


def render(module_names: Iterable[str] = MODULES) -> dict[str, bytes]:
    """Every resource file and the manifest, as bytes, keyed by file name."""
    modules = _modules(module_names)
    schemas = SCHEMAS
    rows = collect(modules)
    unknown = sorted(set(rows) - set(schemas))
    if unknown:
        msg = f"rows for datasets without a schema: {unknown}"
        raise BuildError(msg)
    countries = _country_table(rows.get("country_names", []))
    files: dict[str, bytes] = {}
    entries = []
    for name in sorted(schemas):
        dataset_rows = _attach_countries(name, rows.get(name, []), countries)
        frame = _frame(name, dataset_rows, schemas[name])
        path = f"{name}.csv"
        data = _csv_bytes(frame)
        files[path] = data
        sources = _distinct(frame, "id") if name == "sources" else _distinct(frame, "source")
        entries.append(
            {
                "name": name,
                "path": path,
                "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
                "rows": frame.height,
                "columns": list(frame.columns),
                "sources": sources,
                "editions": _distinct(frame, "edition"),
            }
        )
    manifest = {"data_version": DATA_VERSION, "resources": entries}
    files["manifest.json"] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
    return files


def write(files: Mapping[str, bytes], target: Path = DATA) -> None:
    """Replace the resources in ``target`` with ``files`` (stale files are removed)."""
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.iterdir():
        if stale.is_file() and stale.name not in files:
            stale.unlink()
    for name, data in files.items():
        (target / name).write_bytes(data)


def differences(files: Mapping[str, bytes], target: Path = DATA) -> list[str]:
    """File names whose bytes in ``target`` differ from ``files`` (or are missing/extra)."""
    present = {path.name for path in target.iterdir() if path.is_file()}
    changed = {name for name in files if name not in present}
    changed |= {
        name
        for name, data in files.items()
        if name in present and (target / name).read_bytes() != data
    }
    changed |= present - set(files)
    return sorted(changed)


def main(argv: list[str] | None = None) -> int:
    """Run the pipeline; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m tools.build_data", description=__doc__)
    parser.add_argument("--slice", action="store_true", help="re-slice tools/raw first")
    parser.add_argument("--check", action="store_true", help="fail if _data/ is stale")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="redo the slow searches instead of reusing their cache (tools/cache/)",
    )
    parser.add_argument("--sources", type=Path, default=SOURCES, help="the source texts")
    parser.add_argument(
        "--modules",
        nargs="+",
        choices=MODULES,
        default=list(MODULES),
        help="build only these domain modules (for development; the shipped build uses all)",
    )
    args = parser.parse_args(argv)
    if args.slice:
        if not args.sources.is_dir():
            parser.error(f"--slice needs the source texts; {args.sources} is not a directory")
        for module in _modules(args.modules):
            module.slice_sources(args.sources)
    if args.fresh:
        for module in _modules(args.modules):
            if hasattr(module, "use_search_cache"):
                setattr(module, "use_search_cache", False)  # noqa: B010 - not every module has it
    files = render(args.modules)
    if args.check:
        stale = differences(files)
        if stale:
            print(f"_data/ differs from a fresh build: {', '.join(stale)}", file=sys.stderr)
            return 1
        print("_data/ matches a fresh build")
        return 0
    write(files)
    for name, data in sorted(files.items()):
        print(f"{name:<40} {len(data):>8} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
