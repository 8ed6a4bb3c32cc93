"""``mufakat search_index --rebuild [--type item ...]``: rebuild the search index in batches.

Services keep the index in step as records change; a rebuild is for after a bulk import, a
restore, or a change to how documents are built (see docs/search.md). ``--if-outdated``
rebuilds it in place only when it was built by an older version of Mufakat (after a deploy;
idempotent), ``--in-background`` hands that to the task worker.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mufakat.search import indexing
from mufakat.search.indexing import rebuild
from mufakat.search.models import SearchDocument
from mufakat.search.tasks import refresh_index_if_outdated


class Command(BaseCommand):
    help = "Rebuild the full-text search index (knowledge items, meetings, outcomes, instruments)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the index")
        parser.add_argument(
            "--type",
            action="append",
            choices=SearchDocument.Type.values,
            help="only this type (repeatable); default all",
        )
        parser.add_argument("--batch-size", type=int, default=1000, help="records per batch")
        parser.add_argument(
            "--if-outdated",
            action="store_true",
            help="rebuild in place only if the index is older than this version of Mufakat",
        )
        parser.add_argument(
            "--in-background",
            action="store_true",
            help="with --if-outdated: queue the rebuild for the task worker and return",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["in_background"] and not options["if_outdated"]:
            raise CommandError("--in-background goes with --if-outdated.")
        if options["if_outdated"]:
            self._if_outdated(background=options["in_background"])
            return
        if not options["rebuild"]:
            counts = dict(
                (t, SearchDocument.objects.filter(object_type=t).count())
                for t in SearchDocument.Type.values
            )
            self.stdout.write("Indexed: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
            self.stdout.write(self._version_line())
            self.stdout.write("Run with --rebuild to rebuild the index.")
            return
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        started = time.perf_counter()
        verbose = options["verbosity"] > 1

        def progress(object_type: str, done: int) -> None:
            if verbose:
                self.stdout.write(f"  {object_type}: {done}")

        counts = rebuild(types=options["type"], batch_size=options["batch_size"], progress=progress)
        summary = ", ".join(f"{t} {n}" for t, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {summary} in {time.perf_counter() - started:.1f} s.")
        )

    def _version_line(self) -> str:
        stored = indexing.stored_version()
        if not indexing.is_outdated():
            return f"Index version {stored}: up to date."
        return (
            f"Index version {stored or 'unknown'}, this version of Mufakat builds "
            f"{indexing.INDEX_VERSION}: run with --if-outdated to bring it up to date."
        )

    def _if_outdated(self, *, background: bool) -> None:
        if not indexing.is_outdated():
            self.stdout.write(self._version_line())
            return
        stored = indexing.stored_version() or "unknown"
        if background:
            refresh_index_if_outdated.enqueue()
            self.stdout.write(
                f"Index version {stored}, this version of Mufakat builds "
                f"{indexing.INDEX_VERSION}: rebuild queued for the task worker."
            )
            return
        started = time.perf_counter()
        counts = indexing.refresh()
        summary = ", ".join(f"{t} {n}" for t, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Index brought from version {stored} to {indexing.INDEX_VERSION}: {summary} "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
