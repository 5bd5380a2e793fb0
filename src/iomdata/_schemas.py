"""One Polars schema per bundled dataset.

The schemas are the contract between the extraction pipeline (``tools/``), which
writes the resources, and the loader, which reads them back with exactly these
dtypes and refuses a resource whose header differs.
"""

from __future__ import annotations

from typing import Final

import polars as pl

__all__ = ["DATASETS", "SCHEMAS"]

_EDITION = pl.Int16
_YEAR = pl.Int16
_COUNT = pl.Int64

_PROVENANCE: Final = {"source": pl.String, "locator": pl.String}

_CELL: Final = {
    # how the number is known: printed | derived | adjudicated | ambiguous
    "cell_status": pl.String,
    # the equation (derived) or override id (adjudicated) that fixes the cell
    "derivation": pl.String,
}

_NATIONALITY_ROW: Final = {
    "edition": _EDITION,
    "category": pl.String,
    "member_state": pl.Boolean,
    "nationality": pl.String,
    "nationality_as_printed": pl.String,
    "iso3": pl.String,
}

SCHEMAS: Final[dict[str, pl.Schema]] = {
    "professional_staff_by_sex": pl.Schema(
        {"edition": _EDITION, "year": _YEAR, "sex": pl.String, "count": _COUNT, **_PROVENANCE}
    ),
    "women_share_by_grade": pl.Schema(
        {
            "edition": _EDITION,
            "year": _YEAR,
            "base_year": _YEAR,
            "grade_band": pl.String,
            "measure": pl.String,
            "value": _COUNT,
            **_PROVENANCE,
        }
    ),
    "senior_staff_by_sex": pl.Schema(
        {"edition": _EDITION, "year": _YEAR, "sex": pl.String, "count": _COUNT, **_PROVENANCE}
    ),
    "staff_by_category": pl.Schema(
        {
            "edition": _EDITION,
            "year": _YEAR,
            "category": pl.String,
            "count": _COUNT,
            **_PROVENANCE,
        }
    ),
    "staff_by_nationality_grade": pl.Schema(
        {**_NATIONALITY_ROW, "grade": pl.String, "count": _COUNT, **_CELL, **_PROVENANCE}
    ),
    "staff_by_nationality_sex": pl.Schema(
        {**_NATIONALITY_ROW, "sex": pl.String, "count": _COUNT, **_CELL, **_PROVENANCE}
    ),
    "staff_ambiguous_readings": pl.Schema(
        {
            "edition": _EDITION,
            "category": pl.String,
            "nationality": pl.String,
            "nationality_as_printed": pl.String,
            "reading": pl.Int16,
            "shipped": pl.Boolean,
            "grade": pl.String,
            "count": _COUNT,
            **_PROVENANCE,
        }
    ),
    "published_totals": pl.Schema(
        {
            "edition": _EDITION,
            "dataset": pl.String,
            "row_label": pl.String,
            "column_label": pl.String,
            "value": _COUNT,
            "unit": pl.String,
            **_CELL,
            **_PROVENANCE,
        }
    ),
    "nationalities_represented": pl.Schema(
        {"edition": _EDITION, "year": _YEAR, "measure": pl.String, "value": _COUNT, **_PROVENANCE}
    ),
    "key_figures": pl.Schema(
        {
            "source": pl.String,
            "edition": _EDITION,
            "locator": pl.String,
            "id": pl.String,
            "indicator": pl.String,
            "label": pl.String,
            "value": pl.Float64,
            "unit": pl.String,
            "qualifier": pl.String,
            "period": pl.String,
            "topic": pl.String,
            "as_printed": pl.String,
            "fact": pl.String,
        }
    ),
    "key_figure_breakdowns": pl.Schema(
        {
            "breakdown": pl.String,
            "label": pl.String,
            "total_id": pl.String,
            "item": pl.String,
            "value": pl.Float64,
            "unit": pl.String,
            "as_printed": pl.String,
            "source": pl.String,
            "edition": _EDITION,
            "locator": pl.String,
        }
    ),
    "indicators": pl.Schema(
        {"id": pl.String, "label": pl.String, "unit": pl.String, "definition": pl.String}
    ),
    "country_names": pl.Schema(
        {"name_as_printed": pl.String, "nationality": pl.String, "iso3": pl.String}
    ),
    "sources": pl.Schema(
        {
            "id": pl.String,
            "symbol": pl.String,
            "title": pl.String,
            "year": _YEAR,
            "corrigenda": pl.String,
            "note": pl.String,
        }
    ),
    "errata": pl.Schema(
        {
            "id": pl.String,
            "source": pl.String,
            "locator": pl.String,
            "published": pl.String,
            "established": pl.String,
            "explanation": pl.String,
        }
    ),
}

DATASETS: Final[tuple[str, ...]] = tuple(sorted(SCHEMAS))
