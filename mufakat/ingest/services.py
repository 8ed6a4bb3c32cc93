"""Drafts from press statements, and confirming them into the registry.

``create_draft`` runs the extractor and keeps its proposals; it writes nothing else — no
meeting, no instrument, no audit event. ``confirm_draft`` then creates or updates, in ONE
transaction and through the same services as the forms (so the same rules and audit), exactly
what the reviewer ticked, attaches the statement to the meetings it reports, links the
meetings its outcomes go to, and records an ``ingest.confirm`` event. A confirmed draft cannot
be confirmed again.

Decisions (the UI's form and the API's JSON have the same shape)::

    {"meetings": [{"index": 0,              # which proposal of the extraction
                   "match": 22 | null,      # update/link this meeting; null = create a new one
                   "lock_version": 3,       # the version reviewed (default: when drafted)
                   "update": ["city"],      # fields to change on the matched meeting
                   "fields": {"city": "Bali", "start_date": "2023-05", …},  # reviewer's edits
                   "audience": "public", "tlp": "CLEAR"}],                 # for a new record
     "instruments": [{"index": 0, "match": …, "update": […], "fields": {"title": …}}],
     "crime_areas": ["terrorism"], "parties": ["IDN"],
     "document": {"title": "…", "audience": "public", "tlp": "CLEAR"}}

Listed proposals are ticked; the rest are left out. Errors are keyed by where they belong:
``meetings.0.start_date``, ``instruments.1.title``.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mufakat.audit.services import record
from mufakat.core.audience import TLP, Audience
from mufakat.core.errors import ConflictError
from mufakat.core.partial_dates import PartialDate
from mufakat.core.uploads import EXTENSIONS, TEXT_EXTENSIONS, check_upload
from mufakat.ingest.extract import (
    Document,
    Gazetteer,
    UnreadableDocument,
    extract_document,
    read_document,
)
from mufakat.ingest.extract.text import parse_document
from mufakat.ingest.models import IngestDraft
from mufakat.ingest.permissions import require_draft_confirmer, require_ingester
from mufakat.meetings import documents as meeting_documents
from mufakat.meetings import services as meeting_services
from mufakat.meetings.models import Forwarding, Meeting, Outcome, Participant
from mufakat.workplans import services as workplan_services
from mufakat.workplans.models import Instrument
from mufakat.workplans.services import InstrumentData

T = TypeVar("T")

#: Meeting fields a reviewer may set (the proposal's, plus title, status and restriction).
MEETING_FIELDS = ("body", "number", "start_date", "end_date", "city", "host", "chair", "title")
MEETING_EXTRA = ("status",)
INSTRUMENT_FIELDS = ("title", "kind", "start_year", "end_year")
MAX_TEXT = 200_000


class DraftClosed(ConflictError):
    """The draft was already confirmed or discarded; confirming again would duplicate records."""

    def __init__(self, draft: IngestDraft) -> None:
        Exception.__init__(
            self,
            _("This draft was already %(status)s; nothing was changed.")
            % {"status": draft.get_status_display().lower()},
        )
        self.current_version = 0
        self.draft = draft


# -- drafts ------------------------------------------------------------------------------------


def _suffix(content_type: str) -> str:
    return EXTENSIONS.get(content_type) or TEXT_EXTENSIONS.get(content_type, ".txt")


@contextmanager
def _as_path(uploaded_file: Any, suffix: str) -> Iterator[str]:
    """The extractor's readers take a path: the upload, in a temporary file for as long as needed."""
    handle, path = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            uploaded_file.seek(0)
            for chunk in iter(lambda: uploaded_file.read(64 * 1024), b""):
                out.write(chunk)
        uploaded_file.seek(0)
        yield path
    finally:
        os.unlink(path)


