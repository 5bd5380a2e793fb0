"""The specs of the staff datasets: Annexes I to IV of each annual report."""

from __future__ import annotations

from typing import Final

from iomdata._dtypes import Boolean, Int16, Int64, String
from iomdata._spec_model import EDITION, LOCATOR, SOURCE, ColumnSpec, DatasetSpec, column

__all__ = ["CELL_STATUSES", "STAFF_SPECS"]

#: How a recovered cell is known, in the order the docs explain the statuses.
CELL_STATUSES: Final = ("printed", "realigned", "derived", "adjudicated", "ambiguous")

_PROVENANCE: Final = (SOURCE, LOCATOR)
_YEAR: Final = column("year", Int16, "Year the number refers to.", unit="year")
_SEX: Final = column(
    "sex", String, "Sex as published: F (women) or M (men).", vocabulary=("F", "M")
)
_STAFF: Final = column("count", Int64, "Number of staff.", unit="people")
_CATEGORIES: Final = ("general_service", "professional")
_CATEGORY: Final = column(
    "category",
    String,
    "Staff category: general_service (Annex II: General Service grades, National "
    "Officers and ungraded) or professional (Annex III: Professional and higher grades "
    "and ungraded).",
    vocabulary=_CATEGORIES,
)
_CELL: Final = (
    column(
        "cell_status",
        String,
        "How the number is known: printed (the value its own printed field holds, in "
        "every optimal reading of every error model that the search lists; the "
        "search caps each row's readings, see the recovery page), realigned (the same "
        "value in every listed optimal reading, but not where the text prints it; see "
        "derivation), derived "
        "(restored from the printed totals; see derivation), adjudicated (decided by a "
        "reviewed override; see derivation) or ambiguous (the listed optimal readings disagree; "
        "see count_low, count_high and staff_ambiguous_readings).",
        vocabulary=CELL_STATUSES,
    ),
    column(
        "derivation",
        String,
        "For a derived number, the equation of printed totals that fixes it; for a "
        "realigned one, the field it is printed in and the equation that moves it; for an "
        "adjudicated one, the reviewed override and the extra cost it accepts; empty "
        "otherwise.",
        nullable=True,
    ),
)
_BOUNDS: Final = (
    column(
        "count_low",
        Int64,
        "Least value the cell takes over the optimal readings of every error model (with "
        "the reviewed overrides); equal to count where the cell is certain.",
        unit="people",
    ),
    column(
        "count_high",
        Int64,
        "Greatest value the cell takes over the optimal readings of every error model "
        "(with the reviewed overrides); equal to count where the cell is certain.",
        unit="people",
    ),
)
_NATIONALITY: Final = column(
    "nationality",
    String,
    "Canonical (United Nations) name of the country of nationality, the same in every "
    "edition; 'Other' for the row of other nationalities.",
)
_AS_PRINTED: Final = column(
    "nationality_as_printed", String, "The nationality exactly as the source prints it."
)
_NATIONALITY_ROW: Final = (
    EDITION,
    _CATEGORY,
    column(
        "member_state",
        Boolean,
        "True when the nationality is listed among the Member States in that edition.",
    ),
    _NATIONALITY,
    _AS_PRINTED,
    column(
        "iso3",
        String,
        "ISO 3166-1 alpha-3 code of the nationality; empty for the 'Other' row.",
        nullable=True,
    ),
)
_GRADE: Final = column(
    "grade",
    String,
    "Grade as published: G-1 ... G-8, NO-A ... NO-D, E-1, E-2, D-2, D-1, P-5 ... P-1, UG.",
)


def _sex_series(name: str, title: str, description: str, *, table: int) -> DatasetSpec:
    """A time series of staff by sex that a table of Annex I prints (Tables 1 and 3)."""
    return DatasetSpec(
        name=name,
        title=title,
        description=description,
        origin=f"Annex I, Table {table} of each annual report.",
        key=("edition", "year", "sex"),
        columns=(EDITION, _YEAR, _SEX, _STAFF, *_PROVENANCE),
    )


