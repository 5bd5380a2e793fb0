"""The worked example of the recovery page: one shifted row of a General Service annex.

It takes the printed row from ``tools/raw/`` (the pipeline's verbatim slice of the
source) and everything else from the bundled data, and shows, step by step, how the
row's equations and the table's column totals single out its reading:

1. the printed cells, and what reading them where they stand makes of the row;
2. which printed number can be the Total (the row sum and F + M decide);
3. every placement of the grade numbers the whitespace allows (a rung of the ``row_ladder`` model, ``Policy``'s defaults:
   order kept, each number at most ``MAX_SHIFT`` columns from where it was printed, the
   shift changing at most ``MAX_BREAKS`` times along the row, at most ``MAX_EDITS``
   empty cells inserted or deleted);
4. the column totals: the printed Total row minus every other row of the table leaves
   exactly what this row must hold; the placement that matches it is the reading.

The result is compared with the shipped cells and the build fails if they disagree, so
the example is a second, independent proof of that row, not an illustration.

The example is the first of :data:`EXAMPLES` whose edition the package ships: a 2020 row
(the tab-separated text, where shifted rows are common) once the 2020 annexes are in the
data, otherwise the one shifted row of the 2018 Annex II.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl

import iomdata
from iomdocs.markdown import escape, table

__all__ = [
    "EXAMPLES",
    "MAX_BREAKS",
    "MAX_EDITS",
    "MAX_SHIFT",
    "Placement",
    "PrintedRow",
    "analyse",
    "placements",
    "worked_example_fragment",
]

#: The whitespace rule (the defaults of ``tools.staff.readings.Policy``).
MAX_SHIFT: Final = 3
MAX_EDITS: Final = 4
MAX_BREAKS: Final = 2
CATEGORY: Final = "general_service"
ANNEX: Final = "Annex II"
TOTAL, SEXES = "Total", ("F", "M")


class WorkedExampleError(Exception):
    """The raw slice or the data do not support the worked example as written."""


@dataclass(frozen=True, slots=True)
class PrintedRow:
    """A nationality row of Annex II as the raw slice holds it."""

    edition: int
    label: str
    #: Lines of the source text (two or more for a name that wraps).
    lines: tuple[int, ...]
    #: The raw file under ``tools/raw/``.
    raw_file: str
    #: The printed cells after the name, in order; an empty cell is ``""``.
    cells: tuple[str, ...]
    #: The grade columns in the order the heading prints them.
    grades: tuple[str, ...]
    #: How the text separates cells, in words.
    separator: str
    #: The printed line(s) of the row, verbatim, with the separator made visible.
    verbatim: str


@dataclass(frozen=True, slots=True)
class Token:
    """A printed number and the cell it was printed in (0 = first after the name)."""

    value: int
    cell: int


@dataclass(frozen=True, slots=True)
class Placement:
    """Grade numbers placed on grade columns, with the whitespace edits it needs."""

    columns: tuple[int, ...]
    edits: int


def tokens(cells: Sequence[str]) -> list[Token]:
    """The printed numbers of a row."""
    return [Token(int(text.replace(" ", "")), i) for i, text in enumerate(cells) if text.strip()]


def placements(cells: Sequence[int], n_grades: int, total_shift: int) -> Iterator[Placement]:
    """Order-preserving placements of numbers printed in ``cells`` on grade columns.

    Each number moves from the cell it was printed in by a displacement. Read along the
    row, from 0 before the first number to the Total's own displacement ``total_shift``
    after the last, the displacement may change at most ``MAX_BREAKS`` times (the
    extraction shifts runs of cells), never exceed ``MAX_SHIFT``, and its total
    variation, the fewest empty cells to insert or delete, is the placement's edits.
    """

    def walk(
        i: int, lowest: int, previous: int, breaks: int, used: int, acc: tuple[int, ...]
    ) -> Iterator[Placement]:
        if i == len(cells):
            cost = used + abs(total_shift - previous)
            if breaks + (total_shift != previous) <= MAX_BREAKS and cost <= MAX_EDITS:
                yield Placement(acc, cost)
            return
        printed = cells[i]
        first, last = max(lowest, printed - MAX_SHIFT), min(n_grades - 1, printed + MAX_SHIFT)
        for column in range(first, last + 1):
            shift = column - printed
            step, changes = used + abs(shift - previous), breaks + (shift != previous)
            if step <= MAX_EDITS and changes <= MAX_BREAKS:
                yield from walk(i + 1, column + 1, shift, changes, step, (*acc, column))

    yield from walk(0, 0, 0, 0, 0, ())


# ---------------------------------------------------------------------------------------
# Reading the raw slices
# ---------------------------------------------------------------------------------------


def _row_2020(raw: Path, label: str) -> PrintedRow:
    """A row of ``ar2020_annex2.tsv``: ``<line> TAB <kind> TAB <the line verbatim>``."""
    name = "ar2020_annex2.tsv"
    grades: tuple[str, ...] = ()
    for line in _lines(raw / name):
        number, kind, text = line.split("\t", 2)
        printed, *cells = text.split("\t")
        if kind == "columns" and not grades:
            grades = tuple(c for c in cells if c.strip() and c not in (TOTAL, *SEXES))
        elif kind == "row" and printed.strip() == label:
            return PrintedRow(
                edition=2020,
                label=label,
                lines=(int(number),),
                raw_file=name,
                cells=tuple(cells),
                grades=grades,
                separator="a tab before every cell, an empty cell being two tabs in a row",
                verbatim=text.replace("\t", _TAB),
            )
    msg = f"{label!r} is not a row of tools/raw/{name}"
    raise WorkedExampleError(msg)


# Visible stand-ins for the separators in the verbatim lines shown on the page.
_TAB: Final = "\N{RIGHTWARDS ARROW TO BAR}"
_SPACE: Final = "\N{MIDDLE DOT}"
_RAW_2018: Final = re.compile(r"^(?P<line>\d+)\|(?P<text>.*)\|$")
_LABEL_2018: Final = re.compile(r"^(?P<label>.*?[^\d\s][^\s]*)(?P<rest>(?: [\d ]*)?)$")


def _row_2018(raw: Path, label: str) -> PrintedRow:
    """A row of ``ar2018_annex2.txt``: ``<line>|<the line verbatim>|``, cells spaced.

    The 2018 text ends every cell with one space, an empty cell being the space alone;
    a name that wraps continues on the next line, which then carries the numbers.
    """
    name = "ar2018_annex2.txt"
    grades: tuple[str, ...] = ()
    pending, pending_lines, pending_numbers = "", list[str](), list[int]()
    for line in _lines(raw / name):
        match = _RAW_2018.match(line)
        if match is None:
            continue
        text = match["text"]
        words = text.split()
        if words[:2] == ["G-1", "G-1A"] and not grades:
            grades = tuple(w for w in words if w not in (TOTAL, *SEXES))
            continue
        parts = _LABEL_2018.match(text.rstrip(" ") + " ")
        if parts is None or not re.search(r"\d", parts["rest"]):
            pending, pending_lines = f"{pending}{text}", [*pending_lines, text]
            pending_numbers.append(int(match["line"]))
            continue
        printed = " ".join(f"{pending}{parts['label']}".split())
        lines = [*pending_lines, text]
        numbers = [*pending_numbers, int(match["line"])]
        pending, pending_lines, pending_numbers = "", [], []
        if printed == label:
            # After the name: one separating space, then each cell and its space.
            cells = parts["rest"][1:].split(" ")[:-1]
            return PrintedRow(
                edition=2018,
                label=label,
                lines=tuple(numbers),
                raw_file=name,
                cells=tuple(cells),
                grades=grades,
                separator="each cell followed by one space, an empty cell being the space alone",
                verbatim="\n".join(line.replace(" ", _SPACE) for line in lines),
            )
    msg = f"{label!r} is not a row of tools/raw/{name}"
    raise WorkedExampleError(msg)


def _lines(path: Path) -> Iterator[str]:
    if not path.is_file():
        msg = f"the raw slice {path} is missing"
        raise WorkedExampleError(msg)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line


#: Shifted rows of Annex II, by preference: (edition, name as printed, reader).
EXAMPLES: Final[tuple[tuple[int, str, Callable[[Path, str], PrintedRow]], ...]] = (
    (2020, "Bulgaria", _row_2020),
    (2020, "Guyana", _row_2020),
    (2018, "United Republic of Tanzania", _row_2018),
)


# ---------------------------------------------------------------------------------------
# The bundled data
# ---------------------------------------------------------------------------------------


def _annex(frame: pl.DataFrame) -> pl.DataFrame:
    # "Annex II, page 5" but not "Annex III, ...".
    return frame.filter(pl.col("locator").str.contains(rf"^{ANNEX}(,|$)"))


def _total_row(edition: int) -> dict[str, int]:
    frame = _annex(
        iomdata.staff(edition)
        .published_totals()
        .filter(
            pl.col("dataset").is_in(["staff_by_nationality_grade", "staff_by_nationality_sex"]),
            pl.col("row_label") == TOTAL,
        )
    )
    return dict(zip(frame["column_label"], frame["value"], strict=True))


def _cells(edition: int, label: str) -> pl.DataFrame:
    s = iomdata.staff(edition)
    parts = [
        frame.rename({key: "column"}).select("column", "count", "cell_status")
        for key, frame in (
            ("grade", _mine(s.nationality_grade(), label)),
            ("sex", _mine(s.nationality_sex(), label)),
        )
    ]
    return pl.concat(parts)


def _mine(frame: pl.DataFrame, label: str) -> pl.DataFrame:
    return frame.filter(pl.col("category") == CATEGORY, pl.col("nationality_as_printed") == label)


# ---------------------------------------------------------------------------------------
# The analysis
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TotalChoice:
    """One answer to "which printed number is the row's Total?"."""

    grades: tuple[Token, ...]
    total: Token
    after: tuple[Token, ...]

    @property
    def grade_sum(self) -> int:
        """What the grade numbers before the Total add up to."""
        return sum(token.value for token in self.grades)

    @property
    def row_sum_holds(self) -> bool:
        """Whether the grade numbers add up to the Total."""
        return self.grade_sum == self.total.value

    @property
    def sexes_hold(self) -> bool:
        """Whether F + M equals the Total (with no number left over)."""
        fits = len(self.after) == len(SEXES)
        return fits and sum(token.value for token in self.after) == self.total.value


def _choices(printed: Sequence[Token]) -> list[TotalChoice]:
    """Every split of the printed numbers into grades, a Total and what follows it.

    The Total is one of the last four numbers: with three after it, the row has a number
    too many for F and M (which is how a shifted row reads where it stands).
    """
    return [
        TotalChoice(tuple(printed[:i]), printed[i], tuple(printed[i + 1 :]))
        for i in range(max(0, len(printed) - 4), len(printed))
    ]


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the worked example shows about one printed row."""

    row: PrintedRow
    choices: tuple[TotalChoice, ...]
    chosen: TotalChoice
    candidates: tuple[tuple[Placement, tuple[int, ...]], ...]
    total_row: tuple[int, ...]
    others: tuple[int, ...]
    matching: tuple[int, ...]
    statuses: dict[str, str]
    readings: int
    #: A row the Total row's grade cells leave out (a published inconsistency), and the
    #: id of the erratum that records it; None when the Total row counts every row.
    omitted: tuple[str, str] | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """The printed columns of a row: the grades, Total, F, M."""
        return (*self.row.grades, TOTAL, *SEXES)

    @property
    def left(self) -> tuple[int, ...]:
        """Per grade: the Total row minus every other row, what this row must hold."""
        return tuple(t - o for t, o in zip(self.total_row, self.others, strict=True))

    @property
    def reading(self) -> tuple[int, ...]:
        """The grade values of the one placement that fits every column total."""
        return self.candidates[self.matching[0]][1]


