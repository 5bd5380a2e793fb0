"""The data dictionary as the documentation uses it.

The meaning, unit and origin of every dataset and column are written in one place, the
package's dataset specs (``iomdata._specs``), from which the export writes its Data
Package descriptor and :func:`iomdata.describe` its record; the docs render the same
record and never word a column a second time. This module adds only what a documentation
page needs beside it: how else to reach a dataset's rows, and the group it is listed
under. :func:`check` fails the documentation build when a dataset of the package has no
spec or a page group, or when its spec and its columns disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from iomdata._specs import SPECS

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


def _staff(group: str, *members: str) -> Page:
    """The page of a dataset whose rows :class:`iomdata.StaffStatistics` also serves.

    Each of ``members`` is ``"meth:name"`` or ``"attr:name"``: the MyST role and the name
    of a member of the record.
    """
    pairs = (member.split(":") for member in members)
    access = tuple(f"{{{role}}}`iomdata.StaffStatistics.{name}`" for role, name in pairs)
    return Page(group=group, access=access)


PAGES: Mapping[str, Page] = {
    "professional_staff_by_sex": _staff("staff", "meth:professional_by_sex"),
    "women_share_by_grade": _staff("staff", "meth:women_share_by_grade"),
    "senior_staff_by_sex": _staff("staff", "meth:senior_by_sex"),
    "staff_by_category": _staff("staff", "meth:by_category", "attr:total_staff"),
    "staff_by_nationality_grade": _staff("staff", "meth:nationality_grade"),
    "staff_by_nationality_sex": _staff("staff", "meth:nationality_sex"),
    "nationalities_represented": _staff(
        "staff", "meth:nationalities_represented", "attr:nationalities_represented_count"
    ),
    "published_totals": _staff("proof", "meth:published_totals"),
    "staff_ambiguous_readings": _staff("proof", "meth:ambiguous_readings"),
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
    **{
        name: Page(group="sdg")
        for name in (
            "sdg_initiatives",
            "sdg_initiative_partners",
            "sdg_initiative_sdgs",
            "sdg_initiative_beneficiaries",
            "sdg_resources",
            "sdg_resource_sdgs",
            "sdg_accelerating_actions",
            "sdg_action_gcm_objectives",
            "sdg_country_lists",
        )
    },
}

_DEFAULT_PAGE = Page(group="other")


def page(dataset: str) -> Page:
    """The page settings of ``dataset`` (defaults for a dataset without an entry)."""
    return PAGES.get(dataset, _DEFAULT_PAGE)


def title(dataset: str) -> str:
    """The dataset's title, from its spec."""
    return SPECS[dataset].title


def describe(dataset: str) -> str:
    """The dataset's one-paragraph description, from its spec."""
    return SPECS[dataset].description


def meaning(dataset: str, column: str) -> str:
    """The meaning of ``column`` of ``dataset``, from its spec."""
    return SPECS[dataset].column(column).meaning


def unit(dataset: str, column: str) -> str:
    """The unit of ``column`` of ``dataset``, or ``""`` for a column that is no quantity."""
    return SPECS[dataset].column(column).unit or ""


def primary_key(dataset: str) -> tuple[str, ...]:
    """The columns that identify a row of ``dataset``."""
    return SPECS[dataset].key


def check(schemas: Mapping[str, Iterable[str]]) -> None:
    """Fail unless every dataset in ``schemas`` has a spec with exactly its columns.

    A spec itself refuses a column without a meaning and a key of a column it does not
    have (:class:`iomdata._spec_model.DatasetSpec`).

    Parameters
    ----------
    schemas
        Dataset name -> its column names, as the package declares or ships them.

    Raises
    ------
    DictionaryError
        Naming every dataset without a spec or a known page group, and every column its
        spec lacks or declares in excess.
    """
    problems: list[str] = []
    for name in sorted(schemas):
        declared = list(schemas[name])
        if name not in SPECS:
            problems.append(f"dataset {name!r} has no spec")
        else:
            specified = list(SPECS[name].names)
            problems += [f"{name}.{c} has no spec" for c in declared if c not in specified]
            problems += [
                f"{name}.{c} is specified but is not a column"
                for c in specified
                if c not in declared
            ]
        if page(name).group not in GROUPS:
            problems.append(f"{name}: unknown group {page(name).group!r}")
    if problems:
        listed = "\n  ".join(problems)
        msg = (
            "the data dictionary is incomplete (specs: src/iomdata/_spec_*.py; page groups: "
            f"docs/_ext/iomdocs/dictionary.py):\n  {listed}"
        )
        raise DictionaryError(msg)
