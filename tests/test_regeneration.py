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


def test_search_caches_are_current() -> None:
    """The committed search caches were made from the committed inputs and engine version.

    A stale cache is not wrong (the build searches again), but it makes every build
    slow and means the change that staled it was committed without rebuilding. The key
    covers the rows, the readings of the Total row, the whitespace ladder, the overrides
    and ``tools.staff.solver.ENGINE_VERSION``, not the pipeline's source files.
    """
    from tools.staff import ar2018, ar2020, tables

    cached = tables.read_cache(ar2020.SEARCH_CACHE)
    keys = ar2020.search_key()
    assert set(keys) == {"Annex II", "Annex III"}
    for name, key in keys.items():
        assert cached[name]["key"] == key, f"tools/cache/ar2020_search.json is stale for {name}"
    assert set(tables.read_cache(ar2018.SEARCH_CACHE)) == {"Annex II", "Annex III"}
