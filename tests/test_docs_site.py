"""The documentation site: the CLI reference is current and complete, every page is in the
navigation, README links the pages, and (slow) ``mkdocs build --strict`` passes."""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reportmine.cli.main import build_parser
from reportmine.cli.reference import reference_markdown

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CLI_PAGE = DOCS / "cli.md"


def _commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_the_cli_reference_is_current() -> None:
    assert CLI_PAGE.read_text(encoding="utf-8") == reference_markdown(), (
        "docs/cli.md is out of date: run python tools/cli_reference.py"
    )


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_and_option_is_in_the_cli_reference(name: str) -> None:
    page = CLI_PAGE.read_text(encoding="utf-8")
    section = page.split(f"## reportmine {name}\n", 1)
    assert len(section) == 2, f"docs/cli.md has no section for reportmine {name}"
    body = section[1].split("\n## ", 1)[0]
    for action in _commands()[name]._actions:
        for opt in action.option_strings:
            if opt in ("-h", "--help"):
                continue
            assert re.search(rf"`{re.escape(opt)}`", body), f"docs/cli.md: reportmine {name} lacks {opt}"
            assert action.help, f"reportmine {name} {opt} has no help text"


def _nav_pages() -> tuple[set[str], set[str]]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = set(re.findall(r":\s+([\w./-]+\.md)\s*$", text, re.M))
    block = re.search(r"not_in_nav: \|\n((?:  .*\n)+)", text)
    hidden = set(block.group(1).split()) if block else set()
    return nav, hidden


def test_every_page_is_in_the_navigation() -> None:
    nav, hidden = _nav_pages()
    pages = {p.name for p in DOCS.glob("*.md")}
    assert nav - pages == set(), "mkdocs.yml names pages that do not exist"
    assert pages - nav - hidden == set(), "pages missing from mkdocs.yml's nav"


def test_readme_links_the_pages() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    nav, _ = _nav_pages()
    missing = [p for p in sorted(nav) if f"(docs/{p}" not in readme]
    assert not missing, f"README does not link {missing}"


@pytest.mark.slow
def test_the_site_builds_strictly(tmp_path: Path) -> None:
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("mkdocstrings") is None:
        pytest.skip("the docs extra is not installed (pip install -e '.[docs]')")
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert (tmp_path / "site" / "api" / "index.html").exists()
