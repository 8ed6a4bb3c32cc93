"""``mufakat send_reminders``: queue today's reporting reminders (run it daily from a timer)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from mufakat.monitoring.tasks import send_reminders


class Command(BaseCommand):
    help = "Queue the reminders for reports due soon or overdue (idempotent per day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Pretend today is this day (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        day = options.get("date") or timezone.localdate().isoformat()
        result = send_reminders.enqueue(day)
        self.stdout.write(f"Reminders for {day} queued (task {result.id}).")
