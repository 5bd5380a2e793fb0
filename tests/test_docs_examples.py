"""Every code example in the hand-written documentation runs against the installed package.

Python examples (fenced ``pycon``/``python`` blocks) are doctests; each page's examples
share one namespace and run in order. Console examples (fenced ``console`` blocks) run
each ``$ iomdata ...`` command with ``python -m iomdata`` and compare its output. So the
docs cannot drift from the package: a changed number, name or message fails here.
"""

from __future__ import annotations

import doctest
import importlib
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
# Pages the docs build writes (they show data, not examples) and build output.
GENERATED = {"_build", "_generated", "datasets"}
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
PYTHON = {"python", "pycon", "py"}
CONSOLE = {"console", "shell-session"}
# Shell commands a page may show without running them: installing and developing.
SETUP_COMMAND = re.compile(r"^(python -m pip install|pip install|nox|python -m tools\.)")
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")


@dataclass(frozen=True)
class Block:
    """A fenced code block of a Markdown page."""

    language: str
    text: str
    #: 0-based line of the block's first content line in the page.
    line: int


def pages() -> list[Path]:
    """The hand-written Markdown pages of the documentation."""
    if not DOCS.is_dir():
        return []
    return sorted(
        path
        for path in DOCS.rglob("*.md")
        if not GENERATED & set(path.relative_to(DOCS).parts[:-1])
    )


def blocks(text: str) -> list[Block]:
    """The fenced code blocks of a page, with their language and position."""
    out: list[Block] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence, language = opening["fence"], opening["info"].strip().split(" ")[0]
        end = index + 1
        while end < len(lines) and not (
            lines[end].startswith(fence[0] * len(fence)) and not lines[end].strip(fence[0])
        ):
            end += 1
        out.append(Block(language, "\n".join(lines[index + 1 : end]) + "\n", index + 1))
        index = end + 1
    return out


def pages_with(languages: set[str]) -> list[Path]:
    """The pages with at least one block in one of ``languages``."""
    return [
        page
        for page in pages()
        if any(b.language in languages for b in blocks(page.read_text(encoding="utf-8")))
    ]


def _ids(path: Path) -> str:
    return str(path.relative_to(DOCS))


def test_the_docs_have_examples() -> None:
    """The collector finds the pages and their examples (an empty run proves nothing)."""
    assert pages(), f"no documentation pages under {DOCS}"
    assert pages_with(PYTHON)
    assert pages_with(CONSOLE)


def test_worked_example_uses_the_pipeline_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The recovery page's whitespace rule is the pipeline's default policy."""
    from tools.staff.readings import Policy

    # The docs' generators are not a package of the project: import them from docs/_ext.
    monkeypatch.syspath_prepend(str(DOCS / "_ext"))
    recovery = importlib.import_module("iomdocs.recovery")

    policy = Policy()
    expected = (policy.max_shift, policy.max_edits, policy.max_breaks)
    assert expected == (recovery.MAX_SHIFT, recovery.MAX_EDITS, recovery.MAX_BREAKS)


@pytest.mark.parametrize("page", pages_with(PYTHON), ids=_ids)
def test_python_examples(page: Path) -> None:
    """The page's Python examples give the output the page shows."""
    examples: list[doctest.Example] = []
    parser = doctest.DocTestParser()
    for block in blocks(page.read_text(encoding="utf-8")):
        if block.language not in PYTHON:
            continue
        found = parser.get_examples(block.text, name=str(page))
        assert found, f"{_ids(page)}:{block.line}: a Python block without >>> examples"
        for example in found:
            example.lineno += block.line
        examples.extend(found)
    test = doctest.DocTest(examples, {}, _ids(page), str(page), 0, None)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


def _run_iomdata(arguments: str) -> str:
    env = {**os.environ, "COLUMNS": "88"}
    result = subprocess.run(  # the installed package's own console script
        [sys.executable, "-m", "iomdata", *shlex.split(arguments)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return result.stdout + result.stderr


def _commands(block: Block) -> list[tuple[int, str, str]]:
    """(line, command, expected output) for each ``$`` line of a console block."""
    out: list[tuple[int, str, list[str]]] = []
    for offset, line in enumerate(block.text.splitlines()):
        if line.startswith("$ "):
            out.append((block.line + offset, line[2:].strip(), []))
        elif out:
            out[-1][2].append(line)
        elif line.strip():
            msg = f"line {block.line + offset}: console output before any $ command"
            raise AssertionError(msg)
    return [(n, command, "\n".join(want).strip() + "\n") for n, command, want in out]


@pytest.mark.parametrize("page", pages_with(CONSOLE), ids=_ids)
def test_console_examples(page: Path) -> None:
    """The page's ``$ iomdata`` commands print what the page shows."""
    checker = doctest.OutputChecker()
    for block in blocks(page.read_text(encoding="utf-8")):
        if block.language not in CONSOLE:
            continue
        for line, command, want in _commands(block):
            where = f"{_ids(page)}:{line + 1}"
            if SETUP_COMMAND.match(command):
                continue
            assert command.startswith("iomdata"), f"{where}: cannot run {command!r} here"
            got = _run_iomdata(command.removeprefix("iomdata"))
            assert checker.check_output(want, got, FLAGS), (
                f"{where}: $ {command}\n--- the page shows\n{want}--- the command printed\n{got}"
            )


@pytest.mark.parametrize("page", pages(), ids=_ids)
def test_no_untested_code(page: Path) -> None:
    """Code is shown only in blocks this module runs (shell goes in ``console`` blocks)."""
    untested = [
        f"{_ids(page)}:{block.line}: ```{block.language}"
        for block in blocks(page.read_text(encoding="utf-8"))
        if block.language in {"bash", "sh", "shell", "ipython", "python3"}
    ]
    assert not untested, "use pycon or console blocks: " + ", ".join(untested)