def _check_url(value: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError as exc:
            raise ValidationError({"source_url": _("Give a web address (http or https).")}) from exc
    return value


def _header_url(doc: Document) -> str:
    """The file's own ``source:`` line, when it is a web address."""
    try:
        return _check_url(doc.source or "")
    except ValidationError:
        return ""


def _title(doc: Document, fallback: str) -> str:
    first = next((line.strip() for line in doc.text.splitlines() if line.strip()), "")
    return (first[:117] + "…" if len(first) > 120 else first) or fallback


def _match_versions(extraction: Mapping[str, Any], user: Any) -> dict[str, dict[str, int]]:
    """The versions of the matched records now, so a later edit of one makes confirm conflict."""
    out: dict[str, dict[str, int]] = {}
    for key, model in (("meetings", Meeting), ("instruments", Instrument)):
        ids = {p["match"] for p in extraction.get(key, []) if p.get("match")}
        versions = dict(
            model.objects.visible_to(user).filter(pk__in=ids).values_list("pk", "lock_version")
        )
        out[key] = {str(pk): v for pk, v in versions.items()}
    return out


def create_draft(
    *,
    actor: Any,
    text: str | None = None,
    uploaded_file: Any = None,
    source_url: str = "",
    published: dt.date | None = None,
) -> IngestDraft:
    """Read a statement (pasted or uploaded) into proposals; only the draft itself is stored."""
    require_ingester(actor)
    source_url = _check_url(source_url)
    checked = None
    if uploaded_file is not None:
        checked = check_upload(
            uploaded_file, field="file", accepted=meeting_documents.DOCUMENT_TYPES
        )
        with _as_path(uploaded_file, _suffix(checked.content_type)) as path:
            try:
                doc = read_document(path)
            except UnreadableDocument as exc:
                reason = str(exc).split(": ", 1)[-1]
                raise ValidationError(
                    {
                        "file": _("“%(name)s” cannot be read: %(reason)s")
                        % {"name": checked.name, "reason": reason}
                    }
                ) from exc
    elif text and text.strip():
        if len(text) > MAX_TEXT:
            raise ValidationError(
                {"text": _("The text is too long (at most %d characters).") % MAX_TEXT}
            )
        if "\x00" in text:
            raise ValidationError({"text": _("The text contains NUL characters.")})
        doc = parse_document(text)
    else:
        raise ValidationError({"text": _("Paste the text of the statement or upload a file.")})
    if not doc.text.strip():
        field = "file" if uploaded_file is not None else "text"
        raise ValidationError({field: _("There is no text to read in this document.")})
    gazetteer = Gazetteer.from_registry(user=actor)
    extraction = extract_document(
        doc, published=published, gazetteer=gazetteer, source=source_url or None
    )
    payload = extraction.to_json()
    draft = IngestDraft(
        owner=actor,
        title=_title(doc, checked.name if checked else _("Pasted text")),
        source_url=source_url or _header_url(doc),
        published=extraction.published,
        text=doc.text,
        extraction=payload,
        match_versions=_match_versions(payload, actor),
    )
    if checked is not None:
        uploaded_file.name = checked.storage_name
        draft.file = uploaded_file
        draft.file_name = checked.name
        draft.content_type = checked.content_type
        draft.size = checked.size
        draft.sha256 = checked.sha256
    with transaction.atomic():
        draft.save()
    return draft


def discard_draft(*, actor: Any, draft: IngestDraft) -> IngestDraft:
    """Set a draft aside; it stays in the owner's list, marked discarded."""
    require_ingester(actor)
    with transaction.atomic():
        locked = IngestDraft.objects.select_for_update().get(pk=draft.pk)
        if not locked.is_open:
            raise DraftClosed(locked)
        locked.status = IngestDraft.Status.DISCARDED
        locked.save(update_fields=["status"])
    return locked


# -- confirming --------------------------------------------------------------------------------


def _prefixed(prefix: str, call: Callable[[], T]) -> T:
    """Run a service; its field errors come back under ``prefix`` ("meetings.0.city")."""
    try:
        return call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise ValidationError(
                {f"{prefix}.{field}": errors for field, errors in exc.error_dict.items()}
            ) from exc
        raise ValidationError({prefix: exc.messages}) from exc


def _int_or_none(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: _("Give a whole number.")}) from exc


