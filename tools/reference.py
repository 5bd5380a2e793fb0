"""Reference tables: the source documents, the country names, the indicator catalogue.

These are reviewed files in ``tools/reference/``; this module checks them and hands their
rows to the build. Nothing here reads ``../shared``.
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["REFERENCE", "build", "read_csv_rows", "slice_sources"]

REFERENCE = Path(__file__).resolve().parent / "reference"


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a reviewed UTF-8 CSV file, every value a string (empty for blank)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _blank_to_none(value: str) -> str | None:
    return value or None


def _sources() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for row in read_csv_rows(REFERENCE / "sources.csv"):
        rows.append(
            {
                "id": row["id"],
                "symbol": _blank_to_none(row["symbol"]),
                "title": row["title"],
                "year": int(row["year"]),
                "corrigenda": _blank_to_none(row["corrigenda"]),
                "note": _blank_to_none(row["note"]),
            }
        )
    return rows


def _country_names() -> list[dict[str, object]]:
    return [
        {
            "name_as_printed": row["name_as_printed"],
            "nationality": row["nationality"],
            "iso3": _blank_to_none(row["iso3"]),
        }
        for row in read_csv_rows(REFERENCE / "country_names.csv")
    ]


def _indicators() -> list[dict[str, object]]:
    return [
        {
            "id": row["id"],
            "label": row["label"],
            "unit": row["unit"],
            "definition": row["definition"],
            "comparability": row["comparability"],
        }
        for row in read_csv_rows(REFERENCE / "indicators.csv")
    ]


def _indicator_lookalikes() -> list[dict[str, object]]:
    """Pairs of key figures of two editions that look alike but measure different things.

    Raises
    ------
    ValueError
        If a pair is listed twice, a record is paired with itself, or a reason is empty.
        (That both records exist and come from different editions is checked by the
        build and the tests, which see the key figures.)
    """
    rows: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()
    for row in read_csv_rows(REFERENCE / "indicator_lookalikes.csv"):
        pair = (row["earlier_id"], row["later_id"])
        if pair in seen or pair[0] == pair[1] or not row["reason"]:
            msg = f"indicator_lookalikes.csv: bad or repeated pair {pair}"
            raise ValueError(msg)
        seen.add(pair)
        rows.append({"earlier_id": pair[0], "later_id": pair[1], "reason": row["reason"]})
    return rows


def slice_sources(sources: Path) -> None:
    """Nothing to slice: the reference tables are reviewed by hand, not cut from a text."""


def build() -> dict[str, list[dict[str, object]]]:
    """The rows of ``sources``, ``country_names``, ``indicators`` and ``indicator_lookalikes``."""
    return {
        "sources": _sources(),
        "country_names": _country_names(),
        "indicators": _indicators(),
        "indicator_lookalikes": _indicator_lookalikes(),
    }
