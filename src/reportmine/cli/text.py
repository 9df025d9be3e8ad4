"""``reportmine normalize`` and ``reportmine segment``: one document, printed.

Each command is a thin wrapper: it turns its options into a
:class:`~reportmine.config.PipelineConfig` and calls :func:`normalize_file` or
:func:`segment_file`, which read the input as ``extract`` does (GBK, Big5, UTF-16… see
:func:`~reportmine.cli.options.read_input`) and write UTF-8 to a binary stream.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, BinaryIO

from .options import add_lexicon_option, add_script_options, names, pipeline_config, read_input

if TYPE_CHECKING:
    from ..config import PipelineConfig
    from ..segmentation import Token
    from ..text import Text

__all__ = ["add_normalize", "add_segment", "normalize_file", "normalize_text", "segment_file"]

# -- normalize -----------------------------------------------------------------------------
def add_normalize(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``reportmine normalize``."""
    from ..normalization import REPAIR_STEPS

    p = sub.add_parser("normalize", help="print the normalized text of FILE (or - for stdin)")
    p.add_argument("file", metavar="FILE|-")
    p.add_argument(
        "--repairs", action="store_true", help="list the repairs and damaged ranges (JSON Lines) instead"
    )
    add_script_options(p)
    p.add_argument(
        "--steps",
        type=names(REPAIR_STEPS, "repair steps"),
        metavar="STEP,...",
        help=f"repair steps to run ({','.join(REPAIR_STEPS)}; default: all; '' for none)",
    )
    add_lexicon_option(p)
    p.set_defaults(func=_cmd_normalize)


def _cmd_normalize(a: argparse.Namespace) -> int:
    normalize_file(a.file, pipeline_config(a), repairs=a.repairs)
    return 0


def normalize_file(
    path: str, config: PipelineConfig, *, repairs: bool = False, out: BinaryIO | None = None
) -> None:
    """Write the normalized text of ``path`` (``-``: standard input) to ``out`` (default:
    standard output), ending with a line break; with ``repairs``, its repairs and damaged
    ranges instead, one JSON object a line."""
    _, raw = read_input(path)
    t = normalize_text(raw, config)
    stream = out if out is not None else sys.stdout.buffer
    if repairs:
        for r in t.repairs:
            stream.write(json.dumps(r.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n")
    else:
        stream.write(t.normalized.encode("utf-8"))
        if t.normalized and not t.normalized.endswith("\n"):
            stream.write(b"\n")
    stream.flush()


def normalize_text(raw: str, config: PipelineConfig) -> Text:
    """``raw`` normalized with ``config``'s script, converter, repair steps and lexicon
    (its ``char_freq`` table finds mojibake); no extractor is built."""
    from ..normalization import Normalizer, normalize

    if not config.lexicon_dirs:  # the shared normalizer of these settings
        return normalize(raw, config.script, converter=config.converter, repairs=config.repairs)
    return Normalizer(config.script, config.converter, config.repairs, lexicon=config.lexicon())(raw)


# -- segment -------------------------------------------------------------------------------
def add_segment(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``reportmine segment``."""
    from ..segmentation import BACKENDS

    p = sub.add_parser(
        "segment",
        help="segment FILE (or - for stdin) into words: space-separated, or JSON Lines with offsets",
    )
    p.add_argument("file", metavar="FILE|-")
    p.add_argument("--json", action="store_true", help="JSON Lines: text, start, end (input offsets)")
    p.add_argument("--pos", action="store_true", help="add part-of-speech tags (word/tag, or a pos field)")
    p.add_argument("--no-facts", action="store_true", help="plain word segmentation: do not keep facts whole")
    p.add_argument(
        "--backend", default="auto", choices=BACKENDS,
        help="word segmenter (auto: rjieba when installed, else jieba)",
    )  # fmt: skip
    add_lexicon_option(p)
    p.set_defaults(func=_cmd_segment)


def _cmd_segment(a: argparse.Namespace) -> int:
    segment_file(a.file, pipeline_config(a), pos=a.pos, facts=not a.no_facts, as_json=a.json)
    return 0


def segment_file(
    path: str,
    config: PipelineConfig,
    *,
    pos: bool = False,
    facts: bool = True,
    as_json: bool = False,
    out: BinaryIO | None = None,
) -> None:
    """Write the words of ``path`` (``-``: standard input) to ``out`` (default: standard
    output): space-separated, one line per input line (``word/tag`` with ``pos``), or with
    ``as_json`` one JSON object per token with its offsets into the input. ``facts``
    keeps each fact one token."""
    from ..pipeline import Pipeline

    _, raw = read_input(path)
    tokens = Pipeline.from_config(config).segment(raw, pos=pos, facts=facts)
    stream = out if out is not None else sys.stdout.buffer
    stream.write((_json_lines(tokens, pos) if as_json else _spaced(tokens, pos)).encode("utf-8"))
    stream.flush()


def _json_lines(tokens: Sequence[Token], pos: bool) -> str:
    """One ``{"text", "start", "end"[, "pos"]}`` object a line."""
    lines = []
    for t in tokens:
        d: dict[str, object] = {"text": t.text, "start": t.start, "end": t.end}
        if pos:
            d["pos"] = t.pos
        lines.append(json.dumps(d, ensure_ascii=False) + "\n")
    return "".join(lines)


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
