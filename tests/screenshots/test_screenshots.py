"""`make screenshots`: PNGs of the main pages for the README and docs/screenshots/."""

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

PAGES = [
    ("home", "/"),
    ("bodies", "/registry/bodies/"),
    ("body-wg-ct", "/registry/bodies/SOMTC-WG-CT/"),
    ("party-idn", "/registry/parties/IDN/"),
    ("calendar", "/meetings/calendar/"),
    ("instruments", "/instruments/"),
    ("instrument-asean-japan", "/instruments/asean-japan-wp-2023-2027/"),
    ("instrument-bali", "/instruments/bali-wp-2019-2025/"),
]


def _meeting_url(page: Page, demo_url: str, body: str, number: int) -> str:
    response = page.request.get(f"{demo_url}/api/v1/meetings?body={body}")
    meeting = next(m for m in response.json()["items"] if m["number"] == number)
    return f"/meetings/{meeting['id']}/"


def test_screenshots_of_the_main_pages(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    pages = [
        *PAGES,
        ("meeting-wg-ct-19", _meeting_url(page, demo_url, "SOMTC-WG-CT", 19)),
        ("meeting-ammtc-17", _meeting_url(page, demo_url, "AMMTC", 17)),
    ]
    page.set_viewport_size({"width": 1280, "height": 900})
    for name, path in pages:
        page.goto(demo_url + path)
        page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo_url + pages[-2][1])
    page.screenshot(path=str(OUT / "phone-meeting-wg-ct-19.png"), full_page=False)

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("idn.focal", "mufakat-demo-idn-focal")
    for name, path in [
        ("monitoring-my-reports", "/monitoring/my/"),
        ("monitoring-dashboard-asean-japan", "/monitoring/instruments/asean-japan-wp-2023-2027/"),
    ]:
        page.goto(demo_url + path)
        page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)


def test_screenshots_of_the_knowledge_exchange(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    """The library, one good practice shared with ASEAN + Japan, and a search — as Indonesia."""
    OUT.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("idn.focal", "mufakat-demo-idn-focal")
    found = page.request.get(f"{demo_url}/api/v1/library/items?q=Deradicalisation+families")
    item = found.json()["items"][0]
    for name, path in [
        ("library-list", "/library/"),
        ("library-item-deradicalisation", f"/library/{item['id']}/"),
        ("search-deradicalisation", "/search/?q=deradicalisation"),
    ]:
        page.goto(demo_url + path)
        page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)


def test_screenshot_of_the_profile_with_two_factor_authentication(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    """Where everyone turns on a second factor (docs/access.md)."""
    OUT.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("idn.focal", "mufakat-demo-idn-focal")
    page.goto(demo_url + "/accounts/profile/")
    page.screenshot(path=str(OUT / "profile-two-factor.png"), full_page=True)


def test_screenshots_of_the_work_between_meetings(
    page: Page, demo_url: str, log_in: Callable[[str, str], None]
) -> None:
    """My desk of a focal point and of the Secretariat, a round's compliance, the action items,
    and the next SOMTC with its documents and delegations (docs/desk.md, compliance.md,
    meetings.md)."""
    OUT.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    somtc = next(
        m
        for m in page.request.get(f"{demo_url}/api/v1/meetings?body=SOMTC").json()["items"]
        if m["status"] == "planned"
    )
    log_in("idn.focal", "mufakat-demo-idn-focal")
    page.goto(demo_url + "/")
    page.screenshot(path=str(OUT / "desk-focal-point.png"), full_page=True)

    log_in("secretariat", "mufakat-demo-secretariat")
    rounds = page.request.get(f"{demo_url}/api/v1/rounds").json()
    rounds = rounds.get("items", rounds) if isinstance(rounds, dict) else rounds
    open_round = next(r for r in rounds if r["status"] == "open")
    for name, path in [
        ("desk-secretariat", "/"),
        ("compliance-round", f"/monitoring/rounds/{open_round['id']}/compliance/"),
        ("action-items", "/meetings/action-items/"),
        ("meeting-next-somtc", f"/meetings/{somtc['id']}/"),
    ]:
        page.goto(demo_url + path)
        page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
