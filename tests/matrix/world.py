"""The world of the permission matrix beyond the library: one set of records per restriction.

For each :class:`Case` (an audience with a TLP label that allows it, owned by Indonesia) the
world holds, all carrying words found only in that case's records (:meth:`Case.marker`):

- a meeting ``M`` of the body MATRIX-WG with an agenda item, an outcome and a document with a
  file — the outcome and the document say ``public`` themselves: children inherit, so they are
  hidden with their meeting;
- that outcome forwarded to the public meeting ``dest`` (the receiving meeting lists it), and a
  public outcome of the public meeting ``origin`` forwarded to ``M`` (its trace names ``M``);
- an instrument ``I`` with a priority area and an activity (which inherit it), the activity led
  by Indonesia with Japan taking part, and several versions;
- a reporting round ``R`` with the case's restriction on the public instrument ``plan``, with
  Indonesia's submitted report (and its evidence) and Japan's draft, frozen into a snapshot
  that is compared with the snapshot of ``all_round``;
- a public round ``feeding`` on ``plan`` that fed ``M``, frozen (a snapshot naming a meeting);
- in the public round ``all_round`` over every ``I``: Indonesia's submitted report with
  evidence and Japan's draft on each case's activity; it is frozen too. ``all_round`` and
  each ``R`` stay open after their snapshots, so reminders and "my reports" have work.

Besides, the Secretariat (a superuser of the admin here) has a private ingest draft.

Everything is written by ``idn.admin`` (a platform administrator at BNPT, named where a case
names people), who may see every record, through the services — so audit events, versions and
the search index are what real use leaves. The world is built in one transaction that is rolled
back at the end of the module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase

from mufakat.accounts.models import Role, User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import RestrictedModel
from mufakat.frameworks.reference import load_reference_frameworks
from mufakat.ingest import services as ingest_services
from mufakat.ingest.models import IngestDraft
from mufakat.library.demo import tiny_pdf
from mufakat.meetings import action_items, delegations, documents
from mufakat.meetings import services as meetings
from mufakat.meetings.models import (
    ActionItemUpdate,
    Meeting,
    MeetingDocument,
    MeetingDocumentVersion,
    Outcome,
)
from mufakat.monitoring import services as monitoring
from mufakat.monitoring import snapshots
from mufakat.monitoring.models import (
    Evidence,
    ProgressReport,
    ReportingRound,
    Snapshot,
    SpreadsheetImport,
)
from mufakat.papers import delivery
from mufakat.papers.models import PaperFormat, PaperKind, ProducedDocument
from mufakat.registry.models import Agency, Party
from mufakat.search.indexing import rebuild
from mufakat.testing.factories import BodyFactory
from mufakat.testing.matrix import (
    ASEAN_JAPAN,
    CONFIDENTIAL,
    USER_NAMES,
    fast_world_settings,
    logged_in_clients,
    make_people,
    may_see,
)
from mufakat.workplans import services as workplans
from mufakat.workplans.models import Activity, Instrument

# -- the cases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One restriction of the matrix, and the words that find only its records."""

    id: str
    audience: str
    tlp: str
    owner_agency: str | None = None
    groups: tuple[str, ...] = ()
    #: The named people (the builder is named too, so it can write the records).
    named: tuple[str, ...] = ()

    @property
    def tag(self) -> str:
        return "".join(ch for ch in self.id if ch.isalpha())

    def marker(self, kind: str) -> str:
        """A word found only in this case's record of ``kind`` (and its children)."""
        return f"{kind}{self.tag}mx"

    def markers(self) -> list[str]:
        return [self.marker(kind) for kind in KINDS]


#: Kinds of record each case has one of, by the word in its title or text.
KINDS = (
    "meeting",
    "agenda",
    "outcome",
    "document",
    "instrument",
    "area",
    "activity",
    "round",
    "report",
    "evidence",
    "planreport",
    "planevidence",
    "draft",
    "action",
    "actionnote",
    "actionevidence",
    "delegate",
)

