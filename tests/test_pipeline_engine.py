"""The staff engine (tools/staff/) on tiny synthetic tables, independent of the sources."""

from __future__ import annotations

import doctest
import importlib
import json
from pathlib import Path

import pytest

from iomdata._proofs import equations
from iomdata._resources import ResourceStore
from tools.staff import solver, tables
from tools.staff.annexes import (
    RawLine,
    decide_counts,
    decode,
    groupings,
    percent_of,
    read_labelled_tables,
)
from tools.staff.errata import Entry, errata, explained, read_registry
from tools.staff.proofs import Ledger, Proofs, erratum_row
from tools.staff.readings import (
    Layout,
    Problem,
    ProofError,
    RawRow,
    Reading,
    enumerate_readings,
    parse_count,
    tokenize,
)
from tools.staff.search import page_flags
from tools.staff.statuses import ADJUDICATED, AMBIGUOUS, PRINTED, Override, read_overrides

LAYOUT = Layout(table="Annex T", category="professional", grades=("A", "B"))
#: Column order: A, B, Total, F, M.
IN_A = Reading(
    values=(1, 0, 1, 1, 0), origins=("printed", "blank", "printed", "printed", "blank"), edits=0
)
IN_B = Reading(
    values=(0, 1, 1, 1, 0), origins=("blank", "printed", "printed", "printed", "blank"), edits=1
)


def row(label: str, *fields: str) -> RawRow:
    """A printed row of the synthetic table."""
    return RawRow(label=label, fields=fields, line=1)


def table(totals: dict[str, int], *, rows: int = 2) -> Problem:
    """``rows`` rows, each readable with its one person in column A (as printed) or in B."""
    return Problem(
        layout=LAYOUT,
        rows=tuple(row(f"R{r}", "1", "", "1", "1", "") for r in range(rows)),
        readings=((IN_A, IN_B),) * rows,
        totals=totals,
    )


ENGINE = (
    "readings",
    "solver",
    "statuses",
    "search",
    "model",
    "optimum",
    "certainty",
    "tables",
    "annexes",
    "emit",
    "proofs",
    "errata",
    "editions",
)


@pytest.mark.parametrize("name", ENGINE)
def test_engine_doctests(name: str) -> None:
    """The examples in the engine's docstrings hold."""
    module = importlib.import_module(f"tools.staff.{name}")
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    result = doctest.testmod(module, optionflags=flags)
    assert result.failed == 0


def test_parse_count_reads_thousands_separators() -> None:
    """A space between digit groups is a thousands separator only before three digits."""
    assert parse_count("14 069") == 14069
    with pytest.raises(ValueError, match="thousands separators"):
        parse_count("14 69")
    with pytest.raises(ValueError, match="not a count"):
        parse_count("14a")


def test_tokenize_keeps_both_readings_of_a_spaced_field() -> None:
    """'1 411' is one number or two cells; both tokenizations are kept."""
    values = [[token.value for token in tokens] for tokens in tokenize(["1 411", "3"])]
    assert values == [[1, 411, 3], [1411, 3]]


def test_a_row_as_printed_reads_with_no_edit() -> None:
    """A row whose fields stand in their columns reads as printed first, at no cost."""
    readings = enumerate_readings(row("R", "1", "", "1", "1", ""), LAYOUT)
    assert readings[0] == IN_A
    assert [r.values for r in readings[1:]] == [(0, 1, 1, 1, 0)]
    assert readings[1].edits == 2


def test_a_row_that_lost_an_empty_field_has_two_readings_of_equal_cost() -> None:
    """One field too few: the number may stand in A or in B, one edit either way."""
    readings = enumerate_readings(row("R", "1", "1", "1", ""), LAYOUT)
    cheapest = [r.values for r in readings if r.edits == 1]
    assert cheapest == [(0, 1, 1, 1, 0), (1, 0, 1, 1, 0)]


