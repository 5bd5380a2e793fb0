"""iomdata's benchmarks: ``python -m benchmarks`` (or ``nox -s bench``).

Not tests: each figure is measured against a baseline in the same run and written, with
its target and the machine, to ``docs/performance.md``.
"""
