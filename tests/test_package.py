"""The package as installed: version, typing marker, public surface, light import."""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import subprocess
import sys

import iomdata


def test_version_matches_metadata() -> None:
    """The runtime version is the installed distribution's version."""
    assert importlib.metadata.version("iomdata") == iomdata.__version__


def test_py_typed_ships() -> None:
    """The PEP 561 marker is installed with the package."""
    assert (importlib.resources.files("iomdata") / "py.typed").is_file()


def test_all_is_sorted_and_complete() -> None:
    """__all__ is sorted, every name exists, and dir() shows exactly the public names."""
    assert sorted(iomdata.__all__) == iomdata.__all__
    for name in iomdata.__all__:
        assert hasattr(iomdata, name), name
    assert sorted(dir(iomdata)) == sorted(iomdata.__all__)


def test_import_is_light() -> None:
    """Importing iomdata imports neither polars nor cattrs."""
    code = (
        "import sys, iomdata; print(sorted(m for m in ('polars', 'cattrs') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "[]"


def test_first_load_imports_polars() -> None:
    """Asking for a frame is what brings polars in."""
    code = "import sys, iomdata; iomdata.load('sources'); print('polars' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "True"


def test_public_functions_are_documented() -> None:
    """Every public callable has a docstring with an Examples or Returns section."""
    for name in iomdata.__all__:
        obj = getattr(iomdata, name)
        if callable(obj) and not isinstance(obj, type):
            assert obj.__doc__, name
            assert "Examples" in obj.__doc__, name
