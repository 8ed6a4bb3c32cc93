"""The meeting papers in a real browser: the Secretariat takes the brief of the next SOMTC as a
page and as a PDF marked on every page; the report of the Working Group on Cybercrime is drafted,
edited, circulated, commented on by Indonesia's delegation and adopted; a visitor then reads the
adopted text and an outsider finds no trace of the comment."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader

pytestmark = pytest.mark.e2e

SECRETARIAT = ("secretariat", "mufakat-demo-secretariat")
INDONESIA = ("idn.focal", "mufakat-demo-idn-focal")
OUTSIDER = ("outsider", "mufakat-demo-outsider")
EDITED = "The Meeting was held online and agreed to meet again before the next SOMTC."
COMMENT = "Indonesia asks to add the date of the next meeting."


def download(page: Page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).first.click()
    path = info.value.path()
    assert path is not None
    with open(path, "rb") as handle:
        return handle.read()


def test_the_secretariat_takes_the_brief_and_the_report_of_the_meeting_goes_to_adoption(
    page: Page, demo_url: str, log_in: object
) -> None:
    assert callable(log_in)
    log_in(*SECRETARIAT)

    # The brief of the next SOMTC, from My desk.
    page.goto(f"{demo_url}/")
    coming = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("Meetings in the next"))
    )
    coming.get_by_role("link", name=re.compile("SOMTC|Senior Officials Meeting")).first.click()
    meeting_url = page.url
    page.get_by_role("link", name="Meeting brief").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Brief for the 27th")
    expect(page.get_by_role("heading", name="Items forwarded to this meeting")).to_be_visible()
    expect(page.get_by_role("heading", name="Action items due for review")).to_be_visible()
    marking = page.locator(".paper-marking").first.inner_text().strip()
    assert marking.startswith("TLP:")

    pdf = PdfReader(io.BytesIO(download(page, "Download PDF")))
    assert len(pdf.pages) > 1
    for number, sheet in enumerate(pdf.pages, start=1):
        text = sheet.extract_text() or ""
        assert marking in text, f"page {number} lacks its marking"
    assert "Items forwarded to this meeting" in "".join(p.extract_text() for p in pdf.pages)

    page.goto(meeting_url)
    word = Document(io.BytesIO(download(page, "DOCX")))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Items forwarded to this meeting" in headings
    assert marking in word.sections[0].header.paragraphs[0].text + "".join(
        p.text for p in word.sections[0].header.paragraphs
    )
    page.goto(meeting_url)
    expect(page.get_by_role("heading", name="Documents produced for you")).to_be_visible()

    # The report of the Working Group on Cybercrime: drafted, edited, circulated.
    page.goto(f"{demo_url}/meetings/?body=SOMTC-WG-CYBER")
    page.get_by_role("link", name=re.compile("Working Group on Cybercrime")).first.click()
    cyber_url = page.url
    page.locator("#papers").get_by_role("link", name="Report of the meeting").click()
    record_url = page.url
    page.get_by_role("button", name="Start the draft").click()  # opens the draft to edit
    held = page.locator("#text-held")
    held.fill(EDITED)
    page.locator("form", has=held).get_by_role("button", name="Save").click()
    page.goto(record_url)
    expect(page.get_by_text(EDITED)).to_be_visible()
    page.get_by_role("button", name="Circulate to the delegations").click()
    expect(page.get_by_text("Circulated to delegations").first).to_be_visible()

    # Indonesia's delegation comments on the circulated text.
    log_in(*INDONESIA)
    page.goto(record_url)
    page.get_by_text("Comment on the whole text").click()
    page.locator("#comment-general").fill(COMMENT)
    page.locator("form", has=page.locator("#comment-general")).get_by_role(
        "button", name="Send comment"
    ).click()
    expect(page.get_by_text(COMMENT)).to_be_visible()

    # An outsider reads the circulated text but not another delegation's comment.
    log_in(*OUTSIDER)
    page.goto(record_url)
    expect(page.get_by_text(EDITED)).to_be_visible()
    expect(page.get_by_text(COMMENT)).to_have_count(0)

    # The Secretariat adopts; a visitor reads the adopted text.
    log_in(*SECRETARIAT)
    page.goto(record_url)
    expect(page.get_by_text(COMMENT)).to_be_visible()
    page.get_by_role("button", name="Adopt this version").click()
    expect(page.get_by_text("Adopted").first).to_be_visible()
    page.context.clear_cookies()
    page.goto(record_url)
    expect(page.get_by_text(EDITED)).to_be_visible()
    page.goto(cyber_url)
    expect(
        page.locator("#papers").get_by_role("link", name="Report of the meeting")
    ).to_be_visible()
