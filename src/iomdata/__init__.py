"""IOM's institutional statistics, exact, typed and traceable to the page.

The public namespace is this module; everything under ``iomdata._*`` is private.

Examples
--------
>>> import iomdata
>>> iomdata.staff(2020).total_staff
16254
"""

from __future__ import annotations

from iomdata._api import (
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
    UnknownKeyFigureError,
)
from iomdata._models import (
    AcceleratingAction,
    CountryList,
    Erratum,
    KeyFigure,
    KeyFigures,
    SdgInitiative,
    SdgResource,
    SdgSurvey,
    Source,
    StaffStatistics,
)
from iomdata._version import __version__

__all__ = [
    "AcceleratingAction",
    "CountryList",
    "DataIntegrityError",
    "Erratum",
    "IomdataError",
    "KeyFigure",
    "KeyFigures",
    "SdgInitiative",
    "SdgResource",
    "SdgSurvey",
    "Source",
    "StaffStatistics",
    "UnknownDatasetError",
    "UnknownEditionError",
    "UnknownKeyFigureError",
    "__version__",
    "data_version",
    "datasets",
    "editions",
    "errata",
    "key_figures",
    "load",
    "sdg_survey",
    "sources",
    "staff",
]


def __dir__() -> list[str]:
    return list(__all__)
