"""The 2018 and 2020 editions print the same values for the years both cover.

Both editions publish 2016-2018 in Annex I (Tables 1, 3 and 4; Table 2's percentage of
women for 2018) and Annex IV, and Table 4 of both also prints 1995 and 2005. Each edition
keeps the values it prints; where the 2020 edition restates a value, an erratum
``ar2020-restated-...`` records both.
"""

from __future__ import annotations

import re

import polars as pl
import pytest

import iomdata
from tools.staff.editions import COMPARED

# dataset -> (columns naming a value, the value column), as the pipeline compares them
ANNEX1 = ("professional_staff_by_sex", "senior_staff_by_sex", "staff_by_category")

Key = tuple[object, ...]


def values(name: str, edition: int) -> dict[Key, int]:
    """Key -> value of one edition's rows of a compared dataset."""
    keys, column = COMPARED[name]
    frame = iomdata.load(name).filter(pl.col("edition") == edition)
    if name == "published_totals":
        frame = frame.filter(pl.col("dataset").is_in(ANNEX1))
    return {tuple(row[k] for k in keys): row[column] for row in frame.iter_rows(named=True)}


def restated_id(name: str, key: Key) -> str:
    """The id of the erratum that records a restated value."""
    parts = [name, *(str(part) for part in key if part is not None)]
    return "ar2020-restated-" + re.sub(r"[^a-z0-9]+", "-", " ".join(parts).lower()).strip("-")


def restated_errata() -> dict[str, tuple[str, str]]:
    """Erratum id -> (published, established) of every cross-edition erratum."""
    frame = iomdata.load("errata").filter(pl.col("id").str.starts_with("ar2020-restated-"))
    return {
        row["id"]: (row["published"], row["established"]) for row in frame.iter_rows(named=True)
    }


def disagreements() -> dict[str, tuple[str, str]]:
    """Erratum id -> (2020 value, 2018 value) of every value the editions print differently."""
    found: dict[str, tuple[str, str]] = {}
    for name in COMPARED:
        old, new = values(name, 2018), values(name, 2020)
        for key in set(old) & set(new):
            if old[key] != new[key]:
                found[restated_id(name, key)] = (str(new[key]), str(old[key]))
    return found


@pytest.mark.parametrize("name", list(COMPARED))
def test_the_editions_overlap(name: str) -> None:
    """Each compared dataset has values for common years in both editions."""
    assert set(values(name, 2018)) & set(values(name, 2020))


@pytest.mark.parametrize(
    ("name", "years"),
    [
        ("professional_staff_by_sex", {2016, 2017, 2018}),
        ("senior_staff_by_sex", {2016, 2017, 2018}),
        ("staff_by_category", {1995, 2005, 2016, 2017, 2018}),
        ("nationalities_represented", {2016, 2017, 2018}),
        ("women_share_by_grade", {2018}),
    ],
)
def test_overlap_years(name: str, years: set[int]) -> None:
    """The shared years are the ones both editions print."""
    shared = set(values(name, 2018)) & set(values(name, 2020))
    assert years == {key[0] for key in shared}


def test_every_restatement_is_an_erratum() -> None:
    """Values agree, or an erratum records both; no erratum claims a restatement that is not."""
    assert disagreements() == restated_errata()


def test_the_published_shares_of_2018_agree() -> None:
    """Table 2's percentage of women in 2018, printed by both editions, band by band."""
    share = values("women_share_by_grade", 2018)
    later = values("women_share_by_grade", 2020)
    key = (2018, None, "P-5", "women_percent")
    assert share[key] == later[key] == 40
