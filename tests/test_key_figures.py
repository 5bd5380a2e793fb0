"""Contract tests over every shipped key figure, whatever its source.

The shipped ``key_figures`` (all sources) must use the closed vocabularies, carry unique
ids and catalogued indicators (each stated by both editions, in the catalogue's unit),
parse back from their printed phrase, and, where the source texts are checked out beside
the repository, be found at their locator.  The shipped breakdowns must add up to their
totals or carry an erratum, and records of one fact agree or carry one.  A few exact
values of the 2020 edition pin the most used figures.
"""

from __future__ import annotations

import csv
import math
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Final

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

import iomdata
from iomdata._schemas import SCHEMAS
from tools.errata import Entry, entries_of, read_registry
from tools.keyfigures import ar2018 as keyfigures_ar2018
from tools.keyfigures import ar2020 as keyfigures_ar2020
from tools.keyfigures import checks, curated, phrases, reviews, vocab
from tools.keyfigures.locate import Layout, LocatorError, check_provenance, locate, outline
from tools.keyfigures.sources import layout_of, layouts, read_source
from tools.sdg.source import SOURCE as SURVEY
from tools.sdg.source import locate_question

Row = Mapping[str, object]


# Each source's layout is declared by its key-figure module and looked up explicitly
# (``layout_of``; see test_layouts_are_declared_by_their_modules).
FIGURES: Final[list[dict[str, object]]] = iomdata.load("key_figures").to_dicts()
BREAKDOWNS: Final[list[dict[str, object]]] = iomdata.load("key_figure_breakdowns").to_dicts()
ERRATA: Final[list[dict[str, object]]] = iomdata.load("errata").to_dicts()
BY_ID: Final[dict[str, dict[str, object]]] = {str(r["id"]): r for r in FIGURES}

EDITIONS: Final[Mapping[str, int | None]] = {
    "ar2020": 2020,
    "ar2020-highlights": 2020,
    "ar2018": 2018,
    "priorities2020": None,
    "desa-sdg-survey-2021": None,
}


# Units that are not counts of things: a breakdown never mixes them with anything else.
_MEASURE_UNITS: Final = frozenset(
    {
        "percent",
        "percentage_points",
        "times",
        "ratio",
        "USD",
        "USD million",
        "CHF",
        "CHF million",
        "points",
    }
)

#: The annual-report editions that every comparable indicator must be stated by.
COMPARED_EDITIONS: Final = frozenset({2018, 2020})


def _ids(rows: list[dict[str, object]]) -> list[str]:
    return [str(r["id"]) for r in rows]


@pytest.fixture(scope="module")
def texts(sources_dir: Path) -> dict[str, str]:
    """The source texts by id; skips where ``../shared/sources`` is not checked out."""
    return {source: read_source(source, sources_dir) for source in EDITIONS}


def test_every_source_is_shipped() -> None:
    """The key figures of the 2020 edition and of its Highlights are shipped."""
    sources = {r["source"] for r in FIGURES}
    assert {"ar2020", "ar2020-highlights"} <= sources
    assert sources <= set(EDITIONS)


def test_ids_are_unique_and_prefixed() -> None:
    """Every id is unique and is ``<source>-<slug>``."""
    ids = _ids(FIGURES)
    assert len(ids) == len(set(ids))
    for row in FIGURES:
        slug = str(row["id"]).removeprefix(f"{row['source']}-")
        assert slug != row["id"], row["id"]
        assert curated._SLUG_RE.match(slug), row["id"]


def test_closed_vocabularies() -> None:
    """Units, qualifiers and topics come from the closed vocabularies."""
    assert {r["unit"] for r in FIGURES} <= vocab.UNITS
    assert {r["qualifier"] for r in FIGURES} <= vocab.QUALIFIERS
    assert {r["topic"] for r in FIGURES} <= vocab.TOPICS


def test_editions() -> None:
    """Each source carries its edition (null for sources that are not annual reports)."""
    for row in FIGURES:
        assert row["edition"] == EDITIONS[str(row["source"])], row["id"]


def test_indicators_are_catalogued() -> None:
    """Every indicator a record names is in the shipped and in the curated catalogue."""
    shipped = set(iomdata.load("indicators")["id"])
    assert shipped == curated.load_indicator_ids()
    used = {r["indicator"] for r in FIGURES if r["indicator"] is not None}
    assert used <= shipped


