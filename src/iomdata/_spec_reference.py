"""The specs of the reference tables: country names, source documents and errata."""

from __future__ import annotations

from typing import Final

from iomdata._dtypes import Int16, String
from iomdata._spec_model import DatasetSpec, column

__all__ = ["REFERENCE_SPECS"]

REFERENCE_SPECS: Final = (
    DatasetSpec(
        name="country_names",
        title="Country names",
        description=(
            "Every spelling of a country the sources print, with its canonical United "
            "Nations name and ISO 3166-1 alpha-3 code."
        ),
        origin="Reviewed by us (tools/reference/country_names.csv).",
        key=("name_as_printed",),
        columns=(
            column("name_as_printed", String, "A spelling of a country as some source prints it."),
            column("nationality", String, "Its canonical (United Nations) name."),
            column(
                "iso3", String, "Its ISO 3166-1 alpha-3 code; empty for 'Other'.", nullable=True
            ),
        ),
    ),
    DatasetSpec(
        name="sources",
        title="Source documents",
        description="The IOM documents the figures come from: symbol, title, year and corrigenda.",
        origin="Reviewed by us (tools/reference/sources.csv).",
        key=("id",),
        columns=(
            column("id", String, "Short id used in the source column of every dataset."),
            column(
                "symbol",
                String,
                "The document symbol, e.g. C/112/INF/1; empty where the document has none.",
                nullable=True,
            ),
            column("title", String, "Title of the document."),
            column("year", Int16, "Year of the document.", unit="year"),
            column(
                "corrigenda",
                String,
                "Corrigenda incorporated in the text used; empty if none.",
                nullable=True,
            ),
            column(
                "note",
                String,
                "What a reader should know about the document or how it was identified.",
                nullable=True,
            ),
        ),
    ),
    DatasetSpec(
        name="errata",
        title="Published inconsistencies",
        description=(
            "Figures that disagree with other figures of the same or another publication, "
            "kept as published, with what the arithmetic or the other text establishes."
        ),
        origin="Found by the pipeline's checks of the published figures against each other.",
        key=("id",),
        columns=(
            column("id", String, "Stable id of the erratum: the source id and a short slug."),
            column("source", String, "Id of the document whose figure is inconsistent."),
            column("locator", String, "Where the inconsistent figure is printed."),
            column("published", String, "The value or values as published."),
            column(
                "established", String, "What the arithmetic or the other publication establishes."
            ),
            column("explanation", String, "Our account of the evidence."),
            column(
                "proofs",
                String,
                "Keys of the failed proofs of iomdata verify that this erratum explains, "
                "separated by ';'. Empty for an erratum of a name or a text that no "
                "equation checks.",
                nullable=True,
            ),
        ),
    ),
)
