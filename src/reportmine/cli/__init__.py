"""Stage 7, the command line: ``reportmine COMMAND``, a thin layer over the library.

Each module holds one command group and imports the library lazily, inside the command,
so ``reportmine --help`` starts fast: :mod:`.main` (the parser, ``normalize``,
``segment``), :mod:`.batch` (``extract``, ``export``, ``schema``, ``status``).
"""

from __future__ import annotations

from .main import build_parser, main

__all__ = ["build_parser", "main"]