def spec(totals: dict[str, int], overrides: dict[str, Override] | None = None) -> tables.Spec:
    """Two rows, each printing its one person in column A, as the engine takes them."""
    rows = tuple(row(f"R{r}", "1", "", "1", "1", "") for r in range(2))
    readings = tuple(enumerate_readings(r, LAYOUT) for r in rows)
    return tables.Spec(
        layout=LAYOUT,
        rows=rows,
        variants=(tables.Variant(totals=totals),),
        rungs=("as printed",),
        ladder=lambda _: readings,
        overrides=overrides or {},
    )


def test_a_forced_choice_is_printed_under_every_model() -> None:
    """When the column totals allow one choice only, every cell is printed and exact."""
    rec = tables.recover(spec({"A": 2, "B": 0, "Total": 2, "F": 2, "M": 0}))
    for decision in rec.decisions:
        assert decision.statuses == (PRINTED,) * 5
        assert decision.low == decision.high == decision.reading.values == IN_A.values
    assert [r.name for r in rec.runs] == ["fewest_edits", "row_ladder"]


def test_a_tie_between_rows_leaves_their_differing_cells_ambiguous() -> None:
    """Either row may hold the B post: A and B are ambiguous, bounded by 0 and 1."""
    rec = tables.recover(spec({"A": 1, "B": 1, "Total": 2, "F": 2, "M": 0}))
    first, second = rec.decisions
    assert first.reading.values == IN_A.values  # the first row takes its cheapest reading
    assert second.reading.values == IN_B.values
    for decision in rec.decisions:
        assert decision.statuses == (AMBIGUOUS, AMBIGUOUS, PRINTED, PRINTED, PRINTED)
        assert (decision.low, decision.high) == ((0, 0, 1, 1, 0), (1, 1, 1, 1, 0))


def test_a_table_lists_its_open_rows_readings_only_as_far_as_its_spec_says() -> None:
    """``Spec.listed`` bounds the listing: at 0 the optimal readings, at 2 dearer ones too.

    Three grades; R0 and R1 lost an empty field (A or B cost 1, C costs 3), R2 prints in
    B (A or C cost 2). One person per grade: the least cost is 4, reached with R2 in B or
    in C; R2 in A (R0 and R1 then in B and C) costs 6, two more.
    """
    import attrs

    layout = Layout(table="Annex T", category="professional", grades=("A", "B", "C"))
    rows = (
        row("R0", "1", "", "1", "1", ""),
        row("R1", "1", "", "1", "1", ""),
        row("R2", "", "1", "", "1", "1", ""),
    )
    readings = tuple(enumerate_readings(r, layout) for r in rows)
    described = tables.Spec(
        layout=layout,
        rows=rows,
        variants=(tables.Variant(totals={"A": 1, "B": 1, "C": 1, "Total": 3, "F": 3, "M": 0}),),
        rungs=("as printed",),
        ladder=lambda _: readings,
    )
    shallow_spec = attrs.evolve(described, listed={"fewest_edits": 0, "row_ladder": 0})
    deep, shallow = tables.recover(described), tables.recover(shallow_spec)
    assert tables.cache_key(shallow_spec) != tables.cache_key(described)
    assert shallow.decisions == deep.decisions

    def listed(rec: tables.Recovered) -> dict[tuple[int, ...], int]:
        run = rec.runs[0]
        return {run.table.key(2, k)[:3]: e for k, e in run.outcome.extra[2].items()}

    assert listed(deep) == {(0, 1, 0): 0, (0, 0, 1): 0, (1, 0, 0): 2}
    assert listed(shallow) == {(0, 1, 0): 0, (0, 0, 1): 0}
    assert deep.cache["counts"]["space"]["depth"] == 2
    assert shallow.cache["counts"]["space"]["depth"] == 0


