"""The column types of the bundled datasets, named without importing Polars.

:mod:`iomdata._schemas` declares every dataset's columns with these names (spelled as
Polars spells them, ``pl.String``), so that the typed records (key figures, sources,
errata, the staff summaries, the SDG survey) can be read with the standard library's
:mod:`csv` and never pay for importing Polars; :func:`polars_dtype` turns a name into
the Polars dtype when a frame is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "PYTHON_TYPES",
    "Boolean",
    "Float64",
    "Int16",
    "Int64",
    "Schema",
    "String",
    "polars_dtype",
]

String: Final = "String"
Boolean: Final = "Boolean"
Int16: Final = "Int16"
Int64: Final = "Int64"
Float64: Final = "Float64"

#: The Python type of a value of each dtype (what :mod:`csv` text is converted to).
PYTHON_TYPES: Final[dict[str, type]] = {
    String: str,
    Boolean: bool,
    Int16: int,
    Int64: int,
    Float64: float,
}


class Schema(dict[str, str]):
    """Column name -> dtype name, in column order (the shape of ``polars.Schema``)."""

    def names(self) -> list[str]:
        """The column names in order."""
        return list(self)


def polars_dtype(name: str) -> pl.DataType:
    """The Polars dtype of a dtype name.

    Examples
    --------
    >>> polars_dtype("Int16")
    Int16
    """
    import polars as pl

    dtype: pl.DataType = getattr(pl, name)()
    return dtype
