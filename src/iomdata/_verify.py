"""Re-run the integrity checks and the arithmetic proofs on the installed data.

The pipeline proves every equation before it writes the data; this module proves them
again on what is installed, so that a user (``iomdata verify``) or an auditor can see
that the shipped numbers still satisfy every printed total:

* integrity: each resource's sha256, size, header and row count match the manifest,
  and no unlisted file sits beside them;
* the equations of :mod:`iomdata._proofs`: Annexes II and III: each row's grade cells
  sum to its printed Total, F + M equals that Total, every grade, F and M column sums
  to the printed Total row, the row Totals sum to the grand total, and the Total row's
  grade cells and F + M sum to its Total;
* Annex I: each table's columns sum to its Total row, and its totals agree with the
  Annex II and III totals (Table 4 by category, Table 1 by sex, Table 2 by grade band,
  Table 3 with the senior grades); Annex IV's count of nationalities agrees with the
  nationalities that have Professional staff in Annex III;
* percentages: each share printed in Annexes I and IV rounds from its counts;
* editions: a year printed in two editions has the same figures in both;
* key figures: the items of each breakdown sum to its stated total;
* cells: each cell's bounds contain its count, are exact where its status says it is
  certain, and agree with the readings listed in ``staff_ambiguous_readings``
  (:mod:`iomdata._bounds`);
* summaries: each edition's headline figures in ``staff_summaries`` equal the figures
  the tables publish (:mod:`iomdata._summaries`).

Every proof has a stable key; a failed equation whose key an erratum names (the
``proofs`` column of ``errata``) is reported as *known*: a published inconsistency kept
as published, not a defect of the data. The erratum's wording plays no part. An
erratum naming a proof that holds, or a key no proof has, is itself a failed proof
(kind ``errata``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from iomdata._errors import DataIntegrityError
from iomdata._proofs import Proof, Status, equations, explain, failed
from iomdata._resources import MANIFEST_NAME, ResourceStore

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["Proof", "VerificationReport", "installed_root", "run", "verify"]

Row = dict[str, Any]


@attrs.frozen(kw_only=True)
class VerificationReport:
    """Every proof run on the installed data.

    Examples
    --------
    >>> import iomdata
    >>> report = iomdata.verify()
    >>> report.failed()
    ()
    >>> sorted({proof.status for proof in report.proofs})  # known: explained by an erratum
    ['known', 'passed']
    """

    #: Version of the package that ran the proofs.
    package_version: str
    #: Version of the data, from the manifest (``None`` if the manifest is unreadable).
    data_version: str | None
    #: Every proof, in the order run.
    proofs: tuple[Proof, ...]

    @property
    def ok(self) -> bool:
        """True when no proof failed (known published inconsistencies are fine)."""
        return not self.failed()

    def passed(self) -> tuple[Proof, ...]:
        """The proofs that hold."""
        return self._with("passed")

    def known(self) -> tuple[Proof, ...]:
        """The failed equations that an erratum documents."""
        return self._with("known")

    def failed(self) -> tuple[Proof, ...]:
        """The proofs that fail and that no erratum explains."""
        return self._with("failed")

    def _with(self, status: Status) -> tuple[Proof, ...]:
        return tuple(proof for proof in self.proofs if proof.status == status)

    def summary(self, *, verbose: bool = False) -> str:
        """A readable account: counts per kind, known inconsistencies, failures."""
        version = self.data_version or "unknown"
        lines = [f"iomdata {self.package_version}, data {version}"]
        kinds: dict[str, list[Proof]] = defaultdict(list)
        for proof in self.proofs:
            kinds[proof.kind].append(proof)
        width = max((len(kind) for kind in kinds), default=0)
        for kind, proofs in kinds.items():
            counts = {status: sum(p.status == status for p in proofs) for status in _ORDER}
            shown = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
            lines.append(f"  {kind:<{width}}  {len(proofs):>5} checked: {shown}")
        for title, proofs in (
            ("known published inconsistencies (documented in errata)", self.known()),
            ("FAILED", self.failed()),
            *((("passed", self.passed()),) if verbose else ()),
        ):
            if proofs:
                lines.append(f"{title}:")
                # A failure shows its key: what an erratum names once it is reviewed.
                keyed = title == "FAILED"
                lines.extend(
                    f"  {proof.describe()}" + (f" (key {proof.key})" if keyed else "")
                    for proof in proofs
                )
        verdict = "all proofs hold" if self.ok else f"{len(self.failed())} proof(s) FAILED"
        lines.append(f"{verdict} ({len(self.proofs)} checked, {len(self.known())} known)")
        return "\n".join(lines)


_ORDER: Final[tuple[Status, ...]] = ("passed", "known", "failed")


def installed_root() -> Traversable:
    """The installed package's ``_data`` folder."""
    from iomdata._resources import package_data

    # A path on disk as importlib.resources gives it, without importing that (zipfile,
    # tempfile, ...) unless the package is zipped (docs/performance.md).
    root = package_data()
    if isinstance(root, str):
        import pathlib

        return pathlib.Path(root)
    return root