CASES: list[Case] = [
    Case("public_clear", Audience.PUBLIC, TLP.CLEAR),
    Case("platform_green", Audience.PLATFORM, TLP.GREEN),
    Case("member_states_green", Audience.MEMBER_STATES, TLP.GREEN),
    Case("sharing_group_amber", Audience.SHARING_GROUP, TLP.AMBER, groups=(ASEAN_JAPAN,)),
    Case("confidential_group_amber", Audience.SHARING_GROUP, TLP.AMBER, groups=(CONFIDENTIAL,)),
    Case("organisation_amber_strict", Audience.ORGANISATION, TLP.AMBER_STRICT),
    Case(
        "organisation_bnpt_amber_strict",
        Audience.ORGANISATION,
        TLP.AMBER_STRICT,
        owner_agency="BNPT",
    ),
    Case("named_red", Audience.NAMED, TLP.RED, named=("idn_focal", "jpn_focal")),
]
CASE_IDS = [case.id for case in CASES]
BY_ID = {case.id: case for case in CASES}

BODY = "MATRIX-WG"
#: A word in the text of every case's meeting, outcome and instrument (for search).
COMMON_WORD = "matrixworld"
#: Who writes the world: sees every record (BNPT, Indonesia, named, in the confidential group).
BUILDER = "idn.admin"


# -- the world ---------------------------------------------------------------------------------


@dataclass
class Records:
    """One case's records."""

    meeting: Meeting
    outcome: Outcome
    document: MeetingDocument
    source_outcome: Outcome
    instrument: Instrument
    activity: Activity
    round: ReportingRound
    report: ProgressReport
    evidence: Evidence
    snapshot: Snapshot
    feeding_round: ReportingRound
    plan_report: ProgressReport
    plan_evidence: Evidence
    draft: ProgressReport
    action: Outcome
    action_update: ActionItemUpdate
    document_version: MeetingDocumentVersion
    produced: ProducedDocument
    import_job: SpreadsheetImport


@dataclass
class World:
    users: dict[str, Any]
    clients: dict[str, Client]
    tokens: dict[str, str]
    records: dict[str, Records]
    origin: Meeting
    dest: Meeting
    plan: Instrument
    all_round: ReportingRound
    all_snapshot: Snapshot
    ingest_draft: IngestDraft
    #: Calendar subscription keys by person (see the calendar block at the end).
    calendar_keys: dict[str, str] = field(default_factory=dict)

    def api(self, user_name: str) -> dict[str, str]:
        """Headers for an API call as this person (none for anonymous)."""
        key = self.tokens.get(user_name)
        return {"Authorization": f"Bearer {key}"} if key else {}


def producer_of(case: Case) -> str:
    """Who the brief of a case's meeting is produced for: the Secretariat, or else the first
    person who may see the meeting."""
    return next(name for name in ("secretariat", *USER_NAMES) if may_see(name, case))


def _restrict(obj: RestrictedModel, case: Case, users: dict[str, Any], builder: User) -> None:
    """What the services cannot set (an owning agency, named people), set on the record."""
    changed = []
    if case.owner_agency:
        obj.owner_agency = Agency.objects.get(acronym=case.owner_agency)
        changed.append("owner_agency")
    if obj.owner_party_id is None:
        obj.owner_party = Party.objects.get(code="IDN")
        changed.append("owner_party")
    if changed:
        obj.save(update_fields=changed)
    if case.named:
        obj.named_users.set([builder, *(users[name] for name in case.named)])


@contextmanager
def _named_after_creation(case: Case) -> Iterator[None]:
    """The services of meetings, instruments and rounds take no named people yet (the forms
    offer no picker): a case of named people is written as such and named right after, by
    :func:`_restrict` — so the refusal of a record named to nobody is lifted for its writes."""
    if not case.named:
        yield
        return
    with (
        mock.patch("mufakat.core.services.check_audience_reachable"),
        mock.patch("mufakat.monitoring.services.check_audience_reachable"),
    ):
        yield


def _restriction(case: Case) -> dict[str, Any]:
    return {"audience": case.audience, "tlp": case.tlp, "sharing_groups": list(case.groups)}


def _pdf(name: str, word: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf([f"Evidence {word}"]), content_type="application/pdf")


def _delegation(meeting: Meeting, case: Case, users: dict[str, Any], builder: User) -> Meeting:
    """Indonesia invited while the meeting was planned and named its delegation (names are
    personal data: signed-in readers of the meeting only); then the meeting was held."""
    delegations.invite_parties(actor=builder, meeting=meeting, parties=["IDN"])
    delegations.nominate_delegation(
        actor=users["idn_focal"],
        meeting=meeting,
        party="IDN",
        delegates=[delegations.DelegateInput(name=f"Head {case.marker('delegate')}", is_head=True)],
    )
    meeting.refresh_from_db()
    return meetings.update_meeting(
        actor=builder,
        meeting=meeting,
        changes={"status": Meeting.Status.HELD},
        expected_version=meeting.lock_version,
    )


