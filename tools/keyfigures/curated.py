"""The reviewed key-figure files under ``tools/reference/``.

* ``key_figures_<source>.csv``: one record per claim of a source (:data:`CURATED_COLUMNS`);
  :func:`load_curated` completes each into a ``key_figures`` row, parsing ``value`` and
  ``qualifier`` from the printed phrase, and refuses unknown vocabulary, duplicate ids
  and phrases it cannot read;
* ``key_figure_breakdowns_<module>.csv``: the full breakdowns a key-figure module proves,
  one row per item (:func:`load_breakdowns`);
* ``indicators.csv``: the ids of the comparable-indicator catalogue
  (:func:`load_indicator_ids`).

Nothing here reads ``../shared``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Final

from tools.keyfigures.checks import BreakdownSpec
from tools.keyfigures.phrases import parse_printed
from tools.keyfigures.vocab import CURATED_COLUMNS, TOPICS, UNITS

__all__ = [
    "BREAKDOWN_COLUMNS",
    "REFERENCE_DIR",
    "CurationError",
    "load_breakdowns",
    "load_curated",
    "load_indicator_ids",
    "load_source",
    "slice_curated",
]

REFERENCE_DIR: Final = Path(__file__).resolve().parent.parent / "reference"


BREAKDOWN_COLUMNS: Final[tuple[str, ...]] = (
    "breakdown",
    "label",
    "total_id",
    "item",
    "key_figure_id",
    "note",
)
"""The columns of a reviewed ``tools/reference/key_figure_breakdowns_<module>.csv`` file."""


class CurationError(ValueError):
    """A curated key-figure file breaks a rule (vocabulary, ids, unparseable phrase)."""


_SLUG_RE: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _reviewed_rows(
    path: Path, columns: Collection[str]
) -> list[tuple[int, dict[str, str | None]]]:
    """``(line number, row)`` of a reviewed CSV file that has at least ``columns``."""
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
    for line, raw in _reviewed_rows(path, CURATED_COLUMNS):
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
    record = {column: _blank_to_none(raw.get(column)) for column in CURATED_COLUMNS}
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


def load_breakdowns(path: Path) -> tuple[BreakdownSpec, ...]:
    """Read the full breakdowns of a reviewed file, in file order.

    Parameters
    ----------
    path
        ``tools/reference/key_figure_breakdowns_<module>.csv`` with the columns
        :data:`BREAKDOWN_COLUMNS`: one row per item, the rows of one breakdown together
        and repeating its ``label`` and ``total_id``; ``note`` (the reviewer's, never
        shipped) may be blank.

    Returns
    -------
    tuple[BreakdownSpec, ...]
        One spec per breakdown, its items in file order (their values come from the key
        figures they name, when the module proves them).

    Raises
    ------
    CurationError
        Naming the file, line and problem: a missing column, an empty cell, a breakdown
        id that is not a slug or whose rows are apart, a label or total that changes
        within a breakdown, or an item listed twice.
    """
    specs: dict[str, BreakdownSpec] = {}
    problems: list[str] = []
    last: str | None = None
    for line, raw in _reviewed_rows(path, BREAKDOWN_COLUMNS):
        try:
            _add_breakdown_item(specs, raw, last)
        except CurationError as error:
            problems.append(f"{path.name}:{line}: {error}")
        last = raw.get("breakdown")
    if problems:
        raise CurationError("\n".join(problems))
    return tuple(specs.values())


def _add_breakdown_item(
    specs: dict[str, BreakdownSpec], raw: Mapping[str, str | None], last: str | None
) -> None:
    """Add one item row to ``specs`` (breakdown id -> spec so far)."""
    row = {column: _blank_to_none(raw.get(column)) for column in BREAKDOWN_COLUMNS}
    empty = [c for c in BREAKDOWN_COLUMNS if c != "note" and row[c] is None]
    if empty:
        msg = f"empty {', '.join(empty)}"
        raise CurationError(msg)
    breakdown, label, total_id = row["breakdown"] or "", row["label"] or "", row["total_id"] or ""
    item = (row["item"] or "", row["key_figure_id"] or "")
    if not _SLUG_RE.match(breakdown):
        msg = f"breakdown {breakdown!r} is not a lowercase hyphenated slug"
        raise CurationError(msg)
    spec = specs.get(breakdown)
    if spec is None:
        specs[breakdown] = BreakdownSpec(
            breakdown=breakdown, label=label, total_id=total_id, items=(item,)
        )
        return
    if breakdown != last:
        msg = f"{breakdown}: its rows are not together"
        raise CurationError(msg)
    if (label, total_id) != (spec.label, spec.total_id):
        msg = f"{breakdown}: label or total_id differs from its first row"
        raise CurationError(msg)
    if item[0] in {name for name, _ in spec.items}:
        msg = f"{breakdown}: item {item[0]!r} is listed twice"
        raise CurationError(msg)
    specs[breakdown] = BreakdownSpec(
        breakdown=breakdown, label=label, total_id=total_id, items=(*spec.items, item)
    )
