"""The work between two meetings, run by the Secretariat and two focal points in a real browser:
a round opened and followed on its compliance page, a reminder, a report online and one by
spreadsheet, an overdue action item closed with evidence, and a restricted document on the next
SOMTC's agenda that Japan may read and an outsider may not."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from mufakat.library.demo import tiny_pdf

pytestmark = pytest.mark.e2e

ROUND = "Round between meetings"
SECRETARIAT = ("secretariat", "mufakat-demo-secretariat")
INDONESIA = ("idn.focal", "mufakat-demo-idn-focal")
JAPAN = ("jpn.focal", "mufakat-demo-jpn-focal")
OUTSIDER = ("outsider", "mufakat-demo-outsider")


def run_task_worker() -> None:
    """What the worker beside the server does: run the queued tasks (here, once)."""
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())


def party_row(page: Page, code: str) -> str:
    """The per-party summary row of the compliance page, as text."""
    summary = page.locator("section", has=page.get_by_role("heading", name="By party"))
    row = summary.locator("tbody tr", has=page.locator("th", has_text=code))
    return row.inner_text().replace("\xa0", " ")


def open_round(page: Page, demo_url: str) -> str:
    """As the Secretariat: open a round for Indonesia and Japan; its address."""
    today = dt.date.today()
    page.goto(f"{demo_url}/monitoring/rounds/new/")
    page.get_by_label(re.compile(r"^Title:?$")).fill(ROUND)
    page.get_by_label("Instruments").select_option(label="ASEAN–Japan Work Plan 2023–2027")
    page.get_by_label("Reporting parties").select_option(label=["IDN — Indonesia", "JPN — Japan"])
    page.get_by_label("Opens on").fill(today.isoformat())
    page.get_by_label("Due date").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_label("Audience").select_option("sharing_group")
    page.get_by_label("TLP label").select_option("AMBER")
    page.get_by_label("Sharing groups").select_option(label="ASEAN + Japan")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND)
    match = re.search(r"/monitoring/rounds/(\d+)/", page.url)
    assert match, page.url
    return f"{demo_url}/monitoring/rounds/{match.group(1)}/"


def report_online(page: Page, demo_url: str) -> None:
    """As Indonesia's focal point: fill and submit each report of the round."""
    page.goto(f"{demo_url}/monitoring/my/")
    section = page.locator("section", has=page.get_by_role("heading", name=ROUND))
    links = section.get_by_role("link", name=re.compile(r"^Report on "))
    for _ in range(links.count()):
        # a submitted report's link reads "View the report on …": the first "Report on" is next
        page.goto(f"{demo_url}/monitoring/my/")
        section = page.locator("section", has=page.get_by_role("heading", name=ROUND))
        section.get_by_role("link", name=re.compile(r"^Report on ")).first.click()
        page.get_by_label("Status").select_option("on_track")
        page.get_by_label("Percent complete").fill("40")
        page.get_by_label("Narrative").fill("Two joint workshops held in Jakarta.")
        page.get_by_role("button", name="Submit", exact=True).click()
        page.get_by_role("button", name="Submit for review").click()
        expect(page.get_by_text("Submitted").first).to_be_visible()


def report_by_spreadsheet(page: Page, round_url: str) -> None:
    """As Japan's focal point: download the round's workbook, fill Japan's rows, upload it."""
    download = page.request.get(f"{round_url}template/?format=xlsx")
    assert download.ok, download.status
    book = load_workbook(io.BytesIO(download.body()))
    sheet = book["reports"]
    header = [cell.value for cell in sheet[1]]
    party, indicator = header.index("party"), header.index("indicator")
    status, percent = header.index("status"), header.index("percent")
    narrative = header.index("narrative")
    for row in sheet.iter_rows(min_row=2):
        if row[party].value == "JPN" and not row[indicator].value:
            row[status].value = "delayed"
            row[percent].value = 10
            row[narrative].value = "Funding approved late; training planned for the spring."
    buffer = io.BytesIO()
    book.save(buffer)
    page.goto(f"{round_url}import/")
    page.get_by_label("Filled-in template").set_input_files(
        files=[
            {
                "name": "japan.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": buffer.getvalue(),
            }
        ]
    )
    page.get_by_label("Also submit the reports for review").check()
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("status").filter(has_text="The file was saved")).to_be_visible()


