"""The knowledge exchange's "done means", in Chromium: shared with ASEAN + Japan, found by Japan,
invisible to Canada — not even as a count."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

TITLE = "Mentoring returnees through village elders"
#: Two words of the body that occur nowhere else in the demo data.
WORDS = ("sapodilla", "kingfisher")


def search(page: Page, demo_url: str, words: str) -> None:
    page.goto(f"{demo_url}/search/")
    page.get_by_label("Words").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".search-total")).to_be_visible()


def test_indonesia_shares_with_asean_japan_japan_finds_it_canada_does_not(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    log_in("idn.focal", "mufakat-demo-idn-focal")
    page.goto(f"{demo_url}/library/new/")
    page.get_by_label("Kind").select_option("good_practice")
    page.get_by_label(re.compile(r"^Title:?$")).fill(TITLE)
    page.locator("textarea[name=body]").fill(
        f"Village elders meet returnees weekly under the {WORDS[0]} tree; the "
        f"{WORDS[1]} programme pairs each returnee with a mentor for a year."
    )
    page.get_by_label("Audience").select_option("sharing_group")
    page.get_by_label("TLP label").select_option("AMBER")
    page.get_by_label("Sharing groups").select_option(label="ASEAN + Japan")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("TLP:AMBER").first).to_be_visible()

    log_in("jpn.focal", "mufakat-demo-jpn-focal")
    search(page, demo_url, " ".join(WORDS))
    expect(page.locator(".search-total")).to_have_text("1 result")
    hit = page.locator(".search-hit").filter(has_text=TITLE)
    expect(hit).to_have_count(1)
    expect(hit.locator(".search-snippet mark").first).to_have_text(WORDS[0])
    expect(hit.locator(".search-snippet mark").nth(1)).to_have_text(WORDS[1])
    hit.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    item_url = page.url

    log_in("outsider", "mufakat-demo-outsider")
    search(page, demo_url, " ".join(WORDS))
    expect(page.locator(".search-total")).to_have_text("0 results")
    expect(page.locator(".search-hit")).to_have_count(0)
    expect(page.locator(".facet-count")).to_have_count(0)
    expect(page.get_by_text(TITLE)).to_have_count(0)
    # Nor by the item's address: the same answer as an item that does not exist.
    response = page.goto(item_url)
    assert response is not None and response.status == 404
    found = page.request.get(f"{demo_url}/api/v1/search?q={'+'.join(WORDS)}").json()
    assert (found["total"], found["hits"]) == (0, [])
