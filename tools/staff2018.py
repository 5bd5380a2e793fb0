"""Staff statistics of the Annual Report for 2018 (C/110/4), Annexes I-IV.

Two stages, as every pipeline module (see ``tools/README.md``):

* :func:`slice_sources` copies the annex lines of ``ar2018.txt`` into
  ``tools/raw/ar2018_annex{1,2,3,4}.txt``, verbatim and with every space kept (the
  spaces are the evidence of the empty cells), each line tagged with its line number
  in the source. Table titles, annex titles and legends are prose, so they are not
  copied: a title becomes a marker of our own (``~table 2``), the others are dropped.
* :func:`build` reads only those raw files, recovers every cell, proves the
  arithmetic, compares Annexes I and IV with the 2020 edition (:func:`restatements`)
  and returns the rows of each dataset.

How the 2018 text lays out a table row: the row label, then each cell followed by one
space, an empty cell being the empty string. So ``"Albania 2    1 4"`` is ``Albania``,
``2``, three empty cells, ``1``, ``4``. A number-only line (the numbers of a name that
wrapped over several lines) has no separator in front of its first cell. Numbers of
four digits and more are printed with a space as thousands separator (``1 769``),
which the arithmetic, not the spacing, tells apart from two cells.
"""

from __future__ import annotations

import csv
import itertools
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from tools.staff import tables
from tools.staff_common import (
    SEXES,
    TOTAL,
    Erratum,
    Layout,
    Origin,
    Override,
    Policy,
    Problem,
    ProofError,
    Proofs,
    RawRow,
    Reading,
    Resolution,
    enumerate_readings,
    published_total_rows,
)

__all__ = [
    "COMPARED",
    "build",
    "groupings",
    "recover",
    "restatement_id",
    "restatements",
    "rows_2020",
    "slice_sources",
]

SOURCE: Final = "ar2018"
EDITION: Final = 2018
RAW: Final = Path(__file__).resolve().parent / "raw"
REFERENCE: Final = Path(__file__).resolve().parent / "reference"
OVERRIDES: Final = REFERENCE / "overrides_ar2018.toml"
#: What the integer programs found at the last build (see tools/README.md).
SEARCH_CACHE: Final = Path(__file__).resolve().parent / "cache" / "ar2018_search.json"
#: Whether :func:`recover` may use :data:`SEARCH_CACHE` (``build_data --fresh`` turns it off).
use_search_cache = True

# The annexes in the order the text prints them; the key is the raw file's suffix.
_ANNEXES: Final = ("I", "II", "III", "IV")
_RAW_NAMES: Final = {annex: f"{SOURCE}_annex{n}.txt" for n, annex in enumerate(_ANNEXES, 1)}

# ---------------------------------------------------------------------------------------
# Stage 1: slicing
# ---------------------------------------------------------------------------------------

_TABLE_TITLE: Final = re.compile(r"^Table (\d)\. ")
# A column-heading line of Annex I or IV: it opens with a year or with "Category".
_ANNEX1_HEADING: Final = re.compile(r"^(\d{4} |Category )")
# Lines of Annexes II and III that explain abbreviations (prose, not data).
_LEGEND: Final = re.compile(r"^(G|E-1): ")


@attrs.frozen
class RawLine:
    """One line of a raw file: its line number in the source and its verbatim text.

    ``marker`` is set (and ``text`` empty) for a line of our own that stands in for
    prose of the source, e.g. ``table 2`` for the title of Annex I, Table 2.
    """

    lineno: int
    text: str
    marker: str = ""


def _annex_starts(lines: Sequence[str]) -> dict[str, int]:
    """Index of the line that opens each annex (the line reads ``Annex I`` etc.)."""
    starts: dict[str, int] = {}
    for index, line in enumerate(lines):
        words = line.split()
        if len(words) == 2 and words[0] == "Annex" and words[1] in _ANNEXES:
            starts.setdefault(words[1], index)
    if tuple(starts) != _ANNEXES:
        msg = f"{SOURCE}: expected the annex openings {_ANNEXES}, found {tuple(starts)}"
        raise ValueError(msg)
    return starts


def _is_table_start(annex: str, stripped: str) -> bool:
    """Whether a line of Annex II, III or IV is the first line after the annex title."""
    if annex == "IV":
        return re.fullmatch(r"(\d{4} ?)+", stripped) is not None
    return stripped.startswith("Country of")


def _keep(annex: str, numbered: Iterable[tuple[int, str]]) -> Iterator[RawLine]:
    """Annexes II-IV: the annex title (prose) and the legends are dropped."""
    in_title = True
    for lineno, line in numbered:
        stripped = line.strip()
        if not stripped or _LEGEND.match(stripped):
            continue
        in_title = in_title and not _is_table_start(annex, stripped)
        if not in_title:
            yield RawLine(lineno, line)


def _keep_annex1(numbered: Iterable[tuple[int, str]]) -> Iterator[RawLine]:
    """Annex I: table titles (which may wrap) become markers; footnotes are dropped."""
    in_title = True
    for lineno, line in numbered:
        stripped = line.strip()
        if not stripped or stripped.startswith("*"):
            continue
        title = _TABLE_TITLE.match(stripped)
        if title is not None:
            yield RawLine(lineno, "", f"table {title.group(1)}")
            in_title = True
        elif in_title and _ANNEX1_HEADING.match(stripped) is not None:
            in_title = False
            yield RawLine(lineno, line)
        elif not in_title:
            yield RawLine(lineno, line)


