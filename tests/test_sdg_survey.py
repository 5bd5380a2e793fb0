"""Tests of the DESA SDG questionnaire reply (``desa-sdg-survey-2021``) datasets.

The expected lists and counts below were read off the reply by hand, independently of
the pipeline; the pipeline must reproduce them exactly. The tests go through
``tools.sdg.survey.build()`` until the datasets are wired into the package.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import polars as pl
import pytest

from tools.keyfigures.checks import fact_conflicts
from tools.keyfigures.phrases import normalise
from tools.reference import REFERENCE, read_csv_rows
from tools.sdg import slicing, source, survey

SOURCE: Final = "desa-sdg-survey-2021"
ALL_SDGS: Final = list(range(1, 18))

Rows = list[dict[str, object]]


@pytest.fixture(scope="module")
def data() -> dict[str, Rows]:
    """Every dataset the module builds."""
    return survey.build()


@pytest.fixture(scope="module")
def text(sources_dir: Path) -> str:
    """The reply's text (the test skips where the sources are not checked out)."""
    return (sources_dir / f"{SOURCE}.txt").read_text(encoding="utf-8")


def _grouped(rows: Rows, key: str, value: str) -> dict[object, list[object]]:
    """``key -> [value, ...]`` in row order."""
    out: dict[object, list[object]] = defaultdict(list)
    for row in rows:
        out[row[key]].append(row[value])
    return dict(out)


# ---------------------------------------------------------------------------------------
# Shape
# ---------------------------------------------------------------------------------------

ROW_COUNTS: Final = {
    "sdg_initiatives": 7,  # 3 initiatives (question 2) + 4 partnerships (question 4)
    "sdg_initiative_partners": 31,  # 5 + 1 + 8 + 5 + 3 + 6 + 3
    "sdg_initiative_sdgs": 77,  # 17 + 17 + 10 + 6 + 17 + 8 + 2
    "sdg_initiative_beneficiaries": 55,  # 1 + 22 + 11 + 18 + 1 + 1 + 1 (inferred)
    "sdg_resources": 4,
    "sdg_resource_sdgs": 17,  # 2 + 9 + 3 + 3
    "sdg_accelerating_actions": 42,
    "sdg_action_gcm_objectives": 23,
    "sdg_country_lists": 92,
    "key_figures": 41,
    "errata": 2,
    "key_figure_errata": 1,  # the count erratum names the key figure it concerns
}


def test_row_counts(data: dict[str, Rows]) -> None:
    """Each dataset has the number of rows counted in the text."""
    assert {name: len(rows) for name, rows in data.items()} == ROW_COUNTS


@pytest.mark.parametrize("name", sorted(survey.SCHEMAS))
def test_rows_match_schema(data: dict[str, Rows], name: str) -> None:
    """Rows carry the schema's columns less those the build fills, with valid types."""
    schema = survey.SCHEMAS[name]
    expected = set(schema.names()) - set(survey.FILLED_BY_BUILD)
    assert all(set(row) == expected for row in data[name])
    filled = [{**row, **dict.fromkeys(survey.FILLED_BY_BUILD)} for row in data[name]]
    frame = pl.DataFrame(filled, schema=schema, orient="row")
    for column in set(schema.names()) - survey.NULLABLE:
        assert frame.get_column(column).null_count() == 0, column
    assert set(frame.get_column("source").unique()) == {SOURCE}


def test_schema_names_and_dtypes() -> None:
    """Dataset names are prefixed, columns snake_case, numbers small integers."""
    for name, schema in survey.SCHEMAS.items():
        assert name.startswith("sdg_")
        assert {"source", "locator"} <= set(schema.names())
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", column) for column in schema.names())
        for column in ("sdg", "gcm_objective", "action", "position"):
            if column in schema:
                assert schema[column] == pl.Int16


def test_locators_name_questions(data: dict[str, Rows]) -> None:
    """Every locator is ``Question N`` with N in 1-7."""
    locators = {str(row["locator"]) for rows in data.values() for row in rows if "locator" in row}
    assert all(re.fullmatch(r"Question [1-7]", locator) for locator in locators)


