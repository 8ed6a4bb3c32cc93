"""Writes to meetings, agendas, participants, outcomes and forwardings.

Every rule lives here once: the UI forms and the API call these functions, so a duplicate
meeting number or a forwarding back in time is refused the same way everywhere
(``ValidationError`` on the field → a form error or a 422). Codes (body, party) come in as
the canonical strings users and clients know, and are resolved here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mufakat.core.audience import TLP, Audience
from mufakat.core.errors import ConflictError
from mufakat.core.models import SharingGroup, TrackedModel
from mufakat.core.partial_dates import PartialDate, Precision
from mufakat.core.services import create_audited, delete_audited, update_audited
from mufakat.core.title_translations import clean_title_translations
from mufakat.meetings.models import AgendaItem, Forwarding, Meeting, Outcome, Participant, ordinal
from mufakat.meetings.permissions import require_meeting_editor
from mufakat.registry.models import Agency, Party
from mufakat.registry.selectors import resolve_body, resolve_party
from mufakat.search.indexing import index_object, unindex_object

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from mufakat.accounts.models import User

    Actor = User | AnonymousUser

M = TypeVar("M", bound=TrackedModel)

#: Fields of a meeting a caller may set; anything else in ``changes`` is refused.
MEETING_FIELDS = frozenset(
    {
        "body",
        "number",
        "title",
        "title_translations",
        "start_date",
        "end_date",
        "city",
        "is_virtual",
        "host",
        "chair",
        "status",
        "summary",
        "source",
        "audience",
        "tlp",
        "owner_party",
        "sharing_groups",
    }
)
OUTCOME_FIELDS = frozenset(
    {
        "kind",
        "text",
        "responsible",
        "due_date",
        "instrument",
        "source",
        "audience",
        "tlp",
        "owner_party",
        "sharing_groups",
    }
)
AGENDA_FIELDS = frozenset({"position", "title", "description", "source"})


# -- small parsers shared by meetings and outcomes ---------------------------------------------


def _refuse_unknown_fields(changes: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationError({name: _("“%s” cannot be changed here.") % name for name in unknown})


def _optional_party(code: str | None, field: str) -> Party | None:
    """Blank means "none"; anything else must be a known party code."""
    if code is None or not str(code).strip():
        return None
    return resolve_party(str(code), field=field)


def _partial_date(value: str | dt.date | PartialDate, field: str) -> PartialDate:
    try:
        return PartialDate.parse(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _day_date(value: str | dt.date | None, field: str) -> dt.date | None:
    """A date known to the day (end dates, due dates); blank means none."""
    if value is None or value == "":
        return None
    parsed = _partial_date(value, field)
    if parsed.precision != Precision.DAY:
        raise ValidationError({field: _("Give the day (YYYY-MM-DD), not only %s.") % parsed})
    return parsed.date


def resolve_sharing_groups(codes: Iterable[Any]) -> list[SharingGroup]:
    """Sharing groups by code (the API) or as objects (forms)."""
    items = list(codes)
    groups = [g for g in items if isinstance(g, SharingGroup)]
    wanted = [str(c) for c in items if not isinstance(c, SharingGroup)]
    if wanted:
        found = {g.code: g for g in SharingGroup.objects.filter(code__in=wanted)}
        unknown = [c for c in wanted if c not in found]
        if unknown:
            raise ValidationError(
                {"sharing_groups": _("Unknown sharing group code(s): %s.") % ", ".join(unknown)}
            )
        groups += [found[c] for c in wanted]
    return groups


def _restriction(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Audience, TLP, owner and sharing groups, resolved (core checks the TLP cap)."""
    data: dict[str, Any] = {}
    for name in ("audience", "tlp", "source"):
        if name in changes:
            data[name] = changes[name] if changes[name] is not None else ""
    if "owner_party" in changes:
        data["owner_party"] = _optional_party(changes["owner_party"], "owner_party")
    if "sharing_groups" in changes:
        data["sharing_groups"] = resolve_sharing_groups(changes["sharing_groups"] or [])
    return data


def _current(model: type[M], pk: int, expected_version: int | None) -> M:
    """The row as stored now, locked; a conflict is reported before any validation error."""
    current = model._default_manager.select_for_update().get(pk=pk)
    if expected_version is not None and current.lock_version != expected_version:
        raise ConflictError(current.lock_version)
    return current


