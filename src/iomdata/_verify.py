"""Re-run the integrity checks and the arithmetic proofs on the installed data.

The pipeline proves every equation before it writes the data; this module proves them
again on what is installed, so that a user (``iomdata verify``) or an auditor can see
that the shipped numbers still satisfy every printed total:

* integrity: each resource's sha256, size, header and row count match the manifest,
  and no unlisted file sits beside them;
* Annexes II and III: each row's grade cells sum to its printed Total, F + M equals
  that Total, every grade, F and M column sums to the printed Total row, and the row
  Totals sum to the grand total;
* Annex I: each table's columns sum to its Total row, and its totals agree with the
  Annex II and III totals (Table 4 by category, Table 1 by sex, Table 2 by grade band,
  Table 3 with the senior grades); Annex IV's count of nationalities agrees with the
  nationalities that have Professional staff in Annex III;
* editions: a year printed in two editions has the same figures in both;
* key figures: the items of each breakdown sum to its stated total;
* cells: each cell's bounds contain its count, are exact where its status says it is
  certain, and agree with the readings listed in ``staff_ambiguous_readings``
  (:mod:`iomdata._bounds`);
* summaries: each edition's headline figures in ``staff_summaries`` equal the figures
  the tables publish (:mod:`iomdata._summaries`).

A failed equation that an erratum documents (same source, same table, and the erratum
states one of the two numbers) is reported as *known*: a published inconsistency kept
as published, not a defect of the data.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from iomdata._errors import DataIntegrityError
from iomdata._resources import MANIFEST_NAME, ResourceStore

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["Proof", "VerificationReport", "installed_root", "run", "verify"]

#: The outcome of one proof.
Status = Literal["passed", "known", "failed"]
Row = dict[str, Any]

# Which annex prints which category of Annexes II and III.
_ANNEX: Final = {"general_service": "Annex II", "professional": "Annex III"}
# "P-5 and higher" in Annex I, Table 3 leaves out E-1 and E-2 (the Director General
# and the Deputy): in both editions its totals equal D-2 + D-1 + P-5 of Annex III.
_SENIOR_GRADES: Final = ("D-2", "D-1", "P-5")
_NATIONALITY_DATASETS: Final = ("staff_by_nationality_grade", "staff_by_nationality_sex")
# Datasets whose years overlap between editions, with the column holding the number.
_SERIES: Final = {
    "professional_staff_by_sex": "count",
    "senior_staff_by_sex": "count",
    "staff_by_category": "count",
    "nationalities_represented": "value",
    "women_share_by_grade": "value",
}
_PROVENANCE_COLUMNS: Final = frozenset({"edition", "source", "locator", "cell_status"})
_SPLIT: Final = ("member_state_nationalities", "non_member_state_nationalities")


@attrs.frozen(kw_only=True)
class Proof:
    """One checked equation (or integrity check) and its outcome."""

    #: The family of the proof, e.g. ``"row total"``, ``"column total"``, ``"integrity"``.
    kind: str
    #: What was checked, e.g. ``"ar2020 Annex III, Kenya: grade cells"``.
    subject: str
    #: The equation with its numbers, or the integrity error.
    detail: str
    #: Ids of the source documents involved.
    sources: tuple[str, ...] = ()
    #: Locators of the numbers involved.
    locators: tuple[str, ...] = ()
    #: The printed number the computed one must equal (``None`` for integrity checks).
    published: float | None = None
    #: The number computed from the data.
    computed: float | None = None
    #: ``"passed"``, ``"known"`` (a documented published inconsistency) or ``"failed"``.
    status: Status
    #: Id of the erratum that documents a ``"known"`` failure.
    erratum: str | None = None

    def describe(self) -> str:
        """One line: the subject and the equation, with the erratum id if known."""
        tag = f" [erratum {self.erratum}]" if self.erratum else ""
        return f"{self.subject}: {self.detail}{tag}"


@attrs.frozen(kw_only=True)
class VerificationReport:
    """Every proof run on the installed data.

    Examples
    --------
    >>> import iomdata
    >>> report = iomdata.verify()
    >>> report.ok
    True
    >>> report.failed()
    ()
    """

    #: Version of the package that ran the proofs.
    package_version: str
    #: Version of the data, from the manifest (``None`` if the manifest is unreadable).
    data_version: str | None
    #: Every proof, in the order run.
    proofs: tuple[Proof, ...]

    @property
    def ok(self) -> bool:
        """True when no proof failed (known published inconsistencies are fine)."""
        return not self.failed()

    def passed(self) -> tuple[Proof, ...]:
        """The proofs that hold."""
        return self._with("passed")

    def known(self) -> tuple[Proof, ...]:
        """The failed equations that an erratum documents."""
        return self._with("known")

    def failed(self) -> tuple[Proof, ...]:
        """The proofs that fail and that no erratum explains."""
        return self._with("failed")

    def _with(self, status: Status) -> tuple[Proof, ...]:
        return tuple(proof for proof in self.proofs if proof.status == status)

    def summary(self, *, verbose: bool = False) -> str:
        """A readable account: counts per kind, known inconsistencies, failures."""
        version = self.data_version or "unknown"
        lines = [f"iomdata {self.package_version}, data {version}"]
        kinds: dict[str, list[Proof]] = defaultdict(list)
        for proof in self.proofs:
            kinds[proof.kind].append(proof)
        width = max((len(kind) for kind in kinds), default=0)
        for kind, proofs in kinds.items():
            counts = {status: sum(p.status == status for p in proofs) for status in _ORDER}
            shown = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
            lines.append(f"  {kind:<{width}}  {len(proofs):>5} checked: {shown}")
        for title, proofs in (
            ("known published inconsistencies (documented in errata)", self.known()),
            ("FAILED", self.failed()),
            *((("passed", self.passed()),) if verbose else ()),
        ):
            if proofs:
                lines.append(f"{title}:")
                lines.extend(f"  {proof.describe()}" for proof in proofs)
        verdict = "all proofs hold" if self.ok else f"{len(self.failed())} proof(s) FAILED"
        lines.append(f"{verdict} ({len(self.proofs)} checked, {len(self.known())} known)")
        return "\n".join(lines)


_ORDER: Final[tuple[Status, ...]] = ("passed", "known", "failed")


def installed_root() -> Traversable:
    """The installed package's ``_data`` folder."""
    # Imported here: importlib.resources brings pathlib, zipfile and more, which
    # `import iomdata` must not pay for (docs/performance.md).
    import importlib.resources

    return importlib.resources.files("iomdata") / "_data"


