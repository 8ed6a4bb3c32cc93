"""The report of the meeting, read: which versions a reader may read, the text generated from
the records, the :class:`~mufakat.papers.content.Paper` of a version for one reader, the
comments a reader may see and the differences between two versions.

A stored version keeps every paragraph with the record it states (``ref``). One adopted text
serves every delegation: when a version is rendered for a reader, each paragraph whose records
that reader may not see through the gate is left out and the rest are numbered again, so nothing
betrays it (DESIGN.md §3). Names of delegates are personal data: a paragraph marked ``personal``
shows its ``text_public`` (the party alone) to a visitor who is not signed in.

Who reads which version: the Secretariat and the chair of the body read every version, drafts
included; signed-in readers of the meeting read circulated and adopted versions; visitors who
are not signed in read adopted versions only (a circulated text is still for delegations).
"""

from __future__ import annotations

import difflib
import html
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mufakat.accounts.roles import is_signed_in
from mufakat.core.references import readable
from mufakat.core.templatetags.mufakat import date_range
from mufakat.core.title_translations import translated_title
from mufakat.meetings.delegations import may_see_delegates
from mufakat.meetings.documents import documents as meeting_documents
from mufakat.meetings.models import (
    AgendaItem,
    Delegate,
    Forwarding,
    Meeting,
    Outcome,
    Participant,
)
from mufakat.meetings.trace import forget_hidden_results, visible_forwardings
from mufakat.papers.content import Note, Paper, Para, Section
from mufakat.papers.models import RecordComment, RecordState, RecordVersion
from mufakat.papers.permissions import can_manage_record

#: Records a paragraph may state, with the TLP fields that mark a paper including it (a record
#: without its own label carries its parents'). A ``ref`` to any other model is never shown.
REF_MODELS: dict[str, tuple[str, ...]] = {
    "meetings.meeting": ("tlp",),
    "meetings.outcome": ("tlp", "meeting__tlp"),
    "meetings.agendaitem": ("meeting__tlp",),
    "meetings.participant": ("meeting__tlp",),
    "meetings.delegate": ("meeting__tlp",),
    "meetings.forwarding": ("outcome__tlp", "outcome__meeting__tlp", "to_meeting__tlp"),
    "meetings.meetingdocument": ("tlp", "meeting__tlp"),
}

#: ``block`` of the paragraphs that make the title block rather than the body.
TITLE, SUBTITLE, META = "title", "subtitle", "meta"

_REF = re.compile(r"^([a-z_]+\.[a-z_]+):(\d+)$")


# -- who reads what ----------------------------------------------------------------------------


#: An agenda item that is the adoption of the agenda itself ("Adoption of the agenda").
ADOPTION_ITEM = re.compile(r"^(the\s+)?adoption\s+of\s+(the\s+)?(provisional\s+)?agenda\b", re.I)


def _readable_states(user: Any, meeting: Meeting, *, manager: bool | None = None) -> list[str]:
    if manager if manager is not None else can_manage_record(user, meeting):
        return [RecordState.DRAFT, RecordState.CIRCULATED, RecordState.ADOPTED]
    if is_signed_in(user):
        return [RecordState.CIRCULATED, RecordState.ADOPTED]
    return [RecordState.ADOPTED]


def _versions(meeting: Meeting, *, user: Any, manager: bool | None = None) -> QuerySet[Any]:
    return (
        RecordVersion.objects.visible_to(user)
        .filter(record__meeting=meeting, state__in=_readable_states(user, meeting, manager=manager))
        .select_related("created_by", "adopted_by")
        .order_by("number")
    )


def readable_versions(
    meeting: Meeting, *, user: Any, manager: bool | None = None
) -> list[RecordVersion]:
    """The versions of the report ``user`` may read, oldest first (none of a hidden meeting)."""
    return list(_versions(meeting, user=user, manager=manager))


def latest_readable_version(
    meeting: Meeting, *, user: Any, manager: bool | None = None
) -> RecordVersion | None:
    return _versions(meeting, user=user, manager=manager).order_by("-number").first()