def _nationality_cells(
    name: str, title: str, description: str, *, by: ColumnSpec, count: str
) -> DatasetSpec:
    """The cells of Annexes II and III, one per nationality and ``by`` (a grade or a sex)."""
    return DatasetSpec(
        name=name,
        title=title,
        description=description,
        origin="Annex II (General Service) and Annex III (Professional) of each annual report.",
        key=("edition", "category", "nationality_as_printed", by.name),
        columns=(
            *_NATIONALITY_ROW,
            by,
            column("count", Int64, count, unit="people"),
            *_BOUNDS,
            *_CELL,
            *_PROVENANCE,
        ),
        country_columns=("nationality_as_printed", "nationality", "iso3"),
    )


STAFF_SPECS: Final = (
    _sex_series(
        "professional_staff_by_sex",
        "International Professional staff by sex",
        "Men and women at the international Professional level, one row per sex and "
        "year of the time series an annual report prints (Annex I, Table 1).",
        table=1,
    ),
    DatasetSpec(
        name="women_share_by_grade",
        title="Women's share by grade band",
        description=(
            "Men, women and their total by grade band in the report year, the share of "
            "women per band in each printed year, and its change over the printed period "
            "(Annex I, Table 2)."
        ),
        origin="Annex I, Table 2 of each annual report.",
        key=("edition", "year", "grade_band", "measure"),
        columns=(
            EDITION,
            column(
                "year",
                Int16,
                "Year the number refers to; for women_percent_change, the end of the period.",
                unit="year",
            ),
            column(
                "base_year",
                Int16,
                "For women_percent_change, the start of the period; empty otherwise.",
                nullable=True,
                unit="year",
            ),
            column(
                "grade_band",
                String,
                "Grade band: UG (ungraded), P-1 ... P-5, or D-1/D-2 together.",
            ),
            column(
                "measure",
                String,
                "What value holds: men, women or total (staff in the report year), "
                "women_percent (share of women, per cent) or women_percent_change (change of "
                "that share, percentage points).",
            ),
            column(
                "value",
                Int64,
                "The number of staff, the percentage or the change, as printed.",
                unit="people (men, women, total), per cent (women_percent), percentage "
                "points (women_percent_change)",
            ),
            *_PROVENANCE,
        ),
    ),
    _sex_series(
        "senior_staff_by_sex",
        "Senior staff by sex",
        "Men and women at grade P-5 and above, one row per sex and year (Annex I, Table 3).",
        table=3,
    ),
    DatasetSpec(
        name="staff_by_category",
        title="Staff by category",
        description=(
            "International Professional staff and General Service staff with National "
            "Officers, one row per category and year (Annex I, Table 4)."
        ),
        origin="Annex I, Table 4 of each annual report.",
        key=("edition", "year", "category"),
        columns=(
            EDITION,
            _YEAR,
            column(
                "category",
                String,
                "professional (international Professional staff) or general_service "
                "(General Service staff and National Officers).",
                vocabulary=_CATEGORIES,
            ),
            _STAFF,
            *_PROVENANCE,
        ),
    ),
    _nationality_cells(
        "staff_by_nationality_grade",
        "Staff by nationality and grade",
        "One row per published cell of Annexes II (General Service) and III "
        "(Professional and higher): a nationality, a grade and the number of staff, "
        "with how the cell is known.",
        by=_GRADE,
        count="Number of staff of that nationality at that grade (a blank cell is 0).",
    ),
    _nationality_cells(
        "staff_by_nationality_sex",
        "Staff by nationality and sex",
        "One row per nationality and sex of Annexes II and III: the F and M columns of "
        "each printed row, with how the cell is known.",
        by=_SEX,
        count="Number of staff of that nationality and sex (a blank cell is 0).",
    ),
    DatasetSpec(
        name="staff_ambiguous_readings",
        title="Readings of the rows the totals do not settle",
        description=(
            "For each annex row with a cell that is ambiguous or adjudicated: every reading "
            "whose cheapest completion costs at most two edits more than the optimum of the "
            "fewest_edits model (one for 2020 Annex II for now), and every optimal reading "
            "of the row_ladder model, one row per reading and grade, F or M cell; 'shipped' "
            "marks the reading used in the nationality tables, which a model lists only "
            "where some choice of its readings that meets every total contains it."
        ),
        origin="Annexes II and III: the readings the printed totals admit under each error "
        "model, computed by the pipeline.",
        key=("edition", "category", "nationality_as_printed", "model", "reading", "column"),
        columns=(
            EDITION,
            _CATEGORY,
            _NATIONALITY,
            _AS_PRINTED,
            column(
                "model",
                String,
                "The error model the reading is costed under: fewest_edits (fewest "
                "empty-field edits over the whole table, the shipped model) or row_ladder "
                "(fewest rows read off their printed fields, under a per-row whitespace "
                "rule).",
                vocabulary=("fewest_edits", "row_ladder"),
            ),
            column(
                "reading",
                Int16,
                "Number of the reading within the row and model, from 1: cheapest first.",
            ),
            column("shipped", Boolean, "True for the reading used in the nationality tables."),
            column(
                "extra_edits",
                Int16,
                "Cost of the cheapest reading of the whole table that contains this reading, "
                "minus the model's optimum (0: optimal; at most 2, except for a shipped "
                "reading that an override imposes).",
            ),
            column("column", String, "The cell: a grade (as published), F or M."),
            column(
                "count", Int64, "Number of staff in that cell under this reading.", unit="people"
            ),
            *_PROVENANCE,
        ),
    ),
    DatasetSpec(
        name="staff_summaries",
        title="Headline staff figures per edition",
        description=(
            "Each edition's total staff, staff by category, women's share among "
            "Professional staff and nationalities represented, one row per figure, taken "
            "from the tables that publish it (Annexes I and IV); the summaries of "
            "iomdata.staff() are read from here."
        ),
        origin=(
            "Derived by the pipeline from Annex I, Tables 1 and 4, and Annex IV of each annual "
            "report; iomdata verify derives them again from the installed tables."
        ),
        key=("edition", "measure"),
        columns=(
            EDITION,
            column(
                "measure",
                String,
                "Which figure: total_staff, professional_staff, general_service_staff, "
                "women_percent_professional (per cent) or nationalities_represented_count; the "
                "names of the StaffStatistics fields.",
            ),
            column(
                "value",
                Int64,
                "The published number.",
                unit="people, or per cent (women_percent_professional), or nationalities",
            ),
            *_PROVENANCE,
        ),
    ),
    DatasetSpec(
        name="published_totals",
        title="Printed totals and percentages",
        description=(
            "The Total rows and columns, percentages and changes printed in the annex "
            "tables. They are not data rows: every sum of the data is proven against them."
        ),
        origin="The Total rows, Total columns and percentage rows of Annexes I to IV.",
        # Annexes II and III total the same dataset and print the same row names, so the
        # locator (which names the annex) is part of the key.
        key=("edition", "dataset", "locator", "row_label", "column_label"),
        columns=(
            EDITION,
            column(
                "dataset",
                String,
                "The dataset whose rows the printed number totals or summarises.",
            ),
            column(
                "row_label",
                String,
                "The printed row: a nationality as printed, Total, or the label of "
                "a percentage or change row.",
            ),
            column("column_label", String, "The printed column: Total, a grade, F, M, or a year."),
            column("value", Int64, "The printed number.", unit="as named in unit"),
            column("unit", String, "persons, percent or percentage_points."),
            *_CELL,
            *_PROVENANCE,
        ),
    ),
    DatasetSpec(
        name="nationalities_represented",
        title="Nationalities represented",
        description=(
            "Member State and non-member State nationalities among Professional staff, and "
            "the number of Member States, by year (Annex IV)."
        ),
        origin="Annex IV of each annual report.",
        key=("edition", "year", "measure"),
        columns=(
            EDITION,
            _YEAR,
            column(
                "measure",
                String,
                "What value counts: member_state_nationalities, "
                "non_member_state_nationalities, total_nationalities, member_states, or "
                "member_states_represented_percent (per cent).",
            ),
            column(
                "value",
                Int64,
                "The printed number.",
                unit="nationalities or Member States (counts), per cent "
                "(member_states_represented_percent)",
            ),
            *_PROVENANCE,
        ),
    ),
)
