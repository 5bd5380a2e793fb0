"""The staff annexes' error model (tools/staff/model.py) on small synthetic tables."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from tools.staff import certainty as ct
from tools.staff import model as md
from tools.staff import optimum as op
from tools.staff import readings as rd

LAYOUT = rd.Layout(table="Annex T", category="general_service", grades=("A", "B"))


def candidate(values: Sequence[int], cost: int = 0) -> md.Candidate:
    """A hand-made reading (A, B, Total, F, M), every number printed, at ``cost``."""
    origins: tuple[rd.Origin, ...] = tuple("printed" if v else "blank" for v in values)
    reading = rd.Reading(values=tuple(values), origins=origins, edits=cost)
    return md.Candidate(reading=reading, costs=((0, cost, cost),))


def row(label: str, *fields: str, page: int | None = None) -> rd.RawRow:
    """A printed row: its fields after the label (A, B, Total, F, M)."""
    return rd.RawRow(label=label, fields=fields, line=1, page=page)


def table(
    rows: Sequence[rd.RawRow],
    candidates: Sequence[Sequence[md.Candidate]],
    totals: Sequence[int],
) -> md.Table:
    """A table of ``rows`` whose Total row prints ``totals`` (A, B, Total, F, M)."""
    return md.Table(
        layout=LAYOUT,
        rows=tuple(rows),
        candidates=tuple(tuple(cs) for cs in candidates),
        totals=dict(zip(LAYOUT.columns, totals, strict=True)),
    )


def printed_table(rows: Sequence[rd.RawRow], totals: Sequence[int]) -> md.Table:
    """A table whose readings are enumerated from the printed rows."""
    pages = md.page_baselines(rows, LAYOUT)
    candidates = [
        md.enumerate_candidates(r, LAYOUT, baselines=pages.get(r.page, (0,)) if r.page else (0,))
        for r in rows
    ]
    return table(rows, candidates, totals)


def decide(
    *runs: md.Table, overrides: dict[int, tuple[str, str]] | None = None
) -> list[ct.Decision]:
    """Statuses under the given models (the first shipped), without overrides."""
    return ct.decide(
        [ct.ModelRun(name=f"m{i}", table=t, outcome=op.search(t)) for i, t in enumerate(runs)],
        overrides,
    )


def test_tie_between_two_zero_cost_readings_is_ambiguous() -> None:
    """Two rows that can trade their one person between A and B at no cost."""
    either = [candidate((1, 0, 1, 1, 0)), candidate((0, 1, 1, 1, 0))]
    t = table(
        [row("x", "1", "", "1", "1"), row("y", "", "1", "1", "1")],
        [either, either],
        (1, 1, 2, 2, 0),
    )
    x, y = decide(t)
    assert x.statuses[:2] == ("ambiguous", "ambiguous")
    assert y.statuses[:2] == ("ambiguous", "ambiguous")
    assert (x.low[:2], x.high[:2]) == ((0, 0), (1, 1))
    # the Total and the split by sex are the same in both readings
    assert x.statuses[2:] == ("printed", "printed", "printed")
    assert (x.low[2], x.high[2]) == (1, 1)


def test_untouched_row_is_printed() -> None:
    """A row read where it stands, the only reading that meets the totals."""
    t = printed_table([row("x", "2", "3", "5", "4", "1")], (2, 3, 5, 4, 1))
    (x,) = decide(t)
    assert x.reading.values == (2, 3, 5, 4, 1)
    assert x.statuses == ("printed",) * 5
    assert x.derivations == (None,) * 5
    assert x.low == x.high == (2, 3, 5, 4, 1)


def test_forced_shift_is_realigned() -> None:
    """The number printed under B must stand under A for the column totals to hold."""
    t = printed_table([row("x", "", "1", "1", "1", "")], (1, 0, 1, 1, 0))
    (x,) = decide(t)
    assert x.reading.values == (1, 0, 1, 1, 0)
    assert x.statuses[:2] == ("realigned", "realigned")
    assert x.statuses[2:] == ("printed", "printed", "printed")
    a, b = x.derivations[:2]
    assert a is not None
    assert "printed in the B field" in a
    assert "column totals" in a
    assert b is not None
    assert "the B field prints 1" in b
    assert x.low == x.high == (1, 0, 1, 1, 0)


def test_shift_the_row_itself_forces_names_the_row_equations() -> None:
    """A Total printed in the F field: only reading it as the Total satisfies the row."""
    t = printed_table([row("x", "2", "", "", "2", "2", "")], (2, 0, 2, 2, 0))
    (x,) = decide(t)
    assert x.reading.values == (2, 0, 2, 2, 0)
    assert x.statuses[2] == "realigned"
    assert "row's own equations" in str(x.derivations[2])


def test_page_displacement_costs_one_correction() -> None:
    """Two rows of one page, both printed one field right: one correction, not two."""
    rows = [
        row("x", "", "1", "", "1", "1", "", page=1),
        row("y", "", "2", "", "2", "", "2", page=1),
    ]
    assert md.page_baselines(rows, LAYOUT) == {1: (-1, 0)}
    t = printed_table(rows, (3, 0, 3, 1, 2))
    outcome = op.search(t)
    assert outcome.optimum == md.PAGE_COST
    assert outcome.bases == (-1, -1)
    x, _ = ct.decide([ct.ModelRun(name="m", table=t, outcome=outcome)])
    assert x.statuses[0] == "realigned"
    assert "corrected once for the page" in str(x.derivations[0])


def test_extra_cost_of_a_reading_that_no_optimal_choice_uses() -> None:
    """A reading one edit dearer than the optimum is listed with extra cost 1."""
    x = [candidate((1, 0, 1, 1, 0)), candidate((0, 1, 1, 1, 0), cost=1)]
    y = [candidate((0, 1, 1, 1, 0)), candidate((1, 0, 1, 1, 0))]
    t = table([row("x", "1", "", "1", "1"), row("y", "", "1", "1", "1")], [x, y], (1, 1, 2, 2, 0))
    outcome = op.search(t)
    assert outcome.optimum == 0
    assert outcome.optimal == (frozenset({0}), frozenset({0}))
    extended = op.extend(t, outcome, frozenset({0, 1}))
    assert extended.extra == ({0: 0, 1: 1}, {0: 0, 1: 1})
    decided = ct.decide([ct.ModelRun(name="m", table=t, outcome=outcome)])
    assert all(d.settled for d in decided)


def test_a_reading_no_choice_meeting_the_totals_contains_has_no_extra_cost() -> None:
    """Row x read in B leaves A one short: no choice holds it, and extra_cost says None."""
    x = [candidate((1, 0, 1, 1, 0)), candidate((0, 1, 1, 1, 0), cost=1)]
    y = [candidate((1, 0, 1, 1, 0))]
    t = table([row("x", "1", "", "1", "1"), row("y", "1", "", "1", "1")], [x, y], (2, 0, 2, 2, 0))
    outcome = op.search(t)
    assert outcome.optimal == (frozenset({0}), frozenset({0}))
    assert op.extra_cost(t, outcome, 0, 0) == 0
    assert op.extra_cost(t, outcome, 0, 1) is None


def test_override_of_a_non_optimal_reading_reports_its_extra_cost() -> None:
    """An override that picks the dearer reading: adjudicated, and it says what it costs."""
    x = [candidate((1, 0, 1, 1, 0)), candidate((0, 1, 1, 1, 0), cost=1)]
    y = [candidate((0, 1, 1, 1, 0)), candidate((1, 0, 1, 1, 0))]
    t = table([row("x", "1", "", "1", "1"), row("y", "", "1", "1", "1")], [x, y], (1, 1, 2, 2, 0))
    outcome = op.search(t, {0: frozenset({1})})
    assert (outcome.optimum, outcome.imposed_optimum) == (0, 1)
    assert outcome.chosen == (1, 1)
    accepts = f"accepts {outcome.imposed_optimum - outcome.optimum} extra under m"
    assert accepts == "accepts 1 extra under m"
    xd, yd = ct.decide([ct.ModelRun(name="m", table=t, outcome=outcome)], {0: ("o-1", accepts)})
    assert xd.statuses[:2] == ("adjudicated", "adjudicated")
    assert xd.derivations[0] == "override o-1 (accepts 1 extra under m)"
    # the other row follows only under the override, and says so
    assert yd.statuses[:2] == ("adjudicated", "adjudicated")
    assert "override o-1" in str(yd.derivations[0])
    # the bounds are the optimal readings with the override imposed: one, the shipped
    assert (xd.low[:2], xd.high[:2]) == ((0, 1), (0, 1))


def test_a_cell_is_certain_only_where_every_model_agrees() -> None:
    """One model settles the row, another ties: the cells are ambiguous."""
    rows = [row("x", "1", "", "1", "1"), row("y", "", "1", "1", "1")]
    settled = table(
        rows,
        [
            [candidate((1, 0, 1, 1, 0)), candidate((0, 1, 1, 1, 0), cost=1)],
            [candidate((0, 1, 1, 1, 0)), candidate((1, 0, 1, 1, 0), cost=1)],
        ],
        (1, 1, 2, 2, 0),
    )
    tie = table(
        rows, [[candidate((1, 0, 1, 1, 0)), candidate((0, 1, 1, 1, 0))]] * 2, (1, 1, 2, 2, 0)
    )
    x_alone, _ = decide(settled)
    assert x_alone.statuses[:2] == ("printed", "printed")
    x, _ = decide(settled, tie)
    assert x.statuses[:2] == ("ambiguous", "ambiguous")
    assert x.reading.values == (1, 0, 1, 1, 0)  # the first model's reading is shipped


def test_no_reading_meets_the_totals() -> None:
    """A table whose rows cannot meet the totals fails with the table named."""
    t = printed_table([row("x", "2", "3", "5", "4", "1")], (3, 2, 5, 4, 1))
    with pytest.raises(rd.ProofError, match="Annex T"):
        op.search(t)


def test_as_printed() -> None:
    """A cell is as printed when its own field holds its value (empty = 0)."""
    r = row("x", "", "1 411", "3 7")
    assert ct.as_printed(r, 0, 0)
    assert not ct.as_printed(r, 0, 1)
    assert ct.as_printed(r, 1, 1411)
    assert not ct.as_printed(r, 2, 3)
    assert ct.as_printed(r, 5, 0)  # beyond the printed fields: empty
