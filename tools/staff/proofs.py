"""Arithmetic proofs of the staff annexes and the errata that explain their failures.

Written once for every edition: the row and column equations of Annexes II and III
(:meth:`Proofs.check_table`), the sums and percentages of Annexes I and IV, and their
agreement with Annexes II and III (:func:`annex1_proofs`, :func:`annex4_proofs`). Each
equation has a stable key; a failure raises :class:`ProofError` unless an erratum the
adapter passes in names that key, and an erratum whose equation holds raises too.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Final

import attrs

from tools.staff.annexes import (
    BAND_GRADES,
    BAND_OF,
    CATEGORY_OF,
    MEASURE_OF,
    SEX_OF,
    WOMEN_CHANGE,
    DecodedTable,
    percent_of,
)
from tools.staff.readings import SEXES, TOTAL, Problem, ProofError
from tools.staff.statuses import RecoveredTable, Resolution

__all__ = [
    "Erratum",
    "Ledger",
    "ProofError",
    "Proofs",
    "annex1_proofs",
    "annex4_proofs",
    "nationalities",
    "omitted_row_values",
    "percent_proofs",
    "professional_share",
    "sum_proofs",
]


@attrs.frozen(kw_only=True)
class Erratum:
    """A published inconsistency, kept as published (one ``errata`` row)."""

    id: str
    source: str
    locator: str
    published: str
    established: str
    explanation: str

    def row(self) -> dict[str, object]:
        """The ``errata`` dataset row."""
        return attrs.asdict(self)


@attrs.define
class Proofs:
    """Runs arithmetic checks; a failure must be explained by a known erratum.

    Attributes
    ----------
    explained
        Erratum id -> the equation keys it explains (see :meth:`equal`).
    checked
        How many equations were checked.
    failures_explained
        The failing equations that an erratum explains, with the erratum id.
    keys
        The keys of the equations checked.
    """

    explained: Mapping[str, Sequence[str]] = attrs.field(factory=dict)
    checked: int = 0
    failures_explained: list[tuple[str, str]] = attrs.field(factory=list)
    keys: set[str] = attrs.field(factory=set)

    def equal(self, key: str, left: int, right: int, *, what: str) -> None:
        """Check ``left == right``; raise :class:`ProofError` unless an erratum covers it.

        Parameters
        ----------
        key
            Stable key of the equation (used to match errata).
        left, right
            The two sides.
        what
            The equation in words, for the error message.
        """
        self.checked += 1
        self.keys.add(key)
        if left == right:
            for erratum, keys in self.explained.items():
                if key in keys:
                    msg = f"erratum {erratum} claims {key} fails, but it holds: {what}"
                    raise ProofError(msg)
            return
        for erratum, keys in self.explained.items():
            if key in keys:
                self.failures_explained.append((key, erratum))
                return
        msg = f"proof failed: {what}: {left} != {right}"
        raise ProofError(msg)

    def check_table(self, resolutions: Sequence[Resolution], problem: Problem) -> None:
        """Row equations of every row and column totals of every column."""
        layout = problem.layout
        for res in resolutions:
            cells = res.reading.cells(layout)
            label = res.row.label
            self.equal(
                f"{layout.table}|{label}|grades=Total",
                sum(cells[g] for g in layout.grades),
                cells[TOTAL],
                what=f"{layout.table}, {label}: grade cells sum to Total",
            )
            self.equal(
                f"{layout.table}|{label}|F+M=Total",
                cells["F"] + cells["M"],
                cells[TOTAL],
                what=f"{layout.table}, {label}: F + M = Total",
            )
        for column in layout.columns:
            if column not in problem.totals:
                continue
            values = [res.reading.cells(layout)[column] for res in resolutions]
            self.equal(
                f"{layout.table}|column {column}",
                sum(values),
                problem.totals[column],
                what=f"{layout.table}: column {column} sums to the Total row",
            )
            if any(c == column for _, c in problem.excluded):
                # The erratum's own claim: without the rows it names, the column holds.
                kept = sum(v for r, v in enumerate(values) if (r, column) not in problem.excluded)
                self.equal(
                    f"{layout.table}|column {column} without excluded rows",
                    kept,
                    problem.totals[column],
                    what=f"{layout.table}: column {column} without the rows the Total "
                    "row leaves out sums to the Total row",
                )
        total_row = problem.totals
        if all(g in total_row for g in layout.grades) and TOTAL in total_row:
            self.equal(
                f"{layout.table}|Total row grades",
                sum(total_row[g] for g in layout.grades),
                total_row[TOTAL],
                what=f"{layout.table}: Total row's grade cells sum to its Total",
            )
        if all(s in total_row for s in SEXES) and TOTAL in total_row:
            self.equal(
                f"{layout.table}|Total row F+M",
                total_row["F"] + total_row["M"],
                total_row[TOTAL],
                what=f"{layout.table}: Total row's F + M equals its Total",
            )


@attrs.define
class Ledger:
    """:class:`Proofs` that also keeps both sides of each equation, for errata and reports.

    Every equation has a stable key (``"Annex I Table 4|percent 2005"``); an erratum
    names the keys it explains, never the wording of a check.
    """

    proofs: Proofs
    sides: dict[str, tuple[str, str, str]] = attrs.field(factory=dict)

    def equal(
        self,
        key: str,
        locator: str,
        equation: str,
        published: int,
        computed: int,
        unit: str = "",
    ) -> None:
        """Prove that ``published`` equals ``computed`` (or that an erratum says why not)."""
        self.sides[key] = (locator, f"{published}{unit}", f"{computed}{unit}")
        self.proofs.equal(key, published, computed, what=f"{locator}: {equation}")

    def within(
        self, key: str, locator: str, equation: str, published: int, low: int, high: int
    ) -> None:
        """Prove that ``published`` lies between ``low`` and ``high``."""
        self.sides[key] = (locator, str(published), f"{low} to {high}" if low < high else str(low))
        # Clamping the published value into the range changes it exactly when it is outside.
        clamped = min(max(published, low), high)
        self.proofs.equal(key, published, clamped, what=f"{locator}: {equation}")

    def unchecked(self) -> list[str]:
        """Keys that an erratum explains but no proof checked (a stale erratum)."""
        return sorted(
            key
            for keys in self.proofs.explained.values()
            for key in keys
            if key not in self.proofs.keys
        )


def _by_label(table: DecodedTable, vocabulary: Mapping[str, str]) -> dict[str, str]:
    """Our name -> the table's printed label, for the labels of ``vocabulary`` it prints."""
    return {
        vocabulary[row.label]: row.label for row in table.table.rows if row.label in vocabulary
    }


