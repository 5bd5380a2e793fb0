"""The pipeline of IOM's 2021 reply to the DESA SDG questionnaire (``desa-sdg-survey-2021``).

* :mod:`tools.sdg.source`: the reply's id, its numbered questions, the raw extracts;
* :mod:`tools.sdg.slicing`: stage 1, the reply's facts cut into ``tools/raw/``;
* :mod:`tools.sdg.survey`: stage 2, the ``sdg_*`` datasets (the domain module the build
  runs); the reply's key figures are :mod:`tools.keyfigures.sdg_survey`.
"""
