"""The record of one proof, and the helpers that build one.

:mod:`iomdata._proofs` and :mod:`iomdata._proofs_staff` turn rows into :class:`Proof`
records with :func:`equation` and :func:`bounded`; a key is built by :func:`proof_key`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Literal

import attrs

__all__ = [
    "Proof",
    "Row",
    "Status",
    "annex_of",
    "bounded",
    "close",
    "equation",
    "failed",
    "number",
    "percent_of",
    "proof_key",
    "table_of",
    "value_of",
]

#: The outcome of one proof.
Status = Literal["passed", "known", "failed"]
Row = dict[str, Any]


@attrs.frozen(kw_only=True)
class Proof:
    """One checked equation (or integrity check) and its outcome."""

    #: Stable key of the equation, unique in a report, beginning with its source id:
    #: ``"ar2020|Annex III|row Kenya|grades"``. Errata name the proofs they explain by
    #: key (the ``proofs`` column of ``errata``).
    key: str
    #: The family of the proof, e.g. ``"row total"``, ``"column total"``, ``"integrity"``.
    kind: str
    #: What was checked, e.g. ``"ar2020 Annex III, Kenya: grade cells"``.
    subject: str
    #: The equation with its numbers, or the integrity error.
    detail: str
    #: Ids of the source documents involved.
    sources: tuple[str, ...] = ()
    #: Locators of the numbers involved.
    locators: tuple[str, ...] = ()
    #: The printed number the computed one must equal (``None`` for integrity checks).
    published: float | None = None
    #: The number computed from the data.
    computed: float | None = None
    #: ``"passed"``, ``"known"`` (a documented published inconsistency) or ``"failed"``.
    status: Status
    #: Id of the erratum that documents a ``"known"`` failure.
    erratum: str | None = None

    def describe(self) -> str:
        """One line: the subject and the equation, with the erratum id if known."""
        tag = f" [erratum {self.erratum}]" if self.erratum else ""
        return f"{self.subject}: {self.detail}{tag}"


def failed(kind: str, key: str, subject: str, detail: str) -> Proof:
    """A proof that failed outright (no equation to show), e.g. an integrity check."""
    return Proof(kind=kind, key=key, subject=subject, detail=detail, status="failed")


def close(left: float, right: float) -> bool:
    # Counts are integers; breakdown values are decimals, summed in binary floating point.
    return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9)


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def equation(
    kind: str,
    key: str,
    subject: str,
    *,
    computed: float,
    published: float | None,
    what: str,
    against: str,
    sources: Iterable[str],
    locators: Iterable[str],
) -> Proof:
    """A proof that ``computed`` (described by ``what``) equals ``published``."""
    sources, locators = tuple(dict.fromkeys(sources)), tuple(dict.fromkeys(locators))
    if published is None:
        holds, detail = False, f"{what} = {number(computed)}, but no {against} is published"
    else:
        holds = close(computed, published)
        sign = "=" if holds else "!="
        detail = f"{what} = {number(computed)} {sign} {against} {number(published)}"
    return Proof(
        kind=kind,
        key=key,
        subject=subject,
        detail=detail,
        sources=sources,
        locators=locators,
        published=published,
        computed=computed,
        status="passed" if holds else "failed",
    )


def bounded(
    kind: str,
    key: str,
    subject: str,
    *,
    published: float,
    bounds: tuple[float, float],
    what: str,
    sources: Iterable[str],
    locators: Iterable[str],
) -> Proof:
    """A proof that ``published`` lies within ``bounds`` (described by ``what``)."""
    low, high = bounds
    if low == high:
        return equation(
            kind,
            key,
            subject,
            computed=low,
            published=published,
            what=what,
            against="printed",
            sources=sources,
            locators=locators,
        )
    holds = low <= published <= high
    verb = "lies" if holds else "does not lie"
    return Proof(
        kind=kind,
        key=key,
        subject=subject,
        detail=(
            f"printed {number(published)} {verb} within {number(low)}..{number(high)}, the {what}"
        ),
        sources=tuple(dict.fromkeys(sources)),
        locators=tuple(dict.fromkeys(locators)),
        published=published,
        status="passed" if holds else "failed",
    )


def table_of(locator: str) -> str:
    """The table part of a locator: ``"Annex III, page 4"`` -> ``"Annex III"``."""
    return ", ".join(part for part in locator.split(", ") if not part.startswith("page "))


def annex_of(locator: str) -> str:
    return locator.split(", ", maxsplit=1)[0]


def proof_key(source: str, locator: str, *parts: object) -> str:
    """A proof key: ``"ar2020|Annex I Table 4|percent 2005"`` (the locator without pages)."""
    return "|".join([source, table_of(locator).replace(", ", " "), *map(str, parts)])


def value_of(row: Row | None) -> float | None:
    """The ``value`` of a published row, ``None`` when it is not published."""
    return None if row is None else row["value"]


def percent_of(part: float, whole: float) -> int:
    """``100 * part / whole`` rounded half up to a whole number, as the tables print it.

    Examples
    --------
    >>> percent_of(667, 5397), percent_of(1, 8)
    (12, 13)
    """
    part, whole = int(part), int(whole)
    return (200 * part + whole) // (2 * whole)
