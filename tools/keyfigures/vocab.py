"""The closed vocabularies of ``key_figures`` and the columns of its curated files.

Units, qualifiers and topics are part of the data contract and are declared once, in the
package's spec of ``key_figures`` (``src/iomdata/_spec_key_figures.py``): extend them
there, only by *adding* entries, each with a comment saying what it covers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from iomdata import _spec_key_figures as _spec
from iomdata._specs import SPECS

__all__ = ["COLUMNS", "CURATED_COLUMNS", "QUALIFIERS", "TOPICS", "UNITS", "UNIT_SCALE"]


#: What a key figure counts, how the source hedges a number, and what a key figure is
#: about: the closed vocabularies of the ``key_figures`` spec, where the build checks
#: them (``iomdata._spec_key_figures``); the curation here checks its files against the
#: same lists.
UNITS: Final[frozenset[str]] = frozenset(_spec.UNITS)
QUALIFIERS: Final[frozenset[str]] = frozenset(_spec.QUALIFIERS)
TOPICS: Final[frozenset[str]] = frozenset(_spec.TOPICS)

UNIT_SCALE: Final[Mapping[str, float]] = {"USD million": 1e6, "CHF million": 1e6}
"""Units whose values are stated in multiples (the printed amount is divided by this)."""

COLUMNS: Final[tuple[str, ...]] = tuple(SPECS["key_figures"].names)
"""The ``key_figures`` columns, in schema order."""

CURATED_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "locator",
    "as_printed",
    "label",
    "unit",
    "period",
    "topic",
    "indicator",
    "fact",
)
"""The columns of a curated ``tools/reference/key_figures_<source>.csv`` file."""
