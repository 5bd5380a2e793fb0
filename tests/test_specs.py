"""One spec per dataset: it matches the data and drives every description and check.

The spec refuses contradictions; the build's row checks, the loader's schemas, the
export's Table Schema and ``describe()`` say what it says.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any, Final

import attrs
import polars as pl
import pytest
from conftest import ENTRIES, NAMES

import iomdata
from iomdata import _dtypes, _export, _schemas
from iomdata._resources import default_store
from iomdata._spec_key_figures import QUALIFIERS, TOPICS, UNITS
from iomdata._spec_model import DatasetSpec, SpecError
from iomdata._spec_model import column as make_column
from iomdata._specs import SPECS, spec


def test_every_bundled_dataset_has_exactly_one_spec() -> None:
    """The specs name exactly the bundled datasets."""
    assert sorted(SPECS) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_spec_columns_are_the_files_columns(name: str) -> None:
    """The spec lists the resource's columns in file order, as the manifest does."""
    assert list(spec(name).names) == ENTRIES[name]["columns"]


@pytest.mark.parametrize("name", NAMES)
def test_shipped_rows_keep_the_spec(name: str) -> None:
    """No empty value outside nullable columns, no value outside a vocabulary, unique keys."""
    dataset = spec(name)
    frame = iomdata.load(name)
    for column in dataset.columns:
        series = frame.get_column(column.name)
        if not column.nullable:
            assert series.null_count() == 0, column.name
        if column.vocabulary is not None:
            assert set(series.drop_nulls().unique()) <= set(column.vocabulary), column.name
    assert frame.select(dataset.key).is_duplicated().sum() == 0


@pytest.mark.parametrize("name", NAMES)
def test_schemas_are_derived_from_the_spec(name: str) -> None:
    """The loader's dtype names, Polars schema and nullable columns are the spec's."""
    dataset = spec(name)
    assert dict(_schemas.COLUMNS[name]) == {c.name: c.dtype for c in dataset.columns}
    expected = pl.Schema({c.name: _dtypes.polars_dtype(c.dtype) for c in dataset.columns})
    assert _schemas.SCHEMAS[name] == expected
    assert _schemas.NULLABLE[name] == {c.name for c in dataset.columns if c.nullable}
    assert iomdata.load(name).schema == expected


@pytest.mark.parametrize("name", NAMES)
def test_table_schema_and_describe_come_from_the_spec(name: str) -> None:
    """The export's fields and ``describe()`` say what the spec says, column by column."""
    dataset = spec(name)
    table = _export._table_schema(name)
    assert table["primaryKey"] == list(dataset.key)
    info = iomdata.describe(name)
    assert (info.title, info.description, info.origin, info.key) == (
        dataset.title,
        dataset.description,
        dataset.origin,
        dataset.key,
    )
    for field, described, column in zip(
        table["fields"], info.columns, dataset.columns, strict=True
    ):
        assert field["name"] == described.name == column.name
        assert field["type"] == _dtypes.TABLE_SCHEMA_TYPES[column.dtype]
        assert field["description"] == described.meaning == column.meaning
        assert field.get("constraints", {}).get("enum") == (
            list(column.values) if column.values else None
        )
        assert (described.dtype, described.nullable, described.unit, described.values) == (
            column.dtype,
            column.nullable,
            column.unit,
            column.values,
        )


def test_every_dtype_of_the_specs_has_every_mapping() -> None:
    """Each dtype a spec uses has its Python, Table Schema, pandas and Arrow types."""
    used = {column.dtype for dataset in SPECS.values() for column in dataset.columns}
    assert used == {"Boolean", "Float64", "Int16", "Int64", "String"}
    for table in (
        _dtypes.PYTHON_TYPES,
        _dtypes.TABLE_SCHEMA_TYPES,
        _dtypes.PANDAS_TYPES,
        _dtypes.ARROW_TYPES,
    ):
        assert used <= set(table)


def test_key_figure_vocabularies_are_checked_but_not_listed() -> None:
    """Units and topics close the key figures' columns; only the qualifiers are listed."""
    key_figures = spec("key_figures")
    assert key_figures.column("unit").vocabulary == UNITS
    assert key_figures.column("topic").vocabulary == TOPICS
    assert key_figures.column("qualifier").vocabulary == QUALIFIERS
    assert spec("key_figure_breakdowns").column("unit").vocabulary == UNITS
    assert spec("indicators").column("unit").vocabulary == UNITS
    info = iomdata.describe("key_figures")
    assert info.column("unit").values is None
    assert info.column("topic").values is None
    assert info.column("qualifier").values == QUALIFIERS
    for vocabulary in (UNITS, TOPICS, QUALIFIERS):
        assert len(set(vocabulary)) == len(vocabulary)


def test_specs_import_no_polars() -> None:
    """The specs and the loader's dtype names are read without importing Polars."""
    code = (
        "import sys, iomdata._specs, iomdata._schemas; "
        "assert 'polars' not in sys.modules, 'polars imported'; "
        "print(len(iomdata._schemas.NULLABLE))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{len(SPECS)}\n", "")


