"""Drafts: reading a statement writes nothing; confirming writes what the reviewer ticked."""

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mufakat.accounts.models import Role, User
from mufakat.audit.models import AuditEvent
from mufakat.core.errors import ConflictError
from mufakat.core.partial_dates import Precision
from mufakat.demo.loader import _Loader
from mufakat.ingest import selectors, services
from mufakat.ingest.models import IngestDraft
from mufakat.ingest.review import review
from mufakat.meetings.models import Forwarding, Meeting, MeetingDocument, Participant
from mufakat.meetings.services import create_meeting, update_meeting
from mufakat.registry.models import Party
from mufakat.testing.factories import UserFactory
from mufakat.workplans.models import Instrument

EXAMPLES = Path(__file__).parent / "examples"
SEED_000 = (EXAMPLES / "seed-000.txt").read_text()
SEED_002 = (EXAMPLES / "seed-002.txt").read_text()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def bare_registry(db: Any, secretariat: User, idn_focal: User) -> None:
    """Parties, agencies, crime areas and bodies of the demo — but no meeting, no instrument."""
    loader = _Loader()
    loader.load_parties()
    loader.load_agencies()
    loader.load_crime_areas()
    loader.load_bodies()


@pytest.fixture
def chair(bare_registry: None) -> User:
    return UserFactory(username="wg.chair", party=Party.objects.get(code="IDN"), role=Role.CHAIR)


def counts() -> tuple[int, ...]:
    return (
        Meeting.objects.count(),
        Instrument.objects.count(),
        AuditEvent.objects.count(),
        MeetingDocument.objects.count(),
        Forwarding.objects.count(),
    )


def proposal(draft: IngestDraft, body: str, relation: str | None = None) -> int:
    for n, m in enumerate(draft.extraction["meetings"]):
        if m["body"] == body and (relation is None or m["relation"] == relation):
            return n
    raise AssertionError(f"no {body} proposed")


def test_reading_a_statement_writes_nothing_but_the_draft(
    bare_registry: None, secretariat: User
) -> None:
    before = counts()
    draft = services.create_draft(actor=secretariat, text=SEED_000)
    assert counts() == before
    assert draft.status == IngestDraft.Status.DRAFT
    assert draft.published.isoformat() == "2023-05-19"
    bodies = [(m["body"], m["relation"], m["match"]) for m in draft.extraction["meetings"]]
    assert ("SOMTC-WG-CT", "held", None) in bodies


def seed_000_decisions(draft: IngestDraft) -> dict[str, Any]:
    """Tick the held meeting, both meetings its outcomes go to, the work plan, all codes."""
    return {
        "meetings": [
            {"index": proposal(draft, "SOMTC-WG-CT")},
            {"index": proposal(draft, "SOMTC", "forwarded_to")},
            {"index": proposal(draft, "AMMTC", "forwarded_to")},
        ],
        "instruments": [{"index": 0}],
        "crime_areas": ["terrorism"],
        "parties": ["ASEAN", "IDN"],
    }


def test_confirm_creates_the_meetings_the_forwardings_and_the_instrument_and_attaches_the_statement(
    bare_registry: None, secretariat: User
) -> None:
    draft = services.create_draft(
        actor=secretariat, text=SEED_000, source_url="https://en.antaranews.com/news/1"
    )
    result = services.confirm_draft(
        actor=secretariat, draft=draft, decisions=seed_000_decisions(draft)
    )

    wg = Meeting.objects.get(body__code="SOMTC-WG-CT", number=19)
    assert (wg.start_date.isoformat(), wg.city, wg.host.code, wg.chair.code, wg.status) == (
        "2023-05-18", "Bali", "IDN", "IDN", Meeting.Status.HELD
    )  # fmt: skip
    assert (wg.audience, wg.tlp) == ("public", "CLEAR")
    somtc = Meeting.objects.get(body__code="SOMTC")
    assert (somtc.start_date.isoformat(), somtc.end_date.isoformat(), somtc.city) == (
        "2023-06-19", "2023-06-23", "Yogyakarta"
    )  # fmt: skip
    ammtc = Meeting.objects.get(body__code="AMMTC")
    assert (ammtc.start_precision, str(ammtc.start), ammtc.city) == (
        Precision.MONTH, "2023-08", "Labuan Bajo"
    )  # fmt: skip
    plan = Instrument.objects.get()
    assert (plan.title, plan.kind, plan.start_year, plan.end_year) == (
        "Bali Work Plan", "work_plan", 2019, 2025
    )  # fmt: skip

    targets = set(
        Forwarding.objects.filter(outcome__meeting=wg).values_list("to_meeting", flat=True)
    )
    assert targets == {somtc.pk, ammtc.pk}
    doc = MeetingDocument.objects.get()
    assert (doc.meeting, doc.kind, doc.source_url, doc.published.isoformat()) == (
        wg, "press_statement", "https://en.antaranews.com/news/1", "2023-05-19"
    )  # fmt: skip
    assert "19th Senior Officials Meeting" in doc.text
    assert [a.code for a in doc.crime_areas.all()] == ["terrorism"]
    assert set(Participant.objects.filter(meeting=wg).values_list("party__code", flat=True)) == {
        "ASEAN", "IDN"
    }  # fmt: skip

    assert [m["action"] for m in result["meetings"]] == ["created"] * 3
    assert result["instruments"][0]["id"] == plan.pk
    draft.refresh_from_db()
    assert draft.status == IngestDraft.Status.CONFIRMED and draft.confirmed_at
    event = AuditEvent.objects.filter(action="ingest.confirm").get()
    assert event.object_id == str(draft.pk)
    assert AuditEvent.objects.filter(action="meeting.create").count() == 3


