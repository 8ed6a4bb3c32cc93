"""The new-draft form, and the review page's cards: built from the review (or from what the
reviewer posted, after an error) and read back into the decisions ``confirm_draft`` takes.

Input names per card: ``m0-include``, ``m0-city``, ``m0-update-city``, ``m0-action`` (update
the match or create a new record), ``m0-lock_version``, ``m0-audience``, ``m0-tlp``; ``i0-…``
for instruments. Service errors keyed ``meetings.0.city`` come back on ``m0``'s city field.

A consultation's card sits under its main meeting's card (``ReviewForm.meeting_groups``) but
keeps its own prefix and inputs, so deciding on it is deciding on any card.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from mufakat.core.audience import TLP, Audience
from mufakat.ingest.review import DraftReview, ProposalReview
from mufakat.meetings.models import Meeting, ordinal
from mufakat.workplans.models import Instrument


class DraftForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the statement"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Paste the statement, or upload a file below."),
    )
    file = forms.FileField(
        label=_("Or a file"),
        required=False,
        help_text=_("Plain text, Markdown, HTML, Word (DOCX) or PDF."),
    )
    source_url = forms.URLField(label=_("Source URL"), required=False, assume_scheme="https")
    published = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Resolves “on Tuesday”, “in August this year”. Leave empty to read it from the text."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise ValidationError(_("Paste the text of the statement or upload a file."))
        return data


MEETING_LABELS = {
    "body": _("Body (code)"),
    "number": _("Number"),
    "start_date": _("Start (YYYY-MM-DD, YYYY-MM)"),
    "end_date": _("End (YYYY-MM-DD)"),
    "city": _("City (or “online”)"),
    "host": _("Host (party code)"),
    "chair": _("Chair (party code)"),
    "title": _("Title (empty: “19th <body>”)"),
    "status": _("Status"),
}
INSTRUMENT_LABELS = {
    "title": _("Title"),
    "kind": _("Kind"),
    "start_year": _("From year"),
    "end_year": _("To year"),
}
#: Fields only a new record gets from the card (a match keeps its own).
NEW_ONLY = {"title", "status"}


@dataclass
class FieldRow:
    name: str
    label: str
    value: str
    choices: list[tuple[str, str]] = field(default_factory=list)
    current: str | None = None  # the match's value, when it differs
    update: bool = False  # the reviewer ticked "change this on the match"
    errors: list[str] = field(default_factory=list)
    number: bool = False
    inherited: bool = False  # taken from the main meeting, and not changed by the reviewer

    @property
    def differs(self) -> bool:
        return self.current is not None


@dataclass
class Card:
    prefix: str
    review: ProposalReview
    include: bool
    create_new: bool
    lock_version: int | None
    fields: list[FieldRow]
    audience: str
    tlp: str
    errors: list[str] = field(default_factory=list)
    #: The cards of the meetings held alongside this one.
    consultations: list[Card] = field(default_factory=list)

    @property
    def proposal(self) -> dict[str, Any]:
        return self.review.proposal

    @property
    def name(self) -> str:
        """What the text calls the meeting: "19th SOMTC" (the body's code, numbered)."""
        body = self.proposal.get("body") or str(_("unknown body"))
        number = self.proposal.get("number")
        return f"{ordinal(number)} {body}" if isinstance(number, int) and number else body


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _card(r: ProposalReview, post: QueryDict | None, errors: dict[str, list[str]]) -> Card:
    prefix = r.key
    meeting = r.kind == "meeting"
    labels = MEETING_LABELS if meeting else INSTRUMENT_LABELS
    currents = {d.field: d.current for d in r.differences}

    def posted(name: str, default: Any) -> str:
        return post.get(f"{prefix}-{name}", _text(default)) if post is not None else _text(default)

    default_include = r.proposal.get("relation") != "mentioned" if meeting else True
    include = bool(post.get(f"{prefix}-include")) if post is not None else default_include
    create_new = r.record is None or (post is not None and post.get(f"{prefix}-action") == "new")
    rows = []
    for name, label in labels.items():
        if name in NEW_ONLY and r.record is not None and meeting:
            continue
        default = r.proposal.get(name)
        if name == "status":
            default = ""
        row = FieldRow(
            name,
            str(label),
            posted(name, default),
            current=currents.get(name),
            update=bool(post and post.get(f"{prefix}-update-{name}")),
            errors=errors.pop(f"{prefix}.{name}", []),
            number=name in {"number", "start_year", "end_year"},
        )
        row.inherited = name in r.inherited and row.value == _text(default)
        if name == "status":
            row.choices = [("", str(_("from the text")))] + [
                (v, str(lbl)) for v, lbl in Meeting.Status.choices
            ]
        if name == "kind":
            row.choices = [(v, str(lbl)) for v, lbl in Instrument.Kind.choices]
        rows.append(row)
    lock = r.record.lock_version if r.record is not None else None
    posted_lock = str(post.get(f"{prefix}-lock_version") or "") if post is not None else ""
    if posted_lock.isdigit():
        lock = int(posted_lock)
    card_errors = [m for k in list(errors) if k.startswith(prefix + ".") for m in errors.pop(k)]
    card_errors += errors.pop(prefix, [])
    return Card(
        prefix=prefix,
        review=r,
        include=include,
        create_new=create_new,
        lock_version=lock,
        fields=rows,
        audience=posted("audience", Audience.PUBLIC),
        tlp=posted("tlp", TLP.CLEAR),
        errors=card_errors,
    )


def _error_keys(exc: ValidationError | None) -> dict[str, list[str]]:
    """Service error keys ("meetings.0.city") in the cards' terms ("m0.city")."""
    if exc is None:
        return {}
    if not hasattr(exc, "error_dict"):
        return {"": list(exc.messages)}
    out: dict[str, list[str]] = {}
    for key, errors in exc.message_dict.items():
        parts = key.split(".")
        if parts[0] in {"meetings", "instruments"} and len(parts) >= 2:
            key = ".".join([parts[0][0] + parts[1], *parts[2:]])
        out.setdefault(key, []).extend(errors)
    return out


@dataclass
class ReviewForm:
    meetings: list[Card]
    instruments: list[Card]
    crime_areas: set[str]
    parties: set[str]
    document_title: str
    document_audience: str
    document_tlp: str
    errors: list[str]  # not tied to a card

    @property
    def meeting_groups(self) -> list[Card]:
        """The meetings' cards as the page shows them: each main meeting with the cards of the
        consultations held alongside it (``Card.consultations``)."""
        return [card for card in self.meetings if card.review.part_of is None]


def review_form(
    r: DraftReview,
    *,
    draft_title: str,
    post: QueryDict | None = None,
    error: ValidationError | None = None,
) -> ReviewForm:
    errors = _error_keys(error)
    meetings = [_card(m, post, errors) for m in r.meetings]
    for card in meetings:
        if card.review.part_of is not None:
            meetings[card.review.part_of].consultations.append(card)
    instruments = [_card(i, post, errors) for i in r.instruments]
    if post is None:
        areas = {c.code for c in r.crime_areas}
        parties = {c.code for c in r.parties}
    else:
        areas, parties = set(post.getlist("crime_areas")), set(post.getlist("parties"))
    rest = [f"{k}: {m}" if k else m for k, messages in errors.items() for m in messages]
    return ReviewForm(
        meetings=meetings,
        instruments=instruments,
        crime_areas=areas,
        parties=parties,
        document_title=post.get("doc-title", draft_title) if post is not None else draft_title,
        document_audience=post.get("doc-audience", Audience.PUBLIC) if post else Audience.PUBLIC,
        document_tlp=post.get("doc-tlp", TLP.CLEAR) if post else TLP.CLEAR,
        errors=rest,
    )


def decisions_from_post(form: ReviewForm) -> dict[str, Any]:
    """What the reviewer ticked and typed, as ``confirm_draft``'s decisions."""

    def entries(cards: list[Card]) -> list[dict[str, Any]]:
        out = []
        for card in cards:
            if not card.include:
                continue
            entry: dict[str, Any] = {"index": card.review.index}
            if card.create_new:
                entry["match"] = None
                entry["fields"] = {row.name: row.value for row in card.fields}
                entry["audience"], entry["tlp"] = card.audience, card.tlp
            else:
                entry["match"] = card.review.record.pk if card.review.record else None
                entry["lock_version"] = card.lock_version
                chosen = [row for row in card.fields if row.update]
                entry["update"] = [row.name for row in chosen]
                entry["fields"] = {row.name: row.value for row in chosen}
            out.append(entry)
        return out

    return {
        "meetings": entries(form.meetings),
        "instruments": entries(form.instruments),
        "crime_areas": sorted(form.crime_areas),
        "parties": sorted(form.parties),
        "document": {
            "title": form.document_title,
            "audience": form.document_audience,
            "tlp": form.document_tlp,
        },
    }


AUDIENCE_CHOICES = [(v, str(label)) for v, label in Audience.choices]
TLP_CHOICES = [(v, str(label)) for v, label in TLP.choices]
