"""The 2021 SDG questionnaire reply through the package: record, datasets, converter."""

from __future__ import annotations

import attrs
import polars as pl
import pytest

import iomdata
from iomdata._convert import structure, unstructure

SDG_DATASETS = (
    "sdg_accelerating_actions",
    "sdg_action_gcm_objectives",
    "sdg_country_lists",
    "sdg_initiative_beneficiaries",
    "sdg_initiative_partners",
    "sdg_initiative_sdgs",
    "sdg_initiatives",
    "sdg_resource_sdgs",
    "sdg_resources",
)


def test_datasets_are_bundled() -> None:
    """Every sdg_* dataset is loadable by name."""
    assert {name for name in iomdata.datasets() if name.startswith("sdg_")} == set(SDG_DATASETS)


def test_record_round_trips_through_the_converter() -> None:
    """Unstructuring and structuring the record gives an equal record."""
    survey = iomdata.sdg_survey()
    assert structure(unstructure(survey), iomdata.SdgSurvey, what="survey") == survey


def test_record_is_frozen_and_cached() -> None:
    """The record cannot be changed and is built once."""
    survey = iomdata.sdg_survey()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        survey.source = "x"  # type: ignore[misc]
    assert iomdata.sdg_survey() is survey


def test_counts_from_the_text() -> None:
    """Counts taken from the reply: 3 initiatives, 4 partnerships, 4 resources, 11 actions."""
    survey = iomdata.sdg_survey()
    kinds = [initiative.kind for initiative in survey.initiatives]
    assert (kinds.count("initiative"), kinds.count("partnership")) == (3, 4)
    assert len(survey.resources) == 4
    assert [action.number for action in survey.actions] == list(range(1, 12))
    assert len(survey.country_list("flod-countries").entries) == 22
    assert len(survey.country_list("m4sd-countries").entries) == 11


def test_goal_and_objective_ranges() -> None:
    """SDG numbers are 1-17 and GCM objectives 1-23, as integers, in every table."""
    for name in ("sdg_accelerating_actions", "sdg_initiative_sdgs", "sdg_resource_sdgs"):
        sdg = iomdata.load(name).get_column("sdg")
        assert sdg.dtype.is_integer()
        assert set(sdg.to_list()) <= set(range(1, 18))
    gcm = iomdata.load("sdg_action_gcm_objectives").get_column("gcm_objective")
    assert set(gcm.to_list()) <= set(range(1, 24))


def test_actions_serving_a_goal_is_one_filter() -> None:
    """'Which actions serve SDG 10' is one filter of the long table, as in the record."""
    frame = iomdata.load("sdg_accelerating_actions").filter(pl.col("sdg") == 10)
    record = [action.number for action in iomdata.sdg_survey().actions_for_sdg(10)]
    assert sorted(frame.get_column("action").to_list()) == record


def test_flod_erratum_keeps_both_values() -> None:
    """The reply's 18 countries against its list of 22 is an erratum with both values."""
    erratum = next(
        e for e in iomdata.errata() if e.id == "desa-sdg-survey-2021-flod-country-count"
    )
    assert "18" in erratum.published
    assert "22" in erratum.established


def test_country_lists_carry_iso_codes() -> None:
    """Country entries get ISO3 codes; regions and organisations do not."""
    lists = iomdata.load("sdg_country_lists")
    countries = lists.filter(pl.col("entry_kind") == "country")
    assert countries.get_column("iso3").null_count() == 0
    assert lists.filter(pl.col("entry_kind") != "country").get_column("iso3").null_count() == (
        lists.filter(pl.col("entry_kind") != "country").height
    )


def test_unknown_country_list() -> None:
    """An unknown list id names the lists there are."""
    with pytest.raises(LookupError, match="flod-countries"):
        iomdata.sdg_survey().country_list("nope")
