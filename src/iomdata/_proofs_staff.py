"""The equations of the staff annexes: Annexes II and III, Annex I, Annex IV.

Part of :func:`iomdata._proofs.equations`, which documents the equations and their keys.
Rows are plain dicts; no Polars here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Final

from iomdata._proof_record import (
    Proof,
    Row,
    annex_of,
    bounded,
    equation,
    percent_of,
    proof_key,
    value_of,
)

__all__ = ["NATIONALITY_DATASETS", "staff_equations"]

# "P-5 and higher" in Annex I, Table 3 leaves out E-1 and E-2 (the Director General
# and the Deputy): in both editions its totals equal D-2 + D-1 + P-5 of Annex III.
_SENIOR_GRADES: Final = ("D-2", "D-1", "P-5")
#: The datasets of Annexes II and III.
NATIONALITY_DATASETS: Final = ("staff_by_nationality_grade", "staff_by_nationality_sex")
# Which annex prints which category of Annexes II and III.
_ANNEX: Final = {"general_service": "Annex II", "professional": "Annex III"}
_SPLIT: Final = ("member_state_nationalities", "non_member_state_nationalities")
_PERCENT: Final = "member_states_represented_percent"


def staff_equations(rows: Mapping[str, Sequence[Row]]) -> Iterator[Proof]:
    """The equations of Annexes II and III, then of Annex I, then of Annex IV."""
    yield from _nationality_proofs(rows)
    yield from _annex_i_proofs(rows)
    yield from _annex_iv_proofs(rows)


# ---------------------------------------------------------------------------------------
# Annexes II and III
# ---------------------------------------------------------------------------------------

# (edition, annex, row label, column label) -> the published_totals row
_Totals = dict[tuple[int, str, str, str], Row]


def _nationality_totals(rows: Mapping[str, Sequence[Row]]) -> dict[str, _Totals]:
    """The printed totals of Annexes II and III, per dataset they total."""
    totals: dict[str, _Totals] = {name: {} for name in NATIONALITY_DATASETS}
    for row in rows.get("published_totals", []):
        if row["dataset"] in totals:
            key = (row["edition"], annex_of(row["locator"]), row["row_label"], row["column_label"])
            totals[row["dataset"]][key] = row
    return totals


def _nationality_proofs(rows: Mapping[str, Sequence[Row]]) -> Iterator[Proof]:
    totals = _nationality_totals(rows)
    grade_totals, sex_totals = (totals[name] for name in NATIONALITY_DATASETS)
    for dataset, part, table_totals in (
        ("staff_by_nationality_grade", "grade", grade_totals),
        ("staff_by_nationality_sex", "sex", sex_totals),
    ):
        data = rows.get(dataset, [])
        if not data:
            continue
        yield from _row_proofs(data, part, grade_totals)
        yield from _column_proofs(data, part, table_totals)
    yield from _grand_total_proofs(grade_totals)
    yield from _total_row_proofs(grade_totals, sex_totals)


def _row_key(row: Row) -> tuple[int, str, str]:
    return (row["edition"], _ANNEX[row["category"]], row["nationality_as_printed"])


def _row_proofs(data: Sequence[Row], part: str, grade_totals: _Totals) -> Iterator[Proof]:
    """Each row's cells (grades, or F and M) sum to the row's printed Total."""
    sums: dict[tuple[int, str, str], int] = defaultdict(int)
    where: dict[tuple[int, str, str], Row] = {}
    for row in data:
        key = _row_key(row)
        sums[key] += row["count"]
        where.setdefault(key, row)
    printed = {
        (edition, annex, label): row
        for (edition, annex, label, column), row in grade_totals.items()
        if column == "Total" and label != "Total"
    }
    kind, what = ("row total", "grade cells") if part == "grade" else ("F + M", "F + M")
    tag = "grades" if part == "grade" else "F+M"
    for key in sorted(sums.keys() | printed.keys()):
        _, annex, label = key
        total, cell = printed.get(key), where.get(key)
        sample = cell or total
        assert sample is not None  # the key comes from one of the two
        yield equation(
            kind,
            proof_key(sample["source"], annex, f"row {label}", tag),
            f"{sample['source']} {annex}, {label}",
            computed=sums.get(key, 0),
            published=value_of(total),
            what=what,
            against="printed row Total",
            sources=[row["source"] for row in (cell, total) if row],
            locators=[row["locator"] for row in (cell, total) if row],
        )


def _column_proofs(data: Sequence[Row], part: str, table_totals: _Totals) -> Iterator[Proof]:
    """Each grade (or sex) column sums to the printed Total row."""
    sums: dict[tuple[int, str, str], int] = defaultdict(int)
    sources: dict[tuple[int, str], str] = {}
    for row in data:
        edition, annex, _ = _row_key(row)
        sums[edition, annex, row[part]] += row["count"]
        sources[edition, annex] = row["source"]
    printed = {
        (edition, annex, column): row
        for (edition, annex, label, column), row in table_totals.items()
        if label == "Total" and column != "Total"
    }
    for key in sorted(sums.keys() | printed.keys()):
        edition, annex, column = key
        total = printed.get(key)
        source = total["source"] if total else sources[edition, annex]
        yield equation(
            "column total",
            proof_key(source, annex, f"column {column}"),
            f"{source} {annex}, column {column}",
            computed=sums.get(key, 0),
            published=value_of(total),
            what=f"sum of the {column} cells",
            against="printed Total row",
            sources=[source],
            locators=[total["locator"] if total else annex],
        )


def _grand_total_proofs(grade_totals: _Totals) -> Iterator[Proof]:
    """The printed row Totals sum to the printed grand total."""
    sums: dict[tuple[int, str], int] = defaultdict(int)
    for (edition, annex, label, column), row in grade_totals.items():
        if column == "Total" and label != "Total":
            sums[edition, annex] += row["value"]
    for (edition, annex), computed in sorted(sums.items()):
        grand = grade_totals.get((edition, annex, "Total", "Total"))
        source = grand["source"] if grand else f"edition {edition}"
        yield equation(
            "column total",
            proof_key(source, annex, "column Total"),
            f"{source} {annex}, column Total",
            computed=computed,
            published=value_of(grand),
            what="sum of the row Totals",
            against="printed grand total",
            sources=[source],
            locators=[grand["locator"] if grand else annex],
        )


def _total_row_proofs(grade_totals: _Totals, sex_totals: _Totals) -> Iterator[Proof]:
    """The printed Total row's grade cells, and its F and M, sum to its printed Total."""
    grades: dict[tuple[int, str], list[Row]] = defaultdict(list)
    for (edition, annex, label, column), row in grade_totals.items():
        if label == "Total" and column != "Total":
            grades[edition, annex].append(row)
    sexes: dict[tuple[int, str], list[Row]] = defaultdict(list)
    for (edition, annex, label, _), row in sex_totals.items():
        if label == "Total":
            sexes[edition, annex].append(row)
    for tag, what, parts in (("grades", "grade cells", grades), ("F+M", "F + M", sexes)):
        for (edition, annex), cells in sorted(parts.items()):
            total = grade_totals.get((edition, annex, "Total", "Total"))
            source = cells[0]["source"]
            yield equation(
                "column total",
                proof_key(source, annex, "Total row", tag),
                f"{source} {annex}, Total row: {what}",
                computed=sum(row["value"] for row in cells),
                published=value_of(total),
                what=f"{what} of the Total row",
                against="its printed Total",
                sources=[source],
                locators=[cells[0]["locator"]],
            )


