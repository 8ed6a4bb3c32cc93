"""The database's own copy: SQLite's online backup API, PostgreSQL's ``pg_dump``/``pg_restore``.

Never a file copy of a live SQLite database: a copy taken while a writer commits (or with
pages still in the write-ahead log) can be torn. The backup API copies a consistent snapshot
page by page while the site keeps running.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper


class NativeError(Exception):
    pass


def sqlite_copy(source: str | Path, target: str | Path) -> None:
    """Copy the SQLite database ``source`` to ``target`` with the online backup API."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(str(target))
        try:
            with dst:
                src.backup(dst, pages=4096)
            # A standalone file: no write-ahead log next to it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def postgres_binary(name: str) -> str:
    """``pg_dump``/``pg_restore``: on PATH, else the newest of Debian's postgresql package
    (the client must be at least as new as the server)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: [int(x) for x in p.parent.parent.name.split(".") if x.isdigit()],
        reverse=True,
    )
    if candidates:
        return str(candidates[0])
    found = shutil.which(name)
    if found:
        return found
    raise NativeError(
        f"{name} not found: install the PostgreSQL client programs (Debian: the postgresql-client "
        "package) or put them on PATH."
    )


def postgres_env(connection: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    """Connection options for libpq programs; the password goes by environment, never argv."""
    config: dict[str, Any] = connection.settings_dict
    args = []
    if config.get("HOST"):
        args += ["--host", str(config["HOST"])]
    if config.get("PORT"):
        args += ["--port", str(config["PORT"])]
    if config.get("USER"):
        args += ["--username", str(config["USER"])]
    args += ["--dbname", str(config["NAME"])]
    env = dict(os.environ)
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    sslmode = (config.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise NativeError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def pg_dump(connection: BaseDatabaseWrapper, target: Path, snapshot: str | None) -> None:
    """A custom-format dump; ``snapshot`` (exported by an open transaction) makes it show
    exactly what that transaction sees."""
    args, env = postgres_env(connection)
    command = [postgres_binary("pg_dump"), "--format=custom", "--no-owner", "--no-acl"]
    if snapshot:
        command.append(f"--snapshot={snapshot}")
    _run([*command, f"--file={target}", *args], env)


def pg_restore(connection: BaseDatabaseWrapper, dump: Path) -> None:
    """Restore ``dump`` in one transaction, dropping the tables it holds first (a database
    built by ``migrate`` has them, empty)."""
    args, env = postgres_env(connection)
    command = [
        postgres_binary("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-acl",
        "--single-transaction",
        "--exit-on-error",
    ]
    _run([*command, *args, str(dump)], env)
