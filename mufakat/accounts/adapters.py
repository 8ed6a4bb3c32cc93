from typing import Any

from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the Secretariat, never by self sign-up."""

    def is_open_for_signup(self, request: Any) -> bool:
        return False
