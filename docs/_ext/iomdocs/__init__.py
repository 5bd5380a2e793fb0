"""Generators of the data-driven pages of the iomdata documentation.

Nothing here is shipped with the package. The column meanings are the package's dataset
specs (``iomdata._specs``); :mod:`iomdocs.dictionary` adds the page groups,
:mod:`iomdocs.pages` renders Markdown from the bundled data, :mod:`iomdocs.charts`
draws the gallery and :mod:`iomdocs.sphinx_ext` wires them into the Sphinx build.
"""
