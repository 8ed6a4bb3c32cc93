"""New demo databases start from a snapshot of the migrated SQLite database: it must be exactly
what the migrations produce, and a database restored from it must need no migration."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from mufakat.demo.sqlite_snapshot import SNAPSHOT, dump, migrated_database_sql, restore_if_empty

STALE = (
    "mufakat/demo/migrated.sqlite.sql is not what the migrations produce: run `make demo-schema` "
    "and commit the result."
)


def _restore(database: Path) -> None:
    raw = sqlite3.connect(database)
    try:
        raw.executescript(SNAPSHOT.read_text(encoding="utf-8"))
    finally:
        raw.close()


def _demo_env(data_dir: Path) -> dict[str, str]:
    """The command line as ``make demo`` runs it, on its own SQLite database in ``data_dir``."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        MUFAKAT_ENV="demo",
        MUFAKAT_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="mufakat.settings",
    )
    return env


def test_the_snapshot_is_what_the_migrations_produce() -> None:
    assert SNAPSHOT.read_text(encoding="utf-8") == migrated_database_sql(), STALE


def test_a_database_restored_from_the_snapshot_dumps_back_to_the_snapshot(tmp_path: Path) -> None:
    database = tmp_path / "mufakat.sqlite3"
    _restore(database)
    assert dump(database) == SNAPSHOT.read_text(encoding="utf-8")
    with sqlite3.connect(database) as raw:
        stamps = raw.execute("SELECT count(*), count(applied) FROM django_migrations").fetchone()
    assert stamps[0] > 100 and stamps[0] == stamps[1], "every migration is stamped as applied"


def test_a_database_restored_from_the_snapshot_has_nothing_left_to_migrate(tmp_path: Path) -> None:
    _restore(tmp_path / "mufakat.sqlite3")
    env = _demo_env(tmp_path)
    check = subprocess.run(
        [sys.executable, "-m", "mufakat.cli", "migrate", "--check", "--skip-checks"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.django_db
def test_a_database_that_has_tables_is_left_to_migrate() -> None:
    assert connection.introspection.table_names()
    assert restore_if_empty(connection) is False


def test_prepare_demo_builds_a_new_demo_database_from_the_snapshot(tmp_path: Path) -> None:
    env = _demo_env(tmp_path)
    manage = [sys.executable, "-m", "mufakat.cli"]
    prepared = subprocess.run(
        [*manage, "prepare_demo", "--skip-checks"], env=env, capture_output=True, text=True
    )
    assert prepared.returncode == 0, prepared.stdout + prepared.stderr
    assert "tables created from the migrated snapshot" in prepared.stdout
    assert "Demo accounts" in prepared.stdout
    with sqlite3.connect(tmp_path / "mufakat.sqlite3") as raw:
        meetings = raw.execute("SELECT count(*) FROM meetings_meeting").fetchone()[0]
        cache = raw.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'mufakat_cache'"
        ).fetchone()[0]
    assert meetings > 10 and cache == 1
    again = subprocess.run(
        [*manage, "prepare_demo", "--skip-checks"], env=env, capture_output=True, text=True
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert "snapshot" not in again.stdout, "a database with tables migrates the ordinary way"