def verify() -> VerificationReport:
    """Re-hash every bundled resource and re-run every arithmetic proof.

    The data is read afresh (not from the cache of earlier loads), so the hashes are
    recomputed from the installed files.

    Returns
    -------
    VerificationReport
        Every proof with its outcome; ``report.ok`` is false when a proof fails that
        no erratum documents.

    Examples
    --------
    >>> import iomdata
    >>> report = iomdata.verify()
    >>> report.ok
    True
    >>> print(report.summary())  # doctest: +SKIP
    iomdata 0.1.0, data 2026.1
      integrity        25 checked: 25 passed
      row total       ...
    """
    return run(installed_root())


def run(root: Traversable) -> VerificationReport:
    """Verify the resources under ``root`` (a ``_data`` folder or a copy of one)."""
    from iomdata._version import __version__

    store = ResourceStore(root)
    try:
        manifest = store.manifest
    except DataIntegrityError as exc:
        proof = _failed("integrity", MANIFEST_NAME, str(exc))
        return VerificationReport(package_version=__version__, data_version=None, proofs=(proof,))
    integrity, frames = _integrity(root, store)
    rows = {name: frame.to_dicts() for name, frame in frames.items()}
    equations = [
        *_nationality_proofs(rows),
        *_annex_i_proofs(rows),
        *_annex_iv_proofs(rows),
        *_edition_proofs(rows),
        *_breakdown_proofs(rows),
        *_cell_proofs(rows),
    ]
    errata = rows.get("errata", [])
    proofs = (*integrity, *(_classify(proof, errata) for proof in equations))
    return VerificationReport(
        package_version=__version__, data_version=manifest.data_version, proofs=proofs
    )


