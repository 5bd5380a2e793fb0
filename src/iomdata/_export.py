"""Export datasets to files with a Frictionless Data Package (v2) descriptor.

The export is atomic: every file is written into a temporary directory beside the
target, and only a complete package is renamed into place. A failure or an interrupt
midway removes the temporary directory and leaves the target as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final, Literal

from iomdata._resources import ResourceStore, default_store

# hashlib, json, pathlib, shutil and tempfile are imported where used: `import iomdata`
# must stay light (docs/performance.md), and most sessions never export.
if TYPE_CHECKING:
    import os
    from pathlib import Path

    import polars as pl

__all__ = ["DESCRIPTOR_NAME", "FORMATS", "ExportFormat", "export"]

#: The formats :func:`export` writes.
ExportFormat = Literal["csv", "json", "parquet"]
FORMATS: Final[tuple[ExportFormat, ...]] = ("csv", "json", "parquet")

#: File name of the Data Package descriptor inside the exported directory.
DESCRIPTOR_NAME: Final = "datapackage.json"

_PACKAGE_PROFILE: Final = "https://datapackage.org/profiles/2.0/datapackage.json"
_SCHEMA_PROFILE: Final = "https://datapackage.org/profiles/2.0/tableschema.json"
_HOMEPAGE: Final = "https://iomdata.readthedocs.io"
_MEDIATYPES: Final[dict[ExportFormat, str]] = {
    "csv": "text/csv",
    "json": "application/json",
    "parquet": "application/vnd.apache.parquet",
}
_LICENCE_NOTE: Final = (
    "The figures are IOM's, taken from the public documents listed under sources; cite "
    "those documents together with iomdata. The MIT licence covers the iomdata "
    "compilation (its code, labels and descriptions), not IOM's publications."
)


def export(
    path: str | os.PathLike[str],
    *,
    format: ExportFormat = "csv",  # noqa: A002 - the documented keyword of the public API
    datasets: Iterable[str] | None = None,
    force: bool = False,
) -> Path:
    """Write datasets and a Frictionless Data Package descriptor into directory ``path``.

    The directory receives one file per dataset and ``datapackage.json`` (Data Package
    v2): the data version, a licence note, the source documents, and per resource its
    path, sha256, sources and Table Schema (types, descriptions, primary key), and for
    CSV its size in bytes. CSV files are the bundled, verified bytes; Parquet and JSON
    are written from the same verified data. Parquet files written with pyarrow
    installed also carry pandas metadata, so ``pandas.read_parquet`` keeps integer
    columns with missing values as nullable integers.

    The write is atomic: a temporary directory beside ``path`` is filled and renamed to
    ``path`` at the end, so a failed or interrupted export leaves nothing half written.

    Parameters
    ----------
    path
        The directory to create. Its parent must exist. It may exist if it is empty.
    format
        ``"csv"`` (default), ``"parquet"`` or ``"json"`` (an array of row objects).
    datasets
        Names of the datasets to write; ``None`` (default) writes every dataset.
    force
        Replace ``path`` if it holds a previous iomdata export. A non-empty directory
        that holds anything else is never replaced.

    Returns
    -------
    pathlib.Path
        The path of the written ``datapackage.json``.

    Raises
    ------
    ValueError
        ``format`` is not one of ``"csv"``, ``"parquet"``, ``"json"``.
    UnknownDatasetError
        A name in ``datasets`` is not a dataset; the message lists the datasets.
    FileExistsError
        ``path`` is not empty (without ``force``), or is not a previous export.
    NotADirectoryError
        ``path`` or its parent is a file.
    FileNotFoundError
        The parent directory of ``path`` does not exist.
    PermissionError
        The parent directory of ``path`` cannot be written to.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> import iomdata
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "iom"
    >>> descriptor = iomdata.export(out, datasets=["staff_by_category", "sources"])
    >>> sorted(p.name for p in out.iterdir())
    ['datapackage.json', 'sources.csv', 'staff_by_category.csv']
    >>> package = json.loads(descriptor.read_text(encoding="utf-8"))
    >>> package["version"] == iomdata.data_version()
    True
    >>> package["resources"][0]["schema"]["primaryKey"]
    ['edition', 'year', 'category']
    >>> import shutil
    >>> shutil.rmtree(out.parent)
    """
    import shutil
    from pathlib import Path

    fmt = _check_format(format)
    store = default_store()
    names = _dataset_names(store, datasets)
    target = Path(path).absolute()
    _check_target(target, force=force)
    staging = _staging_directory(target)
    try:
        _write_package(staging, store, names, fmt)
        _move_into_place(staging, target)
    except BaseException:
        # BaseException: a KeyboardInterrupt midway must not leave a partial package.
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target / DESCRIPTOR_NAME


def _check_format(value: object) -> ExportFormat:
    for fmt in FORMATS:
        if value == fmt:
            return fmt
    msg = f"unknown export format {value!r}; formats: {', '.join(FORMATS)}"
    raise ValueError(msg)


def _dataset_names(store: ResourceStore, datasets: object) -> tuple[str, ...]:
    # Typed as object: callers without a type checker pass anything.
    if datasets is None:
        return store.manifest.names()
    if isinstance(datasets, str):
        # A bare string would be iterated letter by letter.
        datasets = [datasets]
    if not isinstance(datasets, Iterable):
        msg = f"datasets must be dataset names or None, not {type(datasets).__name__}"
        raise TypeError(msg)
    names: list[str] = []
    for name in datasets:
        if not isinstance(name, str):
            msg = f"a dataset name must be a str, not {type(name).__name__}: {name!r}"
            raise TypeError(msg)
        store.entry(name)  # raises UnknownDatasetError listing the datasets
        if name not in names:
            names.append(name)
    if not names:
        msg = "no datasets to export; pass None to export every dataset"
        raise ValueError(msg)
    return tuple(names)


def _is_previous_export(directory: Path) -> bool:
    import json

    try:
        descriptor = json.loads((directory / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(descriptor, dict) and descriptor.get("name") == "iomdata"


def _check_target(target: Path, *, force: bool) -> None:
    """Refuse a target that must not be replaced; touch nothing."""
    if target.exists() and not target.is_dir():
        msg = f"{target} exists and is not a directory; give a directory to export into"
        raise NotADirectoryError(msg)
    if target.is_dir() and any(target.iterdir()):
        if not force:
            msg = (
                f"{target} is not empty; choose a new or empty directory, or use force "
                "(--force) to replace a previous iomdata export"
            )
            raise FileExistsError(msg)
        if not _is_previous_export(target):
            # Replacing any non-empty directory on --force would make a typo in the path
            # destroy unrelated files; only our own exports are replaced.
            msg = (
                f"{target} is not empty and holds no iomdata {DESCRIPTOR_NAME}; it is not "
                "replaced even with force: choose a new or empty directory"
            )
            raise FileExistsError(msg)
    parent = target.parent
    if not parent.exists():
        msg = f"the directory {parent} does not exist; create it first"
        raise FileNotFoundError(msg)
    if not parent.is_dir():
        msg = f"{parent} is not a directory"
        raise NotADirectoryError(msg)


def _staging_directory(target: Path) -> Path:
    import tempfile
    from pathlib import Path

    # Beside the target, so the final rename stays on one file system and is atomic.
    parent = target.parent
    try:
        return Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=parent))
    except PermissionError as exc:
        msg = f"cannot write in {parent} ({exc.strerror}); choose a directory you can write to"
        raise PermissionError(msg) from exc


def _move_into_place(staging: Path, target: Path) -> None:
    import shutil
    import tempfile
    from pathlib import Path

    if target.is_dir() and not any(target.iterdir()):
        target.rmdir()
    if not target.exists():
        staging.rename(target)
        return
    # A previous export (checked by _check_target): set it aside, move the new one in,
    # and put the old one back if that fails.
    backup = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    backup.rmdir()
    target.rename(backup)
    try:
        staging.rename(target)
    except BaseException:
        backup.rename(target)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _csv(store: ResourceStore, name: str) -> bytes:
    # The bundled bytes themselves, verified against the manifest on read.
    return store.read_bytes(name)


def _parquet(store: ResourceStore, name: str) -> bytes:
    import io

    frame = store.frame(name)
    buffer = io.BytesIO()
    frame.write_parquet(buffer, arrow_schema=_arrow_schema_with_pandas_metadata(frame))
    return buffer.getvalue()


def _arrow_schema_with_pandas_metadata(frame: pl.DataFrame) -> Any:
    """The frame's Arrow schema carrying pandas metadata, or ``None`` without pyarrow.

    Read into pandas (``pd.read_parquet``, and frictionless, which reads Parquet through
    pandas), an integer column with a missing value would become ``float64`` and the
    missing value ``NaN``, which frictionless reports as a type error. The metadata names
    pandas' nullable dtypes (``Int16``, ``string``, ...), so the columns keep their types
    and missing values stay missing. Writing it needs pyarrow (the ``pandas`` extra);
    without pyarrow the Parquet file is the same data without this hint.
    """
    import importlib
    import json

    try:
        # Only to know whether frame.to_arrow() can run.
        importlib.import_module("pyarrow")
    except ImportError:
        return None
    from iomdata._dtypes import PANDAS_TYPES
    from iomdata._version import __version__

    columns = []
    for column, dtype in frame.schema.items():
        # pandas' nullable dtype of each dtype of the specs: (pandas_type, numpy_type) as
        # pandas writes them into Parquet metadata.
        pandas_type, numpy_type = PANDAS_TYPES.get(type(dtype).__name__, ("object", "object"))
        columns.append(
            {
                "name": column,
                "field_name": column,
                "pandas_type": pandas_type,
                "numpy_type": numpy_type,
                "metadata": None,
            }
        )
    metadata = {
        "index_columns": [],
        "column_indexes": [],
        "columns": columns,
        "creator": {"library": "iomdata", "version": __version__},
        # The oldest pandas the extra allows: a fixed value keeps the bytes reproducible.
        "pandas_version": "2.0.0",
    }
    return frame.to_arrow().schema.with_metadata({"pandas": json.dumps(metadata)})


def _json(store: ResourceStore, name: str) -> bytes:
    import json

    rows = store.frame(name).iter_rows(named=True)
    lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    return f"[\n{lines}\n]\n".encode() if lines else b"[]\n"


_ENCODERS: Final[dict[ExportFormat, Callable[[ResourceStore, str], bytes]]] = {
    "csv": _csv,
    "json": _json,
    "parquet": _parquet,
}


def _encode(store: ResourceStore, name: str, fmt: ExportFormat) -> bytes:
    """The file content of dataset ``name`` in format ``fmt``."""
    return _ENCODERS[fmt](store, name)


def _write_package(
    directory: Path, store: ResourceStore, names: tuple[str, ...], fmt: ExportFormat
) -> None:
    import json

    titles = _source_titles(store)
    resources = []
    for name in names:
        data = _encode(store, name, fmt)
        path = f"{name}.{fmt}"
        (directory / path).write_bytes(data)
        resources.append(_resource(store, name, path, fmt, data, titles))
    descriptor = _package(store, resources, titles)
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (directory / DESCRIPTOR_NAME).write_text(text, encoding="utf-8")


def _source_titles(store: ResourceStore) -> dict[str, str]:
    """Each source id's citation title: title, symbol and corrigenda."""
    titles = {}
    for row in store.frame("sources").iter_rows(named=True):
        parts = [row["title"]]
        if row["symbol"]:
            parts.append(row["symbol"])
        if row["corrigenda"]:
            parts.append(f"incorporating {row['corrigenda']}")
        titles[row["id"]] = f"{', '.join(parts)} (IOM, {row['year']})"
    return titles


