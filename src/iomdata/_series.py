"""Across editions: one value per year and key, and every statement of an indicator.

The annual reports overlap: each prints a time series that repeats years an earlier
report printed (2016-2018 are in both the 2018 and the 2020 edition), and the narratives
state the same quantities two years apart. :func:`series` keeps one row per year and key,
from the latest edition that prints it, so that nothing is counted twice; it flags the
years an edition restated. :func:`indicator` and :func:`indicators` gather the key
figures that state one comparable quantity, edition by edition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from iomdata._errors import UnknownDatasetError, UnknownIndicatorError
from iomdata._resources import default_store

if TYPE_CHECKING:
    import polars as pl

__all__ = ["SERIES", "indicator", "indicators", "series"]

#: The year-indexed staff tables :func:`series` accepts (Annex I, Tables 1-4; Annex IV).
SERIES: Final = (
    "nationalities_represented",
    "professional_staff_by_sex",
    "senior_staff_by_sex",
    "staff_by_category",
    "women_share_by_grade",
)

#: The columns :func:`series` adds to the latest edition's row.
_ADDED: Final = ("restated", "earlier_edition", "earlier_value")


def series(name: str) -> pl.DataFrame:
    """A year-indexed staff table across editions, one row per year and key.

    Each row comes from the latest edition that prints that year and key (its
    ``edition`` column says which), so summing a column counts every year once. Where an
    earlier edition printed the same year and key too, ``earlier_edition`` and
    ``earlier_value`` hold the value of the most recent such edition, and ``restated`` is
    true when the two differ; where no earlier edition printed it they are null and
    ``restated`` is false.

    Parameters
    ----------
    name
        One of ``professional_staff_by_sex``, ``women_share_by_grade``,
        ``senior_staff_by_sex``, ``staff_by_category`` or ``nationalities_represented``.

    Returns
    -------
    polars.DataFrame
        The dataset's columns (the value column is ``count`` or ``value``), then
        ``restated`` (Boolean), ``earlier_edition`` and ``earlier_value``, sorted by
        year and key.

    Raises
    ------
    TypeError
        ``name`` is not a string.
    UnknownDatasetError
        ``name`` is not one of the year-indexed staff tables; the message names them.

    Examples
    --------
    >>> import iomdata
    >>> import polars as pl
    >>> staff = iomdata.series("staff_by_category")
    >>> staff.filter(pl.col("year") >= 2016).group_by("year", "edition").agg(
    ...     pl.col("count").sum()
    ... ).sort("year").rows()
    [(2016, 2020, 10184), (2017, 2020, 10978), (2018, 2020, 12673), (2019, 2020, 14811), (2020, 2020, 16254)]

    The 2020 edition reprints 2016-2018 as the 2018 edition printed them:

    >>> staff.filter(pl.col("year") == 2018).select(
    ...     "category", "count", "edition", "earlier_edition", "earlier_value", "restated"
    ... ).rows()
    [('general_service', 10904, 2020, 2018, 10904, False), ('professional', 1769, 2020, 2018, 1769, False)]
    >>> staff.get_column("restated").any()
    False
    """
    _check_str(name, "series name")
    if name not in SERIES:
        import difflib  # only for the error: ~1.5 ms of `import iomdata` otherwise

        close = difflib.get_close_matches(name, SERIES, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        msg = f"no year-indexed staff table named {name!r}{hint}; series: {', '.join(SERIES)}"
        raise UnknownDatasetError(msg)
    return latest_per_year(default_store().frame(name), name)


def _check_str(value: object, what: str) -> None:
    # Typed as object: callers without a type checker pass anything.
    if not isinstance(value, str):
        msg = f"{what} must be a str, not {type(value).__name__}: {value!r}"
        raise TypeError(msg)


def latest_per_year(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    """The :func:`series` of ``frame``, rows of dataset ``name`` from several editions.

    Separate from :func:`series` so that it can be given any frame (tests build one
    with a restated year).
    """
    import polars as pl

    from iomdata._specs import spec

    key = [column for column in spec(name).key if column != "edition"]
    # A change measured against a base year is another quantity if the base differs.
    if "base_year" in frame.columns:
        key.append("base_year")
    value = "count" if "count" in frame.columns else "value"
    ordered = frame.sort([*key, "edition"], nulls_last=True)
    earlier = pl.col("edition").shift(1).over(key)
    with_earlier = ordered.with_columns(
        earlier.alias("earlier_edition"),
        pl.col(value).shift(1).over(key).alias("earlier_value"),
        (pl.col("edition") == pl.col("edition").max().over(key)).alias("_latest"),
    )
    latest = with_earlier.filter(pl.col("_latest")).drop("_latest")
    restated = (pl.col("earlier_value").is_not_null()) & (pl.col("earlier_value") != pl.col(value))
    return latest.with_columns(restated.fill_null(value=False).alias("restated")).select(
        *frame.columns, *_ADDED
    )


def indicators() -> pl.DataFrame:
    """The catalogue of comparable indicators, with the editions that state each.

    An indicator is one quantity that both annual-report editions state under one
    definition (``definition``); ``comparability`` says what a reader should know when
    comparing the editions' values. Look-alike figures that are *not* the same measure
    are in the ``indicator_lookalikes`` dataset, with the reason.

    Returns
    -------
    polars.DataFrame
        ``id``, ``label``, ``unit``, ``definition``, ``comparability``, then
        ``editions`` (the report editions with a statement of it, a list) and
        ``statements`` (how many key figures state it, repeats included).

    Examples
    --------
    >>> import iomdata
    >>> catalogue = iomdata.indicators()
    >>> catalogue.filter(catalogue["id"] == "wash_people").select("unit", "editions").row(0)
    ('people', [2018, 2020])
    >>> catalogue.get_column("editions").list.len().min()
    2
    """
    import polars as pl

    store = default_store()
    stated = (
        store.frame("key_figures")
        .filter(pl.col("indicator").is_not_null())
        .group_by("indicator")
        .agg(
            pl.col("edition").drop_nulls().unique().sort().alias("editions"),
            pl.len().cast(pl.Int64).alias("statements"),
        )
    )
    catalogue = store.frame("indicators")
    return catalogue.join(stated, left_on="id", right_on="indicator", how="left").select(
        *catalogue.columns,
        pl.col("editions").fill_null(pl.lit([], dtype=pl.List(pl.Int16))),
        pl.col("statements").fill_null(0),
    )


def indicator(id: str) -> pl.DataFrame:  # noqa: A002 - the catalogue's own word
    """Every statement of one comparable indicator, across sources and editions.

    One row per key figure that states the indicator, ordered by the year its period
    ends in, then edition, source and locator. A repeated statement of one fact (a
    paragraph and the Highlights) appears once per place it is printed, with the same
    ``fact``: keep one row per ``fact`` to count each value once.

    Parameters
    ----------
    id
        An indicator id, one of ``indicators()["id"]``.

    Returns
    -------
    polars.DataFrame
        ``indicator``, ``year`` (the year the period ends in), ``edition``, ``period``,
        ``value``, ``unit``, ``qualifier``, ``as_printed``, ``source``, ``locator``,
        ``key_figure_id``, ``fact``, ``label``, and ``comparability`` (the catalogue's
        note, the same on every row).

    Raises
    ------
    TypeError
        ``id`` is not a string.
    UnknownIndicatorError
        No indicator has this id; the message suggests a close one.

    Examples
    --------
    >>> import iomdata
    >>> wash = iomdata.indicator("wash_people")
    >>> wash.select("year", "edition", "value", "qualifier", "source", "locator").rows()
    [(2018, 2018, 5600000.0, 'exact', 'ar2018', 'para 171'), (2020, 2020, 21500000.0, 'over', 'ar2020-highlights', 'IOM CRISIS-RELATED SUPPORT'), (2020, 2020, 21500000.0, 'over', 'ar2020-highlights', 'RESILIENCE')]
    >>> wash.unique("fact", keep="first").height  # the Highlights print 2020 twice
    2
    >>> print(wash.get_column("comparability")[0])
    The 2020 value is printed only in the Highlights; the 2018 value is in the report.
    """
    import polars as pl

    _check_str(id, "indicator id")
    store = default_store()
    catalogue = store.frame("indicators")
    known = catalogue.get_column("id").to_list()
    if id not in known:
        import difflib

        close = difflib.get_close_matches(id, known, n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        msg = f"no indicator {id!r}{hint} (iomdata.indicators() lists the {len(known)})"
        raise UnknownIndicatorError(msg)
    note = catalogue.filter(pl.col("id") == id).get_column("comparability")[0]
    year = pl.col("period").str.extract(r"(\d{4})\D*$", 1).cast(pl.Int16)
    return (
        store.frame("key_figures")
        .filter(pl.col("indicator") == id)
        .with_columns(year.alias("year"), pl.lit(note, dtype=pl.String).alias("comparability"))
        .sort("year", "edition", "source", "locator", "id", nulls_last=True)
        .select(
            "indicator",
            "year",
            "edition",
            "period",
            "value",
            "unit",
            "qualifier",
            "as_printed",
            "source",
            "locator",
            pl.col("id").alias("key_figure_id"),
            "fact",
            "label",
            "comparability",
        )
    )
