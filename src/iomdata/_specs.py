"""One spec per bundled dataset: the contract every other description is derived from.

A :class:`~iomdata._spec_model.DatasetSpec` holds a dataset's title, description, origin
and primary key, and per column its dtype name, whether it may be empty, its meaning,
unit and closed vocabulary. From it come the loader's schemas (:mod:`iomdata._schemas`:
the polars-free dtype names of the record path and the Polars schemas of the frames),
the export's Frictionless Table Schema and pandas dtypes, :func:`iomdata.describe`, the
documentation's dataset pages and the pipeline's row checks (``tools/build_data.py``:
types, empty values, vocabularies, primary keys, country columns). Nothing here imports
Polars.

The specs are declared per family of datasets (:mod:`iomdata._spec_staff`,
:mod:`iomdata._spec_key_figures`, :mod:`iomdata._spec_reference`,
:mod:`iomdata._spec_survey`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from iomdata._spec_key_figures import KEY_FIGURE_SPECS
from iomdata._spec_model import ColumnSpec, DatasetSpec, SpecError
from iomdata._spec_reference import REFERENCE_SPECS
from iomdata._spec_staff import STAFF_SPECS
from iomdata._spec_survey import SURVEY_SPECS

__all__ = ["SPECS", "ColumnSpec", "DatasetSpec", "SpecError", "spec"]


def _registry(*families: tuple[DatasetSpec, ...]) -> Mapping[str, DatasetSpec]:
    specs: dict[str, DatasetSpec] = {}
    for family in families:
        for dataset in family:
            if dataset.name in specs:
                msg = f"two specs for dataset {dataset.name}"
                raise SpecError(msg)
            specs[dataset.name] = dataset
    return MappingProxyType(specs)


#: Dataset name -> its spec, for every dataset the package declares.
SPECS: Final = _registry(STAFF_SPECS, KEY_FIGURE_SPECS, REFERENCE_SPECS, SURVEY_SPECS)


def spec(name: str) -> DatasetSpec:
    """The spec of dataset ``name``.

    Raises
    ------
    KeyError
        No dataset has this name; the message lists the datasets.

    Examples
    --------
    >>> spec("staff_by_category").key
    ('edition', 'year', 'category')
    >>> [(c.name, c.dtype) for c in spec("country_names").columns]
    [('name_as_printed', 'String'), ('nationality', 'String'), ('iso3', 'String')]
    """
    try:
        return SPECS[name]
    except KeyError:
        msg = f"no spec for dataset {name!r}; datasets: {', '.join(sorted(SPECS))}"
        raise KeyError(msg) from None
