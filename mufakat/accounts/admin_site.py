"""The admin site, without a login of its own.

Django's admin has its own password form, which would skip allauth's second factor (and its
audit events). Here the admin's login sends people to allauth's, and the admin refuses a session
whose user lacks the second factor their role or staff status requires.
"""

from typing import Any
from urllib.parse import urlencode

from allauth.account.views import LogoutView
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from mufakat.accounts.permissions import can_use_admin, has_mfa, mfa_required_for_admin


class MufakatAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and can_use_admin(request.user)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Never checks a password itself: allauth does, then asks for the second factor."""
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = ""
        next_url = next_url or reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return HttpResponseRedirect(
                f"{reverse('account_login')}?{urlencode({'next': next_url})}"
            )
        if self.has_permission(request):
            return HttpResponseRedirect(next_url)
        if user.is_active and user.is_staff and mfa_required_for_admin(user) and not has_mfa(user):
            messages.warning(
                request, _("The administration requires two-factor authentication. Set it up here.")
            )
            return HttpResponseRedirect(reverse("account_profile"))
        raise PermissionDenied(_("Your account may not use the administration."))

    def logout(self, request: HttpRequest, extra_context: Any = None) -> Any:
        """Through allauth, so the sign-out is audited like any other."""
        return LogoutView.as_view()(request)
