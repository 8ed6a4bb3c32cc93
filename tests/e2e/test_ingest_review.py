"""The Secretariat pastes a press statement, reviews what Mufakat proposes, and confirms it."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from mufakat.accounts.models import User
from mufakat.ingest.tests.test_review_consultations import consultations_draft
from mufakat.meetings.models import Meeting

pytestmark = pytest.mark.e2e

SEED_000 = (
    Path(__file__).resolve().parents[2] / "mufakat/ingest/tests/examples/seed-000.txt"
).read_text()
WG_CT_19 = "19th SOMTC Working Group on Counter Terrorism"


def test_the_secretariat_confirms_a_press_statement_and_the_meeting_shows_it(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    log_in("secretariat", "mufakat-demo-secretariat")
    page.get_by_role("link", name="Ingest").click()
    page.get_by_role("link", name="New draft").click()
    page.get_by_label("Text of the statement").fill(SEED_000)
    page.get_by_label("Source URL").fill("https://en.antaranews.com/news/281622")
    page.get_by_role("button", name="Read the statement").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Review the proposals")
    expect(page.locator("mark.evidence").first).to_be_visible()
    wg = page.locator("#card-m0")
    expect(wg.get_by_role("heading")).to_contain_text("19th SOMTC-WG-CT")
    expect(wg.get_by_text("matches", exact=True)).to_be_visible()
    expect(wg.get_by_role("link", name=WG_CT_19)).to_be_visible()
    expect(wg.get_by_role("checkbox").first).to_be_checked()
    expect(page.locator("#card-i0").get_by_text("matches", exact=True)).to_be_visible()

    page.get_by_label("Title of the statement").fill("ANTARA: Indonesia pursues counterterrorism")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_text("Draft confirmed.")).to_be_visible()
    page.get_by_role("link", name=WG_CT_19).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WG_CT_19)
    documents = page.locator("#documents")
    expect(documents.get_by_text("Press statement")).to_be_visible()
    documents.get_by_role("link", name="ANTARA: Indonesia pursues counterterrorism").click()
    expect(page.get_by_text("took place on May 18 in Bali").first).to_be_visible()


def test_consultations_held_alongside_are_cards_under_their_main_meeting(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    draft = consultations_draft(
        User.objects.get(username="secretariat"),
        somtc=Meeting.objects.get(body__code="SOMTC", number=23),
        somtc_japan=Meeting.objects.get(body__code="SOMTC+JPN", number=19),
    )
    log_in("secretariat", "mufakat-demo-secretariat")
    page.goto(demo_url + draft.get_absolute_url())

    group = page.get_by_role("region", name="Held alongside the 23rd SOMTC")
    expect(group.get_by_role("article")).to_have_count(2)
    japan, plus_three = group.locator("#card-m1"), group.locator("#card-m2")
    expect(japan.get_by_role("heading")).to_contain_text("19th SOMTC+JPN")
    expect(japan.get_by_text("matches", exact=True)).to_be_visible()
    expect(japan.get_by_role("link", name="19th SOMTC+Japan Consultation")).to_be_visible()
    expect(japan.locator("#id_m1-city")).to_have_accessible_description("from the main meeting")
    expect(japan.get_by_text("from the main meeting")).to_have_count(4)
    expect(plus_three.get_by_text("new", exact=True)).to_be_visible()
    expect(plus_three.locator("#id_m2-start_date")).to_have_accessible_description("")
    expect(plus_three.locator("#id_m2-host")).to_have_accessible_description(
        "from the main meeting"
    )

    # Each card is decided on its own: the SOMTC is left out, both consultations are kept.
    page.locator("#card-m0").get_by_role("checkbox").first.uncheck()
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_text("Draft confirmed.")).to_be_visible()
    written = page.locator(".ingest-result li")
    expect(written).to_have_count(2)
    expect(written.nth(0)).to_contain_text("linked")
    expect(written.nth(0)).to_contain_text("19th SOMTC+Japan Consultation")
    expect(written.nth(1)).to_contain_text("created")
