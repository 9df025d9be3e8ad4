"""The batch commands of the command line: ``extract``, ``export`` and ``schema``.

``reportmine extract INPUT... -o OUT`` runs :func:`reportmine.batch.run_batch`; OUT's
suffix picks the format (``.sqlite``/``.db``, ``.jsonl``, ``.csv``, ``.parquet``; a new
path without suffix is a store; no ``-o`` writes JSON Lines to stdout). Exit status 0
when every document succeeded, 1 when some failed, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["add_export", "add_extract", "add_schema"]

_LISTED = 20


def _size(s: str) -> int:
    from ..sources import parse_size

    try:
        return parse_size(s)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _positive(s: str) -> int:
    try:
        n = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {s!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {s!r}")
    return n


# -- extract --------------------------------------------------------------------------------
def add_extract(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``reportmine extract``."""
    from ..batch.runner import BatchOptions
    from ..sources import Limits

    d = Limits()
    p = sub.add_parser(
        "extract",
        help="extract facts from files, folders and archives into a store or fact file",
        description="Extract facts from every document of the inputs. Exit status: 0 all documents "
        "succeeded, 1 some failed (listed with reasons), 2 usage error.",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="file, folder (recursive), archive (.zip .tar .tar.gz .tgz .tar.bz2 .tar.xz .7z), "
        "JSON Lines file, or - for standard input",
    )
    out = p.add_argument_group("output")
    out.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="OUT",
        help="store (.sqlite .db, or a new path without suffix) or fact file (.jsonl .csv .parquet); "
        "default: JSON Lines on stdout",
    )
    out.add_argument("--excel", action="store_true", help="CSV with a UTF-8 BOM for spreadsheet programs")
    out.add_argument(
        "--resume", action="store_true", help="skip documents the store holds as done with the same sha256"
    )
    out.add_argument("-q", "--quiet", action="store_true", help="no progress line and no summary")
    sel = p.add_argument_group("input selection")
    sel.add_argument(
        "--include", action="append", default=[], metavar="GLOB", help="read only files/members matching"
    )
    sel.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="skip files/members matching"
    )
    sel.add_argument(
        "--text-field", default="text", metavar="NAME", help="JSON Lines text field (default: text)"
    )
    sel.add_argument("--id-field", default="id", metavar="NAME", help="JSON Lines id field (default: id)")
    lim = p.add_argument_group("limits")
    lim.add_argument(
        "--max-doc-size",
        type=_size,
        default=d.max_doc_bytes,
        metavar="SIZE",
        help="text document (default 10M)",
    )
    lim.add_argument(
        "--max-file-size", type=_size, default=d.max_file_bytes, metavar="SIZE", help=".docx/.pdf file (100M)"
    )
    lim.add_argument(
        "--max-archive-size",
        type=_size,
        default=d.max_archive_bytes,
        metavar="SIZE",
        help="decompressed size of one archive (4G)",
    )
    lim.add_argument(
        "--max-members", type=_positive, default=d.max_members, metavar="N", help="members of one archive"
    )
    lim.add_argument(
        "--max-ratio", type=float, default=d.max_ratio, metavar="R", help="compression ratio (default 100)"
    )
    run = p.add_argument_group("processing")
    run.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help="processes: N-1 workers and this one (default: the number of cores)",
    )
    run.add_argument(
        "--chunk-size",
        type=_positive,
        default=BatchOptions.chunk_docs,
        metavar="N",
        help="documents per chunk (%(default)s)",
    )
    run.add_argument("--script", default="auto", choices=("auto", "simplified", "traditional"))
    run.add_argument("--converter", default="t2s", choices=("t2s", "tw2s", "hk2s", "tw2sp"))
    run.add_argument("--kinds", metavar="KIND,...", help="fact kinds to extract (default: all)")
    p.set_defaults(func=_cmd_extract, _parser=p)


