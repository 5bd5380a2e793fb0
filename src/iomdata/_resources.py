"""The only module that touches the bundled files.

Resources are read from the package's ``_data`` folder with :mod:`os` when the package is
installed as plain files, and through :mod:`importlib.resources`, one path segment at a
time, when it is not (a zipped wheel): importing :mod:`importlib.resources` (pathlib,
zipfile, tempfile, ...) costs more than the rest of a first record read. Each resource is
checked against the manifest (sha256, size, header, row count) the first time it is read;
a mismatch raises :class:`~iomdata.DataIntegrityError` naming the resource. Frames are
cached once proven, and every caller receives its own clone.

Two ways to read a resource: :meth:`ResourceStore.frame` (a Polars frame) and
:meth:`ResourceStore.rows` (typed Python rows, read with :mod:`csv`: the typed records
are built from these, so that they never import Polars).
"""

from __future__ import annotations

# json, the sha256 and (in a zipped install only) importlib.resources, which brings
# pathlib, tempfile, zipfile, ..., are imported where first used: at import time they
# would cost ~30 ms, more than half of attrs itself, and `import iomdata` is budgeted at
# 1.2x `import attrs` (docs/performance.md).
import functools
import io
import itertools
import os
import re
import threading
import typing
from typing import TYPE_CHECKING, Any, Final

import attrs

from iomdata._errors import DataIntegrityError, UnknownDatasetError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.resources.abc import Traversable

    import polars as pl

    from iomdata._manifest import Manifest, ResourceEntry

__all__ = ["MANIFEST_NAME", "ResourceStore", "default_store", "package_data"]

MANIFEST_NAME = "manifest.json"