def _format_raw(annex: str, kept: Iterable[RawLine]) -> str:
    head = [
        f"# {SOURCE} Annex {annex}: lines of ar2018.txt, written by tools/staff2018.py.",
        "# <line number>|<the line, verbatim, trailing spaces kept>|",
        "# <line number>~<a marker of ours standing in for a title of the source>",
    ]
    body = [
        f"{raw.lineno}~{raw.marker}" if raw.marker else f"{raw.lineno}|{raw.text}|" for raw in kept
    ]
    return "\n".join([*head, *body]) + "\n"


def slice_sources(sources: Path) -> None:
    """Write the annex lines of ``ar2018.txt`` to ``tools/raw/ar2018_annex*.txt``.

    Parameters
    ----------
    sources
        The directory holding ``ar2018.txt``.
    """
    lines = (sources / "ar2018.txt").read_text(encoding="utf-8").split("\n")
    starts = _annex_starts(lines)
    ends = [*(starts[annex] for annex in _ANNEXES[1:]), len(lines)]
    for annex, end in zip(_ANNEXES, ends, strict=True):
        numbered = [(i + 1, lines[i].rstrip("\r")) for i in range(starts[annex] + 1, end)]
        kept = _keep_annex1(numbered) if annex == "I" else _keep(annex, numbered)
        (RAW / _RAW_NAMES[annex]).write_text(_format_raw(annex, kept), encoding="utf-8")


def parse_raw(text: str, name: str) -> list[RawLine]:
    """The lines of a raw file's text (``name`` for messages)."""
    lines: list[RawLine] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"(\d+)(?:\|(.*)\||~(.*))", line)
        if match is None:
            msg = f"{name}: malformed raw line {line!r}"
            raise ValueError(msg)
        lineno, content, marker = match.groups()
        lines.append(RawLine(int(lineno), content or "", marker or ""))
    return lines


def read_raw(annex: str, raw_dir: Path = RAW) -> list[RawLine]:
    """The lines of one annex's raw file."""
    path = raw_dir / _RAW_NAMES[annex]
    return parse_raw(path.read_text(encoding="utf-8"), path.name)


# ---------------------------------------------------------------------------------------
# Stage 2: reading the raw lines into printed rows
# ---------------------------------------------------------------------------------------

GRADES: Final[dict[str, tuple[str, ...]]] = {
    "II": (
        "G-1", "G-1A", "G-1B", "G-2", "G-3", "G-4", "G-5", "G-6", "G-7",
        "NO-A", "NO-B", "NO-C", "NO-D", "UG",
    ),
    "III": ("E-1", "E-2", "D-2", "D-1", "P-5", "P-4", "P-3", "P-2", "P-1", "UG"),
}  # fmt: skip
CATEGORY: Final = {"II": "general_service", "III": "professional"}

# The lines of a heading block (repeated at the top of every page) and of the page
# header; none of them is a table row.
_HEADING_WORDS: Final = frozenset(
    {
        "Country of",
        "nationality:",
        "Country of nationality:",
        "Member States",
        "Category/Grade",
        "Category/Grade Sex",
        "Total",
        "Sex",
        "observer States, non-",
        "member States and",
        "member States and other",
        "other",
    }
)
_PAGE_HEADER: Final = re.compile(r"C/110/4|Annex (?:II|III) \(English only\)|Page (\d+)")
# A row line: an optional label (ending in a character that is neither digit nor space),
# then the cells (digits and spaces only).
_ROW_LINE: Final = re.compile(r"(?P<label>.*[^\d ])?(?P<cells>[\d ]*)")


@attrs.frozen
class PrintedRow:
    """A row of Annex II or III as the text prints it, before any decision.

    ``tokens`` is the whitespace reading: one entry per cell the spacing implies, the
    empty string for an empty cell. It has one entry per column (grades, Total, F, M)
    when the spacing survived; otherwise it has more or fewer, and the arithmetic decides.
    """

    annex: str
    name: str
    member_state: bool
    page: int
    linenos: tuple[int, ...]
    tokens: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns of the row's table: grades, ``Total``, ``F``, ``M``."""
        return (*GRADES[self.annex], "Total", *SEXES)

    @property
    def locator(self) -> str:
        """Where the row is printed."""
        return f"Annex {self.annex}, page {self.page}"


def _cell_tokens(cells: str, *, after_label: bool) -> tuple[str, ...]:
    """Split the cell part of a line into one token per cell (see the module docstring)."""
    tokens = cells.split(" ")
    if after_label:
        tokens = tokens[1:]  # the space that separates the label from the first cell
    if cells.endswith(" "):
        tokens = tokens[:-1]  # the space that follows the last cell
    return tuple(tokens)


def _heading_is_observer_section(block: Sequence[str]) -> bool:
    return any(line.startswith("observer States") for line in block)


