"""What the README promises: its dataset table, its example, and what a locator is."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import polars as pl
import pytest

import iomdata

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture(scope="module")
def readme() -> str:
    """The README's text (skips where the tests run without the repository)."""
    if not README.is_file():
        pytest.skip("README.md is not beside the tests")
    return README.read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_dataset_table_names_every_dataset_once(readme: str) -> None:
    """The "What is inside" table lists exactly the bundled datasets, none twice."""
    table = [line for line in _section(readme, "What is inside").splitlines() if line[:1] == "|"]
    named = [name for row in table[2:] for name in re.findall(r"`(\w+)`", row.split("|")[1])]
    assert len(named) == len(set(named))
    assert sorted(named) == sorted(iomdata.datasets())


def test_example_runs(readme: str) -> None:
    """The README's pycon example gives the output it shows."""
    blocks = re.findall(r"```pycon\n(.*?)```", readme, re.DOTALL)
    assert blocks
    parser = doctest.DocTestParser()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    runner = doctest.DocTestRunner(optionflags=flags)
    globs: dict[str, object] = {}
    for index, block in enumerate(blocks):
        test = parser.get_doctest(block, globs, f"README[{index}]", str(README), 0)
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


# The kinds of locator the README and the dictionary name (the narrative has no pages).
_ANNEX = re.compile(r"^Annex (I|II|III|IV)(, Table \d+|, page \d+|, Total row)?$")
_PLACE = re.compile(r"^(para \d+|paragraph \d+|Box \d+|Question \d+|Foreword)$")


#: Sources printed as headed sections rather than numbered paragraphs.
_HEADED = ["ar2020-highlights", "priorities2020"]


@pytest.mark.parametrize("name", ["key_figures", "key_figure_breakdowns"])
def test_key_figure_locators_are_paragraphs_boxes_sections_or_questions(name: str) -> None:
    """Every key-figure locator is a paragraph, box, Foreword, question or a heading."""
    frame = iomdata.load(name)
    odd = frame.filter(
        ~pl.col("locator").str.contains(_PLACE.pattern), ~pl.col("source").is_in(_HEADED)
    )
    assert odd.select("source", "locator").unique().rows() == []
    assert frame.filter(pl.col("locator").str.contains("(?i)page")).height == 0


def test_table_locators_name_their_annex() -> None:
    """Every row of the staff tables points to its annex (and table or page)."""
    for name in iomdata.datasets():
        if name.startswith(("staff_", "published_", "professional_", "senior_", "women_")) or (
            name == "nationalities_represented"
        ):
            locators = set(iomdata.load(name).get_column("locator").unique().to_list())
            odd = {loc for loc in locators if not _ANNEX.match(loc)}
            assert odd == set(), name


def test_f_and_m_add_up_to_the_printed_row_total() -> None:
    """In every annex row of both editions, F + M equals the row Total (docs/quickstart.md)."""
    sexes = (
        iomdata.load("staff_by_nationality_sex")
        .group_by("edition", "locator", "nationality_as_printed")
        .agg(pl.col("count").sum())
    )
    totals = iomdata.load("published_totals").filter(
        pl.col("dataset") == "staff_by_nationality_grade",
        pl.col("column_label") == "Total",
        pl.col("row_label") != "Total",
    )
    joined = sexes.join(
        totals.select(
            "edition", "locator", pl.col("row_label").alias("nationality_as_printed"), "value"
        ),
        on=["edition", "locator", "nationality_as_printed"],
        how="left",
    )
    assert joined.height == sexes.height > 700
    assert (
        joined.filter(pl.col("value").is_null() | (pl.col("value") != pl.col("count"))).height == 0
    )
