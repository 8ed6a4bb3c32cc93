"""The work between meetings, dated from the day the demo is loaded.

The sourced demo data (:mod:`mufakat.demo.data`) ends with the meetings of 2025. A desk officer
signing in to the demo should find the cycle running: working groups met a few weeks ago and left
action items (some done, some due soon, one of Indonesia's overdue) and recommendations waiting
for the next SOMTC; the next SOMTC (in about six weeks) and AMMTC (in about three months) are
planned, with a provisional agenda, documents, invitations and some delegations named; reporting
rounds feed them (:mod:`mufakat.monitoring.demo`).

All of it is invented, and every record says so in its ``source`` field — never in a title, a
summary or a text. Meetings, agendas, outcomes and forwardings are written like the rest of the
demo data (validated rows, one audit event for the lot); everything a person does — reporting,
reviewing, following up an action item, adding a document, inviting, naming a delegation — goes
through that person's service, as that person.

Idempotent: meetings of the story are found again by their source note and keep the dates of the
first load; rows that exist are left as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.audit.services import record
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.demo.people import focal_point, secretariat
from mufakat.meetings import action_items, delegations, documents
from mufakat.meetings.models import (
    ActionItemUpdate,
    AgendaItem,
    FollowUp,
    Forwarding,
    Invitation,
    Meeting,
    MeetingDocument,
    Outcome,
    Participant,
    ordinal,
)
from mufakat.registry.models import Body, Party, PartyMembership
from mufakat.search.indexing import index_object
from mufakat.workplans.models import Instrument

M = TypeVar("M", bound=models.Model)

INVENTED = "Invented for the demonstration"
MEETING_SOURCE = {
    "recent": INVENTED + ": a working-group meeting dated a few weeks before the demo was loaded",
    "planned": INVENTED + ": the next meeting, planned from the day the demo was loaded; date, "
    "venue and agenda are not known from any source",
}
OUTCOME_SOURCE = INVENTED + ": an action item or recommendation written for the demo"
AGENDA_SOURCE = INVENTED + ": agenda written for the demo"
FORWARDING_SOURCE = INVENTED + ": forwarded for a decision at the next meeting"
DOCUMENT_SOURCE = (
    INVENTED + ": a short text written for the demo describing what such a document contains; "
    "not an official document of the meeting"
)
PARTICIPANT_SOURCE = INVENTED + ": attendance written for the demo"

#: Days from the day of loading.
WG_CT_HELD = -60
WG_CYBER_HELD = -35
NEXT_SOMTC = 45
NEXT_AMMTC = 100
NEXT_WG_CT = 220


@dataclass(frozen=True)
class Story:
    """The meetings of the story, as found or made."""

    wg_ct: Meeting
    wg_cyber: Meeting
    somtc: Meeting
    ammtc: Meeting
    wg_ct_next: Meeting  # what the Working Group's chair prepares
    previous_somtc: Meeting | None


def _say(stdout: Any, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _days(today: dt.date, n: int) -> dt.date:
    return today + dt.timedelta(days=n)


def _upsert(model: type[M], lookup: dict[str, Any], **values: Any) -> tuple[M, bool]:
    """Find by ``lookup`` or create with ``values`` (many-to-many included); validated."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is not None:
        return obj, False
    m2m_names = {f.name for f in model._meta.many_to_many}
    m2m = {k: values.pop(k) for k in list(values) if k in m2m_names}
    obj = model(**lookup, **values)
    obj.full_clean()
    obj.save()
    for name, targets in m2m.items():
        getattr(obj, name).set(list(targets))
    return obj, True


def _party(code: str) -> Party:
    return Party.objects.get(code=code)


def member_states(on: dt.date) -> list[Party]:
    members = PartyMembership.objects.filter(
        status=PartyMembership.Status.MEMBER, start_date__lte=on
    ).exclude(end_date__lte=on)
    return list(Party.objects.filter(pk__in=members.values("party_id")).order_by("code"))


