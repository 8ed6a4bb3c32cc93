"""A new user reads the ASEAN–Japan work plan and the Bali Work Plan with their lineage."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_the_asean_japan_work_plan_shows_its_review_adoption_lineage_and_priorities(
    page: Page, demo_url: str
) -> None:
    page.goto(f"{demo_url}/instruments/")
    page.get_by_role(
        "link", name="ASEAN–Japan Work Plan on Combating Transnational Crime 2023–2027"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("ASEAN–Japan Work Plan")
    facts = page.locator("dl").first
    expect(facts).to_contain_text("2023–2027")
    expect(facts.get_by_role("link", name="JPN")).to_be_visible()
    expect(facts.get_by_role("link", name="19th SOMTC+Japan Consultation")).to_be_visible()
    expect(
        facts.get_by_role(
            "link", name="17th ASEAN Ministerial Meeting on Transnational Crime (AMMTC)"
        )
    ).to_be_visible()
    expect(page.get_by_text("Implements").first).to_be_visible()
    expect(page.locator(".graph svg")).to_be_visible()
    for area in (
        "Terrorism",
        "Cybercrime",
        "Illicit drug trafficking",
        "Sea piracy",
        "Trafficking in persons",
    ):
        expect(page.get_by_role("heading", name=area, exact=False).first).to_be_visible()
    expect(
        page.get_by_role(
            "link",
            name="Collective strategy against cyberattacks protecting critical infrastructure",
        )
    ).to_be_visible()

    page.locator("#relations-h").locator("..").get_by_role(
        "link",
        name="ASEAN–Japan Joint Declaration for Cooperation in Combating Terrorism and Transnational Crime",
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Joint Declaration")
    expect(page.get_by_text("12 November 2014").first).to_be_visible()


def test_the_bali_work_plan_shows_its_adoption_extension_and_parent_plan(
    page: Page, demo_url: str
) -> None:
    page.goto(f"{demo_url}/instruments/bali-wp-2019-2025/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Bali Work Plan 2019–2025")
    facts = page.locator("dl").first
    expect(
        facts.get_by_role(
            "link", name="13th ASEAN Ministerial Meeting on Transnational Crime (AMMTC)"
        )
    ).to_be_visible()
    expect(page.get_by_text("2026").first).to_be_visible()
    graph = page.locator(".graph")
    expect(graph).to_contain_text("Bali Work Plan")
    expect(
        page.get_by_role(
            "link",
            name="ASEAN Plan of Action to Prevent and Counter the Rise of Radicalisation and Violent Extremism 2018–2025",
        ).first
    ).to_be_visible()
