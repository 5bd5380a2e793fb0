"""What the key-figure modules prove, as reviewed in ``tools/reference/``.

* ``key_figure_breakdowns_<module>.csv``: the full breakdowns a module proves, one row per
  item (:func:`load_breakdowns`);
* ``key_figure_checks_<module>.csv``: its arithmetic statements, each a share, a growth
  rate, a ratio or a derivation the module names (:func:`load_checks`);
* the key-figure errata of the one registry of every erratum,
  ``tools/reference/errata.toml`` (:mod:`tools.errata`, ``module = "keyfigures"``): the
  erratum id, what it explains (a package proof key of a breakdown, or the check
  ``check:<id>`` or ``fact:<id>``), the record a fact's established value rests on, and
  our explanation (:func:`load_reviewed_errata`).

:func:`load_reviews` reads all three for one key-figure module.  The reviewers' ``note``
columns say why a row is there; they are never shipped.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from tools.errata import REGISTRY, Entry, entries_of, read_registry
from tools.keyfigures.checks import (
    ArithmeticCheck,
    BreakdownSpec,
    Derivation,
    FactErratum,
    percent_change,
    ratio,
    share,
)
from tools.keyfigures.curated import (
    REFERENCE_DIR,
    CurationError,
    blank_to_none,
    is_slug,
    read_reviewed,
)

__all__ = [
    "BREAKDOWN_COLUMNS",
    "CHECK_COLUMNS",
    "ReviewedErrata",
    "Reviews",
    "load_breakdowns",
    "load_checks",
    "load_reviewed_errata",
    "load_reviews",
]

BREAKDOWN_COLUMNS: Final[tuple[str, ...]] = (
    "breakdown",
    "label",
    "total_id",
    "item",
    "key_figure_id",
    "note",
)
"""The columns of a reviewed ``tools/reference/key_figure_breakdowns_<module>.csv`` file."""

CHECK_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "figure_id",
    "derivation",
    "figures",
    "base",
    "note",
)
"""The columns of a reviewed ``tools/reference/key_figure_checks_<module>.csv`` file."""


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
    for line, raw in read_reviewed(path, BREAKDOWN_COLUMNS):
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
    row = {column: blank_to_none(raw.get(column)) for column in BREAKDOWN_COLUMNS}
    empty = [c for c in BREAKDOWN_COLUMNS if c != "note" and row[c] is None]
    if empty:
        msg = f"empty {', '.join(empty)}"
        raise CurationError(msg)
    breakdown, label, total_id = row["breakdown"] or "", row["label"] or "", row["total_id"] or ""
    item = (row["item"] or "", row["key_figure_id"] or "")
    if not is_slug(breakdown):
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


# A standard derivation from the ``figures`` and ``base`` cells (ids joined by " + ").
_STANDARD: Final[Mapping[str, str]] = {
    "share": "100 * sum(figures) / sum(base)",
    "percent_change": "100 * (figures - base) / base, one id each",
    "ratio": "the N of '1 to N': figures / base, one id each",
}


def load_checks(
    path: Path,
    *,
    explanations: Mapping[str, str],
    derivations: Mapping[str, Derivation] | None = None,
) -> tuple[ArithmeticCheck, ...]:
    """Read the arithmetic statements of a reviewed file, in file order.

    Parameters
    ----------
    path
        ``tools/reference/key_figure_checks_<module>.csv`` with the columns
        :data:`CHECK_COLUMNS`.  ``derivation`` is ``share`` (``100 * sum(figures) /
        sum(base)``), ``percent_change`` (``100 * (figures - base) / base``), ``ratio``
        (``figures / base``, the N of a ratio printed ``1 to N``), with ``figures`` and
        ``base`` key-figure ids joined by `` + ``; or the name of a derivation the module
        writes itself (``derivations``), with both cells blank.
    explanations
        Check id -> the reviewed explanation of a check known to fail (see
        :attr:`ReviewedErrata.checks`).
    derivations
        The module's own derivations by name.

    Raises
    ------
    CurationError
        Naming the file, line and problem: a missing column, a malformed or repeated
        id, an unknown derivation, ids where none belong or missing where needed; or an
        explanation of a check the file does not list.
    """
    own = dict(derivations or {})
    checks: list[ArithmeticCheck] = []
    problems: list[str] = []
    for line, raw in read_reviewed(path, CHECK_COLUMNS):
        try:
            check = _check(raw, own, explanations)
            if check.id in {c.id for c in checks}:
                msg = f"check {check.id!r} is listed twice"
                raise CurationError(msg)
            checks.append(check)
        except CurationError as error:
            problems.append(f"{path.name}:{line}: {error}")
    unknown = sorted(set(explanations) - {c.id for c in checks})
    if unknown:
        problems.append(f"{path.name}: explanations of checks it does not list: {unknown}")
    if problems:
        raise CurationError("\n".join(problems))
    return tuple(checks)


def _check(
    raw: Mapping[str, str | None],
    own: Mapping[str, Derivation],
    explanations: Mapping[str, str],
) -> ArithmeticCheck:
    row = {column: blank_to_none(raw.get(column)) for column in CHECK_COLUMNS}
    check_id, figure_id, name = row["id"] or "", row["figure_id"] or "", row["derivation"] or ""
    if not (is_slug(check_id) and is_slug(figure_id)):
        msg = f"id {check_id!r} or figure_id {figure_id!r} is not a slug"
        raise CurationError(msg)
    figures = [i.strip() for i in (row["figures"] or "").split("+") if i.strip()]
    base = [i.strip() for i in (row["base"] or "").split("+") if i.strip()]
    if name in own:
        if figures or base:
            msg = f"{check_id}: the derivation {name!r} takes no figures or base"
            raise CurationError(msg)
        derive = own[name]
    elif name not in _STANDARD:
        msg = f"{check_id}: unknown derivation {name!r}; known: {sorted({*_STANDARD, *own})}"
        raise CurationError(msg)
    elif not figures or not base or (name != "share" and len(figures) + len(base) != 2):
        msg = f"{check_id}: {name} needs figures and base ({_STANDARD[name]})"
        raise CurationError(msg)
    elif name == "share":
        derive = share(figures, base)
    elif name == "percent_change":
        derive = percent_change(figures[0], base[0])
    else:
        derive = ratio(figures[0], base[0])
    return ArithmeticCheck(
        id=check_id, figure_id=figure_id, derive=derive, explanation=explanations.get(check_id)
    )


@dataclass(frozen=True, kw_only=True)
class ReviewedErrata:
    """The reviewed errata of one key-figure module's proofs, by the proof they explain.

    Attributes
    ----------
    breakdowns
        Key of a breakdown's package proof (:func:`~tools.keyfigures.checks.prove_breakdown`)
        -> ``(erratum id, explanation)``.
    checks
        Check id (also the erratum id) -> explanation.
    facts
        Fact id -> its review (erratum id, reference record, explanation).
    """

    breakdowns: Mapping[str, tuple[str, str]]
    checks: Mapping[str, str]
    facts: Mapping[str, FactErratum]
    #: Erratum id -> the keys of the package proofs it explains (``None``: none).
    keys: Mapping[str, str | None] = field(default_factory=dict)
    #: Erratum id -> its source in the registry (the proof that raises it must agree).
    sources: Mapping[str, str] = field(default_factory=dict)


def _kind(entry: Entry) -> tuple[str, str]:
    """What a key-figure erratum explains: ``("breakdown", "")``, or a check's kind and id.

    Raises
    ------
    CurationError
        Naming the problem (see :func:`load_reviewed_errata`).
    """
    if entry.proofs and not entry.checks:
        kind, subject = "breakdown", ""
    elif len(entry.checks) == 1 and not entry.proofs:
        kind, _, subject = entry.checks[0].partition(":")
        if kind not in {"check", "fact"} or not is_slug(subject):
            msg = f"check {entry.checks[0]!r} is not check: or fact: and an id"
            raise CurationError(msg)
    else:
        msg = "explains neither package proofs (a breakdown) nor one check: or fact:"
        raise CurationError(msg)
    if kind == "check" and subject != entry.id:
        msg = f"a check's erratum takes the check's id, {subject!r}"
        raise CurationError(msg)
    if (entry.reference_id is None) == (kind == "fact"):
        msg = "a reference_id goes with a fact, and only with one"
        raise CurationError(msg)
    if any(getattr(entry, name) is not None for name in ("locator", "published", "established")):
        msg = "the proof gives locator, published and established; leave them out"
        raise CurationError(msg)
    return kind, subject


def load_reviewed_errata(
    sources: Collection[str], registry: Mapping[str, Entry] | None = None
) -> ReviewedErrata:
    """Read the registry's key-figure errata about ``sources``, in file order.

    Parameters
    ----------
    sources
        The sources of one key-figure module; an erratum belongs to its ``source``.
    registry
        The entries of ``tools/reference/errata.toml`` (default: read it,
        :func:`tools.errata.read_registry`); only those of ``module = "keyfigures"``
        count.

    Raises
    ------
    CurationError
        Naming the erratum and the problem: it explains neither package proofs nor one
        ``check:`` or ``fact:`` and an id, a check's erratum whose id is not the check's,
        a reference record given to anything but a fact (or missing for one), or a
        locator, published or established value (the proof gives those).
    """
    entries = entries_of(read_registry() if registry is None else registry, "keyfigures")
    breakdowns: dict[str, tuple[str, str]] = {}
    checks: dict[str, str] = {}
    facts: dict[str, FactErratum] = {}
    keys: dict[str, str | None] = {}
    registered: dict[str, str] = {}
    problems: list[str] = []
    for erratum_id, entry in entries.items():
        try:
            kind, subject = _kind(entry)
        except CurationError as error:
            problems.append(f"{REGISTRY.name}: erratum {erratum_id}: {error}")
            continue
        if entry.source not in sources:
            continue
        erratum = entry.fill({"locator": "", "published": "", "established": ""})
        keys[erratum_id] = erratum.proofs
        registered[erratum_id] = entry.source
        if kind == "breakdown":
            breakdowns |= dict.fromkeys(entry.proofs, (erratum_id, erratum.explanation))
        elif kind == "check":
            checks[subject] = erratum.explanation
        else:
            facts[subject] = FactErratum(
                erratum_id=erratum_id,
                reference_id=entry.reference_id or "",
                explanation=erratum.explanation,
            )
    if problems:
        raise CurationError("\n".join(problems))
    return ReviewedErrata(
        breakdowns=breakdowns, checks=checks, facts=facts, keys=keys, sources=registered
    )


@dataclass(frozen=True, kw_only=True)
class Reviews:
    """What one key-figure module proves, and the reviewed errata of the proofs that fail.

    Attributes
    ----------
    breakdowns
        The full breakdowns (``key_figure_breakdowns_<module>.csv``).
    checks
        The arithmetic statements (``key_figure_checks_<module>.csv``), with the
        explanations of those known to fail.
    errata
        The registry's errata about the module's sources.
    """

    breakdowns: tuple[BreakdownSpec, ...]
    checks: tuple[ArithmeticCheck, ...]
    errata: ReviewedErrata


def load_reviews(
    module: str,
    sources: Collection[str],
    *,
    derivations: Mapping[str, Derivation] | None = None,
) -> Reviews:
    """Read what the key-figure module ``module`` proves about ``sources``.

    Parameters
    ----------
    module
        The module's name, which names its reviewed files (``ar2020`` reads
        ``key_figure_breakdowns_ar2020.csv`` and ``key_figure_checks_ar2020.csv``).
    sources
        The sources it curates (see :func:`load_reviewed_errata`).
    derivations
        Its own derivations by name (see :func:`load_checks`).

    Raises
    ------
    CurationError
        If one of the files breaks its rules.
    """
    errata = load_reviewed_errata(sources)
    return Reviews(
        breakdowns=load_breakdowns(REFERENCE_DIR / f"key_figure_breakdowns_{module}.csv"),
        checks=load_checks(
            REFERENCE_DIR / f"key_figure_checks_{module}.csv",
            explanations=errata.checks,
            derivations=derivations,
        ),
        errata=errata,
    )
