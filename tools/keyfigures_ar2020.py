"""Key figures of the Annual Report for 2020 and of its Highlights.

Two sources are curated here: ``ar2020`` (document C/112/INF/1 as reissued with Corr.1:
the Foreword, paragraphs 1-214 and Boxes 1-15; its annexes belong to
:mod:`tools.staff.ar2020`) and ``ar2020-highlights`` (the Highlights brochure: every number
it prints, located by the section banner it sits under).  Their claims are curated in
``tools/reference/key_figures_ar2020.csv`` and ``key_figures_ar2020-highlights.csv`` as
short number phrases; :mod:`tools.keyfig_common` parses value and qualifier from them.

The module proves what the text lets us prove:

* the full breakdowns (:data:`BREAKDOWNS`) add up to their stated totals;
* the shares and growth rates the text derives from other printed figures agree with
  them (:data:`CHECKS`);
* percentages that split one whole add up to 100, and two splits of one unstated total
  agree (:data:`PARTITIONS`, :data:`EQUAL_SUMS`);
* records of one fact (the Highlights against the full report, or a figure the report
  repeats) agree (:data:`FACT_ERRATA`).

Where the published numbers disagree, the build keeps them as printed and returns an
erratum whose explanation is reviewed here; a disagreement without a reviewed
explanation, or a reviewed explanation for a disagreement that no longer exists, stops
the build.

Not recorded here: the discrepancy between the two staff totals of paragraph 184 (16,254
and 16,524); both numbers are key figures, the erratum belongs to :mod:`tools.staff.ar2020`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Final

from tools.keyfig_common import (
    ArithmeticCheck,
    BreakdownSpec,
    FactErratum,
    figure_value,
    group_by,
    load_source,
    percent_change,
    prove,
    ratio,
    share,
)
from tools.keyfig_common import slice_curated as slice_sources

__all__ = [
    "AR2020",
    "BREAKDOWNS",
    "BREAKDOWN_ERRATA",
    "CHECKS",
    "EDITION",
    "EQUAL_SUMS",
    "FACT_ERRATA",
    "HIGHLIGHTS",
    "PARTITIONS",
    "build",
    "slice_sources",
]

AR2020: Final = "ar2020"
HIGHLIGHTS: Final = "ar2020-highlights"
EDITION: Final = 2020

Figures = Mapping[str, Mapping[str, object]]

# ---------------------------------------------------------------------------------------
# Full breakdowns: items that add up to a total the text states
# ---------------------------------------------------------------------------------------


def _items(prefix: str, names: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """``(item, key-figure id)`` pairs for ids ``ar2020-<prefix>-<slug>``."""
    return tuple((item, f"{AR2020}-{prefix}-{slug}") for item, slug in names)


_DEVELOPMENT_FUND_REGIONS: Final = (
    ("Africa", "africa"),
    ("Middle East", "middle-east"),
    ("Latin America and the Caribbean", "lac"),
    ("Asia and Oceania", "asia-oceania"),
    ("Europe", "europe"),
    ("Multiregional", "multiregional"),
)

BREAKDOWNS: Final[tuple[BreakdownSpec, ...]] = (
    BreakdownSpec(
        breakdown="ar2020-development-fund-allocations-by-region",
        label="IOM Development Fund allocations in 2020 by region",
        total_id="ar2020-box12-available",
        items=_items("box12", tuple((n, f"{s}-amount") for n, s in _DEVELOPMENT_FUND_REGIONS)),
    ),
    BreakdownSpec(
        breakdown="ar2020-development-fund-projects-by-region",
        label="IOM Development Fund projects financed in 2020 by region",
        total_id="ar2020-box12-projects",
        items=_items(
            "box12",
            (
                ("Africa", "africa-initiatives"),
                ("Middle East", "middle-east-initiatives"),
                ("Latin America and the Caribbean", "lac-initiatives"),
                ("Asia and Oceania", "asia-oceania-initiatives"),
                ("Europe", "europe-projects"),
                ("Multiregional", "multiregional-projects"),
            ),
        ),
    ),
    BreakdownSpec(
        breakdown="ar2020-idps-by-cause",
        label="Internally displaced people worldwide at the end of 2020 by cause",
        total_id="ar2020-p16-idps-total",
        items=_items(
            "p16-idps", (("conflict and violence", "conflict"), ("disasters", "disasters"))
        ),
    ),
    BreakdownSpec(
        breakdown="ar2020-roster-deployments-by-channel",
        label="Emergency roster staff deployments in 2020 by channel",
        total_id="ar2020-p34-deployments",
        items=_items(
            "p34-deployments", (("internal", "internal"), ("standby partners", "standby"))
        ),
    ),
    BreakdownSpec(
        breakdown="ar2020-nfi-hub-uses-by-warehouse",
        label="Uses of the pre-positioned NFI stock hubs in 2020 by warehouse",
        total_id="ar2020-p35-nfi-hub-uses",
        items=_items(
            "p35-nfi-hub", (("Nairobi", "nairobi"), ("Manila", "manila"), ("Panama", "panama"))
        ),
    ),
    BreakdownSpec(
        breakdown="ar2020-stranded-returns-by-support",
        label="Stranded migrants returned home in 2020 by source of support",
        total_id="ar2020-box8-stranded-migrants-returned",
        items=_items(
            "box8",
            (
                ("COVID-19 Return Task Force funding", "task-force-returns"),
                ("IOM missions with the Task Force", "mission-returns"),
            ),
        ),
    ),
    BreakdownSpec(
        breakdown="ar2020-reintegration-other-returns-by-type",
        label="Reintegration services for returns organized by other actors, by type of return",
        total_id="ar2020-p62-services-other-return-share",
        items=_items(
            "p62-services",
            (("forced", "forced-return-share"), ("voluntary", "voluntary-other-share")),
        ),
    ),
    BreakdownSpec(
        breakdown="ar2020-staff-by-category-and-sex",
        label="IOM staff at the end of 2020 by category and sex",
        total_id="ar2020-p184-total-staff",
        items=_items(
            "p184",
            (
                ("international Professional, women", "professional-women"),
                ("international Professional, men", "professional-men"),
                ("General Service, women", "general-service-women"),
                ("General Service, men", "general-service-men"),
            ),
        ),
    ),
    BreakdownSpec(
        breakdown="ar2020-ct-emergencies-training-by-mode",
        label="People reached by counter-trafficking in emergencies training, by mode",
        total_id="ar2020-p190-ct-emergencies-trained",
        items=_items(
            "p190", (("in person", "in-person-trained"), ("e-learning", "elearning-users"))
        ),
    ),
    BreakdownSpec(
        breakdown="ar2020-ct-in-person-training-by-sex",
        label="People trained in person on counter-trafficking in emergencies, by sex",
        total_id="ar2020-p190-in-person-trained",
        items=_items("p190-in-person", (("women", "women"), ("men", "men"))),
    ),
    BreakdownSpec(
        breakdown="ar2020-ct-elearning-users-by-sex",
        label="Registered users of the counter-trafficking e-learning course, by sex",
        total_id="ar2020-p190-elearning-users",
        items=_items("p190-elearning", (("women", "women"), ("men", "men"))),
    ),
    BreakdownSpec(
        breakdown="ar2020-decentralized-evaluations-by-type",
        label="Decentralized evaluations registered in 2020 by type",
        total_id="ar2020-p178-decentralized-evaluations",
        items=_items(
            "p178", (("internal", "internal-evaluations"), ("external", "external-evaluations"))
        ),
    ),
    BreakdownSpec(
        breakdown="ar2020-observers-by-kind",
        label="IOM observers at the end of 2020 by kind",
        total_id="ar2020-p153-observers",
        items=_items(
            "p153-observer",
            (
                ("observer States", "states"),
                ("United Nations organs and organizations", "un-bodies"),
                ("intergovernmental organizations", "igos"),
                ("other organizations", "other"),
            ),
        ),
    ),
    BreakdownSpec(
        breakdown="ar2020-focal-points-trained-by-sex",
        label="Respectful workplace focal points trained in 2020 by sex",
        total_id="ar2020-box14-focal-points-trained",
        items=_items("box14-focal-points", (("men", "men"), ("women", "women"))),
    ),
    BreakdownSpec(
        breakdown="ar2020-full-immunities-by-status",
        label="States granting IOM full privileges and immunities, by status",
        total_id="ar2020-p214-full-immunities",
        items=_items(
            "p214",
            (
                ("Member States", "full-immunities-member-states"),
                ("observer States", "full-immunities-observers"),
            ),
        ),
    ),
    BreakdownSpec(
        breakdown="ar2020-states-and-places-by-immunities",
        label="Member States, observer States and places at the end of 2020 by the "
        "privileges and immunities granted to IOM",
        total_id="ar2020-p214-states-and-places",
        items=_items(
            "p214",
            (
                ("Member States granting full privileges", "full-immunities-member-states"),
                ("observer States granting full privileges", "full-immunities-observers"),
                ("Member States not granting full privileges", "no-full-immunities-member-states"),
                ("observer States not granting full privileges", "no-full-immunities-observers"),
                ("places not granting full privileges", "no-full-immunities-places"),
            ),
        ),
    ),
    # Paragraph 214's split of the Member States must reach the membership of para 153.
    BreakdownSpec(
        breakdown="ar2020-member-states-by-immunities",
        label="Member States at the end of 2020 by the privileges and immunities granted",
        total_id="ar2020-p153-member-states",
        items=_items(
            "p214",
            (
                ("full privileges and immunities", "full-immunities-member-states"),
                ("less than full privileges and immunities", "no-full-immunities-member-states"),
            ),
        ),
    ),
    # ... and its split of the observer States the nine observer States of para 153.
    BreakdownSpec(
        breakdown="ar2020-observer-states-by-immunities",
        label="Observer States at the end of 2020 by the privileges and immunities granted",
        total_id="ar2020-p153-observer-states",
        items=_items(
            "p214",
            (
                ("full privileges and immunities", "full-immunities-observers"),
                ("less than full privileges and immunities", "no-full-immunities-observers"),
            ),
        ),
    ),
)
"""Every full breakdown of the two sources (the Highlights print none)."""

BREAKDOWN_ERRATA: Final[Mapping[str, tuple[str, str]]] = {
    "ar2020-development-fund-allocations-by-region": (
        "ar2020-box12-allocations-below-available",
        (
            "Box 12 gives USD 21,109,296 as the resources available to the Development Fund "
            "in 2020, including administrative costs; the six regional allocations it lists "
            "add up to USD 20,365,296. The USD 744,000 difference is not itemized; the box's "
            "own wording suggests it is the administrative costs. The allocations are kept "
            "as printed and do not reach the stated total."
        ),
    ),
    "ar2020-observer-states-by-immunities": (
        "ar2020-observer-states-count",
        (
            "Paragraph 153 counts nine observer States at the end of 2020; paragraph 214 "
            "splits the 185 Member States, observer States and places into 99 + 74 Member "
            "States (the 173 of paragraph 153), 2 + 6 observer States and 4 places, so it "
            "accounts for eight observer States. The text does not say which observer State "
            "paragraph 214 leaves out."
        ),
    ),
}
"""Reviewed explanations of breakdowns whose items do not reach the stated total."""

# ---------------------------------------------------------------------------------------
# Arithmetic statements
# ---------------------------------------------------------------------------------------

CHECKS: Final[tuple[ArithmeticCheck, ...]] = (
    ArithmeticCheck(
        id="ar2020-box5-sdg-effort-share",
        figure_id="ar2020-box5-sdg-effort-share",
        derive=share(["ar2020-box5-sdg-effort-offices"], ["ar2020-box5-reporting-offices"]),
    ),
    ArithmeticCheck(
        id="ar2020-box5-policy-coherence-share",
        figure_id="ar2020-box5-policy-coherence-share",
        derive=share(["ar2020-box5-policy-coherence-offices"], ["ar2020-box5-reporting-offices"]),
    ),
    ArithmeticCheck(
        id="ar2020-p192-pathways-growth",
        figure_id="ar2020-p192-pathways-growth",
        derive=percent_change(
            "ar2020-p192-pathways-applicants", "ar2020-p192-pathways-applicants-2019"
        ),
    ),
    ArithmeticCheck(
        id="ar2020-p184-hardship-share",
        figure_id="ar2020-p184-hardship-share",
        derive=share(
            ["ar2020-p184-hardship-staff"],
            ["ar2020-p184-professional-women", "ar2020-p184-professional-men"],
        ),
        explanation=(
            "Paragraph 184 says the 1,116 international Professional staff in hardship "
            "locations are 29 per cent of all international Professional staff, but the same "
            "paragraph counts 2,185 international Professional staff (1,066 women and 1,119 "
            "men), of whom 1,116 are 51.1 per cent; 29 per cent of 2,185 would be about 634. "
            "The text names no other base for the share, so either the count or the share "
            "is misprinted."
        ),
    ),
    # Paragraph 184 derives its "1 to 23" from the headcount it prints and the core staff,
    # i.e. the filled core positions (the 818 positions would give about 1 to 20).
    ArithmeticCheck(
        id="ar2020-p184-staff-per-core-staff",
        figure_id="ar2020-p184-staff-per-core-staff",
        derive=ratio("ar2020-p184-headcount", "ar2020-p184-core-positions-filled"),
    ),
)
"""Shares, growth rates and a ratio of ar2020 and the printed figures that determine them."""

PARTITIONS: Final[Mapping[str, tuple[str, ...]]] = {
    "reintegration services by moment": (
        "ar2020-p62-services-before-departure-share",
        "ar2020-p62-services-after-arrival-share",
    ),
    "reintegration services by provider": (
        "ar2020-p62-services-by-iom-share",
        "ar2020-p62-services-referral-share",
    ),
    "reintegration services by who organized the return": (
        "ar2020-p62-services-iom-return-share",
        "ar2020-p62-services-other-return-share",
    ),
    "staff trained by sex": ("ar2020-p186-trained-women-share", "ar2020-p186-trained-men-share"),
    "staff trained by location": (
        "ar2020-p186-trained-field-share",
        "ar2020-p186-trained-hq-share",
    ),
    "counter-trafficking e-learning registrants by affiliation": (
        "ar2020-p190-elearning-external-share",
        "ar2020-p190-elearning-staff-share",
    ),
    "closed Ombudsperson cases by outcome": (
        "ar2020-box14-cases-resolved",
        "ar2020-box14-cases-no-action",
        "ar2020-box14-cases-other-status",
    ),
}
"""Percentages that split one whole (the text states no total, so they must make 100)."""

EQUAL_SUMS: Final[Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    # Paragraph 187 splits the I-Learn courses twice (by kind and by author) without
    # printing their total; both splits must reach the same number (405).
    "I-Learn courses by kind and by author": (
        ("ar2020-p187-online-courses", "ar2020-p187-behavioural-courses"),
        ("ar2020-p187-iom-developed-courses", "ar2020-p187-external-courses"),
    ),
}
"""Two splits of one unstated total."""

# ---------------------------------------------------------------------------------------
# Facts stated more than once with different values
# ---------------------------------------------------------------------------------------

FACT_ERRATA: Final[Mapping[str, FactErratum]] = {
    "avr-migrants": FactErratum(
        erratum_id="ar2020-highlights-avr-migrants",
        reference_id="ar2020-p81-avr-migrants",
        explanation=(
            "The Highlights put the migrants assisted to return voluntarily in 2020 at over "
            "37,000; paragraph 81 of the report gives over 42,000, with the same 139 host "
            "and 150 origin countries. Both cannot hold; neither text says which is right."
        ),
    ),
    "reintegration-services": FactErratum(
        erratum_id="ar2020-highlights-reintegration-services",
        reference_id="ar2020-p62-reintegration-services",
        explanation=(
            "The Highlights count 104,459 reintegration services provided to returnees in "
            "2020; paragraph 62 of the report counts 106,230 (1,771 more). Both are printed "
            "as exact totals; the text does not reconcile them."
        ),
    ),
    "reintegration-offices": FactErratum(
        erratum_id="ar2020-highlights-reintegration-offices",
        reference_id="ar2020-p62-reintegration-offices",
        explanation=(
            "The Highlights say 119 IOM offices were involved in reintegration-related "
            "activities in 2020; paragraphs 62 and 81 of the report say more than 120. The "
            "two statements cannot both be true."
        ),
    ),
    "ibm-gender-offices": FactErratum(
        erratum_id="ar2020-highlights-ibm-gender-offices",
        reference_id="ar2020-box6-ibm-gender-offices",
        explanation=(
            "The Highlights say 60 offices included gender considerations in immigration "
            "and border management programming; Box 6 of the report says more than 60. The "
            "number is the same but the statements exclude each other; the Highlights drop "
            "the hedge."
        ),
    ),
    "transition-recovery-beneficiaries": FactErratum(
        erratum_id="ar2020-highlights-transition-recovery-beneficiaries-rounded",
        reference_id="ar2020-p37-transition-recovery-beneficiaries",
        explanation=(
            "The Highlights give nearly 14 million direct and indirect beneficiaries of "
            "transition and recovery projects; paragraph 37 gives the exact count, "
            "13,867,256. The two agree: the Highlights round and hedge."
        ),
    ),
    "cca-migration-offices-share": FactErratum(
        erratum_id="ar2020-cca-offices-share-rounded",
        reference_id="ar2020-p102-cca-offices-share",
        explanation=(
            "The Foreword and the Highlights say two thirds of IOM country offices reported "
            "migration in United Nations common country analyses; paragraph 102 says up to "
            "68 per cent of IOM offices. The statements agree; two thirds rounds the figure."
        ),
    ),
}
"""Reviewed explanations, by fact id, of facts printed with different values or hedges."""

# ---------------------------------------------------------------------------------------
# Pipeline entry points
# ---------------------------------------------------------------------------------------


def _check_partitions(figures: Figures) -> None:
    """Raise unless every partition makes 100 and every pair of splits agrees."""
    for name, ids in PARTITIONS.items():
        total = sum(figure_value(figures, i) for i in ids)
        if not math.isclose(total, 100.0):
            msg = f"{name}: {' + '.join(ids)} = {total:g}, not 100"
            raise ValueError(msg)
    for name, (left, right) in EQUAL_SUMS.items():
        a = sum(figure_value(figures, i) for i in left)
        b = sum(figure_value(figures, i) for i in right)
        if not math.isclose(a, b):
            msg = f"{name}: {' + '.join(left)} = {a:g} but {' + '.join(right)} = {b:g}"
            raise ValueError(msg)


def build() -> dict[str, list[dict[str, object]]]:
    """Return the ``key_figures``, ``key_figure_breakdowns`` and ``errata`` rows.

    Raises
    ------
    ValueError
        If a breakdown, an arithmetic statement, a partition or a fact disagrees without
        a reviewed erratum, or a reviewed erratum no longer describes a disagreement.
    """
    figure_rows = load_source(AR2020, EDITION) + load_source(HIGHLIGHTS, EDITION)
    _check_partitions({str(row["id"]): row for row in figure_rows})
    return prove(
        figure_rows,
        breakdowns=BREAKDOWNS,
        breakdown_reviewed=BREAKDOWN_ERRATA,
        checks=CHECKS,
        fact_reviewed=FACT_ERRATA,
    )


def _main() -> None:
    result = build()
    for name, rows in result.items():
        print(f"{name}: {len(rows)} rows")
    for source in (AR2020, HIGHLIGHTS):
        rows = [r for r in result["key_figures"] if r["source"] == source]
        print(f"key_figures[{source}]: {len(rows)}")
        for topic, count in group_by(rows, "topic").items():
            print(f"  {topic}: {count}")
    for breakdown, count in group_by(result["key_figure_breakdowns"], "breakdown").items():
        print(f"breakdown {breakdown}: {count} items")
    for erratum in result["errata"]:
        print(f"erratum {erratum['id']}: {erratum['published']} -> {erratum['established']}")


if __name__ == "__main__":
    _main()
