"""The search's version and cache key, and the reading that takes a row as printed.

The integer programs are :mod:`tools.staff.model`'s; this module holds what the editions'
search caches are keyed on (:data:`ENGINE_VERSION`, :func:`search_key`) and
:func:`literal_index`, the ``row_ladder`` model's notion of a trusted row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Final

from tools.staff.readings import Reading

__all__ = ["ENGINE_VERSION", "literal_index", "search_key"]

#: Version of what a search means: bump it whenever a change to the reading enumeration,
#: the costs, the integer programs, the statuses or the canonical choice could change what
#: a search decides for the same inputs. Search caches are keyed on it and on the search's inputs
#: (:func:`search_key`), not on the code, so that a refactor does not force a re-search.
ENGINE_VERSION: Final = 4


def search_key(inputs: object) -> str:
    """sha256 of a search's inputs (a JSON-ready value) and :data:`ENGINE_VERSION`.

    Examples
    --------
    >>> search_key({"rows": [1, 2]}) == search_key({"rows": [1, 2]})
    True
    >>> search_key({"rows": [1, 2]}) == search_key({"rows": [2, 1]})
    False
    """
    text = json.dumps(
        {"engine_version": ENGINE_VERSION, "inputs": inputs},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def literal_index(readings: Sequence[Reading]) -> int | None:
    """Index of the reading that takes the row exactly as printed (no edit), if any.

    A row that has one is *trusted*: its printed whitespace is regular, and it departs
    from it only when the published totals leave no other way.
    """
    for k, reading in enumerate(readings):
        if reading.edits == 0:
            return k
    return None
