"""The private cattrs converter that turns JSON and table rows into records.

A private converter (never cattrs' global one) so that iomdata's hooks cannot leak into,
or be changed by, another library in the same process. ``forbid_extra_keys`` makes a
column or key that a record does not know an error instead of silently dropping it.
"""

from __future__ import annotations

import functools
import threading
import typing
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import cattrs

__all__ = ["from_row", "structure", "unstructure"]

_T = TypeVar("_T")
_lock = threading.Lock()
_converter: cattrs.Converter | None = None


def _get_converter() -> cattrs.Converter:
    # cattrs is imported on first use only, to keep ``import iomdata`` light.
    global _converter  # noqa: PLW0603 - one lazily built converter per process
    with _lock:
        if _converter is None:
            import cattrs

            _converter = cattrs.Converter(forbid_extra_keys=True)
        return _converter


def structure(data: Any, cls: type[_T], *, what: str) -> _T:
    """Structure ``data`` into ``cls``, with a readable error naming ``what`` failed.

    Raises
    ------
    ValueError
        The data does not fit the record; the message lists every problem, one per
        line, as ``cattrs.transform_error`` words them.
    """
    import cattrs

    try:
        return _get_converter().structure(data, cls)
    except (cattrs.BaseValidationError, KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, cattrs.BaseValidationError):
            problems = "; ".join(cattrs.transform_error(exc, path=what))
        else:
            problems = f"{what}: {exc}"
        msg = f"{what} does not fit {cls.__name__}: {problems}"
        raise ValueError(msg) from exc


def from_row(row: Mapping[str, Any], cls: type[_T], *, what: str) -> _T:
    """A flat record from a typed row of a bundled table, without cattrs.

    The rows come from :meth:`iomdata._resources.ResourceStore.rows`, whose values
    already have their column's type (the resource's header and every field were
    checked against the dataset's schema), so the one thing left to check is that the
    row's columns are exactly the record's fields. Importing cattrs and generating its
    code would cost more than the rest of reading a key figure (docs/performance.md).

    Raises
    ------
    DataIntegrityError
        The row's columns are not the record's fields.
    """
    fields = _field_names(typing.cast("type", cls))
    if row.keys() != fields:
        from iomdata._errors import DataIntegrityError

        unknown, missing = sorted(row.keys() - fields), sorted(fields - row.keys())
        msg = f"{what} does not fit {cls.__name__}: unknown keys {unknown}, missing {missing}"
        raise DataIntegrityError(msg)
    return cls(**row)


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    import attrs

    return frozenset(field.name for field in attrs.fields(cls))


def unstructure(record: object) -> Any:
    """The record as plain Python data (dicts, lists, numbers, strings)."""
    return _get_converter().unstructure(record)
