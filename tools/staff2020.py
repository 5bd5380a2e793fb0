"""Staff statistics of the Annual Report for 2020 (C/112/INF/1), Annexes I-IV.

Two stages, as every pipeline module (see ``tools/README.md``):

* :func:`slice_sources` copies the annex lines of ``ar2020.txt`` into
  ``tools/raw/ar2020_annex{1,2,3,4}.tsv`` verbatim, tabs and trailing tabs included
  (the empty fields are the evidence of the empty cells), each line prefixed with its
  line number in the source and a kind. Titles, headings and legends are prose: a
  title becomes a marker of ours (``table 2``), a section heading becomes
  ``section member`` or ``section non-member``, legends are dropped. The two
  staff counts of paragraph 184 go to ``tools/raw/ar2020_para184.tsv``.
* :func:`build` reads only those raw files and ``tools/reference/overrides_ar2020.toml``,
  recovers every cell of Annexes II and III with :mod:`tools.staff_common` (the printed
  order of a row's numbers is trusted, their fields are not: the published Total row
  decides), proves the arithmetic and returns the rows of each dataset.

Run ``python -m tools.staff2020`` for a per-table summary.
"""

from __future__ import annotations

import csv
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, TypedDict

import attrs

from tools import staff_common as sc
from tools.staff import tables

__all__ = ["build", "slice_sources"]

SOURCE: Final = "ar2020"
EDITION: Final = 2020
RAW: Final = Path(__file__).resolve().parent / "raw"
REFERENCE: Final = Path(__file__).resolve().parent / "reference"
OVERRIDES: Final = REFERENCE / "overrides_ar2020.toml"
#: What the integer programs decided at the last build, keyed by a hash of their inputs
#: and of the pipeline code (:func:`search_key`). The search takes minutes; with a
#: current cache the build takes seconds. A stale or missing cache is recomputed.
SEARCH_CACHE: Final = Path(__file__).resolve().parent / "cache" / "ar2020_search.json"
#: Whether :func:`run` may use :data:`SEARCH_CACHE` (``build_data --fresh`` turns it off).
use_search_cache = True

_ANNEXES: Final = ("I", "II", "III", "IV")
_RAW_NAMES: Final = {annex: f"{SOURCE}_annex{n}.tsv" for n, annex in enumerate(_ANNEXES, 1)}
_PARA184: Final = f"{SOURCE}_para184.tsv"

LAYOUTS: Final = {
    "II": sc.Layout(
        table="Annex II",
        category="general_service",
        grades=(
            "G-1",
            "G-1A",
            "G-1B",
            "G-2",
            "G-3",
            "G-4",
            "G-5",
            "G-6",
            "G-7",
            "G-8",
            "NO-A",
            "NO-B",
            "NO-C",
            "NO-D",
            "UG",
        ),
    ),
    "III": sc.Layout(
        table="Annex III",
        category="professional",
        grades=("E-1", "E-2", "D-2", "D-1", "P-5", "P-4", "P-3", "P-2", "P-1", "UG"),
    ),
}

#: The whitespace models tried, tightest first: (edits, shift, breaks). Each table is
#: read with the first one under which some reading of every row meets every
#: published total -- the fewest assumptions about what the extraction did.
POLICY_LADDER: Final = (
    sc.Policy(max_edits=2, max_shift=1, max_breaks=2),
    sc.Policy(max_edits=2, max_shift=2, max_breaks=2),
    sc.Policy(max_edits=4, max_shift=2, max_breaks=2),
    sc.Policy(max_edits=4, max_shift=3, max_breaks=2),
    sc.Policy(max_edits=4, max_shift=3, max_breaks=3),
    sc.Policy(max_edits=6, max_shift=3, max_breaks=3),
)

# ---------------------------------------------------------------------------------------
# Stage 1: slicing
# ---------------------------------------------------------------------------------------

_TABLE_TITLE: Final = re.compile(r"^Table (\d)\. ")
_SECTION: Final = re.compile(r"^Country of nationality: (.*?)\t")
_LEGEND: Final = re.compile(r"^(G|E-1): ")
_NUMBER: Final = r"(\d{1,3}(?:,\d{3})+)"


def _annex_starts(lines: Sequence[str]) -> dict[str, int]:
    """Index of the line that opens each annex (the heading alone on its line)."""
    starts: dict[str, int] = {}
    for index, line in enumerate(lines):
        for annex in _ANNEXES:
            if line.strip() == f"Annex {annex}" and annex not in starts:
                starts[annex] = index
    missing = [a for a in _ANNEXES if a not in starts]
    if missing:
        msg = f"{SOURCE}: annexes not found: {missing}"
        raise ValueError(msg)
    return starts


def _kind(annex: str, line: str) -> tuple[str, str] | None:
    """(kind, content) of one annex line, or None to drop it."""
    stripped = line.strip()
    if not stripped or "\t" not in line:
        title = _TABLE_TITLE.match(stripped)
        if annex == "I" and title is not None:
            return "marker", f"table {title.group(1)}"
        return None
    if _LEGEND.match(stripped):
        return None
    section = _SECTION.match(line)
    if section is not None:
        # "observer States, non-member States and other" (hyphenation varies).
        member = "non" not in section.group(1)
        return "marker", "section member" if member else "section non-member"
    first = line.split("\t", 1)[0]
    if first in {"", "Category"} or re.fullmatch(r"\d{4}", first):
        return "columns", line
    return "row", line


def _format(annex: str, kept: Iterable[tuple[int, str, str]]) -> str:
    head = [
        f"# {SOURCE} Annex {annex}: lines of ar2020.txt, written by tools/staff2020.py.",
        "# <line number> TAB <kind> TAB <the line verbatim, its tabs and trailing tabs kept>",
        "# kinds: row, columns (a column-heading line), marker (ours, for a title/heading)",
    ]
    return "\n".join([*head, *(f"{n}\t{kind}\t{text}" for n, kind, text in kept)]) + "\n"


