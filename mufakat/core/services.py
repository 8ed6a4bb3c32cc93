"""Shared write mechanics: optimistic locking, restriction rules and audited create/update.

Domain services call these inside their own ``transaction.atomic`` so a rule is written once.
"""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from mufakat.audit.services import record, snapshot
from mufakat.core.audience import Audience, audience_rank, check_audience_within_tlp
from mufakat.core.errors import ConflictError
from mufakat.core.models import RestrictedModel, TrackedModel

M = TypeVar("M", bound=TrackedModel)


def _split(
    model: type[models.Model], data: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    m2m_names = {f.name for f in model._meta.many_to_many}
    fields = {k: v for k, v in data.items() if k not in m2m_names}
    m2m = {k: v for k, v in data.items() if k in m2m_names}
    return fields, m2m


def _set_m2m(obj: models.Model, m2m: dict[str, Iterable[Any]]) -> None:
    for name, values in m2m.items():
        getattr(obj, name).set(list(values))


def check_restriction(
    *, actor: Any, audience: str, tlp: str, previous: RestrictedModel | None = None
) -> None:
    """TLP caps the audience; only the originating organisation may widen an audience."""
    check_audience_within_tlp(audience, tlp)
    if previous is None or audience_rank(audience) >= audience_rank(previous.audience):
        return
    owner = previous.owner_party_id
    if owner is not None and getattr(actor, "party_id", None) != owner:
        raise PermissionDenied(_("Only the originating organisation may widen the audience."))


def check_audience_reachable(
    audience: str, *, sharing_groups: Iterable[Any] = (), named_users: Iterable[Any] = ()
) -> None:
    """An audience of groups or people needs at least one, or the record is an orphan that
    nobody can open, its author included (issue 10). Refused as a field error, never repaired."""
    if audience == Audience.SHARING_GROUP and not list(sharing_groups):
        raise ValidationError(
            {"sharing_groups": _("Tick at least one sharing group, or choose another audience.")}
        )
    if audience == Audience.NAMED and not list(named_users):
        raise ValidationError(
            {"named_users": _("Name at least one person, or choose another audience.")}
        )


def _check_members(
    obj: RestrictedModel, *, fields: dict[str, Any], m2m: dict[str, Any], creating: bool
) -> None:
    """On create, and on any change to who may see a record: its groups or people exist."""
    touched = {"audience", "sharing_groups", "named_users"} & (set(fields) | set(m2m))
    if not creating and not touched:
        return
    audience = fields.get("audience", obj.audience)
    if audience not in (Audience.SHARING_GROUP, Audience.NAMED):
        return

    def members(name: str) -> list[Any]:
        if name in m2m:
            return list(m2m[name] or [])
        if creating or obj.pk is None:
            return []
        return list(getattr(obj, name).values_list("pk", flat=True))

    check_audience_reachable(
        audience, sharing_groups=members("sharing_groups"), named_users=members("named_users")
    )


def create_audited(model: type[M], *, actor: Any, data: dict[str, Any], action: str = "") -> M:
    """Validate, save and audit a new record (many-to-many values included)."""
    fields, m2m = _split(model, data)
    with transaction.atomic():
        obj = model(**fields)
        if isinstance(obj, RestrictedModel):
            check_restriction(actor=actor, audience=obj.audience, tlp=obj.tlp)
            _check_members(obj, fields=fields, m2m=m2m, creating=True)
            if obj.owner_party_id is None and getattr(actor, "party_id", None):
                obj.owner_party_id = actor.party_id
        obj.full_clean()
        obj.save()
        _set_m2m(obj, m2m)
        record(
            actor=actor,
            action=action or f"{model._meta.model_name}.create",
            obj=obj,
            after=snapshot(obj),
        )
    return obj


def update_audited(
    obj: M,
    *,
    actor: Any,
    changes: dict[str, Any],
    expected_version: int | None,
    action: str = "",
) -> M:
    """Apply ``changes`` unless someone else saved since ``expected_version``; audit it."""
    model = type(obj)
    fields, m2m = _split(model, changes)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        if expected_version is not None and current.lock_version != expected_version:
            raise ConflictError(current.lock_version)
        _keep_related(obj, current)
        before = snapshot(current)
        if isinstance(current, RestrictedModel):
            check_restriction(
                actor=actor,
                audience=fields.get("audience", current.audience),
                tlp=fields.get("tlp", current.tlp),
                previous=current,
            )
            _check_members(current, fields=fields, m2m=m2m, creating=False)
        for name, value in fields.items():
            setattr(current, name, value)
        current.lock_version += 1
        _validate_update(current, changed=fields)
        current.save()
        _set_m2m(current, m2m)
        record(
            actor=actor,
            action=action or f"{model._meta.model_name}.update",
            obj=current,
            before=before,
            after=snapshot(current),
        )
    return current


def _validate_update(obj: models.Model, *, changed: Iterable[str]) -> None:
    """``full_clean``, except that foreign keys the update leaves alone are not looked up again.

    Django validates a foreign key by reading its row (a query per key: six for a progress
    report); an unchanged key was checked when it was written and the database enforces it.
    Everything else (fields, ``clean``, unique checks, constraints) runs as in ``full_clean``.
    """
    names = set(changed)
    unchanged = {
        field.name
        for field in obj._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and not {field.name, field.attname} & names
    }
    errors: dict[str, Any] = {}
    for step in (lambda: obj.clean_fields(exclude=unchanged), obj.clean):
        try:
            step()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    invalid = set(errors) - {NON_FIELD_ERRORS}
    for check in (obj.validate_unique, obj.validate_constraints):
        try:
            check(exclude=invalid)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _keep_related(loaded: models.Model, current: models.Model) -> None:
    """Give the locked copy the related rows already loaded on ``loaded`` (same keys only).

    The audit entry names the record (its ``__str__``, which often reads a party or an
    activity): without this, every update would query them again.
    """
    for field in loaded._meta.concrete_fields:
        if (
            isinstance(field, models.ForeignKey)
            and field.is_cached(loaded)
            and getattr(loaded, field.attname) == getattr(current, field.attname)
        ):
            field.set_cached_value(current, field.get_cached_value(loaded))


def delete_audited(obj: models.Model, *, actor: Any, action: str = "") -> None:
    with transaction.atomic():
        before = snapshot(obj)
        record(
            actor=actor,
            action=action or f"{obj._meta.model_name}.delete",
            obj=obj,
            before=before,
        )
        obj.delete()


def field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


__all__ = [
    "Audience",
    "check_audience_reachable",
    "check_restriction",
    "create_audited",
    "delete_audited",
    "field_error",
    "update_audited",
]
