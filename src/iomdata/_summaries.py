"""The headline staff figures of each edition, derived once from the staff tables.

``staff(edition)`` returns a typed record whose summaries (total staff, staff by
category, women's share, nationalities represented) come from the small
``staff_summaries`` resource, so that asking for one number never reads a large table
or imports Polars. :func:`staff_summaries` derives that resource from the tables: the
pipeline calls it when it writes the data, and ``iomdata verify`` calls it again on the
installed tables and proves the shipped summaries equal (:func:`summary_proofs`).

Rows are plain dicts; no Polars here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from iomdata._proofs import Proof

__all__ = ["MEASURES", "staff_summaries", "summary_proofs"]

Row = Mapping[str, Any]


def _single(rows: Sequence[Row], what: str) -> Row:
    if len(rows) != 1:
        msg = f"expected one published value for {what}, found {len(rows)}"
        raise ValueError(msg)
    return rows[0]


def _total(rows: Mapping[str, Sequence[Row]], edition: int, dataset: str, label: str) -> Row:
    """The published_totals row ``label`` of ``dataset`` for the edition year."""
    found = [
        row
        for row in rows.get("published_totals", ())
        if row["edition"] == edition
        and row["dataset"] == dataset
        and row["row_label"] == label
        and row["column_label"] == str(edition)
    ]
    return _single(found, f"{dataset} {label!r} {edition}")


def _category(name: str) -> Callable[[Mapping[str, Sequence[Row]], int], Row]:
    def pick(rows: Mapping[str, Sequence[Row]], edition: int) -> Row:
        found = [
            row
            for row in rows.get("staff_by_category", ())
            if row["edition"] == edition and row["year"] == edition and row["category"] == name
        ]
        return _single(found, f"staff_by_category {name} {edition}")

    return pick


def _represented(rows: Mapping[str, Sequence[Row]], edition: int) -> Row:
    found = [
        row
        for row in rows.get("nationalities_represented", ())
        if row["edition"] == edition
        and row["year"] == edition
        and row["measure"] == "total_nationalities"
    ]
    return _single(found, f"total_nationalities {edition}")


#: Each summary (a field of ``StaffStatistics``) -> the published row that states it
#: and the column of that row holding the number.
MEASURES: Final[dict[str, tuple[Callable[[Mapping[str, Sequence[Row]], int], Row], str]]] = {
    "total_staff": (
        lambda rows, edition: _total(rows, edition, "staff_by_category", "Total"),
        "value",
    ),
    "professional_staff": (_category("professional"), "count"),
    "general_service_staff": (_category("general_service"), "count"),
    "women_percent_professional": (
        lambda rows, edition: _total(
            rows, edition, "professional_staff_by_sex", "Percentage of women"
        ),
        "value",
    ),
    "nationalities_represented_count": (_represented, "value"),
}


def staff_summaries(rows: Mapping[str, Sequence[Row]]) -> list[dict[str, Any]]:
    """The ``staff_summaries`` rows: each edition's headline figures with provenance.

    ``rows`` maps dataset names to their rows; every edition of
    ``staff_by_nationality_grade`` gets one row per :data:`MEASURES` entry.

    Raises
    ------
    ValueError
        A figure is not published exactly once.

    Examples
    --------
    >>> import iomdata
    >>> from iomdata._resources import default_store
    >>> store = default_store()
    >>> names = ("published_totals", "staff_by_category", "nationalities_represented")
    >>> tables = {name: store.rows(name) for name in names}
    >>> tables["staff_by_nationality_grade"] = [{"edition": 2020}]
    >>> [(row["measure"], row["value"]) for row in staff_summaries(tables)][:2]
    [('total_staff', 16254), ('professional_staff', 2185)]
    """
    editions = sorted({row["edition"] for row in rows.get("staff_by_nationality_grade", ())})
    out = []
    for edition in editions:
        for measure, (pick, column) in MEASURES.items():
            row = pick(rows, edition)
            out.append(
                {
                    "edition": edition,
                    "measure": measure,
                    "value": int(row[column]),
                    "source": row["source"],
                    "locator": row["locator"],
                }
            )
    return out


def summary_proofs(rows: Mapping[str, Sequence[Row]]) -> Iterator[Proof]:
    """One proof per shipped summary: it equals the figure its tables publish."""
    from iomdata._proofs import Proof

    shipped = {(row["edition"], row["measure"]): row for row in rows.get("staff_summaries", ())}
    try:
        derived = {(row["edition"], row["measure"]): row for row in staff_summaries(rows)}
    except ValueError as exc:
        yield Proof(
            kind="summary",
            key="staff_summaries|derivation",
            subject="staff_summaries",
            detail=str(exc),
            status="failed",
        )
        return
    for pair in sorted(shipped.keys() | derived.keys()):
        edition, measure = pair
        have, want = shipped.get(pair), derived.get(pair)
        subject = f"staff summary {edition} {measure}"
        found = want or have
        assert found is not None  # the key comes from one of the two
        key = f"{found['source']}|staff summary {edition}|{measure}"
        if have is None or want is None:
            where = "the tables" if want is None else "staff_summaries"
            detail = f"not in {where}"
            yield Proof(kind="summary", key=key, subject=subject, detail=detail, status="failed")
            continue
        holds = have["value"] == want["value"]
        sign = "=" if holds else "!="
        yield Proof(
            kind="summary",
            key=key,
            subject=subject,
            detail=f"shipped {have['value']} {sign} {want['value']} in {want['locator']}",
            sources=(want["source"],),
            locators=(want["locator"],),
            published=float(want["value"]),
            computed=float(have["value"]),
            status="passed" if holds else "failed",
        )