def slice_sources(sources: Path) -> None:
    """Write the annex lines of ``ar2020.txt`` to ``tools/raw/``.

    Parameters
    ----------
    sources
        The directory holding ``ar2020.txt``.
    """
    lines = (sources / f"{SOURCE}.txt").read_text(encoding="utf-8").split("\n")
    starts = _annex_starts(lines)
    ends = [*(starts[a] for a in _ANNEXES[1:]), len(lines)]
    for annex, end in zip(_ANNEXES, ends, strict=True):
        kept = []
        for index in range(starts[annex] + 1, end):
            kind = _kind(annex, lines[index].rstrip("\r"))
            if kind is not None:
                kept.append((index + 1, *kind))
        (RAW / _RAW_NAMES[annex]).write_text(_format(annex, kept), encoding="utf-8")
    _slice_para184(lines)


def _slice_para184(lines: Sequence[str]) -> None:
    """The two staff counts of paragraph 184 (the count and the later headcount)."""
    for index, line in enumerate(lines):
        if line.startswith("184. "):
            total = re.search(rf"total number of staff was {_NUMBER}", line)
            headcount = re.search(rf"headcount of {_NUMBER}", line)
            if total is None or headcount is None:
                msg = f"{SOURCE} paragraph 184: staff counts not found"
                raise ValueError(msg)
            text = (
                f"# {SOURCE} paragraph 184: two staff counts, written by tools/staff2020.py.\n"
                "# <line number> TAB <key> TAB <number as printed>\n"
                f"{index + 1}\tstaff_total\t{total.group(1)}\n"
                f"{index + 1}\theadcount\t{headcount.group(1)}\n"
            )
            (RAW / _PARA184).write_text(text, encoding="utf-8")
            return
    msg = f"{SOURCE}: paragraph 184 not found"
    raise ValueError(msg)


# ---------------------------------------------------------------------------------------
# Stage 2: reading the raw files
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RawLine:
    """One line of a raw file."""

    line: int
    kind: str
    text: str

    @property
    def fields(self) -> list[str]:
        """The tab-separated fields of the text."""
        return self.text.split("\t")


def read_raw(annex: str, raw_dir: Path = RAW) -> list[RawLine]:
    """The lines of one annex's raw file (``annex`` in I, II, III, IV)."""
    out = []
    path = raw_dir / _RAW_NAMES[annex]
    for text in path.read_text(encoding="utf-8").split("\n"):
        if not text or text.startswith("#"):
            continue
        number, kind, content = text.split("\t", 2)
        out.append(RawLine(line=int(number), kind=kind, text=content))
    return out


def _count(text: str) -> int:
    return sc.parse_count(text.replace(",", " ").strip())


@attrs.frozen(kw_only=True)
class PrintedTable:
    """A nationality table as printed: its rows and its Total row."""

    rows: tuple[sc.RawRow, ...]
    total: Mapping[str, int]
    total_line: int


def read_nationality_table(annex: str, raw_dir: Path = RAW) -> PrintedTable:
    """Rows (with page and section) and Total row of Annex II or III."""
    layout = LAYOUTS[annex]
    rows: list[sc.RawRow] = []
    total: dict[str, int] | None = None
    total_line = 0
    page = 0
    member = True
    for raw in read_raw(annex, raw_dir):
        if raw.kind == "marker":
            # Each section heading opens a page block of the printed table.
            page += 1
            member = raw.text == "section member"
            continue
        if raw.kind != "row":
            continue
        label, *fields = raw.fields
        label = " ".join(label.split())
        if label == "Total":
            values = [_count(f) for f in fields if f.strip()]
            total = dict(zip(layout.columns, values, strict=True))
            total_line = raw.line
            continue
        rows.append(
            sc.RawRow(
                label=label, fields=tuple(fields), line=raw.line, page=page, member_state=member
            )
        )
    if total is None:
        msg = f"{layout.table}: no Total row"
        raise ValueError(msg)
    return PrintedTable(rows=tuple(_page_flags(rows)), total=total, total_line=total_line)


def _page_flags(rows: Sequence[sc.RawRow]) -> list[sc.RawRow]:
    """Mark the rows of pages whose last column was lost or whose F and M share a field.

    Both are facts of a page, read from its rows' arithmetic: a page lost its M column
    when no row on it prints two numbers after its Total while some row's lone number
    after the Total is smaller than the Total (so M, nonzero, is missing); a page prints
    F and M in one field when some row's last field holds two numbers that add up to the
    number before them.
    """
    out = []
    pages = sorted({r.page for r in rows if r.page is not None})
    by_page = {p: [r for r in rows if r.page == p] for p in pages}
    for members in by_page.values():
        joined = any(_joined_sexes(r) for r in members)
        tails = [_tail_after_total(r) for r in members]
        lost_m = not any(len(t) == 2 for t in tails if t is not None) and any(
            t is not None and len(t) == 1 and t[0][1] < t[0][0] for t in tails
        )
        for r in members:
            out.append(attrs.evolve(r, lost_columns=("M",) if lost_m else (), joined_sexes=joined))
    return out


def _joined_sexes(row: sc.RawRow) -> bool:
    last = [f for f in row.fields if f.strip()]
    if len(last) < 2:
        return False
    groups = last[-1].split()
    if len(groups) != 2 or len(groups[1]) == 3:
        return False
    try:
        before = sc.parse_count(last[-2])
    except ValueError:
        return False
    return int(groups[0]) + int(groups[1]) == before


