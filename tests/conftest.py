"""Shared fixtures: paths to the sample corpus and, when present, the shared archives."""

from __future__ import annotations

import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "seeds"
GOLD = ROOT / "corpus" / "gold"
CORPORA = ROOT.parent / "shared" / "corpora"

# --doctest-modules (pyproject) imports every module under tests/; the fuzzing entry point
# exits when atheris is missing (it is run by hand, not by pytest: tests/fuzz/fuzz_targets.py)
collect_ignore = ["fuzz/fuzz_targets.py"]


def seed_paths() -> list[Path]:
    """The seed reports, sorted by name."""
    return sorted(SEEDS.glob("*.txt"))


def read_seed(path: Path) -> str:
    """A seed's text as the gold offsets expect it (UTF-8, line ends kept)."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def corpora_archives() -> list[Path]:
    """The shared People's Daily archives, or none when ../shared/corpora is absent."""
    return sorted(CORPORA.glob("*.tar.gz")) if CORPORA.is_dir() else []


def iter_corpora_articles() -> Iterator[tuple[str, str]]:
    """``(member name, text)`` of every article in the shared archives."""
    for arc in corpora_archives():
        with tarfile.open(arc, "r:gz") as tf:
            for m in tf:
                if m.isfile() and m.name.endswith(".txt"):
                    f = tf.extractfile(m)
                    assert f is not None
                    yield f"{arc.name}!{m.name}", f.read().decode("utf-8-sig")


@pytest.fixture(scope="session")
def corpora() -> list[Path]:
    """The shared archives; skips the test when ../shared/corpora is absent."""
    arcs = corpora_archives()
    if not arcs:
        pytest.skip("../shared/corpora not found: archive checks skipped")
    return arcs
