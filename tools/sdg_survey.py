"""IOM's 2021 reply to the UN DESA (ECESA Plus) SDG questionnaire, as tidy tables.

Source ``desa-sdg-survey-2021``. Two stages, as every pipeline module (see
``tools/README.md``):

* :func:`slice_sources` reads the reply and writes facts only to
  ``tools/raw/desa-sdg-survey-2021_*.txt``: the names of the initiatives, partnerships and
  resources, their SDG numbers, publishing entity, audience and language, the countries
  of each list, the partner names, and the SDG and GCM objective numbers of the 11
  accelerating actions. Descriptions and action titles are prose and are not copied;
  our own summaries and labels live in ``tools/reference/sdg_*.csv``.
* :func:`build` reads only ``tools/raw`` and ``tools/reference``, checks every number
  and every count the reply states about its own lists, and returns the ``sdg_*``
  datasets, the source's ``key_figures`` and its ``errata``.

Locators are ``Question N``, the questionnaire's numbered questions (1-7);
:func:`locate_question` returns the text of one; importing this module registers it in
:data:`tools.keyfig_common.CUSTOM_LOCATORS`, so that ``keyfig_common.locate`` finds them.

Country columns: rows carry ``country_as_printed`` (the name as printed, without the
article and abbreviation that the running text adds); ``tools/build_data.py`` fills
``country`` and ``iso3`` from ``tools/reference/country_names.csv``, so :func:`build`
omits them (:data:`FILLED_BY_BUILD`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import polars as pl

from iomdata._schemas import NULLABLE as _ALL_NULLABLE
from iomdata._schemas import SCHEMAS as _ALL_SCHEMAS
from tools import keyfig_common
from tools.reference import read_csv_rows

__all__ = [
    "FILLED_BY_BUILD",
    "NULLABLE",
    "RAW_FILES",
    "SCHEMAS",
    "SOURCE",
    "SurveyError",
    "build",
    "locate_question",
    "question_spans",
    "slice_sources",
]

SOURCE: Final = "desa-sdg-survey-2021"
_TOOLS: Final = Path(__file__).resolve().parent
RAW: Final = _TOOLS / "raw"
REFERENCE: Final = _TOOLS / "reference"

# The raw extracts (tab-separated, one header line), by content.
RAW_RECORDS: Final = f"{SOURCE}_records.txt"
RAW_PARTNERS: Final = f"{SOURCE}_partners.txt"
RAW_LISTS: Final = f"{SOURCE}_lists.txt"
RAW_ACTIONS: Final = f"{SOURCE}_actions.txt"
RAW_FILES: Final = (RAW_RECORDS, RAW_PARTNERS, RAW_LISTS, RAW_ACTIONS)
KEY_FIGURES: Final = REFERENCE / f"key_figures_{SOURCE}.csv"

SDG_RANGE: Final = range(1, 18)
GCM_OBJECTIVE_RANGE: Final = range(1, 24)
QUESTIONS: Final = range(1, 8)

# ---------------------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------------------

SCHEMAS: Final[dict[str, pl.Schema]] = {
    name: schema for name, schema in _ALL_SCHEMAS.items() if name.startswith("sdg_")
}

FILLED_BY_BUILD: Final = ("country", "iso3")
"""Columns that ``tools/build_data.py`` fills from ``country_as_printed``."""

NULLABLE: Final = frozenset[str]().union(*(_ALL_NULLABLE[name] for name in SCHEMAS))
"""Columns of the ``sdg_*`` datasets that may be empty (every other column is filled)."""


class SurveyError(ValueError):
    """The text, the raw extracts or the reviewed files break an expectation."""


# ---------------------------------------------------------------------------------------
# Locating the questions
# ---------------------------------------------------------------------------------------

# An accelerating action of question 6: "N. <title> (SDGs: 1, 10; GCM Objectives: 15)".
_ACTION_RE: Final = re.compile(
    r"^(?P<number>\d+)\.\s.*\(SDGs?:\s*(?P<sdgs>[\d,\s]+);\s*"
    r"GCM Objectives?:\s*(?P<gcm>[\d,\s]+)\)\s*$"
)


def question_spans(text: str) -> dict[int, tuple[int, int]]:
    r"""Return the character span of each numbered question (1-7) of the reply.

    A question opens at the first line after the previous question that starts with its
    number (``"2. "``); the numbered accelerating actions inside question 6 are skipped,
    so that action 7 is not taken for question 7. A question runs to the next one.

    Parameters
    ----------
    text
        The reply's text.

    Returns
    -------
    dict[int, tuple[int, int]]
        Question number -> ``(start, end)`` offsets into ``text``.

    Raises
    ------
    SurveyError
        If a question is not found.

    Examples
    --------
    >>> doc = "1. Why?\n2. How?\n3. a\n4. b\n5. c\n6. d\n7. Act (SDGs: 1; GCM Objective: 2)\n"
    >>> doc += "7. e\n"
    >>> start, end = question_spans(doc)[6]
    >>> doc[start:end]
    '6. d\n7. Act (SDGs: 1; GCM Objective: 2)\n'
    """
    starts: list[int] = []
    offset = 0
    number = QUESTIONS.start
    for line in text.splitlines(keepends=True):
        if (
            number < QUESTIONS.stop
            and line.startswith(f"{number}. ")
            and not _ACTION_RE.match(line.strip())
        ):
            starts.append(offset)
            number += 1
        offset += len(line)
    if len(starts) != len(QUESTIONS):
        msg = f"{SOURCE}: found questions 1-{len(starts)} only; expected 1-{QUESTIONS[-1]}"
        raise SurveyError(msg)
    ends = [*starts[1:], len(text)]
    return {n: (s, e) for n, s, e in zip(QUESTIONS, starts, ends, strict=True)}


def locate_question(text: str, locator: str) -> str:
    r"""Return the text of the question that ``locator`` (``Question N``) names.

    This is the survey's counterpart of :func:`tools.keyfig_common.locate`, whose
    layouts know paragraphs, boxes and headings but not numbered questions.

    Examples
    --------
    >>> doc = "1. a?\nx\n2. b?\n3. c\n4. d\n5. e\n6. f\n7. g\n"
    >>> locate_question(doc, "Question 1")
    '1. a?\nx\n'
    """
    match = re.fullmatch(r"Question (\d+)", locator)
    if match is None or int(match.group(1)) not in QUESTIONS:
        msg = f"{SOURCE}: locator {locator!r} is not 'Question N' with N in 1-{QUESTIONS[-1]}"
        raise SurveyError(msg)
    start, end = question_spans(text)[int(match.group(1))]
    return text[start:end]


# Register the question locator so that keyfig_common.locate and check_provenance find
# this source's "Question N" locators once the module is imported.
keyfig_common.CUSTOM_LOCATORS[SOURCE] = locate_question


def _locator(question: int) -> str:
    return f"Question {question}"


# ---------------------------------------------------------------------------------------
# Stage 1: slicing
# ---------------------------------------------------------------------------------------

# The questionnaire's field labels, longest first where one begins another. A line that
# starts with a label opens that field; other lines (descriptions) are skipped.
_LABELS: Final[tuple[tuple[str, str], ...]] = (
    ("Member State(s) benefiting from the initiative", "beneficiaries"),
    ("Member States benefiting from the initiative", "beneficiaries"),
    ("Publishing entity", "publishing_entity"),
    ("Target audience", "target_audience"),
    ("Relevant SDGs", "sdgs"),
    ("Link to access", "link"),
    ("Description", "description"),
    ("Initiative", "name"),
    ("Resource", "name"),
    ("Partners", "partners"),
    ("Language", "language"),
    ("Website", "website"),
    ("Name", "name"),
)
# The fields whose printed values are facts (names, numbers, short noun lists).
_KEPT_FIELDS: Final = frozenset({"name", "publishing_entity", "target_audience", "language"})
_RECORD_FIELDS: Final[Mapping[int, frozenset[str]]] = {
    2: frozenset({"name", "partners", "sdgs", "beneficiaries"}),
    3: frozenset({"name", "publishing_entity", "sdgs", "target_audience", "language"}),
    4: frozenset({"name", "partners", "sdgs", "beneficiaries"}),
}
_SDG_FIELD_RE: Final = re.compile(r"^SDGs?\s+(?P<numbers>\d+(?:(?:,\s*|\s+and\s+)\d+)*)$")
# Words that introduce a partner list as examples rather than as the full list.
_OPEN_LIST_MARKERS: Final = re.compile(r"\betc\.|\bsuch as\b|\binclude\b")
_SCOPE_WORDS: Final = frozenset({"Global", "All"})
_ITEM_SEPARATOR: Final = re.compile(r",\s+and\s+|,\s+|\s+and\s+")
_MAX_WORDS_IN_NAME: Final = 6


def _label(line: str) -> tuple[str, str] | None:
    """``(field, value)`` when ``line`` opens a field of the questionnaire's form."""
    for label, name in _LABELS:
        if line.startswith(label) and (len(line) == len(label) or not line[len(label)].isalnum()):
            return name, line[len(label) :].strip()
    return None


