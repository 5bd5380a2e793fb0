"""Shared fixtures: where the repository, the pipeline and the source texts are."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import iomdata
from iomdata._resources import ResourceStore

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The source texts; tests that need them skip where they are not checked out."""
    if not SOURCES.is_dir():
        pytest.skip(f"source texts not found at {SOURCES} (they sit beside the repository)")
    return SOURCES


@pytest.fixture
def data_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the installed package's _data folder."""
    import importlib.resources

    installed = importlib.resources.files("iomdata") / "_data"
    target = tmp_path / "_data"
    target.mkdir()
    for node in installed.iterdir():
        if node.is_file():
            (target / node.name).write_bytes(node.read_bytes())
    yield target
    shutil.rmtree(target)


@pytest.fixture
def store_copy(data_copy: Path) -> ResourceStore:
    """A resource store reading the writable copy."""
    return ResourceStore(data_copy)


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace: dict[str, object]) -> None:
    doctest_namespace["iomdata"] = iomdata
