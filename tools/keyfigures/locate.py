"""Locating a key figure's claim in its source text.

A locator (``para 184``, ``Box 12``, ``Foreword``, a section heading) names a span of a
source.  How a source is organised is its :class:`Layout` (or, where a layout cannot
describe it, a function ``f(text, locator) -> span``); each source's key-figure module
declares it, and :mod:`tools.keyfigures.sources` looks it up.  :func:`locate` returns
the span and :func:`check_provenance` checks that the printed phrase occurs there.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeAlias

from tools.keyfigures.phrases import normalise, parse_printed

__all__ = [
    "Heading",
    "Layout",
    "Locator",
    "LocatorError",
    "SourceLayout",
    "check_provenance",
    "locate",
    "outline",
]


class LocatorError(LookupError):
    """A locator does not name a span of the source text."""


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


def outline(text: str) -> tuple[Heading, ...]:
    r"""Read headings from an outline: one heading a line, each level indented four spaces.

    A source's table of contents, written as it reads, gives its headings in document
    order; blank lines are ignored.

    Raises
    ------
    ValueError
        If a line is indented by other than a multiple of four spaces.

    Examples
    --------
    >>> outline("Foreword\n    Staff security\n")
    (Heading(text='Foreword', level=1), Heading(text='Staff security', level=2))
    """
    headings: list[Heading] = []
    for line in text.splitlines():
        heading = line.lstrip(" ")
        if not heading.strip():
            continue
        indent = len(line) - len(heading)
        if indent % 4:
            msg = f"outline line {line!r} is indented by {indent} spaces, not a multiple of 4"
            raise ValueError(msg)
        headings.append(Heading(text=heading.rstrip(), level=indent // 4 + 1))
    return tuple(headings)


Locator: TypeAlias = Callable[[str, str], str]
"""``f(text, locator) -> span`` for a source that a :class:`Layout` cannot describe (e.g.
the numbered questions of a questionnaire); it raises ``LookupError`` or ``ValueError``
when the locator names nothing."""

SourceLayout: TypeAlias = Layout | Locator
"""How a source is organised: a :class:`Layout` or a :data:`Locator` of its own."""


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


def locate(text: str, layout: SourceLayout, locator: str) -> str:
    r"""Return the text span that ``locator`` names in a source organised as ``layout``.

    Parameters
    ----------
    text
        The full source text (from ``../shared/sources/<source>.txt``).
    layout
        The source's layout, as its key-figure module declares it (see
        :func:`tools.keyfigures.sources.layout_of`); a :data:`Locator` is called as is.
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
        If the locator names nothing in the text (a :data:`Locator` raises its own
        ``LookupError`` or ``ValueError``).

    Examples
    --------
    >>> doc = "FOREWORD\nIntro 5.\n1. First 10 items.\nBox 1. Aside 3\n2. Second 20."
    >>> layout = Layout(body_start="FOREWORD", numbered_paragraphs=True, boxes=True)
    >>> locate(doc, layout, "para 1")
    '1. First 10 items.\n'
    >>> locate(doc, layout, "Box 1")
    'Box 1. Aside 3\n'
    """
    if not isinstance(layout, Layout):
        return layout(text, locator)
    body = _body(text, layout)
    para = re.fullmatch(r"para (\d+)", locator)
    box = re.fullmatch(r"Box (\d+)", locator)
    if para and layout.numbered_paragraphs:
        return _paragraph_text(text, layout, body, int(para.group(1)))
    if box and layout.boxes:
        spans = _box_spans(text, layout, body)
        number = int(box.group(1))
        if number not in spans:
            msg = f"no Box {number}; boxes: {sorted(spans)}"
            raise LocatorError(msg)
        return text[spans[number].start : spans[number].end]
    return _heading_text(text, layout, body, locator)


def _paragraph_text(text: str, layout: Layout, body: _Span, number: int) -> str:
    starts = _paragraph_starts(text, body)
    if not 1 <= number <= len(starts):
        msg = f"no paragraph {number}; paragraphs 1-{len(starts)}"
        raise LocatorError(msg)
    start = starts[number - 1]
    end = starts[number] if number < len(starts) else body.end
    holes = _box_spans(text, layout, body).values() if layout.boxes else ()
    return _cut(text, _Span(start, end), holes)


def _heading_text(text: str, layout: Layout, body: _Span, locator: str) -> str:
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
    msg = f"locator {locator!r} is not para N, Box N or a heading of {names}"
    raise LocatorError(msg)


def _phrase_regex(as_printed: str) -> re.Pattern[str]:
    """Match a normalised phrase that is not glued to further digits or letters."""
    return re.compile(rf"(?<![\w.,]){re.escape(normalise(as_printed))}(?![\w]|[.,]\d)")


def check_provenance(record: Mapping[str, object], text: str, layout: SourceLayout) -> list[str]:
    """Return the problems of one key-figure record against its source text.

    The record must have ``source``, ``locator``, ``as_printed``, ``unit``, ``value``
    and ``qualifier``.  Checked: the locator names a span; ``as_printed`` occurs in that
    span (after :func:`normalise`, not inside a longer number); and parsing
    ``as_printed`` gives the record's ``value`` and ``qualifier``.

    Parameters
    ----------
    record
        A ``key_figures`` row.
    text
        The text of the record's source.
    layout
        That source's layout (see :func:`locate`).

    Returns
    -------
    list[str]
        Empty when the record is proven by the text.
    """
    rid = record.get("id")
    try:
        span = locate(text, layout, str(record["locator"]))
    except (LookupError, ValueError) as error:
        # A source's own Locator raises its own errors (lookup or value errors).
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
