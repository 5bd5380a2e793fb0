"""The records of the sources and errata tables, loaded on first use.

Apart from :mod:`iomdata._models` for the reason :mod:`iomdata._manifest` gives.
"""

from __future__ import annotations

import attrs

__all__ = ["Erratum", "Source"]


@attrs.frozen(kw_only=True)
class Source:
    """A published document that iomdata draws numbers from."""

    #: Short id used in every row's ``source`` column, e.g. ``"ar2020"``.
    id: str
    #: The document symbol, e.g. ``"C/112/INF/1"``; ``None`` where it has none.
    symbol: str | None
    #: The document's title.
    title: str
    #: Year of the document.
    year: int
    #: Corrigenda incorporated in the text used, if any.
    corrigenda: str | None
    #: What a reader should know about the document or its identification.
    note: str | None


@attrs.frozen(kw_only=True)
class Erratum:
    """A published inconsistency, kept as published and documented."""

    #: Stable id, prefixed with the source id.
    id: str
    #: The source whose figure is inconsistent.
    source: str
    #: Where in the source (annex and table, paragraph, box or section heading).
    locator: str
    #: The value(s) as published.
    published: str
    #: What the arithmetic or the other publication establishes.
    established: str
    #: Our explanation of the evidence.
    explanation: str
    #: The keys of the proofs this erratum explains (see :func:`iomdata.verify`),
    #: separated by ``;``; ``None`` for an erratum of a name or of a text that no
    #: equation checks.
    proofs: str | None
