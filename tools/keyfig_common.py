"""Shared machinery for the key-figure pipelines (every source of ``key_figures``).

A key figure is one quantitative claim of a source, curated by hand as a *short number
phrase* (``as_printed``, e.g. ``more than 2.75 million``) plus our own label, unit,
period and topic in ``tools/reference/key_figures_<source>.csv``.  Everything numeric
is derived here from ``as_printed``: :func:`parse_printed` turns the phrase into a
``value`` and a ``qualifier``, so no number is typed twice.

The module offers

* the closed vocabularies :data:`UNITS`, :data:`QUALIFIERS` and :data:`TOPICS`
  (later engineers extend them only by *adding* entries, each with a comment);
* :func:`parse_printed`, the parser of printed number phrases;
* :func:`load_curated`, which turns a curated CSV into ``key_figures`` rows and refuses
  unknown vocabulary, duplicate ids and phrases it cannot parse;
* :func:`locate` and :func:`check_provenance`, which find the span of a locator
  (``para 184``, ``Box 12``, ``Foreword``, a section heading) in a source text and check
  that the printed phrase occurs there; sources register a :class:`Layout` in
  :data:`LAYOUTS`, or a function in :data:`CUSTOM_LOCATORS`;
* :class:`BreakdownSpec` and :func:`breakdown_errata`, which turn full breakdowns into
  ``key_figure_breakdowns`` rows and prove that the items add up to the stated total;
* :class:`ArithmeticCheck` with :func:`share`, :func:`percent_change`, :func:`ratio`,
  :func:`figure_value` and :func:`arithmetic_errata`, which check printed shares, growth
  rates and ratios (or any derivation a module writes) against the figures they rest on;
* :func:`fact_conflicts`, :func:`fact_disagreements` and :func:`fact_errata`, which find
  records of one fact that differ in value or hedge and turn reviewed explanations of
  them (:class:`FactErratum`) into ``errata`` rows;
* :func:`prove`, which runs all of these over one module's key figures and returns the
  module's ``key_figures``, ``key_figure_breakdowns``, ``errata`` and
  ``key_figure_errata`` (from :func:`erratum_links`: the records each erratum concerns).

Nothing here reads ``../shared`` on its own: callers pass the source text in.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from iomdata._proofs import breakdown_key

__all__ = [
    "COLUMNS",
    "CURATED_COLUMNS",
    "CUSTOM_LOCATORS",
    "LAYOUTS",
    "QUALIFIERS",
    "REFERENCE_DIR",
    "TOPICS",
    "UNITS",
    "UNIT_SCALE",
    "ArithmeticCheck",
    "BreakdownSpec",
    "CurationError",
    "Derivation",
    "FactErratum",
    "Heading",
    "Layout",
    "LocatorError",
    "arithmetic_errata",
    "breakdown_difference",
    "breakdown_errata",
    "breakdown_rows",
    "check_provenance",
    "erratum_links",
    "erratum_row",
    "fact_conflicts",
    "fact_disagreements",
    "fact_errata",
    "figure_value",
    "group_by",
    "hedges_compatible",
    "holds",
    "load_curated",
    "load_indicator_ids",
    "load_source",
    "locate",
    "normalise",
    "parse_printed",
    "percent_change",
    "prove",
    "ratio",
    "read_source",
    "share",
    "slice_curated",
    "sources_dir",
]

REFERENCE_DIR: Final = Path(__file__).resolve().parent / "reference"

# ---------------------------------------------------------------------------------------
# Closed vocabularies.  Extend only by adding entries (ids are part of the data contract).
# ---------------------------------------------------------------------------------------

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


class CurationError(ValueError):
    """A curated key-figure file breaks a rule (vocabulary, ids, unparseable phrase)."""


class LocatorError(LookupError):
    """A locator does not name a span of the source text."""


# ---------------------------------------------------------------------------------------
# Parsing printed number phrases
# ---------------------------------------------------------------------------------------

# Longest phrases first, so "more than" wins over a hypothetical "more".
_QUALIFIER_PHRASES: Final[tuple[tuple[str, str], ...]] = (
    ("an estimated", "approximately"),
    ("close to", "nearly"),
    ("approximately", "approximately"),
    ("more than", "more_than"),
    ("fewer than", "less_than"),
    ("less than", "less_than"),
    ("exceeding", "over"),
    ("estimated", "approximately"),
    ("exceeded", "over"),
    ("at least", "at_least"),
    ("roughly", "approximately"),
    ("nearly", "nearly"),
    ("almost", "nearly"),
    ("around", "approximately"),
    ("about", "approximately"),
    ("up to", "up_to"),
    ("under", "less_than"),
    ("over", "over"),
    ("some", "approximately"),
)

_SMALL_WORDS: Final = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
)
_TENS_WORDS: Final = "twenty thirty forty fifty sixty seventy eighty ninety"
_SMALL: Final[Mapping[str, int]] = {w: n for n, w in enumerate(_SMALL_WORDS.split())}
_TENS: Final[Mapping[str, int]] = {w: 10 * n for n, w in enumerate(_TENS_WORDS.split(), 2)}
# "once" and "twice" count occasions ("used once from the Panama warehouse"); "no"
# states a zero ("no new Member States joined").
_MULTIPLICATIVE: Final[Mapping[str, int]] = {"once": 1, "twice": 2, "no": 0, "none": 0}
# Words that are a multiplicative factor on their own ("double the 2017 contributions");
# like "five-fold" or "fivefold" they are read only in the unit ``times``.
_FACTOR_WORDS: Final[Mapping[str, int]] = {"double": 2}
# Printed currency codes (casefolded, as :func:`normalise` leaves them) and the first
# word of the units that hold such amounts.
_CURRENCIES: Final[Mapping[str, str]] = {"usd": "USD", "chf": "CHF"}
_SCALES: Final[Mapping[str, float]] = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_FRACTIONS: Final[Mapping[str, float]] = {
    "half": 1 / 2,
    "halves": 1 / 2,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 1 / 4,
    "quarters": 1 / 4,
    "fifth": 1 / 5,
    "fifths": 1 / 5,
    "tenth": 1 / 10,
    "tenths": 1 / 10,
}

# Digits with optional thousands separators (comma or space, as the reports print them).
_NUMERAL: Final = r"\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMERIC_RE: Final = re.compile(
    rf"^(?P<sign>[+-])?(?P<num>{_NUMERAL})"
    r"(?:\s*(?P<scale>thousand|million|billion))?"
    r"(?P<pct>\s*%|\s+per\s*cent|\s+percent)?"
    r"(?P<fold>-fold)?$"
)
_PERCENT_RE: Final = re.compile(r"(?:\s*%|\s+per\s*cent|\s+percent)$")
# "1 to 9": the second term per one of the first (unit ``ratio``).
_RATIO_RE: Final = re.compile(rf"^(?P<first>{_NUMERAL}) to (?P<second>{_NUMERAL})$")
_FOLD_RE: Final = re.compile(r"^(?P<factor>.+?)-?fold$")
_FRACTION_RE: Final = re.compile(
    r"^(?:(?P<count>a|an|one|two|three|four|nine)[\s-]+)?(?P<part>[a-z]+)"
    r"(?:\s+of\s+a\s+(?P<scale>thousand|million|billion))?$"
)


def normalise(text: str) -> str:
    r"""Return ``text`` with typographic variants unified, whitespace collapsed, casefolded.

    Both the source spans and the printed phrases pass through this before they are
    compared, so that curly quotes, non-breaking spaces, dashes and line breaks in the
    extracted PDFs do not hide a match.

    Examples
    --------
    >>> normalise("More than\u00a02.75\nmillion")
    'more than 2.75 million'
    """
    table = str.maketrans(
        {
            "\u2019": "'",
            "\u2018": "'",
            "\u201c": '"',
            "\u201d": '"',
            "\u2013": "-",
            "\u2014": "-",
            "\u2011": "-",
            "\u00a0": " ",
            "\u2009": " ",
            "\u202f": " ",
            "\u00ad": None,
        }
    )
    return re.sub(r"\s+", " ", text.translate(table)).strip().casefold()


def _words_to_int(words: str) -> int:
    """Read a spelled-out cardinal such as ``one hundred and forty-four``."""
    total = 0
    current = 0
    tokens = [t for t in re.split(r"[\s-]+", words) if t and t != "and"]
    if not tokens:
        msg = "no number words"
        raise ValueError(msg)
    for token in tokens:
        if token in _SMALL:
            current += _SMALL[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            msg = f"not a number word: {token!r}"
            raise ValueError(msg)
    return total + current


def _split_qualifier(phrase: str) -> tuple[str, str]:
    for words, qualifier in _QUALIFIER_PHRASES:
        if phrase.startswith(words + " "):
            return qualifier, phrase[len(words) + 1 :]
    return "exact", phrase


def _split_currency(phrase: str) -> tuple[str | None, str]:
    """Split a leading currency code off: ``("USD", "2.1 million")`` or ``(None, phrase)``."""
    code, _, rest = phrase.partition(" ")
    if code in _CURRENCIES and rest:
        return _CURRENCIES[code], rest
    return None, phrase


def _check_unit_markers(phrase: str, unit: str, *, percent: bool, currency: str | None) -> None:
    """Refuse phrases whose currency or percent sign contradicts the unit."""
    if percent and unit not in {"percent", "percentage_points"}:
        msg = f"{phrase!r} is a percentage but the unit is {unit!r}"
        raise ValueError(msg)
    unit_word = unit.split(maxsplit=1)[0]
    unit_currency = unit_word if unit_word in _CURRENCIES.values() else None
    if currency != unit_currency:
        msg = f"{phrase!r} and unit {unit!r} disagree about the currency"
        raise ValueError(msg)


def parse_printed(as_printed: str, unit: str) -> tuple[float, str]:
    """Return ``(value, qualifier)`` for a printed number phrase in ``unit``.

    The phrase is the number as printed with its hedge, scale word and currency, and
    nothing else: ``more than 2.75 million``, ``USD 2,182.7 million``, ``16,254``,
    ``1 061``, ``Seventy-five``, ``76.6%``, ``10 per cent``, ``two thirds``,
    ``nearly a quarter of a million``, ``five-fold``, ``fivefold``, ``double``,
    ``exceeding USD 2.12 billion``, ``CHF 68.1 million``, ``1 to 9``.  Fractions that
    have no exact decimal (thirds) are rounded to one decimal and an unhedged phrase
    becomes ``approximately``.

    Parameters
    ----------
    as_printed
        The number phrase as printed in the source.
    unit
        A unit from :data:`UNITS`; ``USD million`` and ``CHF million`` divide money by a
        million, ``percent`` turns a bare fraction into per cent, ``times`` takes
        multiplicative factors and ``ratio`` takes ``1 to N`` (read as N).

    Returns
    -------
    tuple[float, str]
        The value in ``unit`` and a qualifier from :data:`QUALIFIERS`.

    Raises
    ------
    ValueError
        If the unit is unknown, the phrase holds anything but a number phrase, or its
        currency, percent sign, factor or ratio contradicts the unit.

    Examples
    --------
    >>> parse_printed("USD 2,182.7 million", "USD million")
    (2182.7, 'exact')
    >>> parse_printed("more than 2.75 million", "people")
    (2750000.0, 'more_than')
    >>> parse_printed("two thirds", "percent")
    (66.7, 'approximately')
    >>> parse_printed("Seventy-five", "people")
    (75.0, 'exact')
    >>> parse_printed("exceeding USD 2.12 billion", "USD million")
    (2120.0, 'over')
    >>> parse_printed("fivefold", "times"), parse_printed("1 to 9", "ratio")
    ((5.0, 'exact'), (9.0, 'exact'))
    """
    if unit not in UNITS:
        msg = f"unknown unit {unit!r}; units: {sorted(UNITS)}"
        raise ValueError(msg)
    phrase = normalise(as_printed)
    qualifier, rest = _split_qualifier(phrase)
    currency, rest = _split_currency(rest)
    value, inexact, percent = _parse_core(rest, unit)
    _check_unit_markers(as_printed, unit, percent=percent, currency=currency)
    if inexact and qualifier == "exact":
        qualifier = "approximately"
    value /= UNIT_SCALE.get(unit, 1.0)
    # Round away binary noise (2182.7 * 1e6 / 1e6) without touching printed precision.
    return round(value, 6), qualifier


def _parse_core(rest: str, unit: str) -> tuple[float, bool, bool]:
    """Parse the number after qualifier and currency: ``(value, inexact, is_percent)``."""
    ratio = _RATIO_RE.match(rest)
    if (ratio is not None) != (unit == "ratio"):
        msg = f"{rest!r}: a ratio '1 to N' needs the unit 'ratio', and that unit a ratio"
        raise ValueError(msg)
    if ratio is not None:
        first, second = (float(re.sub(r"[, ]", "", ratio[term])) for term in ("first", "second"))
        if first == 0:
            msg = f"{rest!r}: a ratio's first term cannot be zero"
            raise ValueError(msg)
        return second / first, False, False
    match = _NUMERIC_RE.match(rest)
    if match:
        number = float(re.sub(r"[, ]", "", match["num"]))
        scale = _SCALES[match["scale"]] if match["scale"] else 1.0
        if match["fold"] and unit != "times":
            msg = f"{rest!r} is a multiplicative factor; use unit 'times'"
            raise ValueError(msg)
        return number * scale, False, bool(match["pct"])
    fraction = _FRACTION_RE.match(rest)
    if fraction and fraction["part"] in _FRACTIONS:
        word = fraction["count"] or "a"
        count = 1 if word in {"a", "an"} else _words_to_int(word)
        share = count * _FRACTIONS[fraction["part"]]
        if fraction["scale"]:
            value = share * _SCALES[fraction["scale"]]
        elif unit in {"percent", "percentage_points"}:
            value = share * 100
        else:
            msg = f"{rest!r} is a fraction; its unit must be 'percent'"
            raise ValueError(msg)
        rounded = round(value, 1)
        return rounded, not math.isclose(rounded, value, abs_tol=1e-9), False
    percent = bool(_PERCENT_RE.search(rest))
    words = _PERCENT_RE.sub("", rest)
    fold = _FOLD_RE.match(words)
    if (fold is not None or words in _FACTOR_WORDS) and unit != "times":
        msg = f"{rest!r} is a multiplicative factor; use unit 'times'"
        raise ValueError(msg)
    if words in _FACTOR_WORDS:
        return float(_FACTOR_WORDS[words]), False, percent
    if fold is not None:
        words = fold["factor"]
    scale = 1.0
    for name, factor in _SCALES.items():
        if words.endswith(" " + name) and name != "thousand":
            words, scale = words.removesuffix(" " + name), factor
    if words in _MULTIPLICATIVE:
        return float(_MULTIPLICATIVE[words]), False, percent
    try:
        return _words_to_int(words) * scale, False, percent
    except ValueError as error:
        msg = f"cannot read {rest!r} as a number phrase ({error})"
        raise ValueError(msg) from None


# ---------------------------------------------------------------------------------------
# Curated files
# ---------------------------------------------------------------------------------------

_SLUG_RE: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_indicator_ids(path: Path | None = None) -> frozenset[str]:
    """Return the ids of the comparable-indicator catalogue (``indicators.csv``).

    Parameters
    ----------
    path
        The catalogue; defaults to ``tools/reference/indicators.csv``.
    """
    path = path or REFERENCE_DIR / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["id"] for row in csv.DictReader(handle))


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def load_curated(
    path: Path,
    source: str,
    edition: int | None,
    *,
    indicators: Collection[str] | None = None,
) -> list[dict[str, object]]:
    """Turn a curated key-figure CSV into ``key_figures`` rows.

    Parameters
    ----------
    path
        ``tools/reference/key_figures_<source>.csv`` with the columns
        :data:`CURATED_COLUMNS` (``indicator``, ``period`` and ``fact`` may be blank).
    source
        The source id; every record id must start with ``<source>-``.
    edition
        The annual report's year, or ``None`` for sources that are not annual reports.
    indicators
        The ids an ``indicator`` may take; defaults to the catalogue
        ``tools/reference/indicators.csv``.

    Returns
    -------
    list[dict[str, object]]
        One row per record with exactly the columns :data:`COLUMNS`, ``value`` and
        ``qualifier`` parsed from ``as_printed``.

    Raises
    ------
    CurationError
        Naming the file, line and problem: a missing column, a malformed or duplicate
        id, an unknown unit, topic or indicator, an empty label or locator, or a phrase
        that :func:`parse_printed` cannot read.
    """
    known_indicators = load_indicator_ids() if indicators is None else indicators
    rows: list[dict[str, object]] = []
    problems: list[str] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(CURATED_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            msg = f"{path}: missing columns {sorted(missing)}"
            raise CurationError(msg)
        for line, raw in enumerate(reader, start=2):
            where = f"{path.name}:{line}"
            try:
                rows.append(_curated_row(raw, source, edition, known_indicators, seen))
            except (CurationError, ValueError) as error:
                problems.append(f"{where}: {error}")
    if problems:
        raise CurationError("\n".join(problems))
    return rows


def load_source(source: str, edition: int | None) -> list[dict[str, object]]:
    """The ``key_figures`` rows of one curated source, ``key_figures_<source>.csv``.

    :func:`load_curated` on the file of ``tools/reference`` that the key-figure modules
    keep for each source.
    """
    return load_curated(REFERENCE_DIR / f"key_figures_{source}.csv", source, edition)


def slice_curated(sources: Path) -> None:
    """Do nothing: the curated files already hold every number these sources give.

    The key-figure modules' ``slice_sources``. Key figures are short number phrases
    curated in ``tools/reference``; no raw text of their sources is stored in the
    repository, and the provenance test reads ``sources`` directly when it is present.
    """
    del sources


def _curated_row(
    raw: Mapping[str, str | None],
    source: str,
    edition: int | None,
    indicators: Collection[str],
    seen: set[str],
) -> dict[str, object]:
    """Validate one curated record and complete it into a ``key_figures`` row."""
    record = {column: _blank_to_none(raw.get(column)) for column in CURATED_COLUMNS}
    rid = record["id"] or ""
    prefix = f"{source}-"
    if not rid.startswith(prefix) or not _SLUG_RE.match(rid.removeprefix(prefix)):
        msg = f"id {rid!r} is not '{prefix}<lowercase-hyphenated-slug>'"
        raise CurationError(msg)
    if rid in seen:
        msg = f"duplicate id {rid!r}"
        raise CurationError(msg)
    seen.add(rid)
    for column in ("locator", "as_printed", "label", "unit", "topic"):
        if record[column] is None:
            msg = f"{rid}: empty {column}"
            raise CurationError(msg)
    unit, topic, indicator = record["unit"] or "", record["topic"] or "", record["indicator"]
    if unit not in UNITS:
        msg = f"{rid}: unknown unit {unit!r}"
        raise CurationError(msg)
    if topic not in TOPICS:
        msg = f"{rid}: unknown topic {topic!r}"
        raise CurationError(msg)
    if indicator is not None and indicator not in indicators:
        msg = f"{rid}: indicator {indicator!r} is not in the catalogue"
        raise CurationError(msg)
    fact = record["fact"]
    if fact is not None and not _SLUG_RE.match(fact):
        msg = f"{rid}: fact {fact!r} is not a lowercase hyphenated slug"
        raise CurationError(msg)
    value, qualifier = parse_printed(record["as_printed"] or "", unit)
    return {
        "source": source,
        "edition": edition,
        "locator": record["locator"],
        "id": rid,
        "indicator": indicator,
        "label": record["label"],
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "period": record["period"],
        "topic": topic,
        "as_printed": record["as_printed"],
        "fact": fact,
    }


# ---------------------------------------------------------------------------------------
# Locating spans of a source text
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Heading:
    """A section heading that may serve as a locator.

    Attributes
    ----------
    text
        The locator as written in the curated files (the heading as printed, with
        straight apostrophes).  It is searched for in the source with flexible
        whitespace and quotes.
    level
        1 for a chapter, 2 for a section or panel inside one; a span stops at the next
        heading of the same or a higher level (a smaller or equal number).
    """

    text: str
    level: int = 1


@dataclass(frozen=True, kw_only=True)
class Layout:
    """How one source text is organised, for :func:`locate`.

    Attributes
    ----------
    body_start
        A whole line (case-insensitive) where the body begins; everything before it
        (cover, table of contents) is never searched.  ``None``: the text start.
    body_end
        A whole line (case-insensitive) where the located body ends (e.g. ``Annex I``).
    numbered_paragraphs
        Lines starting ``N. `` open paragraph N (locator ``para N``); found in sequence.
    boxes
        Lines starting ``Box N. `` open a box (locator ``Box N``); a box ends at the
        next numbered paragraph, box or heading.  Box spans are cut out of paragraphs.
    headings
        The headings, in document order.
    headings_whole_line
        Headings occupy whole lines (``True``) or may share a line with other text.
    headings_case_sensitive
        Match the heading's case exactly (needed where a heading is an upper-case
        banner and the same words occur in running text).
    headings_within
        The extraction prints headings *inside* their section rather than before it
        (e.g. side banners of a brochure).  A heading's span then reaches from the
        previous heading of its level to the next one, which is sure to contain it.
    """

    body_start: str | None = None
    body_end: str | None = None
    numbered_paragraphs: bool = False
    boxes: bool = False
    headings: tuple[Heading, ...] = ()
    headings_whole_line: bool = True
    headings_case_sensitive: bool = False
    headings_within: bool = False


_AR2020_SECTIONS: Final[tuple[tuple[str, int], ...]] = (
    ("Foreword", 1),
    ("Introduction", 1),
    ("IOM operations and activities", 1),
    ("Humanitarian response and resilience", 2),
    ("IOM life-saving and crisis response", 2),
    ("Addressing the drivers of displacement and mobility and promoting peace", 2),
    ("Cohesive societies for community resilience and sustainable development", 2),
    ("Mobility", 2),
    ("Regular and orderly migration", 2),
    ("Safe migration", 2),
    ("Governance", 2),
    ("IOM participation and leadership in the United Nations system", 2),
    ("Whole-of-government approach", 2),
    ("Whole-of-society approach", 2),
    ("Data and evidence", 2),
    ("Institutional development and organizational effectiveness", 1),
    ("Policy capacity and knowledge management", 2),
    ("Media and communications", 2),
    ("Results-based management", 2),
    ("Monitoring and evaluation", 2),
    ("Risk management", 2),
    ("Human resources", 2),
    ("Human resources management", 2),
    ("Staff capacity, skills, and training", 2),
    ("Staff welfare", 2),
    ("Consistent conditions for staff", 2),
    ("Diversity and inclusion and staff representation", 2),
    ("Staff security", 2),
    ("Transparency and accountability", 2),
    ("Standards of conduct", 2),
    ("Data protection", 2),
    ("Procurement and supply chain effectiveness", 2),
    ("Privileges and immunities", 2),
)

# priorities2020 has neither paragraph numbers nor boxes: its locators are the section
# headings, each on a line of its own.  The three "IOM is ..." headings open chapters.
_PRIORITIES2020_SECTIONS: Final[tuple[tuple[str, int], ...]] = (
    ("IOM is principled", 1),
    ("Gender equality policy", 2),
    ("Standards of conduct", 2),
    ("Environmental sustainability", 2),
    ("Data protection", 2),
    ("IOM is purposeful", 1),
    ("Results-based management", 2),
    ("Monitoring and evaluation", 2),
    ("Knowledge management", 2),
    ("IOM is prepared", 1),
    ("The IOM Development Fund", 2),
    ("Regional support towards optimal delivery of services", 2),
    ("Human resources", 2),
    ("Office of the Ombudsperson", 2),
    ("Information technology", 2),
)

LAYOUTS: Final[dict[str, Layout]] = {
    "ar2020": Layout(
        body_start="FOREWORD",
        body_end="Annex I",
        numbered_paragraphs=True,
        boxes=True,
        headings=tuple(Heading(text=t, level=lv) for t, lv in _AR2020_SECTIONS),
    ),
    # The brochure prints its chapter banners somewhere inside each chapter's text and
    # its panels' captions next to the panel, so headings are matched in upper case as
    # printed and spans reach from neighbour to neighbour (see Layout.headings_within).
    "ar2020-highlights": Layout(
        headings=(
            Heading(text="HIGHLIGHTS OF THE 2020 ANNUAL REPORT", level=1),
            Heading(text="KEY FIGURES: IOM'S GLOBAL COVID-19 RESPONSE", level=1),
            Heading(text="COMBINED TOTAL EXPENDITURE", level=2),
            Heading(text="RESILIENCE", level=1),
            Heading(text="IOM CRISIS-RELATED SUPPORT", level=2),
            Heading(text="MOBILITY", level=1),
            Heading(text="GOVERNANCE", level=1),
            Heading(text="INSTITUTIONAL DEVELOPMENT AND OPERATIONAL EFFECTIVENESS", level=1),
            Heading(text="TOTAL COMBINED REVENUE", level=1),
        ),
        headings_whole_line=False,
        headings_case_sensitive=True,
        headings_within=True,
    ),
    # The Foreword is the only unnumbered part of ar2018 that holds figures; it runs to the
    # "REPORTING STRUCTURE" banner that opens paragraph 1.  The body stops at the annexes
    # so that paragraph 327 does not swallow the staff tables.
    "ar2018": Layout(
        body_end="Annex I",
        numbered_paragraphs=True,
        headings=(
            Heading(text="Foreword", level=1),
            Heading(text="Reporting structure", level=1),
        ),
    ),
    "priorities2020": Layout(
        headings=tuple(Heading(text=t, level=lv) for t, lv in _PRIORITIES2020_SECTIONS),
    ),
}
"""Per-source layouts; other sources register theirs by adding an entry."""

CUSTOM_LOCATORS: Final[dict[str, Callable[[str, str], str]]] = {}
"""Source id -> ``f(text, locator) -> span`` for sources a :class:`Layout` cannot describe
(e.g. the numbered questions of a questionnaire); :func:`locate` prefers these."""


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _line_re(pattern: str, *, ignore_case: bool = True) -> re.Pattern[str]:
    flags = re.MULTILINE | (re.IGNORECASE if ignore_case else 0)
    return re.compile(rf"^[ \t]*{pattern}[ \t]*$", flags)


def _heading_pattern(text: str) -> str:
    """A regex for a heading with any whitespace between words and any quote style."""
    words = [re.escape(w).replace("'", "['\u2019\u2018]") for w in text.split()]
    return r"\s+".join(words)


def _body(text: str, layout: Layout) -> _Span:
    start = 0
    end = len(text)
    if layout.body_start is not None:
        found = _line_re(re.escape(layout.body_start)).search(text)
        if found is None:
            msg = f"body start {layout.body_start!r} not found"
            raise LocatorError(msg)
        start = found.start()
    if layout.body_end is not None:
        found = _line_re(re.escape(layout.body_end)).search(text, start)
        if found is not None:
            end = found.start()
    return _Span(start, end)


def _heading_positions(text: str, layout: Layout, body: _Span) -> list[tuple[Heading, int]]:
    """Find the headings in order, each after the previous one found."""
    found: list[tuple[Heading, int]] = []
    cursor = body.start
    for heading in layout.headings:
        pattern = _heading_pattern(heading.text)
        regex = (
            _line_re(pattern, ignore_case=not layout.headings_case_sensitive)
            if layout.headings_whole_line
            else re.compile(pattern, 0 if layout.headings_case_sensitive else re.IGNORECASE)
        )
        match = regex.search(text, cursor, body.end)
        if match is None:
            # A heading the text lacks cannot be located (``_heading_text`` says so);
            # the others still bound boxes and sections.
            continue
        found.append((heading, match.start()))
        cursor = match.end()
    return found


def _paragraph_starts(text: str, body: _Span) -> list[int]:
    """Offsets of paragraphs 1, 2, ... found in sequence (index 0 is paragraph 1)."""
    starts: list[int] = []
    cursor = body.start
    number = 1
    while True:
        match = re.compile(rf"^[ \t]*{number}\.\s", re.MULTILINE).search(text, cursor, body.end)
        if match is None:
            return starts
        starts.append(match.start())
        cursor = match.end()
        number += 1


def _box_spans(text: str, layout: Layout, body: _Span) -> dict[int, _Span]:
    """Spans of ``Box N.`` blocks: to the next paragraph, box, heading or body end."""
    box_re = re.compile(r"^[ \t]*Box (\d+)\.\s", re.MULTILINE)
    boxes = list(box_re.finditer(text, body.start, body.end))
    stops = [m.start() for m in re.finditer(r"^[ \t]*\d{1,3}\.\s", text, re.MULTILINE)]
    stops += [pos for _, pos in _heading_positions(text, layout, body)]
    stops += [m.start() for m in boxes]
    stops.append(body.end)
    spans: dict[int, _Span] = {}
    for match in boxes:
        # The first occurrence in the body is the box itself (the contents list is
        # outside the body).
        spans.setdefault(
            int(match.group(1)),
            _Span(match.start(), min(s for s in stops if s > match.start())),
        )
    return spans


def _cut(text: str, span: _Span, holes: Iterable[_Span]) -> str:
    """The text of ``span`` without the parts covered by ``holes``."""
    pieces: list[str] = []
    cursor = span.start
    for hole in sorted(holes, key=lambda h: h.start):
        if hole.end <= cursor or hole.start >= span.end:
            continue
        pieces.append(text[cursor : max(cursor, hole.start)])
        cursor = max(cursor, hole.end)
    pieces.append(text[cursor : span.end])
    return "".join(pieces)


def locate(text: str, source_id: str, locator: str) -> str:
    r"""Return the text span that ``locator`` names in the source ``source_id``.

    Parameters
    ----------
    text
        The full source text (from ``../shared/sources/<source_id>.txt``).
    source_id
        A source with a registered :data:`LAYOUTS` entry.
    locator
        ``para N``, ``Box N`` or a heading of the layout (case-insensitive).

    Returns
    -------
    str
        The span's text.  A paragraph runs to the next paragraph, minus any box printed
        inside it; a box runs to the next paragraph, box or heading.

    Raises
    ------
    LocatorError
        If the source has no layout or the locator names nothing in the text.

    Examples
    --------
    >>> doc = "FOREWORD\nIntro 5.\n1. First 10 items.\nBox 1. Aside 3\n2. Second 20."
    >>> locate(doc, "ar2020", "para 1")
    '1. First 10 items.\n'
    >>> locate(doc, "ar2020", "Box 1")
    'Box 1. Aside 3\n'
    """
    custom = CUSTOM_LOCATORS.get(source_id)
    if custom is not None:
        return custom(text, locator)
    layout = LAYOUTS.get(source_id)
    if layout is None:
        known = sorted({*LAYOUTS, *CUSTOM_LOCATORS})
        msg = f"no layout for source {source_id!r}; layouts: {known}"
        raise LocatorError(msg)
    body = _body(text, layout)
    para = re.fullmatch(r"para (\d+)", locator)
    box = re.fullmatch(r"Box (\d+)", locator)
    if para and layout.numbered_paragraphs:
        return _paragraph_text(text, layout, body, int(para.group(1)))
    if box and layout.boxes:
        spans = _box_spans(text, layout, body)
        number = int(box.group(1))
        if number not in spans:
            msg = f"{source_id}: no Box {number}; boxes: {sorted(spans)}"
            raise LocatorError(msg)
        return text[spans[number].start : spans[number].end]
    return _heading_text(text, layout, body, locator, source_id)


def _paragraph_text(text: str, layout: Layout, body: _Span, number: int) -> str:
    starts = _paragraph_starts(text, body)
    if not 1 <= number <= len(starts):
        msg = f"no paragraph {number}; paragraphs 1-{len(starts)}"
        raise LocatorError(msg)
    start = starts[number - 1]
    end = starts[number] if number < len(starts) else body.end
    holes = _box_spans(text, layout, body).values() if layout.boxes else ()
    return _cut(text, _Span(start, end), holes)


def _heading_text(text: str, layout: Layout, body: _Span, locator: str, source_id: str) -> str:
    wanted = normalise(locator)
    positions = _heading_positions(text, layout, body)
    for index, (heading, start) in enumerate(positions):
        if normalise(heading.text) != wanted:
            continue
        level = heading.level
        after = [p for h, p in positions[index + 1 :] if h.level <= level]
        end = after[0] if after else body.end
        begin = start
        if layout.headings_within:
            before = [p for h, p in positions[:index] if h.level <= level]
            begin = before[-1] if before else body.start
        return text[begin:end]
    names = [h.text for h in layout.headings]
    msg = f"{source_id}: locator {locator!r} is not para N, Box N or a heading of {names}"
    raise LocatorError(msg)


def _phrase_regex(as_printed: str) -> re.Pattern[str]:
    """Match a normalised phrase that is not glued to further digits or letters."""
    return re.compile(rf"(?<![\w.,]){re.escape(normalise(as_printed))}(?![\w]|[.,]\d)")


def check_provenance(record: Mapping[str, object], text: str) -> list[str]:
    """Return the problems of one key-figure record against its source text.

    The record must have ``source``, ``locator``, ``as_printed``, ``unit``, ``value``
    and ``qualifier``.  Checked: the locator names a span; ``as_printed`` occurs in that
    span (after :func:`normalise`, not inside a longer number); and parsing
    ``as_printed`` gives the record's ``value`` and ``qualifier``.

    Returns
    -------
    list[str]
        Empty when the record is proven by the text.
    """
    rid = record.get("id")
    try:
        span = locate(text, str(record["source"]), str(record["locator"]))
    except (LookupError, ValueError) as error:
        # Custom locators raise their own errors (lookup or value errors).
        return [f"{rid}: {error}"]
    problems: list[str] = []
    as_printed = str(record["as_printed"])
    if not _phrase_regex(as_printed).search(normalise(span)):
        problems.append(f"{rid}: {as_printed!r} not found in {record['locator']}")
    try:
        value, qualifier = parse_printed(as_printed, str(record["unit"]))
    except ValueError as error:
        return [*problems, f"{rid}: {error}"]
    stated = record.get("value")
    if not isinstance(stated, int | float) or not math.isclose(value, stated, rel_tol=1e-12):
        problems.append(f"{rid}: value {stated!r} but {as_printed!r} reads {value!r}")
    if qualifier != record.get("qualifier"):
        problems.append(f"{rid}: qualifier {record.get('qualifier')!r}, phrase {qualifier!r}")
    return problems


# ---------------------------------------------------------------------------------------
# Breakdowns and facts
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class BreakdownSpec:
    """A full breakdown: key figures (items) that add up to a stated total.

    Attributes
    ----------
    breakdown
        The breakdown id (``<source>-<slug>``).
    label
        Our own words for what is broken down.
    total_id
        The key-figure id of the stated total.
    items
        ``(item name, key-figure id)`` pairs; each value comes from its key figure, so
        the numbers are read from the text once.
    tolerance
        The largest ``|sum(items) - total|`` accepted as equal, e.g. ``1.0`` where the
        items are percentages rounded to whole numbers.  0 for counts and money.
    """

    breakdown: str
    label: str
    total_id: str
    items: tuple[tuple[str, str], ...]
    tolerance: float = 0.0


def breakdown_difference(
    spec: BreakdownSpec, figures: Mapping[str, Mapping[str, object]]
) -> float:
    """Return ``sum(items) - total`` for ``spec`` over key figures keyed by id.

    Raises
    ------
    KeyError
        Naming the breakdown and the missing key-figure id.
    """
    total = _figure_value(spec, figures, spec.total_id)
    return sum(_figure_value(spec, figures, fid) for _, fid in spec.items) - total


def _figure_value(
    spec: BreakdownSpec, figures: Mapping[str, Mapping[str, object]], figure_id: str
) -> float:
    if figure_id not in figures:
        msg = f"breakdown {spec.breakdown}: no key figure {figure_id!r}"
        raise KeyError(msg)
    value = figures[figure_id]["value"]
    if not isinstance(value, int | float):
        msg = f"breakdown {spec.breakdown}: {figure_id} has no numeric value"
        raise TypeError(msg)
    return float(value)


def breakdown_rows(
    spec: BreakdownSpec, figures: Mapping[str, Mapping[str, object]]
) -> list[dict[str, object]]:
    """Return the ``key_figure_breakdowns`` rows of ``spec`` (one per item)."""
    rows: list[dict[str, object]] = []
    for item, figure_id in spec.items:
        _figure_value(spec, figures, figure_id)
        figure = figures[figure_id]
        rows.append(
            {
                "breakdown": spec.breakdown,
                "label": spec.label,
                "total_id": spec.total_id,
                "item": item,
                "value": figure["value"],
                "unit": figure["unit"],
                "as_printed": figure["as_printed"],
                "source": figure["source"],
                "edition": figure["edition"],
                "locator": figure["locator"],
            }
        )
    return rows


def fact_conflicts(rows: Iterable[Mapping[str, object]]) -> dict[str, list[Mapping[str, object]]]:
    """Return the facts whose records disagree on value or unit.

    A different hedge alone ("around" against "approximately") is not a conflict.

    Parameters
    ----------
    rows
        ``key_figures`` rows (any sources).

    Returns
    -------
    dict[str, list[Mapping[str, object]]]
        Fact id -> its records, only for facts whose records are not all equal.
    """
    by_fact: dict[str, list[Mapping[str, object]]] = defaultdict(list)
    for row in rows:
        if row.get("fact") is not None:
            by_fact[str(row["fact"])].append(row)
    return {
        fact: group
        for fact, group in sorted(by_fact.items())
        if len({(r["value"], r["unit"]) for r in group}) > 1
    }


# How far below (nearly) or around (approximately) the printed value a hedged figure may
# lie and still state the same fact; wide enough for the reports' rounding ("nearly 14
# million" for 13,867,256), narrow enough to catch a different count.
_NEARLY_BAND: Final = 0.10
_APPROXIMATELY_BAND: Final = 0.10


def _interval(value: float, qualifier: str) -> tuple[float, float, bool, bool]:
    """The values a hedged figure admits: ``(low, high, low_closed, high_closed)``."""
    inf = math.inf
    intervals = {
        "exact": (value, value, True, True),
        "over": (value, inf, False, False),
        "more_than": (value, inf, False, False),
        "at_least": (value, inf, True, False),
        "less_than": (-inf, value, False, False),
        "up_to": (-inf, value, False, True),
        "nearly": (value * (1 - _NEARLY_BAND), value, True, True),
        "approximately": (
            value * (1 - _APPROXIMATELY_BAND),
            value * (1 + _APPROXIMATELY_BAND),
            True,
            True,
        ),
    }
    return intervals[qualifier]


def hedges_compatible(a: Mapping[str, object], b: Mapping[str, object]) -> bool:
    """Whether two records' hedged values can describe one and the same number.

    ``60`` and ``more than 60`` cannot; ``nearly 14 million`` and ``13,867,256`` can.

    Examples
    --------
    >>> hedges_compatible(
    ...     {"value": 60.0, "qualifier": "exact"}, {"value": 60.0, "qualifier": "more_than"}
    ... )
    False
    """
    a_low, a_high, a_low_in, a_high_in = _interval(_number(a), str(a["qualifier"]))
    b_low, b_high, b_low_in, b_high_in = _interval(_number(b), str(b["qualifier"]))
    low, low_in = max((a_low, a_low_in), (b_low, b_low_in), key=lambda x: (x[0], not x[1]))
    high, high_in = min((a_high, a_high_in), (b_high, b_high_in), key=lambda x: (x[0], x[1]))
    return low < high or (low == high and low_in and high_in)


def figure_value(figures: Mapping[str, Mapping[str, object]], figure_id: str) -> float:
    """Return the numeric value of the key figure ``figure_id`` among ``figures`` (by id).

    Raises
    ------
    KeyError
        If there is no such key figure.
    TypeError
        If its value is not a number.
    """
    return _number(figures[figure_id])


def _number(record: Mapping[str, object]) -> float:
    value = record["value"]
    if not isinstance(value, int | float):
        msg = f"{record.get('id')}: value {value!r} is not a number"
        raise TypeError(msg)
    return float(value)


def fact_disagreements(
    rows: Iterable[Mapping[str, object]],
) -> dict[str, list[Mapping[str, object]]]:
    """Return the facts whose records differ in value or unit, or hedge incompatibly.

    A superset of :func:`fact_conflicts`: it also catches ``60`` against ``more than
    60`` (same number, statements that cannot both hold).
    """
    by_fact: dict[str, list[Mapping[str, object]]] = defaultdict(list)
    for row in rows:
        if row.get("fact") is not None:
            by_fact[str(row["fact"])].append(row)
    return {
        fact: group
        for fact, group in sorted(by_fact.items())
        if len({(r["value"], r["unit"]) for r in group}) > 1
        or not all(hedges_compatible(a, b) for a in group for b in group)
    }


def erratum_row(
    erratum_id: str,
    figure: Mapping[str, object],
    established: str,
    explanation: str,
    proofs: str | None = None,
) -> dict[str, object]:
    """An ``errata`` row about one key-figure record (the published side).

    ``proofs`` are the keys of the package proofs it explains (``None``: no equation of
    the data checks it).
    """
    return {
        "id": erratum_id,
        "source": figure["source"],
        "locator": figure["locator"],
        "published": f"{figure['as_printed']} ({figure['locator']}: {figure['label']})",
        "established": established,
        "explanation": explanation,
        "proofs": proofs,
    }


@dataclass(frozen=True, kw_only=True)
class FactErratum:
    """The reviewed reading of a fact whose records disagree.

    Attributes
    ----------
    erratum_id
        The erratum id, prefixed with the source of the deviating record.
    reference_id
        The record stating the fact most precisely (the ``established`` side).
    explanation
        Our words on why the records differ.
    """

    erratum_id: str
    reference_id: str
    explanation: str


def fact_errata(
    rows: Sequence[Mapping[str, object]], reviewed: Mapping[str, FactErratum]
) -> list[dict[str, object]]:
    """Return one erratum per disagreeing fact, naming every record that deviates.

    The erratum's ``source`` and ``locator`` are those of the first deviating record;
    ``published`` lists each deviating record (phrase, locator, label) and
    ``established`` the reference record.

    Raises
    ------
    ValueError
        If a disagreeing fact has no reviewed erratum, a reviewed fact no longer
        disagrees, or the reviewed reference is not one of the fact's records.
    """
    disagreements = fact_disagreements(rows)
    stale = sorted(set(reviewed) - set(disagreements))
    if stale:
        msg = f"facts no longer in disagreement, drop their errata: {stale}"
        raise ValueError(msg)
    errata: list[dict[str, object]] = []
    for fact, group in disagreements.items():
        if fact not in reviewed:
            msg = f"fact {fact} disagrees across {[r['id'] for r in group]}; no erratum"
            raise ValueError(msg)
        review = reviewed[fact]
        reference = next((r for r in group if r["id"] == review.reference_id), None)
        if reference is None:
            msg = f"fact {fact}: reference {review.reference_id} is not one of its records"
            raise ValueError(msg)
        deviating = [
            r
            for r in group
            if (r["value"], r["unit"]) != (reference["value"], reference["unit"])
            or not hedges_compatible(r, reference)
        ]
        established = f"{reference['as_printed']} ({reference['source']}, {reference['locator']})"
        row = erratum_row(review.erratum_id, deviating[0], established, review.explanation)
        row["published"] = "; ".join(
            f"{r['as_printed']} ({r['source']}, {r['locator']}: {r['label']})" for r in deviating
        )
        errata.append(row)
    return errata


def breakdown_errata(
    specs: Sequence[BreakdownSpec],
    figures: Mapping[str, Mapping[str, object]],
    reviewed: Mapping[str, tuple[str, str]],
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Return the breakdown rows of ``specs`` and the errata of those that do not add up.

    Parameters
    ----------
    specs
        The full breakdowns.
    figures
        Key figures by id.
    reviewed
        Breakdown id -> ``(erratum id, explanation)`` for breakdowns known not to add up.

    Raises
    ------
    ValueError
        If a breakdown misses its total without a reviewed erratum, or a reviewed
        breakdown adds up after all.
    """
    rows: list[dict[str, object]] = []
    errata: list[dict[str, object]] = []
    for spec in specs:
        rows += breakdown_rows(spec, figures)
        difference = breakdown_difference(spec, figures)
        review = reviewed.get(spec.breakdown)
        if abs(difference) <= spec.tolerance:
            if review is not None:
                msg = f"{spec.breakdown} adds up; drop its erratum {review[0]}"
                raise ValueError(msg)
            continue
        if review is None:
            msg = f"{spec.breakdown}: items minus total is {difference:g}, no erratum"
            raise ValueError(msg)
        items = math.fsum(_figure_value(spec, figures, fid) for _, fid in spec.items)
        amount = f"{items:,.0f}" if items.is_integer() else f"{items:,.2f}"
        established = (
            f"{amount} {figures[spec.total_id]['unit']} "
            f"(sum of the items: {', '.join(f for _, f in spec.items)})"
        )
        key = breakdown_key(str(rows[-1]["source"]), spec.breakdown)
        total = figures[spec.total_id]
        errata.append(erratum_row(review[0], total, established, review[1], key))
    return rows, errata


