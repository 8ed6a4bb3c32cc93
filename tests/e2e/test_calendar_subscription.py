"""Japan's focal point subscribes in their calendar program and later revokes the key."""

import datetime as dt
import urllib.error
import urllib.request
from collections.abc import Callable

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.meetings.models import CalendarToken, Meeting
from mufakat.registry.models import Body, Party

pytestmark = pytest.mark.e2e


def calendar_program_reads(address: str) -> set[str]:
    """What a calendar program without any session finds at the address."""
    with urllib.request.urlopen(address, timeout=30) as response:
        calendar = Calendar.from_ical(response.read())
    return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


def test_japans_focal_point_subscribes_and_the_calendar_shows_a_restricted_meeting(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    meeting = Meeting.objects.create(
        body=Body.objects.get(code="SOMTC-WG-CT"),
        title="ASEAN-Japan preparatory talks",
        start_date=dt.date.today() + dt.timedelta(days=40),
        city="Tokyo",
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        owner_party=Party.objects.get(code="ASEC"),
    )
    meeting.sharing_groups.add(SharingGroup.objects.get(code__iexact="ASEAN-JPN"))

    log_in("jpn.focal", "mufakat-demo-jpn-focal")
    page.goto(f"{demo_url}/accounts/profile/")
    page.get_by_role("link", name="Calendar subscriptions").click()
    page.get_by_label("Name").fill("Phone")
    page.get_by_role("button", name="Create a subscription key").click()
    expect(page.get_by_role("heading", name="Subscribe in your calendar")).to_be_visible()
    address = page.get_by_label("All meetings you may see").input_value()

    assert "ASEAN-Japan preparatory talks" in calendar_program_reads(address)

    page.goto(f"{demo_url}/meetings/calendar/subscriptions/")
    expect(page.get_by_role("cell", name="Phone")).to_be_visible()
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("Subscription key revoked")).to_be_visible()
    with pytest.raises(urllib.error.HTTPError) as refused:
        calendar_program_reads(address)
    assert refused.value.code == 404


def test_reloading_the_page_after_making_a_key_neither_shows_it_again_nor_makes_another(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    log_in("idn.focal", "mufakat-demo-idn-focal")
    page.goto(f"{demo_url}/meetings/calendar/subscriptions/")
    before = CalendarToken.objects.filter(user__username="idn.focal").count()
    page.get_by_label("Name").fill("Tablet")
    page.get_by_role("button", name="Create a subscription key").click()
    expect(page.get_by_role("heading", name="Subscribe in your calendar")).to_be_visible()
    address = page.get_by_label("All meetings you may see").input_value()
    assert page.url.endswith("/meetings/calendar/subscriptions/")  # redirected: a GET

    page.reload()
    expect(page.get_by_role("heading", name="Your subscription keys")).to_be_visible()
    expect(page.get_by_role("heading", name="Subscribe in your calendar")).to_have_count(0)
    assert address.split("/feeds/")[1].split("/")[0] not in page.content()
    expect(page.get_by_role("cell", name="Tablet")).to_have_count(1)
    assert CalendarToken.objects.filter(user__username="idn.focal").count() == before + 1
    assert calendar_program_reads(address) is not None  # the one key made works
