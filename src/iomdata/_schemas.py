"""One Polars schema per bundled dataset.

The schemas are the contract between the extraction pipeline (``tools/``), which
writes the resources, and the loader, which reads them back with exactly these
dtypes and refuses a resource whose header differs.
"""

from __future__ import annotations

from typing import Final

import polars as pl

__all__ = ["DATASETS", "NULLABLE", "SCHEMAS"]

_EDITION = pl.Int16
_YEAR = pl.Int16
_COUNT = pl.Int64

_PROVENANCE: Final = {"source": pl.String, "locator": pl.String}

_CELL: Final = {
    # how the number is known: printed | realigned | derived | adjudicated | ambiguous
    "cell_status": pl.String,
    # the equation (derived) or override id (adjudicated) that fixes the cell
    "derivation": pl.String,
}

# the shipped count and the least and greatest value the cell takes over the optimal
# readings of every error model (all three equal where the cell is certain)
_BOUNDED: Final = {"count": _COUNT, "count_low": _COUNT, "count_high": _COUNT}

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
        {**_NATIONALITY_ROW, "grade": pl.String, **_BOUNDED, **_CELL, **_PROVENANCE}
    ),
    "staff_by_nationality_sex": pl.Schema(
        {**_NATIONALITY_ROW, "sex": pl.String, **_BOUNDED, **_CELL, **_PROVENANCE}
    ),
    "staff_ambiguous_readings": pl.Schema(
        {
            "edition": _EDITION,
            "category": pl.String,
            "nationality": pl.String,
            "nationality_as_printed": pl.String,
            "model": pl.String,
            "reading": pl.Int16,
            "shipped": pl.Boolean,
            "extra_edits": pl.Int16,
            "column": pl.String,
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

# The 2021 reply to the UN DESA SDG questionnaire (source "desa-sdg-survey-2021").
_SDG_SMALL_INT = pl.Int16

_SDG_PROVENANCE: Final = {
    # source id, always "desa-sdg-survey-2021"
    "source": pl.String,
    # "Question N": the numbered question of the questionnaire whose answer holds the row
    "locator": pl.String,
}

_SDG_COUNTRY: Final = {
    # the country's name as printed, without a leading article ("the Philippines" ->
    # "Philippines") or a trailing abbreviation ("(DRC)"); null for entries that are not
    # countries (Global, All, a region, the EU)
    "country_as_printed": pl.String,
    # canonical (UN) country name, filled by tools/build_data.py from country_names.csv
    "country": pl.String,
    # ISO 3166-1 alpha-3 code, filled by tools/build_data.py; null where country is null
    "iso3": pl.String,
}

_SDG_SCHEMAS: Final[dict[str, pl.Schema]] = {
    "sdg_initiatives": pl.Schema(
        {
            **_SDG_PROVENANCE,
            # our stable slug of the initiative or partnership, e.g. "flod"
            "initiative_id": pl.String,
            # "initiative" (question 2) or "partnership" (question 4)
            "kind": pl.String,
            # 1-based order within its question, as printed
            "position": _SDG_SMALL_INT,
            # the initiative's name as printed
            "name": pl.String,
            # who benefits: "global" / "all" (the printed scope words), "countries" (a
            # printed list of countries), "unnamed" (the field names no Member State)
            "beneficiary_scope": pl.String,
            # whether the printed partner list is complete (false where it ends in "etc."
            # or is introduced as examples: "such as", "include")
            "partners_complete": pl.Boolean,
            # the target audience as printed; null where the reply gives none
            "target_audience": pl.String,
            # our own one-line summary
            "summary": pl.String,
            # our own remark on how to read the row; null when there is nothing to add
            "note": pl.String,
        }
    ),
    "sdg_initiative_partners": pl.Schema(
        {
            **_SDG_PROVENANCE,
            # the initiative (sdg_initiatives.initiative_id)
            "initiative_id": pl.String,
            # 1-based order in the printed Partners field
            "position": _SDG_SMALL_INT,
            # the partner as printed (an organisation's name or a group of actors)
            "partner": pl.String,
            # "lead", "funder" or "partner", as the Partners field words it
            "role": pl.String,
            # "organisation" (one named body or office) or "group" (a class of actors)
            "partner_type": pl.String,
        }
    ),
    "sdg_initiative_sdgs": pl.Schema(
        {
            **_SDG_PROVENANCE,
            # the initiative (sdg_initiatives.initiative_id)
            "initiative_id": pl.String,
            # a Sustainable Development Goal the reply relates the initiative to (1-17)
            "sdg": _SDG_SMALL_INT,
        }
    ),
    "sdg_initiative_beneficiaries": pl.Schema(
        {
            **_SDG_PROVENANCE,
            # the initiative (sdg_initiatives.initiative_id)
            "initiative_id": pl.String,
            # 1-based order in the printed list
            "position": _SDG_SMALL_INT,
            # the entry as printed ("Global", "All", "the Democratic Republic of the
            # Congo (DRC)", ...)
            "entry_as_printed": pl.String,
            # "country", "global" or "all"
            "entry_kind": pl.String,
            # "printed" (in the beneficiaries field) or "inferred" (a reviewed override:
            # tools/reference/sdg_beneficiary_overrides.csv)
            "basis": pl.String,
            **_SDG_COUNTRY,
        }
    ),
    "sdg_resources": pl.Schema(
        {
            **_SDG_PROVENANCE,
            # our stable slug of the resource
            "resource_id": pl.String,
            # 1-based order within question 3, as printed
            "position": _SDG_SMALL_INT,
            # the resource's title as printed
            "name": pl.String,
            # the publishing entity as printed
            "publishing_entity": pl.String,
            # the target audience as printed
            "target_audience": pl.String,
            # the language as printed
            "language": pl.String,
            # our own one-line summary
            "summary": pl.String,
        }
    ),
    "sdg_resource_sdgs": pl.Schema(
        {
            **_SDG_PROVENANCE,
            # the resource (sdg_resources.resource_id)
            "resource_id": pl.String,
            # a Sustainable Development Goal the reply relates the resource to (1-17)
            "sdg": _SDG_SMALL_INT,
        }
    ),
    "sdg_accelerating_actions": pl.Schema(
        {
            **_SDG_PROVENANCE,
            # the action's number as printed (1-11)
            "action": _SDG_SMALL_INT,
            # our own short label of the action
            "action_label": pl.String,
            # a Sustainable Development Goal the action serves (1-17)
            "sdg": _SDG_SMALL_INT,
        }
    ),
    "sdg_action_gcm_objectives": pl.Schema(
        {
            **_SDG_PROVENANCE,
            # the action's number as printed (1-11)
            "action": _SDG_SMALL_INT,
            # our own short label of the action
            "action_label": pl.String,
            # an objective of the Global Compact for Migration the action serves (1-23)
            "gcm_objective": _SDG_SMALL_INT,
        }
    ),
    "sdg_country_lists": pl.Schema(
        {
            **_SDG_PROVENANCE,
            # our stable slug of the list; "<initiative_id>-countries" style names for
            # the beneficiary lists of initiatives
            "list_id": pl.String,
            # our own words for what the list enumerates
            "list_label": pl.String,
            # 1-based order in the printed list
            "position": _SDG_SMALL_INT,
            # the entry as printed, with its article, abbreviation or parenthesis
            "entry_as_printed": pl.String,
            # "country", "region" or "organisation"
            "entry_kind": pl.String,
            # a printed parenthesis that qualifies the entry (e.g. the hazard of an
            # anticipatory-action framework); null where there is none
            "detail_as_printed": pl.String,
            **_SDG_COUNTRY,
        }
    ),
}

SCHEMAS.update(_SDG_SCHEMAS)

#: Columns that may be empty, per dataset; every other column holds a value in every row.
NULLABLE: Final[dict[str, frozenset[str]]] = {
    name: frozenset(schema.names())
    & frozenset(
        {
            "base_year",
            "corrigenda",
            "derivation",
            "fact",
            "indicator",
            "iso3",
            "note",
            "period",
            "symbol",
            "total_id",
            # key figures and breakdowns of sources that are not annual reports
            "edition",
            # sdg_* datasets: entries that are not countries, fields the reply leaves out
            "country",
            "country_as_printed",
            "detail_as_printed",
        }
    )
    for name, schema in SCHEMAS.items()
}
NULLABLE["sdg_initiatives"] = NULLABLE["sdg_initiatives"] | {"target_audience"}

DATASETS: Final[tuple[str, ...]] = tuple(sorted(SCHEMAS))
