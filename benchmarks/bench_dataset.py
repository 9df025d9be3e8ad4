"""The archives as a dataset (issue 15): document dates, headlines and yearless date facts.

    python benchmarks/bench_dataset.py [--jobs N] [--quick]

Runs the shared People's Daily archives into a temporary store twice — with the document
dates reportmine takes from the member names (``2019年10月/20191001/20191001-01-01.txt``),
and with ``name_dates=False`` (only datelines, as before issue 15) — and prints, for each:
documents with a date (and where it came from) and with a headline, and the share of date
facts without a year (``no_year``). Goals: every document dated from its file name; yearless
date facts under 2% (36.5% before). ``--quick`` uses only the first archive.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _corpus import archives
from reportmine.batch import BatchOptions, run_batch
from reportmine.output.store import Store


def measure(paths: list[str], jobs: int, name_dates: bool) -> dict[str, Any]:
    """Run the archives into a temporary store; the figures of issue 15's acceptance."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dataset.sqlite"
        start = time.monotonic()
        with Store(db) as store:
            summary = run_batch(paths, store, BatchOptions(jobs=jobs, name_dates=name_dates))
            sources = dict(
                store.sql("SELECT coalesce(doc_date_source, 'none'), count(*) FROM documents GROUP BY 1")
            )
            (docs, headlines) = store.sql("SELECT count(*), count(headline) FROM documents")[0]
            (dates, yearless) = store.sql(
                "SELECT count(*), sum(flags LIKE '%\"no_year\"%') FROM facts WHERE kind = 'date'"
            )[0]
    return {
        "name_dates": name_dates,
        "documents": docs,
        "failed": summary.failed,
        "date_sources": sources,
        "with_headline": headlines,
        "date_facts": dates,
        "yearless": yearless,
        "yearless_pct": round(100 * yearless / max(dates, 1), 2),
        "seconds": round(time.monotonic() - start, 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--quick", action="store_true", help="the first archive only")
    a = ap.parse_args()
    arcs = archives()
    paths = [str(p) for p in (arcs[:1] if a.quick else arcs)]
    results = [measure(paths, a.jobs, name_dates) for name_dates in (False, True)]
    for r in results:
        print(json.dumps(r, ensure_ascii=False))
    after = results[-1]
    ok = after["date_sources"].get("file name", 0) == after["documents"] and after["yearless_pct"] < 2
    print("goals met" if ok else "goals NOT met", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
