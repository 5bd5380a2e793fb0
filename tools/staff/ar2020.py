"""Staff statistics of the Annual Report for 2020 (C/112/INF/1), Annexes I-IV.

Two stages, as every pipeline module (see ``tools/README.md``):

* :func:`slice_sources` copies the annex lines of ``ar2020.txt`` into
  ``tools/raw/ar2020_annex{1,2,3,4}.tsv`` verbatim, tabs and trailing tabs included
  (the empty fields are the evidence of the empty cells), each line prefixed with its
  line number in the source and a kind. Titles, headings and legends are prose: a
  title becomes a marker of ours (``table 2``), a section heading becomes
  ``section member`` or ``section non-member``, legends are dropped. The numbers of
  the narrative that the annexes are checked against go to
  ``tools/raw/ar2020_para{184,201}.tsv`` (:data:`_PARAGRAPHS`).
* :func:`build` reads only those raw files and ``tools/reference/overrides_ar2020.toml``,
  recovers every cell of Annexes II and III with the engine (:mod:`tools.staff.search`:
  the printed order of a row's numbers is trusted, their fields are not: the published
  Total row decides), decodes Annexes I and IV (:mod:`tools.staff.annexes`), proves the
  arithmetic (:mod:`tools.staff.proofs`) and returns the rows of each dataset.

How the 2020 text prints a row: the label, then one tab-separated field per cell, an
empty cell an empty field; but many rows lost or gained empty fields, some pages print
F and M in one field, and some pages lost their last column (:func:`_page_flags`).

Run ``python -m tools.staff.ar2020`` for a per-table summary.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Final

import attrs

from tools.staff import annexes, model_summary, tables
from tools.staff import model as md
from tools.staff.annexes import (
    ANNEXES,
    BAND_GRADES,
    BAND_OF,
    MEASURE_OF,
    DecodedTable,
    annex1_rows,
    annex4_rows,
    annex_starts,
    decode_annex1,
    decode_annex4,
    percent_of,
)
from tools.staff.emit import Row, table_rows
from tools.staff.errata import errata, explained, read_registry
from tools.staff.proofs import (
    Erratum,
    Ledger,
    Proofs,
    annex1_proofs,
    erratum_row,
    nationalities,
    omitted_row_values,
    professional_share,
)
from tools.staff.readings import (
    SEXES,
    Layout,
    Policy,
    ProofError,
    RawRow,
    Reading,
    enumerate_readings,
    parse_count,
)
from tools.staff.search import PrintedTable, omitted_row_options, page_flags
from tools.staff.statuses import Override, RecoveredTable, read_overrides

__all__ = ["build", "labelled_rows", "slice_sources"]

SOURCE: Final = "ar2020"
EDITION: Final = 2020
TOOLS: Final = Path(__file__).resolve().parent.parent
RAW: Final = TOOLS / "raw"
REFERENCE: Final = TOOLS / "reference"
OVERRIDES: Final = REFERENCE / "overrides_ar2020.toml"
#: What the integer programs decided at the last build, keyed by the search's inputs
#: and the engine version (:func:`search_key`). With a current cache the build reuses
#: its searches; a stale or missing entry is searched afresh.
SEARCH_CACHE: Final = TOOLS / "cache" / "ar2020_search.json"
#: Whether :func:`run` may use :data:`SEARCH_CACHE` (``build_data --fresh`` turns it off).
use_search_cache = True
#: Tables whose open rows list their readings less far above the optimum than
#: :data:`model.LISTED`. Annex II: the listing of its open rows' readings up to +2 has
#: not finished yet (it is resumable: :mod:`tools.staff.search_one` ``--checkpoint``);
#: until it has, they are listed up to +1, and the documentation says so from the cache.
LISTED: Final = {"Annex II": {md.FEWEST_EDITS: 1, md.ROW_LADDER: 0}}

_RAW_NAMES: Final = {annex: f"{SOURCE}_annex{n}.tsv" for n, annex in enumerate(ANNEXES, 1)}
#: Numbers of the narrative the annexes are checked against: raw file name -> (paragraph,
#: what its numbers are, key -> pattern whose group is the number as printed).
_PARAGRAPHS: Final = {
    "para184": (
        "184",
        "two staff counts",
        {"staff_total": r"total number of staff was (\d{1,3}(?:,\d{3})+)",
         "headcount": r"headcount of (\d{1,3}(?:,\d{3})+)"},
    ),
    "para201": (
        "201",
        "the share of Member States represented",
        {"member_states_represented_percent": r"(\d+) per cent of Member States were represented"},
    ),
}  # fmt: skip

_GRADES: Final = {
    "II": (
        "G-1", "G-1A", "G-1B", "G-2", "G-3", "G-4", "G-5", "G-6", "G-7", "G-8",
        "NO-A", "NO-B", "NO-C", "NO-D", "UG",
    ),
    "III": ("E-1", "E-2", "D-2", "D-1", "P-5", "P-4", "P-3", "P-2", "P-1", "UG"),
}  # fmt: skip
_CATEGORY: Final = {"II": "general_service", "III": "professional"}
LAYOUTS: Final = {
    annex: Layout(table=f"Annex {annex}", category=_CATEGORY[annex], grades=grades)
    for annex, grades in _GRADES.items()
}

#: The whitespace models tried, tightest first: (edits, shift, breaks). Each table is
#: read with the first one under which some reading of every row meets every
#: published total -- the fewest assumptions about what the extraction did.
POLICY_LADDER: Final = (
    Policy(max_edits=2, max_shift=1, max_breaks=2),
    Policy(max_edits=2, max_shift=2, max_breaks=2),
    Policy(max_edits=4, max_shift=2, max_breaks=2),
    Policy(max_edits=4, max_shift=3, max_breaks=2),
    Policy(max_edits=4, max_shift=3, max_breaks=3),
    Policy(max_edits=6, max_shift=3, max_breaks=3),
)


# ---------------------------------------------------------------------------------------
# Stage 1: slicing
# ---------------------------------------------------------------------------------------

_TABLE_TITLE: Final = re.compile(r"^Table (\d)\. ")
_SECTION: Final = re.compile(r"^Country of nationality: (.*?)\t")
_LEGEND: Final = re.compile(r"^(G|E-1): ")


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
        f"# {SOURCE} Annex {annex}: lines of ar2020.txt, written by tools/staff/ar2020.py.",
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
    starts = annex_starts(lines, SOURCE)
    ends = [*(starts[a] for a in ANNEXES[1:]), len(lines)]
    for annex, end in zip(ANNEXES, ends, strict=True):
        kept = []
        for index in range(starts[annex] + 1, end):
            kind = _kind(annex, lines[index].rstrip("\r"))
            if kind is not None:
                kept.append((index + 1, *kind))
        (RAW / _RAW_NAMES[annex]).write_text(_format(annex, kept), encoding="utf-8")
    for name in _PARAGRAPHS:
        _slice_paragraph(lines, name)


def _slice_paragraph(lines: Sequence[str], name: str) -> None:
    """The numbers of one paragraph (:data:`_PARAGRAPHS`), each with its key."""
    number, what, patterns = _PARAGRAPHS[name]
    for index, line in enumerate(lines):
        if line.startswith(f"{number}. "):
            found = {key: re.search(pattern, line) for key, pattern in patterns.items()}
            missing = [key for key, match in found.items() if match is None]
            if missing:
                msg = f"{SOURCE} paragraph {number}: {missing} not found"
                raise ValueError(msg)
            text = (
                f"# {SOURCE} paragraph {number}: {what}, written by tools/staff/ar2020.py.\n"
                "# <line number> TAB <key> TAB <number as printed>\n"
            ) + "".join(
                f"{index + 1}\t{key}\t{match.group(1)}\n"
                for key, match in found.items()
                if match is not None
            )
            (RAW / f"{SOURCE}_{name}.tsv").write_text(text, encoding="utf-8")
            return
    msg = f"{SOURCE}: paragraph {number} not found"
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
    return parse_count(text.replace(",", " ").strip())


def read_nationality_table(annex: str, raw_dir: Path = RAW) -> PrintedTable:
    """Rows (with page and section) and Total row of Annex II or III."""
    layout = LAYOUTS[annex]
    rows: list[RawRow] = []
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
            RawRow(
                label=label, fields=tuple(fields), line=raw.line, page=page, member_state=member
            )
        )
    if total is None:
        msg = f"{layout.table}: no Total row"
        raise ValueError(msg)
    return PrintedTable(rows=tuple(page_flags(rows)), total=total, total_line=total_line)


def read_paragraphs(raw_dir: Path = RAW) -> dict[str, tuple[int, int]]:
    """Key -> (value, line) of the numbers sliced from the narrative (:data:`_PARAGRAPHS`)."""
    out = {}
    for name in _PARAGRAPHS:
        for text in (raw_dir / f"{SOURCE}_{name}.tsv").read_text(encoding="utf-8").split("\n"):
            if text and not text.startswith("#"):
                line, key, value = text.split("\t")
                out[key] = (_count(value), int(line))
    return out


def annex_lines(annex: str, raw_dir: Path = RAW) -> list[annexes.RawLine]:
    """Annex I's or IV's lines, as the shared decoder reads them (:mod:`tools.staff.annexes`)."""
    return [
        annexes.RawLine(raw.line, "", raw.text)
        if raw.kind == "marker"
        else annexes.RawLine(raw.line, raw.text)
        for raw in read_raw(annex, raw_dir)
    ]


# ---------------------------------------------------------------------------------------
# Stage 2: recovering Annexes II and III, and the rows of every dataset
# ---------------------------------------------------------------------------------------


def _inputs(raw_dir: Path) -> dict[str, tuple[Layout, PrintedTable, Mapping[str, Override]]]:
    """Per table (``Annex II``): its layout, its rows as printed and its overrides."""
    overrides = read_overrides(OVERRIDES)
    return {
        layout.table: (
            layout,
            read_nationality_table(annex, raw_dir),
            overrides.get(layout.table, {}),
        )
        for annex, layout in LAYOUTS.items()
    }


def spec(layout: Layout, printed: PrintedTable, overrides: Mapping[str, Override]) -> tables.Spec:
    """One nationality table as the error models take it (:mod:`tools.staff.tables`).

    The readings of its Total row: as printed, or leaving out the grade cells of a row
    whose Total is the gap between the printed grade totals and the printed Total (any
    reading of the widest rung of the ladder decides which rows can be).
    """
    widest = Policy(max_edits=6, max_shift=3, max_breaks=3)
    omitted = omitted_row_options(
        printed, layout, [enumerate_readings(row, layout, widest) for row in printed.rows]
    )
    variants = tuple(
        tables.Variant(
            totals=printed.total,
            excluded=(frozenset((o, g) for g in layout.grades) if o is not None else frozenset()),
            omitted=o,
        )
        for o in omitted
    )

    def ladder(rung: int) -> tuple[tuple[Reading, ...], ...]:
        policy = POLICY_LADDER[rung]
        return tuple(enumerate_readings(row, layout, policy) for row in printed.rows)

    return tables.Spec(
        layout=layout,
        rows=printed.rows,
        variants=variants,
        rungs=tuple(repr(p) for p in POLICY_LADDER),
        ladder=ladder,
        overrides=overrides,
        listed=LISTED.get(layout.table, md.LISTED),
    )


def search_key(raw_dir: Path = RAW) -> dict[str, str]:
    """The key of each table's entry in :data:`SEARCH_CACHE` for the current inputs."""
    return {
        name: tables.cache_key(spec(layout, printed, overrides))
        for name, (layout, printed, overrides) in _inputs(raw_dir).items()
    }


