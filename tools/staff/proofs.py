"""Arithmetic proofs of the staff annexes and the errata that explain their failures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from tools.staff.readings import SEXES, TOTAL, Problem, ProofError
from tools.staff.statuses import Resolution

__all__ = ["Erratum", "ProofError", "Proofs"]


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
    """

    explained: Mapping[str, Sequence[str]] = attrs.field(factory=dict)
    checked: int = 0
    failures_explained: list[tuple[str, str]] = attrs.field(factory=list)

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