def _bands(table: DecodedTable) -> dict[str, str]:
    """Our band name -> Table 2's printed column label."""
    return {BAND_OF[column]: column for column in table.table.columns}


def sum_proofs(ledger: Ledger, table: DecodedTable, name: str) -> None:
    """The part rows of a table add up to its total row in every column."""
    for column in table.table.columns:
        ledger.equal(
            f"{name}|total {column}",
            table.locator,
            f"{' + '.join(table.parts)} = {table.total}, {column}",
            table.value(table.total, column),
            sum(table.value(part, column) for part in table.parts),
        )


def percent_proofs(
    ledger: Ledger, table: DecodedTable, name: str, label: str, part: str, whole: str
) -> None:
    """A printed percentage row against two count rows of the same table."""
    for column in table.table.columns:
        printed = table.percent(label, column)
        if printed is not None:
            ledger.equal(
                f"{name}|percent {column}",
                table.locator,
                f"{label}, {column} = 100 x {part} / {whole}, rounded",
                printed,
                percent_of(table.value(part, column), table.value(whole, column)),
                "%",
            )


def annex1_proofs(
    ledger: Ledger,
    annex1: Mapping[int, DecodedTable],
    gs: RecoveredTable,
    prof: RecoveredTable,
    *,
    outside_table2: Sequence[str],
) -> None:
    """Annex I's sums, percentages and changes, and its agreement with Annexes II and III.

    ``outside_table2`` are the Annex III grades that Table 2 leaves out of its bands
    while Table 1 counts them (an edition's choice: 2018 leaves out E-1 and E-2).
    """
    t1, t2, t3, t4 = (annex1[n] for n in range(1, 5))
    year = t2.table.corner  # the edition year, the only year Table 2 counts
    total2 = f"Total in {year}"
    for n, table in ((1, t1), (2, t2), (3, t3)):
        sum_proofs(ledger, table, f"Annex I Table {n}")
    for n, table in ((1, t1), (3, t3)):
        percent_proofs(
            ledger, table, f"Annex I Table {n}", "Percentage of women", "Women", "Total"
        )
    categories = _by_label(t4, CATEGORY_OF)
    sum_proofs(ledger, t4, "Annex I Table 4")
    percent_proofs(
        ledger,
        t4,
        "Annex I Table 4",
        "Percentage of international Professional",
        categories["professional"],
        "Total",
    )
    bands = _bands(t2)
    for band, column in bands.items():
        printed = t2.percent(f"Percentage of women in {year}", column)
        if printed is not None:
            ledger.equal(
                f"Annex I Table 2|{band} percent {year}",
                t2.locator,
                f"Percentage of women in {year}, {column} = 100 x Women / {total2}, rounded",
                printed,
                percent_of(t2.value("Women", column), t2.value(total2, column)),
                "%",
            )
    change = next(label for label in t2.percents if WOMEN_CHANGE.fullmatch(label))
    first, last = WOMEN_CHANGE.fullmatch(change).groups()  # type: ignore[union-attr]
    for band, column in bands.items():
        printed = t2.percent(change, column)
        start = t2.percent(f"Percentage of women in {first}", column)
        end = t2.percent(f"Percentage of women in {last}", column)
        if printed is not None and start is not None and end is not None:
            ledger.equal(
                f"Annex I Table 2|{band} change",
                t2.locator,
                f"{change}, {column} = the percentage of {last} - that of {first}",
                printed,
                end - start,
                " points",
            )
    label = "Change in percentage of women"
    for start_year, end_year in itertools.pairwise(t3.table.columns):
        printed = t3.percent(label, end_year)
        start = t3.percent("Percentage of women", start_year)
        end = t3.percent("Percentage of women", end_year)
        if printed is not None and start is not None and end is not None:
            ledger.equal(
                f"Annex I Table 3|change {end_year}",
                t3.locator,
                f"{label}, {end_year} = the percentage of {end_year} - that of {start_year}",
                printed,
                end - start,
                " points",
            )
    # Table 2 by grade band against Annex III.
    for band, column in bands.items():
        grades = BAND_GRADES[band]
        ledger.equal(
            f"Annex I Table 2|{band} total=Annex III",
            t2.locator,
            f"{total2}, {column} = Annex III Total row, {' + '.join(grades)}",
            t2.value(total2, column),
            sum(prof.total(grade) for grade in grades),
        )
    outside = " + ".join(f"Annex III {grade}" for grade in outside_table2)
    ledger.equal(
        "Annex I Table 1|total=Table 2",
        t1.locator,
        f"Total, {year} = Table 2 {total2}, all bands" + (f" + {outside}" if outside else ""),
        t1.value("Total", year),
        sum(t2.counts[total2]) + sum(prof.total(grade) for grade in outside_table2),
    )
    if not outside_table2:
        # Table 2 then counts everyone Table 1 counts, women and men alike.
        for label in SEX_OF:
            ledger.equal(
                f"Annex I Table 2|{label.lower()}=Table 1",
                t2.locator,
                f"{label}, all bands = Table 1 {label}, {year}",
                sum(t2.counts[label]),
                t1.value(label, year),
            )
    for label, column in (("Men", "M"), ("Women", "F"), ("Total", TOTAL)):
        ledger.equal(
            f"Annex I Table 1|{SEX_OF.get(label, TOTAL)}=Annex III",
            t1.locator,
            f"{label}, {year} = Annex III Total row, {column}",
            t1.value(label, year),
            prof.total(column),
        )
    senior = ("D-2", "D-1", "P-5")
    ledger.equal(
        "Annex I Table 3|total=Annex III",
        t3.locator,
        f"Total, {year} = Annex III Total row, {' + '.join(senior)} (E-1, E-2 left out)",
        t3.value("Total", year),
        sum(prof.total(grade) for grade in senior),
    )
    for label in SEX_OF:
        ledger.equal(
            f"Annex I Table 3|{SEX_OF[label]}=Table 2",
            t3.locator,
            f"{label}, {year} = Table 2 {label}, P-5 + {bands['D-1/D-2']}",
            t3.value(label, year),
            t2.value(label, bands["P-5"]) + t2.value(label, bands["D-1/D-2"]),
        )
    professional = categories["professional"]
    for column in t1.table.columns:
        ledger.equal(
            f"Annex I Table 4|professional {column}=Table 1",
            t4.locator,
            f"{professional}, {column} = Table 1 Total, {column}",
            t4.value(professional, column),
            t1.value("Total", column),
        )
    for category, annex in (("professional", prof), ("general_service", gs)):
        ledger.equal(
            f"Annex I Table 4|{category}=Annex {annex.annex}",
            t4.locator,
            f"{categories[category]}, {year} = Annex {annex.annex} Total row, Total",
            t4.value(categories[category], year),
            annex.total(TOTAL),
        )


