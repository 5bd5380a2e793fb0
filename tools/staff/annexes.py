"""Annexes I and IV of every edition: labelled tables of counts and percentages.

One decoder and one row emitter serve every edition. A table is read from its lines
(:class:`RawLine`, which each edition's adapter makes from its raw file): a heading line
of column labels, then rows of a label followed by value tokens. Numbers of four digits
and more may be printed with a space as thousands separator, so a row's digit groups
are read as numbers by the table's own sums (:func:`decide_counts`), not by the spacing.
Labels that differ between editions map to one vocabulary (:data:`SEX_OF`,
:data:`BAND_OF`, :data:`CATEGORY_OF`, :data:`MEASURE_OF`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Final

import attrs

from iomdata._proofs import percent_of
from tools.staff.emit import Row, published_total_rows

__all__ = [
    "ANNEXES",
    "BAND_GRADES",
    "BAND_OF",
    "CATEGORY_OF",
    "MEASURE_OF",
    "SEX_OF",
    "WOMEN_CHANGE",
    "WOMEN_PERCENT",
    "DecodedTable",
    "LabelledRow",
    "LabelledTable",
    "RawLine",
    "annex1_rows",
    "annex4_rows",
    "annex_starts",
    "decide_counts",
    "decode",
    "decode_annex1",
    "decode_annex4",
    "groupings",
    "percent_of",
    "read_labelled_tables",
]


#: The annexes of an edition's staff statistics, in the order the text prints them.
ANNEXES: Final = ("I", "II", "III", "IV")


def annex_starts(lines: Sequence[str], source: str) -> dict[str, int]:
    """Index of the line that opens each annex (the line reads ``Annex I`` etc.).

    Examples
    --------
    >>> annex_starts(["Annex I", "x", "Annex II", "Annex III", "y", "Annex  IV"], "demo")
    {'I': 0, 'II': 2, 'III': 3, 'IV': 5}
    """
    starts: dict[str, int] = {}
    for index, line in enumerate(lines):
        words = line.split()
        if len(words) == 2 and words[0] == "Annex" and words[1] in ANNEXES:
            starts.setdefault(words[1], index)
    if tuple(starts) != ANNEXES:
        msg = f"{source}: expected the annex openings {ANNEXES}, found {tuple(starts)}"
        raise ValueError(msg)
    return starts


@attrs.frozen
class RawLine:
    """One line of a raw file: its line number in the source and its verbatim text.

    ``marker`` is set (and ``text`` empty) for a line of our own that stands in for
    prose of the source, e.g. ``table 2`` for the title of Annex I, Table 2.
    """

    lineno: int
    text: str
    marker: str = ""


# ---------------------------------------------------------------------------------------
# Thousands separators
# ---------------------------------------------------------------------------------------


def groupings(tokens: Sequence[str], count: int) -> list[tuple[int, ...]]:
    """Every reading of space-separated digit groups as ``count`` numbers.

    A space is either a cell boundary or a thousands separator; a number is a group of
    one to three digits (no leading zero) followed by any groups of exactly three.

    Examples
    --------
    >>> groupings(["936", "1", "062", "1", "193"], 3)
    [(936, 1062, 1193)]
    >>> groupings(["1", "769", "841"], 2)
    [(1, 769841), (1769, 841)]
    """
    memo: dict[tuple[int, int], list[tuple[int, ...]]] = {}

    def starts_number(token: str) -> bool:
        return 1 <= len(token) <= 3 and token.isdigit() and (token == "0" or token[0] != "0")

    def read(start: int, left: int) -> list[tuple[int, ...]]:
        if (start, left) in memo:
            return memo[start, left]
        found: list[tuple[int, ...]] = []
        if start == len(tokens):
            found = [()] if left == 0 else []
        elif left > 0 and starts_number(tokens[start]):
            end = start + 1
            while True:
                head = int("".join(tokens[start:end]))
                found.extend((head, *rest) for rest in read(end, left - 1))
                if end == len(tokens) or not re.fullmatch(r"\d{3}", tokens[end]):
                    break
                end += 1
        memo[start, left] = found
        return found

    return read(0, count)


# ---------------------------------------------------------------------------------------
# Labelled rows of counts and percentages
# ---------------------------------------------------------------------------------------

_PERCENT: Final = re.compile(r"([+\-\u2212]?)(\d+)%")
_DASH: Final = "\u2013"  # a printed dash: no value


@attrs.frozen
class LabelledRow:
    """A row of Annex I or IV: its label and the value tokens that follow it."""

    lineno: int
    label: str
    tokens: tuple[str, ...]

    @property
    def is_percent(self) -> bool:
        """Whether the row holds percentages (or dashes) rather than counts."""
        return any(_PERCENT.fullmatch(token) for token in self.tokens)

    def percents(self) -> tuple[int | None, ...]:
        """The printed percentages as integers; ``None`` for a dash."""
        values: list[int | None] = []
        for token in self.tokens:
            match = _PERCENT.fullmatch(token)
            if token == _DASH:
                values.append(None)
            elif match is None:
                msg = f"line {self.lineno}: {token!r} is not a percentage"
                raise ValueError(msg)
            else:
                sign = -1 if match.group(1) in ("-", "\u2212") else 1
                values.append(sign * int(match.group(2)))
        return tuple(values)


@attrs.frozen
class LabelledTable:
    """A table of Annex I or IV: heading line, column labels and rows in printed order."""

    name: str
    heading_lineno: int
    corner: str
    columns: tuple[str, ...]
    rows: tuple[LabelledRow, ...]

    def row(self, label: str) -> LabelledRow:
        """The row with this printed label."""
        for row in self.rows:
            if row.label == label:
                return row
        msg = f"{self.name}: no row labelled {label!r}; rows: {[r.label for r in self.rows]}"
        raise KeyError(msg)


def _value_split(text: str) -> tuple[str, tuple[str, ...]]:
    """Split a line into its label and its trailing value tokens."""
    words = text.split()
    cut = len(words)
    while cut > 0 and (
        re.fullmatch(r"\d{1,3}", words[cut - 1])
        or _PERCENT.fullmatch(words[cut - 1])
        or words[cut - 1] == _DASH
    ):
        cut -= 1
    return " ".join(words[:cut]), tuple(words[cut:])


def _heading(text: str) -> tuple[str, tuple[str, ...]]:
    """The corner label (may be empty) and the column labels of a heading line."""
    words = text.split()
    if words[0] == "Category" or (len(words) > 1 and not re.fullmatch(r"\d{4}", words[1])):
        return words[0], tuple(words[1:])
    return "", tuple(words)


def read_labelled_tables(raw_lines: Iterable[RawLine], annex: str) -> list[LabelledTable]:
    """The tables of Annex I (one per ``~table N`` marker) or Annex IV (one table)."""
    tables: list[LabelledTable] = []
    name = f"Annex {annex}"
    heading: tuple[int, str, tuple[str, ...]] | None = None
    rows: list[LabelledRow] = []
    pending = ""

    def close() -> None:
        if heading is not None:
            tables.append(LabelledTable(name, heading[0], heading[1], heading[2], tuple(rows)))

    for raw in raw_lines:
        if raw.marker:
            close()
            name, heading, rows, pending = f"Annex {annex}, Table {raw.marker[-1]}", None, [], ""
            continue
        if heading is None:
            heading = (raw.lineno, *_heading(raw.text))
            continue
        label, tokens = _value_split(raw.text)
        label = f"{pending} {label}".strip()
        if not tokens:
            pending = label  # a label that wraps: its values are on the next line
            continue
        rows.append(LabelledRow(raw.lineno, label, tokens))
        pending = ""
    close()
    return tables


# ---------------------------------------------------------------------------------------
# Decoding the labelled tables
# ---------------------------------------------------------------------------------------

SEX_OF: Final = {"Men": "M", "Women": "F"}
BAND_OF: Final = {
    "Ungraded": "UG",
    "P-1": "P-1",
    "P-2": "P-2",
    "P-3": "P-3",
    "P-4": "P-4",
    "P-5": "P-5",
    "D-1\u2013D-2": "D-1/D-2",
    "D-1-D-2": "D-1/D-2",  # the 2020 edition's spelling
}
# The Annex III grades that make up each band of Annex I, Table 2.
BAND_GRADES: Final = {band: tuple(band.split("/")) for band in BAND_OF.values()}
CATEGORY_OF: Final = {
    "International Professionals": "professional",
    "International Professional": "professional",  # the 2020 edition's spelling
    "General Service and National Officers": "general_service",
}
MEASURE_OF: Final = {
    "Number of Member State nationalities": "member_state_nationalities",
    "Number of non-member State nationalities": "non_member_state_nationalities",
    "Total nationalities represented": "total_nationalities",
    "Number of Member States": "member_states",
    "Percentage of Member States represented": "member_states_represented_percent",
}
WOMEN_PERCENT: Final = re.compile(r"Percentage of women in (\d{4})")
WOMEN_CHANGE: Final = re.compile(r"Change in percentage of women between (\d{4}) and (\d{4})")


def _column_sums(rows: Iterable[Sequence[int]], width: int) -> tuple[int, ...]:
    sums = [0] * width
    for values in rows:
        for index, value in enumerate(values):
            sums[index] += value
    return tuple(sums)


def decide_counts(
    table: LabelledTable, parts: Sequence[str], total: str
) -> dict[str, tuple[int, ...]]:
    """The count rows of a table, their thousands separators decided by the arithmetic.

    Every grouping of each row's digits into one number per column is tried; the
    rows ``parts`` must add up to the row ``total`` in every column, and exactly one
    combination may do so.
    """
    labels = (*parts, total)
    options = [groupings(table.row(label).tokens, len(table.columns)) for label in labels]
    solutions = []
    for combination in _product(options):
        sums = _column_sums(combination[:-1], len(table.columns))
        if sums == combination[-1]:
            solutions.append(combination)
    if len(solutions) != 1:
        msg = f"{table.name}: {len(solutions)} readings of {labels} add up, expected one"
        raise ValueError(msg)
    return dict(zip(labels, solutions[0], strict=True))


def _product(
    options: Sequence[Sequence[tuple[int, ...]]],
) -> Iterator[tuple[tuple[int, ...], ...]]:
    if not options:
        yield ()
        return
    for head in options[0]:
        for rest in _product(options[1:]):
            yield (head, *rest)


@attrs.frozen
class DecodedTable:
    """A table of Annex I or IV with its counts and percentages read.

    ``parts`` are the count rows that add up to the count row ``total``.
    """

    table: LabelledTable
    counts: dict[str, tuple[int, ...]]
    percents: dict[str, tuple[int | None, ...]]
    parts: tuple[str, ...]
    total: str
    edition: int
    source: str

    @property
    def locator(self) -> str:
        """Where the table is printed."""
        return self.table.name

    def years(self) -> tuple[int, ...]:
        """The column labels as years (Tables 1, 3, 4 and Annex IV)."""
        return tuple(int(column) for column in self.table.columns)

    def value(self, label: str, column: str) -> int:
        """The count in row ``label``, column ``column``."""
        return self.counts[label][self.table.columns.index(column)]

    def percent(self, label: str, column: str) -> int | None:
        """The percentage in row ``label``, column ``column`` (``None`` for a dash)."""
        return self.percents[label][self.table.columns.index(column)]


def decode(
    table: LabelledTable,
    parts: Sequence[str],
    total: str,
    others: Sequence[str] = (),
    *,
    edition: int,
) -> DecodedTable:
    """Read a table's count rows and its percentage rows.

    ``parts`` and ``total`` are decided together (:func:`decide_counts`); each row in
    ``others`` is in no equation, so its digits must admit a single grouping.
    """
    percents = {row.label: row.percents() for row in table.rows if row.is_percent}
    counts = decide_counts(table, parts, total)
    for label in others:
        readings = groupings(table.row(label).tokens, len(table.columns))
        if len(readings) != 1:
            msg = f"{table.name}: {label!r} has {len(readings)} readings {readings}"
            raise ValueError(msg)
        counts[label] = readings[0]
    unread = {row.label for row in table.rows} - set(percents) - set(counts)
    if unread:
        msg = f"{table.name}: rows {sorted(unread)} are not read"
        raise ValueError(msg)
    return DecodedTable(table, counts, percents, tuple(parts), total, edition, f"ar{edition}")


def _present(table: LabelledTable, labels: Iterable[str]) -> tuple[str, ...]:
    """The labels (of several spellings) that the table prints, in the given order."""
    printed = {row.label for row in table.rows}
    return tuple(label for label in labels if label in printed)


def decode_annex1(raw_lines: Iterable[RawLine], *, edition: int) -> dict[int, DecodedTable]:
    """Annex I's four tables, decoded, by table number."""
    tables = read_labelled_tables(raw_lines, "I")
    if [table.name for table in tables] != [f"Annex I, Table {n}" for n in range(1, 5)]:
        msg = f"Annex I: expected Tables 1-4, found {[table.name for table in tables]}"
        raise ValueError(msg)
    t1, t2, t3, t4 = tables
    return {
        1: decode(t1, tuple(SEX_OF), "Total", edition=edition),
        2: decode(t2, tuple(SEX_OF), f"Total in {t2.corner}", edition=edition),
        3: decode(t3, tuple(SEX_OF), "Total", edition=edition),
        4: decode(t4, _present(t4, CATEGORY_OF), "Total", edition=edition),
    }