def _cell_proofs(rows: Mapping[str, list[Row]]) -> Iterator[Proof]:
    # Imported here: iomdata._bounds builds on this module's Proof.
    from iomdata._bounds import bounds_proofs
    from iomdata._summaries import summary_proofs

    yield from bounds_proofs(rows)
    yield from summary_proofs(rows)


# ---------------------------------------------------------------------------------------
# Building proofs
# ---------------------------------------------------------------------------------------


def _failed(kind: str, subject: str, detail: str) -> Proof:
    return Proof(kind=kind, subject=subject, detail=detail, status="failed")


def _equal(left: float, right: float) -> bool:
    # Counts are integers; breakdown values are decimals, summed in binary floating point.
    return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _equation(
    kind: str,
    subject: str,
    *,
    computed: float,
    published: float | None,
    what: str,
    against: str,
    sources: Iterable[str],
    locators: Iterable[str],
) -> Proof:
    """A proof that ``computed`` (described by ``what``) equals ``published``."""
    sources, locators = tuple(dict.fromkeys(sources)), tuple(dict.fromkeys(locators))
    if published is None:
        detail = f"{what} = {_number(computed)}, but no {against} is published"
        return Proof(
            kind=kind,
            subject=subject,
            detail=detail,
            sources=sources,
            locators=locators,
            computed=computed,
            status="failed",
        )
    holds = _equal(computed, published)
    sign = "=" if holds else "!="
    return Proof(
        kind=kind,
        subject=subject,
        detail=f"{what} = {_number(computed)} {sign} {against} {_number(published)}",
        sources=sources,
        locators=locators,
        published=published,
        computed=computed,
        status="passed" if holds else "failed",
    )


def _bounded(
    kind: str,
    subject: str,
    *,
    published: float,
    bounds: tuple[float, float],
    what: str,
    sources: Iterable[str],
    locators: Iterable[str],
) -> Proof:
    """A proof that ``published`` lies within ``bounds`` (described by ``what``)."""
    low, high = bounds
    if low == high:
        return _equation(
            kind,
            subject,
            computed=low,
            published=published,
            what=what,
            against="printed",
            sources=sources,
            locators=locators,
        )
    holds = low <= published <= high
    verb = "lies" if holds else "does not lie"
    return Proof(
        kind=kind,
        subject=subject,
        detail=(
            f"printed {_number(published)} {verb} within {_number(low)}..{_number(high)}, "
            f"the {what}"
        ),
        sources=tuple(dict.fromkeys(sources)),
        locators=tuple(dict.fromkeys(locators)),
        published=published,
        status="passed" if holds else "failed",
    )


def _integrity(root: Traversable, store: ResourceStore) -> tuple[list[Proof], dict[str, Any]]:
    """One proof per listed resource and per unlisted file; the frames that pass."""
    proofs: list[Proof] = []
    frames: dict[str, Any] = {}
    listed = {MANIFEST_NAME}
    for entry in store.manifest.resources:
        listed.add(entry.path)
        try:
            frames[entry.name] = store.frame(entry.name)
        except DataIntegrityError as exc:
            proofs.append(_failed("integrity", entry.path, str(exc)))
            continue
        detail = f"sha256, {entry.bytes} bytes, columns and {entry.rows} rows match the manifest"
        proofs.append(Proof(kind="integrity", subject=entry.path, detail=detail, status="passed"))
    for node in root.iterdir():
        if node.is_file() and node.name not in listed:
            proofs.append(_failed("integrity", node.name, "file is not listed in the manifest"))
    return proofs, frames


def _table(locator: str) -> str:
    """The table part of a locator: ``"Annex III, page 4"`` -> ``"Annex III"``."""
    return ", ".join(part for part in locator.split(", ") if not part.startswith("page "))


def _annex(locator: str) -> str:
    return locator.split(", ", maxsplit=1)[0]


# ---------------------------------------------------------------------------------------
# Annexes II and III
# ---------------------------------------------------------------------------------------

# (edition, annex, row label, column label) -> the published_totals row
_Totals = dict[tuple[int, str, str, str], Row]


