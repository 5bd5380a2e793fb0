"""Regenerate ``src/iomdata/_data/`` from the pipeline's domain modules.

Usage (from the repository root)::

    python -m tools.build_data            # build from tools/raw and tools/reference
    python -m tools.build_data --slice    # first re-slice tools/raw from ../shared/sources
    python -m tools.build_data --check    # build in memory, fail if _data/ differs

Each domain module returns rows per dataset (see tools/README.md). This script merges
them, attaches canonical nationality names and ISO codes, checks every row against the
dataset's spec (``iomdata._specs``: columns, types, empty values, vocabularies, unique
primary keys), proves the package's equations on the rows (:func:`prove`), writes one
CSV per dataset and ``manifest.json`` with the sha256, size, row count, columns, sources
and editions of each resource.
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
from iomdata._bounds import bounds_proofs
from iomdata._dtypes import Boolean, Float64, Int16, Int64, String
from iomdata._proofs import Proof, equations, explain
from iomdata._schemas import SCHEMAS
from iomdata._specs import SPECS, DatasetSpec
from iomdata._summaries import staff_summaries, summary_proofs

#: Version of the bundled data. Bump it (and CHANGELOG.md's Data section) on any change
#: to the shipped numbers; the package version moves independently.
DATA_VERSION: Final = "2026.2"

#: Domain modules in build order; rows of one dataset are concatenated in this order.
MODULES: Final = (
    "reference",
    "staff.ar2020",
    "staff.ar2018",
    "keyfigures.ar2020",
    "keyfigures.ar2018",
    "sdg.survey",
)

#: (dataset, column) -> (dataset, column) whose values it must take (a foreign key).
REFERENCES: Final = {
    ("key_figures", "indicator"): ("indicators", "id"),
    ("indicator_lookalikes", "earlier_id"): ("key_figures", "id"),
    ("indicator_lookalikes", "later_id"): ("key_figures", "id"),
    ("key_figure_errata", "erratum_id"): ("errata", "id"),
    ("key_figure_errata", "key_figure_id"): ("key_figures", "id"),
}


class BuildError(Exception):
    """The pipeline's output breaks the contract (spec, vocabulary, key, country table)."""


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
    out = [dict(row) for row in rows]
    # The spec names the printed-name column and the two columns the build fills.
    country_columns = SPECS[name].country_columns
    if country_columns is None:
        return out
    printed_column, name_column, code_column = country_columns
    for row in out:
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
    return out


#: The Python types a row value of each dtype of the specs may have.
_PYTHON_TYPES: Final[dict[str, tuple[type, ...]]] = {
    String: (str,),
    Boolean: (bool,),
    Float64: (float, int),
    Int16: (int,),
    Int64: (int,),
}


def check_row(spec: DatasetSpec, index: int, row: Mapping[str, Any]) -> None:
    """Fail unless ``row`` has exactly the spec's columns, typed, filled and in vocabulary."""
    name = spec.name
    if set(row) != set(spec.names):
        missing = sorted(set(spec.names) - set(row))
        extra = sorted(set(row) - set(spec.names))
        msg = f"{name} row {index}: missing columns {missing}, unknown columns {extra}"
        raise BuildError(msg)
    for column in spec.columns:
        value = row[column.name]
        if value is None:
            if not column.nullable:
                msg = f"{name} row {index}: {column.name} is empty: {dict(row)}"
                raise BuildError(msg)
            continue
        allowed = _PYTHON_TYPES[column.dtype]
        if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
            msg = f"{name} row {index}: {column.name}={value!r} is not {column.dtype}"
            raise BuildError(msg)
        if isinstance(value, str) and (not value or value != value.strip()):
            msg = f"{name} row {index}: {column.name}={value!r} is blank or padded"
            raise BuildError(msg)
        if column.vocabulary is not None and value not in column.vocabulary:
            msg = (
                f"{name} row {index}: {column.name}={value!r} is not one of "
                f"{', '.join(column.vocabulary)}"
            )
            raise BuildError(msg)


def check_rows(spec: DatasetSpec, rows: Iterable[Mapping[str, Any]]) -> None:
    """Fail unless every row passes :func:`check_row` and no two share a primary key."""
    seen: dict[tuple[Any, ...], int] = {}
    for index, row in enumerate(rows):
        check_row(spec, index, row)
        key = tuple(row[column] for column in spec.key)
        if key in seen:
            named = dict(zip(spec.key, key, strict=True))
            msg = f"{spec.name} rows {seen[key]} and {index} share the primary key {named}"
            raise BuildError(msg)
        seen[key] = index


def _frame(name: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    check_rows(SPECS[name], rows)
    schema = SCHEMAS[name]
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


def _check_references(rows: Mapping[str, list[dict[str, Any]]]) -> None:
    for (name, column), (target, key) in REFERENCES.items():
        known = {row[key] for row in rows.get(target, [])}
        unknown = sorted({row[column] for row in rows.get(name, [])} - known - {None})
        if unknown:
            msg = f"{name}.{column} names no {target}.{key}: {unknown}"
            raise BuildError(msg)


def prove(rows: Mapping[str, list[dict[str, Any]]]) -> list[Proof]:
    """Run the package's proofs on the rows about to be written, as ``iomdata verify`` will.

    ``rows`` are in their schema's column order (as the CSV files will hold them). The
    errata explain failures by key only (their ``proofs`` column).

    Raises
    ------
    BuildError
        A proof fails that no erratum names, or an erratum names a proof that holds or a
        key that no proof has.
    """
    checked = [*equations(rows), *summary_proofs(rows)]
    cells = rows.get("staff_by_nationality_grade", [])
    # The cell bounds are proven once the rows carry them (count_low, count_high).
    if cells and "count_low" in cells[0]:
        checked += bounds_proofs(rows)
    proofs = explain(checked, rows.get("errata", []))
    failed = [proof for proof in proofs if proof.status == "failed"]
    if failed:
        lines = "\n".join(f"  {proof.key}: {proof.describe()}" for proof in failed)
        msg = (
            f"{len(failed)} proof(s) failed that no erratum explains (name the proof keys "
            f"in an erratum's proofs after review, or fix the data):\n{lines}"
        )
        raise BuildError(msg)
    return proofs


def render(module_names: Iterable[str] = MODULES) -> dict[str, bytes]:
    """Every resource file and the manifest, as bytes, keyed by file name."""
    modules = _modules(module_names)
    rows = collect(modules)
    unknown = sorted(set(rows) - set(SPECS))
    if unknown:
        msg = f"rows for datasets without a spec: {unknown}"
        raise BuildError(msg)
    _check_references(rows)
    countries = _country_table(rows.get("country_names", []))
    attached = {name: _attach_countries(name, rows.get(name, []), countries) for name in SPECS}
    # Derived from the tables, not from a source text: the record path of staff() reads
    # these few rows instead of the tables (iomdata verify derives them again).
    attached["staff_summaries"] = staff_summaries(attached)
    frames = {name: _frame(name, attached[name]) for name in sorted(SPECS)}
    prove({name: frame.to_dicts() for name, frame in frames.items()})
    files: dict[str, bytes] = {}
    entries = []
    for name, frame in frames.items():
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