def decode_annex4(raw_lines: Iterable[RawLine], *, edition: int) -> DecodedTable:
    """Annex IV's table, decoded."""
    (table,) = read_labelled_tables(raw_lines, "IV")
    member, non_member, total, states = list(MEASURE_OF)[:4]
    return decode(table, (member, non_member), total, (states,), edition=edition)


# ---------------------------------------------------------------------------------------
# Row emission
# ---------------------------------------------------------------------------------------


def _stamp(table: DecodedTable) -> Row:
    return {"edition": table.edition, "source": table.source, "locator": table.locator}


def annex1_rows(annex1: dict[int, DecodedTable]) -> dict[str, list[Row]]:
    """The rows of the Annex I datasets and their published totals."""
    t1, t2, t3, t4 = (annex1[n] for n in range(1, 5))
    out: dict[str, list[Row]] = {
        "professional_staff_by_sex": _by_sex_rows(t1),
        "senior_staff_by_sex": _by_sex_rows(t3),
        "women_share_by_grade": _band_rows(t2),
        "staff_by_category": [
            {**_stamp(t4), "year": year, "category": CATEGORY_OF[label], "count": count}
            for label in t4.parts
            for year, count in zip(t4.years(), t4.counts[label], strict=True)
        ],
    }
    out["published_totals"] = [
        *_yearly_totals("professional_staff_by_sex", t1),
        *_yearly_totals("senior_staff_by_sex", t3),
        *_yearly_totals("staff_by_category", t4),
    ]
    return out


