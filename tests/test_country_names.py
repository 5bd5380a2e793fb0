"""Tests of the reviewed country-name table ``tools/reference/country_names.csv``."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Final

import pytest

TABLE: Final = Path(__file__).resolve().parent.parent / "tools" / "reference" / "country_names.csv"
HEADER: Final = "name_as_printed,nationality,iso3"

# The ISO 3166-1 alpha-3 codes the table uses, typed from the standard, grouped by
# region so that a typo stands out. The table must use exactly these.
ISO3_CODES: Final = frozenset(
    {
        # Africa
        "AGO", "BDI", "BEN", "BFA", "BWA", "CAF", "CIV", "CMR", "COD", "COG", "COM",
        "CPV", "DJI", "DZA", "EGY", "ERI", "ETH", "GAB", "GHA", "GIN", "GMB", "GNB",
        "KEN", "LBR", "LBY", "LSO", "MAR", "MDG", "MLI", "MOZ", "MRT", "MUS", "MWI",
        "NAM", "NER", "NGA", "RWA", "SDN", "SEN", "SLE", "SOM", "SSD", "STP", "SWZ",
        "SYC", "TCD", "TGO", "TUN", "TZA", "UGA", "ZAF", "ZMB", "ZWE",
        # Americas
        "ARG", "ATG", "BHS", "BLZ", "BOL", "BRA", "BRB", "CAN", "CHL", "COL", "CRI",
        "CUB", "DMA", "DOM", "ECU", "GRD", "GTM", "GUY", "HND", "HTI", "JAM", "KNA",
        "LCA", "MEX", "NIC", "PAN", "PER", "PRY", "SLV", "SUR", "TTO", "URY", "USA",
        "VCT", "VEN",
        # Asia
        "AFG", "ARM", "AZE", "BGD", "BHR", "BTN", "CHN", "CYP", "GEO", "IDN", "IND",
        "IRN", "IRQ", "ISR", "JOR", "JPN", "KAZ", "KGZ", "KHM", "KOR", "KWT", "LAO",
        "LBN", "LKA", "MDV", "MMR", "MNG", "MYS", "NPL", "PAK", "PHL", "QAT", "SAU",
        "SGP", "SYR", "THA", "TJK", "TKM", "TLS", "TUR", "UZB", "VNM", "YEM",
        # Europe
        "ALB", "AUT", "BEL", "BGR", "BIH", "BLR", "CHE", "CZE", "DEU", "DNK", "ESP",
        "EST", "FIN", "FRA", "GBR", "GRC", "HRV", "HUN", "IRL", "ISL", "ITA", "LTU",
        "LUX", "LVA", "MDA", "MKD", "MLT", "MNE", "NLD", "NOR", "POL", "PRT", "ROU",
        "RUS", "SMR", "SRB", "SVK", "SVN", "SWE", "UKR", "VAT",
        # Oceania
        "AUS", "COK", "FJI", "FSM", "KIR", "MHL", "NRU", "NZL", "PLW", "PNG", "SLB",
        "TON", "TUV", "VUT", "WSM",
    }
)  # fmt: skip

# The row for staff of other or unspecified nationality: the only row without a code.
OTHER: Final = "Other"

Row = tuple[str, str, str]


def _rows() -> list[Row]:
    """Read the table's data rows as ``(name_as_printed, nationality, iso3)``."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return [(name, nationality, iso3) for name, nationality, iso3 in reader]


ROWS: Final = _rows()
BY_NAME: Final = {name: (nationality, iso3) for name, nationality, iso3 in ROWS}


def test_header() -> None:
    """The first line is exactly the three column names."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        assert handle.readline().rstrip("\n") == HEADER


def test_rows_have_three_fields() -> None:
    """Every data line has exactly three fields."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        widths = {len(fields) for fields in csv.reader(handle)}
    assert {3} == widths


def test_sorted_by_printed_name() -> None:
    """Rows are sorted by ``name_as_printed`` (code point order)."""
    names = [name for name, _, _ in ROWS]
    assert sorted(names) == names


def test_no_duplicate_printed_names() -> None:
    """Each printed spelling has one row."""
    names = [name for name, _, _ in ROWS]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_whitespace_normalised(row: Row) -> None:
    """No value has leading, trailing, doubled or non-space whitespace."""
    for value in row:
        assert " ".join(value.split()) == value


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_unicode_nfc(row: Row) -> None:
    """Values are NFC-normalised, so "Côte" always has one code point for "ô"."""
    for value in row:
        assert unicodedata.is_normalized("NFC", value)


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_iso3_is_a_known_code(row: Row) -> None:
    """Every code is three capital letters and an ISO 3166-1 alpha-3 code."""
    name, _, iso3 = row
    if name == OTHER:
        assert iso3 == ""
    else:
        assert re.fullmatch(r"[A-Z]{3}", iso3)
        assert iso3 in ISO3_CODES


def test_only_other_lacks_a_code() -> None:
    """``Other`` is the only row with an empty code and maps to itself."""
    assert [name for name, _, iso3 in ROWS if not iso3] == [OTHER]
    assert BY_NAME[OTHER] == (OTHER, "")


def test_code_set_is_exactly_the_used_codes() -> None:
    """The explicit code set matches the codes in the table (no stale or missing code)."""
    assert {iso3 for _, _, iso3 in ROWS if iso3} == ISO3_CODES


def test_each_nationality_has_one_code() -> None:
    """A canonical name never maps to two codes."""
    codes: defaultdict[str, set[str]] = defaultdict(set)
    for _, nationality, iso3 in ROWS:
        codes[nationality].add(iso3)
    assert {nationality: found for nationality, found in codes.items() if len(found) > 1} == {}


