"""``mufakat send_digests``: send the knowledge digests that are due (run it from a timer)."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mufakat.library.digests import default_cutoff, send_digests, send_digests_task


class Command(BaseCommand):
    help = (
        "Send each follower a digest of the new knowledge items they may see. Idempotent: a "
        "digest starts where the previous one ended, so nothing is sent twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue",
            action="store_true",
            help="queue the work for the task worker instead of sending from this process",
        )
        parser.add_argument(
            "--now",
            help="Cover items up to this moment (ISO date-time; default: five minutes ago, so "
            "items still being saved are not skipped).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = default_cutoff()
        if options.get("now"):
            try:
                now = dt.datetime.fromisoformat(options["now"])
            except ValueError as exc:
                raise CommandError("--now must be an ISO date-time.") from exc
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        if options["queue"]:
            result = send_digests_task.enqueue(now.isoformat())
            self.stdout.write(f"Digests up to {now:%Y-%m-%d %H:%M} queued (task {result.id}).")
            return
        sent = send_digests(now)
        self.stdout.write(f"{sent} digest(s) sent, covering items up to {now:%Y-%m-%d %H:%M}.")
