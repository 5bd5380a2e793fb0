#!/usr/bin/env -S uv run --script
# /// script
# dependencies = ["nox>=2024.10.9"]
# ///
"""Development sessions (``nox -s NAME``).

tests, lint, typecheck, lowest, build, data, calibrate, docs, bench, conventions, repo_review.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import nox

nox.needs_version = ">=2024.10.9"
nox.options.default_venv_backend = "venv"

ROOT = Path(__file__).resolve().parent
PYPROJECT = nox.project.load_toml("pyproject.toml")
PACKAGE_DEPS = PYPROJECT["project"]["dependencies"]
TEST_DEPS = nox.project.dependency_groups(PYPROJECT, "test")
SOURCES = ROOT.parent / "shared" / "sources"


def _build_wheel(session: nox.Session) -> Path:
    """Build the wheel into a fresh directory and return its path."""
    outdir = Path(session.create_tmp()) / "dist"
    shutil.rmtree(outdir, ignore_errors=True)
    session.run(
        "python", "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(outdir), ".", silent=True
    )
    (wheel,) = outdir.glob("iomdata-*.whl")
    return wheel


@nox.session(default=True)
def tests(session: nox.Session) -> None:
    """Run the test suite against the built and installed wheel (not the source tree)."""
    wheel = _build_wheel(session)
    session.install(f"{wheel}[pandas]", *TEST_DEPS)
    session.run("pytest", *session.posargs)


@nox.session(default=True)
def lint(session: nox.Session) -> None:
    """Ruff: lint and formatting."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(default=True)
def typecheck(session: nox.Session) -> None:
    """Mypy --strict over the package, the tests, the pipeline and this file."""
    session.install("mypy", "nox", "pandas-stubs", *PACKAGE_DEPS, *TEST_DEPS)
    session.install("--no-deps", "-e", ".")
    session.run("mypy", *session.posargs)


