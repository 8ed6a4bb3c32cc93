"""Writing to the audit log. Every service that changes data calls :func:`record` itself."""

import datetime as dt
import decimal
import hashlib
import hmac
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from mufakat.audit.context import current_ip
from mufakat.audit.models import GENESIS_HASH, AuditCheckpoint, AuditEvent

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


def record_many(actor: Any, events: Sequence[dict[str, Any]]) -> list[AuditEvent]:
    """Append many events (each the keyword arguments of :func:`record` but ``actor``) in one
    insert, chained in order exactly as one :func:`record` call each would chain them; for bulk
    writes such as a spreadsheet upload, inside the caller's transaction."""
    if not events:
        return []
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        authenticated = actor is not None and getattr(actor, "is_authenticated", False)
        now = timezone.now()
        ip = current_ip.get()
        rows = []
        previous = last or GENESIS_HASH
        for data in events:
            obj = data.get("obj")
            event = AuditEvent(
                created_at=now,
                actor_id=actor.pk if authenticated else None,
                actor_username=actor.get_username() if authenticated else "",
                ip_address=ip,
                action=data["action"],
                object_type=obj._meta.label_lower
                if obj is not None
                else data.get("object_type", ""),
                object_id=str(obj.pk) if obj is not None else data.get("object_id", ""),
                object_repr=(str(obj) if obj is not None else data.get("object_repr", ""))[:300],
                before=data.get("before"),
                after=data.get("after"),
                prev_hash=previous,
            )
            event.hash = event.compute_hash()
            previous = event.hash
            rows.append(event)
        return AuditEvent.objects.bulk_create(rows)


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


# --- Checkpoints: what a rewrite of the whole chain cannot fake -------------------------------
# The chain alone proves only that the rows agree with each other: someone who deletes the
# newest events, or edits one and recomputes every later hash, leaves a consistent chain. A
# checkpoint — the last event's id and hash and how many events led to it — printed and kept
# off the server catches both: the anchored event is gone, or its hash or the count differ.
# It carries an HMAC-SHA256 under MUFAKAT_AUDIT_ANCHOR_KEY (not SECRET_KEY), so nobody without
# that key can hand ``verify`` a made-up checkpoint that matches a rewritten log.

CHECKPOINT_PREFIX = "mufakat-audit-checkpoint"
CHECKPOINT_VERSION = "v1"


def _anchor_key() -> bytes:
    key = getattr(settings, "MUFAKAT_AUDIT_ANCHOR_KEY", "")
    if not key:
        raise ImproperlyConfigured(
            "MUFAKAT_AUDIT_ANCHOR_KEY is not set: audit checkpoints need their own key. Set it "
            "to a long random value, kept apart from DJANGO_SECRET_KEY."
        )
    if key == settings.SECRET_KEY:
        raise ImproperlyConfigured("MUFAKAT_AUDIT_ANCHOR_KEY must differ from DJANGO_SECRET_KEY.")
    return str(key).encode()


@dataclass(frozen=True)
class Checkpoint:
    event_id: int
    event_hash: str
    count: int
    created_at: dt.datetime
    mac: str = ""

    @property
    def at(self) -> str:
        return self.created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def message(self) -> bytes:
        parts = [CHECKPOINT_VERSION, str(self.event_id), self.event_hash, str(self.count), self.at]
        return "|".join(parts).encode()

    def signed(self) -> "Checkpoint":
        digest = hmac.new(_anchor_key(), self.message(), hashlib.sha256).hexdigest()
        return replace(self, mac=digest)

    def signature_holds(self) -> bool:
        return hmac.compare_digest(self.signed().mac, self.mac)

    def __str__(self) -> str:
        return (
            f"{CHECKPOINT_PREFIX} {CHECKPOINT_VERSION} event={self.event_id} "
            f"hash={self.event_hash} count={self.count} at={self.at} mac={self.mac}"
        )

    @classmethod
    def parse(cls, text: str) -> "Checkpoint":
        """Read a checkpoint as ``mufakat audit anchor`` printed it."""
        words = text.strip().split()
        fields = dict(word.split("=", 1) for word in words[2:] if "=" in word)
        try:
            if words[:2] != [CHECKPOINT_PREFIX, CHECKPOINT_VERSION]:
                raise ValueError
            return cls(
                event_id=int(fields["event"]),
                event_hash=fields["hash"],
                count=int(fields["count"]),
                created_at=dt.datetime.strptime(fields["at"], "%Y-%m-%dT%H:%M:%SZ").replace(
                    tzinfo=dt.UTC
                ),
                mac=fields["mac"],
            )
        except (KeyError, ValueError, IndexError) as error:
            raise ValueError(
                f"Not an audit checkpoint (expected a line starting with “{CHECKPOINT_PREFIX} "
                f"{CHECKPOINT_VERSION}” as printed by `mufakat audit anchor`)."
            ) from error


