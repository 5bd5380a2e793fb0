"""``iomdata.describe`` and ``iomdata describe``: the data dictionary, offline, per dataset."""

from __future__ import annotations

import re

import pytest
from conftest import ENTRIES, MANIFEST, NAMES, CliRun

import iomdata
from iomdata import _specs


@pytest.mark.parametrize("name", NAMES)
def test_describe_agrees_with_the_manifest(name: str) -> None:
    """Rows, sources, file, sha256, data version and column order are the manifest's."""
    entry = ENTRIES[name]
    info = iomdata.describe(name)
    assert info.name == name
    assert info.rows == entry["rows"]
    assert list(info.sources) == entry["sources"]
    assert info.path == entry["path"]
    assert info.sha256 == entry["sha256"]
    assert info.data_version == MANIFEST["data_version"] == iomdata.data_version()
    assert [column.name for column in info.columns] == entry["columns"]


@pytest.mark.parametrize("name", NAMES)
def test_describe_agrees_with_the_data(name: str) -> None:
    """Types, empty cells, allowed values, units, row and status counts hold in the rows."""
    info = iomdata.describe(name)
    frame = iomdata.load(name)
    assert [column.dtype for column in info.columns] == [str(d) for d in frame.dtypes]
    for column in info.columns:
        series = frame.get_column(column.name)
        assert column.meaning.strip(), f"{name}.{column.name} has no meaning"
        if not column.nullable:
            assert series.null_count() == 0, f"{name}.{column.name} is empty in some rows"
        if column.values is not None:
            unexpected = set(series.drop_nulls().unique().to_list()) - set(column.values)
            assert not unexpected, f"{name}.{column.name}: {sorted(unexpected)}"
        if column.unit is not None:
            assert series.dtype.is_numeric(), f"{name}.{column.name} has a unit"
    assert set(info.key) <= set(frame.columns)
    if info.key:
        assert frame.select(info.key).is_duplicated().sum() == 0
    if "edition" in frame.columns:
        counts = frame.drop_nulls("edition").group_by("edition").len().sort("edition")
        assert list(info.rows_by_edition) == [(int(e), int(n)) for e, n in counts.iter_rows()]
        assert tuple(e for e, _ in info.rows_by_edition) == tuple(ENTRIES[name]["editions"])
    else:
        assert info.rows_by_edition == ()
    if "cell_status" in frame.columns:
        assert sum(n for _, n in info.cell_status) == frame.height
        statuses = frame.get_column("cell_status")
        for status, n in info.cell_status:
            assert (statuses == status).sum() == n
    else:
        assert info.cell_status == ()


@pytest.mark.parametrize("name", NAMES)
def test_describe_text_and_html_show_every_column(name: str) -> None:
    """The plain text and the notebook HTML name the dataset, its title and every column."""
    info = iomdata.describe(name)
    text, page = str(info), info._repr_html_()
    assert text.startswith(f"{name}: {info.title}\n")
    assert info.sha256 in text
    assert "\nrows:" in text
    for column in info.columns:
        assert re.search(rf"^  {re.escape(column.name)}: {column.dtype}", text, re.MULTILINE)
        assert f"<code>{column.name}</code>" in page
    assert "<script" not in page


def test_describe_example_values() -> None:
    """A known dataset: title, key, units, vocabulary and nullable flags as documented."""
    info = iomdata.describe("staff_by_nationality_sex")
    assert info.title == "Staff by nationality and sex"
    assert info.key == ("edition", "category", "nationality_as_printed", "sex")
    assert info.column("sex").values == ("F", "M")
    assert info.column("count").unit == "people"
    assert info.column("iso3").nullable
    assert not info.column("edition").nullable
    assert info.column("nationality").unit is None
    assert dict(info.cell_status)["printed"] > 0
    assert iomdata.describe("key_figures").column("edition").nullable


def test_describe_refuses_bad_names() -> None:
    """An unknown name lists the datasets; a non-string is a TypeError."""
    with pytest.raises(iomdata.UnknownDatasetError, match="staff_by_category"):
        iomdata.describe("staff_by_grade")
    with pytest.raises(TypeError, match="must be a str"):
        iomdata.describe(3)  # type: ignore[arg-type]


def test_describe_column_lookup_names_the_columns() -> None:
    """Asking for a column the dataset lacks says which columns it has."""
    info = iomdata.describe("staff_by_category")
    with pytest.raises(KeyError, match="columns: edition, year, category, count"):
        info.column("grade")


def test_specs_are_the_bundled_datasets() -> None:
    """Every bundled dataset has a spec and every spec a bundled dataset."""
    assert set(_specs.SPECS) == set(ENTRIES)


@pytest.mark.parametrize("name", ["staff_by_category", "key_figures", "sdg_initiatives"])
def test_cli_describe_prints_the_record(cli: CliRun, name: str) -> None:
    """``iomdata describe NAME`` prints exactly ``str(iomdata.describe(NAME))``."""
    assert cli("describe", name) == (0, f"{iomdata.describe(name)}\n", "")


def test_cli_describe_unknown_dataset(cli: CliRun) -> None:
    """An unknown dataset is a usage error (exit 2) naming the datasets."""
    status, out, err = cli("describe", "staff_by_grade")
    assert status == 2
    assert out == ""
    assert "no dataset named 'staff_by_grade'" in err
    assert "staff_by_category" in err
