"""Writing to the audit log. Every service that changes data calls :func:`record` itself."""

import datetime as dt
import decimal
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from mufakat.audit.context import current_ip
from mufakat.audit.models import GENESIS_HASH, AuditEvent

_CHAIN_LOCK_KEY = 7_246_180_133  # arbitrary constant for pg_advisory_xact_lock


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The field values of ``obj`` (many-to-many as sorted id lists), JSON-ready."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        data[field.attname] = _jsonable(getattr(obj, field.attname))
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            data[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
    for noisy in ("updated_at", "created_at"):
        data.pop(noisy, None)
    return data


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite runs write transactions one at a time (transaction_mode IMMEDIATE).


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction."""
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        authenticated = actor is not None and getattr(actor, "is_authenticated", False)
        event = AuditEvent(
            created_at=timezone.now(),
            actor_id=actor.pk if authenticated else None,
            actor_username=actor.get_username() if authenticated else "",
            ip_address=current_ip.get(),
            action=action,
            object_type=obj._meta.label_lower if obj is not None else object_type,
            object_id=str(obj.pk) if obj is not None else object_id,
            object_repr=(str(obj) if obj is not None else object_repr)[:300],
            before=before,
            after=after,
            prev_hash=last or GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save()
        return event


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(batch_size: int = 2000) -> VerifyResult:
    """Recompute every hash in order; report the first event whose link does not hold."""
    expected_prev = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        if event.prev_hash != expected_prev:
            return VerifyResult(
                checked, event.pk, "previous-hash link broken (a row was removed or reordered)"
            )
        if event.compute_hash() != event.hash:
            return VerifyResult(
                checked, event.pk, "content does not match its hash (the row was edited)"
            )
        expected_prev = event.hash
        checked += 1
    return VerifyResult(checked)