def _form_records(section: str) -> list[dict[str, str]]:
    """The filled-in forms of one question, each a mapping field -> printed value.

    A label printed alone on its line takes its value from the next non-empty line (the
    extraction wrapped the third resource's audience so).
    """
    records: list[dict[str, str]] = []
    lines = [line.strip() for line in section.splitlines()]
    for index, line in enumerate(lines):
        labelled = _label(line)
        if labelled is None:
            continue
        name, value = labelled
        if not value:
            value = next((later for later in lines[index + 1 :] if later), "")
            if _label(value) is not None:
                value = ""
        if name == "name":
            records.append({})
        if not records:
            msg = f"{SOURCE}: field {name!r} before the first record"
            raise SurveyError(msg)
        if name in records[-1]:
            msg = f"{SOURCE}: record {len(records)} has two {name!r} fields"
            raise SurveyError(msg)
        records[-1][name] = value
    return records


def _split_items(printed: str) -> list[str]:
    """Split ``"A, B, the C and D."`` into ``["A", "B", "the C", "D"]`` (kept as printed)."""
    return [item.strip() for item in _ITEM_SEPARATOR.split(printed.strip().rstrip("."))]


def _is_name(item: str) -> bool:
    """Whether a list item is a name (short, capitalised) rather than prose."""
    bare = re.sub(r"\s*\([^)]*\)$", "", item).removeprefix("the ")
    return bool(bare) and bare[0].isupper() and len(bare.split()) <= _MAX_WORDS_IN_NAME


