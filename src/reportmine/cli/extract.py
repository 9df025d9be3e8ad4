"""``reportmine extract INPUT... -o OUT``: the batch, from the command line.

The command checks its options (a bad one is a usage error, exit status 2, before any
output is opened), turns them into :class:`~reportmine.batch.BatchOptions` and calls
:func:`extract_inputs`, which runs :func:`reportmine.batch.run_batch` into the output
and prints the summary. OUT's suffix picks the format (``.sqlite``/``.db``, ``.jsonl``,
``.csv``, ``.parquet``; a new path without suffix is a store; no ``-o`` writes JSON
Lines to stdout). Exit status 0 when every document succeeded, 1 when some failed or the
run stopped part-way on its output (a full disk or temporary folder: a clear message
naming where and why, no traceback; the finished chunks are kept).
``--engine dask`` runs the same extraction on a Dask cluster (:func:`extract_on_cluster`,
:mod:`reportmine.cluster`) into a directory of Parquet parts.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StoreError
from .options import (
    add_engine_options,
    add_lexicon_option,
    add_script_options,
    model_file,
    names,
    pipeline_config,
    positive,
    ratio,
    size,
)

if TYPE_CHECKING:
    from ..batch import BatchOptions, BatchSummary

__all__ = ["add_extract", "extract_inputs", "extract_on_cluster"]

#: failures listed after the summary line (``reportmine status OUT --failed`` lists all)
LISTED = 20


def add_extract(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``reportmine extract``."""
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
    _add_output(p.add_argument_group("output"))
    _add_selection(p.add_argument_group("input selection"))
    _add_limits(p.add_argument_group("limits"))
    _add_processing(p.add_argument_group("processing"))
    _add_dataset(p.add_argument_group("documents (dates, text)"))
    p.set_defaults(func=_cmd_extract, _parser=p)


def _add_output(out: argparse._ArgumentGroup) -> None:
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
    out.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")


def _add_selection(sel: argparse._ArgumentGroup) -> None:
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


def _add_limits(lim: argparse._ArgumentGroup) -> None:
    from ..sources import Limits

    d = Limits()
    for flag, kind, field, metavar, help_ in (
        ("--max-doc-size", size, "max_doc_bytes", "SIZE", "text document (default 10M)"),
        ("--max-file-size", size, "max_file_bytes", "SIZE", ".docx/.pdf file (100M)"),
        ("--max-archive-size", size, "max_archive_bytes", "SIZE", "decompressed size of one archive (4G)"),
        ("--max-members", positive, "max_members", "N", "members of one archive"),
        ("--max-ratio", ratio, "max_ratio", "R", "compression ratio of a member or of a whole archive (100)"),
    ):
        lim.add_argument(flag, type=kind, default=getattr(d, field), metavar=metavar, help=help_)


def _add_processing(run: argparse._ArgumentGroup) -> None:
    from ..batch import BatchOptions
    from ..records import KINDS

    run.add_argument(
        "-j",
        "--jobs",
        type=positive,
        default=None,
        metavar="N",
        help="worker processes extracting (default: the number of cores); this one only reads and writes; "
        "1 runs everything in this process",
    )
    run.add_argument(
        "--chunk-size",
        type=positive,
        default=BatchOptions.chunk_docs,
        metavar="N",
        help="documents per chunk (%(default)s)",
    )
    add_script_options(run)
    run.add_argument(
        "--kinds",
        type=names(KINDS, "kinds"),
        metavar="KIND,...",
        help="fact kinds to extract (default: all but the opt-in number)",
    )
    add_lexicon_option(run)
    # reportmine.learn (issue 16)
    run.add_argument(
        "--relevance", action="store_true", help="score each document's relevance (stored with it)"
    )
    run.add_argument("--topics", action="store_true", help="give each quantity fact a topic (产业, 就业 …)")
    run.add_argument(
        "--min-relevance",
        type=float,
        default=None,
        metavar="P",
        help="skip documents whose relevance is below P (recorded as skipped, not failed)",
    )
    run.add_argument(
        "--relevance-model",
        metavar="MODEL",
        type=model_file,
        default=None,
        help="relevance model: a file written by `reportmine train`, or a shipped one by name "
        "(default relevance-rest: the lead and the rest of each document; relevance: the lead "
        "only, cheaper, lower F1); implies --relevance",
    )
    run.add_argument(
        "--topic-model",
        metavar="MODEL",
        type=model_file,
        default=None,
        help="topic model file written by `reportmine train topic`; implies --topics",
    )
    add_engine_options(run)


def _add_dataset(doc: argparse._ArgumentGroup) -> None:
    """Issue 15: where document dates come from, and keeping the text."""
    doc.add_argument(
        "--doc-date",
        metavar="YYYY[-MM[-DD]]",
        help="the date of every document (resolves dates without a year and relative dates): "
        "a day, a month (2019-10) or a year (2019), as the API's doc_date",
    )
    doc.add_argument("--date-field", metavar="NAME", help="JSON Lines field holding a record's date")
    doc.add_argument(
        "--date-pattern",
        metavar="REGEX",
        help="a date in file/member names: a regular expression with named groups year, month and "
        "optionally day, e.g. '(?P<year>\\d{4})(?P<month>\\d\\d)(?P<day>\\d\\d)' (default: 20191001, "
        "2019-10-01, 2019/10/01 anywhere in the name, the last one wins)",
    )
    doc.add_argument("--no-name-dates", action="store_true", help="take no date from file or member names")
    doc.add_argument("--store-text", action="store_true", help="keep each document's text in the store")


