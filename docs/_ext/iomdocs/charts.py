"""The gallery: charts drawn from the bundled data at documentation build time.

Charts are declared with Altair, the library behind Polars' own ``DataFrame.plot``: it
takes Polars frames as they are (no pandas round trip), a chart is a short declarative
spec a reader can follow, and ``vl-convert`` renders it to SVG and PNG offline, without a
browser or a network. Both are documentation dependencies only.

Each chart is built from the public API (``iomdata.load`` and friends), so the gallery
shows what a user of the package gets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import altair as alt
import polars as pl

import iomdata
from iomdocs.comparable import comparable_values

__all__ = ["FIGURES", "Figure", "build_figures", "indicators_across_editions", "save"]

WIDTH: Final = 620
#: Between the years of a range (spelt out: ruff flags a literal en dash as ambiguous).
DASH: Final = "\N{EN DASH}"
SEX_COLOURS: Final = alt.Scale(domain=["Women", "Men"], range=["#d1495b", "#30638e"])
CATEGORY_LABEL: Final = {
    "professional": "International Professional",
    "general_service": "General Service and National Officers",
}
CATEGORY_COLOURS: Final = alt.Scale(
    domain=list(CATEGORY_LABEL.values()), range=["#30638e", "#8fb8a8"]
)
SEX_LABEL: Final = {"F": "Women", "M": "Men"}
STATUS_COLOURS: Final = alt.Scale(
    domain=["printed", "derived", "adjudicated", "ambiguous"],
    range=["#8fb8a8", "#30638e", "#edae49", "#d1495b"],
)


@dataclass(frozen=True, slots=True)
class Figure:
    """One gallery chart with the words and numbers that go with it."""

    #: File stem of the rendered image.
    slug: str
    #: Heading of the gallery entry.
    title: str
    #: What the chart shows and how to read it (MyST, our words).
    caption: str
    #: The datasets and locators the numbers come from (MyST).
    drawn_from: str
    #: The chart.
    chart: alt.TopLevelMixin
    #: The numbers plotted, one row per mark, for the table under the chart.
    data: pl.DataFrame


def _theme(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    # A white background keeps the text readable in the docs' dark mode too.
    themed: alt.TopLevelMixin = chart.configure(background="white", padding=12)
    themed = themed.configure_legend(labelLimit=0)
    return themed.configure_view(stroke=None)  # type: ignore[no-any-return]


def span(frame: pl.DataFrame) -> str:
    """The range of the frame's ``year`` column, e.g. ``2016-2020`` with an en dash."""
    years = [int(year) for year in frame.get_column("year").to_list()]
    return f"{min(years)}{DASH}{max(years)}"


def latest_per_year(frame: pl.DataFrame, keys: Sequence[str]) -> pl.DataFrame:
    """For each year (and ``keys``), the row of the most recent edition that prints it.

    The editions overlap (the 2020 report repeats 2016-2018); where they print the same
    year, the later edition is taken (the overlap agrees, which the pipeline proves).
    """
    return (
        frame.sort("edition")
        .group_by("year", *keys, maintain_order=True)
        .last()
        .sort("year", *keys)
    )


def _labelled(frame: pl.DataFrame, column: str, labels: Mapping[str, str]) -> pl.DataFrame:
    """``frame`` with ``<column>_label``: each value of ``column`` in our words."""
    return frame.with_columns(pl.col(column).replace_strict(labels).alias(f"{column}_label"))


def _locators(frame: pl.DataFrame) -> str:
    pairs = frame.select("source", "locator").unique().sort("source", "locator")
    return "; ".join(f"{s} {loc}" for s, loc in pairs.iter_rows())


def _grade_band_order(bands: Sequence[str]) -> list[str]:
    def key(band: str) -> tuple[int, int]:
        letter = band[:1].upper()
        digits = [int(d) for d in re.findall(r"\d+", band)]
        first = digits[0] if digits else 0
        rank = {"U": 0, "P": 1, "D": 2}.get(letter, 3)
        # P grades rise with their number, D grades fall (D-2 is above D-1).
        return (rank, first if rank < 2 else -first)

    return sorted(bands, key=key)


