"""Command-line interface: a thin layer over the library.

Every command is documented in README.md (a test checks it). Exit status: 0 success,
1 when some documents failed, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ._version import __version__
from .errors import ReportmineError

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]


def _read_input(path: str) -> tuple[str, str]:
    """``(doc_id, text)`` of a file or ``-`` (stdin); line ends kept as they are."""
    if path == "-":
        data = sys.stdin.buffer.read()
        return "-", data.decode("utf-8-sig")
    p = Path(path)
    return p.name, p.read_bytes().decode("utf-8-sig")


def _iter_txt(paths: Sequence[str]) -> Iterator[tuple[str, str]]:
    for path in paths:
        p = Path(path)
        if path != "-" and p.is_dir():
            for f in sorted(p.rglob("*.txt")):
                yield f.relative_to(p).as_posix(), f.read_bytes().decode("utf-8-sig")
        else:
            yield _read_input(path)


# -- normalize ---------------------------------------------------------------------------
def _cmd_normalize(a: argparse.Namespace) -> int:
    from .normalize import normalize

    _, raw = _read_input(a.file)
    t = normalize(raw, a.script, converter=a.converter, repairs=a.steps.split(",") if a.steps else None)
    if a.repairs:
        for r in t.repairs:
            print(json.dumps(r.to_dict(), ensure_ascii=False))
    else:
        sys.stdout.write(t.normalized)
        if t.normalized and not t.normalized.endswith("\n"):
            sys.stdout.write("\n")
    return 0


def _add_normalize(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("normalize", help="print the normalized text of FILE (or - for stdin)")
    p.add_argument("file", metavar="FILE|-")
    p.add_argument("--repairs", action="store_true", help="list the repairs (JSON Lines) instead")
    p.add_argument("--script", default="auto", choices=("auto", "simplified", "traditional"))
    p.add_argument("--converter", default="t2s", choices=("t2s", "tw2s", "hk2s", "tw2sp"))
    p.add_argument("--steps", help="comma-separated repair steps to run (default: all)")
    p.set_defaults(func=_cmd_normalize)


# -- extract -----------------------------------------------------------------------------
def _cmd_extract(a: argparse.Namespace) -> int:
    from .pipeline import Pipeline

    pipe = Pipeline()
    out = open(a.output, "w", encoding="utf-8") if a.output else sys.stdout
    try:
        for doc_id, raw in _iter_txt(a.paths):
            for d in pipe.extract(raw, doc_id).to_dicts():
                out.write(json.dumps(d, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def _add_extract(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("extract", help="extract facts from files and folders of .txt")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.set_defaults(func=_cmd_extract)


# -- segment -----------------------------------------------------------------------------
def _cmd_segment(a: argparse.Namespace) -> int:
    from .pipeline import default_pipeline

    _, raw = _read_input(a.file)
    toks = default_pipeline().segment(raw, pos=a.pos)
    if a.json:
        for t in toks:
            d = {"text": t.text, "start": t.start, "end": t.end}
            if a.pos:
                d["pos"] = t.pos
            print(json.dumps(d, ensure_ascii=False))
    else:
        print(" ".join(t.text for t in toks if not t.text.isspace()))
    return 0


def _add_segment(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("segment", help="segment FILE (or -) into tokens")
    p.add_argument("file", metavar="FILE|-")
    p.add_argument("--json", action="store_true", help="JSON Lines with offsets")
    p.add_argument("--pos", action="store_true", help="add part-of-speech tags")
    p.set_defaults(func=_cmd_segment)


COMMANDS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    _add_normalize,
    _add_extract,
    _add_segment,
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