def _cmd_extract(a: argparse.Namespace) -> int:
    from ..batch.runner import BatchOptions, PipelineOptions, run_batch
    from ..output.export import open_writer, output_format
    from ..records import KINDS
    from ..sources import Limits, SourceOptions

    parser: argparse.ArgumentParser = a._parser
    try:
        fmt = output_format(a.output)
    except ValueError as e:
        parser.error(str(e))
    if a.resume and fmt != "sqlite":
        parser.error("--resume needs a store output (.sqlite or .db)")
    if a.excel and fmt != "csv":
        parser.error("--excel applies to .csv output")
    kinds = tuple(k.strip() for k in a.kinds.split(",") if k.strip()) if a.kinds else None
    if kinds is not None and set(kinds) - set(KINDS):
        parser.error(f"unknown kinds {sorted(set(kinds) - set(KINDS))}; known: {', '.join(KINDS)}")
    missing = [p for p in a.inputs if p != "-" and not Path(p).exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    if a.inputs.count("-") > 1:
        parser.error("standard input (-) can be read once")
    try:
        limits = Limits(a.max_doc_size, a.max_file_size, a.max_archive_size, a.max_members, a.max_ratio)
    except ValueError as e:
        parser.error(str(e))
    opts = BatchOptions(
        jobs=a.jobs,
        chunk_docs=a.chunk_size,
        resume=a.resume,
        sources=SourceOptions(tuple(a.include), tuple(a.exclude), a.text_field, a.id_field, limits),
        pipeline=PipelineOptions(a.script, a.converter, kinds),
    )
    show = not a.quiet and sys.stderr.isatty()
    writer = open_writer(a.output, fmt, excel=a.excel)
    try:
        summary = run_batch(a.inputs, writer, opts, progress=sys.stderr if show else None)
    except KeyboardInterrupt:
        print("reportmine: interrupted; finished chunks are kept (rerun with --resume)", file=sys.stderr)
        return 130
    finally:
        writer.close()
    if not a.quiet:
        print(summary.line("stdout" if a.output == "-" else a.output), file=sys.stderr)
        for doc_id, why in summary.failures[:_LISTED]:
            print(f"  failed: {doc_id}: {why}", file=sys.stderr)
        if summary.failed > _LISTED:
            more = f" (reportmine status {a.output} --failed lists them all)" if fmt == "sqlite" else ""
            print(f"  … and {summary.failed - _LISTED} more failed{more}", file=sys.stderr)
    return 0 if summary.ok else 1


# -- export ---------------------------------------------------------------------------------
def add_export(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``reportmine export``."""
    p = sub.add_parser("export", help="convert a store to a fact file (.jsonl .csv .parquet)")
    p.add_argument("db", metavar="DB", help="a reportmine store (.sqlite/.db)")
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=".jsonl, .csv, .parquet, or - (JSON Lines)"
    )
    p.add_argument("--excel", action="store_true", help="CSV with a UTF-8 BOM for spreadsheet programs")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    p.set_defaults(func=_cmd_export, _parser=p)


def _cmd_export(a: argparse.Namespace) -> int:
    from ..output.export import export_store, output_format

    parser: argparse.ArgumentParser = a._parser
    try:
        fmt = output_format(a.output)
    except ValueError as e:
        parser.error(str(e))
    if fmt == "sqlite":
        parser.error("export writes .jsonl, .csv or .parquet")
    if a.excel and fmt != "csv":
        parser.error("--excel applies to .csv output")
    if not Path(a.db).is_file():
        parser.error(f"no such store: {a.db}")
    n = export_store(a.db, a.output, fmt, excel=a.excel)
    if not a.quiet:
        print(f"reportmine: {n} facts -> {'stdout' if a.output == '-' else a.output}", file=sys.stderr)
    return 0


# -- schema ---------------------------------------------------------------------------------
def add_schema(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``reportmine schema``."""
    p = sub.add_parser("schema", help="print the JSON Schema of fact records")
    p.add_argument("-o", "--output", metavar="FILE", help="write it to FILE instead of stdout")
    p.set_defaults(func=_cmd_schema)


def _cmd_schema(a: argparse.Namespace) -> int:
    from ..output.schema import fact_schema

    text = json.dumps(fact_schema(), ensure_ascii=False, indent=2) + "\n"
    if a.output:
        Path(a.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


# -- status ---------------------------------------------------------------------------------
def add_status(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``reportmine status``."""
    p = sub.add_parser("status", help="what a store holds: documents, failures, facts by kind")
    p.add_argument("db", metavar="DB", help="a reportmine store (.sqlite/.db)")
    p.add_argument(
        "--failed", action="store_true", help="list every failed document and its reason (id<TAB>reason)"
    )
    p.add_argument(
        "--check", action="store_true", help="also check the store's integrity (exit 1 on problems)"
    )
    p.add_argument("--json", action="store_true", help="the summary as one JSON object")
    p.set_defaults(func=_cmd_status, _parser=p)


def _cmd_status(a: argparse.Namespace) -> int:
    from ..output.store import Store

    parser: argparse.ArgumentParser = a._parser
    if not Path(a.db).is_file():
        parser.error(f"no such store: {a.db}")
    with Store(a.db, readonly=True) as store:
        if a.failed:
            for doc_id, why in store.iter_failures():
                print(f"{doc_id}\t{' '.join(why.split())}")
            return 0
        info = store.summary()
        problems = store.check() if a.check else []
    if a.check:
        info["problems"] = problems
    if a.json:
        print(json.dumps(info, ensure_ascii=False))
    else:
        docs, facts = info["documents"], info["facts"]
        print(f"store: {info['store']} (schema {info['schema']})")
        print(f"documents: {docs['done'] + docs['failed']} ({docs['done']} done, {docs['failed']} failed)")
        print(f"characters: {info['chars']:,}")
        kinds = ", ".join(f"{k} {n:,}" for k, n in facts.items() if k != "total")
        print(f"facts: {facts['total']:,}" + (f" ({kinds})" if kinds else ""))
        if info["versions"]:
            print("written by: " + ", ".join(f"reportmine {v} ({n})" for v, n in info["versions"].items()))
            print(f"written: {info['first'] or '-'} to {info['last'] or '-'}")
        if a.check:
            print("check: ok" if not problems else "check: " + str(len(problems)) + " problems")
            for line in problems:
                print(f"  {line}")
    return 1 if problems else 0