def _tail_after_total(row: sc.RawRow) -> list[tuple[int, int]] | None:
    """[(Total, number)] for each number after the Total, by the row's own arithmetic."""
    tokens = sc.tokenize(row.fields)[0]
    values = [t.value for t in tokens]
    # The Total is the last number that equals the sum of the numbers before it.
    for i in reversed(range(max(0, len(values) - 3), len(values))):
        if sum(values[:i]) == values[i]:
            return [(values[i], v) for v in values[i + 1 :]]
    return None


@attrs.frozen(kw_only=True)
class LabelledTable:
    """An Annex I or IV table: its column labels and its rows by label."""

    number: int
    corner: str
    columns: tuple[str, ...]
    rows: Mapping[str, tuple[str, ...]]
    lines: Mapping[str, int]


def read_labelled_tables(annex: str, raw_dir: Path = RAW) -> dict[int, LabelledTable]:
    """Annex I's tables (by number) or Annex IV's one table (number 1)."""
    tables: dict[int, LabelledTable] = {}
    number = 1 if annex == "IV" else 0
    corner = ""
    columns: tuple[str, ...] = ()
    rows: dict[str, tuple[str, ...]] = {}
    lines: dict[str, int] = {}

    def close() -> None:
        if columns:
            tables[number] = LabelledTable(
                number=number, corner=corner, columns=columns, rows=dict(rows), lines=dict(lines)
            )

    for raw in read_raw(annex, raw_dir):
        if raw.kind == "marker" and raw.text.startswith("table "):
            close()
            number = int(raw.text.split()[1])
            columns, rows, lines = (), {}, {}
        elif raw.kind == "columns":
            corner = raw.fields[0].strip()
            columns = tuple(f.strip() for f in raw.fields[1:])
        elif raw.kind == "row":
            label, *cells = raw.fields
            rows[label.strip()] = tuple(c.strip() for c in cells)
            lines[label.strip()] = raw.line
    close()
    return tables


def read_para184(raw_dir: Path = RAW) -> dict[str, tuple[int, int]]:
    """Key -> (value, line) of the counts sliced from paragraph 184."""
    out = {}
    for text in (raw_dir / _PARA184).read_text(encoding="utf-8").split("\n"):
        if text and not text.startswith("#"):
            line, key, value = text.split("\t")
            out[key] = (_count(value), int(line))
    return out


# ---------------------------------------------------------------------------------------
# Stage 2: recovering Annexes II and III
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Recovery:
    """One nationality table, recovered (see :mod:`tools.staff.tables`).

    Attributes
    ----------
    annex
        ``II`` or ``III``.
    printed
        The table as printed.
    table
        Every model's search, the shipped readings, statuses and bounds.
    """

    annex: str
    printed: PrintedTable
    table: tables.Recovered

    @property
    def problem(self) -> sc.Problem:
        """Rows, shipped readings and published totals (for the proofs)."""
        return self.table.problem()

    @property
    def resolutions(self) -> list[sc.Resolution]:
        """The shipped reading of every row (for the proofs)."""
        return self.table.resolutions()

    @property
    def omitted(self) -> int | None:
        """Row index that the Total row's grade cells leave out (Annex II), or None."""
        return self.table.variant.omitted


def _omitted_row_options(
    printed: PrintedTable, layout: sc.Layout, readings: Sequence[tuple[sc.Reading, ...]]
) -> list[int | None]:
    """Rows the Total row's grade cells may leave out (None: it leaves out none).

    When the printed grade cells of the Total row fall short of its own Total by a
    gap, the rows whose Total equals the gap in every reading are the candidates.
    """
    gap = printed.total[sc.TOTAL] - sum(printed.total[g] for g in layout.grades)
    if gap == 0:
        return [None]
    t = layout.index(sc.TOTAL)
    return [i for i, rs in enumerate(readings) if {r.values[t] for r in rs} == {gap}]


def spec(annex: str, overrides: Mapping[str, sc.Override], raw_dir: Path = RAW) -> tables.Spec:
    """Annex II or III as the staff engine takes it: rows, Total-row readings, ladder."""
    layout = LAYOUTS[annex]
    printed = read_nationality_table(annex, raw_dir)

    def ladder(rung: int) -> tuple[tuple[sc.Reading, ...], ...]:
        policy = POLICY_LADDER[rung]
        return tuple(sc.enumerate_readings(row, layout, policy) for row in printed.rows)

    widest = sc.Policy(max_edits=6, max_shift=3, max_breaks=3)
    variants = tuple(
        tables.Variant(
            totals=printed.total,
            excluded=(frozenset((o, g) for g in layout.grades) if o is not None else frozenset()),
            omitted=o,
        )
        for o in _omitted_row_options(
            printed, layout, [sc.enumerate_readings(row, layout, widest) for row in printed.rows]
        )
    )
    return tables.Spec(
        layout=layout,
        rows=printed.rows,
        variants=variants,
        rungs=tuple(repr(p) for p in POLICY_LADDER),
        ladder=ladder,
        overrides=overrides,
    )


def recover(
    annex: str,
    overrides: Mapping[str, sc.Override],
    raw_dir: Path = RAW,
    cached: Mapping[str, Any] | None = None,
) -> Recovery:
    """Read Annex II or III under every model (``cached``: a matching earlier search).

    The shipped choice is checked against every published total by the proofs
    (``Proofs.check_table``) whether or not it came from the cache.
    """
    printed = read_nationality_table(annex, raw_dir)
    recovered = tables.recover(spec(annex, overrides, raw_dir), cached)
    return Recovery(annex=annex, printed=printed, table=recovered)


