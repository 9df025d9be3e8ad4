"""``reportmine status DB``: what a store holds, its failures, and whether it is sound.

The command calls :func:`list_failures` (``--failed``) or :func:`show_status`, which
prints :func:`store_status` as text (:func:`format_status`) or as one JSON object.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

__all__ = ["add_status", "format_status", "list_failures", "show_status", "store_status"]


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
    if not Path(a.db).is_file():
        a._parser.error(f"no such store: {a.db}")
    if a.failed:
        return list_failures(a.db)
    return show_status(a.db, check=a.check, as_json=a.json)


def list_failures(db: str | Path) -> int:
    """Print every failed document of the store ``db`` as ``id<TAB>reason`` (the reason on
    one line); returns 0."""
    from ..output.store import Store

    with Store(db, readonly=True) as store:
        for doc_id, why in store.iter_failures():
            print(f"{doc_id}\t{' '.join(why.split())}")
    return 0


def show_status(db: str | Path, *, check: bool = False, as_json: bool = False) -> int:
    """Print what the store ``db`` holds (:func:`store_status`), as text or one JSON
    object; returns 1 when ``check`` found problems, else 0."""
    info = store_status(db, check=check)
    print(json.dumps(info, ensure_ascii=False) if as_json else format_status(info))
    return 1 if info.get("problems") else 0


def store_status(db: str | Path, *, check: bool = False) -> dict[str, Any]:
    """The store's summary (:meth:`Store.summary <reportmine.output.store.Store.summary>`);
    with ``check``, also its integrity problems under ``"problems"``."""
    from ..output.store import Store

    with Store(db, readonly=True) as store:
        info = store.summary()
        if check:
            info["problems"] = store.check()
    return info


def format_status(info: dict[str, Any]) -> str:
    """The text form of :func:`store_status` (no final line break)."""
    docs, facts = info["documents"], info["facts"]
    kinds = _by_kind(facts)
    lines = [
        f"store: {info['store']} (schema {info['schema']})",
        f"documents: {docs['done'] + docs['failed']} ({docs['done']} done, {docs['failed']} failed)",
        f"characters: {info['chars']:,}",
        f"facts: {facts['total']:,}" + (f" ({kinds})" if kinds else ""),
    ]
    if info["versions"]:
        lines.append("written by: " + ", ".join(f"reportmine {v} ({n})" for v, n in info["versions"].items()))
        lines.append(f"written: {info['first'] or '-'} to {info['last'] or '-'}")
    if "problems" in info:
        problems = info["problems"]
        lines.append("check: ok" if not problems else f"check: {len(problems)} problems")
        lines.extend(f"  {line}" for line in problems)
    return "\n".join(lines)


def _by_kind(facts: dict[str, int]) -> str:
    """``count 2, money 1``: the facts of each kind, in the store's order."""
    return ", ".join(f"{k} {n:,}" for k, n in facts.items() if k != "total")
