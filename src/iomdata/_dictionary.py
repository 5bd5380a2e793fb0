"""The data dictionary: our words for every dataset and column, and each table's key.

The export writes these into the Frictionless descriptor (titles, descriptions, primary
keys, closed vocabularies). They are plain data so that the docs can use them too. A
test checks that every bundled dataset and every column of it is described here.
"""

from __future__ import annotations

from typing import Final

__all__ = ["COLUMNS", "DATASETS", "PRIMARY_KEYS", "VOCABULARIES", "column_description"]

#: Title and one-paragraph description of each dataset, in our words.
DATASETS: Final[dict[str, tuple[str, str]]] = {
    "professional_staff_by_sex": (
        "International Professional staff by sex",
        (
            "Men and women at the international Professional level, one row per sex and "
            "year of the time series an annual report prints (Annex I, Table 1)."
        ),
    ),
    "women_share_by_grade": (
        "Women's share by grade band",
        (
            "Men, women and their total by grade band in the report year, the share of "
            "women per band in each printed year, and its change over the printed period "
            "(Annex I, Table 2)."
        ),
    ),
    "senior_staff_by_sex": (
        "Senior staff by sex",
        "Men and women at grade P-5 and above, one row per sex and year (Annex I, Table 3).",
    ),
    "staff_by_category": (
        "Staff by category",
        (
            "International Professional staff and General Service staff with National "
            "Officers, one row per category and year (Annex I, Table 4)."
        ),
    ),
    "staff_by_nationality_grade": (
        "Staff by nationality and grade",
        (
            "One row per published cell of Annexes II (General Service) and III "
            "(Professional and higher): a nationality, a grade and the number of staff, "
            "with how the cell is known."
        ),
    ),
    "staff_by_nationality_sex": (
        "Staff by nationality and sex",
        (
            "One row per nationality and sex of Annexes II and III: the F and M columns of "
            "each printed row, with how the cell is known."
        ),
    ),
    "staff_ambiguous_readings": (
        "Readings of the rows the totals do not settle",
        (
            "For each annex row with a cell that is ambiguous or adjudicated: every reading "
            "whose cheapest completion costs at most two edits more than the optimum of the "
            "fewest_edits model, and every optimal reading of the row_ladder model, one row "
            "per reading and grade, F or M cell; 'shipped' marks the reading used in the "
            "nationality tables."
        ),
    ),
    "published_totals": (
        "Printed totals and percentages",
        (
            "The Total rows and columns, percentages and changes printed in the annex "
            "tables. They are not data rows: every sum of the data is proven against them."
        ),
    ),
    "nationalities_represented": (
        "Nationalities represented",
        (
            "Member State and non-member State nationalities among Professional staff, and "
            "the number of Member States, by year (Annex IV)."
        ),
    ),
    "key_figures": (
        "Key figures",
        (
            "Quantitative statements of the annual reports, their Highlights and other IOM "
            "texts, one row per statement, with its qualifier, unit, period and locator."
        ),
    ),
    "key_figure_breakdowns": (
        "Breakdowns of key figures",
        (
            "Items that a source gives as the parts of a stated total, one row per item; "
            "the items of a breakdown add up to the key figure named in total_id."
        ),
    ),
    "indicators": (
        "Comparable indicators",
        (
            "The measures that several editions state, so that key figures can be compared "
            "across years."
        ),
    ),
    "country_names": (
        "Country names",
        (
            "Every spelling of a country the sources print, with its canonical United "
            "Nations name and ISO 3166-1 alpha-3 code."
        ),
    ),
    "sources": (
        "Source documents",
        "The IOM documents the figures come from: symbol, title, year and corrigenda.",
    ),
    "errata": (
        "Published inconsistencies",
        (
            "Figures that disagree with other figures of the same or another publication, "
            "kept as published, with what the arithmetic or the other text establishes."
        ),
    ),
    "sdg_initiatives": (
        "SDG survey: initiatives and partnerships",
        (
            "The initiatives and partnerships IOM describes in its 2021 reply to the UN "
            "DESA questionnaire on the 2030 Agenda, one row each."
        ),
    ),
    "sdg_initiative_partners": (
        "SDG survey: partners of the initiatives",
        "The partners named for each initiative or partnership, one row per partner.",
    ),
    "sdg_initiative_sdgs": (
        "SDG survey: goals of the initiatives",
        (
            "The Sustainable Development Goals each initiative is related to, one row per "
            "initiative and goal."
        ),
    ),
    "sdg_initiative_beneficiaries": (
        "SDG survey: beneficiaries of the initiatives",
        "The countries or scopes each initiative names as beneficiaries, one row per entry.",
    ),
    "sdg_resources": (
        "SDG survey: resources",
        "The resources (publications, tools) the reply lists, one row each.",
    ),
    "sdg_resource_sdgs": (
        "SDG survey: goals of the resources",
        "The Sustainable Development Goals each resource is related to.",
    ),
    "sdg_accelerating_actions": (
        "SDG survey: accelerating actions and goals",
        "The Sustainable Development Goals each of the 11 accelerating actions serves.",
    ),
    "sdg_action_gcm_objectives": (
        "SDG survey: accelerating actions and GCM objectives",
        "The objectives of the Global Compact for Migration each accelerating action serves.",
    ),
    "sdg_country_lists": (
        "SDG survey: country lists",
        "The lists of countries, regions or organisations the reply prints, one row per entry.",
    ),
}

