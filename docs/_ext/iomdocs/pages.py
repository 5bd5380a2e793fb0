"""Markdown rendered from the installed package: dataset pages, sources, errata, counts.

Every function reads the bundled data through ``iomdata`` (and, for the schemas and the
manifest, its private modules: the documentation is part of the project) and returns
MyST Markdown. Nothing here needs Sphinx, so the pages can be rendered and inspected
without a documentation build.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import os
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Final

import polars as pl

import iomdata
from iomdata._resources import default_store
from iomdata._spec_staff import CELL_STATUSES
from iomdata._specs import SPECS
from iomdocs import dictionary
from iomdocs.dictionary import GROUPS
from iomdocs.markdown import code, escape, facts, number, table

if TYPE_CHECKING:
    from iomdata import DatasetDescription
    from iomdata._manifest import ResourceEntry

__all__ = [
    "api_fragment",
    "cell_status_fragment",
    "cli_fragment",
    "dataset_page",
    "datasets_fragment",
    "editions_fragment",
    "errata_fragment",
    "schema_columns",
    "sources_fragment",
]

#: How many distinct values of a text column are listed in full on a dataset page.
_MAX_LISTED: Final = 16
#: How many (source, locator) pairs a dataset page lists before it summarises by source.
_MAX_LOCATORS: Final = 30
#: The statuses of a recovered cell, in the order the docs explain them (the spec's).
STATUSES: Final = CELL_STATUSES


def schema_columns() -> dict[str, list[str]]:
    """Dataset name -> column names, for every dataset the package declares or ships."""
    columns = {name: list(spec.names) for name, spec in SPECS.items()}
    for entry in default_store().manifest.resources:
        columns.setdefault(entry.name, list(entry.columns))
    return columns


def _entries() -> dict[str, ResourceEntry]:
    return {entry.name: entry for entry in default_store().manifest.resources}


def _natural(text: str) -> tuple[object, ...]:
    """Sort key that orders ``para 9`` before ``para 10``."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _doc(name: str) -> str:
    return f"{{doc}}`{name} </datasets/{name}>`"


def _source_ref(source_id: str) -> str:
    return f"{{ref}}`{source_id} <source-{source_id}>`"


# ---------------------------------------------------------------------------------------
# Dataset pages
# ---------------------------------------------------------------------------------------


