"""The proofs of a source's key figures, one kind at a time.

* :class:`BreakdownSpec` and :func:`breakdown_errata`: full breakdowns become
  ``key_figure_breakdowns`` rows, and their items must add up to the stated total (the
  package's proof, :func:`iomdata._proofs.breakdown_proof`, run on those rows:
  :func:`prove_breakdown`);
* :class:`ArithmeticCheck` with :func:`share`, :func:`percent_change`, :func:`ratio`,
  :func:`figure_value` and :func:`arithmetic_errata`: printed shares, growth rates and
  ratios (or any derivation a module writes) must agree with the figures they rest on;
* :func:`fact_conflicts`, :func:`fact_disagreements` and :func:`fact_errata`: records of
  one fact must agree in value and hedge, or carry a reviewed :class:`FactErratum`.

A failed proof without a reviewed explanation, or a reviewed explanation of a proof that
holds, raises (:func:`needs_erratum`, which the survey's counts use too);
:mod:`tools.keyfigures.prove` runs them all over one module's figures.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from iomdata._proofs import Proof, breakdown_proof

__all__ = [
    "ArithmeticCheck",
    "BreakdownSpec",
    "Derivation",
    "FactErratum",
    "Figures",
    "arithmetic_errata",
    "breakdown_difference",
    "breakdown_errata",
    "breakdown_rows",
    "erratum_row",
    "fact_conflicts",
    "fact_disagreements",
    "fact_errata",
    "figure_value",
    "hedges_compatible",
    "holds",
    "needs_erratum",
    "percent_change",
    "prove_breakdown",
    "ratio",
    "records_by_fact",
    "share",
]

Figures = Mapping[str, Mapping[str, object]]
"""Key-figure records by id."""


@dataclass(frozen=True, kw_only=True)
class BreakdownSpec:
    """A full breakdown: key figures (items) that add up to a stated total.

    Attributes
    ----------
    breakdown
        The breakdown id (``<source>-<slug>``).
    label
        Our own words for what is broken down.
    total_id
        The key-figure id of the stated total.
    items
        ``(item name, key-figure id)`` pairs; each value comes from its key figure, so
        the numbers are read from the text once.
    """

    breakdown: str
    label: str
    total_id: str
    items: tuple[tuple[str, str], ...]


def prove_breakdown(
    spec: BreakdownSpec, figures: Mapping[str, Mapping[str, object]]
) -> tuple[list[dict[str, object]], Proof]:
    """Return the ``key_figure_breakdowns`` rows of ``spec`` and the package's proof of them.

    The equation (the items sum to the stated total) is :mod:`iomdata._proofs`'s, the one
    ``iomdata verify`` runs on the shipped rows; its key names the breakdown in errata.

    Raises
    ------
    KeyError
        Naming the breakdown and the missing key-figure id.
    TypeError
        If an item or the total has no numeric value.
    """
    _figure_value(spec, figures, spec.total_id)
    rows = breakdown_rows(spec, figures)
    return rows, breakdown_proof(spec.breakdown, rows, dict(figures[spec.total_id]))


def breakdown_difference(
    spec: BreakdownSpec, figures: Mapping[str, Mapping[str, object]]
) -> float:
    """Return ``sum(items) - total`` for ``spec`` over key figures keyed by id.

    The two sides of :func:`prove_breakdown`'s proof.

    Raises
    ------
    KeyError
        Naming the breakdown and the missing key-figure id.
    """
    proof = prove_breakdown(spec, figures)[1]
    return float(proof.computed or 0.0) - float(proof.published or 0.0)


def _figure_value(
    spec: BreakdownSpec, figures: Mapping[str, Mapping[str, object]], figure_id: str
) -> float:
    if figure_id not in figures:
        msg = f"breakdown {spec.breakdown}: no key figure {figure_id!r}"
        raise KeyError(msg)
    value = figures[figure_id]["value"]
    if not isinstance(value, int | float):
        msg = f"breakdown {spec.breakdown}: {figure_id} has no numeric value"
        raise TypeError(msg)
    return float(value)


def breakdown_rows(
    spec: BreakdownSpec, figures: Mapping[str, Mapping[str, object]]
) -> list[dict[str, object]]:
    """Return the ``key_figure_breakdowns`` rows of ``spec`` (one per item)."""
    rows: list[dict[str, object]] = []
    for item, figure_id in spec.items:
        _figure_value(spec, figures, figure_id)
        figure = figures[figure_id]
        rows.append(
            {
                "breakdown": spec.breakdown,
                "label": spec.label,
                "total_id": spec.total_id,
                "item": item,
                "value": figure["value"],
                "unit": figure["unit"],
                "as_printed": figure["as_printed"],
                "source": figure["source"],
                "edition": figure["edition"],
                "locator": figure["locator"],
            }
        )
    return rows


def records_by_fact(
    rows: Iterable[Mapping[str, object]],
) -> dict[str, list[Mapping[str, object]]]:
    """Group the records that name a fact by fact id (records without a fact are left out).

    Examples
    --------
    >>> records_by_fact([{"id": "a", "fact": "f"}, {"id": "b", "fact": None}])
    {'f': [{'id': 'a', 'fact': 'f'}]}
    """
    by_fact: dict[str, list[Mapping[str, object]]] = defaultdict(list)
    for row in rows:
        if row.get("fact") is not None:
            by_fact[str(row["fact"])].append(row)
    return dict(by_fact)


def fact_conflicts(rows: Iterable[Mapping[str, object]]) -> dict[str, list[Mapping[str, object]]]:
    """Return the facts whose records disagree on value or unit.

    A different hedge alone ("around" against "approximately") is not a conflict.

    Parameters
    ----------
    rows
        ``key_figures`` rows (any sources).

    Returns
    -------
    dict[str, list[Mapping[str, object]]]
        Fact id -> its records, only for facts whose records are not all equal.
    """
    by_fact = records_by_fact(rows)
    return {
        fact: group
        for fact, group in sorted(by_fact.items())
        if len({(r["value"], r["unit"]) for r in group}) > 1
    }


# How far below (nearly) or around (approximately) the printed value a hedged figure may
# lie and still state the same fact; wide enough for the reports' rounding ("nearly 14
# million" for 13,867,256), narrow enough to catch a different count.
_NEARLY_BAND: Final = 0.10
_APPROXIMATELY_BAND: Final = 0.10


def _interval(value: float, qualifier: str) -> tuple[float, float, bool, bool]:
    """The values a hedged figure admits: ``(low, high, low_closed, high_closed)``."""
    inf = math.inf
    intervals = {
        "exact": (value, value, True, True),
        "over": (value, inf, False, False),
        "more_than": (value, inf, False, False),
        "at_least": (value, inf, True, False),
        "less_than": (-inf, value, False, False),
        "up_to": (-inf, value, False, True),
        "nearly": (value * (1 - _NEARLY_BAND), value, True, True),
        "approximately": (
            value * (1 - _APPROXIMATELY_BAND),
            value * (1 + _APPROXIMATELY_BAND),
            True,
            True,
        ),
    }
    return intervals[qualifier]


def hedges_compatible(a: Mapping[str, object], b: Mapping[str, object]) -> bool:
    """Whether two records' hedged values can describe one and the same number.

    ``60`` and ``more than 60`` cannot; ``nearly 14 million`` and ``13,867,256`` can.

    Examples
    --------
    >>> hedges_compatible(
    ...     {"value": 60.0, "qualifier": "exact"}, {"value": 60.0, "qualifier": "more_than"}
    ... )
    False
    """
    a_low, a_high, a_low_in, a_high_in = _interval(_number(a), str(a["qualifier"]))
    b_low, b_high, b_low_in, b_high_in = _interval(_number(b), str(b["qualifier"]))
    low, low_in = max((a_low, a_low_in), (b_low, b_low_in), key=lambda x: (x[0], not x[1]))
    high, high_in = min((a_high, a_high_in), (b_high, b_high_in), key=lambda x: (x[0], x[1]))
    return low < high or (low == high and low_in and high_in)


def figure_value(figures: Mapping[str, Mapping[str, object]], figure_id: str) -> float:
    """Return the numeric value of the key figure ``figure_id`` among ``figures`` (by id).

    Raises
    ------
    KeyError
        If there is no such key figure.
    TypeError
        If its value is not a number.
    """
    return _number(figures[figure_id])


def _number(record: Mapping[str, object]) -> float:
    value = record["value"]
    if not isinstance(value, int | float):
        msg = f"{record.get('id')}: value {value!r} is not a number"
        raise TypeError(msg)
    return float(value)


def fact_disagreements(
    rows: Iterable[Mapping[str, object]],
) -> dict[str, list[Mapping[str, object]]]:
    """Return the facts whose records differ in value or unit, or hedge incompatibly.

    A superset of :func:`fact_conflicts`: it also catches ``60`` against ``more than
    60`` (same number, statements that cannot both hold).
    """
    by_fact = records_by_fact(rows)
    return {
        fact: group
        for fact, group in sorted(by_fact.items())
        if len({(r["value"], r["unit"]) for r in group}) > 1
        or not all(hedges_compatible(a, b) for a in group for b in group)
    }


def erratum_row(
    erratum_id: str, figure: Mapping[str, object], established: str, explanation: str
) -> dict[str, object]:
    """An ``errata`` row about one key-figure record (the published side)."""
    return {
        "id": erratum_id,
        "source": figure["source"],
        "locator": figure["locator"],
        "published": f"{figure['as_printed']} ({figure['locator']}: {figure['label']})",
        "established": established,
        "explanation": explanation,
    }


def needs_erratum(
    holds: bool,
    erratum: str | None,
    *,
    holding: str,
    failing: str,
    error: type[ValueError] = ValueError,
) -> bool:
    """Whether a check's failure is to be recorded: it fails and a reviewed erratum explains it.

    ``holding`` and ``failing`` say what the check found either way.

    Raises
    ------
    ValueError
        (or ``error``) If the check holds but still has an erratum, or fails without one.
    """
    if holds and erratum is not None:
        msg = f"{holding}; drop its erratum {erratum}"
        raise error(msg)
    if not holds and erratum is None:
        msg = f"{failing}; no erratum"
        raise error(msg)
    return not holds


@dataclass(frozen=True, kw_only=True)
class FactErratum:
    """The reviewed reading of a fact whose records disagree.

    Attributes
    ----------
    erratum_id
        The erratum id, prefixed with the source of the deviating record.
    reference_id
        The record stating the fact most precisely (the ``established`` side).
    explanation
        Our words on why the records differ.
    """

    erratum_id: str
    reference_id: str
    explanation: str


def fact_errata(
    rows: Sequence[Mapping[str, object]], reviewed: Mapping[str, FactErratum]
) -> list[dict[str, object]]:
    """Return one erratum per disagreeing fact, naming every record that deviates.

    The erratum's ``source`` and ``locator`` are those of the first deviating record;
    ``published`` lists each deviating record (phrase, locator, label) and
    ``established`` the reference record.

    Raises
    ------
    ValueError
        If a disagreeing fact has no reviewed erratum, a reviewed fact no longer
        disagrees, or the reviewed reference is not one of the fact's records.
    """
    disagreements = fact_disagreements(rows)
    stale = sorted(set(reviewed) - set(disagreements))
    if stale:
        msg = f"facts no longer in disagreement, drop their errata: {stale}"
        raise ValueError(msg)
    errata: list[dict[str, object]] = []
    for fact, group in disagreements.items():
        if fact not in reviewed:
            msg = f"fact {fact} disagrees across {[r['id'] for r in group]}; no erratum"
            raise ValueError(msg)
        review = reviewed[fact]
        reference = next((r for r in group if r["id"] == review.reference_id), None)
        if reference is None:
            msg = f"fact {fact}: reference {review.reference_id} is not one of its records"
            raise ValueError(msg)
        deviating = [
            r
            for r in group
            if (r["value"], r["unit"]) != (reference["value"], reference["unit"])
            or not hedges_compatible(r, reference)
        ]
        established = f"{reference['as_printed']} ({reference['source']}, {reference['locator']})"
        row = erratum_row(review.erratum_id, deviating[0], established, review.explanation)
        row["published"] = "; ".join(
            f"{r['as_printed']} ({r['source']}, {r['locator']}: {r['label']})" for r in deviating
        )
        errata.append(row)
    return errata


def breakdown_errata(
    specs: Sequence[BreakdownSpec],
    figures: Mapping[str, Mapping[str, object]],
    reviewed: Mapping[str, tuple[str, str]],
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Return the breakdown rows of ``specs`` and the errata of those that do not add up.

    Parameters
    ----------
    specs
        The full breakdowns.
    figures
        Key figures by id.
    reviewed
        Key of the package proof (:func:`prove_breakdown`) -> ``(erratum id,
        explanation)`` for breakdowns known not to add up.

    Raises
    ------
    ValueError
        If a breakdown misses its total without a reviewed erratum, a reviewed
        breakdown adds up after all, or a reviewed key is the proof of none of ``specs``.
    """
    proven = [(spec, *prove_breakdown(spec, figures)) for spec in specs]
    unknown = sorted(set(reviewed) - {proof.key for _, _, proof in proven})
    if unknown:
        msg = f"reviewed errata of breakdowns that do not exist: {unknown}"
        raise ValueError(msg)
    rows: list[dict[str, object]] = []
    errata: list[dict[str, object]] = []
    for spec, items, proof in proven:
        rows += items
        review = reviewed.get(proof.key)
        if not needs_erratum(
            proof.status == "passed",
            None if review is None else review[0],
            holding=f"{spec.breakdown} adds up",
            failing=f"{spec.breakdown}: {proof.detail}",
        ):
            continue
        assert review is not None  # needs_erratum raised otherwise
        amount = float(proof.computed or 0.0)
        printed = f"{amount:,.0f}" if amount.is_integer() else f"{amount:,.2f}"
        established = (
            f"{printed} {figures[spec.total_id]['unit']} "
            f"(sum of the items: {', '.join(f for _, f in spec.items)})"
        )
        errata.append(erratum_row(review[0], figures[spec.total_id], established, review[1]))
    return rows, errata


