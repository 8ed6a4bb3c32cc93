"""A checkpoint kept off the server catches what the chain alone cannot: a cut tail and a
history rewritten with every hash recomputed. The database refuses to delete events."""

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from mufakat.audit.models import AuditCheckpoint, AuditEvent
from mufakat.audit.services import Checkpoint, make_checkpoint, record, verify_chain
from mufakat.audit.tests.tamper import rewrite_history, tamper

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def anchor_key(settings: Any) -> str:
    settings.MUFAKAT_AUDIT_ANCHOR_KEY = "checkpoint-key-kept-apart-from-the-secret-key"
    return str(settings.MUFAKAT_AUDIT_ANCHOR_KEY)


def events(actor: Any, n: int = 5) -> list[AuditEvent]:
    return [
        record(actor=actor, action="test.event", object_type="demo", object_id=str(i))
        for i in range(n)
    ]


def anchor(capsys: Any, *args: str) -> str:
    call_command("audit", "anchor", *args)
    return str(capsys.readouterr().out.strip())


def verify(*args: str) -> None:
    call_command("audit", "verify", *args)


def test_anchor_prints_a_checkpoint_of_the_last_event_that_verify_accepts(
    secretariat: Any, capsys: Any
) -> None:
    last = events(secretariat)[-1]

    text = anchor(capsys)

    checkpoint = Checkpoint.parse(text)
    assert (checkpoint.event_id, checkpoint.event_hash, checkpoint.count) == (last.pk, last.hash, 5)
    assert f"event={last.pk} hash={last.hash} count=5" in text and "mac=" in text
    verify("--anchor", text)
    assert "1 checkpoint(s) hold" in capsys.readouterr().out


def test_a_cut_tail_passes_the_chain_but_not_the_checkpoint(secretariat: Any, capsys: Any) -> None:
    written = events(secretariat)
    text = anchor(capsys)
    tamper("DELETE FROM audit_auditevent WHERE id >= %s", [written[3].pk])

    assert verify_chain().ok  # what the chain alone misses
    with pytest.raises(CommandError, match=f"#{written[-1].pk} is missing"):
        verify("--anchor", text)


def test_a_rewritten_history_passes_the_chain_but_not_the_checkpoint(
    secretariat: Any, capsys: Any
) -> None:
    written = events(secretariat)
    text = anchor(capsys)
    rewrite_history(written[1].pk)

    assert verify_chain().ok  # every hash recomputed: consistent again
    with pytest.raises(CommandError, match="no longer has the anchored hash"):
        verify("--anchor", text)


def test_events_written_after_the_checkpoint_do_not_disturb_it(
    secretariat: Any, capsys: Any
) -> None:
    events(secretariat, 2)
    text = anchor(capsys)
    events(secretariat, 3)

    verify("--anchor", text)
    assert "5 event(s) verified. 1 checkpoint(s) hold" in capsys.readouterr().out


def test_a_forged_checkpoint_is_refused(secretariat: Any, capsys: Any) -> None:
    events(secretariat)
    text = anchor(capsys)
    forged = text.replace("count=5", "count=3")

    with pytest.raises(CommandError, match="HMAC does not match"):
        verify("--anchor", forged)


def test_checkpoints_are_read_from_a_file(secretariat: Any, capsys: Any, tmp_path: Path) -> None:
    events(secretariat, 2)
    first = anchor(capsys)
    events(secretariat, 2)
    second = anchor(capsys)
    kept = tmp_path / "checkpoints.txt"
    kept.write_text(f"{first}\n{second}\n")

    verify("--anchor", str(kept))
    assert "2 checkpoint(s) hold" in capsys.readouterr().out


def test_stored_checkpoints_are_checked_by_every_verify(secretariat: Any, capsys: Any) -> None:
    written = events(secretariat)
    anchor(capsys, "--store")
    assert AuditCheckpoint.objects.count() == 1
    rewrite_history(written[0].pk)

    with pytest.raises(CommandError, match="no longer has the anchored hash"):
        verify()


def test_a_checkpoint_needs_its_own_key(secretariat: Any, settings: Any) -> None:
    events(secretariat, 1)
    settings.MUFAKAT_AUDIT_ANCHOR_KEY = ""
    with pytest.raises(CommandError, match="MUFAKAT_AUDIT_ANCHOR_KEY"):
        call_command("audit", "anchor")
    settings.MUFAKAT_AUDIT_ANCHOR_KEY = settings.SECRET_KEY
    with pytest.raises(CommandError, match="must differ"):
        call_command("audit", "anchor")


def test_an_empty_log_has_nothing_to_anchor() -> None:
    with pytest.raises(ValueError, match="nothing to anchor"):
        make_checkpoint()


def test_the_database_refuses_to_delete_an_event(secretariat: Any) -> None:
    event = events(secretariat, 1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_database_refuses_raw_sql_deletes_and_checkpoint_edits(
    secretariat: Any, capsys: Any
) -> None:
    events(secretariat, 1)
    anchor(capsys, "--store")
    statements = [
        "DELETE FROM audit_auditevent",
        "DELETE FROM audit_auditcheckpoint",
        "UPDATE audit_auditcheckpoint SET count = 0",
    ]
    if connection.vendor == "postgresql":
        statements += ["TRUNCATE audit_auditevent", "TRUNCATE audit_auditcheckpoint"]
    for statement in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.count() == 1 and AuditCheckpoint.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_restores_its_guard(secretariat: Any) -> None:
    """The test suite (and an operator starting over) empties the database with flush."""
    events(secretariat, 2)

    call_command("flush", interactive=False, verbosity=0)

    assert not AuditEvent.objects.exists()
    event = record(actor=None, action="test.event", object_type="demo")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
