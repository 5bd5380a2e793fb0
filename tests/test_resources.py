"""The bundled resources against their manifest, and damage detection."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from conftest import DATA, ENTRIES, MANIFEST, ChildRead

import iomdata
from iomdata import _verify
from iomdata._resources import MANIFEST_NAME, ResourceStore, default_store
from iomdata._schemas import SCHEMAS


def test_every_file_is_listed() -> None:
    """Every file under _data/ is the manifest or a resource it lists."""
    listed = {entry["path"] for entry in ENTRIES.values()} | {MANIFEST_NAME}
    shipped = {node.name for node in DATA.iterdir()}
    assert shipped == listed


def test_manifest_lists_every_dataset() -> None:
    """The manifest lists exactly the datasets that have a schema."""
    assert set(ENTRIES) == set(SCHEMAS)
    assert iomdata.datasets() == tuple(sorted(SCHEMAS))


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_resource_matches_manifest(name: str) -> None:
    """Each listed resource ships with the recorded hash, size, columns and rows."""
    entry = ENTRIES[name]
    data = (DATA / entry["path"]).read_bytes()
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry["bytes"] == len(data)
    frame = iomdata.load(name)
    assert entry["rows"] == frame.height
    assert entry["columns"] == frame.columns
    assert frame.schema == SCHEMAS[name]


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_manifest_sources_and_editions(name: str) -> None:
    """The manifest's sources and editions are those present in the rows."""
    entry = ENTRIES[name]
    frame = iomdata.load(name)
    column = "id" if name == "sources" else "source"
    if column in frame.columns:
        assert entry["sources"] == sorted(frame.get_column(column).unique().to_list())
    if "edition" in frame.columns:
        assert entry["editions"] == sorted(frame.get_column("edition").drop_nulls().unique())


def test_every_row_source_is_a_known_source() -> None:
    """Every source id used by any dataset is described in `sources`."""
    known = {source.id for source in iomdata.sources()}
    used = {source for entry in ENTRIES.values() for source in entry["sources"]}
    assert used <= known


def test_data_version_is_the_manifest_version() -> None:
    """data_version() reports the manifest's version."""
    assert iomdata.data_version() == MANIFEST["data_version"]


def test_tampered_resource_is_refused(data_copy: Path, store_copy: ResourceStore) -> None:
    """A resource whose bytes changed raises DataIntegrityError naming it and both hashes."""
    path = data_copy / "staff_by_category.csv"
    original = path.read_bytes()
    # Change the first digit of the data rows: a plausible, silent-looking edit.
    position = original.index(b"\n") + 1
    digit = original[position : position + 1]
    assert digit.isdigit()
    replacement = b"1" if digit != b"1" else b"2"
    path.write_bytes(original[:position] + replacement + original[position + 1 :])
    expected = ENTRIES["staff_by_category"]["sha256"]
    with pytest.raises(iomdata.DataIntegrityError, match=r"staff_by_category\.csv") as info:
        store_copy.frame("staff_by_category")
    assert expected in str(info.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() in str(info.value)


def test_truncated_resource_is_refused(data_copy: Path, store_copy: ResourceStore) -> None:
    """A truncated resource is refused, not loaded short."""
    path = data_copy / "key_figures.csv"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(iomdata.DataIntegrityError, match=r"key_figures\.csv"):
        store_copy.frame("key_figures")


def test_missing_resource_is_refused(data_copy: Path, store_copy: ResourceStore) -> None:
    """A manifest entry whose file is missing raises DataIntegrityError naming it."""
    (data_copy / "errata.csv").unlink()
    with pytest.raises(iomdata.DataIntegrityError, match=r"errata\.csv"):
        store_copy.frame("errata")


def test_corrupt_manifest_is_refused(data_copy: Path, store_copy: ResourceStore) -> None:
    """A manifest that is not valid JSON raises DataIntegrityError naming the manifest."""
    (data_copy / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    with pytest.raises(iomdata.DataIntegrityError, match=MANIFEST_NAME):
        store_copy.frame("sources")


def test_manifest_with_unknown_key_is_refused(data_copy: Path, store_copy: ResourceStore) -> None:
    """A manifest with a key the loader does not know is an integrity error, not ignored."""
    manifest = json.loads((data_copy / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest["resources"][0]["surprise"] = 1
    (data_copy / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(iomdata.DataIntegrityError, match="surprise"):
        _ = store_copy.manifest


def test_consistent_but_wrong_row_count_is_refused(
    data_copy: Path, store_copy: ResourceStore
) -> None:
    """Rows dropped with a matching re-hash still fail on the recorded row count."""
    manifest = json.loads((data_copy / MANIFEST_NAME).read_text(encoding="utf-8"))
    entry = next(e for e in manifest["resources"] if e["name"] == "sources")
    path = data_copy / entry["path"]
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-1]))
    entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    entry["bytes"] = path.stat().st_size
    (data_copy / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(iomdata.DataIntegrityError, match="rows"):
        store_copy.frame("sources")


def test_each_caller_gets_its_own_frame() -> None:
    """Mutating a returned frame cannot change what the next caller receives."""
    first = iomdata.load("staff_by_category")
    before = first.clone()
    first = first.with_columns(pl.lit(0).cast(pl.Int64).alias("count"))
    first.drop_in_place("source")
    assert iomdata.load("staff_by_category").equals(before)


def test_default_store_is_shared() -> None:
    """One store serves the process, so each resource is verified once."""
    assert default_store() is default_store()


# ---------------------------------------------------------------------------------------
# Issue 15, cases 9 and 10: duplicate or escaping manifest entries, special files
# ---------------------------------------------------------------------------------------


def _edit_manifest(data_copy: Path, edit: Callable[[list[dict[str, Any]]], object]) -> None:
    manifest = json.loads((data_copy / MANIFEST_NAME).read_bytes())
    edit(manifest["resources"])
    (data_copy / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")


def _duplicate(resources: list[dict[str, Any]], **changes: object) -> None:
    first = next(entry for entry in resources if entry["name"] == "sources")
    resources.append({**first, **changes})


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"sha256": "0" * 64}, "dataset 'sources' twice"),
        ({}, "dataset 'sources' twice"),
        ({"name": "sources_again"}, "path 'sources.csv' twice"),
    ],
    ids=["wrong-hash", "identical", "same-file-other-name"],
)
def test_duplicate_manifest_entry_is_refused(
    data_copy: Path, changes: dict[str, object], named: str
) -> None:
    """A dataset or file listed twice is damage: loading and verify both say so (case 9)."""
    _edit_manifest(data_copy, lambda resources: _duplicate(resources, **changes))
    with pytest.raises(iomdata.DataIntegrityError, match=re.escape(named)):
        ResourceStore(data_copy).frame("sources")
    report = _verify.run(data_copy)
    assert not report.ok
    assert any(named in proof.detail for proof in report.proofs if proof.status == "failed")


