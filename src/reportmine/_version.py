"""The installed reportmine version."""

__version__ = "0.1.0"