# ---------------------------------------------------------------------------------------
# Arithmetic statements (shares, growth rates) checked against the figures they rest on
# ---------------------------------------------------------------------------------------

Derivation = Callable[[Mapping[str, Mapping[str, object]]], tuple[float, str]]


@dataclass(frozen=True, kw_only=True)
class ArithmeticCheck:
    """A printed figure that other published figures determine.

    Attributes
    ----------
    id
        The check id; also the erratum id when the check fails.
    figure_id
        The key figure whose printed value is checked.
    derive
        Computes the value the other figures imply and says how (for the erratum).
    explanation
        Our reviewed words when the published figures disagree; ``None`` when they agree.
    """

    id: str
    figure_id: str
    derive: Derivation
    explanation: str | None = None


def percent_change(new_id: str, old_id: str) -> Derivation:
    """Derive ``100 * (new - old) / old`` from two key figures."""

    def derive(figures: Mapping[str, Mapping[str, object]]) -> tuple[float, str]:
        new, old = _number(figures[new_id]), _number(figures[old_id])
        change = 100 * (new - old) / old
        return change, f"{change:.1f} per cent ({new:g} against {old:g}: {new_id}, {old_id})"

    return derive


def share(parts: Sequence[str], wholes: Sequence[str]) -> Derivation:
    """Derive ``100 * sum(parts) / sum(wholes)`` from key figures."""

    def derive(figures: Mapping[str, Mapping[str, object]]) -> tuple[float, str]:
        part = sum(_number(figures[i]) for i in parts)
        whole = sum(_number(figures[i]) for i in wholes)
        value = 100 * part / whole
        how = f"{value:.1f} per cent ({part:g} of {whole:g}: {' + '.join(parts)} of "
        return value, how + f"{' + '.join(wholes)})"

    return derive


