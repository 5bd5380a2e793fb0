"""The recovery page's statements about the search space hold for the shipped searches."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

CACHES = {2018: "ar2018_search.json", 2020: "ar2020_search.json"}


def _caches() -> dict[int, dict[str, dict[str, object]]]:
    return {
        edition: json.loads((ROOT / "tools" / "cache" / name).read_text(encoding="utf-8"))
        for edition, name in CACHES.items()
    }


def _recovery_page() -> str:
    """docs/recovery.md with its white space folded (sentences wrap across lines)."""
    return " ".join((ROOT / "docs" / "recovery.md").read_text(encoding="utf-8").split())


def test_the_space_of_annex_ii_is_as_the_docs_say() -> None:
    """The size quoted for 2020 Annex II, and its fifteen grades, are the search's."""
    pytest.importorskip("scipy")
    from tools.staff import ar2020

    text = _recovery_page()
    space = _caches()[2020]["Annex II"]["counts"]["space"]  # type: ignore[index]
    assert f"{space['readings']:,} readings for 2020 Annex II alone" in text
    (layout,) = [lay for lay in ar2020.LAYOUTS.values() if lay.table == "Annex II"]
    assert layout.n_grades == 15
    assert "at most 2^15 for the fifteen grades of Annex II" in text


def test_every_threshold_lies_two_above_the_least_cost_with_the_overrides() -> None:
    """The searched readings are those within the least cost (overrides imposed) + 2."""
    from tools.staff import model as md

    for entries in _caches().values():
        for entry in entries.values():
            space = entry["counts"]["space"]  # type: ignore[index]
            imposed = entry["models"]["fewest_edits"]["imposed_optimum"]  # type: ignore[index]
            assert space["threshold"] == imposed + md.MAX_EXTRA
            assert space["optimum"] == entry["models"]["fewest_edits"]["optimum"]  # type: ignore[index]
            assert space["listed"] <= space["searched"] <= space["readings"]


def test_the_2020_least_costs_lie_far_above_the_rows_cheapest_readings() -> None:
    """Why no per-row cap could be shown harmless: the totals force dear readings."""
    for entry in _caches()[2020].values():
        space = entry["counts"]["space"]  # type: ignore[index]
        assert space["optimum"] > space["floor"] + 2 * 10


def test_each_table_lists_its_open_rows_readings_as_deep_as_its_cache_says() -> None:
    """+2 above the optimum for every table but 2020 Annex II, whose listing stops at +1.

    The depth each cache entry records is the one its table's specification asks for,
    and no reading the search lists for ``fewest_edits`` is dearer than it.
    """
    pytest.importorskip("scipy")
    from tools.staff import ar2020
    from tools.staff import model as md

    assert ar2020.LISTED == {"Annex II": {md.FEWEST_EDITS: 1, md.ROW_LADDER: 0}}
    text = _recovery_page()
    assert "its open rows list their readings up to one more than the optimum" in text
    for edition, entries in _caches().items():
        for annex, entry in entries.items():
            expected = 1 if (edition, annex) == (2020, "Annex II") else md.MAX_EXTRA
            assert entry["counts"]["space"]["depth"] == expected  # type: ignore[index]
            listed = entry["models"]["fewest_edits"]["extra"]  # type: ignore[index]
            # Each listed reading is its values followed by its extra cost.
            assert max(reading[-1] for row in listed for reading in row) <= expected