def test_catalogue_indicators_are_stated_by_both_editions() -> None:
    """Every catalogued indicator is stated by records of the 2018 and of the 2020 edition.

    An indicator exists to compare the editions; a measure only one of them states is a
    plain key figure, not an indicator.
    """
    editions: dict[str, set[object]] = {i: set() for i in curated.load_indicator_ids()}
    for row in FIGURES:
        if row["indicator"] is not None:
            editions[str(row["indicator"])].add(row["edition"])
    lacking = {i: sorted(map(str, e)) for i, e in editions.items() if not e >= COMPARED_EDITIONS}
    assert lacking == {}


def test_indicator_units_match_catalogue() -> None:
    """A record that states a comparable indicator uses the catalogue's unit."""
    with (curated.REFERENCE_DIR / "indicators.csv").open(encoding="utf-8", newline="") as handle:
        units = {row["id"]: row["unit"] for row in csv.DictReader(handle)}
    wrong = [
        (r["id"], r["unit"], units[str(r["indicator"])])
        for r in FIGURES
        if r["indicator"] is not None and r["unit"] != units[str(r["indicator"])]
    ]
    assert wrong == []


@pytest.mark.parametrize("row", FIGURES, ids=_ids(FIGURES))
def test_value_is_parsed_from_the_printed_phrase(row: Row) -> None:
    """``value`` and ``qualifier`` are what ``as_printed`` reads in ``unit``."""
    value, qualifier = phrases.parse_printed(str(row["as_printed"]), str(row["unit"]))
    assert (row["value"], row["qualifier"]) == (value, qualifier)


def test_printed_phrases_are_short() -> None:
    """Curated phrases are number phrases and labels are short: no sentence is copied."""
    for row in FIGURES:
        assert len(str(row["as_printed"])) <= 40, row["id"]
        assert len(str(row["label"]).split()) <= 20, row["id"]


@pytest.mark.parametrize("row", FIGURES, ids=_ids(FIGURES))
def test_provenance(row: Row, texts: dict[str, str]) -> None:
    """The printed phrase occurs where the locator points, and parses to the value."""
    source = str(row["source"])
    assert check_provenance(row, texts[source], layout_of(source)) == []


def test_every_locator_exists(texts: dict[str, str]) -> None:
    """Every (source, locator) pair names a non-empty span of its source."""
    pairs = {(str(r["source"]), str(r["locator"])) for r in FIGURES}
    for source, locator in sorted(pairs):
        assert locate(texts[source], layout_of(source), locator).strip(), (source, locator)


def test_breakdowns_add_up_or_carry_an_erratum() -> None:
    """Items sum to their stated total in the total's unit, or an erratum explains why."""
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in BREAKDOWNS:
        groups[str(row["breakdown"])].append(row)
    for breakdown, items in groups.items():
        total = BY_ID[str(items[0]["total_id"])]
        assert {r["total_id"] for r in items} == {total["id"]}, breakdown
        # Items may count different kinds of things (Member States, observer States and
        # places make up one total), but never mix counts with shares or money.
        units = {str(r["unit"]) for r in items} | {str(total["unit"])}
        assert len(units) == 1 or not units & _MEASURE_UNITS, breakdown
        items_sum = math.fsum(float(str(r["value"])) for r in items)
        if math.isclose(items_sum, float(str(total["value"]))):
            continue
        explained = [
            e
            for e in ERRATA
            if e["source"] == total["source"]
            and e["locator"] == total["locator"]
            and "sum of the items" in str(e["established"])
        ]
        assert explained, f"{breakdown}: items sum to {items_sum:g}, total {total['value']}"


def test_development_fund_allocations_by_region() -> None:
    """Box 12's allocations cover six regions and stop USD 744,000 short of the total."""
    items = [
        r for r in BREAKDOWNS if r["breakdown"] == "ar2020-development-fund-allocations-by-region"
    ]
    assert len(items) == 6
    total = BY_ID["ar2020-box12-available"]
    assert math.fsum(float(str(r["value"])) for r in items) == 20_365_296.0
    assert total["value"] == 21_109_296.0
    assert "ar2020-box12-allocations-below-available" in {e["id"] for e in ERRATA}


