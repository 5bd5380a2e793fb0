"""The specs of the ``sdg_*`` datasets: IOM's 2021 reply to the UN DESA SDG questionnaire."""

from __future__ import annotations

from typing import Final

from iomdata._dtypes import Boolean, Int16, String
from iomdata._spec_model import SOURCE, ColumnSpec, DatasetSpec, column

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


def _survey(
    name: str,
    title: str,
    description: str,
    *,
    questions: str,
    key: tuple[str, ...],
    columns: tuple[ColumnSpec, ...],
    countries: bool = False,
) -> DatasetSpec:
    """A dataset of the reply: its provenance first, its country columns last."""
    return DatasetSpec(
        name=name,
        title=title,
        description=description,
        origin=f"{_ORIGIN}, {questions}.",
        key=key,
        columns=(*_PROVENANCE, *columns, *(_COUNTRY if countries else ())),
        country_columns=_COUNTRY_COLUMNS if countries else None,
    )


def _goals(
    name: str, title: str, description: str, *, of: ColumnSpec, questions: str
) -> DatasetSpec:
    """The goals each initiative or resource (``of``) is related to: one row per pair."""
    return _survey(
        name, title, description, questions=questions, key=(of.name, "sdg"), columns=(of, _SDG)
    )


SURVEY_SPECS: Final = (
    _survey(
        "sdg_initiatives",
        "SDG survey: initiatives and partnerships",
        "The initiatives and partnerships IOM describes in its 2021 reply to the UN "
        "DESA questionnaire on the 2030 Agenda, one row each.",
        questions="questions 2 and 4",
        key=("initiative_id",),
        columns=(
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
    _survey(
        "sdg_initiative_partners",
        "SDG survey: partners of the initiatives",
        "The partners named for each initiative or partnership, one row per partner.",
        questions="questions 2 and 4",
        key=("initiative_id", "position"),
        columns=(
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
    _goals(
        "sdg_initiative_sdgs",
        "SDG survey: goals of the initiatives",
        "The Sustainable Development Goals each initiative is related to, one row per "
        "initiative and goal.",
        of=_INITIATIVE,
        questions="questions 2 and 4",
    ),
    _survey(
        "sdg_initiative_beneficiaries",
        "SDG survey: beneficiaries of the initiatives",
        "The countries or scopes each initiative names as beneficiaries, one row per entry.",
        questions="questions 2 and 4, and reviewed overrides",
        key=("initiative_id", "position"),
        columns=(
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
        ),
        countries=True,
    ),
    _survey(
        "sdg_resources",
        "SDG survey: resources",
        "The resources (publications, tools) the reply lists, one row each.",
        questions="question 3",
        key=("resource_id",),
        columns=(
            column("resource_id", String, "Our stable short id of the resource."),
            _OWN_POSITION,
            column("name", String, "The title as printed."),
            column("publishing_entity", String, "The publishing entity as printed."),
            column("target_audience", String, "The target audience as printed."),
            column("language", String, "The language as printed."),
            _SUMMARY,
        ),
    ),
    _goals(
        "sdg_resource_sdgs",
        "SDG survey: goals of the resources",
        "The Sustainable Development Goals each resource is related to.",
        of=_RESOURCE,
        questions="question 3",
    ),
    _survey(
        "sdg_accelerating_actions",
        "SDG survey: accelerating actions and goals",
        "The Sustainable Development Goals each of the 11 accelerating actions serves.",
        questions="question 6",
        key=("action", "sdg"),
        columns=(*_ACTION, _SDG),
    ),
    _survey(
        "sdg_action_gcm_objectives",
        "SDG survey: accelerating actions and GCM objectives",
        "The objectives of the Global Compact for Migration each accelerating action serves.",
        questions="question 6",
        key=("action", "gcm_objective"),
        columns=(
            *_ACTION,
            column(
                "gcm_objective",
                Int16,
                "Objective of the Global Compact for Migration (1 to 23).",
            ),
        ),
    ),
    _survey(
        "sdg_country_lists",
        "SDG survey: country lists",
        "The lists of countries, regions or organisations the reply prints, one row per entry.",
        questions="questions 1 to 7",
        key=("list_id", "position"),
        columns=(
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
        ),
        countries=True,
    ),
)
