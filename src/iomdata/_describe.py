"""The data dictionary of one dataset as a record: ``iomdata.describe(name)``.

Everything here is assembled from two places, never worded a second time: the dataset's
spec (``_specs``: title, description, origin, key, and per column its type, whether it
may be empty, meaning, unit and allowed values) and the manifest (rows, sources,
editions, sha256). The documentation's dataset pages and ``iomdata describe NAME``
render the same record.
"""

from __future__ import annotations

import html
import textwrap
from typing import Final

import attrs

__all__ = ["ColumnDescription", "DatasetDescription", "describe"]

_WIDTH: Final = 88


@attrs.frozen(kw_only=True)
class ColumnDescription:
    """One column of a dataset: its type, whether it may be empty, meaning, unit, values."""

    #: Column name, e.g. ``"count"``.
    name: str
    #: Polars data type, e.g. ``"Int64"``, ``"String"``.
    dtype: str
    #: Whether the column may be empty (null) in some rows.
    nullable: bool
    #: What the column holds, in our words.
    meaning: str
    #: Unit of a quantity column (``"people"``, ``"year"``, ...); ``None`` for labels.
    unit: str | None
    #: The closed list of values the column may hold; ``None`` where it is open.
    values: tuple[str, ...] | None

    def __str__(self) -> str:
        facts = [self.dtype]
        if self.nullable:
            facts.append("may be empty")
        if self.unit:
            facts.append(f"unit: {self.unit}")
        if self.values:
            facts.append(f"one of {', '.join(self.values)}")
        head = textwrap.fill(f"{self.name}: {'; '.join(facts)}", _WIDTH, subsequent_indent="  ")
        body = textwrap.fill(self.meaning, _WIDTH, initial_indent="    ", subsequent_indent="    ")
        return f"{head}\n{body}"


@attrs.frozen(kw_only=True)
class DatasetDescription:
    """The data dictionary of one bundled dataset.

    ``str()`` gives a plain-text page (what ``iomdata describe NAME`` prints); in a
    notebook the record renders as an HTML table of its columns.
    """

    #: Dataset name, as :func:`iomdata.load` takes it.
    name: str
    #: Short title, in our words.
    title: str
    #: One paragraph on what a row is, in our words.
    description: str
    #: Where in the source documents the rows come from.
    origin: str
    #: The columns that identify a row.
    key: tuple[str, ...]
    #: Every column, in order.
    columns: tuple[ColumnDescription, ...]
    #: Ids of the source documents the rows come from (see :func:`iomdata.sources`).
    sources: tuple[str, ...]
    #: Number of rows.
    rows: int
    #: Rows per edition, ``(edition, rows)`` in order; empty for datasets without editions.
    rows_by_edition: tuple[tuple[int, int], ...]
    #: Rows per ``cell_status``, ``(status, rows)``; empty for datasets without that column.
    cell_status: tuple[tuple[str, int], ...]
    #: The bundled file under ``iomdata/_data/``.
    path: str
    #: Hex sha256 of the bundled file, checked on first load.
    sha256: str
    #: Version of the bundled data (:func:`iomdata.data_version`).
    data_version: str

    def column(self, name: str) -> ColumnDescription:
        """The description of column ``name``.

        Raises
        ------
        KeyError
            The dataset has no such column; the message lists its columns.

        Examples
        --------
        >>> import iomdata
        >>> iomdata.describe("staff_by_category").column("count").unit
        'people'
        """
        for column in self.columns:
            if column.name == name:
                return column
        listed = ", ".join(column.name for column in self.columns)
        msg = f"dataset {self.name} has no column {name!r}; columns: {listed}"
        raise KeyError(msg)

    def _facts(self) -> list[tuple[str, str]]:
        rows = f"{self.rows:,}"
        if self.rows_by_edition:
            parts = ", ".join(f"{edition}: {n:,}" for edition, n in self.rows_by_edition)
            rows += f" (by edition: {parts})"
        facts = [
            ("from", self.origin),
            ("key", ", ".join(self.key) or "none declared"),
            ("rows", rows),
            ("sources", ", ".join(self.sources) or "none (reference table)"),
        ]
        if self.cell_status:
            counts = ", ".join(f"{status} {n:,}" for status, n in self.cell_status)
            facts.append(("cell_status", counts))
        facts.append(("file", self.path))
        facts.append(("sha256", self.sha256))
        facts.append(("data", f"version {self.data_version}"))
        return facts

    def __str__(self) -> str:
        lines = [f"{self.name}: {self.title}", ""]
        lines.append(textwrap.fill(self.description, _WIDTH))
        lines.append("")
        width = max(len(label) for label, _ in self._facts())
        for label, text in self._facts():
            lines.append(
                textwrap.fill(
                    text,
                    _WIDTH,
                    initial_indent=f"{label + ':':<{width + 2}}",
                    subsequent_indent=" " * (width + 2),
                )
            )
        lines += ["", f"columns ({len(self.columns)}):"]
        lines += [textwrap.indent(str(column), "  ") for column in self.columns]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        facts = "".join(
            f"<tr><th style='text-align:left'>{esc(label)}</th><td style='text-align:left'>"
            f"{esc(text)}</td></tr>"
            for label, text in self._facts()
        )
        header = "".join(
            f"<th style='text-align:left'>{name}</th>"
            for name in ("column", "type", "may be empty", "unit", "values", "meaning")
        )
        body = "".join(
            "<tr>"
            f"<td style='text-align:left'><code>{esc(column.name)}</code></td>"
            f"<td style='text-align:left'>{esc(column.dtype)}</td>"
            f"<td style='text-align:left'>{'yes' if column.nullable else ''}</td>"
            f"<td style='text-align:left'>{esc(column.unit or '')}</td>"
            f"<td style='text-align:left'>{esc(', '.join(column.values or ()))}</td>"
            f"<td style='text-align:left'>{esc(column.meaning)}</td>"
            "</tr>"
            for column in self.columns
        )
        return (
            f"<div><strong><code>{esc(self.name)}</code>: {esc(self.title)}</strong>"
            f"<p>{esc(self.description)}</p><table>{facts}</table>"
            f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>"
        )


