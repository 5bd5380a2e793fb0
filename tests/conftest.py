"""Shared fixtures and constants of the tests.

Where the repository, the source texts and the installed data are; each edition's staff
annexes read from the shipped data; the console script run in this process; a resource
read in a child process; and the guard that keeps the whole run offline.
"""

from __future__ import annotations

import importlib.resources
import json
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import polars as pl
import pytest

import iomdata
from iomdata._resources import MANIFEST_NAME, ResourceStore

# Checked by mypy only: importing it would call the API at collection time.
collect_ignore = ["typing"]

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"
#: The installed package's ``_data`` folder and its manifest, read once for every module.
DATA = importlib.resources.files("iomdata") / "_data"
MANIFEST: dict[str, Any] = json.loads((DATA / MANIFEST_NAME).read_bytes())
#: Manifest entry of every bundled dataset, by name; and the names, sorted.
ENTRIES: dict[str, dict[str, Any]] = {entry["name"]: entry for entry in MANIFEST["resources"]}
NAMES = sorted(ENTRIES)


def skipped_for_sources(reports: Iterable[Any]) -> int:
    """How many of the skipped ``reports`` skipped because the source texts are absent.

    Every test that needs the texts names where it looked (``SOURCES``) in its skip reason.
    """
    count = 0
    for report in reports:
        longrepr = getattr(report, "longrepr", None)
        reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else ""
        count += str(SOURCES) in str(reason)
    return count


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say once, loudly, how much coverage the run lost to absent source texts.

    Without ``../shared/sources`` the provenance and slicing tests skip and the run still
    exits 0; a skip line per test is easy to miss, so this counts them in one banner.
    """
    skipped = skipped_for_sources(terminalreporter.stats.get("skipped", []))
    if not skipped:
        return
    terminalreporter.write_sep(
        "!",
        f"{skipped} tests SKIPPED: the source texts are not at {SOURCES}",
        red=True,
        bold=True,
    )
    terminalreporter.write_line(
        "They check every key figure against the text at its locator, and the SDG "
        "survey's raw extracts in tools/raw/ against its text; see README, 'Source texts'.",
        red=True,
    )


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The source texts; tests that need them skip where they are not checked out."""
    if not SOURCES.is_dir():
        pytest.skip(f"source texts not found at {SOURCES} (they sit beside the repository)")
    return SOURCES


@pytest.fixture
def data_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the installed package's _data folder."""
    target = tmp_path / "_data"
    target.mkdir()
    for node in DATA.iterdir():
        if node.is_file():
            (target / node.name).write_bytes(node.read_bytes())
    yield target
    shutil.rmtree(target)


def rewrite_resource(data_copy: Path, name: str, old: bytes, new: bytes) -> ResourceStore:
    """Replace bytes in a copied resource and re-record its hash and size in the manifest.

    Only the content is then wrong: the integrity checks pass, the parsing must refuse.
    """
    import hashlib

    path = data_copy / f"{name}.csv"
    data = path.read_bytes()
    assert old in data
    data = data.replace(old, new, 1)
    path.write_bytes(data)
    manifest_path = data_copy / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["resources"]:
        if entry["name"] == name:
            entry["sha256"] = hashlib.sha256(data).hexdigest()
            entry["bytes"] = len(data)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    return ResourceStore(data_copy)


@pytest.fixture
def store_copy(data_copy: Path) -> ResourceStore:
    """A resource store reading the writable copy."""
    return ResourceStore(data_copy)


#: The categories of the nationality annexes (Annex II, Annex III), in printed order.
CATEGORIES = ("general_service", "professional")
_ANNEX = {"general_service": "Annex II", "professional": "Annex III"}
_PROFESSIONAL = ("E-1", "E-2", "D-2", "D-1", "P-5", "P-4", "P-3", "P-2", "P-1", "UG")
#: Edition -> category -> the grade columns of its nationality table (G-8 from 2020).
_GRADES = {
    2018: {
        "general_service": (
            "G-1", "G-1A", "G-1B", "G-2", "G-3", "G-4", "G-5", "G-6", "G-7",
            "NO-A", "NO-B", "NO-C", "NO-D", "UG",
        ),
        "professional": _PROFESSIONAL,
    },
    2020: {
        "general_service": (
            "G-1", "G-1A", "G-1B", "G-2", "G-3", "G-4", "G-5", "G-6", "G-7", "G-8",
            "NO-A", "NO-B", "NO-C", "NO-D", "UG",
        ),
        "professional": _PROFESSIONAL,
    },
}  # fmt: skip


