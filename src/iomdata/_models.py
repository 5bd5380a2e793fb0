"""Frozen records: key figures and staff statistics.

The records of sources and errata are in :mod:`iomdata._source_records` and the
manifest's in :mod:`iomdata._manifest`, loaded on first use (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Final, overload

import attrs

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "KeyFigure",
    "KeyFigures",
    "StaffStatistics",
]


@attrs.frozen(kw_only=True)
class KeyFigure:
    """One quantitative claim of a source, with its provenance."""

    #: Stable id, ``<source>-<slug>``.
    id: str
    #: Id of the source document.
    source: str
    #: Annual report edition (year); ``None`` for sources that are not annual reports.
    edition: int | None
    #: Where in the source: ``"para 184"``, ``"Box 12"``, a section heading, ...
    locator: str
    #: Comparable-indicator id shared across editions, or ``None``.
    indicator: str | None
    #: What is counted, in our own words.
    label: str
    #: The number.
    value: float
    #: Unit from a closed vocabulary (``"people"``, ``"USD million"``, ``"percent"``, ...).
    unit: str
    #: How the source qualifies the number (``"exact"``, ``"over"``, ``"nearly"``, ...).
    qualifier: str
    #: The time the number refers to, as text, or ``None``.
    period: str | None
    #: Topic from a closed vocabulary.
    topic: str
    #: The number as printed, with its qualifier and scale words.
    as_printed: str
    #: Id shared by records that state the same fact, or ``None``.
    fact: str | None

    def __str__(self) -> str:
        """The statement in one line, its number written out plainly.

        Examples
        --------
        >>> import iomdata
        >>> figure = iomdata.key_figures(2020)["ar2020-box12-available"]
        >>> figure.value
        21109296.0
        >>> str(figure).split(": ")[-1]
        '21,109,296 USD (2020; ar2020, Box 12)'
        >>> print(iomdata.key_figures(2020)["ar2020-p81-avr-migrants"])
        Migrants assisted to return voluntarily: over 42,000 migrants (2020; ar2020, para 81)
        """
        hedge = _QUALIFIER_WORDS.get(self.qualifier, self.qualifier.replace("_", " "))
        amount = " ".join(part for part in (hedge, plain_number(self.value), self.unit) if part)
        where = "; ".join(part for part in (self.period, f"{self.source}, {self.locator}") if part)
        return f"{self.label}: {amount} ({where})"


#: How a qualifier reads before the number ("exact" adds nothing).
_QUALIFIER_WORDS: Final = {
    "exact": "",
    "over": "over",
    "more_than": "more than",
    "nearly": "nearly",
    "approximately": "approximately",
    "up_to": "up to",
    "at_least": "at least",
    "less_than": "less than",
}


def plain_number(value: float) -> str:
    """``value`` with thousands separators and no exponent; whole numbers without ``.0``.

    Examples
    --------
    >>> plain_number(21109296.0), plain_number(2182.7), plain_number(0.25)
    ('21,109,296', '2,182.7', '0.25')
    """
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.10f}".rstrip("0")


#: How many records the text and the HTML reprs of a collection show.
_SHOWN: Final = 10
_SHOWN_HTML: Final = 50


@attrs.frozen(repr=False)
class KeyFigures(Sequence[KeyFigure]):
    """An immutable, ordered collection of :class:`KeyFigure` records.

    Behaves as a sequence (``len``, integer indexing and slicing, iteration) and adds
    lookup by id (``figures["id"]`` or :meth:`get`), filtering and conversion to a
    Polars frame. Its repr lists the first records; in a notebook it renders as a table.

    Examples
    --------
    >>> import iomdata
    >>> figures = iomdata.key_figures(2020)
    >>> figures["ar2020-p81-avr-migrants"].value
    42000.0
    >>> figures[0] == figures[figures[0].id]
    True
    >>> figures["ar2020-p81-avr-migrant"]
    Traceback (most recent call last):
    ...
    iomdata._errors.UnknownKeyFigureError: no key figure with id 'ar2020-p81-avr-migrant' among 543 records; close ids: 'ar2020-p81-avr-migrants', ...
    """

    _records: tuple[KeyFigure, ...]
    # The values filter() accepts, per criterion: those of every key figure of every
    # edition, so that a slice or one edition checks against the whole vocabulary. Given
    # by the store that builds the collection (records do no I/O); empty for a
    # collection built by hand, which then accepts the values its own records hold.
    _vocabulary: Mapping[str, frozenset[str]] = attrs.field(
        factory=dict, eq=False, repr=False, kw_only=True
    )
    # Derived once: the records by id (a lookup is a dict access, not a scan), and the
    # frame of the first to_polars() call (each later call clones it).
    _by_id: dict[str, KeyFigure] = attrs.field(init=False, eq=False, repr=False)
    _frame: list[pl.DataFrame] = attrs.field(init=False, eq=False, repr=False, factory=list)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {record.id: record for record in self._records})

    def __len__(self) -> int:
        return len(self._records)

    @overload
    def __getitem__(self, index: int) -> KeyFigure: ...

    @overload
    def __getitem__(self, index: str) -> KeyFigure: ...

    @overload
    def __getitem__(self, index: slice) -> KeyFigures: ...

    def __getitem__(self, index: int | str | slice) -> KeyFigure | KeyFigures:
        if isinstance(index, str):
            return self.get(index)
        if isinstance(index, slice):
            return KeyFigures(self._records[index], vocabulary=self._vocabulary)
        return self._records[index]

    def __iter__(self) -> Iterator[KeyFigure]:
        return iter(self._records)

    def __repr__(self) -> str:
        count = len(self._records)
        head = f"KeyFigures: {count} record{'s' if count != 1 else ''}"
        if not count:
            return head
        shown = self._records[:_SHOWN]
        cells = [(r.id, plain_number(r.value), r.unit, r.label) for r in shown]
        widths = [max(len(row[i]) for row in cells) for i in range(3)]
        lines = [
            f"  {i:<{widths[0]}}  {v:>{widths[1]}} {u:<{widths[2]}}  {label}"
            for i, v, u, label in cells
        ]
        if count > len(shown):
            lines.append(f"  ... {count - len(shown)} more (.to_polars() holds every column)")
        return "\n".join([head + ":", *lines])

    def _repr_html_(self) -> str:
        # Imported here: html (with html.entities) is ~2 ms of `import iomdata`.
        import html

        columns = ("id", "label", "value", "unit", "qualifier", "period", "source", "locator")
        shown = self._records[:_SHOWN_HTML]
        header = "".join(f"<th style='text-align:left'>{name}</th>" for name in columns)
        rows = []
        for record in shown:
            cells = [
                record.id,
                record.label,
                plain_number(record.value),
                record.unit,
                record.qualifier,
                record.period or "",
                record.source,
                record.locator,
            ]
            rows.append(
                "<tr>"
                + "".join(
                    f"<td style='text-align:{'right' if name == 'value' else 'left'}'>"
                    f"{html.escape(cell)}</td>"
                    for name, cell in zip(columns, cells, strict=True)
                )
                + "</tr>"
            )
        more = len(self._records) - len(shown)
        note = f"<p>… {more} more (<code>.to_polars()</code> holds them all)</p>" if more else ""
        return (
            f"<div><p><strong>KeyFigures</strong>: {len(self._records)} records</p>"
            f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"{note}</div>"
        )

    def ids(self) -> tuple[str, ...]:
        """The ids of the records, in order."""
        return tuple(record.id for record in self._records)

    def get(self, id: str) -> KeyFigure:  # noqa: A002 - "id" is the field's name
        """The record with this id.

        Raises
        ------
        UnknownKeyFigureError
            No record has this id; the message names the closest ids. It is a
            ``KeyError`` (and so a ``LookupError``).
        """
        try:
            found = self._by_id.get(id)
        except TypeError:  # an unhashable id, from a caller without a type checker
            found = None
        if found is not None:
            return found
        import difflib

        from iomdata._errors import UnknownKeyFigureError

        msg = f"no key figure with id {id!r} among {len(self._records)} records"
        if isinstance(id, str):
            # Ids share long prefixes ("ar2020-p81-"), so ids that contain the one asked
            # for come first, then the most similar by difflib's ratio.
            containing = [known for known in self.ids() if id and id in known]
            similar = difflib.get_close_matches(id, self.ids(), n=5, cutoff=0.6)
            close = list(dict.fromkeys([*containing, *similar]))[:5]
            if close:
                msg += f"; close ids: {', '.join(repr(c) for c in close)}"
        raise UnknownKeyFigureError(msg)

    def filter(
        self,
        *,
        topic: str | None = None,
        indicator: str | None = None,
        source: str | None = None,
    ) -> KeyFigures:
        """The records matching every given criterion (``None`` matches anything).

        Raises
        ------
        TypeError
            A criterion is neither a ``str`` nor ``None``.
        UnknownKeyFigureError
            No key figure of any edition has that value; the message lists the values
            there are. (A known value that none of these records has gives an empty
            collection.)

        Examples
        --------
        >>> import iomdata
        >>> figures = iomdata.key_figures(2020)
        >>> {figure.topic for figure in figures.filter(topic="finance")}
        {'finance'}
        >>> figures.filter(topic="Finance")
        Traceback (most recent call last):
        ...
        iomdata._errors.UnknownKeyFigureError: no key figure has topic 'Finance'; topics: ...
        """
        # Typed as object: callers without a type checker pass anything.
        criteria: dict[str, object] = {"topic": topic, "indicator": indicator, "source": source}
        for column, value in criteria.items():
            if not isinstance(value, str | None):
                msg = f"{column} must be a str or None, not {type(value).__name__}: {value!r}"
                raise TypeError(msg)
        for column, value in criteria.items():
            if isinstance(value, str):
                self._check_known(column, value)
        return KeyFigures(
            tuple(
                record
                for record in self._records
                if (topic is None or record.topic == topic)
                and (indicator is None or record.indicator == indicator)
                and (source is None or record.source == source)
            ),
            vocabulary=self._vocabulary,
        )

    def _check_known(self, column: str, value: str) -> None:
        """Refuse a filter value that no key figure has, listing those there are."""
        known = self._vocabulary.get(column)
        if known is None:
            known = frozenset(getattr(record, column) for record in self._records) - {None}
        if value not in known:
            from iomdata._errors import UnknownKeyFigureError

            listed = ", ".join(sorted(known))
            msg = f"no key figure has {column} {value!r}; {column}s: {listed}"
            raise UnknownKeyFigureError(msg)

    def to_polars(self) -> pl.DataFrame:
        """The records as a new frame with the ``key_figures`` schema.

        The frame is built on the first call and cloned on every later one, so a caller
        that changes its frame changes no one else's.

        Examples
        --------
        >>> import iomdata
        >>> figures = iomdata.key_figures(2020).filter(topic="finance")
        >>> frame = figures.to_polars()
        >>> frame.height == len(figures), frame.columns[:3]
        (True, ['source', 'edition', 'locator'])
        >>> frame.equals(figures.to_polars()), frame is figures.to_polars()
        (True, False)
        """
        if not self._frame:
            import polars as pl

            from iomdata._schemas import SCHEMAS

            schema = SCHEMAS["key_figures"]
            rows = [attrs.asdict(record) for record in self._records]
            frame = pl.DataFrame(rows, schema=schema, orient="row") if rows else schema.to_frame()
            # A race builds the same frame twice; either is kept.
            self._frame[:] = [frame]
        return self._frame[0].clone()


@attrs.frozen(kw_only=True)
class StaffStatistics:
    """The staff statistics of one annual report edition (Annexes I-IV).

    The summaries are the published figures for the edition year; the methods return
    the edition's rows of each dataset as a new Polars frame.

    Examples
    --------
    Each cell of Annexes II and III comes with the range the published totals leave
    it (``count_low`` to ``count_high``; one value where the cell is certain). Chile's
    two Professional staff print in a row whose grades the totals do not fix: each of
    five grades may hold one of them. The row's total is exact all the same, since
    every reading of the row sums to its printed Total:

    >>> import iomdata
    >>> import polars as pl
    >>> s = iomdata.staff(2020)
    >>> chile = s.nationality_grade().filter(
    ...     pl.col("category") == "professional",
    ...     pl.col("nationality") == "Chile",
    ...     pl.col("count_high") > 0,
    ... )
    >>> for grade, low, high, status in chile.select(
    ...     "grade", "count_low", "count_high", "cell_status"
    ... ).rows():
    ...     print(f"{grade:<4} {low}..{high} {status}")
    D-2  0..1 ambiguous
    D-1  0..1 ambiguous
    P-3  0..1 ambiguous
    P-2  0..1 ambiguous
    UG   0..1 ambiguous
    >>> printed = s.published_totals().filter(
    ...     pl.col("dataset") == "staff_by_nationality_grade",
    ...     pl.col("locator") == "Annex III",
    ...     pl.col("row_label") == "Chile",
    ...     pl.col("column_label") == "Total",
    ... )
    >>> chile.get_column("count").sum(), printed.get_column("value").item()
    (2, 2)
    """

    #: The annual report's year.
    edition: int
    #: Id of the source document.
    source: str
    #: Total staff in the edition year (Annex I, Table 4).
    total_staff: int
    #: International Professional staff in the edition year (Annex I, Table 4).
    professional_staff: int
    #: General Service staff and National Officers in the edition year (Annex I, Table 4).
    general_service_staff: int
    #: Women among international Professional staff, in per cent as printed (Table 1).
    women_percent_professional: int
    #: Nationalities represented among Professional staff in the edition year (Annex IV).
    nationalities_represented_count: int

    #: Where the frames come from: ``(dataset, edition) -> frame``, given by whoever
    #: builds the record (the API passes its store's reader), so that the record does no
    #: I/O of its own and imports nothing above it.
    _frames: Callable[[str, int], pl.DataFrame] = attrs.field(alias="frames", eq=False, repr=False)

    def _rows(self, name: str) -> pl.DataFrame:
        return self._frames(name, self.edition)

    def professional_by_sex(self) -> pl.DataFrame:
        """International Professional staff by sex and year (Annex I, Table 1)."""
        return self._rows("professional_staff_by_sex")

    def women_share_by_grade(self) -> pl.DataFrame:
        """Men, women and women's share by grade band (Annex I, Table 2)."""
        return self._rows("women_share_by_grade")

    def senior_by_sex(self) -> pl.DataFrame:
        """Staff at P-5 and above by sex and year (Annex I, Table 3)."""
        return self._rows("senior_staff_by_sex")

    def by_category(self) -> pl.DataFrame:
        """Professional and General Service staff by year (Annex I, Table 4)."""
        return self._rows("staff_by_category")

    def nationality_grade(self) -> pl.DataFrame:
        """Staff by nationality and grade, one row per published cell (Annexes II, III)."""
        return self._rows("staff_by_nationality_grade")

    def nationality_sex(self) -> pl.DataFrame:
        """Staff by nationality and sex, one row per published cell (Annexes II, III)."""
        return self._rows("staff_by_nationality_sex")

    def nationalities_represented(self) -> pl.DataFrame:
        """Nationalities and Member States represented, by year (Annex IV)."""
        return self._rows("nationalities_represented")

    def published_totals(self) -> pl.DataFrame:
        """The printed Total rows and columns and percentages of the annex tables."""
        return self._rows("published_totals")

    def ambiguous_readings(self) -> pl.DataFrame:
        """Every admissible reading of the rows the published totals cannot decide."""
        return self._rows("staff_ambiguous_readings")