def _next_number(body: Body, on: dt.date, *, base: tuple[int, int]) -> int:
    """The ordinal a meeting of ``body`` on ``on`` gets: after every held one, and at least
    the yearly count from a known (number, year)."""
    held = (
        Meeting.objects.filter(body=body, status=Meeting.Status.HELD).aggregate(n=Max("number"))[
            "n"
        ]
        or 0
    )
    number, year = base
    return max(held + 1, number + on.year - year)


def _meeting(
    body_code: str,
    kind: str,
    *,
    start: dt.date,
    end: dt.date,
    base: tuple[int, int] | None,
    title: str,
    status: str,
    summary: str = "",
    chair: str | None = None,
    virtual: bool = False,
) -> tuple[Meeting, bool]:
    """The story's meeting of ``body_code``: found by its source note, else by its number (an
    earlier planned meeting of the demo), else made."""
    body = Body.objects.get(code=body_code)
    source = MEETING_SOURCE[kind]
    found = Meeting.objects.filter(body=body, source=source, status=status).first()
    if found is not None:
        return found, False
    number = _next_number(body, start, base=base) if base else None
    values: dict[str, Any] = {
        "title": title.format(n=ordinal(number) if number else "", month=f"{start:%B %Y}"),
        "start_date": start,
        "start_precision": "day",
        "end_date": end,
        "city": "",
        "is_virtual": virtual,
        "host": _party(chair) if chair else None,
        "chair": _party(chair) if chair else None,
        "status": status,
        "summary": summary,
        "source": source,
        "audience": Audience.PUBLIC,
        "tlp": TLP.CLEAR,
        "owner_party": _party("ASEC"),
    }
    existing = Meeting.objects.filter(body=body, number=number).first() if number else None
    if existing is not None and existing.status == Meeting.Status.PLANNED:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.full_clean()
        existing.save()
        return existing, True
    lookup = {"body": body, "number": number, "source": values.pop("source")}
    meeting, _ = _upsert(Meeting, lookup, **values)
    return meeting, True


def make_meetings(today: dt.date) -> tuple[Story, bool]:
    wg_ct, a = _meeting(
        "SOMTC-WG-CT",
        "recent",
        start=_days(today, WG_CT_HELD),
        end=_days(today, WG_CT_HELD + 1),
        base=(19, 2023),
        title="{n} SOMTC Working Group on Counter Terrorism",
        status=Meeting.Status.HELD,
        chair="IDN",
        virtual=True,
        summary=(
            "Annual meeting of the Working Group, led by Indonesia (BNPT), held online. "
            "Members reviewed the Bali Work Plan, extended to 2026, exchanged country reports "
            "and agreed on follow-up actions before the next SOMTC."
        ),
    )
    wg_cyber, b = _meeting(
        "SOMTC-WG-CYBER",
        "recent",
        start=_days(today, WG_CYBER_HELD),
        end=_days(today, WG_CYBER_HELD),
        base=None,  # the sources do not number its meetings
        title="Meeting of the SOMTC Working Group on Cybercrime, {month}",
        status=Meeting.Status.HELD,
        chair="SGP",
        virtual=True,
        summary=(
            "Meeting of the Working Group, with Singapore as lead shepherd, held online. "
            "Following the AMMTC's call for more focus on cybercrime and online scams, members "
            "discussed cooperation on digital evidence and on requests for urgent assistance."
        ),
    )
    somtc, c = _meeting(
        "SOMTC",
        "planned",
        start=_days(today, NEXT_SOMTC),
        end=_days(today, NEXT_SOMTC + 2),
        base=(25, 2025),
        title="{n} ASEAN Senior Officials Meeting on Transnational Crime (SOMTC)",
        status=Meeting.Status.PLANNED,
        summary="Venue to be confirmed.",
    )
    ammtc, e = _meeting(
        "AMMTC",
        "planned",
        start=_days(today, NEXT_AMMTC),
        end=_days(today, NEXT_AMMTC + 1),
        base=(19, 2025),
        title="{n} ASEAN Ministerial Meeting on Transnational Crime (AMMTC)",
        status=Meeting.Status.PLANNED,
        summary="Venue to be confirmed.",
    )
    wg_ct_next, f = _meeting(
        "SOMTC-WG-CT",
        "planned",
        start=_days(today, NEXT_WG_CT),
        end=_days(today, NEXT_WG_CT + 1),
        base=(19, 2023),
        title="{n} SOMTC Working Group on Counter Terrorism",
        status=Meeting.Status.PLANNED,
        chair="IDN",
        summary="Venue to be confirmed.",
    )
    previous = (
        Meeting.objects.filter(body__code="SOMTC", status=Meeting.Status.HELD)
        .order_by("-start_date")
        .first()
    )
    return Story(wg_ct, wg_cyber, somtc, ammtc, wg_ct_next, previous), any((a, b, c, e, f))


