"""``iomdata.export()``: files, the Frictionless descriptor, and the atomic write."""

from __future__ import annotations

import doctest
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from conftest import DATA, ENTRIES

import iomdata
from iomdata import _atomic, _export, _specs

DESCRIPTOR = _export.DESCRIPTOR_NAME

# Datasets with rows: frictionless reads no table from an empty JSON array.
NON_EMPTY = sorted(name for name, entry in ENTRIES.items() if entry["rows"] > 0)
FIELD_TYPES: dict[type[pl.DataType], str] = {
    pl.Int16: "integer",
    pl.Int64: "integer",
    pl.Float64: "number",
}


def _field_type(dtype: pl.DataType) -> str:
    if dtype == pl.Boolean:
        return "boolean"
    if dtype == pl.String:
        return "string"
    return FIELD_TYPES[type(dtype)]


def _tree(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (relative path -> bytes)."""
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def previous_export(tmp_path: Path) -> Path:
    """``tmp_path / "out"`` holding a CSV export of sources and errata (an earlier export)."""
    target = tmp_path / "out"
    iomdata.export(target, datasets=["sources", "errata"])
    return target


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One full export per format, shared by the read-only tests of this module."""
    root = tmp_path_factory.mktemp("exports")
    return {fmt: iomdata.export(root / fmt, format=fmt) for fmt in _export.FORMATS}


def _descriptor(path: Path) -> dict[str, Any]:
    package: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return package


@pytest.mark.parametrize("fmt", _export.FORMATS)
def test_export_writes_every_dataset(exports: dict[str, Path], fmt: str) -> None:
    """One file per dataset plus datapackage.json; the paths match the resources."""
    descriptor = exports[fmt]
    assert descriptor.name == "datapackage.json"
    package = _descriptor(descriptor)
    files = {path.name for path in descriptor.parent.iterdir()}
    assert {f"{name}.{fmt}" for name in ENTRIES} | {"datapackage.json"} == files
    assert sorted(ENTRIES) == [resource["name"] for resource in package["resources"]]
    for resource in package["resources"]:
        data = (descriptor.parent / resource["path"]).read_bytes()
        assert f"sha256:{hashlib.sha256(data).hexdigest()}" == resource["hash"]
        assert (resource["format"], resource["type"]) == (fmt, "table")
        if fmt == "csv":
            assert len(data) == resource["bytes"]
        else:
            assert "bytes" not in resource


def test_package_metadata(exports: dict[str, Path]) -> None:
    """Name, data version, licence note and the source documents with their symbols."""
    package = _descriptor(exports["csv"])
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert (package["name"], package["version"]) == ("iomdata", iomdata.data_version())
    assert package["licenses"][0]["name"] == "MIT"
    assert "figures are IOM's" in package["description"]
    titles = [source["title"] for source in package["sources"]]
    assert len(titles) == len(iomdata.sources())
    for source in iomdata.sources():
        matching = [title for title in titles if title.startswith(source.title)]
        assert len(matching) == 1, source.id
        if source.symbol:
            assert source.symbol in matching[0]
    assert any("C/112/INF/1/Corr.1" in title for title in titles)


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_table_schema(exports: dict[str, Path], name: str) -> None:
    """Fields in dataset order, typed from the schema, described; the primary key."""
    resource = next(r for r in _descriptor(exports["csv"])["resources"] if r["name"] == name)
    frame = iomdata.load(name)
    fields = resource["schema"]["fields"]
    assert frame.columns == [field["name"] for field in fields]
    for field in fields:
        assert _field_type(frame.schema[field["name"]]) == field["type"], field["name"]
        assert field["description"], field["name"]
    assert list(_specs.SPECS[name].key) == resource["schema"]["primaryKey"]
    assert resource["title"] == _specs.SPECS[name].title
    sources = {s["title"] for s in resource["sources"]}
    assert len(sources) == len(ENTRIES[name]["sources"])


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_spec_describes_every_column(name: str) -> None:
    """Every bundled dataset has a spec: its columns in order, described, and a key."""
    columns = ENTRIES[name]["columns"]
    spec = _specs.SPECS[name]
    assert list(spec.names) == columns
    assert all(column.meaning for column in spec.columns)
    assert set(spec.key) <= set(columns)


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_primary_key_is_unique(name: str) -> None:
    """No two rows share a primary key, and no key column is empty."""
    key = list(_specs.SPECS[name].key)
    frame = iomdata.load(name).select(key)
    assert frame.null_count().sum_horizontal().item() == 0
    assert frame.is_duplicated().sum() == 0


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_frictionless_validates(exports: dict[str, Path], fmt: str) -> None:
    """``frictionless validate datapackage.json`` passes (types, keys, hashes, sizes)."""
    pytest.importorskip("frictionless")
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", str(exports[fmt])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_frictionless_validates_json(tmp_path: Path) -> None:
    """The JSON export of the datasets with rows validates too."""
    pytest.importorskip("frictionless")
    descriptor = iomdata.export(tmp_path / "json", format="json", datasets=NON_EMPTY)
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", str(descriptor)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_files_hold_the_data(exports: dict[str, Path], name: str) -> None:
    """CSV is the bundled bytes; Parquet and JSON read back to the same frame."""
    assert (DATA / ENTRIES[name]["path"]).read_bytes() == (
        exports["csv"].parent / f"{name}.csv"
    ).read_bytes()
    frame = iomdata.load(name)
    parquet = pl.read_parquet(exports["parquet"].parent / f"{name}.parquet")
    assert frame.equals(parquet)
    assert frame.schema == parquet.schema
    rows = json.loads((exports["json"].parent / f"{name}.json").read_text(encoding="utf-8"))
    assert frame.to_dicts() == rows


def test_parquet_keeps_nullable_integers_in_pandas(exports: dict[str, Path]) -> None:
    """With pyarrow, pandas reads the Parquet export with nullable integer dtypes."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.read_parquet(exports["parquet"].parent / "key_figures.parquet")
    assert str(frame["edition"].dtype) == "Int16"
    assert frame["edition"].isna().sum() == iomdata.load("key_figures")["edition"].null_count()


def test_subset_order_and_duplicates(tmp_path: Path) -> None:
    """Only the named datasets, in the order given, each once; a bare name works too."""
    descriptor = iomdata.export(tmp_path / "a", datasets=["sources", "errata", "sources"])
    names = [r["name"] for r in _descriptor(descriptor)["resources"]]
    assert names == ["sources", "errata"]
    descriptor = iomdata.export(tmp_path / "b", datasets="sources")
    assert [r["name"] for r in _descriptor(descriptor)["resources"]] == ["sources"]


def test_bad_arguments_touch_nothing(tmp_path: Path) -> None:
    """An unknown format or dataset, or no dataset at all, is refused before writing."""
    with pytest.raises(ValueError, match="unknown export format 'xlsx'; formats: csv, json"):
        iomdata.export(tmp_path / "x", format="xlsx")  # type: ignore[arg-type]
    with pytest.raises(iomdata.UnknownDatasetError, match=r"datasets: .*staff_by_category"):
        iomdata.export(tmp_path / "x", datasets=["sources", "nope"])
    with pytest.raises(ValueError, match="no datasets to export"):
        iomdata.export(tmp_path / "x", datasets=[])
    assert list(tmp_path.iterdir()) == []


def test_non_empty_target_is_refused_untouched(tmp_path: Path) -> None:
    """A non-empty directory is refused without force, its files byte for byte intact."""
    target = tmp_path / "out"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    before = _tree(target)
    stat = (target / "notes.txt").stat()
    with pytest.raises(FileExistsError, match="is not empty; choose a new or empty"):
        iomdata.export(target)
    # Even with force: it is not a previous export.
    with pytest.raises(FileExistsError, match="not replaced even with force"):
        iomdata.export(target, force=True)
    assert before == _tree(target)
    assert stat.st_mtime_ns == (target / "notes.txt").stat().st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_empty_directory_is_filled(tmp_path: Path) -> None:
    """An existing empty directory is a valid target."""
    (tmp_path / "out").mkdir()
    iomdata.export(tmp_path / "out", datasets=["sources"])
    assert {"sources.csv", "datapackage.json"} == {p.name for p in (tmp_path / "out").iterdir()}


def test_force_replaces_a_previous_export(tmp_path: Path) -> None:
    """With force, a previous export is replaced as a whole (no stale files)."""
    target = tmp_path / "out"
    iomdata.export(target, format="parquet", datasets=["sources", "errata"])
    iomdata.export(target, datasets=["sources"], force=True)
    assert {"sources.csv", "datapackage.json"} == {p.name for p in target.iterdir()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        ("file", NotADirectoryError, "is not a directory"),
        ("file-parent", NotADirectoryError, "is not a directory"),
        ("no-parent", FileNotFoundError, "does not exist; create it first"),
    ],
)
def test_unusable_targets(tmp_path: Path, make: str, error: type[Exception], message: str) -> None:
    """A file as target or parent, or a missing parent, is refused with what to do."""
    (tmp_path / "file").write_text("x", encoding="utf-8")
    target = {
        "file": tmp_path / "file",
        "file-parent": tmp_path / "file" / "out",
        "no-parent": tmp_path / "missing" / "out",
    }[make]
    with pytest.raises(error, match=message):
        iomdata.export(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_unwritable_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A parent that cannot be written to is named with what would work."""

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "mkdir", refuse)
    with pytest.raises(PermissionError, match="choose a directory you can write to"):
        iomdata.export(tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="needs POSIX permissions that apply (root writes anywhere)",
)
def test_read_only_parent(tmp_path: Path) -> None:
    """A read-only parent directory (as an ordinary user sees it) is refused."""
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        with pytest.raises(PermissionError, match="cannot write in"):
            iomdata.export(parent / "out")
    finally:
        parent.chmod(0o755)


