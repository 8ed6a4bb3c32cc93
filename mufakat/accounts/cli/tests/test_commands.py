"""Access granted from a shell on the server is in the audit log too."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from mufakat.accounts.models import User
from mufakat.accounts.services import USER_CREATED, USER_PASSWORD_SET
from mufakat.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_createsuperuser_is_audited_without_the_password(monkeypatch: Any) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long and unguessable phrase 42")
    call_command(
        "createsuperuser",
        interactive=False,
        username="night.operator",
        email="ops@example.org",
        stdout=StringIO(),
    )
    user = User.objects.get(username="night.operator")
    event = AuditEvent.objects.get(action=USER_CREATED, object_id=str(user.pk))
    assert event.after["is_superuser"] is True
    assert event.after["via"] == "command line"
    assert "unguessable" not in str(event.after)


def test_changepassword_is_audited_without_the_password(idn_focal: User, monkeypatch: Any) -> None:
    from django.contrib.auth.management.commands import changepassword

    monkeypatch.setattr(
        changepassword.Command, "_get_pass", lambda self, prompt="": "another long phrase 42"
    )
    call_command("changepassword", "idn.focal", stdout=StringIO())
    event = AuditEvent.objects.get(action=USER_PASSWORD_SET, object_id=str(idn_focal.pk))
    assert event.after == {"usable_password": True, "via": "command line"}
    idn_focal.refresh_from_db()
    assert idn_focal.check_password("another long phrase 42")