# ---------------------------------------------------------------------------------------
# Arithmetic statements (shares, growth rates) checked against the figures they rest on
# ---------------------------------------------------------------------------------------

Derivation = Callable[[Figures], tuple[float, str]]
"""Computes a value from key figures (by id) and says how, for an erratum."""


@dataclass(frozen=True, kw_only=True)
class ArithmeticCheck:
    """A printed figure that other published figures determine.

    Attributes
    ----------
    id
        The check id; also the erratum id when the check fails.
    figure_id
        The key figure whose printed value is checked.
    derive
        Computes the value the other figures imply and says how (for the erratum).
    explanation
        Our reviewed words when the published figures disagree; ``None`` when they agree.
    """

    id: str
    figure_id: str
    derive: Derivation
    explanation: str | None = None


def percent_change(new_id: str, old_id: str) -> Derivation:
    """Derive ``100 * (new - old) / old`` from two key figures."""

    def derive(figures: Mapping[str, Mapping[str, object]]) -> tuple[float, str]:
        new, old = _number(figures[new_id]), _number(figures[old_id])
        change = 100 * (new - old) / old
        return change, f"{change:.1f} per cent ({new:g} against {old:g}: {new_id}, {old_id})"

    return derive


def share(parts: Sequence[str], wholes: Sequence[str]) -> Derivation:
    """Derive ``100 * sum(parts) / sum(wholes)`` from key figures."""

    def derive(figures: Mapping[str, Mapping[str, object]]) -> tuple[float, str]:
        part = sum(_number(figures[i]) for i in parts)
        whole = sum(_number(figures[i]) for i in wholes)
        value = 100 * part / whole
        how = f"{value:.1f} per cent ({part:g} of {whole:g}: {' + '.join(parts)} of "
        return value, how + f"{' + '.join(wholes)})"

    return derive