def readable_version(
    meeting: Meeting, *, user: Any, number: int, manager: bool | None = None
) -> RecordVersion | None:
    """One version by number, or None when absent or not for this reader (callers 404)."""
    return _versions(meeting, user=user, manager=manager).filter(number=number).first()


def latest_version(meeting: Meeting, *, user: Any) -> RecordVersion | None:
    """The newest version whatever its state (for the lifecycle buttons of those who manage)."""
    return (
        RecordVersion.objects.visible_to(user)
        .filter(record__meeting=meeting)
        .order_by("-number")
        .first()
    )


# -- the gate on stored paragraphs -------------------------------------------------------------


def parse_refs(ref: str) -> list[tuple[str, int]] | None:
    """``"meetings.outcome:12 meetings.forwarding:3"`` → pairs; None when malformed."""
    pairs = []
    for part in (ref or "").split():
        match = _REF.match(part)
        if match is None:
            return None
        pairs.append((match.group(1), int(match.group(2))))
    return pairs


@dataclass
class Filtered:
    """The paragraphs a reader may see, and the TLP labels of the records they state."""

    paragraphs: list[dict[str, Any]]
    labels: list[str]

    @property
    def keys(self) -> set[str]:
        return {p["key"] for p in self.paragraphs}


def _seen(rows: list[dict[str, Any]], *, user: Any) -> dict[str, dict[int, tuple[str, ...]]]:
    """For each model stated, the stated rows ``user`` may see with their TLP labels."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for paragraph in rows:
        for label, pk in parse_refs(paragraph.get("ref", "")) or []:
            wanted[label].add(pk)
    seen: dict[str, dict[int, tuple[str, ...]]] = {}
    for label, pks in wanted.items():
        fields = REF_MODELS.get(label)
        if fields is None:
            seen[label] = {}
            continue
        model = apps.get_model(label)
        found = readable(model, user).filter(pk__in=pks).values_list("pk", *fields)
        seen[label] = {row[0]: tuple(row[1:]) for row in found}
    return seen


def _apply(
    rows: Iterable[dict[str, Any]], seen: dict[str, dict[int, tuple[str, ...]]], *, names: bool
) -> Filtered:
    kept: list[dict[str, Any]] = []
    labels: list[str] = []
    for paragraph in rows:
        refs = parse_refs(paragraph.get("ref", ""))
        if refs is None or any(pk not in seen.get(label, {}) for label, pk in refs):
            continue
        if paragraph.get("personal") and not names:
            if not paragraph.get("text_public"):
                continue
            paragraph = {**paragraph, "text": paragraph["text_public"]}
        for label, pk in refs:
            labels.extend(seen[label][pk])
        kept.append(paragraph)
    return Filtered(kept, labels)


def filter_paragraphs(paragraphs: Iterable[dict[str, Any]], *, user: Any) -> Filtered:
    """Leave out each paragraph stating a record ``user`` may not see; one query per model."""
    rows = list(paragraphs)
    return _apply(rows, _seen(rows, user=user), names=may_see_delegates(user))


# -- the Paper ---------------------------------------------------------------------------------


def version_line(version: RecordVersion) -> str:
    def day(value: Any) -> str:
        return formats.date_format(timezone.localtime(value), "DATE_FORMAT") if value else ""

    if version.state == RecordState.ADOPTED:
        line = _("Version %(n)s, adopted %(day)s") % {
            "n": version.number,
            "day": day(version.adopted_at),
        }
    elif version.state == RecordState.CIRCULATED:
        line = _("Version %(n)s, circulated to delegations %(day)s for comments") % {
            "n": version.number,
            "day": day(version.circulated_at),
        }
    else:
        line = _("Version %(n)s, chair's draft (not circulated)") % {"n": version.number}
    if version.change_note:
        line += " — " + version.change_note
    return line


def record_url(meeting: Meeting, number: int | None = None) -> str:
    try:
        if number is None:
            return reverse("papers:record", args=[meeting.pk])
        return reverse("papers:record_version", args=[meeting.pk, number])
    except NoReverseMatch:  # pragma: no cover - the pages are mounted with the app
        return meeting.get_absolute_url()


def paper_from_paragraphs(
    meeting: Meeting,
    paragraphs: Iterable[dict[str, Any]],
    *,
    user: Any,
    version: str = "",
    url: str = "",
    live: bool = False,
) -> Paper:
    """The Paper of stored (or generated) paragraphs as ``user`` may read them."""
    filtered = filter_paragraphs(paragraphs, user=user)
    paper = Paper(
        kind="record",
        title=_("Report of the %(meeting)s") % {"meeting": translated_title(meeting)},
        version=version,
        url=url or record_url(meeting),
        produced_at=timezone.now(),
    )
    paper.include(meeting.tlp, *filtered.labels)
    annexes: dict[str, Section] = {}
    for paragraph in filtered.paragraphs:
        block = paragraph.get("block", "")
        text = str(paragraph.get("text", ""))
        if block == TITLE:
            paper.title = text
        elif block == SUBTITLE:
            paper.subtitle = text
        elif block == META:
            paper.meta.append((str(paragraph.get("label", "")), text))
        elif paragraph.get("annex"):
            heading = str(paragraph.get("section", ""))
            if heading not in annexes:
                annexes[heading] = Section(heading=heading, key=f"annex-{len(annexes) + 1}")
                paper.annexes.append(annexes[heading])
            annexes[heading].blocks.append(Para(text=text, key=paragraph["key"]))
        else:
            heading = str(paragraph.get("section", ""))
            if not paper.sections or paper.sections[-1].heading != heading:
                paper.sections.append(Section(heading=heading, key=f"s{len(paper.sections) + 1}"))
            paper.sections[-1].blocks.append(Para(text=text, numbered=True, key=paragraph["key"]))
    if not paper.sections:
        paper.sections.append(
            Section(
                heading=_("Report"),
                blocks=[Note(_("Nothing has been recorded for this meeting yet."))],
            )
        )
    elif live and not any(p.get("key", "").startswith("item-") for p in filtered.paragraphs):
        paper.sections.append(
            Section(
                heading=_("Agenda"),
                blocks=[Note(_("No agenda has been recorded for this meeting yet."))],
            )
        )
    return paper.number_paragraphs()


def build_record(meeting: Meeting, *, user: Any, version: RecordVersion | None = None) -> Paper:
    """The report of ``meeting`` for ``user``: the version given, else the latest they may
    read, else a text generated live from the records. A version the reader may not read, or
    of another meeting, is a 404 (``meeting`` must come through the gate already)."""
    manager = can_manage_record(user, meeting)
    if version is not None:
        if version.record.meeting_id != meeting.pk or not (
            _versions(meeting, user=user, manager=manager).filter(pk=version.pk).exists()
        ):
            raise Http404
    else:
        version = latest_readable_version(meeting, user=user, manager=manager)
    if version is not None:
        return paper_from_paragraphs(
            meeting,
            version.paragraphs,
            user=user,
            version=version_line(version),
            url=record_url(meeting, version.number),
        )
    started = RecordVersion.objects.visible_to(user).filter(record__meeting=meeting).exists()
    line = (
        _("Being drafted by the chair — generated from the records")
        if started
        else _("Not yet drafted — generated from the records")
    )
    return paper_from_paragraphs(
        meeting, draft_paragraphs(meeting, user=user), user=user, version=line, live=True
    )


# -- the text generated from the records -------------------------------------------------------


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?:;" else text + "."


def _title_and_body(text: str) -> tuple[str, str]:
    """Outcomes are stored as a title line, a blank line, then the body."""
    head, _sep, rest = (text or "").strip().partition("\n")
    return head.strip(), " ".join(rest.split())


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _when(meeting: Meeting) -> str:
    return date_range(meeting.start, meeting.end)


_RECEIVED: dict[str, Any] = {
    Forwarding.Status.PENDING: gettext_lazy("The matter remains before the Meeting."),
    Forwarding.Status.NOTED: gettext_lazy("The Meeting noted it."),
    Forwarding.Status.ENDORSED: gettext_lazy("The Meeting endorsed it."),
    Forwarding.Status.ADOPTED: gettext_lazy("The Meeting adopted it."),
    Forwarding.Status.RETURNED: gettext_lazy("The Meeting returned it for further work."),
    Forwarding.Status.REJECTED: gettext_lazy("The Meeting did not accept it."),
}


def _p(key: str, section: str, text: str, ref: str = "", **extra: Any) -> dict[str, Any]:
    return {"key": key, "section": section, "text": text, "ref": ref, **extra}


def draft_paragraphs(meeting: Meeting, *, user: Any) -> list[dict[str, Any]]:
    """The report as the records tell it, in the style of these bodies' reports, as ``user``
    may see them; a fixed number of queries whatever the number of outcomes."""
    agenda = list(AgendaItem.objects.visible_to(user).filter(meeting=meeting).order_by("position"))
    outcomes = list(
        Outcome.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("meeting__body", "responsible")
        .order_by("number")
    )
    received = forget_hidden_results(visible_forwardings(user).filter(to_meeting=meeting))
    forwarded = list(visible_forwardings(user).filter(outcome__meeting=meeting))
    participants = list(
        Participant.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("party", "agency")
        .order_by("party__name")
    )
    delegates: list[Delegate] = []
    if may_see_delegates(user):
        delegates = list(
            Delegate.objects.visible_to(user)
            .filter(meeting=meeting)
            .select_related("party", "agency")
        )
    docs = list(meeting_documents(user=user, meeting=meeting))

    rows: list[dict[str, Any]] = []
    title = _("Report of the %(meeting)s") % {"meeting": translated_title(meeting)}
    rows.append(_p("title", "", title, block=TITLE))
    place = meeting.place
    if place and meeting.host and not meeting.is_virtual and meeting.host.name not in place:
        place = f"{place}, {meeting.host.name}"
    if place:
        rows.append(_p("meta-venue", "", place, block=META, label=_("Venue")))
    rows.append(_p("meta-dates", "", _when(meeting), block=META, label=_("Dates")))
    if meeting.chair:
        rows.append(_p("meta-chair", "", meeting.chair.name, block=META, label=_("Chair")))

    # Delegations: one entry per party, from the delegates named, else the participants list.
    by_party: dict[int, dict[str, Any]] = {}
    for participant in participants:
        by_party[participant.party_id] = {
            "party": participant.party,
            "ref": f"meetings.participant:{participant.pk}",
            "agency": participant.agency,
            "head": participant.head_of_delegation if may_see_delegates(user) else "",
            "delegates": [],
        }
    for delegate in delegates:
        entry = by_party.setdefault(
            delegate.party_id,
            {
                "party": delegate.party,
                "ref": f"meetings.delegate:{delegate.pk}",
                "agency": None,
                "head": "",
                "delegates": [],
            },
        )
        entry["delegates"].append(delegate)
    delegations = sorted(by_party.values(), key=lambda e: e["party"].name)
    annex_no = 0
    annex_participants = annex_agenda = annex_documents = ""
    if delegations:
        annex_no += 1
        annex_participants = _("Annex %(n)s – List of participants") % {"n": annex_no}
    if agenda:
        annex_no += 1
        annex_agenda = _("Annex %(n)s – Agenda") % {"n": annex_no}
    if docs:
        annex_no += 1
        annex_documents = _("Annex %(n)s – Documents of the Meeting") % {"n": annex_no}

    opening = _("Introduction")
    where = (
        _("by video conference")
        if meeting.is_virtual and not meeting.city
        else (_("in %(place)s") % {"place": place} if place else "")
    )
    when = _when(meeting)
    on = (_("on %(when)s") if meeting.start_precision == "day" else _("in %(when)s")) % {
        "when": when
    }
    held = _("The %(meeting)s was held %(on)s %(where)s.") % {
        "meeting": translated_title(meeting),
        "on": on,
        "where": where,
    }
    if meeting.host and meeting.host.name not in held:
        held = held[:-1] + _(", hosted by %(host)s.") % {"host": meeting.host.name}
    rows.append(_p("held", opening, " ".join(held.split())))
    if meeting.chair:
        public = _("The Meeting was chaired by %(party)s.") % {"party": meeting.chair.name}
        chair_entry = by_party.get(meeting.chair.pk)
        head = ""
        if chair_entry:
            head_delegate = next((d for d in chair_entry["delegates"] if d.is_head), None)
            head = head_delegate.name if head_delegate else chair_entry["head"]
        if head:
            rows.append(
                _p(
                    "chair",
                    opening,
                    _("The Meeting was chaired by %(name)s, head of the delegation of %(party)s.")
                    % {"name": head, "party": meeting.chair.name},
                    chair_entry["ref"] if chair_entry else "",
                    personal=True,
                    text_public=public,
                )
            )
        else:
            rows.append(_p("chair", opening, public))
    if delegations:
        states = [e["party"].name for e in delegations if not e["party"].is_asean_organ]
        organs = [e["party"].name for e in delegations if e["party"].is_asean_organ]
        text = ""
        if states:
            text = _("The Meeting was attended by the delegations of %(parties)s.") % {
                "parties": _names(states)
            }
        if organs:
            text += " " + _("The %(organs)s also attended.") % {"organs": _names(organs)}
        text += " " + _("The list of participants is at %(annex)s.") % {
            "annex": annex_participants.split(" –")[0]
        }
        rows.append(_p("attendance", opening, " ".join(text.split())))

    # Most agendas open with their own adoption: that item is where the Meeting adopted it.
    adoption = next((item for item in agenda if ADOPTION_ITEM.match(item.title.strip())), None)
    if agenda:
        section = _("Adoption of the agenda")
        ref = ""
        if adoption is not None:
            section = _("Agenda item %(n)s: %(title)s") % {
                "n": adoption.position,
                "title": adoption.title,
            }
            ref = f"meetings.agendaitem:{adoption.pk}"
        rows.append(
            _p(
                "agenda-adopted",
                section,
                _("The Meeting adopted the agenda, which is at %(annex)s.")
                % {"annex": annex_agenda.split(" –")[0]},
                ref,
            )
        )
    docs_by_item: dict[int | None, list[Any]] = defaultdict(list)
    for doc in docs:
        docs_by_item[doc.agenda_item_id].append(doc)
    for item in agenda:
        section = _("Agenda item %(n)s: %(title)s") % {"n": item.position, "title": item.title}
        if item is not adoption:
            text = _("The Meeting considered the item “%(title)s”.") % {"title": item.title}
            if item.description:
                text += " " + _sentence(" ".join(item.description.split()))
            rows.append(_p(f"item-{item.pk}", section, text, f"meetings.agendaitem:{item.pk}"))
        for doc in docs_by_item.get(item.pk, []):
            rows.append(
                _p(
                    f"item-{item.pk}-doc-{doc.pk}",
                    section,
                    _("The Meeting took note of the document “%(title)s” (%(kind)s).")
                    % {"title": doc.title, "kind": doc.get_kind_display().lower()},
                    f"meetings.meetingdocument:{doc.pk}",
                )
            )

    if outcomes:
        section = _("Outcomes of the Meeting")
        for outcome in outcomes:
            head, body = _title_and_body(outcome.text)
            text = f"{outcome.reference}: {_sentence(head)}"
            if body:
                text += " " + _sentence(body)
            if outcome.responsible:
                text += " " + _("Responsible: %(party)s.") % {"party": outcome.responsible.name}
            if outcome.due_date:
                text += " " + _("Due: %(day)s.") % {
                    "day": formats.date_format(outcome.due_date, "DATE_FORMAT")
                }
            rows.append(
                _p(f"outcome-{outcome.pk}", section, text, f"meetings.outcome:{outcome.pk}")
            )

    if received:
        section = _("Matters received from lower bodies")
        for fwd in received:
            head, _body = _title_and_body(fwd.outcome.text)
            text = _("The Meeting considered %(ref)s of the %(meeting)s: %(title)s") % {
                "ref": fwd.outcome.reference,
                "meeting": translated_title(fwd.outcome.meeting),
                "title": _sentence(head),
            }
            text += " " + str(_RECEIVED.get(Forwarding.Status(fwd.status), ""))
            if fwd.decision_note:
                text += " " + _sentence(" ".join(fwd.decision_note.split()))
            ref = f"meetings.forwarding:{fwd.pk}"
            result = fwd.resulting_outcome
            if result is not None and result.meeting_id == meeting.pk:
                text += " " + _("It was taken up as %(ref)s.") % {"ref": result.reference}
                ref += f" meetings.outcome:{result.pk}"
            rows.append(_p(f"received-{fwd.pk}", section, " ".join(text.split()), ref))

    if forwarded:
        section = _("Matters forwarded")
        for fwd in forwarded:
            head, _body = _title_and_body(fwd.outcome.text)
            rows.append(
                _p(
                    f"forwarded-{fwd.pk}",
                    section,
                    _("The Meeting agreed to submit %(ref)s (%(title)s) to the %(meeting)s.")
                    % {
                        "ref": fwd.outcome.reference,
                        "title": head.rstrip("."),
                        "meeting": translated_title(fwd.to_meeting),
                    },
                    f"meetings.forwarding:{fwd.pk}",
                )
            )

    for entry in delegations:
        party = entry["party"]
        label = party.name + (f" ({entry['agency'].acronym})" if entry["agency"] else "")
        people = []
        for delegate in entry["delegates"]:
            who = delegate.name
            extra = ", ".join(
                x for x in (delegate.position, getattr(delegate.agency, "acronym", "")) if x
            )
            if extra:
                who += f", {extra}"
            if delegate.is_head:
                who += " " + _("(head of delegation)")
            people.append(who)
        if not people and entry["head"]:
            people.append(entry["head"] + " " + _("(head of delegation)"))
        text = f"{label}: " + "; ".join(people) if people else label
        rows.append(
            _p(
                f"annex-party-{party.pk}",
                annex_participants,
                text,
                entry["ref"],
                annex=True,
                personal=bool(people),
                text_public=label,
            )
        )
    for item in agenda:
        rows.append(
            _p(
                f"annex-agenda-{item.pk}",
                annex_agenda,
                f"{item.position}. {item.title}",
                f"meetings.agendaitem:{item.pk}",
                annex=True,
            )
        )
    for doc in docs:
        rows.append(
            _p(
                f"annex-document-{doc.pk}",
                annex_documents,
                f"{doc.title} ({doc.get_kind_display().lower()})",
                f"meetings.meetingdocument:{doc.pk}",
                annex=True,
            )
        )
    return rows


# -- comments ----------------------------------------------------------------------------------


def comments(
    version: RecordVersion,
    *,
    user: Any,
    visible_keys: set[str] | None = None,
    manager: bool | None = None,
) -> list[RecordComment]:
    """Comments ``user`` may read: the Secretariat and the chair read all; a delegation reads its
    own party's, never another delegation's. A comment on a paragraph the reader may not see is
    left out with it (``visible_keys``; computed when not given)."""
    if manager is None:
        manager = can_manage_record(user, version.record.meeting)
    rows = (
        RecordComment.objects.visible_to(user)
        .filter(version=version)
        .select_related("author", "party")
        .order_by("created_at", "pk")
    )
    if not manager:
        party_id = getattr(user, "party_id", None) if is_signed_in(user) else None
        if party_id is None:
            return []
        rows = rows.filter(party_id=party_id)
    found = list(rows)
    if not found:
        return []
    if visible_keys is None:
        visible_keys = filter_paragraphs(version.paragraphs, user=user).keys
    return [c for c in found if not c.paragraph_key or c.paragraph_key in visible_keys]


# -- differences -------------------------------------------------------------------------------


@dataclass
class Change:
    """One paragraph that differs between two versions, as a reader may see it."""

    key: str
    section: str
    kind: str  # "added", "removed", "changed"
    old: str
    new: str
    html: SafeString


def word_diff(old: str, new: str) -> SafeString:
    """``old`` → ``new`` word by word, with ``<del>`` and ``<ins>`` (escaped text)."""
    a, b = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{html.escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{html.escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))


def diff(older: RecordVersion, newer: RecordVersion, *, user: Any) -> list[Change]:
    """Paragraph by paragraph, in the newer version's order (a removed one where it stood),
    only paragraphs the reader may see; one query per model stated, for both versions."""
    seen = _seen([*older.paragraphs, *newer.paragraphs], user=user)
    names = may_see_delegates(user)
    old_rows = _apply(older.paragraphs, seen, names=names).paragraphs
    new_rows = _apply(newer.paragraphs, seen, names=names).paragraphs
    old_text = {p["key"]: str(p.get("text", "")) for p in old_rows}
    new_keys = {p["key"] for p in new_rows}
    # A removed paragraph is shown before the paragraph that followed it in the older version.
    removed_before: dict[str, list[dict[str, Any]]] = defaultdict(list)
    following = ""
    for p in reversed(old_rows):
        if p["key"] in new_keys:
            following = p["key"]
        else:
            removed_before[following].insert(0, p)

    changes: list[Change] = []

    def removed(key: str) -> None:
        for p in removed_before.get(key, []):
            text = str(p.get("text", ""))
            marked = mark_safe(f"<del>{html.escape(text)}</del>")
            changes.append(Change(p["key"], p.get("section", ""), "removed", text, "", marked))

    for p in new_rows:
        removed(p["key"])
        text = str(p.get("text", ""))
        if p["key"] not in old_text:
            marked = mark_safe(f"<ins>{html.escape(text)}</ins>")
            changes.append(Change(p["key"], p.get("section", ""), "added", "", text, marked))
        elif old_text[p["key"]] != text:
            old = old_text[p["key"]]
            changes.append(
                Change(p["key"], p.get("section", ""), "changed", old, text, word_diff(old, text))
            )
    removed("")
    return changes


# -- the page ----------------------------------------------------------------------------------


@dataclass
class RecordView:
    """What the report's page shows one reader, read in a bounded number of queries."""

    meeting: Meeting
    paper: Paper
    version: RecordVersion | None
    versions: list[RecordVersion]
    manager: bool
    comments: list[RecordComment]
    #: Paragraph key → the number it carries for this reader (keys of what they may see).
    numbers: dict[str, int]
    #: Paragraph key → its text as shown, for the list of comments.
    texts: dict[str, str]

    @property
    def latest(self) -> RecordVersion | None:
        return self.versions[-1] if self.versions else None

    def comments_on(self, key: str) -> list[RecordComment]:
        return [c for c in self.comments if c.paragraph_key == key]


def record_view(meeting: Meeting, *, user: Any, number: int | None = None) -> RecordView | None:
    """The report of a (visible) meeting for its page: the version numbered ``number`` (None
    when the reader may not read it), else the latest readable one, else the live text."""
    manager = can_manage_record(user, meeting)
    versions = readable_versions(meeting, user=user, manager=manager)
    if number is not None:
        version = next((v for v in versions if v.number == number), None)
        if version is None:
            return None
    else:
        version = versions[-1] if versions else None
    if version is not None:
        version.record.meeting = meeting  # already read through the gate
        paper = paper_from_paragraphs(
            meeting,
            version.paragraphs,
            user=user,
            version=version_line(version),
            url=record_url(meeting, version.number),
        )
    else:
        paper = build_record(meeting, user=user)
    numbers: dict[str, int] = {}
    texts: dict[str, str] = {}
    for section in paper.all_sections():
        for block in section.blocks:
            if isinstance(block, Para) and block.key:
                texts[block.key] = block.text
                if block.number:
                    numbers[block.key] = block.number
    notes = (
        comments(version, user=user, visible_keys=set(texts), manager=manager)
        if version is not None
        else []
    )
    return RecordView(meeting, paper, version, versions, manager, notes, numbers, texts)