# ---------------------------------------------------------------------------------------
# Initiatives and partnerships (questions 2 and 4)
# ---------------------------------------------------------------------------------------

INITIATIVES: Final = {
    # id: (kind, position, name as printed)
    "srrp-2021": ("initiative", 1, "IOM\u2019s 2021 Strategic Response and Recovery Plan"),
    "flod": ("initiative", 2, "IOM First Line of Defence (FLoD) project"),
    "m4sd": (
        "initiative",
        3,
        (
            "Global IOM-UNDP Joint Programme on Making Migration Work for Sustainable "
            "Development (Phase III) (M4SD)"
        ),
    ),
    "iom-undp-seed-funding": (
        "partnership",
        1,
        (
            "IOM - UNDP Seed Funding to Advance Joint Programming for the Response and "
            "Recovery from COVID-19 and the Achievement of the 2030 Agenda for Sustainable "
            "Development"
        ),
    ),
    "mayors-mechanism": ("partnership", 2, "Mayors Mechanism"),
    "idiaspora": ("partnership", 3, "iDiaspora"),
    "un-network-ksa": (
        "partnership",
        4,
        "UN Network on Migration in the Kingdom of Saudi Arabia",
    ),
}

INITIATIVE_SDGS: Final = {
    "srrp-2021": ALL_SDGS,
    "flod": ALL_SDGS,
    "m4sd": [1, 3, 4, 5, 8, 9, 10, 12, 16, 17],
    "iom-undp-seed-funding": [8, 9, 10, 11, 13, 17],
    "mayors-mechanism": ALL_SDGS,
    "idiaspora": [3, 4, 5, 8, 10, 11, 16, 17],
    "un-network-ksa": [2, 10],
}

PARTNERS: Final = {
    "srrp-2021": ["UN System", "Member States", "Civil Society", "Migrants", "IDPs"],
    "flod": ["UN System"],
    "m4sd": [
        "IOM",
        "UNDP",
        "SDC",
        "national and local governments",
        "diaspora",
        "private sector",
        "local implementing partners",
        "civil society organizations",
    ],
    "iom-undp-seed-funding": [
        "IOM and UNDP Country Offices",
        "IOM Regional Offices",
        "UNDP Regional Hubs",
        "national stakeholders and counterparts",
        "implementing partners at country level",
    ],
    "mayors-mechanism": ["IOM", "United Cities and Local Governments", "Mayors Migration Council"],
    "idiaspora": [
        "ADEPT",
        "Global Diaspora Confederation",
        "Coalición por Venezuela",
        "Red Global MX",
        "GRFDT",
        "CISAN",
    ],
    "un-network-ksa": [
        "Resident Coordinator of KSA",
        "Embassies of the Countries of Destination",
        "Saudi Food Bank",
    ],
}

FLOD_COUNTRIES: Final = [
    "Burundi",
    "Cambodia",
    "the Democratic Republic of the Congo (DRC)",
    "Ethiopia",
    "Ghana",
    "Haiti",
    "Jamaica",
    "Jordan",
    "Kenya",
    "Malaysia",
    "Nepal",
    "Nigeria",
    "North Macedonia",
    "the Philippines",
    "Rwanda",
    "South Africa",
    "Sri Lanka",
    "the United Republic of Tanzania",
    "Thailand",
    "Uganda",
    "Ukraine",
    "Kazakhstan",
]
M4SD_COUNTRIES: Final = [
    "Bangladesh",
    "Ecuador",
    "Jamaica",
    "Kyrgyzstan",
    "Morocco",
    "Nepal",
    "Philippines",
    "Republic of Moldova",
    "Senegal",
    "Serbia",
    "Tunisia",
]
SEED_FUNDING_COUNTRIES: Final = [
    "El Salvador",
    "Costa Rica",
    "Peru",
    "Guinea",
    "Mali",
    "Burkina Faso",
    "Lesotho",
    "Mozambique",
    "Sudan",
    "Uganda",
    "Turkey",
    "Moldova",
    "Belarus",
    "Kyrgyzstan",
    "Kazakhstan",
    "Bangladesh",
    "Indonesia",
    "Malaysia",
]

