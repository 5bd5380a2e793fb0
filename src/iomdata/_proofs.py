"""The equations the staff tables and key figures satisfy, written once.

Each function turns the rows of the datasets (plain dicts, as
:meth:`iomdata._resources.ResourceStore.rows` and the pipeline hold them) into
:class:`Proof` records; ``iomdata verify`` runs them on the installed data
(:mod:`iomdata._verify`) and the pipeline runs the same functions on what it is about to
write. The equations:

* Annexes II and III: each row's grade cells sum to its printed Total, F + M equals
  that Total, every grade, F and M column sums to the printed Total row, the row
  Totals sum to the grand total, and the Total row's grade cells and F + M sum to it;
* Annex I: each table's columns sum to its Total row, and its totals agree with the
  Annex II and III totals (Table 4 by category, Table 1 by sex, Table 2 by grade band,
  Table 3 with the senior grades); Annex IV's count of nationalities agrees with the
  nationalities that have Professional staff in Annex III;
* percentages: each share printed in Annexes I and IV rounds from the counts beside
  it, and each printed change is the difference of two printed shares;
* editions: a year printed in two editions has the same figures in both;
* key figures: the items of each breakdown sum to its stated total.

Every proof has a stable :attr:`Proof.key` that starts with its source id
(``"ar2020|Annex II|column G-3"``, ``"ar2018|Annex I Table 4|percent 2005"``). An
erratum names the keys of the proofs it explains (the ``proofs`` column of ``errata``),
and :func:`explain` classifies failures by those keys alone.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

import attrs

from iomdata._proof_record import (
    Proof,
    Row,
    Status,
    equation,
    failed,
    percent_of,
    value_of,
)
from iomdata._proofs_staff import NATIONALITY_DATASETS, staff_equations

__all__ = [
    "KEY_SEPARATOR",
    "Proof",
    "Status",
    "breakdown_key",
    "breakdown_proof",
    "edition_key",
    "equations",
    "explain",
    "failed",
    "named_keys",
    "percent_of",
]

# Datasets whose years overlap between editions, with the column holding the number.
_SERIES: Final = {
    "professional_staff_by_sex": "count",
    "senior_staff_by_sex": "count",
    "staff_by_category": "count",
    "nationalities_represented": "value",
    "women_share_by_grade": "value",
}
_PROVENANCE_COLUMNS: Final = frozenset({"edition", "source", "locator", "cell_status"})


def equations(rows: Mapping[str, Sequence[Row]]) -> list[Proof]:
    """Every equation of the data in ``rows`` (dataset name -> rows), in a fixed order."""
    return [
        *staff_equations(rows),
        *_edition_proofs(rows),
        *_breakdown_proofs(rows),
    ]


# ---------------------------------------------------------------------------------------
# Across editions, and key-figure breakdowns
# ---------------------------------------------------------------------------------------


def _identity(row: Mapping[str, Any], column: str) -> tuple[tuple[str, Any], ...]:
    """What a row states a number about: its columns but the number and provenance."""
    return tuple(
        sorted(
            (c, v)
            for c, v in row.items()
            if c not in _PROVENANCE_COLUMNS and c not in {column, "derivation"}
        )
    )


def edition_key(name: str, first: Mapping[str, Any], later: Mapping[str, Any], column: str) -> str:
    """The key of the proof that ``later`` restates ``first`` (``name`` rows, ``column``).

    Examples
    --------
    >>> old = {"edition": 2018, "year": 2016, "sex": "F", "count": 5, "source": "ar2018"}
    >>> edition_key("professional_staff_by_sex", old, old | {"source": "ar2020"}, "count")
    'ar2018=ar2020|professional_staff_by_sex|F, 2016'
    """
    label = ", ".join(str(value) for _, value in _identity(first, column))
    return f"{first['source']}={later['source']}|{name}|{label}"


def _edition_proofs(rows: Mapping[str, Sequence[Row]]) -> Iterator[Proof]:
    """A figure printed in two editions (the overlapping years) is the same in both."""
    annex_i = [
        row
        for row in rows.get("published_totals", [])
        if row["dataset"] not in NATIONALITY_DATASETS
    ]
    groups = [*((name, rows.get(name, []), column) for name, column in _SERIES.items())]
    groups.append(("published_totals", annex_i, "value"))
    for name, data, column in groups:
        seen: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
        for row in data:
            seen[_identity(row, column)].append(row)
        for key, versions in seen.items():
            if len(versions) < 2:
                continue
            first, *later = sorted(versions, key=lambda row: row["edition"])
            label = ", ".join(str(v) for _, v in key)
            for other in later:
                yield equation(
                    "editions",
                    edition_key(name, first, other, column),
                    f"{name} ({label}): editions {first['edition']} and {other['edition']}",
                    computed=other[column],
                    published=first[column],
                    what=f"{other['source']}",
                    against=f"{first['source']}",
                    sources=[first["source"], other["source"]],
                    locators=[first["locator"], other["locator"]],
                )


def breakdown_key(source: str, breakdown: str) -> str:
    """The key of the proof that the items of ``breakdown`` (of ``source``) sum to its total.

    Examples
    --------
    >>> breakdown_key("ar2018", "ar2018-private-partnerships-by-purpose")
    'ar2018|breakdown ar2018-private-partnerships-by-purpose'
    """
    return f"{source}|breakdown {breakdown}"


def _breakdown_proofs(rows: Mapping[str, Sequence[Row]]) -> Iterator[Proof]:
    """The items of each breakdown sum to the key figure they break down."""
    figures = {row["id"]: row for row in rows.get("key_figures", [])}
    breakdowns: dict[str, list[Row]] = defaultdict(list)
    for row in rows.get("key_figure_breakdowns", []):
        breakdowns[row["breakdown"]].append(row)
    for breakdown, items in sorted(breakdowns.items()):
        total_id = items[0]["total_id"]
        if total_id is None:
            continue  # a breakdown whose total the source does not state
        yield breakdown_proof(breakdown, items, figures.get(total_id))


def breakdown_proof(breakdown: str, items: Sequence[Row], total: Row | None) -> Proof:
    """The proof that the items of ``breakdown`` sum to the key figure ``total``.

    ``items`` are the breakdown's ``key_figure_breakdowns`` rows (at least one), ``total``
    the ``key_figures`` row of its stated total (``None``: not published). The pipeline
    proves its breakdowns with this function too (``tools/keyfigures/checks.py``).

    Examples
    --------
    >>> item = {"value": 2, "source": "x", "locator": "para 1", "total_id": "x-t"}
    >>> total = {"value": 5, "source": "x", "locator": "para 1"}
    >>> proof = breakdown_proof("x-split", [item, item | {"value": 3}], total)
    >>> proof.key, proof.status, proof.detail
    ('x|breakdown x-split', 'passed', 'sum of 2 items = 5 = key figure x-t 5')
    """
    return equation(
        "breakdown",
        breakdown_key(items[0]["source"], breakdown),
        f"{items[0]['source']} {items[0]['locator']}, breakdown {breakdown}",
        computed=math.fsum(item["value"] for item in items),
        published=value_of(total),
        what=f"sum of {len(items)} items",
        against=f"key figure {items[0]['total_id']}",
        sources=[items[0]["source"], *([total["source"]] if total else [])],
        locators=[items[0]["locator"], *([total["locator"]] if total else [])],
    )


# ---------------------------------------------------------------------------------------
# Errata: which failures they explain, by key
# ---------------------------------------------------------------------------------------

#: Separates the proof keys in the ``proofs`` column of ``errata``.
KEY_SEPARATOR: Final = ";"


def named_keys(erratum: Mapping[str, Any]) -> tuple[str, ...]:
    """The proof keys an ``errata`` row names (none for an erratum of a name or a text).

    Examples
    --------
    >>> named_keys({"proofs": "ar2020|Annex II|column G-3;ar2020|Annex II|column UG"})
    ('ar2020|Annex II|column G-3', 'ar2020|Annex II|column UG')
    >>> named_keys({"proofs": None})
    ()
    """
    text = erratum.get("proofs")
    if not text:
        return ()
    return tuple(key.strip() for key in str(text).split(KEY_SEPARATOR) if key.strip())


def explain(proofs: Iterable[Proof], errata: Iterable[Mapping[str, Any]]) -> list[Proof]:
    """Classify ``proofs`` by the keys the errata name, and prove the errata themselves.

    A failed proof whose key an erratum names becomes ``"known"`` (with the erratum's
    id); any other failure stays ``"failed"``. Only the keys count, never the wording of
    an erratum. Each erratum that names keys gets a proof of kind ``"errata"`` (key
    ``"errata|<id>"``) that fails when a key it names belongs to a proof that holds or to
    no proof at all: the published inconsistency is gone or was never checked.

    Examples
    --------
    >>> broken = failed("breakdown", "ar2020|breakdown split", "split", "1 != 2")
    >>> erratum = {"id": "ar2020-split", "proofs": "ar2020|breakdown split"}
    >>> [(p.key, p.status, p.erratum) for p in explain([broken], [erratum])]
    [('ar2020|breakdown split', 'known', 'ar2020-split'), ('errata|ar2020-split', 'passed', None)]
    """
    proofs = list(proofs)
    errata = list(errata)
    explained: dict[str, str] = {}
    for erratum in errata:
        for key in named_keys(erratum):
            explained.setdefault(key, erratum["id"])
    by_key = {proof.key: proof for proof in proofs}
    out = [
        attrs.evolve(proof, status="known", erratum=explained[proof.key])
        if proof.status == "failed" and proof.key in explained
        else proof
        for proof in proofs
    ]
    for erratum in errata:
        keys = named_keys(erratum)
        if not keys:
            continue
        problems = []
        for key in keys:
            proof = by_key.get(key)
            if explained[key] != erratum["id"]:
                problems.append(f"names {key}, which erratum {explained[key]} names first")
            elif proof is None:
                problems.append(f"names {key}, which no proof checks")
            elif proof.status != "failed":
                problems.append(f"names {key}, which holds ({proof.detail})")
        ident = erratum["id"]
        named = f"{len(keys)} failed proof{'s' if len(keys) > 1 else ''}"
        out.append(
            Proof(
                kind="errata",
                key=f"errata|{ident}",
                subject=f"erratum {ident}",
                detail="; ".join(problems) if problems else f"explains {named}",
                sources=tuple(str(s) for s in (erratum.get("source"),) if s),
                status="failed" if problems else "passed",
            )
        )
    return out