def _example(raw: Path) -> PrintedRow:
    shipped = set(iomdata.editions())
    for edition, label, reader in EXAMPLES:
        if edition in shipped:
            return reader(raw, label)
    msg = f"no edition of {[e for e, _, _ in EXAMPLES]} is shipped"
    raise WorkedExampleError(msg)


def analyse(raw: Path) -> Analysis:
    """Analyse the worked example's row; fail unless it proves the shipped reading."""
    row = _example(raw)
    totals = _total_row(row.edition)
    if set(row.grades) != set(totals) - {TOTAL, *SEXES}:
        msg = f"the raw heading's grades {row.grades} differ from the Total row's {totals}"
        raise WorkedExampleError(msg)
    choices = _choices(tokens(row.cells))
    valid = [c for c in choices if c.row_sum_holds and c.sexes_hold]
    if len(valid) != 1:
        msg = f"{row.label}: {len(valid)} choices of the Total satisfy both row equations"
        raise WorkedExampleError(msg)
    (chosen,) = valid
    n = len(row.grades)
    candidates = []
    for placement in placements([t.cell for t in chosen.grades], n, n - chosen.total.cell):
        values = [0] * n
        for token, column in zip(chosen.grades, placement.columns, strict=True):
            values[column] = token.value
        candidates.append((placement, tuple(values)))
    candidates.sort(key=lambda c: (c[0].edits, c[0].columns))

    s = iomdata.staff(row.edition)
    grid = s.nationality_grade().filter(pl.col("category") == CATEGORY)
    omitted = _omitted_row(row.edition, totals, row.grades, grid)
    left_out = [row.label, *([omitted[0]] if omitted else [])]
    others = grid.filter(~pl.col("nationality_as_printed").is_in(left_out))
    other_sums = dict(others.group_by("grade").agg(pl.col("count").sum()).iter_rows())
    mine = _cells(row.edition, row.label)
    readings = _mine(s.ambiguous_readings(), row.label).get_column("reading").n_unique()
    analysis = Analysis(
        row=row,
        choices=tuple(choices),
        chosen=chosen,
        candidates=tuple(candidates),
        total_row=tuple(totals[g] for g in row.grades),
        others=tuple(int(other_sums.get(g, 0)) for g in row.grades),
        matching=(),
        statuses=dict(zip(mine["column"], mine["cell_status"], strict=True)),
        readings=max(readings, 1),
        omitted=omitted,
    )
    matching = tuple(i for i, (_, values) in enumerate(candidates) if values == analysis.left)
    analysis = dataclasses.replace(analysis, matching=matching)
    _prove(analysis, dict(zip(mine["column"], mine["count"], strict=True)))
    return analysis


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _omitted_row(
    edition: int, totals: dict[str, int], grades: Sequence[str], grid: pl.DataFrame
) -> tuple[str, str] | None:
    """The row the Total row's grade cells leave out, with its erratum, if any.

    When the printed grade totals fall short of the printed grand Total, an erratum on
    the Total row records which row they leave out: the one row whose cells sum to the
    gap.
    """
    gap = totals[TOTAL] - sum(totals[g] for g in grades)
    if gap == 0:
        return None
    errata = [
        e
        for e in iomdata.errata()
        if e.source == f"ar{edition}" and e.locator == f"{ANNEX}, Total row"
    ]
    sums = grid.group_by("nationality_as_printed").agg(pl.col("count").sum())
    # Several rows may sum to the gap; the erratum's id names the one left out.
    rows = [
        label
        for label in sums.filter(pl.col("count") == gap)["nationality_as_printed"]
        if len(errata) == 1 and errata[0].id.endswith("-" + _slug(str(label)))
    ]
    if len(errata) != 1 or len(rows) != 1:
        msg = f"{edition} {ANNEX}: the Total row's grades fall {gap} short and no erratum says why"
        raise WorkedExampleError(msg)
    return str(rows[0]), errata[0].id


