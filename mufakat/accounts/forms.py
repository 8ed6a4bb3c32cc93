"""allauth.mfa forms with the audit Mufakat needs (set in MFA_FORMS)."""

from typing import Any

from allauth.mfa.adapter import get_adapter
from allauth.mfa.webauthn.forms import AuthenticateWebAuthnForm
from django.core.exceptions import ValidationError

from mufakat.accounts import services


class AuditedAuthenticateWebAuthnForm(AuthenticateWebAuthnForm):
    """allauth sends no signal when a security key's answer is refused (it does for a wrong
    code): this form records it, so failed second factors are in the log whatever their kind.
    A forged answer missing fields (a KeyError deep in fido2) is refused like any other, not
    answered with a server error."""

    def clean_credential(self) -> Any:
        try:
            return super().clean_credential()
        except (ValidationError, KeyError, TypeError, ValueError) as error:
            if self.user is not None:
                services.record_mfa_failed(
                    user=self.user, method="webauthn", reauthentication=self.reauthenticated
                )
            if isinstance(error, ValidationError):
                raise
            raise get_adapter().validation_error("incorrect_code") from error