def _sdg_numbers(printed: str) -> list[int]:
    match = _SDG_FIELD_RE.match(printed)
    if match is None:
        msg = f"{SOURCE}: cannot read SDG numbers from {printed!r}"
        raise SurveyError(msg)
    return [int(n) for n in re.findall(r"\d+", match.group("numbers"))]


def _beneficiaries(printed: str) -> tuple[str, list[str]]:
    """``(kind, entries)`` of a beneficiaries field: scope, list, or unnamed (no entries)."""
    if printed in _SCOPE_WORDS:
        return "scope", [printed]
    # "... implemented in the following countries: A, B and C." -> "A, B and C."
    items = _split_items(printed.rpartition(":")[2])
    if all(_is_name(item) for item in items):
        return "list", items
    return "unnamed", []


@dataclass(frozen=True, kw_only=True)
class _ListSpec:
    """A reviewed list definition (``tools/reference/sdg_country_lists.csv``)."""

    list_id: str
    label: str
    locator: str
    initiative_id: str | None
    after: str | None
    segments: tuple[tuple[str, str], ...] = field(default=())


def _list_specs() -> list[_ListSpec]:
    specs: list[_ListSpec] = []
    for row in read_csv_rows(REFERENCE / "sdg_country_lists.csv"):
        segments = tuple(
            (first.strip(), (last or first).strip())
            for first, _, last in (part.partition("..") for part in row["segments"].split("|"))
            if first.strip()
        )
        specs.append(
            _ListSpec(
                list_id=row["list_id"],
                label=row["list_label"],
                locator=row["locator"],
                initiative_id=row["initiative_id"] or None,
                after=row["after"] or None,
                segments=segments,
            )
        )
    return specs


