"""A reader filters the meeting list and downloads it for a spreadsheet, then takes the
activities of a work plan as JSON for a script."""

import csv
import io
import json
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_the_filtered_meeting_list_downloads_as_csv_with_every_row(
    page: Page, demo_url: str
) -> None:
    page.goto(f"{demo_url}/meetings/")
    page.get_by_label("Body").select_option("SOMTC")
    page.get_by_role("button", name="Filter").click()
    counted = page.locator("caption").first.inner_text()
    total = int(re.search(r"\d+", counted).group())

    with page.expect_download() as started:
        page.get_by_role("link", name="Download CSV").click()
    download = started.value
    assert re.fullmatch(r"mufakat-meetings-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    text = download.path().read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert len(rows) == total
    assert {row["body"] for row in rows} == {"SOMTC"}


def test_a_work_plans_activities_download_as_json(page: Page, demo_url: str) -> None:
    page.goto(f"{demo_url}/instruments/")
    page.get_by_role(
        "link", name="ASEAN–Japan Work Plan on Combating Transnational Crime 2023–2027"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ASEAN–Japan Work Plan")

    with page.expect_download() as started:
        page.get_by_role("link", name="Activities (JSON)").click()
    activities = json.loads(started.value.path().read_text(encoding="utf-8"))
    assert activities
    assert {a["instrument"] for a in activities} == {activities[0]["instrument"]}
    assert all(isinstance(a["lead_parties"], list) for a in activities)
