"""The key-figure sources: where their texts are and how each is laid out.

Each source's key-figure module declares the layout of the sources it curates in its
``LAYOUTS`` (a :class:`~tools.keyfigures.locate.Layout` or a locator function of its
own); :func:`layouts` collects them by importing those modules explicitly, so nothing
depends on which module happened to be imported first.
"""

from __future__ import annotations

from pathlib import Path

from tools.keyfigures.locate import LocatorError, SourceLayout

__all__ = ["layout_of", "layouts", "read_source", "sources_dir"]


def layouts() -> dict[str, SourceLayout]:
    """Every key-figure source's layout, by source id, as its module declares it.

    Examples
    --------
    >>> sorted(layouts())
    ['ar2018', 'ar2020', 'ar2020-highlights', 'desa-sdg-survey-2021', 'priorities2020']
    """
    from tools.keyfigures import ar2018, ar2020, sdg_survey

    return {**ar2020.LAYOUTS, **ar2018.LAYOUTS, **sdg_survey.LAYOUTS}


def layout_of(source_id: str) -> SourceLayout:
    """The layout of the source ``source_id`` (see :func:`layouts`).

    Raises
    ------
    LocatorError
        If no key-figure module declares a layout for the source.
    """
    known = layouts()
    if source_id not in known:
        msg = f"no layout for source {source_id!r}; layouts: {sorted(known)}"
        raise LocatorError(msg)
    return known[source_id]


def sources_dir(repo_root: Path | None = None) -> Path:
    """Return ``../shared/sources`` relative to the repository root (may not exist)."""
    root = repo_root or Path(__file__).resolve().parents[2]
    return root.parent / "shared" / "sources"


def read_source(source_id: str, sources: Path | None = None) -> str:
    """Read ``<sources>/<source_id>.txt`` (UTF-8)."""
    directory = sources or sources_dir()
    return (directory / f"{source_id}.txt").read_text(encoding="utf-8")
