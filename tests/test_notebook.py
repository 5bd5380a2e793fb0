"""Notebook ergonomics: lookup by id, plain numbers, readable text and HTML reprs."""

from __future__ import annotations

import re

import pytest

import iomdata
from iomdata._models import plain_number


def test_lookup_by_id_equals_get_and_int_indexing_still_works() -> None:
    """``figures["id"]`` is ``figures.get("id")``; integers and slices index as before."""
    figures = iomdata.key_figures(2020)
    first = figures[0]
    assert figures[first.id] is figures.get(first.id) is first
    assert figures[-1] is tuple(figures)[-1]
    assert isinstance(figures[1:3], iomdata.KeyFigures)
    assert len(figures[1:3]) == 2
    with pytest.raises(IndexError):
        figures[len(figures)]


def test_unknown_id_is_a_key_error_naming_close_ids() -> None:
    """An unknown id raises a KeyError (and a LookupError) with the closest ids, unquoted."""
    figures = iomdata.key_figures(2020)
    with pytest.raises(KeyError) as raised:
        figures["ar2020-p81-avr-migrant"]
    assert isinstance(raised.value, iomdata.UnknownKeyFigureError)
    assert isinstance(raised.value, LookupError)
    message = str(raised.value)
    assert message.startswith("no key figure with id 'ar2020-p81-avr-migrant' among 543")
    assert "close ids: 'ar2020-p81-avr-migrants'" in message
    with pytest.raises(KeyError, match=r"among 543 records$"):
        figures["zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (21109296.0, "21,109,296"),
        (2182.7, "2,182.7"),
        (0.25, "0.25"),
        (0.0, "0"),
        (1e16, "10,000,000,000,000,000"),
        (37.5, "37.5"),
    ],
)
def test_plain_number(value: float, text: str) -> None:
    """Numbers print with separators and never in scientific notation."""
    assert plain_number(value) == text


def test_every_key_figure_prints_plainly() -> None:
    """No record's text shows an exponent; it names label, unit, source and locator."""
    for figure in iomdata.key_figures():
        text = str(figure)
        assert not re.search(r"\de[+-]?\d", text.replace(figure.label, "")), text
        assert text.startswith(f"{figure.label}: ")
        assert f"{figure.source}, {figure.locator})" in text
        assert figure.unit in text


def test_key_figures_text_repr_lists_the_first_records() -> None:
    """The repr counts the records, shows the first ten ids and says how many more."""
    figures = iomdata.key_figures(2020)
    lines = repr(figures).splitlines()
    assert lines[0] == f"KeyFigures: {len(figures)} records:"
    for figure, line in zip(figures[:10], lines[1:11], strict=True):
        assert line.split()[0] == figure.id
    assert lines[-1] == f"  ... {len(figures) - 10} more (.to_polars() holds every column)"
    assert repr(figures[:0]) == "KeyFigures: 0 records"
    assert len(repr(figures[:1]).splitlines()) == 2


def test_key_figures_html_is_an_escaped_table() -> None:
    """The notebook HTML is a table of at most 50 rows with plain numbers, escaped."""
    figures = iomdata.key_figures(2020)
    page = figures._repr_html_()
    assert page.count("<tr>") == 1 + 50
    assert f"{len(figures) - 50} more" in page
    one = iomdata.KeyFigures((figures["ar2020-box12-available"],))
    assert "<td style='text-align:right'>21,109,296</td>" in one._repr_html_()
    assert "'" not in re.sub(r"<[^>]*>", "", page)  # quotes in labels are escaped
    small = figures[:2]._repr_html_()
    assert small.count("<tr>") == 3
    assert "more" not in small


def test_staff_record_repr_is_readable() -> None:
    """The staff record's repr shows its summaries by name."""
    text = repr(iomdata.staff(2020))
    assert text.startswith("StaffStatistics(edition=2020, source='ar2020', total_staff=16254")