@pytest.mark.parametrize(
    "path", ["../sources.csv", "/etc/hostname", "sub/sources.csv", "..", "", MANIFEST_NAME]
)
def test_manifest_path_outside_the_data_folder_is_refused(data_copy: Path, path: str) -> None:
    """A manifest path must be one file name inside _data/; the error names the entry."""

    def escape(resources: list[dict[str, Any]]) -> None:
        next(entry for entry in resources if entry["name"] == "errata")["path"] = path

    _edit_manifest(data_copy, escape)
    with pytest.raises(iomdata.DataIntegrityError, match=r"dataset 'errata' with path"):
        ResourceStore(data_copy).frame("sources")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_place_of_a_resource_is_refused(
    data_copy: Path, read_in_a_child: ChildRead
) -> None:
    """A FIFO where a resource should be is refused at once, not read forever (case 10)."""
    path = data_copy / ENTRIES["sources"]["path"]
    path.unlink()
    os.mkfifo(path)
    result = read_in_a_child(data_copy, "sources")
    output = result.stdout + result.stderr
    assert (
        "DataIntegrityError: bundled resource 'sources.csv' fails its integrity check: it is not a regular file"
        in output
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_an_endless_device_is_refused(
    data_copy: Path, read_in_a_child: ChildRead
) -> None:
    """A link to /dev/zero is refused before reading, not read into memory (case 10)."""
    path = data_copy / ENTRIES["sources"]["path"]
    path.unlink()
    path.symlink_to("/dev/zero")
    result = read_in_a_child(data_copy, "sources")
    output = result.stdout + result.stderr
    assert (
        "DataIntegrityError: bundled resource 'sources.csv' fails its integrity check: it is not a regular file"
        in output
    )


def test_a_larger_file_is_refused_before_reading(
    data_copy: Path, read_in_a_child: ChildRead
) -> None:
    """A resource larger than the manifest records is refused by its size alone."""
    path = data_copy / ENTRIES["sources"]["path"]
    with path.open("ab") as file:
        file.truncate(10 * 1024**3)  # sparse: 10 GB that take no space
    result = read_in_a_child(data_copy, "sources")
    output = result.stdout + result.stderr
    assert f"has {10 * 1024**3} bytes, the manifest records" in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_manifest_is_refused(data_copy: Path, read_in_a_child: ChildRead) -> None:
    """A FIFO in place of the manifest is refused, naming the manifest."""
    (data_copy / MANIFEST_NAME).unlink()
    os.mkfifo(data_copy / MANIFEST_NAME)
    result = read_in_a_child(data_copy, "sources")
    output = result.stdout + result.stderr
    assert "DataIntegrityError: the data manifest 'manifest.json' cannot be read" in output


def test_a_link_to_a_good_copy_still_reads(data_copy: Path, tmp_path: Path) -> None:
    """A resource that is a link to an intact regular file is read as usual."""
    path = data_copy / ENTRIES["sources"]["path"]
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(elsewhere)
    assert ResourceStore(data_copy).frame("sources").height == ENTRIES["sources"]["rows"]
