"""``mufakat search_index --rebuild [--type item ...]``: rebuild the search index in batches.

Services keep the index in step as records change; a rebuild is for after a bulk import, a
restore, or a change to how documents are built (see docs/search.md).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mufakat.search.indexing import rebuild
from mufakat.search.models import SearchDocument


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

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["rebuild"]:
            counts = dict(
                (t, SearchDocument.objects.filter(object_type=t).count())
                for t in SearchDocument.Type.values
            )
            self.stdout.write("Indexed: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
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