class ResourceStore:
    """The bundled resources under one root, verified on first read.

    Parameters
    ----------
    root
        The directory holding ``manifest.json`` and the resources: the package's
        ``_data`` folder, or (in tests) a copy of it. A path (``str`` or
        :class:`os.PathLike`) is read with :mod:`os`; any other
        :class:`~importlib.resources.abc.Traversable` (a folder inside a zipped wheel)
        through its own ``open``.
    """

    def __init__(self, root: Traversable | str | os.PathLike[str]) -> None:
        self._root = root
        # A folder on disk as a str path; a Traversable that is no such folder as it is.
        self._where = os.fspath(root) if isinstance(root, str | os.PathLike) else root
        self._lock = threading.RLock()
        self._manifest: Manifest | None = None
        self._frames: dict[str, pl.DataFrame] = {}
        self._rows: dict[str, tuple[dict[str, Any], ...]] = {}
        self._edition_frames: dict[tuple[str, int], pl.DataFrame] = {}

    def __repr__(self) -> str:
        return f"ResourceStore({str(self._root)!r})"

    @property
    def manifest(self) -> Manifest:
        """The parsed manifest (read once)."""
        with self._lock:
            if self._manifest is None:
                self._manifest = self._read_manifest()
            return self._manifest

    def entry(self, name: str) -> ResourceEntry:
        """The manifest entry of dataset ``name``.

        Raises
        ------
        UnknownDatasetError
            No such dataset; the message lists the datasets there are.
        """
        for entry in self.manifest.resources:
            if entry.name == name:
                return entry
        raise UnknownDatasetError(_unknown_dataset_message(name, self.manifest.names()))

    def read_bytes(self, name: str) -> bytes:
        """The verified bytes of dataset ``name``'s resource."""
        entry = self.entry(name)
        try:
            data = self._read(entry.path, entry.bytes)
        except OSError as exc:
            msg = f"bundled resource {entry.path!r} listed in the manifest cannot be read ({exc})"
            raise DataIntegrityError(msg) from exc
        except _NotARegularFileError as exc:
            msg = f"bundled resource {entry.path!r} fails its integrity check: it {exc}"
            raise DataIntegrityError(msg) from exc
        digest = _sha256(data)
        if digest != entry.sha256 or len(data) != entry.bytes:
            msg = (
                f"bundled resource {entry.path!r} fails its integrity check: the manifest "
                f"records sha256 {entry.sha256} ({entry.bytes} bytes), the file has sha256 "
                f"{digest} ({len(data)} bytes)"
            )
            raise DataIntegrityError(msg)
        return data

    def frame(self, name: str) -> pl.DataFrame:
        """Dataset ``name`` as a fresh DataFrame (a clone of the cached, verified frame)."""
        with self._lock:
            cached = self._frames.get(name)
            if cached is None:
                cached = self._read_frame(name)
                self._frames[name] = cached
        return cached.clone()

    def edition_frame(self, name: str, edition: int) -> pl.DataFrame:
        """The rows of dataset ``name`` for one edition, as a fresh DataFrame.

        Filtering costs far more than cloning (~250 us against ~1 us), so each edition's
        rows are filtered once and cached like the full frames: a repeated
        ``staff(2020).nationality_grade()`` stays under its 50 us budget.
        """
        import polars as pl

        key = (name, edition)
        with self._lock:
            cached = self._edition_frames.get(key)
            if cached is None:
                cached = self.frame(name).filter(pl.col("edition") == edition)
                self._edition_frames[key] = cached
        return cached.clone()

    def rows(self, name: str) -> tuple[dict[str, Any], ...]:
        """Dataset ``name`` as typed rows (one dict per row), read without Polars.

        Values have the Python type of their column's dtype (``int``, ``float``, ``bool``,
        ``str``); an empty field of a nullable column is ``None``. The rows are cached;
        each call returns new dicts, so a caller cannot change another's rows.
        """
        with self._lock:
            cached = self._rows.get(name)
            if cached is None:
                cached = self.read_rows(name)
                self._rows[name] = cached
        return tuple(map(dict, cached))

    def read_rows(self, name: str) -> tuple[dict[str, Any], ...]:
        """Dataset ``name`` as typed rows, as :meth:`rows` gives them, read afresh.

        Neither cached nor copied: for a caller that reads each dataset once
        (``verify``), copying every row cost a tenth of the reading.
        """
        return self._read_rows(name)

    def _verified_text(self, name: str) -> tuple[bytes, list[str]]:
        """The verified bytes and the column names, checked against the schema."""
        from iomdata._schemas import COLUMNS

        entry = self.entry(name)
        columns = COLUMNS.get(name)
        if columns is None:
            msg = f"bundled resource {entry.path!r} has no schema in this version of iomdata"
            raise DataIntegrityError(msg)
        data = self.read_bytes(name)
        header = data.split(b"\n", 1)[0].decode("utf-8").split(",")
        if header != columns.names() or list(entry.columns) != columns.names():
            msg = (
                f"bundled resource {entry.path!r} has columns {header}, expected {columns.names()}"
            )
            raise DataIntegrityError(msg)
        return data, header

    def _read_rows(self, name: str) -> tuple[dict[str, Any], ...]:
        from iomdata._schemas import COLUMNS, NULLABLE

        entry = self.entry(name)
        data, header = self._verified_text(name)
        text = data.decode("utf-8")
        dtypes = list(COLUMNS[name].values())
        nullable = [column in NULLABLE.get(name, frozenset()) for column in header]
        width = len(header)
        fields = _fields(text, width)
        values = None
        if fields is not None and len(fields) == entry.rows * width:
            values = [
                _column(fields[index::width], dtype, may_be_empty)
                for index, (dtype, may_be_empty) in enumerate(zip(dtypes, nullable, strict=True))
            ]
        if values is None or None in values:
            # Something is wrong: the field by field reading finds where, and says so.
            return _rows_one_by_one(entry, header, text, dtypes, nullable)
        return tuple(map(dict, map(zip, itertools.repeat(header), zip(*values, strict=True))))

    def _read_frame(self, name: str) -> pl.DataFrame:
        import polars as pl

        from iomdata._schemas import SCHEMAS

        entry = self.entry(name)
        data, _ = self._verified_text(name)
        schema = SCHEMAS[name]
        try:
            frame = pl.read_csv(io.BytesIO(data), schema=schema)
        except pl.exceptions.PolarsError as exc:
            msg = f"bundled resource {entry.path!r} cannot be parsed: {exc}"
            raise DataIntegrityError(msg) from exc
        if frame.height != entry.rows:
            msg = (
                f"bundled resource {entry.path!r} has {frame.height} rows, "
                f"the manifest records {entry.rows}"
            )
            raise DataIntegrityError(msg)
        return frame

    def _read_manifest(self) -> Manifest:
        import json

        from iomdata._manifest import Manifest

        try:
            raw = json.loads(self._read(MANIFEST_NAME, None))
        except (OSError, ValueError, _NotARegularFileError) as exc:
            msg = f"the data manifest {MANIFEST_NAME!r} cannot be read: {exc}"
            raise DataIntegrityError(msg) from exc
        manifest: Manifest = _record(raw, Manifest, MANIFEST_NAME)
        _check_entries(manifest)
        return manifest

    def _read(self, name: str, size: int | None) -> bytes:
        """The bytes of file ``name`` in the root, if it is a regular file (see below)."""
        if isinstance(self._where, str):
            # os.path rather than pathlib: see package_data().
            return _read_regular_file(os.path.join(self._where, name), size)  # noqa: PTH118
        with (self._where / name).open("rb") as file:
            # A member of a zipped install is always a regular file; the read stops one
            # byte past the size recorded, so a wrong size shows without reading it all.
            return file.read((_MAX_MANIFEST_BYTES if size is None else size) + 1)