@attrs.define
class _TableReader:
    """State while reading the lines of Annex II or III (see :func:`read_table`)."""

    annex: str
    page: int = 0
    printed_page: int | None = None
    member_state: bool = True
    heading: list[str] | None = None
    pending: list[RawLine] | None = None
    rows: list[PrintedRow] | None = None
    total: PrintedRow | None = None

    def heading_line(self, stripped: str) -> bool:
        """Consume a line of a heading block or page header; False if it is neither."""
        header = _PAGE_HEADER.fullmatch(stripped)
        if header is not None:
            if header.group(1) is not None:
                self.printed_page = int(header.group(1))
            return True
        if self.heading is None and stripped.startswith("Country of"):
            self.heading = []
        if self.heading is None:
            return False
        if stripped == " ".join((*GRADES[self.annex], "F", "M")) or stripped == " ".join(
            (*GRADES[self.annex], "Total", "F", "M")
        ):
            self.close_heading()
            return True
        if stripped not in _HEADING_WORDS:
            msg = f"Annex {self.annex}: unexpected line {stripped!r} in a heading block"
            raise ValueError(msg)
        self.heading.append(stripped)
        return True

    def close_heading(self) -> None:
        """A heading block ended: it opens a page or the non-member section."""
        assert self.heading is not None
        if _heading_is_observer_section(self.heading):
            # The non-member section's heading follows the last Member States on the
            # same page (both annexes); only a repeated Member States heading turns a page.
            self.member_state = False
        else:
            self.page += 1
        if self.printed_page is not None and self.printed_page != self.page:
            msg = (
                f"Annex {self.annex}: the text prints page {self.printed_page} where the "
                f"repeated headings count page {self.page}"
            )
            raise ValueError(msg)
        self.printed_page = None
        self.heading = None

    def row_line(self, raw: RawLine) -> None:
        """Consume a line of the table body."""
        pending = self.pending if self.pending is not None else []
        match = _ROW_LINE.fullmatch(raw.text)
        assert match is not None  # the pattern matches any text
        label, cells = match.group("label") or "", match.group("cells")
        has_numbers = any(char.isdigit() for char in cells)
        # A label line without numbers is a wrapped name, unless its trailing spaces stand
        # for a whole row of empty cells (a row whose every cell, Total included, is empty).
        blank_row = not has_numbers and len(cells) > len(GRADES[self.annex])
        if not has_numbers and not blank_row:
            self.pending = [*pending, raw]
            return
        parts = [line.text for line in pending] + [label]
        name = " ".join(" ".join(parts).split())
        row = PrintedRow(
            annex=self.annex,
            name=name,
            member_state=self.member_state,
            page=self.page,
            linenos=(*(line.lineno for line in pending), raw.lineno),
            tokens=_cell_tokens(cells, after_label=bool(label)),
        )
        self.pending = None
        if name == "Total":
            self.total = row
        else:
            self.rows = [*(self.rows or []), row]


def read_table(annex: str, raw_lines: Iterable[RawLine]) -> tuple[list[PrintedRow], PrintedRow]:
    """The nationality rows and the Total row of Annex II or III, as printed.

    Parameters
    ----------
    annex
        ``"II"`` or ``"III"``.
    raw_lines
        The annex's raw lines (:func:`read_raw`).

    Returns
    -------
    tuple
        The nationality rows in printed order, and the Total row.
    """
    reader = _TableReader(annex)
    for raw in raw_lines:
        if raw.marker:
            continue
        stripped = raw.text.strip()
        if reader.heading_line(stripped):
            continue
        if reader.page == 0:
            msg = f"Annex {annex}: row line {raw.lineno} before the first heading"
            raise ValueError(msg)
        reader.row_line(raw)
    if reader.pending or reader.total is None or not reader.rows:
        msg = f"Annex {annex}: the table does not end with its Total row"
        raise ValueError(msg)
    return reader.rows, reader.total


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
# Annexes I and IV: labelled rows of counts and percentages
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
# Annexes II and III: from printed rows to cells (machinery in tools/staff_common.py)
# ---------------------------------------------------------------------------------------

# A row whose spacing gives one cell per column is read as spaced: the only reading
# allowed is the one that moves no number. Any other row may move its numbers as far
# as staff_common's default policy allows, and the column totals choose.
_AS_SPACED: Final = Policy(max_edits=0, max_shift=0, repair=False)
_RESPACED: Final = Policy()


def layout_of(annex: str) -> Layout:
    """The columns of Annex II or III."""
    return Layout(table=f"Annex {annex}", category=CATEGORY[annex], grades=GRADES[annex])


def _raw_row(row: PrintedRow) -> RawRow:
    return RawRow(
        label=row.name,
        fields=row.tokens,
        line=row.linenos[-1],
        page=row.page,
        member_state=row.member_state,
    )


def _blank_row_reading(layout: Layout) -> Reading:
    """The reading of a row whose every cell is empty, its Total included.

    The Total is then no printed number but the sum of the (empty) cells: a lost
    value that the row's equations fix.
    """
    origins: list[Origin] = ["blank"] * len(layout.columns)
    origins[layout.index(TOTAL)] = "lost"
    return Reading(values=(0,) * len(layout.columns), origins=tuple(origins), edits=0)


def _readings(row: PrintedRow, layout: Layout) -> tuple[tuple[Reading, ...], str]:
    """The readings of a printed row, and how they were found (empty: by the spacing)."""
    raw = _raw_row(row)
    width = len(layout.columns)
    if len(row.tokens) == width and not any(row.tokens):
        blank = _blank_row_reading(layout)
        return (blank,), "every cell empty, Total included: all 0, Total derived"
    if len(row.tokens) == width:
        readings = enumerate_readings(raw, layout, _AS_SPACED)
        if readings:
            return readings, ""
        why = "the spaced reading breaks the row's own equations"
    else:
        why = f"the spacing gives {len(row.tokens)} cells for {width} columns"
    readings = enumerate_readings(raw, layout, _RESPACED)
    return readings, f"{why}; {len(readings)} reading(s) within the whitespace policy"


def _total_readings(total: PrintedRow, layout: Layout) -> list[dict[str, int]]:
    """Readings of a Total row: thousands groupings that satisfy its own equations."""
    found = []
    for values in groupings(total.tokens, len(layout.columns)):
        cells = dict(zip(layout.columns, values, strict=True))
        if sum(cells[g] for g in layout.grades) == cells[TOTAL] == cells["F"] + cells["M"]:
            found.append(cells)
    return found


