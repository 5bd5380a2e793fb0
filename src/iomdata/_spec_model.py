"""The shape of a dataset's contract: :class:`DatasetSpec` and its :class:`ColumnSpec`.

A spec is plain data (no Polars): the record path reads CSV rows typed by its dtype
names, and everything else about a dataset is derived from it (see :mod:`iomdata._specs`).
This module also holds the column meanings several families of datasets share.
"""

from __future__ import annotations

from typing import Final

import attrs

from iomdata import _dtypes

__all__ = [
    "EDITION",
    "LOCATOR",
    "SOURCE",
    "ColumnSpec",
    "DatasetSpec",
    "SpecError",
    "column",
]


class SpecError(ValueError):
    """A dataset spec contradicts itself (a key or country column it does not have, ...)."""


@attrs.frozen
class ColumnSpec:
    """One column of a dataset: its type, whether it may be empty, meaning, unit, values.

    Name, dtype and meaning are given by position, the rest by keyword; the specs
    declare their columns as :data:`column` ``(name, dtype, meaning, ...)``.

    Examples
    --------
    >>> column("year", "Int16", "Year of the document.", unit="year").nullable
    False
    """

    #: Column name, e.g. ``"count"``.
    name: str
    #: Dtype name of :mod:`iomdata._dtypes` (``"Int64"``, ``"String"``, ...).
    dtype: str
    #: What the column holds, in our words.
    meaning: str
    #: Whether the column may be empty (null) in some rows.
    nullable: bool = attrs.field(default=False, kw_only=True)
    #: Unit of a quantity column (``"people"``, ``"year"``, ...); ``None`` for labels.
    unit: str | None = attrs.field(default=None, kw_only=True)
    #: The closed list of values the column may hold (the build refuses any other);
    #: ``None`` where it is open.
    vocabulary: tuple[str, ...] | None = attrs.field(default=None, kw_only=True)
    #: Whether :func:`iomdata.describe`, the docs and the export's Table Schema list the
    #: vocabulary. The key figures' units and topics are checked by the build but not
    #: listed: they grow with the curated files, and listing them would change the
    #: export's contract.
    vocabulary_published: bool = attrs.field(default=True, kw_only=True)

    @property
    def values(self) -> tuple[str, ...] | None:
        """The vocabulary as published: ``None`` where it is open or not listed."""
        return self.vocabulary if self.vocabulary_published else None


@attrs.frozen(kw_only=True)
class DatasetSpec:
    """The contract of one bundled dataset: what a row is and what each column holds."""

    #: Dataset name, as :func:`iomdata.load` takes it.
    name: str
    #: Short title, in our words.
    title: str
    #: One paragraph on what a row is, in our words.
    description: str
    #: Where in the source documents the rows come from, in our words.
    origin: str
    #: The columns that identify a row.
    key: tuple[str, ...]
    #: Every column, in file order.
    columns: tuple[ColumnSpec, ...]
    #: ``(printed, canonical, code)``: the column of a country's name as printed and the
    #: two columns the build fills from ``country_names`` (canonical name, ISO3 code).
    country_columns: tuple[str, str, str] | None = None

    def __attrs_post_init__(self) -> None:
        names = [column.name for column in self.columns]
        problems = [f"column {n!r} twice" for n in sorted(set(names)) if names.count(n) > 1]
        problems += [
            f"{column.name}: unknown dtype {column.dtype!r}"
            for column in self.columns
            if column.dtype not in _dtypes.PYTHON_TYPES
        ]
        problems += [f"{c.name}: no meaning" for c in self.columns if not c.meaning.strip()]
        problems += [f"{c.name}: empty vocabulary" for c in self.columns if c.vocabulary == ()]
        problems += [f"key column {n!r} is not a column" for n in self.key if n not in names]
        problems += [
            f"key column {c.name!r} may be empty"
            for c in self.columns
            if c.nullable and c.name in self.key
        ]
        problems += [
            f"country column {n!r} is not a column"
            for n in self.country_columns or ()
            if n not in names
        ]
        if not (self.title.strip() and self.description.strip() and self.origin.strip()):
            problems.append("no title, description or origin")
        if problems:
            msg = f"spec of {self.name}: {'; '.join(problems)}"
            raise SpecError(msg)

    @property
    def names(self) -> tuple[str, ...]:
        """The column names in order."""
        return tuple(column.name for column in self.columns)

    @property
    def dtypes(self) -> dict[str, str]:
        """Column name -> dtype name, in order."""
        return {column.name: column.dtype for column in self.columns}

    @property
    def nullable(self) -> frozenset[str]:
        """The columns that may be empty; every other column holds a value in every row."""
        return frozenset(column.name for column in self.columns if column.nullable)

    def column(self, name: str) -> ColumnSpec:
        """The spec of column ``name``.

        Raises
        ------
        KeyError
            The dataset has no such column; the message lists its columns.

        Examples
        --------
        >>> from iomdata._specs import SPECS
        >>> SPECS["staff_by_category"].column("count").unit
        'people'
        """
        for column in self.columns:
            if column.name == name:
                return column
        msg = f"dataset {self.name} has no column {name!r}; columns: {', '.join(self.names)}"
        raise KeyError(msg)


#: The specs' name for :class:`ColumnSpec`.
column: Final = ColumnSpec


# Columns whose meaning is the same in several families of datasets.
EDITION: Final = column(
    "edition",
    _dtypes.Int16,
    "Year of the annual report the row comes from (2020: the Annual Report for 2020).",
    unit="year",
)
SOURCE: Final = column(
    "source", _dtypes.String, "Id of the source document (see the sources dataset)."
)
LOCATOR: Final = column(
    "locator",
    _dtypes.String,
    "Where in the source the number is printed: an annex (with its table, or the page "
    "where the text marks one), a numbered paragraph, a box, a section heading or a "
    "question of a questionnaire; the narrative carries no page numbers.",
)
