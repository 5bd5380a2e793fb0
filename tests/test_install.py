"""Installation: the built wheel installs into a fresh venv and works there, and from a zip.

One wheel and one virtual environment for the whole module (built once, shared by the
tests). The venv receives the wheel with ``pip --no-index --no-deps``, so the test needs
no network: attrs, cattrs, polars and what they require are lent from the running
environment (symlinks in a folder named by a ``.pth`` file), and nothing else, so the
freshly installed iomdata is the only one the venv can import (the tests check it is).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

import iomdata

DEPENDENCIES = ("attrs", "cattrs", "polars")


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [str(arg) for arg in args], check=False, capture_output=True, text=True, cwd=cwd
    )
    if result.returncode:
        msg = f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        raise AssertionError(msg)
    return result.stdout


def _build_wheel(outdir: Path) -> Path:
    # Without build isolation when hatchling is at hand (offline and fast); otherwise pip
    # fetches the build backend as it would for any user.
    flags = ["--no-build-isolation"] if importlib.util.find_spec("hatchling") else []
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *flags, "-w", outdir, ROOT)
    (wheel,) = outdir.glob("iomdata-*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this repository, once per module."""
    return _build_wheel(tmp_path_factory.mktemp("dist"))


def _requirements(name: str) -> set[str]:
    """Distribution ``name`` and everything it needs here, recursively (markers applied)."""
    from packaging.requirements import Requirement

    found: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        key = current.lower().replace("_", "-")
        if key in found:
            continue
        found.add(key)
        for line in importlib.metadata.requires(current) or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    return found


def _lend(names: tuple[str, ...], target: Path) -> None:
    """Symlink the installed files of ``names`` and their requirements into ``target``.

    Only these distributions: lending the whole site-packages would lend this
    environment's own iomdata too, and pip would then find it "already installed".
    """
    target.mkdir()
    for name in sorted(set().union(*map(_requirements, names))):
        distribution = importlib.metadata.distribution(name)
        tops = {Path(str(file)).parts[0] for file in distribution.files or []}
        for top in tops - {"..", "__pycache__"}:
            source = Path(str(distribution.locate_file(top)))
            if source.exists() and not (target / top).exists():
                (target / top).symlink_to(source)


@pytest.fixture(scope="module")
def fresh_python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The interpreter of a new venv with the wheel installed (dependencies lent)."""
    home = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False, symlinks=True).create(home)
    python = home / "bin" / "python"
    site = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip()
    )
    lent = home / "lent"
    _lend(DEPENDENCIES, lent)
    (site / "_lent_dependencies.pth").write_text(f"{lent}\n")
    pip = (sys.executable, "-m", "pip", "--python", python)
    _run(*pip, "install", "-q", "--no-index", "--no-deps", wheel)
    return python


_SMOKE = """
import importlib.metadata, json, subprocess, sys
from pathlib import Path
import iomdata

report = {
    "file": iomdata.__file__,
    "version": iomdata.__version__,
    "metadata": importlib.metadata.version("iomdata"),
    "typed": (Path(iomdata.__file__).parent / "py.typed").is_file(),
    "rows": {name: iomdata.load(name).height for name in iomdata.datasets()},
    "staff": {e: iomdata.staff(e).total_staff for e in iomdata.editions()},
    "key_figures": len(iomdata.key_figures()),
    "verify": iomdata.verify().ok,
}
script = Path(sys.executable).parent / "iomdata"
report["script"] = subprocess.run(
    [str(script), "--version"], check=True, capture_output=True, text=True
).stdout
print(json.dumps(report))
"""


def _manifest_rows() -> dict[str, int]:
    from iomdata._resources import default_store

    return {entry.name: entry.rows for entry in default_store().manifest.resources}


def test_wheel_installs_into_a_fresh_venv_and_works(fresh_python: Path) -> None:
    """From the fresh venv: the right package, every dataset, records, proofs, the script."""
    found = json.loads(_run(fresh_python, "-I", "-c", _SMOKE))
    assert found["file"].startswith(str(fresh_python.parent.parent))
    assert found["version"] == found["metadata"] == iomdata.__version__
    assert found["typed"]
    assert found["rows"] == _manifest_rows()
    assert found["staff"] == {str(e): iomdata.staff(e).total_staff for e in iomdata.editions()}
    assert found["key_figures"] == len(iomdata.key_figures())
    assert found["verify"] is iomdata.verify().ok
    assert found["script"].startswith(f"iomdata {iomdata.__version__} (data ")


def test_fresh_venv_dependencies_are_satisfied(fresh_python: Path) -> None:
    """The wheel's declared requirements are met in the venv (``pip check``)."""
    _run(sys.executable, "-m", "pip", "--python", fresh_python, "check")


def test_wheel_ships_the_data_and_nothing_else(wheel: Path) -> None:
    """The wheel holds the package, its data and metadata: no tests, tools or caches."""
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {name.removeprefix("iomdata/_data/") for name in names if "/_data/" in name}
    assert shipped == {*(f"{name}.csv" for name in _manifest_rows()), "manifest.json"}
    top = {name.split("/", 1)[0] for name in names}
    assert top == {"iomdata", f"iomdata-{iomdata.__version__}.dist-info"}
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


_ZIPPED = """
import json, sys, tempfile, zipimport
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import iomdata

with tempfile.TemporaryDirectory() as scratch:
    exported = iomdata.export(Path(scratch) / "out", datasets=["sources"]).is_file()
print(json.dumps({
    "file": iomdata.__file__,
    "zipimport": isinstance(iomdata.__loader__, zipimport.zipimporter),
    "rows": {name: iomdata.load(name).height for name in iomdata.datasets()},
    "grid": iomdata.staff(iomdata.editions()[-1]).nationality_grade().height,
    "exported": exported,
    "verify": iomdata.verify().ok,
}))
"""


@pytest.mark.skipif(not iomdata.editions(), reason="this data build has no staff statistics")
def test_package_runs_from_a_zipped_wheel(wheel: Path) -> None:
    """With the wheel itself on sys.path, iomdata imports by zipimport and loads its data."""
    found = json.loads(_run(sys.executable, "-I", "-c", _ZIPPED, wheel))
    assert found["file"].startswith(str(wheel))
    assert found["zipimport"]
    assert found["rows"] == _manifest_rows()
    edition = iomdata.editions()[-1]
    assert found["grid"] == iomdata.staff(edition).nationality_grade().height
    assert found["exported"]
    assert found["verify"] is iomdata.verify().ok
