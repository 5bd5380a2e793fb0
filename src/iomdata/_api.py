"""The friendly layer: the public functions over the verified resources."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from iomdata._convert import from_row, structure
from iomdata._errors import UnknownEditionError
from iomdata._models import KeyFigure, KeyFigures, StaffStatistics
from iomdata._resources import default_store

if TYPE_CHECKING:
    from collections.abc import Callable

    import polars as pl

    from iomdata._manifest import ResourceEntry
    from iomdata._sdg_records import SdgSurvey
    from iomdata._source_records import Erratum, Source

__all__ = [
    "catalogue",
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

_lock = threading.RLock()
_staff_cache: dict[int, StaffStatistics] = {}
_key_figure_cache: dict[int | None, KeyFigures] = {}

_Key = TypeVar("_Key")
_Record = TypeVar("_Record")


def _cached(cache: dict[_Key, _Record], key: _Key, build: Callable[[_Key], _Record]) -> _Record:
    """``cache[key]``, built by ``build(key)`` on first use, under the module's lock."""
    with _lock:
        cached = cache.get(key)
        if cached is None:
            cached = build(key)
            cache[key] = cached
        return cached


def datasets() -> tuple[str, ...]:
    """The names of the bundled datasets, sorted.

    Examples
    --------
    >>> import iomdata
    >>> "staff_by_nationality_grade" in iomdata.datasets()
    True
    """
    return default_store().manifest.names()


def catalogue() -> tuple[ResourceEntry, ...]:
    """One record per bundled dataset, sorted by name: its rows, columns, sources, editions.

    Read from the manifest alone, without loading a dataset (nor Polars): what the bare
    ``iomdata`` command prints.

    Examples
    --------
    >>> import iomdata
    >>> entry = {e.name: e for e in iomdata.catalogue()}["staff_by_category"]
    >>> entry.sources, entry.editions, entry.columns[:3]
    (('ar2018', 'ar2020'), (2018, 2020), ('edition', 'year', 'category'))
    >>> [e.name for e in iomdata.catalogue()] == list(iomdata.datasets())
    True
    """
    return tuple(sorted(default_store().manifest.resources, key=lambda entry: entry.name))


def data_version() -> str:
    """The version of the bundled data (independent of the package version).

    Examples
    --------
    >>> import iomdata
    >>> iomdata.data_version()  # doctest: +SKIP
    '2026.1'
    """
    return default_store().manifest.data_version


def load(name: str, *, edition: int | None = None) -> pl.DataFrame:
    """Dataset ``name`` as a new Polars DataFrame: every edition, or only ``edition``.

    The annual reports overlap (the 2018 edition prints the years 2014-2018, the 2020
    edition 2016-2020), so a frame of every edition holds the overlapping years once per
    edition that prints them: summing it over editions double counts them. Pass
    ``edition`` for one report's rows, or use :func:`series` for one row per year from
    the latest edition.

    Parameters
    ----------
    name
        One of :func:`datasets`.
    edition
        A report year: keep only the rows of that edition (the dataset's ``edition``
        column). ``None`` (the default) keeps every row. A dataset without an
        ``edition`` column (``sources``, ``errata``, ``indicators``, ...) belongs to no
        edition, and asking it for one is an error.

    Raises
    ------
    TypeError
        ``name`` is not a string, or ``edition`` is neither ``None`` nor an ``int``.
    UnknownDatasetError
        No dataset has this name; the message lists the datasets.
    UnknownEditionError
        The dataset has no rows of ``edition`` (the message names the editions it has
        and, for a year printed only inside a later report's series, that report), or no
        ``edition`` column at all.
    DataIntegrityError
        The bundled resource does not match its manifest.

    Examples
    --------
    >>> import iomdata
    >>> frame = iomdata.load("staff_by_category")
    >>> frame.columns
    ['edition', 'year', 'category', 'count', 'source', 'locator']

    Both editions print 2016-2018, so the frame of every edition counts those years
    twice; one edition's rows count each year once:

    >>> import polars as pl
    >>> in_2018 = pl.col("year") == 2018
    >>> frame.filter(in_2018).get_column("count").sum()
    25346
    >>> iomdata.load("staff_by_category", edition=2020).filter(in_2018)["count"].sum()
    12673
    >>> iomdata.load("staff_by_category", edition=2019)
    Traceback (most recent call last):
    ...
    iomdata._errors.UnknownEditionError: dataset staff_by_category has no edition 2019; editions: 2018, 2020. 2019 is a year of the time series in edition 2020: ...
    """
    dataset = _dataset_name(name)
    _check_edition_type(edition, allow_none=True)
    store = default_store()
    if edition is None:
        return store.frame(dataset)
    entry = store.entry(dataset)
    if "edition" not in entry.columns:
        msg = (
            f"dataset {dataset} has no edition column (its rows belong to no one report); "
            f"load({dataset!r}) without edition"
        )
        raise UnknownEditionError(msg)
    if edition not in entry.editions:
        raise _unknown_dataset_edition(dataset, entry.editions, edition)
    return store.edition_frame(dataset, edition)