# Descriptions shared by several datasets.
_EDITION = "Year of the annual report the row comes from (2020: the Annual Report for 2020)."
_YEAR = "Year the number refers to."
_SEX = "Sex as published: F (women) or M (men)."
_STAFF = "Number of staff."
_SOURCE = "Id of the source document (see the sources dataset)."
_LOCATOR = (
    "Where the number is printed in the source: annex and table, paragraph, box or "
    "section, and the page where the text marks it."
)
_CELL_STATUS = (
    "How the number is known: printed (the value its own printed field holds, in every "
    "optimal reading of every error model), realigned (the same value in every optimal "
    "reading, but not where the text prints it; see derivation), derived (restored from "
    "the printed totals; see derivation), adjudicated (decided by a reviewed override; "
    "see derivation) or ambiguous (the optimal readings disagree; see count_low, "
    "count_high and staff_ambiguous_readings)."
)
_DERIVATION = (
    "For a derived number, the equation of printed totals that fixes it; for a realigned "
    "one, the field it is printed in and the equation that moves it; for an adjudicated "
    "one, the reviewed override and the extra cost it accepts; empty otherwise."
)
_COUNT_LOW = (
    "Least value the cell takes over the optimal readings of every error model (with "
    "the reviewed overrides); equal to count where the cell is certain."
)
_COUNT_HIGH = (
    "Greatest value the cell takes over the optimal readings of every error model (with "
    "the reviewed overrides); equal to count where the cell is certain."
)
_CATEGORY = (
    "Staff category: general_service (Annex II: General Service grades, National "
    "Officers and ungraded) or professional (Annex III: Professional and higher grades "
    "and ungraded)."
)
_NATIONALITY = (
    "Canonical (United Nations) name of the country of nationality, the same in every "
    "edition; 'Other' for the row of other nationalities."
)
_AS_PRINTED = "The nationality exactly as the source prints it."
_ISO3 = "ISO 3166-1 alpha-3 code of the nationality; empty for the 'Other' row."
_GRADE = "Grade as published: G-1 ... G-8, NO-A ... NO-D, E-1, E-2, D-2, D-1, P-5 ... P-1, UG."
_AS_PRINTED_NUMBER = "The number as printed, with its qualifier, scale words and currency."
_SDG = "Sustainable Development Goal number (1 to 17)."
_SURVEY_LOCATOR = "The question of the questionnaire whose answer holds the row."
_POSITION = "Position in the printed list, from 1."
_COUNTRY_AS_PRINTED = (
    "The country as printed, without the article or abbreviation the running text "
    "adds; empty for entries that are not countries."
)
_COUNTRY = "Canonical (United Nations) country name; empty for entries that are not countries."
_COUNTRY_ISO3 = "ISO 3166-1 alpha-3 code of the country; empty where country is empty."

