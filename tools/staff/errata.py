"""The staff errata of the one reviewed registry (``tools/reference/errata.toml``).

Every erratum of the staff datasets is written once, in that file (read by
:mod:`tools.errata`, ``module = "staff"``): its id, its source, the keys of the package
proofs it explains (:mod:`iomdata._proofs`, shipped in the ``proofs`` column and checked
by ``tools/build_data.py`` on the rows it writes), the keys of the pipeline's own checks
it explains (:mod:`tools.staff.proofs`) and its text, in our own words, with ``{name}``
fields for the values an adapter computes from the data. An adapter runs its checks
with :func:`explained` (so that exactly the registered failures pass), then turns the
registry into rows with :func:`errata`, handing in the values of each erratum the data
call for.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tools.errata import REGISTRY, Entry, RegistryError, entries_of
from tools.errata import read_registry as read_every_erratum
from tools.staff.proofs import Erratum, Ledger
from tools.staff.readings import ProofError

__all__ = ["REGISTRY", "Entry", "errata", "explained", "read_registry"]


def read_registry(path: Path = REGISTRY) -> dict[str, Entry]:
    """The registry's staff entries by id, in the file's order.

    Examples
    --------
    >>> registry = read_registry()
    >>> registry["ar2020-para184-headcount"].checks
    ('para184|headcount=total',)
    >>> registry["ar2018-annex1-table4-2005-professional-share"].proofs
    ('ar2018|Annex I Table 4|percent 2005',)
    """
    return entries_of(read_every_erratum(path), "staff")


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
        try:
            out.append(entry.fill(fields | dict(values[entry.id])))
        except RegistryError as error:
            raise ProofError(str(error)) from None
    return out
