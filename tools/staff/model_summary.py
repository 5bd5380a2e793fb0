"""The lines a build prints per recovered table: each model's optimum and statuses."""

from __future__ import annotations

from tools.staff import model as md
from tools.staff import readings as rd
from tools.staff.tables import Recovered, space_counts, status_counts

__all__ = ["summary_lines"]


def summary_lines(rec: Recovered) -> list[str]:
    """Per model: optimum, cells by status; then the shipped counts and the cap check."""
    layout = rec.layout
    lines = []
    for run in rec.runs:
        counts = status_counts(rec.alone[run.name], layout)
        o = run.outcome
        how = (
            f"least cost {o.optimum} (edits, {md.PAGE_COST} per corrected page)"
            if run.name == md.FEWEST_EDITS
            else f"rung {rec.rung} of the ladder, {o.optimum} rows read off their fields"
        )
        if o.imposed_optimum != o.optimum:
            how += f"; {o.imposed_optimum} with the overrides"
        lines.append(
            f"  {run.name}: {how}; alone: " + ", ".join(f"{s} {n}" for s, n in counts.items())
        )
    counts = status_counts(rec.decisions, layout)
    unsettled = sum(1 for d in rec.decisions if not d.settled)
    lines.append(
        f"  shipped (every model): {', '.join(f'{s} {n}' for s, n in counts.items())}; "
        f"{unsettled} rows not settled by the totals"
    )
    changed = sum(
        1
        for a, b in zip(*rec.alone.values(), strict=True)
        for i, c in enumerate(layout.columns)
        if c != rd.TOTAL
        and (a.reading.values[i] != b.reading.values[i] or a.statuses[i] != b.statuses[i])
    )
    lines.append(f"  cells whose shipped value or status differs between the models: {changed}")
    c = space_counts(rec)
    lines.append(
        f"  space: {c['readings']:,} readings; {c['searched']:,} within the threshold "
        f"{c['threshold']} (relaxation {rec.exact.bound:.2f}), {c['listed']:,} listed"
    )
    return lines
