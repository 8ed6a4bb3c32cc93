"""A small world that grows: the records every page shows, added one batch at a time.

:func:`build` writes the first batch; each :func:`grow` adds another batch of the same shape,
so after two more batches every list holds three times as many rows and each anchor record
(the meeting, instrument, round, report, knowledge item and draft the detail pages show) has
three times as many children. Everything is written through the services by ``idn.admin`` (a
platform administrator at BNPT, like the permission matrix's builder) and the people who
would write it (Indonesia's focal point reports and publishes, Japan offers expertise), so audit
events, versions, follows and the search index are what real use leaves.

Restrictions vary within each batch (public, platform, member states, the ASEAN + Japan group)
so the gate's subqueries have work on every list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from mufakat.accounts.models import Role, User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.ingest import services as ingest_services
from mufakat.ingest.models import IngestDraft
from mufakat.library import follows as library_follows
from mufakat.library import services as library
from mufakat.library.demo import tiny_pdf
from mufakat.library.models import KnowledgeItem
from mufakat.meetings import action_items, delegations, documents
from mufakat.meetings import services as meetings
from mufakat.meetings.models import Meeting, MeetingDocument, Outcome
from mufakat.monitoring import services as monitoring
from mufakat.monitoring import snapshots
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.papers import delivery, record_services
from mufakat.papers.models import PaperFormat, PaperKind, ProducedDocument
from mufakat.registry.models import Agency, Body, Party, Term
from mufakat.search.indexing import rebuild
from mufakat.testing.factories import BodyFactory, CrimeAreaFactory, member_state, sharing_group
from mufakat.testing.matrix import ASEAN_JAPAN
from mufakat.workplans import services as workplans
from mufakat.workplans.models import Activity, Instrument, InstrumentLink, PriorityArea

BODY = "PERF-WG"
BUILDER = "idn.admin"

PUBLIC = {"audience": Audience.PUBLIC, "tlp": TLP.CLEAR}
#: The restrictions each batch's records take in turn.
RESTRICTIONS: list[dict[str, Any]] = [
    PUBLIC,
    {"audience": Audience.PLATFORM, "tlp": TLP.GREEN},
    {"audience": Audience.MEMBER_STATES, "tlp": TLP.GREEN},
    {"audience": Audience.SHARING_GROUP, "tlp": TLP.AMBER, "sharing_groups": [ASEAN_JAPAN]},
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf([f"Text of {name}"]), content_type="application/pdf")


@dataclass
class World:
    users: dict[str, Any]
    builder: User
    body: Body
    meeting: Meeting
    """The anchor meeting: late in 2024, every batch adds agenda items, outcomes, action items,
    documents, participants and outcomes forwarded to it."""
    dest: Meeting
    planned: Meeting
    """A planned meeting: every batch invites more parties to it."""
    instrument: Instrument
    """The anchor instrument: every batch adds a priority area, activities and indicators."""
    item: KnowledgeItem
    request: KnowledgeItem
    draft: IngestDraft
    batches: int = 0
    rounds: list[ReportingRound] = field(default_factory=list)
    frozen: list[ReportingRound] = field(default_factory=list)
    produced: list[ProducedDocument] = field(default_factory=list)
    documents: list[MeetingDocument] = field(default_factory=list)
    action_items: list[Outcome] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)

    @property
    def round(self) -> ReportingRound:
        """The newest round: it covers the anchor instrument, so it holds more reports each batch."""
        return self.rounds[-1]

    @property
    def report(self) -> ProgressReport:
        """Indonesia's report on the anchor instrument's first activity in the newest round."""
        return ProgressReport.objects.get(
            round=self.round, activity=self.activities[0], party__code="IDN"
        )

    @property
    def action_item(self) -> Outcome:
        return self.action_items[0]

    @property
    def document(self) -> MeetingDocument:
        return self.documents[0]


def build(users: dict[str, Any]) -> World:
    """The people's world with the first batch of records."""
    idn = Party.objects.get(code="IDN")
    builder = User.objects.create(
        username=BUILDER,
        role=Role.PLATFORM_ADMIN,
        party=idn,
        agency=Agency.objects.get(acronym="BNPT"),
        email="",
    )
    CrimeAreaFactory(code="terrorism")
    body = BodyFactory(code=BODY, name="Performance working group")
    meeting = meetings.create_meeting(
        actor=builder,
        body=BODY,
        number=50,
        title="Anchor meeting",
        start_date=dt.date(2024, 6, 10),
        city="Jakarta",
        status=Meeting.Status.HELD,
        summary="The meeting every batch adds to.",
        owner_party="IDN",
        **PUBLIC,
    )
    dest = meetings.create_meeting(
        actor=builder,
        body=BODY,
        number=99,
        title="Receiving meeting",
        start_date=dt.date(2024, 12, 2),
        status=Meeting.Status.HELD,
        **PUBLIC,
    )
    planned = meetings.create_meeting(
        actor=builder,
        body=BODY,
        number=100,
        title="Planned meeting",
        start_date=dt.date(2025, 6, 2),
        status=Meeting.Status.PLANNED,
        owner_party="IDN",
        **PUBLIC,
    )
    delegations.invite_parties(actor=builder, meeting=planned, parties=["IDN", "JPN"])
    delegations.nominate_delegation(
        actor=users["idn_focal"],
        meeting=planned,
        party="IDN",
        delegates=[delegations.DelegateInput(name="Head of delegation", is_head=True)],
    )
    instrument = workplans.create_instrument(
        actor=builder,
        data={
            "key": "perf-plan",
            "title": "Anchor work plan",
            "kind": Instrument.Kind.WORK_PLAN,
            "start_year": 2023,
            "end_year": 2027,
            "description": "The plan every batch adds to.",
            **PUBLIC,  # type: ignore[typeddict-item]
        },
    )
    item = library.create_item(
        actor=users["idn_focal"],
        data={
            "kind": KnowledgeItem.Kind.GOOD_PRACTICE,
            "title": "Anchor good practice",
            "summary": "What every batch links to.",
            "crime_areas": ["terrorism"],
            "parties": ["IDN"],
            "meeting": meeting,
            "instrument": instrument,
            **PUBLIC,
        },
    )
    request = library.create_item(
        actor=users["idn_focal"],
        data={
            "kind": KnowledgeItem.Kind.EXPERTISE_REQUEST,
            "title": "Anchor request for expertise",
            "crime_areas": ["terrorism"],
            **PUBLIC,
        },
    )
    draft = ingest_services.create_draft(
        actor=users["secretariat"],
        text="Jakarta, 3 March 2024 — The Chairman's statement of the anchor meeting.",
    )
    world = World(
        users=users,
        builder=builder,
        body=body,
        meeting=meeting,
        dest=dest,
        planned=planned,
        instrument=instrument,
        item=item,
        request=request,
        draft=draft,
    )
    grow(world)
    record_services.start_draft(actor=users["secretariat"], meeting=meeting)
    return world


