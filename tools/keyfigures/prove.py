"""Proving one module's key figures and linking each erratum to the records it concerns.

:func:`prove` runs every proof of :mod:`tools.keyfigures.checks` over the figures of one
key-figure module and returns its ``key_figures``, ``key_figure_breakdowns``,
``errata`` and ``key_figure_errata``; :func:`erratum_links` derives the links from the
proofs that raised the errata, never from their text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from tools.keyfigures.checks import (
    ArithmeticCheck,
    BreakdownSpec,
    FactErratum,
    arithmetic_errata,
    breakdown_errata,
    fact_errata,
    hedges_compatible,
    prove_breakdown,
    records_by_fact,
)
from tools.keyfigures.reviews import Reviews

__all__ = ["erratum_links", "prove", "summarise"]


def erratum_links(
    errata: Sequence[Mapping[str, object]],
    figure_rows: Sequence[Mapping[str, object]],
    *,
    breakdowns: Sequence[BreakdownSpec],
    breakdown_reviewed: Mapping[str, tuple[str, str]],
    checks: Sequence[ArithmeticCheck],
    fact_reviewed: Mapping[str, FactErratum],
    other_errata: Mapping[str, Sequence[str]],
) -> list[dict[str, object]]:
    """Return the ``key_figure_errata`` rows: which records each erratum concerns.

    A record's ``relation`` is ``published`` when it prints the value the erratum is
    about, and ``evidence`` when the established value rests on it (a fact's reference record, the
    items of a breakdown).  The links come from the proofs that raised the errata (their
    ids and the records they name), never from the errata's text.  ``other_errata``
    names errata raised by other modules (by id) with the records here that print the
    value they concern.
    """
    raised = {str(e["id"]) for e in errata}
    links: list[dict[str, object]] = []

    def link(erratum_id: str, figure_id: str, relation: str) -> None:
        row: dict[str, object] = {
            "erratum_id": erratum_id,
            "key_figure_id": figure_id,
            "relation": relation,
        }
        if row not in links:
            links.append(row)

    by_id = {str(row["id"]): row for row in figure_rows}
    for spec in breakdowns:
        reviewed_breakdown = breakdown_reviewed.get(prove_breakdown(spec, by_id)[1].key)
        if reviewed_breakdown is not None and reviewed_breakdown[0] in raised:
            link(reviewed_breakdown[0], spec.total_id, "published")
            for _, item_id in spec.items:
                link(reviewed_breakdown[0], item_id, "evidence")
    for check in checks:
        if check.id in raised:
            link(check.id, check.figure_id, "published")
    by_fact = records_by_fact(figure_rows)
    for fact, review in fact_reviewed.items():
        if review.erratum_id not in raised:
            continue
        reference = next(r for r in by_fact[fact] if r["id"] == review.reference_id)
        for row in by_fact[fact]:
            differs = (row["value"], row["unit"]) != (reference["value"], reference["unit"])
            if differs or not hedges_compatible(row, reference):
                link(review.erratum_id, str(row["id"]), "published")
        link(review.erratum_id, str(reference["id"]), "evidence")
    figures = {str(row["id"]) for row in figure_rows}
    for erratum_id, figure_ids in other_errata.items():
        for figure_id in figure_ids:
            if figure_id not in figures:
                msg = f"{erratum_id}: no key figure {figure_id}"
                raise ValueError(msg)
            link(erratum_id, figure_id, "published")
    return links


def prove(
    figure_rows: list[dict[str, object]],
    reviews: Reviews,
    *,
    other_errata: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, list[dict[str, object]]]:
    """Prove one module's key figures and return its three datasets.

    Parameters
    ----------
    figure_rows
        The module's ``key_figures`` rows (all its sources).
    reviews
        What the module proves: its full breakdowns (:func:`breakdown_errata`), its
        arithmetic statements (:func:`arithmetic_errata`), and the reviewed errata of
        those and of its facts whose records disagree (:func:`fact_errata`).
    other_errata
        Errata of other modules (by id) that concern records here, with those records'
        ids (see :func:`erratum_links`).

    Returns
    -------
    dict[str, list[dict[str, object]]]
        ``key_figures`` (``figure_rows`` unchanged), ``key_figure_breakdowns``,
        ``errata`` and ``key_figure_errata`` (the records each erratum concerns).

    Raises
    ------
    ValueError
        If two records share an id, two errata share an id, or a proof fails without
        (or holds despite) a reviewed erratum.
    """
    figures = {str(row["id"]): row for row in figure_rows}
    if len(figures) != len(figure_rows):
        msg = "duplicate key-figure ids across the module's sources"
        raise ValueError(msg)
    breakdown_reviewed, fact_reviewed = reviews.errata.breakdowns, reviews.errata.facts
    breakdown_items, errata = breakdown_errata(reviews.breakdowns, figures, breakdown_reviewed)
    errata += arithmetic_errata(reviews.checks, figures)
    errata += fact_errata(figure_rows, fact_reviewed)
    for erratum in errata:
        # The package proofs it explains, by key (tools/build_data.py proves them).
        erratum["proofs"] = reviews.errata.keys.get(str(erratum["id"]))
        registered = reviews.errata.sources.get(str(erratum["id"]))
        if registered != erratum["source"]:
            msg = f"erratum {erratum['id']} is about {erratum['source']}; the registry says {registered}"
            raise ValueError(msg)
    ids = [e["id"] for e in errata]
    if len(ids) != len(set(ids)):
        msg = f"duplicate erratum ids: {ids}"
        raise ValueError(msg)
    links = erratum_links(
        errata,
        figure_rows,
        breakdowns=reviews.breakdowns,
        breakdown_reviewed=breakdown_reviewed,
        checks=reviews.checks,
        fact_reviewed=fact_reviewed,
        other_errata=other_errata or {},
    )
    unlinked = sorted(set(map(str, ids)) - {str(link["erratum_id"]) for link in links})
    if unlinked:
        msg = f"errata that name no key figure: {unlinked}"
        raise ValueError(msg)
    return {
        "key_figures": figure_rows,
        "key_figure_breakdowns": breakdown_items,
        "errata": errata,
        "key_figure_errata": links,
    }


def summarise(result: Mapping[str, Sequence[Mapping[str, object]]]) -> str:
    """Describe one module's build in a few lines (for the modules' ``__main__``).

    The number of rows per dataset, of key figures per source and topic, of items per
    breakdown, and each erratum's published and established values.

    Examples
    --------
    >>> print(summarise({"key_figures": [{"source": "s", "topic": "staff"}], "errata": []}))
    key_figures: 1 rows
    errata: 0 rows
    key_figures[s]: 1
      staff: 1
    """
    lines = [f"{name}: {len(rows)} rows" for name, rows in result.items()]
    figures = result.get("key_figures", ())
    for source in _counts(figures, "source"):
        rows = [r for r in figures if r.get("source") == source]
        lines.append(f"key_figures[{source}]: {len(rows)}")
        lines += [f"  {topic}: {n}" for topic, n in _counts(rows, "topic").items()]
    breakdowns = _counts(result.get("key_figure_breakdowns", ()), "breakdown")
    lines += [f"breakdown {breakdown}: {n} items" for breakdown, n in breakdowns.items()]
    lines += [
        f"erratum {e['id']}: {e['published']} -> {e['established']}"
        for e in result.get("errata", ())
    ]
    return "\n".join(lines)


def _counts(rows: Sequence[Mapping[str, object]], column: str) -> dict[object, int]:
    """Count rows per value of ``column``, in the order of the values' text."""
    counts: dict[object, int] = defaultdict(int)
    for row in rows:
        counts[row.get(column)] += 1
    return dict(sorted(counts.items(), key=lambda kv: str(kv[0])))