BENEFICIARIES: Final = {
    "srrp-2021": ["Global"],
    "flod": FLOD_COUNTRIES,
    "m4sd": M4SD_COUNTRIES,
    "iom-undp-seed-funding": SEED_FUNDING_COUNTRIES,
    "mayors-mechanism": ["Global"],
    "idiaspora": ["All"],
    "un-network-ksa": ["Kingdom of Saudi Arabia"],
}


def test_initiatives(data: dict[str, Rows]) -> None:
    """The seven initiatives and partnerships, with kind, order and printed name."""
    actual = {
        row["initiative_id"]: (row["kind"], row["position"], row["name"])
        for row in data["sdg_initiatives"]
    }
    assert actual == INITIATIVES


def test_initiative_scopes(data: dict[str, Rows]) -> None:
    """Beneficiary scope, partner-list completeness and the one printed audience."""
    rows = {row["initiative_id"]: row for row in data["sdg_initiatives"]}
    assert {k: r["beneficiary_scope"] for k, r in rows.items()} == {
        "srrp-2021": "global",
        "flod": "countries",
        "m4sd": "countries",
        "iom-undp-seed-funding": "countries",
        "mayors-mechanism": "global",
        "idiaspora": "all",
        "un-network-ksa": "unnamed",
    }
    assert {k for k, r in rows.items() if not r["partners_complete"]} == {"m4sd", "idiaspora"}
    assert {k: r["target_audience"] for k, r in rows.items() if r["target_audience"]} == {
        "idiaspora": "diaspora organizations, governments, academia, UN agencies, "
        "policymakers and practitioners"
    }


def test_initiative_sdgs(data: dict[str, Rows]) -> None:
    """The SDG numbers of every initiative, as printed."""
    assert _grouped(data["sdg_initiative_sdgs"], "initiative_id", "sdg") == INITIATIVE_SDGS


def test_initiative_partners(data: dict[str, Rows]) -> None:
    """Every partner of every initiative, in printed order, with its role."""
    rows = data["sdg_initiative_partners"]
    assert _grouped(rows, "initiative_id", "partner") == PARTNERS
    roles = {(r["initiative_id"], r["partner"]): r["role"] for r in rows if r["role"] != "partner"}
    assert roles == {("m4sd", "IOM"): "lead", ("m4sd", "UNDP"): "lead", ("m4sd", "SDC"): "funder"}
    assert {r["partner_type"] for r in rows} == {"organisation", "group"}
    for initiative, positions in _grouped(rows, "initiative_id", "position").items():
        assert positions == list(range(1, len(positions) + 1)), initiative


def test_initiative_beneficiaries(data: dict[str, Rows]) -> None:
    """Every beneficiary entry as printed, in printed order."""
    rows = data["sdg_initiative_beneficiaries"]
    assert _grouped(rows, "initiative_id", "entry_as_printed") == BENEFICIARIES
    assert [len(BENEFICIARIES[k]) for k in ("flod", "m4sd", "iom-undp-seed-funding")] == [
        22,
        11,
        18,
    ]


def test_beneficiary_kinds_and_basis(data: dict[str, Rows]) -> None:
    """Scope words have no country; only the Saudi Arabia row is inferred."""
    rows = data["sdg_initiative_beneficiaries"]
    scopes = {(r["entry_as_printed"], r["entry_kind"], r["country_as_printed"]) for r in rows}
    assert ("Global", "global", None) in scopes
    assert ("All", "all", None) in scopes
    assert all(r["country_as_printed"] is not None for r in rows if r["entry_kind"] == "country")
    inferred = [
        (r["initiative_id"], r["country_as_printed"]) for r in rows if r["basis"] != "printed"
    ]
    assert inferred == [("un-network-ksa", "Kingdom of Saudi Arabia")]