class _Interrupted(BaseException):
    """Stands in for a KeyboardInterrupt without stopping pytest."""


def _interrupt_at(monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    """Make the export stop while encoding its ``number``-th dataset."""
    calls: list[str] = []
    original = _export._encode

    def encode(store: Any, name: str, fmt: Any) -> bytes:
        calls.append(name)
        if len(calls) == number:
            raise _Interrupted
        return original(store, name, fmt)

    monkeypatch.setattr(_export, "_encode", encode)


def test_interrupted_export_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export interrupted midway leaves no target and no temporary directory."""
    _interrupt_at(monkeypatch, 3)
    with pytest.raises(_Interrupted):
        iomdata.export(tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_interrupted_forced_export_keeps_the_previous_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interrupted replacement leaves the previous export exactly as it was."""
    target = tmp_path / "out"
    iomdata.export(target, datasets=["sources", "errata", "indicators"])
    before = _tree(target)
    _interrupt_at(monkeypatch, 2)
    with pytest.raises(_Interrupted):
        iomdata.export(target, format="parquet", force=True)
    assert before == _tree(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_failed_final_rename_restores_the_previous_export(
    tmp_path: Path, previous_export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If moving the new export into place fails, the previous one is put back."""
    target = previous_export
    before = _tree(target)
    original = os.rename

    def rename(source: Any, destination: Any) -> None:
        if str(source).endswith(".partial"):
            raise OSError(28, "No space left on device")
        original(source, destination)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError, match="No space left"):
        iomdata.export(target, datasets=["errata"], force=True)
    assert before == _tree(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_doctests() -> None:
    """The examples in the docstrings of the export and spec modules run."""
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    for module in (_export, _specs):
        assert doctest.testmod(module, optionflags=flags).failed == 0, module.__name__


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        ([5], "a dataset name must be a str, not int: 5"),
        ([None], "a dataset name must be a str, not NoneType"),
        (b"sources", "a dataset name must be a str, not int"),
        (5, "datasets must be dataset names or None, not int"),
    ],
)
def test_dataset_names_must_be_strings(tmp_path: Path, selection: Any, message: str) -> None:
    """A selection that is not a list of names is a TypeError saying so; nothing is written."""
    with pytest.raises(TypeError, match=re.escape(message)):
        iomdata.export(tmp_path / "out", datasets=selection)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------
# Issue 15: an export never deletes or replaces anything but a previous export
# ---------------------------------------------------------------------------------------


def test_force_refuses_a_project_holding_a_copied_descriptor(tmp_path: Path) -> None:
    """A descriptor copied into a project does not make the project replaceable (case 1)."""
    iomdata.export(tmp_path / "prev", datasets=["sources"])
    project = tmp_path / "proj"
    (project / "src").mkdir(parents=True)
    (project / "src" / "main.py").write_text("print(1)\n", encoding="utf-8")
    (project / "datapackage.json").write_bytes((tmp_path / "prev" / DESCRIPTOR).read_bytes())
    before = _tree(project)
    with pytest.raises(FileExistsError, match=r"did not write: 'src'.*not replaced even with"):
        iomdata.export(project, datasets=["sources"], force=True)
    assert before == _tree(project)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prev", "proj"]


def test_force_refuses_a_previous_export_with_a_file_added(previous_export: Path) -> None:
    """A file the user added to a previous export is named, and nothing is replaced."""
    target = previous_export
    (target / "notes.md").write_text("my reading notes\n", encoding="utf-8")
    before = _tree(target)
    with pytest.raises(FileExistsError, match=r"did not write: 'notes.md'"):
        iomdata.export(target, datasets=["sources"], force=True)
    assert before == _tree(target)


def test_force_refuses_a_previous_export_with_a_changed_file(previous_export: Path) -> None:
    """A file of a previous export edited since (another sha256) is named, and kept."""
    target = previous_export
    with (target / "errata.csv").open("a", encoding="utf-8") as file:
        file.write("my own row\n")
    before = _tree(target)
    with pytest.raises(FileExistsError, match=r"changed since it was written: 'errata.csv'"):
        iomdata.export(target, force=True)
    assert before == _tree(target)


def test_force_replaces_a_previous_export_missing_a_file(previous_export: Path) -> None:
    """A previous export the user removed a file from is still only ours: replaced."""
    target = previous_export
    (target / "errata.csv").unlink()
    iomdata.export(target, datasets=["indicators"], force=True)
    assert {"indicators.csv", DESCRIPTOR} == {p.name for p in target.iterdir()}


@pytest.mark.parametrize("force", [False, True])
def test_a_directory_that_appears_while_writing_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    """Files that appear at the target while the export writes are never lost (case 2)."""
    target = tmp_path / "target"
    original = _export._write_package

    def write_while_someone_creates_the_target(*args: Any) -> None:
        original(*args)
        target.mkdir()
        (target / "thesis.txt").write_text("draft\n", encoding="utf-8")

    monkeypatch.setattr(_export, "_write_package", write_while_someone_creates_the_target)
    with pytest.raises(FileExistsError, match="not"):
        iomdata.export(target, format="parquet", datasets=["sources"], force=force)
    assert _tree(target) == {"thesis.txt": b"draft\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]


def test_a_file_added_to_a_previous_export_while_writing_is_kept(
    tmp_path: Path, previous_export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With force, the previous export is checked again at the swap, not only at the start."""
    target = previous_export
    original = _export._write_package

    def write_while_someone_adds_a_file(*args: Any) -> None:
        original(*args)
        (target / "late.txt").write_text("added during the export\n", encoding="utf-8")

    monkeypatch.setattr(_export, "_write_package", write_while_someone_adds_a_file)
    with pytest.raises(FileExistsError, match=r"'late\.txt'"):
        iomdata.export(target, datasets=["errata"], force=True)
    assert (target / "late.txt").read_text(encoding="utf-8") == "added during the export\n"
    assert (target / "sources.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("path", [".", "", "./", "sub/.."])
def test_the_current_directory_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """export('.'), export('') and the like never replace the working directory (case 3)."""
    work = tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    monkeypatch.chdir(work)
    before = work.stat()
    with pytest.raises(ValueError, match="current directory"):
        iomdata.export(path, datasets=["sources"])
    after = work.stat()
    assert (before.st_ino, before.st_mode) == (after.st_ino, after.st_mode)
    assert sorted(p.name for p in work.iterdir()) == ["sub"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]


def test_parents_of_the_current_and_home_directories_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A directory holding the working or the home directory is never a target."""
    (tmp_path / "home" / "me").mkdir(parents=True)
    (tmp_path / "work" / "deep").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(tmp_path / "home" / "me"))
    monkeypatch.chdir(tmp_path / "work" / "deep")
    for target, what in [
        (tmp_path / "work", "contains the current directory"),
        (tmp_path / "home" / "me", "is your home directory"),
        (tmp_path / "home", "contains your home directory"),
    ]:
        with pytest.raises(ValueError, match=what):
            iomdata.export(target, datasets=["sources"], force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "work"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_the_export_respects_the_umask(tmp_path: Path, umask: int) -> None:
    """The directory and its files get the permissions the umask gives new ones (case 3)."""
    previous = os.umask(umask)
    try:
        iomdata.export(tmp_path / "out", datasets=["sources"])
    finally:
        os.umask(previous)
    assert oct((tmp_path / "out").stat().st_mode & 0o777) == oct(0o777 & ~umask)
    for path in (tmp_path / "out").iterdir():
        assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~umask), path.name


def test_a_second_interrupt_does_not_stop_the_cleanup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real SIGINTs: one midway, another during the cleanup; nothing is left (case 4)."""
    import shutil
    import signal

    original_rmtree = shutil.rmtree
    original_encode = _export._encode
    calls: list[str] = []

    def encode(store: Any, name: str, fmt: Any) -> bytes:
        calls.append(name)
        if len(calls) == 2:
            signal.raise_signal(signal.SIGINT)
        return original_encode(store, name, fmt)

    def rmtree(path: Any, *args: Any, **kwargs: Any) -> None:
        signal.raise_signal(signal.SIGINT)  # Ctrl-C pressed again while cleaning up
        original_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(_export, "_encode", encode)
    monkeypatch.setattr(shutil, "rmtree", rmtree)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    with pytest.raises(KeyboardInterrupt):
        iomdata.export(tmp_path / "out", format="parquet")
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.parametrize("round_", range(4))
def test_concurrent_forced_exports(tmp_path: Path, round_: int) -> None:
    """Eight threads force-exporting to one target: each succeeds or refuses (case 5)."""
    from concurrent.futures import ThreadPoolExecutor

    target = tmp_path / f"out{round_}"
    iomdata.export(target, datasets=["sources"])

    def run(index: int) -> str:
        names = ["sources", "errata"][: 1 + index % 2]
        try:
            iomdata.export(target, datasets=names, force=True)
        except FileExistsError as exc:
            return f"refused: {exc}"
        return "written"

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(run, range(8)))
    assert "written" in outcomes
    assert all(o == "written" or str(target) in o for o in outcomes), outcomes
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    package = _descriptor(target / DESCRIPTOR)
    files = {p.name for p in target.iterdir()}
    assert files == {DESCRIPTOR} | {r["path"] for r in package["resources"]}
    _atomic.previous_export_files(target)  # still a whole, unchanged export


def test_a_symbolic_link_target_is_refused(tmp_path: Path) -> None:
    """A link at the target is refused with a message; no link or directory is left (case 5)."""
    real = tmp_path / "real"
    iomdata.export(real, datasets=["sources"])
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    before = _tree(real)
    with pytest.raises(FileExistsError, match="is a symbolic link"):
        iomdata.export(tmp_path / "link", datasets=["errata"], force=True)
    assert before == _tree(real)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]
    assert (tmp_path / "link").resolve() == real


_NO_PYARROW = """
import sys
sys.modules["pyarrow"] = None  # an install without the pandas extra
import iomdata
iomdata.export(sys.argv[1], format="parquet")
assert "pyarrow" not in sys.modules or sys.modules["pyarrow"] is None
"""


def test_parquet_is_the_same_without_pyarrow(exports: dict[str, Path], tmp_path: Path) -> None:
    """The Parquet export is byte for byte the same with and without pyarrow (case 11)."""
    out = tmp_path / "without"
    subprocess.run([sys.executable, "-c", _NO_PYARROW, str(out)], check=True, timeout=300)
    assert _tree(exports["parquet"].parent) == _tree(out)


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_parquet_schema_message_is_what_pyarrow_reads(name: str) -> None:
    """The Arrow schema iomdata encodes is the frame's schema with the pandas metadata."""
    pa = pytest.importorskip("pyarrow")
    frame = iomdata.load(name)
    metadata = _export._pandas_metadata(frame)
    message = _export._arrow_schema_message(frame.schema, metadata)
    read = pa.ipc.read_schema(pa.py_buffer(message))
    assert read.equals(frame.to_arrow().schema.with_metadata(metadata), check_metadata=True)


def test_parquet_nullable_integers_read_back_in_pandas(exports: dict[str, Path]) -> None:
    """In pandas, integer columns with missing values are nullable integers, not NaN."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    for name in ("key_figures", "women_share_by_grade"):
        frame = pd.read_parquet(exports["parquet"].parent / f"{name}.parquet")
        expected = iomdata.load(name)
        for column, dtype in expected.schema.items():
            if dtype.is_integer():
                assert str(frame[column].dtype).startswith("Int"), (name, column)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_force_over_a_fifo_descriptor_is_refused_at_once(tmp_path: Path) -> None:
    """A FIFO named datapackage.json is not read (it would block): the target is refused."""
    target = tmp_path / "out"
    target.mkdir()
    os.mkfifo(target / DESCRIPTOR)
    with pytest.raises(FileExistsError, match=r"holds no datapackage\.json written by iomdata"):
        iomdata.export(target, datasets=["sources"], force=True)
    assert [p.name for p in target.iterdir()] == [DESCRIPTOR]


def test_a_loop_of_links_is_refused(tmp_path: Path) -> None:
    """A target that is a link to itself is refused as a link, not an error from resolve()."""
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    with pytest.raises(FileExistsError, match="is a symbolic link"):
        iomdata.export(tmp_path / "loop", datasets=["sources"])
    assert [p.name for p in tmp_path.iterdir()] == ["loop"]


def test_a_file_added_after_the_last_check_is_kept(
    tmp_path: Path, previous_export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only verified files are deleted: one that appears after the check survives, named."""
    target = previous_export
    original = _atomic.previous_export_files

    def check_then_someone_writes(directory: Path) -> tuple[str, ...]:
        listed = original(directory)
        if directory.name.endswith(".old"):  # set aside: a writer with an open handle
            (directory / "late.txt").write_text("still here\n", encoding="utf-8")
        return listed

    monkeypatch.setattr(_atomic, "previous_export_files", check_then_someone_writes)
    with pytest.raises(FileExistsError, match=r"the export is in .*'late\.txt'.*kept in"):
        iomdata.export(target, datasets=["errata"], force=True)
    assert {p.name for p in target.iterdir()} == {"errata.csv", DESCRIPTOR}
    (kept,) = (p for p in tmp_path.iterdir() if p.name.endswith(".old"))
    assert [p.name for p in kept.iterdir()] == ["late.txt"]
