"""The loader's view of the dataset specs: column dtypes and which columns may be empty.

The schemas are the contract between the extraction pipeline (``tools/``), which
writes the resources, and the loader, which reads them back with exactly these
dtypes and refuses a resource whose header differs. They are derived from the specs
(:mod:`iomdata._specs`) and declared nowhere else.

:data:`COLUMNS` gives them with the dtype names of :mod:`iomdata._dtypes`, so that the
typed records are read without importing Polars; :data:`SCHEMAS` (the same as
``polars.Schema`` objects) is built on first access.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Final

from iomdata._dtypes import Schema
from iomdata._specs import SPECS

if TYPE_CHECKING:
    import polars as pl

__all__ = ["COLUMNS", "NULLABLE", "SCHEMAS"]

#: Column name -> dtype name, in order, per dataset.
COLUMNS: Final[dict[str, Schema]] = {name: Schema(spec.dtypes) for name, spec in SPECS.items()}

#: Columns that may be empty, per dataset; every other column holds a value in every row.
NULLABLE: Final[dict[str, frozenset[str]]] = {name: spec.nullable for name, spec in SPECS.items()}

if TYPE_CHECKING:
    #: One ``polars.Schema`` per dataset, built from :data:`COLUMNS` on first access.
    SCHEMAS: dict[str, pl.Schema]

_lock = threading.Lock()
_schemas: dict[str, pl.Schema] = {}


def __getattr__(name: str) -> object:
    # PEP 562: ``SCHEMAS`` imports Polars, so it is built when first asked for.
    if name != "SCHEMAS":
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    import polars as pl

    from iomdata._dtypes import polars_dtype

    with _lock:
        if not _schemas:
            _schemas.update(
                {
                    dataset: pl.Schema(
                        {column: polars_dtype(dtype) for column, dtype in columns.items()}
                    )
                    for dataset, columns in COLUMNS.items()
                }
            )
    return _schemas