def test_country_as_printed_drops_article_and_abbreviation(data: dict[str, Rows]) -> None:
    """``the X (ABC)`` is printed; the country name is ``X``."""
    names = {
        r["entry_as_printed"]: r["country_as_printed"]
        for r in data["sdg_initiative_beneficiaries"]
    }
    assert names["the Democratic Republic of the Congo (DRC)"] == (
        "Democratic Republic of the Congo"
    )
    assert names["the Philippines"] == "Philippines"
    assert names["the United Republic of Tanzania"] == "United Republic of Tanzania"
    assert names["Republic of Moldova"] == "Republic of Moldova"


# ---------------------------------------------------------------------------------------
# Resources (question 3)
# ---------------------------------------------------------------------------------------

RESOURCES: Final = {
    "hbmm-framework": (
        1,
        "IOM Health Border and Mobility Management Framework",
        "IOM",
        "National governments, UN agencies, other stakeholders",
        "English",
        [3, 10],
    ),
    "covid19-socioeconomic-toolkit": (
        2,
        (
            "Integrating Migration into COVID-19 Socio-economic Response: A Toolkit for "
            "Development Partners"
        ),
        "IOM",
        "Development cooperation partners, donors, policymakers and practitioners",
        "English",
        [1, 3, 4, 5, 8, 10, 11, 16, 17],
    ),
    "twitter-sentiment-report": (
        3,
        "Sentiment towards migration during COVID-19: What Twitter data can tell us",
        "IOM",
        "National governments, UN agencies, other stakeholders",
        "English",
        [3, 10, 16],
    ),
    "travel-restrictions-monitoring": (
        4,
        "Human Mobility Impacts due to COVID-19 \u2013 Travel Restrictions Monitoring",
        "IOM",
        "National governments, UN agencies, other stakeholders",
        "English",
        [3, 10, 16],
    ),
}


def test_resources(data: dict[str, Rows]) -> None:
    """The four resources (the question asks for three; the reply gives four)."""
    sdgs = _grouped(data["sdg_resource_sdgs"], "resource_id", "sdg")
    actual = {
        r["resource_id"]: (
            r["position"],
            r["name"],
            r["publishing_entity"],
            r["target_audience"],
            r["language"],
            sdgs[r["resource_id"]],
        )
        for r in data["sdg_resources"]
    }
    assert actual == RESOURCES


# ---------------------------------------------------------------------------------------
# The 11 accelerating actions (question 6)
# ---------------------------------------------------------------------------------------

ACTION_SDGS: Final = {
    1: [1, 10, 16],
    2: [1, 8, 10, 11, 13, 16],
    3: [1, 8, 9],
    4: [1, 8, 10, 13],
    5: [8, 9, 10, 17],
    6: [5, 8],
    7: [11, 13, 16],
    8: [7, 13, 15],
    9: [3, 10, 11, 16],
    10: [1, 2, 3, 4, 5, 6, 8, 10],
    11: [10, 16],
}
ACTION_GCM_OBJECTIVES: Final = {
    1: [15, 16, 22],
    2: [2],
    3: [3, 7, 16, 18, 19],
    4: [6, 15, 18],
    5: [19, 20],
    6: [6],
    7: [2, 15, 19],
    8: [2],
    9: [16, 17],
    10: [15],
    11: [1],
}


def test_action_sdg_matrix(data: dict[str, Rows]) -> None:
    """The SDG-by-action matrix as printed."""
    assert _grouped(data["sdg_accelerating_actions"], "action", "sdg") == ACTION_SDGS


def test_action_gcm_objectives(data: dict[str, Rows]) -> None:
    """The GCM objectives of each action as printed."""
    actual = _grouped(data["sdg_action_gcm_objectives"], "action", "gcm_objective")
    assert actual == ACTION_GCM_OBJECTIVES


