"""The ``reportmine`` command: the parser, dispatch, and errors turned into exit statuses.

Each command group is a module of its own, registering its sub-commands and calling a
plain library function: :mod:`.text` (``normalize``, ``segment``), :mod:`.extract`,
:mod:`.export` (``export``, ``schema``), :mod:`.status`, :mod:`.summarize`, :mod:`.learn` (``train``,
``reprints``); what they share is in
:mod:`.options`. They import the library inside the commands, so ``reportmine --help``
loads no OpenCC, jieba or pipeline.

Every command and option is documented in README.md (a test checks it). Exit status: 0
success, 1 when some documents failed, a store check found problems, or a run stopped
part-way on its output (a full disk or temporary folder, a locked store: the finished
chunks are kept), 2 for usage errors and errors reportmine reports before any work
(:class:`~reportmine.errors.ReportmineError`, files that cannot be read or written), 130
on Ctrl-C, 141 when standard output is a pipe whose reader has gone (``reportmine … |
head``): the Unix convention of a program ended by SIGPIPE (128 + 13), quietly, so a
script can tell that the output was cut short; nothing is printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from .._version import __version__
from ..errors import ReportmineError
from .export import add_export, add_schema
from .extract import add_extract
from .learn import add_reprints, add_train
from .show import add_report, add_show
from .status import add_status
from .summarize import add_summarize
from .text import add_normalize, add_segment

__all__ = ["BROKEN_PIPE", "COMMANDS", "build_parser", "main"]

#: the exit status when standard output's reader has gone: 128 + SIGPIPE, as a shell reports
BROKEN_PIPE = 141

Handler = Callable[[argparse.Namespace], int]

#: the sub-commands, in the order ``reportmine --help`` lists them
COMMANDS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    add_normalize,
    add_extract,
    add_export,
    add_schema,
    add_segment,
    add_status,
    add_summarize,
    add_train,
    add_reprints,
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
    except BrokenPipeError:  # before OSError, of which it is one: `reportmine … | head`
        return _quiet_broken_pipe()
    except (ReportmineError, OSError, UnicodeDecodeError) as e:
        print(f"reportmine: error: {e}", file=sys.stderr)
        return 2


def _quiet_broken_pipe() -> int:
    """Point standard output at the null device, so the interpreter's last flush at exit
    finds no closed pipe (it would print "Exception ignored … BrokenPipeError"); returns
    :data:`BROKEN_PIPE`."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout replaced by an object without a file descriptor
        pass
    return BROKEN_PIPE
