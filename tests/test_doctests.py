"""The examples in every docstring of the installed package run and print what they say."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import iomdata

# __main__ runs the command line when imported.
MODULES = sorted(
    name
    for _, name, _ in pkgutil.iter_modules(iomdata.__path__, prefix="iomdata.")
    if name != "iomdata.__main__"
)


def test_every_module_is_collected() -> None:
    """The list covers the public namespace and the private modules behind it."""
    assert {"iomdata._api", "iomdata._models", "iomdata._resources"} <= set(MODULES)


@pytest.mark.parametrize("name", ["iomdata", *MODULES])
def test_docstring_examples(name: str) -> None:
    """Each module's docstring examples pass (none is skipped by accident of collection)."""
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags, extraglobs={"iomdata": iomdata})
    assert result.failed == 0
