"""What the reviewer needs beside each proposal: the record it matches (if the reviewer may see
it), which fields differ ("city: Bali vs Jakarta"), and where in the text it came from.

The evidence of a proposal is its sentences joined by spaces, exactly as the extractor split
them; splitting the stored text again finds them, so the page can mark them (HTML-escaped
first: the text is whatever was pasted).

A consultation held alongside a main meeting (SOMTC+China back-to-back with the SOMTC) names
it with ``part_of`` (its index among the proposed meetings) and lists the fields it took from
it in ``inherited``; the review files it under its main meeting. Drafts made before those keys
existed, and keys that point nowhere sensible, leave the meeting on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from mufakat.ingest.extract.sentences import Sentence, split_sentences
from mufakat.ingest.models import IngestDraft
from mufakat.meetings.models import Meeting
from mufakat.registry.models import CrimeArea, Party
from mufakat.workplans.models import Instrument

MEETING_DIFF_FIELDS = ("body", "number", "start_date", "end_date", "city", "host", "chair")
#: What a consultation may take from its main meeting: the venue and the dates.
INHERITABLE_FIELDS = ("start_date", "end_date", "city", "host")
INSTRUMENT_DIFF_FIELDS = ("title", "kind", "start_year", "end_year")


@dataclass(frozen=True)
class Difference:
    field: str
    proposed: str
    current: str

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "proposed": self.proposed, "current": self.current}


@dataclass
class ProposalReview:
    kind: str  # "meeting" | "instrument"
    index: int
    proposal: dict[str, Any]
    record: Meeting | Instrument | None  # the match, when the reader may see it
    differences: list[Difference] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    #: The main meeting's index, for a meeting held alongside one.
    part_of: int | None = None
    #: Fields taken from the main meeting (the text gave none of its own).
    inherited: list[str] = field(default_factory=list)
    #: The meetings held alongside this one, in the order proposed.
    consultations: list[ProposalReview] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind[0]}{self.index}"

    @property
    def is_new(self) -> bool:
        return self.record is None

    @property
    def differing(self) -> set[str]:
        return {d.field for d in self.differences}

    def to_json(self) -> dict[str, Any]:
        out = self._match_json()
        if self.kind == "meeting":
            out["part_of"] = self.part_of
            out["inherited"] = list(self.inherited)
        return out

    def _match_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "match": self.record.pk if self.record is not None else None,
            "match_title": self.record.title if self.record is not None else None,
            "match_url": self.record.get_absolute_url() if self.record is not None else None,
            "lock_version": self.record.lock_version if self.record is not None else None,
            "differences": [d.to_json() for d in self.differences],
            "sentences": self.sentences,
        }


@dataclass
class CodeReview:
    code: str
    name: str
    evidence: str
    sentences: list[int]


@dataclass
class DraftReview:
    meetings: list[ProposalReview]
    instruments: list[ProposalReview]
    crime_areas: list[CodeReview]
    parties: list[CodeReview]
    text_html: SafeString

    def to_json(self) -> dict[str, Any]:
        return {
            "meetings": [m.to_json() for m in self.meetings],
            "instruments": [i.to_json() for i in self.instruments],
        }


# -- comparing ---------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def meeting_values(meeting: Meeting) -> dict[str, str]:
    """A meeting's fields as the extractor writes them (codes, partial dates, "online")."""
    end = meeting.end_date or (meeting.start_date if meeting.start_precision == "day" else None)
    return {
        "body": meeting.body.code,
        "number": _text(meeting.number),
        "start_date": str(meeting.start),
        "end_date": end.isoformat() if end else "",
        "city": "online" if meeting.is_virtual and not meeting.city else meeting.city,
        "host": meeting.host.code if meeting.host else "",
        "chair": meeting.chair.code if meeting.chair else "",
    }


def meeting_differences(proposal: dict[str, Any], meeting: Meeting) -> list[Difference]:
    """Fields the text states and the record has otherwise; what the text leaves out is no
    difference."""
    current = meeting_values(meeting)
    out = []
    for name in MEETING_DIFF_FIELDS:
        proposed = _text(proposal.get(name))
        if proposed and proposed.casefold() != current[name].casefold():
            out.append(Difference(name, proposed, current[name]))
    return out


def instrument_differences(proposal: dict[str, Any], instrument: Instrument) -> list[Difference]:
    out = []
    title = _text(proposal.get("title"))
    known = {t.casefold() for t in (instrument.title, instrument.short_title) if t}
    if title and title.casefold() not in known:
        out.append(Difference("title", title, instrument.title))
    for name in ("kind", "start_year", "end_year"):
        proposed, current = _text(proposal.get(name)), _text(getattr(instrument, name))
        if proposed and proposed != current:
            out.append(Difference(name, proposed, current))
    return out


