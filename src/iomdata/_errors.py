"""The exceptions iomdata raises.

Every error derives from :class:`IomdataError` and from the built-in exception a caller
would naturally catch (``LookupError`` for a name or edition that does not exist,
``ValueError`` for bundled data that fails its integrity check).
"""

from __future__ import annotations

__all__ = [
    "DataIntegrityError",
    "IomdataError",
    "UnknownDatasetError",
    "UnknownEditionError",
    "UnknownIndicatorError",
    "UnknownKeyFigureError",
]


class IomdataError(Exception):
    """Base class of every error raised by iomdata."""


class UnknownEditionError(IomdataError, LookupError):
    """An edition (report year) that the requested data does not have."""


class UnknownDatasetError(IomdataError, LookupError):
    """A dataset name that is not bundled."""


class UnknownIndicatorError(IomdataError, LookupError):
    """An indicator id that is not in the catalogue of comparable indicators."""


class UnknownKeyFigureError(IomdataError, KeyError):
    """A key-figure id that is not in the collection (a ``KeyError``, as ``figures["id"]``)."""

    def __str__(self) -> str:
        # KeyError quotes its message (it expects a key); this one is a sentence.
        return str(self.args[0]) if self.args else ""


class DataIntegrityError(IomdataError, ValueError):
    """Bundled data that does not match its manifest (hash, rows or columns)."""