@pytest.fixture
def existing_wg(bare_registry: None, secretariat: User) -> Meeting:
    """The 19th WG on CT as the registry has it: in Jakarta, hosted by Thailand (both "wrong")."""
    return create_meeting(
        actor=secretariat,
        body="SOMTC-WG-CT",
        number=19,
        start_date="2023-05-18",
        city="Jakarta",
        host="THA",
        status="held",
        audience="public",
        tlp="CLEAR",
    )


def test_a_match_shows_which_fields_differ(existing_wg: Meeting, secretariat: User) -> None:
    draft = services.create_draft(actor=secretariat, text=SEED_000)
    wg = review(draft=draft, user=secretariat).meetings[proposal(draft, "SOMTC-WG-CT")]
    assert wg.record == existing_wg
    assert {(d.field, d.proposed, d.current) for d in wg.differences} == {
        ("city", "Bali", "Jakarta"),
        ("host", "IDN", "THA"),
        ("chair", "IDN", ""),
    }


def test_confirm_with_a_match_updates_only_the_chosen_fields(
    existing_wg: Meeting, secretariat: User
) -> None:
    draft = services.create_draft(actor=secretariat, text=SEED_000)
    decisions = {"meetings": [{"index": proposal(draft, "SOMTC-WG-CT"), "update": ["city"]}]}
    result = services.confirm_draft(actor=secretariat, draft=draft, decisions=decisions)

    existing_wg.refresh_from_db()
    assert (existing_wg.city, existing_wg.host.code, existing_wg.chair) == ("Bali", "THA", None)
    assert existing_wg.lock_version == 2
    assert result["meetings"] == [
        {"index": 0, "id": existing_wg.pk, "action": "updated", "fields": ["city"],
         "title": existing_wg.title, "relation": "held"}
    ]  # fmt: skip
    assert Meeting.objects.count() == 1
    assert MeetingDocument.objects.get().meeting == existing_wg


def test_a_meeting_edited_since_the_draft_was_made_conflicts(
    existing_wg: Meeting, secretariat: User
) -> None:
    draft = services.create_draft(actor=secretariat, text=SEED_000)
    update_meeting(
        actor=secretariat, meeting=existing_wg, changes={"city": "Denpasar"}, expected_version=1
    )
    decisions = {"meetings": [{"index": proposal(draft, "SOMTC-WG-CT"), "update": ["city"]}]}
    before = counts()
    with pytest.raises(ConflictError):
        services.confirm_draft(actor=secretariat, draft=draft, decisions=decisions)
    existing_wg.refresh_from_db()
    assert existing_wg.city == "Denpasar"
    assert counts() == before
    draft.refresh_from_db()
    assert draft.status == IngestDraft.Status.DRAFT


def test_a_confirmed_draft_cannot_be_confirmed_twice(
    bare_registry: None, secretariat: User
) -> None:
    draft = services.create_draft(actor=secretariat, text=SEED_000)
    services.confirm_draft(actor=secretariat, draft=draft, decisions=seed_000_decisions(draft))
    before = counts()
    with pytest.raises(services.DraftClosed):
        services.confirm_draft(actor=secretariat, draft=draft, decisions=seed_000_decisions(draft))
    assert counts() == before


def test_reviewer_edits_are_validated_and_refused_by_field_with_nothing_written(
    bare_registry: None, secretariat: User
) -> None:
    draft = services.create_draft(actor=secretariat, text=SEED_000)
    mentioned = proposal(draft, "AMMTC", "mentioned")  # "in 2019": a year is not enough
    decisions: dict[str, list[dict[str, Any]]] = {
        "meetings": [{"index": proposal(draft, "SOMTC-WG-CT")}, {"index": mentioned}],
    }
    before = counts()
    with pytest.raises(ValidationError) as refused:
        services.confirm_draft(actor=secretariat, draft=draft, decisions=decisions)
    assert list(refused.value.message_dict) == [f"meetings.{mentioned}.start_date"]
    assert counts() == before

    decisions["meetings"][1]["fields"] = {"start_date": "2019-11", "city": "Bangkok"}
    services.confirm_draft(actor=secretariat, draft=draft, decisions=decisions)
    assert str(Meeting.objects.get(body__code="AMMTC").start) == "2019-11"


