"""Follows: what a user wants to hear about in the knowledge digest.

A user may follow any crime area and any body, but only a sharing group they belong to
(themselves or through their party) — following a group must not become a way to learn that
it exists or to receive what is shared with it. The digest applies the gate anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from mufakat.audit.services import record, snapshot
from mufakat.core.models import SharingGroup
from mufakat.core.visibility import user_sharing_group_ids
from mufakat.library.models import Follow
from mufakat.registry.models import Body, CrimeArea

TARGETS = ("crime_area", "body", "sharing_group")
NOT_YOUR_GROUP = _lazy("You can follow only a sharing group you belong to.")


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def groups_of(*, user: Any) -> QuerySet[SharingGroup]:
    """The sharing groups ``user`` belongs to — the only ones they may follow."""
    if not _signed_in(user):
        return SharingGroup.objects.none()
    return SharingGroup.objects.filter(pk__in=user_sharing_group_ids(user))


def follows_of(*, user: Any) -> QuerySet[Follow]:
    """What ``user`` follows, with the followed records, oldest first."""
    if not _signed_in(user):
        return Follow.objects.none()
    return Follow.objects.filter(user=user).select_related("crime_area", "body", "sharing_group")


def get_follow(*, user: Any, pk: int) -> Follow:
    """One of the user's own follows; anybody else's is 'not found'."""
    found = follows_of(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class Followed:
    """The ids a user follows, per kind — what the Follow buttons need, in one query."""

    crime_area: dict[int, int]
    body: dict[int, int]
    sharing_group: dict[int, int]

    def follow_id(self, target: Any) -> int | None:
        """The id of the follow of ``target`` (a crime area, body or group), if any."""
        kind = target_kind(target)
        return getattr(self, kind).get(target.pk) if kind else None


#: The statement of :func:`followed` by database alias: it depends on nothing but the user's
#: id, bound as its one parameter, so it is compiled once per process and not per request.
_FOLLOWED_SQL: dict[str, str] = {}


def _followed_sql(using: str) -> str:
    sql = _FOLLOWED_SQL.get(using)
    if sql is None:
        query = (
            Follow.objects.filter(user_id=0)
            .order_by()
            .values_list("pk", "crime_area_id", "body_id", "sharing_group_id")
            .query
        )
        sql, params = query.get_compiler(using=using).as_sql()
        assert tuple(params) == (0,), "the statement takes the user's id alone"
        _FOLLOWED_SQL[using] = sql
    return sql


def followed(*, user: Any) -> Followed:
    """The user's follows by kind, in one statement compiled once per process (the user's id
    is its parameter, so a new or removed follow shows at the next read)."""
    rows: dict[str, dict[int, int]] = {name: {} for name in TARGETS}
    if not _signed_in(user):
        return Followed(**rows)
    using = router.db_for_read(Follow)
    with connections[using].cursor() as cursor:
        cursor.execute(_followed_sql(using), (user.pk,))
        found = cursor.fetchall()
    for pk, crime_area_id, body_id, group_id in found:
        for name, target_id in zip(TARGETS, (crime_area_id, body_id, group_id), strict=True):
            if target_id is not None:
                rows[name][target_id] = pk
    return Followed(**rows)


def target_kind(target: Any) -> str | None:
    if isinstance(target, CrimeArea):
        return "crime_area"
    if isinstance(target, Body):
        return "body"
    if isinstance(target, SharingGroup):
        return "sharing_group"
    return None


def follow(
    *,
    user: Any,
    crime_area: CrimeArea | None = None,
    body: Body | None = None,
    sharing_group: SharingGroup | None = None,
) -> Follow:
    """Follow exactly one crime area, body or (own) sharing group; following twice is a no-op."""
    if not _signed_in(user):
        raise PermissionDenied(_("Sign in to follow."))
    given = {
        name: value
        for name, value in zip(TARGETS, (crime_area, body, sharing_group), strict=True)
        if value is not None
    }
    if len(given) != 1:
        raise ValidationError(_("Follow exactly one crime area, body or sharing group."))
    ((name, target),) = given.items()
    if name == "sharing_group" and not groups_of(user=user).filter(pk=target.pk).exists():
        raise ValidationError({"sharing_group": NOT_YOUR_GROUP})
    existing = Follow.objects.filter(user=user, **{name: target}).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            created = Follow.objects.create(user=user, **{name: target})
            record(
                actor=user,
                action="follow.create",
                obj=created,
                after=snapshot(created),
            )
    except IntegrityError:  # the same follow saved concurrently
        return Follow.objects.get(user=user, **{name: target})
    return created


def unfollow(*, user: Any, follow: Follow) -> None:
    """Stop following; only one's own follows can be removed."""
    if not _signed_in(user) or follow.user_id != user.pk:
        raise Http404
    with transaction.atomic():
        record(
            actor=user,
            action="follow.delete",
            obj=follow,
            before=snapshot(follow),
        )
        follow.delete()
