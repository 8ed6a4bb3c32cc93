"""A reporting round run end to end by three people: the Secretariat, Indonesia and Japan."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

ROUND = "Round for the 28th SOMTC"


def report_on(
    page: Page, demo_url: str, round_title: str, code: str, *, status: str, percent: str, text: str
) -> None:
    """As a focal point: open my reports, the activity's report in the round, fill and submit."""
    page.goto(f"{demo_url}/monitoring/my/")
    section = page.locator("section", has=page.get_by_role("heading", name=round_title))
    section.get_by_role("link", name=f"Report on {code}").first.click()
    page.get_by_label("Status").select_option(status)
    page.get_by_label("Percent complete").fill(percent)
    page.get_by_label("Narrative").fill(text)
    page.get_by_role("button", name="Submit", exact=True).click()
    page.get_by_role("button", name="Submit for review").click()  # the confirmation step
    expect(page.get_by_text("Submitted").first).to_be_visible()


def test_the_secretariat_indonesia_and_japan_run_a_round(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    log_in("secretariat", "mufakat-demo-secretariat")
    page.goto(f"{demo_url}/monitoring/rounds/new/")
    page.get_by_label(re.compile(r"^Title:?$")).fill(ROUND)
    page.get_by_label("Instruments").select_option(label="ASEAN–Japan Work Plan 2023–2027")
    page.get_by_label("Reporting parties").select_option(label=["IDN — Indonesia", "JPN — Japan"])
    page.get_by_label("Opens on").fill("2027-06-01")
    page.get_by_label("Due date").fill("2028-05-15")
    page.get_by_label("Audience").select_option("sharing_group")
    page.get_by_label("TLP label").select_option("AMBER")
    page.get_by_label("Sharing groups").select_option(label="ASEAN + Japan")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND)

    log_in("idn.focal", "mufakat-demo-idn-focal")
    report_on(
        page,
        demo_url,
        ROUND,
        "AJ-1.2",
        status="on_track",
        percent="40",
        text="Two joint workshops held in Jakarta.",
    )

    log_in("jpn.focal", "mufakat-demo-jpn-focal")
    report_on(
        page,
        demo_url,
        ROUND,
        "AJ-1.1",
        status="delayed",
        percent="10",
        text="Funding approved late.",
    )

    log_in("secretariat", "mufakat-demo-secretariat")
    page.goto(f"{demo_url}/monitoring/review/")
    idn_row = page.locator("tr", has_text="Two joint workshops")
    idn_row.get_by_role("button", name="Accept").click()
    jpn_row = page.locator("tr", has_text="Funding approved late")
    jpn_row.get_by_label("Comment").fill("Please give the expected completion date.")
    jpn_row.get_by_role("button", name="Return").click()

    log_in("jpn.focal", "mufakat-demo-jpn-focal")
    page.goto(f"{demo_url}/monitoring/my/")
    section = page.locator("section", has=page.get_by_role("heading", name=ROUND))
    section.get_by_role("link", name="Report on AJ-1.1").first.click()
    expect(page.get_by_text("Please give the expected completion date.")).to_be_visible()
    page.get_by_label("Narrative").fill("Funding approved late; completion expected in March 2028.")
    page.get_by_role("button", name="Submit", exact=True).click()
    page.get_by_role("button", name="Submit for review").click()  # the confirmation step
    page.get_by_role("link", name="Versions").first.click()
    expect(page.get_by_text("completion expected in March 2028").first).to_be_visible()

    log_in("secretariat", "mufakat-demo-secretariat")
    page.goto(f"{demo_url}/monitoring/review/")
    page.locator("tr", has_text="completion expected").get_by_role("button", name="Accept").click()
    page.goto(f"{demo_url}/monitoring/")
    page.get_by_role("link", name=ROUND).click()
    expect(page.get_by_text("Accepted").first).to_be_visible()
