"""How to cite iomdata and the IOM documents its figures come from.

The package citation names the package and data versions, because the numbers a
script computes depend on both; the source documents are listed from the ``sources``
dataset, so the citation always matches the installed data. Every source is an IOM
document, so IOM is its author and publisher.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    from collections.abc import Callable

    from iomdata._source_records import Source

__all__ = ["CITATION_FORMATS", "CitationFormat", "cite"]

#: The formats :func:`cite` writes.
CitationFormat = Literal["apa", "bibtex", "cff"]
CITATION_FORMATS: Final[tuple[CitationFormat, ...]] = ("apa", "bibtex", "cff")

_AUTHOR: Final = "The iomdata developers"
_IOM: Final = "International Organization for Migration"
_NAME: Final = "iomdata"
_TITLE: Final = "IOM's institutional statistics as typed, verified Python data"
_URL: Final = "https://iomdata.readthedocs.io"
_ABSTRACT: Final = (
    "The staff statistics and key figures that the International Organization for "
    "Migration (IOM) publishes in its reports, as typed, offline Python data, each number "
    "traceable to its document and locator."
)
_MESSAGE: Final = (
    "Please cite iomdata as below, and the IOM documents listed under references whose "
    "figures you use."
)
_SOURCES_NOTE: Final = "The figures come from these IOM documents; cite those you use:"


def cite(*, format: CitationFormat = "apa") -> str:  # noqa: A002 - mirrors `iomdata cite --format`
    """The citation of iomdata and of the IOM documents its figures come from.

    Parameters
    ----------
    format
        ``"apa"`` (default, plain text), ``"bibtex"`` (one ``@software`` entry and one
        entry per source document) or ``"cff"`` (a Citation File Format 1.2.0 file
        whose ``references`` are the source documents; the repository's
        ``CITATION.cff`` is this text).

    Returns
    -------
    str
        The citation, ending with a newline.

    Raises
    ------
    ValueError
        ``format`` is not one of ``"apa"``, ``"bibtex"``, ``"cff"``.

    Examples
    --------
    >>> import iomdata
    >>> print(iomdata.cite())  # doctest: +ELLIPSIS
    The iomdata developers. (...). iomdata: IOM's institutional statistics ... (Version ...
    <BLANKLINE>
    The figures come from these IOM documents; cite those you use:
    International Organization for Migration. (2019). Annual Report for 2018 (C/110/4). ...
    ...
    >>> "@techreport{iom-ar2020," in iomdata.cite(format="bibtex")
    True
    """
    from iomdata._api import data_version, sources
    from iomdata._version import __version__

    return _writer(format)(__version__, data_version(), sources())


def _writer(name: object) -> Callable[[str, str, tuple[Source, ...]], str]:
    # Typed as object: callers without a type checker may pass anything.
    writers = {"apa": _apa, "bibtex": _bibtex, "cff": _cff}
    for key, writer in writers.items():
        if name == key:
            return writer
    msg = f"unknown citation format {name!r}; formats: {', '.join(CITATION_FORMATS)}"
    raise ValueError(msg)


def _year(data_version: str) -> str | None:
    # Data versions are calendar versions (YEAR.N): their year dates the release.
    match = re.match(r"(\d{4})\.", data_version)
    return match.group(1) if match else None


def _details(source: Source) -> list[str]:
    details = [source.symbol] if source.symbol else []
    if source.corrigenda:
        details.append(f"incorporating {source.corrigenda}")
    return details


def _apa(version: str, data_version: str, sources: tuple[Source, ...]) -> str:
    year = _year(data_version) or "n.d."
    lines = [
        (
            f"{_AUTHOR}. ({year}). {_NAME}: {_TITLE} (Version {version}; data version "
            f"{data_version}) [Computer software]. {_URL}"
        ),
        "",
        _SOURCES_NOTE,
    ]
    for source in sources:
        details = _details(source)
        shown = f" ({'; '.join(details)})" if details else ""
        lines.append(f"{_IOM}. ({source.year}). {source.title}{shown}. IOM.")
    return "\n".join(lines) + "\n"


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def _bibtex_entry(kind: str, key: str, fields: dict[str, str]) -> str:
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    return f"@{kind}{{{key},\n{body}}}\n"


def _bibtex(version: str, data_version: str, sources: tuple[Source, ...]) -> str:
    package: dict[str, str] = {
        "author": f"{{{_AUTHOR}}}",
        "title": f"{{{_NAME}}}: {_bibtex_escape(_TITLE)}",
        "version": version,
    }
    year = _year(data_version)
    if year:
        package["year"] = year
    package |= {"url": _URL, "note": f"Data version {_bibtex_escape(data_version)}"}
    entries = [_bibtex_entry("software", _NAME, package)]
    for source in sources:
        fields = {"author": f"{{{_IOM}}}", "title": f"{{{_bibtex_escape(source.title)}}}"}
        if source.symbol:
            kind = "techreport"
            fields |= {"institution": f"{{{_IOM}}}", "number": _bibtex_escape(source.symbol)}
        else:
            kind = "misc"
            fields["howpublished"] = f"{{{_IOM}}}"
        fields["year"] = str(source.year)
        if source.corrigenda:
            fields["note"] = f"Incorporating {_bibtex_escape(source.corrigenda)}"
        entries.append(_bibtex_entry(kind, f"iom-{source.id}", fields))
    return "\n".join(entries)


def _q(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    import json

    return json.dumps(text, ensure_ascii=False)


def _cff(version: str, data_version: str, sources: tuple[Source, ...]) -> str:
    lines = [
        "# Written by iomdata.cite(format='cff'); tests/test_interop.py keeps it in step.",
        "cff-version: 1.2.0",
        f"message: {_q(_MESSAGE)}",
        "type: software",
        f"title: {_q(f'{_NAME}: {_TITLE}')}",
        f"abstract: {_q(f'{_ABSTRACT} Data version {data_version}.')}",
        "authors:",
        f"  - name: {_q(_AUTHOR)}",
        f"version: {_q(version)}",
        "license: MIT",
        f"url: {_q(_URL)}",
        "keywords:",
        *(f"  - {_q(word)}" for word in ("IOM", "migration", "staff statistics", "open data")),
        "references:",
    ]
    for source in sources:
        lines += [
            "  - type: report",
            f"    title: {_q(source.title)}",
            "    authors:",
            f"      - name: {_q(_IOM)}",
            "    institution:",
            f"      name: {_q(_IOM)}",
            f"    year: {source.year}",
        ]
        if source.symbol:
            lines += [
                "    identifiers:",
                "      - type: other",
                f"        value: {_q(source.symbol)}",
                f"        description: {_q('IOM document symbol')}",
            ]
        if source.corrigenda:
            lines.append(f"    notes: {_q(f'Incorporating {source.corrigenda}.')}")
    return "\n".join(lines) + "\n"
