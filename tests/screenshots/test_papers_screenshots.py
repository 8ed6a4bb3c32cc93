"""`make screenshots`: the meeting papers — the brief of the next SOMTC as a page, and the first
pages of its PDF and of the ASEAN–Japan work plan's status report (pdftoppm renders them)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def first_page_png(pdf: bytes, name: str) -> None:
    """The PDF's first page as ``docs/screenshots/<name>.png`` (poppler's pdftoppm)."""
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: run scripts/ensure-system-packages.sh"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "paper.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                pdftoppm,
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(OUT / name),
            ],
            check=True,
        )


def test_screenshots_of_the_meeting_papers(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    somtc = next(
        m
        for m in page.request.get(f"{demo_url}/api/v1/meetings?body=SOMTC").json()["items"]
        if m["status"] == "planned"
    )
    log_in("secretariat", "mufakat-demo-secretariat")
    page.goto(f"{demo_url}/meetings/{somtc['id']}/brief/")
    page.screenshot(path=str(OUT / "paper-brief-next-somtc.png"), full_page=False)

    brief = page.request.get(f"{demo_url}/meetings/{somtc['id']}/brief.pdf")
    assert brief.ok and brief.headers["content-type"] == "application/pdf"
    first_page_png(brief.body(), "paper-brief-next-somtc-pdf")

    instruments = page.request.get(f"{demo_url}/api/v1/instruments").json()
    instruments = (
        instruments.get("items", instruments) if isinstance(instruments, dict) else instruments
    )
    plan = next(i for i in instruments if i["key"] == "asean-japan-wp-2023-2027")
    report = page.request.get(f"{demo_url}/instruments/{plan['id']}/status-report.pdf")
    assert report.ok and report.headers["content-type"] == "application/pdf"
    first_page_png(report.body(), "paper-status-report-asean-japan-pdf")

    # The report of the 23rd SOMTC: adopted, then corrected in a second version.
    somtc23 = next(
        m
        for m in page.request.get(f"{demo_url}/api/v1/meetings?body=SOMTC").json()["items"]
        if m["number"] == 23
    )
    page.goto(f"{demo_url}/meetings/{somtc23['id']}/record/")
    page.screenshot(path=str(OUT / "paper-record-somtc-23.png"), full_page=False)
    page.goto(f"{demo_url}/meetings/{somtc23['id']}/record/diff/?from=1&to=2")
    page.screenshot(path=str(OUT / "paper-record-somtc-23-changes.png"), full_page=False)
    record = page.request.get(f"{demo_url}/meetings/{somtc23['id']}/record.pdf")
    assert record.ok and record.headers["content-type"] == "application/pdf"
    first_page_png(record.body(), "paper-record-somtc-23-pdf")
