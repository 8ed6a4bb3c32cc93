"""People: every user belongs to a party and optionally one of its agencies, and has a role.

Roles grant actions; what a user may *see* is decided by the audience gate, not by the role.
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    FOCAL_POINT = "focal_point", _("National focal point")
    PARTNER_FOCAL_POINT = "partner_focal_point", _("Partner focal point")
    CHAIR = "chair", _("Chair / lead shepherd")
    READER = "reader", _("Reader")
    AUDITOR = "auditor", _("Auditor")
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")


class User(AbstractUser):
    party = models.ForeignKey(
        "registry.Party",
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices, default=Role.READER)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class TokenScope(models.TextChoices):
    """What a token may do, within its user's own rights: ``write`` includes ``read``."""

    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


def read_only_scopes() -> list[str]:
    return [TokenScope.READ.value]


def hash_secret(key: str) -> str:
    """What a token table stores of a secret key: its SHA-256, never the key itself."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_secret(prefix: str) -> str:
    """A fresh secret key (256 random bits), its kind told by ``prefix``."""
    return prefix + secrets.token_urlsafe(32)


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the clear value is shown once.

    Issue and revoke tokens with :mod:`mufakat.accounts.tokens`, which checks the lifetime, the
    scopes and the second factor, and audits; :meth:`issue` only creates the row.
    """

    PREFIX = "mfk_"
    HINT_LENGTH = 10

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text=_("First characters, to recognise the token."))
    scopes = models.JSONField(
        default=read_only_scopes,
        help_text=_('"read": reads only; "read" and "write": the user\'s own rights.'),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.hint}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hash_secret(key)

    @classmethod
    def issue(
        cls,
        user: User,
        *,
        name: str = "",
        days: int = 90,
        scopes: list[str] | None = None,
    ) -> tuple["ApiToken", str]:
        """Create the row (read-write unless ``scopes`` says otherwise) and return the clear key."""
        key = new_secret(cls.PREFIX)
        token = cls.objects.create(
            user=user,
            name=name,
            key_hash=cls.hash_key(key),
            hint=key[: cls.HINT_LENGTH],
            scopes=list(scopes)
            if scopes is not None
            else [TokenScope.READ.value, TokenScope.WRITE.value],
            expires_at=timezone.now() + timedelta(days=days),
        )
        return token, key

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now() and self.user.is_active

    @property
    def can_write(self) -> bool:
        """Only a token with the ``write`` scope may change anything."""
        return TokenScope.WRITE in (self.scopes or [])


class RateCounter(models.Model):
    """One caller's API requests in the current and the previous window of its rate limit.

    Counted by :mod:`mufakat.accounts.rate_limits` in one atomic statement per request, so the
    limit holds across all workers without a read-then-write race.
    """

    caller = models.CharField(max_length=200, primary_key=True)
    window_index = models.BigIntegerField(help_text="The current window: Unix time // duration.")
    hits = models.IntegerField(help_text="Requests allowed in the current window.")
    previous_hits = models.IntegerField(help_text="Requests allowed in the window before.")
    expires = models.BigIntegerField(
        db_index=True, help_text="When the row says nothing any more (Unix seconds)."
    )

    def __str__(self) -> str:
        return f"{self.caller}: {self.hits}"