def ratio(second_id: str, first_id: str) -> Derivation:
    """Derive the N of a ratio printed ``1 to N``: ``second / first`` of two key figures."""

    def derive(figures: Mapping[str, Mapping[str, object]]) -> tuple[float, str]:
        second, first = _number(figures[second_id]), _number(figures[first_id])
        value = second / first
        how = f"1 to {value:.1f} ({first:g} to {second:g}: {first_id}, {second_id})"
        return value, how

    return derive


def holds(printed: float, qualifier: str, derived: float) -> bool:
    """Whether a derived value is what the printed phrase (with its hedge) states.

    Unhedged and ``approximately`` figures are taken as rounded to whole units (half up).
    """
    if qualifier in {"over", "more_than"}:
        return derived > printed
    if qualifier == "less_than":
        return derived < printed
    if qualifier == "up_to":
        return derived <= printed
    if qualifier == "at_least":
        return derived >= printed
    if qualifier == "nearly":
        return printed * (1 - _NEARLY_BAND) <= derived <= printed
    return math.floor(derived + 0.5) == printed


def arithmetic_errata(
    checks: Sequence[ArithmeticCheck], figures: Mapping[str, Mapping[str, object]]
) -> list[dict[str, object]]:
    """Return the errata of the checks that fail (each must carry a reviewed explanation).

    Raises
    ------
    ValueError
        If a check fails without an explanation, or one with an explanation holds.
    """
    errata: list[dict[str, object]] = []
    for check in checks:
        figure = figures[check.figure_id]
        derived, how = check.derive(figures)
        if needs_erratum(
            holds(_number(figure), str(figure["qualifier"]), derived),
            None if check.explanation is None else check.id,
            holding=f"{check.id}: {figure['as_printed']!r} agrees with {how}",
            failing=f"{check.id}: {figure['as_printed']!r} disagrees with {how}",
        ):
            assert check.explanation is not None  # needs_erratum raised otherwise
            errata.append(erratum_row(check.id, figure, how, check.explanation))
    return errata
