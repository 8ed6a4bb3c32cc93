"""The report of the meeting, written: chair's draft → circulated to delegations (they comment)
→ adopted (frozen); a correction after adoption is a new version that goes the same way.

The Secretariat and the chair of the body draft, circulate and adopt
(:func:`~mufakat.papers.permissions.can_manage_record`). A draft is stored with the
records each paragraph states (``ref``), as the drafter sees them: that is safe, because every
version is filtered per reader when it is rendered. Paragraphs the chair adds have no ``ref``
and are read by everyone who may read the report. Every change is audited and conflicts with a
concurrent one (``lock_version``).
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.audit.services import record as audit
from mufakat.core.errors import ConflictError
from mufakat.core.text import unsafe_text_reason
from mufakat.meetings.models import Meeting
from mufakat.papers.models import MeetingRecord, RecordComment, RecordState, RecordVersion
from mufakat.papers.permissions import can_comment, can_manage_record
from mufakat.papers.record_selectors import draft_paragraphs, filter_paragraphs

MAX_PARAGRAPH = 10_000
MAX_COMMENT = 5_000


# -- who may ---------------------------------------------------------------------------------


def require_record_manager(user: Any, meeting: Meeting) -> None:
    if not can_manage_record(user, meeting):
        raise PermissionDenied(
            _("Only the Secretariat and the chair of the body may draft, circulate and adopt.")
        )


def _visible_meeting(actor: Any, meeting: Meeting) -> None:
    """A service never acts on a meeting its caller may not see (404 for both)."""
    if not Meeting.objects.visible_to(actor).filter(pk=meeting.pk).exists():
        raise PermissionDenied(_("This meeting is not visible to you."))


# -- helpers -----------------------------------------------------------------------------------


def _clean(text: str, *, limit: int, what: str) -> str:
    text = (text or "").strip().replace("\r\n", "\n")
    if not text:
        raise ValidationError({"text": _("Write the %(what)s, or remove it.") % {"what": what}})
    if len(text) > limit:
        raise ValidationError({"text": _("At most %(n)s characters.") % {"n": limit}})
    reason = unsafe_text_reason(text)
    if reason:
        raise ValidationError({"text": reason})
    return text


def _summary(version: RecordVersion) -> dict[str, Any]:
    return {
        "meeting": version.record.meeting_id,
        "number": version.number,
        "state": version.state,
        "paragraphs": len(version.paragraphs),
        "change_note": version.change_note,
    }


def _locked(version: RecordVersion, lock_version: int | None, *, state: str) -> RecordVersion:
    """The stored version, locked for this transaction; a stale edit conflicts."""
    current = (
        RecordVersion.objects.select_for_update()
        .select_related("record__meeting__body")
        .get(pk=version.pk)
    )
    if lock_version is not None and current.lock_version != lock_version:
        raise ConflictError(current.lock_version)
    if current.state != state:
        raise ValidationError(
            _("Version %(n)s is %(state)s; this step is for a version that is %(wanted)s.")
            % {
                "n": current.number,
                "state": current.get_state_display().lower(),
                "wanted": RecordState(state).label.lower(),
            }
        )
    return current


def _index(version: RecordVersion, key: str) -> int:
    for i, paragraph in enumerate(version.paragraphs):
        if paragraph.get("key") == key:
            return i
    raise ValidationError({"key": _("This paragraph is not in the report.")})


def _may_see_paragraph(actor: Any, paragraph: dict[str, Any]) -> bool:
    return bool(filter_paragraphs([paragraph], user=actor).paragraphs)


def _save(version: RecordVersion, *, actor: Any, action: str, before: Any, after: Any) -> None:
    version.lock_version += 1
    version.save()
    audit(actor=actor, action=action, obj=version, before=before, after=after)


# -- the lifecycle -----------------------------------------------------------------------------


def start_draft(*, actor: Any, meeting: Meeting) -> RecordVersion:
    """Version 1, generated from the records as the drafter sees them."""
    _visible_meeting(actor, meeting)
    require_record_manager(actor, meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting has no report."))
    with transaction.atomic():
        record, _created = MeetingRecord.objects.select_for_update().get_or_create(
            meeting=meeting, defaults={"created_by": actor}
        )
        if record.versions.exists():
            raise ValidationError(
                _("The report of this meeting has already been started; edit its latest version.")
            )
        version = RecordVersion.objects.create(
            record=record,
            number=1,
            paragraphs=draft_paragraphs(meeting, user=actor),
            created_by=actor,
        )
        audit(actor=actor, action="record.start_draft", obj=version, after=_summary(version))
    return version


def edit_paragraph(
    *, actor: Any, version: RecordVersion, key: str, text: str, lock_version: int | None
) -> RecordVersion:
    """Change the text of one paragraph of a draft (its record stays what it states)."""
    require_record_manager(actor, version.record.meeting)
    text = _clean(text, limit=MAX_PARAGRAPH, what=_("paragraph"))
    with transaction.atomic():
        current = _locked(version, lock_version, state=RecordState.DRAFT)
        i = _index(current, key)
        paragraph = current.paragraphs[i]
        if not _may_see_paragraph(actor, paragraph):
            raise ValidationError({"key": _("This paragraph is not in the report.")})
        before = {"key": key, "text": paragraph.get("text", "")}
        paragraphs = copy.deepcopy(current.paragraphs)
        paragraphs[i]["text"] = text
        current.paragraphs = paragraphs
        _save(
            current,
            actor=actor,
            action="record.edit",
            before=before,
            after={"key": key, "text": text},
        )
    return current


def add_paragraph(
    *,
    actor: Any,
    version: RecordVersion,
    after_key: str | None,
    section: str,
    text: str,
    lock_version: int | None = None,
) -> RecordVersion:
    """Add the chair's own paragraph after ``after_key`` (at the end of the body when none).
    It states no record, so every reader of the report reads it."""
    require_record_manager(actor, version.record.meeting)
    text = _clean(text, limit=MAX_PARAGRAPH, what=_("paragraph"))
    section = " ".join((section or "").split())[:300]
    with transaction.atomic():
        current = _locked(version, lock_version, state=RecordState.DRAFT)
        paragraphs = copy.deepcopy(current.paragraphs)
        if after_key:
            at = _index(current, after_key) + 1
            section = section or str(paragraphs[at - 1].get("section", ""))
            if paragraphs[at - 1].get("block"):
                at = next(
                    (i for i, p in enumerate(paragraphs) if not p.get("block")), len(paragraphs)
                )
        else:
            at = next((i for i, p in enumerate(paragraphs) if p.get("annex")), len(paragraphs))
        if not section:
            raise ValidationError({"section": _("Say under which heading the paragraph goes.")})
        key = f"p-{uuid.uuid4().hex[:10]}"
        paragraph: dict[str, Any] = {"key": key, "section": section, "text": text, "ref": ""}
        if after_key and at and paragraphs[at - 1].get("annex"):
            paragraph["annex"] = True  # a row added to an annex stays in it
        paragraphs.insert(at, paragraph)
        current.paragraphs = paragraphs
        _save(current, actor=actor, action="record.add_paragraph", before=None, after=paragraph)
    return current


def remove_paragraph(
    *, actor: Any, version: RecordVersion, key: str, lock_version: int | None = None
) -> RecordVersion:
    require_record_manager(actor, version.record.meeting)
    with transaction.atomic():
        current = _locked(version, lock_version, state=RecordState.DRAFT)
        i = _index(current, key)
        paragraphs = copy.deepcopy(current.paragraphs)
        if not _may_see_paragraph(actor, paragraphs[i]):
            raise ValidationError({"key": _("This paragraph is not in the report.")})
        gone = paragraphs.pop(i)
        current.paragraphs = paragraphs
        _save(current, actor=actor, action="record.remove_paragraph", before=gone, after=None)
    return current


def regenerate(
    *, actor: Any, version: RecordVersion, lock_version: int | None = None
) -> RecordVersion:
    """Generate the draft again from the records (after outcomes were added, say), keeping the
    chair's own paragraphs after the paragraph they followed. Edits of generated paragraphs
    are replaced by the records' text."""
    meeting = version.record.meeting
    require_record_manager(actor, meeting)
    with transaction.atomic():
        current = _locked(version, lock_version, state=RecordState.DRAFT)
        fresh = draft_paragraphs(meeting, user=actor)
        own: dict[str, list[dict[str, Any]]] = {}
        previous = ""
        for paragraph in current.paragraphs:
            if paragraph.get("key", "").startswith("p-"):
                own.setdefault(previous, []).append(paragraph)
            else:
                previous = paragraph.get("key", "")
        merged: list[dict[str, Any]] = list(own.pop("", []))
        for paragraph in fresh:
            merged.append(paragraph)
            merged.extend(own.pop(paragraph["key"], []))
        body_end = next((i for i, p in enumerate(merged) if p.get("annex")), len(merged))
        for rest in own.values():  # what they followed is gone: at the end of the body
            merged[body_end:body_end] = rest
            body_end += len(rest)
        before = {"paragraphs": len(current.paragraphs)}
        current.paragraphs = merged
        _save(
            current, actor=actor, action="record.regenerate", before=before, after=_summary(current)
        )
    return current


