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
