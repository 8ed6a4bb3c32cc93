"""The Secretariat adds an activity to the ASEAN–Japan work plan in a spreadsheet: a broken
row is named on the page, the corrected file is previewed, then confirmed."""

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _with_new_activity(content: bytes, lead: str) -> bytes:
    book = load_workbook(io.BytesIO(content))
    sheet = book["activities"]
    header = [cell.value for cell in sheet[1]]
    row = sheet.max_row + 1
    values = {
        "code": "CT-99",
        "priority_area": 1,
        "title": "Regional workshop on tracing illicit arms flows",
        "lead_parties": lead,
        "participating_parties": "IDN, PHL",
        "start_year": 2026,
        "end_year": 2027,
        "frameworks": "SDG 16.4",
    }
    for name, value in values.items():
        sheet.cell(row=row, column=header.index(name) + 1, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_secretariat_fixes_a_broken_row_previews_and_confirms(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    log_in("secretariat", "mufakat-demo-secretariat")
    page.goto(f"{demo_url}/instruments/asean-japan-wp-2023-2027/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download as spreadsheet").click()
    path = info.value.path()
    content = Path(path).read_bytes()

    page.get_by_role("link", name="Upload spreadsheet").click()
    page.get_by_label("Workbook (.xlsx)").set_input_files(
        files=[
            {"name": "plan.xlsx", "mimeType": XLSX, "buffer": _with_new_activity(content, "XYZ")}
        ]
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("alert").first).to_contain_text("Nothing was saved")
    problems = page.locator("table").first
    expect(problems).to_contain_text("activities")
    expect(problems).to_contain_text("lead_parties (E)")
    expect(problems).to_contain_text("Unknown party code: XYZ.")

    page.get_by_label("Workbook (.xlsx)").set_input_files(
        files=[
            {"name": "plan.xlsx", "mimeType": XLSX, "buffer": _with_new_activity(content, "JPN")}
        ]
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the changes")
    added = page.locator("table.preview-added")
    expect(added).to_contain_text("CT-99 Regional workshop on tracing illicit arms flows")
    expect(added).to_contain_text("sdg-16 / 16.4")

    page.get_by_role("button", name="Confirm and save").click()
    expect(page.get_by_text("The workbook was applied")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ASEAN–Japan Work Plan")
    page.goto(f"{demo_url}/instruments/asean-japan-wp-2023-2027/?area=all")
    expect(page.get_by_text("Regional workshop on tracing illicit arms flows")).to_be_visible()

    # the framework view for SDG 16.4 lists the new activity among those serving the target
    page.goto(f"{demo_url}/frameworks/sdg-16/16.4/")
    expect(page.get_by_text("Regional workshop on tracing illicit arms flows")).to_be_visible()