# ---------------------------------------------------------------------------------------
# Annex I (and IV) against Annexes II and III
# ---------------------------------------------------------------------------------------


def _by_year(data: Iterable[Row], part: str) -> dict[tuple[int, int], dict[str, Row]]:
    """Rows of a year series keyed by (edition, year), then by ``part`` (sex, category)."""
    out: dict[tuple[int, int], dict[str, Row]] = defaultdict(dict)
    for row in data:
        out[row["edition"], row["year"]][row[part]] = row
    return out


def _annex_i_totals(rows: Mapping[str, Sequence[Row]]) -> dict[tuple[str, int, str, str], Row]:
    """Annex I printed rows: (dataset, edition, row label, column label) -> row."""
    return {
        (row["dataset"], row["edition"], row["row_label"], row["column_label"]): row
        for row in rows.get("published_totals", [])
        if row["dataset"] not in NATIONALITY_DATASETS
    }


def _annex_i_proofs(rows: Mapping[str, Sequence[Row]]) -> Iterator[Proof]:
    printed = _annex_i_totals(rows)
    annex_totals = _nationality_totals(rows)
    grade_totals, sex_totals = (annex_totals[name] for name in NATIONALITY_DATASETS)
    series = {
        "professional_staff_by_sex": "sex",
        "senior_staff_by_sex": "sex",
        "staff_by_category": "category",
    }
    for dataset, part in series.items():
        for (edition, year), parts in sorted(_by_year(rows.get(dataset, []), part).items()):
            sample = next(iter(parts.values()))
            total = printed.get((dataset, edition, "Total", str(year)))
            yield equation(
                "column total",
                proof_key(sample["source"], sample["locator"], f"total {year}"),
                f"{sample['source']} {sample['locator']}, {year}",
                computed=sum(row["count"] for row in parts.values()),
                published=value_of(total),
                what=" + ".join(sorted(parts)),
                against="printed Total",
                sources=[sample["source"]],
                locators=[sample["locator"]],
            )
    yield from _percent_proofs(rows, printed)
    yield from _table1_vs_table4(rows)
    yield from _annex_i_vs_annexes(rows, grade_totals, sex_totals)
    yield from _table2_proofs(rows, grade_totals)
    yield from _table2_percent_proofs(rows)