@attrs.frozen(kw_only=True)
class Recovery:
    """One nationality table, recovered: the shared table, and every model's search."""

    table: RecoveredTable
    model: tables.Recovered

    @property
    def omitted(self) -> int | None:
        """The row whose grade cells the printed Total row leaves out, or None."""
        return self.model.variant.omitted


def recover_tables(raw_dir: Path = RAW) -> dict[str, Recovery]:
    """Annexes II and III, each read under every error model.

    With a current :data:`SEARCH_CACHE` (and :data:`use_search_cache`) the integer
    programs are skipped; a fresh search rewrites the cache.
    """
    inputs = _inputs(raw_dir)
    cached = tables.read_cache(SEARCH_CACHE) if raw_dir == RAW and use_search_cache else {}
    out: dict[str, Recovery] = {}
    for name, (layout, printed, overrides) in inputs.items():
        model = tables.recover(spec(layout, printed, overrides), cached.get(name))
        table = RecoveredTable(
            annex=name.removeprefix("Annex "),
            problem=model.problem(),
            resolutions=tuple(model.resolutions()),
            locators=(name,) * len(printed.rows),
            total_locator=name,
        )
        out[table.annex] = Recovery(table=table, model=model)
    if raw_dir == RAW:
        tables.write_cache(
            SEARCH_CACHE, {r.model.layout.table: r.model.cache for r in out.values()}
        )
    return out


