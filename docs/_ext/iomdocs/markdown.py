"""Small helpers that turn values into MyST Markdown safely."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = ["code", "escape", "facts", "number", "table", "write_if_changed"]

# Characters that CommonMark or MyST would read as markup inside a table cell.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|{}$#])")


def escape(text: object) -> str:
    """``text`` as literal Markdown inline text (one line, markup characters escaped)."""
    flat = " ".join(str(text).split())
    return _SPECIAL.sub(r"\\\1", flat)


def code(text: object) -> str:
    """``text`` as inline code, fenced with enough backticks."""
    value = str(text)
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{ticks}{pad}{value}{pad}{ticks}"


def number(value: object) -> str:
    """A number with thousands separators; integral floats without a decimal part."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}"
    if isinstance(value, int | float):
        return f"{int(value):,}"
    return "" if value is None else str(value)


def table(header: Sequence[str], rows: Iterable[Sequence[str]], *, align: str = "") -> str:
    """A Markdown pipe table; ``align`` holds one of ``l``/``r``/``c`` per column."""
    marks = {"l": ":--", "r": "--:", "c": ":-:"}
    spec = [marks.get(align[i] if i < len(align) else "l", ":--") for i in range(len(header))]
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(spec) + " |",
    ]
    lines += ["| " + " | ".join(cell.replace("\n", " ") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def facts(rows: Iterable[tuple[str, str]]) -> str:
    """A two-column table of labelled facts, without a header row."""
    items = "".join(f"* - {label}\n  - {value}\n" for label, value in rows)
    return f":::{{list-table}}\n:widths: 1 5\n:class: facts\n\n{items}:::\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it already holds it; return whether it wrote.

    Leaving unchanged files alone keeps their modification time, so an incremental Sphinx
    build does not re-read pages whose content did not change.
    """
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