#: The largest manifest read (the real one is a few kilobytes).
_MAX_MANIFEST_BYTES = 16 * 1024 * 1024


class _NotARegularFileError(Exception):
    """A bundled path that is not a regular file of the recorded size."""


def _read_regular_file(path: str, size: int | None) -> bytes:
    """The bytes of the file at ``path``, if a regular file of ``size`` bytes (any, if None).

    Checked before reading, on the open file itself: a FIFO would block the read
    forever and a link to ``/dev/zero`` would fill the memory.
    """
    import stat

    limit = _MAX_MANIFEST_BYTES if size is None else size
    # O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            msg = f"is not a regular file (mode {stat.filemode(status.st_mode)})"
            raise _NotARegularFileError(msg)
        if status.st_size > limit or (size is not None and status.st_size != size):
            expected = f"{size} bytes" if size is not None else f"at most {limit} bytes"
            msg = f"has {status.st_size} bytes, the manifest records {expected}"
            raise _NotARegularFileError(msg)
        return file.read(limit + 1)


#: The size from which a resource is hashed by OpenSSL even before it is loaded.
_OPENSSL_FROM: Final = 512 * 1024


def _sha256(data: bytes) -> str:
    """The sha256 of ``data``, in hex.

    OpenSSL's sha256 (:mod:`hashlib`) is about five times faster, but loading it
    (libcrypto) costs ~3 ms and ~3.5 MiB, a quarter of the memory of a process that
    reads a few records. Polars loads it anyway. Until something has, the interpreter's
    own implementation hashes the smaller resources (the same digest); from
    :data:`_OPENSSL_FROM` bytes, the time OpenSSL saves on one resource pays for its load.
    """
    import sys

    if "_hashlib" not in sys.modules and len(data) < _OPENSSL_FROM:
        import importlib

        # _sha2 from Python 3.12, _sha256 before; a build may leave both out.
        for module in ("_sha2", "_sha256"):
            try:
                builtin: Any = importlib.import_module(module).sha256
            except (ImportError, AttributeError):
                continue
            digest: str = builtin(data).hexdigest()
            return digest
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _check_entries(manifest: Manifest) -> None:
    """Each dataset and file listed once, each path one file name inside ``_data/``."""
    names: set[str] = set()
    paths: set[str] = set()
    for entry in manifest.resources:
        path = entry.path
        plain = (
            path not in {"", ".", "..", MANIFEST_NAME}
            and not any(char in path for char in "/\\:\0")
            and path.strip() == path
        )
        if not plain:
            msg = (
                f"the data manifest {MANIFEST_NAME!r} lists dataset {entry.name!r} with path "
                f"{path!r}, which is not a file name inside _data/"
            )
            raise DataIntegrityError(msg)
        if entry.name in names or path in paths:
            what = f"dataset {entry.name!r}" if entry.name in names else f"path {path!r}"
            msg = f"the data manifest {MANIFEST_NAME!r} lists {what} twice"
            raise DataIntegrityError(msg)
        names.add(entry.name)
        paths.add(path)


