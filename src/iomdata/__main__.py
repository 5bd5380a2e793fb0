"""``python -m iomdata``: the same as the ``iomdata`` console script."""

from __future__ import annotations

import sys

from iomdata._cli import main

if __name__ == "__main__":
    sys.exit(main())