# ---------------------------------------------------------------------------------------
# The charts
# ---------------------------------------------------------------------------------------


def women_share_by_grade() -> Figure:
    """Women's share of each Professional grade band, year by year."""
    rows = iomdata.load("women_share_by_grade").filter(pl.col("measure") == "women_percent")
    data = latest_per_year(rows, ["grade_band"]).select(
        "year", "grade_band", pl.col("value").alias("women_percent"), "edition", "locator"
    )
    order = _grade_band_order(data.get_column("grade_band").unique().to_list())
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "women_percent:Q",
            title="Women, % of the grade band",
            scale=alt.Scale(domain=[0, 70]),
        ),
        color=alt.Color(
            "grade_band:N", sort=order, title="Grade band", scale=alt.Scale(scheme="viridis")
        ),
    )
    parity = (
        alt.Chart(pl.DataFrame({"parity": [50]}))
        .mark_rule(strokeDash=[4, 4], color="#777")
        .encode(y="parity:Q")
    )
    chart = (parity + base.mark_line(point=True, strokeWidth=2.5)).properties(
        width=WIDTH - 120,
        height=300,
        title=f"Women's share by grade band, {span(data)}",
    )
    return Figure(
        slug="women-share-by-grade",
        title="Women's share by grade band",
        caption=(
            "The percentage of women in each band of Professional grades. The dashed line "
            "marks parity. Where two editions print the same year, the later one is "
            "plotted (they agree)."
        ),
        drawn_from="{doc}`/datasets/women_share_by_grade`, measure `women_percent` ("
        + _locators(rows)
        + ")",
        chart=chart,
        data=data.drop("locator"),
    )


def staff_growth() -> Figure:
    """The workforce by category over every year the annexes print."""
    rows = iomdata.load("staff_by_category")
    data = _labelled(latest_per_year(rows, ["category"]), "category", CATEGORY_LABEL)
    totals = data.group_by("year").agg(pl.col("count").sum().alias("total")).sort("year")
    first, last = totals.row(0), totals.row(-1)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count:Q", title="Staff members", stack="zero"),
            color=alt.Color(
                "category_label:N",
                title=None,
                scale=CATEGORY_COLOURS,
                legend=alt.Legend(orient="top-left", labelLimit=0),
            ),
            order=alt.Order("category_label:N", sort="descending"),
        )
    )
    labels = (
        alt.Chart(totals)
        .mark_text(dy=-8, fontSize=12)
        .encode(x="year:O", y="total:Q", text=alt.Text("total:Q", format=","))
    )
    chart = (bars + labels).properties(
        width=WIDTH - 60,
        height=320,
        title=f"IOM staff by category, {first[0]}{DASH}{last[0]}",
    )
    growth = last[1] / first[1]
    return Figure(
        slug="staff-growth",
        title="Staff growth by category",
        caption=(
            f"The workforce grew from {first[1]:,} staff members in {first[0]} to "
            f"{last[1]:,} in {last[0]}, about {growth:.0f} times as many. The years are "
            "those the annexes print, so the spacing is uneven before 2014."
        ),
        drawn_from="{doc}`/datasets/staff_by_category` (" + _locators(rows) + ")",
        chart=chart,
        data=data.select("year", "category", "count", "edition"),
    )


