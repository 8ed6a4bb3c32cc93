"""Sends a person whose role requires two-factor authentication, and who has none yet, to their
profile page to set it up: no other page (nor the admin, nor the API by session) until then."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from mufakat.accounts.permissions import has_required_mfa, mfa_required_for
from mufakat.core.urlcache import cached_reverse


def _exempt_prefixes() -> tuple[str, ...]:
    """Where enrolment happens, and what it needs (sign-out, re-entering the password, assets);
    each address reversed once per process, language and prefix."""
    return (
        cached_reverse("account_profile"),
        cached_reverse("mfa_index"),  # all of allauth.mfa: /accounts/2fa/…
        cached_reverse("account_logout"),
        cached_reverse("account_login"),
        cached_reverse("account_reauthenticate"),
        cached_reverse("set_language"),
        settings.STATIC_URL or "/static/",
    )


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and mfa_required_for(user)  # no query: most people's role requires none
            and not request.path.startswith(_exempt_prefixes())
            and not has_required_mfa(user)
        ):
            return self._to_enrolment(request)
        return self.get_response(request)

    def _to_enrolment(self, request: HttpRequest) -> HttpResponse:
        text = _("Your role requires two-factor authentication. Set it up to continue.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": text}, status=403)
        messages.warning(request, text)
        url = reverse("account_profile")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
