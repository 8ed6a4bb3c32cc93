"""Reads of sharing groups (DESIGN.md §3: the named audiences items can be shared with).

A group is a registry record, but a *confidential* one is itself secret: only its members and
the Secretariat know it exists. Everyone else gets the public groups; the people in a group
(its named users) are shown only to members and the Secretariat, whatever the group.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Exists, OuterRef, Prefetch, QuerySet, Value
from django.http import Http404
from django.utils.translation import gettext as _

from mufakat.accounts.models import User
from mufakat.core.models import SharingGroup
from mufakat.core.visibility import knowable_sharing_groups, user_sharing_group_ids
from mufakat.registry.models import Party
from mufakat.registry.permissions import can_edit_registry


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def sharing_groups(*, user: Any) -> QuerySet[SharingGroup]:
    """The groups ``user`` may know of, each annotated with ``is_member``.

    Membership mirrors the gate (``core.visibility.user_sharing_group_ids``): through the
    user's party or personally.
    """
    groups = SharingGroup.objects.all()
    if _signed_in(user):
        groups = groups.annotate(
            is_member=Exists(user_sharing_group_ids(user).filter(pk=OuterRef("pk")))
        )
    else:
        groups = groups.annotate(is_member=Value(False, output_field=BooleanField()))
    groups = groups.filter(pk__in=knowable_sharing_groups(user).values("pk"))
    return groups.prefetch_related(
        Prefetch("parties", queryset=Party.objects.order_by("name")),
        Prefetch("users", queryset=User.objects.select_related("party").order_by("username")),
    ).order_by("name")


def get_sharing_group(*, user: Any, code: str) -> SharingGroup:
    """One group by code; 404 when unknown *or* confidential and ``user`` is not in it."""
    group = sharing_groups(user=user).filter(code=code).first()
    if group is None:
        raise Http404(_("No sharing group with this code."))
    return group


def can_see_members(user: Any, group: SharingGroup) -> bool:
    """Named people of a group are shown to its members and the Secretariat only."""
    return can_edit_registry(user) or bool(getattr(group, "is_member", False))


def group_detail(*, user: Any, code: str) -> dict[str, Any]:
    """Everything the group page shows; people only when ``user`` may see them."""
    group = get_sharing_group(user=user, code=code)
    show_people = can_see_members(user, group)
    return {
        "group": group,
        "parties": list(group.parties.all()),
        "people": list(group.users.all()) if show_people else [],
        "show_people": show_people,
    }