def circulate(
    *, actor: Any, version: RecordVersion, lock_version: int | None = None
) -> RecordVersion:
    """Send the draft to the delegations for comments (it can no longer be edited)."""
    require_record_manager(actor, version.record.meeting)
    with transaction.atomic():
        current = _locked(version, lock_version, state=RecordState.DRAFT)
        current.state = RecordState.CIRCULATED
        current.circulated_at = timezone.now()
        _save(
            current,
            actor=actor,
            action="record.circulate",
            before={"state": RecordState.DRAFT},
            after=_summary(current),
        )
    return current


def adopt(*, actor: Any, version: RecordVersion, lock_version: int | None = None) -> RecordVersion:
    """The circulated text becomes the report of the meeting; frozen from now on."""
    require_record_manager(actor, version.record.meeting)
    with transaction.atomic():
        current = _locked(version, lock_version, state=RecordState.CIRCULATED)
        current.state = RecordState.ADOPTED
        current.adopted_at = timezone.now()
        current.adopted_by = actor
        _save(
            current,
            actor=actor,
            action="record.adopt",
            before={"state": RecordState.CIRCULATED},
            after=_summary(current),
        )
    return current


def correct(*, actor: Any, meeting: Meeting, change_note: str) -> RecordVersion:
    """A new draft copying the latest version once it is circulated or adopted — to take the
    delegations' comments in before adoption, or to correct an adopted report. The earlier
    version stays as it was, readable."""
    _visible_meeting(actor, meeting)
    require_record_manager(actor, meeting)
    note = " ".join((change_note or "").split())
    if not note:
        raise ValidationError({"change_note": _("Say what the new version changes.")})
    if len(note) > 300:
        raise ValidationError({"change_note": _("At most 300 characters.")})
    reason = unsafe_text_reason(note)
    if reason:
        raise ValidationError({"change_note": reason})
    with transaction.atomic():
        record = MeetingRecord.objects.select_for_update().filter(meeting=meeting).first()
        latest = (
            RecordVersion.objects.filter(record=record).order_by("-number").first()
            if record
            else None
        )
        if record is None or latest is None:
            raise ValidationError(_("The report of this meeting has not been started yet."))
        if latest.state == RecordState.DRAFT:
            raise ValidationError(
                _("Version %(n)s is still a draft; edit it instead.") % {"n": latest.number}
            )
        number = (record.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = RecordVersion.objects.create(
            record=record,
            number=number,
            paragraphs=copy.deepcopy(latest.paragraphs),
            change_note=note,
            created_by=actor,
        )
        audit(
            actor=actor,
            action="record.correct",
            obj=version,
            before={"from_version": latest.number, "state": latest.state},
            after=_summary(version),
        )
    return version


def comment(*, actor: Any, version: RecordVersion, paragraph_key: str, text: str) -> RecordComment:
    """A delegation's comment on a circulated version, on one paragraph (or the whole text
    when ``paragraph_key`` is empty). Seen by the Secretariat, the chair and the commenting
    party — never by another delegation."""
    meeting = version.record.meeting
    _visible_meeting(actor, meeting)
    if not can_comment(actor, meeting):
        raise PermissionDenied(
            _("Only the delegations of this meeting, its chair and the Secretariat may comment.")
        )
    text = _clean(text, limit=MAX_COMMENT, what=_("comment"))
    with transaction.atomic():
        current = RecordVersion.objects.select_for_update().get(pk=version.pk)
        if current.state != RecordState.CIRCULATED:
            raise ValidationError(_("Comments are taken on a version circulated to delegations."))
        key = (paragraph_key or "").strip()
        if key:
            paragraph = next((p for p in current.paragraphs if p.get("key") == key), None)
            if paragraph is None or not _may_see_paragraph(actor, paragraph):
                raise ValidationError({"paragraph_key": _("This paragraph is not in the report.")})
        note = RecordComment.objects.create(
            version=current,
            paragraph_key=key,
            party_id=getattr(actor, "party_id", None),
            author=actor,
            text=text,
        )
        audit(
            actor=actor,
            action="record.comment",
            obj=note,
            after={"version": current.number, "paragraph_key": key, "text": text},
        )
    return note