def top_nationalities(edition: int, top: int = 15) -> Figure:
    """The nationalities with most staff in each category, split by sex."""
    cells = iomdata.staff(edition).nationality_sex()
    totals = cells.group_by("category", "nationality").agg(pl.col("count").sum().alias("total"))
    ranked = totals.with_columns(
        pl.col("total").rank("ordinal", descending=True).over("category").alias("rank")
    ).filter(pl.col("rank") <= top)
    data = (
        cells.join(ranked, on=["category", "nationality"])
        .pipe(_labelled, "sex", SEX_LABEL)
        .select("category", "nationality", "sex", "sex_label", "count", "total", "rank")
        .sort("category", "rank", "sex")
    )
    panels = []
    for category, label in CATEGORY_LABEL.items():
        mine = data.filter(pl.col("category") == category)
        order = mine.sort("rank").get_column("nationality").unique(maintain_order=True).to_list()
        panels.append(
            alt.Chart(mine)
            .mark_bar()
            .encode(
                y=alt.Y("nationality:N", sort=order, title=None),
                x=alt.X("count:Q", title="Staff members", stack="zero"),
                color=alt.Color("sex_label:N", title=None, scale=SEX_COLOURS),
                order=alt.Order("sex:N"),
            )
            .properties(width=WIDTH // 2 - 110, height=top * 19, title=label)
        )
    chart = alt.hconcat(*panels, spacing=40).properties(
        title=f"The {top} nationalities with most staff, {edition}"
    )
    source = cells.get_column("source")[0]
    return Figure(
        slug="top-nationalities",
        title=f"Top nationalities, {edition}",
        caption=(
            f"The {top} nationalities with most staff members at the end of {edition} in "
            "each category, women and men stacked. Bar lengths are F + M, which equal the "
            "annexes' row Totals in every row, whatever the status of the grade cells "
            "behind them."
        ),
        drawn_from=(f"{{doc}}`/datasets/staff_by_nationality_sex` ({source} Annexes II and III)"),
        chart=chart,
        data=data.drop("sex_label"),
    )


def senior_women() -> Figure:
    """Women and men at P-5 and above, with women's share."""
    rows = iomdata.load("senior_staff_by_sex")
    data = _labelled(latest_per_year(rows, ["sex"]), "sex", SEX_LABEL)
    share = (
        data.group_by("year")
        .agg(
            (pl.col("count").filter(pl.col("sex") == "F").sum() / pl.col("count").sum() * 100)
            .round(0)
            .alias("women_percent"),
            pl.col("count").sum().alias("total"),
        )
        .sort("year")
        .with_columns(
            pl.format("{}% women", pl.col("women_percent").cast(pl.Int64)).alias("label")
        )
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count:Q", title="Staff at P-5 and above"),
            color=alt.Color("sex_label:N", title=None, scale=SEX_COLOURS),
            order=alt.Order("sex:N"),
        )
    )
    labels = (
        alt.Chart(share)
        .mark_text(dy=-8, fontSize=11)
        .encode(x="year:O", y="total:Q", text="label:N")
    )
    chart = (bars + labels).properties(
        width=WIDTH - 100,
        height=300,
        title=f"Women at grade P-5 and above, {span(share)}",
    )
    first, last = share.row(0, named=True), share.row(-1, named=True)
    return Figure(
        slug="senior-women",
        title="Women in P-5 and above",
        caption=(
            f"Staff at P-5 and in the Director grades, women and men. Women's share rose from "
            f"{first['women_percent']:.0f}% in {first['year']} to "
            f"{last['women_percent']:.0f}% in {last['year']} (shares computed from the "
            "counts and rounded; the printed percentages are in `published_totals`)."
        ),
        drawn_from="{doc}`/datasets/senior_staff_by_sex` (" + _locators(rows) + ")",
        chart=chart,
        data=data.select("year", "sex", "count", "edition"),
    )


_MEASURE_LABEL: Final = {
    "member_states": "Member States of IOM",
    "total_nationalities": "Nationalities represented",
    "member_state_nationalities": "… of which Member States",
    "non_member_state_nationalities": "… of which other States",
}


