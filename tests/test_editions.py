"""Across editions: one edition's rows, one row per year, indicators, facts and errata.

The 2018 and 2020 reports overlap (both print 2016-2018) and state many quantities two
years apart. These tests prove that the documented API never counts an overlapping year
twice, that :func:`iomdata.series` flags a restated year (on a synthetic restatement, as
the shipped editions agree), that every comparable indicator is stated by each edition it
claims under a definition of its own, that look-alike figures are kept apart, and that
key figures, their facts and the errata point at each other.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Final

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import iomdata
from iomdata._series import SERIES, latest_per_year
from iomdata._specs import SPECS

KEY_FIGURES: Final = iomdata.load("key_figures")
ERRATA: Final = iomdata.load("errata")
LINKS: Final = iomdata.load("key_figure_errata")
LOOKALIKES: Final = iomdata.load("indicator_lookalikes")
CATALOGUE: Final = iomdata.load("indicators")

#: The annual-report editions every indicator is stated by (the catalogue's claim).
CLAIMED_EDITIONS: Final = [2018, 2020]


def _key(name: str) -> list[str]:
    return [c for c in SPECS[name].key if c != "edition"] + (
        ["base_year"] if name == "women_share_by_grade" else []
    )


# --- load(name, edition=...) -------------------------------------------------------------


def test_the_double_count_of_the_issue() -> None:
    """Every edition together counts 2018 twice; one edition or the series counts it once."""
    in_2018 = pl.col("year") == 2018
    everything = iomdata.load("staff_by_category").filter(in_2018)["count"].sum()
    assert everything == 2 * 12_673
    for edition in (2018, 2020):
        one = iomdata.load("staff_by_category", edition=edition).filter(in_2018)
        assert one["count"].sum() == 12_673
    assert iomdata.series("staff_by_category").filter(in_2018)["count"].sum() == 12_673


@pytest.mark.parametrize("name", [*sorted(SERIES), "key_figures", "staff_by_nationality_grade"])
@pytest.mark.parametrize("edition", [2018, 2020])
def test_load_edition_is_the_filter(name: str, edition: int) -> None:
    """``load(name, edition=e)`` is exactly the rows of edition ``e``, in order."""
    expected = iomdata.load(name).filter(pl.col("edition") == edition)
    actual = iomdata.load(name, edition=edition)
    assert expected.height > 0
    assert_frame_equal(expected, actual)


def test_load_edition_is_a_fresh_frame() -> None:
    """Changing a returned frame does not change the next caller's."""
    first = iomdata.load("staff_by_category", edition=2020)
    first.drop_in_place("count")
    assert "count" in iomdata.load("staff_by_category", edition=2020).columns


def test_load_unknown_edition_names_the_editions() -> None:
    """A year printed only in a later series is pointed to that edition and to series()."""
    with pytest.raises(iomdata.UnknownEditionError) as caught:
        iomdata.load("professional_staff_by_sex", edition=2019)
    message = str(caught.value)
    assert "has no edition 2019; editions: 2018, 2020" in message
    assert "time series in edition 2020" in message
    assert "series('professional_staff_by_sex')" in message
    with pytest.raises(iomdata.UnknownEditionError, match=r"editions: 2018, 2020$"):
        iomdata.load("staff_by_category", edition=1990)


def test_load_edition_of_a_dataset_without_editions() -> None:
    """A dataset with no edition column refuses an edition and says to leave it out."""
    with pytest.raises(iomdata.UnknownEditionError, match=r"no edition column.*without edition"):
        iomdata.load("sources", edition=2020)
    assert iomdata.load("sources").height > 0


@pytest.mark.parametrize("edition", ["2020", 2020.0, True])
def test_load_edition_type(edition: object) -> None:
    """An edition that is not an int is a TypeError, as for staff()."""
    with pytest.raises(TypeError, match="edition must be"):
        iomdata.load("staff_by_category", edition=edition)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="edition must be"):
        iomdata.staff(edition)  # type: ignore[arg-type]


def test_load_unknown_dataset_with_edition() -> None:
    """An unknown dataset is reported before the edition is looked at."""
    with pytest.raises(iomdata.UnknownDatasetError, match="did you mean 'staff_by_category'"):
        iomdata.load("staff_by_categry", edition=2020)


