"""The data dictionary as the documentation uses it.

The meaning, unit and origin of every dataset and column are written in one place, the
package's own dictionary (``iomdata._dictionary``), which the export writes into its Data
Package descriptor and :func:`iomdata.describe` renders; the docs render the same record
and never word a column a second time. This module adds only what a documentation page
needs beside it: how else to reach a dataset's rows, and the group it is listed under. :func:`check` fails the documentation build when a dataset or a column
of the package has no description, or when an entry here names a column that does not
exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from iomdata._dictionary import COLUMNS, DATASETS, PRIMARY_KEYS, UNITS

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

PAGES: Mapping[str, Page] = {
    "professional_staff_by_sex": Page(
        group="staff",
        access=("{meth}`iomdata.StaffStatistics.professional_by_sex`",),
    ),
    "women_share_by_grade": Page(
        group="staff",
        access=("{meth}`iomdata.StaffStatistics.women_share_by_grade`",),
    ),
    "senior_staff_by_sex": Page(
        group="staff",
        access=("{meth}`iomdata.StaffStatistics.senior_by_sex`",),
    ),
    "staff_by_category": Page(
        group="staff",
        access=(
            "{meth}`iomdata.StaffStatistics.by_category`",
            "{attr}`iomdata.StaffStatistics.total_staff`",
        ),
    ),
    "staff_by_nationality_grade": Page(
        group="staff",
        access=("{meth}`iomdata.StaffStatistics.nationality_grade`",),
    ),
    "staff_by_nationality_sex": Page(
        group="staff",
        access=("{meth}`iomdata.StaffStatistics.nationality_sex`",),
    ),
    "nationalities_represented": Page(
        group="staff",
        access=(
            "{meth}`iomdata.StaffStatistics.nationalities_represented`",
            "{attr}`iomdata.StaffStatistics.nationalities_represented_count`",
        ),
    ),
    "published_totals": Page(
        group="proof",
        access=("{meth}`iomdata.StaffStatistics.published_totals`",),
    ),
    "staff_ambiguous_readings": Page(
        group="proof",
        access=("{meth}`iomdata.StaffStatistics.ambiguous_readings`",),
    ),
    "key_figures": Page(
        group="key_figures",
        access=("{func}`iomdata.key_figures` (records: {class}`iomdata.KeyFigure`)",),
    ),
    "key_figure_breakdowns": Page(group="key_figures"),
    "indicators": Page(
        group="reference",
        access=(
            (
                "{func}`iomdata.indicators` (with the editions stating each) and "
                "{func}`iomdata.indicator` (every statement of one); see {doc}`/editions`"
            ),
        ),
    ),
    "indicator_lookalikes": Page(group="key_figures", access=("{doc}`/editions`",)),
    "key_figure_errata": Page(group="key_figures"),
    "country_names": Page(group="reference"),
    "sources": Page(
        group="reference",
        access=("{func}`iomdata.sources` (records: {class}`iomdata.Source`)",),
    ),
    "errata": Page(
        group="reference",
        access=("{func}`iomdata.errata` (records: {class}`iomdata.Erratum`)",),
    ),
    "sdg_initiatives": Page(group="sdg"),
    "sdg_initiative_partners": Page(group="sdg"),
    "sdg_initiative_sdgs": Page(group="sdg"),
    "sdg_initiative_beneficiaries": Page(group="sdg"),
    "sdg_resources": Page(group="sdg"),
    "sdg_resource_sdgs": Page(group="sdg"),
    "sdg_accelerating_actions": Page(group="sdg"),
    "sdg_action_gcm_objectives": Page(group="sdg"),
    "sdg_country_lists": Page(group="sdg"),
}

_DEFAULT_PAGE = Page(group="other")


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
    return UNITS.get(dataset, {}).get(column, "")


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
        extra = [c for c in (*UNITS.get(name, {}), *primary_key(name)) if c not in declared]
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
