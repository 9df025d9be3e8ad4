"""mkdocs hook: docstrings written for Sphinx read well as Markdown.

* Sphinx roles (``:func:`~reportmine.text.Text```) become code spans (``Text``).

* ``>>>`` examples outside code fences render as code blocks. Docstrings hold doctests as plain
paragraphs; Markdown would read ``p["a"][0]`` in them as
a reference link (mkdocstrings then warns, and ``--strict`` fails). This hook adds a
Markdown preprocessor that fences every run of ``>>>`` lines (and their output, up to
a blank line) that is not already in a fence. It runs before mkdocstrings reads the
configured extensions (high priority).
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from mkdocs.plugins import event_priority

_ROLE = re.compile(r":(?:func|class|meth|mod|data|attr|exc|obj):`(~?)([^`]+)`")


def _role(m: re.Match[str]) -> str:
    name = m.group(2)
    return f"`{name.rsplit('.', 1)[-1] if m.group(1) else name}`"


class _DoctestFences(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        lines = [_ROLE.sub(_role, line) for line in lines]
        out: list[str] = []
        fence = False
        block: str | None = None  # indentation of the open doctest block
        for line in lines:
            stripped = line.lstrip()
            if block is None and stripped.startswith(("```", "~~~")):
                fence = not fence
            elif not fence and block is None and stripped.startswith(">>>"):
                block = line[: len(line) - len(stripped)]
                out.append(f"{block}```pycon")
            elif block is not None and not line.strip():
                out.append(f"{block}```")
                block = None
            out.append(line)
        if block is not None:
            out.append(f"{block}```")
        return out


class DoctestFences(Extension):
    """The Markdown extension registering the preprocessor."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_DoctestFences(md), "doctest_fences", 35)


@event_priority(100)
def on_config(config: Any) -> Any:
    config.markdown_extensions.append(DoctestFences())
    return config