# -- agendas and participants --------------------------------------------------------------------

AGENDAS: dict[str, tuple[str, ...]] = {
    "wg_ct": (
        "Adoption of the agenda",
        "Follow-up to the previous meeting",
        "Implementation of the Bali Work Plan, extended to 2026",
        "Country reports",
        "Cooperation with dialogue partners",
        "Report of the meeting to the SOMTC",
    ),
    "wg_cyber": (
        "Adoption of the agenda",
        "Cybercrime and online scams: trends in the region",
        "Digital evidence and urgent requests for assistance",
        "Report of the meeting to the SOMTC",
    ),
    "somtc": (
        "Adoption of the agenda",
        "Reports of the SOMTC working groups",
        "ASEAN–Japan work plan on combating transnational crime 2023–2027: progress reports",
        "Bali Work Plan, extended to 2026",
        "Follow-up of the action items of the previous SOMTC",
        "Preparations for the AMMTC",
        "Other matters",
    ),
    "wg_ct_next": (
        "Adoption of the agenda",
        "Follow-up of the action items of the previous meeting",
        "Implementation of the Bali Work Plan: final review",
        "Country reports",
        "Report of the meeting to the SOMTC",
    ),
    "ammtc": (
        "Adoption of the agenda",
        "Report of the SOMTC",
        "Implementation of the Bali Work Plan: progress reports",
        "ASEAN Plan of Action on Combating Transnational Crime 2026–2035",
        "Date and venue of the next meeting",
    ),
}


def make_agendas(story: Story) -> dict[str, list[AgendaItem]]:
    items: dict[str, list[AgendaItem]] = {}
    for key, titles in AGENDAS.items():
        meeting: Meeting = getattr(story, key)
        items[key] = [
            _upsert(
                AgendaItem,
                {"meeting": meeting, "position": position},
                title=title,
                source=AGENDA_SOURCE,
            )[0]
            for position, title in enumerate(titles, start=1)
        ]
    return items


def make_participants(story: Story) -> None:
    for meeting in (story.wg_ct, story.wg_cyber):
        for party in [*member_states(meeting.start_date), _party("ASEC")]:
            _upsert(
                Participant,
                {"meeting": meeting, "party": party},
                source=PARTICIPANT_SOURCE,
            )


# -- outcomes, action items and forwardings ------------------------------------------------------


@dataclass(frozen=True)
class StoryOutcome:
    meeting: str  # attribute of Story
    number: int
    kind: str
    title: str
    text: str
    responsible: str | None = None
    due: int | str | None = None  # days from the day of loading, or "somtc" (a week before it)
    forward: bool = False  # to the next SOMTC, waiting for its decision
    done: tuple[str, str] | None = None  # (username, note) of the update marking it done
    note: tuple[str, str] | None = None  # (username, note) of an update leaving it open
    group: str | None = None  # sharing group (TLP:AMBER), else public


