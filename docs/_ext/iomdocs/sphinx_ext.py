"""Sphinx extension: render the data-driven pages and the gallery before the build reads.

On ``builder-inited`` it

* fails the build when a dataset has no spec, or its spec and its columns disagree;
* rewrites the committed pages rendered from the data where they differ (one page per
  dataset in ``docs/datasets/``; the catalogue, sources and errata parts of their pages:
  :mod:`iomdocs.committed`);
* writes the fragments under ``docs/_generated/`` that hand-written pages pull in with
  ``{include}`` (cell statuses, worked example, API names not yet grouped, command-line
  help, gallery, the chart of the editions page) and their SVG charts;
* renders the README chart to ``docs/_static/readme-chart.png``.

Generated files are rewritten only when their content changes. ``docs/_generated/`` is
a build product (ignored by git); the committed pages and the README chart are in git.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from iomdocs import charts, committed, dictionary, models, pages, recovery
from iomdocs.markdown import escape, table, write_if_changed

__all__ = ["setup"]

logger = logging.getLogger(__name__)

REPOSITORY = Path(__file__).resolve().parents[3]
RAW = REPOSITORY / "tools" / "raw"


def _generate(app: Sphinx) -> None:
    started = time.perf_counter()
    docs = Path(app.srcdir)
    generated = docs / "_generated"
    try:
        dictionary.check(pages.schema_columns())
    except dictionary.DictionaryError as exc:
        raise ExtensionError(str(exc)) from exc

    for path in committed.write(docs):
        logger.info("iomdocs: rewrote %s (commit it)", path.relative_to(docs))
    fragments = {
        "cell_status.md": pages.cell_status_fragment(),
        "worked_example.md": recovery.worked_example_fragment(RAW),
        "models.md": models.models_fragment(REPOSITORY / "tools" / "cache"),
        "cli.md": pages.cli_fragment(),
    }
    try:
        fragments["api.md"] = pages.api_fragment((docs / "api.md").read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ExtensionError(str(exc)) from exc
    fragments["gallery.md"] = _gallery(generated / "gallery")
    fragments["editions_chart.md"] = _editions_chart(generated / "editions")
    for name, text in fragments.items():
        write_if_changed(generated / name, text)
    charts.save(charts.README_FIGURE(), docs / "_static" / "readme-chart.png", scale=2)
    logger.info("iomdocs: generated pages in %.1f s", time.perf_counter() - started)


def _gallery(directory: Path) -> str:
    parts = []
    figures = charts.build_figures()
    for figure in figures:
        image = directory / f"{figure.slug}.svg"
        charts.save(figure, image)
        rows = [[escape(value) for value in row] for row in figure.data.iter_rows()]
        numbers = table([escape(c) for c in figure.data.columns], rows)
        parts.append(
            f"(gallery-{figure.slug})=\n## {figure.title}\n\n"
            f"```{{figure}} /_generated/gallery/{image.name}\n"
            f":alt: {figure.title}\n:width: 100%\n\n{figure.caption}\n```\n\n"
            f"Drawn from {figure.drawn_from}.\n\n"
            f"<details><summary>The {figure.data.height} numbers behind the chart</summary>\n\n"
            f"{numbers}\n</details>\n"
        )
    for stale in directory.glob("*.svg"):
        if stale.stem not in {figure.slug for figure in figures}:
            stale.unlink()
    return "\n".join(parts)


def _editions_chart(directory: Path) -> str:
    figure = charts.indicators_across_editions()
    charts.save(figure, directory / f"{figure.slug}.svg")
    rows = [[escape(value) for value in row] for row in figure.data.iter_rows()]
    numbers = table([escape(c) for c in figure.data.columns], rows)
    return (
        f"(editions-chart)=\n## {figure.title}\n\n"
        f"```{{figure}} /_generated/editions/{figure.slug}.svg\n"
        f":alt: {figure.title}\n:width: 100%\n\n{figure.caption}\n```\n\n"
        f"Drawn from {figure.drawn_from}.\n\n"
        f"<details><summary>The {figure.data.height} numbers behind the chart</summary>\n\n"
        f"{numbers}\n</details>\n\n"
    )


def _optional_toctree_entries(app: Sphinx, docname: str, source: list[str]) -> None:
    """Leave ``performance`` out of the toctree until its page has been written.

    docs/performance.md is written by the benchmarks session (``nox -s bench``); without
    it, the entry would be a dangling reference and fail the ``-W`` build.
    """
    if docname != "index":
        return
    if not (Path(app.srcdir) / "performance.md").is_file():
        source[0] = "\n".join(
            line for line in source[0].splitlines() if line.strip() != "performance"
        )
        logger.info("iomdocs: docs/performance.md not written yet; left out of the toctree")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the generators with Sphinx."""
    app.connect("builder-inited", _generate)
    app.connect("source-read", _optional_toctree_entries)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
