"""A new user follows the outcomes of the 19th SOMTC WG on CT up to the AMMTC and back."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

WG_CT_19 = "19th SOMTC Working Group on Counter Terrorism"
SOMTC_23 = "23rd ASEAN Senior Officials Meeting on Transnational Crime (SOMTC)"
AMMTC_17 = "17th ASEAN Ministerial Meeting on Transnational Crime (AMMTC)"


def test_the_wg_ct_outcomes_can_be_followed_to_the_ammtc_and_back(
    page: Page, demo_url: str
) -> None:
    page.goto(f"{demo_url}/meetings/?body=SOMTC-WG-CT")
    page.get_by_role("link", name=WG_CT_19).first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(WG_CT_19)
    expect(page.get_by_text("18 May 2023").first).to_be_visible()
    expect(page.get_by_text("Bali").first).to_be_visible()
    trace = page.locator("#trace")
    expect(trace.get_by_role("link", name=SOMTC_23).first).to_be_visible()
    expect(trace.get_by_role("link", name=AMMTC_17).first).to_be_visible()
    expect(trace.get_by_text("Endorsed").first).to_be_visible()

    trace.get_by_role("link", name=AMMTC_17).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(AMMTC_17)
    expect(page.get_by_text("Labuan Bajo").first).to_be_visible()
    received = page.locator("#received")
    expect(received.get_by_role("link", name="SOMTC 23/1")).to_be_visible()

    page.locator("#trace").get_by_role("link", name=WG_CT_19).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WG_CT_19)


def test_the_bnpt_note_is_seen_by_indonesia_only(page: Page, demo_url: str, log_in) -> None:
    page.goto(f"{demo_url}/meetings/?body=SOMTC-WG-CT")
    page.get_by_role("link", name=WG_CT_19).first.click()
    wg_url = page.url
    expect(page.get_by_text("BNPT internal note")).to_have_count(0)

    log_in("outsider", "mufakat-demo-outsider")
    page.goto(wg_url)
    expect(page.get_by_text("BNPT internal note")).to_have_count(0)

    log_in("idn.focal", "mufakat-demo-idn-focal")
    page.goto(wg_url)
    expect(page.get_by_text("BNPT internal note").first).to_be_visible()
    expect(page.get_by_role("link", name="Edit meeting")).to_have_count(0)
