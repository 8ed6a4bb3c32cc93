"""``mufakat prepare_demo``: the demo database, migrated and loaded, in one process.

What ``make demo`` runs before serving. One process instead of four (migrate,
createcachetable, load_demo, search_index --if-outdated) saves three start-ups of Django; a new SQLite database starts from
the migrated snapshot (:mod:`mufakat.demo.sqlite_snapshot`) instead of replaying every migration.
"""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from mufakat.demo.sqlite_snapshot import restore_if_empty


class Command(BaseCommand):
    help = (
        "Create or update the demo database (a new SQLite database starts from the migrated "
        "snapshot), then load the demo data: migrate, createcachetable and load_demo in one go."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if restore_if_empty(connection):
            self.stdout.write("New database: tables created from the migrated snapshot.")
        call_command("migrate", interactive=False, skip_checks=True, verbosity=options["verbosity"])
        call_command("createcachetable", verbosity=options["verbosity"])
        call_command("load_demo", skip_checks=True, stdout=self.stdout, stderr=self.stderr)
        # A search index built by an older version of Mufakat (or never recorded) is rebuilt
        # once by the task worker, which serve_demo starts; searches answer meanwhile.
        call_command("search_index", if_outdated=True, in_background=True, stdout=self.stdout)