OUTCOMES: tuple[StoryOutcome, ...] = (
    StoryOutcome(
        "wg_ct",
        1,
        "recommendation",
        "Continue implementing the Bali Work Plan and report progress to the AMMTC",
        "The Working Group recommended that member states continue implementing the Bali Work "
        "Plan, extended to 2026, and report their progress in the reporting round for the next "
        "AMMTC.",
        forward=True,
    ),
    StoryOutcome(
        "wg_ct",
        2,
        "action_item",
        "Circulate an overview of national programmes on preventing violent extremism",
        "Indonesia to circulate to the members of the Working Group a consolidated overview of "
        "national programmes on preventing violent extremism, as input to the next SOMTC.",
        responsible="IDN",
        due=-12,
        note=("idn.focal", "Contributions received from seven member states; two are awaited."),
    ),
    StoryOutcome(
        "wg_ct",
        3,
        "action_item",
        "Share the outline of the regional workshop on countering the financing of terrorism",
        "Malaysia to share with the members the outline and proposed dates of a regional "
        "workshop on countering the financing of terrorism.",
        responsible="MYS",
        due=9,
    ),
    StoryOutcome(
        "wg_ct",
        4,
        "action_item",
        "Update the list of national contact points of the Working Group",
        "Indonesia, as lead, to update the list of national contact points of the Working Group "
        "and share it with the members and the ASEAN Secretariat.",
        responsible="IDN",
        due=-30,
        done=(
            "idn.focal",
            "Updated list of contact points shared with all members and the ASEAN Secretariat.",
        ),
    ),
    StoryOutcome(
        "wg_ct",
        5,
        "decision",
        "Submit the report of the meeting to the next SOMTC",
        "The Working Group agreed to submit the report of the meeting, with its recommendations, "
        "to the next SOMTC.",
        forward=True,
    ),
    StoryOutcome(
        "wg_ct",
        6,
        "decision",
        "Consolidate the country reports into a working paper for the SOMTC",
        "The ASEAN Secretariat to consolidate the country reports presented at the meeting into "
        "a working paper for the next SOMTC.",
        responsible="ASEC",
        due="somtc",
    ),
    StoryOutcome(
        "wg_cyber",
        1,
        "recommendation",
        "Strengthen cooperation against online scams",
        "The Working Group recommended closer cooperation among law-enforcement agencies against "
        "online scams, including faster exchange of information on urgent cases.",
        forward=True,
    ),
    StoryOutcome(
        "wg_cyber",
        2,
        "action_item",
        "Circulate a draft outline of a regional training on digital evidence",
        "Singapore, as lead shepherd, to circulate a draft outline of a regional training "
        "course on handling digital evidence.",
        responsible="SGP",
        due=14,
    ),
    StoryOutcome(
        "wg_cyber",
        3,
        "action_item",
        "Share national contact points for urgent requests on cybercrime cases",
        "The Philippines to compile and share the national contact points for urgent requests "
        "for assistance on cybercrime cases.",
        responsible="PHL",
        due=-5,
    ),
    StoryOutcome(
        "wg_cyber",
        4,
        "action_item",
        "Share national experience with public awareness campaigns on online scams",
        "Thailand to share its experience with public awareness campaigns on online scams.",
        responsible="THA",
        due=-8,
        done=("tha.focal", "Presentation on the national campaign shared with the members."),
    ),
    StoryOutcome(
        "previous_somtc",
        1,
        "action_item",
        "Present a consolidated progress report on the ASEAN–Japan work plan",
        "Japan, with the ASEAN Secretariat, to present a consolidated progress report on the "
        "ASEAN–Japan work plan 2023–2027 at the next SOMTC, drawn from the reporting round.",
        responsible="JPN",
        due="somtc",
        group="ASEAN-JPN",
    ),
    StoryOutcome(
        "previous_somtc",
        2,
        "action_item",
        "Circulate the reporting template for the ASEAN–Japan work plan",
        "The ASEAN Secretariat to circulate the reporting template for the ASEAN–Japan work plan "
        "to the focal points.",
        responsible="ASEC",
        due=-40,
        done=("secretariat", "Template circulated to all focal points with the round's opening."),
        group="ASEAN-JPN",
    ),
)


def _due(value: int | str | None, story: Story, today: dt.date) -> dt.date | None:
    if value is None:
        return None
    if value == "somtc":
        return story.somtc.start_date - dt.timedelta(days=7)
    return _days(today, int(value))