def _nationality_totals(rows: Mapping[str, list[Row]]) -> dict[str, _Totals]:
    """The printed totals of Annexes II and III, per dataset they total."""
    totals: dict[str, _Totals] = {name: {} for name in _NATIONALITY_DATASETS}
    for row in rows.get("published_totals", []):
        if row["dataset"] in totals:
            key = (row["edition"], _annex(row["locator"]), row["row_label"], row["column_label"])
            totals[row["dataset"]][key] = row
    return totals


def _value(row: Row | None) -> float | None:
    return None if row is None else row["value"]


def _nationality_proofs(rows: Mapping[str, list[Row]]) -> Iterator[Proof]:
    totals = _nationality_totals(rows)
    grade_totals, sex_totals = (totals[name] for name in _NATIONALITY_DATASETS)
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


def _row_key(row: Row) -> tuple[int, str, str]:
    return (row["edition"], _ANNEX[row["category"]], row["nationality_as_printed"])


def _row_proofs(data: list[Row], part: str, grade_totals: _Totals) -> Iterator[Proof]:
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
    for key in sorted(sums.keys() | printed.keys()):
        _, annex, label = key
        total, cell = printed.get(key), where.get(key)
        sample = cell or total
        assert sample is not None  # the key comes from one of the two
        yield _equation(
            kind,
            f"{sample['source']} {annex}, {label}",
            computed=sums.get(key, 0),
            published=_value(total),
            what=what,
            against="printed row Total",
            sources=[row["source"] for row in (cell, total) if row],
            locators=[row["locator"] for row in (cell, total) if row],
        )