def _unknown_dataset_edition(
    dataset: str, available: tuple[int, ...], edition: int
) -> UnknownEditionError:
    import polars as pl

    listed = ", ".join(str(year) for year in available)
    msg = f"dataset {dataset} has no edition {edition}; editions: {listed}"
    frame = default_store().frame(dataset)
    if "year" in frame.columns and edition in range(1, 10_000):
        # (Beyond 64 bits Polars cannot compare a number at all; no year is that large.)
        # A year between two reports is printed only as part of a later report's series.
        later = frame.filter(pl.col("year") == edition).get_column("edition").unique().sort()
        if later.len():
            msg += (
                f". {edition} is a year of the time series in edition {later[-1]}: "
                f"load({dataset!r}, edition={later[-1]}) and filter on year, or "
                f"series({dataset!r}) for one row per year"
            )
    return UnknownEditionError(msg)


def editions() -> tuple[int, ...]:
    """The editions (report years) with full staff statistics.

    Examples
    --------
    >>> import iomdata
    >>> iomdata.editions()
    (2018, 2020)
    """
    return default_store().entry("staff_by_nationality_grade").editions


def staff(edition: int) -> StaffStatistics:
    """The staff statistics of one annual report edition.

    Parameters
    ----------
    edition
        The report's year, one of :func:`editions`.

    Raises
    ------
    TypeError
        ``edition`` is not an ``int`` (``bool`` is refused too).
    UnknownEditionError
        No edition of that year; the message names the editions there are, and says
        where a year's figures appear as a time series in a later edition.

    Examples
    --------
    >>> import iomdata
    >>> s = iomdata.staff(2020)
    >>> s.total_staff, s.professional_staff, s.general_service_staff
    (16254, 2185, 14069)
    >>> s.nationality_grade().height > 0
    True

    Both editions print the years 2016-2018; their Professional staff by sex agree:

    >>> import polars as pl
    >>> old, new = iomdata.staff(2018), iomdata.staff(2020)
    >>> key = ["year", "sex"]
    >>> both = old.professional_by_sex().join(new.professional_by_sex(), on=key)
    >>> both.sort(key).select(*key, "count", "count_right").rows()[:2]
    [(2016, 'F', 531, 531), (2016, 'M', 662, 662)]
    >>> both.filter(pl.col("count") != pl.col("count_right")).height
    0
    >>> new.total_staff - old.total_staff
    3581
    """
    _check_edition_type(edition, allow_none=False)
    return _cached(_staff_cache, edition, _build_staff)


