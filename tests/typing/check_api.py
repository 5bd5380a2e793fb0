"""Checked by mypy, never run: the public API's static types."""

from __future__ import annotations

from pathlib import Path
from typing import assert_type

import polars as pl

import iomdata

assert_type(iomdata.staff(2020), iomdata.StaffStatistics)
assert_type(iomdata.staff(2020).total_staff, int)
assert_type(iomdata.staff(2020).nationality_grade(), pl.DataFrame)
assert_type(iomdata.catalogue(), tuple[iomdata.ResourceEntry, ...])
assert_type(iomdata.key_figures(), iomdata.KeyFigures)
assert_type(iomdata.key_figures(2020)[0], iomdata.KeyFigure)
assert_type(iomdata.key_figures(2020)[:3], iomdata.KeyFigures)
assert_type(iomdata.key_figures(2020).get("x").value, float)
assert_type(iomdata.key_figures(2020).to_polars(), pl.DataFrame)
assert_type(iomdata.load("sources"), pl.DataFrame)
assert_type(iomdata.load("staff_by_category", edition=2020), pl.DataFrame)
assert_type(iomdata.series("staff_by_category"), pl.DataFrame)
assert_type(iomdata.indicator("total_staff"), pl.DataFrame)
assert_type(iomdata.indicators(), pl.DataFrame)
assert_type(iomdata.datasets(), tuple[str, ...])
assert_type(iomdata.editions(), tuple[int, ...])
assert_type(iomdata.sources()[0], iomdata.Source)
assert_type(iomdata.errata()[0], iomdata.Erratum)
assert_type(iomdata.data_version(), str)
assert_type(iomdata.__version__, str)
assert_type(iomdata.sdg_survey(), iomdata.SdgSurvey)
assert_type(iomdata.sdg_survey().actions[0].sdgs, tuple[int, ...])
assert_type(iomdata.sdg_survey().sdg_matrix(), pl.DataFrame)
assert_type(iomdata.require(">=2026.1"), str)
assert_type(iomdata.cite(), str)
assert_type(iomdata.export("out"), Path)
assert_type(iomdata.verify(), iomdata.VerificationReport)
assert_type(iomdata.verify().proofs[0].key, str)
assert_type(iomdata.key_figures(2020)["x"], iomdata.KeyFigure)
assert_type(iomdata.describe("sources"), iomdata.DatasetDescription)
assert_type(iomdata.describe("sources").columns[0], iomdata.ColumnDescription)