def _entries(decisions: Mapping[str, Any], key: str, proposals: list[Any]) -> list[dict[str, Any]]:
    raw = decisions.get(key) or []
    if not isinstance(raw, list):
        raise ValidationError({key: _("Give a list of decisions.")})
    seen: set[int] = set()
    out = []
    for n, entry in enumerate(raw):
        where = f"{key}.{n}"
        if not isinstance(entry, Mapping):
            raise ValidationError({where: _("Each decision is an object.")})
        if entry.get("include", True) in (False, "false", "0", 0):
            continue
        index = _int_or_none(entry.get("index"), f"{where}.index")
        if index is None or not 0 <= index < len(proposals):
            raise ValidationError({f"{where}.index": _("No such proposal in this draft.")})
        if index in seen:
            raise ValidationError({f"{where}.index": _("This proposal is decided twice.")})
        seen.add(index)
        fields = entry.get("fields") or {}
        update = entry.get("update") or []
        if not isinstance(fields, Mapping) or not isinstance(update, list):
            raise ValidationError({where: _("“fields” is an object and “update” a list.")})
        out.append({**entry, "index": index, "fields": dict(fields), "update": list(update)})
    return out


def _values(proposal: Mapping[str, Any], entry: Mapping[str, Any], names: tuple[str, ...]) -> dict:
    """The proposal's values with the reviewer's edits on top."""
    values = {name: proposal.get(name) for name in names}
    values.update({k: v for k, v in entry["fields"].items() if k in names + MEETING_EXTRA})
    return values


def _expected(draft: IngestDraft, key: str, entry: Mapping[str, Any], match: int) -> int | None:
    given = _int_or_none(entry.get("lock_version"), f"{key}.{entry['index']}.lock_version")
    if given is not None:
        return given
    return draft.match_versions.get(key, {}).get(str(match))


def _default_status(relation: str, start: str | None) -> str:
    if relation == "held":
        return Meeting.Status.HELD
    try:
        last = PartialDate.parse(start).last_day if start else None
    except ValidationError:
        last = None
    past = last is not None and last < timezone.localdate()
    return Meeting.Status.HELD if past else Meeting.Status.PLANNED


def _meeting_changes(values: Mapping[str, Any], names: list[str]) -> dict[str, Any]:
    """Form/API values → ``update_meeting`` changes; "online" is the virtual flag, not a city."""
    changes: dict[str, Any] = {}
    for name in names:
        value = values.get(name)
        if name == "city":
            online = str(value or "").strip().lower() == "online"
            changes["city"] = "" if online else (value or "")
            changes["is_virtual"] = online
        elif name == "number":
            changes["number"] = _int_or_none(value, "number")
        else:
            changes[name] = value
    return changes


def _confirm_meeting(
    actor: Any, draft: IngestDraft, entry: dict[str, Any], proposal: Mapping[str, Any]
) -> dict[str, Any]:
    i = entry["index"]
    prefix = f"meetings.{i}"
    values = _values(proposal, entry, MEETING_FIELDS)
    match = _int_or_none(entry.get("match", proposal.get("match")), f"{prefix}.match")
    if match is not None:
        meeting = Meeting.objects.visible_to(actor).filter(pk=match).first()
        if meeting is None:
            raise ValidationError({f"{prefix}.match": _("No such meeting: %s.") % match})
        wanted = [f for f in entry["update"] if f in MEETING_FIELDS + MEETING_EXTRA]
        unknown = sorted(set(entry["update"]) - set(wanted))
        if unknown:
            raise ValidationError(
                {f"{prefix}.update": _("Cannot update: %s.") % ", ".join(unknown)}
            )
        if wanted:
            expected = _expected(draft, "meetings", entry, match)
            meeting = _prefixed(
                prefix,
                lambda: meeting_services.update_meeting(
                    actor=actor,
                    meeting=meeting,
                    changes=_meeting_changes(values, wanted),
                    expected_version=expected,
                ),
            )
        action = "updated" if wanted else "linked"
        return {
            "index": i,
            "id": meeting.pk,
            "action": action,
            "fields": wanted,
            "title": meeting.title,
            "relation": proposal["relation"],
            "meeting": meeting,
        }
    status = values.get("status") or _default_status(proposal["relation"], values["start_date"])
    base = _meeting_changes(values, ["city", "number"])
    created = _prefixed(
        prefix,
        lambda: meeting_services.create_meeting(
            actor=actor,
            body=values["body"] or "",
            number=base["number"],
            title=values.get("title") or "",
            start_date=values["start_date"] or "",
            end_date=values["end_date"] or None,
            city=base["city"],
            is_virtual=base["is_virtual"],
            host=values["host"],
            chair=values["chair"],
            status=status,
            source=draft.source_url,
            audience=entry.get("audience") or Audience.PUBLIC,
            tlp=entry.get("tlp") or TLP.CLEAR,
        ),
    )
    return {
        "index": i,
        "id": created.pk,
        "action": "created",
        "fields": [],
        "title": created.title,
        "relation": proposal["relation"],
        "meeting": created,
    }