def test_each_code_has_one_nationality() -> None:
    """A code never maps to two canonical names."""
    names: defaultdict[str, set[str]] = defaultdict(set)
    for _, nationality, iso3 in ROWS:
        names[iso3].add(nationality)
    assert {iso3: found for iso3, found in names.items() if len(found) > 1} == {}


def test_printed_canonical_names_map_to_themselves() -> None:
    """A spelling that is itself a canonical name is its own canonical form."""
    canonical = {nationality for _, nationality, _ in ROWS}
    assert [
        name for name, nationality, _ in ROWS if name in canonical and name != nationality
    ] == []


@pytest.mark.parametrize("label", ["Global", "All", "Total", "World", "Sahel", "Central Asia"])
def test_no_non_country_rows(label: str) -> None:
    """Aggregates and regions are not country names."""
    assert label not in BY_NAME


@pytest.mark.parametrize(
    ("printed", "nationality", "iso3"),
    [
        # two apostrophes, one canonical (UN M49) spelling each
        ("Côte d'Ivoire", "Côte d\u2019Ivoire", "CIV"),
        ("Côte d\u2019Ivoire", "Côte d\u2019Ivoire", "CIV"),
        ("Lao People\u2019s Democratic Republic", "Lao People's Democratic Republic", "LAO"),
        ("Lao People's Democratic Republic", "Lao People's Democratic Republic", "LAO"),
        # misprint in the 2020 annexes and a short form in the DESA reply
        ("Syrian Arabic Republic", "Syrian Arab Republic", "SYR"),
        ("Syria", "Syrian Arab Republic", "SYR"),
        # names the UN has changed since the sources were printed
        ("Turkey", "Türkiye", "TUR"),
        ("Netherlands", "Netherlands (Kingdom of the)", "NLD"),
        ("United Kingdom", "United Kingdom of Great Britain and Northern Ireland", "GBR"),
        # abbreviations and short forms
        ("DRC", "Democratic Republic of the Congo", "COD"),
        ("Congo", "Congo", "COG"),
        ("Moldova", "Republic of Moldova", "MDA"),
        ("Russia", "Russian Federation", "RUS"),
        ("KSA", "Saudi Arabia", "SAU"),
        ("Kingdom of Saudi Arabia", "Saudi Arabia", "SAU"),
        # codes that do not follow the English name
        ("Holy See", "Holy See", "VAT"),
        ("Micronesia (Federated States of)", "Micronesia (Federated States of)", "FSM"),
        ("Eswatini", "Eswatini", "SWZ"),
        ("North Macedonia", "North Macedonia", "MKD"),
        ("Czechia", "Czechia", "CZE"),
        ("Cabo Verde", "Cabo Verde", "CPV"),
        ("Republic of Korea", "Republic of Korea", "KOR"),
        ("Venezuela (Bolivarian Republic of)", "Venezuela (Bolivarian Republic of)", "VEN"),
        ("Bolivia (Plurinational State of)", "Bolivia (Plurinational State of)", "BOL"),
        ("Iran (Islamic Republic of)", "Iran (Islamic Republic of)", "IRN"),
        ("United Republic of Tanzania", "United Republic of Tanzania", "TZA"),
        ("Germany", "Germany", "DEU"),
        ("Switzerland", "Switzerland", "CHE"),
        ("Spain", "Spain", "ESP"),
        ("Cambodia", "Cambodia", "KHM"),
        ("Chad", "Chad", "TCD"),
        ("South Africa", "South Africa", "ZAF"),
        ("Samoa", "Samoa", "WSM"),
        ("Saint Kitts and Nevis", "Saint Kitts and Nevis", "KNA"),
        ("Timor-Leste", "Timor-Leste", "TLS"),
        # neighbours whose codes are easy to swap
        ("Austria", "Austria", "AUT"),
        ("Australia", "Australia", "AUS"),
        ("Niger", "Niger", "NER"),
        ("Nigeria", "Nigeria", "NGA"),
        ("Slovakia", "Slovakia", "SVK"),
        ("Slovenia", "Slovenia", "SVN"),
        ("Sudan", "Sudan", "SDN"),
        ("South Sudan", "South Sudan", "SSD"),
        ("Guinea", "Guinea", "GIN"),
        ("Guinea-Bissau", "Guinea-Bissau", "GNB"),
        ("Malawi", "Malawi", "MWI"),
        ("Maldives", "Maldives", "MDV"),
        ("Malta", "Malta", "MLT"),
        ("Iraq", "Iraq", "IRQ"),
        ("Other", "Other", ""),
    ],
)
def test_tricky_names(printed: str, nationality: str, iso3: str) -> None:
    """Spellings that are easy to get wrong map to the expected name and code."""
    assert (nationality, iso3) == BY_NAME[printed]


def test_annex_names_reads_the_2020_rows_between_annexes_ii_and_iv() -> None:
    """Rows with a name and a number; the Total row and the heading lines are left out."""
    from tools.check_country_names import Occurrence, annex_names

    lines = [
        "Annex II",  # a table of contents names it first
        "Annex II",
        "Country of nationality\tTotal",
        "\tG-1\tG-2",
        "Brazil\t1\t1",
        "Total\t1\t1",
        "Annex IV",
        "Chile\t2\t2",
    ]
    text = "\n".join(lines)
    assert annex_names("ar2020", text) == [Occurrence(name="Brazil", source="ar2020", line=5)]


def test_annex_names_refuses_an_unknown_edition() -> None:
    from tools.check_country_names import annex_names

    with pytest.raises(ValueError, match=r"no annex reader for 'ar2019'; the editions are ar2020"):
        annex_names("ar2019", "Annex II\n")