def _prove(analysis: Analysis, shipped: dict[str, int]) -> None:
    """Fail unless exactly one placement fits and it is the reading the package ships."""
    label = analysis.row.label
    if len(analysis.matching) != 1:
        msg = (
            f"{label}: {len(analysis.matching)} placements fit the column totals with every "
            "other row as shipped; the worked example expects exactly one"
        )
        raise WorkedExampleError(msg)
    expected = dict(zip(analysis.row.grades, analysis.reading, strict=True))
    expected.update(zip(SEXES, (t.value for t in analysis.chosen.after), strict=True))
    if expected != shipped:
        msg = f"{label}: the worked example reads {expected}, the package ships {shipped}"
        raise WorkedExampleError(msg)


# ---------------------------------------------------------------------------------------
# The page fragment
# ---------------------------------------------------------------------------------------

#: How many placements the candidates table shows at most (the matching one included).
_SHOWN: Final = 6
_YES, _NO = "yes", "**no**"


def _cell(value: int) -> str:
    return str(value) if value else ""


def _printed_cells(a: Analysis) -> str:
    """One row per printed cell: the heading above it, the cell, where the reading puts it."""
    placement = a.candidates[a.matching[0]][0]
    placed = {
        token.cell: a.row.grades[column]
        for token, column in zip(a.chosen.grades, placement.columns, strict=True)
    }
    placed[a.chosen.total.cell] = TOTAL
    placed.update(zip((t.cell for t in a.chosen.after), SEXES, strict=True))
    rows = []
    for index, text in enumerate(a.row.cells):
        heading = a.columns[index] if index < len(a.columns) else "(none: past the last column)"
        target = placed.get(index, "")
        moved = f"**{target}**" if target and target != heading else target
        rows.append((str(index + 1), heading, escape(text.strip()), moved))
    return table(["Cell", "Column it stands in", "Printed", "Read as"], rows, align="rlrl")