@pytest.mark.parametrize(
    ("figure_id", "value", "unit", "qualifier"),
    [
        ("ar2020-p149-total-revenue", 2182.7, "USD million", "exact"),
        ("ar2020-foreword-total-revenue", 2182.7, "USD million", "exact"),
        ("ar2020-highlights-revenue-total", 2182.7, "USD million", "exact"),
        ("ar2020-p149-total-expenditure", 2178.0, "USD million", "exact"),
        ("ar2020-p10-total-expenditure", 2178.0, "USD million", "exact"),
        ("ar2020-p149-assessed-share", 3.0, "percent", "less_than"),
        ("ar2020-p184-total-staff", 16254.0, "staff", "exact"),
        ("ar2020-p184-headcount", 16524.0, "staff", "exact"),
        ("ar2020-p19-people-reached", 37_000_000.0, "people", "over"),
        ("ar2020-p81-avr-migrants", 42_000.0, "migrants", "over"),
        ("ar2020-highlights-mobility-avr-migrants", 37_000.0, "migrants", "over"),
        ("ar2020-box12-available", 21_109_296.0, "USD", "exact"),
        ("ar2020-p8-health-assessments", 250_000.0, "assessments", "nearly"),
        ("ar2020-foreword-cca-offices-share", 66.7, "percent", "approximately"),
        ("ar2020-p153-member-states", 173.0, "member_states", "exact"),
        ("ar2020-p135-giving-amount", 26925.81, "USD", "exact"),
    ],
)
def test_exact_values(figure_id: str, value: float, unit: str, qualifier: str) -> None:
    """Pinned figures of the 2020 edition."""
    row = BY_ID[figure_id]
    assert (value, unit, qualifier) == (row["value"], row["unit"], row["qualifier"])


@pytest.mark.parametrize(
    ("erratum_id", "published", "established"),
    [
        ("ar2020-highlights-avr-migrants", "Over 37,000", "Over 42,000"),
        ("ar2020-highlights-reintegration-services", "104,459", "106,230"),
        ("ar2020-highlights-reintegration-offices", "119", "more than 120"),
        ("ar2020-highlights-ibm-gender-offices", "60", "More than 60"),
    ],
)
def test_highlights_errata(erratum_id: str, published: str, established: str) -> None:
    """Where the Highlights and the report differ, both values and locators are recorded."""
    erratum = next(e for e in ERRATA if e["id"] == erratum_id)
    assert str(erratum["published"]).startswith(published)
    assert "ar2020-highlights" in str(erratum["published"])
    assert str(erratum["established"]).startswith(established)
    assert "(ar2020, " in str(erratum["established"])


def test_facts_agree_or_carry_an_erratum() -> None:
    """Records of one fact agree, or an erratum names the deviating record.

    Facts may span sources and modules (a 2018 figure the 2020 report repeats), so this
    looks at every shipped record at once.
    """
    published = " ".join(str(e["published"]) for e in ERRATA)
    for fact, group in checks.fact_disagreements(FIGURES).items():
        assert any(str(r["locator"]) in published for r in group), fact


def test_fact_repeated_across_editions() -> None:
    """The 2020 report's count of offices in a PSEA network in 2018 is the 2018 fact."""
    in_2018 = BY_ID["ar2018-p026-psea-network-offices"]
    in_2020 = BY_ID["ar2020-box4-psea-network-offices-2018"]
    assert in_2018["fact"] == in_2020["fact"] == "psea-network-offices-2018"
    assert (in_2018["value"], in_2018["period"]) == (in_2020["value"], in_2020["period"])


@pytest.mark.parametrize("module", [keyfigures_ar2020, keyfigures_ar2018], ids=str)
def test_shipped_rows_equal_the_pipeline(module: ModuleType) -> None:
    """The shipped key figures of each module's sources are exactly what it builds."""
    built = module.build()["key_figures"]
    sources = {r["source"] for r in built}
    shipped = [r for r in FIGURES if r["source"] in sources]
    assert sorted(_ids(built)) == sorted(_ids(shipped))
    by_id = {str(r["id"]): r for r in built}
    for row in shipped:
        assert by_id[str(row["id"])] == row, row["id"]