def test_an_override_decides_a_tie_and_states_its_cost() -> None:
    """A reviewed override picks one reading; its cells and the other row's are adjudicated."""
    override = Override(id="o1", label="R0", cells={"B": 1}, reasoning="synthetic")
    rec = tables.recover(spec({"A": 1, "B": 1, "Total": 2, "F": 2, "M": 0}, {"o1": override}))
    first, second = rec.decisions
    assert first.reading.values == IN_B.values
    assert first.statuses[:2] == (ADJUDICATED, ADJUDICATED)
    assert (
        first.derivations[0]
        == "override o1 (accepts 0 extra under fewest_edits, 0 extra under row_ladder)"
    )
    assert second.statuses[:2] == (ADJUDICATED, ADJUDICATED)
    assert "override o1" in str(second.derivations[0])
    # bounds over the optimal readings with the override imposed: the shipped one only
    assert (first.low[:2], first.high[:2]) == ((0, 1), (0, 1))


def test_an_override_that_matches_no_reading_fails() -> None:
    """An override must name a reading of its row."""
    override = Override(id="o1", label="R0", cells={"B": 7}, reasoning="synthetic")
    with pytest.raises(ProofError, match="o1"):
        tables.recover(spec({"A": 2, "B": 0, "Total": 2, "F": 2, "M": 0}, {"o1": override}))


def test_totals_no_choice_can_meet_fail() -> None:
    """Three people in A cannot come from two rows of one person each."""
    with pytest.raises(ProofError):
        tables.recover(spec({"A": 3, "Total": 3}))


def test_a_cached_search_gives_the_same_decisions() -> None:
    """What the cache stores reads back as the same search; another key is not used."""
    described = spec({"A": 1, "B": 1, "Total": 2, "F": 2, "M": 0})
    fresh = tables.recover(described)
    cached = json.loads(json.dumps(dict(fresh.cache)))
    assert tables.recover(described, cached).decisions == fresh.decisions
    stale = {**cached, "key": "other", "models": {}}
    assert tables.recover(described, stale).decisions == fresh.decisions


def test_a_row_without_readings_is_refused() -> None:
    """A table cannot be posed with a row that has no reading."""
    with pytest.raises(ProofError, match="no reading of 'R0'"):
        Problem(layout=LAYOUT, rows=(row("R0", "1"),), readings=((),), totals={})


def test_proofs_accept_only_the_failures_errata_explain() -> None:
    """An explained failure is recorded; an unexplained one or a holding erratum raises."""
    proofs = Proofs(explained={"e1": ["k1"]})
    proofs.equal("k1", 1, 2, what="one is two")
    assert proofs.failures_explained == [("k1", "e1")]
    with pytest.raises(ProofError, match="proof failed: two is three: 2 != 3"):
        proofs.equal("k2", 2, 3, what="two is three")
    with pytest.raises(ProofError, match="claims k1 fails, but it holds"):
        proofs.equal("k1", 1, 1, what="one is one")
    assert proofs.checked == 3


ENTRY = Entry(
    id="demo-one-is-two",
    source="demo",
    module="staff",
    proofs=("demo|Annex T|column A", "demo|Annex T|column B"),
    checks=("k",),
    locator="{locator}",
    published="{published}",
    established="{established}",
    explanation="{who} prints {published} where the sum is {established}.",
)


def test_an_erratum_for_an_unchecked_equation_is_refused() -> None:
    """An erratum whose proof key no proof checked is stale: the registry refuses it."""
    ledger = Ledger(Proofs(explained={"e1": ["never checked"]}))
    ledger.equal("k", "Annex T", "one is one", 1, 1)
    assert ledger.unchecked() == ["never checked"]
    with pytest.raises(ProofError, match="never checked"):
        errata({}, "demo", ledger, {})


def test_a_registry_erratum_is_filled_from_its_proof_and_the_values() -> None:
    """The two sides of the proof and the adapter's values fill the text."""
    registry = {ENTRY.id: ENTRY}
    ledger = Ledger(Proofs(explained=explained(registry, "demo")))
    ledger.equal("k", "Annex T", "one is two", 1, 2)
    (erratum,) = errata(registry, "demo", ledger, {ENTRY.id: {"who": "Table T"}})
    assert erratum_row(erratum) == {
        "id": "demo-one-is-two",
        "source": "demo",
        "locator": "Annex T",
        "published": "1",
        "established": "2",
        "explanation": "Table T prints 1 where the sum is 2.",
        "proofs": "demo|Annex T|column A;demo|Annex T|column B",
    }