def _as_printed(a: Analysis) -> str:
    """What reading the cells where they stand makes of the row."""
    cells = {
        a.columns[i]: int(text.replace(" ", ""))
        for i, text in enumerate(a.row.cells)
        if text.strip() and i < len(a.columns)
    }
    extra = [text for i, text in enumerate(a.row.cells) if text.strip() and i >= len(a.columns)]
    grade_sum = sum(cells.get(g, 0) for g in a.row.grades)
    total, f, m = (cells.get(c, 0) for c in (TOTAL, *SEXES))
    sentence = (
        f"Read where they stand, the grade cells add up to {grade_sum} against a Total of "
        f"{total}, and F + M = {f} + {m} = {f + m}"
    )
    if extra:
        sentence += f"; {', '.join(extra)} is left over past the last column"
    return sentence + ". The row is shifted."


def _choices_table(a: Analysis) -> str:
    rows = []
    for choice in a.choices:
        after = [str(t.value) for t in choice.after]
        sexes = (after + ["(none)"] * len(SEXES))[: len(SEXES)]
        rows.append(
            (
                str(choice.total.value),
                *sexes,
                ", ".join(after[len(SEXES) :]),
                str(choice.grade_sum),
                _YES if choice.row_sum_holds else _NO,
                _YES if choice.sexes_hold else _NO,
            )
        )
    return table(
        ["Total", "F", "M", "left over", "grade numbers add up to", "row sum", "F + M"],
        rows,
        align="rrrrrcc",
    )