# dataset -> (row label of the printed percentage, the part it counts)
_PERCENTS: Final = {
    "professional_staff_by_sex": ("Percentage of women", "sex", "F"),
    "senior_staff_by_sex": ("Percentage of women", "sex", "F"),
    "staff_by_category": ("Percentage of international Professional", "category", "professional"),
}
_CHANGE: Final = "Change in percentage of women"


def _percent_proofs(
    rows: Mapping[str, Sequence[Row]], printed: Mapping[tuple[str, int, str, str], Row]
) -> Iterator[Proof]:
    """Tables 1, 3 and 4: each printed percentage against the counts beside it.

    Table 3 also prints the change of its percentage from the year before.
    """
    for dataset, (label, part, value) in _PERCENTS.items():
        for (edition, year), parts in sorted(_by_year(rows.get(dataset, []), part).items()):
            percent = printed.get((dataset, edition, label, str(year)))
            total = printed.get((dataset, edition, "Total", str(year)))
            if percent is None or total is None or value not in parts:
                continue
            yield equation(
                "Annex I",
                proof_key(percent["source"], percent["locator"], f"percent {year}"),
                f"{percent['source']} {percent['locator']}, {year}: {label}",
                computed=percent_of(parts[value]["count"], total["value"]),
                published=percent["value"],
                what=f"100 x {value} / Total, rounded",
                against="printed",
                sources=[percent["source"]],
                locators=[percent["locator"]],
            )
    changes = [row for key, row in printed.items() if key[2] == _CHANGE]
    for change in sorted(changes, key=lambda row: (row["edition"], row["column_label"])):
        dataset, edition = change["dataset"], change["edition"]
        label = _PERCENTS[dataset][0]
        years = sorted(
            int(column)
            for (name, at, row_label, column) in printed
            if (name, at, row_label) == (dataset, edition, label)
        )
        year = int(change["column_label"])
        earlier = [y for y in years if y < year]
        if year not in years or not earlier:
            continue
        start, end = (printed[dataset, edition, label, str(y)] for y in (earlier[-1], year))
        yield equation(
            "Annex I",
            proof_key(change["source"], change["locator"], f"change {year}"),
            f"{change['source']} {change['locator']}, {year}: {_CHANGE}",
            computed=end["value"] - start["value"],
            published=change["value"],
            what=f"percentage of {year} - percentage of {earlier[-1]}",
            against="printed",
            sources=[change["source"]],
            locators=[change["locator"]],
        )


