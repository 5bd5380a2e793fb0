"""The one reviewed registry of every erratum (``tools/reference/errata.toml``).

Every published inconsistency the data keep is written once, in that file, whichever
pipeline raises it: its id, its source, the pipeline module that raises it, the keys of
the package proofs it explains (:mod:`iomdata._proofs`, shipped in the ``proofs``
column of ``errata`` and matched by key by ``iomdata verify``), the keys of the
pipeline's own checks it explains (never shipped) and its text, in our own words.

A text field is a template (``str.format``): ``{name}`` is a value the raising module
computes from the data, never typed in the registry. ``locator``, ``published`` and
``established`` may be left out; they are then the proof's own sides, handed in as
``{locator}``, ``{published}`` and ``{established}``.

:func:`read_registry` reads and checks the file; each module takes its own entries
(:func:`entries_of`): :mod:`tools.staff.errata`, :mod:`tools.keyfigures.reviews` and
:mod:`tools.sdg.survey`.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

import attrs

from iomdata._proofs import KEY_SEPARATOR
from iomdata._source_records import Erratum
from tools.reference import REFERENCE, read_csv_rows

__all__ = [
    "MODULES",
    "REGISTRY",
    "Entry",
    "RegistryError",
    "entries_of",
    "known_sources",
    "read_registry",
]

#: The reviewed file of every erratum.
REGISTRY: Final = REFERENCE / "errata.toml"

#: The pipeline modules that raise errata (an entry's ``module``).
MODULES: Final = ("staff", "keyfigures", "sdg")

_SLUG: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TEXT_FIELDS: Final = ("locator", "published", "established", "explanation")
_REQUIRED: Final = ("id", "source", "module")
_FIELDS: Final = frozenset({*_REQUIRED, "proofs", "checks", "reference_id"})


class RegistryError(ValueError):
    """The registry breaks a rule, or an entry's text needs a value nobody handed in."""


@attrs.frozen(kw_only=True)
class Entry:
    """One reviewed erratum; its text fields are templates (``str.format``)."""

    #: The errata row's id, prefixed with its source.
    id: str
    #: The source whose figure is inconsistent (an id of ``reference/sources.csv``).
    source: str
    #: The pipeline module that raises it (one of :data:`MODULES`).
    module: str
    #: Keys of the package proofs (:mod:`iomdata._proofs`) it explains.
    proofs: tuple[str, ...] = ()
    #: Keys of the raising module's own checks it explains.
    checks: tuple[str, ...] = ()
    #: A key-figure erratum of a fact: the record its established value rests on.
    reference_id: str | None = None
    #: The text fields; ``None``: the proof's own side (``{locator}`` etc.).
    locator: str | None = None
    published: str | None = None
    established: str | None = None
    explanation: str

    def fill(self, values: Mapping[str, object]) -> Erratum:
        """The erratum with its ``{name}`` fields filled from ``values``.

        Examples
        --------
        >>> entry = Entry(id="x-a", source="x", module="staff", explanation="{n} is odd")
        >>> erratum = entry.fill({"n": 3, "locator": "p. 1", "published": "3", "established": "4"})
        >>> (erratum.locator, erratum.explanation, erratum.proofs)
        ('p. 1', '3 is odd', None)

        Raises
        ------
        RegistryError
            If a field names a value that ``values`` lacks.
        """
        texts = {
            name: f"{{{name}}}" if getattr(self, name) is None else str(getattr(self, name))
            for name in _TEXT_FIELDS
        }
        try:
            filled = {name: text.format(**values) for name, text in texts.items()}
        except KeyError as missing:
            msg = f"erratum {self.id}: no value for {missing} (values: {sorted(values)})"
            raise RegistryError(msg) from None
        return Erratum(
            id=self.id,
            source=self.source,
            proofs=KEY_SEPARATOR.join(self.proofs) or None,
            **filled,
        )


def _keys(raw: Mapping[str, object], name: str) -> tuple[str, ...]:
    value = raw.get(name, [])
    if not isinstance(value, list) or not all(isinstance(key, str) and key for key in value):
        msg = f"{name} is not a list of keys"
        raise RegistryError(msg)
    if any(KEY_SEPARATOR in key for key in value):
        msg = f"a key of {name} holds {KEY_SEPARATOR!r}"
        raise RegistryError(msg)
    if len(set(value)) != len(value):
        msg = f"{name} lists a key twice"
        raise RegistryError(msg)
    return tuple(value)