def verify() -> VerificationReport:
    """Re-hash every bundled resource and re-run every arithmetic proof.

    The data is read afresh (not from the cache of earlier loads), so the hashes are
    recomputed from the installed files.

    Returns
    -------
    VerificationReport
        Every proof with its outcome; ``report.ok`` is false when a proof fails that
        no erratum documents.

    Examples
    --------
    >>> import iomdata
    >>> report = iomdata.verify()
    >>> report.ok
    True
    >>> print(report.summary())  # doctest: +SKIP
    iomdata 0.1.0, data 2026.1
      integrity        25 checked: 25 passed
      row total       ...
    """
    return run(installed_root())


def run(root: Traversable) -> VerificationReport:
    """Verify the resources under ``root`` (a ``_data`` folder or a copy of one)."""
    from iomdata._version import __version__

    store = ResourceStore(root)
    try:
        manifest = store.manifest
    except DataIntegrityError as exc:
        proof = failed("integrity", f"integrity|{MANIFEST_NAME}", MANIFEST_NAME, str(exc))
        return VerificationReport(package_version=__version__, data_version=None, proofs=(proof,))
    integrity, rows = _integrity(root, store)
    checked = [*equations(rows), *_cell_proofs(rows)]
    proofs = (*integrity, *explain(checked, rows.get("errata", [])))
    return VerificationReport(
        package_version=__version__, data_version=manifest.data_version, proofs=proofs
    )


def _cell_proofs(rows: Mapping[str, list[Row]]) -> Iterator[Proof]:
    from iomdata._bounds import bounds_proofs
    from iomdata._summaries import summary_proofs

    yield from bounds_proofs(rows)
    yield from summary_proofs(rows)


def _integrity(
    root: Traversable, store: ResourceStore
) -> tuple[list[Proof], dict[str, list[Row]]]:
    """One proof per listed resource and per unlisted file; the rows of those that pass.

    The rows are read with the dataset's schema as the records are, without Polars (the
    same values as the frames' rows: tests/test_records.py): its import, and turning
    frames into Python rows, cost more than the proofs themselves (docs/performance.md).
    """
    proofs: list[Proof] = []
    rows: dict[str, list[Row]] = {}
    listed = {MANIFEST_NAME}
    for entry in store.manifest.resources:
        listed.add(entry.path)
        try:
            rows[entry.name] = list(store.read_rows(entry.name))
        except DataIntegrityError as exc:
            proofs.append(failed("integrity", f"integrity|{entry.path}", entry.path, str(exc)))
            continue
        detail = f"sha256, {entry.bytes} bytes, columns and {entry.rows} rows match the manifest"
        proofs.append(
            Proof(
                kind="integrity",
                key=f"integrity|{entry.path}",
                subject=entry.path,
                detail=detail,
                status="passed",
            )
        )
    for node in root.iterdir():
        if node.is_file() and node.name not in listed:
            detail = "file is not listed in the manifest"
            proofs.append(failed("integrity", f"integrity|{node.name}", node.name, detail))
    return proofs, rows