def _table2_percent_proofs(rows: Mapping[str, Sequence[Row]]) -> Iterator[Proof]:
    """Table 2: each band's share of women, and its change since the base year."""
    shares: dict[tuple[int, str, int], Row] = {}
    counts: dict[tuple[int, str, int], dict[str, Row]] = defaultdict(dict)
    changes: list[Row] = []
    for row in rows.get("women_share_by_grade", []):
        key = (row["edition"], row["grade_band"], row["year"])
        if row["measure"] == "women_percent":
            shares[key] = row
        elif row["measure"] == "women_percent_change":
            changes.append(row)
        else:
            counts[key][row["measure"]] = row
    for key, share in sorted(shares.items()):
        found = counts.get(key, {})
        if "women" not in found or "total" not in found:
            continue  # a year of which the table prints the share only
        edition, band, year = key
        yield equation(
            "Annex I",
            proof_key(share["source"], share["locator"], f"{band} percent {year}"),
            f"{share['source']} {share['locator']}, {year}, band {band}: share of women",
            computed=percent_of(found["women"]["value"], found["total"]["value"]),
            published=share["value"],
            what="100 x women / total, rounded",
            against="printed",
            sources=[share["source"]],
            locators=[share["locator"]],
        )
    for change in sorted(changes, key=lambda row: (row["edition"], row["grade_band"])):
        edition, band = change["edition"], change["grade_band"]
        end = shares.get((edition, band, change["year"]))
        start = shares.get((edition, band, change["base_year"]))
        computed = None if end is None or start is None else end["value"] - start["value"]
        yield equation(
            "Annex I",
            proof_key(change["source"], change["locator"], f"{band} change"),
            f"{change['source']} {change['locator']}, band {band}: change in the share of women",
            computed=change["value"] if computed is None else computed,
            published=None if computed is None else change["value"],
            what=f"percentage of {change['year']} - percentage of {change['base_year']}",
            against="printed change",
            sources=[change["source"]],
            locators=[change["locator"]],
        )


def _table1_vs_table4(rows: Mapping[str, Sequence[Row]]) -> Iterator[Proof]:
    """Table 1's men and women add up to Table 4's Professional staff, year by year."""
    table1 = _by_year(rows.get("professional_staff_by_sex", []), "sex")
    table4 = _by_year(rows.get("staff_by_category", []), "category")
    for key in sorted(table1.keys() & table4.keys()):
        professional = table4[key].get("professional")
        if professional is None:
            continue
        sexes = table1[key]
        sample = next(iter(sexes.values()))
        yield equation(
            "Annex I",
            proof_key(
                professional["source"], professional["locator"], f"professional {key[1]}=Table 1"
            ),
            f"{sample['source']} Annex I, {key[1]}: Table 1 against Table 4",
            computed=sum(row["count"] for row in sexes.values()),
            published=professional["count"],
            what="Table 1 F + M",
            against="Table 4 Professional",
            sources=[sample["source"], professional["source"]],
            locators=[sample["locator"], professional["locator"]],
        )


