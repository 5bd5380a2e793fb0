"""Prove that the country-name table covers every country name printed in the sources.

The table ``tools/reference/country_names.csv`` maps each printed spelling of a
country to one canonical (UN M49) name and its ISO 3166-1 alpha-3 code. This
script extracts the printed names independently of the table and reports, in
both directions,

* printed names that the table does not know (the pipeline would fail on them),
* table rows that no source prints (stale or mistyped rows).

Names are taken from

* ``ar2020``: Annexes II and III, first tab-separated field of each nationality row;
* ``ar2018``: Annexes II and III, text before the first number of each row, with
  names that wrap over several lines joined again;
* ``desa-sdg-survey-2021``: the lists of Member States benefiting from each
  initiative, plus the names printed in running text
  (:data:`DESA_RUNNING_TEXT_NAMES`), whose presence in the text is verified.

Run from the repository root::

    python -m tools.check_country_names [--sources ../shared/sources]

The exit status is 0 when both directions are clean, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final

import attrs

__all__ = [
    "DESA_RUNNING_TEXT_NAMES",
    "Coverage",
    "Occurrence",
    "annex_names",
    "check",
    "extract_all",
    "main",
    "names_desa",
    "normalise",
    "read_table",
]

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
TABLE: Final = REPO_ROOT / "tools" / "reference" / "country_names.csv"
DEFAULT_SOURCES: Final = REPO_ROOT.parent / "shared" / "sources"

# Entries of the DESA "benefiting" lists that name no country.
NON_COUNTRIES: Final = frozenset({"Global", "All"})

# Country names that the DESA reply prints inside sentences rather than in a list.
# Sentences cannot be parsed for names, so these were read off the text by hand; ``names_desa`` fails if one is not printed,
# so the constant cannot drift from the source. Adjectives ("Venezuelan") and
# names inside organisation names ("Coalición por Venezuela", "Red Global MX",
# "US Bureau of Population Refugees and Migration") are deliberately left out.
DESA_RUNNING_TEXT_NAMES: Final = (
    "Afghanistan",
    "Bangladesh",
    "Belgium",
    "Canada",
    "Comoros",
    "Democratic Republic of the Congo",
    "Ecuador",
    "Ethiopia",
    "Germany",
    "Ireland",
    "Italy",
    "Jamaica",
    "KSA",
    "Kingdom of Saudi Arabia",
    "Libya",
    "Luxembourg",
    "Madagascar",
    "Malawi",
    "Moldova",
    "Morocco",
    "Mozambique",
    "Nepal",
    "Netherlands",
    "Nicaragua",
    "Nigeria",
    "North Macedonia",
    "Peru",
    "Philippines",
    "Russia",
    "Senegal",
    "Serbia",
    "Somalia",
    "Spain",
    "Sweden",
    "Switzerland",
    "Syria",
    "Ukraine",
    "United Kingdom",
    "United States of America",
    "Uruguay",
    "Yemen",
)

_NUMBER_TOKEN: Final = re.compile(r"(?:^|\s)\d")
_AR2018_PAGE_FURNITURE: Final = re.compile(
    r"^(?:C/110/4|Annex (?:II|III) \(English only\)|Page \d+)$"
)
_AR2018_FOOTNOTE: Final = re.compile(r"^(?:G|E-1): ")
_AR2018_GRADE_HEADER: Final = re.compile(r"^(?:G-1|E-1) ")
# A wrapped fragment ends with at most a few spaces; a row whose cells are all
# blank (2018 Annex II prints "Kiribati" followed only by the cell separators)
# ends with one space per empty cell.
_BLANK_ROW_MIN_TRAILING_SPACES: Final = 10
_DESA_LIST_PREFIX: Final = re.compile(
    r"^Member States? ?(?:\(s\) )?benefiting from the initiative\s*"
)
_ABBREVIATION: Final = re.compile(r"^(?P<name>.+?) \((?P<abbr>[A-Z]{2,})\)$")
_LIST_ITEM: Final = re.compile(r"^[A-Z][\w\u2019'().\- ]*$")
_MAX_WORDS_IN_NAME: Final = 6


@attrs.frozen(kw_only=True)
class Occurrence:
    """One printed country name and where it was found."""

    #: the name as printed, whitespace normalised
    name: str
    #: source id, e.g. ``ar2020``
    source: str
    #: 1-based line number of the (last) line holding the name
    line: int


@attrs.frozen(kw_only=True)
class Coverage:
    """Result of comparing the printed names with the table."""

    #: printed names absent from the table, with their first occurrence
    missing: tuple[Occurrence, ...]
    #: table rows that no source prints
    unused: tuple[str, ...]
    #: number of distinct printed names per source id
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        """Whether both directions are clean."""
        return not self.missing and not self.unused


def normalise(name: str) -> str:
    r"""Collapse runs of whitespace to one space and strip the ends.

    Parameters
    ----------
    name
        Text as extracted from a source.

    Returns
    -------
    str
        The same text with whitespace normalised; nothing else changes.

    Examples
    --------
    >>> normalise("Bolivia (Plurinational \n State of) ")
    'Bolivia (Plurinational State of)'
    """
    return " ".join(name.split())


def _annex_lines(lines: Sequence[str], *, start: str, stop: str) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, line)`` from the last line equal to *start* up to *stop*.

    The last match is used because a table of contents may list the same heading
    earlier in the document.
    """
    stripped = [line.strip() for line in lines]
    first = max(i for i, text in enumerate(stripped) if text == start)
    for i in range(first, len(lines)):
        if stripped[i] == stop:
            return
        yield i + 1, lines[i]