def _instrument_key(title: str, start_year: int | None) -> str:
    base = slugify(title)[:60].strip("-") or "instrument"
    if start_year and str(start_year) not in base:
        base = f"{base}-{start_year}"
    key, n = base, 2
    while key in workplan_services.RESERVED_KEYS or Instrument.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


def _confirm_instrument(
    actor: Any, draft: IngestDraft, entry: dict[str, Any], proposal: Mapping[str, Any]
) -> dict[str, Any]:
    i = entry["index"]
    prefix = f"instruments.{i}"
    values = _values(proposal, entry, INSTRUMENT_FIELDS)
    for name in ("start_year", "end_year"):
        values[name] = _int_or_none(values[name], f"{prefix}.{name}")
    match = _int_or_none(entry.get("match", proposal.get("match")), f"{prefix}.match")
    if match is not None:
        instrument = Instrument.objects.visible_to(actor).filter(pk=match).first()
        if instrument is None:
            raise ValidationError({f"{prefix}.match": _("No such instrument: %s.") % match})
        wanted = [f for f in entry["update"] if f in INSTRUMENT_FIELDS]
        unknown = sorted(set(entry["update"]) - set(wanted))
        if unknown:
            raise ValidationError(
                {f"{prefix}.update": _("Cannot update: %s.") % ", ".join(unknown)}
            )
        if wanted:
            expected = _expected(draft, "instruments", entry, match)
            instrument = _prefixed(
                prefix,
                lambda: workplan_services.update_instrument(
                    actor=actor,
                    instrument=instrument,
                    changes=cast(InstrumentData, {name: values[name] for name in wanted}),
                    expected_version=expected,
                ),
            )
        return {
            "index": i,
            "id": instrument.pk,
            "action": "updated" if wanted else "linked",
            "fields": wanted,
            "title": instrument.title,
        }
    if not (values.get("title") or "").strip():
        raise ValidationError({f"{prefix}.title": _("Give the instrument a title.")})
    created = _prefixed(
        prefix,
        lambda: workplan_services.create_instrument(
            actor=actor,
            data={
                "key": _instrument_key(values["title"], values["start_year"]),
                "title": values["title"].strip(),
                "kind": values["kind"] or Instrument.Kind.OTHER,
                "start_year": values["start_year"],
                "end_year": values["end_year"],
                "source": draft.source_url,
                "audience": entry.get("audience") or Audience.PUBLIC,
                "tlp": entry.get("tlp") or TLP.CLEAR,
            },
        ),
    )
    return {"index": i, "id": created.pk, "action": "created", "fields": [], "title": created.title}


def _codes(decisions: Mapping[str, Any], key: str, proposed: list[str]) -> list[str]:
    """Ticked codes; only what the extraction proposed (the reviewer unticks, never invents)."""
    raw = decisions.get(key)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValidationError({key: _("Give a list of codes.")})
    unknown = [str(c) for c in raw if str(c) not in proposed]
    if unknown:
        raise ValidationError({key: _("Not proposed by this draft: %s.") % ", ".join(unknown)})
    return [str(c) for c in dict.fromkeys(raw)]


def _document_file(draft: IngestDraft) -> ContentFile | None:
    if not draft.file:
        return None
    with draft.file.open("rb") as handle:
        return ContentFile(handle.read(), name=draft.file_name or "statement")


