"""The records of the data manifest (``_data/manifest.json``), read on first data use.

Apart from :mod:`iomdata._models` so that ``import iomdata`` does not build them: attrs
spends about a millisecond on each record class it creates (docs/performance.md).
"""

from __future__ import annotations

import attrs

__all__ = ["Manifest", "ResourceEntry"]


@attrs.frozen(kw_only=True)
class ResourceEntry:
    """One bundled resource as the manifest records it."""

    #: Dataset name, e.g. ``"staff_by_nationality_grade"``.
    name: str
    #: File name under ``_data/``.
    path: str
    #: Hex sha256 of the file's bytes.
    sha256: str
    #: Size of the file in bytes.
    bytes: int
    #: Number of data rows (the header excluded).
    rows: int
    #: Column names in order.
    columns: tuple[str, ...]
    #: Ids of the source documents the rows come from.
    sources: tuple[str, ...]
    #: Editions (report years) present in the rows; empty if the dataset has none.
    editions: tuple[int, ...]


@attrs.frozen(kw_only=True)
class Manifest:
    """The manifest of the bundled data, written by the pipeline."""

    #: Version of the bundled data, independent of the package version.
    data_version: str
    #: Every bundled resource.
    resources: tuple[ResourceEntry, ...]

    def names(self) -> tuple[str, ...]:
        """The dataset names, sorted."""
        return tuple(sorted(entry.name for entry in self.resources))