# -- meetings ----------------------------------------------------------------------------------


def _meeting_data(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Turn caller input (codes, date strings) into model field values."""
    _refuse_unknown_fields(changes, MEETING_FIELDS)
    data = _restriction(changes)
    if "body" in changes:
        data["body"] = resolve_body(str(changes["body"] or ""), field="body")
    for name in ("host", "chair"):
        if name in changes:
            data[name] = _optional_party(changes[name], name)
    if "start_date" in changes:
        if changes["start_date"] in (None, ""):
            raise ValidationError({"start_date": _("A meeting needs a start date.")})
        start = _partial_date(changes["start_date"], "start_date")
        data["start_date"], data["start_precision"] = start.date, start.precision
    if "end_date" in changes:
        data["end_date"] = _day_date(changes["end_date"], "end_date")
    if "title_translations" in changes:
        data["title_translations"] = clean_title_translations(changes["title_translations"])
    for name in ("number", "title", "city", "is_virtual", "status", "summary"):
        if name in changes:
            data[name] = changes[name]
    for name in ("title", "city", "summary"):
        if name in data and data[name] is None:
            data[name] = ""
    if "is_virtual" in data:
        data["is_virtual"] = bool(data["is_virtual"])
    return data


def _check_meeting(meeting: Meeting, *, actor: Actor, was_planned: bool = False) -> None:
    """The rules a meeting must satisfy after any change.

    A meeting known only by its month is fine while planned, and for history taken from sources
    that give only the month; but whoever records that a planned meeting took place gives its day.
    """
    if meeting.start_precision == Precision.YEAR:
        raise ValidationError(
            {"start_date": _("Give at least the month of the meeting (YYYY-MM).")}
        )
    if (
        was_planned
        and meeting.start_precision == Precision.MONTH
        and meeting.status != Meeting.Status.PLANNED
    ):
        raise ValidationError(
            {
                "start_date": _(
                    "To record this meeting as %(status)s, give the day it started "
                    "(YYYY-MM-DD), not only the month."
                )
                % {"status": meeting.get_status_display().lower()}
            }
        )
    if meeting.end_date is not None and meeting.end_date < meeting.start_date:
        raise ValidationError(
            {
                "end_date": _("The meeting cannot end (%(end)s) before it starts (%(start)s).")
                % {"end": meeting.end_date.isoformat(), "start": str(meeting.start)}
            }
        )
    if meeting.number is not None and meeting.number < 1:
        raise ValidationError({"number": _("Meetings are numbered from 1 (the 1st meeting).")})
    if meeting.number is not None:
        clash = (
            Meeting.objects.filter(body=meeting.body, number=meeting.number)
            .exclude(pk=meeting.pk)
            .first()
        )
        if clash is not None:
            seen = Meeting.objects.visible_to(actor).filter(pk=clash.pk).exists()
            what = (
                _("“%(title)s”, %(when)s") % {"title": clash.title, "when": clash.start.display()}
                if seen
                else _("a meeting you cannot see")
            )
            raise ValidationError(
                {
                    "number": _("The %(body)s already has a %(nth)s meeting (%(what)s).")
                    % {"body": meeting.body.code, "nth": ordinal(meeting.number), "what": what}
                }
            )


def _check_forwarding_order(meeting: Meeting) -> None:
    """After moving a meeting, forwardings must still go forward in time."""
    too_late = Forwarding.objects.filter(
        outcome__meeting=meeting, to_meeting__start_date__lte=meeting.start_date
    ).exists()
    too_early = Forwarding.objects.filter(
        to_meeting=meeting, outcome__meeting__start_date__gte=meeting.start_date
    ).exists()
    if too_late or too_early:
        raise ValidationError(
            {
                "start_date": _(
                    "With this date, outcomes would be forwarded to an earlier meeting; "
                    "outcomes can only be forwarded to a later meeting."
                )
            }
        )


def _fill_title(meeting: Meeting) -> None:
    if not (meeting.title or "").strip():
        meeting.title = meeting.default_title()


def create_meeting(
    *,
    actor: Actor,
    body: str,
    start_date: str | dt.date,
    number: int | None = None,
    title: str = "",
    end_date: str | dt.date | None = None,
    city: str = "",
    is_virtual: bool = False,
    host: str | None = None,
    chair: str | None = None,
    status: str = Meeting.Status.PLANNED,
    summary: str = "",
    source: str = "",
    audience: str = Audience.ORGANISATION,
    tlp: str = TLP.AMBER,
    owner_party: str | None = None,
    sharing_groups: Iterable[Any] = (),
    title_translations: Mapping[str, str] | None = None,
) -> Meeting:
    """Schedule (or record) a meeting of a body; the title defaults to "19th <body name>"."""
    require_meeting_editor(actor)
    data = _meeting_data(
        {
            "body": body,
            "number": number,
            "title": title,
            "start_date": start_date,
            "end_date": end_date,
            "city": city,
            "is_virtual": is_virtual,
            "host": host,
            "chair": chair,
            "status": status,
            "summary": summary,
            "source": source,
            "audience": audience,
            "tlp": tlp,
            "owner_party": owner_party,
            "sharing_groups": sharing_groups,
            "title_translations": dict(title_translations or {}),
        }
    )
    with transaction.atomic():
        draft = Meeting(**{k: v for k, v in data.items() if k != "sharing_groups"})
        _fill_title(draft)
        _check_meeting(draft, actor=actor)
        data["title"] = draft.title
        created = create_audited(Meeting, actor=actor, data=data)
        index_object(created)  # search: the document follows the record, in this transaction
        return created


def update_meeting(
    *,
    actor: Actor,
    meeting: Meeting,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Meeting:
    """Change a meeting; ``changes`` uses the names of :func:`create_meeting`'s arguments."""
    require_meeting_editor(actor)
    data = _meeting_data(changes)
    with transaction.atomic():
        draft = _current(Meeting, meeting.pk, expected_version)
        was_planned = draft.status == Meeting.Status.PLANNED
        for name, value in data.items():
            if name != "sharing_groups":
                setattr(draft, name, value)
        _fill_title(draft)
        _check_meeting(draft, actor=actor, was_planned=was_planned)
        if "start_date" in data:
            _check_forwarding_order(draft)
        if "title" in data:
            data["title"] = draft.title
        updated = update_audited(
            meeting, actor=actor, changes=data, expected_version=expected_version
        )
        index_object(updated)  # with its outcomes, whose titles carry the meeting's number
        return updated


def delete_meeting(*, actor: Actor, meeting: Meeting) -> None:
    """Delete a meeting with its agenda, participants and outcomes.

    Refused while its outcomes were forwarded elsewhere or it received outcomes: deleting it
    would cut a chain other meetings' records depend on.
    """
    require_meeting_editor(actor)
    with transaction.atomic():
        if Forwarding.objects.filter(outcome__meeting=meeting).exists():
            raise ValidationError(
                _(
                    "Outcomes of this meeting were forwarded to other meetings; "
                    "withdraw those forwardings before deleting the meeting."
                )
            )
        if Forwarding.objects.filter(to_meeting=meeting).exists():
            raise ValidationError(
                _(
                    "Outcomes of other meetings were forwarded to this meeting; "
                    "it cannot be deleted."
                )
            )
        unindex_object(meeting)  # with its outcomes
        for outcome in meeting.outcomes.select_related("meeting__body"):
            delete_audited(outcome, actor=actor)
        delete_audited(meeting, actor=actor)


# -- agenda ------------------------------------------------------------------------------------


def _check_position_free(meeting: Meeting, position: int, exclude_pk: int | None = None) -> None:
    taken = AgendaItem.objects.filter(meeting=meeting, position=position).exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {"position": _("The agenda already has an item %(n)s.") % {"n": position}}
        )