def annex4_proofs(
    ledger: Ledger, table: DecodedTable, prof: RecoveredTable, *annexes: RecoveredTable
) -> None:
    """Annex IV's sums and percentages, and its edition-year counts against Annex III.

    ``annexes`` are the tables whose Member States sections each list every Member State.
    """
    member, non_member, total, states, percent = MEASURE_OF
    sum_proofs(ledger, table, "Annex IV")
    percent_proofs(ledger, table, "Annex IV", percent, member, states)
    year = str(table.edition)
    counted = nationalities(prof)
    ledger.equal(
        "Annex IV|member_state_nationalities=Annex III",
        table.locator,
        f"{member}, {year} = Member State rows of Annex III with staff",
        table.value(member, year),
        counted["member_state_nationalities"][0],
    )
    ledger.within(
        "Annex IV|non_member_state_nationalities=Annex III",
        table.locator,
        f"{non_member}, {year} = non-member rows of Annex III with staff, "
        "plus the nationalities of its Other row",
        table.value(non_member, year),
        *counted["non_member_state_nationalities"],
    )
    ledger.within(
        "Annex IV|total_nationalities=Annex III",
        table.locator,
        f"{total}, {year} = rows of Annex III with staff, counting the nationalities of "
        "its Other row",
        table.value(total, year),
        *counted["total_nationalities"],
    )
    for annex in annexes:
        ledger.equal(
            f"Annex IV|member_states=Annex {annex.annex}",
            table.locator,
            f"{states}, {year} = rows of the Member States section of Annex {annex.annex}",
            table.value(states, year),
            sum(row.member_state for row in annex.rows),
        )


