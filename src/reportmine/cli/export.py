"""``reportmine export DB -o FILE`` and ``reportmine schema``: what a store holds, as files.

``export`` checks its options and calls :func:`reportmine.output.export.export_store`;
``schema`` calls :func:`write_schema`, which writes
:func:`reportmine.output.schema.fact_schema` as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["add_export", "add_schema", "write_schema"]


# -- export --------------------------------------------------------------------------------
def add_export(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``reportmine export``."""
    p = sub.add_parser("export", help="convert a store to a fact file (.jsonl .csv .parquet .xlsx)")
    p.add_argument("db", metavar="DB", help="a reportmine store (.sqlite/.db)")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help=".jsonl, .csv, .parquet, .xlsx, or - (JSON Lines)",
    )
    p.add_argument("--excel", action="store_true", help="CSV with a UTF-8 BOM for spreadsheet programs")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    # issue 15: the dataset a researcher analyses
    p.add_argument(
        "--kind", action="append", default=[], metavar="KIND,...", help="export these fact kinds only"
    )
    p.add_argument(
        "--documents",
        metavar="FILE",
        help="also write the documents table (dates, headlines …) to FILE (.jsonl .csv .parquet .xlsx)",
    )
    p.add_argument(
        "--dataset", action="store_true", help="Parquet as a directory of files (for large stores)"
    )
    p.set_defaults(func=_cmd_export, _parser=p)


def _cmd_export(a: argparse.Namespace) -> int:
    from ..output.export import export_store

    fmt = _checked_format(a._parser, a)
    kinds = [k.strip() for ks in a.kind for k in ks.split(",") if k.strip()] or None
    n = export_store(
        a.db, a.output, fmt, excel=a.excel, kinds=kinds, documents=a.documents, dataset=a.dataset
    )
    if not a.quiet:
        print(f"reportmine: {n} facts -> {'stdout' if a.output == '-' else a.output}", file=sys.stderr)
    return 0


def _checked_format(parser: argparse.ArgumentParser, a: argparse.Namespace) -> str:
    """The format of ``--output``: a fact file that fits ``--excel``, from a store that exists."""
    from ..output.export import output_format

    try:
        fmt = output_format(a.output)
    except ValueError as e:
        parser.error(str(e))
    if fmt == "sqlite":
        parser.error("export writes .jsonl, .csv, .parquet or .xlsx")
    if a.dataset and fmt != "parquet":
        parser.error("--dataset applies to .parquet output")
    if a.documents is not None:
        try:
            if output_format(a.documents) == "sqlite":
                parser.error("--documents writes .jsonl, .csv, .parquet or .xlsx")
        except ValueError as e:
            parser.error(str(e))
    if a.excel and fmt != "csv":
        parser.error("--excel applies to .csv output")
    if not Path(a.db).is_file():
        parser.error(f"no such store: {a.db}")
    return fmt


# -- schema --------------------------------------------------------------------------------
def add_schema(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``reportmine schema``."""
    p = sub.add_parser("schema", help="print the JSON Schema of fact records")
    p.add_argument("-o", "--output", metavar="FILE", help="write it to FILE instead of stdout")
    p.set_defaults(func=_cmd_schema)


def _cmd_schema(a: argparse.Namespace) -> int:
    write_schema(a.output)
    return 0


def write_schema(output: str | None = None) -> None:
    """Write the JSON Schema of fact records to the file ``output`` (UTF-8), or to stdout."""
    from ..output.schema import fact_schema

    text = json.dumps(fact_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
