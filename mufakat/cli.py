"""The ``mufakat`` console script: Django's management commands with the settings preset.

Without ``MUFAKAT_DATA_DIR`` the script reads the demo's database (``var/demo``, the one
``make demo`` fills); with nothing configured at all (no environment, secret key, data directory
or database URL) it runs as the demo, so ``.venv/bin/mufakat ingest FILE`` works after
``make demo``. A command run before that database exists, or against a data directory
that was never migrated, fails on a missing table: the script says so in one line on stderr
and exits 1, instead of a traceback. Settings that refuse to start (production without a
secret key) are reported the same way.
"""

from __future__ import annotations

import os
import re
import sys

#: A missing table as SQLite and PostgreSQL report it.
MISSING_TABLE = re.compile(r'no such table: (\S+)|relation "([^"]+)" does not exist')
#: Commands that start on any database and would then fail on every request: checked first.
SERVERS = {"runserver", "serve_demo"}


def database_label() -> str:
    """Where the database is, for a person: the SQLite file, or PostgreSQL's name and host
    (never the password)."""
    from django.db import connection

    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(config["NAME"])
    host = config.get("HOST") or "localhost"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"{config.get('NAME')} on {host}{port}"


def is_migrated() -> bool:
    """Whether ``migrate`` ever ran on the database (its bookkeeping table exists)."""
    from django.db import connection

    return "django_migrations" in connection.introspection.table_names()


def missing_database_message(error: Exception | None = None) -> str | None:
    """The one line to print when the database lacks the tables a command needs, else None
    (``error``, when given, must be about a missing table)."""
    table = None
    if error is not None:
        found = MISSING_TABLE.search(str(error))
        if found is None:
            return None
        table = found.group(1) or found.group(2)
    from django.db import connections

    try:
        if error is not None:
            connections.close_all()  # a failed statement may have left the connection unusable
        migrated = is_migrated()
    except Exception:  # the database cannot even be read: the original error says more
        return None
    if not migrated:
        return f"no database yet at {database_label()}: run `make demo` or `mufakat migrate`"
    if table is not None:
        return f"the database at {database_label()} has no table {table}: run `mufakat migrate`"
    return None


def _fail(message: str) -> None:
    sys.stderr.write(f"mufakat: {message}\n")
    sys.exit(1)


#: Any of these says the command line is pointed at a real installation, not the demo.
CONFIGURED = ("MUFAKAT_ENV", "DJANGO_SECRET_KEY", "MUFAKAT_DATA_DIR", "DATABASE_URL")


def main() -> None:
    if not any(os.environ.get(name) for name in CONFIGURED):
        # nothing configured: the demo's checkout, as after `make demo`
        os.environ["MUFAKAT_ENV"] = "demo"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    import django
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        settings.INSTALLED_APPS  # noqa: B018 -- loads the settings, which may refuse to start
    except ImproperlyConfigured as exc:
        _fail(str(exc))
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    try:
        if command in SERVERS:
            django.setup()
            message = missing_database_message()
            if message:
                _fail(message)
        execute_from_command_line(sys.argv)
    except DatabaseError as exc:
        message = missing_database_message(exc)
        if message is None:
            raise
        _fail(message)


if __name__ == "__main__":
    main()