def _anchored_entries(section: str, spec: _ListSpec) -> list[str]:
    """The entries of a list printed in running text, found between its first and last names.

    Each segment reaches from its first entry to its last (plus a parenthesis right after
    it); the search starts after ``spec.after`` and after the previous segment, so a name
    printed earlier in the question is not mistaken for the list's.
    """
    cursor = 0
    if spec.after is not None:
        found = section.find(spec.after)
        if found < 0:
            msg = f"{spec.list_id}: anchor {spec.after!r} not in {spec.locator}"
            raise SurveyError(msg)
        cursor = found + len(spec.after)
    entries: list[str] = []
    for first, last in spec.segments:
        start = section.find(first, cursor)
        end = section.find(last, start) if start >= 0 else -1
        if start < 0 or end < 0:
            msg = f"{spec.list_id}: segment {first!r}..{last!r} not in {spec.locator}"
            raise SurveyError(msg)
        end += len(last)
        parenthesis = re.match(r" \([^)]*\)", section[end:])
        if parenthesis:
            end += parenthesis.end()
        items = _split_items(section[start:end])
        if "\n" in section[start:end] or not all(_is_name(item) for item in items):
            msg = f"{spec.list_id}: segment {first!r}..{last!r} is not a list of names"
            raise SurveyError(msg)
        entries.extend(items)
        cursor = end
    return entries


def _verify_partners(initiative_id: str, printed: str, partners: Sequence[str]) -> None:
    """Check that the reviewed partner names occur, in order, in the printed field."""
    cursor = 0
    for partner in partners:
        found = printed.find(partner, cursor)
        if found < 0:
            msg = f"{initiative_id}: partner {partner!r} is not printed (in this order)"
            raise SurveyError(msg)
        cursor = found + len(partner)


def _verify_errata_phrases(text: str) -> None:
    """Check that the phrases the text-based errata quote are printed where they point."""
    for row in read_csv_rows(REFERENCE / "sdg_errata.csv"):
        span = locate_question(text, row["locator"])
        for phrase in (row["published"], row["established"]):
            if phrase and phrase not in span:
                msg = f"{row['id']}: {phrase!r} is not printed in {row['locator']}"
                raise SurveyError(msg)


def _write_tsv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    lines = ["\t".join(header)]
    for row in rows:
        cells = [str(cell) for cell in row]
        if any("\t" in cell or "\n" in cell or cell != cell.strip() for cell in cells):
            msg = f"{path.name}: a cell holds a tab, a line break or padding: {cells}"
            raise SurveyError(msg)
        lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _numbers(values: Iterable[int]) -> str:
    return ",".join(str(value) for value in values)


