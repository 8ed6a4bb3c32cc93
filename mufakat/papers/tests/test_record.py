"""The report of the meeting: generated from the records, drafted by the chair, circulated to
delegations who comment, adopted and frozen, corrected as a new version — and read by each
reader only as far as the gate lets them (a restricted outcome is absent, with no gap)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from mufakat.accounts.models import Role, User
from mufakat.audit.models import AuditEvent
from mufakat.core.audience import TLP, Audience
from mufakat.core.errors import ConflictError
from mufakat.meetings.models import (
    AgendaItem,
    Delegate,
    Forwarding,
    Meeting,
    MeetingDocument,
    Outcome,
    Participant,
)
from mufakat.papers import record
from mufakat.papers.content import Para
from mufakat.papers.models import RecordState, RecordVersion
from mufakat.registry.models import Body, Party, Term
from mufakat.testing.factories import (
    BodyFactory,
    ForwardingFactory,
    MeetingFactory,
    OutcomeFactory,
    UserFactory,
)


@dataclass
class World:
    somtc: Meeting
    wg: Meeting
    public: list[Outcome]
    restricted: Outcome
    received: Forwarding
    forwarded: Forwarding
    ammtc: Meeting


@pytest.fixture
def world(idn: Party, jpn: Party, asec: Party, bnpt: Any) -> World:
    """The 23rd SOMTC, chaired by Indonesia, with Japan taking part: two public outcomes, one
    for ASEAN member states only (not Japan), a recommendation received from the 19th WG-CT and one forwarded to
    the 17th AMMTC."""
    ammtc_body = BodyFactory.create(code="AMMTC", name="AMMTC", level=Body.Level.MINISTERIAL)
    somtc_body = BodyFactory.create(
        code="SOMTC", name="SOMTC", level=Body.Level.SENIOR_OFFICIALS, parent=ammtc_body
    )
    wg_body = BodyFactory.create(code="SOMTC-WG-CT", name="WG on CT", parent=somtc_body)
    Term.objects.create(
        body=somtc_body, party=idn, role=Term.Role.CHAIR, start_date=dt.date(2020, 1, 1)
    )
    wg = MeetingFactory.create(
        body=wg_body, number=19, title="19th SOMTC Working Group on Counter Terrorism"
    )
    somtc = MeetingFactory.create(
        body=somtc_body,
        number=23,
        title="23rd SOMTC",
        start_date=dt.date(2023, 6, 19),
        end_date=dt.date(2023, 6, 23),
        city="Yogyakarta",
        host=idn,
        chair=idn,
    )
    ammtc = MeetingFactory.create(
        body=ammtc_body, number=17, title="17th AMMTC", start_date=dt.date(2023, 8, 20)
    )
    AgendaItem.objects.create(meeting=somtc, position=2, title="Counter-terrorism")
    AgendaItem.objects.create(meeting=somtc, position=1, title="Opening remarks")
    for party in (idn, jpn, asec):
        Participant.objects.create(meeting=somtc, party=party)
    Delegate.objects.create(meeting=somtc, party=idn, name="Andika Pratama", is_head=True)
    MeetingDocument.objects.create(
        meeting=somtc,
        kind=MeetingDocument.Kind.COUNTRY_REPORT,
        title="Country report of Indonesia",
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    public = [
        OutcomeFactory.create(
            meeting=somtc, number=1, text="Endorse the WG-CT report\n\nThe Meeting endorsed it."
        ),
        OutcomeFactory.create(meeting=somtc, number=3, text="Hold a workshop on CT financing"),
    ]
    restricted = OutcomeFactory.create(
        meeting=somtc,
        number=2,
        kind=Outcome.Kind.DECISION,
        text="ASEAN-only note on foreign terrorist fighters",
        audience=Audience.MEMBER_STATES,
        tlp=TLP.AMBER,
        owner_party=idn,
    )
    wg_outcome = OutcomeFactory.create(meeting=wg, number=1, text="Develop a CT database")
    received = ForwardingFactory.create(
        outcome=wg_outcome,
        to_meeting=somtc,
        status=Forwarding.Status.ENDORSED,
        resulting_outcome=public[0],
    )
    forwarded = ForwardingFactory.create(outcome=public[0], to_meeting=ammtc)
    return World(somtc, wg, public, restricted, received, forwarded, ammtc)


@pytest.fixture
def idn_chair(idn: Party) -> User:
    return UserFactory(username="idn.chair", party=idn, role=Role.CHAIR)


@pytest.fixture
def hidden_meeting(idn: Party, world: World) -> Meeting:
    return MeetingFactory.create(
        body=world.somtc.body,
        number=99,
        title="Indonesian preparatory meeting",
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn,
    )


def numbers(paper: Any) -> list[int]:
    return [
        b.number
        for s in paper.all_sections()
        for b in s.blocks
        if isinstance(b, Para) and b.numbered
    ]


def adopted_report(world: World, secretariat: User) -> RecordVersion:
    v1 = record.start_draft(actor=secretariat, meeting=world.somtc)
    v1 = record.circulate(actor=secretariat, version=v1)
    return record.adopt(actor=secretariat, version=v1)


# -- generated from the records --------------------------------------------------------------


def test_the_text_generated_from_the_records_reads_like_a_report(
    world: World, secretariat: User
) -> None:
    paper = record.build_record(world.somtc, user=secretariat)
    text = paper.text()
    assert paper.kind == "record"
    assert paper.title == "Report of the 23rd SOMTC"
    assert paper.version == "Not yet drafted — generated from the records"
    assert "The 23rd SOMTC was held on 19–23 June 2023 in Yogyakarta, Indonesia." in text
    assert "The Meeting was chaired by Andika Pratama, head of the delegation of Indonesia." in text
    assert "The Meeting was attended by the delegations of Indonesia and Japan." in text
    assert "SOMTC 23/1: Endorse the WG-CT report. The Meeting endorsed it." in text
    assert "SOMTC 23/2: ASEAN-only note" in text
    assert "The Meeting considered SOMTC-WG-CT 19/1" in text
    assert "It was taken up as SOMTC 23/1." in text
    assert (
        "The Meeting agreed to submit SOMTC 23/1 (Endorse the WG-CT report) to the 17th AMMTC."
        in text
    )
    headings = [s.heading for s in paper.sections]
    assert headings.index("Agenda item 1: Opening remarks") < headings.index(
        "Agenda item 2: Counter-terrorism"
    )
    assert [a.heading for a in paper.annexes] == [
        "Annex 1 – List of participants",
        "Annex 2 – Agenda",
        "Annex 3 – Documents of the Meeting",
    ]
    assert numbers(paper) == list(range(1, len(numbers(paper)) + 1))
    assert paper.tlp == TLP.AMBER  # the restricted outcome is in the Secretariat's copy


def test_a_restricted_outcome_is_absent_for_japan_without_a_gap_and_the_marking_follows(
    world: World, jpn_focal: User
) -> None:
    paper = record.build_record(world.somtc, user=jpn_focal)
    assert "ASEAN-only" not in paper.text()
    assert "SOMTC 23/2" not in paper.text()
    assert numbers(paper) == list(range(1, len(numbers(paper)) + 1))
    assert paper.tlp == TLP.CLEAR


def test_visitors_who_are_not_signed_in_read_parties_but_no_names(
    world: World, anonymous: Any
) -> None:
    text = record.build_record(world.somtc, user=anonymous).text()
    assert "Andika" not in text
    assert "The Meeting was chaired by Indonesia." in text
    assert "Indonesia" in [
        b.text for a in record.build_record(world.somtc, user=anonymous).annexes for b in a.blocks
    ]


def test_a_meeting_without_agenda_says_so_instead_of_failing(
    world: World, secretariat: User
) -> None:
    paper = record.build_record(world.ammtc, user=secretariat)
    assert "No agenda has been recorded for this meeting yet." in paper.text()


def test_building_takes_a_fixed_number_of_queries_whatever_the_outcomes(
    world: World, secretariat: User, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(20):
        record.build_record(world.somtc, user=secretariat)
    for n in range(10, 40):
        OutcomeFactory.create(meeting=world.somtc, number=n)
    with django_assert_max_num_queries(20):
        paper = record.build_record(world.somtc, user=secretariat)
    assert "SOMTC 23/39" in paper.text()


# -- the lifecycle ---------------------------------------------------------------------------


def test_draft_circulate_comment_adopt_correct_and_diff(
    world: World, idn_chair: User, secretariat: User, jpn_focal: User, idn_focal: User
) -> None:
    v1 = record.start_draft(actor=idn_chair, meeting=world.somtc)
    assert v1.number == 1 and v1.state == RecordState.DRAFT
    # Delegations do not read the chair's draft: they get the records' text meanwhile.
    assert record.readable_versions(world.somtc, user=jpn_focal) == []
    assert "Being drafted" in record.build_record(world.somtc, user=jpn_focal).version

    v1 = record.edit_paragraph(
        actor=idn_chair,
        version=v1,
        key="held",
        text="The 23rd SOMTC was held in Yogyakarta from 19 to 23 June 2023.",
        lock_version=v1.lock_version,
    )
    v1 = record.add_paragraph(
        actor=idn_chair,
        version=v1,
        after_key="held",
        section="",
        text="The Meeting thanked Indonesia for its hospitality.",
    )
    v1 = record.circulate(actor=idn_chair, version=v1)
    assert record.readable_versions(world.somtc, user=jpn_focal) == [v1]

    note = record.comment(
        actor=jpn_focal, version=v1, paragraph_key="held", text="Japan suggests 'from … to'."
    )
    mine = record.comment(actor=idn_focal, version=v1, paragraph_key="", text="No comment.")
    assert record.comments(v1, user=jpn_focal) == [note]  # never another delegation's
    assert record.comments(v1, user=idn_focal) == [mine]
    assert record.comments(v1, user=secretariat) == [note, mine]

    v1 = record.adopt(actor=idn_chair, version=v1)
    assert v1.state == RecordState.ADOPTED and v1.adopted_by == idn_chair
    paper = record.build_record(world.somtc, user=jpn_focal)
    assert paper.version.startswith("Version 1, adopted")
    assert "The Meeting thanked Indonesia for its hospitality." in paper.text()

    v2 = record.correct(actor=secretariat, meeting=world.somtc, change_note="Date corrected")
    assert (v2.number, v2.state) == (2, RecordState.DRAFT)
    v2 = record.edit_paragraph(
        actor=secretariat,
        version=v2,
        key="held",
        text="The 23rd SOMTC was held in Yogyakarta from 20 to 23 June 2023.",
        lock_version=v2.lock_version,
    )
    v2 = record.remove_paragraph(actor=secretariat, version=v2, key=f"outcome-{world.public[1].pk}")
    v2 = record.circulate(actor=secretariat, version=v2)
    v2 = record.adopt(actor=secretariat, version=v2)

    # The earlier adopted version stays readable; the latest is the one shown.
    assert [v.number for v in record.readable_versions(world.somtc, user=jpn_focal)] == [1, 2]
    assert record.build_record(world.somtc, user=jpn_focal).version.startswith("Version 2")
    assert "Version 1" in record.build_record(world.somtc, user=jpn_focal, version=v1).version

    changes = record.diff(v1, v2, user=jpn_focal)
    assert [(c.key, c.kind) for c in changes] == [
        ("held", "changed"),
        (f"outcome-{world.public[1].pk}", "removed"),
    ]
    assert "<del>19</del><ins>20</ins>" in changes[0].html
    actions = set(
        AuditEvent.objects.filter(action__startswith="record.").values_list("action", flat=True)
    )
    assert actions >= {
        "record.start_draft",
        "record.edit",
        "record.add_paragraph",
        "record.circulate",
        "record.comment",
        "record.adopt",
        "record.correct",
        "record.remove_paragraph",
    }


def test_an_adopted_version_is_frozen(world: World, secretariat: User) -> None:
    v1 = adopted_report(world, secretariat)
    with pytest.raises(ValidationError):
        record.edit_paragraph(
            actor=secretariat, version=v1, key="held", text="Changed.", lock_version=None
        )
    v1.paragraphs = [*v1.paragraphs, {"key": "x", "section": "S", "text": "sneaked in", "ref": ""}]
    with pytest.raises(ValidationError):
        v1.save()


def test_concurrent_edits_conflict(world: World, secretariat: User, idn_chair: User) -> None:
    v1 = record.start_draft(actor=secretariat, meeting=world.somtc)
    loaded = v1.lock_version
    record.edit_paragraph(
        actor=idn_chair, version=v1, key="held", text="First.", lock_version=loaded
    )
    with pytest.raises(ConflictError):
        record.edit_paragraph(
            actor=secretariat, version=v1, key="held", text="Second.", lock_version=loaded
        )
    assert RecordVersion.objects.get(pk=v1.pk).paragraphs[0]["text"] != "Second."


def test_a_focal_point_cannot_draft_circulate_or_adopt(
    world: World, secretariat: User, idn_focal: User
) -> None:
    with pytest.raises(PermissionDenied):
        record.start_draft(actor=idn_focal, meeting=world.somtc)
    v1 = record.circulate(
        actor=secretariat, version=record.start_draft(actor=secretariat, meeting=world.somtc)
    )
    with pytest.raises(PermissionDenied):
        record.adopt(actor=idn_focal, version=v1)


def test_a_chair_of_another_body_cannot_adopt(world: World, jpn: Party, secretariat: User) -> None:
    other_chair = UserFactory(username="jpn.chair", party=jpn, role=Role.CHAIR)
    v1 = record.circulate(
        actor=secretariat, version=record.start_draft(actor=secretariat, meeting=world.somtc)
    )
    with pytest.raises(PermissionDenied):
        record.adopt(actor=other_chair, version=v1)


def test_delegations_comment_only_on_a_circulated_version(
    world: World, secretariat: User, jpn_focal: User, outsider: User
) -> None:
    v1 = record.start_draft(actor=secretariat, meeting=world.somtc)
    with pytest.raises(ValidationError):
        record.comment(actor=jpn_focal, version=v1, paragraph_key="", text="Too early.")
    v1 = record.circulate(actor=secretariat, version=v1)
    with pytest.raises(PermissionDenied):  # Canada does not take part in the meeting
        record.comment(actor=outsider, version=v1, paragraph_key="", text="Hello.")
    with pytest.raises(ValidationError):  # a paragraph Japan may not see is not there for it
        record.comment(
            actor=jpn_focal,
            version=v1,
            paragraph_key=f"outcome-{world.restricted.pk}",
            text="What is this?",
        )
    record.adopt(actor=secretariat, version=v1)
    with pytest.raises(ValidationError):
        record.comment(actor=jpn_focal, version=v1, paragraph_key="", text="Too late.")


def test_a_stored_restricted_paragraph_is_left_out_for_japan_and_kept_for_the_secretariat(
    world: World, secretariat: User, jpn_focal: User
) -> None:
    v1 = adopted_report(world, secretariat)
    assert any(p["ref"] == f"meetings.outcome:{world.restricted.pk}" for p in v1.paragraphs)
    japan = record.build_record(world.somtc, user=jpn_focal)
    ours = record.build_record(world.somtc, user=secretariat)
    assert "ASEAN-only" not in japan.text() and "ASEAN-only" in ours.text()
    assert numbers(japan) == list(range(1, len(numbers(japan)) + 1))
    assert len(numbers(ours)) == len(numbers(japan)) + 1
    assert (japan.tlp, ours.tlp) == (TLP.CLEAR, TLP.AMBER)


def test_a_version_of_another_meeting_or_not_readable_is_not_found(
    world: World, secretariat: User, jpn_focal: User
) -> None:
    draft = record.start_draft(actor=secretariat, meeting=world.somtc)
    with pytest.raises(Http404):
        record.build_record(world.somtc, user=jpn_focal, version=draft)
    with pytest.raises(Http404):
        record.build_record(world.wg, user=secretariat, version=draft)


def test_regenerating_keeps_the_chairs_own_paragraphs(world: World, secretariat: User) -> None:
    v1 = record.start_draft(actor=secretariat, meeting=world.somtc)
    v1 = record.add_paragraph(
        actor=secretariat, version=v1, after_key="held", section="", text="Thanks to the host."
    )
    OutcomeFactory.create(meeting=world.somtc, number=4, text="A late outcome")
    v1 = record.regenerate(actor=secretariat, version=v1)
    keys = [p["key"] for p in v1.paragraphs]
    own = next(p for p in v1.paragraphs if p["key"].startswith("p-"))
    assert keys.index(own["key"]) == keys.index("held") + 1
    assert any("A late outcome" in p["text"] for p in v1.paragraphs)


def test_only_one_report_is_started(world: World, secretariat: User) -> None:
    record.start_draft(actor=secretariat, meeting=world.somtc)
    with pytest.raises(ValidationError):
        record.start_draft(actor=secretariat, meeting=world.somtc)


def test_an_agenda_opening_with_its_own_adoption_records_it_under_that_item_once(
    world: World, secretariat: User
) -> None:
    AgendaItem.objects.filter(meeting=world.somtc, position=1).update(
        title="Adoption of the agenda"
    )
    paper = record.build_record(world.somtc, user=secretariat)
    headings = [s.heading for s in paper.sections]
    assert "Adoption of the agenda" not in headings
    item = next(s for s in paper.sections if s.heading == "Agenda item 1: Adoption of the agenda")
    assert [b.text for b in item.blocks] == ["The Meeting adopted the agenda, which is at Annex 2."]
