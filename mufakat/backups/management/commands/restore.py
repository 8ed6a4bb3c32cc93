"""``mufakat restore DIR``: verify a backup, restore it into an empty site, check it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mufakat.backups.manifest import BackupInvalid
from mufakat.backups.native import NativeError
from mufakat.backups.services import Log, quiet, restore_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `mufakat backup` into an empty database and upload "
        "directory (--replace: overwrite them), then check every table's row count, every "
        "file's hash and the audit chain against its manifest. A backup whose manifest does "
        "not verify is refused. From SQLite into PostgreSQL (or back) the vendor-neutral copy "
        "is loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="a directory written by `mufakat backup`")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite a database (and upload directory) that already holds data",
        )
        parser.add_argument(
            "--check-only",
            action="store_true",
            help="only verify the backup (manifest, files, counts, audit chain); change nothing",
        )
        parser.add_argument(
            "--portable",
            action="store_true",
            help="load the vendor-neutral copy even into the same database vendor",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        log: Log = self.stdout.write if options["verbosity"] > 0 else quiet
        directory = Path(options["directory"])
        try:
            if options["check_only"]:
                manifest = verify_backup(directory)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"The backup verifies: {manifest.vendor}, {len(manifest.tables)} tables, "
                        f"{sum(manifest.tables.values()):,} rows, {len(manifest.media())} "
                        f"uploaded files, audit chain of {manifest.audit['events']} events."
                    )
                )
                return
            result = restore_backup(
                directory,
                replace=options["replace"],
                portable_copy=options["portable"],
                log=log,
            )
        except (BackupInvalid, NativeError) as error:
            raise CommandError(str(error)) from error
        for name in result.left_alone:
            self.stdout.write(f"Left alone (not in the backup): media/{name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored ({result.method}): {result.tables} tables and {result.rows:,} "
                f"rows, {result.files} uploaded files, audit chain of {result.chain.events} "
                f"events ending in {result.chain.head[:16]}… — counts, hashes and the audit "
                f"chain match the backup ({result.seconds:.1f} s)."
            )
        )
