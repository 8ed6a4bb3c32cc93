"""The profile page, where each person manages their own sign-in protection.

Enrolment itself is allauth.mfa's (TOTP, recovery codes, security keys): these views only show
the state and keep security keys to the roles they are offered to.
"""

from allauth.mfa.webauthn import views as webauthn_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mufakat.accounts.permissions import require_security_key_allowed
from mufakat.accounts.selectors import mfa_state


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "account/profile.html", {"mfa": mfa_state(user=request.user)})


@login_required
def add_security_key(request: HttpRequest) -> HttpResponse:
    """allauth's "add a security key", for the Secretariat and administrators only."""
    require_security_key_allowed(request.user)
    return webauthn_views.add_webauthn(request)
