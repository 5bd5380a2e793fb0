"""What the nationality annexes (II, III) of every edition satisfy, on the shipped data.

What one edition alone prints (its shifted rows, its errata) is proven in
``test_staff_<year>.py``; the ``staff`` fixture runs each test here once per edition.
"""

from __future__ import annotations

import polars as pl
import pytest
from conftest import CATEGORIES, StaffEdition

#: (edition, category) -> (printed nationality rows, Member State rows) of the annex.
SHAPES = {
    (2018, "general_service"): (186, 172),
    (2018, "professional"): (187, 172),
    (2020, "general_service"): (187, 173),
    (2020, "professional"): (186, 173),
}


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_row_adds_up(staff: StaffEdition, category: str) -> None:
    """Each row's grade cells sum to its printed Total, and so do its F and M."""
    grades = staff.annex("staff_by_nationality_grade", category)
    sexes = staff.annex("staff_by_nationality_sex", category)
    by_grade = grades.group_by("nationality_as_printed").agg(pl.col("count").sum())
    by_sex = sexes.group_by("nationality_as_printed").agg(pl.col("count").sum())
    totals = staff.row_totals(category)
    assert dict(zip(by_grade["nationality_as_printed"], by_grade["count"], strict=True)) == totals
    assert dict(zip(by_sex["nationality_as_printed"], by_sex["count"], strict=True)) == totals


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_row_has_every_cell_once(staff: StaffEdition, category: str) -> None:
    """One cell per (printed row, grade of the table) and per (row, sex)."""
    rows, member_states = SHAPES[staff.edition, category]
    grades = staff.annex("staff_by_nationality_grade", category)
    assert len(staff.row_totals(category)) == rows
    assert grades.height == rows * len(staff.grades[category])
    assert set(grades["grade"]) == set(staff.grades[category])
    assert grades.select("nationality_as_printed", "grade").is_unique().all()
    members = grades.filter(pl.col("member_state"))["nationality_as_printed"].n_unique()
    assert member_states == members
    assert staff.annex("staff_by_nationality_sex", category).height == 2 * rows
