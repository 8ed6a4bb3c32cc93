"""Meeting documents between meetings: who keeps them (the Secretariat, the body's chair), each
document's own marking never wider than its meeting, versions, text read into search, and the
pages and API that show them through the gate."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from mufakat.accounts.models import Role, User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.meetings import delegations, documents
from mufakat.meetings.models import AgendaItem, Meeting, MeetingDocument
from mufakat.meetings.permissions import can_manage_meeting_documents
from mufakat.registry.models import Body, Party, Term
from mufakat.search.selectors import search
from mufakat.testing.factories import AgencyFactory, MeetingFactory, UserFactory, member_state

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# -- the world: the next SOMTC, chaired by Thailand ----------------------------------------------


@pytest.fixture
def next_somtc(somtc: Body) -> Meeting:
    return MeetingFactory.create(
        body=somtc,
        number=26,
        title="26th SOMTC",
        start_date=dt.date.today() + dt.timedelta(days=45),
        status=Meeting.Status.PLANNED,
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )


@pytest.fixture
def item_3(next_somtc: Meeting) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=next_somtc, position=3, title="Cooperation with dialogue partners"
    )


@pytest.fixture
def tha(db: Any) -> Party:
    return member_state("THA", "Thailand")


@pytest.fixture
def mys(db: Any) -> Party:
    return member_state("MYS", "Malaysia")


@pytest.fixture
def somtc_chair(somtc: Body, tha: Party) -> User:
    """Thailand chairs the SOMTC this year."""
    Term.objects.create(
        body=somtc,
        party=tha,
        role=Term.Role.CHAIR,
        start_date=dt.date.today().replace(month=1, day=1),
    )
    return UserFactory.create(username="tha.chair", party=tha, role=Role.CHAIR)


@pytest.fixture
def ammtc_chair(ammtc: Body, mys: Party) -> User:
    """Malaysia chairs the AMMTC, not the SOMTC."""
    Term.objects.create(body=ammtc, party=mys, role=Term.Role.CHAIR, start_date=dt.date(2020, 1, 1))
    return UserFactory.create(username="mys.chair", party=mys, role=Role.CHAIR)


@pytest.fixture
def for_japan(
    next_somtc: Meeting, item_3: AgendaItem, secretariat: User, asean_japan: SharingGroup
) -> MeetingDocument:
    """A working paper on item 3, restricted to ASEAN + Japan."""
    return documents.add_document(
        actor=secretariat,
        meeting=next_somtc,
        agenda_item=item_3,
        title="Working paper on the ASEAN-Japan counter-terrorism dialogue",
        kind=MeetingDocument.Kind.WORKING_PAPER,
        uploaded_file=upload("wp.pdf", pdf_bytes()),
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        sharing_groups=["asean-jpn"],
    )


# -- who keeps documents -------------------------------------------------------------------------


def test_the_chair_of_the_body_may_upload(next_somtc: Meeting, somtc_chair: User) -> None:
    doc = documents.add_document(
        actor=somtc_chair,
        meeting=next_somtc,
        title="Provisional agenda",
        kind=MeetingDocument.Kind.PROVISIONAL_AGENDA,
        uploaded_file=upload("agenda.pdf", pdf_bytes()),
    )
    assert doc.added_by == somtc_chair and doc.version == 1


def test_a_chair_of_another_body_may_not(next_somtc: Meeting, ammtc_chair: User) -> None:
    assert not can_manage_meeting_documents(ammtc_chair, next_somtc)
    with pytest.raises(PermissionDenied):
        documents.add_document(
            actor=ammtc_chair, meeting=next_somtc, title="Agenda", text="1. Opening"
        )


def test_a_former_chair_may_not(next_somtc: Meeting, somtc: Body, tha: Party) -> None:
    Term.objects.create(
        body=somtc,
        party=tha,
        role=Term.Role.CHAIR,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2021, 1, 1),
    )
    former = UserFactory.create(username="tha.former", party=tha, role=Role.CHAIR)
    assert not can_manage_meeting_documents(former, next_somtc)


@pytest.mark.parametrize("who", ["idn_focal", "jpn_focal", "outsider", "anonymous"])
def test_focal_points_and_readers_may_not_upload(
    next_somtc: Meeting, all_users: dict[str, Any], who: str
) -> None:
    with pytest.raises(PermissionDenied):
        documents.add_document(
            actor=all_users[who], meeting=next_somtc, title="Agenda", text="1. Opening"
        )


def test_the_upload_page_is_forbidden_to_another_body_s_chair(
    as_user: Any, next_somtc: Meeting, ammtc_chair: User, somtc_chair: User
) -> None:
    url = reverse("meetings:document_add", args=[next_somtc.pk])
    assert as_user(ammtc_chair).get(url).status_code == 403
    assert as_user(somtc_chair).get(url).status_code == 200


def test_the_chair_uploads_through_the_page(
    as_user: Any, next_somtc: Meeting, item_3: AgendaItem, somtc_chair: User
) -> None:
    response = as_user(somtc_chair).post(
        reverse("meetings:document_add", args=[next_somtc.pk]),
        {
            "title": "Annotated agenda",
            "kind": "annotated_agenda",
            "agenda_item": str(item_3.pk),
            "file": upload("annotated.pdf", pdf_bytes()),
            "audience": "public",
            "tlp": "CLEAR",
        },
    )
    doc = MeetingDocument.objects.get(title="Annotated agenda")
    assert response.status_code == 302 and response["Location"] == doc.get_absolute_url()
    assert doc.agenda_item == item_3 and doc.file_name == "annotated.pdf"


# -- markings ------------------------------------------------------------------------------------


def test_a_document_wider_than_its_meeting_is_refused(
    next_somtc: Meeting, secretariat: User
) -> None:
    Meeting.objects.filter(pk=next_somtc.pk).update(audience=Audience.MEMBER_STATES, tlp=TLP.AMBER)
    next_somtc.refresh_from_db()
    with pytest.raises(ValidationError) as wider:
        documents.add_document(
            actor=secretariat, meeting=next_somtc, title="Press statement", text="…"
        )
    assert "wider audience" in wider.value.message_dict["audience"][0]
    with pytest.raises(ValidationError) as looser:
        documents.add_document(
            actor=secretariat,
            meeting=next_somtc,
            title="Note",
            text="…",
            audience=Audience.ORGANISATION,
            tlp=TLP.GREEN,
        )
    assert "tlp" in looser.value.message_dict
    assert not MeetingDocument.objects.exists()


def test_sharing_groups_with_no_group_are_refused(next_somtc: Meeting, secretariat: User) -> None:
    with pytest.raises(ValidationError) as refused:
        documents.add_document(
            actor=secretariat,
            meeting=next_somtc,
            title="Note",
            text="…",
            audience=Audience.SHARING_GROUP,
            tlp=TLP.AMBER,
        )
    assert "sharing_groups" in refused.value.message_dict


def test_a_refused_upload_leaves_no_file(
    next_somtc: Meeting, secretariat: User, tmp_path: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        documents.add_document(
            actor=secretariat,
            meeting=next_somtc,
            title="Program",
            uploaded_file=upload("run.pdf", b"MZ\x90\x00 not a document"),
        )
    assert "file" in refused.value.message_dict
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_an_agenda_item_of_another_meeting_is_refused(
    next_somtc: Meeting, chain: Any, secretariat: User
) -> None:
    other = AgendaItem.objects.create(meeting=chain.wg, position=1, title="Opening")
    with pytest.raises(ValidationError) as refused:
        documents.add_document(
            actor=secretariat, meeting=next_somtc, title="Note", text="…", agenda_item=other
        )
    assert "agenda_item" in refused.value.message_dict


# -- who sees what -------------------------------------------------------------------------------


def test_an_asean_japan_document_on_an_agenda_item_is_visible_to_japan_and_404_to_an_outsider(
    as_user: Any, for_japan: MeetingDocument, jpn_focal: User, outsider: User, anonymous: Any
) -> None:
    page = reverse("meetings:document", args=[for_japan.pk])
    download = reverse("meetings:document_file", args=[for_japan.pk])
    japan = as_user(jpn_focal)
    shown = japan.get(page)
    assert shown.status_code == 200
    assert b"TLP:AMBER" in shown.content and b"Cooperation with dialogue partners" in shown.content
    assert japan.get(download).status_code == 200
    for stranger in (outsider, anonymous):
        client = as_user(stranger)
        assert client.get(page).status_code == 404
        assert client.get(download).status_code == 404
        assert client.get(f"{API}/documents/{for_japan.pk}").status_code == 404
        meeting_page = client.get(for_japan.meeting.get_absolute_url())
        assert for_japan.title.encode() not in meeting_page.content


def test_the_document_page_is_marked_with_the_strictest_marking(
    as_user: Any, for_japan: MeetingDocument, jpn_focal: User
) -> None:
    response = as_user(jpn_focal).get(reverse("meetings:document", args=[for_japan.pk]))
    assert response.context["page_tlp"] == TLP.AMBER


def test_the_meeting_page_groups_documents_per_agenda_item(
    as_user: Any, for_japan: MeetingDocument, secretariat: User, jpn_focal: User
) -> None:
    documents.add_document(
        actor=secretariat,
        meeting=for_japan.meeting,
        title="Provisional agenda",
        kind=MeetingDocument.Kind.PROVISIONAL_AGENDA,
        text="1. Opening",
    )
    groups = documents.grouped_documents(user=jpn_focal, meeting=for_japan.meeting)
    assert [
        (g.item.position if g.item else None, [d.title for d in g.documents]) for g in groups
    ] == [
        (None, ["Provisional agenda"]),
        (3, [for_japan.title]),
    ]
    html = as_user(jpn_focal).get(for_japan.meeting.get_absolute_url()).content.decode()
    assert html.index("General") < html.index("Item 3. Cooperation with dialogue partners")
    assert "Working paper" in html and "TLP:AMBER" in html


# -- versions ------------------------------------------------------------------------------------


def test_a_new_version_keeps_the_old_file_downloadable(
    as_user: Any, for_japan: MeetingDocument, secretariat: User, jpn_focal: User
) -> None:
    first = for_japan.file.open("rb").read()
    second = pdf_bytes(pages=2)
    saved = documents.add_version(
        actor=secretariat,
        document=for_japan,
        uploaded_file=upload("wp-rev1.pdf", second),
        note="Comments of Japan added",
        expected_version=for_japan.lock_version,
    )
    assert saved.version == 2 and saved.file_name == "wp-rev1.pdf"
    japan = as_user(jpn_focal)
    page = japan.get(reverse("meetings:document", args=[for_japan.pk])).content.decode()
    assert "Comments of Japan added" in page and "wp.pdf" in page
    old = japan.get(reverse("meetings:document_version_file", args=[for_japan.pk, 1]))
    assert b"".join(old.streaming_content) == first
    new = japan.get(reverse("meetings:document_file", args=[for_japan.pk]))
    assert b"".join(new.streaming_content) == second


def test_an_old_version_is_404_to_an_outsider(
    as_user: Any, for_japan: MeetingDocument, secretariat: User, outsider: User
) -> None:
    documents.add_version(
        actor=secretariat, document=for_japan, uploaded_file=upload("v2.pdf", pdf_bytes(2))
    )
    url = reverse("meetings:document_version_file", args=[for_japan.pk, 1])
    assert as_user(outsider).get(url).status_code == 404


def test_a_version_built_on_an_old_lock_version_conflicts(
    for_japan: MeetingDocument, secretariat: User
) -> None:
    from mufakat.core.errors import ConflictError

    with pytest.raises(ConflictError):
        documents.add_version(
            actor=secretariat,
            document=for_japan,
            uploaded_file=upload("v2.pdf", pdf_bytes(2)),
            expected_version=for_japan.lock_version - 1,
        )


def test_removing_asks_first_then_removes_with_the_versions(
    as_user: Any, for_japan: MeetingDocument, secretariat: User
) -> None:
    documents.add_version(
        actor=secretariat, document=for_japan, uploaded_file=upload("v2.pdf", pdf_bytes(2))
    )
    client = as_user(secretariat)
    url = reverse("meetings:document_remove", args=[for_japan.pk])
    asked = client.get(url)
    assert asked.status_code == 200 and b"2 versions" in asked.content
    assert MeetingDocument.objects.filter(pk=for_japan.pk).exists()
    assert client.post(url).status_code == 302
    assert not MeetingDocument.objects.filter(pk=for_japan.pk).exists()


# -- text for search -----------------------------------------------------------------------------


def test_the_extraction_task_reads_the_text_and_search_finds_it(
    next_somtc: Meeting,
    secretariat: User,
    jpn_focal: User,
    outsider: User,
    asean_japan: SharingGroup,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        doc = documents.add_document(
            actor=secretariat,
            meeting=next_somtc,
            title="Country report of Indonesia",
            kind=MeetingDocument.Kind.COUNTRY_REPORT,
            uploaded_file=upload("report.docx", docx_bytes("Seizures of methamphetamine rose.")),
            audience=Audience.SHARING_GROUP,
            tlp=TLP.AMBER,
            sharing_groups=["asean-jpn"],
        )
        assert doc.text_status == MeetingDocument.TextStatus.PENDING
    doc.refresh_from_db()
    assert doc.text_status == MeetingDocument.TextStatus.DONE
    assert "methamphetamine" in doc.text
    found = search(user=jpn_focal, query="methamphetamine")
    assert [(h.type, h.object_id) for h in found.hits] == [("document", doc.pk)]
    assert search(user=outsider, query="methamphetamine").hits == []


def test_a_new_version_s_text_replaces_the_old_in_search(
    next_somtc: Meeting, secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        doc = documents.add_document(
            actor=secretariat,
            meeting=next_somtc,
            title="Draft statement",
            uploaded_file=upload("s.docx", docx_bytes("first draft about cybercrime")),
        )
    with django_capture_on_commit_callbacks(execute=True):
        documents.add_version(
            actor=secretariat,
            document=doc,
            uploaded_file=upload("s2.docx", docx_bytes("final text about piracy")),
        )
    assert search(user=secretariat, query="piracy").total == 1
    assert search(user=secretariat, query="cybercrime").total == 0


# -- API -----------------------------------------------------------------------------------------


def test_the_api_uploads_to_an_agenda_item_and_posts_a_new_version(
    client: Any,
    api_headers: Any,
    next_somtc: Meeting,
    item_3: AgendaItem,
    secretariat: User,
    jpn_focal: User,
    outsider: User,
    asean_japan: SharingGroup,
) -> None:
    headers = api_headers(secretariat)
    created = client.post(
        f"{API}/meetings/{next_somtc.pk}/documents",
        {
            "title": "Presentation of Japan",
            "kind": "presentation",
            "agenda_item": str(item_3.pk),
            "audience": "sharing_group",
            "tlp": "AMBER",
            "sharing_groups": ["asean-jpn"],
            "file": upload("slides.pdf", pdf_bytes()),
        },
        headers=headers,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["agenda_item"] == item_3.pk and body["version"] == 1
    assert body["sharing_groups"] == ["asean-jpn"]
    again = client.post(
        f"{API}/documents/{body['id']}/versions",
        {"file": upload("slides-v2.pdf", pdf_bytes(2)), "note": "Figures updated"},
        headers=headers,
    )
    assert again.status_code == 201, again.content
    assert again.json()["version"] == 2
    assert [v["number"] for v in again.json()["versions"]] == [1]
    assert again.json()["versions"][0]["note"] == "Figures updated"
    old = client.get(again.json()["versions"][0]["download"], headers=api_headers(jpn_focal))
    assert old.status_code == 200
    assert (
        client.get(f"{API}/documents/{body['id']}", headers=api_headers(outsider)).status_code
        == 404
    )
    listed = client.get(f"{API}/meetings/{next_somtc.pk}/documents", headers=api_headers(outsider))
    assert listed.json() == []


def test_the_api_refuses_a_document_wider_than_its_meeting(
    client: Any, api_headers: Any, next_somtc: Meeting, secretariat: User
) -> None:
    Meeting.objects.filter(pk=next_somtc.pk).update(audience=Audience.PLATFORM, tlp=TLP.GREEN)
    refused = client.post(
        f"{API}/meetings/{next_somtc.pk}/documents",
        {"title": "Note", "text": "…", "audience": "public", "tlp": "CLEAR"},
        headers=api_headers(secretariat),
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "audience"]


def test_the_api_forbids_another_body_s_chair(
    client: Any, api_headers: Any, next_somtc: Meeting, ammtc_chair: User
) -> None:
    refused = client.post(
        f"{API}/meetings/{next_somtc.pk}/documents",
        {"title": "Note", "text": "…", "audience": "public", "tlp": "CLEAR"},
        headers=api_headers(ammtc_chair),
    )
    assert refused.status_code == 403


# -- query counts --------------------------------------------------------------------------------


def _fill(meeting: Meeting, item: AgendaItem, secretariat: User, n: int) -> None:
    for i in range(n):
        documents.add_document(
            actor=secretariat,
            meeting=meeting,
            agenda_item=item if i % 2 else None,
            title=f"Paper {len(MeetingDocument.objects.all())}",
            kind=MeetingDocument.Kind.WORKING_PAPER,
            text="…",
        )


def _nominate(meeting: Meeting, secretariat: User, parties: list[Party]) -> None:
    delegations.invite_parties(actor=secretariat, meeting=meeting, parties=parties)
    for party in parties:
        focal = UserFactory.create(
            username=f"{party.code.lower()}.fp", party=party, role=Role.FOCAL_POINT
        )
        agency = AgencyFactory.create(party=party, acronym=f"{party.code}-POL")
        delegations.nominate_delegation(
            actor=focal,
            meeting=meeting,
            party=party,
            delegates=[
                {"name": f"Head {party.code}", "agency": agency.acronym, "is_head": True},
                {"name": f"Member {party.code}", "position": "Officer"},
            ],
        )


@pytest.mark.parametrize("who", ["secretariat", "jpn_focal", "anonymous"])
def test_the_meeting_page_costs_the_same_whatever_the_number_of_documents_and_delegates(
    as_user: Any,
    all_users: dict[str, Any],
    who: str,
    next_somtc: Meeting,
    item_3: AgendaItem,
    secretariat: User,
    idn: Party,
    tha: Party,
    mys: Party,
    django_assert_max_num_queries: Any,
) -> None:
    client = as_user(all_users[who])
    url = next_somtc.get_absolute_url()
    _fill(next_somtc, item_3, secretariat, 2)
    _nominate(next_somtc, secretariat, [idn])
    client.get(url)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(16) as few:
        assert client.get(url).status_code == 200
    _fill(next_somtc, item_3, secretariat, 8)
    _nominate(next_somtc, secretariat, [tha, mys])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    names = b"Head IDN" in response.content
    assert names == (who != "anonymous")
    assert b"Paper 9" in response.content


def test_the_document_page_costs_a_fixed_number_of_queries(
    as_user: Any,
    for_japan: MeetingDocument,
    secretariat: User,
    jpn_focal: User,
    django_assert_max_num_queries: Any,
) -> None:
    client = as_user(jpn_focal)
    url = reverse("meetings:document", args=[for_japan.pk])
    client.get(url)
    with django_assert_max_num_queries(10) as few:
        assert client.get(url).status_code == 200
    for n in range(3):
        documents.add_version(
            actor=secretariat,
            document=MeetingDocument.objects.get(pk=for_japan.pk),
            uploaded_file=upload(f"v{n}.pdf", pdf_bytes(n + 1)),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_editing_a_document_narrows_its_marking_and_refuses_a_wider_one(
    as_user: Any, for_japan: MeetingDocument, secretariat: User
) -> None:
    Meeting.objects.filter(pk=for_japan.meeting_id).update(
        audience=Audience.PLATFORM, tlp=TLP.GREEN
    )
    client = as_user(secretariat)
    url = reverse("meetings:document_edit", args=[for_japan.pk])
    form = {
        "title": "Working paper (restricted)",
        "kind": "working_paper",
        "agenda_item": "",
        "audience": "public",
        "tlp": "CLEAR",
        "lock_version": str(for_japan.lock_version),
    }
    refused = client.post(url, form)
    assert refused.status_code == 200 and "wider audience" in refused.content.decode()
    assert MeetingDocument.objects.get(pk=for_japan.pk).audience == Audience.SHARING_GROUP
    saved = client.post(url, {**form, "audience": "organisation", "tlp": "AMBER+STRICT"})
    assert saved.status_code == 302
    doc = MeetingDocument.objects.get(pk=for_japan.pk)
    assert (doc.audience, doc.tlp, doc.agenda_item_id) == ("organisation", "AMBER+STRICT", None)


@pytest.mark.parametrize("page", ["add", "edit", "new_version", "remove"])
def test_the_document_forms_cost_a_fixed_number_of_queries(
    as_user: Any,
    for_japan: MeetingDocument,
    secretariat: User,
    page: str,
    django_assert_max_num_queries: Any,
) -> None:
    url = {
        "add": reverse("meetings:document_add", args=[for_japan.meeting_id]),
        "edit": reverse("meetings:document_edit", args=[for_japan.pk]),
        "new_version": reverse("meetings:document_new_version", args=[for_japan.pk]),
        "remove": reverse("meetings:document_remove", args=[for_japan.pk]),
    }[page]
    client = as_user(secretariat)
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
