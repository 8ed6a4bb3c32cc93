"""A donor's officer finds the IATI export on a public work plan's page and gets a valid file."""

import pytest
from playwright.sync_api import Page, expect

from mufakat.workplans.iati import rules

pytestmark = pytest.mark.e2e


def test_the_public_work_plan_offers_a_valid_iati_file_of_public_records_only(
    page: Page, demo_url: str
) -> None:
    page.goto(f"{demo_url}/instruments/asean-japan-wp-2023-2027/")
    link = page.get_by_role("link", name="IATI 2.03 (XML)")
    expect(link).to_be_visible()
    expect(page.get_by_text("This export contains only public records.")).to_be_visible()
    href = link.get_attribute("href")
    assert href == "/instruments/asean-japan-wp-2023-2027/iati.xml"
    response = page.request.get(f"{demo_url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    assert response.headers["x-mufakat-export-scope"] == "public records only"
    content = response.body()
    assert rules.validate(content) == [] and rules.rule_problems(content) == []
    assert content.count(b"<iati-activity ") == 12  # the work plan and its eleven activities
