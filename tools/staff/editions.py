"""Agreement between editions: a value two editions print differently is an erratum.

Annexes II and III count different years in each edition, so only the Annex I tables
and Annex IV are compared (``published_totals``: the Annex I rows only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from iomdata._proofs import edition_key
from tools.staff.emit import Row
from tools.staff.proofs import Erratum, erratum_row

__all__ = ["COMPARED", "restatement_id", "restatements"]

# The datasets both editions fill for the years they share, with the columns that name a
# value and the column that holds it. Annexes II and III count different years, so only
# Annex I and Annex IV are compared (published_totals: the Annex I rows only).
COMPARED: Final[dict[str, tuple[tuple[str, ...], str]]] = {
    "professional_staff_by_sex": (("year", "sex"), "count"),
    "senior_staff_by_sex": (("year", "sex"), "count"),
    "staff_by_category": (("year", "category"), "count"),
    "women_share_by_grade": (("year", "base_year", "grade_band", "measure"), "value"),
    "nationalities_represented": (("year", "measure"), "value"),
    "published_totals": (("dataset", "row_label", "column_label"), "value"),
}
_ANNEX1_DATASETS: Final = frozenset(
    {"professional_staff_by_sex", "senior_staff_by_sex", "staff_by_category"}
)


def _comparable(name: str, rows: Iterable[Row]) -> dict[tuple[object, ...], Row]:
    keys, _ = COMPARED[name]
    return {
        tuple(row[key] for key in keys): row
        for row in rows
        if name != "published_totals" or row["dataset"] in _ANNEX1_DATASETS
    }


def restatement_id(name: str, key: Sequence[object]) -> str:
    """The erratum id of a value the 2020 edition restates (see tests/test_editions_agree).

    >>> restatement_id("professional_staff_by_sex", (2017, "F"))
    'ar2020-restated-professional-staff-by-sex-2017-f'
    """
    parts = [name, *(str(part) for part in key if part is not None)]
    slug = re.sub(r"[^a-z0-9]+", "-", " ".join(parts).lower()).strip("-")
    return f"ar2020-restated-{slug}"


def restatements(
    rows_2018: Mapping[str, Sequence[Row]], rows_2020: Mapping[str, Sequence[Row]]
) -> list[Row]:
    """An erratum for every value the two editions print differently for the same year.

    Parameters
    ----------
    rows_2018, rows_2020
        Rows of the :data:`COMPARED` datasets, each edition's as it prints them.
    """
    errata: list[Row] = []
    for name, (keys, column) in COMPARED.items():
        old = _comparable(name, rows_2018.get(name, []))
        new = _comparable(name, rows_2020.get(name, []))
        for key in sorted(set(old) & set(new), key=str):
            before, after = old[key], new[key]
            if before[column] == after[column]:
                continue
            what = ", ".join(f"{k} {v}" for k, v in zip(keys, key, strict=True) if v is not None)
            erratum = Erratum(
                id=restatement_id(name, key),
                source="ar2020",
                locator=str(after["locator"]),
                published=str(after[column]),
                established=str(before[column]),
                explanation=(
                    f"The 2020 edition ({after['locator']}) prints {after[column]} for "
                    f"{name}, {what}, where the 2018 edition ({before['locator']}) "
                    f"printed {before[column]}. Each edition keeps the value it prints."
                ),
                proofs=edition_key(name, before, after, column),
            )
            errata.append(erratum_row(erratum))
    return errata
