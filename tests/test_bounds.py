"""The cell proofs of ``iomdata verify``: statuses, bounds and listed readings agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iomdata._bounds import bounds_proofs

Row = dict[str, Any]
Rows = dict[str, list[Row]]

GRADES = ("P-2", "P-3")


def _cell(label: str, part: str, column: str, count: int, status: str, low: int, high: int) -> Row:
    return {
        "edition": 2020,
        "category": "professional",
        "nationality_as_printed": label,
        part: column,
        "count": count,
        "count_low": low,
        "count_high": high,
        "cell_status": status,
        "source": "ar2020",
        "locator": "Annex III",
    }


def _reading(
    label: str, model: str, number: int, shipped: bool, extra: int, cells: Row
) -> list[Row]:
    return [
        {
            "edition": 2020,
            "category": "professional",
            "nationality_as_printed": label,
            "model": model,
            "reading": number,
            "shipped": shipped,
            "extra_edits": extra,
            "column": column,
            "count": value,
            "source": "ar2020",
            "locator": "Annex III",
        }
        for column, value in cells.items()
    ]


def consistent() -> Rows:
    """Kenya is certain (one cell realigned); Chile's grade cells are open (1+1 or 2+0)."""
    rows: Rows = {
        "staff_by_nationality_grade": [
            _cell("Kenya", "grade", "P-2", 3, "printed", 3, 3),
            _cell("Kenya", "grade", "P-3", 1, "realigned", 1, 1),
            _cell("Chile", "grade", "P-2", 1, "ambiguous", 1, 2),
            _cell("Chile", "grade", "P-3", 1, "ambiguous", 0, 1),
        ],
        "staff_by_nationality_sex": [
            _cell("Kenya", "sex", "F", 2, "printed", 2, 2),
            _cell("Kenya", "sex", "M", 2, "printed", 2, 2),
            _cell("Chile", "sex", "F", 2, "printed", 2, 2),
            _cell("Chile", "sex", "M", 0, "printed", 0, 0),
        ],
        "staff_ambiguous_readings": [
            *_reading("Chile", "fewest_edits", 1, True, 0, {"P-2": 1, "P-3": 1, "F": 2, "M": 0}),
            *_reading("Chile", "fewest_edits", 2, False, 0, {"P-2": 2, "P-3": 0, "F": 2, "M": 0}),
            *_reading("Chile", "row_ladder", 1, True, 0, {"P-2": 1, "P-3": 1, "F": 2, "M": 0}),
        ],
        "published_totals": [
            {
                "edition": 2020,
                "dataset": "staff_by_nationality_grade",
                "row_label": label,
                "column_label": "Total",
                "value": value,
                "locator": "Annex III",
            }
            for label, value in (("Kenya", 4), ("Chile", 2), ("Total", 6))
        ],
    }
    return rows


def _details(rows: Rows) -> dict[str, tuple[str, str]]:
    return {proof.kind: (proof.status, proof.detail) for proof in bounds_proofs(rows)}


def test_consistent_table_passes() -> None:
    """Exact certain cells and an open row with its readings listed: both proofs hold."""
    assert _details(consistent()) == {
        "bounds": ("passed", "8 cells within their bounds; 6 certain cells exact"),
        "readings": ("passed", "1 open rows agree with their listed readings"),
    }


def _grade(rows: Rows, label: str, column: str) -> Row:
    (cell,) = [
        r
        for r in rows["staff_by_nationality_grade"]
        if r["nationality_as_printed"] == label and r["grade"] == column
    ]
    return cell


def _break_certain_span(rows: Rows) -> None:
    _grade(rows, "Kenya", "P-2")["count_high"] = 4


def _break_outside(rows: Rows) -> None:
    _grade(rows, "Chile", "P-3")["count_high"] = 0
    _grade(rows, "Chile", "P-3")["count_low"] = 0


def _break_closed_ambiguous(rows: Rows) -> None:
    cell = _grade(rows, "Chile", "P-2")
    cell["count_low"] = cell["count_high"] = 1


def _unlist(rows: Rows) -> None:
    rows["staff_ambiguous_readings"] = []


def _list_certain(rows: Rows) -> None:
    rows["staff_ambiguous_readings"] += _reading(
        "Kenya", "fewest_edits", 1, True, 0, {"P-2": 3, "P-3": 1, "F": 2, "M": 2}
    )


def _bad_sum(rows: Rows) -> None:
    rows["staff_ambiguous_readings"][4]["count"] = 3  # reading 2's P-2


def _not_shipped(rows: Rows) -> None:
    rows["staff_ambiguous_readings"][0]["count"] = 2  # shipped reading's P-2
    rows["staff_ambiguous_readings"][1]["count"] = 0


def _narrow_span(rows: Rows) -> None:
    cell = _grade(rows, "Chile", "P-3")
    cell["count_low"] = -1


def _agreeing_optima(rows: Rows) -> None:
    rows["staff_ambiguous_readings"] = [
        r for r in rows["staff_ambiguous_readings"] if r["reading"] == 1
    ]


@pytest.mark.parametrize(
    ("proof", "edit", "expected"),
    [
        # a cell whose bounds contradict its count or status
        ("bounds", _break_certain_span, "Kenya P-2: printed but bounds 3..4"),
        ("bounds", _break_outside, "Chile P-3: 1 outside 0..0"),
        ("bounds", _break_closed_ambiguous, "Chile P-2: ambiguous but bounds 1..1"),
        # listed readings that contradict the shipped cells or their bounds
        ("readings", _unlist, "Chile: has open cells but no listed reading"),
        ("readings", _list_certain, "Kenya: listed but every cell is certain"),
        ("readings", _bad_sum, "Chile fewest_edits reading 2: grades 3, F + M 2, Total 2"),
        ("readings", _not_shipped, "Chile fewest_edits reading 1: P-2 = 2 is not shipped"),
        ("readings", _narrow_span, "Chile P-3: bounds -1..1, optimal readings span 0..1"),
        ("readings", _agreeing_optima, "Chile P-2: ambiguous but the optimal readings agree"),
    ],
)
def test_proof_fails(proof: str, edit: Callable[[Rows], None], expected: str) -> None:
    """Bounds or listed readings that contradict the shipped cells fail their proof."""
    rows = consistent()
    edit(rows)
    status, detail = _details(rows)[proof]
    assert status == "failed"
    assert expected in detail


def test_failure_names_at_most_three_cells() -> None:
    """A failed proof names three of its problems and counts the rest."""
    rows = consistent()
    for cell in rows["staff_by_nationality_grade"] + rows["staff_by_nationality_sex"]:
        cell["count_low"] = cell["count_high"] = cell["count"] + 1
    status, detail = _details(rows)["bounds"]
    assert status == "failed"
    # Eight cells outside their bounds, and two ambiguous cells with closed bounds.
    assert detail.startswith("Kenya P-2: 3 outside 4..4; Kenya P-3: 1 outside 2..2; ")
    assert detail.endswith("(and 7 more)")
