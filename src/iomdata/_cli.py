"""The ``iomdata`` console script.

Built on :mod:`argparse` from the standard library: the commands are few and flat, and a
data package should not pull a CLI framework into every analyst's environment.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _catalogue() -> str:
    from iomdata._api import data_version, editions
    from iomdata._resources import default_store
    from iomdata._version import __version__

    manifest = default_store().manifest
    width = max(len(entry.name) for entry in manifest.resources)
    lines = [
        f"iomdata {__version__} (data {data_version()})",
        f"editions with staff statistics: {', '.join(str(e) for e in editions())}",
        "",
        f"{'dataset':<{width}}  {'rows':>6}  sources",
    ]
    for entry in sorted(manifest.resources, key=lambda entry: entry.name):
        lines.append(f"{entry.name:<{width}}  {entry.rows:>6}  {', '.join(entry.sources)}")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iomdata",
        description="IOM's institutional statistics. With no command, print the catalogue.",
    )
    parser.add_argument("--version", action="store_true", help="print the versions and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the console script; return the exit status."""
    args = _parser().parse_args(argv)
    if args.version:
        from iomdata._api import data_version
        from iomdata._version import __version__

        print(f"iomdata {__version__} (data {data_version()})")
        return 0
    print(_catalogue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
