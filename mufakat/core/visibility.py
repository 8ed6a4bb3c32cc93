"""The one visibility gate.

Every read of a restricted record — page, list, API, search, export, count — goes through
``Model.objects.visible_to(user)``. The filter is built from subqueries only, so it costs no
extra query and composes with any other filter or aggregate.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from django.apps import apps
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, models, router
from django.db.models import (
    BooleanField,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
)
from django.db.models.expressions import RawSQL

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


@dataclass(frozen=True)
class ReaderContext:
    """What the gate needs to know about a signed-in reader beyond who they are: whether their
    party counts among the member states today, and the sharing groups they are in (personally
    or through their party). Read from the database once per request (:func:`reader_context`)."""

    member_side: bool
    group_ids: tuple[int, ...]


#: The contexts read during the current request, by reader; ``None`` outside a request.
_REQUEST_CONTEXTS: ContextVar[dict[tuple[Any, ...], ReaderContext] | None] = ContextVar(
    "mufakat_reader_contexts", default=None
)


class ReaderContextMiddleware:
    """Reads each reader's context once per request: the gated statements of a page then name
    the reader's groups instead of asking the database for them in every query. The next
    request reads them again, so an access change applies to it at once."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        token = _REQUEST_CONTEXTS.set({})
        try:
            return self.get_response(request)
        finally:
            _REQUEST_CONTEXTS.reset(token)


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def reader_context(user: Any) -> ReaderContext | None:
    """The reader's context during a request, read with one query the first time; ``None``
    outside a request (commands, tasks), where the gate asks the database every time."""
    if getattr(user, "pk", None) == READER_MARK:  # compiling for the reader's class
        shared = _SHARED_CONTEXT.get()
        return shared[0] if shared else None
    contexts = _REQUEST_CONTEXTS.get()
    if contexts is None or not _signed_in(user):
        return None
    key = (user.pk, getattr(user, "party_id", None))
    context = contexts.get(key)
    if context is None:
        context = contexts[key] = _read_context(user)
    return context


def _read_context(user: Any) -> ReaderContext:
    from mufakat.core.models import SharingGroup

    using = router.db_for_read(SharingGroup)
    key = ("reader context", using, user.pk, getattr(user, "party_id", None), dt.date.today())
    compiled = _COMPILED.get(key)
    if compiled is None:
        query = _context_rows(user).query
        sql, params = query.get_compiler(using=using).as_sql()
        compiled = _remember(key, (sql, tuple(params)))
    with connections[using].cursor() as cursor:
        cursor.execute(*compiled)
        ids = {row[0] for row in cursor.fetchall()}
    return ReaderContext(
        member_side=_MEMBER_SIDE in ids, group_ids=tuple(sorted(ids - {_MEMBER_SIDE}))
    )


def _context_rows(user: Any) -> Any:
    """One statement: the reader's sharing groups, and ``_MEMBER_SIDE`` if their party counts
    among the member states today."""
    from mufakat.registry.models import Party

    rows = user_sharing_group_ids(user).order_by().values_list("pk")
    party_id = getattr(user, "party_id", None)
    if party_id:
        member_side = (
            Party.objects.order_by()
            .filter(pk=party_id, pk__in=member_side_party_ids())
            .annotate(marker=Value(_MEMBER_SIDE, output_field=IntegerField()))
            .values_list("marker")
        )
        rows = rows.union(member_side)
    return rows


_MEMBER_SIDE = -1  # no sharing group has this id


