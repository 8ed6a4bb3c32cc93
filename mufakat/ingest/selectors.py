"""Reading drafts: private to their owner; the Secretariat (who confirms them) sees all.

A draft someone else owns answers 404 like one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mufakat.ingest.models import IngestDraft
from mufakat.ingest.permissions import can_confirm_drafts, can_ingest


def drafts(*, user: Any, status: str | None = None) -> QuerySet[IngestDraft]:
    """The drafts ``user`` may open, newest first (the big fields left out for lists)."""
    if not can_ingest(user):
        return IngestDraft.objects.none()
    qs = IngestDraft.objects.select_related("owner").defer("text", "extraction", "result")
    if not can_confirm_drafts(user):
        qs = qs.filter(owner=user)
    if status:
        qs = qs.filter(status=status)
    return qs


def my_drafts(*, user: Any) -> QuerySet[IngestDraft]:
    """The drafts ``user`` made — the "My drafts" list."""
    return drafts(user=user).filter(owner_id=getattr(user, "pk", None))


def draft(*, user: Any, pk: int) -> IngestDraft | None:
    if not can_ingest(user):
        return None
    qs = IngestDraft.objects.select_related("owner")
    if not can_confirm_drafts(user):
        qs = qs.filter(owner=user)
    return qs.filter(pk=pk).first()
