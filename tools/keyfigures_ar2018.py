"""Key figures of the Annual Report for 2018 and of the priorities text for 2020.

Two sources are curated here: ``ar2018`` (document C/110/4: the Foreword and
paragraphs 1-327; its annexes belong to :mod:`tools.staff.ar2018`) and ``priorities2020``
(IOM's text on its institutional priorities for 2020, whose figures date from 2018-2019
and which has no edition).  Their claims are curated in
``tools/reference/key_figures_ar2018.csv`` and ``key_figures_priorities2020.csv`` as short
number phrases; :mod:`tools.keyfig_common` parses value and qualifier from them.

The module proves what the text lets us prove:

* the full breakdowns (:data:`BREAKDOWNS`) add up to their stated totals;
* the arithmetic statements (:data:`CHECKS`: shares, growth rates, a ratio) agree with
  the figures they are derived from;
* records of one fact (:data:`FACT_ERRATA`) agree.

The checks themselves are those of :mod:`tools.keyfig_common` (shared with the 2020
edition); this module only says what to check.  Its locators (the Foreword, ``para N``
and the priorities text's section headings) are described by the layouts registered in
:data:`tools.keyfig_common.LAYOUTS`.

Where the published numbers disagree, the build keeps them as printed and returns an
erratum whose explanation is reviewed here; a disagreement without a reviewed
explanation, or a reviewed explanation for a disagreement that no longer exists, stops
the build.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from tools.keyfig_common import (
    ArithmeticCheck,
    BreakdownSpec,
    Derivation,
    FactErratum,
    figure_value,
    group_by,
    load_source,
    percent_change,
    prove,
    share,
)
from tools.keyfig_common import slice_curated as slice_sources

__all__ = [
    "AR2018",
    "BREAKDOWNS",
    "BREAKDOWN_ERRATA",
    "CHECKS",
    "EDITION",
    "FACT_ERRATA",
    "PRIORITIES2020",
    "build",
    "slice_sources",
]

AR2018: Final = "ar2018"
PRIORITIES2020: Final = "priorities2020"
EDITION: Final = 2018

Figures = Mapping[str, Mapping[str, object]]

# ---------------------------------------------------------------------------------------
# Full breakdowns
# ---------------------------------------------------------------------------------------


def _items(prefix: str, names: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((item, f"{AR2018}-{prefix}-{slug}") for item, slug in names)


BREAKDOWNS: Final[tuple[BreakdownSpec, ...]] = (
    BreakdownSpec(
        breakdown="ar2018-security-incidents-by-threat",
        label="IOM-specific security incidents in 2018 by UNSMS threat category",
        total_id="ar2018-p320-security-incidents",
        items=_items(
            "p320-incidents",
            (
                ("crime", "crime"),
                ("civil unrest", "civil-unrest"),
                ("armed conflict", "armed-conflict"),
                ("terrorism", "terrorism"),
                ("hazards", "hazards"),
            ),
        ),
    ),
    BreakdownSpec(
        breakdown="ar2018-relocations-by-departure-country",
        label="People relocated within Europe in 2018 by country of departure",
        total_id="ar2018-p204-relocated-persons",
        items=_items(
            "p204-relocated-from",
            (
                ("Italy", "italy"),
                ("Greece", "greece"),
                ("Malta", "malta"),
                ("Spain", "spain"),
                ("France", "france"),
            ),
        ),
    ),
    BreakdownSpec(
        breakdown="ar2018-private-partnerships-by-purpose",
        label="Private sector partnerships and engagements in 2018 by purpose",
        total_id="ar2018-p106-private-partnerships",
        items=_items(
            "p106-private",
            (
                ("advocacy and awareness raising", "advocacy"),
                ("financial and in-kind resources", "resources"),
                ("joint efforts on migration challenges", "joint-efforts"),
            ),
        ),
    ),
    BreakdownSpec(
        breakdown="ar2018-evaluations-by-type",
        label="Evaluations published in 2018 by type",
        total_id="ar2018-p263-evaluations",
        items=_items("p263-evaluations", (("external", "external"), ("internal", "internal"))),
    ),
    BreakdownSpec(
        breakdown="ar2018-mous-by-partner",
        label="Memorandums of understanding signed in 2018 by kind of partner",
        total_id="ar2018-p074-mous",
        items=_items(
            "p074-mous",
            (("intergovernmental organizations", "igos"), ("United Nations agencies", "un")),
        ),
    ),
    # Paragraph 290 splits the Member States by the privileges and immunities they
    # grant; the total they must reach is the membership stated in paragraph 291.
    BreakdownSpec(
        breakdown="ar2018-member-states-by-privileges",
        label="Member States in 2018 by the privileges and immunities granted to IOM",
        total_id="ar2018-p291-member-states",
        items=_items(
            "p290-ms",
            (("full", "full-pi"), ("partial", "partial-pi"), ("none", "no-pi")),
        ),
    ),
)
"""Every full breakdown of the two sources (priorities2020 has none)."""

#: Reviewed explanations of breakdowns whose items do not reach the stated total.
BREAKDOWN_ERRATA: Final[Mapping[str, tuple[str, str]]] = {
    "ar2018-private-partnerships-by-purpose": (
        "ar2018-private-partnerships-breakdown",
        (
            "The three purposes listed for the private sector partnerships add up to one "
            "less than the total the paragraph states twice; the text names no fourth "
            "purpose, so one partnership is unaccounted for (or the total is one too high)."
        ),
    ),
}

# ---------------------------------------------------------------------------------------
# Arithmetic statements
# ---------------------------------------------------------------------------------------


def _of_responding_offices(part_id: str) -> Derivation:
    """The share of the offices answering on monitoring and evaluation (para 270)."""
    return share([part_id], ["ar2018-p270-offices-me-responding"])


def _national_per_international(figures: Figures) -> tuple[float, str]:
    national = figure_value(figures, "ar2018-p308-national-staff-share")
    international = figure_value(figures, "ar2018-p308-international-staff-share")
    ratio = national / international
    return ratio, (
        f"1 to {ratio:.1f} ({national:g} per cent national against {international:g} per "
        "cent international staff, para 308)"
    )


def _annex_total_staff() -> dict[int, int]:
    """Total staff per year from Annex I Table 4, as :mod:`tools.staff.ar2018` decides it."""
    # The staff pipeline owns the annexes; reuse its reading of the table (thousands
    # separators decided by the table's own sums) rather than parse the text twice.
    from tools.staff import ar2018

    return ar2018.annex_total_staff()


def _staff_growth_since_1995(figures: Figures) -> tuple[float, str]:
    # The 2018 headcount is the one paragraph 309 prints; the annex supplies 1995.
    now = figure_value(figures, "ar2018-p309-staff-total")
    then = _annex_total_staff()[1995]
    growth = 100 * (now - then) / then
    return growth, (
        f"{growth:.1f} per cent ({now:,.0f} staff at the end of 2018, para 309, against "
        f"{then:,} in 1995, Annex I, Table 4; i.e. {100 * now / then:.1f} per cent of the "
        "1995 level)"
    )


CHECKS: Final[tuple[ArithmeticCheck, ...]] = (
    ArithmeticCheck(
        id="ar2018-ombudsperson-visitor-growth",
        figure_id="ar2018-p318-ombuds-visitor-growth",
        derive=percent_change("ar2018-p318-ombuds-visitors", "ar2018-p318-ombuds-visitors-2017"),
    ),
    ArithmeticCheck(
        id="ar2018-me-framework-share",
        figure_id="ar2018-p270-offices-me-framework-share",
        derive=_of_responding_offices("ar2018-p270-offices-me-framework"),
    ),
    ArithmeticCheck(
        id="ar2018-evaluations-started-share",
        figure_id="ar2018-p270-offices-evaluations-started-share",
        derive=_of_responding_offices("ar2018-p270-offices-evaluations-started"),
    ),
    ArithmeticCheck(
        id="ar2018-me-use-share",
        figure_id="ar2018-p271-offices-me-use-share",
        derive=_of_responding_offices("ar2018-p271-offices-me-use"),
    ),
    ArithmeticCheck(
        id="ar2018-me-examples-share",
        figure_id="ar2018-p271-offices-me-examples-share",
        derive=_of_responding_offices("ar2018-p271-offices-me-examples"),
    ),
    ArithmeticCheck(
        id="ar2018-long-term-agreements-growth",
        figure_id="ar2018-p289-global-ltas-growth",
        derive=percent_change("ar2018-p289-global-ltas", "ar2018-p289-global-ltas-2017"),
        explanation=(
            "The growth of the global long-term agreements is printed as 38 per cent, but "
            "the two counts the paragraph gives imply 38.8 per cent, which rounds to 39; the "
            "printed figure looks truncated rather than rounded."
        ),
    ),
    ArithmeticCheck(
        id="ar2018-international-national-ratio",
        figure_id="ar2018-p316-intl-national-ratio",
        derive=_national_per_international,
        explanation=(
            "Paragraph 316 gives the ratio of international to national staff as 1 to 9, "
            "but paragraph 308 puts international staff at 14 per cent and national staff at "
            "86 per cent of the workforce, about 1 to 6 (Annex I, Table 4 agrees: 1,769 "
            "international Professionals against 10,904 General Service staff and National "
            "Officers)."
        ),
    ),
    ArithmeticCheck(
        id="ar2018-staff-growth-since-1995",
        figure_id="ar2018-p316-staff-growth-since-1995",
        derive=_staff_growth_since_1995,
        explanation=(
            "The workforce is said to have grown by over 750 per cent since 1995, but the "
            "report's own annex implies growth of about 665 per cent; the printed figure "
            "matches the 2018 headcount expressed as a percentage of the 1995 one, not the "
            "increase."
        ),
    ),
)
"""Arithmetic statements of ar2018 and the figures that determine them."""


# ---------------------------------------------------------------------------------------
# Facts stated twice with different values or hedges
# ---------------------------------------------------------------------------------------


FACT_ERRATA: Final[Mapping[str, FactErratum]] = {
    "ar2018-staff-total": FactErratum(
        erratum_id="ar2018-foreword-staff-rounded",
        reference_id="ar2018-p309-staff-total",
        explanation=(
            "The Foreword speaks of 12,000 staff without a hedge; paragraph 309 and Annex I "
            "(Table 4) give 12,673 staff at the end of 2018. The Foreword rounds the count."
        ),
    ),
    "data-protection-trained-2018": FactErratum(
        erratum_id="priorities2020-data-protection-trained-rounded",
        reference_id="ar2018-p244-data-protection-trained",
        explanation=(
            "The priorities text states the 2018 data protection training as more than 500 "
            "staff; the Annual Report for 2018 gives the exact count, 505. The two agree; "
            "the priorities text rounds down and hedges."
        ),
    ),
}
"""Reviewed explanations, by fact id, of facts printed with different values or hedges."""

# ---------------------------------------------------------------------------------------
# Pipeline entry points
# ---------------------------------------------------------------------------------------


def build() -> dict[str, list[dict[str, object]]]:
    """Return the ``key_figures``, ``key_figure_breakdowns`` and ``errata`` rows.

    Raises
    ------
    ValueError
        If a breakdown, an arithmetic statement or a fact disagrees without a reviewed
        erratum, or a reviewed erratum no longer describes a disagreement (see
        :func:`tools.keyfig_common.prove`).
    """
    return prove(
        load_source(AR2018, EDITION) + load_source(PRIORITIES2020, None),
        breakdowns=BREAKDOWNS,
        breakdown_reviewed=BREAKDOWN_ERRATA,
        checks=CHECKS,
        fact_reviewed=FACT_ERRATA,
    )


def _main() -> None:
    result = build()
    for name, rows in result.items():
        print(f"{name}: {len(rows)} rows")
    for source, count in group_by(result["key_figures"], "source").items():
        print(f"  key_figures[{source}]: {count}")
    for breakdown, count in group_by(result["key_figure_breakdowns"], "breakdown").items():
        print(f"  {breakdown}: {count} items")
    for erratum in result["errata"]:
        print(f"  erratum {erratum['id']}: {erratum['published']} -> {erratum['established']}")


if __name__ == "__main__":
    _main()