#: The order in which this edition's Annex I rows have always shipped: the shared
#: emitter's rows (table row by table row) sorted stably by these keys (column by
#: column). Kept so that the shipped bytes do not move.
_SHIPPED_ORDER: Final[dict[str, Callable[[Row], tuple[int, ...]]]] = {
    "professional_staff_by_sex": lambda row: (int(str(row["year"])), SEXES.index(str(row["sex"]))),
    "senior_staff_by_sex": lambda row: (int(str(row["year"])), SEXES.index(str(row["sex"]))),
    "staff_by_category": lambda row: (int(str(row["year"])),),
    "women_share_by_grade": lambda row: (list(BAND_OF.values()).index(str(row["grade_band"])),),
}


def _decoded(raw_dir: Path) -> tuple[dict[int, DecodedTable], DecodedTable]:
    return (
        decode_annex1(annex_lines("I", raw_dir), edition=EDITION),
        decode_annex4(annex_lines("IV", raw_dir), edition=EDITION),
    )


def labelled_rows(raw_dir: Path = RAW) -> dict[str, list[Row]]:
    """The rows of the Annex I and Annex IV datasets of this edition."""
    annex1, annex4 = _decoded(raw_dir)
    rows = annex1_rows(annex1)
    for name, key in _SHIPPED_ORDER.items():
        rows[name] = sorted(rows[name], key=key)
    rows["nationalities_represented"] = annex4_rows(annex4)
    return rows