def annex_names(source: str, text: str) -> list[Occurrence]:
    """Extract the nationality names of Annexes II and III of an annual report.

    Parameters
    ----------
    source
        ``"ar2020"`` or ``"ar2018"``: each edition prints its rows in its own way.
    text
        Contents of ``<source>.txt``.

    Returns
    -------
    list of Occurrence
        One entry per nationality row, in document order.

    Raises
    ------
    ValueError
        If ``source`` is not an edition this module reads.
    """
    if source not in _ANNEX_READERS:
        msg = f"no annex reader for {source!r}; the editions are {', '.join(_ANNEX_READERS)}"
        raise ValueError(msg)
    lines = _annex_lines(text.splitlines(), start="Annex II", stop="Annex IV")
    return _ANNEX_READERS[source](lines)


def _names_ar2020(lines: Iterable[tuple[int, str]]) -> list[Occurrence]:
    """The 2020 report's names: each table row is one line of tab-separated fields.

    A nationality row is a line whose first tab-separated field is non-empty and
    whose other fields hold at least one digit; the column headings hold none and
    the grade-heading line has an empty first field. The ``Total`` row is a sum,
    not a nationality.
    """
    found: list[Occurrence] = []
    for number, line in lines:
        first, _, rest = line.partition("\t")
        name = normalise(first)
        if name and name != "Total" and any(ch.isdigit() for ch in rest):
            found.append(Occurrence(name=name, source="ar2020", line=number))
    return found


def _is_ar2018_heading_start(text: str) -> bool:
    """Whether a stripped line opens a title or column-heading block."""
    return text in {"Annex II", "Annex III"} or text.startswith("Country of")


def _names_ar2018(lines: Iterable[tuple[int, str]]) -> list[Occurrence]:
    """The 2018 report's names: the extraction lost the table structure.

    Cells are single-space separated, long names wrap over several lines with the
    numbers on a later line (possibly after the last part of the name), and page
    headers and repeated column headings interrupt the tables. A heading block runs
    from a title or ``Country of ...`` line to the grade-heading line; name fragments
    without numbers are held until the line carrying the row's numbers.
    """
    found: list[Occurrence] = []
    pending: list[str] = []
    in_heading = False
    for number, line in lines:
        stripped = line.strip()
        if not stripped or _AR2018_PAGE_FURNITURE.match(stripped):
            continue
        if _is_ar2018_heading_start(stripped):
            in_heading = True
        if in_heading:
            in_heading = not _AR2018_GRADE_HEADER.match(stripped)
            continue
        if _AR2018_FOOTNOTE.match(stripped):
            continue
        match = _NUMBER_TOKEN.search(line)
        trailing = len(line) - len(line.rstrip(" "))
        if match is None and trailing < _BLANK_ROW_MIN_TRAILING_SPACES:
            pending.append(stripped)
            continue
        head = line if match is None else line[: match.start()]
        name = normalise(" ".join([*pending, head]))
        pending = []
        if name != "Total":
            found.append(Occurrence(name=name, source="ar2018", line=number))
    if pending:
        msg = f"ar2018: name fragments {pending!r} never reached a row of numbers"
        raise ValueError(msg)
    return found


_ANNEX_READERS: Final = {"ar2020": _names_ar2020, "ar2018": _names_ar2018}


def _split_list(items: str) -> list[str]:
    """Split ``"A, B, the C and D."`` into ``["A", "B", "C", "D"]``."""
    parts = re.split(r",\s*|\s+and\s+", items.strip().rstrip("."))
    names = [normalise(part) for part in parts if part.strip()]
    # A leading article is grammar of the sentence, not part of the name.
    return [name.removeprefix("the ") for name in names]


def _is_name_list(items: Sequence[str]) -> bool:
    """Whether every item looks like a country name rather than prose."""
    return all(
        _LIST_ITEM.match(item) and len(item.split()) <= _MAX_WORDS_IN_NAME for item in items
    )


