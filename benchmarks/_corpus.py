"""Where benchmarks find their text: ../shared/corpora beside the repository.

Benchmarks say so and exit when the archives are absent.
"""

from __future__ import annotations

import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"


def archives() -> list[Path]:
    """The shared archives; exits with a message when there are none."""
    arcs = sorted(CORPORA.glob("*.tar.gz")) if CORPORA.is_dir() else []
    if not arcs:
        sys.exit(f"benchmark skipped: no archives in {CORPORA.relative_to(ROOT.parent)} (../shared/corpora)")
    return arcs


def articles() -> Iterator[tuple[str, str]]:
    """``(id, text)`` of every article in the shared archives."""
    for arc in archives():
        with tarfile.open(arc, "r:gz") as tf:
            for m in tf:
                if m.isfile() and m.name.endswith(".txt"):
                    f = tf.extractfile(m)
                    assert f is not None
                    yield f"{arc.name}!{m.name}", f.read().decode("utf-8-sig")