def _by_sex_rows(table: DecodedTable) -> list[Row]:
    return [
        {**_stamp(table), "year": year, "sex": sex, "count": count}
        for label, sex in SEX_OF.items()
        for year, count in zip(table.years(), table.counts[label], strict=True)
    ]


def _yearly_totals(dataset: str, table: DecodedTable) -> list[Row]:
    """Published totals of a table by year: its Total row and its percentage rows."""
    rows = published_total_rows(
        {("Total", column): table.value("Total", column) for column in table.table.columns},
        dataset=dataset,
        edition=table.edition,
        source=table.source,
        locator=table.locator,
    )
    for label in table.percents:
        rows += published_total_rows(
            {
                (label, column): value
                for column in table.table.columns
                if (value := table.percent(label, column)) is not None  # a dash is no cell
            },
            dataset=dataset,
            edition=table.edition,
            source=table.source,
            locator=table.locator,
            unit="percentage_points" if label.startswith("Change") else "percent",
        )
    return rows


def _band_rows(table: DecodedTable) -> list[Row]:
    """Annex I, Table 2: counts of the edition year, percentages and their change."""
    bands = [BAND_OF[label] for label in table.table.columns]
    year = int(table.table.corner)
    measures = {"Men": "men", "Women": "women", f"Total in {year}": "total"}
    rows: list[Row] = []

    def add(year: int, base_year: int | None, measure: str, values: Sequence[int | None]) -> None:
        rows.extend(
            {
                **_stamp(table),
                "year": year,
                "base_year": base_year,
                "grade_band": band,
                "measure": measure,
                "value": value,
            }
            for band, value in zip(bands, values, strict=True)
            if value is not None
        )

    for label, measure in measures.items():
        add(year, None, measure, table.counts[label])
    for label, values in table.percents.items():
        percent, change = WOMEN_PERCENT.fullmatch(label), WOMEN_CHANGE.fullmatch(label)
        if percent is not None:
            add(int(percent.group(1)), None, "women_percent", values)
        elif change is not None:
            add(int(change.group(2)), int(change.group(1)), "women_percent_change", values)
        else:
            msg = f"{table.locator}: unknown row {label!r}"
            raise ValueError(msg)
    return rows


def annex4_rows(table: DecodedTable) -> list[Row]:
    """The rows of ``nationalities_represented`` (a dash is no row)."""
    values = {**table.counts, **table.percents}
    return [
        {**_stamp(table), "year": year, "measure": MEASURE_OF[label], "value": value}
        for label in MEASURE_OF
        for year, value in zip(table.years(), values[label], strict=True)
        if value is not None
    ]
