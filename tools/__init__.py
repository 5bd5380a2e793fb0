"""The extraction pipeline: published texts -> src/iomdata/_data/ (not shipped)."""
