"""The public API: values, records, and the errors bad input gets."""

from __future__ import annotations

import subprocess
import sys

import attrs
import polars as pl
import pytest

import iomdata


def test_editions() -> None:
    """Both annual report editions have full staff statistics."""
    assert iomdata.editions() == (2018, 2020)


@pytest.mark.parametrize(
    ("edition", "total", "professional", "general_service", "women", "nationalities"),
    [(2020, 16254, 2185, 14069, 49, 140), (2018, 12673, 1769, 10904, 48, 134)],
)
def test_staff_summaries(
    edition: int,
    total: int,
    professional: int,
    general_service: int,
    women: int,
    nationalities: int,
) -> None:
    """The typed summaries are the published figures of the edition year."""
    s = iomdata.staff(edition)
    assert (edition, f"ar{edition}") == (s.edition, s.source)
    assert total == s.total_staff
    assert professional == s.professional_staff
    assert general_service == s.general_service_staff
    assert women == s.women_percent_professional
    assert nationalities == s.nationalities_represented_count


@pytest.mark.parametrize("edition", [2018, 2020])
def test_staff_frames_are_the_edition_rows(edition: int) -> None:
    """Each method returns exactly the edition's rows of its dataset."""
    s = iomdata.staff(edition)
    pairs = {
        "professional_by_sex": "professional_staff_by_sex",
        "women_share_by_grade": "women_share_by_grade",
        "senior_by_sex": "senior_staff_by_sex",
        "by_category": "staff_by_category",
        "nationality_grade": "staff_by_nationality_grade",
        "nationality_sex": "staff_by_nationality_sex",
        "nationalities_represented": "nationalities_represented",
        "published_totals": "published_totals",
    }
    for method, dataset in pairs.items():
        frame = getattr(s, method)()
        expected = iomdata.load(dataset).filter(pl.col("edition") == edition)
        assert frame.height > 0, method
        assert expected.equals(frame), method


def test_staff_record_is_frozen_and_cached() -> None:
    """The record cannot be changed, and repeated calls return the same record."""
    s = iomdata.staff(2020)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        s.total_staff = 0  # type: ignore[misc]
    assert iomdata.staff(2020) is s


@pytest.mark.parametrize("bad", ["2020", 2020.0, True, None, [2020]])
def test_staff_rejects_non_int(bad: object) -> None:
    """A non-int edition (bool included) is a TypeError naming the type."""
    with pytest.raises(TypeError, match="edition must be an int"):
        iomdata.staff(bad)  # type: ignore[arg-type]


def test_unknown_edition_names_the_editions() -> None:
    """An unknown edition names the editions there are."""
    with pytest.raises(iomdata.UnknownEditionError, match="editions: 2018, 2020") as info:
        iomdata.staff(1990)
    assert "time series" not in str(info.value)
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, iomdata.IomdataError)


@pytest.mark.parametrize(
    ("year", "later"),
    [(2019, "edition 2020"), (2017, "edition 2018, 2020"), (2014, "edition 2018")],
)
def test_year_inside_a_later_edition_is_pointed_to(year: int, later: str) -> None:
    """A year published only as a time series says which edition holds it."""
    with pytest.raises(iomdata.UnknownEditionError, match="time series") as info:
        iomdata.staff(year)
    assert later in str(info.value)


def test_load_rejects_unknown_and_non_str_names() -> None:
    """load() names the datasets and suggests a close match."""
    with pytest.raises(iomdata.UnknownDatasetError, match="did you mean 'key_figures'") as info:
        iomdata.load("key_figure")
    assert "staff_by_nationality_grade" in str(info.value)
    with pytest.raises(TypeError, match="dataset name must be a str"):
        iomdata.load(3)  # type: ignore[arg-type]


def test_key_figures_collection() -> None:
    """KeyFigures is a frozen, sequence-like collection with lookup and filters."""
    figures = iomdata.key_figures(2020)
    assert len(figures) == len(list(figures)) > 0
    first = figures[0]
    assert figures.get(first.id) == first
    assert figures[:1].ids() == (first.id,)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.value = 0.0  # type: ignore[misc]
    with pytest.raises(iomdata.UnknownKeyFigureError, match="no key figure with id 'nope'"):
        figures.get("nope")
    topical = figures.filter(topic=first.topic)
    assert all(figure.topic == first.topic for figure in topical)
    assert figures.to_polars().height == len(figures)


def test_key_figures_all_sources() -> None:
    """key_figures() without an edition returns every record, non-report sources included."""
    everything = iomdata.key_figures()
    assert len(everything) == iomdata.load("key_figures").height
    assert None in {figure.edition for figure in everything}
    assert everything.to_polars().equals(iomdata.load("key_figures"))


def test_key_figures_bad_edition() -> None:
    """key_figures() refuses wrong types and names the editions for an unknown one."""
    with pytest.raises(TypeError, match="edition must be an int"):
        iomdata.key_figures("2020")  # type: ignore[arg-type]
    with pytest.raises(iomdata.UnknownEditionError, match="2018, 2020"):
        iomdata.key_figures(2019)


def test_sources_and_errata_records() -> None:
    """sources() and errata() return frozen records matching their datasets."""
    sources = iomdata.sources()
    assert [s.id for s in sources] == iomdata.load("sources").get_column("id").to_list()
    ar2020 = next(s for s in sources if s.id == "ar2020")
    assert (ar2020.symbol, ar2020.year) == ("C/112/INF/1", 2021)
    errata = iomdata.errata()
    assert len(errata) == iomdata.load("errata").height > 0
    assert len({e.id for e in errata}) == len(errata)


def test_catalogue_is_the_manifest_without_loading() -> None:
    """catalogue() gives each dataset's facts, equal to its frame, without importing polars."""
    entries = iomdata.catalogue()
    assert tuple(entry.name for entry in entries) == iomdata.datasets()
    for entry in entries:
        frame = iomdata.load(entry.name)
        assert (entry.rows, entry.columns) == (frame.height, tuple(frame.columns))
        if "edition" in frame.columns:
            assert list(entry.editions) == frame["edition"].drop_nulls().unique().sort().to_list()
    assert attrs.has(iomdata.ResourceEntry)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        entries[0].rows = 0  # type: ignore[misc]
    code = "import sys, iomdata; iomdata.catalogue(); print('polars' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "False"