def test_actions_serving_one_sdg_is_one_filter(data: dict[str, Rows]) -> None:
    """Which actions serve SDG 10 (and SDG 16) is a single filter of the long table."""
    frame = pl.DataFrame(
        data["sdg_accelerating_actions"], schema=survey.SCHEMAS["sdg_accelerating_actions"]
    )
    serving = frame.filter(pl.col("sdg") == 10).get_column("action").to_list()
    assert serving == [1, 2, 4, 5, 9, 10, 11]
    assert frame.filter(pl.col("sdg") == 16).get_column("action").to_list() == [1, 2, 7, 9, 11]


def test_action_labels_are_consistent(data: dict[str, Rows]) -> None:
    """Both action tables give each action the same label, one label per action."""
    labels = {
        (r["action"], r["action_label"])
        for name in ("sdg_accelerating_actions", "sdg_action_gcm_objectives")
        for r in data[name]
    }
    assert len(labels) == 11
    assert len({label for _, label in labels}) == 11


def test_sdg_and_gcm_ranges(data: dict[str, Rows]) -> None:
    """SDGs are 1-17 and GCM objectives 1-23 in every table."""
    sdgs = [
        r["sdg"]
        for name in ("sdg_initiative_sdgs", "sdg_resource_sdgs", "sdg_accelerating_actions")
        for r in data[name]
    ]
    assert all(isinstance(n, int) and 1 <= n <= 17 for n in sdgs)
    gcm = [r["gcm_objective"] for r in data["sdg_action_gcm_objectives"]]
    assert all(isinstance(n, int) and 1 <= n <= 23 for n in gcm)


# ---------------------------------------------------------------------------------------
# Country lists
# ---------------------------------------------------------------------------------------

COUNTRY_LISTS: Final = {
    "crisis-settings": [
        "Syria",
        "Yemen",
        "the Sahel region",
        "the Democratic Republic of the Congo",
        "Libya",
        "Afghanistan",
        "Bangladesh",
        "Mozambique",
        "Ethiopia",
    ],
    "flod-countries": FLOD_COUNTRIES,
    "m4sd-countries": M4SD_COUNTRIES,
    "twitter-study-countries": [
        "the United States of America",
        "the United Kingdom",
        "Spain",
        "Italy",
        "Germany",
    ],
    "seed-funding-countries": SEED_FUNDING_COUNTRIES,
    "seed-funding-supporters": ["the EU", "Germany", "Sweden", "Switzerland"],
    "campaign-governments": ["Canada", "Ecuador"],
    "remittances-study-scope": ["Russia", "Central Asia"],
    "mgi-covid-profiles": [
        "Comoros",
        "Ireland",
        "Madagascar",
        "Nigeria",
        "Nicaragua",
        "North Macedonia",
        "Ukraine",
    ],
    "anticipatory-action-countries": [
        "Somalia (drought)",
        "Philippines (Cyclones)",
        "Malawi (dry spells/floods)",
    ],
    "match-employer-countries": ["Belgium", "Italy", "the Netherlands", "Luxembourg"],
    "match-talent-countries": ["Senegal", "Nigeria"],
    "ats-test-countries": ["Nigeria", "Peru", "Ecuador"],
}
LIST_LOCATORS: Final = {
    "crisis-settings": "Question 1",
    "flod-countries": "Question 2",
    "m4sd-countries": "Question 2",
    "twitter-study-countries": "Question 3",
    "seed-funding-countries": "Question 4",
    "seed-funding-supporters": "Question 4",
    "campaign-governments": "Question 4",
}
NON_COUNTRIES: Final = {
    "the Sahel region": "region",
    "Central Asia": "region",
    "the EU": "organisation",
}