def test_frame_schema() -> None:
    """The shipped frame has the schema of the contract, in the curated column order."""
    frame = iomdata.load("key_figures")
    assert SCHEMAS["key_figures"] == frame.schema
    assert tuple(frame.columns) == vocab.COLUMNS


# --- the shared machinery ---------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_reads_thousands_separators(n: int) -> None:
    """Comma- and space-grouped integers read back as the integer."""
    assert phrases.parse_printed(f"{n:,}", "people") == (float(n), "exact")
    assert phrases.parse_printed(f"{n:,}".replace(",", " "), "people") == (float(n), "exact")


@given(
    st.sampled_from(sorted(phrases._QUALIFIER_PHRASES)),
    st.integers(min_value=0, max_value=100_000),
)
def test_parse_reads_hedged_millions(phrase: tuple[str, str], tenths: int) -> None:
    """A hedge and a scale word give the qualifier and the scaled value."""
    words, qualifier = phrase
    printed = f"{tenths / 10:.1f}"
    value, parsed = phrases.parse_printed(f"{words} USD {printed} million", "USD million")
    assert (value, parsed) == (float(printed), qualifier)


@pytest.mark.parametrize(
    ("printed", "unit", "expected"),
    [
        ("two thirds", "percent", (66.7, "approximately")),
        ("More than one third", "percent", (33.3, "more_than")),
        ("nearly a quarter of a million", "assessments", (250_000.0, "nearly")),
        ("One hundred and eight", "offices", (108.0, "exact")),
        ("Sixty-two per cent", "percent", (62.0, "exact")),
        ("at least five-fold", "times", (5.0, "at_least")),
        ("an estimated 2.75 million", "migrants", (2_750_000.0, "approximately")),
        ("USD 1.87 billion", "USD million", (1870.0, "exact")),
        ("+4%", "percent", (4.0, "exact")),
        ("close to 400", "items", (400.0, "nearly")),
        ("once", "events", (1.0, "exact")),
        ("no", "member_states", (0.0, "exact")),
        ("fivefold", "times", (5.0, "exact")),
        ("double", "times", (2.0, "exact")),
        ("exceeding USD 2.12 billion", "USD million", (2120.0, "over")),
        ("exceeded USD 1.1 billion", "USD million", (1100.0, "over")),
        ("CHF 68.1 million", "CHF million", (68.1, "exact")),
        ("CHF 45,000", "CHF", (45000.0, "exact")),
        ("1 to 9", "ratio", (9.0, "exact")),
        ("1 to 23", "ratio", (23.0, "exact")),
    ],
)
def test_parse_examples(printed: str, unit: str, expected: tuple[float, str]) -> None:
    """Spelled-out numbers, fractions, scale words and hedges."""
    assert phrases.parse_printed(printed, unit) == expected


@pytest.mark.parametrize(
    ("printed", "unit"),
    [
        ("10%", "people"),
        ("two thirds", "offices"),
        ("USD 5", "people"),
        ("5 apples", "items"),
        ("CHF 5 million", "USD million"),
        ("USD 5 million", "CHF million"),
        ("fivefold", "people"),
        ("double", "projects"),
        ("1 to 9", "times"),
        ("9", "ratio"),
    ],
)
def test_parse_refuses(printed: str, unit: str) -> None:
    """A phrase whose sign contradicts its unit, or that is not a number phrase, fails."""
    with pytest.raises(ValueError, match=r"."):
        phrases.parse_printed(printed, unit)


def test_layouts_are_declared_by_their_modules() -> None:
    """Each source's layout is the one its key-figure module declares, looked up by id."""
    assert sorted(layouts()) == sorted(EDITIONS)
    ar2018 = layout_of("ar2018")
    assert ar2018 is keyfigures_ar2018.LAYOUTS["ar2018"]
    assert isinstance(ar2018, Layout)
    assert ar2018.body_end == "Annex I"
    assert [h.text for h in ar2018.headings][:1] == ["Foreword"]
    assert layout_of("ar2020-highlights") is keyfigures_ar2020.LAYOUTS["ar2020-highlights"]


def test_survey_locator_is_its_layout() -> None:
    """The survey's ``Question N`` locator is its layout; ``locate`` calls it."""
    assert layout_of(SURVEY) is locate_question
    doc = "1. a?\nx\n2. b?\n3. c\n4. d\n5. e\n6. f\n7. g\n"
    assert locate(doc, layout_of(SURVEY), "Question 2") == "2. b?\n"