def read_overrides(path: Path = OVERRIDES) -> dict[str, dict[str, sc.Override]]:
    """Reviewed overrides by table (``Annex II`` / ``Annex III``), keyed by id."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out: dict[str, dict[str, sc.Override]] = {}
    for entry in data.get("override", []):
        override = sc.Override(
            id=str(entry["id"]),
            label=str(entry["label"]),
            cells={str(k): int(v) for k, v in dict(entry["cells"]).items()},
            reasoning=str(entry["reasoning"]),
        )
        out.setdefault(str(entry["table"]), {})[override.id] = override
    return out


# ---------------------------------------------------------------------------------------
# Stage 2: Annexes I and IV
# ---------------------------------------------------------------------------------------

_PERCENT: Final = re.compile(r"^([+-]?)(\d+)%$")


def _percent(text: str) -> int:
    match = _PERCENT.match(text)
    if match is None:
        msg = f"not a printed percentage: {text!r}"
        raise ValueError(msg)
    sign, digits = match.groups()
    return -int(digits) if sign == "-" else int(digits)


def rounded_percent(part: int, whole: int) -> int:
    """``part / whole`` in per cent, rounded half up as the tables print it.

    Examples
    --------
    >>> rounded_percent(531, 1193)
    45
    """
    return (200 * part + whole) // (2 * whole)


Row = dict[str, object]


class Where(TypedDict):
    """Keyword arguments that stamp rows with edition, source and locator."""

    edition: int
    source: str
    locator: str


def _where(locator: str) -> Where:
    return {"edition": EDITION, "source": SOURCE, "locator": locator}


def _locator_table(n: int) -> str:
    return f"Annex I, Table {n}"


_BANDS: Final = {
    "Ungraded": "UG",
    "P-1": "P-1",
    "P-2": "P-2",
    "P-3": "P-3",
    "P-4": "P-4",
    "P-5": "P-5",
    "D-1-D-2": "D-1/D-2",
}


@attrs.frozen(kw_only=True)
class AnnexOne:
    """Annex I's four tables, decoded."""

    by_sex: Mapping[int, Mapping[str, int]]  # Table 1: year -> sex -> count
    by_sex_totals: Mapping[int, int]
    by_sex_percent: Mapping[int, int]
    bands: Mapping[str, Mapping[str, int]]  # Table 2: band -> men/women/total
    band_percent: Mapping[int, Mapping[str, int]]  # year -> band -> percent
    band_change: Mapping[str, int]
    change_years: tuple[int, int]
    senior: Mapping[int, Mapping[str, int]]  # Table 3
    senior_totals: Mapping[int, int]
    senior_percent: Mapping[int, int]
    senior_change: Mapping[int, int]
    category: Mapping[int, Mapping[str, int]]  # Table 4: year -> category -> count
    category_totals: Mapping[int, int]
    category_percent: Mapping[int, int]


def _by_year(table: LabelledTable, label: str) -> dict[int, str]:
    return dict(zip((int(c) for c in table.columns), table.rows[label], strict=True))


def decode_annex1(raw_dir: Path = RAW) -> AnnexOne:
    """Decode the four tables of Annex I."""
    tables = read_labelled_tables("I", raw_dir)
    t1, t2, t3, t4 = (tables[n] for n in (1, 2, 3, 4))

    def sexes(table: LabelledTable) -> dict[int, dict[str, int]]:
        men, women = _by_year(table, "Men"), _by_year(table, "Women")
        return {y: {"F": _count(women[y]), "M": _count(men[y])} for y in men}

    band_labels = t2.columns
    edition_year = int(t2.corner)
    band_rows = {
        "men": t2.rows["Men"],
        "women": t2.rows["Women"],
        "total": t2.rows[f"Total in {edition_year}"],
    }
    bands = {
        _BANDS[b]: {m: _count(cells[i]) for m, cells in band_rows.items()}
        for i, b in enumerate(band_labels)
    }
    band_percent: dict[int, dict[str, int]] = {}
    change: dict[str, int] = {}
    change_years = (0, 0)
    for label, cells in t2.rows.items():
        year_match = re.fullmatch(r"Percentage of women in (\d{4})", label)
        change_match = re.fullmatch(
            r"Change in percentage of women between (\d{4}) and (\d{4})", label
        )
        if year_match is not None:
            band_percent[int(year_match.group(1))] = {
                _BANDS[b]: _percent(c) for b, c in zip(band_labels, cells, strict=True)
            }
        elif change_match is not None:
            change_years = (int(change_match.group(1)), int(change_match.group(2)))
            change = {_BANDS[b]: _percent(c) for b, c in zip(band_labels, cells, strict=True)}
    t4_rows = dict(t4.rows)
    years4 = [int(c) for c in t4.columns]
    prof = dict(zip(years4, t4_rows["International Professional"], strict=True))
    gs = dict(zip(years4, t4_rows["General Service and National Officers"], strict=True))
    return AnnexOne(
        by_sex=sexes(t1),
        by_sex_totals={y: _count(v) for y, v in _by_year(t1, "Total").items()},
        by_sex_percent={y: _percent(v) for y, v in _by_year(t1, "Percentage of women").items()},
        bands=bands,
        band_percent=band_percent,
        band_change=change,
        change_years=change_years,
        senior=sexes(t3),
        senior_totals={y: _count(v) for y, v in _by_year(t3, "Total").items()},
        senior_percent={y: _percent(v) for y, v in _by_year(t3, "Percentage of women").items()},
        senior_change={
            y: _percent(v) for y, v in _by_year(t3, "Change in percentage of women").items()
        },
        category={
            y: {"professional": _count(prof[y]), "general_service": _count(gs[y])} for y in years4
        },
        category_totals={y: _count(v) for y, v in zip(years4, t4_rows["Total"], strict=True)},
        category_percent={
            y: _percent(v)
            for y, v in zip(
                years4, t4_rows["Percentage of international Professional"], strict=True
            )
        },
    )


