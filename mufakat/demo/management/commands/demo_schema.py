"""``mufakat demo_schema``: rewrite the migrated SQLite snapshot new demo databases start from."""

from typing import Any

from django.core.management.base import BaseCommand

from mufakat.demo.sqlite_snapshot import SNAPSHOT, migrated_database_sql


class Command(BaseCommand):
    help = (
        "Migrate a throwaway SQLite database and write it as SQL to "
        "mufakat/demo/migrated.sqlite.sql, which new demo databases start from."
    )
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        SNAPSHOT.write_text(migrated_database_sql(), encoding="utf-8")
        self.stdout.write(f"Wrote {SNAPSHOT}.")
