"""The closed vocabularies of ``key_figures`` and the columns of its curated files.

Units, qualifiers and topics are part of the data contract: later engineers extend them
only by *adding* entries, each with a comment saying what it covers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = ["COLUMNS", "CURATED_COLUMNS", "QUALIFIERS", "TOPICS", "UNITS", "UNIT_SCALE"]


UNITS: Final[frozenset[str]] = frozenset(
    {
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
    }
)
"""What a key figure counts; ``USD million`` and ``CHF million`` mean the value is in millions."""

UNIT_SCALE: Final[Mapping[str, float]] = {"USD million": 1e6, "CHF million": 1e6}
"""Units whose values are stated in multiples (the printed amount is divided by this)."""

QUALIFIERS: Final[frozenset[str]] = frozenset(
    {
        "exact",  # the number is stated without a hedge
        "over",  # "over N", "exceeding N", "exceeded N"
        "more_than",  # "more than N"
        "nearly",  # "nearly N", "almost N", "close to N"
        "approximately",  # "approximately / around / about / some / an estimated N"
        "up_to",  # "up to N"
        "at_least",  # "at least N"
        "less_than",  # "less than / fewer than / under N"
    }
)
"""How the source hedges a number."""

TOPICS: Final[frozenset[str]] = frozenset(
    {
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
    }
)
"""What a key figure is about."""

COLUMNS: Final[tuple[str, ...]] = (
    "source",
    "edition",
    "locator",
    "id",
    "indicator",
    "label",
    "value",
    "unit",
    "qualifier",
    "period",
    "topic",
    "as_printed",
    "fact",
)
"""The ``key_figures`` columns, in schema order."""

CURATED_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "locator",
    "as_printed",
    "label",
    "unit",
    "period",
    "topic",
    "indicator",
    "fact",
)
"""The columns of a curated ``tools/reference/key_figures_<source>.csv`` file."""
