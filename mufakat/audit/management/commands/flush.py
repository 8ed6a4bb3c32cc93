"""Django's ``flush``, which empties every table — the audit log included.

The database refuses to delete audit rows (SQLite: BEFORE DELETE triggers; PostgreSQL: DELETE
and TRUNCATE triggers). Emptying the whole database is the one deliberate exception — the test
suite does it between transactional tests, an operator may do it to start over — so this
command lifts those triggers for the duration of the flush and restores them afterwards, even
when the flush fails. A flush of a real log is no secret: every checkpoint kept off the server
(``mufakat audit anchor``) then fails ``mufakat audit verify --anchor``.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

AUDIT_TABLES = ("audit_auditevent", "audit_auditcheckpoint")
PG_TRUNCATE_TRIGGERS = (
    ("audit_auditevent", "audit_event_no_truncate"),
    ("audit_auditcheckpoint", "audit_checkpoint_no_truncate"),
)


@contextmanager
def audit_deletion_allowed(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Lift the audit tables' delete triggers while the block runs."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(AUDIT_TABLES))
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                f"AND tbl_name IN ({placeholders}) AND sql LIKE '%%BEFORE DELETE%%'",
                list(AUDIT_TABLES),
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
    elif connection.vendor == "postgresql":
        existing = _pg_existing(connection)
        with connection.cursor() as cursor:
            for table, name in existing:
                cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER "{name}"')
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                for table, name in existing:
                    cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER "{name}"')
    else:
        yield


def _pg_existing(connection: BaseDatabaseWrapper) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relname = ANY(%s) AND t.tgname = ANY(%s)",
            [list(AUDIT_TABLES), [name for _table, name in PG_TRUNCATE_TRIGGERS]],
        )
        return [(table, name) for table, name in cursor.fetchall()]


class Command(DjangoFlush):
    help = DjangoFlush.help + " The audit log is emptied too."

    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        with audit_deletion_allowed(connection):
            super().handle(**options)