def test_the_reviewer_chooses_the_audience_of_a_new_record(
    bare_registry: None, secretariat: User
) -> None:
    draft = services.create_draft(actor=secretariat, text=SEED_000)
    decisions = {
        "meetings": [
            {"index": proposal(draft, "SOMTC-WG-CT"), "audience": "platform", "tlp": "GREEN"}
        ],
        "document": {"audience": "platform", "tlp": "GREEN", "title": "ANTARA, 19 May 2023"},
    }
    services.confirm_draft(actor=secretariat, draft=draft, decisions=decisions)
    wg = Meeting.objects.get()
    assert (wg.audience, wg.tlp) == ("platform", "GREEN")
    assert MeetingDocument.objects.get().title == "ANTARA, 19 May 2023"


def test_decisions_about_what_was_not_proposed_are_refused(
    bare_registry: None, secretariat: User
) -> None:
    draft = services.create_draft(actor=secretariat, text=SEED_000)
    with pytest.raises(ValidationError) as refused:
        services.confirm_draft(
            actor=secretariat, draft=draft, decisions={"meetings": [{"index": 42}]}
        )
    assert "meetings.0.index" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.confirm_draft(actor=secretariat, draft=draft, decisions={"parties": ["CAN"]})
    assert "parties" in refused.value.message_dict


def test_a_focal_point_may_not_ingest(bare_registry: None, idn_focal: User) -> None:
    with pytest.raises(PermissionDenied):
        services.create_draft(actor=idn_focal, text=SEED_000)


def test_a_chair_drafts_and_the_secretariat_confirms(chair: User, secretariat: User) -> None:
    draft = services.create_draft(actor=chair, text=SEED_000)
    with pytest.raises(PermissionDenied):
        services.confirm_draft(actor=chair, draft=draft, decisions={})
    assert selectors.draft(user=secretariat, pk=draft.pk) == draft
    services.confirm_draft(actor=secretariat, draft=draft, decisions=seed_000_decisions(draft))
    assert Meeting.objects.count() == 3


def test_drafts_are_private_to_their_owner_and_the_secretariat(
    chair: User, secretariat: User, idn_focal: User
) -> None:
    other_chair = UserFactory(username="other.chair", party=chair.party, role=Role.CHAIR)
    draft = services.create_draft(actor=chair, text=SEED_000)
    assert selectors.draft(user=chair, pk=draft.pk) == draft
    assert selectors.draft(user=other_chair, pk=draft.pk) is None
    assert selectors.draft(user=idn_focal, pk=draft.pk) is None
    assert list(selectors.drafts(user=other_chair)) == []
    assert list(selectors.my_drafts(user=secretariat)) == []
    assert list(selectors.drafts(user=secretariat)) == [draft]


def test_a_text_file_is_read_and_kept(bare_registry: None, secretariat: User) -> None:
    upload = SimpleUploadedFile("statement.txt", SEED_000.encode(), content_type="text/plain")
    draft = services.create_draft(actor=secretariat, uploaded_file=upload)
    assert draft.content_type == "text/plain" and draft.file_name == "statement.txt"
    assert draft.file.name.startswith("ingest/") and "statement" not in draft.file.name
    assert draft.extraction["meetings"][0]["body"] == "SOMTC-WG-CT"
    services.confirm_draft(actor=secretariat, draft=draft, decisions=seed_000_decisions(draft))
    doc = MeetingDocument.objects.get()
    assert doc.file_name == "statement.txt" and doc.file.read() == SEED_000.encode()


def test_a_docx_file_is_read(bare_registry: None, secretariat: User, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for paragraph in SEED_000.split("\n\n"):
        document.add_paragraph(paragraph.strip())
    document.save(tmp_path / "s.docx")
    upload = SimpleUploadedFile("s.docx", (tmp_path / "s.docx").read_bytes())
    draft = services.create_draft(actor=secretariat, uploaded_file=upload, published=None)
    assert any(m["body"] == "SOMTC-WG-CT" for m in draft.extraction["meetings"])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("binary.txt", b"abc\x00def", "not a file type we accept"),
        ("latin1.txt", "caf\xe9 statement".encode("latin-1"), "not a file type we accept"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_files_that_are_not_text_are_refused_before_anything_is_written(
    bare_registry: None, secretariat: User, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_draft(actor=secretariat, uploaded_file=SimpleUploadedFile(name, content))
    assert message in refused.value.message_dict["file"][0]
    assert IngestDraft.objects.count() == 0


def test_nothing_to_read_is_refused(bare_registry: None, secretariat: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_draft(actor=secretariat, text="   ")
    assert "text" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.create_draft(actor=secretariat, text=SEED_000, source_url="javascript:alert(1)")
    assert "source_url" in refused.value.message_dict
