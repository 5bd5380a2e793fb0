"""A long search: its time limit, its debug lines, and its progress on disk.

With its progress on disk, a stopped search resumes where it stood.

The listing of :func:`tools.staff.optimum._layers` asks the solver again and again for
a choice with a reading not yet found; on 2020 Annex II that runs for hours. With the
environment variable ``IOMDATA_SEARCH_CHECKPOINT`` naming a directory, the listing
writes there, after every new reading, what it has found and which levels it has
finished; started again on the same question it takes that up and goes on. Nothing
found is lost to a stopped process, and nothing is taken from a file about another
question: a file is named by the hash of everything its answer depends on (the
table's readings and costs, its totals, the readings within reach, the least-cost
choice, the levels and the rows asked about).

A reading saved at a level is exact: the levels below it were finished before it was
found. Readings of rows outside those asked about are not saved (a process that shares
a table's rows with others finds them at levels too high).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

from tools.staff import solver as so

if TYPE_CHECKING:
    from tools.staff.model import Table

__all__ = ["ENV", "OutOfTime", "Progress", "check_time", "debug", "resume", "time_limit"]

#: The environment variable naming the directory of progress files (unset: none kept).
ENV: Final = "IOMDATA_SEARCH_CHECKPOINT"


#: Processor-time instant past which the next program raises :class:`OutOfTime`.
_deadline: float | None = None


class OutOfTime(Exception):
    """The search spent the processor time :func:`time_limit` allows."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Stop the search with :class:`OutOfTime` after ``seconds`` of processor time.

    Processor time, not wall time, so that a busy machine does not change which searches
    finish. The search notices before each linear or integer program (no signal, so it
    never interrupts the interpreter at an arbitrary point). None: no limit.

    Examples
    --------
    >>> with time_limit(None):
    ...     check_time()
    """
    global _deadline  # noqa: PLW0603 - one search runs at a time in a process
    previous = _deadline
    _deadline = None if seconds is None else time.process_time() + seconds
    try:
        yield
    finally:
        _deadline = previous


def check_time() -> None:
    """Raise :class:`OutOfTime` once the processor time :func:`time_limit` allows is spent."""
    if _deadline is not None and time.process_time() >= _deadline:
        raise OutOfTime


def debug(text: str) -> None:
    """Print ``text`` with the time to stderr when ``IOMDATA_MODEL_DEBUG`` is set."""
    if os.environ.get("IOMDATA_MODEL_DEBUG"):
        print(f"{time.strftime('%H:%M:%S')} {text}", file=sys.stderr, flush=True)


@attrs.define
class Progress:
    """Where one listing keeps its progress, and the levels and passes it has finished.

    ``path`` None: no directory was given; :meth:`save` does nothing (and ``key`` is
    not computed: hashing a large table's readings takes seconds).
    """

    path: Path | None
    key: str
    rows: tuple[int, ...]
    done: set[int] = attrs.field(factory=set)
    #: Level -> the last of its passes (:mod:`tools.staff.passes`) that has finished.
    passed: dict[int, int] = attrs.field(factory=dict)

    def save(
        self,
        extra: Sequence[dict[int, int]],
        finished: int | None = None,
        passed: tuple[int, int] | None = None,
    ) -> None:
        """Write the readings of :attr:`rows` found so far.

        ``finished``: a level done; ``passed``: (level, pass) done, so that a later run
        starts that level at the next pass.
        """
        if finished is not None:
            self.done.add(finished)
        if passed is not None:
            level, step = passed
            self.passed[level] = max(step, self.passed.get(level, 0))
        if self.path is None:
            return
        data = {
            "key": self.key,
            "done": sorted(self.done),
            "passed": {str(level): step for level, step in sorted(self.passed.items())},
            "extra": {str(r): sorted(extra[r].items()) for r in self.rows},
        }
        partial = self.path.with_suffix(".part")
        partial.write_text(json.dumps(data), encoding="utf-8")
        partial.replace(self.path)


def _key(
    table: Table, near: Sequence[frozenset[int]], best: object, levels: range, rows: Sequence[int]
) -> str:
    """The hash of everything the listing's answer depends on."""
    digest = hashlib.sha256()
    parts = (
        so.ENGINE_VERSION,
        table.layout,
        sorted(table.totals.items()),
        sorted(table.excluded),
        table.page_cost,
        tuple(row.page for row in table.rows),
        table.candidates,
        tuple(tuple(sorted(ks)) for ks in near),
        best,
        (levels.start, levels.stop),
        tuple(rows),
    )
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def resume(
    table: Table,
    near: Sequence[frozenset[int]],
    best: object,
    levels: range,
    extra: list[dict[int, int]],
    rows: Sequence[int],
) -> Progress:
    """The progress of this listing; readings saved by an earlier run go into ``extra``.

    Raises
    ------
    ValueError
        The progress file of this very listing cannot be read (damaged): the message
        names it, so that it can be removed by hand; nothing is overwritten.
    """
    directory = os.environ.get(ENV)
    if not directory:
        return Progress(path=None, key="", rows=tuple(rows))
    key = _key(table, near, best, levels, rows)
    path = Path(directory) / f"{table.layout.table.replace(' ', '_')}-{key[:20]}.json"
    progress = Progress(path=path, key=key, rows=tuple(rows))
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        return progress
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["key"] != key:
            msg = "written for another search"
            raise ValueError(msg)
        done = {int(level) for level in data["done"]}
        # Files written before passes were kept have none: their levels start afresh.
        passed = {int(level): int(step) for level, step in data.get("passed", {}).items()}
        saved = {int(r): {int(k): int(e) for k, e in pairs} for r, pairs in data["extra"].items()}
    except (ValueError, KeyError, TypeError) as error:
        msg = f"{path}: not a progress file of this search ({error}); remove it to start afresh"
        raise ValueError(msg) from error
    for r, found in saved.items():
        extra[r].update(found)
    progress.done = done
    progress.passed = passed
    return progress
