"""``reportmine show`` (one document, in the terminal or as HTML) and ``reportmine report``
(a store as HTML).

Thin wrappers: ``show`` extracts with the command's :class:`~reportmine.config.PipelineConfig`
and calls :func:`reportmine.output.show.show_report` or
:func:`reportmine.output.html.report_html`; ``report`` calls
:func:`reportmine.output.html.store_html` with :func:`source_texts`, which re-reads each
document's source file so its facts are shown in their text.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .options import add_lexicon_option, add_script_options, names, pipeline_config, positive, read_input

if TYPE_CHECKING:
    from ..config import PipelineConfig
    from ..text import Text

__all__ = ["add_report", "add_show", "source_texts", "write_html"]


def _kinds(s: str) -> tuple[str, ...]:
    from ..records import KINDS

    return names(KINDS, "kinds")(s)


def add_show(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``reportmine show``."""
    p = sub.add_parser(
        "show",
        help="show FILE (or - for stdin) with its facts highlighted: terminal view, or --html",
        description="Show a document with its facts highlighted by kind, a legend and a fact table. "
        "Colours only on a terminal and without NO_COLOR; otherwise facts are [bracketed]#n.",
    )
    p.add_argument("file", metavar="FILE|-")
    p.add_argument(
        "--kinds", type=_kinds, metavar="KIND,...", help="show only these kinds (default: all found)"
    )
    p.add_argument("--html", metavar="OUT", help="write a standalone HTML page to OUT instead")
    p.add_argument("--width", type=positive, metavar="N", help="terminal width (default: the terminal's)")
    add_script_options(p)
    add_lexicon_option(p)
    p.set_defaults(func=_cmd_show)


def _cmd_show(a: argparse.Namespace) -> int:
    from .. import pipeline as _pipeline

    doc_id, raw = read_input(a.file)
    config = pipeline_config(a)
    report = _pipeline.Pipeline.from_config(config).extract(raw, doc_id)
    if a.html:
        from ..output.html import report_html

        write_html(a.html, report_html(report, kinds=a.kinds))
        return 0
    from ..output.show import show_report

    show_report(report, sys.stdout, kinds=a.kinds, width=a.width)
    return 0


def add_report(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``reportmine report``."""
    p = sub.add_parser(
        "report",
        help="write the HTML report of a store: charts, failures, a page per document",
        description="Write one standalone HTML file for a store: totals, charts, failures and a "
        "searchable page per document, its facts highlighted in the text re-read from its source "
        "(or in their sentences when the source is gone).",
    )
    p.add_argument("store", metavar="DB")
    p.add_argument("--html", metavar="OUT", required=True, help="the HTML file to write")
    p.add_argument(
        "--max-documents", type=positive, metavar="N", help="documents given a page (default 10000)"
    )
    p.add_argument("--no-texts", action="store_true", help="do not re-read sources: facts in their sentences")
    p.add_argument(
        "--root", metavar="DIR", default=".", help="folder the store's relative sources are in (default: .)"
    )
    add_script_options(p)
    add_lexicon_option(p)
    p.set_defaults(func=_cmd_report)


def _cmd_report(a: argparse.Namespace) -> int:
    from ..output.html import DEFAULT_MAX_DOCUMENTS, store_html

    loader = None if a.no_texts else source_texts(pipeline_config(a), a.root)
    page = store_html(a.store, texts=loader, max_documents=a.max_documents or DEFAULT_MAX_DOCUMENTS)
    write_html(a.html, page)
    return 0


def source_texts(config: PipelineConfig, root: str | Path = ".") -> Callable[[str, str], Text | None]:
    """A text loader for :func:`~reportmine.output.html.store_html`: a document's source
    (relative to ``root``) read and normalized as ``extract`` reads it — a plain file, or
    the member of an archive or JSON Lines file (the container is read once, when its
    first document is asked for, and kept until another is); ``None`` for standard input
    and sources that are gone or unreadable."""
    from ..errors import ReportmineError
    from ..sources import format_of
    from .text import normalize_text

    base = Path(root)
    held: dict[str, dict[str, str]] = {}  # one container: source -> {member key -> text}

    def member_texts(path: Path) -> dict[str, str]:
        from ..sources import iter_documents

        return {_member(d.id): d.text for d in iter_documents([str(path)]) if d.text is not None}

    def load(doc_id: str, source: str) -> Text | None:
        p = base / source
        if source in ("-", "") or not p.is_file():
            return None
        try:
            if "!" in doc_id:  # a member of an archive or a JSON Lines file
                if source not in held:
                    held.clear()
                    held[source] = member_texts(p)
                raw = held[source].get(_member(doc_id))
                if raw is None:
                    return None
            elif format_of(p.name) == "text":
                _, raw = read_input(str(p))
            else:  # .html .docx .pdf: their text as extract reads it
                raw = next(iter(member_texts(p).values()), None)
                if raw is None:
                    return None
        except (OSError, ReportmineError):
            return None
        return normalize_text(raw, config)

    return load


def _member(doc_id: str) -> str:
    """``a.tar.gz!x/y.txt`` → ``x/y.txt`` (ids name the archive as the input gave it)."""
    return doc_id.split("!", 1)[1] if "!" in doc_id else doc_id


def write_html(out: str, page: str) -> None:
    """Write ``page`` to ``out`` (UTF-8) and say where on standard error."""
    Path(out).write_text(page, encoding="utf-8")
    print(f"reportmine: wrote {out} ({len(page.encode('utf-8')) // 1024} KiB)", file=sys.stderr)
