"""The knowledge digest: one e-mail per user with the new items they follow and may see.

Decisions (documented in docs/knowledge.md):

- *New items only*: an item counts once, when it is published (``published_at`` in the window
  ``(since, until]``); later edits do not send it again — a digest is news, not a change log.
- An item matches a follow of a *crime area* when it is tagged with it; of a *body* when its
  source meeting is a meeting of that body (not of its sub-bodies: follow those, or the crime
  area, to hear about them); of a *sharing group* when it is shared with that group.
- Every item passes the gate for the recipient (``visible_to``): following a crime area never
  reveals an item shared with a group one is not in.
- The first digest covers the last ``MUFAKAT_DIGEST_FIRST_DAYS`` days (default 7); each next one
  starts where the previous one ended (:class:`DigestDelivery.covered_until`), so a run repeated
  with the same ``now`` — or a second worker — sends nothing twice.
- An AMBER or RED item is listed with its title and link only: its summary stays behind login.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django_tasks import task

from mufakat.accounts.models import User
from mufakat.core.audience import TLP
from mufakat.core.visibility import user_sharing_group_ids
from mufakat.library.models import DigestDelivery, Follow, KnowledgeItem

logger = logging.getLogger(__name__)

DEFAULT_FIRST_DAYS = 7
#: A digest run covers items up to a little before "now": an item whose transaction started
#: earlier (so ``published_at`` is earlier) but commits after the run would otherwise be skipped.
SETTLE_TIME = dt.timedelta(minutes=5)
#: Labels whose items may show their summary in a mail (TLP 2.0: may travel beyond the
#: recipient's own organisation). AMBER, AMBER+STRICT and RED show title and link only.
SUMMARY_LABELS = frozenset({TLP.CLEAR, TLP.GREEN})


def first_digest_days() -> int:
    return int(getattr(settings, "MUFAKAT_DIGEST_FIRST_DAYS", DEFAULT_FIRST_DAYS))


def site_url() -> str:
    return str(getattr(settings, "MUFAKAT_SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def _follow_condition(user: Any) -> Q | None:
    """Items matching any of the user's follows (``None`` when they follow nothing usable)."""
    crime_areas: list[int] = []
    bodies: list[int] = []
    groups: list[int] = []
    for crime_area_id, body_id, group_id in Follow.objects.filter(user=user).values_list(
        "crime_area_id", "body_id", "sharing_group_id"
    ):
        if crime_area_id:
            crime_areas.append(crime_area_id)
        if body_id:
            bodies.append(body_id)
        if group_id:
            groups.append(group_id)
    condition = Q()
    if crime_areas:
        condition |= Q(pk__in=_through("crime_areas", crime_areas))
    if bodies:
        condition |= Q(meeting__body_id__in=bodies)
    if groups:
        # Only groups the user (still) belongs to: leaving a group ends its follow's effect.
        mine = user_sharing_group_ids(user).filter(pk__in=groups)
        condition |= Q(pk__in=_through("sharing_groups", mine))
    return condition if condition.children else None


def _through(field_name: str, targets: Any) -> Any:
    """Ids of items whose many-to-many ``field_name`` points at any of ``targets``."""
    field = KnowledgeItem._meta.get_field(field_name)
    through = field.remote_field.through  # type: ignore[union-attr]
    source = field.m2m_field_name()  # type: ignore[union-attr]
    target = field.m2m_reverse_field_name()  # type: ignore[union-attr]
    return through.objects.filter(**{f"{target}__in": targets}).values(source)


def items_for_digest(*, user: Any, since: dt.datetime, until: dt.datetime) -> list[KnowledgeItem]:
    """Items published in ``(since, until]`` that match the user's follows and that they may
    open, oldest first."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    condition = _follow_condition(user)
    if condition is None:
        return []
    return list(
        KnowledgeItem.objects.visible_to(user)
        .filter(condition, published_at__gt=since, published_at__lte=until)
        .select_related("owner_party")
        .order_by("published_at", "pk")
    )


def default_cutoff() -> dt.datetime:
    """Up to when a periodic run covers items: now, less the time late commits may take."""
    return timezone.now() - SETTLE_TIME


def digest_start(user: Any, now: dt.datetime) -> dt.datetime:
    """Where the user's next digest starts: the end of the last one, or N days ago."""
    last = (
        DigestDelivery.objects.filter(user=user)
        .order_by("-covered_until")
        .values_list("covered_until", flat=True)
        .first()
    )
    return last if last is not None else now - dt.timedelta(days=first_digest_days())


def recipients() -> Any:
    """Active users with an address who follow something."""
    return (
        User.objects.filter(is_active=True, pk__in=Follow.objects.values("user_id"))
        .exclude(email="")
        .order_by("pk")
    )


def _entry(item: KnowledgeItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "kind": item.get_kind_display(),
        "party": item.owner_party.name if item.owner_party else "",
        "party_code": item.owner_party.code if item.owner_party else "",
        "date": item.published_at,
        "tlp": item.get_tlp_display(),
        "summary": item.summary if item.tlp in SUMMARY_LABELS else "",
        "url": site_url() + item.get_absolute_url(),
    }


def render_digest(user: Any, items: list[KnowledgeItem]) -> EmailMultiAlternatives:
    """The mail for ``user``: plain text with an HTML alternative, from the same context."""
    context = {
        "name": user.get_full_name() or user.username,
        "entries": [_entry(item) for item in items],
        "follows_url": site_url() + reverse("library:follows"),
        "site_url": site_url(),
    }
    subject = ngettext(
        "Mufakat: %(count)d new knowledge item",
        "Mufakat: %(count)d new knowledge items",
        len(items),
    ) % {"count": len(items)}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("library/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(render_to_string("library/email/digest.html", context), "text/html")
    return message


def send_digest(user: Any, now: dt.datetime) -> bool:
    """Send one user's digest up to ``now`` if it has news; record what it covered."""
    with transaction.atomic():
        # Serialise concurrent runs for this user (PostgreSQL row lock; SQLite writes are
        # serialised anyway), then re-read where the last digest ended.
        locked = User.objects.select_for_update().filter(pk=user.pk).first()
        if locked is None:
            return False
        since = digest_start(locked, now)
        if since >= now:
            return False
        items = items_for_digest(user=locked, since=since, until=now)
        if not items:
            return False
        message = render_digest(locked, items)
        DigestDelivery.objects.create(user=locked, covered_until=now, item_count=len(items))
        # Sent last: if the mail server refuses, the delivery row rolls back and the next run
        # retries the same window.
        message.send(fail_silently=False)
    return True


def send_digests(now: dt.datetime) -> int:
    """Send every due digest up to ``now``; returns how many mails went out (idempotent)."""
    sent = 0
    for user in recipients():
        try:
            sent += send_digest(user, now)
        except Exception:  # one broken address must not stop everyone else's digest
            logger.exception("Digest to user %s failed", user.pk)
    return sent


@task()
def send_digests_task(now: str | None = None) -> int:
    """The periodic job: send digests up to ``now`` (ISO datetime; default: a few minutes ago,
    see :data:`SETTLE_TIME`)."""
    moment = dt.datetime.fromisoformat(now) if now else default_cutoff()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return send_digests(moment)