def held_alongside(proposals: list[dict[str, Any]]) -> dict[int, int]:
    """Each consultation's main meeting, by index: only a main meeting that is itself on its
    own (one level of nesting, no cycles) and not the meeting itself."""

    def main_of(n: int) -> int | None:
        value = proposals[n].get("part_of")
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        return value if 0 <= value < len(proposals) and value != n else None

    out = {}
    for n in range(len(proposals)):
        main = main_of(n)
        if main is not None and main_of(main) is None:
            out[n] = main
    return out


def inherited_fields(proposal: dict[str, Any]) -> list[str]:
    named = proposal.get("inherited")
    if not isinstance(named, list):
        return []
    return [name for name in INHERITABLE_FIELDS if name in named]


# -- evidence ----------------------------------------------------------------------------------


def evidence_sentences(sentences: list[Sentence], evidence: str) -> list[int]:
    """Indexes of the sentences that, joined by spaces, make up ``evidence``."""
    out: list[int] = []
    pos = 0
    for s in sentences:
        if pos >= len(evidence):
            break
        if evidence.startswith(s.text, pos):
            out.append(s.index)
            pos += len(s.text)
            if evidence[pos : pos + 1] == " ":
                pos += 1
    return out


def highlight(text: str, sentences: list[Sentence], marks: dict[int, list[str]]) -> SafeString:
    """The text, escaped, with each evidence sentence in a ``<mark>`` naming its proposals."""
    parts: list[str] = []
    last = 0
    for s in sentences:
        labels = marks.get(s.index)
        if not labels:
            continue
        parts.append(escape(text[last : s.start]))
        parts.append(
            format_html(
                '<mark id="ev-{}" class="evidence" title="{}">{}</mark>',
                s.index,
                ", ".join(labels),
                text[s.start : s.end],
            )
        )
        last = s.end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece was escaped above


# -- the review --------------------------------------------------------------------------------


def review(*, draft: IngestDraft, user: Any) -> DraftReview:
    """Matches (through the gate), differences and evidence marks for every proposal."""
    x = draft.extraction or {}
    sentences = split_sentences(draft.text)
    meeting_ids = {p["match"] for p in x.get("meetings", []) if p.get("match")}
    instrument_ids = {p["match"] for p in x.get("instruments", []) if p.get("match")}
    found_meetings = (
        {
            m.pk: m
            for m in Meeting.objects.visible_to(user)
            .select_related("body", "host", "chair")
            .filter(pk__in=meeting_ids)
        }
        if meeting_ids
        else {}
    )
    found_instruments = (
        {i.pk: i for i in Instrument.objects.visible_to(user).filter(pk__in=instrument_ids)}
        if instrument_ids
        else {}
    )
    marks: dict[int, list[str]] = {}

    def mark(indexes: list[int], label: str) -> None:
        for n in indexes:
            marks.setdefault(n, []).append(label)

    meetings = []
    proposed = x.get("meetings", [])
    mains = held_alongside(proposed)
    for n, p in enumerate(proposed):
        m = found_meetings.get(p.get("match"))
        r = ProposalReview("meeting", n, p, m, meeting_differences(p, m) if m else [])
        r.sentences = evidence_sentences(sentences, p.get("evidence") or "")
        if n in mains:
            r.part_of, r.inherited = mains[n], inherited_fields(p)
        mark(r.sentences, f"{p.get('body')} ({p.get('relation')})")
        meetings.append(r)
    for r in meetings:
        if r.part_of is not None:
            meetings[r.part_of].consultations.append(r)
    instruments = []
    for n, p in enumerate(x.get("instruments", [])):
        i = found_instruments.get(p.get("match"))
        r = ProposalReview("instrument", n, p, i, instrument_differences(p, i) if i else [])
        r.sentences = evidence_sentences(sentences, p.get("evidence") or "")
        mark(r.sentences, str(p.get("title")))
        instruments.append(r)
    evidence = x.get("evidence") or {}
    area_names = dict(
        CrimeArea.objects.filter(code__in=x.get("crime_areas", [])).values_list("code", "name")
    )
    party_names = dict(
        Party.objects.filter(code__in=x.get("parties", [])).values_list("code", "name")
    )
    codes: dict[str, list[CodeReview]] = {"crime_areas": [], "parties": []}
    for key, names in (("crime_areas", area_names), ("parties", party_names)):
        for code in x.get(key, []):
            text = (evidence.get(key) or {}).get(code, "")
            found = evidence_sentences(sentences, text)
            codes[key].append(CodeReview(code, names.get(code, code), text, found))
    return DraftReview(
        meetings=meetings,
        instruments=instruments,
        crime_areas=codes["crime_areas"],
        parties=codes["parties"],
        text_html=highlight(draft.text, sentences, marks),
    )