def make_outcomes(story: Story, today: dt.date) -> list[tuple[StoryOutcome, Outcome]]:
    made: list[tuple[StoryOutcome, Outcome]] = []
    groups = {g.code: g for g in SharingGroup.objects.all()}
    for o in OUTCOMES:
        meeting: Meeting | None = getattr(story, o.meeting)
        if meeting is None:
            continue
        access: dict[str, Any] = {"audience": Audience.PUBLIC, "tlp": TLP.CLEAR}
        if o.group:
            access = {
                "audience": Audience.SHARING_GROUP,
                "tlp": TLP.AMBER,
                "sharing_groups": [groups[o.group]],
            }
        outcome, _ = _upsert(
            Outcome,
            {"meeting": meeting, "number": o.number},
            kind=o.kind,
            text=f"{o.title}\n\n{o.text}",
            responsible=_party(o.responsible) if o.responsible else None,
            due_date=_due(o.due, story, today),
            source=OUTCOME_SOURCE,
            owner_party=_party("ASEC"),
            **access,
        )
        made.append((o, outcome))
        if o.forward:
            _upsert(
                Forwarding,
                {"outcome": outcome, "to_meeting": story.somtc},
                status=Forwarding.Status.PENDING,
                source=FORWARDING_SOURCE,
            )
    return made


def follow_up_action_items(made: list[tuple[StoryOutcome, Outcome]], today: dt.date) -> int:
    """The updates people wrote on their action items, through the action-item service."""
    written = 0
    for o, outcome in made:
        for step, state in ((o.note, FollowUp.OPEN), (o.done, FollowUp.DONE)):
            if step is None or outcome.updates.filter(follow_up=state).exists():
                continue
            username, note = step
            author = User.objects.filter(username=username).first() or focal_point(
                username.split(".")[0].upper()
            )
            action_items.record_update(actor=author, outcome=outcome, follow_up=state, note=note)
            written += 1
            if state == FollowUp.DONE and outcome.due_date is not None:
                _date_done(outcome, min(outcome.due_date - dt.timedelta(days=2), today))
    return written


#: Action items of the sourced meetings that were long done: (meeting body, number, outcome
#: number, username, note, day done).
SOURCED_FOLLOW_UPS: tuple[tuple[str, int, int, str, str, dt.date], ...] = (
    (
        "SOMTC-WG-CT",
        19,
        4,
        "idn.focal",
        "Followed up with the partners concerned before the 23rd SOMTC.",
        dt.date(2023, 6, 16),
    ),
)


def close_sourced_action_items() -> int:
    """Close the sourced meetings' action items that were done long ago, so that the desks show
    what is late now, not what was settled years ago."""
    written = 0
    for body, number, outcome_number, username, note, day in SOURCED_FOLLOW_UPS:
        outcome = Outcome.objects.filter(
            meeting__body__code=body, meeting__number=number, number=outcome_number
        ).first()
        author = User.objects.filter(username=username).first()
        if outcome is None or author is None or outcome.updates.exists():
            continue
        action_items.record_update(
            actor=author, outcome=outcome, follow_up=FollowUp.DONE, note=note
        )
        _date_done(outcome, day)
        written += 1
    return written


def _date_done(outcome: Outcome, day: dt.date) -> None:
    """Move "done" to the day the story says (the service stamps today)."""
    Outcome.objects.filter(pk=outcome.pk).update(done_on=day)
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(11, 0)))
    ActionItemUpdate.objects.filter(outcome=outcome, follow_up=FollowUp.DONE).update(
        created_at=when, updated_at=when
    )


# -- documents -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryDocument:
    meeting: str  # attribute of Story, or "BODY/NUMBER" of a sourced meeting
    kind: str
    title: str
    text: str
    agenda_item: int | None = None  # position
    audience: str = Audience.PUBLIC
    tlp: str = TLP.CLEAR
    group: str | None = None
    published: int | None = None  # days from the day of loading
    parties: tuple[str, ...] = ()  # the parties it is about (a country report's)