_ANNEX4_MEASURES: Final = {
    "Number of Member State nationalities": "member_state_nationalities",
    "Number of non-member State nationalities": "non_member_state_nationalities",
    "Total nationalities represented": "total_nationalities",
    "Number of Member States": "member_states",
    "Percentage of Member States represented": "member_states_represented_percent",
}


def decode_annex4_cached() -> dict[str, dict[int, int]]:
    """:func:`decode_annex4` of the shipped raw files."""
    return decode_annex4(RAW)


def decode_annex4(raw_dir: Path = RAW) -> dict[str, dict[int, int]]:
    """Annex IV: measure -> year -> value (percentages as printed integers)."""
    (table,) = read_labelled_tables("IV", raw_dir).values()
    out: dict[str, dict[int, int]] = {}
    for label, measure in _ANNEX4_MEASURES.items():
        parse = _percent if measure.endswith("_percent") else _count
        out[measure] = {y: parse(v) for y, v in _by_year(table, label).items()}
    return out


# ---------------------------------------------------------------------------------------
# Stage 2: the datasets, the proofs and the errata
# ---------------------------------------------------------------------------------------


def _annex1_rows(a1: AnnexOne) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    out["professional_staff_by_sex"] = [
        {**_where(_locator_table(1)), "year": y, "sex": sex, "count": n}
        for y, by in a1.by_sex.items()
        for sex, n in by.items()
    ]
    out["senior_staff_by_sex"] = [
        {**_where(_locator_table(3)), "year": y, "sex": sex, "count": n}
        for y, by in a1.senior.items()
        for sex, n in by.items()
    ]
    out["staff_by_category"] = [
        {**_where(_locator_table(4)), "year": y, "category": c, "count": n}
        for y, by in a1.category.items()
        for c, n in by.items()
    ]
    bands: list[Row] = []
    start, end = a1.change_years
    for band, measures in a1.bands.items():
        for measure, value in measures.items():
            bands.append(_band_row(band, measure, value, EDITION, None))
        for year, by_band in a1.band_percent.items():
            bands.append(_band_row(band, "women_percent", by_band[band], year, None))
        bands.append(_band_row(band, "women_percent_change", a1.band_change[band], end, start))
    out["women_share_by_grade"] = bands
    # (row label, values by year, dataset, unit, table) of every printed total row.
    printed: tuple[tuple[str, Mapping[int, int], str, str, int], ...] = (
        ("Total", a1.by_sex_totals, "professional_staff_by_sex", "persons", 1),
        ("Percentage of women", a1.by_sex_percent, "professional_staff_by_sex", "percent", 1),
        ("Total", a1.senior_totals, "senior_staff_by_sex", "persons", 3),
        ("Percentage of women", a1.senior_percent, "senior_staff_by_sex", "percent", 3),
        (
            "Change in percentage of women",
            a1.senior_change,
            "senior_staff_by_sex",
            "percentage_points",
            3,
        ),
        ("Total", a1.category_totals, "staff_by_category", "persons", 4),
        (
            "Percentage of international Professional",
            a1.category_percent,
            "staff_by_category",
            "percent",
            4,
        ),
    )
    totals: list[Row] = []
    for label, by_year, dataset, unit, table in printed:
        totals += sc.published_total_rows(
            {(label, str(y)): v for y, v in by_year.items()},
            dataset=dataset,
            unit=unit,
            **_where(_locator_table(table)),
        )
    out["published_totals"] = totals
    return out


def _band_row(band: str, measure: str, value: int, year: int, base: int | None) -> Row:
    return {
        **_where(_locator_table(2)),
        "year": year,
        "base_year": base,
        "grade_band": band,
        "measure": measure,
        "value": value,
    }


def _annex4_rows(a4: Mapping[str, Mapping[int, int]]) -> list[Row]:
    return [
        {**_where("Annex IV"), "year": y, "measure": m, "value": v}
        for m, by_year in a4.items()
        for y, v in by_year.items()
    ]


def _nationality_totals(rec: Recovery) -> list[Row]:
    """The printed Total column of every row and the printed Total row."""
    layout = rec.problem.layout
    where = _where(layout.table)
    by_grade = {
        (res.row.label, sc.TOTAL): res.reading.cells(layout)[sc.TOTAL] for res in rec.resolutions
    }
    by_grade |= {("Total", c): rec.printed.total[c] for c in (*layout.grades, sc.TOTAL)}
    by_sex = {("Total", s): rec.printed.total[s] for s in sc.SEXES}
    return [
        *sc.published_total_rows(
            by_grade,
            dataset="staff_by_nationality_grade",
            **where,
        ),
        *sc.published_total_rows(
            by_sex,
            dataset="staff_by_nationality_sex",
            **where,
        ),
    ]


def _fmt(n: int) -> str:
    return f"{n:,}"