def nationalities_over_time() -> Figure:
    """Nationalities among Professional staff against the number of Member States."""
    rows = iomdata.load("nationalities_represented").filter(
        pl.col("measure").is_in(list(_MEASURE_LABEL))
    )
    data = _labelled(latest_per_year(rows, ["measure"]), "measure", _MEASURE_LABEL)
    order = list(_MEASURE_LABEL.values())
    chart = (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title="Count"),
            color=alt.Color(
                "measure_label:N",
                sort=order,
                title=None,
                scale=alt.Scale(domain=order, range=["#222222", "#30638e", "#8fb8a8", "#edae49"]),
            ),
        )
        .properties(width=WIDTH - 220, height=300)
    )
    chart = chart.properties(
        title=f"Nationalities among Professional staff and Member States, {span(data)}"
    )
    return Figure(
        slug="nationalities",
        title="Nationalities represented and Member States",
        caption=(
            "How many nationalities are represented among international Professional "
            "staff (split into nationals of Member States and of other States), against "
            "the number of IOM Member States."
        ),
        drawn_from="{doc}`/datasets/nationalities_represented` (" + _locators(rows) + ")",
        chart=chart,
        data=data.select("year", "measure", "value", "edition"),
    )


def comparable_key_figures(editions: tuple[int, int] = (2018, 2020)) -> Figure:
    """The comparable indicators both editions report: the later value, earlier = 100."""
    first, second = editions
    values = comparable_values(editions)
    labels = iomdata.load("indicators").select(
        pl.col("id").alias("indicator"), pl.col("label").alias("indicator_label")
    )
    notes = values.group_by("indicator").agg(
        pl.col("note").filter(pl.col("note") != "").str.join("; ").alias("note")
    )
    wide = (
        values.pivot(on="edition", index=["indicator", "unit"], values="value")
        .join(notes, on="indicator")
        .rename({str(first): "before", str(second): "after"})
        # A log scale has no place for a value that is or falls to zero.
        .filter((pl.col("before") > 0) & (pl.col("after") > 0))
        .join(labels, on="indicator")
        .with_columns(
            (pl.col("after") / pl.col("before") * 100).round(1).alias("index"),
            pl.format(
                "{} ({}){}",
                pl.col("indicator_label"),
                pl.col("unit"),
                pl.when(pl.col("note") != "").then(pl.lit(" *")).otherwise(pl.lit("")),
            ).alias("name"),
        )
        .with_columns(
            pl.when(pl.col("index") >= 100)
            .then(pl.lit("higher"))
            .otherwise(pl.lit("lower"))
            .alias("direction"),
            pl.struct("before", "after")
            .map_elements(
                lambda r: f"{r['before']:,.10g} \N{RIGHTWARDS ARROW} {r['after']:,.10g}",
                return_dtype=pl.String,
            )
            .alias("values"),
            # The numbers sit right of the bar, or right of the 100 line for a fall.
            pl.max_horizontal("index", pl.lit(100.0)).alias("label_at"),
        )
        .sort("index", descending=True)
    )
    order = wide.get_column("name").to_list()
    base = alt.Chart(wide).encode(
        y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=330))
    )
    bars = base.mark_bar(height=11).encode(
        x=alt.X(
            "index:Q",
            title=f"{second} edition, {first} edition = 100 (log scale)",
            scale=alt.Scale(type="log", domain=[10, 1000]),
            axis=alt.Axis(values=[10, 20, 50, 100, 200, 500, 1000], format="~s"),
        ),
        x2=alt.X2(datum=100),
        color=alt.Color(
            "direction:N",
            title=None,
            scale=alt.Scale(domain=["higher", "lower"], range=["#30638e", "#d1495b"]),
            legend=None,
        ),
    )
    labels_text = base.mark_text(align="left", dx=4, fontSize=10).encode(
        x=alt.X("label_at:Q"), text="values:N"
    )
    rule = alt.Chart(pl.DataFrame({"x": [100]})).mark_rule(color="#555").encode(x="x:Q")
    chart = (rule + bars + labels_text).properties(
        width=WIDTH - 380,
        height=len(order) * 15,
        title=alt.TitleParams(
            f"Comparable key figures: the {second} edition against the {first} edition",
            anchor="start",
        ),
    )
    return Figure(
        slug="key-figures",
        title=f"Key figures, {first} and {second}",
        caption=(
            f"The {len(order)} comparable indicators that both editions report, the "
            f"{second} value as an index of the {first} value (100: unchanged), with both "
            "values beside each bar. An indicator means the same quantity in both "
            "editions (its definition is in the `indicators` dataset); rates of change are "
            "left out, since an index of a change misleads, and so is a count that is zero in "
            "either edition, which an index cannot show. Each value is the annual "
            "report's own statement for the report year, leaving out the Foreword (it "
            "rounds) and the companion texts, except where only the Highlights state the "
            "value: the recipe of `iomdata.key_figures`, so the "
            "chart shows what the API gives; the table names the record of each value. "
            "An asterisk marks an indicator that another text of the same year states "
            "differently, which `errata` records: "
            + "; ".join(
                f"{indicator} {edition}: {note}"
                for indicator, edition, note in values.filter(pl.col("note") != "")
                .select("indicator", "edition", "note")
                .iter_rows()
            )
            + "."
        ),
        drawn_from="{doc}`/datasets/key_figures` with a non-empty `indicator`, and "
        "{doc}`/datasets/indicators`",
        chart=chart,
        data=values.sort("indicator", "edition"),
    )


