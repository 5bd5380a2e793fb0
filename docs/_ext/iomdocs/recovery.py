"""The worked example of the recovery page: one shifted row of the 2020 Annex II.

It takes the printed row from ``tools/raw/`` (the pipeline's verbatim slice of the
source) and everything else from the bundled data, and shows, step by step, how the
row's equations and the table's column totals single out its reading:

1. the printed fields, and what a naive reading makes of them;
2. which printed number can be the Total (the row sum and F + M decide);
3. every placement of the grade numbers the whitespace allows (the same rule as the
   pipeline: order kept, each number at most ``MAX_SHIFT`` columns from its field, at
   most ``MAX_EDITS`` empty fields inserted or deleted along the row);
4. the column totals: the printed Total row minus every other row of the table leaves
   exactly what this row must hold; the placements that match it are the readings.

The result is then compared with the shipped cells, and the build fails if they
disagree: the example is a second, independent proof of that row, not an illustration.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl

import iomdata
from iomdocs.markdown import escape, table

__all__ = ["MAX_EDITS", "MAX_SHIFT", "Placement", "placements", "worked_example_fragment"]

#: The whitespace rule (the defaults of ``tools.staff_common.Policy``).
MAX_SHIFT: Final = 3
MAX_EDITS: Final = 4
#: Rows of the 2020 Annex II that the text prints one column off; the first one found
#: in the raw slice is the example.
CANDIDATE_ROWS: Final = ("Bulgaria", "Guyana")
EDITION: Final = 2020
CATEGORY: Final = "general_service"
TOTAL, SEXES = "Total", ("F", "M")


class WorkedExampleError(Exception):
    """The raw slice or the data do not support the worked example as written."""


@dataclass(frozen=True, slots=True)
class Token:
    """A printed number and the tab-separated field it was printed in (0 = first)."""

    value: int
    field: int


@dataclass(frozen=True, slots=True)
class Placement:
    """Grade numbers placed on grade columns, with the whitespace edits it needs."""

    columns: tuple[int, ...]
    edits: int


def tokens(fields: Sequence[str]) -> list[Token]:
    """The printed numbers of a row (thousands separators are spaces)."""
    return [
        Token(int(text.replace(" ", "")), index)
        for index, text in enumerate(fields)
        if text.strip()
    ]


def placements(fields: Sequence[int], n_grades: int, total_shift: int) -> Iterator[Placement]:
    """Order-preserving placements of numbers printed in ``fields`` on grade columns.

    The edits of a placement are the total variation of each number's displacement
    along the row, from 0 before the first cell to the Total's displacement
    ``total_shift`` after the last: the fewest empty fields to insert or delete to
    move every number where the placement puts it.
    """

    def walk(
        i: int, lowest: int, previous: int, used: int, acc: tuple[int, ...]
    ) -> Iterator[Placement]:
        if i == len(fields):
            cost = used + abs(total_shift - previous)
            if cost <= MAX_EDITS:
                yield Placement(acc, cost)
            return
        printed = fields[i]
        for column in range(
            max(lowest, printed - MAX_SHIFT), min(n_grades - 1, printed + MAX_SHIFT) + 1
        ):
            step = used + abs(column - printed - previous)
            if step <= MAX_EDITS:
                yield from walk(i + 1, column + 1, column - printed, step, (*acc, column))

    yield from walk(0, 0, 0, 0, ())


# ---------------------------------------------------------------------------------------
# Inputs: the raw slice and the bundled data
# ---------------------------------------------------------------------------------------

#: The pipeline's slice of the 2020 Annex II: ``<line> TAB <kind> TAB <the line verbatim>``.
RAW_FILE: Final = "ar2020_annex2.tsv"


@dataclass(frozen=True, slots=True)
class RawSlice:
    """The rows and the column-heading line of the raw slice."""

    #: Label -> (line of the source text, the fields after the label).
    rows: dict[str, tuple[int, list[str]]]
    #: The grade columns in the order the heading prints them.
    grades: tuple[str, ...]


def read_raw(raw: Path) -> RawSlice:
    """Read the pipeline's raw slice of the 2020 Annex II."""
    path = raw / RAW_FILE
    if not path.is_file():
        msg = f"no raw slice of the 2020 Annex II at {path}"
        raise WorkedExampleError(msg)
    rows: dict[str, tuple[int, list[str]]] = {}
    grades: tuple[str, ...] = ()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        number, kind, text = line.split("\t", 2)
        label, *fields = text.split("\t")
        if kind == "row":
            rows.setdefault(label.strip(), (int(number), fields))
        elif kind == "columns" and not grades:
            grades = tuple(f for f in fields if f.strip() and f not in (TOTAL, *SEXES))
    if not grades:
        msg = f"{path}: no column-heading line"
        raise WorkedExampleError(msg)
    return RawSlice(rows, grades)