def describe(name: str) -> DatasetDescription:
    """The data dictionary of dataset ``name``: what each column means, and more.

    Title, description, key, every column (type, whether it may be empty, meaning, unit,
    allowed values), the sources, row counts (per edition where the dataset has
    editions), counts of ``cell_status`` where it has one, and the file's sha256. It works
    offline, from the installed package; ``iomdata describe NAME`` prints the same.

    Parameters
    ----------
    name
        One of :func:`iomdata.datasets`.

    Raises
    ------
    TypeError
        ``name`` is not a string.
    UnknownDatasetError
        No dataset has this name; the message lists the datasets.

    Examples
    --------
    >>> import iomdata
    >>> info = iomdata.describe("staff_by_category")
    >>> info.title, info.key
    ('Staff by category', ('edition', 'year', 'category'))
    >>> print(info.column("category"))
    category: String; one of general_service, professional
        professional (international Professional staff) or general_service (General
        Service staff and National Officers).
    >>> [(c.name, c.dtype, c.unit) for c in info.columns][:4]
    [('edition', 'Int16', 'year'), ('year', 'Int16', 'year'), ('category', 'String', None), ('count', 'Int64', 'people')]
    >>> dict(iomdata.describe("staff_by_nationality_sex").cell_status)["printed"] > 0
    True
    """
    from iomdata._api import _dataset_name
    from iomdata._resources import default_store
    from iomdata._specs import spec

    store = default_store()
    entry = store.entry(_dataset_name(name))
    # The store refuses a resource without a spec, so every bundled dataset has one.
    frame = store.frame(entry.name)
    dataset = spec(entry.name)
    columns = tuple(
        ColumnDescription(
            name=column.name,
            dtype=column.dtype,
            nullable=column.nullable,
            meaning=column.meaning,
            unit=column.unit,
            values=column.values,
        )
        for column in dataset.columns
    )
    by_edition: tuple[tuple[int, int], ...] = ()
    if "edition" in frame.columns:
        counts = frame.drop_nulls("edition").group_by("edition").len().sort("edition")
        by_edition = tuple((int(e), int(n)) for e, n in counts.iter_rows())
    statuses: tuple[tuple[str, int], ...] = ()
    if "cell_status" in frame.columns:
        counts = frame.group_by("cell_status").len()
        found = {str(status): int(n) for status, n in counts.iter_rows()}
        # The spec lists the statuses in the order the docs explain them.
        known = dataset.column("cell_status").vocabulary or ()
        order = [*known, *sorted(set(found) - set(known))]
        statuses = tuple((status, found[status]) for status in order if status in found)
    return DatasetDescription(
        name=entry.name,
        title=dataset.title,
        description=dataset.description,
        origin=dataset.origin,
        key=dataset.key,
        columns=columns,
        sources=entry.sources,
        rows=entry.rows,
        rows_by_edition=by_edition,
        cell_status=statuses,
        path=entry.path,
        sha256=entry.sha256,
        data_version=store.manifest.data_version,
    )