def make_checkpoint(*, store: bool = False) -> Checkpoint:
    """A signed checkpoint of the chain as it is now; ``store`` also keeps it in the database."""
    _anchor_key()  # fail before locking anything when the key is missing
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
        if last is None:
            raise ValueError("The audit log is empty: there is nothing to anchor yet.")
        event_id, event_hash = last
        checkpoint = Checkpoint(
            event_id=event_id,
            event_hash=event_hash,
            count=AuditEvent.objects.filter(id__lte=event_id).count(),
            created_at=timezone.now().replace(microsecond=0),
        ).signed()
        if store:
            AuditCheckpoint(
                created_at=checkpoint.created_at,
                event_id=checkpoint.event_id,
                event_hash=checkpoint.event_hash,
                count=checkpoint.count,
                mac=checkpoint.mac,
            ).save()
    return checkpoint


def check_checkpoint(checkpoint: Checkpoint) -> str:
    """What is wrong with the log against ``checkpoint``; empty when it still holds."""
    if not checkpoint.signature_holds():
        return (
            "the checkpoint's HMAC does not match: it was altered, or not made with this "
            "deployment's MUFAKAT_AUDIT_ANCHOR_KEY"
        )
    found = AuditEvent.objects.filter(pk=checkpoint.event_id).values_list("hash", flat=True)
    current_hash = found.first()
    if current_hash is None:
        return (
            f"the anchored event #{checkpoint.event_id} is missing: the log was cut back "
            "or rewritten"
        )
    if current_hash != checkpoint.event_hash:
        return (
            f"event #{checkpoint.event_id} no longer has the anchored hash: the history up to "
            "it was rewritten"
        )
    count = AuditEvent.objects.filter(id__lte=checkpoint.event_id).count()
    if count != checkpoint.count:
        return (
            f"{count} event(s) up to #{checkpoint.event_id} where the checkpoint counted "
            f"{checkpoint.count}: events were removed or added"
        )
    return ""


def stored_checkpoints() -> list[Checkpoint]:
    return [
        Checkpoint(
            event_id=row.event_id,
            event_hash=row.event_hash,
            count=row.count,
            created_at=row.created_at,
            mac=row.mac,
        )
        for row in AuditCheckpoint.objects.order_by("id")
    ]


@dataclass(frozen=True)
class FullVerifyResult:
    chain: VerifyResult
    checkpoints_checked: int = 0
    failed_checkpoint: Checkpoint | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.failed_checkpoint is None


def verify_log(
    *, checkpoints: Sequence[Checkpoint] = (), include_stored: bool = True
) -> FullVerifyResult:
    """The chain, then every given checkpoint (kept off the server) and the stored ones."""
    chain = verify_chain()
    if not chain.ok:
        return FullVerifyResult(chain)
    to_check = [*checkpoints, *(stored_checkpoints() if include_stored else [])]
    for index, checkpoint in enumerate(to_check):
        problem = check_checkpoint(checkpoint)
        if problem:
            return FullVerifyResult(chain, index, checkpoint, problem)
    return FullVerifyResult(chain, len(to_check))
