"""allauth's hooks into Mufakat: who may sign up, what a sign-in writes to the audit log, and
which second factors a person may remove."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest, HttpResponse

from mufakat.accounts import services
from mufakat.accounts.permissions import can_remove_authenticator
from mufakat.core.network import client_address


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the Secretariat, never by self sign-up. Every sign-in path
    (the admin's included, see ``admin_site``) ends here, so the audit events are written once."""

    def is_open_for_signup(self, request: Any) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits see the same client address as the lockout and the audit log."""
        return client_address(request) or super().get_client_ip(request)

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        """Called once every stage (password, then the second factor) has passed."""
        response = super().post_login(request, user, **kwargs)
        methods = [
            str(m.get("method", ""))
            for m in request.session.get("account_authentication_methods", [])
            if isinstance(m, dict)
        ]
        services.record_login(user=user, methods=methods)
        return response

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        super().authentication_failed(request, **credentials)
        services.record_login_failed(
            username=str(credentials.get("username") or credentials.get("email") or "")
        )

    def logout(self, request: HttpRequest) -> None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            services.record_logout(user=user)
        super().logout(request)


class MufakatMFAAdapter(DefaultMFAAdapter):
    """Keeps the second factor a role requires: the last one cannot be removed."""

    def can_delete_authenticator(self, authenticator: Any) -> bool:
        return can_remove_authenticator(authenticator.user, authenticator)
