"""Rewrite the committed pages rendered from the data: ``PYTHONPATH=docs/_ext python -m iomdocs``."""

from __future__ import annotations

from pathlib import Path

from iomdocs import committed

if __name__ == "__main__":
    docs = Path(__file__).resolve().parents[2]
    for path in committed.write(docs):
        print(f"wrote {path.relative_to(docs.parent)}")  # noqa: T201 - a command-line report