def key_figures(edition: int | None = None) -> KeyFigures:
    """The key figures of one edition, or of every source when ``edition`` is ``None``.

    Parameters
    ----------
    edition
        An annual report year; ``None`` (the default) selects every record, including
        those of sources that are not annual reports.

    Raises
    ------
    TypeError
        ``edition`` is neither ``None`` nor an ``int``.
    UnknownEditionError
        No key figures for that edition; the message names the editions there are.

    Examples
    --------
    >>> import iomdata
    >>> figures = iomdata.key_figures(2020)
    >>> len(figures) > 100
    True
    >>> {figure.edition for figure in figures}
    {2020}

    Compare the editions with the table form, ``iomdata.load("key_figures")``: every
    comparable indicator (``indicator`` not null) is stated by both the 2018 and the 2020
    edition.  Per indicator and edition, keep the report's own record for the report year
    (a numbered paragraph or box: the Foreword rounds and the Highlights repeat), or the
    Highlights' where the report has none, then pivot; the pivot raises rather than guess
    where two such records disagree.  (:func:`indicator` lists every statement of one.)

    >>> import polars as pl
    >>> in_report = pl.col("source") == pl.format("ar{}", pl.col("edition"))
    >>> comparable = iomdata.load("key_figures").filter(
    ...     pl.col("indicator").is_not_null(),
    ...     pl.col("source").str.starts_with("ar20"),
    ...     pl.col("locator") != "Foreword",
    ...     pl.col("period").str.ends_with(pl.col("edition").cast(pl.String)),
    ... )
    >>> comparable = comparable.filter(in_report | ~in_report.any().over("indicator", "edition"))
    >>> table = (
    ...     comparable.unique(["indicator", "edition", "value"])
    ...     .pivot(on="edition", index="indicator", values="value", sort_columns=True)
    ...     .sort("indicator")
    ... )
    >>> table.columns, table.null_count().sum_horizontal().item()
    (['indicator', '2018', '2020'], 0)
    >>> shown = ["member_states", "psea_network_offices", "total_revenue", "total_staff"]
    >>> for indicator, in_2018, in_2020 in table.filter(pl.col("indicator").is_in(shown)).rows():
    ...     print(f"{indicator:<21}{in_2018:>10,.1f}{in_2020:>10,.1f}")
    member_states             172.0     173.0
    psea_network_offices       48.0      69.0
    total_revenue           1,870.0   2,182.7
    total_staff            12,673.0  16,254.0
    """
    _check_edition_type(edition, allow_none=True)
    return _cached(_key_figure_cache, edition, _build_key_figures)


def sources() -> tuple[Source, ...]:
    """The documents iomdata draws on, as records.

    Examples
    --------
    >>> import iomdata
    >>> [source.id for source in iomdata.sources()][:2]
    ['ar2018', 'ar2020']
    """
    from iomdata._source_records import Source

    with _lock:
        return tuple(
            from_row(row, Source, what="sources row") for row in default_store().rows("sources")
        )


def errata() -> tuple[Erratum, ...]:
    """Every published inconsistency recorded, as records.

    Examples
    --------
    >>> import iomdata
    >>> "ar2018-annex1-table4-2005-professional-share" in {e.id for e in iomdata.errata()}
    True
    """
    from iomdata._source_records import Erratum

    with _lock:
        return tuple(
            from_row(row, Erratum, what="errata row") for row in default_store().rows("errata")
        )


def _dataset_name(name: object) -> str:
    # Typed as object: callers without a type checker pass anything.
    if not isinstance(name, str):
        msg = f"dataset name must be a str, not {type(name).__name__}: {name!r}"
        raise TypeError(msg)
    return name


def _check_edition_type(edition: object, *, allow_none: bool) -> None:
    if allow_none and edition is None:
        return
    if isinstance(edition, bool) or not isinstance(edition, int):
        wanted = "an int (a report year such as 2020) or None" if allow_none else "an int"
        msg = f"edition must be {wanted}, not {type(edition).__name__}: {edition!r}"
        raise TypeError(msg)


