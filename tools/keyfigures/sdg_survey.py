"""Key figures of IOM's 2021 reply to the DESA SDG questionnaire (``desa-sdg-survey-2021``).

The reply's claims are curated in ``tools/reference/key_figures_desa-sdg-survey-2021.csv``
and located by question (``Question N``, :data:`LAYOUTS`).  Where the reply states how
many entries one of its own lists has, the count is proven against the list the survey's
pipeline (:mod:`tools.sdg.survey`) builds: :data:`COUNT_CHECKS`, reviewed in
``tools/reference/sdg_count_checks.csv``, and :func:`count_errata`.  A count that differs
is explained by the erratum of ``tools/reference/errata.toml`` that names its
:attr:`CountCheck.key` among its ``checks``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import attrs

from tools.errata import Entry
from tools.keyfigures.checks import needs_erratum
from tools.keyfigures.curated import REFERENCE_DIR, load_curated
from tools.keyfigures.locate import SourceLayout
from tools.reference import read_csv_rows
from tools.sdg.source import SOURCE, SurveyError, locate_question, read_errata

__all__ = ["COUNT_CHECKS", "LAYOUTS", "CountCheck", "count_errata", "erratum_links", "key_figures"]

Row = dict[str, object]

LAYOUTS: Final[Mapping[str, SourceLayout]] = {SOURCE: locate_question}
"""The reply is located by its numbered questions, which no Layout describes."""


@dataclass(frozen=True, kw_only=True)
class CountCheck:
    """A count the reply states (a key figure) against the length of what it lists.

    Attributes
    ----------
    figure_id
        The key figure that states the count.
    what
        Our words for what is counted (they end the erratum's ``established``).
    dataset, column, value
        The rows of ``dataset`` whose ``column`` is ``value`` are counted; without a
        ``value``, the distinct values of ``column``.
    """

    figure_id: str
    what: str
    dataset: str
    column: str
    value: str | None

    @property
    def key(self) -> str:
        """The check's key, which an erratum that explains it names among its ``checks``."""
        return f"count:{self.figure_id}"

    def count(self, data: Mapping[str, Sequence[Mapping[str, object]]]) -> int:
        """How many entries the list has in ``data`` (datasets by name)."""
        rows = data[self.dataset]
        if self.value is None:
            return len({row[self.column] for row in rows})
        return sum(1 for row in rows if row[self.column] == self.value)


COUNT_CHECKS: Final = tuple(
    CountCheck(
        figure_id=row["figure_id"],
        what=row["what"],
        dataset=row["dataset"],
        column=row["column"],
        value=row["value"] or None,
    )
    for row in read_csv_rows(REFERENCE_DIR / "sdg_count_checks.csv")
)
"""The reply's stated counts and the lists they count, in file order."""


def key_figures() -> list[Row]:
    """The reply's ``key_figures`` rows, from its curated file."""
    # The survey's figures have no counterpart in the annual reports' indicator catalogue,
    # so no indicator is allowed (and the build does not depend on that catalogue).
    path = REFERENCE_DIR / f"key_figures_{SOURCE}.csv"
    return load_curated(path, SOURCE, None, indicators=frozenset())


def _explaining(errata: Mapping[str, Entry]) -> dict[str, Entry]:
    """Check key -> the reviewed erratum that explains it."""
    return {key: entry for entry in errata.values() for key in entry.checks}


def count_errata(data: Mapping[str, list[Row]], figures: Sequence[Row]) -> list[Row]:
    """Prove each stated count against its list; a mismatch needs its reviewed erratum.

    Raises
    ------
    SurveyError
        If a count differs from its list without a reviewed erratum, or a reviewed
        erratum's count now agrees.
    """
    by_id = {str(row["id"]): row for row in figures}
    explaining = _explaining(read_errata())
    errata: list[Row] = []
    for check in COUNT_CHECKS:
        figure = by_id[check.figure_id]
        stated, listed = figure["value"], check.count(data)
        entry = explaining.get(check.key)
        if not needs_erratum(
            stated == listed,
            None if entry is None else entry.id,
            holding=f"{check.figure_id} equals the {check.what}",
            failing=f"{check.figure_id} states {stated} but {listed} {check.what}",
            error=SurveyError,
        ):
            continue
        assert entry is not None  # needs_erratum raised otherwise
        # The package's proofs do not count the survey's lists (iomdata._proofs).
        sides = {
            "locator": figure["locator"],
            "published": f"{figure['as_printed']} {figure['unit']}",
            "established": f"{listed} {check.what}",
        }
        errata.append(attrs.asdict(entry.fill(sides)))
    return errata


def erratum_links(errata: Sequence[Mapping[str, object]]) -> list[Row]:
    """The ``key_figure_errata`` rows: each raised count erratum names its key figure."""
    raised = {str(row["id"]) for row in errata}
    explaining = _explaining(read_errata())
    links: list[Row] = []
    for check in COUNT_CHECKS:
        entry = explaining.get(check.key)
        if entry is not None and entry.id in raised:
            links.append(
                {"erratum_id": entry.id, "key_figure_id": check.figure_id, "relation": "published"}
            )
    return links
