"""Key figures of the Annual Report for 2020 and of its Highlights.

Two sources are curated here: ``ar2020`` (document C/112/INF/1 as reissued with Corr.1:
the Foreword, paragraphs 1-214 and Boxes 1-15; its annexes belong to
:mod:`tools.staff2020`) and ``ar2020-highlights`` (the Highlights brochure: every number
it prints, located by the section banner it sits under).  Their claims are curated in
``tools/reference/key_figures_ar2020.csv`` and ``key_figures_ar2020-highlights.csv`` as
short number phrases; :mod:`tools.keyfigures.phrases` parses value and qualifier from
them.  How the two texts are laid out (their locators) is :data:`LAYOUTS`.

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
and 16,524); both numbers are key figures, the erratum belongs to :mod:`tools.staff2020`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final

from tools.keyfigures.checks import (
    ArithmeticCheck,
    BreakdownSpec,
    FactErratum,
    figure_value,
    percent_change,
    ratio,
    share,
)
from tools.keyfigures.curated import REFERENCE_DIR, load_breakdowns, load_source
from tools.keyfigures.curated import slice_curated as slice_sources
from tools.keyfigures.locate import Layout, outline
from tools.keyfigures.prove import group_by, prove

__all__ = [
    "AR2020",
    "BREAKDOWNS",
    "BREAKDOWN_ERRATA",
    "CHECKS",
    "EDITION",
    "EQUAL_SUMS",
    "FACT_ERRATA",
    "HIGHLIGHTS",
    "LAYOUTS",
    "PARTITIONS",
    "build",
    "slice_sources",
]

AR2020: Final = "ar2020"
HIGHLIGHTS: Final = "ar2020-highlights"
EDITION: Final = 2020

Figures = Mapping[str, Mapping[str, object]]

# ---------------------------------------------------------------------------------------
# Where the locators point
# ---------------------------------------------------------------------------------------

# The report's headings in document order, indented by level (see outline()).
_AR2020_OUTLINE: Final = """
Foreword
Introduction
IOM operations and activities
    Humanitarian response and resilience
    IOM life-saving and crisis response
    Addressing the drivers of displacement and mobility and promoting peace
    Cohesive societies for community resilience and sustainable development
    Mobility
    Regular and orderly migration
    Safe migration
    Governance
    IOM participation and leadership in the United Nations system
    Whole-of-government approach
    Whole-of-society approach
    Data and evidence
Institutional development and organizational effectiveness
    Policy capacity and knowledge management
    Media and communications
    Results-based management
    Monitoring and evaluation
    Risk management
    Human resources
    Human resources management
    Staff capacity, skills, and training
    Staff welfare
    Consistent conditions for staff
    Diversity and inclusion and staff representation
    Staff security
    Transparency and accountability
    Standards of conduct
    Data protection
    Procurement and supply chain effectiveness
    Privileges and immunities
"""

# The brochure's chapter banners and panel captions, in upper case as printed.
_HIGHLIGHTS_OUTLINE: Final = """
HIGHLIGHTS OF THE 2020 ANNUAL REPORT
KEY FIGURES: IOM'S GLOBAL COVID-19 RESPONSE
    COMBINED TOTAL EXPENDITURE
RESILIENCE
    IOM CRISIS-RELATED SUPPORT
MOBILITY
GOVERNANCE
INSTITUTIONAL DEVELOPMENT AND OPERATIONAL EFFECTIVENESS
TOTAL COMBINED REVENUE
"""

LAYOUTS: Final[Mapping[str, Layout]] = {
    AR2020: Layout(
        body_start="FOREWORD",
        body_end="Annex I",
        numbered_paragraphs=True,
        boxes=True,
        headings=outline(_AR2020_OUTLINE),
    ),
    # The brochure prints its chapter banners somewhere inside each chapter's text and
    # its panels' captions next to the panel, so headings are matched in upper case as
    # printed and spans reach from neighbour to neighbour (see Layout.headings_within).
    HIGHLIGHTS: Layout(
        headings=outline(_HIGHLIGHTS_OUTLINE),
        headings_whole_line=False,
        headings_case_sensitive=True,
        headings_within=True,
    ),
}
"""How the report and the Highlights are organised: paragraphs, boxes, section headings."""

# ---------------------------------------------------------------------------------------
# Full breakdowns: items that add up to a total the text states
# ---------------------------------------------------------------------------------------

BREAKDOWNS: Final[tuple[BreakdownSpec, ...]] = load_breakdowns(
    REFERENCE_DIR / "key_figure_breakdowns_ar2020.csv"
)
"""Every full breakdown of the two sources (the Highlights print none), as reviewed in
``tools/reference/key_figure_breakdowns_ar2020.csv``."""

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

OTHER_ERRATA: Final[Mapping[str, tuple[str, ...]]] = {
    # Raised by the staff pipeline (tools/staff2020.py); the records print the same value.
    "ar2020-para184-headcount": ("ar2020-p184-headcount",),
    "ar2020-annex4-nationalities-2020": (
        "ar2020-p201-nationalities-professional",
        "ar2020-highlights-institutional-nationalities-professional",
    ),
}
"""Errata of other modules, by id, with the records of this module that they concern."""

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
    """Return the rows of the key figures, their breakdowns, errata and erratum links.

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
        other_errata=OTHER_ERRATA,
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
