"""The package version and name."""

__version__ = "0.1.0"
__title__ = "openai_core"
