"""The Secretariat enrols a security key and an authenticator app, signs in with each, and cannot
reach the admin without them — in Chromium, with its virtual authenticator standing in for a
USB key (Chrome DevTools Protocol, WebAuthn domain)."""

import time
from collections.abc import Callable
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from mufakat.accounts.models import User

pytestmark = pytest.mark.e2e

PASSWORD = "mufakat-demo-secretariat"


def add_virtual_security_key(page: Page) -> None:
    """A CTAP2 USB key that answers at once, as if touched (and unlocked with its PIN)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


class AuthenticatorApp:
    """What a phone app shows: the current code, never the one already typed in this window."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.last_counter = -1

    def code(self) -> str:
        # A fresh window, with a few seconds left to type the code in.
        while (counter := int(time.time()) // 30) == self.last_counter or time.time() % 30 > 25:
            time.sleep(0.5)
        self.last_counter = counter
        return format_hotp_value(hotp_value(self.secret, counter))


def log_out(page: Page) -> None:
    """With the admin's own button (the admin signs out through allauth too)."""
    page.get_by_role("button", name="Log out").click()
    expect(page.locator(".user-box").get_by_role("link", name="Log in")).to_be_visible()


def password_step(page: Page, demo_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{demo_url}/accounts/login/?next=/admin/")
    page.get_by_label("Username").fill("secretariat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()


def test_the_secretariat_enrols_a_key_and_an_app_and_needs_one_of_them_for_the_admin(
    page: Page, demo_url: str, log_in: Callable[[str, str], None], settings: Any
) -> None:
    settings.MUFAKAT_MFA_REQUIRED_ROLES = ["secretariat", "platform_admin"]
    settings.MUFAKAT_MFA_REQUIRED_FOR_STAFF = True
    User.objects.filter(username="secretariat").update(is_staff=True)
    add_virtual_security_key(page)

    # First sign-in: the password is accepted, but every page (the admin too) leads to enrolment.
    log_in("secretariat", PASSWORD)
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.get_by_role("alert").first).to_contain_text("requires two-factor authentication")
    page.goto(f"{demo_url}/admin/")
    expect(page).to_have_url(f"{demo_url}/accounts/profile/")

    # A security key, after confirming the password once more.
    page.get_by_role("link", name="Add a security key").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Name").fill("Desk key")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()

    # An authenticator app, from the profile page.
    page.goto(f"{demo_url}/accounts/profile/")
    expect(page.get_by_text("Desk key")).to_be_visible()
    page.get_by_role("link", name="Set up an authenticator app").click()
    app = AuthenticatorApp(page.locator("#authenticator_secret").input_value())
    page.get_by_label("Authenticator code").fill(app.code())
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_text("Authenticator app activated.")).to_be_visible()
    assert Authenticator.objects.filter(user__username="secretariat").count() == 3

    page.goto(f"{demo_url}/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    log_out(page)

    # Signing in with the security key: the password alone does not open the admin.
    password_step(page, demo_url)
    page.goto(f"{demo_url}/admin/")
    expect(page).to_have_url(f"{demo_url}/accounts/2fa/authenticate/")  # back to the second step
    page.get_by_role("button", name="Use a security key").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    log_out(page)

    # Signing in with the authenticator app.
    password_step(page, demo_url)
    page.get_by_label("Code").fill(app.code())
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    # The admin's own login form is gone: it leads to the same sign-in.
    log_out(page)
    page.goto(f"{demo_url}/admin/login/")
    expect(page).to_have_url(f"{demo_url}/accounts/login/?next=%2Fadmin%2F")
