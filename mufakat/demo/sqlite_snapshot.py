"""The migrated, empty SQLite database as SQL text, so a new demo starts without replaying history.

Applying the project's and its libraries' hundred-odd migrations to an empty SQLite file takes
about ten seconds, almost all of it Django rebuilding the model state between operations. A new
demo database does not need that history, only its result: this module writes the result (every
table, index and trigger, the rows the migrations themselves insert, the list of applied
migrations) as SQL, and restores a new database from it in a few milliseconds. ``migrate`` runs
afterwards as usual and applies whatever is newer than the snapshot, so a stale snapshot costs
time, never correctness; ``test_sqlite_snapshot.py`` fails when the snapshot is not exactly what
the migrations produce (``make demo-schema`` rewrites it), as Rails does with its schema file.

PostgreSQL, and every database that already has tables, always migrates the ordinary way.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper

#: The snapshot, next to this module; ``make demo-schema`` rewrites it.
SNAPSHOT = Path(__file__).with_name("migrated.sqlite.sql")

HEADER = (
    "-- The database the migrations produce on an empty SQLite file, for new demo databases.\n"
    "-- Written by `make demo-schema` (mufakat/demo/sqlite_snapshot.py); do not edit by hand.\n"
)

#: The tables an FTS5 virtual table keeps its index in: creating the virtual table creates them.
FTS5_SHADOW_SUFFIXES = ("_config", "_content", "_data", "_docsize", "_idx")


def dump(database: Path) -> str:
    """The SQL that recreates ``database``: schema, rows, sequences, then indexes and triggers.

    Dates and times in rows are not written: restoring stamps them with its own time.
    """
    connection = sqlite3.connect(database)
    try:
        return HEADER + "\n".join(_statements(connection)) + "\n"
    finally:
        connection.close()


def _statements(connection: sqlite3.Connection) -> list[str]:
    objects = connection.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    virtual = {
        name
        for kind, name, sql in objects
        if kind == "table" and sql.upper().startswith("CREATE VIRTUAL TABLE")
    }
    shadow = {v + suffix for v in virtual for suffix in FTS5_SHADOW_SUFFIXES}
    tables = [
        name
        for kind, name, _ in objects
        if kind == "table" and not name.startswith("sqlite_") and name not in shadow
    ]
    out = ["BEGIN;"]
    out += [f"{sql};" for kind, name, sql in objects if kind == "table" and name in tables]
    for table in tables:
        if table in virtual:
            continue  # its CREATE made its shadow tables, as empty as the migrations left them
        columns = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
        values = " || ',' || ".join(_literal(name, kind) for _, name, kind, *_ in columns)
        out += [
            f'INSERT INTO "{table}" VALUES({row});'
            for (row,) in connection.execute(f'SELECT {values} FROM "{table}" ORDER BY rowid')
        ]
    out.append("DELETE FROM sqlite_sequence;")
    out += [
        f"INSERT INTO sqlite_sequence(name, seq) VALUES({_quote(name)}, {seq});"
        for name, seq in connection.execute("SELECT name, seq FROM sqlite_sequence ORDER BY rowid")
    ]
    out += [
        f"{sql};"
        for kind, name, sql in objects
        if kind in {"index", "trigger", "view"} and name not in shadow
    ]
    out.append("COMMIT;")
    return out


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


#: What a row the migrations wrote gets for a date and time: the time it is restored, as the
#: migrations would have stamped it then (``applied``, ``created``, ``updated``).
RESTORE_TIME = "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def _literal(column: str, declared_type: str) -> str:
    """The SQLite expression writing ``column`` of a row as SQL; times become the restore time."""
    if declared_type.lower() == "datetime":
        return f"""CASE WHEN "{column}" IS NULL THEN 'NULL' ELSE {_quote(RESTORE_TIME)} END"""
    return f'quote("{column}")'


def migrated_database_sql() -> str:
    """Migrate a throwaway SQLite database in a child process and dump it.

    A child process, because the settings of this one point at another database.
    """
    with tempfile.TemporaryDirectory(prefix="mufakat-snapshot-") as data_dir:
        env = {
            **os.environ,
            "MUFAKAT_ENV": "demo",
            "MUFAKAT_DATA_DIR": data_dir,
            "DJANGO_SETTINGS_MODULE": "mufakat.settings",
        }
        env.pop("DATABASE_URL", None)
        subprocess.run(
            [sys.executable, "-m", "mufakat.cli", "migrate", "--noinput", "--skip-checks"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return dump(Path(data_dir) / "mufakat.sqlite3")


def restore_if_empty(connection: BaseDatabaseWrapper) -> bool:
    """Give an empty SQLite database the snapshot's tables and rows; True when it did.

    Anything else (PostgreSQL, a database with tables, no snapshot) is left to ``migrate``.
    """
    if connection.vendor != "sqlite" or not SNAPSHOT.exists():
        return False
    if connection.introspection.table_names():
        return False
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    raw.executescript(SNAPSHOT.read_text(encoding="utf-8"))
    return True