def test_unknown_dataset_and_column_name_what_exists() -> None:
    """Asking for a dataset or column without a spec lists those that have one."""
    with pytest.raises(KeyError, match="datasets: country_names, errata, "):
        spec("staff_by_grade")
    with pytest.raises(KeyError, match="columns: edition, year, category, count"):
        spec("staff_by_category").column("grade")


def _spec(**changes: Any) -> DatasetSpec:
    base = {
        "name": "tiny",
        "title": "Tiny",
        "description": "A dataset for tests.",
        "origin": "Made up.",
        "key": ("id",),
        "columns": (
            make_column("id", "String", "Id."),
            make_column("n", "Int64", "A count.", unit="people"),
            make_column("kind", "String", "A kind.", vocabulary=("a", "b")),
            make_column("note", "String", "A note.", nullable=True),
        ),
    }
    return DatasetSpec(**(base | changes))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"key": ("id", "nope")}, "key column 'nope' is not a column"),
        ({"key": ("note",)}, "key column 'note' may be empty"),
        ({"columns": (make_column("id", "String", "Id."),) * 2}, "column 'id' twice"),
        ({"columns": (make_column("id", "Int32", "Id."),)}, "id: unknown dtype 'Int32'"),
        ({"columns": (make_column("id", "String", " "),)}, "id: no meaning"),
        (
            {"columns": (make_column("id", "String", "Id.", vocabulary=()),)},
            "id: empty vocabulary",
        ),
        ({"country_columns": ("id", "n", "iso3")}, "country column 'iso3' is not a column"),
        ({"title": ""}, "no title, description or origin"),
    ],
)
def test_a_contradictory_spec_is_refused(changes: dict[str, Any], message: str) -> None:
    """A spec that names a missing column, an unknown dtype or no meaning is refused."""
    with pytest.raises(SpecError, match=f"spec of tiny: .*{message}"):
        _spec(**changes)


def test_specs_are_frozen() -> None:
    """A spec cannot be changed after it is made."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        spec("errata").title = "x"  # type: ignore[misc]


# --- the build's row checks --------------------------------------------------------------

GOOD: Final = {"id": "x-1", "n": 3, "kind": "a", "note": None}


def test_build_accepts_rows_that_keep_the_spec() -> None:
    """Good rows pass, and so does every shipped dataset's rows."""
    from tools import build_data

    build_data.check_rows(_spec(), [GOOD, GOOD | {"id": "x-2", "note": "fine"}])
    store = default_store()
    for name in ("staff_by_nationality_sex", "key_figures", "sdg_country_lists"):
        build_data.check_rows(spec(name), store.rows(name))


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"id": "x-1", "n": 3, "kind": "a"}, r"missing columns \['note'\]"),
        (GOOD | {"extra": 1}, r"missing columns \[\], unknown columns \['extra'\]"),
        (GOOD | {"n": None}, "n is empty"),
        (GOOD | {"n": "3"}, "n='3' is not Int64"),
        (GOOD | {"n": True}, "n=True is not Int64"),
        (GOOD | {"id": " x-1"}, "id=' x-1' is blank or padded"),
        (GOOD | {"kind": "c"}, "kind='c' is not one of a, b"),
    ],
)
def test_build_refuses_a_row_that_breaks_the_spec(row: dict[str, Any], message: str) -> None:
    """Missing or unknown columns, empty values, wrong types, padding, unknown values."""
    from tools import build_data

    with pytest.raises(build_data.BuildError, match=f"^tiny row 0: {message}"):
        build_data.check_rows(_spec(), [row])


def test_build_refuses_a_repeated_key() -> None:
    """Two rows with one primary key fail, naming both rows and the key."""
    from tools import build_data

    with pytest.raises(build_data.BuildError, match=r"rows 0 and 2 share the primary key"):
        build_data.check_rows(_spec(), [GOOD, GOOD | {"id": "x-2"}, GOOD])


def test_build_refuses_a_key_figure_outside_its_vocabularies() -> None:
    """A key figure's unit and topic are checked although describe() does not list them."""
    from tools import build_data

    row = default_store().rows("key_figures")[0]
    for column_name in ("unit", "topic", "qualifier"):
        with pytest.raises(build_data.BuildError, match=f"{column_name}='made_up' is not one"):
            build_data.check_rows(spec("key_figures"), [row | {column_name: "made_up"}])


def test_build_fills_country_columns_the_spec_names() -> None:
    """The printed name gives the canonical name and code; an unknown one fails."""
    from tools import build_data

    countries = {"Viet Nam": ("Viet Nam", "VNM")}
    row = {"country_as_printed": "Viet Nam", "entry_kind": "country"}
    (filled,) = build_data._attach_countries("sdg_country_lists", [row], countries)
    assert filled == row | {"country": "Viet Nam", "iso3": "VNM"}
    assert "country" not in row
    (blank,) = build_data._attach_countries(
        "sdg_country_lists", [row | {"country_as_printed": None}], countries
    )
    assert (blank["country"], blank["iso3"]) == (None, None)
    with pytest.raises(build_data.BuildError, match="'Atlantis' is not in"):
        build_data._attach_countries(
            "sdg_country_lists", [{"country_as_printed": "Atlantis"}], countries
        )
    untouched = {"nationality_as_printed": "Viet Nam"}
    assert build_data._attach_countries("errata", [untouched], countries) == [untouched]
