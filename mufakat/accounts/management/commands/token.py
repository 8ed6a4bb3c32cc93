"""``mufakat token create USERNAME [--scope read|write] [--days N]`` prints a new API token once;
``mufakat token revoke HINT`` revokes the active tokens with that hint (the key's first ten
characters, listed in the admin), or the one token whose whole key is given.

Both go through :mod:`mufakat.accounts.tokens`, so the lifetime limit, the scopes and the second
factor a role requires are checked, and both are audited.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mufakat.accounts.models import ApiToken, TokenScope, User
from mufakat.accounts.tokens import issue_token, revoke_token


def _message(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


class Command(BaseCommand):
    help = "Create or revoke API tokens (Authorization: Bearer …)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Issue a token for a user and print it once.")
        create.add_argument("username")
        create.add_argument("--name", default="cli")
        create.add_argument(
            "--days",
            type=int,
            default=None,
            help="Lifetime in days (default and maximum: MUFAKAT_TOKEN_MAX_DAYS).",
        )
        create.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=TokenScope.READ.value,
            help="read: reads only (default); write: reads and writes.",
        )
        revoke = sub.add_parser("revoke", help="Revoke tokens by their hint or whole key.")
        revoke.add_argument("hint", help="The key's first ten characters, or the whole key.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            self._create(options)
        else:
            self._revoke(options["hint"])

    def _create(self, options: dict[str, Any]) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"No user named {options['username']!r}.") from exc
        days = options["days"] if options["days"] is not None else settings.MUFAKAT_TOKEN_MAX_DAYS
        try:
            _token, key = issue_token(
                user=user, actor=None, name=options["name"], scopes=[options["scope"]], days=days
            )
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(_message(exc)) from exc
        self.stdout.write(key)

    def _revoke(self, hint: str) -> None:
        active = ApiToken.objects.filter(revoked_at__isnull=True)
        if len(hint) > ApiToken.HINT_LENGTH:  # a whole key rather than its hint
            active = active.filter(key_hash=ApiToken.hash_key(hint))
        else:
            active = active.filter(hint=hint)
        tokens = list(active)
        if not tokens:
            raise CommandError(f"No active token with hint {hint!r}.")
        for token in tokens:
            revoke_token(token=token, actor=None)
        self.stdout.write(f"Revoked {len(tokens)} token(s).")
