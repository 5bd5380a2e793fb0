"""Staff statistics of the Annual Report for 2018 (C/110/4), Annexes I-IV.

Two stages, as every pipeline module (see ``tools/README.md``):

* :func:`slice_sources` copies the annex lines of ``ar2018.txt`` into
  ``tools/raw/ar2018_annex{1,2,3,4}.txt``, verbatim and with every space kept (the
  spaces are the evidence of the empty cells), each line tagged with its line number
  in the source. Table titles, annex titles and legends are prose, so they are not
  copied: a title becomes a marker of our own (``~table 2``), the others are dropped.
* :func:`build` reads only those raw files, recovers every cell of Annexes II and III
  with the engine (:mod:`tools.staff.readings`, :mod:`tools.staff.solver`), decodes
  Annexes I and IV (:mod:`tools.staff.annexes`), proves the arithmetic
  (:mod:`tools.staff.proofs`), compares Annexes I and IV with the 2020 edition
  (:mod:`tools.staff.editions`) and returns the rows of each dataset.

How the 2018 text lays out a table row: the row label, then each cell followed by one
space, an empty cell being the empty string. So ``"Albania 2    1 4"`` is ``Albania``,
``2``, three empty cells, ``1``, ``4``. A number-only line (the numbers of a name that
wrapped over several lines) has no separator in front of its first cell. Numbers of
four digits and more are printed with a space as thousands separator (``1 769``),
which the arithmetic, not the spacing, tells apart from two cells.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from tools.staff import ar2020, model_summary, tables
from tools.staff.annexes import (
    ANNEXES,
    CATEGORY_OF,
    DecodedTable,
    RawLine,
    annex1_rows,
    annex4_rows,
    annex_starts,
    decide_counts,
    decode_annex1,
    decode_annex4,
    groupings,
    read_labelled_tables,
)
from tools.staff.editions import restatements
from tools.staff.emit import Row, table_rows
from tools.staff.errata import errata, explained, read_registry
from tools.staff.proofs import (
    Erratum,
    Ledger,
    Proofs,
    annex1_proofs,
    erratum_row,
    professional_share,
)
from tools.staff.readings import (
    SEXES,
    TOTAL,
    Layout,
    Origin,
    Policy,
    RawRow,
    Reading,
    enumerate_readings,
)
from tools.staff.statuses import (
    Override,
    RecoveredTable,
    read_overrides,
)

__all__ = ["annex_total_staff", "build", "recover", "slice_sources"]

SOURCE: Final = "ar2018"
EDITION: Final = 2018
RAW: Final = Path(__file__).resolve().parent.parent / "raw"
REFERENCE: Final = Path(__file__).resolve().parent.parent / "reference"
OVERRIDES: Final = REFERENCE / "overrides_ar2018.toml"
#: What the integer programs found at the last build (see tools/README.md).
SEARCH_CACHE: Final = Path(__file__).resolve().parent.parent / "cache" / "ar2018_search.json"
#: Whether :func:`recover` may use :data:`SEARCH_CACHE` (``build_data --fresh`` turns it off).
use_search_cache = True
#: The Annex III grades that Annex I, Table 2 leaves out of its bands (Table 1 counts them).
TABLE2_LEAVES_OUT: Final = ("E-1", "E-2")


# One raw file per annex, numbered in the order the text prints them.
_RAW_NAMES: Final = {annex: f"{SOURCE}_annex{n}.txt" for n, annex in enumerate(ANNEXES, 1)}

# ---------------------------------------------------------------------------------------
# Stage 1: slicing
# ---------------------------------------------------------------------------------------

_TABLE_TITLE: Final = re.compile(r"^Table (\d)\. ")
# A column-heading line of Annex I or IV: it opens with a year or with "Category".
_ANNEX1_HEADING: Final = re.compile(r"^(\d{4} |Category )")
# Lines of Annexes II and III that explain abbreviations (prose, not data).
_LEGEND: Final = re.compile(r"^(G|E-1): ")


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
        f"# {SOURCE} Annex {annex}: lines of ar2018.txt, written by tools/staff/ar2018.py.",
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
    starts = annex_starts(lines, SOURCE)
    ends = [*(starts[annex] for annex in ANNEXES[1:]), len(lines)]
    for annex, end in zip(ANNEXES, ends, strict=True):
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
# Annexes II and III: from printed rows to cells (the engine: tools/staff/)
# ---------------------------------------------------------------------------------------

# A row whose spacing gives one cell per column is read as spaced: the only reading
# allowed is the one that moves no number. Any other row may move its numbers as far
# as the engine's default policy allows, and the column totals choose.
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


#: The ``row_ladder`` model of this edition: one rung, as the spacing reads each row.
_RUNG: Final = "as spaced where the spacing gives one cell per column, else Policy()"


def recover_table(
    annex: str,
    printed: Sequence[PrintedRow],
    total: PrintedRow,
    overrides: Mapping[str, Override] | None = None,
    cached: Mapping[str, Any] | None = None,
) -> tuple[RecoveredTable, tables.Recovered]:
    """Decide every cell of Annex II or III (SPEC, method for doubtful rows).

    Each row gets its readings (:func:`_readings`: the ``row_ladder`` model's); the Total
    row its thousands groupings that satisfy its own equations. The error models
    (:func:`tools.staff.tables.recover`) read the table with the grouping the rows meet
    at least cost and decide every cell.
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
    model = tables.recover(spec, cached)
    notes = [
        f"{row.name} ({row.locator}, line {row.linenos[-1]}): "
        + (how if model.decisions[index].settled else f"{how}; the totals leave it open")
        for index, (row, (_, how)) in enumerate(zip(printed, found, strict=True))
        if how or not model.decisions[index].settled
    ]
    n_groupings = len(groupings(total.tokens, len(layout.columns)))
    notes.append(
        f"{total.name} ({total.locator}, line {total.linenos[-1]}): thousands separators: "
        f"{n_groupings} groupings of the printed digits, {len(candidates)} meeting the row's "
        "own equations, one meeting the column sums"
    )
    table = RecoveredTable(
        annex=annex,
        problem=model.problem(),
        resolutions=tuple(model.resolutions()),
        locators=tuple(row.locator for row in printed),
        total_locator=total.locator,
        notes=tuple(notes),
    )
    return table, model


# ---------------------------------------------------------------------------------------
# Errata: the published inconsistencies, reviewed
# ---------------------------------------------------------------------------------------


def _errata_values(edition: Edition2018) -> dict[str, dict[str, object]]:
    """The values of each erratum the data call for (texts: ``reference/errata.toml``).

    Which proofs each erratum explains is in the registry; ``tools/build_data.py``
    proves them on the shipped rows.
    """
    out: dict[str, dict[str, object]] = {}
    # Annex I, Table 4's share of international Professional staff.
    table4 = edition.annex1[4]
    for column in table4.table.columns:
        share = professional_share(table4, column)
        if share["printed"] is not None and share["printed"] != share["computed"]:
            out[f"{SOURCE}-annex1-table4-{column}-professional-share"] = share
    return out


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
    #: Both tables under every error model, by annex (``II``, ``III``).
    models: dict[str, tables.Recovered]

    def prove(self) -> Ledger:
        """Run the pipeline's own checks (raises on an unexplained failure).

        The equations of the shipped rows are proven by ``tools/build_data.py``
        (:mod:`iomdata._proofs`).
        """
        gs, prof = self.general_service, self.professional
        ledger = Ledger(Proofs(explained=explained(read_registry(), SOURCE)))
        for table in (gs, prof):
            ledger.proofs.check_table(table.resolutions, table.problem)
        annex1_proofs(ledger, self.annex1, prof, outside_table2=TABLE2_LEAVES_OUT)
        return ledger


def recover(raw_dir: Path = RAW) -> Edition2018:
    """Read the raw files and decide every number of the 2018 annexes.

    The searches are kept in :data:`SEARCH_CACHE` (keyed on their inputs and the
    engine version); ``use_search_cache = False`` redoes them.
    """
    overrides = read_overrides(OVERRIDES)
    cached = tables.read_cache(SEARCH_CACHE) if raw_dir == RAW and use_search_cache else {}
    recovered = {
        annex: recover_table(
            annex,
            *read_table(annex, read_raw(annex, raw_dir)),
            overrides.get(f"Annex {annex}"),
            cached.get(f"Annex {annex}"),
        )
        for annex in ("II", "III")
    }
    if raw_dir == RAW:
        tables.write_cache(
            SEARCH_CACHE, {f"Annex {a}": model.cache for a, (_, model) in recovered.items()}
        )
    return Edition2018(
        annex1=decode_annex1(read_raw("I", raw_dir), edition=EDITION),
        general_service=recovered["II"][0],
        professional=recovered["III"][0],
        annex4=decode_annex4(read_raw("IV", raw_dir), edition=EDITION),
        models={annex: model for annex, (_, model) in recovered.items()},
    )


def annex_total_staff(raw_dir: Path = RAW) -> dict[int, int]:
    """Total staff per year, as Annex I, Table 4 of the 2018 edition prints it.

    The thousands separators are decided by the table's own sums (categories add up to
    the Total row), as for the staff datasets.
    """
    tables = read_labelled_tables(read_raw("I", raw_dir), "I")
    table = next(t for t in tables if t.name == "Annex I, Table 4")
    parts = [row.label for row in table.rows if row.label in CATEGORY_OF]
    counts = decide_counts(table, parts, "Total")
    return {int(year): count for year, count in zip(table.columns, counts["Total"], strict=True)}


def _merge(*parts: Mapping[str, list[Row]]) -> dict[str, list[Row]]:
    merged: dict[str, list[Row]] = {}
    for part in parts:
        for name, rows in part.items():
            merged.setdefault(name, []).extend(rows)
    return merged


def build() -> dict[str, list[dict[str, object]]]:
    """The rows of every staff dataset of the 2018 edition, proven (see tools/README.md)."""
    edition = recover()
    rows = _merge(
        annex1_rows(edition.annex1),
        table_rows(
            edition.general_service, edition=EDITION, source=SOURCE, model=edition.models["II"]
        ),
        table_rows(
            edition.professional, edition=EDITION, source=SOURCE, model=edition.models["III"]
        ),
        {"nationalities_represented": annex4_rows(edition.annex4)},
    )
    errata = [erratum_row(erratum) for erratum in _errata(edition)]
    return _merge(rows, {"errata": errata + restatements(rows, ar2020.labelled_rows())})


# ---------------------------------------------------------------------------------------
# Summary for the terminal
# ---------------------------------------------------------------------------------------

_STATUSES: Final = tables.STATUSES


def _errata(edition: Edition2018) -> list[Erratum]:
    """Prove every equation and return the errata the registry holds for the failures."""
    ledger = edition.prove()
    return errata(read_registry(), SOURCE, ledger, _errata_values(edition))


def summary(edition: Edition2018, errata: Sequence[Erratum]) -> list[str]:
    """One line per table (rows; cells by status; errata) and the rows not read as spaced.

    Each row that the spacing alone did not decide is listed with how it was decided.
    """
    lines: list[str] = []
    per_table = Counter(erratum.locator.split(", page")[0] for erratum in errata)
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
        totals = Counter(res.statuses[at_total] for res in recovered.resolutions)
        lines.append(
            f"{layout.table}: {len(recovered.rows)} rows + Total row; row Totals "
            f"{_counts(totals)}; Total row {len(layout.columns)} printed; "
            f"errata {per_table[layout.table]}"
        )
        lines += model_summary.summary_lines(edition.models[recovered.annex])
        lines.extend(f"  {note}" for note in recovered.notes)
    lines.append(f"errata: {len(errata)} ({', '.join(e.id for e in errata)})")
    return lines


def _counts(counts: Mapping[Any, int]) -> str:
    return ", ".join(f"{status} {counts.get(status, 0)}" for status in _STATUSES)


def main() -> None:
    """Build, prove and print the summary."""
    edition = recover()
    for line in summary(edition, _errata(edition)):
        print(line)
    for name, dataset in sorted(build().items()):
        print(f"{name}: {len(dataset)} rows")


if __name__ == "__main__":
    main()
