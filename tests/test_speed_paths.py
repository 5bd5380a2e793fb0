"""The fast paths of issue 18 give what the plain ones give, and load only what they must."""

from __future__ import annotations

import hashlib
import importlib.resources
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import polars as pl
import pytest
from conftest import rewrite_resource

import iomdata
from iomdata import _export, _resources, _verify
from iomdata._dtypes import PYTHON_TYPES
from iomdata._resources import ResourceStore, default_store, package_data
from iomdata._schemas import COLUMNS, NULLABLE

NAMES = iomdata.datasets()


def _loaded_after(code: str) -> object:
    """What a fresh process running ``code`` prints as JSON (its last line)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stderr == ""
    found: object = json.loads(done.stdout.splitlines()[-1])
    return found


def test_import_builds_only_the_core_records() -> None:
    """``import iomdata`` loads neither the manifest's, the sources' nor the series' code."""
    found = _loaded_after(
        """
        import json, sys
        import iomdata
        print(json.dumps(sorted(m for m in sys.modules if m.startswith("iomdata"))))
        """
    )
    assert found == [
        "iomdata",
        "iomdata._api",
        "iomdata._convert",
        "iomdata._errors",
        "iomdata._models",
        "iomdata._resources",
        "iomdata._version",
    ]


def test_lazy_names_are_the_modules_own() -> None:
    """Source, Erratum and the series functions, loaded on access, are the defining ones."""
    from iomdata import _series, _source_records

    assert iomdata.Source is _source_records.Source
    assert iomdata.Erratum is _source_records.Erratum
    assert (iomdata.series, iomdata.indicator, iomdata.indicators) == (
        _series.series,
        _series.indicator,
        _series.indicators,
    )
    assert isinstance(iomdata.sources()[0], iomdata.Source)


def test_record_path_loads_no_heavy_module() -> None:
    """A key figure and total staff: no polars, importlib.resources, pathlib or libcrypto."""
    found = _loaded_after(
        """
        import json, sys
        import iomdata
        figures = iomdata.key_figures(2020)
        value = figures.get(figures.ids()[-1]).value
        total = iomdata.staff(2020).total_staff
        heavy = ("polars", "importlib.resources", "pathlib", "zipfile", "tempfile", "_hashlib")
        print(json.dumps({"total": total, "loaded": [m for m in heavy if m in sys.modules]}))
        """
    )
    assert found == {"total": 16254, "loaded": []}


def test_verify_needs_no_polars() -> None:
    """``verify()`` proves the rows read without Polars, and every proof holds."""
    found = _loaded_after(
        """
        import json, sys
        import iomdata
        report = iomdata.verify()
        print(json.dumps({"ok": report.ok, "polars": "polars" in sys.modules}))
        """
    )
    assert found == {"ok": True, "polars": False}


def test_package_data_is_the_folder_importlib_resources_finds() -> None:
    """Installed as files, the data folder is found with os, the same importlib finds."""
    folder = package_data()
    assert isinstance(folder, str)
    assert Path(folder) == Path(str(importlib.resources.files("iomdata") / "_data"))
    assert Path(str(_verify.installed_root())) == Path(folder)


def test_store_over_a_traversable_reads_the_same() -> None:
    """A store over a Traversable that is no path reads the bytes a path-based one reads."""

    class Folder:
        """A Traversable-like folder that is not os.PathLike (as inside a zip)."""

        def __init__(self, path: Path) -> None:
            self.path = path

        def __truediv__(self, name: str) -> Path:
            return self.path / name

    folder = Path(str(package_data()))
    through_open = ResourceStore(Folder(folder))  # type: ignore[arg-type]
    for name in ("sources", "key_figures"):
        assert through_open.read_bytes(name) == default_store().read_bytes(name)
    assert through_open.rows("sources") == default_store().rows("sources")


@pytest.mark.parametrize("size", [0, 1000, 600 * 1024])
def test_sha256_matches_hashlib(size: int) -> None:
    """The interpreter's sha256 and OpenSSL's give the same digest, small or large."""
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    assert _resources._sha256(data) == hashlib.sha256(data).hexdigest()


def test_builtin_sha256_matches_hashlib_without_openssl() -> None:
    """In a process where libcrypto is not loaded, small data is hashed without loading it."""
    found = _loaded_after(
        """
        import json, sys
        from iomdata._resources import _sha256
        digest = _sha256(b"iomdata")
        print(json.dumps({"digest": digest, "openssl": "_hashlib" in sys.modules}))
        """
    )
    assert found == {"digest": hashlib.sha256(b"iomdata").hexdigest(), "openssl": False}


@pytest.mark.parametrize("name", NAMES)
def test_columnwise_rows_equal_field_by_field_rows(name: str) -> None:
    """The column-at-a-time reading gives the rows the field-by-field reading gives."""
    store = default_store()
    entry = store.entry(name)
    text = store.read_bytes(name).decode("utf-8")
    header = list(COLUMNS[name])
    dtypes = list(COLUMNS[name].values())
    nullable = [column in NULLABLE.get(name, frozenset()) for column in header]
    expected = _resources._rows_one_by_one(entry, header, text, dtypes, nullable)
    assert store.read_rows(name) == expected
    assert [tuple(map(type, row.values())) for row in store.read_rows(name)] == [
        tuple(map(type, row.values())) for row in expected
    ]


