"""The HTML report of the seed store in a real browser: headless Chromium driven by Playwright.

Uses the system Chromium (Debian's ``chromium``, installed by ``.ci/run``; never a browser
downloaded by ``playwright install``). Where no browser exists the test is skipped with a
message, except under ``CI`` (set by .ci/run and CI services), where it fails instead.
A screenshot is saved as ``tests/artifacts/store_report.png`` (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS
from reportmine.cli import main

ARTIFACTS = ROOT / "tests" / "artifacts"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _browser() -> str:
    """The system browser's path; skipped (outside CI) or failed (in CI) when there is none."""
    found = os.environ.get("REPORTMINE_CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)
    problem = None
    if found is None:
        problem = "no Chromium on PATH (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed (pip install 'reportmine[test]')"
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser test cannot run in CI: {problem}")
        pytest.skip(f"browser test skipped: {problem}")
    assert found is not None
    return found


def test_the_store_report_in_chromium(tmp_path: Path) -> None:
    browser_path = _browser()
    from playwright.sync_api import sync_playwright

    db = tmp_path / "seeds.sqlite"
    assert main(["extract", str(SEEDS), "-o", str(db), "-q", "-j", "1"]) == 0
    out = tmp_path / "report.html"
    assert main(["report", str(db), "--html", str(out)]) == 0
    with sqlite3.connect(db) as c:
        per_doc = dict(c.execute("SELECT doc_id, count(*) FROM facts GROUP BY doc_id").fetchall())
        total = c.execute("SELECT count(*) FROM facts").fetchone()[0]
        docs = c.execute("SELECT count(*) FROM documents").fetchone()[0]

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(out.as_uri())
            items = page.locator("#doclist li")
            assert items.count() == docs
            seen = 0
            for i in range(docs):  # documents are rendered on demand: visit each one
                items.nth(i).click()
                marks = page.locator("#doc mark").count()
                doc_id = page.locator("#doc").get_attribute("data-id")
                assert marks == per_doc.get(doc_id, 0), doc_id
                seen += marks
            assert seen == total  # every fact highlighted
            assert not errors, errors

            items.nth(0).click()
            mark = page.locator("#doc mark[data-kind='money']").first
            mark.hover()
            tip = page.locator("#tip")
            assert tip.is_visible()
            assert mark.get_attribute("data-value") in tip.inner_text()
            assert mark.get_attribute("data-value") in page.locator("#panel").inner_text()

            charts = page.locator("svg.chart")
            assert charts.count() >= 1
            box = charts.first.bounding_box()
            assert box is not None and box["width"] > 50 and box["height"] > 20
            assert page.locator("svg.chart rect").count() >= 3

            page.locator("#search").fill(sorted(per_doc)[-1][:3])
            assert page.locator("#doclist li").count() == 1  # search reaches one document

            header = page.locator('table.facts th[data-col="value"]')
            header.click()
            assert header.get_attribute("aria-sort") == "ascending"

            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            mark.hover()
            page.screenshot(path=str(ARTIFACTS / "store_report.png"), full_page=False)
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(ARTIFACTS / "store_report_top.png"), full_page=False)
        finally:
            browser.close()
