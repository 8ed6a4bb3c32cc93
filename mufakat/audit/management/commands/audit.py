"""``mufakat audit verify`` checks the hash chain and names the first broken link."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mufakat.audit.services import verify_chain


class Command(BaseCommand):
    help = "Audit log tools."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Verify the hash chain of the audit log.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"Audit chain broken at event #{result.broken_at}: {result.reason}. "
                f"{result.checked} event(s) before it verified."
            )
        self.stdout.write(f"Audit chain intact: {result.checked} event(s) verified.")