# ---------------------------------------------------------------------------------------
# Stage 2: the errata and the proofs
# ---------------------------------------------------------------------------------------


def _errata_values(
    annex1: Mapping[int, DecodedTable],
    annex4: DecodedTable,
    recs: Mapping[str, Recovery],
    narrative: Mapping[str, tuple[int, int]],
) -> dict[str, dict[str, object]]:
    """The values of each erratum the data call for (texts: ``reference/errata.toml``)."""
    out: dict[str, dict[str, object]] = {}
    year = str(EDITION)
    t2, t4 = annex1[2], annex1[4]
    prof = recs["III"].table

    # Paragraph 184 states the staff total twice, the second time with two digits swapped.
    total, _ = narrative["staff_total"]
    headcount, _ = narrative["headcount"]
    if headcount != total:
        out[f"{SOURCE}-para184-headcount"] = {
            "headcount": headcount,
            "total": total,
            "table4_total": t4.value("Total", year),
            "edition": EDITION,
        }

    # Annex I, Table 2 against Annex III, by grade band.
    differing = []
    for column in t2.table.columns:
        band = BAND_OF[column]
        printed = t2.value(f"Total in {year}", column)
        counted = sum(prof.total(grade) for grade in BAND_GRADES[band])
        if printed != counted:
            differing.append((band, printed, counted))
    if differing:
        out[f"{SOURCE}-annex1-table2-bands"] = {
            "bands_printed": "; ".join(f"{b} total {p}" for b, p, _ in differing),
            "bands_counted": "; ".join(f"{b} total {e} (Annex III)" for b, _, e in differing),
        }

    # Annex I, Table 4's share of international Professional staff.
    for column in t4.table.columns:
        share = professional_share(t4, column)
        if share["printed"] is not None and share["printed"] != share["computed"]:
            out[f"{SOURCE}-annex1-table4-percent-{column}"] = share

    # The nationality printed with a non-UN name.
    misnamed = sorted(
        {
            rec.table.layout.table
            for rec in recs.values()
            for row in rec.table.rows
            if row.label == "Syrian Arabic Republic"
        }
    )
    if misnamed:
        out[f"{SOURCE}-syrian-arab-republic-name"] = {"tables": "; ".join(misnamed)}

    # Annex IV against the nationalities with Professional staff in Annex III.
    label_of = {measure: label for label, measure in MEASURE_OF.items()}
    off = {}
    for measure, (low, high) in nationalities(prof).items():
        if low != high:
            msg = "Annex III: the Other row holds several people; nationalities uncountable"
            raise ProofError(msg)
        if annex4.value(label_of[measure], year) != low:
            off[measure] = (annex4.value(label_of[measure], year), low)
    if off:
        out[f"{SOURCE}-annex4-nationalities-{EDITION}"] = {
            "measures_printed": "; ".join(
                f"{m.replace('_', ' ')} {p}" for m, (p, _) in off.items()
            ),
            "measures_counted": "; ".join(
                f"{m.replace('_', ' ')} {e} (Annex III)" for m, (_, e) in off.items()
            ),
            **_nationalities_values(annex4, off, narrative),
        }

    # Annex II: the Total row's grade cells leave out one row.
    if recs["II"].omitted is not None:
        erratum, values = omitted_row_values(recs["II"].table, recs["II"].omitted, SOURCE)
        out[erratum] = values
    return out


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}"


