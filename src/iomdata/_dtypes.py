"""The column types of the bundled datasets, named without importing Polars.

The dataset specs (:mod:`iomdata._specs`) declare every column with one of these names
(spelled as Polars spells them, ``pl.String``), so that the typed records (key figures,
sources, errata, the staff summaries, the SDG survey) can be read with the standard
library's :mod:`csv` and never pay for importing Polars; :func:`polars_dtype` turns a
name into the Polars dtype when a frame is asked for. The tables below give each name
its type in the other formats the package writes or hands out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "ARROW_TYPES",
    "PANDAS_TYPES",
    "PYTHON_TYPES",
    "TABLE_SCHEMA_TYPES",
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

#: The Frictionless Table Schema field type of each dtype.
TABLE_SCHEMA_TYPES: Final[dict[str, str]] = {
    String: "string",
    Boolean: "boolean",
    Int16: "integer",
    Int64: "integer",
    Float64: "number",
}

#: pandas' nullable dtype of each dtype, as ``(pandas_type, dtype)``: the first as
#: pandas writes it into Parquet metadata, the second as ``pandas.api.types.pandas_dtype``
#: takes it. Their missing value is ``pd.NA`` whatever the column holds.
PANDAS_TYPES: Final[dict[str, tuple[str, str]]] = {
    String: ("unicode", "string"),
    Boolean: ("bool", "boolean"),
    Int16: ("int16", "Int16"),
    Int64: ("int64", "Int64"),
    Float64: ("float64", "Float64"),
}

#: The names of the ``pyarrow`` type factories Polars may hand out for each dtype.
ARROW_TYPES: Final[dict[str, tuple[str, ...]]] = {
    String: ("string", "large_string", "string_view"),
    Boolean: ("bool_",),
    Int16: ("int16",),
    Int64: ("int64",),
    Float64: ("float64",),
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
