"""The editions as the calibration study sees them: layouts, measured noise, printers, engine.

Each :class:`Profile` holds what :mod:`tools.staff.simulate` needs of one edition: the
engine's layouts, the shipped rows synthetic tables are drawn from, the edit scripts
measured on the real pages (:mod:`tools.staff.noise`), a printer that writes a synthetic
table in the edition's raw format, and the entry point of the engine that reads it back
(:func:`_recover_2020`, :func:`_recover_2018`: what the adapters call to build the
shipped data, without the search cache and the reviewed overrides).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Final, Protocol

import attrs

from tools.staff import ar2018, ar2020, noise, solver, tables
from tools.staff.noise import CATEGORIES, Columns, RealPage, Script, TruthRow, TruthTable

__all__ = [
    "ENGINE",
    "NOISE_FROM",
    "PROFILES",
    "Profile",
    "Recovered",
    "label",
    "profile_2018",
    "profile_2020",
    "profile_evidence",
]


# ---------------------------------------------------------------------------------------
# The editions: their layouts, measured noise, printers and the engine's entry points
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Recovered:
    """One cell as the engine ships it: value, status and bounds."""

    column: str
    count: int
    status: str
    low: int
    high: int


class _Reading(Protocol):
    @property
    def values(self) -> tuple[int, ...]: ...


class _Decision(Protocol):
    """What the study reads of the engine's decision on one row."""

    @property
    def reading(self) -> _Reading: ...

    @property
    def statuses(self) -> tuple[str, ...]: ...

    @property
    def low(self) -> tuple[int, ...]: ...

    @property
    def high(self) -> tuple[int, ...]: ...


Printer = Callable[["Profile", TruthTable, Sequence[Sequence[Script]], random.Random], str]
Recover = Callable[[str, Path], list[list[Recovered]]]


@attrs.frozen(kw_only=True)
class Profile:
    """One edition's way of printing its annexes, measured on its text.

    Attributes
    ----------
    name
        ``ar2018`` or ``ar2020``.
    noise_from
        Which real rows the noise was measured on (:data:`NOISE_FROM`).
    edition
        The edition year.
    layouts
        Category -> the engine's layout of its annex.
    raw_name
        Category -> the raw file the adapter reads.
    truth_rows
        Category -> every shipped row (the pool synthetic rows are drawn from).
    pages
        Category -> the real pages with the edit scripts of their decided rows.
    wrapped
        Share of rows whose label wraps over lines, and share of those whose numbers
        stand alone on the last line (2018; zero for 2020, whose fields keep labels whole).
    printer
        Writes a synthetic table as the raw file.
    recover
        The engine: reads the raw file and returns each row's cells.
    """

    name: str
    noise_from: str
    edition: int
    layouts: Mapping[str, Columns]
    raw_name: Mapping[str, str]
    truth_rows: Mapping[str, tuple[TruthRow, ...]]
    pages: Mapping[str, tuple[RealPage, ...]]
    wrapped: tuple[float, float]
    heading: Mapping[str, tuple[str, ...]]
    printer: Printer
    recover: Recover

    def pick_page(self, category: str, rng: random.Random) -> RealPage:
        """A real page, drawn with its share of the annex's rows."""
        pages = self.pages[category]
        return rng.choices(pages, weights=[p.rows for p in pages])[0]


def _cells(decisions: Sequence[_Decision], layout: Columns) -> list[list[Recovered]]:
    """Cells, bounds included, of the engine's decided rows (the row Total left out)."""
    return [
        [
            Recovered(
                column=column,
                count=d.reading.values[i],
                status=d.statuses[i],
                low=d.low[i],
                high=d.high[i],
            )
            for i, column in enumerate(layout.columns)
            if column != "Total"
        ]
        for d in decisions
    ]


_ANNEX: Final = {"general_service": "II", "professional": "III"}
#: The engine the study runs (reported with every study).
ENGINE: Final = (
    "tools.staff.tables.recover (models fewest_edits and row_ladder), "
    f"ENGINE_VERSION {solver.ENGINE_VERSION}"
)


def _recover_2020(category: str, raw_dir: Path) -> list[list[Recovered]]:
    # What ar2020.recover_tables does per table, without the search cache and with no
    # reviewed override (they name real rows).
    layout = ar2020.LAYOUTS[_ANNEX[category]]
    printed = ar2020.read_nationality_table(_ANNEX[category], raw_dir)
    recovered = tables.recover(ar2020.spec(layout, printed, {}), None)
    return _cells(recovered.decisions, layout)