_PROVENANCE: Final = {"source": _SOURCE, "locator": _LOCATOR}
_SURVEY_PROVENANCE: Final = {"source": _SOURCE, "locator": _SURVEY_LOCATOR}
_NATIONALITY_ROW: Final = {
    "edition": _EDITION,
    "category": _CATEGORY,
    "member_state": "True when the nationality is listed among the Member States in that edition.",
    "nationality": _NATIONALITY,
    "nationality_as_printed": _AS_PRINTED,
    "iso3": _ISO3,
}
_SEX_SERIES: Final = {
    "edition": _EDITION,
    "year": _YEAR,
    "sex": _SEX,
    "count": _STAFF,
    **_PROVENANCE,
}
_COUNTRY_COLUMNS: Final = {
    "country_as_printed": _COUNTRY_AS_PRINTED,
    "country": _COUNTRY,
    "iso3": _COUNTRY_ISO3,
}

#: Description of each column of each dataset, in our words.
COLUMNS: Final[dict[str, dict[str, str]]] = {
    "professional_staff_by_sex": _SEX_SERIES,
    "senior_staff_by_sex": _SEX_SERIES,
    "women_share_by_grade": {
        "edition": _EDITION,
        "year": "Year the number refers to; for women_percent_change, the end of the period.",
        "base_year": "For women_percent_change, the start of the period; empty otherwise.",
        "grade_band": "Grade band: UG (ungraded), P-1 ... P-5, or D-1/D-2 together.",
        "measure": "What value holds: men, women or total (staff in the report year), "
        "women_percent (share of women, per cent) or women_percent_change (change of "
        "that share, percentage points).",
        "value": "The number of staff, the percentage or the change, as printed.",
        **_PROVENANCE,
    },
    "staff_by_category": {
        "edition": _EDITION,
        "year": _YEAR,
        "category": "professional (international Professional staff) or general_service "
        "(General Service staff and National Officers).",
        "count": _STAFF,
        **_PROVENANCE,
    },
    "staff_by_nationality_grade": {
        **_NATIONALITY_ROW,
        "grade": _GRADE,
        "count": "Number of staff of that nationality at that grade (a blank cell is 0).",
        "count_low": _COUNT_LOW,
        "count_high": _COUNT_HIGH,
        "cell_status": _CELL_STATUS,
        "derivation": _DERIVATION,
        **_PROVENANCE,
    },
    "staff_by_nationality_sex": {
        **_NATIONALITY_ROW,
        "sex": _SEX,
        "count": "Number of staff of that nationality and sex (a blank cell is 0).",
        "count_low": _COUNT_LOW,
        "count_high": _COUNT_HIGH,
        "cell_status": _CELL_STATUS,
        "derivation": _DERIVATION,
        **_PROVENANCE,
    },
    "staff_ambiguous_readings": {
        "edition": _EDITION,
        "category": _CATEGORY,
        "nationality": _NATIONALITY,
        "nationality_as_printed": _AS_PRINTED,
        "model": "The error model the reading is costed under: fewest_edits (fewest "
        "empty-field edits over the whole table, the shipped model) or row_ladder (fewest "
        "rows read off their printed fields, under a per-row whitespace rule).",
        "reading": "Number of the reading within the row and model, from 1: cheapest first.",
        "shipped": "True for the reading used in the nationality tables.",
        "extra_edits": "Cost of the cheapest reading of the whole table that contains this "
        "reading, minus the model's optimum (0: optimal; at most 2, except for a shipped "
        "reading that an override imposes).",
        "column": "The cell: a grade (as published), F or M.",
        "count": "Number of staff in that cell under this reading.",
        **_PROVENANCE,
    },
    "published_totals": {
        "edition": _EDITION,
        "dataset": "The dataset whose rows the printed number totals or summarises.",
        "row_label": "The printed row: a nationality as printed, Total, or the label of "
        "a percentage or change row.",
        "column_label": "The printed column: Total, a grade, F, M, or a year.",
        "value": "The printed number.",
        "unit": "persons, percent or percentage_points.",
        "cell_status": _CELL_STATUS,
        "derivation": _DERIVATION,
        **_PROVENANCE,
    },
    "nationalities_represented": {
        "edition": _EDITION,
        "year": _YEAR,
        "measure": "What value counts: member_state_nationalities, "
        "non_member_state_nationalities, total_nationalities, member_states, or "
        "member_states_represented_percent (per cent).",
        "value": "The printed number.",
        **_PROVENANCE,
    },
    "key_figures": {
        "source": _SOURCE,
        "edition": "Year of the annual report for report sources; empty for other sources.",
        "locator": _LOCATOR,
        "id": "Stable id of the statement: the source id and a short slug.",
        "indicator": "Id of the comparable indicator (see indicators) when other editions "
        "state the same measure; empty otherwise.",
        "label": "What is counted, in our words.",
        "value": "The number, in unit.",
        "unit": "Unit of value, e.g. people, countries, USD million, percent.",
        "qualifier": "How the source qualifies the number: exact, over, more_than, nearly, "
        "approximately, up_to, at_least or less_than.",
        "period": "The time the number refers to, as text; empty where the text gives none.",
        "topic": "Topic of the statement, from a closed list.",
        "as_printed": _AS_PRINTED_NUMBER,
        "fact": "Id shared by statements of the same fact in different places; empty "
        "when the fact is stated once.",
    },
    "key_figure_breakdowns": {
        "breakdown": "Id of the breakdown the item belongs to.",
        "label": "What the breakdown divides, in our words.",
        "total_id": "Id of the key figure the items add up to; empty where no total is stated.",
        "item": "The part: a region, a category or another name.",
        "value": "The number of the item, in unit.",
        "unit": "Unit of value.",
        "as_printed": _AS_PRINTED_NUMBER,
        "source": _SOURCE,
        "edition": "Year of the annual report for report sources; empty for other sources.",
        "locator": _LOCATOR,
    },
    "indicators": {
        "id": "Id of the indicator, used in key_figures.indicator.",
        "label": "Short name of the measure, in our words.",
        "unit": "Unit every key figure of this indicator uses.",
        "definition": "What the indicator counts, in our words.",
    },
    "country_names": {
        "name_as_printed": "A spelling of a country as some source prints it.",
        "nationality": "Its canonical (United Nations) name.",
        "iso3": "Its ISO 3166-1 alpha-3 code; empty for 'Other'.",
    },
    "sources": {
        "id": "Short id used in the source column of every dataset.",
        "symbol": "The document symbol, e.g. C/112/INF/1; empty where the document has none.",
        "title": "Title of the document.",
        "year": "Year of the document.",
        "corrigenda": "Corrigenda incorporated in the text used; empty if none.",
        "note": "What a reader should know about the document or how it was identified.",
    },
    "errata": {
        "id": "Stable id of the erratum: the source id and a short slug.",
        "source": "Id of the document whose figure is inconsistent.",
        "locator": "Where the inconsistent figure is printed.",
        "published": "The value or values as published.",
        "established": "What the arithmetic or the other publication establishes.",
        "explanation": "Our account of the evidence.",
    },
    "sdg_initiatives": {
        **_SURVEY_PROVENANCE,
        "initiative_id": "Our stable short id of the initiative.",
        "kind": "initiative or partnership, by the question that lists it.",
        "position": "Position within its question, from 1.",
        "name": "The name as printed.",
        "beneficiary_scope": "Who benefits: global or all (as printed), countries (a "
        "printed list) or unnamed.",
        "partners_complete": "False where the printed partner list is only examples.",
        "target_audience": "The target audience as printed; empty where none is given.",
        "summary": "Our one-line summary.",
        "note": "Our remark on how to read the row; empty when there is none.",
    },
    "sdg_initiative_partners": {
        **_SURVEY_PROVENANCE,
        "initiative_id": "The initiative (sdg_initiatives.initiative_id).",
        "position": _POSITION,
        "partner": "The partner as printed.",
        "role": "lead, funder or partner.",
        "partner_type": "organisation (one named body) or group (a class of actors).",
    },
    "sdg_initiative_sdgs": {
        **_SURVEY_PROVENANCE,
        "initiative_id": "The initiative (sdg_initiatives.initiative_id).",
        "sdg": _SDG,
    },
    "sdg_initiative_beneficiaries": {
        **_SURVEY_PROVENANCE,
        "initiative_id": "The initiative (sdg_initiatives.initiative_id).",
        "position": _POSITION,
        "entry_as_printed": "The entry as printed.",
        "entry_kind": "country, global or all.",
        "basis": "printed (in the beneficiaries field) or inferred (a reviewed override).",
        **_COUNTRY_COLUMNS,
    },
    "sdg_resources": {
        **_SURVEY_PROVENANCE,
        "resource_id": "Our stable short id of the resource.",
        "position": "Position within its question, from 1.",
        "name": "The title as printed.",
        "publishing_entity": "The publishing entity as printed.",
        "target_audience": "The target audience as printed.",
        "language": "The language as printed.",
        "summary": "Our one-line summary.",
    },
    "sdg_resource_sdgs": {
        **_SURVEY_PROVENANCE,
        "resource_id": "The resource (sdg_resources.resource_id).",
        "sdg": _SDG,
    },
    "sdg_accelerating_actions": {
        **_SURVEY_PROVENANCE,
        "action": "Number of the accelerating action as printed (1 to 11).",
        "action_label": "Our short label of the action.",
        "sdg": _SDG,
    },
    "sdg_action_gcm_objectives": {
        **_SURVEY_PROVENANCE,
        "action": "Number of the accelerating action as printed (1 to 11).",
        "action_label": "Our short label of the action.",
        "gcm_objective": "Objective of the Global Compact for Migration (1 to 23).",
    },
    "sdg_country_lists": {
        **_SURVEY_PROVENANCE,
        "list_id": "Our stable short id of the list.",
        "list_label": "What the list enumerates, in our words.",
        "position": _POSITION,
        "entry_as_printed": "The entry as printed.",
        "entry_kind": "country, region or organisation.",
        "detail_as_printed": "A printed parenthesis that qualifies the entry; empty if none.",
        **_COUNTRY_COLUMNS,
    },
}

