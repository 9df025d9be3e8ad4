"""Stage 7, the command line: ``reportmine COMMAND``, thin wrappers over the library.

One module per command group, each command a thin wrapper over a plain function of
its module or of the library, which it imports lazily (inside the command), so
``reportmine --help`` starts fast: :mod:`.main` (the parser, dispatch, exit statuses),
:mod:`.text` (``normalize``, ``segment``), :mod:`.extract` (``extract``), :mod:`.export`
(``export``, ``schema``), :mod:`.status` (``status``), and :mod:`.options` (argument
types, the pipeline options, reading one input).
"""

from __future__ import annotations

from .main import build_parser, main

__all__ = ["build_parser", "main"]
