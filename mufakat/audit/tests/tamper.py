"""Editing the log as someone with direct access to the database would: around its triggers."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from mufakat.audit.models import GENESIS_HASH, AuditEvent

TABLES = ("audit_auditevent", "audit_auditcheckpoint")


@contextmanager
def triggers_lifted() -> Iterator[Any]:
    """A cursor on the audit tables with every trigger out of the way."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            yield cursor
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name IN ('audit_auditevent', 'audit_auditcheckpoint')"
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            yield cursor
            for _name, sql in triggers:
                cursor.execute(sql)


def tamper(sql: str, params: list[Any]) -> None:
    with triggers_lifted() as cursor:
        cursor.execute(sql, params)


def rewrite_history(edited_id: int, new_repr: str = "forged") -> None:
    """Edit one event and recompute every hash, so the chain is consistent again."""
    with triggers_lifted() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET object_repr = %s WHERE id = %s", [new_repr, edited_id]
        )
        previous = GENESIS_HASH
        for event in AuditEvent.objects.order_by("id"):
            event.prev_hash = previous
            previous = event.compute_hash()
            cursor.execute(
                "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                [event.prev_hash, previous, event.pk],
            )