def _document(
    meeting: Meeting, agenda: Any, case: Case, users: dict[str, Any], builder: User
) -> tuple[MeetingDocument, MeetingDocumentVersion]:
    """A document on the agenda item, as restricted as its meeting, replaced once (so the first
    file is a kept version)."""
    document = documents.add_document(
        actor=builder,
        meeting=meeting,
        agenda_item=agenda,
        kind=MeetingDocument.Kind.WORKING_PAPER,
        title=f"Matrix document {case.marker('document')}",
        uploaded_file=_pdf(f"{case.marker('document')}.pdf", case.marker("document")),
        **_restriction(case),
    )
    _restrict(document, case, users, builder)
    document.refresh_from_db()
    document = documents.add_version(
        actor=builder,
        document=document,
        uploaded_file=_pdf(f"{case.marker('document')}-2.pdf", case.marker("document")),
        expected_version=document.lock_version,
    )
    return document, document.versions.get(number=1)


def _action_item(meeting: Meeting, case: Case, builder: User) -> tuple[Outcome, ActionItemUpdate]:
    """An overdue action item of Indonesia (public itself: it inherits the meeting), with a
    note and evidence."""
    action = meetings.create_outcome(
        actor=builder,
        meeting=meeting,
        kind=Outcome.Kind.ACTION_ITEM,
        text=f"Matrix action {case.marker('action')}.",
        responsible="IDN",
        due_date=dt.date(2024, 1, 31),
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    update = action_items.record_update(
        actor=builder,
        outcome=action,
        follow_up="open",
        note=f"Note {case.marker('actionnote')}",
        evidence=_pdf(f"{case.marker('actionevidence')}.pdf", case.marker("actionevidence")),
    )
    action.refresh_from_db()
    return action, update


def _meeting(
    case: Case, users: dict[str, Any], builder: User, number: int, origin: Meeting
) -> tuple[Meeting, Outcome, MeetingDocument, Outcome, dict[str, Any]]:
    meeting = meetings.create_meeting(
        actor=builder,
        body=BODY,
        number=number,
        title=f"Matrix meeting {case.marker('meeting')}",
        start_date=dt.date(2023, 5, 1) + dt.timedelta(days=number),
        city="Jakarta",
        status=Meeting.Status.PLANNED,
        summary=f"Held on {COMMON_WORD}.",
        owner_party="IDN",
        **_restriction(case),
    )
    _restrict(meeting, case, users, builder)
    meeting = _delegation(meeting, case, users, builder)
    agenda = meetings.add_agenda_item(actor=builder, meeting=meeting, title=case.marker("agenda"))
    outcome = meetings.create_outcome(
        actor=builder,
        meeting=meeting,
        kind=Outcome.Kind.RECOMMENDATION,
        text=f"Matrix outcome {case.marker('outcome')} on {COMMON_WORD}.",
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    document, document_version = _document(meeting, agenda, case, users, builder)
    action, action_update = _action_item(meeting, case, builder)
    source_outcome = meetings.create_outcome(
        actor=builder,
        meeting=origin,
        kind=Outcome.Kind.RECOMMENDATION,
        text=f"Public outcome sent on, {case.tag}",
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    meetings.forward_outcome(actor=builder, outcome=source_outcome, to_meeting=meeting)
    extra = {"action": action, "action_update": action_update, "document_version": document_version}
    return meeting, outcome, document, source_outcome, extra


def _instrument(case: Case, users: dict[str, Any], builder: User) -> tuple[Instrument, Activity]:
    instrument = workplans.create_instrument(
        actor=builder,
        data={
            "key": f"mx-{case.id.replace('_', '-')}",
            "title": f"Matrix instrument {case.marker('instrument')}",
            "kind": Instrument.Kind.WORK_PLAN,
            "description": f"About {COMMON_WORD}.",
            "start_year": 2023,
            "end_year": 2027,
            **_restriction(case),  # type: ignore[typeddict-item]
        },
    )
    _restrict(instrument, case, users, builder)
    area = workplans.create_priority_area(
        actor=builder, instrument=instrument, data={"title": case.marker("area")}
    )
    activity = workplans.create_activity(
        actor=builder,
        priority_area=area,
        data={
            "code": f"MX-{case.tag[:12].upper()}",
            "title": case.marker("activity"),
            "lead_parties": ["IDN"],
            "participating_parties": ["JPN"],
        },
    )
    instrument.refresh_from_db()
    instrument = workplans.update_instrument(
        actor=builder,
        instrument=instrument,
        changes={"short_title": f"MX {case.marker('instrument')}"},
        expected_version=instrument.lock_version,
    )
    return instrument, activity


def _submit(report: ProgressReport, reporter: User, word: str) -> ProgressReport:
    report.refresh_from_db()
    return monitoring.save_report(
        actor=reporter,
        report=report,
        changes={"status": "on_track", "percent": 40, "narrative": f"Narrative {word}"},
        expected_version=report.lock_version,
        submit=True,
    )


def _round(
    title: str, builder: User, instruments: list[Instrument], **restriction: Any
) -> ReportingRound:
    return monitoring.open_round(
        actor=builder,
        title=title,
        instruments=instruments,
        reporting_parties=["IDN", "JPN"],
        opens_on=dt.date(2024, 3, 1),
        due_date=dt.date(2024, 6, 1),
        **restriction,
    )


def _report(round_: ReportingRound, activity: Activity, party: str) -> ProgressReport:
    return ProgressReport.objects.get(round=round_, activity=activity, party__code=party)


def _draft_narrative(report: ProgressReport, word: str) -> ProgressReport:
    """Japan's unsubmitted report, with words only Japan may read."""
    ProgressReport.objects.filter(pk=report.pk).update(narrative=f"Draft {word}")
    report.refresh_from_db()
    return report


def _feeding_round(
    case: Case, meeting: Meeting, plan: Instrument, figures: Snapshot
) -> ReportingRound:
    """A public round that fed the case's meeting, frozen: its snapshot names that meeting.
    (Written directly: only the reference matters here, the figures are the public round's.)"""
    round_ = ReportingRound.objects.create(
        title=f"Feeding round {case.tag}",
        meeting=meeting,
        opens_on=dt.date(2024, 1, 1),
        due_date=dt.date(2024, 2, 1),
        status=ReportingRound.Status.FROZEN,
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    round_.instruments.set([plan])
    Snapshot.objects.create(round=round_, meeting=meeting, data=figures.data)
    return round_


def _build(users: dict[str, Any]) -> World:
    idn = Party.objects.get(code="IDN")
    builder = User.objects.create(
        username=BUILDER,
        role=Role.PLATFORM_ADMIN,
        party=idn,
        agency=Agency.objects.get(acronym="BNPT"),
        email="",
    )
    BodyFactory(code=BODY, name="Matrix working group")
    public = {"audience": Audience.PUBLIC, "tlp": TLP.CLEAR}

    def public_meeting(number: int, title: str, on: dt.date) -> Meeting:
        return meetings.create_meeting(
            actor=builder,
            body=BODY,
            number=number,
            title=title,
            start_date=on,
            status=Meeting.Status.HELD,
            **public,
        )

    origin = public_meeting(1, "Public origin meeting", dt.date(2023, 1, 10))
    dest = public_meeting(99, "Public receiving meeting", dt.date(2023, 11, 20))
    plan = workplans.create_instrument(
        actor=builder,
        data={
            "key": "mx-plan",
            "title": "Matrix public plan",
            "kind": Instrument.Kind.WORK_PLAN,
            "start_year": 2023,
            "end_year": 2027,
            **public,  # type: ignore[typeddict-item]
        },
    )
    plan_area = workplans.create_priority_area(
        actor=builder, instrument=plan, data={"title": "Public area"}
    )
    plan_activity = workplans.create_activity(
        actor=builder,
        priority_area=plan_area,
        data={
            "code": "MX-PLAN",
            "title": "Public activity",
            "lead_parties": ["IDN"],
            "participating_parties": ["JPN"],
        },
    )
    idn_focal = users["idn_focal"]
    partial: dict[str, dict[str, Any]] = {}
    for number, case in enumerate(CASES, start=10):
        with _named_after_creation(case):
            meeting, outcome, document, source_outcome, extra = _meeting(
                case, users, builder, number, origin
            )
            meetings.forward_outcome(actor=builder, outcome=outcome, to_meeting=dest)
            instrument, activity = _instrument(case, users, builder)
            round_ = _round(
                f"Matrix round {case.marker('round')}", builder, [plan], **_restriction(case)
            )
        _restrict(round_, case, users, builder)
        report = _report(round_, plan_activity, "IDN")
        evidence = monitoring.add_evidence(
            actor=idn_focal,
            report=report,
            uploaded_file=_pdf(f"{case.marker('evidence')}.pdf", case.marker("evidence")),
        )
        report = _submit(report, idn_focal, case.marker("report"))
        import_job = SpreadsheetImport.objects.create(  # Indonesia's large upload, saved
            round=round_,
            uploaded_by=idn_focal,
            filename=f"{case.marker('round')}.xlsx",
            state=SpreadsheetImport.State.DONE,
        )
        partial[case.id] = {
            "meeting": meeting,
            "outcome": outcome,
            "document": document,
            "source_outcome": source_outcome,
            "instrument": instrument,
            "activity": activity,
            "round": round_,
            "report": report,
            "evidence": evidence,
            "import_job": import_job,
            **extra,
        }
    all_round = _round(
        "Matrix round over every instrument",
        builder,
        [partial[c.id]["instrument"] for c in CASES],
        meeting=dest,
        **public,
    )
    for case in CASES:
        values = partial[case.id]
        plan_report = _report(all_round, values["activity"], "IDN")
        values["plan_evidence"] = monitoring.add_evidence(
            actor=idn_focal,
            report=plan_report,
            uploaded_file=_pdf(f"{case.marker('planevidence')}.pdf", case.marker("planevidence")),
        )
        values["plan_report"] = _submit(plan_report, idn_focal, case.marker("planreport"))
        values["draft"] = _draft_narrative(
            _report(all_round, values["activity"], "JPN"), case.marker("draft")
        )
    all_snapshot = snapshots.freeze_round(actor=builder, round=all_round)
    for case in CASES:  # each case's round is compared with the round over every instrument
        values = partial[case.id]
        ReportingRound.objects.filter(pk=values["round"].pk).update(previous=all_round)
        values["round"].refresh_from_db()
        values["snapshot"] = snapshots.freeze_round(actor=builder, round=values["round"])
        values["feeding_round"] = _feeding_round(case, values["meeting"], plan, all_snapshot)
    # The rounds stay open after their snapshots, so reminders and "my reports" have work.
    ReportingRound.objects.filter(
        pk__in=[all_round.pk, *(partial[c.id]["round"].pk for c in CASES)]
    ).update(status=ReportingRound.Status.OPEN)
    ingest_draft = ingest_services.create_draft(
        actor=users["secretariat"],
        text="Jakarta, 3 March 2024 — Private ingest draft quillmx of the Secretariat.",
    )
    for case in CASES:  # the brief of each case's meeting, produced for one reader who may see it
        values = partial[case.id]
        values["produced"] = delivery.produce(
            user=users[producer_of(case)],
            kind=PaperKind.BRIEF,
            format=PaperFormat.DOCX,
            meeting=values["meeting"],
            background=False,
        )
    rebuild()
    return World(
        users=users,
        clients={},
        tokens={},
        records={case_id: Records(**values) for case_id, values in partial.items()},
        origin=origin,
        dest=dest,
        plan=plan,
        all_round=all_round,
        all_snapshot=all_snapshot,
        ingest_draft=ingest_draft,
    )


def build_world(media_root: Path) -> Iterator[World]:
    """Yield the world inside a transaction that is rolled back afterwards."""
    with fast_world_settings(media_root), transaction.atomic():
        # the SDG 16 targets a migration writes; a transactional test may have emptied them
        load_reference_frameworks()
        users = make_people()
        # The admin is a surface too; as a superuser the Secretariat holds every admin
        # permission — and still no right to read around the audience.
        users["secretariat"].is_staff = users["secretariat"].is_superuser = True
        users["secretariat"].save(update_fields=["is_staff", "is_superuser"])
        with TestCase.captureOnCommitCallbacks(execute=True):
            world = _build(users)
        world.clients, world.tokens = logged_in_clients(users)
        world.calendar_keys = add_calendar_subscriptions(users)
        yield world
        transaction.set_rollback(True)


# -- calendar subscriptions ----------------------------------------------------------------------
# Each signed-in person has a calendar subscription key (its feeds are read without a session)
# and follows the matrix body, so their "meetings I follow" feed holds every case's meeting
# they may see.


def add_calendar_subscriptions(users: dict[str, Any]) -> dict[str, str]:
    from mufakat.library import follows
    from mufakat.meetings import calendar_tokens
    from mufakat.registry.models import Body

    body = Body.objects.get(code=BODY)
    keys: dict[str, str] = {}
    for name, user in users.items():
        if user.is_authenticated:
            keys[name] = calendar_tokens.issue_token(actor=user, name="Matrix")[1]
            follows.follow(user=user, body=body)
    return keys
