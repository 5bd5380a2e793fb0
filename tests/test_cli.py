"""The ``iomdata`` console script: every command and option, and the bad-input paths."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import polars as pl
import pytest
from conftest import ENTRIES, CliRun

import iomdata
from iomdata import _resources, _verify
from iomdata._resources import MANIFEST_NAME, ResourceStore

if TYPE_CHECKING:
    from iomdata._cite import CitationFormat

SCRIPT = Path(sys.executable).parent / "iomdata"


def _edition(edition: int) -> None:
    if edition not in iomdata.editions():
        pytest.skip(f"edition {edition} is not in the installed data yet")


# ---------------------------------------------------------------------------------------
# iomdata, --version, --help, python -m iomdata
# ---------------------------------------------------------------------------------------


def test_catalogue(cli: CliRun) -> None:
    """No command: versions, editions, and every dataset with its rows and sources."""
    status, out, err = cli()
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"iomdata {iomdata.__version__} (data {iomdata.data_version()})"
    editions = ", ".join(str(edition) for edition in iomdata.editions())
    assert lines[1] == f"editions with staff statistics: {editions}"
    for name, entry in ENTRIES.items():
        (line,) = [line for line in lines if line.split(" ", 1)[0] == name]
        assert line.split()[1] == str(entry["rows"]), name
        assert line.endswith(", ".join(entry["sources"])), name


def test_version(cli: CliRun) -> None:
    """``--version`` prints the package and data versions."""
    assert cli("--version") == (
        0,
        f"iomdata {iomdata.__version__} (data {iomdata.data_version()})\n",
        "",
    )


@pytest.mark.parametrize("command", [[], ["show"], ["export"], ["verify"], ["cite"]])
def test_help(cli: CliRun, command: list[str]) -> None:
    """Every command has ``--help``, which exits 0 with its usage."""
    status, out, _ = cli(*command, "--help")
    assert status == 0
    assert out.startswith(f"usage: {' '.join(['iomdata', *command])}")


def test_help_lists_the_commands(cli: CliRun) -> None:
    """The main help names each command."""
    out = cli("--help")[1]
    for command in ("show", "export", "verify", "cite"):
        assert command in out


def test_unknown_command(cli: CliRun) -> None:
    """An unknown command exits 2 and names the commands."""
    status, _, err = cli("frobnicate")
    assert status == 2
    assert "invalid choice: 'frobnicate'" in err
    assert "'show'" in err


@pytest.mark.parametrize(
    "argv", [[], ["--version"], ["show", "sources"], ["show", "nope"], ["cite"]]
)
def test_python_m_and_console_script(cli: CliRun, argv: list[str]) -> None:
    """``python -m iomdata`` and the installed ``iomdata`` script behave as ``main``."""
    status, out, err = cli(*argv)
    commands = [[sys.executable, "-m", "iomdata", *argv]]
    if SCRIPT.exists():
        commands.append([str(SCRIPT), *argv])
    for command in commands:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert (status, out, err) == (result.returncode, result.stdout, result.stderr)


# ---------------------------------------------------------------------------------------
# iomdata show
# ---------------------------------------------------------------------------------------


def test_show_a_small_dataset(cli: CliRun) -> None:
    """A table with the columns as header, every row, and a count line."""
    status, out, _ = cli("show", "sources")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == iomdata.load("sources").columns
    assert set(lines[1]) <= {"-", " "}
    rows = ENTRIES["sources"]["rows"]
    assert lines[-1] == f"{rows} of {rows} rows of sources"
    assert any(line.startswith("ar2020 ") and "C/112/INF/1" in line for line in lines)


def test_show_limit(cli: CliRun) -> None:
    """``--limit N`` prints N rows and says how to see more; ``--limit 0`` prints all."""
    rows = ENTRIES["country_names"]["rows"]
    out = cli("show", "country_names", "--limit", "3")[1].splitlines()
    assert len(out) == 2 + 3 + 1
    assert (
        out[-1] == f"3 of {rows} rows of country_names (--limit N shows more, --limit 0 shows all)"
    )
    out = cli("show", "country_names", "--limit", "0")[1].splitlines()
    assert len(out) == 2 + rows + 1
    default = cli("show", "country_names")[1].splitlines()
    assert len(default) == 2 + min(rows, 20) + 1


def test_show_filters(cli: CliRun) -> None:
    """``--filter`` combines; ``COL=`` matches an empty cell; text, int and bool columns."""
    out = cli("show", "sources", "--filter", "symbol=")[1]
    expected = iomdata.load("sources").filter(pl.col("symbol").is_null()).height
    assert out.splitlines()[-1] == f"{expected} of {expected} rows of sources where symbol="
    out = cli("show", "sources", "--filter", "year=2021", "--filter", "id=ar2020")[1]
    assert out.splitlines()[-1] == "1 of 1 rows of sources where year=2021 and id=ar2020"
    out = cli("show", "country_names", "--filter", "iso3=KEN")[1]
    assert "Kenya" in out


def test_show_edition_and_published_facts(cli: CliRun) -> None:
    """The 2020 edition shows the published staff counts (Annex I, Table 4)."""
    _edition(2020)
    argv = ["show", "staff_by_category", "--edition", "2020", "--filter", "year=2020"]
    out = cli(*argv)[1]
    assert "2185" in out
    assert "14069" in out
    argv = ["show", "published_totals", "--edition", "2020", "--filter", "row_label=Total"]
    out = cli(*argv, "--filter", "dataset=staff_by_category", "--filter", "column_label=2020")[1]
    assert "16254" in out


def test_show_points_a_year_to_its_edition(cli: CliRun) -> None:
    """A year printed only in a later edition's series is pointed to that edition."""
    _edition(2020)
    status, _, err = cli("show", "staff_by_category", "--edition", "2019")
    assert status == 2
    assert "editions: 2018, 2020. 2019 is a year of the time series in edition 2020" in err
    assert "try --edition 2020 --filter year=2019" in err