def _package(
    store: ResourceStore, resources: list[dict[str, Any]], titles: dict[str, str]
) -> dict[str, Any]:
    from iomdata._version import __version__

    return {
        "$schema": _PACKAGE_PROFILE,
        "name": "iomdata",
        "title": "iomdata: IOM's institutional statistics",
        "description": (
            "Staff statistics and key figures that the International Organization for "
            "Migration (IOM) publishes in its reports, as exported by iomdata "
            f"{__version__}. {_LICENCE_NOTE}"
        ),
        "version": store.manifest.data_version,
        "homepage": _HOMEPAGE,
        "licenses": [
            {
                "name": "MIT",
                "path": "https://opensource.org/license/mit",
                "title": "MIT License (the iomdata compilation; the figures are IOM's)",
            }
        ],
        "sources": [{"title": title} for title in titles.values()],
        "contributors": [{"title": "The iomdata developers", "roles": ["creator"]}],
        "keywords": ["IOM", "migration", "staff statistics", "key figures"],
        "resources": resources,
    }


def _resource(
    store: ResourceStore,
    name: str,
    path: str,
    fmt: ExportFormat,
    data: bytes,
    titles: dict[str, str],
) -> dict[str, Any]:
    import hashlib

    from iomdata._specs import spec

    # Loading the frame refuses a resource without a spec or whose columns or types are
    # not its spec's, so the Table Schema below, written from the spec, describes the file.
    store.frame(name)
    dataset = spec(name)
    resource: dict[str, Any] = {
        "name": name,
        "type": "table",
        "path": path,
        "format": fmt,
        "mediatype": _MEDIATYPES[fmt],
    }
    if fmt != "parquet":
        resource["encoding"] = "utf-8"
    resource |= {
        "title": dataset.title,
        "description": dataset.description,
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "bytes": len(data),
        "sources": [{"title": titles.get(source, source)} for source in store.entry(name).sources],
        "schema": _table_schema(name),
    }
    if fmt != "csv":
        # frictionless (5.x) reads Parquet and JSON with parsers that bypass its byte
        # counter, and reports any declared size as a mismatch: the sha256 above still
        # pins each file, and only CSV, whose size frictionless checks, states it.
        del resource["bytes"]
    return resource


def _table_schema(name: str) -> dict[str, Any]:
    from iomdata._dtypes import TABLE_SCHEMA_TYPES
    from iomdata._specs import spec

    dataset = spec(name)
    fields = []
    for column in dataset.columns:
        field: dict[str, Any] = {
            "name": column.name,
            "type": TABLE_SCHEMA_TYPES[column.dtype],
            "description": column.meaning,
        }
        if column.values is not None:
            field["constraints"] = {"enum": list(column.values)}
        fields.append(field)
    return {
        "$schema": _SCHEMA_PROFILE,
        "fields": fields,
        "primaryKey": list(dataset.key),
        "missingValues": [""],
    }
