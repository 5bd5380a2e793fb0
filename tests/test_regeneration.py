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
    covers the rows, the readings of the Total row, the overrides and
    ``tools.staff.solver.ENGINE_VERSION``, not the pipeline's source files, so a
    refactor that keeps the engine version keeps the cache.
    """
    from tools.staff import ar2018, ar2020, tables
    from tools.staff.statuses import read_overrides

    overrides = read_overrides(ar2020.OVERRIDES)
    cached = tables.read_cache(ar2020.SEARCH_CACHE)
    for annex in ("II", "III"):
        layout = ar2020.LAYOUTS[annex]
        _, spec = ar2020.spec(annex, overrides.get(layout.table, {}))
        assert cached[layout.table]["key"] == tables.cache_key(spec), layout.table
    cached = tables.read_cache(ar2018.SEARCH_CACHE)
    assert set(cached) == {"Annex II", "Annex III"}