def _values(series: pl.Series, *, is_year: bool) -> str:
    """What values a column holds, briefly."""
    present = series.drop_nulls()
    parts: list[str] = []
    if present.len() == 0:
        parts.append("always empty" if series.len() else "no rows yet")
    elif series.dtype == pl.Boolean:
        true = int(present.sum())
        parts.append(f"true in {true:,} rows, false in {present.len() - true:,}")
    elif series.dtype.is_numeric():
        low, high = present.min(), present.max()
        show = str if is_year else number
        parts.append(f"{show(low)} to {show(high)}" if low != high else show(low))
    else:
        distinct = present.unique().sort().to_list()
        lengths = sorted(len(str(value)) for value in distinct)
        if lengths[len(lengths) // 2] > 40:  # the typical value is prose, not a code
            parts.append(f"text; {len(distinct):,} distinct")
        elif len(distinct) <= _MAX_LISTED:
            counts = present.value_counts()
            count_of = dict(zip(counts[series.name], counts["count"], strict=True))
            parts.append(", ".join(f"{code(v)} ({count_of[v]:,})" for v in distinct))
        else:
            shown = ", ".join(code(value) for value in distinct[:4])
            parts.append(f"{len(distinct):,} distinct, e.g. {shown}")
    empty = series.null_count()
    if empty and present.len():
        parts.append(f"empty in {empty:,} rows")
    return "; ".join(parts)


def _facts(info: DatasetDescription) -> str:
    """The dataset's facts, from :func:`iomdata.describe` (the record the CLI prints)."""
    name = info.name
    rows = [
        ("Load", code(f'iomdata.load("{name}")')),
        (
            "Describe",
            code(f'iomdata.describe("{name}")') + ", " + code(f"iomdata describe {name}"),
        ),
    ]
    rows += [("Also", access) for access in dictionary.page(name).access]
    rows.append(("From", escape(info.origin)))
    if info.key:
        rows.append(("Key", ", ".join(code(column) for column in info.key)))
    per_edition = ", ".join(f"{edition}: {n:,}" for edition, n in info.rows_by_edition)
    rows += [
        ("Rows", f"{info.rows:,}" + (f" (by edition: {per_edition})" if per_edition else "")),
        ("Sources", ", ".join(_source_ref(s) for s in info.sources) or "none"),
        ("File", f"{code(info.path)}, sha256 {code(info.sha256[:16])}…"),
    ]
    return facts(rows)


def _columns_table(info: DatasetDescription, frame: pl.DataFrame) -> str:
    rows = []
    for column in info.columns:
        values = (
            "see *Where the rows come from*"
            if column.name in _PROVENANCE_COLUMNS and _has_provenance(frame)
            else _values(frame.get_column(column.name), is_year=column.unit == "year")
        )
        allowed = (
            f"allowed: {', '.join(code(v) for v in column.values)}; in this build: "
            if column.values
            else ""
        )
        rows.append(
            (
                code(column.name),
                code(column.dtype) + (" or empty" if column.nullable else ""),
                escape(column.meaning),
                escape(column.unit or ""),
                allowed + values,
            )
        )
    return table(["Column", "Type", "Meaning", "Unit", "Values in this build"], rows)


_PROVENANCE_COLUMNS: Final = ("source", "locator")


def _has_provenance(frame: pl.DataFrame) -> bool:
    return set(_PROVENANCE_COLUMNS) <= set(frame.columns) and frame.height > 0


def _provenance(frame: pl.DataFrame) -> str:
    if not _has_provenance(frame):
        return ""
    pairs = frame.group_by("source", "locator").len(name="rows")
    pairs = pairs.with_columns(
        pl.col("locator").map_elements(_natural, return_dtype=pl.Object).alias("_key")
    )
    ordered = sorted(pairs.iter_rows(named=True), key=lambda r: (r["source"], r["_key"]))
    out = ["## Where the rows come from\n"]
    if len(ordered) <= _MAX_LOCATORS:
        out.append(
            table(
                ["Source", "Locator", "Rows"],
                [
                    (_source_ref(r["source"]), escape(r["locator"]), f"{r['rows']:,}")
                    for r in ordered
                ],
                align="llr",
            )
        )
        return "\n".join(out)
    out.append(
        f"The rows come from {len(ordered):,} places; per source, the number of places "
        "and a few of them (every row carries its own `locator`):\n"
    )
    by_source: dict[str, list[dict[str, object]]] = {}
    for row in ordered:
        by_source.setdefault(str(row["source"]), []).append(row)
    rows = []
    for source, places in by_source.items():
        total = sum(int(str(p["rows"])) for p in places)
        examples = ", ".join(escape(p["locator"]) for p in places[:6])
        rows.append((_source_ref(source), f"{len(places):,}", f"{total:,}", examples + ", …"))
    out.append(table(["Source", "Places", "Rows", "For example"], rows, align="lrrl"))
    return "\n".join(out)


def _status_counts(frame: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Cells per status (one column each, zero where none) for each group of ``by``."""
    counts = frame.group_by(*by, "cell_status").len(name="cells")
    wide = counts.pivot(on="cell_status", index=by, values="cells").fill_null(0)
    for status in STATUSES:
        if status not in wide.columns:
            wide = wide.with_columns(pl.lit(0, dtype=pl.UInt32).alias(status))
    unknown = sorted(set(wide.columns) - set(by) - set(STATUSES))
    if unknown:
        msg = f"unknown cell_status values {unknown}; the docs explain only {STATUSES}"
        raise ValueError(msg)
    return wide.select(*by, *STATUSES).sort(by)


def _status_section(frame: pl.DataFrame) -> str:
    if "cell_status" not in frame.columns or frame.height == 0:
        return ""
    by: list[str] = [c for c in ("edition", "category", "dataset") if c in frame.columns]
    wide = _status_counts(frame, by)
    rows = [
        (*(escape(r[c]) for c in by), *(f"{int(r[s]):,}" for s in STATUSES))
        for r in wide.iter_rows(named=True)
    ]
    return (
        "## How each number is known\n\n"
        "Counts of rows by `cell_status` (see {doc}`/recovery`):\n\n"
        + table([*by, *STATUSES], rows, align="l" * len(by) + "r" * len(STATUSES))
    )


def dataset_page(name: str) -> str:
    """The page of dataset ``name``: facts, column dictionary, provenance, cell statuses.

    The facts and the columns are :func:`iomdata.describe`'s record, so the page says what
    ``iomdata describe NAME`` prints; the page adds the values each column holds.
    """
    info = iomdata.describe(name)
    frame = iomdata.load(name)
    parts = [
        f"(dataset-{name})=\n# {code(name)}\n",
        f"**{escape(info.title)}.** {escape(info.description)}\n",
        _facts(info),
        "## Columns\n",
        _columns_table(info, frame),
        _provenance(frame),
        _status_section(frame),
    ]
    return "\n".join(part for part in parts if part) + "\n"


def datasets_fragment() -> str:
    """The catalogue of datasets by group, with a (hidden) toctree of their pages."""
    entries = _entries()
    names = sorted(iomdata.datasets())
    parts: list[str] = []
    ordered: list[str] = []
    for group, heading in GROUPS.items():
        members = [n for n in names if dictionary.page(n).group == group]
        if not members:
            continue
        ordered += members
        rows = []
        for n in members:
            entry = entries.get(n)
            rows.append(
                (
                    _doc(n),
                    escape(dictionary.title(n)),
                    f"{entry.rows:,}" if entry else "—",
                    ", ".join(str(e) for e in entry.editions) if entry else "",
                    ", ".join(entry.sources) if entry else "",
                )
            )
        parts.append(f"## {heading}\n")
        parts.append(
            table(["Dataset", "What", "Rows", "Editions", "Sources"], rows, align="llrll")
        )
    toctree = "\n".join(f"datasets/{n}" for n in ordered)
    parts.append(f"```{{toctree}}\n:hidden:\n:maxdepth: 1\n\n{toctree}\n```\n")
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------
# Sources and errata
# ---------------------------------------------------------------------------------------


def _rows_by_source() -> dict[str, list[tuple[str, int]]]:
    """Source id -> [(dataset, rows from that source)], over every dataset with ``source``."""
    out: dict[str, list[tuple[str, int]]] = {}
    for entry in default_store().manifest.resources:
        if "source" not in entry.columns or entry.rows == 0:
            continue
        counts = iomdata.load(entry.name).group_by("source").len(name="rows")
        for source, rows in counts.sort("source").iter_rows():
            out.setdefault(str(source), []).append((entry.name, int(rows)))
    return out


def sources_fragment() -> str:
    """One section per source document: what it is and what iomdata takes from it."""
    taken = _rows_by_source()
    topics = iomdata.load("key_figures").group_by("source", "topic").len(name="n")
    parts: list[str] = []
    for source in iomdata.sources():
        about = [
            ("Id", code(source.id)),
            ("Symbol", escape(source.symbol or "none")),
            ("Year", str(source.year)),
        ]
        if source.corrigenda:
            about.append(("Corrigenda", escape(source.corrigenda)))
        if source.note:
            about.append(("Note", escape(source.note)))
        parts.append(f"(source-{source.id})=\n## {escape(source.title)}\n")
        parts.append(facts(about))
        datasets = taken.get(source.id, [])
        if datasets:
            parts.append("What iomdata takes from it:\n")
            parts.append(
                table(
                    ["Dataset", "Rows"],
                    [(_doc(name), f"{rows:,}") for name, rows in datasets],
                    align="lr",
                )
            )
        mine = topics.filter(pl.col("source") == source.id).sort("n", "topic", descending=True)
        if mine.height:
            listed = ", ".join(f"{escape(t)} ({n:,})" for _, t, n in mine.iter_rows())
            parts.append(f"Key figures by topic: {listed}.\n")
    return "\n".join(parts)


def _edition_value(statements: pl.DataFrame, edition: int) -> str:
    """The value an edition states for its own year: the report before its companions."""
    own = statements.filter((pl.col("edition") == edition) & (pl.col("year") == edition))
    if own.is_empty():
        return "—"
    # The Foreword rounds; a numbered paragraph, box or annex gives the figure itself.
    chosen = own.sort(
        pl.col("source") != f"ar{edition}",
        pl.col("locator") == "Foreword",
        pl.col("qualifier") != "exact",
        "key_figure_id",
    ).row(0, named=True)
    if chosen["qualifier"] == "exact":
        return number(chosen["value"])
    return f"{escape(chosen['qualifier'].replace('_', ' '))} {number(chosen['value'])}"


def editions_fragment() -> str:
    """The overlap of the editions' series, the indicator catalogue and the look-alikes."""
    from iomdata._series import SERIES

    editions = iomdata.editions()
    overlap_rows = []
    for name in SERIES:
        frame = iomdata.load(name)
        years = {e: set(frame.filter(pl.col("edition") == e)["year"]) for e in editions}
        shared = sorted(set.intersection(*years.values()))
        overlap_rows.append(
            (
                _doc(name),
                *(f"{min(years[e])}{chr(8211)}{max(years[e])}" for e in editions),
                ", ".join(str(y) for y in shared),
                str(iomdata.series(name)["restated"].sum()),
            )
        )
    overlap = table(
        ["Dataset", *(f"Years in {e}" for e in editions), "Printed by both", "Restated"],
        overlap_rows,
        align="l" + "l" * len(editions) + "lr",
    )
    catalogue = iomdata.indicators()
    indicator_rows = []
    for row in catalogue.iter_rows(named=True):
        statements = iomdata.indicator(row["id"])
        indicator_rows.append(
            (
                code(row["id"]),
                escape(row["label"]),
                escape(row["unit"]),
                *(_edition_value(statements, e) for e in editions),
                escape(row["comparability"]),
            )
        )
    indicators = table(
        ["Indicator", "What", "Unit", *(str(e) for e in editions), "Comparability"],
        indicator_rows,
        align="lll" + "r" * len(editions) + "l",
    )
    figures = iomdata.load("key_figures").select("id", "label", "as_printed")
    lookalikes = (
        iomdata.load("indicator_lookalikes")
        .join(figures.rename({"id": "earlier_id"}), on="earlier_id")
        .join(figures.rename({"id": "later_id"}), on="later_id", suffix="_later")
        .sort("earlier_id", "later_id")
    )
    lookalike_rows = [
        (
            f"{escape(r['label'])} ({escape(r['as_printed'])}; {code(r['earlier_id'])})",
            (
                f"{escape(r['label_later'])} ({escape(r['as_printed_later'])}; "
                f"{code(r['later_id'])})"
            ),
            escape(r["reason"]),
        )
        for r in lookalikes.iter_rows(named=True)
    ]
    return "\n".join(
        [
            "(editions-overlap)=\n## The overlapping years\n",
            overlap,
            f"(editions-catalogue)=\n## The {catalogue.height} comparable indicators\n",
            (
                "Each edition's value for its own year (the report's record before the "
                "Highlights', an exact figure before a hedged one); "
                "{func}`iomdata.indicator` lists every statement.\n"
            ),
            indicators,
            (
                f"(editions-lookalikes)=\n## {lookalikes.height} look-alikes that are not "
                "comparable\n"
            ),
            (
                "Pairs of figures that read alike but count different things; they are in the "
                "{doc}`/datasets/indicator_lookalikes` dataset and never share an indicator.\n"
            ),
            table(["2018 edition", "2020 edition", "Why not comparable"], lookalike_rows),
        ]
    )


def errata_fragment() -> str:
    """Every recorded erratum, grouped by source, rendered from the ``errata`` dataset."""
    errata = iomdata.errata()
    if not errata:
        return "No inconsistency is recorded in this build.\n"
    by_source: dict[str, list[iomdata.Erratum]] = {}
    for erratum in errata:
        by_source.setdefault(erratum.source, []).append(erratum)
    glance = [
        (
            f"{{ref}}`{erratum.id} <erratum-{erratum.id}>`",
            escape(erratum.locator),
            escape(erratum.published),
            escape(erratum.established),
        )
        for source in sorted(by_source)
        for erratum in sorted(by_source[source], key=lambda e: _natural(e.id))
    ]
    parts = [
        f"This build records **{len(errata)}** inconsistencies; details follow the overview.\n",
        table(["Erratum", "Where", "Published", "Established"], glance),
    ]
    for source in sorted(by_source):
        listed = by_source[source]
        parts.append(f"## {code(source)} ({len(listed)})\n")
        for erratum in sorted(listed, key=lambda e: _natural(e.id)):
            parts.append(f"(erratum-{erratum.id})=\n### {code(erratum.id)}\n")
            parts.append(
                facts(
                    [
                        ("Where", f"{_source_ref(erratum.source)}, {escape(erratum.locator)}"),
                        ("Published", escape(erratum.published)),
                        ("Established", escape(erratum.established)),
                        ("Explanation", escape(erratum.explanation)),
                    ]
                )
            )
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------
# How each cell is known
# ---------------------------------------------------------------------------------------

_ANNEX: Final = {
    "general_service": "Annex II (General Service)",
    "professional": "Annex III (Professional)",
}


def cell_status_fragment() -> str:
    """Per annex table of each edition: cells by status (see ``STATUSES``)."""
    parts = []
    grade = iomdata.load("staff_by_nationality_grade").with_columns(pl.lit("grade").alias("part"))
    sex = iomdata.load("staff_by_nationality_sex").with_columns(pl.lit("F and M").alias("part"))
    cells = pl.concat(
        [frame.select("edition", "category", "part", "cell_status") for frame in (grade, sex)]
    )
    wide = _status_counts(cells, ["edition", "category", "part"])
    rows = []
    for r in wide.iter_rows(named=True):
        total = sum(int(r[s]) for s in STATUSES)
        rows.append(
            (
                str(r["edition"]),
                _ANNEX.get(r["category"], escape(r["category"])),
                f"{r['part']} cells",
                *(f"{int(r[s]):,}" for s in STATUSES),
                f"{total:,}",
            )
        )
    parts.append(
        table(
            ["Edition", "Table", "Cells", *STATUSES, "all"],
            rows,
            align="lll" + "r" * (len(STATUSES) + 1),
        )
    )
    totals = iomdata.load("published_totals")
    if totals.height:
        tw = _status_counts(totals, ["edition", "dataset"])
        trows = [
            (
                str(r["edition"]),
                _doc(r["dataset"]),
                *(f"{int(r[s]):,}" for s in STATUSES),
                f"{sum(int(r[s]) for s in STATUSES):,}",
            )
            for r in tw.iter_rows(named=True)
        ]
        parts.append(
            "The printed totals themselves (row Totals, the Total row, percentage rows), "
            "by the dataset they check:\n"
        )
        parts.append(
            table(
                ["Edition", "Checks", *STATUSES, "all"],
                trows,
                align="ll" + "r" * (len(STATUSES) + 1),
            )
        )
    readings = iomdata.load("staff_ambiguous_readings")
    if readings.height:
        per_row = (
            readings.filter(pl.col("model") == "fewest_edits")
            .group_by("edition", "category", "nationality")
            .agg(pl.col("reading").n_unique().alias("readings"))
        )
        rrows = [
            (
                str(e),
                _ANNEX.get(c, escape(c)),
                f"{n:,}",
                f"{lo}\N{EN DASH}{hi}" if lo != hi else str(lo),
            )
            for e, c, n, lo, hi in per_row.group_by("edition", "category")
            .agg(
                pl.len().alias("rows"),
                pl.col("readings").min().alias("lo"),
                pl.col("readings").max().alias("hi"),
            )
            .sort("edition", "category")
            .iter_rows()
        ]
        parts.append(
            "Rows the totals leave open, and how many readings each lists under "
            "`fewest_edits` (up to two edits above the optimum):\n"
        )
        parts.append(table(["Edition", "Table", "Rows", "Readings per row"], rrows, align="llrr"))
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------
# API and command line
# ---------------------------------------------------------------------------------------

_AUTO_DIRECTIVE: Final = re.compile(
    r"^\.\. auto(?:function|class|exception|data)::\s+iomdata\.(\w+)", re.MULTILINE
)


def documented_names(api_markdown: str) -> set[str]:
    """The public names the hand-written API page documents with an autodoc directive."""
    return set(_AUTO_DIRECTIVE.findall(api_markdown))


def api_fragment(api_markdown: str) -> str:
    """Autodoc entries for public names the hand-written API page does not group yet.

    Raises
    ------
    ValueError
        The page documents a name that is not in ``iomdata.__all__``.
    """
    public = set(iomdata.__all__)
    documented = documented_names(api_markdown)
    private = sorted(documented - public)
    if private:
        msg = f"docs/api.md documents names outside iomdata.__all__: {private}"
        raise ValueError(msg)
    missing = sorted(public - documented)
    if not missing:
        return ""
    parts = [
        "## Not yet grouped\n",
        "Public names that the groups above do not place yet, taken from `iomdata.__all__`:\n",
    ]
    for name in missing:
        obj = getattr(iomdata, name)
        if inspect.isclass(obj):
            kind = "exception" if issubclass(obj, BaseException) else "class"
            directive = f".. auto{kind}:: iomdata.{name}\n   :members:"
        elif callable(obj):
            directive = f".. autofunction:: iomdata.{name}"
        else:
            directive = f".. autodata:: iomdata.{name}\n   :no-value:"
        # Autodoc emits reStructuredText, so it runs inside eval-rst, not as a MyST fence.
        parts.append(f"```{{eval-rst}}\n{directive}\n```\n")
    return "\n".join(parts)


@contextlib.contextmanager
def _terminal_width(columns: int) -> Iterator[None]:
    """Make argparse wrap help at ``columns`` characters, whatever the real terminal."""
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(columns)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved


def _subcommands(parser: argparse.ArgumentParser) -> Mapping[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse lists subcommands only here
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def cli_fragment() -> str:
    """The help of the ``iomdata`` command and of each subcommand, as argparse prints it."""
    from iomdata import _cli

    parser: argparse.ArgumentParser = _cli._parser()  # private: the docs print its help
    with _terminal_width(88):
        parts = [f"### `iomdata`\n\n```text\n{parser.format_help().rstrip()}\n```\n"]
        for name, sub in _subcommands(parser).items():
            parts.append(f"### `iomdata {name}`\n\n```text\n{sub.format_help().rstrip()}\n```\n")
    return "\n".join(parts)