@dataclass(frozen=True)
class StaffEdition:
    """One edition's shipped staff rows, read the way the annex tests read them."""

    edition: int

    @property
    def source(self) -> str:
        """The source id of the edition's annual report, e.g. ``"ar2020"``."""
        return f"ar{self.edition}"

    @property
    def grades(self) -> Mapping[str, tuple[str, ...]]:
        """Category -> the grade columns of its nationality table."""
        return _GRADES[self.edition]

    def rows(self, name: str) -> pl.DataFrame:
        """The edition's rows of a shipped dataset."""
        return iomdata.load(name).filter(pl.col("edition") == self.edition)

    def annex(self, name: str, category: str) -> pl.DataFrame:
        """The rows of ``name`` located in the nationality annex of ``category``.

        2018 locates them by page (``"Annex II, page 3"``), 2020 by annex only.
        """
        annex = pl.col("locator").str.replace(r", page \d+$", "")
        return self.rows(name).filter(annex == _ANNEX[category])

    def row(self, name: str, category: str, printed: str) -> pl.DataFrame:
        """The cells of one nationality row in ``name``."""
        return self.rows(name).filter(
            (pl.col("category") == category) & (pl.col("nationality_as_printed") == printed)
        )

    def grade_cells(self, category: str, printed: str) -> dict[str, int]:
        """Grade -> count of one nationality row."""
        rows = self.row("staff_by_nationality_grade", category, printed)
        return dict(zip(rows["grade"], rows["count"], strict=True))

    def sex_cells(self, category: str, printed: str) -> dict[str, int]:
        """Sex -> count of one nationality row."""
        rows = self.row("staff_by_nationality_sex", category, printed)
        return dict(zip(rows["sex"], rows["count"], strict=True))

    def statuses(self, category: str, printed: str) -> dict[str, str]:
        """Cell -> status of one nationality row (grades and sexes)."""
        grades = self.row("staff_by_nationality_grade", category, printed)
        sexes = self.row("staff_by_nationality_sex", category, printed)
        return dict(zip(grades["grade"], grades["cell_status"], strict=True)) | dict(
            zip(sexes["sex"], sexes["cell_status"], strict=True)
        )

    def row_totals(self, category: str) -> dict[str, int]:
        """Nationality -> its printed row Total (the annex's Total row left out)."""
        rows = self.annex("published_totals", category).filter(
            (pl.col("column_label") == "Total") & (pl.col("row_label") != "Total")
        )
        return dict(zip(rows["row_label"], rows["value"], strict=True))

    def total_row(self, category: str) -> dict[str, int]:
        """Column -> the annex's printed Total row."""
        rows = self.annex("published_totals", category).filter(pl.col("row_label") == "Total")
        return dict(zip(rows["column_label"], rows["value"], strict=True))

    def errata_ids(self) -> set[str]:
        """Ids of the edition's errata."""
        return set(iomdata.load("errata").filter(pl.col("source") == self.source)["id"])


@pytest.fixture(scope="session")
def staff2018() -> StaffEdition:
    """The 2018 edition's staff annexes (C/110/4)."""
    return StaffEdition(2018)


@pytest.fixture(scope="session")
def staff2020() -> StaffEdition:
    """The 2020 edition's staff annexes (C/112/INF/1)."""
    return StaffEdition(2020)


@pytest.fixture(scope="session", params=[2018, 2020], ids=lambda year: f"ar{year}")
def staff(request: pytest.FixtureRequest) -> StaffEdition:
    """Each edition's staff annexes in turn, for what every edition must satisfy."""
    return StaffEdition(int(request.param))


_READ_ONE = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
from pathlib import Path
from iomdata._errors import DataIntegrityError
from iomdata._resources import ResourceStore
try:
    ResourceStore(Path(sys.argv[1])).read_bytes(sys.argv[2])
except DataIntegrityError as exc:
    print("DataIntegrityError:", exc)
"""


#: Read resource ``name`` of a ``_data`` folder in a child process (``read_in_a_child``).
ChildRead = Callable[[Path, str], "subprocess.CompletedProcess[str]"]


@pytest.fixture(scope="session")
def read_in_a_child() -> ChildRead:
    """Read one resource of a ``_data`` folder in a child that may neither hang nor use 2 GB.

    The child prints the :class:`~iomdata.DataIntegrityError` that refuses the read, if any.
    """

    def read(data: Path, name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", _READ_ONE, str(data), name],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )

    return read


#: Run the console script in-process (``cli``): its exit status, stdout and stderr.
CliRun = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> CliRun:
    """``cli("show", "sources")``: run ``iomdata`` in this process, capturing its output."""
    from iomdata._cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        status = main(list(argv))
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace: dict[str, object]) -> None:
    doctest_namespace["iomdata"] = iomdata


class NetworkBlockedError(RuntimeError):
    """An attempt to reach the network during the test run (iomdata is offline)."""


@pytest.fixture(scope="session", autouse=True)
def _no_network() -> Iterator[None]:
    """Refuse every outgoing connection and name lookup for the whole run.

    iomdata must work offline, so nothing in a test may reach the network. Local
    (AF_UNIX) sockets stay usable: they reach no other machine. The refusal is a
    RuntimeError, not an OSError, so that no ``except OSError`` can swallow it.
    """

    def guard(original: Callable[..., Any]) -> Callable[..., Any]:
        def refuse(sock: socket.socket, *args: Any, **kwargs: Any) -> Any:
            if sock.family == socket.AF_UNIX:
                return original(sock, *args, **kwargs)
            msg = f"network access is blocked in the tests: {original.__name__}{args!r}"
            raise NetworkBlockedError(msg)

        return refuse

    def no_lookup(*args: Any, **_kwargs: Any) -> NoReturn:
        msg = f"network access is blocked in the tests: getaddrinfo{args!r}"
        raise NetworkBlockedError(msg)

    with pytest.MonkeyPatch.context() as patch:
        for method in ("connect", "connect_ex", "sendto"):
            patch.setattr(socket.socket, method, guard(getattr(socket.socket, method)))
        patch.setattr(socket, "getaddrinfo", no_lookup)
        yield
