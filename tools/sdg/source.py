"""The reply itself: its id, the paths of its raw extracts, its numbered questions.

Source ``desa-sdg-survey-2021``, IOM's 2021 reply to the UN DESA (ECESA Plus) SDG
questionnaire.  Its locators are ``Question N``, the questionnaire's numbered questions
(1-7); :func:`locate_question` returns the text of one.  Both stages of the survey's
pipeline (:mod:`tools.sdg.slicing` and :mod:`tools.sdg.survey`) and its key figures
(:mod:`tools.keyfigures.sdg_survey`) read the reply through this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from tools.errata import Entry, entries_of, read_registry
from tools.reference import read_csv_rows

__all__ = [
    "ACTION_RE",
    "GCM_OBJECTIVE_RANGE",
    "QUESTIONS",
    "RAW",
    "RAW_ACTIONS",
    "RAW_FILES",
    "RAW_LISTS",
    "RAW_PARTNERS",
    "RAW_RECORDS",
    "REFERENCE",
    "SDG_RANGE",
    "SOURCE",
    "SurveyError",
    "ints",
    "locate_question",
    "numbers",
    "question_locator",
    "question_spans",
    "read_errata",
    "read_raw",
    "read_reviewed",
    "read_tsv",
    "write_tsv",
]

SOURCE: Final = "desa-sdg-survey-2021"
_TOOLS: Final = Path(__file__).resolve().parent.parent
RAW: Final = _TOOLS / "raw"
REFERENCE: Final = _TOOLS / "reference"

# The raw extracts (tab-separated, one header line), by content.
RAW_RECORDS: Final = f"{SOURCE}_records.txt"
RAW_PARTNERS: Final = f"{SOURCE}_partners.txt"
RAW_LISTS: Final = f"{SOURCE}_lists.txt"
RAW_ACTIONS: Final = f"{SOURCE}_actions.txt"
RAW_FILES: Final = (RAW_RECORDS, RAW_PARTNERS, RAW_LISTS, RAW_ACTIONS)

SDG_RANGE: Final = range(1, 18)
GCM_OBJECTIVE_RANGE: Final = range(1, 24)
QUESTIONS: Final = range(1, 8)


class SurveyError(ValueError):
    """The text, the raw extracts or the reviewed files break an expectation."""


# ---------------------------------------------------------------------------------------
# Locating the questions
# ---------------------------------------------------------------------------------------

ACTION_RE: Final = re.compile(
    r"^(?P<number>\d+)\.\s.*\(SDGs?:\s*(?P<sdgs>[\d,\s]+);\s*"
    r"GCM Objectives?:\s*(?P<gcm>[\d,\s]+)\)\s*$"
)
"""An accelerating action of question 6: ``N. <title> (SDGs: 1, 10; GCM Objectives: 15)``."""


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
            and not ACTION_RE.match(line.strip())
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

    This is the survey's layout for :func:`tools.keyfigures.locate.locate`, whose
    :class:`~tools.keyfigures.locate.Layout` knows paragraphs, boxes and headings but not
    numbered questions; :mod:`tools.keyfigures.sdg_survey` declares it.

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


def question_locator(question: int) -> str:
    """The locator of a question: ``Question N``."""
    return f"Question {question}"


# ---------------------------------------------------------------------------------------
# The raw extracts: tab-separated, one header line
# ---------------------------------------------------------------------------------------


def write_tsv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a raw extract; refuse a cell with a tab, a line break or padding."""
    lines = ["\t".join(header)]
    for row in rows:
        cells = [str(cell) for cell in row]
        if any("\t" in cell or "\n" in cell or cell != cell.strip() for cell in cells):
            msg = f"{path.name}: a cell holds a tab, a line break or padding: {cells}"
            raise SurveyError(msg)
        lines.append("\t".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def numbers(values: Iterable[int]) -> str:
    """A raw cell of numbers: ``1,10,15``."""
    return ",".join(str(value) for value in values)


def ints(printed: str) -> list[int]:
    """The numbers printed in a phrase, in order."""
    return [int(n) for n in re.findall(r"\d+", printed)]


def read_tsv(path: Path) -> list[dict[str, str]]:
    """The rows of a raw extract, by header."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def read_raw(name: str) -> list[dict[str, str]]:
    """The rows of the committed raw extract ``tools/raw/<name>``."""
    return read_tsv(RAW / name)


def read_reviewed(name: str) -> list[dict[str, str]]:
    """The rows of the reviewed file ``tools/reference/<name>``."""
    return read_csv_rows(REFERENCE / name)


def read_errata() -> dict[str, Entry]:
    """The survey's errata of the one registry (``tools/reference/errata.toml``), by id."""
    return entries_of(read_registry(), "sdg", (SOURCE,))
