"""Stage 2 of the SDG survey: the ``sdg_*`` datasets, its key figures and its errata.

Source ``desa-sdg-survey-2021`` (see :mod:`tools.sdg.source`).  The domain module of the
pipeline (``tools/README.md``): :func:`slice_sources` is stage 1
(:mod:`tools.sdg.slicing`); :func:`build` reads only ``tools/raw`` and
``tools/reference``, checks every number and every count the reply states about its own
lists (the counts through :mod:`tools.keyfigures.sdg_survey`), and returns the ``sdg_*``
datasets, the source's ``key_figures``, its ``errata`` and their links.

Country columns: rows carry ``country_as_printed`` (the name as printed, without the
article and abbreviation that the running text adds); ``tools/build_data.py`` fills
``country`` and ``iso3`` from ``tools/reference/country_names.csv``, so :func:`build`
omits them (:data:`FILLED_BY_BUILD`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import attrs
import polars as pl

from iomdata._schemas import NULLABLE as _ALL_NULLABLE
from iomdata._schemas import SCHEMAS as _ALL_SCHEMAS
from tools.keyfigures import sdg_survey as survey_figures
from tools.sdg.slicing import list_specs, slice_sources
from tools.sdg.source import (
    GCM_OBJECTIVE_RANGE,
    RAW_ACTIONS,
    RAW_LISTS,
    RAW_PARTNERS,
    RAW_RECORDS,
    SDG_RANGE,
    SOURCE,
    SurveyError,
    ints,
    question_locator,
    read_errata,
    read_raw,
    read_reviewed,
)

__all__ = ["FILLED_BY_BUILD", "NULLABLE", "SCHEMAS", "build", "slice_sources"]

SCHEMAS: Final[dict[str, pl.Schema]] = {
    name: schema for name, schema in _ALL_SCHEMAS.items() if name.startswith("sdg_")
}

FILLED_BY_BUILD: Final = ("country", "iso3")
"""Columns that ``tools/build_data.py`` fills from ``country_as_printed``."""

NULLABLE: Final = frozenset[str]().union(*(_ALL_NULLABLE[name] for name in SCHEMAS))
"""Columns of the ``sdg_*`` datasets that may be empty (every other column is filled)."""

Row = dict[str, object]


def _check_range(what: str, numbers: Sequence[int], allowed: range) -> list[int]:
    """Return ``numbers`` after checking they are in ``allowed``, unique and ascending."""
    if any(n not in allowed for n in numbers) or list(numbers) != sorted(set(numbers)):
        msg = f"{what}: {list(numbers)} are not distinct ascending numbers in {allowed}"
        raise SurveyError(msg)
    return list(numbers)


@dataclass(frozen=True, kw_only=True)
class _Form:
    """One form of questions 2-4 as read back from the raw extract."""

    question: int
    position: int
    fields: dict[str, str]
    beneficiaries: tuple[str, ...]

    @property
    def sdgs(self) -> list[int]:
        where = f"question {self.question} record {self.position}"
        return _check_range(where, ints(self.fields["sdgs"]), SDG_RANGE)


def _forms() -> list[_Form]:
    fields: dict[tuple[int, int], dict[str, str]] = {}
    entries: dict[tuple[int, int], list[str]] = {}
    for row in read_raw(RAW_RECORDS):
        key = (int(row["question"]), int(row["position"]))
        if row["field"] == "beneficiary":
            entries.setdefault(key, []).append(row["value"])
        else:
            fields.setdefault(key, {})[row["field"]] = row["value"]
    return [
        _Form(question=q, position=p, fields=f, beneficiaries=tuple(entries.get((q, p), ())))
        for (q, p), f in sorted(fields.items())
    ]


def _entry_parts(entry: str) -> tuple[str, str | None]:
    """Split a list entry into its name and the detail its trailing parenthesis gives.

    An abbreviation (``(DRC)``) is dropped from the name and is no detail; any other
    parenthesis (``(drought)``) is the detail.
    """
    match = re.fullmatch(r"(?P<name>.+?) \((?P<inner>[^)]+)\)", entry)
    if match is None:
        return entry, None
    inner = match.group("inner")
    detail = None if re.fullmatch(r"[A-Z]{2,}", inner) else inner
    return match.group("name"), detail


def _entry_kinds() -> dict[str, str]:
    return {
        row["entry_as_printed"]: row["entry_kind"]
        for row in read_reviewed("sdg_non_country_entries.csv")
    }


def _country_columns(entry: str, kind: str) -> Row:
    name, _ = _entry_parts(entry)
    # A leading article belongs to the sentence, not to the name the country table knows.
    return {"country_as_printed": name.removeprefix("the ") if kind == "country" else None}


def _provenance(question: int) -> Row:
    return {"source": SOURCE, "locator": question_locator(question)}


_KINDS: Final[Mapping[int, str]] = {2: "initiative", 4: "partnership"}
_SCOPES: Final[Mapping[str, str]] = {"Global": "global", "All": "all"}
_LIST_SCOPES: Final[Mapping[str, str]] = {"list": "countries", "unnamed": "unnamed"}


def _initiative_rows(forms: Sequence[_Form]) -> dict[str, list[Row]]:
    """``sdg_initiatives`` and its partner, SDG and beneficiary tables."""
    reference = {
        (int(r["question"]), int(r["position"])): r for r in read_reviewed("sdg_initiatives.csv")
    }
    partners = _partners(reference)
    overrides = {r["initiative_id"]: r for r in read_reviewed("sdg_beneficiary_overrides.csv")}
    kinds = _entry_kinds()
    out: dict[str, list[Row]] = {
        "sdg_initiatives": [],
        "sdg_initiative_partners": [],
        "sdg_initiative_sdgs": [],
        "sdg_initiative_beneficiaries": [],
    }
    initiative_forms = [form for form in forms if form.question in _KINDS]
    if sorted(reference) != [(f.question, f.position) for f in initiative_forms]:
        msg = f"sdg_initiatives.csv covers {sorted(reference)}, the raw forms differ"
        raise SurveyError(msg)
    for form in initiative_forms:
        ref = reference[(form.question, form.position)]
        iid = ref["initiative_id"]
        prov = _provenance(form.question)
        scope, beneficiaries = _beneficiary_rows(form, iid, kinds, overrides.get(iid))
        out["sdg_initiatives"].append(
            {
                **prov,
                "initiative_id": iid,
                "kind": _KINDS[form.question],
                "position": form.position,
                "name": form.fields["name"],
                "beneficiary_scope": scope,
                "partners_complete": form.fields["partners_complete"] == "yes",
                "target_audience": form.fields.get("target_audience"),
                "summary": ref["summary"],
                "note": ref["note"] or None,
            }
        )
        out["sdg_initiative_partners"].extend({**prov, **row} for row in partners[iid])
        out["sdg_initiative_sdgs"].extend(
            {**prov, "initiative_id": iid, "sdg": sdg} for sdg in form.sdgs
        )
        out["sdg_initiative_beneficiaries"].extend({**prov, **row} for row in beneficiaries)
    return out


def _partners(reference: Mapping[tuple[int, int], Mapping[str, str]]) -> dict[str, list[Row]]:
    """Partner rows per initiative: names from the raw extract, roles from the review."""
    ids = {key: row["initiative_id"] for key, row in reference.items()}
    printed: dict[str, list[str]] = {}
    for row in read_raw(RAW_PARTNERS):
        printed.setdefault(ids[(int(row["question"]), int(row["position"]))], []).append(
            row["partner"]
        )
    out: dict[str, list[Row]] = {iid: [] for iid in ids.values()}
    for row in read_reviewed("sdg_partners.csv"):
        out[row["initiative_id"]].append(
            {
                "initiative_id": row["initiative_id"],
                "position": int(row["position"]),
                "partner": row["partner"],
                "role": row["role"],
                "partner_type": row["partner_type"],
            }
        )
    for iid, rows in out.items():
        names = [row["partner"] for row in rows]
        positions = [row["position"] for row in rows]
        if names != printed.get(iid, []) or positions != list(range(1, len(rows) + 1)):
            msg = f"{iid}: reviewed partners {names} differ from the sliced {printed.get(iid)}"
            raise SurveyError(msg)
    return out


def _beneficiary_rows(
    form: _Form, iid: str, kinds: Mapping[str, str], override: Mapping[str, str] | None
) -> tuple[str, list[Row]]:
    """``(beneficiary_scope, rows)`` of one initiative."""
    kind = form.fields["beneficiaries"]
    if kind == "unnamed":
        if override is None:
            msg = f"{iid}: the reply names no beneficiary and no reviewed override exists"
            raise SurveyError(msg)
        # The inferred entry must be printed in the initiative's own name.
        if override["entry_as_printed"] not in form.fields["name"]:
            msg = f"{iid}: override {override['entry_as_printed']!r} is not in the name"
            raise SurveyError(msg)
        entries, basis = [override["entry_as_printed"]], "inferred"
    elif override is not None:
        msg = f"{iid}: an override exists but the reply prints the beneficiaries"
        raise SurveyError(msg)
    else:
        entries, basis = list(form.beneficiaries), "printed"
    rows: list[Row] = []
    for position, entry in enumerate(entries, start=1):
        entry_kind = kinds.get(entry, "country")
        rows.append(
            {
                "initiative_id": iid,
                "position": position,
                "entry_as_printed": entry,
                "entry_kind": entry_kind,
                "basis": basis,
                **_country_columns(entry, entry_kind),
            }
        )
    scope = _SCOPES[entries[0]] if kind == "scope" else _LIST_SCOPES[kind]
    return scope, rows


def _resource_rows(forms: Sequence[_Form]) -> dict[str, list[Row]]:
    reference = {int(r["position"]): r for r in read_reviewed("sdg_resources.csv")}
    resource_forms = [form for form in forms if form.question == 3]
    if sorted(reference) != [form.position for form in resource_forms]:
        msg = f"sdg_resources.csv covers positions {sorted(reference)}, the raw forms differ"
        raise SurveyError(msg)
    out: dict[str, list[Row]] = {"sdg_resources": [], "sdg_resource_sdgs": []}
    for form in resource_forms:
        ref = reference[form.position]
        prov = _provenance(form.question)
        out["sdg_resources"].append(
            {
                **prov,
                "resource_id": ref["resource_id"],
                "position": form.position,
                "name": form.fields["name"],
                "publishing_entity": form.fields["publishing_entity"],
                "target_audience": form.fields["target_audience"],
                "language": form.fields["language"],
                "summary": ref["summary"],
            }
        )
        out["sdg_resource_sdgs"].extend(
            {**prov, "resource_id": ref["resource_id"], "sdg": sdg} for sdg in form.sdgs
        )
    return out


def _action_rows() -> dict[str, list[Row]]:
    labels = {int(r["action"]): r["label"] for r in read_reviewed("sdg_accelerating_actions.csv")}
    raw = read_raw(RAW_ACTIONS)
    numbers = [int(row["action"]) for row in raw]
    if numbers != list(range(1, len(numbers) + 1)) or sorted(labels) != numbers:
        msg = f"actions printed {numbers}, labelled {sorted(labels)}: not 1..N on both sides"
        raise SurveyError(msg)
    prov = _provenance(6)
    out: dict[str, list[Row]] = {"sdg_accelerating_actions": [], "sdg_action_gcm_objectives": []}
    for row in raw:
        action = int(row["action"])
        common = {**prov, "action": action, "action_label": labels[action]}
        sdgs = _check_range(f"action {action} SDGs", ints(row["sdgs"]), SDG_RANGE)
        gcm = _check_range(
            f"action {action} GCM objectives", ints(row["gcm_objectives"]), GCM_OBJECTIVE_RANGE
        )
        out["sdg_accelerating_actions"].extend({**common, "sdg": sdg} for sdg in sdgs)
        out["sdg_action_gcm_objectives"].extend({**common, "gcm_objective": g} for g in gcm)
    return out


def _country_list_rows(forms: Sequence[_Form]) -> list[Row]:
    """Every list of countries, in the order of the reviewed list definitions.

    Lists printed in running text come from the raw extract; the beneficiary lists come
    from the forms of the initiatives they belong to.
    """
    anchored: dict[str, list[str]] = {}
    for row in read_raw(RAW_LISTS):
        anchored.setdefault(row["list_id"], []).append(row["entry_as_printed"])
    by_initiative = {
        r["initiative_id"]: (int(r["question"]), int(r["position"]))
        for r in read_reviewed("sdg_initiatives.csv")
    }
    form_by_key = {(form.question, form.position): form for form in forms}
    kinds = _entry_kinds()
    rows: list[Row] = []
    specs = list_specs()
    if sorted(anchored) != sorted(s.list_id for s in specs if s.initiative_id is None):
        msg = f"raw lists {sorted(anchored)} differ from the reviewed list definitions"
        raise SurveyError(msg)
    for spec in specs:
        if spec.initiative_id is None:
            entries = anchored[spec.list_id]
        else:
            form = form_by_key[by_initiative[spec.initiative_id]]
            if form.fields.get("beneficiaries") != "list":
                msg = f"{spec.list_id}: {spec.initiative_id} prints no list of beneficiaries"
                raise SurveyError(msg)
            entries = list(form.beneficiaries)
        for position, entry in enumerate(entries, start=1):
            kind = kinds.get(entry, "country")
            rows.append(
                {
                    "source": SOURCE,
                    "locator": spec.locator,
                    "list_id": spec.list_id,
                    "list_label": spec.label,
                    "position": position,
                    "entry_as_printed": entry,
                    "entry_kind": kind,
                    "detail_as_printed": _entry_parts(entry)[1],
                    **_country_columns(entry, kind),
                }
            )
    return rows


def _text_errata(data: Mapping[str, list[Row]]) -> list[Row]:
    """Errata about printed words (none of the checks): the published phrase is a partner."""
    printed = {str(row["partner"]) for row in data["sdg_initiative_partners"]}
    errata: list[Row] = []
    for entry in read_errata().values():
        if entry.checks:
            continue
        if entry.published not in printed:
            msg = f"{entry.id}: {entry.published!r} is no longer a printed partner"
            raise SurveyError(msg)
        errata.append(attrs.asdict(entry.fill({})))  # an erratum of a name
    return errata


def build() -> dict[str, list[dict[str, object]]]:
    """Return the ``sdg_*`` datasets, the source's ``key_figures`` and its ``errata``.

    Reads only ``tools/raw`` and ``tools/reference``. The rows of datasets with
    ``country_as_printed`` omit :data:`FILLED_BY_BUILD`.

    Raises
    ------
    SurveyError
        If a raw extract and a reviewed file disagree, a number is out of range, or a
        count the reply states differs from what it lists without a reviewed erratum.
    """
    forms = _forms()
    data: dict[str, list[Row]] = {
        **_initiative_rows(forms),
        **_resource_rows(forms),
        **_action_rows(),
        "sdg_country_lists": _country_list_rows(forms),
    }
    figures = survey_figures.key_figures()
    errata = [*survey_figures.count_errata(data, figures), *_text_errata(data)]
    reviewed = set(read_errata())
    if {str(row["id"]) for row in errata} != reviewed:
        msg = f"reviewed errata {sorted(reviewed)} are not all established by the build"
        raise SurveyError(msg)
    # Columns, types, empty values and vocabularies are checked against the datasets'
    # spec by tools/build_data.py, once it has filled the country columns.
    links = survey_figures.erratum_links(errata)
    return {**data, "key_figures": figures, "errata": errata, "key_figure_errata": links}


def main() -> None:
    """Print the number of rows of each dataset."""
    for name, rows in sorted(build().items()):
        print(f"{name:<32} {len(rows):>4}")


if __name__ == "__main__":
    main()
