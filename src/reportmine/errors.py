"""Error types raised by reportmine.

Every error reportmine raises derives from :class:`ReportmineError`, and each
specific error also derives from the builtin exception it most resembles, so
``except ValueError`` keeps working for callers that do not know reportmine.
"""

from __future__ import annotations

__all__ = [
    "ArchiveLimitError",
    "InputError",
    "LabelError",
    "LexiconError",
    "MissingExtraError",
    "ModelError",
    "OptionError",
    "ReportmineError",
    "StoreError",
]


class ReportmineError(Exception):
    """Base class of every error raised by reportmine."""


class LexiconError(ValueError, ReportmineError):
    """A lexicon file is malformed; the message starts with ``path:line:``."""


class OptionError(ValueError, ReportmineError):
    """A function, class or command was given an option it does not accept (an unknown
    fact kind, script, converter, repair step, backend, output format or limit)."""


class InputError(ValueError, ReportmineError):
    """An input document cannot be read or decoded; the message names it and the reason."""


class ArchiveLimitError(InputError):
    """An archive or member exceeds a configured safety limit (size, count, ratio)."""


class StoreError(OSError, ReportmineError):
    """The fact store cannot be opened, written or read safely."""


class MissingExtraError(ImportError, ReportmineError):
    """An optional dependency is needed; the message names the extra to install."""

    def __init__(self, feature: str, extra: str, module: str) -> None:
        super().__init__(
            f"{feature} needs the optional package {module!r}: "
            f"install it with  pip install 'reportmine[{extra}]'"
        )
        self.feature = feature
        self.extra = extra
        self.module = module


# -- reportmine.learn (issue 16) ------------------------------------------------------------
class LabelError(ValueError, ReportmineError):
    """A labelled-data file is malformed; the message starts with ``path:line:``."""


class ModelError(ValueError, ReportmineError):
    """A model file cannot be loaded (not a reportmine model, damaged, or of another
    format version); the message names the file and says how to retrain it."""