# -- the command ---------------------------------------------------------------------------
def _cmd_extract(a: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = a._parser
    if a.engine == "dask":
        _check_cluster(parser, a)
    else:
        _check_local(parser, a)
        _check_output(parser, a)
    _check_inputs(parser, a.inputs)
    options = _batch_options(parser, a)
    if a.engine == "dask":
        where = {"scheduler": a.scheduler, "scheduler_file": a.scheduler_file}
        return extract_on_cluster(
            a.inputs, a.output, options, split_bytes=a.split_size, quiet=a.quiet, **where
        )
    return extract_inputs(a.inputs, a.output, options, excel=a.excel, quiet=a.quiet)


def _check_cluster(parser: argparse.ArgumentParser, a: argparse.Namespace) -> None:
    """``--engine dask`` writes a directory, reads inputs again (no standard input) and
    has no store to resume."""
    if a.output == "-":
        parser.error("--engine dask writes a directory of Parquet parts: give it with -o DIR")
    if a.resume or a.excel:
        parser.error(f"{'--resume' if a.resume else '--excel'} does not apply to --engine dask")
    if "-" in a.inputs:
        parser.error("--engine dask cannot read standard input (-): its workers read the files")


def _check_local(parser: argparse.ArgumentParser, a: argparse.Namespace) -> None:
    if a.scheduler or a.scheduler_file or a.split_size:
        parser.error("--scheduler, --scheduler-file and --split-size need --engine dask")


def _check_output(parser: argparse.ArgumentParser, a: argparse.Namespace) -> None:
    """OUT's format is known and fits ``--resume`` and ``--excel``."""
    from ..output.export import output_format

    try:
        fmt = output_format(a.output)
    except ValueError as e:
        parser.error(str(e))
    if a.resume and fmt != "sqlite":
        parser.error("--resume needs a store output (.sqlite or .db)")
    if a.excel and fmt != "csv":
        parser.error("--excel applies to .csv output")
    if a.store_text and fmt != "sqlite":
        parser.error("--store-text needs a store output (.sqlite or .db)")


def _check_inputs(parser: argparse.ArgumentParser, inputs: Sequence[str]) -> None:
    """Every input exists; standard input is named once."""
    missing = [p for p in inputs if p != "-" and not Path(p).exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    if list(inputs).count("-") > 1:
        parser.error("standard input (-) can be read once")


def _batch_options(parser: argparse.ArgumentParser, a: argparse.Namespace) -> BatchOptions:
    """The :class:`BatchOptions` of the command's options."""
    from ..batch import BatchOptions
    from ..sources import Limits, SourceOptions

    try:
        limits = Limits(a.max_doc_size, a.max_file_size, a.max_archive_size, a.max_members, a.max_ratio)
    except ValueError as e:
        parser.error(str(e))
    try:
        return BatchOptions(
            jobs=a.jobs,
            chunk_docs=a.chunk_size,
            resume=a.resume,
            sources=SourceOptions(
                tuple(a.include), tuple(a.exclude), a.text_field, a.id_field, limits, date_field=a.date_field
            ),
            pipeline=pipeline_config(a),
            doc_date=a.doc_date,
            name_dates=not a.no_name_dates,
            date_pattern=a.date_pattern,
            store_text=a.store_text,
        )
    except ValueError as e:
        parser.error(str(e))


def extract_inputs(
    inputs: Sequence[str],
    output: str = "-",
    options: BatchOptions | None = None,
    *,
    excel: bool = False,
    quiet: bool = False,
) -> int:
    """Extract every document of ``inputs`` into ``output`` (a store or fact file, by its
    suffix; ``-``: JSON Lines on stdout) and print the summary on stderr (not when
    ``quiet``; a progress bar too when stderr is a terminal). Returns the exit status:
    0 when every document succeeded, 1 when some failed, 130 when interrupted. A malformed
    extra lexicon table raises :class:`~reportmine.errors.LexiconError` before the output is
    opened, so no empty store is left behind."""
    import sqlite3

    from ..batch import BatchOptions, run_batch
    from ..output.export import abort_writer, open_writer, output_format

    options = options if options is not None else BatchOptions()
    if options.pipeline.lexicon_dirs:
        options.pipeline.lexicon()  # checks every table (path:line) before anything is written
    fmt = output_format(output)
    show = not quiet and sys.stderr.isatty()
    writer = open_writer(output, fmt, excel=excel)
    try:
        summary = run_batch(inputs, writer, options, progress=sys.stderr if show else None)
    except KeyboardInterrupt as stop:
        abort_writer(writer)  # a fact file is kept as OUT.partial, never as if complete
        print(f"reportmine: {_interrupted(stop, output, fmt)}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        abort_writer(writer)
        raise  # `reportmine extract … | head`: the command line ends quietly
    except (StoreError, OSError, sqlite3.Error) as e:
        # a full disk or temporary folder, a store locked too long: the run stopped part-way
        abort_writer(writer)
        print(f"reportmine: error: {_stopped_why(e, output)}", file=sys.stderr)
        return 1
    except BaseException:
        abort_writer(writer)
        raise
    writer.close()
    if not quiet:
        _print_summary(summary, output, fmt)
    return 0 if summary.ok else 1


def _interrupted(stop: KeyboardInterrupt, output: str, fmt: str) -> str:
    """What Ctrl-C left: ``interrupted: 1234 documents kept in out.sqlite (rerun with --resume)``."""
    from ..batch import BatchInterrupted

    where = "stdout" if output == "-" else output if fmt == "sqlite" else f"{output}.partial"
    again = " (rerun with --resume to go on)" if fmt == "sqlite" else ""
    if not isinstance(stop, BatchInterrupted):  # before the run began
        return f"interrupted; nothing written to {where}"
    s = stop.summary
    resumed = f", {s.resumed} of them from before" if s.resumed else ""
    return f"interrupted: {s.total} documents kept in {where} ({s.failed} failed{resumed}){again}"


def _stopped_why(e: Exception, output: str) -> str:
    """What stopped a run, naming where it could not write.

    A store error names its store already; an SQLite error that is not the store's comes
    from the run's own temporary files (where SQLite puts them: ``SQLITE_TMPDIR``, else
    ``TMPDIR``, else ``/tmp``) — e.g. "database or disk is full" when that folder is full.
    """
    import os
    import sqlite3
    import tempfile

    if isinstance(e, StoreError):
        return str(e)  # it names the store, the reason, and what was kept
    kept = "finished chunks are kept (rerun with --resume)" if _output_is_store(output) else (

        "stdout holds the documents finished before" if output == "-"
        else f"the documents finished before are kept in {output}.partial"

    )
    if isinstance(e, sqlite3.Error):
        where = os.environ.get("SQLITE_TMPDIR") or tempfile.gettempdir()
        return f"cannot write temporary files in {where}: {e} (set TMPDIR to a folder with room); {kept}"
    why = getattr(e, "strerror", None) or e
    filename = getattr(e, "filename", None)
    if filename and str(filename) != output:  # not the output: say where, not what was done
        return f"the run stopped at {filename}: {why}; {kept}"
    return f"cannot write {'stdout' if output == '-' else output}: {why}; {kept}"


def _output_is_store(output: str) -> bool:
    """True when ``output`` names a store (its format is ``sqlite``)."""
    from ..output.export import output_format

    try:
        return output_format(output) == "sqlite"
    except ValueError:
        return False


def extract_on_cluster(
    inputs: Sequence[str],
    output: str,
    options: BatchOptions | None = None,
    *,
    scheduler: str | None = None,
    scheduler_file: str | None = None,
    split_bytes: int | None = None,
    quiet: bool = False,
) -> int:
    """``extract --engine dask``: :func:`reportmine.dask.extract` into the directory
    ``output`` (on the cluster at ``scheduler``/``scheduler_file``, else a local one of
    ``options.jobs`` workers), with the summary and exit status of a local run."""
    from ..batch import BatchOptions
    from ..batch.runner import Dating
    from ..errors import MissingExtraError

    try:
        from ..cluster.engine import extract
    except ImportError:
        raise MissingExtraError("--engine dask", "dask", "dask distributed pyarrow") from None
    options = options if options is not None else BatchOptions()
    if options.pipeline.lexicon_dirs:
        options.pipeline.lexicon()  # checks every table (path:line) before the cluster starts
    show = not quiet and sys.stderr.isatty()
    try:
        summary = extract(
            inputs,
            output,
            config=options.pipeline,
            sources=options.sources,
            split_bytes=split_bytes,
            jobs=options.jobs,
            scheduler=scheduler,
            scheduler_file=scheduler_file,
            progress=sys.stderr if show else None,
            dating=Dating.of(options),
        )
    except KeyboardInterrupt:
        print("reportmine: interrupted; the directory has no manifest: run again", file=sys.stderr)
        return 130
    if not quiet:
        _print_summary(summary, output, "dataset")
    return 0 if summary.ok else 1


def _print_summary(summary: BatchSummary, output: str, fmt: str) -> None:
    """The summary line and the first :data:`LISTED` failures, on stderr."""
    print(summary.line("stdout" if output == "-" else output), file=sys.stderr)
    for doc_id, why in summary.failures[:LISTED]:
        print(f"  failed: {doc_id}: {why}", file=sys.stderr)
    if summary.failed > LISTED:
        more = f" (reportmine status {output} --failed lists them all)" if fmt == "sqlite" else ""
        print(f"  … and {summary.failed - LISTED} more failed{more}", file=sys.stderr)