DOCUMENTS: tuple[StoryDocument, ...] = (
    # The next SOMTC
    StoryDocument(
        "somtc",
        "provisional_agenda",
        "Provisional agenda",
        "Provisional agenda of the meeting: adoption of the agenda; reports of the SOMTC "
        "working groups; progress reports on the ASEAN–Japan work plan 2023–2027; the Bali Work "
        "Plan, extended to 2026; follow-up of the action items of the previous SOMTC; "
        "preparations for the AMMTC; other matters.",
        agenda_item=1,
        published=-10,
    ),
    StoryDocument(
        "somtc",
        "annotated_agenda",
        "Annotated provisional agenda",
        "For each item of the provisional agenda, the documents to be considered and the "
        "decisions the meeting is invited to take, including the recommendations forwarded by "
        "the working groups on counter terrorism and cybercrime.",
        audience=Audience.MEMBER_STATES,
        tlp=TLP.GREEN,
        published=-3,
    ),
    StoryDocument(
        "somtc",
        "working_paper",
        "Working paper: progress on the ASEAN–Japan work plan",
        "Summary of the progress reports received so far in the round for this meeting, "
        "activity by activity, with the points on which ASEAN and Japan are invited to agree "
        "before the figures are frozen for the meeting.",
        agenda_item=3,
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        group="ASEAN-JPN",
        published=-2,
    ),
    # The next AMMTC
    StoryDocument(
        "ammtc",
        "provisional_agenda",
        "Provisional agenda",
        "Provisional agenda of the ministerial meeting: adoption of the agenda; report of the "
        "SOMTC; implementation of the Bali Work Plan; the ASEAN Plan of Action on Combating "
        "Transnational Crime 2026–2035; date and venue of the next meeting.",
        agenda_item=1,
        published=-1,
    ),
    # The working group on counter terrorism that just met
    StoryDocument(
        "wg_ct",
        "annotated_agenda",
        "Annotated agenda",
        "The items of the meeting with, for each, the background documents and the expected "
        "outcome: follow-up of the previous meeting, the Bali Work Plan, country reports, "
        "cooperation with dialogue partners and the report to the SOMTC.",
        published=WG_CT_HELD - 14,
    ),
    StoryDocument(
        "wg_ct",
        "working_paper",
        "Working paper: implementation of the Bali Work Plan",
        "Overview of the activities under the four priority areas of the Bali Work Plan — "
        "prevention; counter-radicalisation and de-radicalisation; law enforcement and national "
        "legislation; partnership and regional cooperation — and of what remains before the "
        "plan ends in 2026.",
        agenda_item=3,
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        group="WG-CT",
        published=WG_CT_HELD - 7,
    ),
    StoryDocument(
        "wg_ct",
        "country_report",
        "Country report: Indonesia",
        "Indonesia's report to the Working Group on its national programmes for preventing "
        "violent extremism and on the activities it leads under the Bali Work Plan.",
        agenda_item=4,
        audience=Audience.MEMBER_STATES,
        tlp=TLP.GREEN,
        published=WG_CT_HELD - 2,
        parties=("IDN",),
    ),
    StoryDocument(
        "wg_ct",
        "country_report",
        "Country report: Malaysia",
        "Malaysia's report to the Working Group on its counter-terrorism cooperation during the "
        "year, including training offered to other member states.",
        agenda_item=4,
        audience=Audience.MEMBER_STATES,
        tlp=TLP.GREEN,
        published=WG_CT_HELD - 2,
        parties=("MYS",),
    ),
    StoryDocument(
        "wg_ct",
        "report",
        "Report of the meeting",
        "The report records the Working Group's review of the Bali Work Plan, the country "
        "reports presented, the recommendations submitted to the next SOMTC and the action "
        "items agreed, with who is responsible and by when.",
        agenda_item=6,
        published=WG_CT_HELD + 5,
    ),
    # The working group on cybercrime that just met
    StoryDocument(
        "wg_cyber",
        "report",
        "Report of the meeting",
        "The report records the discussion on online scams and digital evidence, the "
        "recommendation submitted to the next SOMTC and the action items agreed.",
        agenda_item=4,
        published=WG_CYBER_HELD + 4,
    ),
    # Meetings of the sourced record
    StoryDocument(
        "SOMTC-WG-CT/19",
        "provisional_agenda",
        "Provisional agenda",
        "Provisional agenda of the meeting in Bali: exchange of good practices; implementation "
        "of the Bali Work Plan 2019–2025; prevention and law enforcement; collaboration with "
        "stakeholders; future plans; report to the SOMTC and the AMMTC.",
        agenda_item=1,
    ),
    StoryDocument(
        "SOMTC-WG-CT/19",
        "report",
        "Report of the meeting",
        "Summary of the meeting held in Bali on 18 May 2023, led by Indonesia: the Working Group "
        "discussed the Bali Work Plan 2019–2025 and agreed to submit its outcomes to the SOMTC in "
        "Yogyakarta and to the AMMTC in Labuan Bajo.",
        agenda_item=6,
    ),
    StoryDocument(
        "AMMTC/17",
        "provisional_agenda",
        "Provisional agenda",
        "Provisional agenda of the ministerial meeting in Labuan Bajo: report of the 23rd SOMTC; "
        "the ASEAN–Japan work plan 2023–2027; SOMTC work plans with dialogue partners; "
        "monitoring the implementation of work plans.",
        agenda_item=1,
    ),
    StoryDocument(
        "AMMTC/17",
        "working_paper",
        "Working paper: monitoring the ASEAN–Japan work plan",
        "How ASEAN and Japan propose to follow the implementation of the work plan 2023–2027 "
        "through SOMTC and AMMTC meetings: reporting rounds before each SOMTC, review by the "
        "Secretariat, and a consolidated report to the ministers.",
        agenda_item=2,
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        group="ASEAN-JPN",
    ),
)