def _record(raw: object, cls: Any, where: str) -> Any:
    """``raw`` (parsed JSON) as an instance of attrs class ``cls``, every key and type checked.

    The manifest is checked here rather than by the cattrs converter that structures the
    other records: it is read on the first use of any dataset, where importing cattrs and
    generating its code cost ~10 ms, half the first call's budget (docs/performance.md).
    As with the converter's ``forbid_extra_keys``, an unknown or missing key is an error.
    Field types: ``str``, ``int``, ``tuple[X, ...]`` and nested attrs records, which is
    all the manifest uses; a new kind of field needs a branch in :func:`_value`.
    """
    if not isinstance(raw, dict):
        msg = f"{where} must be a JSON object, not {type(raw).__name__}"
        raise DataIntegrityError(msg)
    shapes = _field_shapes(cls)
    unknown, missing = sorted(set(raw) - set(shapes)), sorted(set(shapes) - set(raw))
    if unknown or missing:
        msg = f"{where} does not fit {cls.__name__}: unknown keys {unknown}, missing {missing}"
        raise DataIntegrityError(msg)
    fields = {}
    for name, (kind, item) in shapes.items():
        value = raw[name]
        if item is None:
            fields[name] = _value(value, kind, where, name)
        elif type(value) is list:
            fields[name] = tuple(
                _value(element, item, where, f"{name}[{index}]")
                for index, element in enumerate(value)
            )
        else:
            msg = f"{where}: {name} must be a JSON array, not {value!r}"
            raise DataIntegrityError(msg)
    return cls(**fields)


@functools.cache
def _field_shapes(cls: Any) -> dict[str, tuple[Any, Any]]:
    """Each field's (type, None), or (tuple, item type) for ``tuple[item, ...]``.

    Resolved once per class: evaluating the annotations, and asking ``typing`` for each
    value, took a millisecond of the first call (docs/performance.md).
    """
    hints = typing.get_type_hints(cls)
    shapes = {}
    for field in attrs.fields(cls):
        hint = hints[field.name]
        is_tuple = typing.get_origin(hint) is tuple
        shapes[field.name] = (tuple, typing.get_args(hint)[0]) if is_tuple else (hint, None)
    return shapes


def _value(raw: object, kind: Any, where: str, name: str) -> object:
    # The exact type, as JSON gives it: a JSON true is a Python int too, but never a size.
    if type(raw) is kind:
        return raw
    if type(raw) is dict and attrs.has(kind):
        return _record(raw, kind, f"{where}: {name}")
    msg = f"{where}: {name} must be {getattr(kind, '__name__', kind)}, not {raw!r}"
    raise DataIntegrityError(msg)


#: The range of each integer dtype (Polars refuses a value outside it).
_INTEGER_RANGES: Final = {"Int16": (-(2**15), 2**15 - 1), "Int64": (-(2**63), 2**63 - 1)}
#: A column of integers as the resources write them, joined by commas: plain digits only
#: (``int()`` also takes "1_000" and " 7"). A pattern, compiled (and cached by re) on
#: first use rather than at ``import iomdata``.
_INTEGERS: Final = r"-?[0-9]+(?:,-?[0-9]+)*"


def _fields(text: str, width: int) -> list[str] | None:
    """Every field of the data rows of CSV ``text``, row after row, if each has ``width``.

    None if a row has another number of fields. One flat list rather than a list per row: the lists of tens of thousands of rows,
    alive together, made the garbage collector's passes a fifth of the reading.
    """
    lines = text.split("\n")[1:]
    if lines and lines[-1] == "":
        lines.pop()
    if '"' not in text and "\r" not in text and "" not in lines:
        # Nothing quoted, one row per line: the fields are what csv gives.
        if not set(map(str.count, lines, itertools.repeat(","))) <= {width - 1}:
            return None
        return ",".join(lines).split(",") if lines else []
    import csv

    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    fields: list[str] = []
    for row in reader:
        if len(row) != width:
            return None
        fields.extend(row)
    return fields


def _column(texts: list[str], dtype: str, may_be_empty: bool) -> Sequence[Any] | None:
    """The values of one column's fields, or None if a field does not fit ``dtype``.

    One column at a time, so that the loops run in C: reading every field through a
    Python call cost more than the rest of the first record read (docs/performance.md).
    The rows are the same as :func:`_rows_one_by_one` gives (it finds the faulty field).
    """
    from iomdata._dtypes import PYTHON_TYPES

    empty = may_be_empty and "" in texts
    present = [text for text in texts if text != ""] if empty else texts
    kind = PYTHON_TYPES[dtype]
    if kind is str:
        converted: Sequence[Any] = present
    elif kind is bool:
        if not set(present) <= {"true", "false"}:
            return None
        converted = tuple(text == "true" for text in present)
    elif kind is int:
        if present and not re.fullmatch(_INTEGERS, ",".join(present)):
            return None
        converted = tuple(map(int, present))
        low, high = _INTEGER_RANGES.get(dtype, (None, None))
        if converted and low is not None and not low <= min(converted) <= max(converted) <= high:
            return None
    else:
        try:
            converted = tuple(map(kind, present))
        except ValueError:
            return None
    if not empty:
        return converted
    found = iter(converted)
    return tuple(None if text == "" else next(found) for text in texts)