def ratio(second_id: str, first_id: str) -> Derivation:
    """Derive the N of a ratio printed ``1 to N``: ``second / first`` of two key figures."""

    def derive(figures: Mapping[str, Mapping[str, object]]) -> tuple[float, str]:
        second, first = _number(figures[second_id]), _number(figures[first_id])
        value = second / first
        how = f"1 to {value:.1f} ({first:g} to {second:g}: {first_id}, {second_id})"
        return value, how

    return derive


def holds(printed: float, qualifier: str, derived: float) -> bool:
    """Whether a derived value is what the printed phrase (with its hedge) states.

    Unhedged and ``approximately`` figures are taken as rounded to whole units (half up).
    """
    if qualifier in {"over", "more_than"}:
        return derived > printed
    if qualifier == "less_than":
        return derived < printed
    if qualifier == "up_to":
        return derived <= printed
    if qualifier == "at_least":
        return derived >= printed
    if qualifier == "nearly":
        return printed * (1 - _NEARLY_BAND) <= derived <= printed
    return math.floor(derived + 0.5) == printed


def arithmetic_errata(
    checks: Sequence[ArithmeticCheck], figures: Mapping[str, Mapping[str, object]]
) -> list[dict[str, object]]:
    """Return the errata of the checks that fail (each must carry a reviewed explanation).

    Raises
    ------
    ValueError
        If a check fails without an explanation, or one with an explanation holds.
    """
    errata: list[dict[str, object]] = []
    for check in checks:
        figure = figures[check.figure_id]
        derived, how = check.derive(figures)
        ok = holds(_number(figure), str(figure["qualifier"]), derived)
        if ok and check.explanation is not None:
            msg = f"{check.id}: {figure['as_printed']!r} agrees with {how}; drop the erratum"
            raise ValueError(msg)
        if not ok:
            if check.explanation is None:
                msg = f"{check.id}: {figure['as_printed']!r} disagrees with {how}"
                raise ValueError(msg)
            errata.append(erratum_row(check.id, figure, how, check.explanation))
    return errata