def _nationalities_values(
    annex4: DecodedTable,
    off: Mapping[str, tuple[int, int]],
    narrative: Mapping[str, tuple[int, int]],
) -> dict[str, object]:
    """Why Annex IV's count of Member State nationalities is one too many.

    Paragraph 201's share of Member States represented is the evidence: it rounds from
    Annex III's count, not from Annex IV's. The report rounds to the nearest whole per
    cent, as an earlier year of Annex IV shows (a share just under a whole number
    printed as that number).
    """
    year = str(EDITION)
    printed, counted = off["member_state_nationalities"]
    states = annex4.value("Number of Member States", year)
    stated, _ = narrative["member_states_represented_percent"]
    if percent_of(counted, states) != stated or percent_of(printed, states) == stated:
        msg = f"paragraph 201's {stated} per cent no longer tells Annex III's count apart"
        raise ProofError(msg)
    member, share = (
        "Number of Member State nationalities",
        "Percentage of Member States represented",
    )
    # The latest earlier year whose share is printed rounded up, not cut off.
    example = max(
        column
        for column in annex4.table.columns
        if column < year
        and 100 * annex4.value(member, column) // annex4.value("Number of Member States", column)
        != annex4.percent(share, column)
    )
    m, s = annex4.value(member, example), annex4.value("Number of Member States", example)
    return {
        "counted": counted,
        "printed": printed,
        "edition": EDITION,
        "stated": stated,
        "states": states,
        "share_counted": _share(counted, states),
        "share_printed": _share(printed, states),
        "rounded_printed": percent_of(printed, states),
        "example_year": example,
        "example_part": m,
        "example_whole": s,
        "example_share": _share(m, s),
        "example_printed": annex4.percent(share, example),
    }


