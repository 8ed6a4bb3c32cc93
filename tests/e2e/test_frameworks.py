"""The Secretariat maps an activity to SDG 16.4 and the framework view lists it; an outsider
reading the same view does not see an activity of an instrument shared with ASEAN + Japan."""

import pytest
from playwright.sync_api import Page, expect

from mufakat.accounts.models import User
from mufakat.frameworks import services as frameworks
from mufakat.frameworks.models import FrameworkItem
from mufakat.workplans import services as workplans

pytestmark = pytest.mark.e2e

SECRETARIAT = ("secretariat", "mufakat-demo-secretariat")
OUTSIDER = ("outsider", "mufakat-demo-outsider")
SHARED_TITLE = "Joint maritime intelligence picture shared with Japan"


def _shared_activity_serving_16_4() -> None:
    """An instrument shared with ASEAN + Japan only, whose one activity serves SDG 16.4."""
    secretariat = User.objects.get(username="secretariat")
    annex = workplans.create_instrument(
        actor=secretariat,
        data={
            "key": "asean-japan-maritime-annex",
            "title": "ASEAN–Japan maritime annex",
            "kind": "work_programme",
            "start_year": 2025,
            "end_year": 2027,
            "audience": "sharing_group",
            "tlp": "AMBER",
            "sharing_groups": ["ASEAN-JPN"],
        },
    )
    area = workplans.create_priority_area(
        actor=secretariat, instrument=annex, data={"title": "Maritime security"}
    )
    activity = workplans.create_activity(
        actor=secretariat, priority_area=area, data={"code": "MA-1", "title": SHARED_TITLE}
    )
    frameworks.map_activity(actor=secretariat, activity=activity, item="SDG 16.4")


def test_an_editor_maps_an_activity_to_sdg_16_4_and_only_readers_who_may_see_it_find_it(
    page: Page, demo_url: str, log_in: object
) -> None:
    _shared_activity_serving_16_4()
    target = FrameworkItem.objects.get(framework__key="sdg-16", code="16.4")

    log_in(*SECRETARIAT)  # type: ignore[operator]
    page.goto(f"{demo_url}/instruments/asean-japan-wp-2023-2027/")
    page.get_by_role("link", name="Intensified maritime cooperation").click()
    editor = page.locator("section", has=page.locator("#frameworks-h"))
    expect(editor).to_contain_text("Not mapped to any framework.")
    editor.get_by_role("combobox", name="Framework item").select_option(str(target.pk))
    editor.get_by_role("button", name="Map").click()

    expect(page.get_by_text("Mapped to SDG 16.4.")).to_be_visible()
    editor.get_by_role("link", name="SDG 16.4").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SDG 16.4")
    serving = page.locator("table")
    expect(serving).to_contain_text("Intensified maritime cooperation")
    expect(serving).to_contain_text(SHARED_TITLE)

    log_in(*OUTSIDER)  # type: ignore[operator]
    page.goto(f"{demo_url}/frameworks/")
    page.get_by_role("link", name="Sustainable Development Goal 16", exact=False).click()
    page.get_by_role("link", name="SDG 16.4").first.click()
    serving = page.locator("table")
    expect(serving).to_contain_text("Intensified maritime cooperation")
    expect(serving).not_to_contain_text(SHARED_TITLE)
    expect(page.locator("main")).not_to_contain_text("maritime annex")
