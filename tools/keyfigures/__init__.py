"""The key-figure pipeline, one module per concern.

* :mod:`~tools.keyfigures.vocab`: the closed vocabularies (units, qualifiers, topics) and
  the columns of ``key_figures`` and of its curated files;
* :mod:`~tools.keyfigures.phrases`: reading value and qualifier from a printed phrase;
* :mod:`~tools.keyfigures.curated`: the curated key-figure files under ``tools/reference/``;
* :mod:`~tools.keyfigures.reviews`: what a module proves (breakdowns, arithmetic checks)
  and its errata of the one registry of reviewed errata (:mod:`tools.errata`);
* :mod:`~tools.keyfigures.locate`: finding a locator's span in a source text;
* :mod:`~tools.keyfigures.sources`: where the source texts are, each source's layout;
* :mod:`~tools.keyfigures.checks`: the proofs (breakdown sums, by the package's own
  equation; arithmetic; facts);
* :mod:`~tools.keyfigures.prove`: all proofs over one module, errata and their links;
* one module per source family, with its sources' layouts and what to prove:
  :mod:`~tools.keyfigures.ar2020`, :mod:`~tools.keyfigures.ar2018` (domain modules the
  build runs) and :mod:`~tools.keyfigures.sdg_survey` (used by :mod:`tools.sdg.survey`).

Nothing here reads ``../shared`` on its own: callers pass the source text in.
"""
