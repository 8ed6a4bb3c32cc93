"""``mufakat recount_tallies``: check (``--check``) or rebuild the report tallies.

The database keeps the tallies itself (``monitoring.tallies``); this is for the rare cases that
write around its triggers: a restore of data without them, a change of ``TIME_ZONE`` (every
round's due cutoff moves), SQL run by hand with triggers disabled.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from mufakat.monitoring import tallies


class Command(BaseCommand):
    help = "Check the report tallies against the reports (--check), or count them again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only compare; exit with status 1 when a tally differs from the reports.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            found = tallies.drift()
            for table, n in found.items():
                self.stdout.write(f"{table}: {n} tallies differ from the reports")
            if any(found.values()):
                raise CommandError("Tallies differ: run `mufakat recount_tallies` to rebuild them.")
            return
        with transaction.atomic():
            moved = tallies.refresh_cutoffs()
            tallies.recount()
        self.stdout.write(f"Tallies counted again ({moved} rounds' due cutoffs corrected).")