def add_agenda_item(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    position: int | None = None,
    description: str = "",
    source: str = "",
) -> AgendaItem:
    """Add an item; without a position it goes at the end."""
    require_meeting_editor(actor)
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        if position is None:
            last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
            position = last + 1
        _check_position_free(meeting, position)
        created = create_audited(
            AgendaItem,
            actor=actor,
            data={
                "meeting": meeting,
                "position": position,
                "title": title,
                "description": description,
                "source": source,
            },
        )
        index_object(meeting)  # the agenda is part of the meeting's search document
        return created


def update_agenda_item(
    *,
    actor: Actor,
    item: AgendaItem,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> AgendaItem:
    require_meeting_editor(actor)
    _refuse_unknown_fields(changes, AGENDA_FIELDS)
    data = {k: ("" if v is None and k != "position" else v) for k, v in changes.items()}
    with transaction.atomic():
        position = data.get("position")
        if position is not None:
            _check_position_free(item.meeting, int(position), exclude_pk=item.pk)
        updated = update_audited(item, actor=actor, changes=data, expected_version=expected_version)
        index_object(item.meeting)
        return updated


def remove_agenda_item(*, actor: Actor, item: AgendaItem) -> None:
    require_meeting_editor(actor)
    delete_audited(item, actor=actor)
    index_object(item.meeting)


# -- participants ------------------------------------------------------------------------------


def add_participant(
    *,
    actor: Actor,
    meeting: Meeting,
    party: str,
    agency: str | None = None,
    head_of_delegation: str = "",
    source: str = "",
) -> Participant:
    """A delegation at the meeting; ``agency`` is an acronym of one of that party's agencies."""
    require_meeting_editor(actor)
    delegation = resolve_party(party, field="party")
    agency_obj = None
    if agency and agency.strip():
        agency_obj = Agency.objects.filter(party=delegation, acronym__iexact=agency.strip()).first()
        if agency_obj is None:
            raise ValidationError(
                {
                    "agency": _("%(party)s has no agency “%(agency)s”.")
                    % {"party": delegation.code, "agency": agency}
                }
            )
    with transaction.atomic():
        if Participant.objects.filter(meeting=meeting, party=delegation).exists():
            raise ValidationError(
                {"party": _("%(party)s is already listed.") % {"party": delegation.code}}
            )
        created = create_audited(
            Participant,
            actor=actor,
            data={
                "meeting": meeting,
                "party": delegation,
                "agency": agency_obj,
                "head_of_delegation": head_of_delegation or "",
                "source": source or "",
            },
        )
        index_object(meeting)  # participants are the meeting's party facet in search
        return created


def remove_participant(*, actor: Actor, participant: Participant) -> None:
    require_meeting_editor(actor)
    delete_audited(participant, actor=actor)
    index_object(participant.meeting)


# -- outcomes ----------------------------------------------------------------------------------


def _outcome_data(changes: Mapping[str, Any], *, actor: Actor) -> dict[str, Any]:
    _refuse_unknown_fields(changes, OUTCOME_FIELDS)
    data = _restriction(changes)
    for name in ("kind", "text"):
        if name in changes:
            data[name] = changes[name] if changes[name] is not None else ""
    if "responsible" in changes:
        data["responsible"] = _optional_party(changes["responsible"], "responsible")
    if "due_date" in changes:
        data["due_date"] = _day_date(changes["due_date"], "due_date")
    if "instrument" in changes:
        data["instrument"] = _instrument(changes["instrument"], actor=actor)
    return data


def _instrument(key: Any, *, actor: Actor) -> Any:
    """An instrument the actor can see, by key (the API) or as an object (forms)."""
    from mufakat.workplans.models import Instrument

    if key is None or key == "":
        return None
    if isinstance(key, Instrument):
        return key
    found = Instrument.objects.visible_to(actor).filter(key=str(key)).first()
    if found is None:
        raise ValidationError({"instrument": _("Unknown instrument “%s”.") % key})
    return found


def create_outcome(
    *,
    actor: Actor,
    meeting: Meeting,
    kind: str,
    text: str,
    responsible: str | None = None,
    due_date: str | dt.date | None = None,
    instrument: Any = None,
    source: str = "",
    audience: str = Audience.ORGANISATION,
    tlp: str = TLP.AMBER,
    owner_party: str | None = None,
    sharing_groups: Iterable[Any] = (),
) -> Outcome:
    """Record what a meeting produced; it gets the meeting's next number ("19/4")."""
    require_meeting_editor(actor)
    data = _outcome_data(
        {
            "kind": kind,
            "text": text,
            "responsible": responsible,
            "due_date": due_date,
            "instrument": instrument,
            "source": source,
            "audience": audience,
            "tlp": tlp,
            "owner_party": owner_party,
            "sharing_groups": sharing_groups,
        },
        actor=actor,
    )
    with transaction.atomic():
        # Lock the meeting so two editors adding outcomes at once get different numbers.
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        last = Outcome.objects.filter(meeting=meeting).aggregate(last=Max("number"))["last"]
        data.update(meeting=meeting, number=(last or 0) + 1)
        created = create_audited(Outcome, actor=actor, data=data)
        index_object(created)
        return created


def update_outcome(
    *,
    actor: Actor,
    outcome: Outcome,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Outcome:
    require_meeting_editor(actor)
    with transaction.atomic():
        _current(Outcome, outcome.pk, expected_version)
        data = _outcome_data(changes, actor=actor)
        updated = update_audited(
            outcome, actor=actor, changes=data, expected_version=expected_version
        )
        index_object(updated)
        return updated


# -- forwarding --------------------------------------------------------------------------------


def forward_outcome(
    *, actor: Actor, outcome: Outcome, to_meeting: int | Meeting, source: str = ""
) -> Forwarding:
    """Submit an outcome to a later meeting (usually of a higher body).

    A meeting the actor cannot see is reported as unknown, exactly like a missing one.
    """
    require_meeting_editor(actor)
    target_pk = to_meeting.pk if isinstance(to_meeting, Meeting) else to_meeting
    target = (
        Meeting.objects.visible_to(actor).select_related("body").filter(pk=target_pk).first()
        if target_pk is not None
        else None
    )
    if target is None:
        raise ValidationError({"to_meeting": _("Unknown meeting.")})
    origin = outcome.meeting
    if target.start_date <= origin.start_date:
        raise ValidationError(
            {
                "to_meeting": _(
                    "An outcome can only be forwarded to a later meeting; %(target)s "
                    "(%(when)s) does not start after %(origin)s (%(origin_when)s)."
                )
                % {
                    "target": target.title,
                    "when": target.start.display(),
                    "origin": origin.title,
                    "origin_when": origin.start.display(),
                }
            }
        )
    with transaction.atomic():
        if Forwarding.objects.filter(outcome=outcome, to_meeting=target).exists():
            raise ValidationError(
                {
                    "to_meeting": _("%(ref)s was already forwarded to %(target)s.")
                    % {"ref": outcome.reference, "target": target.title}
                }
            )
        return create_audited(
            Forwarding,
            actor=actor,
            data={"outcome": outcome, "to_meeting": target, "source": source},
            action="outcome.forward",
        )


def _require_decision_right(actor: Actor, forwarding: Forwarding) -> None:
    """Who records what the receiving meeting decided: the Secretariat for now.

    This is the one place to let the chair of the receiving body do it too.
    """
    require_meeting_editor(actor)


def record_decision(
    *,
    actor: Actor,
    forwarding: Forwarding,
    status: str,
    decision_note: str = "",
    resulting_outcome: int | Outcome | None = None,
    expected_version: int | None = None,
) -> Forwarding:
    """Record what the receiving meeting made of a forwarded outcome; it shows at the origin."""
    _require_decision_right(actor, forwarding)
    with transaction.atomic():
        _current(Forwarding, forwarding.pk, expected_version)
        if status not in Forwarding.Status.values:
            raise ValidationError({"status": _("Unknown status “%s”.") % status})
        result = None
        if resulting_outcome not in (None, ""):
            result_pk = (
                resulting_outcome.pk
                if isinstance(resulting_outcome, Outcome)
                else resulting_outcome
            )
            result = (
                Outcome.objects.visible_to(actor)
                .filter(pk=result_pk, meeting_id=forwarding.to_meeting_id)
                .first()
            )
            if result is None:
                raise ValidationError(
                    {"resulting_outcome": _("Not an outcome of the receiving meeting.")}
                )
        return update_audited(
            forwarding,
            actor=actor,
            changes={
                "status": status,
                "decision_note": decision_note or "",
                "resulting_outcome": result,
            },
            expected_version=expected_version,
            action="forwarding.decision",
        )