@nox.session(default=False)
def build(session: nox.Session) -> None:
    """Build the sdist and wheel, and check what the wheel ships."""
    session.install("build")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist))
    (wheel,) = dist.glob("iomdata-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    required = {"iomdata/py.typed", "iomdata/_data/manifest.json", "iomdata/__init__.py"}
    missing = required - names
    leaked = {name for name in names if name.startswith(("tests/", "tools/", "benchmarks/"))}
    if missing or leaked:
        session.error(f"wheel is missing {sorted(missing)} or ships {sorted(leaked)}")
    csvs = sorted(name for name in names if name.endswith(".csv"))
    session.log(f"{wheel.name}: {len(names)} files, {len(csvs)} data resources")


@nox.session(default=False)
def data(session: nox.Session) -> None:
    """Regenerate src/iomdata/_data/ with the pipeline, then verify it is reproducible."""
    session.install(*PACKAGE_DEPS, "scipy", "numpy")
    if SOURCES.is_dir():
        session.run("python", "-m", "tools.build_data", "--slice", "--fresh")
    else:
        session.warn(f"{SOURCES} not found: building from tools/raw without re-slicing")
        session.run("python", "-m", "tools.build_data", "--fresh")
    session.run("python", "-m", "tools.build_data", "--check")


@nox.session(default=False)
def calibrate(session: nox.Session) -> None:
    """Run the calibration study on simulated tables and write docs/calibration.md.

    Options after ``--`` go to ``python -m tools.staff.calibration_doc`` (e.g.
    ``-- --tables 20``).
    """
    session.install(*PACKAGE_DEPS, "scipy", "numpy")
    study = ["--tables", "200", "--seed", "2026", "--jobs", "2", "--sensitivity"]
    # The pipeline reads the package's own proofs (src/ first, as tools.build_data does).
    env = {"PYTHONPATH": str(ROOT / "src")}
    session.run("python", "-m", "tools.staff.calibration_doc", *study, *session.posargs, env=env)


@nox.session(default=False)
def docs(session: nox.Session) -> None:
    """Build the documentation from the built wheel, warnings as errors (docs/_build/html)."""
    wheel = _build_wheel(session)
    session.install(str(wheel), *nox.project.dependency_groups(PYPROJECT, "docs"))
    # A reused venv may hold the same version with older data: document this build.
    session.install("--force-reinstall", "--no-deps", str(wheel))
    shutil.rmtree(ROOT / "docs" / "_build", ignore_errors=True)
    build = ["-n", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html"]
    session.run("sphinx-build", *build, *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Run the benchmarks against the built wheel and write docs/performance.md.

    Options after ``--`` go to ``python -m benchmarks`` (e.g. ``-- --runs 25``).
    """
    wheel = _build_wheel(session)
    session.install(str(wheel), *nox.project.dependency_groups(PYPROJECT, "bench"))
    # The same version may already sit in a reused venv: make sure this build is measured.
    session.install("--force-reinstall", "--no-deps", str(wheel))
    session.run("python", "-m", "benchmarks", "--wheel", str(wheel), *session.posargs)


#: What ``lowest`` runs: the test files of every module that calls polars, pandas or
#: pyarrow (load and the records, show, export and its Parquet, interop, verify, the SDG
#: frames, damage and bad input), every docstring and docs example (they call polars the
#: way a user does), the record path, series and describe, and the pipeline's
#: regeneration, which calls polars too. Left out for time: the per-edition table tests
#: and the per-record key-figure checks (2,300 tests), which only read frames.
LOWEST_TESTS = [
    "tests/test_api.py",
    "tests/test_cli.py",
    "tests/test_docs_examples.py",
    "tests/test_doctests.py",
    "tests/test_export.py",
    "tests/test_hardening.py",
    "tests/test_interop.py",
    "tests/test_package.py",
    "tests/test_records.py",
    "tests/test_editions.py",
    "tests/test_describe.py",
    "tests/test_regeneration.py",
    "tests/test_resources.py",
    "tests/test_sdg_api.py",
    "tests/test_verify.py",
]


@nox.session(default=False)
def lowest(session: nox.Session) -> None:
    """Run the tests on the lowest versions pyproject.toml allows, and prove they are those.

    uv's ``lowest-direct`` resolution installs the built wheel with the pandas extra and
    the test group at the lowest version each bound allows (attrs, cattrs, polars, pandas,
    pyarrow, numpy, ...); the session then checks that each of the package's own
    dependencies sits exactly at its declared lower bound before it runs the tests.
    """
    from packaging.requirements import Requirement
    from packaging.version import Version

    wheel = _build_wheel(session)
    session.install("uv")
    python = str(Path(session.bin) / "python")
    # The wheel's requirements are named again: lowest-direct lowers only those given here.
    own = [*PACKAGE_DEPS, *PYPROJECT["project"]["optional-dependencies"]["pandas"]]
    session.run(
        "uv", "pip", "install", "--python", python, "--resolution", "lowest-direct",
        f"{wheel}[pandas]", *own, *TEST_DEPS,
    )  # fmt: skip
    floors = {}
    for text in own:
        requirement = Requirement(text)
        (bound,) = (spec.version for spec in requirement.specifier if spec.operator == ">=")
        floors[requirement.name] = Version(bound)
    script = "import importlib.metadata as m, sys; print(*(m.version(n) for n in sys.argv[1:]))"
    output = session.run("python", "-c", script, *floors, silent=True)
    installed = dict(zip(floors, map(Version, str(output).split()), strict=True))
    if installed != floors:
        session.error(f"not the declared lower bounds: {installed} (declared {floors})")
    session.log(f"lowest versions: {', '.join(f'{n} {v}' for n, v in installed.items())}")
    session.run("pytest", *LOWEST_TESTS, *session.posargs)


@nox.session(default=False)
def conventions(session: nox.Session) -> None:
    """Validate the CI, Read the Docs, Dependabot, citation and pre-commit files offline.

    check-jsonschema's built-in (vendored) schemas need no network; pre-commit checks its
    own configuration with its own schema; zizmor audits the workflows' security.
    """
    session.install("check-jsonschema", "pre-commit", "zizmor")
    workflows = sorted(str(path) for path in (ROOT / ".github" / "workflows").glob("*.yml"))
    check = ("check-jsonschema", "--builtin-schema")
    session.run(*check, "vendor.github-workflows", *workflows)
    session.run(*check, "custom.github-workflows-require-timeout", *workflows)
    session.run(*check, "vendor.dependabot", ".github/dependabot.yml")
    session.run(*check, "vendor.readthedocs", ".readthedocs.yaml")
    session.run(*check, "vendor.citation-file-format", "CITATION.cff")
    session.run("pre-commit", "validate-config", ".pre-commit-config.yaml")
    session.run("zizmor", "--offline", ".")


@nox.session(default=False)
def repo_review(session: nox.Session) -> None:
    """Check the repository against the Scientific Python Development Guide."""
    session.install("sp-repo-review[cli]")
    session.run("sp-repo-review", "--show", "err", ".")


if __name__ == "__main__":
    nox.main()
