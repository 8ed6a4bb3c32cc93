"""The one visibility gate.

Every read of a restricted record — page, list, API, search, export, count — goes through
``Model.objects.visible_to(user)``. The filter is built from subqueries only, so it costs no
extra query and composes with any other filter or aggregate.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Self

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q

from mufakat.core.audience import Audience

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mufakat.accounts.models import User


def _m2m_subquery(model: type[models.Model], field_name: str, targets: Any) -> Any:
    """Primary keys of ``model`` rows whose M2M ``field_name`` points at any of ``targets``."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through  # type: ignore[union-attr]
    source = field.m2m_field_name()  # type: ignore[union-attr]
    target = field.m2m_reverse_field_name()  # type: ignore[union-attr]
    return through.objects.filter(**{f"{target}__in": targets}).values(source)


def member_side_party_ids(on: dt.date | None = None) -> Any:
    """Parties that count as 'member states' for the audience of that name: current members
    and ASEAN's own organs (ASEAN, the Secretariat)."""
    from mufakat.registry.models import Party, PartyMembership

    on = on or dt.date.today()
    current = PartyMembership.objects.filter(
        party=OuterRef("pk"), status=PartyMembership.Status.MEMBER, start_date__lte=on
    ).filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
    return Party.objects.filter(Q(is_asean_organ=True) | Exists(current)).values("pk")


def user_sharing_group_ids(user: User) -> Any:
    from mufakat.core.models import SharingGroup

    return SharingGroup.objects.filter(Q(users=user) | Q(parties=user.party_id)).values("pk")


def audience_q(model: type[models.Model], user: User | AnonymousUser | None) -> Q:
    """The condition under which ``user`` may read a row of ``model`` (own fields only)."""
    q = Q(audience=Audience.PUBLIC)
    if user is None or not user.is_authenticated or not user.is_active:
        return q
    q |= Q(audience=Audience.PLATFORM)
    q |= Q(audience=Audience.NAMED, pk__in=_m2m_subquery(model, "named_users", [user.pk]))
    party_id = getattr(user, "party_id", None)
    if party_id:
        q |= Q(audience=Audience.MEMBER_STATES) & Q(
            Exists(member_side_party_ids().filter(pk=party_id))
        )
        q |= Q(audience=Audience.ORGANISATION, owner_party_id=party_id) & (
            Q(owner_agency__isnull=True) | Q(owner_agency_id=getattr(user, "agency_id", None))
        )
    q |= Q(
        audience=Audience.SHARING_GROUP,
        pk__in=_m2m_subquery(model, "sharing_groups", user_sharing_group_ids(user)),
    )
    return q


def _related_model(model: type[models.Model], path: str) -> tuple[type[models.Model], bool]:
    """Follow ``a__b`` foreign keys from ``model``; also say whether any step may be null."""
    nullable = False
    for name in path.split("__"):
        field = model._meta.get_field(name)
        nullable = nullable or bool(getattr(field, "null", False))
        related = field.related_model
        assert related is not None and not isinstance(related, str)
        model = related
    return model, nullable


class VisibleQuerySet(models.QuerySet):
    """QuerySet with the gate.

    A model with an ``audience`` field is filtered on it; every path in its
    ``visibility_parents`` (e.g. ``("meeting",)`` or ``("priority_area__instrument",)``) must
    lead to a visible record too — children inherit, and the most restrictive wins.
    """

    def visible_to(self, user: User | AnonymousUser | None) -> Self:
        qs = self
        if any(f.name == "audience" for f in self.model._meta.concrete_fields):
            qs = qs.filter(audience_q(self.model, user))
        for path in getattr(self.model, "visibility_parents", ()):
            parent_model, nullable = _related_model(self.model, path)
            visible_parents = parent_model._default_manager.visible_to(user).values("pk")  # type: ignore[attr-defined]
            condition = Q(**{f"{path}__in": visible_parents})
            if nullable:
                condition |= Q(**{f"{path}__isnull": True})
            qs = qs.filter(condition)
        return qs


def visible_or_none(model: type[models.Model], user: Any, **lookup: Any) -> Any:
    """Fetch one visible object or ``None`` — callers answer 404 for both 'absent' and 'hidden'."""
    manager = apps.get_model(model._meta.label)._default_manager
    return manager.visible_to(user).filter(**lookup).first()


def knowable_sharing_groups(user: Any) -> Any:
    """Groups whose very existence ``user`` may know of (DESIGN.md §3).

    A confidential group is itself secret: only its members (personally or through their party)
    and registry editors know it. Everyone may know the other groups.
    """
    from mufakat.accounts.permissions import can_edit_registry
    from mufakat.core.models import SharingGroup

    if can_edit_registry(user):
        return SharingGroup.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return SharingGroup.objects.filter(confidential=False)
    return SharingGroup.objects.filter(
        Q(confidential=False) | Q(pk__in=user_sharing_group_ids(user))
    )
