"""Key figures of the Annual Report for 2018 and of the priorities text for 2020.

Two sources are curated here: ``ar2018`` (document C/110/4: the Foreword and
paragraphs 1-327; its annexes belong to :mod:`tools.staff.ar2018`) and ``priorities2020``
(IOM's text on its institutional priorities for 2020, whose figures date from 2018-2019
and which has no edition).  Their claims are curated in
``tools/reference/key_figures_ar2018.csv`` and ``key_figures_priorities2020.csv`` as short
number phrases; :mod:`tools.keyfigures.phrases` parses value and qualifier from them.
Their locators (the Foreword, ``para N`` and the priorities text's section headings) are
described by :data:`LAYOUTS`.

The module proves what the text lets us prove (:data:`REVIEWS`, read by
:func:`tools.keyfigures.reviews.load_reviews`): the full breakdowns add up to their
stated totals (``tools/reference/key_figure_breakdowns_ar2018.csv``); the arithmetic
statements (shares, growth rates, a ratio) agree with the figures they are derived from
(``key_figure_checks_ar2018.csv``, two of them derived here); records of one fact agree.
The proofs themselves are those of :mod:`tools.keyfigures.checks`, shared with the 2020
edition.

Where the published numbers disagree, the build keeps them as printed and returns an
erratum whose explanation is reviewed in ``tools/reference/errata.toml``; a
disagreement without a reviewed explanation, or a reviewed explanation for a
disagreement that no longer exists, stops the build.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from tools.keyfigures.checks import Figures, figure_value
from tools.keyfigures.curated import load_sources
from tools.keyfigures.curated import slice_curated as slice_sources
from tools.keyfigures.locate import Layout, outline
from tools.keyfigures.prove import prove, summarise
from tools.keyfigures.reviews import Reviews, load_reviews

__all__ = ["AR2018", "EDITIONS", "LAYOUTS", "PRIORITIES2020", "REVIEWS", "build", "slice_sources"]

AR2018: Final = "ar2018"
PRIORITIES2020: Final = "priorities2020"
EDITIONS: Final[Mapping[str, int | None]] = {AR2018: 2018, PRIORITIES2020: None}
"""The sources curated here and their editions (the priorities text is not an edition)."""

# priorities2020 has neither paragraph numbers nor boxes: its locators are the section
# headings, each on a line of its own.  The three "IOM is ..." headings open chapters.
_PRIORITIES2020_OUTLINE: Final = """
IOM is principled
    Gender equality policy
    Standards of conduct
    Environmental sustainability
    Data protection
IOM is purposeful
    Results-based management
    Monitoring and evaluation
    Knowledge management
IOM is prepared
    The IOM Development Fund
    Regional support towards optimal delivery of services
    Human resources
    Office of the Ombudsperson
    Information technology
"""

LAYOUTS: Final[Mapping[str, Layout]] = {
    # The Foreword is the only unnumbered part of ar2018 that holds figures; it runs to the
    # "REPORTING STRUCTURE" banner that opens paragraph 1.  The body stops at the annexes
    # so that paragraph 327 does not swallow the staff tables.
    AR2018: Layout(
        body_end="Annex I",
        numbered_paragraphs=True,
        headings=outline("Foreword\nReporting structure"),
    ),
    PRIORITIES2020: Layout(
        headings=outline(_PRIORITIES2020_OUTLINE),
    ),
}
"""How the 2018 report and the priorities text are organised (their locators)."""


def _national_per_international(figures: Figures) -> tuple[float, str]:
    """National staff per international staff, from the two shares of paragraph 308."""
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
    """The growth of the workforce since 1995, in per cent of the 1995 headcount."""
    # The 2018 headcount is the one paragraph 309 prints; the annex supplies 1995.
    now = figure_value(figures, "ar2018-p309-staff-total")
    then = _annex_total_staff()[1995]
    growth = 100 * (now - then) / then
    return growth, (
        f"{growth:.1f} per cent ({now:,.0f} staff at the end of 2018, para 309, against "
        f"{then:,} in 1995, Annex I, Table 4; i.e. {100 * now / then:.1f} per cent of the "
        "1995 level)"
    )


REVIEWS: Final[Reviews] = load_reviews(
    "ar2018",
    EDITIONS,
    derivations={
        "national-per-international": _national_per_international,
        "staff-growth-since-1995": _staff_growth_since_1995,
    },
)
"""What the module proves about its two sources, and the reviewed errata of those proofs."""


def build() -> dict[str, list[dict[str, object]]]:
    """Return the ``key_figures``, ``key_figure_breakdowns`` and ``errata`` rows.

    Raises
    ------
    ValueError
        If a breakdown, an arithmetic statement or a fact disagrees without a reviewed
        erratum, or a reviewed erratum no longer describes a disagreement (see
        :func:`tools.keyfigures.prove.prove`).
    """
    return prove(load_sources(EDITIONS), REVIEWS)


if __name__ == "__main__":
    print(summarise(build()))
