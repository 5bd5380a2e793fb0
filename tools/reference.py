"""Reference tables: the source documents, the country-name table, the indicator catalogue.

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
        }
        for row in read_csv_rows(REFERENCE / "indicators.csv")
    ]


def slice_sources(sources: Path) -> None:
    """Nothing to slice: the reference tables are reviewed by hand, not cut from a text."""


def build() -> dict[str, list[dict[str, object]]]:
    """The rows of ``sources``, ``country_names`` and ``indicators``."""
    return {
        "sources": _sources(),
        "country_names": _country_names(),
        "indicators": _indicators(),
    }
