"""The command-line reference (``docs/cli.md``), generated from the argparse parser.

``python tools/cli_reference.py`` writes it; ``tests/test_docs.py`` checks that the page
in the repository is the one the parser gives, so every command and option is documented
(and a new option without a help text fails there). Each command gets its description,
its usage line, and a table of its options by group.
"""

from __future__ import annotations

import argparse

from .main import build_parser

__all__ = ["reference_markdown"]

_HEADER = """# Command line

<!-- Generated from the argparse parser by `python tools/cli_reference.py`: do not edit by hand
(tests/test_docs.py checks that this page is current). -->

`reportmine COMMAND --help` prints the same. Exit status: 0 success, 1 when some documents
failed (or a store check found problems), 2 for usage errors and errors reportmine reports.
"""


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = argparse.HelpFormatter(parser.prog, width=100, max_help_position=40)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups, prefix="")
    return formatter.format_help().strip()


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _row(action: argparse.Action) -> str:
    if action.option_strings:
        names = ", ".join(
            f"`{o}`" + (f" `{action.metavar}`" if action.metavar and action.nargs != 0 else "")
            for o in action.option_strings
        )
    else:
        names = f"`{action.metavar or action.dest}`"
    helptext = action.help or ("the input" if not action.option_strings else "")
    if action.choices and action.option_strings:
        helptext += f" (one of: {', '.join(map(str, action.choices))})"
    if "%(default)" in helptext:
        helptext = helptext % {"default": action.default}
    return f"| {names.replace('|', chr(92) + '|')} | {_cell(helptext)} |"


def _command(name: str, parser: argparse.ArgumentParser, summary: str) -> list[str]:
    out = [
        f"## reportmine {name}",
        "",
        _cell(parser.description or summary),
        "",
        "```text",
        _usage(parser),
        "```",
    ]
    for group in parser._action_groups:
        rows = [_row(a) for a in group._group_actions if "-h" not in a.option_strings]
        if rows:
            out += ["", f"**{group.title}**", "", "| argument | what it does |", "|---|---|", *rows]
    return [*out, ""]


def reference_markdown() -> str:
    """The Markdown of ``docs/cli.md``: every command, its usage and its options."""
    parser = build_parser()
    summaries: dict[str, str] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            summaries = {a.dest: a.help or "" for a in action._choices_actions}
    lines = [_HEADER]
    commands = _subparsers(parser)
    lines += ["| command | what it does |", "|---|---|"]
    lines += [f"| [`{n}`](#reportmine-{n}) | {_cell(summaries.get(n, ''))} |" for n in commands]
    lines.append("")
    for name, sub in commands.items():
        lines += _command(name, sub, summaries.get(name, ""))
    return "\n".join(lines).rstrip() + "\n"
