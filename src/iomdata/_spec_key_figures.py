"""The specs of the key figures and their companions, and the key-figure vocabularies.

The vocabularies are closed lists: the build refuses a row whose value is not listed, and
the curation of the key figures (``tools/``) checks its files against the same lists.
Extend them only by adding entries (the ids are part of the data contract).
"""

from __future__ import annotations

from typing import Final

from iomdata._dtypes import Float64, Int16, String
from iomdata._spec_model import LOCATOR, SOURCE, ColumnSpec, DatasetSpec, column

__all__ = ["KEY_FIGURE_SPECS", "QUALIFIERS", "TOPICS", "UNITS"]

#: What a key figure counts; ``USD million`` and ``CHF million`` mean the value is in
#: millions.
UNITS: Final = (
    # --- people -----------------------------------------------------------------
    "people",  # persons of any status: beneficiaries, individuals, persons reached
    "migrants",  # people the source counts as migrants (stranded, returning, ...)
    "refugees",  # refugees and others moved under resettlement-type programmes
    "idps",  # internally displaced persons (and IDP returnees)
    "households",  # households or families counted as units
    "staff",  # IOM staff members, personnel or employees
    "participants",  # people attending an event, course or consultation
    "applicants",  # candidates or applicants (recruitment, visas)
    "officials",  # government or border officials trained or supported
    "health_workers",  # community health workers, mobilizers
    "victims",  # victims of trafficking, exploitation or abuse
    "nationalities",  # distinct nationalities (e.g. represented among staff)
    # --- places and bodies ----------------------------------------------------------
    "countries",  # countries (or countries and territories, as the source words it)
    "territories",  # countries, territories or areas counted together
    "member_states",  # IOM Member States (or observer States) counted as States
    "governments",  # national or local governments
    "sites",  # camps, camp-like sites, settlements, locations
    "locations",  # points, localities, districts, municipalities
    "points_of_entry",  # border crossing points, points of entry
    "facilities",  # health facilities, hospitals, centres, warehouses
    "offices",  # IOM offices: country, regional, sub-offices, missions
    "organizations",  # partner organizations, agencies, NGOs, companies, donors
    "networks",  # networks, coordination forums, mechanisms, clusters
    # --- activities and things -----------------------------------------------------
    "projects",  # projects, programmes, joint programmes, initiatives
    "cases",  # cases handled (assistance, complaints, investigations, contagion)
    "incidents",  # security or safety incidents recorded (crime, unrest, accidents, ...)
    "services",  # individual services delivered (one person may receive several)
    "events",  # workshops, trainings, webinars, sessions, campaigns, meetings
    "courses",  # training or e-learning courses offered
    "documents",  # reports, guidance notes, publications, policies, tools, videos
    "agreements",  # agreements, contracts, memorandums of understanding
    "assessments",  # health assessments, evaluations, audits, reviews, surveys
    "requests",  # requests for support or advice received
    "measures",  # regulations, travel measures, restrictions, laws
    "tests",  # medical or laboratory tests
    "doses",  # vaccine doses
    "items",  # goods, supplies, kits, or anything counted that fits no other unit
    "flights",  # charter or commercial flights, movements
    "visits",  # visits, missions, deployments
    "operations",  # operations or responses (e.g. DTM operations, crisis responses)
    "posts",  # positions or posts (e.g. Deputy Director General posts)
    "followers",  # social media followers or subscribers
    "views",  # page views, clicks, reads of online content
    "languages",  # languages (of publications, courses, materials)
    "points",  # a score on a stated scale (e.g. a dashboard score)
    # --- ratios, money, time, quantities --------------------------------------------
    "percent",  # a share or a rate of change, in per cent (0-100, or above for growth)
    "percentage_points",  # a difference between two percentages
    "times",  # a multiplicative factor (e.g. a five-fold increase is 5 times)
    "ratio",  # a ratio printed "1 to N", stored as N (N of the second kind per one)
    "USD",  # United States dollars, as a plain amount
    "USD million",  # millions of United States dollars
    "CHF",  # Swiss francs, as a plain amount
    "CHF million",  # millions of Swiss francs
    "hours",  # duration in hours
    "days",  # duration in days
    "weeks",  # duration in weeks
    "months",  # duration in months
    "years",  # duration in years
    "tonnes",  # metric tonnes (e.g. of CO2 equivalent)
    "cubic_metres",  # volume, e.g. of water
    "kilometres",  # distance
)