@pytest.mark.parametrize(
    ("new", "problem"),
    [
        (b"\n2020,40000,", "40000 is out of range (-32768 to 32767)"),
        (b"\n2020,1_000,", "not an integer: '1_000'"),
        (b"\n2020, 2020,", "not an integer: ' 2020'"),
    ],
)
def test_bad_integer_is_refused_naming_line_and_column(
    data_copy: Path, new: bytes, problem: str
) -> None:
    """An Int16 out of range or an integer int() would take but a resource never holds."""
    store = rewrite_resource(data_copy, "staff_by_category", b"\n2020,2020,", new)
    with pytest.raises(iomdata.DataIntegrityError, match=r"line \d+, year: ") as caught:
        store.rows("staff_by_category")
    assert problem in str(caught.value)
    # Polars refuses the out-of-range value too: the frames and the rows agree.
    if b"40000" in new:
        with pytest.raises(iomdata.DataIntegrityError):
            ResourceStore(data_copy).frame("staff_by_category")


def test_verify_reports_a_bad_field_as_an_integrity_failure(data_copy: Path) -> None:
    """A resource whose field does not fit its dtype fails its integrity proof in verify."""
    rewrite_resource(data_copy, "staff_by_category", b"\n2020,2020,", b"\n2020,twenty,")
    report = _verify.run(data_copy)
    failed = {proof.subject: proof.detail for proof in report.failed()}
    assert "not an integer: 'twenty'" in failed["staff_by_category.csv"]


@pytest.mark.parametrize("name", [name for name in NAMES if iomdata.load(name).height])
def test_json_rows_are_polars_ndjson_lines(name: str) -> None:
    """The JSON export is Polars' NDJSON lines as an array, byte for byte."""
    frame = iomdata.load(name)
    buffer = io.BytesIO()
    frame.write_ndjson(buffer)
    lines = buffer.getvalue().decode("utf-8").splitlines()
    expected = "[\n" + ",\n".join(lines) + "\n]\n"
    assert _export._json(default_store(), name).decode("utf-8") == expected
    assert json.loads(expected) == frame.to_dicts()


def test_json_keeps_a_line_break_inside_a_value() -> None:
    """A line break inside a value stays an escape: rows are split only between rows."""
    frame = pl.DataFrame({"a": ["one\ntwo", "three"], "b": [1, None]})

    class Store:
        def frame(self, name: str) -> pl.DataFrame:
            assert name == "x"
            return frame

    data = _export._json(Store(), "x")  # type: ignore[arg-type]
    assert data == b'[\n{"a":"one\\ntwo","b":1},\n{"a":"three","b":null}\n]\n'
    assert json.loads(data) == frame.to_dicts()


def test_python_types_cover_every_dtype() -> None:
    """Every dtype of every dataset has a Python type the rows are converted to."""
    assert {dtype for schema in COLUMNS.values() for dtype in schema.values()} <= set(PYTHON_TYPES)


@pytest.mark.parametrize(
    ("name", "old", "new", "line"),
    [
        # Unquoted: one field moved from the second row to the third, the total unchanged.
        (
            "sdg_resource_sdgs",
            b"Question 3,hbmm-framework,3\ndesa-sdg-survey-2021,Question 3,hbmm-framework,10",
            b"Question 3,hbmm-framework3\ndesa-sdg-survey-2021,Question 3,hbmm-framework,,10",
            2,
        ),
        # Quoted: the same in a resource the csv module reads.
        ("staff_by_category", b"\n2020,1995,professional,", b"\n2020,1995,professional,,", 2),
    ],
)
def test_row_with_another_number_of_fields_is_refused(
    data_copy: Path, name: str, old: bytes, new: bytes, line: int
) -> None:
    """A row with a field too many or too few is refused, naming its line, however read."""
    store = rewrite_resource(data_copy, name, old, new)
    with pytest.raises(iomdata.DataIntegrityError, match=rf", line {line}: \d fields"):
        store.rows(name)


def test_empty_resource_gives_no_rows(data_copy: Path) -> None:
    """A resource with its header and no row (as a build could write) reads as no rows."""
    path = data_copy / "sdg_resource_sdgs.csv"
    header = path.read_bytes().split(b"\n", 1)[0] + b"\n"
    path.write_bytes(header)
    manifest_path = data_copy / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["resources"]:
        if entry["name"] == "sdg_resource_sdgs":
            entry.update(sha256=hashlib.sha256(header).hexdigest(), bytes=len(header), rows=0)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert ResourceStore(data_copy).rows("sdg_resource_sdgs") == ()


def test_verify_proves_what_the_frames_would() -> None:
    """The proofs over the rows verify reads equal those over the frames' rows."""
    from iomdata._proofs import equations, explain

    store = ResourceStore(_verify.installed_root())
    integrity, rows = _verify._integrity(_verify.installed_root(), store)
    frames = {name: store.frame(name).to_dicts() for name in rows}
    assert rows == frames

    def proofs(data: dict[str, list[dict[str, object]]]) -> list[iomdata.Proof]:
        checked = [*equations(data), *_verify._cell_proofs(data)]
        return explain(checked, data.get("errata", []))

    assert proofs(rows) == proofs(frames)
    assert [proof.status for proof in integrity] == ["passed"] * len(rows)
