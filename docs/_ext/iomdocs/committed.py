"""The pages rendered from the data that are committed, so they read without a docs build.

``docs/datasets/<name>.md`` (one page per dataset) are written whole; ``docs/datasets.md``,
``docs/editions.md``, ``docs/sources.md`` and ``docs/errata.md`` are hand-written pages whose part between the
markers below is rendered from the bundled data. All of them are in the repository, so
the data dictionary, the sources and the errata read on any checkout (GitHub renders
them), and ``tests/test_docs_pages.py`` fails when one is not what the installed data
renders. After a data change, rewrite them with::

    PYTHONPATH=docs/_ext python -m iomdocs

The documentation build (``nox -s docs``) rewrites them too, when they changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Final

import iomdata
from iomdocs import pages
from iomdocs.markdown import write_if_changed

__all__ = ["BEGIN", "END", "REGENERATE", "expected", "stale", "write"]

REGENERATE: Final = "PYTHONPATH=docs/_ext python -m iomdocs"
BEGIN: Final = f"<!-- BEGIN GENERATED: rendered from the bundled data by `{REGENERATE}` -->"
END: Final = "<!-- END GENERATED -->"
_HEADER: Final = f"<!-- Generated from the bundled data by `{REGENERATE}`; do not edit. -->\n"

#: Hand-written page -> the renderer of its generated part.
_FRAGMENTS: Final[dict[str, Callable[[], str]]] = {
    "datasets.md": pages.datasets_fragment,
    "editions.md": pages.editions_fragment,
    "sources.md": pages.sources_fragment,
    "errata.md": pages.errata_fragment,
}


def _splice(page: Path, generated: str) -> str:
    text = page.read_text(encoding="utf-8")
    head, begin, rest = text.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not (begin and end):
        msg = f"{page} lacks the markers {BEGIN!r} ... {END!r}"
        raise ValueError(msg)
    return f"{head}{BEGIN}\n\n{generated.strip()}\n\n{END}{tail}"


def expected(docs: Path) -> dict[Path, str]:
    """Every committed generated page under ``docs`` -> the text it must hold."""
    out = {
        docs / "datasets" / f"{name}.md": _HEADER + pages.dataset_page(name)
        for name in iomdata.datasets()
    }
    for name, render in _FRAGMENTS.items():
        out[docs / name] = _splice(docs / name, render())
    return out


def stale(docs: Path) -> list[Path]:
    """Dataset pages under ``docs/datasets`` of datasets that no longer exist."""
    wanted = set(expected(docs))
    return sorted(path for path in (docs / "datasets").glob("*.md") if path not in wanted)


def write(docs: Path) -> list[Path]:
    """Write every page that differs, remove stale dataset pages; return what changed."""
    changed = [path for path, text in expected(docs).items() if write_if_changed(path, text)]
    for path in stale(docs):
        path.unlink()
        changed.append(path)
    return changed