def _candidates_table(a: Analysis) -> tuple[str, list[int]]:
    match = a.matching[0]
    shown = sorted([match, *[i for i in range(len(a.candidates)) if i != match]][:_SHOWN])
    rows = []
    for g, grade in enumerate(a.row.grades):
        row = [grade, str(a.total_row[g]), str(a.others[g]), f"**{a.left[g]}**"]
        for i in shown:
            value = a.candidates[i][1][g]
            row.append(_cell(value) if value == a.left[g] else f"*{value}*")
        rows.append(tuple(row))
    edits = (str(a.candidates[i][0].edits) for i in shown)
    rows.append(("edits of the whitespace", "", "", "", *edits))
    fits = (_YES if i == match else _NO for i in shown)
    rows.append(("fits every column total", "", "", "", *fits))
    names = [chr(ord("A") + k) for k in range(len(shown))]
    header = ["Grade", "Total row", "all other rows", "left for this row", *names]
    return table(header, rows, align="lrrr" + "r" * len(shown)), shown


def _omitted_sentence(a: Analysis) -> str:
    if a.omitted is None:
        return ""
    label, erratum = a.omitted
    return (
        f" (The Total row's grade cells leave out the {escape(label)} row, as erratum "
        f"`{erratum}` records, so it is left out here too.)"
    )


