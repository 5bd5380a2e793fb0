"""The specs of the ``sdg_*`` datasets: IOM's 2021 reply to the UN DESA SDG questionnaire."""

from __future__ import annotations

from typing import Final

from iomdata._dtypes import Boolean, Int16, String
from iomdata._spec_model import SOURCE, DatasetSpec, column

__all__ = ["SURVEY_SPECS"]

_ORIGIN: Final = "The reply to the UN DESA SDG questionnaire (2021)"
_PROVENANCE: Final = (
    SOURCE,
    column("locator", String, "The question of the questionnaire whose answer holds the row."),
)
_SDG: Final = column("sdg", Int16, "Sustainable Development Goal number (1 to 17).")
_POSITION: Final = column("position", Int16, "Position in the printed list, from 1.")
_OWN_POSITION: Final = column("position", Int16, "Position within its question, from 1.")
_INITIATIVE: Final = column(
    "initiative_id", String, "The initiative (sdg_initiatives.initiative_id)."
)
_RESOURCE: Final = column("resource_id", String, "The resource (sdg_resources.resource_id).")
_ACTION: Final = (
    column("action", Int16, "Number of the accelerating action as printed (1 to 11)."),
    column("action_label", String, "Our short label of the action."),
)
_ENTRY: Final = column("entry_as_printed", String, "The entry as printed.")
# The build fills country and iso3 from tools/reference/country_names.csv. The printed
# name drops a leading article ("the Philippines" -> "Philippines") and a trailing
# abbreviation ("(DRC)"); entries that are not countries (Global, All, a region, the EU)
# have none.
_COUNTRY: Final = (
    column(
        "country_as_printed",
        String,
        "The country as printed, without the article or abbreviation the running text "
        "adds; empty for entries that are not countries.",
        nullable=True,
    ),
    column(
        "country",
        String,
        "Canonical (United Nations) country name; empty for entries that are not countries.",
        nullable=True,
    ),
    column(
        "iso3",
        String,
        "ISO 3166-1 alpha-3 code of the country; empty where country is empty.",
        nullable=True,
    ),
)
_COUNTRY_COLUMNS: Final = ("country_as_printed", "country", "iso3")
_SUMMARY: Final = column("summary", String, "Our one-line summary.")

