"""The pipeline's own checks of the staff annexes, and the errata texts' values.

The equations the shipped rows satisfy (rows, columns and Total rows of Annexes II and
III; the sums, percentages and changes of Annexes I and IV and their agreement with
Annexes II and III) are written once, in the package (:mod:`iomdata._proofs`), and
``tools/build_data.py`` runs them on the rows it is about to write. What stays here
needs what the rows do not carry: a column of a search's table without the rows its
Total row leaves out (:meth:`Proofs.check_table`), and Annex I's tables against each
other where an edition's choice of grades enters (:func:`annex1_proofs`). Each check
has a stable key; a failure raises :class:`ProofError` unless an erratum of the
registry (:mod:`tools.staff.errata`) names that key among its ``checks``, and an
erratum whose check holds raises too. Errata are the package's own
:class:`iomdata._source_records.Erratum` records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

import attrs

from iomdata._source_records import Erratum
from tools.staff.annexes import (
    BAND_OF,
    CATEGORY_OF,
    SEX_OF,
    DecodedTable,
    percent_of,
)
from tools.staff.readings import TOTAL, Problem, ProofError
from tools.staff.statuses import RecoveredTable, Resolution

__all__ = [
    "Erratum",
    "Ledger",
    "ProofError",
    "Proofs",
    "annex1_proofs",
    "erratum_row",
    "nationalities",
    "omitted_row_values",
    "professional_share",
]


def erratum_row(erratum: Erratum) -> dict[str, object]:
    """The ``errata`` dataset row of an erratum (the package's own record)."""
    return attrs.asdict(erratum)


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
        """A column without the rows its Total row leaves out sums to the Total row.

        The erratum's own claim, for a table whose search found such rows; every other
        equation of the table is proven on the shipped rows (:mod:`iomdata._proofs`).
        """
        layout = problem.layout
        for column in layout.columns:
            if column not in problem.totals or all(c != column for _, c in problem.excluded):
                continue
            values = [res.reading.cells(layout)[column] for res in resolutions]
            kept = sum(v for r, v in enumerate(values) if (r, column) not in problem.excluded)
            self.equal(
                f"{layout.table}|column {column} without excluded rows",
                kept,
                problem.totals[column],
                what=f"{layout.table}: column {column} without the rows the Total "
                "row leaves out sums to the Total row",
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


def annex1_proofs(
    ledger: Ledger,
    annex1: Mapping[int, DecodedTable],
    prof: RecoveredTable,
    *,
    outside_table2: Sequence[str],
) -> None:
    """Annex I's tables against each other, where an edition's choice of grades enters.

    ``outside_table2`` are the Annex III grades that Table 2 leaves out of its bands
    while Table 1 counts them (an edition's choice: 2018 leaves out E-1 and E-2). The
    rest of Annex I (sums, percentages, changes, totals against Annexes II and III) is
    proven on the shipped rows by :mod:`iomdata._proofs`.
    """
    t1, t2, t3 = (annex1[n] for n in range(1, 4))
    year = t2.table.corner  # the edition year, the only year Table 2 counts
    total2 = f"Total in {year}"
    bands = _bands(t2)
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
    for label in SEX_OF:
        ledger.equal(
            f"Annex I Table 3|{SEX_OF[label]}=Table 2",
            t3.locator,
            f"{label}, {year} = Table 2 {label}, P-5 + {bands['D-1/D-2']}",
            t3.value(label, year),
            t2.value(label, bands["P-5"]) + t2.value(label, bands["D-1/D-2"]),
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