def test_country_lists(data: dict[str, Rows]) -> None:
    """Every list complete, in printed order (92 entries in 13 lists)."""
    rows = data["sdg_country_lists"]
    assert _grouped(rows, "list_id", "entry_as_printed") == COUNTRY_LISTS
    for list_id, positions in _grouped(rows, "list_id", "position").items():
        assert positions == list(range(1, len(positions) + 1)), list_id
    locators = {r["list_id"]: r["locator"] for r in rows}
    assert all(locators[k] == v for k, v in LIST_LOCATORS.items())
    assert {v for k, v in locators.items() if k not in LIST_LOCATORS} == {"Question 5"}


def test_country_list_entry_kinds(data: dict[str, Rows]) -> None:
    """Only the region and organisation entries lack a country; details are printed."""
    rows = data["sdg_country_lists"]
    others = {r["entry_as_printed"]: r["entry_kind"] for r in rows if r["entry_kind"] != "country"}
    assert others == NON_COUNTRIES
    assert all((r["country_as_printed"] is None) == (r["entry_kind"] != "country") for r in rows)
    details = {
        r["country_as_printed"]: r["detail_as_printed"] for r in rows if r["detail_as_printed"]
    }
    assert details == {
        "Somalia": "drought",
        "Philippines": "Cyclones",
        "Malawi": "dry spells/floods",
    }


def test_beneficiary_lists_equal_their_country_lists(data: dict[str, Rows]) -> None:
    """The beneficiary lists appear identically in both datasets."""
    lists = _grouped(data["sdg_country_lists"], "list_id", "entry_as_printed")
    beneficiaries = _grouped(
        data["sdg_initiative_beneficiaries"], "initiative_id", "entry_as_printed"
    )
    assert lists["flod-countries"] == beneficiaries["flod"]
    assert lists["m4sd-countries"] == beneficiaries["m4sd"]
    assert lists["seed-funding-countries"] == beneficiaries["iom-undp-seed-funding"]


def test_country_names_are_known(data: dict[str, Rows]) -> None:
    """Every printed country name is in the country table the build maps through."""
    known = {row["name_as_printed"] for row in read_csv_rows(REFERENCE / "country_names.csv")}
    printed = {
        str(r["country_as_printed"])
        for name in ("sdg_country_lists", "sdg_initiative_beneficiaries")
        for r in data[name]
        if r["country_as_printed"] is not None
    }
    assert printed - known == set()


# ---------------------------------------------------------------------------------------
# Key figures and errata
# ---------------------------------------------------------------------------------------