def _errata(
    a1: AnnexOne, recs: Mapping[str, Recovery], para184: Mapping[str, tuple[int, int]]
) -> tuple[list[sc.Erratum], dict[str, list[str]]]:
    """The published inconsistencies and the equation keys each one explains."""
    errata: list[sc.Erratum] = []
    keys: dict[str, list[str]] = {}

    # Paragraph 184 states the staff total twice, the second time with two digits swapped.
    total, _ = para184["staff_total"]
    headcount, _ = para184["headcount"]
    if headcount != total:
        eid = f"{SOURCE}-para184-headcount"
        errata.append(
            sc.Erratum(
                id=eid,
                source=SOURCE,
                locator="paragraph 184",
                published=f"total headcount {_fmt(headcount)}",
                established=f"{_fmt(total)}",
                explanation=(
                    f"The same paragraph first gives the staff total as {_fmt(total)}, and "
                    f"Annex I, Table 4 gives {_fmt(a1.category_totals[EDITION])} for "
                    f"{EDITION}; the later figure transposes two digits."
                ),
            )
        )
        keys[eid] = ["para184|headcount=total"]

    # Annex I, Table 2 against Annex III, by grade band.
    band_keys = []
    differing = []
    annex3 = _annex3_bands(recs["III"])
    for band, measures in a1.bands.items():
        if measures["total"] != annex3[band]:
            band_keys.append(f"Annex I Table 2|{band} total=Annex III")
            differing.append((band, measures["total"], annex3[band]))
    if differing:
        eid = f"{SOURCE}-annex1-table2-bands"
        errata.append(
            sc.Erratum(
                id=eid,
                source=SOURCE,
                locator=_locator_table(2),
                published="; ".join(f"{b} total {p}" for b, p, _ in differing),
                established="; ".join(f"{b} total {e} (Annex III)" for b, _, e in differing),
                explanation=(
                    "Table 2's totals by grade differ by one from the Total row of Annex III "
                    "for these grades; both tables add up to the same grand total, and "
                    "Annex III's rows and columns are proven by its own totals."
                ),
            )
        )
        keys[eid] = band_keys

    # Annex I, Table 4's share of international Professional staff.
    wrong = {
        y: (p, rounded_percent(a1.category[y]["professional"], a1.category_totals[y]))
        for y, p in a1.category_percent.items()
        if p != rounded_percent(a1.category[y]["professional"], a1.category_totals[y])
    }
    for year, (printed, computed) in wrong.items():
        eid = f"{SOURCE}-annex1-table4-percent-{year}"
        errata.append(
            sc.Erratum(
                id=eid,
                source=SOURCE,
                locator=_locator_table(4),
                published=f"{printed}% in {year}",
                established=f"{computed}%",
                explanation=(
                    f"In {year} the table counts {_fmt(a1.category[year]['professional'])} "
                    f"international Professional staff of {_fmt(a1.category_totals[year])} "
                    f"in all, which is {computed}%, not {printed}%."
                ),
            )
        )
        keys[eid] = [f"Annex I Table 4|percent {year}"]

    # The nationality printed with a non-UN name.
    misnamed = sorted(
        {
            (rec.problem.layout.table, res.row.label)
            for rec in recs.values()
            for res in rec.resolutions
            if res.row.label == "Syrian Arabic Republic"
        }
    )
    if misnamed:
        eid = f"{SOURCE}-syrian-arab-republic-name"
        errata.append(
            sc.Erratum(
                id=eid,
                source=SOURCE,
                locator="; ".join(t for t, _ in misnamed),
                published="Syrian Arabic Republic",
                established="Syrian Arab Republic",
                explanation=(
                    "The United Nations name of the country is Syrian Arab Republic, as the "
                    "report itself writes it in its narrative; the annexes print one extra "
                    "syllable. The data keep the printed name in nationality_as_printed."
                ),
            )
        )
        keys[eid] = []

    # Annex IV against the nationalities with Professional staff in Annex III.
    counted = _represented(recs["III"])
    a4 = decode_annex4_cached()
    off = {m: (a4[m][EDITION], v) for m, v in counted.items() if a4[m][EDITION] != v}
    if off:
        eid = f"{SOURCE}-annex4-nationalities-{EDITION}"
        states = a4["member_states"][EDITION]
        percent = a4["member_states_represented_percent"][EDITION]
        printed_ms = a4["member_state_nationalities"][EDITION]
        counted_ms = counted["member_state_nationalities"]
        errata.append(
            sc.Erratum(
                id=eid,
                source=SOURCE,
                locator="Annex IV",
                published="; ".join(f"{m.replace('_', ' ')} {p}" for m, (p, _) in off.items()),
                established="; ".join(
                    f"{m.replace('_', ' ')} {e} (Annex III)" for m, (_, e) in off.items()
                ),
                explanation=(
                    f"Counting the rows of Annex III with at least one Professional staff "
                    f"member in {EDITION} (the Other row, one person, as one non-member "
                    "nationality) gives fewer Member State nationalities than Annex IV "
                    f"prints. Annex IV's own percentage of Member States represented, "
                    f"{percent}%, is its printed count {printed_ms} of {states} rounded; the "
                    f"count of Annex III, {counted_ms} of {states}, would round to "
                    f"{rounded_percent(counted_ms, states)}%."
                ),
            )
        )
        keys[eid] = [f"Annex IV|{m}=Annex III" for m in off]

    # Annex II: the Total row's grade cells leave out one row.
    rec2 = recs["II"]
    if rec2.omitted is not None:
        layout = rec2.problem.layout
        omitted = rec2.resolutions[rec2.omitted]
        cells = omitted.reading.cells(layout)
        grade_sum = sum(rec2.printed.total[g] for g in layout.grades)
        with_omitted = {
            g: sum(res.reading.cells(layout)[g] for res in rec2.resolutions)
            for g in layout.grades
            if cells[g]
        }
        printed_cells = {g: rec2.printed.total[g] for g in with_omitted}
        eid = f"{SOURCE}-annex2-total-row-omits-{_slug(omitted.row.label)}"
        errata.append(
            sc.Erratum(
                id=eid,
                source=SOURCE,
                locator=f"{layout.table}, Total row",
                published=(
                    f"grade cells of the Total row {_columns(printed_cells)} sum to "
                    f"{_fmt(grade_sum)}; its Total is {_fmt(rec2.printed.total[sc.TOTAL])}"
                ),
                established=(
                    f"the grade columns of all rows sum to {_fmt(rec2.printed.total[sc.TOTAL])} "
                    f"({_columns(with_omitted)} where they differ, with the "
                    f"{omitted.row.label} row as shipped); each printed grade total equals "
                    f"its column without the {omitted.row.label} row ({cells[sc.TOTAL]} staff)"
                ),
                explanation=(
                    f"The Total row's grade cells leave out the last row, "
                    f"{omitted.row.label}, while its Total, F and M include it (they match "
                    "Annex I, Table 4 and the sums of the rows). No other row's omission "
                    "lets the columns meet the printed totals."
                ),
            )
        )
        keys[eid] = [f"{layout.table}|column {g}" for g in layout.grades if cells[g]] + [
            f"{layout.table}|Total row grades"
        ]
    return errata, keys


