"""Frozen records of IOM's 2021 reply to the UN DESA SDG questionnaire.

Apart from :mod:`iomdata._models` because only :func:`iomdata.sdg_survey` needs them:
``iomdata/__init__.py`` loads this module on first access, so that ``import iomdata``
does not pay attrs' ~0.7 ms per class to build five records most sessions never use
(docs/performance.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    import polars as pl

__all__ = ["AcceleratingAction", "CountryList", "SdgInitiative", "SdgResource", "SdgSurvey"]


@attrs.frozen(kw_only=True)
class SdgInitiative:
    """An initiative or partnership of the 2021 SDG questionnaire reply."""

    #: Our stable slug, e.g. ``"flod"``.
    id: str
    #: ``"initiative"`` (question 2) or ``"partnership"`` (question 4).
    kind: str
    #: Order within its question, as printed (from 1).
    position: int
    #: The name as printed.
    name: str
    #: Our one-line summary.
    summary: str
    #: The partners as printed, in printed order.
    partners: tuple[str, ...]
    #: Sustainable Development Goals the reply relates it to (1-17), ascending.
    sdgs: tuple[int, ...]
    #: Beneficiaries: canonical country names, or the printed scope ("Global", "All").
    beneficiaries: tuple[str, ...]
    #: ISO 3166-1 alpha-3 codes of the beneficiary countries, in the same order.
    iso3: tuple[str, ...]


@attrs.frozen(kw_only=True)
class SdgResource:
    """A resource (publication, toolkit, report) of the 2021 SDG questionnaire reply."""

    #: Our stable slug.
    id: str
    #: Order within question 3, as printed (from 1).
    position: int
    #: The title as printed.
    name: str
    #: The publishing entity as printed.
    publishing_entity: str
    #: The target audience as printed.
    target_audience: str
    #: The language as printed.
    language: str
    #: Our one-line summary.
    summary: str
    #: Sustainable Development Goals the reply relates it to (1-17), ascending.
    sdgs: tuple[int, ...]


@attrs.frozen(kw_only=True)
class AcceleratingAction:
    """One of the eleven accelerating actions of the 2021 SDG questionnaire reply."""

    #: The action's number as printed (1-11).
    number: int
    #: Our short label.
    label: str
    #: Sustainable Development Goals the action serves (1-17), ascending.
    sdgs: tuple[int, ...]
    #: Objectives of the Global Compact for Migration it serves (1-23), ascending.
    gcm_objectives: tuple[int, ...]


@attrs.frozen(kw_only=True)
class CountryList:
    """A list of countries (or regions, organisations) printed in the reply."""

    #: Our stable slug, e.g. ``"flod-countries"``.
    id: str
    #: Our words for what the list enumerates.
    label: str
    #: The question whose answer prints it, e.g. ``"Question 2"``.
    locator: str
    #: The entries as printed, in printed order.
    entries: tuple[str, ...]
    #: ISO 3166-1 alpha-3 codes of the entries that are countries, in printed order.
    iso3: tuple[str, ...]


@attrs.frozen(kw_only=True)
class SdgSurvey:
    """IOM's 2021 reply to the UN DESA (ECESA Plus) questionnaire on the 2030 Agenda."""

    #: Id of the source document.
    source: str
    #: Initiatives (question 2) and partnerships (question 4), in printed order.
    initiatives: tuple[SdgInitiative, ...]
    #: Resources (question 3), in printed order.
    resources: tuple[SdgResource, ...]
    #: The eleven accelerating actions, by number.
    actions: tuple[AcceleratingAction, ...]
    #: The country lists the reply prints.
    country_lists: tuple[CountryList, ...]

    def actions_for_sdg(self, sdg: int) -> tuple[AcceleratingAction, ...]:
        """The accelerating actions that serve goal ``sdg``.

        Raises
        ------
        TypeError
            ``sdg`` is not an ``int`` (a goal's number; ``bool`` and ``"10"`` are refused).
        LookupError
            ``sdg`` is not one of the 17 goals (1-17).

        Examples
        --------
        >>> import iomdata
        >>> [action.number for action in iomdata.sdg_survey().actions_for_sdg(6)]
        [10]
        >>> iomdata.sdg_survey().actions_for_sdg(18)
        Traceback (most recent call last):
        ...
        LookupError: there is no Sustainable Development Goal 18; goals: 1-17
        """
        if isinstance(sdg, bool) or not isinstance(sdg, int):
            msg = f"sdg must be an int (a goal, 1-17), not {type(sdg).__name__}: {sdg!r}"
            raise TypeError(msg)
        if not 1 <= sdg <= 17:
            msg = f"there is no Sustainable Development Goal {sdg}; goals: 1-17"
            raise LookupError(msg)
        return tuple(action for action in self.actions if sdg in action.sdgs)

    def country_list(self, id: str) -> CountryList:  # noqa: A002 - "id" is the field's name
        """The country list with this id.

        Raises
        ------
        LookupError
            No list has this id; the message names the lists.
        """
        for country_list in self.country_lists:
            if country_list.id == id:
                return country_list
        names = ", ".join(country_list.id for country_list in self.country_lists)
        msg = f"no country list {id!r}; lists: {names}"
        raise LookupError(msg)

    def sdg_matrix(self) -> pl.DataFrame:
        """Accelerating actions by goal: one row per action, one 0/1 column per SDG."""
        import polars as pl

        return pl.DataFrame(
            {
                "action": [action.number for action in self.actions],
                **{
                    f"sdg_{goal}": [int(goal in action.sdgs) for action in self.actions]
                    for goal in range(1, 18)
                },
            },
            schema={"action": pl.Int16, **{f"sdg_{goal}": pl.Int8 for goal in range(1, 18)}},
        )