def _slice_forms(text: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Raw rows of the forms of questions 2-4 (records) and of their partner names."""
    spans = question_spans(text)
    reference = {
        (int(row["question"]), int(row["position"])): row["initiative_id"]
        for row in read_csv_rows(REFERENCE / "sdg_initiatives.csv")
    }
    partners: dict[str, list[str]] = {}
    for row in read_csv_rows(REFERENCE / "sdg_partners.csv"):
        partners.setdefault(row["initiative_id"], []).append(row["partner"])
    records: list[tuple[object, ...]] = []
    partner_rows: list[tuple[object, ...]] = []
    for question, expected_fields in _RECORD_FIELDS.items():
        start, end = spans[question]
        for position, form in enumerate(_form_records(text[start:end]), start=1):
            missing = expected_fields - {name for name, value in form.items() if value}
            if missing:
                msg = f"{SOURCE}: question {question} record {position} lacks {sorted(missing)}"
                raise SurveyError(msg)
            key = (question, position)
            records.extend((*key, name, form[name]) for name in sorted(_KEPT_FIELDS & set(form)))
            records.append((*key, "sdgs", _numbers(_sdg_numbers(form["sdgs"]))))
            if "partners" in form:
                initiative_id = reference.get(key)
                if initiative_id is None:
                    msg = f"{SOURCE}: no reviewed initiative for question {question} #{position}"
                    raise SurveyError(msg)
                names = partners.get(initiative_id, [])
                _verify_partners(initiative_id, form["partners"], names)
                partner_rows.extend((*key, n, name) for n, name in enumerate(names, start=1))
                complete = _OPEN_LIST_MARKERS.search(form["partners"]) is None
                records.append((*key, "partners_complete", "yes" if complete else "no"))
            if "beneficiaries" in form:
                kind, entries = _beneficiaries(form["beneficiaries"])
                records.append((*key, "beneficiaries", kind))
                records.extend((*key, "beneficiary", entry) for entry in entries)
    return records, partner_rows


def slice_sources(sources: Path, *, raw: Path = RAW) -> None:
    """Cut the reply's facts into ``tools/raw/desa-sdg-survey-2021_*.txt``.

    Parameters
    ----------
    sources
        The directory of the source texts (``../shared/sources``).
    raw
        Where to write the extracts; another directory lets a test compare a fresh
        slice with the committed one.

    Raises
    ------
    SurveyError
        If the text no longer has the structure this module reads (a question, a form
        field, a reviewed partner name, a list anchor or an erratum phrase is missing).
    """
    text = (sources / f"{SOURCE}.txt").read_text(encoding="utf-8")
    spans = question_spans(text)
    records, partners = _slice_forms(text)
    _write_tsv(raw / RAW_RECORDS, ("question", "position", "field", "value"), records)
    _write_tsv(
        raw / RAW_PARTNERS, ("question", "position", "partner_position", "partner"), partners
    )
    lists: list[tuple[object, ...]] = []
    for spec in _list_specs():
        if spec.initiative_id is None:
            section = locate_question(text, spec.locator)
            entries = _anchored_entries(section, spec)
            lists.extend((spec.list_id, n, entry) for n, entry in enumerate(entries, start=1))
    _write_tsv(raw / RAW_LISTS, ("list_id", "position", "entry_as_printed"), lists)
    start, end = spans[6]
    actions = [
        (int(m["number"]), _numbers(_ints(m["sdgs"])), _numbers(_ints(m["gcm"])))
        for m in (_ACTION_RE.match(line.strip()) for line in text[start:end].splitlines())
        if m is not None
    ]
    _write_tsv(raw / RAW_ACTIONS, ("action", "sdgs", "gcm_objectives"), actions)
    _verify_errata_phrases(text)


def _ints(printed: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", printed)]


# ---------------------------------------------------------------------------------------
# Stage 2: building
# ---------------------------------------------------------------------------------------

Row = dict[str, object]


def _read_tsv(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


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
        return _check_range(where, _ints(self.fields["sdgs"]), SDG_RANGE)


def _forms() -> list[_Form]:
    fields: dict[tuple[int, int], dict[str, str]] = {}
    entries: dict[tuple[int, int], list[str]] = {}
    for row in _read_tsv(RAW / RAW_RECORDS):
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
        for row in read_csv_rows(REFERENCE / "sdg_non_country_entries.csv")
    }


def _country_columns(entry: str, kind: str) -> Row:
    name, _ = _entry_parts(entry)
    # A leading article belongs to the sentence, not to the name the country table knows.
    return {"country_as_printed": name.removeprefix("the ") if kind == "country" else None}


def _provenance(question: int) -> Row:
    return {"source": SOURCE, "locator": _locator(question)}


_KINDS: Final[Mapping[int, str]] = {2: "initiative", 4: "partnership"}
_SCOPES: Final[Mapping[str, str]] = {"Global": "global", "All": "all"}
_LIST_SCOPES: Final[Mapping[str, str]] = {"list": "countries", "unnamed": "unnamed"}


def _initiative_rows(forms: Sequence[_Form]) -> dict[str, list[Row]]:
    """``sdg_initiatives`` and its partner, SDG and beneficiary tables."""
    reference = {
        (int(r["question"]), int(r["position"])): r
        for r in read_csv_rows(REFERENCE / "sdg_initiatives.csv")
    }
    partners = _partners(reference)
    overrides = {
        r["initiative_id"]: r for r in read_csv_rows(REFERENCE / "sdg_beneficiary_overrides.csv")
    }
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
    for row in _read_tsv(RAW / RAW_PARTNERS):
        printed.setdefault(ids[(int(row["question"]), int(row["position"]))], []).append(
            row["partner"]
        )
    out: dict[str, list[Row]] = {iid: [] for iid in ids.values()}
    for row in read_csv_rows(REFERENCE / "sdg_partners.csv"):
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
    reference = {int(r["position"]): r for r in read_csv_rows(REFERENCE / "sdg_resources.csv")}
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
    labels = {
        int(r["action"]): r["label"]
        for r in read_csv_rows(REFERENCE / "sdg_accelerating_actions.csv")
    }
    raw = _read_tsv(RAW / RAW_ACTIONS)
    numbers = [int(row["action"]) for row in raw]
    if numbers != list(range(1, len(numbers) + 1)) or sorted(labels) != numbers:
        msg = f"actions printed {numbers}, labelled {sorted(labels)}: not 1..N on both sides"
        raise SurveyError(msg)
    prov = _provenance(6)
    out: dict[str, list[Row]] = {"sdg_accelerating_actions": [], "sdg_action_gcm_objectives": []}
    for row in raw:
        action = int(row["action"])
        common = {**prov, "action": action, "action_label": labels[action]}
        sdgs = _check_range(f"action {action} SDGs", _ints(row["sdgs"]), SDG_RANGE)
        gcm = _check_range(
            f"action {action} GCM objectives", _ints(row["gcm_objectives"]), GCM_OBJECTIVE_RANGE
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
    for row in _read_tsv(RAW / RAW_LISTS):
        anchored.setdefault(row["list_id"], []).append(row["entry_as_printed"])
    by_initiative = {
        r["initiative_id"]: (int(r["question"]), int(r["position"]))
        for r in read_csv_rows(REFERENCE / "sdg_initiatives.csv")
    }
    form_by_key = {(form.question, form.position): form for form in forms}
    kinds = _entry_kinds()
    rows: list[Row] = []
    specs = _list_specs()
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


def _key_figures() -> list[Row]:
    # The survey's figures have no counterpart in the annual reports' indicator catalogue,
    # so no indicator is allowed (and the build does not depend on that catalogue).
    return keyfig_common.load_curated(KEY_FIGURES, SOURCE, None, indicators=frozenset())


@dataclass(frozen=True, kw_only=True)
class _CountCheck:
    """A count the reply states (a key figure) against the length of what it lists."""

    figure: str
    what: str
    count: Callable[[Mapping[str, list[Row]]], int]
    erratum: str | None = None


def _rows_where(
    dataset: str, column: str, value: object
) -> Callable[[Mapping[str, list[Row]]], int]:
    return lambda data: sum(1 for row in data[dataset] if row[column] == value)


_COUNT_CHECKS: Final = (
    _CountCheck(
        figure=f"{SOURCE}-flod-clinical-countries",
        what="countries listed for the First Line of Defence project",
        count=_rows_where("sdg_country_lists", "list_id", "flod-countries"),
        erratum=f"{SOURCE}-flod-country-count",
    ),
    _CountCheck(
        figure=f"{SOURCE}-m4sd-countries",
        what="countries listed for M4SD",
        count=_rows_where("sdg_country_lists", "list_id", "m4sd-countries"),
    ),
    _CountCheck(
        figure=f"{SOURCE}-twitter-study-countries",
        what="countries listed for the Twitter study",
        count=_rows_where("sdg_country_lists", "list_id", "twitter-study-countries"),
    ),
    _CountCheck(
        figure=f"{SOURCE}-mayors-mechanism-partners",
        what="partners listed for the Mayors Mechanism",
        count=_rows_where("sdg_initiative_partners", "initiative_id", "mayors-mechanism"),
    ),
    _CountCheck(
        figure=f"{SOURCE}-accelerating-actions-submission",
        what="accelerating actions listed",
        count=lambda data: len({row["action"] for row in data["sdg_accelerating_actions"]}),
    ),
)


def _count_errata(data: Mapping[str, list[Row]], figures: Sequence[Row]) -> list[Row]:
    """Prove each stated count against its list; a mismatch needs its reviewed erratum."""
    by_id = {str(row["id"]): row for row in figures}
    reviewed = {r["id"]: r for r in read_csv_rows(REFERENCE / "sdg_errata.csv")}
    errata: list[Row] = []
    for check in _COUNT_CHECKS:
        figure = by_id[check.figure]
        stated, listed = figure["value"], check.count(data)
        if stated == listed:
            if check.erratum is not None:
                msg = f"{check.erratum}: {check.figure} now equals the {check.what}"
                raise SurveyError(msg)
            continue
        if check.erratum is None or check.erratum not in reviewed:
            msg = f"{check.figure} states {stated} but {listed} {check.what}; no erratum"
            raise SurveyError(msg)
        ref = reviewed[check.erratum]
        errata.append(
            {
                "id": check.erratum,
                "source": SOURCE,
                "locator": ref["locator"],
                "published": f"{figure['as_printed']} {figure['unit']}",
                "established": f"{listed} {check.what}",
                "explanation": ref["explanation"],
                "proofs": None,  # the package's proofs do not count the survey's lists
            }
        )
    return errata


_ERRATA_TEXT_COLUMNS: Final = ("id", "locator", "published", "established", "explanation")


def _text_errata(data: Mapping[str, list[Row]]) -> list[Row]:
    """Errata about printed words: the published phrase must still be in the data."""
    printed = {str(row["partner"]) for row in data["sdg_initiative_partners"]}
    errata: list[Row] = []
    for ref in read_csv_rows(REFERENCE / "sdg_errata.csv"):
        if not ref["published"]:
            continue
        if ref["published"] not in printed:
            msg = f"{ref['id']}: {ref['published']!r} is no longer a printed partner"
            raise SurveyError(msg)
        row = {"source": SOURCE, **{k: ref[k] for k in _ERRATA_TEXT_COLUMNS}}
        errata.append(row | {"proofs": None})  # an erratum of a name
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
    figures = _key_figures()
    errata = [*_count_errata(data, figures), *_text_errata(data)]
    reviewed = {r["id"] for r in read_csv_rows(REFERENCE / "sdg_errata.csv")}
    if {str(row["id"]) for row in errata} != reviewed:
        msg = f"reviewed errata {sorted(reviewed)} are not all established by the build"
        raise SurveyError(msg)
    _check_rows(data)
    raised = {str(row["id"]) for row in errata}
    links: list[Row] = [
        {"erratum_id": check.erratum, "key_figure_id": check.figure, "relation": "published"}
        for check in _COUNT_CHECKS
        if check.erratum in raised
    ]
    return {**data, "key_figures": figures, "errata": errata, "key_figure_errata": links}


def _check_rows(data: Mapping[str, list[Row]]) -> None:
    """Every row has its schema's columns (less those the build fills); no stray nulls."""
    for name, rows in data.items():
        expected = set(SCHEMAS[name].names()) - set(FILLED_BY_BUILD)
        for index, row in enumerate(rows):
            if set(row) != expected:
                msg = f"{name} row {index}: columns {sorted(row)}, expected {sorted(expected)}"
                raise SurveyError(msg)
            empty = [column for column, value in row.items() if value is None]
            if set(empty) - NULLABLE:
                msg = f"{name} row {index}: {sorted(set(empty) - NULLABLE)} empty: {row}"
                raise SurveyError(msg)


def main() -> None:
    """Print the number of rows of each dataset."""
    for name, rows in sorted(build().items()):
        print(f"{name:<32} {len(rows):>4}")


if __name__ == "__main__":
    main()
