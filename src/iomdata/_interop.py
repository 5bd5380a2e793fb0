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
    """Arrow type -> pandas nullable dtype, for every type a bundled schema uses."""
    mapping = {
        pa.int8(): pd.Int8Dtype(),
        pa.int16(): pd.Int16Dtype(),
        pa.int32(): pd.Int32Dtype(),
        pa.int64(): pd.Int64Dtype(),
        pa.uint8(): pd.UInt8Dtype(),
        pa.uint16(): pd.UInt16Dtype(),
        pa.uint32(): pd.UInt32Dtype(),
        pa.uint64(): pd.UInt64Dtype(),
        pa.float32(): pd.Float32Dtype(),
        pa.float64(): pd.Float64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
        pa.string(): pd.StringDtype(),
        pa.large_string(): pd.StringDtype(),
    }
    if hasattr(pa, "string_view"):
        mapping[pa.string_view()] = pd.StringDtype()
    return mapping


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