def _total_row() -> dict[str, int]:
    frame = (
        iomdata.staff(EDITION)
        .published_totals()
        .filter(
            pl.col("dataset").is_in(["staff_by_nationality_grade", "staff_by_nationality_sex"]),
            pl.col("row_label") == TOTAL,
            pl.col("locator").str.starts_with("Annex II"),
        )
    )
    return dict(zip(frame["column_label"], frame["value"], strict=True))


def _cells(label: str) -> pl.DataFrame:
    s = iomdata.staff(EDITION)
    grade = s.nationality_grade().rename({"grade": "column"})
    sex = s.nationality_sex().rename({"sex": "column"})
    return pl.concat(
        [
            f.select("nationality_as_printed", "column", "count", "cell_status")
            for f in (grade, sex)
        ]
    ).filter(pl.col("nationality_as_printed") == label)


# ---------------------------------------------------------------------------------------
# The analysis
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TotalChoice:
    """One answer to "which printed number is the row's Total?"."""

    grades: tuple[Token, ...]
    total: Token
    sexes: tuple[Token, ...]

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
        """Whether F + M equals the Total (a missing F or M is a blank cell)."""
        fits = len(self.sexes) <= len(SEXES)
        return fits and sum(token.value for token in self.sexes) == self.total.value


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the worked example shows about one printed row."""

    label: str
    line: int
    raw_file: str
    fields: tuple[str, ...]
    grades: tuple[str, ...]
    choices: tuple[TotalChoice, ...]
    chosen: TotalChoice
    candidates: tuple[tuple[Placement, tuple[int, ...]], ...]
    total_row: tuple[int, ...]
    others: tuple[int, ...]
    matching: tuple[int, ...]
    shipped: dict[str, int]
    statuses: dict[str, str]
    readings: int

    @property
    def columns(self) -> tuple[str, ...]:
        """The printed columns of a row: the grades, Total, F, M."""
        return (*self.grades, TOTAL, *SEXES)

    @property
    def left(self) -> tuple[int, ...]:
        """Per grade: the Total row minus every other row, what this row must hold."""
        return tuple(t - o for t, o in zip(self.total_row, self.others, strict=True))


def _choices(printed: Sequence[Token]) -> list[TotalChoice]:
    """Every split of the printed numbers into grades, a Total and what follows it.

    The Total is one of the last four numbers: with more than two after it, the row has
    a number too many for F and M (which is how a shifted row reads where it stands).
    """
    return [
        TotalChoice(tuple(printed[:i]), printed[i], tuple(printed[i + 1 :]))
        for i in range(max(0, len(printed) - 4), len(printed))
    ]


def analyse(raw: Path) -> Analysis:
    """Analyse the first shifted row of :data:`CANDIDATE_ROWS` found in the raw slice."""
    sliced = read_raw(raw)
    rows = sliced.rows
    label = next((name for name in CANDIDATE_ROWS if name in rows), None)
    if label is None:
        msg = f"none of {CANDIDATE_ROWS} in the 2020 Annex II raw slice under {raw}"
        raise WorkedExampleError(msg)
    line, fields = rows[label]
    totals = _total_row()
    grades = sliced.grades
    if set(grades) != set(totals) - {TOTAL, *SEXES}:
        msg = f"the raw heading's grades {grades} differ from the Total row's {sorted(totals)}"
        raise WorkedExampleError(msg)
    choices = _choices(tokens(fields))
    valid = [c for c in choices if c.row_sum_holds and c.sexes_hold]
    if len(valid) != 1:
        msg = f"{label}: {len(valid)} choices of the Total satisfy both row equations"
        raise WorkedExampleError(msg)
    (chosen,) = valid
    n = len(grades)
    candidates = []
    for placement in placements([t.field for t in chosen.grades], n, n - chosen.total.field):
        values = [0] * n
        for token, column in zip(chosen.grades, placement.columns, strict=True):
            values[column] = token.value
        candidates.append((placement, tuple(values)))
    candidates.sort(key=lambda c: (c[0].edits, c[0].columns))

    all_cells = iomdata.staff(EDITION).nationality_grade().filter(pl.col("category") == CATEGORY)
    others = all_cells.filter(pl.col("nationality_as_printed") != label)
    other_sums = dict(others.group_by("grade").agg(pl.col("count").sum()).iter_rows())
    mine = _cells(label)
    shipped = dict(zip(mine["column"], mine["count"], strict=True))
    statuses = dict(zip(mine["column"], mine["cell_status"], strict=True))
    readings = (
        iomdata.staff(EDITION)
        .ambiguous_readings()
        .filter(pl.col("nationality_as_printed") == label, pl.col("category") == CATEGORY)
        .get_column("reading")
        .n_unique()
    )
    analysis = Analysis(
        label=label,
        line=line,
        raw_file=RAW_FILE,
        fields=tuple(fields),
        grades=grades,
        choices=tuple(choices),
        chosen=chosen,
        candidates=tuple(candidates),
        total_row=tuple(totals[g] for g in grades),
        others=tuple(int(other_sums.get(g, 0)) for g in grades),
        matching=(),
        shipped=shipped,
        statuses=statuses,
        readings=max(readings, 1),
    )
    matching = tuple(i for i, (_, values) in enumerate(candidates) if values == analysis.left)
    analysis = dataclasses.replace(analysis, matching=matching)
    _prove(analysis)
    return analysis


def _prove(analysis: Analysis) -> None:
    """Fail unless the reading the column totals leave is the one the package ships."""
    if len(analysis.matching) != 1:
        msg = (
            f"{analysis.label}: {len(analysis.matching)} placements fit the column totals "
            "with every other row as shipped; the worked example expects exactly one"
        )
        raise WorkedExampleError(msg)
    _, values = analysis.candidates[analysis.matching[0]]
    expected = {
        **dict(zip(analysis.grades, values, strict=True)),
        TOTAL: analysis.chosen.total.value,
    }
    sexes = [t.value for t in analysis.chosen.sexes] + [0] * (2 - len(analysis.chosen.sexes))
    expected.update(zip(SEXES, sexes, strict=True))
    shipped = {**analysis.shipped, TOTAL: sum(analysis.shipped[g] for g in analysis.grades)}
    if expected != shipped:
        msg = f"{analysis.label}: the worked example reads {expected}, the package ships {shipped}"
        raise WorkedExampleError(msg)


# ---------------------------------------------------------------------------------------
# The page fragment
# ---------------------------------------------------------------------------------------

#: How many placements the candidates table shows at most (the matching one included).
_SHOWN: Final = 6
_YES, _NO = "yes", "**no**"


def _cell(value: int) -> str:
    return str(value) if value else ""


def _printed_fields(a: Analysis) -> str:
    """One row per printed field: the header above it, the cell, where the reading puts it."""
    placed = dict(zip((t.field for t in a.chosen.grades), _placed_columns(a), strict=True))
    placed[a.chosen.total.field] = TOTAL
    placed.update(zip((t.field for t in a.chosen.sexes), SEXES, strict=False))
    rows = []
    for index, text in enumerate(a.fields):
        header = a.columns[index] if index < len(a.columns) else "(beyond the last column)"
        target = placed.get(index, "")
        moved = f"**{target}**" if target and target != header else target
        rows.append((str(index + 1), header, escape(text.strip()), moved))
    return table(["Field", "Header above it", "Printed", "Read as"], rows, align="rlrl")


def _placed_columns(a: Analysis) -> list[str]:
    placement, _ = a.candidates[a.matching[0]]
    return [a.grades[c] for c in placement.columns]


def _naive(a: Analysis) -> str:
    """What reading the fields where they stand makes of the row."""
    cells = {
        a.columns[i]: int(text.replace(" ", ""))
        for i, text in enumerate(a.fields)
        if text.strip() and i < len(a.columns)
    }
    extra = [text for i, text in enumerate(a.fields) if text.strip() and i >= len(a.columns)]
    grade_sum = sum(cells.get(g, 0) for g in a.grades)
    total, f, m = (cells.get(c, 0) for c in (TOTAL, *SEXES))
    sentence = (
        f"Read where they stand, the grade cells add up to {grade_sum} against a Total of "
        f"{total}, and F + M = {f} + {m} = {f + m}"
    )
    if extra:
        sentence += f"; and {', '.join(extra)} is left over beyond the last column"
    return sentence + ". The row is shifted."


def _choices_table(a: Analysis) -> str:
    rows = []
    for choice in a.choices:
        after = [str(t.value) for t in choice.sexes]
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
    shown = [match, *[i for i in range(len(a.candidates)) if i != match]][:_SHOWN]
    shown.sort()
    names = {i: chr(ord("A") + k) for k, i in enumerate(shown)}
    rows = []
    for g, grade in enumerate(a.grades):
        row = [
            grade,
            _cell(a.total_row[g]),
            _cell(a.others[g]),
            f"**{_cell(a.left[g])}**",
        ]
        for i in shown:
            value = a.candidates[i][1][g]
            row.append(_cell(value) if value == a.left[g] else f"*{_cell(value) or '0'}*")
        rows.append(tuple(row))
    rows.append(
        ("edits of the whitespace", "", "", "", *(str(a.candidates[i][0].edits) for i in shown))
    )
    rows.append(
        ("fits every column total", "", "", "", *(_YES if i == match else _NO for i in shown))
    )
    header = ["Grade", "Total row", "other rows", "left for this row", *(names[i] for i in shown)]
    return table(header, rows, align="lrrr" + "r" * len(shown)), shown


def _status_sentence(a: Analysis) -> str:
    statuses = sorted(set(a.statuses.values()))
    if a.readings > 1:
        return (
            f"The pipeline also lets the other rows change: {a.readings} readings of this "
            "row remain admissible then, so its differing cells ship as `ambiguous`, and "
            "every reading is listed in `staff_ambiguous_readings`."
        )
    listed = ", ".join(f"`{s}`" for s in statuses)
    return (
        "The pipeline proves more: even when the other rows may change too, no other "
        f"reading of this row fits every total. Its cells ship as {listed}."
    )


def worked_example_fragment(raw: Path) -> str:
    """The worked example, as MyST Markdown."""
    a = analyse(raw)
    numbers = ", ".join(str(t.value) for t in a.chosen.grades)
    candidates, shown = _candidates_table(a)
    reading = ", ".join(
        f"{grade} = {value}"
        for grade, value in zip(a.grades, a.candidates[a.matching[0]][1], strict=True)
        if value
    )
    return f"""\