def _columns(values: Mapping[str, int]) -> str:
    """``G-3 958, G-4 2,529``: column and value, in the table's order."""
    return ", ".join(f"{column} {_fmt(value)}" for column, value in values.items())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _annex3_bands(rec: Recovery) -> dict[str, int]:
    """Annex III's Total row by the grade bands of Annex I, Table 2 (E-1, E-2 apart)."""
    t = rec.printed.total
    return {
        "UG": t["UG"],
        "P-1": t["P-1"],
        "P-2": t["P-2"],
        "P-3": t["P-3"],
        "P-4": t["P-4"],
        "P-5": t["P-5"],
        "D-1/D-2": t["D-1"] + t["D-2"],
    }


def _prove(
    proofs: sc.Proofs,
    a1: AnnexOne,
    a4: Mapping[str, Mapping[int, int]],
    recs: Mapping[str, Recovery],
    para184: Mapping[str, tuple[int, int]],
) -> None:
    """Every arithmetic check across the annexes (raises unless an erratum explains)."""
    for rec in recs.values():
        proofs.check_table(rec.resolutions, rec.problem)
    eq = proofs.equal
    # Table 1.
    for y, by in a1.by_sex.items():
        eq(
            f"Annex I Table 1|total {y}",
            by["F"] + by["M"],
            a1.by_sex_totals[y],
            what=f"Table 1 {y}: women + men = Total",
        )
        eq(
            f"Annex I Table 1|percent {y}",
            rounded_percent(by["F"], a1.by_sex_totals[y]),
            a1.by_sex_percent[y],
            what=f"Table 1 {y}: percentage of women",
        )
    # Table 2.
    start, end = a1.change_years
    for band, m in a1.bands.items():
        eq(
            f"Annex I Table 2|{band} men+women",
            m["men"] + m["women"],
            m["total"],
            what=f"Table 2 {band}: men + women = total",
        )
        eq(
            f"Annex I Table 2|{band} percent {EDITION}",
            rounded_percent(m["women"], m["total"]),
            a1.band_percent[EDITION][band],
            what=f"Table 2 {band}: percentage of women in {EDITION}",
        )
        eq(
            f"Annex I Table 2|{band} change",
            a1.band_percent[end][band] - a1.band_percent[start][band],
            a1.band_change[band],
            what=f"Table 2 {band}: change {start}-{end}",
        )
    annex3 = _annex3_bands(recs["III"])
    for band, m in a1.bands.items():
        eq(
            f"Annex I Table 2|{band} total=Annex III",
            m["total"],
            annex3[band],
            what=f"Table 2 {band} total against Annex III",
        )
    for sex, measure in (("F", "women"), ("M", "men")):
        eq(
            f"Annex I Table 2|{measure}=Table 1",
            sum(m[measure] for m in a1.bands.values()),
            a1.by_sex[EDITION][sex],
            what=f"Table 2 {measure} add up to Table 1 {EDITION}",
        )
        eq(
            f"Annex I Table 1|{sex}=Annex III",
            a1.by_sex[EDITION][sex],
            recs["III"].printed.total[sex],
            what=f"Table 1 {EDITION} {sex} against Annex III",
        )
    # Table 3.
    years3 = sorted(a1.senior)
    for y in years3:
        by = a1.senior[y]
        eq(
            f"Annex I Table 3|total {y}",
            by["F"] + by["M"],
            a1.senior_totals[y],
            what=f"Table 3 {y}: women + men = Total",
        )
        eq(
            f"Annex I Table 3|percent {y}",
            rounded_percent(by["F"], a1.senior_totals[y]),
            a1.senior_percent[y],
            what=f"Table 3 {y}: percentage of women",
        )
        if y - 1 in a1.senior_percent:
            eq(
                f"Annex I Table 3|change {y}",
                a1.senior_percent[y] - a1.senior_percent[y - 1],
                a1.senior_change[y],
                what=f"Table 3 {y}: change in percentage of women",
            )
    t3 = recs["III"].printed.total
    eq(
        "Annex I Table 3|total=Annex III",
        a1.senior_totals[EDITION],
        t3["D-2"] + t3["D-1"] + t3["P-5"],
        what="Table 3 (P-5 and above, E-1/E-2 apart) against Annex III",
    )
    # Table 4.
    for y, by in a1.category.items():
        eq(
            f"Annex I Table 4|total {y}",
            by["professional"] + by["general_service"],
            a1.category_totals[y],
            what=f"Table 4 {y}: categories add up",
        )
        eq(
            f"Annex I Table 4|percent {y}",
            rounded_percent(by["professional"], a1.category_totals[y]),
            a1.category_percent[y],
            what=f"Table 4 {y}: share of international Professional staff",
        )
        if y in a1.by_sex_totals:
            eq(
                f"Annex I Table 4|professional {y}=Table 1",
                by["professional"],
                a1.by_sex_totals[y],
                what=f"Table 4 {y} against Table 1",
            )
    eq(
        "Annex I Table 4|professional=Annex III",
        a1.category[EDITION]["professional"],
        recs["III"].printed.total[sc.TOTAL],
        what="Table 4 international Professional against Annex III",
    )
    eq(
        "Annex I Table 4|general_service=Annex II",
        a1.category[EDITION]["general_service"],
        recs["II"].printed.total[sc.TOTAL],
        what="Table 4 General Service against Annex II",
    )
    # Paragraph 184.
    total, _ = para184["staff_total"]
    eq("para184|total=Table 4", total, a1.category_totals[EDITION], what="paragraph 184 total")
    eq("para184|headcount=total", para184["headcount"][0], total, what="paragraph 184 headcount")
    # Annex IV.
    for y in a4["total_nationalities"]:
        eq(
            f"Annex IV|total {y}",
            a4["member_state_nationalities"][y] + a4["non_member_state_nationalities"][y],
            a4["total_nationalities"][y],
            what=f"Annex IV {y}: member + non-member nationalities",
        )
        eq(
            f"Annex IV|percent {y}",
            rounded_percent(a4["member_state_nationalities"][y], a4["member_states"][y]),
            a4["member_states_represented_percent"][y],
            what=f"Annex IV {y}: share of Member States represented",
        )
    counted = _represented(recs["III"])
    for measure, value in counted.items():
        eq(
            f"Annex IV|{measure}=Annex III",
            value,
            a4[measure][EDITION],
            what=f"Annex IV {EDITION} {measure} against Annex III",
        )


