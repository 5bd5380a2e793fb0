"""The shipped resources are exactly what the pipeline produces."""

from __future__ import annotations

import importlib.resources

from tools import build_data


def test_shipped_data_equals_a_fresh_build() -> None:
    """Regenerating from tools/raw and tools/reference reproduces _data/ byte for byte."""
    fresh = build_data.render()
    shipped = importlib.resources.files("iomdata") / "_data"
    names = {node.name for node in shipped.iterdir()}
    assert set(fresh) == names
    for name, data in fresh.items():
        assert data == (shipped / name).read_bytes(), name


def test_search_cache_is_current() -> None:
    """The committed 2020 search cache was made from the committed inputs and engine version.

    A stale cache is not wrong (the build searches again), but it makes every build
    slow and means the change that staled it was committed without rebuilding.
    """
    from tools.staff import ar2020
    from tools.staff.search import read_search_cache

    cached = read_search_cache(ar2020.search_key(), ar2020.SEARCH_CACHE)
    assert set(cached) == {"Annex II", "Annex III"}, "tools/cache/ar2020_search.json is stale"