# --- series(name) ------------------------------------------------------------------------


@pytest.mark.parametrize("name", SERIES)
def test_series_one_row_per_year_and_key(name: str) -> None:
    """One row per year and key, from the latest edition printing it, none left out."""
    frame = iomdata.load(name)
    result = iomdata.series(name)
    key = _key(name)
    assert result.select(key).is_duplicated().sum() == 0
    assert result.height == frame.select(key).unique().height
    latest = frame.group_by(key).agg(pl.col("edition").max().alias("latest"))
    joined = result.join(latest, on=key, nulls_equal=True)
    assert joined.height == result.height
    assert (joined["edition"] == joined["latest"]).all()
    assert result.columns == [*frame.columns, "restated", "earlier_edition", "earlier_value"]


@pytest.mark.parametrize("name", SERIES)
def test_series_overlap_and_no_restatement_today(name: str) -> None:
    """The overlapping years carry the earlier edition's value; today they all agree."""
    frame = iomdata.load(name)
    result = iomdata.series(name)
    value = "count" if "count" in frame.columns else "value"
    printed_by = frame.group_by(_key(name)).agg(pl.len().alias("editions"))
    joined = result.join(printed_by, on=_key(name), nulls_equal=True)
    overlapping = joined.filter(pl.col("editions") > 1)
    assert (overlapping["earlier_edition"] == 2018).all()
    assert joined.filter(pl.col("editions") == 1)["earlier_edition"].null_count() == (
        joined.filter(pl.col("editions") == 1).height
    )
    assert (overlapping["earlier_value"] == overlapping[value]).all()
    assert not result["restated"].any()


def test_series_overlap_years() -> None:
    """Both editions print 2016-2018 (and the early years of Table 4)."""
    result = iomdata.series("professional_staff_by_sex")
    overlap = result.filter(pl.col("earlier_edition").is_not_null())["year"].unique().sort()
    assert overlap.to_list() == [2016, 2017, 2018]
    assert result["year"].unique().sort().to_list() == list(range(2014, 2021))


def test_series_total_per_year_is_the_published_total() -> None:
    """Summed per year, the series gives each edition's published staff total, once."""
    totals = iomdata.series("staff_by_category").group_by("year").agg(pl.col("count").sum())
    by_year = dict(totals.iter_rows())
    for edition in iomdata.editions():
        assert by_year[edition] == iomdata.staff(edition).total_staff


def _synthetic(rows: list[tuple[int, int, str, int]]) -> pl.DataFrame:
    schema = iomdata.load("senior_staff_by_sex").schema
    return pl.DataFrame(
        [
            {
                "edition": e,
                "year": y,
                "sex": s,
                "count": c,
                "source": f"ar{e}",
                "locator": "Annex I, Table 3",
            }
            for e, y, s, c in rows
        ],
        schema=schema,
    )


def test_series_flags_a_synthetic_restatement() -> None:
    """A later edition that reprints a year with another value wins and is flagged."""
    frame = _synthetic(
        [
            (2018, 2017, "F", 100),
            (2018, 2017, "M", 200),
            (2018, 2018, "F", 110),
            (2020, 2018, "F", 111),  # restated
            (2020, 2018, "M", 210),  # not printed before
            (2020, 2017, "M", 200),  # reprinted unchanged
        ]
    )
    result = latest_per_year(frame, "senior_staff_by_sex")
    rows = result.select(
        "year", "sex", "count", "edition", "restated", "earlier_edition", "earlier_value"
    ).rows()
    assert rows == [
        (2017, "F", 100, 2018, False, None, None),
        (2017, "M", 200, 2020, False, 2018, 200),
        (2018, "F", 111, 2020, True, 2018, 110),
        (2018, "M", 210, 2020, False, None, None),
    ]
    assert result["source"].to_list() == ["ar2018", "ar2020", "ar2020", "ar2020"]


def test_series_restatement_compares_with_the_previous_edition() -> None:
    """With three editions, the flag compares the latest with the one just before it."""
    frame = _synthetic([(2016, 2016, "F", 5), (2018, 2016, "F", 6), (2020, 2016, "F", 6)])
    row = latest_per_year(frame, "senior_staff_by_sex").row(0, named=True)
    assert (row["edition"], row["count"], row["earlier_edition"], row["earlier_value"]) == (
        2020,
        6,
        2018,
        6,
    )
    assert row["restated"] is False


