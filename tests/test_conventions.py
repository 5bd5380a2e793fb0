"""The convention files say what README, CI and the brief promise of them.

Their syntax is validated against JSON schemas by ``nox -s conventions`` (GitHub, Read
the Docs and pre-commit cannot run here); these tests check their content.
"""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from conftest import ROOT

yaml = pytest.importorskip("yaml")


def _yaml(relative: str) -> Any:
    path = ROOT / relative
    if not path.is_file():
        pytest.skip(f"{relative} is not beside the tests")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _runs(workflow: Any) -> list[str]:
    return [
        step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step
    ]


def _pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_ci_tests_every_supported_python() -> None:
    """The test matrix is exactly the Python versions the package's classifiers name."""
    ci = _yaml(".github/workflows/ci.yml")
    matrix = ci["jobs"]["tests"]["strategy"]["matrix"]["python-version"]
    prefix = "Programming Language :: Python :: 3."
    classified = [
        c.removeprefix("Programming Language :: Python :: ")
        for c in _pyproject()["project"]["classifiers"]
        if c.startswith(prefix)
    ]
    assert matrix == classified == ["3.11", "3.12", "3.13"]
    assert _pyproject()["project"]["requires-python"] == ">=3.11"


def test_ci_runs_every_check_as_a_nox_session() -> None:
    """Lint, typecheck, conventions, tests, lowest versions and docs each run in CI."""
    runs = " ".join(_runs(_yaml(".github/workflows/ci.yml")))
    for session in ("lint typecheck conventions", "tests --force-python", "lowest", "docs"):
        assert f"nox -s {session}" in runs, session
    ci = _yaml(".github/workflows/ci.yml")
    assert set(ci.get("on", ci.get(True))) == {"push", "pull_request", "workflow_dispatch"}


def test_release_publishes_with_trusted_publishing_on_a_tag() -> None:
    """Release builds sdist and wheel, and publishes only on a v* tag, with OIDC, no token."""
    release = _yaml(".github/workflows/release.yml")
    triggers = release.get("on", release.get(True))
    assert triggers["push"]["tags"] == ["v*"]
    assert "nox -s build" in _runs(release)
    publish = release["jobs"]["publish"]
    assert publish["needs"] == ["dist"]
    assert "refs/tags/v" in publish["if"]
    assert publish["permissions"]["id-token"] == "write"
    (step,) = [s for s in publish["steps"] if s.get("uses", "").startswith("pypa/")]
    assert step["uses"].startswith("pypa/gh-action-pypi-publish@")
    assert "with" not in step  # no password: trusted publishing


def test_read_the_docs_installs_the_docs_group() -> None:
    """Read the Docs installs the package with the docs dependency group, warnings fail."""
    rtd = _yaml(".readthedocs.yaml")
    assert rtd["version"] == 2
    assert "python -m pip install . --group docs" in rtd["build"]["jobs"]["install"]
    assert rtd["sphinx"] == {"configuration": "docs/conf.py", "fail_on_warning": True}
    assert "docs" in _pyproject()["dependency-groups"]


def test_dependabot_updates_the_actions() -> None:
    """Dependabot watches the GitHub Actions of the workflows."""
    (update,) = _yaml(".github/dependabot.yml")["updates"]
    assert update["package-ecosystem"] == "github-actions"


def test_pre_commit_runs_ruff_format_and_file_checks() -> None:
    """pre-commit runs ruff (lint and format) and the basic file checks."""
    repos = {repo["repo"]: repo for repo in _yaml(".pre-commit-config.yaml")["repos"]}
    ruff = {hook["id"] for hook in repos["https://github.com/astral-sh/ruff-pre-commit"]["hooks"]}
    assert ruff == {"ruff-check", "ruff-format"}
    basic = {
        hook["id"] for hook in repos["https://github.com/pre-commit/pre-commit-hooks"]["hooks"]
    }
    assert {"check-yaml", "check-toml", "end-of-file-fixer", "trailing-whitespace"} <= basic


def test_repo_review_ignores_carry_reasons() -> None:
    """Every repo-review check left ignored has a reason beside it."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = text.split("[tool.repo-review]", 1)[1].split("\n[", 1)[0]
    ignored = _pyproject()["tool"]["repo-review"]["ignore"]
    for check in ignored:
        (line,) = [line for line in block.splitlines() if f'"{check}"' in line]
        assert line.split("#", 1)[1].strip(), check
    assert not {"GH", "RTD", "PC"} & set(ignored)


def test_ci_script_runs_the_conventions_session() -> None:
    """.ci/run validates the convention files after the README's test command."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert script.index("nox -s lint typecheck tests") < script.index("nox -s conventions")