def _recover_2018(category: str, raw_dir: Path) -> list[list[Recovered]]:
    annex = _ANNEX[category]
    printed, total = ar2018.read_table(annex, ar2018.read_raw(annex, raw_dir))
    _, recovered = ar2018.recover_table(annex, printed, total, None)
    return _cells(recovered.decisions, recovered.layout)


def label(k: int) -> str:
    """A synthetic row label: letters only, so no text mistakes it for a number."""
    letters = ""
    k += 26
    while k:
        k, rest = divmod(k, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Nation {letters}"


def _printed(
    table: TruthTable, pages: Sequence[Sequence[Script]]
) -> Iterator[tuple[int, str, list[str]]]:
    """(page, label, printed fields) of every row."""
    ng = table.layout.n_grades
    k = 0
    for p, scripts in enumerate(pages):
        for script in scripts:
            base = noise.base_fields(table.rows[k], ng)
            fields = noise.apply_script(base, script)
            yield p, label(k), base if fields is None else fields
            k += 1


def _print_2020(
    profile: Profile, table: TruthTable, pages: Sequence[Sequence[Script]], _rng: random.Random
) -> str:
    layout = table.layout
    lines = [
        f"# {profile.name} synthetic table, written by tools/staff/simulate.py.",
        "# <line number> TAB <kind> TAB <the line>",
    ]
    heading = "\t".join(("", *layout.columns[: layout.n_grades], "F", "M"))
    page = -1
    for p, label, fields in _printed(table, pages):
        if p != page:
            page = p
            lines.append(f"{len(lines)}\tmarker\tsection member")
            lines.append(f"{len(lines)}\tcolumns\t{heading}")
        lines.append(f"{len(lines)}\trow\t{label}\t" + "\t".join(fields))
    totals = "\t".join(noise.format_count(v) for v in table.totals())
    lines.append(f"{len(lines)}\trow\tTotal\t{totals}")
    return "\n".join(lines) + "\n"


def _print_2018(
    profile: Profile, table: TruthTable, pages: Sequence[Sequence[Script]], rng: random.Random
) -> str:
    wrap, alone = profile.wrapped
    body: list[str] = []
    page = -1
    for p, label, fields in _printed(table, pages):
        if p != page:
            page = p
            body.extend(profile.heading[table.layout.category])
        cells = " ".join(fields) + " "
        if rng.random() < wrap:
            first, rest = label.split(" ", 1)
            body.append(f"{first} ")
            body.extend([f"{rest} ", cells] if rng.random() < alone else [f"{rest} {cells}"])
        else:
            body.append(f"{label} {cells}")
    body.append("Total " + " ".join(noise.format_count(v) for v in table.totals()) + " ")
    head = f"# {profile.name} synthetic table, written by tools/staff/simulate.py."
    return "\n".join([head, *(f"{n}|{text}|" for n, text in enumerate(body, 1))]) + "\n"


def _truth(
    edition: int, layouts: Mapping[str, Columns]
) -> dict[str, dict[str, tuple[TruthRow, bool]]]:
    return {c: noise.truth_rows(edition, c, layouts[c]) for c in CATEGORIES}


#: Which real rows the noise is measured on: ``decided`` (every cell certain, so the
#: truth is known) or ``shipped`` (every row, read as shipped: a sensitivity check, since
#: the rows the totals leave open are the noisiest).
NOISE_FROM: Final = ("decided", "shipped")


@cache
def profile_2020(noise_from: str = "decided") -> Profile:
    """The 2020 text: tab-separated fields, measured on Annexes II and III."""
    layouts = {ar2020.LAYOUTS[a].category: ar2020.LAYOUTS[a] for a in ("II", "III")}
    truth = _truth(2020, layouts)
    pages = {}
    for category, layout in layouts.items():
        printed = ar2020.read_nationality_table(_ANNEX[category])
        rows = [(r.label, r.page or 0, r.fields) for r in printed.rows]
        pages[category] = noise.measure_pages(
            rows, truth[category], layout.n_grades, undecided=noise_from == "shipped"
        )
    return Profile(
        name="ar2020",
        noise_from=noise_from,
        edition=2020,
        layouts=layouts,
        raw_name={c: f"ar2020_annex{2 if c == 'general_service' else 3}.tsv" for c in CATEGORIES},
        truth_rows={c: tuple(t for _, (t, _) in sorted(truth[c].items())) for c in CATEGORIES},
        pages=pages,
        wrapped=(0.0, 0.0),
        heading={},
        printer=_print_2020,
        recover=_recover_2020,
    )


@cache
def profile_2018(noise_from: str = "decided") -> Profile:
    """The 2018 text: single spaces between cells, labels that wrap over lines."""
    layouts = {ar2018.CATEGORY[a]: ar2018.layout_of(a) for a in ("II", "III")}
    truth = _truth(2018, layouts)
    pages = {}
    heading = {}
    wrapped = alone = rows_seen = 0
    for category, layout in layouts.items():
        annex = _ANNEX[category]
        raw = ar2018.read_raw(annex)
        printed, _ = ar2018.read_table(annex, raw)
        rows = [(r.name, r.page, r.tokens) for r in printed]
        pages[category] = noise.measure_pages(
            rows,
            truth[category],
            layout.n_grades,
            tokens=True,
            undecided=noise_from == "shipped",
        )
        text = {line.lineno: line.text for line in raw}
        for r in printed:
            rows_seen += 1
            if len(r.linenos) > 1:
                wrapped += 1
                alone += not text[r.linenos[-1]][:1].isalpha()
        first = printed[0].linenos[0]
        block = [line.text for line in raw if line.lineno < first and not line.marker]
        start = next(i for i, t in enumerate(block) if t.startswith("Country of"))
        heading[category] = tuple(block[start:])
    return Profile(
        name="ar2018",
        noise_from=noise_from,
        edition=2018,
        layouts=layouts,
        raw_name={c: f"ar2018_annex{2 if c == 'general_service' else 3}.txt" for c in CATEGORIES},
        truth_rows={c: tuple(t for _, (t, _) in sorted(truth[c].items())) for c in CATEGORIES},
        pages=pages,
        wrapped=(wrapped / rows_seen, alone / wrapped if wrapped else 0.0),
        heading=heading,
        printer=_print_2018,
        recover=_recover_2018,
    )


PROFILES: Final[dict[str, Callable[..., Profile]]] = {
    "ar2018": profile_2018,
    "ar2020": profile_2020,
}


def profile_evidence(profile: Profile) -> dict[str, object]:
    """What the noise profile was measured on: per annex and real page, the counts.

    Per page: rows printed, rows whose every cell the totals decide, how many of those
    a script explains, how many print a cell off its own field, and the departures by
    kind (empty fields inserted, deleted, fields joined, numbers cut).
    """
    out: dict[str, object] = {"wrapped": list(profile.wrapped)}
    where: dict[str, dict[str, dict[str, int]]] = {}
    for category, pages in profile.pages.items():
        width = len(profile.layouts[category].columns)
        ng = profile.layouts[category].n_grades
        counts = {k: dict.fromkeys(_PLACES, 0) for k in ("ins", "del")}
        for page in pages:
            for script in page.scripts:
                for op in script.ops:
                    if op.kind in counts and not (op.kind == "ins" and op.at >= width):
                        counts[op.kind][_place(op.at, ng)] += 1
        where[category] = counts
        out[category] = [
            {
                "page": page.page,
                "rows": page.rows,
                "decided": len(page.scripts) + page.unexplained,
                "explained": len(page.scripts),
                "moved": sum(1 for s in page.scripts if s.moves(width)),
                **{
                    kind: sum(
                        1
                        for s in page.scripts
                        for op in s.ops
                        if op.kind == kind and (kind != "ins" or op.at < width)
                    )
                    for kind in ("ins", "del", "join", "cut")
                },
            }
            for page in pages
        ]
    out["where"] = where
    return out


#: Where along a row an empty field is inserted or deleted (see :func:`_place`).
_PLACES: Final = ("first grade", "other grades", "Total", "F and M")


def _place(at: int, n_grades: int) -> str:
    """The field before which (ins) or at which (del) an edit happens, in words."""
    if at == 0:
        return _PLACES[0]
    if at < n_grades:
        return _PLACES[1]
    return _PLACES[2] if at == n_grades else _PLACES[3]
