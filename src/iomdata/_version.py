"""The package version (the data carries its own version in the manifest)."""

__version__ = "0.1.0"
