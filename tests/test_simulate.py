"""The calibration study (tools/staff/simulate.py): small runs whose counts must agree."""

from __future__ import annotations

import json
import random

import pytest

from tools.staff import calibration_doc, noise, simulate

SEED = 11
#: Small tables keep the default suite fast; the full study uses simulate.ROWS.
ROWS = 16


@pytest.fixture(scope="module")
def report() -> dict[str, object]:
    """A study of a few small tables of the 2020 profile (both categories)."""
    return simulate.study("ar2020", SEED, 3, rows=ROWS)


def test_cell_counts_add_up(report: dict[str, object]) -> None:
    """Certain and open cells make up the cells; per-status counts sum to the total."""
    by_status = report["by_status"]
    assert isinstance(by_status, dict)
    assert report["tables"] == 3
    assert report["tables_failed"] == 0
    assert report["rows"] == 3 * ROWS
    assert report["cells"] == report["certain_cells"] + report["open_cells"]  # type: ignore[operator]
    assert sum(c["cells"] for c in by_status.values()) == report["cells"]
    certain = sum(by_status[s]["cells"] for s in simulate.CERTAIN)
    assert certain == report["certain_cells"]
    assert sum(by_status[s]["wrong"] for s in simulate.CERTAIN) == report["certain_wrong"]
    assert sum(by_status[s]["bounds_miss"] for s in simulate.OPEN) == report["bounds_miss"]
    assert report["certain_rows"] + report["open_rows"] == report["rows"]  # type: ignore[operator]
    # General Service: 15 grades + F + M; Professional: 10 + 2.
    assert report["cells"] == ROWS * (17 + 12 + 17)


def test_json_contract(report: dict[str, object]) -> None:
    """The report carries the keys the issue names, and survives a JSON round trip."""
    for key in ("tables", "cells", "certain_cells", "certain_wrong", "open_cells"):
        assert isinstance(report[key], int)
    assert isinstance(report["bounds_miss"], int)
    assert isinstance(report["seconds"], float)
    assert (report["seed"], report["profile"]) == (SEED, "ar2020")
    assert json.loads(json.dumps(report)) == report


def test_same_seed_same_report(report: dict[str, object]) -> None:
    """Deterministic per seed: the same study again gives the same JSON but for the time."""
    again = simulate.study("ar2020", SEED, 3, rows=ROWS)
    assert {k: v for k, v in again.items() if k != "seconds"} == {
        k: v for k, v in report.items() if k != "seconds"
    }


def test_another_seed_draws_other_tables() -> None:
    """The seed matters: another seed prints other tables."""
    profile = simulate.profile_2020()
    texts = []
    for seed in (1, 2):
        rng = random.Random(seed)
        table = simulate.draw_table(profile, "professional", rng, rows=ROWS)
        texts.append(simulate.print_table(profile, table, rng)[0])
    assert texts[0] != texts[1]


@pytest.mark.parametrize("name", sorted(simulate.PROFILES))
@pytest.mark.parametrize("index", [0, 1])
def test_clean_table_recovers_printed_and_right(name: str, index: int) -> None:
    """A table printed without noise comes back with every cell `printed` and true."""
    profile = simulate.PROFILES[name]()
    result = simulate.run_table(profile, SEED, index, rows=ROWS, clean=True)
    assert result.error is None
    assert result.noisy_rows == 0
    layout = profile.layouts[noise.CATEGORIES[index]]
    assert len(result.cells) == ROWS * (layout.n_grades + 2)
    assert {c.status for c in result.cells} == {"printed"}
    assert [c for c in result.cells if c.count != c.truth] == []


def test_edit_scripts_replay_the_real_rows() -> None:
    """For every decided real row, its edit script replayed on its truth prints the row."""
    from tools.staff import ar2018, ar2020

    checked = unexplained = 0
    for profile in (simulate.profile_2018(), simulate.profile_2020()):
        for category, layout in profile.layouts.items():
            annex = "II" if category == "general_service" else "III"
            truth = noise.truth_rows(profile.edition, category, layout)
            if profile.edition == 2020:
                printed = [
                    (r.label, list(r.fields)) for r in ar2020.read_nationality_table(annex).rows
                ]
            else:
                rows, _ = ar2018.read_table(annex, ar2018.read_raw(annex))
                printed = [(r.name, list(r.tokens)) for r in rows]
            for label, fields in printed:
                value, decided = truth[label]
                if not decided:
                    continue
                base = noise.base_fields(value, layout.n_grades)
                if profile.edition == 2020:
                    script = noise.edit_script(base, fields)
                else:
                    script = noise.token_script(base, fields)
                if script is None:
                    # A row that prints a number twice: no script of empty fields explains it.
                    unexplained += 1
                    continue
                replayed = noise.apply_script(base, script)
                assert replayed is not None, label
                if profile.edition == 2020:
                    assert replayed == fields, label
                else:
                    assert " ".join(replayed).split(" ") == fields, label
                checked += 1
    assert checked > 600
    assert unexplained == sum(
        page.unexplained
        for profile in (simulate.profile_2018(), simulate.profile_2020())
        for pages in profile.pages.values()
        for page in pages
    )
    assert unexplained <= 5


