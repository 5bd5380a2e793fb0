"""Sphinx configuration of the iomdata documentation (built by ``nox -s docs``)."""

from __future__ import annotations

import sys
from pathlib import Path

import iomdata

# The generators of the data-driven pages live beside this file, not in the package.
sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

project = "iomdata"
author = "The iomdata developers"
copyright = "the iomdata developers; the figures are IOM's"  # noqa: A001 - Sphinx's name
release = iomdata.__version__
version = release

extensions = [
    "myst_parser",
    "numpydoc",
    "sphinx.ext.autodoc",
    "iomdocs.sphinx_ext",
]

# .rst is listed only because numpydoc loads autosummary, which warns without it; every
# page is Markdown.
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
# _generated holds fragments that hand-written pages pull in with {include}; they are not
# documents of their own.
exclude_patterns = ["_build", "_generated"]

myst_enable_extensions = ["colon_fence", "deflist", "substitution"]


def _editions() -> str:
    years = [str(year) for year in iomdata.editions()]
    if len(years) == 1:
        return f"the {years[0]} edition"
    return f"the {', '.join(years[:-1])} and {years[-1]} editions"


# Facts of this release that hand-written prose mentions, taken from the package.
myst_substitutions = {"staff_editions": _editions()}
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
# Members are listed by autodoc; numpydoc's own member tables would need stub pages.
numpydoc_show_class_members = False
numpydoc_xref_param_type = False

# The build is offline (no intersphinx inventories), so references to the types of the
# libraries iomdata builds on cannot resolve; they are named, not linked.
nitpick_ignore_regex = [
    ("py:class", r"(polars|pl|pandas|pd)\..*"),
    ("py:class", r"(os\.)?PathLike|(pathlib\.)?Path"),
    ("py:class", r"(attrs|cattrs)\..*"),
    ("py:class", r"collections\.abc\..*"),
    ("py:class", r"(importlib\.resources\.abc\.)?Traversable"),
    # Private Literal aliases in signatures; each docstring lists the values they allow.
    ("py:class", r"ExportFormat|CitationFormat"),
]

html_theme = "furo"
html_title = f"iomdata {release}"
html_static_path = ["_static"]
html_css_files = ["iomdata.css"]
html_show_sourcelink = False
