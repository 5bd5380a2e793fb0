"""The data dictionary as the documentation uses it.

The meaning of every dataset and column is written in one place, the package's own
dictionary (``iomdata._dictionary``), which the export also writes into its Data Package
descriptor; the docs render it and never word a column a second time. This module adds
only what a documentation page needs beside the meanings: the unit of each quantity,
where in the sources a dataset comes from, how else to reach its rows, and the group it
is listed under. :func:`check` fails the documentation build when a dataset or a column
of the package has no description, or when an entry here names a column that does not
exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from iomdata._dictionary import COLUMNS, DATASETS, PRIMARY_KEYS

__all__ = [
    "GROUPS",
    "PAGES",
    "DictionaryError",
    "Page",
    "check",
    "describe",
    "meaning",
    "page",
    "primary_key",
    "title",
    "unit",
]


class DictionaryError(Exception):
    """The dictionary and the package disagree about the datasets or their columns."""


@dataclass(frozen=True, slots=True)
class Page:
    """What a dataset page shows beside the meanings of the columns."""

    #: Reference group on the datasets page (a key of :data:`GROUPS`).
    group: str
    #: Where in the source documents the rows come from.
    origin: str
    #: The unit of each quantity column (labels, codes and flags have none).
    units: Mapping[str, str] = field(default_factory=dict)
    #: Other ways to reach the same rows, as MyST text (e.g. a method of a record).
    access: tuple[str, ...] = ()


GROUPS: Mapping[str, str] = {
    "staff": "Staff statistics (Annexes I to IV of each annual report)",
    "proof": "Evidence behind the staff tables",
    "key_figures": "Key figures",
    "sdg": "Reply to the UN DESA SDG survey",
    "reference": "Reference tables",
    "other": "Other datasets",
}

_STAFF = {"count": "people"}
_YEARS = {"edition": "year", "year": "year"}
_SURVEY = "The reply to the UN DESA SDG questionnaire (2021)"

PAGES: Mapping[str, Page] = {
    "professional_staff_by_sex": Page(
        group="staff",
        origin="Annex I, Table 1 of each annual report.",
        units={**_YEARS, **_STAFF},
        access=("{meth}`iomdata.StaffStatistics.professional_by_sex`",),
    ),
    "women_share_by_grade": Page(
        group="staff",
        origin="Annex I, Table 2 of each annual report.",
        units={
            **_YEARS,
            "base_year": "year",
            "value": "people (men, women, total), per cent (women_percent), percentage "
            "points (women_percent_change)",
        },
        access=("{meth}`iomdata.StaffStatistics.women_share_by_grade`",),
    ),
    "senior_staff_by_sex": Page(
        group="staff",
        origin="Annex I, Table 3 of each annual report.",
        units={**_YEARS, **_STAFF},
        access=("{meth}`iomdata.StaffStatistics.senior_by_sex`",),
    ),
    "staff_by_category": Page(
        group="staff",
        origin="Annex I, Table 4 of each annual report.",
        units={**_YEARS, **_STAFF},
        access=(
            "{meth}`iomdata.StaffStatistics.by_category`",
            "{attr}`iomdata.StaffStatistics.total_staff`",
        ),
    ),
    "staff_by_nationality_grade": Page(
        group="staff",
        origin="Annex II (General Service) and Annex III (Professional) of each annual report.",
        units={"edition": "year", **_STAFF},
        access=("{meth}`iomdata.StaffStatistics.nationality_grade`",),
    ),
    "staff_by_nationality_sex": Page(
        group="staff",
        origin="Annex II (General Service) and Annex III (Professional) of each annual report.",
        units={"edition": "year", **_STAFF},
        access=("{meth}`iomdata.StaffStatistics.nationality_sex`",),
    ),
    "nationalities_represented": Page(
        group="staff",
        origin="Annex IV of each annual report.",
        units={
            **_YEARS,
            "value": "nationalities or Member States (counts), per cent "
            "(member_states_represented_percent)",
        },
        access=(
            "{meth}`iomdata.StaffStatistics.nationalities_represented`",
            "{attr}`iomdata.StaffStatistics.nationalities_represented_count`",
        ),
    ),
    "published_totals": Page(
        group="proof",
        origin="The Total rows, Total columns and percentage rows of Annexes I to IV.",
        units={"edition": "year", "value": "as named in unit"},
        access=("{meth}`iomdata.StaffStatistics.published_totals`",),
    ),
    "staff_ambiguous_readings": Page(
        group="proof",
        origin="Annexes II and III: every reading the printed totals admit, computed by the "
        "pipeline.",
        units={"edition": "year", **_STAFF},
        access=("{meth}`iomdata.StaffStatistics.ambiguous_readings`",),
    ),
    "key_figures": Page(
        group="key_figures",
        origin="Numbered paragraphs, boxes and sections of the annual reports, the "
        "Highlights of the 2020 report, the institutional priorities text and the SDG "
        "survey reply.",
        units={"edition": "year", "value": "as named in unit"},
        access=("{func}`iomdata.key_figures` (records: {class}`iomdata.KeyFigure`)",),
    ),
    "key_figure_breakdowns": Page(
        group="key_figures",
        origin="The same places as the key figures they break down.",
        units={"edition": "year", "value": "as named in unit"},
    ),
    "indicators": Page(
        group="reference",
        origin="Written by us (tools/reference/indicators.csv); it holds no number.",
        access=(
            (
                "{func}`iomdata.indicators` (with the editions stating each) and "
                "{func}`iomdata.indicator` (every statement of one); see {doc}`/editions`"
            ),
        ),
    ),
    "indicator_lookalikes": Page(
        group="key_figures",
        origin="Reviewed by us (tools/reference/indicator_lookalikes.csv); it holds no "
        "number. See {doc}`/editions`.",
    ),
    "key_figure_errata": Page(
        group="key_figures",
        origin="Written by the pipeline's proofs (tools/keyfig_common.py): each erratum "
        "they raise names the records it concerns.",
    ),
    "country_names": Page(
        group="reference",
        origin="Reviewed by us (tools/reference/country_names.csv).",
    ),
    "sources": Page(
        group="reference",
        origin="Reviewed by us (tools/reference/sources.csv).",
        units={"year": "year"},
        access=("{func}`iomdata.sources` (records: {class}`iomdata.Source`)",),
    ),
    "errata": Page(
        group="reference",
        origin="Found by the pipeline's checks; every one is on {doc}`/errata`.",
        access=("{func}`iomdata.errata` (records: {class}`iomdata.Erratum`)",),
    ),
    "sdg_initiatives": Page(group="sdg", origin=f"{_SURVEY}, questions 2 and 4."),
    "sdg_initiative_partners": Page(group="sdg", origin=f"{_SURVEY}, questions 2 and 4."),
    "sdg_initiative_sdgs": Page(group="sdg", origin=f"{_SURVEY}, questions 2 and 4."),
    "sdg_initiative_beneficiaries": Page(
        group="sdg", origin=f"{_SURVEY}, questions 2 and 4, and reviewed overrides."
    ),
    "sdg_resources": Page(group="sdg", origin=f"{_SURVEY}, question 3."),
    "sdg_resource_sdgs": Page(group="sdg", origin=f"{_SURVEY}, question 3."),
    "sdg_accelerating_actions": Page(group="sdg", origin=f"{_SURVEY}, question 6."),
    "sdg_action_gcm_objectives": Page(group="sdg", origin=f"{_SURVEY}, question 6."),
    "sdg_country_lists": Page(group="sdg", origin=f"{_SURVEY}, questions 1 to 7."),
}

_DEFAULT_PAGE = Page(group="other", origin="See the `source` and `locator` of each row.")


def page(dataset: str) -> Page:
    """The page settings of ``dataset`` (defaults for a dataset without an entry)."""
    return PAGES.get(dataset, _DEFAULT_PAGE)


def title(dataset: str) -> str:
    """The dataset's title, from the package dictionary."""
    return DATASETS[dataset][0]