def test_the_secretariat_runs_the_cycle_between_two_meetings(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    # A round opened: nobody has reported yet.
    log_in(*SECRETARIAT)
    round_url = open_round(page, demo_url)
    page.goto(f"{round_url}compliance/")
    expect(page.get_by_role("heading", name="Reporting compliance")).to_be_visible()
    assert "0 %" in party_row(page, "IDN") and "0 %" in party_row(page, "JPN")

    # Indonesia reports online.
    log_in(*INDONESIA)
    report_online(page, demo_url)

    # Japan has not: the Secretariat reminds it now, once.
    log_in(*SECRETARIAT)
    page.goto(f"{round_url}compliance/")
    assert "100 %" in party_row(page, "IDN")
    run_task_worker()  # what was queued before: the round-opened notices
    mail.outbox.clear()
    page.get_by_role("button", name="Remind JPN now").click()
    expect(page.get_by_text("Reminder queued for JPN")).to_be_visible()
    run_task_worker()
    assert [m.to for m in mail.outbox] == [["jpn.focal@demo.invalid"]]
    assert ROUND in mail.outbox[0].body
    expect(page.get_by_role("button", name="Remind JPN now")).to_have_count(0)

    # Japan answers with the spreadsheet.
    log_in(*JAPAN)
    report_by_spreadsheet(page, round_url)

    # Both are in: the compliance page and the Secretariat's desk say so.
    log_in(*SECRETARIAT)
    page.goto(f"{round_url}compliance/")
    assert "100 %" in party_row(page, "JPN")
    page.goto(f"{demo_url}/")
    rounds = page.locator("section", has=page.get_by_role("heading", name="Open reporting rounds"))
    expect(rounds.locator("li, tr", has_text=ROUND).first).to_contain_text("100")

    # Indonesia's overdue action item is on its desk; closed with evidence, it leaves.
    log_in(*INDONESIA)
    page.goto(f"{demo_url}/")
    items = page.locator("section", has=page.get_by_role("heading", name="Action items for IDN"))
    overdue = items.locator("li, tr", has_text="overdue").first
    expect(overdue).to_be_visible()
    link = overdue.get_by_role("link").first
    reference = link.inner_text()
    link.click()
    page.get_by_label("Note").fill("Done: the national focal point network met on 2 December.")
    page.get_by_label("Done").check()
    page.get_by_label("Evidence (optional)").set_input_files(
        files=[
            {
                "name": "minutes.pdf",
                "mimeType": "application/pdf",
                "buffer": tiny_pdf(["Minutes of the network meeting"]),
            }
        ]
    )
    page.get_by_role("button", name="Save follow-up").click()
    expect(page.get_by_text("minutes.pdf").first).to_be_visible()
    page.goto(f"{demo_url}/")
    items = page.locator("section", has=page.get_by_role("heading", name="Action items for IDN"))
    expect(items.get_by_role("link", name=reference, exact=True)).to_have_count(0)

    # A working paper for the next SOMTC, for ASEAN + Japan only.
    log_in(*SECRETARIAT)
    page.goto(f"{demo_url}/")
    coming = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("Meetings in the next"))
    )
    coming.get_by_role("link", name=re.compile("SOMTC|Senior Officials Meeting")).first.click()
    meeting_url = page.url
    page.get_by_role("link", name="Add to this item").first.click()
    page.get_by_label(re.compile(r"^Title:?$")).fill(
        "Working paper on returning foreign terrorist fighters"
    )
    page.get_by_label("Kind").select_option("working_paper")
    page.get_by_label(re.compile(r"^File")).set_input_files(
        files=[
            {
                "name": "working-paper.pdf",
                "mimeType": "application/pdf",
                "buffer": tiny_pdf(["Working paper on returning foreign terrorist fighters"]),
            }
        ]
    )
    page.get_by_label("Audience").select_option("sharing_group")
    page.get_by_label("TLP label").select_option("AMBER")
    page.get_by_label("Sharing groups").select_option(label="ASEAN + Japan")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("TLP:AMBER").first).to_be_visible()
    document_url = page.url

    log_in(*JAPAN)
    page.goto(meeting_url)
    expect(
        page.get_by_role("link", name="Working paper on returning foreign terrorist fighters")
    ).to_be_visible()
    response = page.goto(document_url)
    assert response is not None and response.status == 200

    log_in(*OUTSIDER)
    page.goto(meeting_url)
    expect(page.get_by_text("Working paper on returning foreign terrorist fighters")).to_have_count(
        0
    )
    response = page.goto(document_url)
    assert response is not None and response.status == 404
