"""The private cattrs converter that turns JSON and table rows into records.

A private converter (never cattrs' global one) so that iomdata's hooks cannot leak into,
or be changed by, another library in the same process. ``forbid_extra_keys`` makes a
column or key that a record does not know an error instead of silently dropping it.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import cattrs

__all__ = ["structure", "unstructure"]

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


def unstructure(record: object) -> Any:
    """The record as plain Python data (dicts, lists, numbers, strings)."""
    return _get_converter().unstructure(record)