def audience_q(model: type[models.Model], user: User | AnonymousUser | None) -> Q:
    """The condition under which ``user`` may read a row of ``model`` (own fields only)."""
    q = Q(audience=Audience.PUBLIC)
    if not _signed_in(user):
        return q
    assert user is not None
    context = reader_context(user)
    q |= Q(audience=Audience.PLATFORM)
    q |= Q(audience=Audience.NAMED, pk__in=_m2m_subquery(model, "named_users", [user.pk]))
    party_id = getattr(user, "party_id", None)
    if party_id:
        if context is None:
            q |= Q(audience=Audience.MEMBER_STATES) & Q(
                Exists(member_side_party_ids().filter(pk=party_id))
            )
        elif context.member_side:
            q |= Q(audience=Audience.MEMBER_STATES)
        q |= Q(audience=Audience.ORGANISATION, owner_party_id=party_id) & (
            Q(owner_agency__isnull=True) | Q(owner_agency_id=getattr(user, "agency_id", None))
        )
    if context is None:
        groups: Any = user_sharing_group_ids(user)  # type: ignore[arg-type]
    else:
        groups = list(context.group_ids)
    if groups != []:
        q |= Q(
            audience=Audience.SHARING_GROUP,
            pk__in=_m2m_subquery(model, "sharing_groups", groups),
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


#: Compiled gate conditions and reads (SQL, parameters, and where the reader's id goes), by
#: everything the SQL captures from Python (see :func:`reader_class`). Named people stay a
#: subquery evaluated on every query, with the reader's id bound as a parameter; memberships and
#: sharing groups too, outside a request; within one, the reader's context read at its start is
#: part of the key. So a cached statement never outlives a change of access: a change of the
#: reader's party, agency, role, groups or membership, of whether they may sign in, or of the day
#: makes a new key — and the readers of one class share the statement.
_COMPILED: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_COMPILED_SIZE = 1024
_COMPILED_LOCK = threading.Lock()  # threaded servers: reordering and eviction are not atomic
_TABLE = "\x00gated\x00"


def gate_key(model: type[models.Model], user: Any, using: str) -> tuple[Any, ...]:
    """Everything the compiled gate of ``model`` captures from Python for this reader, their id
    included (for statements that bind the id in place, as search's do)."""
    signed_in = _signed_in(user)
    return (
        using,
        model._meta.label,
        signed_in,
        getattr(user, "pk", None) if signed_in else None,
        getattr(user, "party_id", None) if signed_in else None,
        getattr(user, "agency_id", None) if signed_in else None,
        reader_context(user),
        dt.date.today(),  # membership of the "member states" audience is dated
    )


def reader_class(user: Any) -> tuple[Any, ...]:
    """What a statement shared by several readers may capture from Python: everything about the
    reader the gate and the pages' reads look at, except their id (a parameter).

    Readers of one party and agency, with the same role, staff flags and sharing groups (and
    membership of the "member states" on the day) read with the same compiled statements."""
    today = dt.date.today()  # membership of the "member states" audience is dated
    if not _signed_in(user):
        return (False, today)
    return (
        True,
        getattr(user, "party_id", None),
        getattr(user, "agency_id", None),
        getattr(user, "role", None),
        bool(getattr(user, "is_staff", False)),
        bool(getattr(user, "is_superuser", False)),
        reader_context(user),
        today,
    )


#: Stands for the reader's own id in a statement shared by the readers of one class
#: (:func:`reader_class`); bound to each reader's id when it runs. Within int4, below the values'
#: placeholders (:data:`PLACEHOLDER` and the next ones down).
READER_MARK = -2_147_383_647

#: While a statement is compiled for a class of readers: the context of the reader it is
#: compiled with (whose id then reads :data:`READER_MARK`).
_SHARED_CONTEXT: ContextVar[tuple[ReaderContext | None] | None] = ContextVar(
    "mufakat_shared_context", default=None
)


@contextmanager
def _for_the_class(user: Any) -> Iterator[None]:
    """While a statement is compiled, the reader's id reads :data:`READER_MARK`, so whatever the
    statement takes from it (named people, their own groups, a filter on them) becomes a
    parameter bound to each reader of the class in turn."""
    if not _signed_in(user) or user.pk == READER_MARK:
        yield
        return
    scope = _SHARED_CONTEXT.set((reader_context(user),))
    own = user.pk
    user.pk = READER_MARK
    try:
        yield
    finally:
        user.pk = own
        _SHARED_CONTEXT.reset(scope)


def _names_reader(user: Any, sql: str, params: Any) -> bool:
    """Whether a statement compiled for ``user``'s class still names the reader in person (their
    id, user name or e-mail as a value, as a queryset built on another copy of the reader would):
    it is then kept for them alone. The values of the class itself (their party, agency and
    groups, which a statement names by design) do not count; another coincidence (a constant
    equal to the reader's id) costs sharing, never correctness."""
    if not _signed_in(user):
        return False
    if str(READER_MARK) in sql:
        raise ImproperlyConfigured("The reader's id must be a parameter of the query.")
    own = {user.pk, getattr(user, "username", None) or None, getattr(user, "email", None) or None}
    own -= {None, getattr(user, "party_id", None), getattr(user, "agency_id", None)}
    context = reader_context(user)
    if context is not None:
        own -= set(context.group_ids)
    return any(type(p) in (int, str) and p in own for p in params)


def _reader_slots(params: Any) -> tuple[int, ...]:
    return tuple(i for i, p in enumerate(params) if type(p) is int and p == READER_MARK)


def _bind_reader(params: tuple[Any, ...], slots: tuple[int, ...], user: Any) -> tuple[Any, ...]:
    """``params`` with the reader's id in its ``slots`` (left marked while compiling for the
    class)."""
    if not slots:
        return params
    bound = list(params)
    for slot in slots:
        bound[slot] = user.pk
    return tuple(bound)


def _lookup(shared: tuple[Any, ...], user: Any) -> tuple[Any, tuple[Any, ...]]:
    """The entry kept for ``user``'s class, else the one kept for ``user`` alone (``None`` when
    neither is), and the key under which the reader's own would be kept."""
    own = (*shared, "reader", getattr(user, "pk", None))
    entry = _COMPILED.get(shared)
    key = shared
    if entry is None:
        entry = _COMPILED.get(own)
        key = own
    if entry is not None:
        with _COMPILED_LOCK:
            if key in _COMPILED:
                _COMPILED.move_to_end(key)
    return entry, own


def _compiled_gate(
    model: type[models.Model], user: Any, connection: Any
) -> tuple[str, tuple[Any, ...], tuple[int, ...]]:
    shared = ("gate", connection.alias, model._meta.label, *reader_class(user))
    compiled = _COMPILED.get(shared)
    if compiled is not None:
        with _COMPILED_LOCK:
            if shared in _COMPILED:
                _COMPILED.move_to_end(shared)
        return compiled
    manager = model._default_manager
    with _for_the_class(user):
        query = manager.all().order_by().filter(manager.all().gate_q(user)).query  # type: ignore[attr-defined]
        compiler = query.get_compiler(connection=connection)
        if query.where:
            sql, params = compiler.compile(query.where)
        else:
            sql, params = "1 = 1", []
    joined = [a for a, n in query.alias_refcount.items() if n and a != query.base_table]
    if joined:  # spliced under another alias, a joined table would be read unfiltered
        raise ImproperlyConfigured(f"The gate of {model._meta.label} must not join ({joined}).")
    table = compiler.quote_name_unless_alias(model._meta.db_table)
    if str(READER_MARK) in sql:
        raise ImproperlyConfigured("The reader's id must be a parameter of the gate.")
    entry = (sql.replace(f"{table}.", _TABLE), tuple(params), _reader_slots(params))
    return _remember(shared, entry)


def _remember(key: tuple[Any, ...], compiled: Any) -> Any:
    with _COMPILED_LOCK:
        _COMPILED[key] = compiled
        if len(_COMPILED) > _COMPILED_SIZE:
            _COMPILED.popitem(last=False)
    return compiled


class Gate(Expression):
    """``WHERE`` condition: the row of ``model`` is readable by ``user``.

    Compiled once per :func:`reader_class` and spliced in under whatever alias the model's table
    has in the query at hand (a subquery, a join), which Django keeps up to date through the
    primary-key column this expression wraps; the reader's id is bound as it is spliced.
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
        sql, params, slots = _compiled_gate(self.model, self.user, connection)
        alias = getattr(self.pk, "alias", None)
        assert alias is not None, "Gate is resolved against the model's primary key"
        table = compiler.quote_name_unless_alias(alias) + "."
        return f"({sql.replace(_TABLE, table)})", _bind_reader(params, slots, self.user)


#: Stands for the value a precompiled read varies by (an id no row has, within int4); the
#: next ones down for a second and further value.
PLACEHOLDER = -2_147_083_647


def precompiled(
    shape: str,
    model: type[models.Model],
    user: Any,
    build: Callable[..., models.QuerySet[Any]],
    value: int | tuple[int, ...],
) -> list[Any]:
    """The rows of ``build(value)`` (``build(*value)`` for a tuple), its SQL compiled once per
    ``shape`` and class of readers.

    Compiling a page's gated reads with their joins and selected relations costs more than
    running them; a page read on every request (one meeting) compiles each once per process
    and :func:`reader_class` instead. ``build`` must depend on nothing but the reader and the
    values (``shape`` names anything else): the statement is compiled with :data:`PLACEHOLDER`
    for each value and :data:`READER_MARK` for the reader's id, and cached under the reader's
    class, so, exactly as for the gate, an access change (party, agency, role, groups,
    membership, the day) makes a new key at once. A statement that still names the reader in
    person, or whose rows fetch more rows afterwards (``prefetch_related``), is kept for that
    reader alone. Rows come back as the queryset would give them (model instances, selected
    relations, annotations); a queryset that compiles to nothing (an empty ``IN``) is built
    afresh."""
    values = value if isinstance(value, tuple) else (value,)
    using = router.db_for_read(model)
    shared = ("precompiled", shape, len(values), using, model._meta.label, *reader_class(user))
    entry, own = _lookup(shared, user)
    if entry is None:
        marks = [PLACEHOLDER - n for n in range(len(values))]
        try:
            with _for_the_class(user):
                queryset = build(*marks)
                compiler = queryset.query.get_compiler(using=using)
                sql, params = compiler.as_sql()
        except EmptyResultSet:
            sql = None
        if sql is None:
            return list(build(*values))
        slots = tuple(
            (i, marks.index(p)) for i, p in enumerate(params) if type(p) is int and p in marks
        )
        if {n for _, n in slots} != set(range(len(values))) or any(
            str(mark) in sql for mark in marks
        ):
            raise ImproperlyConfigured(f"{shape}: each value must be a parameter of the query.")
        alone = _names_reader(user, sql, params) or queryset._prefetch_related_lookups  # type: ignore[attr-defined]
        entry = (queryset, compiler, sql, tuple(params), slots, _reader_slots(params))
        _remember(own if alone else shared, entry)
    queryset, compiler, sql, params, slots, reader_slots = entry
    bound = list(_bind_reader(params, reader_slots, user))
    for slot, n in slots:
        bound[slot] = values[n]
    runner = copy.copy(compiler)  # the compiled statement, on this thread's connection
    runner.connection = connections[using]
    runner.as_sql = lambda *args, **kwargs: (sql, tuple(bound))
    rows = queryset._chain()
    rows.query.get_compiler = lambda *args, **kwargs: runner  # this clone never leaves here
    return list(rows)


def kept_subquery(
    shape: str, model: type[models.Model], user: Any, build: Callable[[], Any]
) -> RawSQL:
    """``build()`` as a subquery (``pk__in=…``), its SQL compiled once per ``shape`` and reader
    under :func:`gate_key` (their id included, bound in place), so an access change makes a new
    key at once. ``shape`` names anything else the statement captures (e.g. the reader's role)."""
    using = router.db_for_read(model)
    key = ("subquery", shape, *gate_key(model, user, using))
    compiled = _COMPILED.get(key)
    if compiled is None:
        sql, params = build().query.get_compiler(using=using).as_sql()
        compiled = _remember(key, (sql, tuple(params)))
    return RawSQL(*compiled)


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