def _prove(
    ledger: Ledger,
    annex1: Mapping[int, DecodedTable],
    annex4: DecodedTable,
    recs: Mapping[str, Recovery],
    narrative: Mapping[str, tuple[int, int]],
) -> None:
    """The pipeline's own checks (raises unless an erratum explains).

    The equations of the shipped rows are proven by ``tools/build_data.py``
    (:mod:`iomdata._proofs`); these need what the rows do not carry: the readings'
    excluded rows, Annex I's tables against each other, and the narrative.
    """
    gs, prof = recs["II"].table, recs["III"].table
    for table in (gs, prof):
        ledger.proofs.check_table(table.resolutions, table.problem)
    # Table 2's bands count every Annex III grade (its P-2 and P-3 one more each).
    annex1_proofs(ledger, annex1, prof, outside_table2=())
    total, _ = narrative["staff_total"]
    t4_total = annex1[4].value("Total", str(EDITION))
    ledger.equal(
        "para184|total=Table 4", "paragraph 184", "total = Annex I, Table 4 Total", total, t4_total
    )
    counted, _ = nationalities(prof)["member_state_nationalities"]
    states = annex4.value("Number of Member States", str(EDITION))
    ledger.equal(
        "para201|percent=Annex III",
        "paragraph 201",
        "share of Member States represented = 100 x Member State rows of Annex III with "
        "staff / Number of Member States (Annex IV), rounded",
        narrative["member_states_represented_percent"][0],
        percent_of(counted, states),
        "%",
    )
    ledger.equal(
        "para184|headcount=total",
        "paragraph 184",
        "total headcount = the total stated before",
        narrative["headcount"][0],
        total,
    )


# ---------------------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Build:
    """Everything :func:`build` computes, for the summary and the tests."""

    datasets: Mapping[str, list[Row]]
    recoveries: Mapping[str, Recovery]
    errata: tuple[Erratum, ...]
    proofs: Proofs


def run(raw_dir: Path = RAW) -> Build:
    """Recover, prove and emit; :func:`build` returns the datasets of this."""
    recs = recover_tables(raw_dir)
    annex1, annex4 = _decoded(raw_dir)
    narrative = read_paragraphs(raw_dir)
    registry = read_registry()
    ledger = Ledger(Proofs(explained=explained(registry, SOURCE)))
    _prove(ledger, annex1, annex4, recs, narrative)
    values = _errata_values(annex1, annex4, recs, narrative)
    found = errata(registry, SOURCE, ledger, values)
    datasets: dict[str, list[Row]] = {}
    for name, rows in labelled_rows(raw_dir).items():
        datasets.setdefault(name, []).extend(rows)
    for rec in recs.values():
        for name, rows in table_rows(
            rec.table, edition=EDITION, source=SOURCE, model=rec.model
        ).items():
            datasets.setdefault(name, []).extend(rows)
    datasets["errata"] = [erratum_row(erratum) for erratum in found]
    return Build(datasets=datasets, recoveries=recs, errata=tuple(found), proofs=ledger.proofs)


def build() -> dict[str, list[dict[str, object]]]:
    """The rows of every dataset this module produces (see ``tools/README.md``)."""
    return dict(run().datasets)


def summary(result: Build) -> str:
    """Per table: cells by status under each model and shipped; datasets; errata; proofs."""
    lines = []
    for rec in result.recoveries.values():
        lines.append(f"{rec.table.layout.table}: {len(rec.table.resolutions)} rows")
        lines += model_summary.summary_lines(rec.model)
    for name in sorted(result.datasets):
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