#: How the source hedges a number.
QUALIFIERS: Final = (
    "exact",  # the number is stated without a hedge
    "over",  # "over N", "exceeding N", "exceeded N"
    "more_than",  # "more than N"
    "nearly",  # "nearly N", "almost N", "close to N"
    "approximately",  # "approximately / around / about / some / an estimated N"
    "up_to",  # "up to N"
    "at_least",  # "at least N"
    "less_than",  # "less than / fewer than / under N"
)

#: What a key figure is about.
TOPICS: Final = (
    "covid19",  # the COVID-19 response and its effects on IOM's work
    "humanitarian_response",  # crisis response, CCCM, shelter, WASH, coordination, AAP
    "displacement",  # displacement figures, tracking (DTM), durable solutions
    "transition_and_recovery",  # peacebuilding, stabilization, DRR, recovery, justice
    "resilience_and_development",  # migration and sustainable development, SDGs
    "environment_and_climate",  # migration, environment and climate change; footprint
    "migrant_inclusion_and_diaspora",  # integration, social cohesion, diaspora, remittances
    "health",  # migration health, health assessments, vaccination, health systems
    "labour_migration",  # labour mobility, ethical recruitment, visas, family assistance
    "immigration_and_border_management",  # border, identity, points of entry, documents
    "return_and_reintegration",  # assisted voluntary return, reintegration, stranded returns
    "resettlement_and_movements",  # resettlement, relocation, humanitarian admission
    "counter_trafficking_and_protection",  # trafficking, protection, vulnerable migrants
    "gender_and_inclusion",  # gender equality and mainstreaming, disability inclusion
    "psea",  # protection from sexual exploitation, abuse and harassment
    "migration_governance",  # policy, law, the Global Compact, the UN Network, dialogues
    "data_and_research",  # migration data, research, publications
    "partnerships",  # UN system, CSOs, private sector, donors, pooled funds
    "institutional",  # structures, strategies, offices, systems, membership, legal
    "staff",  # workforce size, composition, training, welfare, security
    "finance",  # revenue, expenditure, funding, the Development Fund
    "ethics_and_oversight",  # ethics, conduct, evaluation, audit, risk, ombudsperson
    "communications",  # media, social media, campaigns
    "other",  # anything that fits no other topic
)

_EDITION: Final = column(
    "edition",
    Int16,
    "Year of the annual report for report sources; empty for other sources.",
    nullable=True,
    unit="year",
)
_VALUE: Final = column("value", Float64, "The number, in unit.", unit="as named in unit")
_AS_PRINTED: Final = column(
    "as_printed", String, "The number as printed, with its qualifier, scale words and currency."
)


def _unit(meaning: str) -> ColumnSpec:
    return column("unit", String, meaning, vocabulary=UNITS, vocabulary_published=False)