#: The indicators of the editions chart: crisis reach, most from the 2020 Highlights.
EDITION_INDICATORS: Final = (
    "people_reached_crisis",
    "shelter_people",
    "wash_people",
    "cash_people",
    "cccm_sites",
    "dtm_countries",
)


def indicators_across_editions(editions: tuple[int, int] = (2018, 2020)) -> Figure:
    """A few comparable indicators, each edition's value side by side (Comparing editions)."""
    first, second = editions
    labels = iomdata.indicators().select(
        pl.col("id").alias("indicator"), pl.col("label").alias("indicator_label")
    )
    data = (
        comparable_values(editions)
        .filter(pl.col("indicator").is_in(list(EDITION_INDICATORS)))
        .join(labels, on="indicator")
        .with_columns(
            pl.col("edition").cast(pl.String),
            pl.format("{} ({})", pl.col("indicator_label"), pl.col("unit")).alias("name"),
        )
        .sort("indicator", "edition")
    )
    order = [
        name
        for indicator in EDITION_INDICATORS
        for name in data.filter(pl.col("indicator") == indicator)["name"].unique().to_list()
    ]
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=alt.X("edition:N", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=None, axis=alt.Axis(format="~s")),
            color=alt.Color(
                "edition:N",
                title="Edition",
                scale=alt.Scale(domain=[str(first), str(second)], range=["#8fb8a8", "#30638e"]),
            ),
        )
    )
    text = (
        alt.Chart()
        .mark_text(dy=-6, fontSize=10)
        .encode(x="edition:N", y="value:Q", text=alt.Text("value:Q", format=",.3~s"))
    )
    chart = (
        alt.layer(bars, text, data=data)
        .properties(width=(WIDTH - 140) / 2, height=120)
        .facet(
            facet=alt.Facet(
                "name:N",
                title=None,
                sort=order,
                header=alt.Header(labelLimit=0, labelFontSize=11, labelAnchor="start"),
            ),
            columns=2,
        )
        .resolve_scale(y="independent")
        .properties(
            title=alt.TitleParams(
                f"Crisis response in the {first} and {second} editions", anchor="start"
            )
        )
    )
    return Figure(
        slug="indicators-across-editions",
        title=f"Six indicators, {first} and {second}",
        caption=(
            f"Each panel is one comparable indicator: the value the {first} edition states "
            f"for {first} and the value the {second} edition states for {second}, each "
            "panel on its own scale. Most of the 2020 values are printed only in the "
            "Highlights of the 2020 report; read each indicator's comparability note in "
            "the catalogue below before reading a rise as growth."
        ),
        drawn_from="{doc}`/datasets/key_figures` through {func}`iomdata.indicator`, and "
        "{doc}`/datasets/indicators`",
        chart=chart,
        data=data.select("indicator", "edition", "value", "unit", "qualifier", "id"),
    )