def _annex_i_vs_annexes(
    rows: Mapping[str, Sequence[Row]], grade_totals: _Totals, sex_totals: _Totals
) -> Iterator[Proof]:
    """The edition year of Tables 1, 3 and 4 against the Annex II and III totals."""
    checks = [
        ("staff_by_category", "category", "professional", "Professional staff", "Annex III"),
        ("staff_by_category", "category", "general_service", "General Service staff", "Annex II"),
        ("professional_staff_by_sex", "sex", "F", "women (F)", "Annex III"),
        ("professional_staff_by_sex", "sex", "M", "men (M)", "Annex III"),
    ]
    for dataset, part, value, label, annex in checks:
        totals, column = (sex_totals, value) if part == "sex" else (grade_totals, "Total")
        for row in rows.get(dataset, []):
            if row[part] == value and row["year"] == row["edition"]:
                tag = f"{value}={annex}"
                yield _against_annex(row, [(totals, annex, column)], label, tag)
    for (edition, year), sexes in sorted(
        _by_year(rows.get("senior_staff_by_sex", []), "sex").items()
    ):
        if year == edition:
            sample = next(iter(sexes.values()))
            senior = {**sample, "count": sum(row["count"] for row in sexes.values())}
            columns = [(grade_totals, "Annex III", grade) for grade in _SENIOR_GRADES]
            label = "staff at P-5 and above (F + M)"
            yield _against_annex(senior, columns, label, "total=Annex III")


def _against_annex(
    row: Row, columns: list[tuple[_Totals, str, str]], label: str, tag: str
) -> Proof:
    """An Annex I number of the edition year against a sum of Annex II/III totals."""
    edition = row["edition"]
    found = [totals.get((edition, annex, "Total", column)) for totals, annex, column in columns]
    printed = [total for total in found if total is not None]
    annex = columns[0][1]
    names = " + ".join(column for _, _, column in columns)
    return equation(
        "Annex I",
        proof_key(row["source"], row["locator"], tag),
        f"{row['source']} {row['locator']}, {edition}: {label} against {annex}",
        computed=row["count"],
        published=sum(t["value"] for t in printed) if len(printed) == len(found) else None,
        what=label,
        against=f"{annex} Total row {names}",
        sources=[row["source"], *(t["source"] for t in printed)],
        locators=[row["locator"], *(t["locator"] for t in printed)],
    )


def _table2_proofs(rows: Mapping[str, Sequence[Row]], grade_totals: _Totals) -> Iterator[Proof]:
    """Table 2: men + women = total per band, and each band total against Annex III."""
    bands: dict[tuple[int, str], dict[str, Row]] = defaultdict(dict)
    for row in rows.get("women_share_by_grade", []):
        if row["measure"] in {"men", "women", "total"}:
            bands[row["edition"], row["grade_band"]][row["measure"]] = row
    for (edition, band), measures in sorted(bands.items()):
        total = measures.get("total")
        sample = total or next(iter(measures.values()))
        subject = f"{sample['source']} {sample['locator']}, {edition}, band {band}"
        sexes = [measures[m]["value"] for m in ("men", "women") if m in measures]
        yield equation(
            "Annex I",
            proof_key(sample["source"], sample["locator"], f"{band} total"),
            subject,
            computed=sum(sexes),
            published=value_of(total),
            what="men + women",
            against="total",
            sources=[sample["source"]],
            locators=[sample["locator"]],
        )
        if total is not None:
            # A band such as "D-1/D-2" covers several Annex III grades.
            columns = [(grade_totals, "Annex III", grade) for grade in band.split("/")]
            yield _against_annex(
                {**total, "count": total["value"]},
                columns,
                f"band {band} total",
                f"{band} total=Annex III",
            )


def _annex_rows(rows: Mapping[str, Sequence[Row]]) -> dict[tuple[int, str], dict[str, Row]]:
    """Annex II/III rows: (edition, category) -> printed name -> the row with its total."""
    out: dict[tuple[int, str], dict[str, Row]] = defaultdict(dict)
    for cell in rows.get("staff_by_nationality_grade", []):
        table = out[cell["edition"], cell["category"]]
        row = table.setdefault(cell["nationality_as_printed"], {**cell, "count": 0})
        row["count"] += cell["count"]
    return out


