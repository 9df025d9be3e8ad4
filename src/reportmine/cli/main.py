"""The ``reportmine`` command: the parser, dispatch, and errors turned into exit statuses.

Each command group is a module of its own, registering its sub-commands and calling a
plain library function: :mod:`.text` (``normalize``, ``segment``), :mod:`.extract`,
:mod:`.export` (``export``, ``schema``), :mod:`.status`; what they share is in
:mod:`.options`. They import the library inside the commands, so ``reportmine --help``
loads no OpenCC, jieba or pipeline.

Every command and option is documented in README.md (a test checks it). Exit status: 0
success, 1 when some documents failed (or a store check found problems), 2 for usage
errors and errors reportmine reports (:class:`~reportmine.errors.ReportmineError`, files
that cannot be read or written).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from .._version import __version__
from ..errors import ReportmineError
from .export import add_export, add_schema
from .extract import add_extract
from .show import add_report, add_show
from .status import add_status
from .text import add_normalize, add_segment

__all__ = ["COMMANDS", "build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]

#: the sub-commands, in the order ``reportmine --help`` lists them
COMMANDS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    add_normalize,
    add_extract,
    add_export,
    add_schema,
    add_segment,
    add_status,
    # issue 17
    add_show,
    add_report,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``reportmine`` command."""
    parser = argparse.ArgumentParser(
        prog="reportmine",
        description="Mine Chinese-language assistance reports for typed, traceable facts.",
    )
    parser.add_argument("--version", action="version", version=f"reportmine {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    a = parser.parse_args(argv)
    handler: Handler = a.func
    try:
        return handler(a)
    except (ReportmineError, OSError, UnicodeDecodeError) as e:
        print(f"reportmine: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover
        return 0
