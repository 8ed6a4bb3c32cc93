"""``mufakat backup DIR``: the database, the uploaded files and a sealed manifest."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mufakat.backups.manifest import BackupInvalid
from mufakat.backups.native import NativeError
from mufakat.backups.services import Log, create_backup, quiet


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite's online backup or pg_dump, plus a vendor-neutral copy), "
        "the uploaded files and a manifest of counts, hashes and the audit chain's head into "
        "DIR, a new or empty directory."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="a new or empty directory")

    def handle(self, *args: Any, **options: Any) -> None:
        log: Log = self.stdout.write if options["verbosity"] > 0 else quiet
        try:
            result = create_backup(Path(options["directory"]), log=log)
        except (BackupInvalid, NativeError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(result.tables.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {result.vendor}: {len(result.tables)} tables, {rows:,} rows, "
                f"{result.files} uploaded files ({result.media_bytes:,} bytes), audit chain of "
                f"{result.chain.events} events ending in {result.chain.head[:16]}… into "
                f"{result.directory} in {result.seconds:.1f} s."
            )
        )