def _unknown_edition(edition: int, available: tuple[int, ...], what: str) -> UnknownEditionError:
    if edition not in range(1, 10_000):
        # No year of any series; and beyond 64 bits Polars cannot compare it at all.
        listed = ", ".join(str(year) for year in available)
        return UnknownEditionError(f"no {what} for edition {edition}; editions: {listed}")
    import polars as pl

    later = (
        default_store()
        .frame("professional_staff_by_sex")
        .filter(pl.col("year") == edition)
        .get_column("edition")
        .unique()
        .sort()
        .to_list()
    )
    listed = ", ".join(str(year) for year in available)
    msg = f"no {what} for edition {edition}; editions: {listed}"
    if later:
        shown = ", ".join(str(year) for year in later)
        msg += (
            f". {edition} is not an edition of its own, but its staff figures appear as a "
            f"time series in edition {shown} (e.g. staff({later[-1]}).professional_by_sex())"
        )
    return UnknownEditionError(msg)


def _edition_frame(name: str, edition: int) -> pl.DataFrame:
    """One edition's rows of a dataset: the frame source of :class:`StaffStatistics`.

    A module-level function, not the store's bound method, so that records pickle.
    """
    return default_store().edition_frame(name, edition)


def _build_staff(edition: int) -> StaffStatistics:
    available = editions()
    if edition not in available:
        raise _unknown_edition(edition, available, "staff statistics")
    # The summaries come from the small staff_summaries resource (derived from the
    # tables by the pipeline and proven by verify), read without Polars.
    summaries = [
        row for row in default_store().rows("staff_summaries") if row["edition"] == edition
    ]
    fields: dict[str, Any] = {row["measure"]: row["value"] for row in summaries}
    sources = {row["source"] for row in summaries}
    if len(sources) != 1:
        from iomdata._errors import DataIntegrityError

        msg = f"staff_summaries of edition {edition} name sources {sorted(sources)}"
        raise DataIntegrityError(msg)
    record = {"edition": edition, "source": sources.pop(), **fields}
    expected = {field.name for field in attrs.fields(StaffStatistics)} - {"_frames"}
    if record.keys() != expected:
        from iomdata._errors import DataIntegrityError

        msg = (
            f"staff_summaries of edition {edition} hold {sorted(record)}, "
            f"StaffStatistics needs {sorted(expected)}"
        )
        raise DataIntegrityError(msg)
    return StaffStatistics(frames=_edition_frame, **record)


def _build_key_figures(edition: int | None) -> KeyFigures:
    rows = default_store().rows("key_figures")
    if edition is not None:
        available = sorted({row["edition"] for row in rows if row["edition"] is not None})
        if edition not in available:
            listed = ", ".join(str(year) for year in available)
            msg = f"no key figures for edition {edition}; editions: {listed} (or None for all)"
            raise UnknownEditionError(msg)
        rows = tuple(row for row in rows if row["edition"] == edition)
    records = tuple(from_row(row, KeyFigure, what=f"key figure {row.get('id')!r}") for row in rows)
    return KeyFigures(records, vocabulary=_key_figure_vocabulary())


def _key_figure_vocabulary() -> dict[str, frozenset[str]]:
    """The values KeyFigures.filter() accepts: those of every key figure."""
    rows = default_store().rows("key_figures")
    return {
        column: frozenset(row[column] for row in rows if row[column] is not None)
        for column in ("topic", "indicator", "source")
    }


_SDG_SOURCE = "desa-sdg-survey-2021"
_sdg_cache: list[SdgSurvey] = []


def sdg_survey() -> SdgSurvey:
    """IOM's 2021 reply to the UN DESA SDG questionnaire, as one frozen record.

    The same content is in the ``sdg_*`` datasets (see :func:`datasets`); its
    quantitative statements are in :func:`key_figures` under source
    ``"desa-sdg-survey-2021"``.

    Examples
    --------
    >>> import iomdata
    >>> survey = iomdata.sdg_survey()
    >>> len(survey.actions), len(survey.country_list("flod-countries").entries)
    (11, 22)
    >>> [action.number for action in survey.actions_for_sdg(10)]
    [1, 2, 4, 5, 9, 10, 11]

    The goals each accelerating action serves (columns: SDG 1 to 17):

    >>> for row in survey.sdg_matrix().iter_rows():
    ...     print(f"{row[0]:>2} " + "".join("x" if cell else "." for cell in row[1:]))
     1 x........x.....x.
     2 x......x.xx.x..x.
     3 x......xx........
     4 x......x.x..x....
     5 .......xxx......x
     6 ....x..x.........
     7 ..........x.x..x.
     8 ......x.....x.x..
     9 ..x......xx....x.
    10 xxxxxx.x.x.......
    11 .........x.....x.
    """
    with _lock:
        if not _sdg_cache:
            _sdg_cache.append(_build_sdg_survey())
        return _sdg_cache[0]