def test_series_keeps_extra_columns_and_base_years() -> None:
    """Columns the series does not know are kept; a change's base year is part of the key."""
    base = iomdata.load("women_share_by_grade")
    frame = base.with_columns(pl.lit("x").alias("extra"))
    result = latest_per_year(frame, "women_share_by_grade")
    assert "extra" in result.columns
    changes = result.filter(pl.col("measure") == "women_percent_change")
    assert sorted(changes["base_year"].unique().to_list()) == [2016, 2018]


@given(
    st.dictionaries(
        st.tuples(
            st.sampled_from([2016, 2018, 2020]), st.integers(2014, 2020), st.sampled_from("FM")
        ),
        st.integers(0, 5),
        min_size=1,
        max_size=30,
    )
)
def test_series_properties(cells: dict[tuple[int, int, str], int]) -> None:
    """Any set of editions: one row per key, the latest value, flag iff it differs."""
    frame = _synthetic([(e, y, s, c) for (e, y, s), c in cells.items()])
    result = latest_per_year(frame, "senior_staff_by_sex")
    by_key: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for (e, y, s), c in cells.items():
        by_key[y, s].append((e, c))
    assert result.height == len(by_key)
    for row in result.iter_rows(named=True):
        printed = sorted(by_key[row["year"], row["sex"]])
        assert (row["edition"], row["count"]) == printed[-1]
        earlier = printed[-2] if len(printed) > 1 else (None, None)
        assert (row["earlier_edition"], row["earlier_value"]) == earlier
        assert row["restated"] == (earlier[1] is not None and earlier[1] != printed[-1][1])


def test_series_refuses_other_datasets() -> None:
    """series() names the year-indexed tables; a non-string is a TypeError."""
    with pytest.raises(iomdata.UnknownDatasetError, match="series: nationalities_represented"):
        iomdata.series("staff_by_nationality_grade")
    with pytest.raises(iomdata.UnknownDatasetError, match="did you mean 'staff_by_category'"):
        iomdata.series("staff_by_categories")
    with pytest.raises(TypeError, match="series name must be a str"):
        iomdata.series(2020)  # type: ignore[arg-type]


# --- the indicator catalogue -------------------------------------------------------------


def test_every_indicator_is_stated_by_each_edition_it_claims() -> None:
    """Each indicator has a statement in the 2018 and in the 2020 edition."""
    catalogue = iomdata.indicators()
    assert catalogue.height == CATALOGUE.height
    for row in catalogue.iter_rows(named=True):
        assert row["editions"] == CLAIMED_EDITIONS, row["id"]
        stated = iomdata.indicator(row["id"])
        assert stated.height == row["statements"] >= 2
        assert set(stated["edition"].drop_nulls()) == set(CLAIMED_EDITIONS), row["id"]