def names_desa(text: str) -> list[Occurrence]:
    """Extract the country names of the 2021 reply to the DESA SDG questionnaire.

    Every "Member States benefiting from the initiative" entry that is a list of
    names is split into names (an abbreviation in parentheses, "(DRC)", counts as
    a spelling of its own); ``Global`` and ``All`` are not countries. The names of
    :data:`DESA_RUNNING_TEXT_NAMES` are added where the text prints them as words.

    Parameters
    ----------
    text
        Contents of ``desa-sdg-survey-2021.txt``.

    Returns
    -------
    list of Occurrence
        The list entries in document order, then the running-text names.

    Raises
    ------
    ValueError
        If a name of :data:`DESA_RUNNING_TEXT_NAMES` is not printed in *text*.
    """
    lines = text.splitlines()
    found: list[Occurrence] = []
    for number, line in enumerate(lines, start=1):
        prefix = _DESA_LIST_PREFIX.match(line)
        if prefix is None:
            continue
        # "... project implemented in the following countries: A, B" -> "A, B"
        items = _split_list(line[prefix.end() :].rpartition(":")[2])
        if not _is_name_list(items):
            continue
        for item in items:
            abbreviated = _ABBREVIATION.match(item)
            names = [item] if abbreviated is None else list(abbreviated.group("name", "abbr"))
            found.extend(
                Occurrence(name=name, source="desa-sdg-survey-2021", line=number)
                for name in names
                if name not in NON_COUNTRIES
            )
    for name in DESA_RUNNING_TEXT_NAMES:
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        where = next((n for n, line in enumerate(lines, 1) if pattern.search(line)), None)
        if where is None:
            msg = f"desa-sdg-survey-2021: {name!r} is not printed in the text"
            raise ValueError(msg)
        found.append(Occurrence(name=name, source="desa-sdg-survey-2021", line=where))
    return found


def read_table(path: Path = TABLE) -> dict[str, tuple[str, str]]:
    """Read the country-name table.

    Parameters
    ----------
    path
        The CSV file; by default ``tools/reference/country_names.csv``.

    Returns
    -------
    dict
        ``name_as_printed -> (nationality, iso3)``.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["name_as_printed"]: (row["nationality"], row["iso3"])
            for row in csv.DictReader(handle)
        }


def check(occurrences: Iterable[Occurrence], table: dict[str, tuple[str, str]]) -> Coverage:
    """Compare printed names with the table in both directions.

    Parameters
    ----------
    occurrences
        Every printed name found in the sources.
    table
        The country-name table, as returned by :func:`read_table`.

    Returns
    -------
    Coverage
        Names missing from the table, table rows printed nowhere, and counts.

    Examples
    --------
    >>> seen = [Occurrence(name="Turkey", source="ar2020", line=1)]
    >>> result = check(seen, {"Turkey": ("Türkiye", "TUR"), "Syria": ("Syria", "SYR")})
    >>> result.missing, result.unused
    ((), ('Syria',))
    """
    first: dict[str, Occurrence] = {}
    per_source: dict[str, set[str]] = {}
    for occurrence in occurrences:
        first.setdefault(occurrence.name, occurrence)
        per_source.setdefault(occurrence.source, set()).add(occurrence.name)
    missing = tuple(first[name] for name in sorted(first) if name not in table)
    unused = tuple(name for name in sorted(table) if name not in first)
    counts = {source: len(names) for source, names in sorted(per_source.items())}
    return Coverage(missing=missing, unused=unused, counts=counts)


def extract_all(sources: Path) -> list[Occurrence]:
    """Extract the printed names of all three sources in *sources*."""
    return [
        *annex_names("ar2020", (sources / "ar2020.txt").read_text(encoding="utf-8")),
        *annex_names("ar2018", (sources / "ar2018.txt").read_text(encoding="utf-8")),
        *names_desa((sources / "desa-sdg-survey-2021.txt").read_text(encoding="utf-8")),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the check and print a report; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--table", type=Path, default=TABLE)
    parser.add_argument(
        "--list", action="store_true", help="print every distinct printed name and exit"
    )
    args = parser.parse_args(argv)
    occurrences = extract_all(args.sources)
    if args.list:
        for name in sorted({occurrence.name for occurrence in occurrences}):
            print(name)
        return 0
    table = read_table(args.table)
    result = check(occurrences, table)
    for source, count in result.counts.items():
        print(f"{source}: {count} distinct printed names")
    print(f"table: {len(table)} rows")
    for occurrence in result.missing:
        print(
            f"MISSING from table: {occurrence.name!r} ({occurrence.source}, line {occurrence.line})"
        )
    for name in result.unused:
        print(f"UNUSED table row (printed in no source): {name!r}")
    print("ok" if result.ok else "FAILED")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
