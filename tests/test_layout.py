"""The package's layout is its architecture: stage folders, imports pointing one way.

Read from the source with :mod:`ast` (nothing is imported), so a new import that breaks
the layering fails here, naming the file and the line:

- core modules (``records``, ``chars``) import nothing from the package;
- ``sources`` imports only ``errors``; ``normalization`` only core types;
- extractors import only core types (text, records, lexicon, errors, chars) and each other;
- outputs never import the batch runner, the pipeline, extractors or the CLI (a document's
  outcome is the core record ``results.DocumentResult``);
- the CLI imports the library only inside its commands (lazily), so ``--help`` is fast;
- the package top level keeps at most 14 modules: the rest live in stage folders.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "reportmine"

CORE = {"errors", "records", "results", "text", "lexicon", "chars", "config", "_version"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, top_level_only: bool = False) -> Iterator[tuple[int, str]]:
    """``(line, absolute module)`` of every import of a ``reportmine`` module in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.If) and top_level_only:  # `if TYPE_CHECKING:` blocks are not run
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("reportmine"):
                if node.module is None:  # from . import x
                    for alias in node.names:
                        yield node.lineno, f"{target}.{alias.name}"
                else:
                    yield node.lineno, target
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("reportmine"):
                    yield node.lineno, alias.name


def _files(sub: str) -> list[Path]:
    base = PKG / sub
    return sorted(base.rglob("*.py")) if base.is_dir() else [base.with_suffix(".py")]


def _stage(target: str) -> str:
    """The first component below ``reportmine`` (``reportmine.extractors.dates`` → ``extractors``)."""
    parts = target.split(".")
    return parts[1] if len(parts) > 1 else ""


# stage -> the stages and core modules it may import
ALLOWED = {
    "records": set(),
    "chars": set(),
    "errors": set(),
    "lexicon": {"lexicon", "errors", "chars"},
    "sources": {"errors", "sources"},
    "normalization": {"normalization", "text", "errors", "lexicon", "chars"},
    "extractors": {"extractors", "text", "records", "lexicon", "errors", "chars"},
    "output": {"output", "records", "results", "errors", "chars", "_version"}
    # issue 17: the terminal view and the HTML report draw a Report and its Text (core types)
    | {"report", "text"},
    # learn (issue 16): models read strings; training reads labelled documents through
    # sources and normalization; reprint marking reads inputs and writes the store
    "learn": {"learn", "errors", "_version", "normalization", "sources", "output"},
    # issue 18: the Dask engine (after batch: it runs the batch's per-document work and
    # writes the output's parts), and ``reportmine.dask``, its re-export under that name
    # (``pipeline``: for type annotations only)
    "cluster": {"cluster", "sources", "batch", "output", "config", "pipeline", "results", "errors"}
    | {"_version"},
    "dask": {"cluster"},
}


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_imports_point_one_way(stage: str) -> None:
    bad = []
    for path in _files(stage):
        if not path.exists():
            continue
        for line, target in _imports(path):
            if _stage(target) not in ALLOWED[stage]:
                bad.append(f"{path.relative_to(PKG.parent)}:{line} imports {target}")
    assert not bad, "\n".join(bad)


def test_the_cli_imports_the_library_lazily() -> None:
    allowed = {"cli", "errors", "_version"}
    bad = [
        f"{path.relative_to(PKG.parent)}:{line} imports {target} at module level"
        for path in _files("cli")
        for line, target in _imports(path, top_level_only=True)
        if _stage(target) not in allowed
    ]
    assert not bad, "\n".join(bad)


def test_building_the_parser_loads_no_pipeline() -> None:
    code = (
        "import sys; from reportmine.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('opencc', 'jieba', 'reportmine.pipeline', 'reportmine.extractors') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_at_most_14_modules_at_the_top_level() -> None:
    top = sorted(p.stem for p in PKG.glob("*.py"))
    assert len(top) <= 14, top


def test_every_stage_folder_says_what_it_holds() -> None:
    for init in sorted(PKG.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, f"{init.relative_to(PKG.parent)} needs a docstring naming its modules"


def test_old_module_paths_are_gone() -> None:
    # reportmine.extract and reportmine.normalize are functions only
    import reportmine

    assert callable(reportmine.extract) and callable(reportmine.normalize)
    for gone in ("reportmine.extract", "reportmine.normalize"):
        code = f"import {gone}"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert out.returncode != 0 and "No module named" in out.stderr, gone


def test_no_function_above_complexity_25() -> None:
    # rule functions are short chains of named steps (radon's cyclomatic complexity)
    from radon.complexity import cc_visit

    worst = []
    for path in sorted(PKG.rglob("*.py")):
        for block in cc_visit(path.read_text(encoding="utf-8")):
            if block.complexity > 25:
                where = f"{path.relative_to(PKG.parent)}:{block.lineno}"
                worst.append(f"{where} {block.name} ({block.complexity})")
    assert not worst, "\n".join(worst)
