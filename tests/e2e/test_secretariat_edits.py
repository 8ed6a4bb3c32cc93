"""The Secretariat records a meeting, an outcome and its forwarding in the browser."""

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_the_secretariat_creates_a_meeting_and_forwards_its_outcome(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    # Planned this month, so that the demo's next SOMTC (in six weeks) comes after it.
    month = dt.date.today() + dt.timedelta(days=10)
    log_in("secretariat", "mufakat-demo-secretariat")
    page.goto(f"{demo_url}/meetings/new/")
    page.get_by_label("Body").select_option("SOMTC-WG-CT")
    page.get_by_label("Number").fill("20")
    page.get_by_label("Start date").fill(month.strftime("%Y-%m"))
    page.get_by_label("City").fill("Jakarta")
    page.get_by_label("Status").select_option("planned")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "20th SOMTC Working Group on Counter Terrorism"
    )
    expect(page.get_by_text(month.strftime("%B %Y")).first).to_be_visible()

    page.get_by_role("link", name="Add outcome").click()
    page.get_by_label("Kind").select_option("recommendation")
    page.get_by_label("Text").fill("Report progress on the Bali Work Plan to the 27th SOMTC.")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Report progress on the Bali Work Plan to the 27th SOMTC.")
    ).to_be_visible()

    page.get_by_role("link", name="Forward outcome").click()
    somtc = page.get_by_label("Forward to").locator(
        "option", has_text="27th ASEAN Senior Officials Meeting on Transnational Crime (SOMTC)"
    )
    page.get_by_label("Forward to").select_option(label=somtc.inner_text().strip())
    page.get_by_role("button", name="Save").click()
    expect(
        page.locator("#trace")
        .get_by_role(
            "link", name="27th ASEAN Senior Officials Meeting on Transnational Crime (SOMTC)"
        )
        .first
    ).to_be_visible()


def test_a_focal_point_of_indonesia_may_read_but_not_edit(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    log_in("idn.focal", "mufakat-demo-idn-focal")
    response = page.goto(f"{demo_url}/meetings/new/")
    assert response is not None and response.status == 403
    page.goto(f"{demo_url}/registry/parties/IDN/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Indonesia")
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