def _document_meeting(key: str, story: Story) -> Meeting | None:
    if "/" not in key:
        meeting: Meeting | None = getattr(story, key)
        return meeting
    body, number = key.split("/", 1)
    return Meeting.objects.filter(body__code=body, number=int(number)).first()


def add_documents(story: Story, actor: User, today: dt.date) -> int:
    """The documents the Secretariat put on the meetings, through the documents service."""
    added = 0
    for doc in DOCUMENTS:
        meeting = _document_meeting(doc.meeting, story)
        if (
            meeting is None
            or MeetingDocument.objects.filter(
                meeting=meeting, title=doc.title, kind=doc.kind
            ).exists()
        ):
            continue
        item = (
            AgendaItem.objects.filter(meeting=meeting, position=doc.agenda_item).first()
            if doc.agenda_item
            else None
        )
        published = _days(today, doc.published) if doc.published is not None else meeting.start_date
        created = documents.add_document(
            actor=actor,
            meeting=meeting,
            title=doc.title,
            kind=doc.kind,
            text=doc.text,
            agenda_item=item,
            published=min(published, today),
            audience=doc.audience,
            tlp=doc.tlp,
            sharing_groups=[doc.group] if doc.group else [],
            parties=doc.parties,
        )
        # The service keeps a source URL as the source; the story's documents have none.
        MeetingDocument.objects.filter(pk=created.pk).update(source=DOCUMENT_SOURCE)
        added += 1
    return added


# -- invitations and delegations -----------------------------------------------------------------