def _status_sentence(a: Analysis) -> str:
    if a.readings > 1:
        return (
            f"The pipeline also lets the other rows change: then {a.readings} readings of "
            "this row remain admissible, so its differing cells ship as `ambiguous` and "
            "every reading is listed in `staff_ambiguous_readings`."
        )
    listed = ", ".join(f"`{s}`" for s in sorted(set(a.statuses.values())))
    return (
        "The pipeline proves more: even when the other rows may change too, no other "
        f"reading of this row fits every total. Its cells ship as {listed}."
    )


def _where(lines: Sequence[int]) -> str:
    if len(lines) == 1:
        return f"line {lines[0]}"
    return f"lines {', '.join(str(n) for n in lines[:-1])} and {lines[-1]}"


def worked_example_fragment(raw: Path) -> str:
    """The worked example, as MyST Markdown."""
    a = analyse(raw)
    row = a.row
    numbers = ", ".join(str(t.value) for t in a.chosen.grades)
    candidates, shown = _candidates_table(a)
    letter = chr(ord("A") + shown.index(a.matching[0]))
    reading = ", ".join(
        f"{grade} = {value}" for grade, value in zip(row.grades, a.reading, strict=True) if value
    )
    f, m = (t.value for t in a.chosen.after)
    name = escape(row.label)
    return f"""\
## A worked example: {name}, {row.edition} Annex II

The row of {name} in the {row.edition} General Service annex is printed on {_where(row.lines)} of the
report's text (`tools/raw/{row.raw_file}`, the pipeline's verbatim slice), printed with
{row.separator} (shown here as {_TAB if row.edition == 2020 else _SPACE}):

```text
{row.verbatim}
```

After the name the row has {len(row.cells)} cells, for {len(a.columns)} columns
({len(row.grades)} grades, Total, F and M):

{_printed_cells(a)}
{_as_printed(a)}

### Which number is the Total?

Any of the last numbers could be the Total, with the two after it as F and M. Only one
choice satisfies both row equations:

{_choices_table(a)}
So the Total is {a.chosen.total.value}, F = {f} and M = {m}, and the grade numbers are
{numbers}.

### Where do the grade numbers go?

The grade numbers keep their printed order, but each may sit up to {MAX_SHIFT} columns
from where it was printed: the extraction shifts runs of cells, so along the row the
shift may change at most {MAX_BREAKS} times, with at most {MAX_EDITS} empty cells
inserted or deleted in all. That allows **{len(a.candidates)}** placements, and every one of them satisfies
both row equations: the row alone cannot tell them apart.

### The column totals decide

The Total row of the table prints, for every grade, the sum over all nationalities.
Take away every other row of the table, as the package ships them, and what is left is
what {name}'s row must hold.{_omitted_sentence(a)} Placement {letter} is the only one of the
{len(a.candidates)} that leaves exactly that (a number in italics breaks a column total;
{len(a.candidates) - len(shown)} more placements are not shown, and none fits):

{candidates}
The reading is {reading}, with Total {a.chosen.total.value}: the row printed one cell
off. It is the reading the package ships (the documentation build fails if they ever
differ). {_status_sentence(a)}
"""
