"""``mufakat token create USERNAME`` prints a new API token; ``token revoke HINT`` revokes."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mufakat.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Create or revoke API tokens (Authorization: Bearer …)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Issue a token for a user and print it once.")
        create.add_argument("username")
        create.add_argument("--name", default="cli")
        create.add_argument("--days", type=int, default=90)
        revoke = sub.add_parser("revoke", help="Revoke tokens by their printed hint.")
        revoke.add_argument("hint")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            try:
                user = User.objects.get(username=options["username"])
            except User.DoesNotExist as exc:
                raise CommandError(f"No user named {options['username']!r}.") from exc
            _token, key = ApiToken.issue(user, name=options["name"], days=options["days"])
            self.stdout.write(key)
        else:
            count = ApiToken.objects.filter(hint=options["hint"], revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
            if not count:
                raise CommandError(f"No active token with hint {options['hint']!r}.")
            self.stdout.write(f"Revoked {count} token(s).")