def grow(world: World) -> None:
    """Add one batch: as many new records of each kind as the first, and as many children to
    each anchor record."""
    world.batches += 1
    batch = world.batches
    builder, users = world.builder, world.users
    _registry(world, batch)
    new_meetings = [
        _meeting(world, batch, i, restriction) for i, restriction in enumerate(RESTRICTIONS)
    ]
    _anchor_meeting(world, batch, new_meetings)
    new_instruments = [
        _instrument(world, batch, i, restriction) for i, restriction in enumerate(RESTRICTIONS)
    ]
    _anchor_instrument(world, batch)
    for source in new_instruments[1:]:
        workplans.add_link(
            actor=builder,
            source=source,
            target=world.instrument,
            kind=InstrumentLink.Kind.IMPLEMENTS,
        )
    for freeze in (True, False):
        if batch == 1:  # every round the pages show has one before it, from the start
            _round(world, 0, new_instruments[0], freeze=freeze)
        _round(world, batch, new_instruments[0], freeze=freeze)
    _library(world, batch, new_meetings)
    if batch == 1:
        world.produced.append(
            delivery.produce(
                user=users["secretariat"],
                kind=PaperKind.BRIEF,
                format=PaperFormat.DOCX,
                meeting=world.meeting,
                background=False,
            )
        )
    else:  # reading a statement and writing a DOCX take seconds: later batches copy them
        _copy(world.draft, title=f"Statement {batch}")
        world.produced.append(_copy(world.produced[0]))
    rebuild()


