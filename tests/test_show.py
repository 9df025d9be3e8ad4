"""``reportmine show`` in a terminal (a real pseudo-terminal, via pexpect) and in a pipe,
and the library view behind it (:mod:`reportmine.output.show`)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import pytest

import reportmine
from conftest import ROOT, seed_paths
from reportmine.output.show import bracketed, render_report, show_report, wants_colour

SRC = str(ROOT / "src")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SAMPLE = "2020年，全村投入资金120万元，帮扶贫困户35户，脱贫率达到98%。"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def test_a_pipe_gets_no_colour_and_every_fact_bracketed() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "reportmine", "show", "-"],
        input=SAMPLE.encode(),
        capture_output=True,
        env=_env(),
        check=True,
    ).stdout.decode()
    report = reportmine.extract(SAMPLE)
    assert "\x1b[" not in out
    assert out.startswith(bracketed(SAMPLE, report.facts))
    for n, f in enumerate(report.facts, 1):
        assert f"[{f.text}]#{n}" in out
    assert "facts: date 1  money 1  count 1  percent 1" in out  # the legend, in text order


def test_kinds_keeps_only_those_kinds() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "reportmine", "show", "-", "--kinds", "money"],
        input=SAMPLE.encode(),
        capture_output=True,
        env=_env(),
        check=True,
    ).stdout.decode()
    assert "[120万元]#1" in out and "[35户]" not in out and "facts: money 1" in out


def test_a_terminal_gets_colours_and_no_color_turns_them_off() -> None:
    pexpect = pytest.importorskip("pexpect", reason="pexpect (test extra) drives a pseudo-terminal")
    seed = str(seed_paths()[0])
    cmd = f"{sys.executable} -m reportmine show {seed}"
    out = pexpect.run(cmd, env=_env(COLUMNS="120", TERM="xterm-256color"), timeout=120).decode()
    assert "\x1b[" in out  # rich coloured the facts: 38;2 foreground / 48;2 background truecolor
    assert "48;2;" in out
    assert "]#1" not in ANSI.sub("", out)  # colour replaces the brackets
    plain = pexpect.run(cmd, env=_env(COLUMNS="120", NO_COLOR="1"), timeout=120).decode()
    assert "\x1b[" not in plain and "]#1" in plain


def test_a_narrow_terminal_lists_the_facts_one_a_line() -> None:
    report = reportmine.extract(SAMPLE)
    narrow = render_report(report, width=40)
    assert all(len(line) <= 40 for line in narrow.splitlines())
    assert "#2 money 120万元 = 1200000 元 exact" in narrow
    wide = render_report(report, width=120)
    assert "qualifier" in wide and "┃" in wide  # the table


def test_colour_only_for_a_terminal_without_no_color() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert wants_colour(Tty(), {}) and not wants_colour(Tty(), {"NO_COLOR": "1"})
    assert not wants_colour(io.StringIO(), {})
    buf = Tty()
    show_report(reportmine.extract(SAMPLE), buf, width=100, color=None)
    assert ("\x1b[" in buf.getvalue()) is (not os.environ.get("NO_COLOR"))


def test_damaged_ranges_are_underlined_in_colour() -> None:
    report = reportmine.extract("数据��丢失了，共投入资金120万元。")
    assert report.text.damaged
    out = render_report(report, width=100, color=True)
    assert "\x1b[4" in out or ";4;" in out or "\x1b[4;" in out
