"""Shared fixtures: where the repository, the pipeline and the source texts are."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

import iomdata
from iomdata._resources import ResourceStore

# Checked by mypy only: importing it would call the API at collection time.
collect_ignore = ["typing"]

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT.parent / "shared" / "sources"


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