#: Delegations named so far, per meeting: party → rows. Delegates are named by their function,
#: never by a person's name (the demo invents no people).
NOMINATIONS: dict[str, dict[str, tuple[delegations.DelegateInput, ...]]] = {
    "somtc": {
        "IDN": (
            delegations.DelegateInput(
                "Head of delegation, BNPT", "Senior official for SOMTC", "BNPT", is_head=True
            ),
            delegations.DelegateInput("Delegate, POLRI", "International relations", "POLRI"),
            delegations.DelegateInput("Delegate, BNPT", "International cooperation", "BNPT"),
        ),
        "SGP": (
            delegations.DelegateInput(
                "Head of delegation, Singapore Police Force",
                "Senior official for SOMTC",
                "SPF",
                is_head=True,
            ),
        ),
        "THA": (
            delegations.DelegateInput(
                "Head of delegation, Royal Thai Police",
                "Senior official for SOMTC",
                "RTP",
                is_head=True,
            ),
            delegations.DelegateInput("Delegate, Royal Thai Police", "Foreign affairs", "RTP"),
        ),
        "MYS": (
            delegations.DelegateInput(
                "Head of delegation, Malaysia", "Senior official for SOMTC", is_head=True
            ),
        ),
    },
    # Indonesia has yet to name its ministerial delegation: it waits on idn.focal's desk.
    "ammtc": {
        "SGP": (
            delegations.DelegateInput(
                "Head of delegation, Singapore", "Ministerial head of delegation", is_head=True
            ),
            delegations.DelegateInput(
                "Delegate, Singapore Police Force", "Senior official for SOMTC", "SPF"
            ),
        ),
        "THA": (
            delegations.DelegateInput(
                "Head of delegation, Thailand", "Ministerial head of delegation", is_head=True
            ),
            delegations.DelegateInput(
                "Delegate, Royal Thai Police", "Senior official for SOMTC", "RTP"
            ),
        ),
    },
}


def invite_and_nominate(story: Story, actor: User) -> tuple[int, int]:
    invited = nominated = 0
    for key in ("somtc", "ammtc"):
        meeting: Meeting = getattr(story, key)
        parties = member_states(meeting.start_date)
        invited += len(delegations.invite_parties(actor=actor, meeting=meeting, parties=parties))
        for code, rows in NOMINATIONS[key].items():
            invitation = Invitation.objects.filter(meeting=meeting, party__code=code).first()
            if invitation is None or invitation.nominated_at is not None:
                continue
            delegations.nominate_delegation(
                actor=focal_point(code), meeting=meeting, party=code, delegates=rows
            )
            nominated += 1
    return invited, nominated


# -- all -----------------------------------------------------------------------------------------


def load_story(*, stdout: Any = None, today: dt.date | None = None) -> None:
    """Write the between-meetings story (once); needs the demo data loaded."""
    from mufakat.demo.records import load_records
    from mufakat.monitoring.demo import load_monitoring_demo

    today = today or timezone.localdate()
    if not User.objects.filter(username="secretariat").exists() or not (
        Instrument.objects.filter(key="bali-wp-2019-2025").exists()
    ):
        _say(stdout, "Story skipped: load the demo data first.")
        return
    actor = secretariat()
    with transaction.atomic():
        story, created = make_meetings(today)
        make_agendas(story)
        make_participants(story)
        made = make_outcomes(story, today)
        if created:
            record(
                actor=None,
                action="demo.story",
                object_type="demo",
                object_id="",
                object_repr="Meetings between sessions planned",
                after={
                    "meetings": [
                        m.title for m in (story.wg_ct, story.wg_cyber, story.somtc, story.ammtc)
                    ]
                },
            )
        load_monitoring_demo(stdout=stdout, today=today, somtc=story.somtc, ammtc=story.ammtc)
        updates = follow_up_action_items(made, today) + close_sourced_action_items()
        added = add_documents(story, actor, today)
        invited, nominated = invite_and_nominate(story, actor)
        reports = load_records(today=today, wg_ct_latest=story.wg_ct)
        if created:
            for meeting in (
                story.wg_ct,
                story.wg_cyber,
                story.somtc,
                story.ammtc,
                story.wg_ct_next,
            ):
                index_object(meeting)
            if story.previous_somtc is not None:
                index_object(story.previous_somtc)
    if created or updates or added or invited or nominated or reports:
        _say(
            stdout,
            f"Between meetings: {story.somtc.title} on {story.somtc.start_date:%d %b %Y}, "
            f"{story.ammtc.title} on {story.ammtc.start_date:%d %b %Y}; {updates} action-item "
            f"updates, {added} documents, {invited} invitations, {nominated} delegations named, "
            f"{reports} reports of the meeting.",
        )
