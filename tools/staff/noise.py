"""How the annex texts print a row, measured on the real rows, and replayed on synthetic ones.

A row's *base printing* has one field per column (grades, Total, F, M): an empty field
for a zero grade, F or M cell, the Total always printed. The extracted texts depart from
it; :func:`edit_script` finds the fewest departures that turn the base printing of a row
whose every cell the totals decide (its truth) into the fields the text prints:

* ``ins`` -- an empty field inserted before base field ``i`` (``i`` = the field count:
  after the last);
* ``del`` -- the empty base field ``i`` is missing;
* ``join`` -- base fields ``i`` and ``i + 1`` printed in one field (``"3 7"``);
* ``cut`` -- the non-empty base field ``i`` is missing (the text lost the number).

:func:`measure_pages` keeps, per real page, the scripts of its decided rows; a synthetic
page copies one real page and gives each row the script of one of its decided rows
(:meth:`RealPage.draw`), so both the per-row rates and the page-wide displacements of the
real text carry over. Numbers of four digits and more print with a space as thousands
separator, as in both texts.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Final, Literal, Protocol

import attrs

__all__ = [
    "CATEGORIES",
    "DATA",
    "Columns",
    "Op",
    "RealPage",
    "Script",
    "TruthRow",
    "TruthTable",
    "apply_script",
    "base_fields",
    "edit_script",
    "format_count",
    "measure_pages",
    "token_script",
    "truth_rows",
]

DATA: Final = Path(__file__).resolve().parents[2] / "src" / "iomdata" / "_data"
CATEGORIES: Final = ("general_service", "professional")
#: Statuses under which a shipped cell is the totals' decision (its value is the truth).
DECIDED: Final = frozenset({"printed", "realigned", "derived"})

OpKind = Literal["ins", "del", "join", "cut"]


@attrs.frozen(kw_only=True)
class Op:
    """One departure from the base printing (see the module docstring)."""

    kind: OpKind
    at: int


@attrs.frozen(kw_only=True)
class Script:
    """The departures of one printed row from its base printing, in field order."""

    ops: tuple[Op, ...] = ()

    @property
    def edits(self) -> int:
        """Empty fields inserted or deleted, and numbers cut."""
        return sum(1 for op in self.ops if op.kind != "join")

    def moves(self, width: int) -> bool:
        """Whether a row of ``width`` base fields prints a cell off its own field.

        An empty field after the last one (as some pages of the 2020 text print every
        row) moves nothing.
        """
        return any(op.kind != "ins" or op.at < width for op in self.ops)


class Columns(Protocol):
    """What this module needs of a table layout (the engine's ``Layout``)."""

    @property
    def columns(self) -> tuple[str, ...]:
        """Grades, ``Total``, ``F``, ``M``."""

    @property
    def n_grades(self) -> int:
        """How many grade columns."""

    @property
    def category(self) -> str:
        """``general_service`` or ``professional``."""


@attrs.frozen(kw_only=True)
class TruthRow:
    """The true cells of one row, in the layout's column order (grades, Total, F, M)."""

    values: tuple[int, ...]

    def cells(self, layout: Columns) -> dict[str, int]:
        """Column -> value."""
        return dict(zip(layout.columns, self.values, strict=True))


@attrs.frozen(kw_only=True)
class TruthTable:
    """A synthetic table: its layout and its true rows."""

    layout: Columns
    rows: tuple[TruthRow, ...]

    def totals(self) -> tuple[int, ...]:
        """The published Total row: the column sums."""
        return tuple(sum(r.values[i] for r in self.rows) for i in range(len(self.layout.columns)))


def format_count(value: int) -> str:
    """A count as both texts print it (space as thousands separator).

    Examples
    --------
    >>> format_count(14069), format_count(7)
    ('14 069', '7')
    """
    return f"{value:,}".replace(",", " ")


def base_fields(row: TruthRow, n_grades: int) -> list[str]:
    """The row printed in its own fields: empty for zero, except the Total."""
    return [format_count(v) if v or i == n_grades else "" for i, v in enumerate(row.values)]


def edit_script(base: Sequence[str], printed: Sequence[str]) -> Script | None:
    """The fewest departures turning ``base`` into ``printed`` (None: no such script).

    Non-empty fields must appear in the same order; the first script of least cost in
    the order match, delete, insert, join, cut is returned.

    Examples
    --------
    >>> edit_script(["", "4", "9", "3", "6"], ["4", "", "9", "3 6"]).ops
    (Op(kind='del', at=0), Op(kind='ins', at=2), Op(kind='join', at=3))
    """
    n, m = len(base), len(printed)
    memo: dict[tuple[int, int], tuple[int, tuple[Op, ...]] | None] = {}

    def best(i: int, j: int) -> tuple[int, tuple[Op, ...]] | None:
        if (i, j) in memo:
            return memo[i, j]
        if i == n and j == m:
            return 0, ()
        options: list[tuple[int, tuple[Op, ...]]] = []

        def step(cost: int, op: Op | None, ni: int, nj: int) -> None:
            rest = best(ni, nj)
            if rest is not None:
                options.append((rest[0] + cost, ((op,) if op is not None else ()) + rest[1]))

        if i < n and j < m and base[i] == printed[j]:
            step(0, None, i + 1, j + 1)
        if i < n and base[i] == "":
            step(1, Op(kind="del", at=i), i + 1, j)
        if j < m and printed[j] == "":
            step(1, Op(kind="ins", at=i), i, j + 1)
        if i + 1 < n and j < m and base[i] and base[i + 1]:  # noqa: SIM102 - guards the index
            if printed[j] == f"{base[i]} {base[i + 1]}":
                step(0, Op(kind="join", at=i), i + 2, j + 1)
        if j == m and i < n and base[i]:
            step(1, Op(kind="cut", at=i), i + 1, j)
        found = min(options, key=lambda o: o[0]) if options else None
        memo[i, j] = found
        return found

    found = best(0, 0)
    return None if found is None else Script(ops=found[1])


def apply_script(base: Sequence[str], script: Script) -> list[str] | None:
    """The printed fields of a row: ``script`` replayed on its base printing.

    A deletion needs an empty field: where the base has a number at its position, the
    nearest empty field (at most two fields away, nearer first, left first) is deleted
    instead; None when there is none.

    Examples
    --------
    >>> apply_script(["", "5", "", "5", "2", "3"], Script(ops=(Op(kind="del", at=1),)))
    ['5', '', '5', '2', '3']
    """
    n = len(base)
    deleted: set[int] = set()
    joined: set[int] = set()
    cut: set[int] = set()
    inserted: dict[int, int] = {}
    for op in script.ops:
        if op.kind == "ins":
            inserted[op.at] = inserted.get(op.at, 0) + 1
        elif op.kind == "join":
            joined.add(op.at)
        elif op.kind == "cut":
            cut.add(op.at)
        else:
            spots = [op.at + d for d in (0, -1, 1, -2, 2)]
            spot = next(
                (s for s in spots if 0 <= s < n and base[s] == "" and s not in deleted), None
            )
            if spot is None:
                return None
            deleted.add(spot)
    out: list[str] = []
    i = 0
    while i <= n:
        out.extend([""] * inserted.get(i, 0))
        if i == n:
            break
        if i in joined and i + 1 < n:
            out.append(" ".join(f for f in (base[i], base[i + 1]) if f))
            i += 2
            continue
        if i not in deleted and i not in cut:
            out.append(base[i])
        i += 1
    return out


@attrs.frozen(kw_only=True)
class RealPage:
    """One page of a real annex: how many rows, how many decided, their scripts.

    Attributes
    ----------
    page
        Page (block) number within the annex.
    rows
        Rows printed on it.
    scripts
        The edit script of each decided row whose fields a script explains.
    unexplained
        Decided rows that no script explains (left out of the noise).
    """

    page: int
    rows: int
    scripts: tuple[Script, ...]
    unexplained: int

    def draw(self, row: TruthRow, n_grades: int, rng: random.Random) -> Script:
        """A script of this page that applies to ``row`` (the row's own fields if none)."""
        base = base_fields(row, n_grades)
        for _ in range(50):
            script = rng.choice(self.scripts)
            if apply_script(base, script) is not None:
                return script
        return Script()


def truth_rows(edition: int, category: str, layout: Columns) -> dict[str, tuple[TruthRow, bool]]:
    """Shipped rows of one edition and category: label -> (truth, decided).

    ``decided``: every grade, F and M cell has a status that claims its value.
    """
    grades = _read(DATA / "staff_by_nationality_grade.csv")
    sexes = _read(DATA / "staff_by_nationality_sex.csv")
    cells: dict[str, dict[str, int]] = {}
    decided: dict[str, bool] = {}
    for rows, key in ((grades, "grade"), (sexes, "sex")):
        for r in rows:
            if r["edition"] != str(edition) or r["category"] != category:
                continue
            label = r["nationality_as_printed"]
            cells.setdefault(label, {})[r[key]] = int(r["count"])
            decided[label] = decided.get(label, True) and r["cell_status"] in DECIDED
    out = {}
    ng = layout.n_grades
    for label, by_column in cells.items():
        grade_values = [by_column[c] for c in layout.columns[:ng]]
        total = sum(grade_values)
        values = (*grade_values, total, by_column["F"], by_column["M"])
        out[label] = (TruthRow(values=values), decided[label])
    return out


@cache
def _read(path: Path) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def measure_pages(
    printed: Sequence[tuple[str, int, Sequence[str]]],
    truth: Mapping[str, tuple[TruthRow, bool]],
    n_grades: int,
    *,
    tokens: bool = False,
    undecided: bool = False,
) -> tuple[RealPage, ...]:
    """The scripts of the decided rows, page by page.

    With ``undecided`` every row counts, read as shipped (one reading the totals admit).

    ``printed``: (label, page, fields) per real row. With ``tokens`` (the 2018 text:
    single spaces separate cells, so a thousands separator looks like a cell boundary)
    both sides are compared number group by number group, and the script's positions
    are mapped back to fields.
    """
    pages: dict[int, list[Script | None]] = {}
    counts: dict[int, int] = {}
    for label, page, fields in printed:
        counts[page] = counts.get(page, 0) + 1
        row, decided = truth[label]
        if not decided and not undecided:
            continue
        base = base_fields(row, n_grades)
        script = token_script(base, fields) if tokens else edit_script(base, fields)
        pages.setdefault(page, []).append(script)
    out = []
    for page in sorted(counts):
        found = pages.get(page, [])
        scripts = tuple(s for s in found if s is not None)
        if scripts:
            out.append(
                RealPage(
                    page=page,
                    rows=counts[page],
                    scripts=scripts,
                    unexplained=len(found) - len(scripts),
                )
            )
    return tuple(out)


def token_script(base: Sequence[str], printed: Sequence[str]) -> Script | None:
    """:func:`edit_script` over number groups, positions mapped back to base fields."""
    groups: list[str] = []
    field_of: list[int] = []
    for index, field in enumerate(base):
        parts = field.split(" ") if field else [""]
        groups.extend(parts)
        field_of.extend([index] * len(parts))
    script = edit_script(groups, printed)
    if script is None:
        return None
    field_of.append(len(base))
    return Script(
        ops=tuple(Op(kind=op.kind, at=field_of[op.at]) for op in script.ops if op.kind != "join")
    )
