"""Version pinning: a research script states the data version it was written against.

Data versions are dotted integers (``2026.1``), so the comparison needs no third-party
parser: each version becomes a tuple of integers, padded with zeros (``2026`` equals
``2026.0``). The specifier language is the familiar subset of PEP 440.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Final

from iomdata._errors import IomdataError

__all__ = ["DataVersionError", "require"]


class DataVersionError(IomdataError, RuntimeError):
    """The installed data's version does not satisfy what a script requires."""


_Version = tuple[int, ...]
_CLAUSE: Final = re.compile(r"\s*(==|!=|~=|>=|<=|>|<)?\s*(\d+(?:\.\d+)*)(\.\*)?\s*")
_SYNTAX: Final = (
    "a data version specifier such as '>=2026.1', '==2026.1', '~=2026.1' or "
    "'>=2026.1,<2027' (comma-separated clauses, each an operator ==, !=, >=, <=, >, <, ~= "
    "and a dotted version; '==2026.*' matches a prefix)"
)


def _parse_version(text: str) -> _Version:
    if re.fullmatch(r"\d+(?:\.\d+)*", text) is None:
        msg = f"{text!r} is not a dotted data version such as 2026.1"
        raise ValueError(msg)
    return tuple(int(part) for part in text.split("."))


def _pad(version: _Version, width: int) -> _Version:
    return version + (0,) * (width - len(version))


_COMPARE: Final[dict[str, Callable[[_Version, _Version], bool]]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}


# One clause of a specifier: operator, version, and whether it ends in ".*".
_Clause = tuple[str, _Version, bool]


def _admits(clause: _Clause, installed: _Version) -> bool:
    operator_, version, prefix = clause
    width = max(len(installed), len(version))
    have, want = _pad(installed, width), _pad(version, width)
    if prefix:
        # "==2026.*": the installed version starts with the given components.
        same = have[: len(version)] == version
        return same if operator_ == "==" else not same
    if operator_ == "~=":
        # "~=2026.1" is ">=2026.1, ==2026.*": only the last component may grow.
        return have >= want and have[: len(version) - 1] == version[:-1]
    return _COMPARE[operator_](have, want)


def _parse(specifier: str) -> list[_Clause]:
    clauses = []
    for text in specifier.split(","):
        match = _CLAUSE.fullmatch(text)
        if match is None:
            msg = f"cannot read the version specifier {specifier!r}; expected {_SYNTAX}"
            raise ValueError(msg)
        operator_, version, wildcard = match.groups()
        operator_ = operator_ or "=="
        if wildcard and operator_ not in {"==", "!="}:
            msg = f"{operator_}{version}.* in {specifier!r}: '.*' goes with == or != only"
            raise ValueError(msg)
        wanted = _parse_version(version)
        if operator_ == "~=" and len(wanted) < 2:
            msg = f"~={version} in {specifier!r}: ~= needs at least two components"
            raise ValueError(msg)
        clauses.append((operator_, wanted, bool(wildcard)))
    return clauses


def _checked(specifier: object) -> str:
    # Typed as object: a script without a type checker may pass a float such as 2026.1.
    if not isinstance(specifier, str):
        msg = f"specifier must be a str such as '>=2026.1', not {type(specifier).__name__}"
        raise TypeError(msg)
    return specifier


def require(specifier: str) -> str:
    """Check that the installed data version satisfies ``specifier``; return it.

    Put this at the top of a research script to state the data version it was written
    against. When a later release of iomdata ships different data, the script stops
    with both versions named instead of silently computing on other numbers.

    Parameters
    ----------
    specifier
        Comma-separated clauses, each an operator (``==``, ``!=``, ``>=``, ``<=``,
        ``>``, ``<``, ``~=``) and a dotted version; a bare version means ``==``, and
        ``==2026.*`` matches every ``2026.x``. Versions compare component by component
        as integers (``2026.10`` is newer than ``2026.9``).

    Returns
    -------
    str
        The installed data version, as :func:`iomdata.data_version` gives it.

    Raises
    ------
    DataVersionError
        The installed data does not satisfy ``specifier``; the message names both.
    ValueError
        ``specifier`` cannot be read; the message shows the accepted form.
    TypeError
        ``specifier`` is not a string.

    Examples
    --------
    >>> import iomdata
    >>> iomdata.require(">=2026.1") == iomdata.data_version()
    True
    >>> iomdata.require("<2000")
    Traceback (most recent call last):
    ...
    iomdata._versioning.DataVersionError: this code requires iomdata data <2000, ...
    """
    from iomdata._api import data_version
    from iomdata._version import __version__

    clauses = _parse(_checked(specifier))
    installed = data_version()
    if not all(_admits(clause, _parse_version(installed)) for clause in clauses):
        msg = (
            f"this code requires iomdata data {specifier.strip()}, but the installed data "
            f"is version {installed} (package iomdata {__version__}); install a release "
            "of iomdata whose data_version() matches, or update the code to this data"
        )
        raise DataVersionError(msg)
    return installed