def cell_status_by_table() -> Figure:
    """How each recovered annex cell is known, table by table."""
    frames = []
    for name, part in (
        ("staff_by_nationality_grade", "grade"),
        ("staff_by_nationality_sex", "F/M"),
    ):
        frames.append(
            iomdata.load(name)
            .group_by("edition", "category", "cell_status")
            .len(name="cells")
            .with_columns(pl.lit(part).alias("part"))
        )
    annex = {"general_service": "Annex II", "professional": "Annex III"}
    data = (
        pl.concat(frames)
        .with_columns(
            pl.format(
                "{} {}, {} cells",
                pl.col("edition"),
                pl.col("category").replace_strict(annex),
                pl.col("part"),
            ).alias("table")
        )
        .sort("edition", "category", "part", "cell_status")
    )
    order = data.get_column("table").unique(maintain_order=True).to_list()
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("table:N", sort=order, title=None),
            x=alt.X("cells:Q", title="Cells", stack="normalize", axis=alt.Axis(format="%")),
            color=alt.Color(
                "cell_status:N",
                title="cell_status",
                scale=STATUS_COLOURS,
                sort=list(STATUS_COLOURS.domain),
            ),
            order=alt.Order("cell_status_rank:Q"),
        )
        .transform_calculate(
            cell_status_rank="indexof(['printed','derived','adjudicated','ambiguous'], datum.cell_status)"
        )
        .properties(
            width=WIDTH - 260, height=len(order) * 26, title="How each annex cell is known"
        )
    )
    total = int(data.get_column("cells").sum())
    printed = int(data.filter(pl.col("cell_status") == "printed").get_column("cells").sum())
    summary = (
        f"In this release all {total:,} cells are printed."
        if printed == total
        else f"In this release {printed:,} of the {total:,} cells are printed."
    )
    return Figure(
        slug="cell-status",
        title="How each annex cell is known",
        caption=(
            "The share of the cells of each annex table that are printed, derived, "
            f"adjudicated or ambiguous. {summary} The exact counts per table are on "
            "{doc}`/recovery`."
        ),
        drawn_from="{doc}`/datasets/staff_by_nationality_grade` and "
        "{doc}`/datasets/staff_by_nationality_sex`, column `cell_status`",
        chart=chart,
        data=data.select("edition", "category", "part", "cell_status", "cells"),
    )


#: The gallery, in display order.
FIGURES: Final[tuple[Callable[[], Figure], ...]] = (
    staff_growth,
    women_share_by_grade,
    senior_women,
    lambda: top_nationalities(max(iomdata.editions())),
    nationalities_over_time,
    comparable_key_figures,
    cell_status_by_table,
)

#: The chart shown in the README (the first of the gallery).
README_FIGURE: Final = staff_growth


def build_figures() -> list[Figure]:
    """Every gallery figure, built from the bundled data."""
    return [make() for make in FIGURES]


def save(figure: Figure, path: Path, *, scale: float = 1.0) -> bytes:
    """Render ``figure`` to ``path`` (SVG or PNG by suffix) and return the bytes written."""
    chart = _theme(figure.chart)
    if path.suffix == ".svg":
        import vl_convert as vlc

        data = vlc.vegalite_to_svg(chart.to_dict()).encode()
    elif path.suffix == ".png":
        import vl_convert as vlc

        data = vlc.vegalite_to_png(chart.to_dict(), scale=scale)
    else:
        msg = f"cannot render {path.name}: only .svg and .png"
        raise ValueError(msg)
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return data