## A worked example: {escape(a.label)}, 2020 Annex II

{escape(a.label)} is printed on line {a.line} of the 2020 report's text
(`tools/raw/{a.raw_file}`, the pipeline's verbatim slice of it). After the name come
{len(a.fields)} tab-separated fields, against {len(a.columns)} columns in the header:

{_printed_fields(a)}
{_naive(a)}

### Which number is the Total?

Any of the last numbers could be the Total, with the two after it as F and M. Only one
choice satisfies both row equations:

{_choices_table(a)}
So the Total is {a.chosen.total.value}, with F = {a.chosen.sexes[0].value} and M = \
{a.chosen.sexes[1].value}, and the grade numbers are {numbers}.

### Where do the grade numbers go?

The grade numbers keep their printed order, but each may sit up to {MAX_SHIFT} columns
from its field, with at most {MAX_EDITS} empty fields inserted or deleted along the row.
That allows **{len(a.candidates)}** placements, and every one of them satisfies both row
equations: the row alone cannot tell them apart.

### The column totals decide

The table's Total row prints, for every grade, the sum over all nationalities. Take
away every other row of the table, as the package ships them, and what is left is what
{escape(a.label)}'s row must hold. Placement {chr(ord("A") + shown.index(a.matching[0]))}
below is the only one of the {len(a.candidates)} that leaves it exactly (a number in
italics is one that breaks a column total; {len(a.candidates) - len(shown)} further
placements are not shown, and none fits):

{candidates}
The reading is {reading}: the row printed one column off. This is the reading the
package ships (the documentation build fails if they ever differ).
{_status_sentence(a)}
"""
