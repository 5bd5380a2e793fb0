"""The recovery page's statement about the per-row cap holds for the shipped 2020 tables."""

from __future__ import annotations

import pytest
from conftest import ROOT


def test_cap_gap_is_as_the_docs_say() -> None:
    """Optimum and the sum of the rows' cheapest readings are as docs/recovery.md states.

    The gap between them is larger than the slack, which is why the page does not claim
    that the cap binds nowhere.
    """
    pytest.importorskip("scipy")
    from tools.staff import ar2020

    text = " ".join((ROOT / "docs" / "recovery.md").read_text(encoding="utf-8").split())
    for name, recovery in ar2020.recover_tables().items():
        model = recovery.model
        (run,) = [run for run in model.runs if run.name == "fewest_edits"]
        floor = sum(min(c.least for c in cands) for cands in run.table.candidates)
        optimum = run.outcome.optimum
        assert optimum - floor > model.slack
        assert f"Annex {name}: {optimum} against {floor}" in text