SURVEY_SPECS: Final = (
    DatasetSpec(
        name="sdg_initiatives",
        title="SDG survey: initiatives and partnerships",
        description=(
            "The initiatives and partnerships IOM describes in its 2021 reply to the UN "
            "DESA questionnaire on the 2030 Agenda, one row each."
        ),
        origin=f"{_ORIGIN}, questions 2 and 4.",
        key=("initiative_id",),
        columns=(
            *_PROVENANCE,
            column("initiative_id", String, "Our stable short id of the initiative."),
            column("kind", String, "initiative or partnership, by the question that lists it."),
            _OWN_POSITION,
            column("name", String, "The name as printed."),
            # "global" / "all" are the printed scope words; "unnamed": the field names no
            # Member State.
            column(
                "beneficiary_scope",
                String,
                "Who benefits: global or all (as printed), countries (a printed list) or unnamed.",
            ),
            # false where the printed list ends in "etc." or is introduced as examples
            # ("such as", "include")
            column(
                "partners_complete",
                Boolean,
                "False where the printed partner list is only examples.",
            ),
            column(
                "target_audience",
                String,
                "The target audience as printed; empty where none is given.",
                nullable=True,
            ),
            _SUMMARY,
            column(
                "note",
                String,
                "Our remark on how to read the row; empty when there is none.",
                nullable=True,
            ),
        ),
    ),
    DatasetSpec(
        name="sdg_initiative_partners",
        title="SDG survey: partners of the initiatives",
        description="The partners named for each initiative or partnership, one row per partner.",
        origin=f"{_ORIGIN}, questions 2 and 4.",
        key=("initiative_id", "position"),
        columns=(
            *_PROVENANCE,
            _INITIATIVE,
            _POSITION,
            column("partner", String, "The partner as printed."),
            column("role", String, "lead, funder or partner."),
            column(
                "partner_type",
                String,
                "organisation (one named body) or group (a class of actors).",
            ),
        ),
    ),
    DatasetSpec(
        name="sdg_initiative_sdgs",
        title="SDG survey: goals of the initiatives",
        description=(
            "The Sustainable Development Goals each initiative is related to, one row per "
            "initiative and goal."
        ),
        origin=f"{_ORIGIN}, questions 2 and 4.",
        key=("initiative_id", "sdg"),
        columns=(*_PROVENANCE, _INITIATIVE, _SDG),
    ),
    DatasetSpec(
        name="sdg_initiative_beneficiaries",
        title="SDG survey: beneficiaries of the initiatives",
        description=(
            "The countries or scopes each initiative names as beneficiaries, one row per entry."
        ),
        origin=f"{_ORIGIN}, questions 2 and 4, and reviewed overrides.",
        key=("initiative_id", "position"),
        columns=(
            *_PROVENANCE,
            _INITIATIVE,
            _POSITION,
            _ENTRY,
            column("entry_kind", String, "country, global or all."),
            # inferred: tools/reference/sdg_beneficiary_overrides.csv
            column(
                "basis",
                String,
                "printed (in the beneficiaries field) or inferred (a reviewed override).",
            ),
            *_COUNTRY,
        ),
        country_columns=_COUNTRY_COLUMNS,
    ),
    DatasetSpec(
        name="sdg_resources",
        title="SDG survey: resources",
        description="The resources (publications, tools) the reply lists, one row each.",
        origin=f"{_ORIGIN}, question 3.",
        key=("resource_id",),
        columns=(
            *_PROVENANCE,
            column("resource_id", String, "Our stable short id of the resource."),
            _OWN_POSITION,
            column("name", String, "The title as printed."),
            column("publishing_entity", String, "The publishing entity as printed."),
            column("target_audience", String, "The target audience as printed."),
            column("language", String, "The language as printed."),
            _SUMMARY,
        ),
    ),
    DatasetSpec(
        name="sdg_resource_sdgs",
        title="SDG survey: goals of the resources",
        description="The Sustainable Development Goals each resource is related to.",
        origin=f"{_ORIGIN}, question 3.",
        key=("resource_id", "sdg"),
        columns=(*_PROVENANCE, _RESOURCE, _SDG),
    ),
    DatasetSpec(
        name="sdg_accelerating_actions",
        title="SDG survey: accelerating actions and goals",
        description=(
            "The Sustainable Development Goals each of the 11 accelerating actions serves."
        ),
        origin=f"{_ORIGIN}, question 6.",
        key=("action", "sdg"),
        columns=(*_PROVENANCE, *_ACTION, _SDG),
    ),
    DatasetSpec(
        name="sdg_action_gcm_objectives",
        title="SDG survey: accelerating actions and GCM objectives",
        description=(
            "The objectives of the Global Compact for Migration each accelerating action serves."
        ),
        origin=f"{_ORIGIN}, question 6.",
        key=("action", "gcm_objective"),
        columns=(
            *_PROVENANCE,
            *_ACTION,
            column(
                "gcm_objective",
                Int16,
                "Objective of the Global Compact for Migration (1 to 23).",
            ),
        ),
    ),
    DatasetSpec(
        name="sdg_country_lists",
        title="SDG survey: country lists",
        description=(
            "The lists of countries, regions or organisations the reply prints, one row per entry."
        ),
        origin=f"{_ORIGIN}, questions 1 to 7.",
        key=("list_id", "position"),
        columns=(
            *_PROVENANCE,
            # "<initiative_id>-countries" for the beneficiary lists of initiatives
            column("list_id", String, "Our stable short id of the list."),
            column("list_label", String, "What the list enumerates, in our words."),
            _POSITION,
            _ENTRY,
            column("entry_kind", String, "country, region or organisation."),
            column(
                "detail_as_printed",
                String,
                "A printed parenthesis that qualifies the entry; empty if none.",
                nullable=True,
            ),
            *_COUNTRY,
        ),
        country_columns=_COUNTRY_COLUMNS,
    ),
)