def test_layout_lookup_needs_no_prior_import() -> None:
    """A fresh interpreter finds every layout without importing any source module first."""
    code = (
        "import sys; from tools.keyfigures.sources import layout_of; "
        "print(layout_of('desa-sdg-survey-2021').__name__, "
        "'tools.sdg.survey' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["locate_question", "False"]


def test_tools_readme_lists_every_key_figure_module() -> None:
    """tools/README.md says what each module of tools/keyfigures and tools/sdg owns."""
    readme = (ROOT / "tools" / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `((?:keyfigures|sdg)/\w+\.py)` \| \S", readme, re.MULTILINE))
    modules = {
        f"{path.parent.name}/{path.name}"
        for package in ("keyfigures", "sdg")
        for path in (ROOT / "tools" / package).glob("*.py")
        if path.name != "__init__.py"
    }
    assert listed == modules


def test_unknown_source_has_no_layout() -> None:
    """Looking up a source no module declares names the sources that exist."""
    with pytest.raises(LocatorError, match=r"no layout for source 'ar1999'.*'ar2018'"):
        layout_of("ar1999")


def test_locate_cuts_boxes_out_of_paragraphs() -> None:
    """A paragraph's span stops at a box; the box runs to the next paragraph."""
    doc = "FOREWORD\nx\n1. One 5.\nBox 1. Aside 7\n2. Two 9.\nAnnex I\n3. table\n"
    layout = layout_of("ar2020")
    assert locate(doc, layout, "para 1") == "1. One 5.\n"
    assert locate(doc, layout, "Box 1") == "Box 1. Aside 7\n"
    assert locate(doc, layout, "para 2") == "2. Two 9.\n"
    with pytest.raises(LocatorError, match="no paragraph 3"):
        locate(doc, layout, "para 3")


def test_outline_reads_levels_by_indent() -> None:
    """An outline gives headings in order, four spaces a level; other indents fail."""
    headings = outline("A\n    B\n\n        C\nD\n")
    assert [(h.text, h.level) for h in headings] == [("A", 1), ("B", 2), ("C", 3), ("D", 1)]
    with pytest.raises(ValueError, match="indented by 2 spaces"):
        outline("A\n  B\n")


_BREAKDOWN_HEADER: Final = "breakdown,label,total_id,item,key_figure_id,note\n"


def test_breakdowns_are_read_in_file_order(tmp_path: Path) -> None:
    """A reviewed breakdown file gives one spec per breakdown, items in file order."""
    path = tmp_path / "key_figure_breakdowns_x.csv"
    path.write_text(
        _BREAKDOWN_HEADER + "x-b,B,x-t,one,x-1,why\nx-b,B,x-t,two,x-2,\nx-c,C,x-u,a,x-3,\n",
        encoding="utf-8",
    )
    specs = reviews.load_breakdowns(path)
    assert [(s.breakdown, s.total_id, s.items) for s in specs] == [
        ("x-b", "x-t", (("one", "x-1"), ("two", "x-2"))),
        ("x-c", "x-u", (("a", "x-3"),)),
    ]


_CHECK_HEADER: Final = "id,figure_id,derivation,figures,base,note\n"


def test_checks_are_read_with_their_explanations(tmp_path: Path) -> None:
    """Standard and the module's own derivations; a reviewed explanation joins its check."""
    path = tmp_path / "key_figure_checks_x.csv"
    path.write_text(
        _CHECK_HEADER + "x-a,x-share,share,x-1 + x-2,x-3,\nx-b,x-own,own,,,\n", encoding="utf-8"
    )

    def own(figures: Mapping[str, Mapping[str, object]]) -> tuple[float, str]:
        return 1.0, f"{len(figures)} figures"

    checks = reviews.load_checks(path, explanations={"x-b": "why"}, derivations={"own": own})
    assert [(c.id, c.figure_id, c.explanation) for c in checks] == [
        ("x-a", "x-share", None),
        ("x-b", "x-own", "why"),
    ]
    figures = {i: {"value": v} for i, v in (("x-1", 1.0), ("x-2", 2.0), ("x-3", 12.0))}
    assert checks[0].derive(figures)[0] == 25.0
    assert checks[1].derive is own


def _kf(
    ident: str,
    *,
    source: str = "x",
    proofs: tuple[str, ...] = (),
    checks: tuple[str, ...] = (),
    reference_id: str | None = None,
    locator: str | None = None,
    explanation: str = "why",
) -> Entry:
    """A key-figure entry of the errata registry, for the tests."""
    return Entry(
        id=ident,
        source=source,
        module="keyfigures",
        proofs=proofs,
        checks=checks,
        reference_id=reference_id,
        locator=locator,
        explanation=explanation,
    )


def test_reviewed_errata_are_sorted_by_proof_and_source() -> None:
    """Each reviewed erratum goes to its proof; a module sees only its sources' errata."""
    registry = {
        e.id: e
        for e in (
            _kf("x-b", proofs=("x|breakdown x-by-kind",), explanation="adds up short"),
            _kf("x-c", checks=("check:x-c",), explanation="misprinted"),
            _kf("x-f", checks=("fact:some-fact",), reference_id="x-ref", explanation="rounded"),
            _kf("y-b", source="y", proofs=("y|breakdown y-by-kind",)),
            Entry(id="x-s", source="x", module="staff", explanation="another module's"),
        )
    }
    reviewed = reviews.load_reviewed_errata(("x",), registry)
    assert reviewed.breakdowns == {"x|breakdown x-by-kind": ("x-b", "adds up short")}
    assert reviewed.checks == {"x-c": "misprinted"}
    # The package proof keys it explains (the errata's proofs column); none is None.
    assert reviewed.keys == {"x-b": "x|breakdown x-by-kind", "x-c": None, "x-f": None}
    assert reviewed.sources == {"x-b": "x", "x-c": "x", "x-f": "x"}
    assert reviewed.facts == {
        "some-fact": checks.FactErratum(
            erratum_id="x-f", reference_id="x-ref", explanation="rounded"
        )
    }


_BAD_ERRATA: Final = {
    "check kind": (_kf("x-a", checks=("sum:x-b",)), "is not check: or fact:"),
    "check erratum id": (_kf("x-a", checks=("check:x-b",)), "takes the check's id"),
    "fact without reference": (_kf("x-a", checks=("fact:f",)), "reference_id goes with a fact"),
    "reference of a breakdown": (
        _kf("x-a", proofs=("x|breakdown b",), reference_id="x-r"),
        "reference_id goes with a fact",
    ),
    "explains nothing": (_kf("x-a"), "explains neither"),
    "two checks": (_kf("x-a", checks=("check:x-a", "fact:f")), "explains neither"),
    "its own locator": (
        _kf("x-a", proofs=("x|breakdown b",), locator="para 1"),
        "leave them out",
    ),
}


@pytest.mark.parametrize("case", sorted(_BAD_ERRATA))
def test_bad_key_figure_errata_fail(case: str) -> None:
    """A key-figure erratum that breaks the module's rules is named with its problem."""
    entry, problem = _BAD_ERRATA[case]
    with pytest.raises(curated.CurationError, match=rf"erratum x-a: .*{problem}"):
        reviews.load_reviewed_errata(("y",), {entry.id: entry})


def _load_checks(path: Path) -> object:
    return reviews.load_checks(path, explanations={})


_BAD_REVIEWED_FILES: Final = {
    # The breakdowns: one row per item, a breakdown's rows together.
    "apart": (reviews.load_breakdowns, "x-b,B,x-t,1,x-1,\nx-c,C,x-u,a,x-3,\nx-b,B,x-t,2,x-2,\n"),
    "item twice": (reviews.load_breakdowns, "x-b,B,x-t,one,x-1,\nx-b,B,x-t,one,x-2,\n"),
    "total changes": (reviews.load_breakdowns, "x-b,B,x-t,one,x-1,\nx-b,B,x-o,two,x-2,\n"),
    "empty total": (reviews.load_breakdowns, "x-b,B,,one,x-1,\n"),
    "breakdown id": (reviews.load_breakdowns, "X B,B,x-t,one,x-1,\n"),
    # The arithmetic checks.
    "derivation": (_load_checks, "x-a,x-f,mean,x-1,x-2,\n"),
    "ratio of three": (_load_checks, "x-a,x-f,ratio,x-1 + x-2,x-3,\n"),
    "share of nothing": (_load_checks, "x-a,x-f,share,,x-3,\n"),
    "check twice": (_load_checks, "x-a,x-f,share,x-1,x-3,\nx-a,x-g,share,x-1,x-3,\n"),
}
_PROBLEMS: Final = {
    "apart": "not together",
    "item twice": "listed twice",
    "total changes": "differs from its first row",
    "empty total": "empty total_id",
    "breakdown id": "not a lowercase hyphenated slug",
    "derivation": "unknown derivation 'mean'",
    "ratio of three": "ratio needs figures and base",
    "share of nothing": "share needs figures and base",
    "check twice": "listed twice",
}
_HEADERS: Final = {
    reviews.load_breakdowns: reviews.BREAKDOWN_COLUMNS,
    _load_checks: reviews.CHECK_COLUMNS,
}


@pytest.mark.parametrize("case", sorted(_BAD_REVIEWED_FILES))
def test_bad_reviewed_files_fail(tmp_path: Path, case: str) -> None:
    """A malformed reviewed file names the file, the line and the problem."""
    load, rows = _BAD_REVIEWED_FILES[case]
    path = tmp_path / "reviewed.csv"
    path.write_text(",".join(_HEADERS[load]) + "\n" + rows, encoding="utf-8")
    with pytest.raises(curated.CurationError, match=rf"reviewed.csv:\d: .*{_PROBLEMS[case]}"):
        load(path)


def test_an_explanation_of_no_check_fails(tmp_path: Path) -> None:
    """A reviewed explanation of a check that the file does not list stops the build."""
    path = tmp_path / "key_figure_checks_x.csv"
    path.write_text(_CHECK_HEADER + "x-a,x-f,share,x-1,x-3,\n", encoding="utf-8")
    with pytest.raises(curated.CurationError, match=r"checks it does not list: \['x-z'\]"):
        reviews.load_checks(path, explanations={"x-z": "why"})


def test_every_reviewed_erratum_is_shipped() -> None:
    """Each erratum of the registry is raised by a proof and shipped; none lies unused."""
    registry = set(entries_of(read_registry(), "keyfigures"))
    assert registry
    assert registry <= {str(e["id"]) for e in ERRATA}


def test_a_review_of_a_missing_breakdown_fails() -> None:
    """A reviewed erratum of a breakdown the module does not prove stops the build."""
    with pytest.raises(
        ValueError, match=r"breakdowns that do not exist: \['x\|breakdown x-gone'\]"
    ):
        checks.breakdown_errata((), {}, {"x|breakdown x-gone": ("x-gone-erratum", "why")})


def test_a_check_needs_an_erratum_exactly_when_it_fails() -> None:
    """A failing check with its erratum is recorded; a holding one without is not."""
    assert checks.needs_erratum(False, "x-a", holding="x holds", failing="x fails")
    assert not checks.needs_erratum(True, None, holding="x holds", failing="x fails")


class _CheckError(ValueError):
    """The error a module raises for its own checks."""


@pytest.mark.parametrize(
    ("holds", "erratum", "message"),
    [(True, "x-a", r"^x holds; drop its erratum x-a$"), (False, None, r"^x fails; no erratum$")],
)
def test_a_check_and_its_erratum_that_disagree_fail(
    holds: bool, erratum: str | None, message: str
) -> None:
    """An erratum of a check that holds, or a failing check without one, stops the build."""
    with pytest.raises(_CheckError, match=message):
        checks.needs_erratum(
            holds, erratum, holding="x holds", failing="x fails", error=_CheckError
        )


def test_hedges() -> None:
    """Hedged statements of one number are compatible only where both can hold."""

    def rec(value: float, qualifier: str) -> dict[str, object]:
        return {"value": value, "qualifier": qualifier}

    assert not checks.hedges_compatible(rec(60, "exact"), rec(60, "more_than"))
    assert not checks.hedges_compatible(rec(119, "exact"), rec(120, "more_than"))
    assert checks.hedges_compatible(rec(14e6, "nearly"), rec(13_867_256, "exact"))
    assert checks.hedges_compatible(rec(66.7, "approximately"), rec(68, "up_to"))