def test_apply_script_refuses_a_deletion_without_an_empty_field() -> None:
    """A deletion finds no empty field within two fields: the script does not apply."""
    script = noise.Script(ops=(noise.Op(kind="del", at=0),))
    assert noise.apply_script(["1", "2", "3", "6"], script) is None
    assert noise.apply_script(["1", "", "3", "4"], script) == ["1", "3", "4"]


def test_wilson_interval() -> None:
    """The 95% Wilson interval: known values, and 0 of 0 says nothing."""
    low, high = calibration_doc.wilson(5, 100)
    assert (round(low, 4), round(high, 4)) == (0.0215, 0.1118)
    assert calibration_doc.wilson(0, 0) == (0.0, 1.0)


def test_page_renders_the_report(report: dict[str, object]) -> None:
    """The page quotes the report's counts and its seed."""
    page = calibration_doc.render([report])
    assert f"seed {SEED}" in page
    assert f"{report['certain_cells']:,}; wrong: {report['certain_wrong']} of" in page
    section = calibration_doc.recovery_section([report])
    assert section.startswith("## Calibration\n")
    assert "{doc}`calibration`" in section


def test_committed_page_is_the_rendering_of_its_reports() -> None:
    """docs/calibration.md and the close of docs/recovery.md come from docs/calibration.json."""
    if not calibration_doc.REPORTS.exists():
        pytest.skip("no calibration study committed yet")
    reports = json.loads(calibration_doc.REPORTS.read_text(encoding="utf-8"))
    assert calibration_doc.PAGE.read_text(encoding="utf-8") == calibration_doc.render(reports)
    recovery = calibration_doc.RECOVERY.read_text(encoding="utf-8")
    assert recovery.endswith("\n\n" + calibration_doc.recovery_section(reports))


def test_cli_prints_one_json_object(capsys: pytest.CaptureFixture[str]) -> None:
    """``--json`` prints exactly one JSON object."""
    assert simulate.main(["--tables", "1", "--rows", "6", "--seed", "3", "--json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["tables"] == 1
    assert data["cells"] == 6 * 17


def test_cli_rejects_no_tables(capsys: pytest.CaptureFixture[str]) -> None:
    """Zero tables is an error that says which options."""
    with pytest.raises(SystemExit) as exc:
        simulate.main(["--tables", "0"])
    assert exc.value.code == 2
    assert "--tables, --rows and --jobs must be at least 1" in capsys.readouterr().err


def test_show_prints_the_table_and_its_contradictions(capsys: pytest.CaptureFixture[str]) -> None:
    """``--show N`` prints the raw text of table N as the engine read it."""
    assert simulate.main(["--show", "1", "--rows", "6", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "\trow\tTotal\t" in out
    assert out.count("\trow\tNation ") == 6


def test_noise_from_every_shipped_row_measures_more_rows() -> None:
    """The sensitivity profile measures every row; the default only the decided ones."""
    decided = simulate.profile_2020("decided")
    shipped = simulate.profile_2020("shipped")
    for category in noise.CATEGORIES:
        count = [
            sum(len(p.scripts) + p.unexplained for p in profile.pages[category])
            for profile in (decided, shipped)
        ]
        assert count[0] < count[1] == sum(p.rows for p in shipped.pages[category])


def test_time_limit_stops_a_table_and_says_so() -> None:
    """A table the engine cannot finish in the time limit is counted apart, no cells."""
    profile = simulate.profile_2020()
    result = simulate.run_table(profile, SEED, 0, rows=ROWS, timeout=1e-4)
    assert result.timed_out
    assert result.cells == ()
    assert result.error == "not recovered within 0.0001 s"
    report = simulate.summarize([result], profile=profile, seed=SEED, rows=ROWS, seconds=0.0)
    assert (report["tables_failed"], report["tables_timed_out"], report["cells"]) == (1, 1, 0)


def test_a_tie_of_whole_table_costs_leaves_the_cells_open() -> None:
    """Where the truth costs as much as the shipped reading, no certain cell is wrong.

    Nation BB's true reading costs four edits more than its cheapest reading; the
    search sees it because no reading is left out for its cost alone.
    """
    assert not simulate.tie_example_fails()


def test_committed_study_reproduces_its_first_tables() -> None:
    """The committed study's first tables, run again with the engine here, count the same.

    Fails when the engine changed after the study: run ``nox -s calibrate`` again.
    """
    if not calibration_doc.REPORTS.exists():
        pytest.skip("no calibration study committed yet")
    reports = json.loads(calibration_doc.REPORTS.read_text(encoding="utf-8"))
    for report in reports[:1]:
        profile = simulate.PROFILES[report["profile"]](report["noise_from"])
        # A table the study stopped at its time limit has no cells to compare.
        for entry in [e for e in report["per_table"] if e[3]][:2]:
            index = entry[0]
            result = simulate.run_table(
                profile, report["seed"], index, rows=report["rows_per_table"]
            )
            again = simulate.summarize(
                [result], profile=profile, seed=report["seed"], rows=0, seconds=0.0
            )["per_table"]
            assert again == [entry]