def _represented(rec: Recovery) -> dict[str, int]:
    """Nationalities with Professional staff in Annex III.

    The Other row (in the non-member section) counts as one nationality when it holds
    exactly one person; with more it could stand for several, which would leave the
    count undetermined.
    """
    t = rec.problem.layout.index(sc.TOTAL)
    staffed = [r for r in rec.resolutions if r.reading.values[t] > 0]
    for res in staffed:
        if res.row.label == "Other" and res.reading.values[t] != 1:
            msg = "Annex III: the Other row holds several people; nationalities uncountable"
            raise sc.ProofError(msg)
    member = sum(1 for r in staffed if r.row.member_state)
    return {
        "member_state_nationalities": member,
        "non_member_state_nationalities": len(staffed) - member,
        "total_nationalities": len(staffed),
    }


def _canonical_names() -> dict[str, str]:
    """Printed name -> canonical nationality, from the reviewed country table."""
    with (REFERENCE / "country_names.csv").open(encoding="utf-8", newline="") as handle:
        return {row["name_as_printed"]: row["nationality"] for row in csv.DictReader(handle)}


@attrs.frozen(kw_only=True)
class Build:
    """Everything :func:`build` computes, for the summary and the tests."""

    datasets: Mapping[str, list[Row]]
    recoveries: Mapping[str, Recovery]
    errata: tuple[sc.Erratum, ...]
    proofs: sc.Proofs


def run(raw_dir: Path = RAW) -> Build:
    """Recover, prove and emit; :func:`build` returns the datasets of this."""
    overrides = read_overrides()
    cached = tables.read_cache(SEARCH_CACHE) if raw_dir == RAW and use_search_cache else {}
    recs = {
        annex: recover(
            annex,
            overrides.get(LAYOUTS[annex].table, {}),
            raw_dir,
            cached.get(LAYOUTS[annex].table),
        )
        for annex in ("II", "III")
    }
    if raw_dir == RAW:
        tables.write_cache(
            SEARCH_CACHE, {r.table.layout.table: r.table.cache for r in recs.values()}
        )
    a1 = decode_annex1(raw_dir)
    a4 = decode_annex4(raw_dir)
    para184 = read_para184(raw_dir)
    errata, keys = _errata(a1, recs, para184)
    proofs = sc.Proofs(explained=keys)
    _prove(proofs, a1, a4, recs, para184)
    datasets: dict[str, list[Row]] = {name: [] for name in DATASETS}
    canonical = _canonical_names()
    for name, rows in _annex1_rows(a1).items():
        datasets[name] += rows
    datasets["nationalities_represented"] = _annex4_rows(a4)
    for rec in recs.values():
        layout = rec.table.layout
        locators = [layout.table] * len(rec.printed.rows)
        for name, rows in tables.table_rows(
            rec.table, edition=EDITION, source=SOURCE, locators=locators
        ).items():
            datasets[name] += rows
        # This dataset has a nationality column but no iso3 column, so the build's name
        # lookup (which fills both) cannot run on it; the canonical name is taken here
        # from the same reviewed country table.
        datasets["staff_ambiguous_readings"] += tables.reading_rows(
            rec.table, edition=EDITION, source=SOURCE, locators=locators, nationality=canonical
        )
        datasets["published_totals"] += _nationality_totals(rec)
    datasets["errata"] = [e.row() for e in errata]
    return Build(datasets=datasets, recoveries=recs, errata=tuple(errata), proofs=proofs)


DATASETS: Final = (
    "professional_staff_by_sex",
    "women_share_by_grade",
    "senior_staff_by_sex",
    "staff_by_category",
    "staff_by_nationality_grade",
    "staff_by_nationality_sex",
    "staff_ambiguous_readings",
    "published_totals",
    "nationalities_represented",
    "errata",
)


def build() -> dict[str, list[dict[str, object]]]:
    """The rows of every dataset this module produces (see ``tools/README.md``)."""
    return dict(run().datasets)


def summary(result: Build) -> str:
    """Per table: cells by status under each model and shipped; datasets; errata; proofs."""
    lines = []
    for rec in result.recoveries.values():
        lines.append(f"{rec.table.layout.table}: {len(rec.printed.rows)} rows")
        lines += tables.summary_lines(rec.table)
    for name in DATASETS:
        lines.append(f"  {name}: {len(result.datasets[name])} rows")
    lines.append(f"errata: {len(result.errata)}")
    for erratum in result.errata:
        lines.append(f"  {erratum.id} ({erratum.locator})")
    lines.append(
        f"proofs: {result.proofs.checked} equations checked; "
        f"{len(result.proofs.failures_explained)} fail as published, each explained by an erratum"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(run()))
    sys.exit(0)
