"""The committed pages rendered from the data are what the installed data renders.

``docs/datasets/*.md`` and the marked parts of ``docs/datasets.md``, ``docs/editions.md``,
``docs/sources.md`` and ``docs/errata.md`` are committed so that the data dictionary, the sources and the
errata read without a documentation build; they must never drift from the package.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

import iomdata

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture(scope="module")
def committed() -> Any:
    """The generator of the committed pages (docs/_ext is not a package of the project)."""
    if not (DOCS / "_ext").is_dir():
        pytest.skip("docs/ is not beside the tests (installed without the repository)")
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(DOCS / "_ext"))
        return importlib.import_module("iomdocs.committed")


def test_committed_pages_are_current(committed: Any) -> None:
    """Every committed generated page holds exactly what the installed data renders."""
    expected: dict[Path, str] = committed.expected(DOCS)
    assert len(expected) == len(iomdata.datasets()) + 4
    differ = [
        str(path.relative_to(DOCS))
        for path, text in expected.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    assert differ == [], f"stale pages; rewrite them with `{committed.REGENERATE}`"
    assert committed.stale(DOCS) == []


def test_every_dataset_page_shows_its_dictionary(committed: Any) -> None:
    """Each dataset page names the dataset's title and the meaning of every column."""
    del committed  # used for its skip: without docs/ there are no pages
    for name in iomdata.datasets():
        page = (DOCS / "datasets" / f"{name}.md").read_text(encoding="utf-8")
        info = iomdata.describe(name)
        assert f"# `{name}`" in page
        assert f"sha256 `{info.sha256[:16]}`" in page
        for column in info.columns:
            assert f"| `{column.name}` | `{column.dtype}`" in page, (name, column.name)


def test_generated_parts_are_marked(committed: Any) -> None:
    """The hand-written pages keep their prose outside one marked generated part."""
    for name in ("datasets.md", "sources.md", "errata.md"):
        text = (DOCS / name).read_text(encoding="utf-8")
        assert text.count(committed.BEGIN) == 1, name
        assert text.count(committed.END) == 1, name
        assert "{include}" not in text, name


def test_docs_build_refuses_a_dataset_its_spec_does_not_describe(committed: Any) -> None:
    """The docs build's check passes on the package and names a column without a spec."""
    dictionary = importlib.import_module("iomdocs.dictionary")
    pages = importlib.import_module("iomdocs.pages")
    del committed  # imported iomdocs; without docs/ the test is skipped
    dictionary.check(pages.schema_columns())
    with pytest.raises(dictionary.DictionaryError, match=r"errata\.page has no spec"):
        dictionary.check({"errata": [*iomdata.describe("errata").key, "page"]})


def test_the_walked_through_row_says_which_model_does_not_list_the_shipped_reading(
    committed: Any,
) -> None:
    """The recovery page's unsettled row (2020 Annex II, Algeria) is shipped under one model.

    ``row_ladder`` has no choice meeting the totals that contains it, and the page says so
    for that model only.
    """
    models = importlib.import_module("iomdocs.models")
    del committed  # imported iomdocs; without docs/ the test is skipped
    text = models._walk_through()
    assert text.startswith("### An unsettled row: Algeria, 2020 Annex II")
    assert "No choice of `row_ladder`'s readings that meets every total contains" in text
    assert "No choice of `fewest_edits`'s" not in text
