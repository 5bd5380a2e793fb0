"""Key figures of the Annual Report for 2020 and of its Highlights.

Two sources are curated here: ``ar2020`` (document C/112/INF/1 as reissued with Corr.1:
the Foreword, paragraphs 1-214 and Boxes 1-15; its annexes belong to
:mod:`tools.staff.ar2020`) and ``ar2020-highlights`` (the Highlights brochure: every number
it prints, located by the section banner it sits under).  Their claims are curated in
``tools/reference/key_figures_ar2020.csv`` and ``key_figures_ar2020-highlights.csv`` as
short number phrases; :mod:`tools.keyfigures.phrases` parses value and qualifier from
them.  How the two texts are laid out (their locators) is :data:`LAYOUTS`.

The module proves what the text lets us prove:

* the full breakdowns add up to their stated totals, and the shares, growth rates and
  ratio the text derives from other printed figures agree with them (:data:`REVIEWS`,
  reviewed in ``tools/reference/key_figure_breakdowns_ar2020.csv`` and
  ``key_figure_checks_ar2020.csv``);
* percentages that split one whole add up to 100, and two splits of one unstated total
  agree (:data:`PARTITIONS`, :data:`EQUAL_SUMS`);
* records of one fact (the Highlights against the full report, or a figure the report
  repeats) agree.

Where the published numbers disagree, the build keeps them as printed and returns an
erratum whose explanation is reviewed in ``tools/reference/errata.toml``; a
disagreement without a reviewed explanation, or a reviewed explanation for a
disagreement that no longer exists, stops the build.

Not recorded here: the discrepancy between the two staff totals of paragraph 184 (16,254
and 16,524); both numbers are key figures, the erratum belongs to :mod:`tools.staff.ar2020`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final

from tools.keyfigures.checks import Figures, figure_value
from tools.keyfigures.curated import load_sources
from tools.keyfigures.curated import slice_curated as slice_sources
from tools.keyfigures.locate import Layout, outline
from tools.keyfigures.prove import prove, summarise
from tools.keyfigures.reviews import Reviews, load_reviews

__all__ = [
    "AR2020",
    "EDITIONS",
    "EQUAL_SUMS",
    "HIGHLIGHTS",
    "LAYOUTS",
    "OTHER_ERRATA",
    "PARTITIONS",
    "REVIEWS",
    "build",
    "slice_sources",
]

AR2020: Final = "ar2020"
HIGHLIGHTS: Final = "ar2020-highlights"
EDITIONS: Final[Mapping[str, int | None]] = {AR2020: 2020, HIGHLIGHTS: 2020}
"""The sources curated here; the Highlights belong to the 2020 edition."""

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

REVIEWS: Final[Reviews] = load_reviews("ar2020", EDITIONS)
"""What the module proves about its two sources, and the reviewed errata of those proofs."""

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

OTHER_ERRATA: Final[Mapping[str, tuple[str, ...]]] = {
    # Raised by the staff pipeline (tools/staff/ar2020.py); the records print the same value.
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
    figure_rows = load_sources(EDITIONS)
    _check_partitions({str(row["id"]): row for row in figure_rows})
    return prove(figure_rows, REVIEWS, other_errata=OTHER_ERRATA)


if __name__ == "__main__":
    print(summarise(build()))