def test_the_registry_and_the_data_must_agree() -> None:
    """An erratum the data call for must be registered, and a registered one called for."""
    registry = {ENTRY.id: ENTRY}
    ledger = Ledger(Proofs(explained=explained(registry, "demo")))
    ledger.equal("k", "Annex T", "one is two", 1, 2)
    with pytest.raises(ProofError, match="no longer call for"):
        errata(registry, "demo", ledger, {})
    with pytest.raises(ProofError, match=r"not in errata\.toml"):
        errata(registry, "demo", ledger, {ENTRY.id: {"who": "T"}, "demo-other": {}})
    with pytest.raises(ProofError, match="no value for 'who'"):
        errata(registry, "demo", ledger, {ENTRY.id: {}})


def test_the_registry_file_is_well_formed() -> None:
    """Ids are unique and prefixed with their source; every source's errata are listed."""
    registry = read_registry()
    assert {entry.source for entry in registry.values()} == {"ar2018", "ar2020"}
    assert registry["ar2020-annex4-nationalities-2020"].proofs == (
        "ar2020|Annex IV|member_state_nationalities=Annex III",
        "ar2020|Annex IV|total_nationalities=Annex III",
    )
    assert registry["ar2020-para184-headcount"].proofs == ()
    assert registry["ar2020-para184-headcount"].checks == ("para184|headcount=total",)


def test_registry_keys_are_package_proof_keys(store_copy: ResourceStore) -> None:
    """The registry names package proofs by key; each fails on the shipped data."""
    rows = {entry.name: store_copy.rows(entry.name) for entry in store_copy.manifest.resources}
    failed = {proof.key for proof in equations(rows) if proof.status == "failed"}
    for entry in read_registry().values():
        assert set(entry.proofs) <= failed, entry.id
    shipped = {row["id"]: row["proofs"] for row in rows["errata"]}
    assert shipped["ar2020-annex1-table2-bands"] == (
        "ar2020|Annex I Table 2|P-2 total=Annex III;ar2020|Annex I Table 2|P-3 total=Annex III"
    )
    assert shipped["ar2020-syrian-arab-republic-name"] is None


def test_groupings_and_percentages() -> None:
    """Digit groups read as numbers in every possible way; percentages round half up."""
    assert groupings(["1", "769", "841"], 2) == [(1, 769841), (1769, 841)]
    assert groupings(["12", "34"], 1) == []
    assert percent_of(1, 8) == 13
    assert percent_of(667, 5397) == 12


LINES = [
    RawLine(1, "", "table 1"),
    RawLine(2, "Category 2019 2020"),
    RawLine(3, "Men 1 200 3"),
    RawLine(4, "Women 4 5"),
    RawLine(5, "Total 1 204 8"),
    RawLine(6, "Percentage of women 0% 63%"),
]


def test_a_labelled_table_is_decided_by_its_sums() -> None:
    """The thousands separator of '1 200' is read from the rows adding up to Total."""
    (labelled,) = read_labelled_tables(LINES, "I")
    assert labelled.name == "Annex I, Table 1"
    assert labelled.columns == ("2019", "2020")
    counts = decide_counts(labelled, ["Men", "Women"], "Total")
    assert counts == {"Men": (1200, 3), "Women": (4, 5), "Total": (1204, 8)}
    decoded = decode(labelled, ["Men", "Women"], "Total", edition=2020)
    assert decoded.value("Total", "2019") == 1204
    assert decoded.percent("Percentage of women", "2020") == 63


def test_a_labelled_table_whose_rows_do_not_add_up_is_refused() -> None:
    """No grouping meets the sums: the decoder says which rows, instead of guessing."""
    lines = [*LINES[:4], RawLine(5, "Total 1 205 8")]
    (labelled,) = read_labelled_tables(lines, "I")
    with pytest.raises(ValueError, match="0 readings of"):
        decide_counts(labelled, ["Men", "Women"], "Total")