def _build_sdg_survey() -> SdgSurvey:
    store = default_store()

    def ordered(name: str, *keys: str) -> list[dict[str, Any]]:
        return sorted(store.rows(name), key=lambda row: tuple(row[k] for k in keys))

    def grouped(name: str, key: str, value: str, order: str) -> dict[Any, list[Any]]:
        groups: dict[Any, list[Any]] = {}
        for row in ordered(name, key, order):
            groups.setdefault(row[key], []).append(row[value])
        return groups

    partners = grouped("sdg_initiative_partners", "initiative_id", "partner", "position")
    initiative_sdgs = grouped("sdg_initiative_sdgs", "initiative_id", "sdg", "sdg")
    resource_sdgs = grouped("sdg_resource_sdgs", "resource_id", "sdg", "sdg")
    action_sdgs = grouped("sdg_accelerating_actions", "action", "sdg", "sdg")
    action_gcm = grouped("sdg_action_gcm_objectives", "action", "gcm_objective", "gcm_objective")
    beneficiaries: dict[str, list[dict[str, Any]]] = {}
    for entry in ordered("sdg_initiative_beneficiaries", "initiative_id", "position"):
        beneficiaries.setdefault(entry["initiative_id"], []).append(entry)
    lists: dict[str, list[dict[str, Any]]] = {}
    for entry in ordered("sdg_country_lists", "list_id", "position"):
        lists.setdefault(entry["list_id"], []).append(entry)

    initiatives = [
        {
            "id": row["initiative_id"],
            "kind": row["kind"],
            "position": row["position"],
            "name": row["name"],
            "summary": row["summary"],
            "partners": partners.get(row["initiative_id"], []),
            "sdgs": initiative_sdgs.get(row["initiative_id"], []),
            "beneficiaries": [
                entry["country"] or entry["entry_as_printed"]
                for entry in beneficiaries.get(row["initiative_id"], [])
            ],
            "iso3": [
                entry["iso3"]
                for entry in beneficiaries.get(row["initiative_id"], [])
                if entry["iso3"] is not None
            ],
        }
        for row in ordered("sdg_initiatives", "kind", "position")
    ]
    resources = [
        {
            "id": row["resource_id"],
            "position": row["position"],
            "name": row["name"],
            "publishing_entity": row["publishing_entity"],
            "target_audience": row["target_audience"],
            "language": row["language"],
            "summary": row["summary"],
            "sdgs": resource_sdgs.get(row["resource_id"], []),
        }
        for row in ordered("sdg_resources", "position")
    ]
    labels = {row["action"]: row["action_label"] for row in store.rows("sdg_accelerating_actions")}
    actions = [
        {
            "number": number,
            "label": labels[number],
            "sdgs": action_sdgs.get(number, []),
            "gcm_objectives": action_gcm.get(number, []),
        }
        for number in sorted(labels)
    ]
    country_lists = [
        {
            "id": list_id,
            "label": entries[0]["list_label"],
            "locator": entries[0]["locator"],
            "entries": [entry["entry_as_printed"] for entry in entries],
            "iso3": [entry["iso3"] for entry in entries if entry["iso3"] is not None],
        }
        for list_id, entries in lists.items()
    ]
    from iomdata._sdg_records import SdgSurvey

    return structure(
        {
            "source": _SDG_SOURCE,
            "initiatives": initiatives,
            "resources": resources,
            "actions": actions,
            "country_lists": country_lists,
        },
        SdgSurvey,
        what="sdg survey",
    )