KEY_FIGURE_SPECS: Final = (
    DatasetSpec(
        name="key_figures",
        title="Key figures",
        description=(
            "Quantitative statements of the annual reports, their Highlights and other IOM "
            "texts, one row per statement, with its qualifier, unit, period and locator."
        ),
        origin=(
            "Numbered paragraphs, boxes and sections of the annual reports, the Highlights of "
            "the 2020 report, the institutional priorities text and the SDG survey reply."
        ),
        key=("id",),
        columns=(
            SOURCE,
            _EDITION,
            LOCATOR,
            column("id", String, "Stable id of the statement: the source id and a short slug."),
            column(
                "indicator",
                String,
                "Id of the comparable indicator (see indicators) when other editions "
                "state the same measure; empty otherwise.",
                nullable=True,
            ),
            column("label", String, "What is counted, in our words."),
            _VALUE,
            _unit("Unit of value, e.g. people, countries, USD million, percent."),
            column(
                "qualifier",
                String,
                "How the source qualifies the number: exact, over, more_than, nearly, "
                "approximately, up_to, at_least or less_than.",
                vocabulary=QUALIFIERS,
            ),
            column(
                "period",
                String,
                "The time the number refers to, as text; empty where the text gives none.",
                nullable=True,
            ),
            column(
                "topic",
                String,
                "Topic of the statement, from a closed list.",
                vocabulary=TOPICS,
                vocabulary_published=False,
            ),
            _AS_PRINTED,
            column(
                "fact",
                String,
                "Id shared by every statement of the same fact (one quantity, one "
                "period), across places, sources and editions; the statements agree or an "
                "erratum names them (see key_figure_errata). Empty when the fact is stated once.",
                nullable=True,
            ),
        ),
    ),
    DatasetSpec(
        name="key_figure_breakdowns",
        title="Breakdowns of key figures",
        description=(
            "Items that a source gives as the parts of a stated total, one row per item; "
            "the items of a breakdown add up to the key figure named in total_id."
        ),
        origin="The same places as the key figures they break down.",
        key=("breakdown", "item"),
        columns=(
            column("breakdown", String, "Id of the breakdown the item belongs to."),
            column("label", String, "What the breakdown divides, in our words."),
            column(
                "total_id",
                String,
                "Id of the key figure the items add up to; empty where no total is stated.",
                nullable=True,
            ),
            column("item", String, "The part: a region, a category or another name."),
            column("value", Float64, "The number of the item, in unit.", unit="as named in unit"),
            _unit("Unit of value."),
            _AS_PRINTED,
            SOURCE,
            _EDITION,
            LOCATOR,
        ),
    ),
    DatasetSpec(
        name="indicators",
        title="Comparable indicators",
        description=(
            "The measures that several editions state, so that key figures can be compared "
            "across years."
        ),
        origin="Written by us (tools/reference/indicators.csv); it holds no number.",
        key=("id",),
        columns=(
            column("id", String, "Id of the indicator, used in key_figures.indicator."),
            column("label", String, "Short name of the measure, in our words."),
            _unit("Unit every key figure of this indicator uses."),
            column("definition", String, "What the indicator counts, in our words."),
            column(
                "comparability",
                String,
                "How far the editions' statements of the indicator compare: differences of "
                "wording, scope or rounding a reader should know, in our words.",
            ),
        ),
    ),
    DatasetSpec(
        name="indicator_lookalikes",
        title="Look-alike key figures that are not comparable",
        description=(
            "Pairs of key figures of two editions that look like one measure but count "
            "different things, with the reason; never join them as one indicator."
        ),
        origin="Reviewed by us (tools/reference/indicator_lookalikes.csv); it holds no number.",
        key=("earlier_id", "later_id"),
        columns=(
            column(
                "earlier_id",
                String,
                "Id of the key figure of the earlier edition (see key_figures).",
            ),
            column(
                "later_id", String, "Id of the key figure of the later edition (see key_figures)."
            ),
            column(
                "reason",
                String,
                "Why the two figures do not measure the same thing, in our words.",
            ),
        ),
    ),
    DatasetSpec(
        name="key_figure_errata",
        title="Key figures and the errata that concern them",
        description=(
            "One row per erratum and key figure it concerns: the record that prints the "
            "questioned value (published) or one the established value rests on (evidence)."
        ),
        origin=(
            "Written by the pipeline's proofs: each erratum they raise names the key figures "
            "it concerns."
        ),
        key=("erratum_id", "key_figure_id"),
        columns=(
            column("erratum_id", String, "Id of the erratum (see errata)."),
            column(
                "key_figure_id",
                String,
                "Id of a key figure the erratum concerns (see key_figures).",
            ),
            column(
                "relation",
                String,
                "published: the record prints the value the erratum is about; evidence: "
                "the established value rests on the record.",
                vocabulary=("published", "evidence"),
            ),
        ),
    ),
)
