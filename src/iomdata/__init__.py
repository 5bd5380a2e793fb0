"""IOM's institutional statistics, exact, typed and traceable to where they are printed.

The public namespace is this module; everything under ``iomdata._*`` is private.

Examples
--------
>>> import iomdata
>>> iomdata.staff(2020).total_staff
16254
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iomdata._api import (
    catalogue,
    data_version,
    datasets,
    editions,
    errata,
    key_figures,
    load,
    sdg_survey,
    sources,
    staff,
)
from iomdata._errors import (
    DataIntegrityError,
    IomdataError,
    UnknownDatasetError,
    UnknownEditionError,
    UnknownIndicatorError,
    UnknownKeyFigureError,
)
from iomdata._models import (
    KeyFigure,
    KeyFigures,
    StaffStatistics,
)
from iomdata._version import __version__

if TYPE_CHECKING:
    from iomdata._cite import cite
    from iomdata._describe import ColumnDescription, DatasetDescription, describe
    from iomdata._export import export
    from iomdata._interop import load_pandas
    from iomdata._manifest import ResourceEntry
    from iomdata._sdg_records import (
        AcceleratingAction,
        CountryList,
        SdgInitiative,
        SdgResource,
        SdgSurvey,
    )
    from iomdata._series import indicator, indicators, series
    from iomdata._source_records import Erratum, Source
    from iomdata._verify import Proof, VerificationReport, verify
    from iomdata._versioning import DataVersionError, require

__all__ = [
    "AcceleratingAction",
    "ColumnDescription",
    "CountryList",
    "DataIntegrityError",
    "DataVersionError",
    "DatasetDescription",
    "Erratum",
    "IomdataError",
    "KeyFigure",
    "KeyFigures",
    "Proof",
    "ResourceEntry",
    "SdgInitiative",
    "SdgResource",
    "SdgSurvey",
    "Source",
    "StaffStatistics",
    "UnknownDatasetError",
    "UnknownEditionError",
    "UnknownIndicatorError",
    "UnknownKeyFigureError",
    "VerificationReport",
    "__version__",
    "catalogue",
    "cite",
    "data_version",
    "datasets",
    "describe",
    "editions",
    "errata",
    "export",
    "indicator",
    "indicators",
    "key_figures",
    "load",
    "load_pandas",
    "require",
    "sdg_survey",
    "series",
    "sources",
    "staff",
    "verify",
]


# Loaded on first access (PEP 562), so that `import iomdata` does not pay for the export,
# verification, citation, pinning and series code, nor the records of the SDG survey,
# sources, errata and the catalogue, that most sessions never use (docs/performance.md):
# name -> the private module that defines it.
_LAZY = {
    "AcceleratingAction": "iomdata._sdg_records",
    "ColumnDescription": "iomdata._describe",
    "CountryList": "iomdata._sdg_records",
    "DataVersionError": "iomdata._versioning",
    "DatasetDescription": "iomdata._describe",
    "Erratum": "iomdata._source_records",
    "Proof": "iomdata._verify",
    "ResourceEntry": "iomdata._manifest",
    "SdgInitiative": "iomdata._sdg_records",
    "SdgResource": "iomdata._sdg_records",
    "SdgSurvey": "iomdata._sdg_records",
    "Source": "iomdata._source_records",
    "VerificationReport": "iomdata._verify",
    "cite": "iomdata._cite",
    "describe": "iomdata._describe",
    "export": "iomdata._export",
    "indicator": "iomdata._series",
    "indicators": "iomdata._series",
    "load_pandas": "iomdata._interop",
    "require": "iomdata._versioning",
    "series": "iomdata._series",
    "verify": "iomdata._verify",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'iomdata' has no attribute {name!r}"
        raise AttributeError(msg)
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)