def _annex_iv_proofs(rows: Mapping[str, Sequence[Row]]) -> Iterator[Proof]:
    """Annex IV: its own sums, and its edition year against Annexes II and III."""
    annexes = _annex_rows(rows)
    for (edition, year), values in sorted(
        _by_year(rows.get("nationalities_represented", []), "measure").items()
    ):
        total = values.get("total_nationalities")
        parts = [values[measure] for measure in _SPLIT if measure in values]
        if total is not None and parts:
            yield equation(
                "Annex IV",
                proof_key(total["source"], total["locator"], f"total {year}"),
                f"{total['source']} {total['locator']}, {year}",
                computed=sum(row["value"] for row in parts),
                published=total["value"],
                what="member + non-member State nationalities",
                against="total nationalities",
                sources=[total["source"]],
                locators=[total["locator"]],
            )
        percent, members = values.get(_PERCENT), values.get("member_states")
        if percent is not None and members is not None and "member_state_nationalities" in values:
            yield equation(
                "Annex IV",
                proof_key(percent["source"], percent["locator"], f"percent {year}"),
                f"{percent['source']} {percent['locator']}, {year}: {_PERCENT}",
                computed=percent_of(
                    values["member_state_nationalities"]["value"], members["value"]
                ),
                published=percent["value"],
                what="100 x member_state_nationalities / member_states, rounded",
                against="printed",
                sources=[percent["source"]],
                locators=[percent["locator"]],
            )
        professional = annexes.get((edition, "professional"))
        if year == edition and professional is not None:
            yield from _represented(values, professional)
            for category in _ANNEX:
                yield from _member_states(values, category, annexes.get((edition, category)))


def _represented(values: dict[str, Row], professional: dict[str, Row]) -> Iterator[Proof]:
    """The edition year's nationality counts against the Annex III rows with staff.

    The "Other" row (no country code) groups staff of nationalities the annex does not
    name: it adds at least one and at most its count of staff to the non-member States
    represented, so those two counts are proven within bounds.
    """
    staffed = [row for row in professional.values() if row["count"] > 0]
    members = sum(1 for row in staffed if row["iso3"] is not None and row["member_state"])
    named = sum(1 for row in staffed if row["iso3"] is not None and not row["member_state"])
    other = sum(row["count"] for row in staffed if row["iso3"] is None)
    low, high = named + min(other, 1), named + other
    for measure, bounds in (
        (_SPLIT[0], (members, members)),
        (_SPLIT[1], (low, high)),
        ("total_nationalities", (members + low, members + high)),
    ):
        row = values.get(measure)
        if row is not None:
            yield bounded(
                "Annex IV",
                proof_key(row["source"], row["locator"], f"{measure}=Annex III"),
                f"{row['source']} {row['locator']}, {row['year']}: {measure}",
                published=row["value"],
                bounds=bounds,
                what="nationalities with staff in Annex III",
                sources=[row["source"]],
                locators=[row["locator"], "Annex III"],
            )


def _member_states(
    values: dict[str, Row], category: str, annex: dict[str, Row] | None
) -> Iterator[Proof]:
    """The edition year's number of Member States against an annex's Member States rows."""
    row = values.get("member_states")
    if row is None or annex is None:
        return
    listed = sum(1 for line in annex.values() if line["member_state"])
    yield equation(
        "Annex IV",
        proof_key(row["source"], row["locator"], f"member_states={_ANNEX[category]}"),
        f"{row['source']} {row['locator']}, {row['year']}: member_states",
        computed=listed,
        published=row["value"],
        what=f"rows of the Member States section of {_ANNEX[category]}",
        against="Annex IV",
        sources=[row["source"]],
        locators=[row["locator"], _ANNEX[category]],
    )