def professional_share(table4: DecodedTable, year: str) -> dict[str, object]:
    """Annex I, Table 4's printed share of international Professional staff in ``year``.

    With the counts it should follow from, for an erratum's text: ``staff`` of
    ``everyone`` (also as the 2018 text prints it, a space between thousands), the
    unrounded ``share``, the ``computed`` and the ``printed`` percentage.
    """
    categories = _by_label(table4, CATEGORY_OF)
    staff, everyone = table4.value(categories["professional"], year), table4.value("Total", year)
    return {
        "year": year,
        "staff": staff,
        "everyone": everyone,
        "everyone_spaced": f"{everyone:,}".replace(",", " "),
        "share": f"{100 * staff / everyone:.1f}",
        "computed": percent_of(staff, everyone),
        "printed": table4.percent("Percentage of international Professional", year),
    }


def nationalities(prof: RecoveredTable) -> dict[str, tuple[int, int]]:
    """The fewest and most nationalities Annex III's rows with staff stand for.

    Keyed by the Annex IV measure. Each named row with staff is one nationality; the
    Other row (non-member section) stands for at least one and at most as many
    nationalities as it counts people.
    """
    staffed = [row for index, row in enumerate(prof.rows) if prof.value(index, TOTAL) > 0]
    members = sum(row.member_state for row in staffed)
    named = sum(1 for row in staffed if not row.member_state and row.label != "Other")
    other = sum(
        prof.value(index, TOTAL) for index, row in enumerate(prof.rows) if row.label == "Other"
    )
    low, high = named + min(other, 1), named + other
    return {
        "member_state_nationalities": (members, members),
        "non_member_state_nationalities": (low, high),
        "total_nationalities": (members + low, members + high),
    }


def omitted_row_values(
    table: RecoveredTable, omitted: int, source: str
) -> tuple[str, dict[str, object]]:
    """The erratum id and values of a Total row whose grade cells leave out one row.

    The search (:func:`tools.staff.search.search`) finds the row; its Total, F and M
    still count it. The text is in the errata registry (:mod:`tools.staff.errata`).
    """
    layout = table.layout
    row = table.resolutions[omitted]
    cells = row.reading.cells(layout)
    with_omitted = {
        g: sum(res.reading.cells(layout)[g] for res in table.resolutions)
        for g in layout.grades
        if cells[g]
    }
    label = row.row.label
    erratum = f"{source}-annex{_ARABIC[table.annex]}-total-row-omits-{_slug(label)}"
    return erratum, {
        "table": layout.table,
        "printed_cells": _columns({g: table.total(g) for g in with_omitted}),
        "grade_sum": sum(table.total(g) for g in layout.grades),
        "grand_total": table.total(TOTAL),
        "with_omitted": _columns(with_omitted),
        "label": label,
        "row_total": cells[TOTAL],
    }


_ARABIC: Final = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _columns(values: Mapping[str, int]) -> str:
    """``G-3 958, G-4 2,529``: column and value, in the table's order."""
    return ", ".join(f"{column} {value:,}" for column, value in values.items())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
