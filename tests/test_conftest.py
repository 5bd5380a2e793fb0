"""The test run says loudly when it lost coverage to absent source texts."""

from __future__ import annotations

from typing import Any

import conftest
import pytest


class _Report:
    def __init__(self, reason: str) -> None:
        self.longrepr = ("tests/test_x.py", 1, f"Skipped: {reason}")


class _Reporter:
    def __init__(self, reasons: list[str]) -> None:
        self.stats: dict[str, list[Any]] = {"skipped": [_Report(r) for r in reasons]}
        self.lines: list[str] = []

    def write_sep(self, sep: str, title: str, **_markup: bool) -> None:
        self.lines.append(f"{sep} {title}")

    def write_line(self, line: str, **_markup: bool) -> None:
        self.lines.append(line)


def test_banner_counts_the_skips_for_absent_sources() -> None:
    """Only skips that name the sources' path count; the banner states the number once."""
    reasons = [f"source texts not found at {conftest.SOURCES}"] * 3 + ["something else"]
    reporter = _Reporter(reasons)
    conftest.pytest_terminal_summary(reporter)
    assert (
        reporter.lines[0] == f"! 3 tests SKIPPED: the source texts are not at {conftest.SOURCES}"
    )
    assert len(reporter.lines) == 2


def test_no_banner_without_such_skips() -> None:
    """A run with the sources (or other skips only) prints nothing extra."""
    reporter = _Reporter(["something else"])
    conftest.pytest_terminal_summary(reporter)
    assert reporter.lines == []


def test_the_fixture_names_the_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """The sources fixture's skip reason names the path, so the banner counts it."""
    monkeypatch.setattr(conftest, "SOURCES", tmp_path / "absent")
    with pytest.raises(pytest.skip.Exception) as skipped:
        conftest.sources_dir.__wrapped__()  # type: ignore[attr-defined]
    assert str(tmp_path / "absent") in str(skipped.value)