def _column_proofs(data: list[Row], part: str, table_totals: _Totals) -> Iterator[Proof]:
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
        yield _equation(
            "column total",
            f"{source} {annex}, column {column}",
            computed=sums.get(key, 0),
            published=_value(total),
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
        yield _equation(
            "column total",
            f"{source} {annex}, column Total",
            computed=computed,
            published=_value(grand),
            what="sum of the row Totals",
            against="printed grand total",
            sources=[source],
            locators=[grand["locator"] if grand else annex],
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


def _annex_i_totals(rows: Mapping[str, list[Row]]) -> dict[tuple[str, int, str, str], Row]:
    """Annex I printed rows: (dataset, edition, row label, column label) -> row."""
    return {
        (row["dataset"], row["edition"], row["row_label"], row["column_label"]): row
        for row in rows.get("published_totals", [])
        if row["dataset"] not in _NATIONALITY_DATASETS
    }


def _annex_i_proofs(rows: Mapping[str, list[Row]]) -> Iterator[Proof]:
    printed = _annex_i_totals(rows)
    annex_totals = _nationality_totals(rows)
    grade_totals, sex_totals = (annex_totals[name] for name in _NATIONALITY_DATASETS)
    series = {
        "professional_staff_by_sex": "sex",
        "senior_staff_by_sex": "sex",
        "staff_by_category": "category",
    }
    for dataset, part in series.items():
        for (edition, year), parts in sorted(_by_year(rows.get(dataset, []), part).items()):
            sample = next(iter(parts.values()))
            total = printed.get((dataset, edition, "Total", str(year)))
            yield _equation(
                "column total",
                f"{sample['source']} {sample['locator']}, {year}",
                computed=sum(row["count"] for row in parts.values()),
                published=_value(total),
                what=" + ".join(sorted(parts)),
                against="printed Total",
                sources=[sample["source"]],
                locators=[sample["locator"]],
            )
    yield from _table1_vs_table4(rows)
    yield from _annex_i_vs_annexes(rows, grade_totals, sex_totals)
    yield from _table2_proofs(rows, grade_totals)


def _table1_vs_table4(rows: Mapping[str, list[Row]]) -> Iterator[Proof]:
    """Table 1's men and women add up to Table 4's Professional staff, year by year."""
    table1 = _by_year(rows.get("professional_staff_by_sex", []), "sex")
    table4 = _by_year(rows.get("staff_by_category", []), "category")
    for key in sorted(table1.keys() & table4.keys()):
        professional = table4[key].get("professional")
        if professional is None:
            continue
        sexes = table1[key]
        sample = next(iter(sexes.values()))
        yield _equation(
            "Annex I",
            f"{sample['source']} Annex I, {key[1]}: Table 1 against Table 4",
            computed=sum(row["count"] for row in sexes.values()),
            published=professional["count"],
            what="Table 1 F + M",
            against="Table 4 Professional",
            sources=[sample["source"], professional["source"]],
            locators=[sample["locator"], professional["locator"]],
        )


def _annex_i_vs_annexes(
    rows: Mapping[str, list[Row]], grade_totals: _Totals, sex_totals: _Totals
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
                yield _against_annex(row, [(totals, annex, column)], label)
    for (edition, year), sexes in sorted(
        _by_year(rows.get("senior_staff_by_sex", []), "sex").items()
    ):
        if year == edition:
            sample = next(iter(sexes.values()))
            senior = {**sample, "count": sum(row["count"] for row in sexes.values())}
            columns = [(grade_totals, "Annex III", grade) for grade in _SENIOR_GRADES]
            yield _against_annex(senior, columns, "staff at P-5 and above (F + M)")


def _against_annex(row: Row, columns: list[tuple[_Totals, str, str]], label: str) -> Proof:
    """An Annex I number of the edition year against a sum of Annex II/III totals."""
    edition = row["edition"]
    found = [totals.get((edition, annex, "Total", column)) for totals, annex, column in columns]
    printed = [total for total in found if total is not None]
    annex = columns[0][1]
    names = " + ".join(column for _, _, column in columns)
    return _equation(
        "Annex I",
        f"{row['source']} {row['locator']}, {edition}: {label} against {annex}",
        computed=row["count"],
        published=sum(t["value"] for t in printed) if len(printed) == len(found) else None,
        what=label,
        against=f"{annex} Total row {names}",
        sources=[row["source"], *(t["source"] for t in printed)],
        locators=[row["locator"], *(t["locator"] for t in printed)],
    )


def _table2_proofs(rows: Mapping[str, list[Row]], grade_totals: _Totals) -> Iterator[Proof]:
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
        yield _equation(
            "Annex I",
            subject,
            computed=sum(sexes),
            published=_value(total),
            what="men + women",
            against="total",
            sources=[sample["source"]],
            locators=[sample["locator"]],
        )
        if total is not None:
            # A band such as "D-1/D-2" covers several Annex III grades.
            columns = [(grade_totals, "Annex III", grade) for grade in band.split("/")]
            yield _against_annex({**total, "count": total["value"]}, columns, f"band {band} total")


def _annex_rows(rows: Mapping[str, list[Row]]) -> dict[tuple[int, str], dict[str, Row]]:
    """Annex II/III rows: (edition, category) -> printed name -> the row with its total."""
    out: dict[tuple[int, str], dict[str, Row]] = defaultdict(dict)
    for cell in rows.get("staff_by_nationality_grade", []):
        table = out[cell["edition"], cell["category"]]
        row = table.setdefault(cell["nationality_as_printed"], {**cell, "count": 0})
        row["count"] += cell["count"]
    return out


def _annex_iv_proofs(rows: Mapping[str, list[Row]]) -> Iterator[Proof]:
    """Annex IV: its own sums, and its edition year against Annexes II and III."""
    annexes = _annex_rows(rows)
    for (edition, year), values in sorted(
        _by_year(rows.get("nationalities_represented", []), "measure").items()
    ):
        total = values.get("total_nationalities")
        parts = [values[measure] for measure in _SPLIT if measure in values]
        if total is not None and parts:
            yield _equation(
                "Annex IV",
                f"{total['source']} {total['locator']}, {year}",
                computed=sum(row["value"] for row in parts),
                published=total["value"],
                what="member + non-member State nationalities",
                against="total nationalities",
                sources=[total["source"]],
                locators=[total["locator"]],
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
            yield _bounded(
                "Annex IV",
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
    yield _equation(
        "Annex IV",
        f"{row['source']} {row['locator']}, {row['year']}: member_states",
        computed=listed,
        published=row["value"],
        what=f"rows of the Member States section of {_ANNEX[category]}",
        against="Annex IV",
        sources=[row["source"]],
        locators=[row["locator"], _ANNEX[category]],
    )


# ---------------------------------------------------------------------------------------
# Across editions, and key-figure breakdowns
# ---------------------------------------------------------------------------------------


def _edition_proofs(rows: Mapping[str, list[Row]]) -> Iterator[Proof]:
    """A figure printed in two editions (the overlapping years) is the same in both."""
    annex_i = [
        row
        for row in rows.get("published_totals", [])
        if row["dataset"] not in _NATIONALITY_DATASETS
    ]
    groups = [*((name, rows.get(name, []), column) for name, column in _SERIES.items())]
    groups.append(("published_totals", annex_i, "value"))
    for name, data, column in groups:
        seen: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
        for row in data:
            key = tuple(
                (c, v)
                for c, v in row.items()
                if c not in _PROVENANCE_COLUMNS and c not in {column, "derivation"}
            )
            seen[key].append(row)
        for key, versions in seen.items():
            if len(versions) < 2:
                continue
            first, *later = sorted(versions, key=lambda row: row["edition"])
            label = ", ".join(str(v) for _, v in key)
            for other in later:
                yield _equation(
                    "editions",
                    f"{name} ({label}): editions {first['edition']} and {other['edition']}",
                    computed=other[column],
                    published=first[column],
                    what=f"{other['source']}",
                    against=f"{first['source']}",
                    sources=[first["source"], other["source"]],
                    locators=[first["locator"], other["locator"]],
                )


def _breakdown_proofs(rows: Mapping[str, list[Row]]) -> Iterator[Proof]:
    """The items of each breakdown sum to the key figure they break down."""
    figures = {row["id"]: row for row in rows.get("key_figures", [])}
    breakdowns: dict[str, list[Row]] = defaultdict(list)
    for row in rows.get("key_figure_breakdowns", []):
        breakdowns[row["breakdown"]].append(row)
    for breakdown, items in sorted(breakdowns.items()):
        total_id = items[0]["total_id"]
        if total_id is None:
            continue  # a breakdown whose total the source does not state
        total = figures.get(total_id)
        yield _equation(
            "breakdown",
            f"{items[0]['source']} {items[0]['locator']}, breakdown {breakdown}",
            computed=math.fsum(item["value"] for item in items),
            published=_value(total),
            what=f"sum of {len(items)} items",
            against=f"key figure {total_id}",
            sources=[items[0]["source"], *([total["source"]] if total else [])],
            locators=[items[0]["locator"], *([total["locator"]] if total else [])],
        )


# ---------------------------------------------------------------------------------------
# Errata
# ---------------------------------------------------------------------------------------

_NUMBER: Final = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers(text: str) -> set[float]:
    """Every number a text states, read with and without thousands separators."""
    found: set[float] = set()
    for token in _NUMBER.findall(text):
        found.update(float(part) for part in re.split(r"[.,]", token))
        whole = token.replace(",", "")
        if whole.count(".") <= 1:
            found.add(float(whole))
    # "1 769": a space is also a thousands separator in these sources.
    for token in re.findall(r"\d{1,3}(?: \d{3})+", text):
        found.add(float(token.replace(" ", "")))
    return found


def _mentions(locator: str, table: str) -> bool:
    """Whether ``locator`` names ``table`` (``"Annex II"`` is not ``"Annex III"``)."""
    return re.search(rf"(?<![\w-]){re.escape(table)}(?![\w-])", locator) is not None


def _documents(erratum: Row, proof: Proof) -> bool:
    """Whether ``erratum`` documents the failure of ``proof``.

    Same source, a locator naming one of the proof's tables, and one of the proof's two
    numbers among those the erratum states as published or established.
    """
    if erratum["source"] not in proof.sources:
        return False
    tables = {_table(locator) for locator in proof.locators}
    if not any(_mentions(erratum["locator"], table) for table in tables):
        return False
    stated = _numbers(f"{erratum['published']} {erratum['established']}")
    return any(
        value is not None and any(_equal(value, number) for number in stated)
        for value in (proof.published, proof.computed)
    )


def _classify(proof: Proof, errata: list[Row]) -> Proof:
    if proof.status != "failed":
        return proof
    for erratum in errata:
        if _documents(erratum, proof):
            return attrs.evolve(proof, status="known", erratum=erratum["id"])
    return proof