def erratum_links(
    errata: Sequence[Mapping[str, object]],
    figure_rows: Sequence[Mapping[str, object]],
    *,
    breakdowns: Sequence[BreakdownSpec],
    breakdown_reviewed: Mapping[str, tuple[str, str]],
    checks: Sequence[ArithmeticCheck],
    fact_reviewed: Mapping[str, FactErratum],
    other_errata: Mapping[str, Sequence[str]],
) -> list[dict[str, object]]:
    """Return the ``key_figure_errata`` rows: which records each erratum concerns.

    A record's ``relation`` is ``published`` when it prints the value the erratum is
    about, and ``evidence`` when the established value rests on it (a fact's reference record, the
    items of a breakdown).  The links come from the proofs that raised the errata (their
    ids and the records they name), never from the errata's text.  ``other_errata``
    names errata raised by other modules (by id) with the records here that print the
    value they concern.
    """
    raised = {str(e["id"]) for e in errata}
    links: list[dict[str, object]] = []

    def link(erratum_id: str, figure_id: str, relation: str) -> None:
        row: dict[str, object] = {
            "erratum_id": erratum_id,
            "key_figure_id": figure_id,
            "relation": relation,
        }
        if row not in links:
            links.append(row)

    for spec in breakdowns:
        reviewed_breakdown = breakdown_reviewed.get(spec.breakdown)
        if reviewed_breakdown is not None and reviewed_breakdown[0] in raised:
            link(reviewed_breakdown[0], spec.total_id, "published")
            for _, item_id in spec.items:
                link(reviewed_breakdown[0], item_id, "evidence")
    for check in checks:
        if check.id in raised:
            link(check.id, check.figure_id, "published")
    by_fact: dict[str, list[Mapping[str, object]]] = defaultdict(list)
    for row in figure_rows:
        if row.get("fact") is not None:
            by_fact[str(row["fact"])].append(row)
    for fact, review in fact_reviewed.items():
        if review.erratum_id not in raised:
            continue
        reference = next(r for r in by_fact[fact] if r["id"] == review.reference_id)
        for row in by_fact[fact]:
            differs = (row["value"], row["unit"]) != (reference["value"], reference["unit"])
            if differs or not hedges_compatible(row, reference):
                link(review.erratum_id, str(row["id"]), "published")
        link(review.erratum_id, str(reference["id"]), "evidence")
    figures = {str(row["id"]) for row in figure_rows}
    for erratum_id, figure_ids in other_errata.items():
        for figure_id in figure_ids:
            if figure_id not in figures:
                msg = f"{erratum_id}: no key figure {figure_id}"
                raise ValueError(msg)
            link(erratum_id, figure_id, "published")
    return links