# id suffix: (value, unit, qualifier, locator, the number with the words printed after it)
KEY_FIGURES: Final[Mapping[str, tuple[float, str, str, str, str]]] = {
    "vaccination-member-states": (38, "member_states", "exact", "Question 1", "38 Member States"),
    "covax-administration-countries": (5, "countries", "exact", "Question 1", "five countries"),
    "flod-clinical-countries": (18, "countries", "exact", "Question 2", "18 countries"),
    "m4sd-priority-sectors-initiative": (4, "items", "exact", "Question 2", "four priority"),
    "nepal-returnees-unemployed": (83, "percent", "exact", "Question 2", "83% of migrants"),
    "twitter-study-countries": (5, "countries", "exact", "Question 3", "five countries (the"),
    "seed-funding-first-round-initiatives": (10, "projects", "exact", "Question 4", "10 tailored"),
    "seed-funding-second-round-actions": (10, "projects", "exact", "Question 4", "10 Joint"),
    "mayors-mechanism-partners": (3, "organizations", "exact", "Question 4", "three partners"),
    "idiaspora-digital-initiatives": (19, "projects", "exact", "Question 4", "19 important"),
    "idiaspora-future-articles": (12, "documents", "exact", "Question 4", "12 thought"),
    "idiaspora-global-exchanges": (3, "events", "exact", "Question 4", "three new Global"),
    "idiaspora-certificate-students": (
        200,
        "participants",
        "more_than",
        "Question 4",
        "more than 200 students",
    ),
    "idiaspora-certificate-countries": (80, "countries", "exact", "Question 4", "80 countries"),
    "ksa-food-aid-beneficiaries": (15228, "people", "exact", "Question 4", "15,228 Beneficiaries"),
    "ksa-food-aid-families": (1423, "households", "exact", "Question 4", "1,423 families"),
    "ksa-food-baskets": (6737, "items", "exact", "Question 4", "6,737 food baskets"),
    "ksa-meals": (8056, "items", "exact", "Question 4", "8,056 meals"),
    "sdg-toolkit-iom-tools": (5, "documents", "exact", "Question 5", "5 dedicated IOM tools"),
    "mgi-covid-questions": (12, "items", "exact", "Question 5", "12 questions"),
    "mainstreaming-policy-sectors": (9, "items", "exact", "Question 5", "nine policy sectors"),
    "m4sd-countries": (11, "countries", "exact", "Question 5", "11 countries globally"),
    "m4sd-priority-sectors-section": (4, "items", "exact", "Question 5", "four main priority"),
    "m4sd-local-governments": (13, "governments", "exact", "Question 5", "13 local government"),
    "m4sd-local-government-countries": (6, "countries", "exact", "Question 5", "6 countries"),
    "dtm-countries": (86, "countries", "over", "Question 5", "over 86 countries"),
    "cadri-agencies": (20, "organizations", "over", "Question 5", "over 20 agencies"),
    "cadri-countries": (37, "countries", "over", "Question 5", "over 37 countries"),
    "un-network-country-networks": (50, "networks", "over", "Question 5", "over 50 country"),
    "un-network-unct-share": (33.3, "percent", "over", "Question 5", "over one third of UNCTs"),
    "un-network-regional-networks": (6, "networks", "exact", "Question 5", "Six regional"),
    "un-network-core-workstreams": (3, "items", "exact", "Question 5", "three Core"),
    "coa-minimum-age": (13, "years", "exact", "Question 5", "13 and above"),
    "match-duration": (36, "months", "exact", "Question 5", "36-month"),
    "missing-migrants-recorded": (42000, "people", "over", "Question 5", "Over 42,000 deaths"),
    "accelerating-actions-submission": (11, "items", "exact", "Question 6", "11 actions"),
    "accelerating-actions-list": (11, "items", "exact", "Question 6", "11 Accelerating"),
    "strategic-vision-years": (5, "years", "exact", "Question 7", "five-year period"),
    "strategic-vision-pillars": (3, "items", "exact", "Question 7", "three main pillars"),
    "msd-strategy-outcomes": (3, "items", "exact", "Question 7", "three outcomes"),
    "msd-strategy-deliverables": (9, "items", "exact", "Question 7", "nine deliverables"),
}


def _figures(data: dict[str, Rows]) -> dict[str, dict[str, object]]:
    return {str(r["id"]).removeprefix(f"{SOURCE}-"): r for r in data["key_figures"]}


def test_key_figure_values(data: dict[str, Rows]) -> None:
    """Every quantitative statement with its exact value, unit, qualifier and locator."""
    actual = {
        key: (r["value"], r["unit"], r["qualifier"], r["locator"])
        for key, r in _figures(data).items()
    }
    assert {k: v[:4] for k, v in KEY_FIGURES.items()} == actual


def test_key_figure_records(data: dict[str, Rows]) -> None:
    """Records belong to the source, have no edition and no indicator; facts pair up."""
    rows = data["key_figures"]
    assert all(r["source"] == SOURCE and r["edition"] is None for r in rows)
    assert all(r["indicator"] is None and r["label"] and r["topic"] for r in rows)
    facts = _grouped([r for r in rows if r["fact"]], "fact", "id")
    assert facts == {
        "accelerating-actions": [
            f"{SOURCE}-accelerating-actions-submission",
            f"{SOURCE}-accelerating-actions-list",
        ],
        "m4sd-priority-sectors": [
            f"{SOURCE}-m4sd-priority-sectors-initiative",
            f"{SOURCE}-m4sd-priority-sectors-section",
        ],
    }
    assert fact_conflicts(rows) == {}