def _link_forwardings(
    actor: Any,
    draft: IngestDraft,
    held: list[Meeting],
    targets: list[Meeting],
    restriction: Mapping[str, str],
) -> list[dict[str, int]]:
    """The held meeting's outcomes go to the later meetings the text names: one outcome,
    forwarded to each target not already receiving one of that meeting's outcomes."""
    links: list[dict[str, int]] = []
    for origin in held:
        pending = [
            t
            for t in targets
            if t.pk != origin.pk
            and not Forwarding.objects.filter(outcome__meeting=origin, to_meeting=t).exists()
        ]
        if not pending:
            continue
        outcome = meeting_services.create_outcome(
            actor=actor,
            meeting=origin,
            kind=Outcome.Kind.REPORT,
            text=_("Outcomes of the meeting, to be submitted to %(targets)s (from “%(doc)s”).")
            % {"targets": ", ".join(t.title for t in pending), "doc": draft.title},
            source=draft.source_url,
            audience=restriction["audience"],
            tlp=restriction["tlp"],
        )
        for target in pending:
            _prefixed(
                "forwarding",
                lambda target=target, outcome=outcome: meeting_services.forward_outcome(  # type: ignore[misc]
                    actor=actor, outcome=outcome, to_meeting=target, source=draft.source_url
                ),
            )
            links.append({"from": origin.pk, "to": target.pk, "outcome": outcome.pk})
    return links


def confirm_draft(
    *, actor: Any, draft: IngestDraft, decisions: Mapping[str, Any]
) -> dict[str, Any]:
    """Write what the reviewer ticked, all or nothing; returns (and keeps) the summary."""
    require_draft_confirmer(actor)
    if not isinstance(decisions, Mapping):
        raise ValidationError(_("Decisions are an object."))
    with transaction.atomic():
        locked = IngestDraft.objects.select_for_update().get(pk=draft.pk)
        if not locked.is_open:
            raise DraftClosed(locked)
        extraction = locked.extraction
        meeting_entries = _entries(decisions, "meetings", extraction.get("meetings", []))
        instrument_entries = _entries(decisions, "instruments", extraction.get("instruments", []))
        areas = _codes(decisions, "crime_areas", extraction.get("crime_areas", []))
        parties = _codes(decisions, "parties", extraction.get("parties", []))
        doc_choice = decisions.get("document") or {}
        if not isinstance(doc_choice, Mapping):
            raise ValidationError({"document": _("Give the document's title and access.")})
        restriction = {
            "audience": doc_choice.get("audience") or Audience.PUBLIC,
            "tlp": doc_choice.get("tlp") or TLP.CLEAR,
        }

        meetings = [
            _confirm_meeting(actor, locked, e, extraction["meetings"][e["index"]])
            for e in meeting_entries
        ]
        instruments = [
            _confirm_instrument(actor, locked, e, extraction["instruments"][e["index"]])
            for e in instrument_entries
        ]
        held = [m["meeting"] for m in meetings if m["relation"] == "held"]
        targets = [m["meeting"] for m in meetings if m["relation"] == "forwarded_to"]

        participants = []
        for meeting in held:
            listed = set(
                Participant.objects.filter(meeting=meeting).values_list("party__code", flat=True)
            )
            for code in parties:
                if code not in listed:
                    meeting_services.add_participant(
                        actor=actor, meeting=meeting, party=code, source=locked.source_url
                    )
                    participants.append({"meeting": meeting.pk, "party": code})

        documents = []
        for meeting in held:
            doc = _prefixed(
                "document",
                lambda meeting=meeting: meeting_documents.add_document(  # type: ignore[misc]
                    actor=actor,
                    meeting=meeting,
                    title=(doc_choice.get("title") or locked.title or _("Press statement")),
                    text=locked.text,
                    uploaded_file=_document_file(locked),
                    source_url=locked.source_url,
                    published=locked.published,
                    audience=restriction["audience"],
                    tlp=restriction["tlp"],
                    crime_areas=areas,
                    parties=parties,
                ),
            )
            documents.append({"id": doc.pk, "meeting": meeting.pk})

        forwardings = _link_forwardings(actor, locked, held, targets, restriction)
        result = {
            "meetings": [{k: v for k, v in m.items() if k != "meeting"} for m in meetings],
            "instruments": instruments,
            "documents": documents,
            "participants": participants,
            "forwardings": forwardings,
            "crime_areas": areas,
            "parties": parties,
        }
        locked.status = IngestDraft.Status.CONFIRMED
        locked.confirmed_at = timezone.now()
        locked.result = result
        locked.save(update_fields=["status", "confirmed_at", "result"])
        record(actor=actor, action="ingest.confirm", obj=locked, after=result)
    draft.status, draft.confirmed_at, draft.result = (
        locked.status,
        locked.confirmed_at,
        locked.result,
    )
    return result