@attrs.frozen(kw_only=True)
class RecoveredTable:
    """Annex II or III with every cell decided.

    Attributes
    ----------
    annex
        ``"II"`` or ``"III"``.
    printed
        The nationality rows as printed (same order as ``recovered.decisions``).
    recovered
        Every model's search, the shipped readings, statuses and bounds
        (:mod:`tools.staff.tables`).
    total_row
        The printed Total row.
    notes
        Rows (and the Total row) that the spacing alone did not decide: how each was.
    """

    annex: str
    printed: tuple[PrintedRow, ...]
    recovered: tables.Recovered
    total_row: PrintedRow
    notes: tuple[tuple[PrintedRow, str], ...]

    @property
    def layout(self) -> Layout:
        """The table's columns."""
        return self.recovered.layout

    @property
    def problem(self) -> Problem:
        """Rows, shipped readings and the Total row (for the proofs)."""
        return self.recovered.problem()

    @property
    def resolutions(self) -> list[Resolution]:
        """The shipped reading of every row (for the proofs)."""
        return self.recovered.resolutions()

    def total(self, column: str) -> int:
        """A cell of the published Total row."""
        return self.recovered.variant.totals[column]

    def value(self, index: int, column: str) -> int:
        """A cell of the ``index``-th nationality row."""
        return self.recovered.decisions[index].reading.cells(self.layout)[column]


#: The ``row_ladder`` model of this edition: one rung, as the spacing reads each row.
_RUNG: Final = "as spaced where the spacing gives one cell per column, else Policy()"


def recover_table(
    annex: str,
    printed: Sequence[PrintedRow],
    total: PrintedRow,
    overrides: Mapping[str, Override] | None = None,
    cached: Mapping[str, Any] | None = None,
) -> RecoveredTable:
    """Decide every cell of Annex II or III (SPEC, method for doubtful rows).

    The Total row's thousands groupings that satisfy its own equations are the
    readings of the Total row; :func:`tools.staff.tables.recover` uses the one the rows
    meet at least cost and reads every row under both error models.
    """
    layout = layout_of(annex)
    found = [_readings(row, layout) for row in printed]
    readings = tuple(row_readings for row_readings, _ in found)
    rows = tuple(_raw_row(row) for row in printed)
    candidates = _total_readings(total, layout)
    spec = tables.Spec(
        layout=layout,
        rows=rows,
        variants=tuple(tables.Variant(totals=cells) for cells in candidates),
        rungs=(_RUNG,),
        ladder=lambda _: readings,
        overrides=dict(overrides or {}),
    )
    recovered = tables.recover(spec, cached)
    notes = [
        (
            row,
            how if recovered.decisions[index].settled else f"{how}; the totals leave it undecided",
        )
        for index, (row, (_, how)) in enumerate(zip(printed, found, strict=True))
        if how or not recovered.decisions[index].settled
    ]
    n_groupings = len(groupings(total.tokens, len(layout.columns)))
    grouped = (
        f"thousands separators: {n_groupings} groupings of the printed digits, "
        f"{len(candidates)} meeting the row's own equations, one meeting the column sums"
    )
    notes.append((total, grouped))
    return RecoveredTable(
        annex=annex,
        printed=tuple(printed),
        recovered=recovered,
        total_row=total,
        notes=tuple(notes),
    )


def load_overrides(annex: str, path: Path = OVERRIDES) -> dict[str, Override]:
    """Reviewed decisions for rows of one annex that the totals leave ambiguous.

    The file (absent while no row needs one) holds ``[[override]]`` tables with
    ``id``, ``annex``, ``label``, ``reasoning`` and ``cells`` (column -> value).
    """
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        entries = tomllib.load(handle).get("override", [])
    return {
        entry["id"]: Override(
            id=entry["id"],
            label=entry["label"],
            cells=dict(entry["cells"]),
            reasoning=entry["reasoning"],
        )
        for entry in entries
        if entry["annex"] == annex
    }


# ---------------------------------------------------------------------------------------
# Annexes I and IV: decoding the labelled tables
# ---------------------------------------------------------------------------------------

