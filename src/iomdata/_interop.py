"""pandas interop: the datasets as pandas frames that keep integers as integers.

Polars' own ``DataFrame.to_pandas()`` turns an integer column that holds a missing value
into ``float64`` (``key_figures.edition``, ``women_share_by_grade.base_year``), so a year
would print as ``2020.0``. :func:`load_pandas` maps every column to pandas' nullable
dtypes instead (``Int16``, ``Int64``, ``Float64``, ``boolean``, ``string``), whose missing
value is ``pd.NA`` whatever the column holds. pandas and pyarrow are an optional extra:
``pip install "iomdata[pandas]"``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["INSTALL_PANDAS", "load_pandas"]

#: What to run to get the optional pandas support.
INSTALL_PANDAS: Final = 'pip install "iomdata[pandas]"'


def _import(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        msg = (
            f"pandas interop needs pandas and pyarrow, which iomdata does not install by "
            f"default ({module} is missing): {INSTALL_PANDAS}"
        )
        raise ModuleNotFoundError(msg, name=module) from exc


def _types_mapper(pd: Any, pa: Any) -> dict[Any, Any]:
    """Arrow type -> pandas nullable dtype, for every dtype the dataset specs use."""
    from iomdata._dtypes import ARROW_TYPES, PANDAS_TYPES

    return {
        getattr(pa, arrow)(): pd.api.types.pandas_dtype(PANDAS_TYPES[dtype][1])
        for dtype, arrow_names in ARROW_TYPES.items()
        for arrow in arrow_names
        # string_view is newer than the oldest pyarrow the extra allows
        if hasattr(pa, arrow)
    }


def load_pandas(name: str) -> pd.DataFrame:
    """Dataset ``name``, every edition, as a pandas DataFrame with nullable dtypes.

    Integer columns stay integers even where a value is missing (``Int16``, ``Int64``),
    booleans are ``boolean``, text is ``string``, decimals ``Float64``; a missing value
    is ``pd.NA``. Needs the optional extra: ``pip install "iomdata[pandas]"``.

    ``iomdata.load(name).to_pandas()`` works too, but follows Polars' defaults: an
    integer column with a missing value becomes ``float64``. Pass
    ``use_pyarrow_extension_array=True`` to keep it as an Arrow-backed integer instead.

    Parameters
    ----------
    name
        One of :func:`iomdata.datasets`.

    Raises
    ------
    ModuleNotFoundError
        pandas or pyarrow is not installed; the message says what to install.
    UnknownDatasetError
        No dataset has this name; the message lists the datasets.

    Examples
    --------
    >>> import iomdata
    >>> frame = iomdata.load_pandas("key_figures")
    >>> frame.dtypes["edition"], frame.dtypes["value"]
    (Int16Dtype(), Float64Dtype())
    """
    from iomdata._api import load

    pandas = _import("pandas")
    pyarrow = _import("pyarrow")
    frame = load(name)
    return frame.to_pandas(types_mapper=_types_mapper(pandas, pyarrow).get)
