"""The reviewed registry of the staff errata (``tools/reference/errata_staff.toml``).

Every erratum of the staff datasets is written once, in that file: its id, its source,
the keys of the package proofs it explains (:mod:`iomdata._proofs`, shipped in the
``proofs`` column and checked by ``tools/build_data.py`` on the rows it writes), the
keys of the pipeline's own checks it explains (:mod:`tools.staff.proofs`) and its text,
in our own words, with ``{name}`` fields for the values an adapter computes from the
data. An adapter runs its checks with :func:`explained` (so that exactly the registered
failures pass), then turns the registry into rows with :func:`errata`, handing in the
values of each erratum the data call for.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import attrs

from iomdata._proofs import KEY_SEPARATOR
from tools.staff.proofs import Erratum, Ledger
from tools.staff.readings import ProofError

__all__ = ["REGISTRY", "Entry", "errata", "explained", "read_registry"]

#: The reviewed file of the staff errata.
REGISTRY: Final = Path(__file__).resolve().parent.parent / "reference" / "errata_staff.toml"


@attrs.frozen(kw_only=True)
class Entry:
    """One erratum of the registry; its text fields are templates (``str.format``)."""

    id: str
    source: str
    #: Keys of the package proofs (:mod:`iomdata._proofs`) it explains.
    proofs: tuple[str, ...]
    #: Keys of the pipeline's checks (:mod:`tools.staff.proofs`) it explains.
    checks: tuple[str, ...] = ()
    locator: str
    published: str
    established: str
    explanation: str

    def fill(self, values: Mapping[str, object]) -> Erratum:
        """The erratum with its ``{name}`` fields filled from ``values``.

        Raises
        ------
        ProofError
            If a field names a value that ``values`` lacks.
        """
        try:
            return Erratum(
                id=self.id,
                source=self.source,
                locator=self.locator.format(**values),
                published=self.published.format(**values),
                established=self.established.format(**values),
                explanation=self.explanation.format(**values),
                proofs=KEY_SEPARATOR.join(self.proofs) or None,
            )
        except KeyError as missing:
            msg = f"erratum {self.id}: no value for {missing} (values: {sorted(values)})"
            raise ProofError(msg) from None


def read_registry(path: Path = REGISTRY) -> dict[str, Entry]:
    """The registry's entries by id, in the file's order.

    Examples
    --------
    >>> registry = read_registry()
    >>> registry["ar2020-para184-headcount"].checks
    ('para184|headcount=total',)
    >>> registry["ar2018-annex1-table4-2005-professional-share"].proofs
    ('ar2018|Annex I Table 4|percent 2005',)
    """
    entries: dict[str, Entry] = {}
    for raw in tomllib.loads(path.read_text(encoding="utf-8"))["erratum"]:
        entry = Entry(
            id=str(raw["id"]),
            source=str(raw["source"]),
            proofs=tuple(str(key) for key in raw["proofs"]),
            checks=tuple(str(key) for key in raw.get("checks", ())),
            locator=str(raw["locator"]),
            published=str(raw["published"]),
            established=str(raw["established"]),
            explanation=str(raw["explanation"]),
        )
        if any(KEY_SEPARATOR in key for key in entry.proofs):
            msg = f"{path.name}: a proof key of {entry.id} holds {KEY_SEPARATOR!r}"
            raise ValueError(msg)
        if entry.id in entries:
            msg = f"{path.name} lists {entry.id} twice"
            raise ValueError(msg)
        if not entry.id.startswith(f"{entry.source}-"):
            msg = f"{path.name}: {entry.id} is not prefixed with its source {entry.source}"
            raise ValueError(msg)
        entries[entry.id] = entry
    return entries


def explained(registry: Mapping[str, Entry], source: str) -> dict[str, list[str]]:
    """Erratum id -> the keys of the pipeline's checks it explains, for ``source``."""
    return {e.id: list(e.checks) for e in registry.values() if e.source == source}


def errata(
    registry: Mapping[str, Entry],
    source: str,
    ledger: Ledger,
    values: Mapping[str, Mapping[str, object]],
) -> list[Erratum]:
    """The errata of ``source`` in the registry's order, once the proofs have run.

    Parameters
    ----------
    registry
        From :func:`read_registry`.
    source
        Whose errata.
    ledger
        The proofs of the edition, run with :func:`explained` of the same registry.
    values
        Erratum id -> the values its text needs, for every erratum the data call for.
        The two sides of its first check are there by default as ``locator``,
        ``published`` and ``established``.

    Raises
    ------
    ProofError
        If the data call for an erratum the registry lacks, the registry lists one the
        data no longer call for, or an erratum names an equation no proof checked.
    """
    mine = [entry for entry in registry.values() if entry.source == source]
    unknown = sorted(set(values) - {entry.id for entry in mine})
    if unknown:
        msg = f"errata not in {REGISTRY.name} (review them and add them): {unknown}"
        raise ProofError(msg)
    stale = [entry.id for entry in mine if entry.id not in values]
    if stale:
        msg = f"{REGISTRY.name} lists errata the data no longer call for: {stale}"
        raise ProofError(msg)
    unchecked = ledger.unchecked()
    if unchecked:
        msg = f"errata name equations that were never checked: {unchecked}"
        raise ProofError(msg)
    out = []
    for entry in mine:
        fields: dict[str, object] = {}
        if entry.checks and entry.checks[0] in ledger.sides:
            fields |= dict(
                zip(
                    ("locator", "published", "established"),
                    ledger.sides[entry.checks[0]],
                    strict=True,
                )
            )
        out.append(entry.fill(fields | dict(values[entry.id])))
    return out