def describe(dataset: str) -> str:
    """The dataset's one-paragraph description, from the package dictionary."""
    return DATASETS[dataset][1]


def meaning(dataset: str, column: str) -> str:
    """The meaning of ``column`` of ``dataset``, from the package dictionary."""
    return COLUMNS[dataset][column]


def unit(dataset: str, column: str) -> str:
    """The unit of ``column`` of ``dataset``, or ``""`` for a column that is no quantity."""
    return page(dataset).units.get(column, "")


def primary_key(dataset: str) -> tuple[str, ...]:
    """The columns that identify a row of ``dataset`` (empty if none is declared)."""
    return PRIMARY_KEYS.get(dataset, ())


def check(schemas: Mapping[str, Iterable[str]]) -> None:
    """Fail unless every dataset and every column in ``schemas`` is described.

    Parameters
    ----------
    schemas
        Dataset name -> its column names, as the package declares them.

    Raises
    ------
    DictionaryError
        Naming every dataset or column without a description, every described column a
        dataset does not have, and every unit or key given for a column that does not
        exist.
    """
    problems: list[str] = []
    for name in sorted(schemas):
        declared = list(schemas[name])
        if name not in DATASETS or not all(part.strip() for part in DATASETS[name]):
            problems.append(f"dataset {name!r} has no title and description")
        described = COLUMNS.get(name, {})
        problems += [
            f"{name}.{column} has no description"
            for column in declared
            if not described.get(column, "").strip()
        ]
        problems += [
            f"{name}.{column} is described but is not a column"
            for column in described
            if column not in declared
        ]
        extra = [c for c in (*page(name).units, *primary_key(name)) if c not in declared]
        problems += [
            f"{name}.{column}: unit or key of a column that does not exist" for column in extra
        ]
        if page(name).group not in GROUPS:
            problems.append(f"{name}: unknown group {page(name).group!r}")
    if problems:
        listed = "\n  ".join(problems)
        msg = (
            "the data dictionary is incomplete (meanings: src/iomdata/_dictionary.py; units "
            f"and origins: docs/_ext/iomdocs/dictionary.py):\n  {listed}"
        )
        raise DictionaryError(msg)
