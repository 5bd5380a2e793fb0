"""Stage 1 of the SDG survey: cut the reply's facts into ``tools/raw/``.

:func:`slice_sources` reads the reply and writes facts only to
``tools/raw/desa-sdg-survey-2021_*.txt``: the names of the initiatives, partnerships and
resources, their SDG numbers, publishing entity, audience and language, the countries
of each list, the partner names, and the SDG and GCM objective numbers of the 11
accelerating actions.  Descriptions and action titles are prose and are not copied; our
own summaries and labels live in ``tools/reference/sdg_*.csv``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from tools.sdg.source import (
    ACTION_RE,
    RAW,
    RAW_ACTIONS,
    RAW_LISTS,
    RAW_PARTNERS,
    RAW_RECORDS,
    SOURCE,
    SurveyError,
    ints,
    locate_question,
    numbers,
    question_spans,
    read_errata,
    read_reviewed,
    write_tsv,
)

__all__ = ["ListSpec", "anchored_entries", "list_specs", "slice_sources"]

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
class ListSpec:
    """A reviewed list definition (``tools/reference/sdg_country_lists.csv``).

    Attributes
    ----------
    list_id, label, locator
        The list's id, our label for it and the question that prints it.
    initiative_id
        The initiative whose beneficiary field is the list, or ``None`` for a list
        printed in running text.
    after
        A phrase printed before the list (where the search for it starts), or ``None``.
    segments
        ``(first entry, last entry)`` of each run of names that makes up the list.
    """

    list_id: str
    label: str
    locator: str
    initiative_id: str | None
    after: str | None
    segments: tuple[tuple[str, str], ...] = field(default=())


def list_specs() -> list[ListSpec]:
    """The reviewed list definitions, in file order."""
    specs: list[ListSpec] = []
    for row in read_reviewed("sdg_country_lists.csv"):
        segments = tuple(
            (first.strip(), (last or first).strip())
            for first, _, last in (part.partition("..") for part in row["segments"].split("|"))
            if first.strip()
        )
        specs.append(
            ListSpec(
                list_id=row["list_id"],
                label=row["list_label"],
                locator=row["locator"],
                initiative_id=row["initiative_id"] or None,
                after=row["after"] or None,
                segments=segments,
            )
        )
    return specs


def anchored_entries(section: str, spec: ListSpec) -> list[str]:
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
    for erratum in read_errata().values():
        if erratum.locator is None:
            continue
        span = locate_question(text, erratum.locator)
        for phrase in (erratum.published, erratum.established):
            if phrase is not None and phrase not in span:
                msg = f"{erratum.id}: {phrase!r} is not printed in {erratum.locator}"
                raise SurveyError(msg)


def _slice_forms(text: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Raw rows of the forms of questions 2-4 (records) and of their partner names."""
    spans = question_spans(text)
    reference = {
        (int(row["question"]), int(row["position"])): row["initiative_id"]
        for row in read_reviewed("sdg_initiatives.csv")
    }
    partners: dict[str, list[str]] = {}
    for row in read_reviewed("sdg_partners.csv"):
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
            records.append((*key, "sdgs", numbers(_sdg_numbers(form["sdgs"]))))
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
    write_tsv(raw / RAW_RECORDS, ("question", "position", "field", "value"), records)
    write_tsv(
        raw / RAW_PARTNERS, ("question", "position", "partner_position", "partner"), partners
    )
    lists: list[tuple[object, ...]] = []
    for spec in list_specs():
        if spec.initiative_id is None:
            section = locate_question(text, spec.locator)
            entries = anchored_entries(section, spec)
            lists.extend((spec.list_id, n, entry) for n, entry in enumerate(entries, start=1))
    write_tsv(raw / RAW_LISTS, ("list_id", "position", "entry_as_printed"), lists)
    start, end = spans[6]
    actions = [
        (int(m["number"]), numbers(ints(m["sdgs"])), numbers(ints(m["gcm"])))
        for m in (ACTION_RE.match(line.strip()) for line in text[start:end].splitlines())
        if m is not None
    ]
    write_tsv(raw / RAW_ACTIONS, ("action", "sdgs", "gcm_objectives"), actions)
    _verify_errata_phrases(text)