def test_show_boolean_filter(cli: CliRun) -> None:
    """A boolean column filters on true or false."""
    _edition(2018)
    argv = ["show", "staff_by_nationality_grade", "--edition", "2018"]
    out = cli(*argv, "--filter", "member_state=false", "--limit", "0")[1]
    grid = iomdata.load("staff_by_nationality_grade")
    expected = grid.filter((pl.col("edition") == 2018) & ~pl.col("member_state")).height
    assert out.splitlines()[-1].startswith(f"{expected} of {expected} rows")


def test_show_an_empty_dataset(
    cli: CliRun, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dataset without rows prints its header and a count of zero."""
    manifest_path = data_copy / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    entry = next(e for e in manifest["resources"] if e["name"] == "errata")
    data = (",".join(entry["columns"]) + "\n").encode()
    (data_copy / entry["path"]).write_bytes(data)
    entry |= {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "rows": 0}
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    monkeypatch.setattr(_resources, "_default", ResourceStore(data_copy))
    status, out, _ = cli("show", "errata")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == entry["columns"]
    assert lines[2:] == ["0 of 0 rows of errata"]


def test_show_no_match_lists_values(cli: CliRun) -> None:
    """A filter that matches nothing exits 0 and lists the values the column holds."""
    status, out, _ = cli("show", "sources", "--filter", "id=nope")
    assert status == 0
    assert out.splitlines()[0] == "no rows of sources match id=nope"
    assert "values of id: ar2018, ar2020" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "nope"], "no dataset named 'nope'; datasets: "),
        (["show", "key_figure"], "did you mean 'key_figures'"),
        (["show", "sources", "--edition", "2020"], "sources has no edition column"),
        (["show", "key_figures", "--edition", "1999"], "has no edition 1999; editions: "),
        (["show", "sources", "--edition", "twenty"], "'twenty' is not a year such as 2020"),
        (["show", "sources", "--filter", "year"], "write COLUMN=VALUE, e.g. sex=F"),
        (["show", "sources", "--filter", "=x"], "write COLUMN=VALUE"),
        (["show", "sources", "--filter", "colour=red"], "no column 'colour'; columns: id, "),
        (["show", "sources", "--filter", "year=later"], "holds whole numbers, not 'later'"),
        (["show", "key_figures", "--filter", "value=lots"], "holds numbers, not 'lots'"),
        (["show", "sdg_initiatives", "--filter", "partners_complete=yes"], "true or false"),
        (["show", "sources", "--limit", "-1"], "-1 is negative"),
        (["show", "sources", "--limit", "many"], "'many' is not a whole number"),
        (["show"], "the following arguments are required: DATASET"),
    ],
)
def test_show_bad_arguments(cli: CliRun, argv: list[str], message: str) -> None:
    """A bad argument exits 2 with one line: the command, what would work, where help is."""
    status, out, err = cli(*argv)
    assert (status, out) == (2, "")
    assert err.startswith("iomdata show: error: ")
    assert err.endswith(" (see iomdata show --help)\n")
    assert err.count("\n") == 1
    assert message in err


def test_show_unknown_dataset_lists_every_dataset(cli: CliRun) -> None:
    """The message for an unknown dataset names every dataset."""
    err = cli("show", "nope")[2]
    for name in ENTRIES:
        assert name in err


def test_damaged_data_exits_1(
    cli: CliRun, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damaged bundled data is a failure (exit 1) naming the file, not a usage error."""
    path = data_copy / "sources.csv"
    path.write_bytes(path.read_bytes() + b"x\n")
    monkeypatch.setattr(_resources, "_default", ResourceStore(data_copy))
    status, out, err = cli("show", "sources")
    assert (status, out) == (1, "")
    assert err.startswith("iomdata: error: bundled resource 'sources.csv' fails its integrity")


# ---------------------------------------------------------------------------------------
# iomdata export
# ---------------------------------------------------------------------------------------


def _names(directory: Path) -> set[str]:
    return {path.name for path in directory.iterdir()}


def test_export_default_csv(cli: CliRun, tmp_path: Path) -> None:
    """``iomdata export PATH`` writes every dataset as CSV and the descriptor."""
    status, out, _ = cli("export", str(tmp_path / "out"))
    assert status == 0
    assert f"descriptor: {tmp_path / 'out' / 'datapackage.json'}" in out
    assert {f"{name}.csv" for name in ENTRIES} | {"datapackage.json"} == _names(tmp_path / "out")


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_export_format_and_datasets(cli: CliRun, tmp_path: Path, fmt: str) -> None:
    """``--format`` and repeated ``--dataset`` choose what is written."""
    argv = ["export", str(tmp_path / "out"), "--format", fmt]
    status = cli(*argv, "--dataset", "sources", "--dataset", "errata")[0]
    assert status == 0
    assert {f"sources.{fmt}", f"errata.{fmt}", "datapackage.json"} == _names(tmp_path / "out")


def test_export_force(cli: CliRun, tmp_path: Path) -> None:
    """A second export to the same path needs ``--force``, which replaces the first."""
    target = str(tmp_path / "out")
    assert cli("export", target, "--dataset", "sources")[0] == 0
    status, _, err = cli("export", target, "--dataset", "errata")
    assert status == 2
    assert "is not empty" in err
    assert "--force" in err
    assert _names(tmp_path / "out") == {"sources.csv", "datapackage.json"}
    assert cli("export", target, "--dataset", "errata", "--force")[0] == 0
    assert _names(tmp_path / "out") == {"errata.csv", "datapackage.json"}


@pytest.mark.parametrize(
    ("setup", "extra", "message"),
    [
        (None, ["--format", "xlsx"], "invalid choice: 'xlsx'"),
        (None, ["--dataset", "nope"], "no dataset named 'nope'; datasets: "),
        ("non-empty", [], "is not empty; choose a new or empty directory"),
        ("non-empty", ["--force"], "not replaced even with force"),
        ("file-parent", [], "is not a directory"),
        ("missing-parent", [], "does not exist; create it first"),
    ],
)
def test_export_bad_arguments(
    cli: CliRun, tmp_path: Path, setup: str | None, extra: list[str], message: str
) -> None:
    """Refused exports exit 2, say what would work, and leave the files as they were."""
    target = {
        None: tmp_path / "out",
        "non-empty": tmp_path / "out",
        "file-parent": tmp_path / "file" / "out",
        "missing-parent": tmp_path / "missing" / "out",
    }[setup]
    if setup == "non-empty":
        target.mkdir()
        (target / "mine.txt").write_text("keep", encoding="utf-8")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    status, out, err = cli("export", str(target), *extra)
    assert (status, out) == (2, "")
    assert err.startswith("iomdata export: error: ")
    assert err.count("\n") == 1
    assert message in err
    if "--format" in extra:
        # argparse lists the choices (quoted or not, by Python version).
        assert all(fmt in err.split("choose from")[1] for fmt in ("csv", "json", "parquet"))
    after = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    assert before == after


def test_export_unwritable_parent(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parent directory that cannot be written to exits 2 and says so."""
    import os

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "mkdir", refuse)
    status, _, err = cli("export", str(tmp_path / "out"))
    assert status == 2
    assert "choose a directory you can write to" in err


def test_export_failure_midway_exits_1(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails midway exits 1 and leaves nothing behind."""
    from iomdata import _export

    def fail(*_args: Any) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_export, "_encode", fail)
    status, _, err = cli("export", str(tmp_path / "out"))
    assert status == 1
    assert "No space left on device" in err
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------
# iomdata verify, cite
# ---------------------------------------------------------------------------------------


def test_verify(cli: CliRun) -> None:
    """``iomdata verify`` exits 0 on the installed data and reports the integrity checks."""
    status, out, _ = cli("verify")
    assert status == 0
    n = len(ENTRIES)
    assert re.search(rf"^  integrity +{n} checked: {n} passed$", out, re.MULTILINE), out
    assert out.splitlines()[-1].startswith("all proofs hold")


def test_verify_verbose(cli: CliRun) -> None:
    """``--verbose`` lists every proof that holds."""
    out = cli("verify", "--verbose")[1]
    assert "passed:" in out
    for entry in ENTRIES.values():
        assert f"  {entry['path']}: sha256" in out


def test_verify_tampered_data(
    cli: CliRun, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged resource makes ``iomdata verify`` exit 1 naming the file."""
    path = data_copy / "sources.csv"
    path.write_bytes(path.read_bytes().replace(b"ar2020", b"ar2021", 1))
    monkeypatch.setattr(_verify, "installed_root", lambda: data_copy)
    status, out, _ = cli("verify")
    assert status == 1
    assert "FAILED:" in out
    assert "sources.csv: bundled resource 'sources.csv' fails its integrity check" in out


@pytest.mark.parametrize(
    ("fmt", "start"),
    [
        (None, "The iomdata developers."),
        ("apa", "The iomdata developers."),
        ("bibtex", "@software{iomdata,"),
        ("cff", "# Written by"),
    ],
)
def test_cite(cli: CliRun, fmt: str | None, start: str) -> None:
    """``iomdata cite`` prints the citation in each format (APA by default)."""
    argv = ["cite"] if fmt is None else ["cite", "--format", fmt]
    status, out, _ = cli(*argv)
    assert status == 0
    assert out.startswith(start)
    assert out == iomdata.cite(format=cast("CitationFormat", fmt or "apa"))


def test_cite_unknown_format(cli: CliRun) -> None:
    """An unknown citation format exits 2 and lists the formats."""
    status, _, err = cli("cite", "--format", "mla")
    assert status == 2
    assert "invalid choice: 'mla'" in err
    assert all(fmt in err.split("choose from")[1] for fmt in ("apa", "bibtex", "cff"))


@pytest.mark.parametrize("where", ["cwd", "link"])
def test_export_refuses_the_working_directory_and_links(
    cli: CliRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """`iomdata export .` and an export onto a symbolic link exit 2, touching nothing."""
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    monkeypatch.chdir(tmp_path / "real" if where == "cwd" else tmp_path)
    target = "." if where == "cwd" else "link"
    status, out, err = cli("export", target, "--force")
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert ("current directory" if where == "cwd" else "symbolic link") in err
    assert list((tmp_path / "real").iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]