def test_stated_counts_match_lists(data: dict[str, Rows]) -> None:
    """Counts the reply states agree with what it lists, except the erratum's."""
    figures = _figures(data)
    lists = _grouped(data["sdg_country_lists"], "list_id", "entry_as_printed")
    assert figures["m4sd-countries"]["value"] == len(lists["m4sd-countries"]) == 11
    assert figures["twitter-study-countries"]["value"] == len(lists["twitter-study-countries"])
    assert figures["mayors-mechanism-partners"]["value"] == len(PARTNERS["mayors-mechanism"])
    assert figures["accelerating-actions-submission"]["value"] == len(ACTION_SDGS) == 11
    assert figures["flod-clinical-countries"]["value"] == 18
    assert len(lists["flod-countries"]) == 22


def test_errata(data: dict[str, Rows]) -> None:
    """Both self-contradictions are recorded with both values."""
    errata = {str(r["id"]): r for r in data["errata"]}
    assert sorted(errata) == [f"{SOURCE}-flod-country-count", f"{SOURCE}-ksa-embassies"]
    flod = errata[f"{SOURCE}-flod-country-count"]
    assert (flod["locator"], flod["published"]) == ("Question 2", "18 countries")
    assert str(flod["established"]).startswith("22 countries")
    ksa = errata[f"{SOURCE}-ksa-embassies"]
    assert (ksa["locator"], ksa["published"], ksa["established"]) == (
        "Question 4",
        "Embassies of the Countries of Destination",
        "Embassies of the Countries of Origin",
    )
    assert all(r["source"] == SOURCE and r["explanation"] for r in data["errata"])


# ---------------------------------------------------------------------------------------
# Against the source text (skipped where ../shared/sources is absent)
# ---------------------------------------------------------------------------------------


def test_questions_are_located(text: str) -> None:
    """Question 7 opens at its own heading, not at accelerating action 7."""
    spans = source.question_spans(text)
    assert sorted(spans) == list(range(1, 8))
    assert source.locate_question(text, "Question 7").startswith("7. Please review")
    assert "11. Strengthened data" in source.locate_question(text, "Question 6")


def test_key_figure_provenance(data: dict[str, Rows], text: str) -> None:
    """Each number is printed in its question, followed by the words it counts."""
    problems = []
    for key, record in _figures(data).items():
        span = normalise(source.locate_question(text, str(record["locator"])))
        phrase = normalise(KEY_FIGURES[key][4])
        printed = normalise(str(record["as_printed"]))
        if not phrase.startswith(printed) or phrase not in span:
            problems.append(key)
    assert problems == []


def test_slice_reproduces_raw(text: str, sources_dir: Path, tmp_path: Path) -> None:
    """A fresh slice of the text equals the committed raw extracts."""
    assert text
    slicing.slice_sources(sources_dir, raw=tmp_path)
    for name in source.RAW_FILES:
        committed = (source.RAW / name).read_text(encoding="utf-8")
        assert committed == (tmp_path / name).read_text(encoding="utf-8"), name


def test_raw_extracts_hold_no_sentences() -> None:
    """Raw cells are names, numbers and codes: no sentence breaks, no long prose.

    Titles (the ``name`` field) may be long; every other cell is a short name or list.
    """
    for name in source.RAW_FILES:
        for line in (source.RAW / name).read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            limit = 30 if "name" in cells else 12
            for cell in cells:
                assert ". " not in cell, (name, cell)
                assert not cell.endswith("."), (name, cell)
                assert len(cell.split()) <= limit, (name, cell)


def test_a_missing_list_anchor_fails(text: str) -> None:
    """Slicing refuses a list whose anchors are not printed where the review says."""
    spec = slicing.ListSpec(
        list_id="x", label="x", locator="Question 3", initiative_id=None, after=None,
        segments=(("Burundi", "Kazakhstan"),),
    )  # fmt: skip
    with pytest.raises(source.SurveyError, match="not in Question 3"):
        slicing.anchored_entries(source.locate_question(text, "Question 3"), spec)
