"""Reading printed number phrases: the ``value`` and ``qualifier`` of a key figure.

A key figure is curated as the number phrase its source prints (``as_printed``, e.g.
``more than 2.75 million``); :func:`parse_printed` derives ``value`` and ``qualifier``
from it in the figure's unit, so no number is typed twice.  :func:`normalise` unifies the
typographic variants of extracted text before phrases and spans are compared.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Final

from tools.keyfigures.vocab import UNIT_SCALE, UNITS

__all__ = ["normalise", "parse_printed"]


# Longest phrases first, so "more than" wins over a hypothetical "more".
_QUALIFIER_PHRASES: Final[tuple[tuple[str, str], ...]] = (
    ("an estimated", "approximately"),
    ("close to", "nearly"),
    ("approximately", "approximately"),
    ("more than", "more_than"),
    ("fewer than", "less_than"),
    ("less than", "less_than"),
    ("exceeding", "over"),
    ("estimated", "approximately"),
    ("exceeded", "over"),
    ("at least", "at_least"),
    ("roughly", "approximately"),
    ("nearly", "nearly"),
    ("almost", "nearly"),
    ("around", "approximately"),
    ("about", "approximately"),
    ("up to", "up_to"),
    ("under", "less_than"),
    ("over", "over"),
    ("some", "approximately"),
)

_SMALL_WORDS: Final = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
)
_TENS_WORDS: Final = "twenty thirty forty fifty sixty seventy eighty ninety"
_SMALL: Final[Mapping[str, int]] = {w: n for n, w in enumerate(_SMALL_WORDS.split())}
_TENS: Final[Mapping[str, int]] = {w: 10 * n for n, w in enumerate(_TENS_WORDS.split(), 2)}
# "once" and "twice" count occasions ("used once from the Panama warehouse"); "no"
# states a zero ("no new Member States joined").
_MULTIPLICATIVE: Final[Mapping[str, int]] = {"once": 1, "twice": 2, "no": 0, "none": 0}
# Words that are a multiplicative factor on their own ("double the 2017 contributions");
# like "five-fold" or "fivefold" they are read only in the unit ``times``.
_FACTOR_WORDS: Final[Mapping[str, int]] = {"double": 2}
# Printed currency codes (casefolded, as :func:`normalise` leaves them) and the first
# word of the units that hold such amounts.
_CURRENCIES: Final[Mapping[str, str]] = {"usd": "USD", "chf": "CHF"}
_SCALES: Final[Mapping[str, float]] = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_FRACTIONS: Final[Mapping[str, float]] = {
    "half": 1 / 2,
    "halves": 1 / 2,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 1 / 4,
    "quarters": 1 / 4,
    "fifth": 1 / 5,
    "fifths": 1 / 5,
    "tenth": 1 / 10,
    "tenths": 1 / 10,
}

# Digits with optional thousands separators (comma or space, as the reports print them).
_NUMERAL: Final = r"\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMERIC_RE: Final = re.compile(
    rf"^(?P<sign>[+-])?(?P<num>{_NUMERAL})"
    r"(?:\s*(?P<scale>thousand|million|billion))?"
    r"(?P<pct>\s*%|\s+per\s*cent|\s+percent)?"
    r"(?P<fold>-fold)?$"
)
_PERCENT_RE: Final = re.compile(r"(?:\s*%|\s+per\s*cent|\s+percent)$")
# "1 to 9": the second term per one of the first (unit ``ratio``).
_RATIO_RE: Final = re.compile(rf"^(?P<first>{_NUMERAL}) to (?P<second>{_NUMERAL})$")
_FOLD_RE: Final = re.compile(r"^(?P<factor>.+?)-?fold$")
_FRACTION_RE: Final = re.compile(
    r"^(?:(?P<count>a|an|one|two|three|four|nine)[\s-]+)?(?P<part>[a-z]+)"
    r"(?:\s+of\s+a\s+(?P<scale>thousand|million|billion))?$"
)


def normalise(text: str) -> str:
    r"""Return ``text`` with typographic variants unified, whitespace collapsed, casefolded.

    Both the source spans and the printed phrases pass through this before they are
    compared, so that curly quotes, non-breaking spaces, dashes and line breaks in the
    extracted PDFs do not hide a match.

    Examples
    --------
    >>> normalise("More than\u00a02.75\nmillion")
    'more than 2.75 million'
    """
    table = str.maketrans(
        {
            "\u2019": "'",
            "\u2018": "'",
            "\u201c": '"',
            "\u201d": '"',
            "\u2013": "-",
            "\u2014": "-",
            "\u2011": "-",
            "\u00a0": " ",
            "\u2009": " ",
            "\u202f": " ",
            "\u00ad": None,
        }
    )
    return re.sub(r"\s+", " ", text.translate(table)).strip().casefold()


def _words_to_int(words: str) -> int:
    """Read a spelled-out cardinal such as ``one hundred and forty-four``."""
    total = 0
    current = 0
    tokens = [t for t in re.split(r"[\s-]+", words) if t and t != "and"]
    if not tokens:
        msg = "no number words"
        raise ValueError(msg)
    for token in tokens:
        if token in _SMALL:
            current += _SMALL[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            msg = f"not a number word: {token!r}"
            raise ValueError(msg)
    return total + current


def _split_qualifier(phrase: str) -> tuple[str, str]:
    for words, qualifier in _QUALIFIER_PHRASES:
        if phrase.startswith(words + " "):
            return qualifier, phrase[len(words) + 1 :]
    return "exact", phrase


def _split_currency(phrase: str) -> tuple[str | None, str]:
    """Split a leading currency code off: ``("USD", "2.1 million")`` or ``(None, phrase)``."""
    code, _, rest = phrase.partition(" ")
    if code in _CURRENCIES and rest:
        return _CURRENCIES[code], rest
    return None, phrase


def _check_unit_markers(phrase: str, unit: str, *, percent: bool, currency: str | None) -> None:
    """Refuse phrases whose currency or percent sign contradicts the unit."""
    if percent and unit not in {"percent", "percentage_points"}:
        msg = f"{phrase!r} is a percentage but the unit is {unit!r}"
        raise ValueError(msg)
    unit_word = unit.split(maxsplit=1)[0]
    unit_currency = unit_word if unit_word in _CURRENCIES.values() else None
    if currency != unit_currency:
        msg = f"{phrase!r} and unit {unit!r} disagree about the currency"
        raise ValueError(msg)


def parse_printed(as_printed: str, unit: str) -> tuple[float, str]:
    """Return ``(value, qualifier)`` for a printed number phrase in ``unit``.

    The phrase is the number as printed with its hedge, scale word and currency, and
    nothing else: ``more than 2.75 million``, ``USD 2,182.7 million``, ``16,254``,
    ``1 061``, ``Seventy-five``, ``76.6%``, ``10 per cent``, ``two thirds``,
    ``nearly a quarter of a million``, ``five-fold``, ``fivefold``, ``double``,
    ``exceeding USD 2.12 billion``, ``CHF 68.1 million``, ``1 to 9``.  Fractions that
    have no exact decimal (thirds) are rounded to one decimal and an unhedged phrase
    becomes ``approximately``.

    Parameters
    ----------
    as_printed
        The number phrase as printed in the source.
    unit
        A unit from :data:`UNITS`; ``USD million`` and ``CHF million`` divide money by a
        million, ``percent`` turns a bare fraction into per cent, ``times`` takes
        multiplicative factors and ``ratio`` takes ``1 to N`` (read as N).

    Returns
    -------
    tuple[float, str]
        The value in ``unit`` and a qualifier from :data:`QUALIFIERS`.

    Raises
    ------
    ValueError
        If the unit is unknown, the phrase holds anything but a number phrase, or its
        currency, percent sign, factor or ratio contradicts the unit.

    Examples
    --------
    >>> parse_printed("USD 2,182.7 million", "USD million")
    (2182.7, 'exact')
    >>> parse_printed("more than 2.75 million", "people")
    (2750000.0, 'more_than')
    >>> parse_printed("two thirds", "percent")
    (66.7, 'approximately')
    >>> parse_printed("Seventy-five", "people")
    (75.0, 'exact')
    >>> parse_printed("exceeding USD 2.12 billion", "USD million")
    (2120.0, 'over')
    >>> parse_printed("fivefold", "times"), parse_printed("1 to 9", "ratio")
    ((5.0, 'exact'), (9.0, 'exact'))
    """
    if unit not in UNITS:
        msg = f"unknown unit {unit!r}; units: {sorted(UNITS)}"
        raise ValueError(msg)
    phrase = normalise(as_printed)
    qualifier, rest = _split_qualifier(phrase)
    currency, rest = _split_currency(rest)
    value, inexact, percent = _parse_core(rest, unit)
    _check_unit_markers(as_printed, unit, percent=percent, currency=currency)
    if inexact and qualifier == "exact":
        qualifier = "approximately"
    value /= UNIT_SCALE.get(unit, 1.0)
    # Round away binary noise (2182.7 * 1e6 / 1e6) without touching printed precision.
    return round(value, 6), qualifier


def _parse_core(rest: str, unit: str) -> tuple[float, bool, bool]:
    """Parse the number after qualifier and currency: ``(value, inexact, is_percent)``."""
    ratio = _RATIO_RE.match(rest)
    if (ratio is not None) != (unit == "ratio"):
        msg = f"{rest!r}: a ratio '1 to N' needs the unit 'ratio', and that unit a ratio"
        raise ValueError(msg)
    if ratio is not None:
        first, second = (float(re.sub(r"[, ]", "", ratio[term])) for term in ("first", "second"))
        if first == 0:
            msg = f"{rest!r}: a ratio's first term cannot be zero"
            raise ValueError(msg)
        return second / first, False, False
    match = _NUMERIC_RE.match(rest)
    if match:
        number = float(re.sub(r"[, ]", "", match["num"]))
        scale = _SCALES[match["scale"]] if match["scale"] else 1.0
        if match["fold"] and unit != "times":
            msg = f"{rest!r} is a multiplicative factor; use unit 'times'"
            raise ValueError(msg)
        return number * scale, False, bool(match["pct"])
    fraction = _FRACTION_RE.match(rest)
    if fraction and fraction["part"] in _FRACTIONS:
        word = fraction["count"] or "a"
        count = 1 if word in {"a", "an"} else _words_to_int(word)
        share = count * _FRACTIONS[fraction["part"]]
        if fraction["scale"]:
            value = share * _SCALES[fraction["scale"]]
        elif unit in {"percent", "percentage_points"}:
            value = share * 100
        else:
            msg = f"{rest!r} is a fraction; its unit must be 'percent'"
            raise ValueError(msg)
        rounded = round(value, 1)
        return rounded, not math.isclose(rounded, value, abs_tol=1e-9), False
    percent = bool(_PERCENT_RE.search(rest))
    words = _PERCENT_RE.sub("", rest)
    fold = _FOLD_RE.match(words)
    if (fold is not None or words in _FACTOR_WORDS) and unit != "times":
        msg = f"{rest!r} is a multiplicative factor; use unit 'times'"
        raise ValueError(msg)
    if words in _FACTOR_WORDS:
        return float(_FACTOR_WORDS[words]), False, percent
    if fold is not None:
        words = fold["factor"]
    scale = 1.0
    for name, factor in _SCALES.items():
        if words.endswith(" " + name) and name != "thousand":
            words, scale = words.removesuffix(" " + name), factor
    if words in _MULTIPLICATIVE:
        return float(_MULTIPLICATIVE[words]), False, percent
    try:
        return _words_to_int(words) * scale, False, percent
    except ValueError as error:
        msg = f"cannot read {rest!r} as a number phrase ({error})"
        raise ValueError(msg) from None
