"""Calendar subscription tokens: made, listed, revoked by their owner, and checked on each feed.

A calendar program cannot sign in, so a subscription address carries a secret key. The key is
made and hashed as an API token's (:func:`mufakat.accounts.models.new_secret`,
:func:`~mufakat.accounts.models.hash_secret`), but it is a different kind of key in a different
table: it opens the meeting feeds and nothing else (an API call or a page does not know it).

A request with a key reads as the key's owner as they are at that moment (the user row is read
with the token), so a change of party, group or account applies at the next request; a
revoked, expired or unknown key, or the key of a deactivated account, is simply "not found".
Making and revoking are audited; each use notes ``last_used_at`` (to the minute) and counts
against a rate limit per key (``MUFAKAT_CALENDAR_RATE``, default 120 per hour: calendar
programs poll every few minutes to every day, for a few feeds).
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.models import hash_secret, new_secret
from mufakat.accounts.permissions import can_revoke_token_of
from mufakat.accounts.rate_limits import count_request
from mufakat.audit.services import record
from mufakat.meetings.models import CalendarToken

#: How precisely a key's last use is kept (as for API tokens): not a write on every poll.
LAST_USED_PRECISION = timedelta(minutes=1)
DEFAULT_DAYS = 365
DEFAULT_RATE = "120/hour"
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(s|sec|second|m|min|minute|h|hour|d|day)s?\s*$", re.I)
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def token_days() -> int:
    """How long a new key lives (``MUFAKAT_CALENDAR_TOKEN_DAYS``, default a year)."""
    return int(getattr(settings, "MUFAKAT_CALENDAR_TOKEN_DAYS", DEFAULT_DAYS))


def _facts(token: CalendarToken) -> dict[str, Any]:
    return {
        "user": token.user_id,
        "name": token.name,
        "hint": token.hint,
        "expires_at": token.expires_at.isoformat(),
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


# -- reads -------------------------------------------------------------------------------------


def tokens_of(*, user: Any) -> QuerySet[CalendarToken]:
    """The user's own keys, newest first (revoked and expired ones too, marked as such)."""
    if not _signed_in(user):
        return CalendarToken.objects.none()
    return CalendarToken.objects.filter(user_id=user.pk)


def usable_token(key: str) -> CalendarToken | None:
    """The live key with this value, its owner read with it (and its use noted), or ``None``."""
    if not key.startswith(CalendarToken.PREFIX):
        return None
    token = CalendarToken.objects.select_related("user").filter(key_hash=hash_secret(key)).first()
    if token is None or not token.is_usable:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        CalendarToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_or_404(key: str) -> CalendarToken:
    """The live key of a subscription address (its owner is the reader); else "not found"."""
    token = usable_token(key)
    if token is None:
        raise Http404
    return token


@dataclass(frozen=True)
class RateVerdict:
    allowed: bool
    retry_after: int | None = None


def parse_rate(rate: str) -> tuple[int, int] | None:
    """``"120/hour"`` → (120, 3600); empty → no limit."""
    found = _RATE.match(rate or "")
    if not found:
        return None
    return int(found.group(1)), _SECONDS[found.group(2)[0].lower()]


def count_use(token: CalendarToken) -> RateVerdict:
    """Count one feed request of ``token`` against ``MUFAKAT_CALENDAR_RATE``."""
    limit = parse_rate(str(getattr(settings, "MUFAKAT_CALENDAR_RATE", DEFAULT_RATE)))
    if limit is None:
        return RateVerdict(True)
    verdict = count_request(f"calendar_token_{token.pk}", limit[0], limit[1], time.time())
    wait = math.ceil(verdict.retry_after) if verdict.retry_after else None
    return RateVerdict(verdict.allowed, wait)


# -- writes ------------------------------------------------------------------------------------


@transaction.atomic
def issue_token(*, actor: Any, name: str = "") -> tuple[CalendarToken, str]:
    """A new key for ``actor`` themself; returns it with its clear value, shown only once."""
    if not _signed_in(actor):
        raise PermissionDenied(_("Sign in to subscribe to your calendar."))
    key = new_secret(CalendarToken.PREFIX)
    token = CalendarToken.objects.create(
        user=actor,
        name=name.strip()[:100],
        key_hash=hash_secret(key),
        hint=key[: CalendarToken.HINT_LENGTH],
        expires_at=timezone.now() + timedelta(days=token_days()),
    )
    record(actor=actor, action="calendartoken.issue", obj=token, after=_facts(token))
    return token, key


@transaction.atomic
def revoke_token(*, actor: Any, pk: int) -> CalendarToken:
    """Stop a key at once: one's own, or anybody's for staff who administer accounts (as for
    API tokens); to anyone else a key is "not found". Revoking a revoked key changes and
    records nothing."""
    token = CalendarToken.objects.select_for_update().select_related("user").filter(pk=pk).first()
    if token is None or not can_revoke_token_of(actor, token.user):
        raise Http404
    if token.revoked_at is not None:
        return token
    before = _facts(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        actor=actor, action="calendartoken.revoke", obj=token, before=before, after=_facts(token)
    )
    return token