_SEX_OF: Final = {"Men": "M", "Women": "F"}
_BAND_OF: Final = {
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
BAND_GRADES: Final = {band: tuple(band.split("/")) for band in _BAND_OF.values()}
_CATEGORY_OF: Final = {
    "International Professionals": "professional",
    "International Professional": "professional",  # the 2020 edition's spelling
    "General Service and National Officers": "general_service",
}
_MEASURE_OF: Final = {
    "Number of Member State nationalities": "member_state_nationalities",
    "Number of non-member State nationalities": "non_member_state_nationalities",
    "Total nationalities represented": "total_nationalities",
    "Number of Member States": "member_states",
    "Percentage of Member States represented": "member_states_represented_percent",
}
_WOMEN_PERCENT: Final = re.compile(r"Percentage of women in (\d{4})")
_WOMEN_CHANGE: Final = re.compile(r"Change in percentage of women between (\d{4}) and (\d{4})")


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


def percent_of(part: int, whole: int) -> int:
    """``100 * part / whole`` rounded half up, as the tables print it.

    >>> percent_of(667, 5397)
    12
    """
    return (200 * part + whole) // (2 * whole)


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
    edition: int = EDITION
    source: str = SOURCE

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
    edition: int = EDITION,
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


def decode_annex1(
    raw_lines: Iterable[RawLine], *, edition: int = EDITION
) -> dict[int, DecodedTable]:
    """Annex I's four tables, decoded, by table number."""
    tables = read_labelled_tables(raw_lines, "I")
    if [table.name for table in tables] != [f"Annex I, Table {n}" for n in range(1, 5)]:
        msg = f"Annex I: expected Tables 1-4, found {[table.name for table in tables]}"
        raise ValueError(msg)
    t1, t2, t3, t4 = tables
    return {
        1: decode(t1, tuple(_SEX_OF), "Total", edition=edition),
        2: decode(t2, tuple(_SEX_OF), f"Total in {t2.corner}", edition=edition),
        3: decode(t3, tuple(_SEX_OF), "Total", edition=edition),
        4: decode(t4, _present(t4, _CATEGORY_OF), "Total", edition=edition),
    }


def decode_annex4(raw_lines: Iterable[RawLine], *, edition: int = EDITION) -> DecodedTable:
    """Annex IV's table, decoded."""
    (table,) = read_labelled_tables(raw_lines, "IV")
    member, non_member, total, states = list(_MEASURE_OF)[:4]
    return decode(table, (member, non_member), total, (states,), edition=edition)


# ---------------------------------------------------------------------------------------
# Row emission
# ---------------------------------------------------------------------------------------

Row = dict[str, object]


def _stamp(table: DecodedTable) -> Row:
    return {"edition": table.edition, "source": table.source, "locator": table.locator}


def _annex1_rows(annex1: dict[int, DecodedTable]) -> dict[str, list[Row]]:
    """The rows of the Annex I datasets and their published totals."""
    t1, t2, t3, t4 = (annex1[n] for n in range(1, 5))
    out: dict[str, list[Row]] = {
        "professional_staff_by_sex": _by_sex_rows(t1),
        "senior_staff_by_sex": _by_sex_rows(t3),
        "women_share_by_grade": _band_rows(t2),
        "staff_by_category": [
            {**_stamp(t4), "year": year, "category": _CATEGORY_OF[label], "count": count}
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
        for label, sex in _SEX_OF.items()
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
    bands = [_BAND_OF[label] for label in table.table.columns]
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
        percent, change = _WOMEN_PERCENT.fullmatch(label), _WOMEN_CHANGE.fullmatch(label)
        if percent is not None:
            add(int(percent.group(1)), None, "women_percent", values)
        elif change is not None:
            add(int(change.group(2)), int(change.group(1)), "women_percent_change", values)
        else:
            msg = f"{table.locator}: unknown row {label!r}"
            raise ValueError(msg)
    return rows


def _annex4_rows(table: DecodedTable) -> list[Row]:
    values = {**table.counts, **table.percents}
    return [
        {**_stamp(table), "year": year, "measure": _MEASURE_OF[label], "value": value}
        for label in _MEASURE_OF
        for year, value in zip(table.years(), values[label], strict=True)
        if value is not None
    ]


def _nationality_rows(table: RecoveredTable) -> dict[str, list[Row]]:
    """Cells of Annex II or III, their published totals and the unsettled rows' readings."""
    layout = table.layout
    rec = table.recovered
    locators = [row.locator for row in table.printed]
    out: dict[str, list[Row]] = {
        **tables.table_rows(rec, edition=EDITION, source=SOURCE, locators=locators),
        "published_totals": [],
    }
    out["staff_ambiguous_readings"] = tables.reading_rows(
        rec, edition=EDITION, source=SOURCE, locators=locators, nationality=_canonical_names()
    )
    at_total = layout.index(TOTAL)
    for row, decision in zip(table.printed, rec.decisions, strict=True):
        out["published_totals"].append(
            {
                "edition": EDITION,
                "dataset": "staff_by_nationality_grade",
                "row_label": row.name,
                "column_label": TOTAL,
                "value": decision.reading.values[at_total],
                "unit": "persons",
                "cell_status": decision.statuses[at_total],
                "derivation": decision.derivations[at_total],
                "source": SOURCE,
                "locator": row.locator,
            }
        )
    for dataset, columns in (
        ("staff_by_nationality_grade", (*layout.grades, TOTAL)),
        ("staff_by_nationality_sex", SEXES),
    ):
        out["published_totals"] += published_total_rows(
            {(TOTAL, column): table.total(column) for column in columns},
            dataset=dataset,
            edition=EDITION,
            source=SOURCE,
            locator=table.total_row.locator,
        )
    return out


def _canonical_names() -> dict[str, str]:
    """Printed name -> canonical nationality, from the reviewed country table."""
    path = Path(__file__).resolve().parent / "reference" / "country_names.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["name_as_printed"]: row["nationality"] for row in csv.DictReader(handle)}


# ---------------------------------------------------------------------------------------
# Proofs
# ---------------------------------------------------------------------------------------


@attrs.define
class Ledger:
    """staff_common's :class:`Proofs`, keeping both sides of each equation for errata.

    An equation's key is its locator and its wording; :data:`KNOWN_ERRATA` refers to it.
    """

    proofs: Proofs
    sides: dict[str, tuple[str, str, str]] = attrs.field(factory=dict)

    def equal(
        self, locator: str, equation: str, published: int, computed: int, unit: str = ""
    ) -> None:
        """Prove that ``published`` equals ``computed`` (or that an erratum says why not)."""
        key = f"{locator}|{equation}"
        self.sides[key] = (locator, f"{published}{unit}", f"{computed}{unit}")
        self.proofs.equal(key, published, computed, what=f"{locator}: {equation}")

    def within(self, locator: str, equation: str, published: int, low: int, high: int) -> None:
        """Prove that ``published`` lies between ``low`` and ``high``."""
        key = f"{locator}|{equation}"
        self.sides[key] = (locator, str(published), f"{low} to {high}" if low < high else str(low))
        # Clamping the published value into the range changes it exactly when it is outside.
        clamped = min(max(published, low), high)
        self.proofs.equal(key, published, clamped, what=f"{locator}: {equation}")


def _change_proofs(
    ledger: Ledger, table: DecodedTable, label: str, pairs: Iterable[tuple[str, str, str]]
) -> None:
    """A printed change (points) against two printed percentages: (column, start, end)."""
    for column, start, end in pairs:
        printed = table.percent(label, column)
        a, b = _split_percent(table, start), _split_percent(table, end)
        if printed is not None and a is not None and b is not None:
            ledger.equal(
                table.locator, f"{label}, {column} = {end} - {start}", printed, b - a, " points"
            )


def _split_percent(table: DecodedTable, where: str) -> int | None:
    label, column = where.rsplit(", ", 1)
    return table.percent(label, column)


def annex1_proofs(
    ledger: Ledger, annex1: dict[int, DecodedTable], gs: RecoveredTable, prof: RecoveredTable
) -> None:
    """Annex I's percentages and changes, and its agreement with Annexes II and III."""
    t1, t2, t3, t4 = (annex1[n] for n in range(1, 5))
    year = t2.table.corner  # the edition year, the only year Table 2 counts
    for table in (t1, t2, t3, t4):
        sum_proofs(ledger, table)
    _percent_proofs(ledger, t1, "Percentage of women", "Women", "Total")
    _percent_proofs(ledger, t3, "Percentage of women", "Women", "Total")
    _percent_proofs(
        ledger,
        t4,
        "Percentage of international Professional",
        "International Professionals",
        "Total",
    )
    _percent_proofs(ledger, t2, f"Percentage of women in {year}", "Women", f"Total in {year}")
    change = next(label for label in t2.percents if label.startswith("Change"))
    first, last = _WOMEN_CHANGE.fullmatch(change).groups()  # type: ignore[union-attr]
    _change_proofs(
        ledger,
        t2,
        change,
        (
            (
                band,
                f"Percentage of women in {first}, {band}",
                f"Percentage of women in {last}, {band}",
            )
            for band in t2.table.columns
        ),
    )
    years = t3.table.columns
    label = "Change in percentage of women"
    _change_proofs(
        ledger,
        t3,
        label,
        (
            (end, f"Percentage of women, {start}", f"Percentage of women, {end}")
            for start, end in itertools.pairwise(years)
        ),
    )
    # Table 2 by grade band against Annex III (Table 2 leaves out E-1 and E-2).
    for column in t2.table.columns:
        grades = BAND_GRADES[_BAND_OF[column]]
        ledger.equal(
            t2.locator,
            f"Total in {year}, {column} = Annex III Total row, {' + '.join(grades)}",
            t2.value(f"Total in {year}", column),
            sum(prof.total(grade) for grade in grades),
        )
    top = prof.total("E-1") + prof.total("E-2")
    ledger.equal(
        t1.locator,
        f"Total, {year} = Table 2 Total in {year}, all bands + Annex III E-1 + E-2",
        t1.value("Total", year),
        sum(t2.counts[f"Total in {year}"]) + top,
    )
    for label, column in (("Men", "M"), ("Women", "F"), ("Total", "Total")):
        ledger.equal(
            t1.locator,
            f"{label}, {year} = Annex III Total row, {column}",
            t1.value(label, year),
            prof.total(column),
        )
    senior = ("D-2", "D-1", "P-5")
    ledger.equal(
        t3.locator,
        f"Total, {year} = Annex III Total row, {' + '.join(senior)} (E-1, E-2 left out)",
        t3.value("Total", year),
        sum(prof.total(grade) for grade in senior),
    )
    for label in _SEX_OF:
        ledger.equal(
            t3.locator,
            f"{label}, {year} = Table 2 {label}, P-5 + D-1\u2013D-2",
            t3.value(label, year),
            t2.value(label, "P-5") + t2.value(label, "D-1\u2013D-2"),
        )
    for column in t1.table.columns:
        ledger.equal(
            t4.locator,
            f"International Professionals, {column} = Table 1 Total, {column}",
            t4.value("International Professionals", column),
            t1.value("Total", column),
        )
    for label, annex in zip(t4.parts, (prof, gs), strict=True):
        ledger.equal(
            t4.locator,
            f"{label}, {year} = Annex {annex.annex} Total row, Total",
            t4.value(label, year),
            annex.total(TOTAL),
        )


def annex4_proofs(
    ledger: Ledger, table: DecodedTable, gs: RecoveredTable, prof: RecoveredTable
) -> None:
    """Annex IV's percentages, and its edition-year counts against Annexes II and III."""
    member, non_member, _total, states, percent = _MEASURE_OF
    sum_proofs(ledger, table)
    _percent_proofs(ledger, table, percent, member, states)
    year = str(EDITION)
    staffed = [row for index, row in enumerate(prof.printed) if prof.value(index, TOTAL) > 0]
    ledger.equal(
        table.locator,
        f"{member}, {year} = Member State rows of Annex III with staff",
        table.value(member, year),
        sum(row.member_state for row in staffed),
    )
    named = [row for row in staffed if not row.member_state and row.name != "Other"]
    other = sum(
        prof.value(index, TOTAL) for index, row in enumerate(prof.printed) if row.name == "Other"
    )
    # The Other row holds at least one and at most `other` further nationalities.
    ledger.within(
        table.locator,
        f"{non_member}, {year} = non-member rows of Annex III with staff, "
        "plus the nationalities of its Other row",
        table.value(non_member, year),
        len(named) + min(other, 1),
        len(named) + other,
    )
    for annex in (gs, prof):
        ledger.equal(
            table.locator,
            f"{states}, {year} = rows of the Member States section of Annex {annex.annex}",
            table.value(states, year),
            sum(row.member_state for row in annex.printed),
        )


def sum_proofs(ledger: Ledger, table: DecodedTable) -> None:
    """The part rows of a table add up to its total row in every column."""
    for column in table.table.columns:
        ledger.equal(
            table.locator,
            f"{' + '.join(table.parts)} = {table.total}, {column}",
            table.value(table.total, column),
            sum(table.value(part, column) for part in table.parts),
        )


def _percent_proofs(
    ledger: Ledger, table: DecodedTable, label: str, part: str, whole: str
) -> None:
    """A printed percentage row against two count rows of the same table."""
    for column in table.table.columns:
        printed = table.percent(label, column)
        if printed is not None:
            ledger.equal(
                table.locator,
                f"{label}, {column} = 100 x {part} / {whole}, rounded",
                printed,
                percent_of(table.value(part, column), table.value(whole, column)),
                "%",
            )


# ---------------------------------------------------------------------------------------
# Errata: the published inconsistencies, reviewed
# ---------------------------------------------------------------------------------------

# Proof key -> (erratum id, explanation). A proof that fails must be listed here, and a
# listed proof must fail: the build raises otherwise, so the list stays true to the text.
KNOWN_ERRATA: Final[dict[str, tuple[str, str]]] = {
    "Annex I, Table 4|Percentage of international Professional, 2005 = "
    "100 x International Professionals / Total, rounded": (
        "ar2018-annex1-table4-2005-professional-share",
        (
            "The share of international Professionals printed for 2005 does not follow "
            "from the counts printed beside it: 667 of 5 397 staff is 12.4 per cent, which "
            "rounds to 12, not 14. Every other year of the row agrees with its counts. The "
            "published value is kept; the 2020 edition prints the same figure for 2005."
        ),
    ),
}


def new_ledger() -> Ledger:
    """A ledger whose proofs accept exactly the failures :data:`KNOWN_ERRATA` explains."""
    explained = {erratum: [key] for key, (erratum, _) in KNOWN_ERRATA.items()}
    return Ledger(Proofs(explained=explained))


def errata_rows(ledger: Ledger) -> list[Row]:
    """The errata rows of the failures the ledger met; every listed erratum must occur."""
    failing = dict(ledger.proofs.failures_explained)
    unmet = sorted(key for key in KNOWN_ERRATA if key not in failing)
    if unmet:
        msg = f"{SOURCE}: errata listed for equations that were never checked: {unmet}"
        raise ProofError(msg)
    rows = []
    for key, erratum in failing.items():
        if key not in ledger.sides:
            msg = f"{SOURCE}: {erratum} explains {key}, whose printed values are not recorded"
            raise ProofError(msg)
        locator, published, established = ledger.sides[key]
        explanation = KNOWN_ERRATA[key][1]
        rows.append(
            Erratum(
                id=erratum,
                source=SOURCE,
                locator=locator,
                published=published,
                established=established,
                explanation=explanation,
            ).row()
        )
    return rows


# ---------------------------------------------------------------------------------------
# Agreement with the 2020 edition
# ---------------------------------------------------------------------------------------

# The datasets both editions fill for the years they share, with the columns that name a
# value and the column that holds it. Annexes II and III count different years, so only
# Annex I and Annex IV are compared (published_totals: the Annex I rows only).
COMPARED: Final[dict[str, tuple[tuple[str, ...], str]]] = {
    "professional_staff_by_sex": (("year", "sex"), "count"),
    "senior_staff_by_sex": (("year", "sex"), "count"),
    "staff_by_category": (("year", "category"), "count"),
    "women_share_by_grade": (("year", "base_year", "grade_band", "measure"), "value"),
    "nationalities_represented": (("year", "measure"), "value"),
    "published_totals": (("dataset", "row_label", "column_label"), "value"),
}
_ANNEX1_DATASETS: Final = frozenset(
    {"professional_staff_by_sex", "senior_staff_by_sex", "staff_by_category"}
)


def _comparable(name: str, rows: Iterable[Row]) -> dict[tuple[object, ...], Row]:
    keys, _ = COMPARED[name]
    return {
        tuple(row[key] for key in keys): row
        for row in rows
        if name != "published_totals" or row["dataset"] in _ANNEX1_DATASETS
    }


def restatement_id(name: str, key: Sequence[object]) -> str:
    """The erratum id of a value the 2020 edition restates (see tests/test_editions_agree).

    >>> restatement_id("professional_staff_by_sex", (2017, "F"))
    'ar2020-restated-professional-staff-by-sex-2017-f'
    """
    parts = [name, *(str(part) for part in key if part is not None)]
    slug = re.sub(r"[^a-z0-9]+", "-", " ".join(parts).lower()).strip("-")
    return f"ar2020-restated-{slug}"


# The 2020 edition's raw files (written by tools/staff2020.py): one source line per
# line, "<line number> TAB <kind> TAB <the line verbatim>", kind being row, columns or
# marker (a marker of that module's, e.g. "table 2", as in this module's raw files).
_RAW_2020: Final = {"I": "ar2020_annex1.tsv", "IV": "ar2020_annex4.tsv"}
_RAW_2020_KINDS: Final = frozenset({"row", "columns", "marker"})


def ar2020_lines(annex: str, raw_dir: Path = RAW) -> list[RawLine]:
    """The 2020 edition's Annex I or IV lines, read from its raw file.

    Only the lines are read here; the values are then decoded exactly as this module
    decodes the 2018 edition's (thousands separators by the arithmetic, and so on).
    """
    path = raw_dir / _RAW_2020[annex]
    lines: list[RawLine] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        lineno, kind, text = line.split("\t", 2)
        if kind not in _RAW_2020_KINDS or not lineno.isdigit():
            msg = f"{path.name}: unexpected line {line!r}"
            raise ValueError(msg)
        marker = kind == "marker"
        lines.append(RawLine(int(lineno), "" if marker else text, text if marker else ""))
    return lines


def rows_2020(raw_dir: Path = RAW) -> dict[str, list[Row]]:
    """The 2020 edition's Annex I and IV rows, decoded as this module decodes 2018's."""
    annex1 = decode_annex1(ar2020_lines("I", raw_dir), edition=2020)
    annex4 = decode_annex4(ar2020_lines("IV", raw_dir), edition=2020)
    return _merge(_annex1_rows(annex1), {"nationalities_represented": _annex4_rows(annex4)})


def restatements(
    rows_2018: Mapping[str, Sequence[Row]], rows_2020: Mapping[str, Sequence[Row]]
) -> list[Row]:
    """An erratum for every value the two editions print differently for the same year.

    Parameters
    ----------
    rows_2018, rows_2020
        Rows of the :data:`COMPARED` datasets, each edition's as it prints them.
    """
    errata: list[Row] = []
    for name, (keys, column) in COMPARED.items():
        old = _comparable(name, rows_2018.get(name, []))
        new = _comparable(name, rows_2020.get(name, []))
        for key in sorted(set(old) & set(new), key=str):
            before, after = old[key], new[key]
            if before[column] == after[column]:
                continue
            what = ", ".join(f"{k} {v}" for k, v in zip(keys, key, strict=True) if v is not None)
            errata.append(
                Erratum(
                    id=restatement_id(name, key),
                    source="ar2020",
                    locator=str(after["locator"]),
                    published=str(after[column]),
                    established=str(before[column]),
                    explanation=(
                        f"The 2020 edition ({after['locator']}) prints {after[column]} for "
                        f"{name}, {what}, where the 2018 edition ({before['locator']}) "
                        f"printed {before[column]}. Each edition keeps the value it prints."
                    ),
                ).row()
            )
    return errata


# ---------------------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------------------


@attrs.frozen
class Edition2018:
    """Everything recovered from the 2018 annexes, before it becomes rows."""

    annex1: dict[int, DecodedTable]
    general_service: RecoveredTable
    professional: RecoveredTable
    annex4: DecodedTable

    def prove(self) -> Ledger:
        """Run every proof over the recovered numbers (raises on an unexplained failure)."""
        gs, prof = self.general_service, self.professional
        ledger = new_ledger()
        for table in (gs, prof):
            ledger.proofs.check_table(list(table.resolutions), table.problem)
        annex1_proofs(ledger, self.annex1, gs, prof)
        annex4_proofs(ledger, self.annex4, gs, prof)
        return ledger


def recover(raw_dir: Path = RAW) -> Edition2018:
    """Read the raw files and decide every number of the 2018 annexes.

    The searches are kept in :data:`SEARCH_CACHE` (keyed on their inputs and the
    engine version); ``use_search_cache = False`` redoes them.
    """
    cached = tables.read_cache(SEARCH_CACHE) if raw_dir == RAW and use_search_cache else {}
    recovered = {
        annex: recover_table(
            annex,
            *read_table(annex, read_raw(annex, raw_dir)),
            load_overrides(annex),
            cached.get(f"Annex {annex}"),
        )
        for annex in ("II", "III")
    }
    if raw_dir == RAW:
        tables.write_cache(
            SEARCH_CACHE, {f"Annex {a}": t.recovered.cache for a, t in recovered.items()}
        )
    return Edition2018(
        annex1=decode_annex1(read_raw("I", raw_dir)),
        general_service=recovered["II"],
        professional=recovered["III"],
        annex4=decode_annex4(read_raw("IV", raw_dir)),
    )


def _merge(*parts: dict[str, list[Row]]) -> dict[str, list[Row]]:
    merged: dict[str, list[Row]] = {}
    for part in parts:
        for name, rows in part.items():
            merged.setdefault(name, []).extend(rows)
    return merged


def build() -> dict[str, list[dict[str, object]]]:
    """The rows of every staff dataset of the 2018 edition, proven (see tools/README.md)."""
    edition = recover()
    rows = _merge(
        _annex1_rows(edition.annex1),
        _nationality_rows(edition.general_service),
        _nationality_rows(edition.professional),
        {"nationalities_represented": _annex4_rows(edition.annex4)},
    )
    errata = errata_rows(edition.prove()) + restatements(rows, rows_2020())
    return _merge(rows, {"errata": errata})


# ---------------------------------------------------------------------------------------
# Summary for the terminal
# ---------------------------------------------------------------------------------------

_STATUSES: Final = tables.STATUSES


def summary(edition: Edition2018, errata: Sequence[Row]) -> list[str]:
    """One line per table (rows; cells by status; errata) and the rows not read as spaced.

    Each row that the spacing alone did not decide is listed with how it was decided.
    """
    lines: list[str] = []
    per_table = Counter(str(erratum["locator"]).split(", page")[0] for erratum in errata)
    for table in (*edition.annex1.values(), edition.annex4):
        cells = sum(len(values) for values in table.counts.values())
        cells += sum(value is not None for values in table.percents.values() for value in values)
        lines.append(
            f"{table.locator}: {len(table.table.rows)} rows; {cells} cells, all printed; "
            f"errata {per_table[table.locator]}"
        )
    for recovered in (edition.general_service, edition.professional):
        layout = recovered.layout
        at_total = layout.index(TOTAL)
        totals = Counter(d.statuses[at_total] for d in recovered.recovered.decisions)
        lines.append(
            f"{layout.table}: {len(recovered.printed)} rows + Total row; row Totals "
            f"{_counts(totals)}; Total row {len(layout.columns)} printed; "
            f"errata {per_table[layout.table]}"
        )
        lines += tables.summary_lines(recovered.recovered)
        lines.extend(
            f"  {row.name} ({row.locator}, line {row.linenos[-1]}): {how}"
            for row, how in recovered.notes
        )
    lines.append(f"errata: {len(errata)} ({', '.join(str(e['id']) for e in errata)})")
    return lines


def _counts(counts: Mapping[Any, int]) -> str:
    return ", ".join(f"{status} {counts.get(status, 0)}" for status in _STATUSES)


def main() -> None:
    """Build, prove and print the summary."""
    edition = recover()
    errata = errata_rows(edition.prove())
    for line in summary(edition, errata):
        print(line)
    for name, dataset in sorted(build().items()):
        print(f"{name}: {len(dataset)} rows")


if __name__ == "__main__":
    main()