def prove(
    figure_rows: list[dict[str, object]],
    *,
    breakdowns: Sequence[BreakdownSpec],
    breakdown_reviewed: Mapping[str, tuple[str, str]],
    checks: Sequence[ArithmeticCheck],
    fact_reviewed: Mapping[str, FactErratum],
    other_errata: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, list[dict[str, object]]]:
    """Prove one module's key figures and return its three datasets.

    Parameters
    ----------
    figure_rows
        The module's ``key_figures`` rows (all its sources).
    breakdowns, breakdown_reviewed
        The full breakdowns and the reviewed errata of those that do not add up
        (see :func:`breakdown_errata`).
    checks
        The arithmetic statements (see :func:`arithmetic_errata`).
    fact_reviewed
        The reviewed errata of facts whose records disagree (see :func:`fact_errata`).
    other_errata
        Errata of other modules (by id) that concern records here, with those records'
        ids (see :func:`erratum_links`).

    Returns
    -------
    dict[str, list[dict[str, object]]]
        ``key_figures`` (``figure_rows`` unchanged), ``key_figure_breakdowns``,
        ``errata`` and ``key_figure_errata`` (the records each erratum concerns).

    Raises
    ------
    ValueError
        If two records share an id, two errata share an id, or a proof fails without
        (or holds despite) a reviewed erratum.
    """
    figures = {str(row["id"]): row for row in figure_rows}
    if len(figures) != len(figure_rows):
        msg = "duplicate key-figure ids across the module's sources"
        raise ValueError(msg)
    breakdown_items, errata = breakdown_errata(breakdowns, figures, breakdown_reviewed)
    errata += arithmetic_errata(checks, figures)
    errata += fact_errata(figure_rows, fact_reviewed)
    ids = [e["id"] for e in errata]
    if len(ids) != len(set(ids)):
        msg = f"duplicate erratum ids: {ids}"
        raise ValueError(msg)
    links = erratum_links(
        errata,
        figure_rows,
        breakdowns=breakdowns,
        breakdown_reviewed=breakdown_reviewed,
        checks=checks,
        fact_reviewed=fact_reviewed,
        other_errata=other_errata or {},
    )
    unlinked = sorted(set(map(str, ids)) - {str(link["erratum_id"]) for link in links})
    if unlinked:
        msg = f"errata that name no key figure: {unlinked}"
        raise ValueError(msg)
    return {
        "key_figures": figure_rows,
        "key_figure_breakdowns": breakdown_items,
        "errata": errata,
        "key_figure_errata": links,
    }


def sources_dir(repo_root: Path | None = None) -> Path:
    """Return ``../shared/sources`` relative to the repository root (may not exist)."""
    root = repo_root or Path(__file__).resolve().parent.parent
    return root.parent / "shared" / "sources"


def read_source(source_id: str, sources: Path | None = None) -> str:
    """Read ``<sources>/<source_id>.txt`` (UTF-8)."""
    directory = sources or sources_dir()
    return (directory / f"{source_id}.txt").read_text(encoding="utf-8")


def group_by(rows: Sequence[Mapping[str, object]], column: str) -> dict[object, int]:
    """Count rows per value of ``column`` (for the modules' ``__main__`` summaries)."""
    counts: dict[object, int] = defaultdict(int)
    for row in rows:
        counts[row.get(column)] += 1
    return dict(sorted(counts.items(), key=lambda kv: str(kv[0])))
