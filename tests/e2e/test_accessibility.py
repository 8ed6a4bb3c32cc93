"""Every main page, as each kind of reader, has no serious or critical accessibility violation
found by axe-core (injected into Chromium by Playwright); and on a phone, the actions at the end
of a wide table stay reachable.

axe-core is the npm package pinned in tests/a11y/package.json (package-lock.json), installed by
scripts/ensure-axe.sh. One browser context per role, signed in once; the detail pages are the
first ones each reader finds linked from the lists, so every role sees what it may see."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[1] / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
# Every rule axe runs by default (WCAG 2.0-2.2 A and AA, best practices), and "label in name"
# (WCAG 2.5.3), which axe still calls experimental and leaves out unless asked.
AXE_RUN = """axe.run(document, {
    resultTypes: ['violations'],
    rules: {'label-content-name-mismatch': {enabled: true}},
})"""

ROLES: dict[str, str | None] = {
    "anonymous": None,
    "secretariat": "mufakat-demo-secretariat",
    "idn.focal": "mufakat-demo-idn-focal",
    "jpn.focal": "mufakat-demo-jpn-focal",
    "idn.chair": "mufakat-demo-idn-chair",
    "outsider": "mufakat-demo-outsider",
}


@dataclass(frozen=True)
class Main:
    """A main page: an address, or the first page reached from it by following links that match
    ``follow``, one pattern per step (trying a few links at each step)."""

    name: str
    path: str
    follow: tuple[str, ...] = ()


BODY = r"^/registry/bodies/(?!new/)[^/]+/$"
PARTY = r"^/registry/parties/(?!new/)[^/]+/$"
INSTRUMENT = r"^/instruments/(?!new/)[a-z0-9-]+/$"
FRAMEWORK = r"^/frameworks/(?!mirror/)[a-z0-9-]+/$"
PAGES = [
    Main("home or desk", "/"),
    Main("log-in", "/accounts/login/"),
    Main("bodies", "/registry/bodies/"),
    Main("a body", "/registry/bodies/", (BODY,)),
    Main("parties", "/registry/parties/"),
    Main("a party", "/registry/parties/", (PARTY,)),
    Main("meetings", "/meetings/"),
    Main("a meeting", "/meetings/", (r"^/meetings/\d+/$",)),
    Main("calendar", "/meetings/calendar/"),
    Main("calendar subscriptions", "/meetings/calendar/subscriptions/"),
    Main("action items", "/meetings/action-items/"),
    Main("instruments", "/instruments/"),
    Main("an instrument", "/instruments/", (INSTRUMENT,)),
    Main("an activity", "/instruments/", (INSTRUMENT, r"^/instruments/activities/\d+/$")),
    Main("frameworks", "/frameworks/"),
    Main("a framework", "/frameworks/", (FRAMEWORK,)),
    Main("a framework item", "/frameworks/", (FRAMEWORK, r"^/frameworks/[a-z0-9-]+/[^/]+/$")),
    Main("monitoring", "/monitoring/"),
    Main("a round", "/monitoring/", (r"^/monitoring/rounds/\d+/$",)),
    Main("a dashboard", "/instruments/", (INSTRUMENT, r"^/monitoring/instruments/[a-z0-9-]+/$")),
    Main("my reports", "/monitoring/my/"),
    Main("a report form", "/monitoring/my/", (r"^/monitoring/reports/\d+/$",)),
    Main("review queue", "/monitoring/review/"),
    Main("library", "/library/"),
    Main("a library item", "/library/", (r"^/library/\d+/$",)),
    Main("search results", "/search/?q=trafficking"),
    Main("profile", "/accounts/profile/"),
    Main("ingest", "/ingest/"),
    Main("audit", "/audit/"),
]
TRIES = 8  # links tried at each step before giving up on a page this reader cannot reach


@dataclass
class Audit:
    """What axe found, page by page, for one reader."""

    role: str
    pages: dict[str, str] = field(default_factory=dict)  # page name -> address audited
    violations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def blocking(self) -> Iterator[str]:
        for name, found in self.violations.items():
            for violation in found:
                if violation["impact"] in BLOCKING:
                    targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
                    yield (
                        f"{self.role} · {name} ({self.pages[name]}): {violation['id']} "
                        f"[{violation['impact']}] {violation['help']} — {targets}"
                    )


def main_links(page: Page) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        "main a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    return hrefs


def matching(hrefs: list[str], pattern: str) -> list[str]:
    found = (href for href in hrefs if re.match(pattern, re.split(r"[?#]", href)[0]))
    return list(dict.fromkeys(found))[:TRIES]


def run_axe(page: Page) -> list[dict[str, Any]]:
    page.wait_for_load_state()
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result: dict[str, Any] = page.evaluate(AXE_RUN)
    return list(result["violations"])


def sign_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    expect(page.locator(".user-box").get_by_role("button", name="Log out")).to_be_visible()


def audit_role(context: BrowserContext, base: str, role: str) -> Audit:
    page = context.new_page()
    password = ROLES[role]
    if password is not None:
        sign_in(page, base, role, password)
    audit = Audit(role)
    seen: set[str] = set()
    hrefs: dict[str, list[str]] = {}  # address -> the links in its main content

    def links_of(address: str) -> list[str]:
        if address not in hrefs:
            page.goto(base + address)
            hrefs[address] = main_links(page)
        return hrefs[address]

    def find(path: str, follow: tuple[str, ...]) -> str | None:
        """The first address reached from ``path`` along ``follow``, or None."""
        if not follow:
            return path
        for href in matching(links_of(path), follow[0]):
            if (found := find(href, follow[1:])) is not None:
                return found
        return None

    for main in PAGES:
        if (address := find(main.path, main.follow)) is None:
            continue
        page.goto(base + address)
        final = page.url.removeprefix(base)
        hrefs.setdefault(address, main_links(page))
        if final in seen:  # e.g. a page that sent the reader to the log-in form again
            continue
        seen.add(final)
        audit.pages[main.name] = final
        audit.violations[main.name] = run_axe(page)
    page.close()
    return audit


def test_no_main_page_has_a_serious_or_critical_accessibility_violation_for_any_reader(
    browser: Browser, demo_url: str
) -> None:
    assert AXE.exists(), "axe-core is missing: run scripts/ensure-axe.sh"
    problems: list[str] = []
    for role in ROLES:
        context = browser.new_context()
        try:
            audit = audit_role(context, demo_url, role)
        finally:
            context.close()
        assert len(audit.pages) >= 8, f"{role} reached only {sorted(audit.pages)}"
        problems.extend(audit.blocking())
    assert not problems, "\n".join(problems)


PHONE = {"width": 390, "height": 844}
# Pages with wide tables, checked again at a phone's width (a table that scrolls must be reachable
# by keyboard too: axe's scrollable-region-focusable).
PHONE_PAGES = [
    "/monitoring/my/",
    "/monitoring/",
    "/meetings/",
    "/instruments/",
    "/registry/parties/",
]


def test_on_a_phone_the_actions_of_my_reports_are_in_view_and_reachable(
    browser: Browser, demo_url: str
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, demo_url, "idn.focal", "mufakat-demo-idn-focal")
    page.goto(f"{demo_url}/monitoring/my/")

    # The page itself does not scroll sideways: a wide table scrolls inside its own box...
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    actions = page.locator("main table.table-actions td:last-child a")
    assert actions.count() > 0
    # ...and the column of actions stays on screen while the rest of the row scrolls.
    for index in range(min(actions.count(), 12)):
        box = actions.nth(index).bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (index, box)
    first = actions.first
    name = first.get_attribute("aria-label")
    first.click()
    expect(page).to_have_url(re.compile(r"/monitoring/reports/\d+/$"))
    assert name is not None and name.split()[-1] in page.content()

    problems: list[str] = []
    for path in PHONE_PAGES:
        page.goto(demo_url + path)
        audit = Audit("idn.focal on a phone", {path: path}, {path: run_axe(page)})
        problems.extend(audit.blocking())
    context.close()
    assert not problems, "\n".join(problems)


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2) of a computed CSS colour, "rgb(r, g, b)"."""
    channels = [int(c) / 255 for c in re.findall(r"\d+(?:\.\d+)?", colour)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


FOCUSED = """() => {
    const element = document.activeElement;
    let around = element.parentElement;
    while (around && getComputedStyle(around).backgroundColor === 'rgba(0, 0, 0, 0)') {
        around = around.parentElement;
    }
    const style = getComputedStyle(element);
    return {
        inHeader: !!element.closest('.site-header'),
        inMain: !!element.closest('main'),
        outline: style.outlineColor,
        width: parseFloat(style.outlineWidth),
        behind: around ? getComputedStyle(around).backgroundColor : 'rgb(255, 255, 255)',
    };
}"""


def test_the_keyboard_skips_to_the_content_and_the_focus_stands_out_on_the_header_and_page(
    page: Page, demo_url: str
) -> None:
    sign_in(page, demo_url, "idn.focal", "mufakat-demo-idn-focal")
    page.goto(f"{demo_url}/meetings/")

    # The first Tab reaches the skip link, shown on screen.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0
    focused = page.evaluate(FOCUSED)
    assert focused["width"] >= 2 and contrast(focused["outline"], focused["behind"]) >= 3

    # In the dark header, the outline contrasts with the header (at least 3:1).
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["inHeader"]
    assert focused["width"] >= 2 and contrast(focused["outline"], focused["behind"]) >= 3, focused

    # Following the skip link, the next Tab lands in the main content, whose outline stands out
    # on the light page as well.
    page.goto(f"{demo_url}/meetings/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["inMain"], focused
    assert focused["width"] >= 2 and contrast(focused["outline"], focused["behind"]) >= 3, focused