def _rows_one_by_one(
    entry: ResourceEntry,
    header: list[str],
    csv_text: str,
    dtypes: list[str],
    nullable: list[bool],
) -> tuple[dict[str, Any], ...]:
    """The rows of ``csv_text``, field by field; the first that does not fit raises.

    The reference for :func:`_fields` and :func:`_column`, which give the same rows
    faster, and where their checks fail: it names the line and column at fault.
    """
    import csv

    from iomdata._dtypes import PYTHON_TYPES

    records = list(csv.reader(io.StringIO(csv_text, newline="")))[1:]

    convert = [
        (column, _converter(PYTHON_TYPES[dtype], dtype), may_be_empty)
        for column, dtype, may_be_empty in zip(header, dtypes, nullable, strict=True)
    ]
    out = []
    for number, fields in enumerate(records, start=2):
        if len(fields) != len(header):
            msg = f"bundled resource {entry.path!r}, line {number}: {len(fields)} fields"
            raise DataIntegrityError(msg)
        row: dict[str, Any] = {}
        for (column, to_value, may_be_empty), text in zip(convert, fields, strict=True):
            if text == "" and may_be_empty:
                row[column] = None
                continue
            try:
                row[column] = to_value(text)
            except ValueError as exc:
                msg = f"bundled resource {entry.path!r}, line {number}, {column}: {exc}"
                raise DataIntegrityError(msg) from exc
        out.append(row)
    if len(out) != entry.rows:
        msg = (
            f"bundled resource {entry.path!r} has {len(out)} rows, "
            f"the manifest records {entry.rows}"
        )
        raise DataIntegrityError(msg)
    return tuple(out)


def _converter(kind: type, dtype: str) -> Any:
    """Text of a CSV field -> value of ``kind``, as Polars writes them."""
    if kind is bool:
        return _boolean
    if kind is int:
        return functools.partial(_integer, limits=_INTEGER_RANGES.get(dtype))
    return kind


def _boolean(text: str) -> bool:
    if text not in ("true", "false"):
        msg = f"not a boolean: {text!r}"
        raise ValueError(msg)
    return text == "true"


def _integer(text: str, *, limits: tuple[int, int] | None = None) -> int:
    # int() also takes "1_000" and " 7"; a resource holds plain digits only.
    if not text.lstrip("-").isdigit() or not text.isascii():
        msg = f"not an integer: {text!r}"
        raise ValueError(msg)
    value = int(text)
    if limits is not None and not limits[0] <= value <= limits[1]:
        msg = f"{text} is out of range ({limits[0]} to {limits[1]})"
        raise ValueError(msg)
    return value


def _unknown_dataset_message(name: str, names: tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(name, names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"no dataset named {name!r}{hint}; datasets: {', '.join(names)}"


_default_lock = threading.Lock()
_default: ResourceStore | None = None


def default_store() -> ResourceStore:
    """The store over the installed package's ``_data`` folder."""
    global _default  # noqa: PLW0603 - one lazily built store per process
    with _default_lock:
        if _default is None:
            _default = ResourceStore(package_data())
        return _default


def package_data() -> Traversable | str:
    """The package's ``_data`` folder: its path when the package is installed as files.

    In a zipped install the folder is no directory on disk: it is then reached through
    :mod:`importlib.resources`, which the plain install does not need to import.
    """
    # os.path, not pathlib: the module object alone costs ~1 ms (and urllib.parse with it)
    # on the record path, which imports nothing else from it (docs/performance.md).
    package = os.path.dirname(os.path.abspath(__file__))  # noqa: PTH100, PTH120
    folder = os.path.join(package, "_data")  # noqa: PTH118
    if os.path.isdir(folder):  # noqa: PTH112
        return folder
    import importlib.resources

    return importlib.resources.files("iomdata") / "_data"