def _normalised(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def test_no_two_indicators_share_a_definition() -> None:
    """Definitions and labels are unique, and no fact belongs to two indicators."""
    definitions = [_normalised(d) for d in CATALOGUE["definition"]]
    assert len(definitions) == len(set(definitions))
    labels = [_normalised(label) for label in CATALOGUE["label"]]
    assert len(labels) == len(set(labels))
    spanning = (
        KEY_FIGURES.filter(pl.col("fact").is_not_null())
        .group_by("fact")
        .agg(pl.col("indicator").n_unique())
        .filter(pl.col("indicator") > 1)
    )
    assert spanning.is_empty()


def test_every_indicator_has_a_comparability_note() -> None:
    """Each catalogue row says how its editions compare."""
    assert CATALOGUE["comparability"].null_count() == 0
    assert (CATALOGUE["comparability"].str.len_chars() > 20).all()


@pytest.mark.parametrize("indicator_id", CATALOGUE["id"].to_list())
def test_indicator_frame(indicator_id: str) -> None:
    """indicator(id) is every key figure of the indicator, ordered by year, one unit."""
    frame = iomdata.indicator(indicator_id)
    expected = KEY_FIGURES.filter(pl.col("indicator") == indicator_id)
    assert sorted(frame["key_figure_id"]) == sorted(expected["id"])
    assert frame["year"].null_count() == 0
    assert frame["year"].to_list() == sorted(frame["year"].to_list())
    assert frame["unit"].n_unique() == 1
    note = CATALOGUE.filter(pl.col("id") == indicator_id)["comparability"][0]
    assert set(frame["comparability"]) == {note}


def test_indicator_examples_of_the_issue() -> None:
    """Quantities the issue found unlinked are linked, 2020 Highlights values included."""
    expected = {
        "shelter_people": (4_000_000.0, 4_600_000.0),
        "shelter_countries": (44.0, 54.0),
        "wash_people": (5_600_000.0, 21_500_000.0),
        "wash_countries": (23.0, 53.0),
        "cccm_sites": (920.0, 1789.0),
        "cccm_countries": (21.0, 28.0),
        "cash_people": (700_000.0, 1_600_000.0),
        "cash_countries": (19.0, 56.0),
        "stabilization_projects": (114.0, 180.0),
        "stabilization_countries": (39.0, 65.0),
        "idm_participants": (600.0, 500.0),
        "social_media_followers": (750_000.0, 3_000_000.0),
        "humanitarian_certified_staff": (40.0, 176.0),
        "psea_network_cochair_countries": (7.0, 8.0),
    }
    for indicator_id, values in expected.items():
        frame = iomdata.indicator(indicator_id)
        own = frame.filter(pl.col("year") == pl.col("edition"))
        got = tuple(own.unique("edition").sort("edition")["value"].to_list())
        assert got == values, indicator_id


def test_indicator_errors() -> None:
    """An unknown id suggests a close one; a non-string is a TypeError."""
    with pytest.raises(iomdata.UnknownIndicatorError, match="did you mean 'wash_people'"):
        iomdata.indicator("wash_peple")
    with pytest.raises(LookupError):
        iomdata.indicator("")
    with pytest.raises(TypeError, match="indicator id must be a str"):
        iomdata.indicator(None)  # type: ignore[arg-type]


# --- look-alikes that are not comparable -------------------------------------------------


def test_lookalikes_pair_two_editions() -> None:
    """Each look-alike pair joins a 2018 record with a 2020 record, with a reason."""
    editions = dict(zip(KEY_FIGURES["id"], KEY_FIGURES["edition"], strict=True))
    assert LOOKALIKES.height > 0
    for row in LOOKALIKES.iter_rows(named=True):
        assert (editions[row["earlier_id"]], editions[row["later_id"]]) == (2018, 2020), row
        assert len(row["reason"]) > 20


def test_lookalikes_are_never_one_indicator() -> None:
    """No look-alike pair is linked to one indicator or shares a fact."""
    figures = KEY_FIGURES.select("id", "indicator", "fact")
    pairs = LOOKALIKES.join(
        figures.rename({"id": "earlier_id", "indicator": "i1", "fact": "f1"}), on="earlier_id"
    ).join(figures.rename({"id": "later_id", "indicator": "i2", "fact": "f2"}), on="later_id")
    assert pairs.height == LOOKALIKES.height
    assert pairs.filter(pl.col("i1").is_not_null() & (pl.col("i1") == pl.col("i2"))).is_empty()
    assert pairs.filter(pl.col("f1").is_not_null() & (pl.col("f1") == pl.col("f2"))).is_empty()


def test_lookalike_examples_of_the_issue() -> None:
    """Published evaluations (2018) and registered ones (2020) are kept apart."""
    pairs = set(LOOKALIKES.select("earlier_id", "later_id").iter_rows())
    assert ("ar2018-p263-evaluations", "ar2020-p178-decentralized-evaluations") in pairs
    assert ("ar2018-p309-hardship-professionals", "ar2020-p184-hardship-staff") in pairs


# --- facts and errata --------------------------------------------------------------------


def test_repeated_statements_share_a_fact() -> None:
    """Repeated statements share one fact id.

    Records of one source with the same label, value and period, and records of one
    indicator, edition and period, belong to one fact.
    """
    same_text = KEY_FIGURES.group_by("source", "label", "value", "period").agg(
        pl.len(), pl.col("fact").null_count().alias("no_fact"), pl.col("fact").n_unique()
    )
    repeated = same_text.filter(pl.col("len") > 1)
    assert repeated.filter((pl.col("no_fact") > 0) | (pl.col("fact") > 1)).is_empty()
    per_indicator = (
        KEY_FIGURES.filter(pl.col("indicator").is_not_null())
        .group_by("indicator", "edition", "period")
        .agg(pl.len(), pl.col("fact").null_count().alias("no_fact"), pl.col("fact").n_unique())
        .filter(pl.col("len") > 1)
    )
    assert per_indicator.filter((pl.col("no_fact") > 0) | (pl.col("fact") > 1)).is_empty()


def test_stranded_migrants_are_one_fact() -> None:
    """The 2,677 stranded migrants printed three times in 2020 are one fact, counted once."""
    records = KEY_FIGURES.filter(pl.col("fact") == "stranded-migrants-returned")
    assert records.height == 3
    assert records["value"].unique().to_list() == [2677.0]
    assert records.unique("fact").height == 1


def test_facts_agree_or_their_records_are_linked_to_an_erratum() -> None:
    """Where the records of a fact differ, one erratum names them all.

    The record the established value rests on is its evidence; every record that states
    another value is published.
    """
    from tools.keyfigures.checks import fact_disagreements

    disagreeing = fact_disagreements(KEY_FIGURES.to_dicts())
    assert disagreeing, "the shipped data have facts printed differently"
    for fact, group in disagreeing.items():
        values = {str(r["id"]): (r["value"], r["qualifier"]) for r in group}
        links = LINKS.filter(pl.col("key_figure_id").is_in(list(values)))
        evidence = links.filter(pl.col("relation") == "evidence")["key_figure_id"].to_list()
        assert len(evidence) == 1, fact
        published = set(links.filter(pl.col("relation") == "published")["key_figure_id"])
        differing = {i for i, v in values.items() if v != values[evidence[0]]}
        assert differing, fact
        assert differing <= published, fact
        assert links["erratum_id"].n_unique() == 1, fact


def test_key_figures_and_errata_point_at_each_other() -> None:
    """Every link names a shipped erratum and key figure; the issue's example both ways."""
    assert set(LINKS["erratum_id"]) <= set(ERRATA["id"])
    assert set(LINKS["key_figure_id"]) <= set(KEY_FIGURES["id"])
    assert set(LINKS["relation"]) == {"published", "evidence"}
    assert LINKS.select("erratum_id", "key_figure_id").is_duplicated().sum() == 0
    erratum = "ar2020-highlights-avr-migrants"
    of_figure = LINKS.filter(pl.col("key_figure_id") == "ar2020-highlights-mobility-avr-migrants")
    assert of_figure.select("erratum_id", "relation").rows() == [(erratum, "published")]
    of_erratum = LINKS.filter(pl.col("erratum_id") == erratum)
    assert dict(of_erratum.select("key_figure_id", "relation").iter_rows()) == {
        "ar2020-highlights-mobility-avr-migrants": "published",
        "ar2020-p81-avr-migrants": "evidence",
    }


def test_every_key_figure_erratum_is_linked() -> None:
    """Each erratum about a key figure (raised by a key-figure proof) names its records."""
    from tools.keyfigures import ar2018, ar2020

    for module in (ar2018, ar2020):
        built = module.build()
        raised = {str(e["id"]) for e in built["errata"]}
        assert raised <= {str(link["erratum_id"]) for link in built["key_figure_errata"]}
    assert {"ar2020-para184-headcount", "ar2020-annex4-nationalities-2020"} <= set(
        LINKS["erratum_id"]
    )


def test_erratum_links_refuse_an_unknown_record() -> None:
    """A reviewed link to a record that does not exist stops the build."""
    from tools.keyfigures.prove import erratum_links

    with pytest.raises(ValueError, match="no key figure ar2020-nope"):
        erratum_links(
            [],
            [],
            breakdowns=(),
            breakdown_reviewed={},
            checks=(),
            fact_reviewed={},
            other_errata={"x": ("ar2020-nope",)},
        )


def test_doctests() -> None:
    """The examples of series(), indicator(), indicators() and load() run as printed."""
    import doctest

    from iomdata import _api, _series

    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    assert doctest.testmod(_series, optionflags=flags).failed == 0
    runner = doctest.DocTestRunner(optionflags=flags)
    for test in doctest.DocTestFinder().find(_api.load, "load", globs={}):
        runner.run(test)
    assert runner.summarize(verbose=False).attempted > 0
    assert runner.summarize(verbose=False).failed == 0