def _text(raw: Mapping[str, object], name: str, *, required: bool = False) -> str | None:
    value = raw.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        msg = f"{name} is {'missing or ' if required else ''}not a non-empty string"
        raise RegistryError(msg)
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(value) if field is not None]
    except ValueError as error:
        msg = f"{name} is not a template ({error}; write {{{{ and }}}} for braces)"
        raise RegistryError(msg) from None
    if not all(field and not field[0].isdigit() for field in fields):
        msg = f"{name} has a template field without a name"
        raise RegistryError(msg)
    return value


def _entry(raw: Mapping[str, object], sources: frozenset[str]) -> Entry:
    """One entry of the file, checked on its own."""
    unknown = sorted(set(raw) - _FIELDS - set(_TEXT_FIELDS))
    if unknown:
        msg = f"unknown fields {unknown}"
        raise RegistryError(msg)
    ident, source, module = (_text(raw, name, required=True) or "" for name in _REQUIRED)
    if not _SLUG.match(ident):
        msg = "id is not a lowercase hyphenated slug"
        raise RegistryError(msg)
    if source not in sources:
        msg = f"source {source!r} is not in sources.csv ({', '.join(sorted(sources))})"
        raise RegistryError(msg)
    if not ident.startswith(f"{source}-"):
        msg = f"id is not prefixed with its source {source}"
        raise RegistryError(msg)
    if module not in MODULES:
        msg = f"module {module!r} is not one of {', '.join(MODULES)}"
        raise RegistryError(msg)
    return Entry(
        id=ident,
        source=source,
        module=module,
        proofs=_keys(raw, "proofs"),
        checks=_keys(raw, "checks"),
        reference_id=_text(raw, "reference_id"),
        locator=_text(raw, "locator"),
        published=_text(raw, "published"),
        established=_text(raw, "established"),
        explanation=_text(raw, "explanation", required=True) or "",
    )


def known_sources() -> frozenset[str]:
    """The source ids of ``reference/sources.csv``."""
    return frozenset(row["id"] for row in read_csv_rows(REFERENCE / "sources.csv"))


def read_registry(path: Path = REGISTRY) -> dict[str, Entry]:
    """Every entry of the registry by id, in the file's order.

    Examples
    --------
    >>> entry = read_registry()["ar2018-private-partnerships-breakdown"]
    >>> entry.module, entry.proofs
    ('keyfigures', ('ar2018|breakdown ar2018-private-partnerships-by-purpose',))

    Raises
    ------
    RegistryError
        Naming the file, the entry (its position and id) and the problem: a field that is
        missing, unknown or of the wrong type, an id that is not a slug, is repeated or
        lacks its source's prefix, a source that ``sources.csv`` does not list, an unknown
        module, or a key given twice, or holding the separator ``;``, or named by two
        errata.
    """
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        msg = f"{path.name}: {error}"
        raise RegistryError(msg) from None
    raws = document.get("erratum")
    if set(document) != {"erratum"} or not isinstance(raws, list):
        msg = f"{path.name}: holds anything but a list of [[erratum]] tables"
        raise RegistryError(msg)
    sources = known_sources()
    entries: dict[str, Entry] = {}
    named: dict[str, str] = {}
    problems: list[str] = []
    for position, raw in enumerate(raws, start=1):
        if not isinstance(raw, dict):
            problems.append(f"{path.name}: erratum {position} is not a table")
            continue
        where = f"{path.name}: erratum {position} ({raw.get('id', 'without id')})"
        try:
            entry = _entry(raw, sources)
            if entry.id in entries:
                msg = "id is repeated"
                raise RegistryError(msg)
            for key in (*entry.proofs, *(f"{entry.module}: {check}" for check in entry.checks)):
                if key in named:
                    msg = f"{key} is explained by {named[key]} too"
                    raise RegistryError(msg)
                named[key] = entry.id
        except RegistryError as error:
            problems.append(f"{where}: {error}")
            continue
        entries[entry.id] = entry
    if problems:
        raise RegistryError("\n".join(problems))
    return entries


def entries_of(
    registry: Mapping[str, Entry], module: str, sources: Sequence[str] | None = None
) -> dict[str, Entry]:
    """The entries ``module`` raises (of ``sources`` only, if given), in the file's order.

    Examples
    --------
    >>> sorted({e.source for e in entries_of(read_registry(), "keyfigures").values()})
    ['ar2018', 'ar2020', 'ar2020-highlights', 'priorities2020']
    """
    return {
        ident: entry
        for ident, entry in registry.items()
        if entry.module == module and (sources is None or entry.source in sources)
    }
