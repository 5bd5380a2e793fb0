"""The reviewed key-figure files under ``tools/reference/``.

* ``key_figures_<source>.csv``: one record per claim of a source (:data:`CURATED_COLUMNS`);
  :func:`load_curated` completes each into a ``key_figures`` row, parsing ``value`` and
  ``qualifier`` from the printed phrase, and refuses unknown vocabulary, duplicate ids
  and phrases it cannot read;
* ``indicators.csv``: the ids of the comparable-indicator catalogue
  (:func:`load_indicator_ids`).

What the key-figure modules prove about the records (breakdowns, arithmetic, reviewed
errata) is read by :mod:`tools.keyfigures.reviews`.  Nothing here reads ``../shared``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Final

from tools.keyfigures.phrases import parse_printed
from tools.keyfigures.vocab import CURATED_COLUMNS, TOPICS, UNITS

__all__ = [
    "REFERENCE_DIR",
    "CurationError",
    "blank_to_none",
    "is_slug",
    "load_curated",
    "load_indicator_ids",
    "load_source",
    "load_sources",
    "read_reviewed",
    "slice_curated",
]

REFERENCE_DIR: Final = Path(__file__).resolve().parent.parent / "reference"


class CurationError(ValueError):
    """A curated key-figure file breaks a rule (vocabulary, ids, unparseable phrase)."""


_SLUG_RE: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    """Whether ``text`` is a lowercase hyphenated slug (the form of ids and facts).

    Examples
    --------
    >>> is_slug("ar2020-p184-headcount"), is_slug("Box 12")
    (True, False)
    """
    return _SLUG_RE.match(text) is not None


def load_indicator_ids(path: Path | None = None) -> frozenset[str]:
    """Return the ids of the comparable-indicator catalogue (``indicators.csv``).

    Parameters
    ----------
    path
        The catalogue; defaults to ``tools/reference/indicators.csv``.
    """
    path = path or REFERENCE_DIR / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["id"] for row in csv.DictReader(handle))


def blank_to_none(value: str | None) -> str | None:
    """A reviewed cell without its padding, or ``None`` when it is blank."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def read_reviewed(path: Path, columns: Collection[str]) -> list[tuple[int, dict[str, str | None]]]:
    """``(line number, row)`` of a reviewed CSV file that has at least ``columns``.

    Raises
    ------
    CurationError
        If the file lacks one of ``columns``.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or ())
        if missing:
            msg = f"{path}: missing columns {sorted(missing)}"
            raise CurationError(msg)
        return list(enumerate(reader, start=2))


def load_curated(
    path: Path,
    source: str,
    edition: int | None,
    *,
    indicators: Collection[str] | None = None,
) -> list[dict[str, object]]:
    """Turn a curated key-figure CSV into ``key_figures`` rows.

    Parameters
    ----------
    path
        ``tools/reference/key_figures_<source>.csv`` with the columns
        :data:`CURATED_COLUMNS` (``indicator``, ``period`` and ``fact`` may be blank).
    source
        The source id; every record id must start with ``<source>-``.
    edition
        The annual report's year, or ``None`` for sources that are not annual reports.
    indicators
        The ids an ``indicator`` may take; defaults to the catalogue
        ``tools/reference/indicators.csv``.

    Returns
    -------
    list[dict[str, object]]
        One row per record with exactly the columns :data:`COLUMNS`, ``value`` and
        ``qualifier`` parsed from ``as_printed``.

    Raises
    ------
    CurationError
        Naming the file, line and problem: a missing column, a malformed or duplicate
        id, an unknown unit, topic or indicator, an empty label or locator, or a phrase
        that :func:`parse_printed` cannot read.
    """
    known_indicators = load_indicator_ids() if indicators is None else indicators
    rows: list[dict[str, object]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for line, raw in read_reviewed(path, CURATED_COLUMNS):
        try:
            rows.append(_curated_row(raw, source, edition, known_indicators, seen))
        except (CurationError, ValueError) as error:
            problems.append(f"{path.name}:{line}: {error}")
    if problems:
        raise CurationError("\n".join(problems))
    return rows


def load_source(source: str, edition: int | None) -> list[dict[str, object]]:
    """The ``key_figures`` rows of one curated source, ``key_figures_<source>.csv``.

    :func:`load_curated` on the file of ``tools/reference`` that the key-figure modules
    keep for each source.
    """
    return load_curated(REFERENCE_DIR / f"key_figures_{source}.csv", source, edition)


def load_sources(editions: Mapping[str, int | None]) -> list[dict[str, object]]:
    """The ``key_figures`` rows of several curated sources (source -> edition), in order."""
    return [row for source, edition in editions.items() for row in load_source(source, edition)]


def slice_curated(sources: Path) -> None:
    """Do nothing: the curated files already hold every number these sources give.

    The key-figure modules' ``slice_sources``. Key figures are short number phrases
    curated in ``tools/reference``; no raw text of their sources is stored in the
    repository, and the provenance test reads ``sources`` directly when it is present.
    """
    del sources


def _curated_row(
    raw: Mapping[str, str | None],
    source: str,
    edition: int | None,
    indicators: Collection[str],
    seen: set[str],
) -> dict[str, object]:
    """Validate one curated record and complete it into a ``key_figures`` row."""
    record = {column: blank_to_none(raw.get(column)) for column in CURATED_COLUMNS}
    rid = record["id"] or ""
    prefix = f"{source}-"
    if not rid.startswith(prefix) or not _SLUG_RE.match(rid.removeprefix(prefix)):
        msg = f"id {rid!r} is not '{prefix}<lowercase-hyphenated-slug>'"
        raise CurationError(msg)
    if rid in seen:
        msg = f"duplicate id {rid!r}"
        raise CurationError(msg)
    seen.add(rid)
    for column in ("locator", "as_printed", "label", "unit", "topic"):
        if record[column] is None:
            msg = f"{rid}: empty {column}"
            raise CurationError(msg)
    unit, topic, indicator = record["unit"] or "", record["topic"] or "", record["indicator"]
    if unit not in UNITS:
        msg = f"{rid}: unknown unit {unit!r}"
        raise CurationError(msg)
    if topic not in TOPICS:
        msg = f"{rid}: unknown topic {topic!r}"
        raise CurationError(msg)
    if indicator is not None and indicator not in indicators:
        msg = f"{rid}: indicator {indicator!r} is not in the catalogue"
        raise CurationError(msg)
    fact = record["fact"]
    if fact is not None and not _SLUG_RE.match(fact):
        msg = f"{rid}: fact {fact!r} is not a lowercase hyphenated slug"
        raise CurationError(msg)
    value, qualifier = parse_printed(record["as_printed"] or "", unit)
    return {
        "source": source,
        "edition": edition,
        "locator": record["locator"],
        "id": rid,
        "indicator": indicator,
        "label": record["label"],
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "period": record["period"],
        "topic": topic,
        "as_printed": record["as_printed"],
        "fact": fact,
    }
