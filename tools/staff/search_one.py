"""Search one 2020 nationality table afresh and write its cache entry (parallel builds).

A fresh search of every table runs the tables one after the other; 2020 Annex II takes
far longer than the others. This runs one table in its own process, so that several
can run at once; :func:`merge` then writes the edition's cache from the entries, and a
build with that cache skips the search::

    python -m tools.staff.search_one "Annex II" /tmp/annex-ii.json &
    python -m tools.staff.search_one "Annex III" /tmp/annex-iii.json
    python -m tools.staff.search_one --merge /tmp/annex-ii.json /tmp/annex-iii.json
    python -m tools.build_data

``--checkpoint DIR`` keeps the search's progress in ``DIR`` (:mod:`tools.staff.progress`):
the same command run again after a stop takes up the readings found so far instead of
starting afresh (with the same ``IOMDATA_SEARCH_JOBS``: the rows each process is asked
about are part of what a progress file answers).
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Sequence
from pathlib import Path

from tools.staff import ar2020, tables
from tools.staff import progress as pg

__all__ = ["main", "merge", "search"]


def search(name: str, raw_dir: Path = ar2020.RAW) -> dict[str, object]:
    """The cache entry of a fresh search of table ``name`` (``"Annex II"``)."""
    inputs = ar2020._inputs(raw_dir)
    if name not in inputs:
        msg = f"no table {name!r}; the 2020 tables are {', '.join(sorted(inputs))}"
        raise SystemExit(msg)
    layout, printed, overrides = inputs[name]
    return dict(tables.recover(ar2020.spec(layout, printed, overrides), None).cache)


def merge(paths: Sequence[Path], cache: Path = ar2020.SEARCH_CACHE) -> None:
    """Write the edition's search cache from entries written by :func:`main`."""
    entries = {}
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries[data["table"]] = data["entry"]
    tables.write_cache(cache, entries)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: search one table, or merge entries into the cache."""
    parser = argparse.ArgumentParser(prog="python -m tools.staff.search_one")
    parser.add_argument("--merge", action="store_true", help="merge the given entry files")
    parser.add_argument(
        "--checkpoint", metavar="DIR", help="keep the search's progress in DIR and resume from it"
    )
    parser.add_argument("args", nargs="+", help="TABLE OUT, or with --merge: entry files")
    ns = parser.parse_args(argv)
    if ns.checkpoint:
        # The environment, not an argument: the processes the search spawns inherit it.
        os.environ[pg.ENV] = ns.checkpoint
    if ns.merge:
        merge([Path(p) for p in ns.args])
        return 0
    if len(ns.args) != 2:
        parser.error("give TABLE and OUT")
    name, out = ns.args
    entry = search(name)
    Path(out).write_text(json.dumps({"table": name, "entry": entry}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
