"""The audit log is append-only and hash-chained; ``audit verify`` names the first broken link."""

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from mufakat.audit.models import AuditEvent
from mufakat.audit.services import record, verify_chain
from mufakat.audit.tests.tamper import tamper

pytestmark = pytest.mark.django_db


def three_events(actor: Any) -> list[AuditEvent]:
    return [
        record(
            actor=actor, action="test.event", object_type="demo", object_id=str(i), after={"i": i}
        )
        for i in range(3)
    ]


def test_each_event_links_to_the_previous_one(secretariat: Any) -> None:
    first, second, third = three_events(secretariat)
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert verify_chain().ok and verify_chain().checked == 3


def test_events_cannot_be_changed_through_the_orm(secretariat: Any) -> None:
    event = three_events(secretariat)[0]
    event.action = "forged"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_the_database_refuses_an_update_of_an_event(secretariat: Any) -> None:
    event = three_events(secretariat)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")


def test_verify_reports_the_first_edited_row(secretariat: Any) -> None:
    events = three_events(secretariat)
    tamper("UPDATE audit_auditevent SET object_repr = 'edited' WHERE id = %s", [events[1].pk])

    result = verify_chain()

    assert result.broken_at == events[1].pk and "edited" in result.reason
    with pytest.raises(CommandError, match=f"#{events[1].pk}"):
        call_command("audit", "verify")


def test_verify_reports_a_removed_row(secretariat: Any) -> None:
    events = three_events(secretariat)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])

    assert verify_chain().broken_at == events[2].pk


def test_verify_command_reports_an_intact_chain(secretariat: Any, capsys: Any) -> None:
    three_events(secretariat)
    call_command("audit", "verify")
    assert "3 event(s) verified" in capsys.readouterr().out