def test_cache_key_follows_the_inputs_and_the_engine_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reasoning prose does not stale the cache; a total or the engine version does."""
    totals = {"A": 2, "B": 0, "Total": 2, "F": 2, "M": 0}
    override = Override(id="o", label="R0", cells={"A": 1}, reasoning="one reason")
    reworded = Override(id="o", label="R0", cells={"A": 1}, reasoning="another reason")
    base = tables.cache_key(spec(totals, {"o": override}))
    assert tables.cache_key(spec(totals, {"o": reworded})) == base
    assert tables.cache_key(spec({**totals, "A": 1, "B": 1}, {"o": override})) != base
    monkeypatch.setattr(solver, "ENGINE_VERSION", solver.ENGINE_VERSION + 1)
    assert tables.cache_key(spec(totals, {"o": override})) != base


def test_a_missing_cache_reads_as_empty(tmp_path: Path) -> None:
    """No cache file: nothing cached (the build then searches)."""
    assert tables.read_cache(tmp_path / "cache.json") == {}


def test_overrides_are_read_by_table(tmp_path: Path) -> None:
    """The reviewed overrides file groups its entries by table; no file, no override."""
    assert read_overrides(tmp_path / "absent.toml") == {}
    path = tmp_path / "overrides.toml"
    path.write_text(
        '[[override]]\nid = "o"\ntable = "Annex T"\nlabel = "R0"\nreasoning = "why"\n'
        "cells = { B = 1 }\n",
        encoding="utf-8",
    )
    expected = {"Annex T": {"o": Override(id="o", label="R0", cells={"B": 1}, reasoning="why")}}
    assert read_overrides(path) == expected


def test_the_2018_adapter_reads_total_staff_by_year() -> None:
    """Annex I, Table 4 of 2018, as the key figures reuse it (thousands decided by sums)."""
    from tools.staff import ar2018

    totals = ar2018.annex_total_staff()
    assert totals[1995] == 1656
    assert totals[2018] == 12673


def test_page_flags_are_facts_of_a_page() -> None:
    """A page whose rows print one number short of F + M lost M; '1 2' after 3 joins F and M."""
    rows = [
        RawRow(label="P", fields=("1", "2", "3", "1"), line=1, page=1),
        RawRow(label="Q", fields=("", "2", "2", "2"), line=2, page=1),
        RawRow(label="R", fields=("1", "", "1", "1", ""), line=3, page=2),
        RawRow(label="S", fields=("2", "1", "3", "1 2"), line=4, page=2),
    ]
    flagged = {row.label: (row.lost_columns, row.joined_sexes) for row in page_flags(rows)}
    assert flagged == {
        "P": (("M",), False),
        "Q": (("M",), False),
        "R": ((), True),
        "S": ((), True),
    }


def test_a_value_the_editions_print_differently_is_a_restatement() -> None:
    """Where the 2020 edition prints another value for a shared year, an erratum says so."""
    from tools.staff.editions import restatements

    def row(count: int, edition: int) -> dict[str, object]:
        where = {"source": f"ar{edition}", "locator": "Annex I, Table 1"}
        return {"edition": edition, "year": 2017, "sex": "F", "count": count, **where}

    old = {"professional_staff_by_sex": [row(500, 2018)]}
    assert restatements(old, {"professional_staff_by_sex": [row(500, 2020)]}) == []
    new = {"professional_staff_by_sex": [row(501, 2020)]}
    (erratum,) = restatements(old, new)
    assert erratum["id"] == "ar2020-restated-professional-staff-by-sex-2017-f"
    assert (erratum["published"], erratum["established"]) == ("501", "500")
    # It names the package's proof of the two editions, which fails on these rows.
    both = {
        "professional_staff_by_sex": [
            *old["professional_staff_by_sex"],
            *new["professional_staff_by_sex"],
        ]
    }
    (proof,) = [proof for proof in equations(both) if proof.kind == "editions"]
    assert (proof.status, proof.key) == ("failed", erratum["proofs"])
    assert proof.key == "ar2018=ar2020|professional_staff_by_sex|F, 2017"
