"""Every benchmark script imports against today's package (a renamed private helper broke
``bench_extract.py`` once without any test noticing). Importing runs no benchmark: each
script's work is behind ``if __name__ == "__main__"``; the peers and the archives are only
touched when a benchmark runs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SCRIPTS = sorted(p for p in BENCHMARKS.glob("*.py") if not p.name.startswith("_"))


def test_there_are_benchmarks() -> None:
    assert len(SCRIPTS) >= 5


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_benchmark_imports(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(f"_bench_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (dataclasses look their module up while it runs)
    try:
        spec.loader.exec_module(module)
    except ModuleNotFoundError as e:
        # an optional extra's package (pyarrow, dask, jionlp …), never reportmine itself
        if e.name is None or e.name.split(".")[0] == "reportmine":
            raise
        pytest.skip(f"{path.name} needs {e.name}, not installed")
    finally:
        sys.modules.pop(f"_bench_{path.stem}", None)
    assert callable(getattr(module, "main", None)), f"{path.name} has no main()"
