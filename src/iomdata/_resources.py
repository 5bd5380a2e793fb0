"""The only module that touches the bundled files.

Resources are read through :mod:`importlib.resources`, one path segment at a time, so the
package works from a zipped wheel. Each resource is checked against the manifest (sha256,
size, header, row count) the first time it is read; a mismatch raises
:class:`~iomdata.DataIntegrityError` naming the resource. Frames are cached once proven,
and every caller receives its own clone.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import io
import json
import threading
from typing import TYPE_CHECKING

from iomdata._convert import structure
from iomdata._errors import DataIntegrityError, UnknownDatasetError
from iomdata._models import Manifest, ResourceEntry

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import polars as pl

__all__ = ["MANIFEST_NAME", "ResourceStore", "default_store"]

MANIFEST_NAME = "manifest.json"


class ResourceStore:
    """The bundled resources under one root, verified on first read.

    Parameters
    ----------
    root
        The directory holding ``manifest.json`` and the resources: the package's
        ``_data`` folder, or (in tests) a copy of it.
    """

    def __init__(self, root: Traversable) -> None:
        self._root = root
        self._lock = threading.RLock()
        self._manifest: Manifest | None = None
        self._frames: dict[str, pl.DataFrame] = {}

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
        node = self._root / entry.path
        try:
            data = node.read_bytes()
        except OSError as exc:
            msg = f"bundled resource {entry.path!r} listed in the manifest cannot be read ({exc})"
            raise DataIntegrityError(msg) from exc
        digest = hashlib.sha256(data).hexdigest()
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

    def _read_frame(self, name: str) -> pl.DataFrame:
        import polars as pl

        from iomdata._schemas import SCHEMAS

        entry = self.entry(name)
        schema = SCHEMAS.get(name)
        if schema is None:
            msg = f"bundled resource {entry.path!r} has no schema in this version of iomdata"
            raise DataIntegrityError(msg)
        data = self.read_bytes(name)
        header = data.split(b"\n", 1)[0].decode("utf-8").split(",")
        if header != list(schema.names()) or list(entry.columns) != list(schema.names()):
            msg = (
                f"bundled resource {entry.path!r} has columns {header}, "
                f"expected {list(schema.names())}"
            )
            raise DataIntegrityError(msg)
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
        node = self._root / MANIFEST_NAME
        try:
            raw = json.loads(node.read_bytes())
        except (OSError, ValueError) as exc:
            msg = f"the data manifest {MANIFEST_NAME!r} cannot be read: {exc}"
            raise DataIntegrityError(msg) from exc
        try:
            return structure(raw, Manifest, what=MANIFEST_NAME)
        except ValueError as exc:
            raise DataIntegrityError(str(exc)) from exc


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
            _default = ResourceStore(importlib.resources.files("iomdata") / "_data")
        return _default
