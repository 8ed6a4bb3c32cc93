"""The one visibility gate.

Every read of a restricted record — page, list, API, search, export, count — goes through
``Model.objects.visible_to(user)``. The filter is built from subqueries only, so it costs no
extra query and composes with any other filter or aggregate.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Self

from django.apps import apps
from django.db import models
from django.db.models import BooleanField, Exists, Expression, F, OuterRef, Q

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


class VisibleQuerySet(models.QuerySet):
    """QuerySet with the gate.

    A model with an ``audience`` field is filtered on it; every path in its
    ``visibility_parents`` (e.g. ``("meeting",)`` or ``("priority_area__instrument",)``) must
    lead to a visible record too — children inherit, and the most restrictive wins.
    """

    def visible_to(self, user: User | AnonymousUser | None) -> Self:
        """The records ``user`` may read. The condition is compiled once per reader, model and
        day (:class:`Gate`), so a page of many queries does not rebuild its subqueries each time."""
        return self.filter(Gate(self.model, user))

    def gate_q(self, user: User | AnonymousUser | None) -> Q:
        """The gate's definition: a condition on the model's own columns and subqueries only
        (no joins), so its compiled SQL can be spliced into any query of the model."""
        q = Q()
        if any(f.name == "audience" for f in self.model._meta.concrete_fields):
            q &= audience_q(self.model, user)
        for path in getattr(self.model, "visibility_parents", ()):
            q &= _parent_visible_q(self.model, path.split("__"), user)
        return q


def _parent_visible_q(model: type[models.Model], steps: list[str], user: Any) -> Q:
    """``steps[0]`` leads to a row whose remaining path leads to a visible record — as nested
    ``IN`` subqueries rather than joins. A null step counts as visible (nothing to inherit)."""
    field = model._meta.get_field(steps[0])
    related = field.related_model
    assert related is not None and not isinstance(related, str)
    rows: Any = related._default_manager.all()
    if len(steps) == 1:
        allowed = rows.filter(rows.gate_q(user))
    else:
        allowed = rows.filter(_parent_visible_q(related, steps[1:], user))
    condition = Q(**{f"{steps[0]}__in": allowed.values("pk")})
    if getattr(field, "null", False):
        condition |= Q(**{f"{steps[0]}__isnull": True})
    return condition


#: Compiled gate conditions (SQL with the gated table as a placeholder, and parameters), by
#: everything the SQL captures from Python (see :func:`gate_key`). Memberships, sharing groups
#: and named people stay subqueries evaluated by the database on every query, so a cached
#: statement never outlives a change of access; a change of the reader's party or agency, of
#: whether they may sign in, or of the day makes a new key.
_COMPILED: OrderedDict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = OrderedDict()
_COMPILED_SIZE = 1024
_TABLE = "\x00gated\x00"


def gate_key(model: type[models.Model], user: Any, using: str) -> tuple[Any, ...]:
    signed_in = bool(user is not None and user.is_authenticated and user.is_active)
    return (
        using,
        model._meta.label,
        signed_in,
        getattr(user, "pk", None) if signed_in else None,
        getattr(user, "party_id", None) if signed_in else None,
        getattr(user, "agency_id", None) if signed_in else None,
        dt.date.today(),  # membership of the "member states" audience is dated
    )


def _compiled_gate(
    model: type[models.Model], user: Any, connection: Any
) -> tuple[str, tuple[Any, ...]]:
    key = gate_key(model, user, connection.alias)
    compiled = _COMPILED.get(key)
    if compiled is not None:
        _COMPILED.move_to_end(key)
        return compiled
    manager = model._default_manager
    query = manager.all().order_by().filter(manager.all().gate_q(user)).query  # type: ignore[attr-defined]
    compiler = query.get_compiler(connection=connection)
    if query.where:
        sql, params = compiler.compile(query.where)
    else:
        sql, params = "1 = 1", []
    joined = [a for a, n in query.alias_refcount.items() if n and a != query.base_table]
    assert not joined, f"the gate of {model._meta.label} must not join ({joined})"
    table = compiler.quote_name_unless_alias(model._meta.db_table)
    compiled = (sql.replace(f"{table}.", _TABLE), tuple(params))
    _COMPILED[key] = compiled
    if len(_COMPILED) > _COMPILED_SIZE:
        _COMPILED.popitem(last=False)
    return compiled


class Gate(Expression):
    """``WHERE`` condition: the row of ``model`` is readable by ``user``.

    Compiled once per :func:`gate_key` and spliced in under whatever alias the model's table
    has in the query at hand (a subquery, a join), which Django keeps up to date through the
    primary-key column this expression wraps.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, model: type[models.Model], user: Any, pk: Any = None) -> None:
        super().__init__()
        self.model = model
        self.user = user
        self.pk = pk if pk is not None else F("pk")

    def __repr__(self) -> str:
        return f"Gate({self.model._meta.label}, {getattr(self.user, 'pk', None)!r})"

    @property
    def identity(self) -> tuple[Any, ...]:
        return (type(self), self.model._meta.label, id(self.user), self.pk)

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, exprs: Any) -> None:
        (self.pk,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        sql, params = _compiled_gate(self.model, self.user, connection)
        alias = getattr(self.pk, "alias", None)
        assert alias is not None, "Gate is resolved against the model's primary key"
        return f"({sql.replace(_TABLE, compiler.quote_name_unless_alias(alias) + '.')})", params


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