#: The columns that identify a row of each dataset.
PRIMARY_KEYS: Final[dict[str, tuple[str, ...]]] = {
    "professional_staff_by_sex": ("edition", "year", "sex"),
    "women_share_by_grade": ("edition", "year", "grade_band", "measure"),
    "senior_staff_by_sex": ("edition", "year", "sex"),
    "staff_by_category": ("edition", "year", "category"),
    "staff_by_nationality_grade": ("edition", "category", "nationality_as_printed", "grade"),
    "staff_by_nationality_sex": ("edition", "category", "nationality_as_printed", "sex"),
    "staff_ambiguous_readings": (
        "edition",
        "category",
        "nationality_as_printed",
        "model",
        "reading",
        "column",
    ),
    # Annexes II and III total the same dataset and print the same row names, so the
    # locator (which names the annex) is part of the key.
    "published_totals": ("edition", "dataset", "locator", "row_label", "column_label"),
    "nationalities_represented": ("edition", "year", "measure"),
    "key_figures": ("id",),
    "key_figure_breakdowns": ("breakdown", "item"),
    "indicators": ("id",),
    "country_names": ("name_as_printed",),
    "sources": ("id",),
    "errata": ("id",),
    "sdg_initiatives": ("initiative_id",),
    "sdg_initiative_partners": ("initiative_id", "position"),
    "sdg_initiative_sdgs": ("initiative_id", "sdg"),
    "sdg_initiative_beneficiaries": ("initiative_id", "position"),
    "sdg_resources": ("resource_id",),
    "sdg_resource_sdgs": ("resource_id", "sdg"),
    "sdg_accelerating_actions": ("action", "sdg"),
    "sdg_action_gcm_objectives": ("action", "gcm_objective"),
    "sdg_country_lists": ("list_id", "position"),
}

#: Closed vocabularies the specification fixes, by column name (any dataset).
VOCABULARIES: Final[dict[str, tuple[str, ...]]] = {
    "sex": ("F", "M"),
    "category": ("general_service", "professional"),
    "cell_status": ("printed", "realigned", "derived", "adjudicated", "ambiguous"),
    "qualifier": (
        "exact",
        "over",
        "more_than",
        "nearly",
        "approximately",
        "up_to",
        "at_least",
        "less_than",
    ),
}


def column_description(dataset: str, column: str) -> str | None:
    """Our description of ``column`` of ``dataset``, or ``None`` if we have none.

    Examples
    --------
    >>> column_description("staff_by_category", "count")
    'Number of staff.'
    >>> column_description("staff_by_category", "nope") is None
    True
    """
    return COLUMNS.get(dataset, {}).get(column)