def _copy(obj: Any, **changes: Any) -> Any:
    """Another row like ``obj`` (same file), for lists that only need more rows."""
    model = type(obj)
    copy = model.objects.get(pk=obj.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def _registry(world: World, batch: int) -> None:
    """Two more member states, a body with a chair, an agency and a sharing group; the people
    follow the new body and crime area."""
    parties = [member_state(f"Q{batch}{n}", f"Member {batch}-{n}") for n in range(2)]
    for party in parties:
        Agency.objects.create(party=party, acronym=f"AG{batch}", name=f"Agency of {party.code}")
    body = BodyFactory(code=f"PERF-{batch}", name=f"Performance body {batch}")
    Term.objects.create(
        body=body, party=parties[0], role=Term.Role.CHAIR, start_date=dt.date(2024, 1, 1)
    )
    Term.objects.create(
        body=world.body,
        party=parties[1],
        role=Term.Role.VICE_CHAIR,
        start_date=dt.date(2024, batch, 1),
    )
    delegations.invite_parties(actor=world.builder, meeting=world.planned, parties=parties)
    area = CrimeAreaFactory(code=f"area_{batch}")
    sharing_group(f"perf-{batch}", [Party.objects.get(code="IDN"), *parties], name=f"Group {batch}")
    for person in ("idn_focal", "secretariat"):
        library_follows.follow(user=world.users[person], body=body)
        library_follows.follow(user=world.users[person], crime_area=area)


def _meeting(world: World, batch: int, index: int, restriction: dict[str, Any]) -> Meeting:
    """A meeting held earlier in 2024, with its delegations, an agenda item, an outcome, an action
    item of Indonesia with a note and evidence, and a document — and an outcome sent on to the
    anchor meeting."""
    builder = world.builder
    meeting = meetings.create_meeting(
        actor=builder,
        body=BODY,
        number=batch * 10 + index,
        title=f"Meeting {batch}.{index}",
        start_date=dt.date(2024, 1, 1) + dt.timedelta(days=batch * 10 + index),
        city="Manila",
        status=Meeting.Status.PLANNED,
        owner_party="IDN",
        **restriction,
    )
    delegations.invite_parties(actor=builder, meeting=meeting, parties=["IDN", "JPN"])
    delegations.nominate_delegation(
        actor=world.users["idn_focal"],
        meeting=meeting,
        party="IDN",
        delegates=[
            delegations.DelegateInput(name=f"Head {batch}.{index}", agency="BNPT", is_head=True),
            delegations.DelegateInput(name=f"Adviser {batch}.{index}"),
        ],
    )
    meeting.refresh_from_db()
    meeting = meetings.update_meeting(
        actor=builder,
        meeting=meeting,
        changes={"status": Meeting.Status.HELD},
        expected_version=meeting.lock_version,
    )
    agenda = meetings.add_agenda_item(actor=builder, meeting=meeting, title=f"Item {batch}.{index}")
    meetings.create_outcome(
        actor=builder,
        meeting=meeting,
        kind=Outcome.Kind.RECOMMENDATION,
        text=f"Recommendation {batch}.{index}.",
        **PUBLIC,
    )
    action = meetings.create_outcome(
        actor=builder,
        meeting=meeting,
        kind=Outcome.Kind.ACTION_ITEM,
        text=f"Action {batch}.{index}.",
        responsible="IDN",
        due_date=dt.date(2024, 3, 1),
        **PUBLIC,
    )
    action_items.record_update(
        actor=builder,
        outcome=action,
        follow_up="open",
        note=f"Note {batch}.{index}",
        evidence=_pdf(f"action-{batch}-{index}.pdf"),
    )
    documents.add_document(
        actor=builder,
        meeting=meeting,
        agenda_item=agenda,
        kind=MeetingDocument.Kind.WORKING_PAPER,
        title=f"Paper {batch}.{index}",
        uploaded_file=_pdf(f"paper-{batch}-{index}.pdf"),
        **restriction,
    )
    sent = meetings.create_outcome(
        actor=builder,
        meeting=meeting,
        kind=Outcome.Kind.RECOMMENDATION,
        text=f"Sent on {batch}.{index}.",
        **PUBLIC,
    )
    meetings.forward_outcome(actor=builder, outcome=sent, to_meeting=world.meeting)
    return meeting


def _anchor_meeting(world: World, batch: int, new_meetings: list[Meeting]) -> None:
    """The anchor meeting gains participants, agenda items, outcomes (one sent on), an action
    item with a note, and a document replaced once."""
    builder, meeting = world.builder, world.meeting
    for n in range(2):
        meetings.add_participant(
            actor=builder, meeting=meeting, party=f"Q{batch}{n}", head_of_delegation=f"Head {n}"
        )
    for n in range(2):
        agenda = meetings.add_agenda_item(
            actor=builder, meeting=meeting, title=f"Anchor item {batch}.{n}"
        )
    outcome = meetings.create_outcome(
        actor=builder,
        meeting=meeting,
        kind=Outcome.Kind.DECISION,
        text=f"Anchor decision {batch}.",
        instrument=world.instrument.key,
        **PUBLIC,
    )
    meetings.forward_outcome(actor=builder, outcome=outcome, to_meeting=world.dest)
    action = meetings.create_outcome(
        actor=builder,
        meeting=meeting,
        kind=Outcome.Kind.ACTION_ITEM,
        text=f"Anchor action {batch}.",
        responsible="IDN",
        due_date=dt.date(2024, 9, 1),
        **PUBLIC,
    )
    action_items.record_update(
        actor=builder,
        outcome=action,
        follow_up="open",
        note=f"Anchor note {batch}",
        evidence=_pdf(f"anchor-action-{batch}.pdf"),
    )
    world.action_items.append(action)
    document = documents.add_document(
        actor=builder,
        meeting=meeting,
        agenda_item=agenda,
        kind=MeetingDocument.Kind.WORKING_PAPER,
        title=f"Anchor paper {batch}",
        uploaded_file=_pdf(f"anchor-{batch}.pdf"),
        **PUBLIC,
    )
    document.refresh_from_db()
    document = documents.add_version(
        actor=builder,
        document=document,
        uploaded_file=_pdf(f"anchor-{batch}-2.pdf"),
        expected_version=document.lock_version,
    )
    world.documents.append(document)
    if batch > 1:  # the first document gains a version each batch too
        first = world.documents[0]
        first.refresh_from_db()
        world.documents[0] = documents.add_version(
            actor=builder,
            document=first,
            uploaded_file=_pdf(f"anchor-1-{batch + 1}.pdf"),
            expected_version=first.lock_version,
        )


def _instrument(world: World, batch: int, index: int, restriction: dict[str, Any]) -> Instrument:
    builder = world.builder
    instrument = workplans.create_instrument(
        actor=builder,
        data={
            "key": f"perf-{batch}-{index}",
            "title": f"Work plan {batch}.{index}",
            "kind": Instrument.Kind.WORK_PLAN,
            "start_year": 2023,
            "end_year": 2027,
            **restriction,  # type: ignore[typeddict-item]
        },
    )
    area = workplans.create_priority_area(
        actor=builder, instrument=instrument, data={"title": f"Area {batch}.{index}"}
    )
    workplans.create_activity(
        actor=builder,
        priority_area=area,
        data={
            "code": f"W-{batch}-{index}",
            "title": f"Activity {batch}.{index}",
            "lead_parties": ["IDN"],
            "participating_parties": ["JPN"],
        },
    )
    return instrument


def _anchor_instrument(world: World, batch: int) -> None:
    """The anchor plan gains a priority area with two activities (each with an indicator and a
    meeting that mandated it) and a new version."""
    builder, instrument = world.builder, world.instrument
    area: PriorityArea = workplans.create_priority_area(
        actor=builder,
        instrument=instrument,
        data={"title": f"Anchor area {batch}", "crime_areas": ["terrorism", f"area_{batch}"]},
    )
    for n in range(2):
        activity = workplans.create_activity(
            actor=builder,
            priority_area=area,
            data={
                "code": f"A-{batch}-{n}",
                "title": f"Anchor activity {batch}.{n}",
                "lead_parties": ["IDN"],
                "participating_parties": ["JPN", f"Q{batch}{n}"],
            },
        )
        workplans.create_indicator(
            actor=builder,
            activity=activity,
            data={"name": f"Officers trained {batch}.{n}", "kind": "numeric", "target": "100"},
        )
        world.activities.append(activity)
    instrument.refresh_from_db()
    world.instrument = workplans.update_instrument(
        actor=builder,
        instrument=instrument,
        changes={"short_title": f"Anchor plan v{batch}"},
        expected_version=instrument.lock_version,
    )


def _round(world: World, batch: int, other: Instrument, *, freeze: bool) -> None:
    """A round on the anchor plan (bigger each batch) and a new plan, fed to the anchor meeting;
    Indonesia reports on every activity (with evidence on one), the Secretariat accepts one.
    A frozen round becomes a snapshot of the anchor meeting, compared with the one before."""
    builder, idn_focal = world.builder, world.users["idn_focal"]
    kept = world.frozen if freeze else world.rounds
    previous = kept[-1] if kept else None
    round_ = monitoring.open_round(
        actor=builder,
        title=f"{'Past round' if freeze else 'Round'} {batch}",
        instruments=[world.instrument, other],
        reporting_parties=["IDN", "JPN"],
        opens_on=dt.date(2024, 3, 1),
        due_date=dt.date(2024, 6, 1),
        meeting=world.meeting,
        previous=previous,
        **PUBLIC,
    )
    reports = list(ProgressReport.objects.filter(round=round_, party__code="IDN").order_by("pk"))
    for n, report in enumerate(reports):
        if n == 0:
            monitoring.add_evidence(
                actor=idn_focal, report=report, uploaded_file=_pdf(f"evidence-{batch}.pdf")
            )
        report.refresh_from_db()
        monitoring.save_report(
            actor=idn_focal,
            report=report,
            changes={"status": "on_track", "percent": 40, "narrative": f"Progress {batch}.{n}"},
            expected_version=report.lock_version,
            submit=True,
        )
    accepted = reports[-1]
    accepted.refresh_from_db()
    monitoring.review_report(actor=world.users["secretariat"], report=accepted, accept=True)
    if freeze:
        snapshots.freeze_round(actor=builder, round=round_)
    kept.append(round_)


def _library(world: World, batch: int, new_meetings: list[Meeting]) -> None:
    """Knowledge items of each restriction (linked to the anchor meeting and plan, one with an
    attachment), an edit of the anchor item, and Japan's offer on the anchor request."""
    idn_focal = world.users["idn_focal"]
    for index, restriction in enumerate(RESTRICTIONS):
        item = library.create_item(
            actor=idn_focal,
            data={
                "kind": KnowledgeItem.Kind.CASE_STUDY,
                "title": f"Case study {batch}.{index}",
                "summary": "Terrorism financing case.",
                "crime_areas": ["terrorism", f"area_{batch}"],
                "parties": ["IDN", "JPN"],
                "meeting": world.meeting if index % 2 == 0 else new_meetings[index],
                "instrument": world.instrument,
                **{k: v for k, v in restriction.items() if k != "sharing_groups"},
                **(
                    {"sharing_groups": list(_groups(restriction))}
                    if "sharing_groups" in restriction
                    else {}
                ),
            },
        )
        if index == 0:
            library.add_attachment(
                actor=idn_focal, item=item, uploaded_file=_pdf(f"item-{batch}.pdf")
            )
    anchor = KnowledgeItem.objects.get(pk=world.item.pk)
    world.item = library.update_item(
        anchor,
        actor=idn_focal,
        changes={"summary": f"What every batch links to ({batch})."},
        expected_version=anchor.lock_version,
    )
    offered = library.create_item(
        actor=world.users["jpn_focal"],
        data={
            "kind": KnowledgeItem.Kind.TRAINING_MATERIAL,
            "title": f"Course {batch}",
            "crime_areas": ["terrorism"],
            **PUBLIC,
        },
    )
    library.offer_expertise(
        actor=world.users["jpn_focal"],
        request=world.request,
        item=offered,
        contact=f"Contact {batch}",
        message="We could help.",
    )


def _groups(restriction: dict[str, Any]) -> Any:
    return SharingGroup.objects.filter(code__in=restriction["sharing_groups"])
