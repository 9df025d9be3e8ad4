"""Command-line interface: a thin layer over the library.

Every command is documented in README.md (a test checks it). Exit status: 0 success,
1 when some documents failed, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .._version import __version__
from ..errors import ReportmineError
from .batch import add_export, add_extract, add_schema, add_status

if TYPE_CHECKING:
    from ..segmentation import Token

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]


def _read_input(path: str) -> tuple[str, str]:
    """``(doc_id, text)`` of a file or ``-`` (stdin); line ends kept as they are."""
    if path == "-":
        data = sys.stdin.buffer.read()
        return "-", data.decode("utf-8-sig")
    p = Path(path)
    return p.name, p.read_bytes().decode("utf-8-sig")


# -- normalize ---------------------------------------------------------------------------
def _cmd_normalize(a: argparse.Namespace) -> int:
    from ..normalization.normalizer import normalize

    _, raw = _read_input(a.file)
    t = normalize(raw, a.script, converter=a.converter, repairs=a.steps)
    out = sys.stdout.buffer
    if a.repairs:
        for r in t.repairs:
            out.write(json.dumps(r.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n")
    else:
        out.write(t.normalized.encode("utf-8"))
        if t.normalized and not t.normalized.endswith("\n"):
            out.write(b"\n")
    out.flush()
    return 0


def _repair_steps(value: str) -> tuple[str, ...]:
    """``--steps`` value: comma-separated repair step names (empty: none)."""
    from ..normalization.normalizer import REPAIR_STEPS

    steps = tuple(x.strip() for x in value.split(",") if x.strip())
    unknown = [x for x in steps if x not in REPAIR_STEPS]
    if unknown:
        known = ", ".join(REPAIR_STEPS)
        raise argparse.ArgumentTypeError(f"unknown repair step(s) {', '.join(unknown)}; known: {known}")
    return steps


def _add_normalize(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("normalize", help="print the normalized text of FILE (or - for stdin)")
    p.add_argument("file", metavar="FILE|-")
    p.add_argument(
        "--repairs", action="store_true", help="list the repairs and damaged ranges (JSON Lines) instead"
    )
    p.add_argument("--script", default="auto", choices=("auto", "simplified", "traditional"))
    p.add_argument("--converter", default="t2s", choices=("t2s", "tw2s", "hk2s", "tw2sp"))
    p.add_argument(
        "--steps",
        type=_repair_steps,
        metavar="STEP,...",
        help="repair steps to run (pinyin,linebreak,width,space,mojibake; default: all; '' for none)",
    )
    p.set_defaults(func=_cmd_normalize)


# -- extract, export, schema: the batch commands live in cli_batch.py --------------------


# -- segment -----------------------------------------------------------------------------
def _cmd_segment(a: argparse.Namespace) -> int:
    from ..pipeline import Pipeline

    _, raw = _read_input(a.file)
    toks = Pipeline(segmenter=a.backend).segment(raw, pos=a.pos, facts=not a.no_facts)
    out = sys.stdout.buffer
    if a.json:
        for t in toks:
            d: dict[str, object] = {"text": t.text, "start": t.start, "end": t.end}
            if a.pos:
                d["pos"] = t.pos
            out.write(json.dumps(d, ensure_ascii=False).encode("utf-8") + b"\n")
    else:
        out.write(_spaced(toks, a.pos).encode("utf-8"))
    out.flush()
    return 0


def _spaced(tokens: Sequence[Token], pos: bool) -> str:
    """Tokens separated by spaces, one output line per input line; whitespace inside a token
    (a space the normalizer removed, a joined line break) is dropped from its text."""
    lines: list[list[str]] = [[]]
    for t in tokens:
        if t.text.isspace():
            lines.extend([] for _ in range(t.text.count("\n")))
            continue
        word = "".join(t.text.split())
        lines[-1].append(f"{word}/{t.pos}" if pos else word)
    if not lines[-1]:
        lines.pop()
    return "".join(" ".join(words) + "\n" for words in lines)


def _add_segment(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "segment",
        help="segment FILE (or - for stdin) into words: space-separated, or JSON Lines with offsets",
    )
    p.add_argument("file", metavar="FILE|-")
    p.add_argument("--json", action="store_true", help="JSON Lines: text, start, end (input offsets)")
    p.add_argument("--pos", action="store_true", help="add part-of-speech tags (word/tag, or a pos field)")
    p.add_argument("--no-facts", action="store_true", help="plain word segmentation: do not keep facts whole")
    p.add_argument(
        "--backend", default="auto", choices=("auto", "jieba", "rjieba"),
        help="word segmenter (auto: rjieba when installed, else jieba)",
    )
    p.set_defaults(func=_cmd_segment)


COMMANDS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    _add_normalize,
    add_extract,
    add_export,
    add_schema,
    _add_segment,
    add_status,
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
