"""The knowledge exchange over the API: the same gate, the same services, codes not ids."""

import datetime as dt
import io
import json
import zipfile
from typing import Any

import docx
import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfWriter

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.library.models import Attachment, Follow, KnowledgeItem
from mufakat.registry.models import CrimeArea, Party
from mufakat.testing.factories import (
    BodyFactory,
    CrimeAreaFactory,
    InstrumentFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/library"
ALL = ("secretariat", "idn_focal", "jpn_focal", "outsider", "anonymous")
ASEAN_JAPAN = ("secretariat", "idn_focal", "jpn_focal")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def terrorism() -> CrimeArea:
    return CrimeAreaFactory(code="terrorism")


class Caller:
    """One user's API client: bearer token for people, nothing for anonymous."""

    def __init__(self, user: Any, api_headers: Any) -> None:
        self.client = Client()
        self.headers = api_headers(user) if user.is_authenticated else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path: str, payload: dict[str, Any]) -> Any:
        return self.client.post(
            API + path, json.dumps(payload), content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, payload: dict[str, Any]) -> Any:
        return self.client.patch(
            API + path, json.dumps(payload), content_type="application/json", headers=self.headers
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(API + path, headers=self.headers)

    def upload(self, path: str, name: str, content: bytes) -> Any:
        upload = io.BytesIO(content)
        upload.name = name
        return self.client.post(API + path, {"file": upload}, headers=self.headers)


@pytest.fixture
def call(all_users: dict[str, Any], api_headers: Any) -> Any:
    callers: dict[str, Caller] = {}

    def caller(name: str) -> Caller:
        if name not in callers:
            callers[name] = Caller(all_users[name], api_headers)
        return callers[name]

    return caller


GOOD_PRACTICE = {
    "kind": "good_practice",
    "title": "Community leaders against radicalisation",
    "summary": "How BNPT works with village heads.",
    "body": "Village heads and **religious teachers** meet every month.",
    "language": "en",
    "crime_areas": ["terrorism"],
    "parties": ["IDN", "JPN"],
    "audience": Audience.SHARING_GROUP,
    "tlp": TLP.AMBER,
    "sharing_groups": ["asean-jpn"],
    "owner_agency": "BNPT",
}


@pytest.fixture
def shared(call: Any, terrorism: CrimeArea, asean_japan: SharingGroup) -> dict[str, Any]:
    """Indonesia shares a good practice with the ASEAN + Japan group, through the API."""
    response = call("idn_focal").post("/items", GOOD_PRACTICE)
    assert response.status_code == 201, response.content
    return response.json()


def pdf_bytes() -> bytes:
    writer = PdfWriter()
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


# -- create and read ---------------------------------------------------------------------------


def test_a_focal_point_publishes_an_item_described_by_codes(shared: dict[str, Any]) -> None:
    assert shared["owner_party"] == "IDN"
    assert shared["owner_agency"] == "BNPT"
    assert shared["crime_areas"] == ["terrorism"]
    assert sorted(shared["parties"]) == ["IDN", "JPN"]
    assert shared["sharing_groups"] == ["asean-jpn"]
    assert shared["audience"] == "sharing_group" and shared["tlp"] == "AMBER"
    assert shared["lock_version"] == 1
    assert shared["attachments"] == [] and shared["offers"] == []


@pytest.mark.parametrize("name", ALL)
def test_the_detail_answers_only_those_in_the_audience(
    call: Any, shared: dict[str, Any], name: str
) -> None:
    response = call(name).get(f"/items/{shared['id']}")

    assert response.status_code == (200 if name in ASEAN_JAPAN else 404)


@pytest.mark.parametrize("name", ALL)
def test_the_list_shows_an_item_only_to_those_in_the_audience(
    call: Any, shared: dict[str, Any], name: str
) -> None:
    page = call(name).get("/items").json()

    assert [row["id"] for row in page["items"]] == ([shared["id"]] if name in ASEAN_JAPAN else [])
    assert page["count"] == (1 if name in ASEAN_JAPAN else 0)


def test_a_hidden_item_and_a_missing_one_look_the_same(call: Any, shared: dict[str, Any]) -> None:
    hidden = call("outsider").get(f"/items/{shared['id']}")
    missing = call("outsider").get(f"/items/{shared['id'] + 1000}")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/items/{id}", "get"),
        ("/items/{id}/versions", "get"),
        ("/items/{id}/offers", "post"),
        ("/items/{id}", "patch"),
    ],
)
def test_guessing_an_items_id_reveals_nothing(
    call: Any, shared: dict[str, Any], path: str, method: str
) -> None:
    outsider = call("outsider")
    url = path.format(id=shared["id"])
    payload = {"lock_version": 1, "title": "Mine now"} if method == "patch" else {"contact": "x"}

    response = outsider.get(url) if method == "get" else getattr(outsider, method)(url, payload)

    assert response.status_code == 404
    assert KnowledgeItem.objects.get(pk=shared["id"]).title == GOOD_PRACTICE["title"]


def test_links_appear_only_when_the_reader_may_see_the_linked_meeting(
    call: Any, idn_focal: User, terrorism: CrimeArea
) -> None:
    closed = MeetingFactory(
        body=BodyFactory(code="SOMTC-WG-CT"), audience=Audience.MEMBER_STATES, tlp=TLP.GREEN
    )
    created = call("idn_focal").post(
        "/items",
        {
            "kind": "lesson_learned",
            "title": "What the working group learned",
            "audience": Audience.PLATFORM,
            "tlp": TLP.GREEN,
            "meeting": closed.pk,
        },
    )
    assert created.status_code == 201, created.content
    item_id = created.json()["id"]

    assert call("idn_focal").get(f"/items/{item_id}").json()["meeting"]["id"] == closed.pk
    assert call("jpn_focal").get(f"/items/{item_id}").json()["meeting"] is None


def test_an_instrument_is_linked_by_its_key_and_only_if_visible(
    call: Any, terrorism: CrimeArea
) -> None:
    InstrumentFactory(key="asean-japan-work-plan-2023-2027")
    InstrumentFactory(key="closed-plan", audience=Audience.ORGANISATION, tlp=TLP.AMBER_STRICT)
    base = {"kind": "information_note", "audience": Audience.PLATFORM, "tlp": TLP.GREEN}

    linked = call("idn_focal").post(
        "/items", {**base, "title": "Note", "instrument": "asean-japan-work-plan-2023-2027"}
    )
    hidden = call("idn_focal").post("/items", {**base, "title": "N", "instrument": "closed-plan"})
    unknown = call("idn_focal").post("/items", {**base, "title": "N", "instrument": "no-such"})

    assert linked.status_code == 201, linked.content
    assert linked.json()["instrument"] == "asean-japan-work-plan-2023-2027"
    assert hidden.status_code == unknown.status_code == 422
    assert hidden.json() == unknown.json()


def test_the_list_filters_like_the_page(call: Any, shared: dict[str, Any]) -> None:
    jpn = call("jpn_focal")
    # The filter reads the year in the site's time zone, as the page shows the day; the API
    # gives the instant in UTC, which on 31 December after 17:00 UTC is still the year before.
    year = timezone.localtime(dt.datetime.fromisoformat(shared["published_at"])).year

    assert jpn.get("/items", kind="good_practice").json()["count"] == 1
    assert jpn.get("/items", kind="statistics").json()["count"] == 0
    assert jpn.get("/items", crime_area="terrorism").json()["count"] == 1
    assert jpn.get("/items", crime_area="cybercrime").json()["count"] == 0
    assert jpn.get("/items", party="IDN").json()["count"] == 1
    assert jpn.get("/items", party="CAN").json()["count"] == 0
    assert jpn.get("/items", year=year).json()["count"] == 1
    assert jpn.get("/items", year=int(year) - 1).json()["count"] == 0
    assert jpn.get("/items", language="en").json()["count"] == 1
    assert jpn.get("/items", language="th").json()["count"] == 0


def test_the_list_costs_the_same_few_queries_for_many_items(
    call: Any,
    idn: Party,
    idn_focal: User,
    terrorism: CrimeArea,
    asean_japan: SharingGroup,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(30):
        item = KnowledgeItem.objects.create(
            kind=KnowledgeItem.Kind.STATISTICS,
            title=f"Statistics {n}",
            audience=Audience.SHARING_GROUP,
            tlp=TLP.AMBER,
            owner_party=idn_focal.party,
        )
        item.crime_areas.set([terrorism])
        item.parties.set([idn])
        item.sharing_groups.set([asean_japan])
    jpn = call("jpn_focal")

    with django_assert_max_num_queries(10):
        page = jpn.get("/items")

    assert page.json()["count"] == 30


def test_unknown_codes_are_refused_by_field(call: Any, terrorism: CrimeArea) -> None:
    response = call("idn_focal").post(
        "/items", {**GOOD_PRACTICE, "crime_areas": ["space_piracy"], "sharing_groups": []}
    )

    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["body", "crime_areas"]
    assert "space_piracy" in problem["msg"]


def test_a_confidential_group_is_unknown_to_those_outside_it(
    call: Any, idn: Any, terrorism: CrimeArea
) -> None:
    SharingGroup.objects.create(code="inner-circle", name="Inner circle", confidential=True)

    response = call("idn_focal").post(
        "/items", {**GOOD_PRACTICE, "sharing_groups": ["inner-circle"]}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "sharing_groups"]


@pytest.mark.parametrize("name", ["outsider", "anonymous"])
def test_readers_and_anonymous_cannot_publish(call: Any, terrorism: CrimeArea, name: str) -> None:
    response = call(name).post("/items", {**GOOD_PRACTICE, "sharing_groups": []})

    assert response.status_code in (401, 403)
    assert not KnowledgeItem.objects.exists()


# -- update and versions -----------------------------------------------------------------------


def test_an_edit_with_the_version_read_is_saved_and_versioned(
    call: Any, shared: dict[str, Any]
) -> None:
    idn = call("idn_focal")

    response = idn.patch(
        f"/items/{shared['id']}", {"lock_version": 1, "title": "Village heads against extremism"}
    )

    assert response.status_code == 200, response.content
    assert response.json()["lock_version"] == 2
    versions = call("jpn_focal").get(f"/items/{shared['id']}/versions").json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["created_by"] == "idn.focal"
    assert any(c["path"] == "title" for c in versions[0]["changes"])


def test_an_edit_based_on_an_old_version_conflicts(call: Any, shared: dict[str, Any]) -> None:
    idn = call("idn_focal")
    idn.patch(f"/items/{shared['id']}", {"lock_version": 1, "summary": "First edit"})

    stale = idn.patch(f"/items/{shared['id']}", {"lock_version": 1, "summary": "Second edit"})

    assert stale.status_code == 409
    assert stale.json()["detail"][0]["loc"] == ["body", "lock_version"]
    assert KnowledgeItem.objects.get(pk=shared["id"]).summary == "First edit"


def test_a_reader_of_another_party_may_see_but_not_edit(call: Any, shared: dict[str, Any]) -> None:
    response = call("jpn_focal").patch(f"/items/{shared['id']}", {"lock_version": 1, "title": "X"})

    assert response.status_code == 403


def test_the_secretariat_may_narrow_but_not_widen_an_item(
    call: Any, shared: dict[str, Any]
) -> None:
    asec = call("secretariat")

    widened = asec.patch(
        f"/items/{shared['id']}",
        {"lock_version": 1, "audience": Audience.PLATFORM, "tlp": TLP.GREEN},
    )
    narrowed = asec.patch(
        f"/items/{shared['id']}",
        {"lock_version": 1, "audience": Audience.ORGANISATION, "tlp": TLP.AMBER_STRICT},
    )

    assert widened.status_code == 403
    assert narrowed.status_code == 200, narrowed.content


@pytest.mark.parametrize("name", ["outsider", "anonymous"])
def test_versions_of_a_hidden_item_are_not_found(
    call: Any, shared: dict[str, Any], name: str
) -> None:
    assert call(name).get(f"/items/{shared['id']}/versions").status_code == 404


# -- attachments -------------------------------------------------------------------------------


def test_an_attachment_is_uploaded_and_downloaded_through_the_gate(
    call: Any, shared: dict[str, Any]
) -> None:
    content = docx_bytes("Monthly meetings of village heads")

    uploaded = call("idn_focal").upload(f"/items/{shared['id']}/attachments", "notes.docx", content)

    assert uploaded.status_code == 201, uploaded.content
    attachment = uploaded.json()
    assert attachment["name"] == "notes.docx"
    assert attachment["content_type"].endswith("wordprocessingml.document")
    detail = call("jpn_focal").get(f"/items/{shared['id']}").json()
    assert [a["id"] for a in detail["attachments"]] == [attachment["id"]]

    download = call("jpn_focal").client.get(
        attachment["download_url"], headers=call("jpn_focal").headers
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("name", ["outsider", "anonymous"])
def test_an_attachment_of_a_hidden_item_is_not_found(
    call: Any, shared: dict[str, Any], name: str
) -> None:
    uploaded = call("idn_focal").upload(f"/items/{shared['id']}/attachments", "a.pdf", pdf_bytes())
    attachment_id = uploaded.json()["id"]

    assert call(name).get(f"/attachments/{attachment_id}/download").status_code == 404
    assert call(name).get(f"/attachments/{attachment_id + 99}/download").status_code == 404


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("report.pdf", b"MZ\x90\x00" + b"\0" * 200, "program"),
        ("empty.pdf", b"", "empty"),
        ("notes.docx", _zip_bomb(), "zip bomb"),
        ("notes.txt", b"just some text", "not a file type"),
    ],
)
def test_a_bad_upload_is_refused_with_a_clear_message_and_nothing_stored(
    call: Any, shared: dict[str, Any], name: str, content: bytes, says: str
) -> None:
    response = call("idn_focal").upload(f"/items/{shared['id']}/attachments", name, content)

    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["body", "file"]
    assert says in problem["msg"]
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused(call: Any, shared: dict[str, Any], settings: Any) -> None:
    settings.MUFAKAT_UPLOAD_MAX_BYTES = 1000

    response = call("idn_focal").upload(
        f"/items/{shared['id']}/attachments", "big.pdf", b"%PDF-1.4\n" + b"0" * 2000
    )

    assert response.status_code == 422
    assert "larger than" in response.json()["detail"][0]["msg"]
    assert not Attachment.objects.exists()


def test_only_the_owning_party_attaches_files(call: Any, shared: dict[str, Any]) -> None:
    response = call("jpn_focal").upload(f"/items/{shared['id']}/attachments", "a.pdf", pdf_bytes())

    assert response.status_code == 403
    assert not Attachment.objects.exists()


# -- requests for expertise --------------------------------------------------------------------


@pytest.fixture
def request_for_training(call: Any, terrorism: CrimeArea) -> dict[str, Any]:
    response = call("jpn_focal").post(
        "/items",
        {
            "kind": "expertise_request",
            "title": "Training on terrorist financing investigations",
            "audience": Audience.PLATFORM,
            "tlp": TLP.GREEN,
            "crime_areas": ["terrorism"],
        },
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_indonesia_answers_japans_request_with_a_contact(
    call: Any, request_for_training: dict[str, Any]
) -> None:
    response = call("idn_focal").post(
        f"/items/{request_for_training['id']}/offers",
        {"contact": "BNPT training centre, training@bnpt.example", "message": "Next course: May"},
    )

    assert response.status_code == 201, response.content
    assert response.json()["party"] == "IDN"
    offers = call("jpn_focal").get(f"/items/{request_for_training['id']}").json()["offers"]
    assert [o["contact"] for o in offers] == ["BNPT training centre, training@bnpt.example"]


def test_an_offer_needs_an_item_or_a_contact(
    call: Any, request_for_training: dict[str, Any]
) -> None:
    response = call("idn_focal").post(f"/items/{request_for_training['id']}/offers", {})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "contact"]


def test_a_reader_cannot_offer(call: Any, request_for_training: dict[str, Any]) -> None:
    response = call("outsider").post(
        f"/items/{request_for_training['id']}/offers", {"contact": "me"}
    )

    assert response.status_code == 403


# -- follows -----------------------------------------------------------------------------------


def test_following_and_unfollowing_over_the_api(
    call: Any, jpn_focal: User, terrorism: CrimeArea, asean_japan: SharingGroup
) -> None:
    jpn = call("jpn_focal")
    assert jpn.get("/follows").json() == []

    area = jpn.post("/follows", {"crime_area": "terrorism"})
    group = jpn.post("/follows", {"sharing_group": "asean-jpn"})

    assert area.status_code == group.status_code == 201
    assert area.json()["kind"] == "crime_area" and area.json()["code"] == "terrorism"
    assert group.json()["kind"] == "sharing_group" and group.json()["code"] == "asean-jpn"
    assert {f["code"] for f in jpn.get("/follows").json()} == {"terrorism", "asean-jpn"}

    assert jpn.delete(f"/follows/{area.json()['id']}").status_code == 204
    assert [f["code"] for f in jpn.get("/follows").json()] == ["asean-jpn"]


def test_following_a_body_by_its_code(call: Any) -> None:
    BodyFactory(code="SOMTC-WG-CT")

    response = call("idn_focal").post("/follows", {"body": "SOMTC-WG-CT"})

    assert response.status_code == 201
    assert response.json()["kind"] == "body"


def test_canada_cannot_follow_the_asean_japan_group_over_the_api(
    call: Any, outsider: User, asean_japan: SharingGroup
) -> None:
    refused = call("outsider").post("/follows", {"sharing_group": "asean-jpn"})
    unknown = call("outsider").post("/follows", {"sharing_group": "no-such-group"})

    assert refused.status_code == unknown.status_code == 422
    assert refused.json() == unknown.json()  # a group's existence is not given away
    assert refused.json()["detail"][0]["loc"] == ["body", "sharing_group"]
    assert not Follow.objects.filter(user=outsider).exists()


def test_a_follow_names_exactly_one_thing(call: Any, terrorism: CrimeArea) -> None:
    BodyFactory(code="SOMTC-WG-CT")

    both = call("idn_focal").post("/follows", {"crime_area": "terrorism", "body": "SOMTC-WG-CT"})
    unknown = call("idn_focal").post("/follows", {"crime_area": "space_piracy"})

    assert both.status_code == unknown.status_code == 422


def test_someone_elses_follow_is_not_found(
    call: Any, idn_focal: User, outsider: User, terrorism: CrimeArea
) -> None:
    theirs = call("idn_focal").post("/follows", {"crime_area": "terrorism"}).json()

    assert call("outsider").delete(f"/follows/{theirs['id']}").status_code == 404
    assert Follow.objects.filter(pk=theirs["id"]).exists()


def test_anonymous_has_no_follows(call: Any) -> None:
    assert call("anonymous").get("/follows").status_code == 401
    assert call("anonymous").post("/follows", {"crime_area": "terrorism"}).status_code == 401


# -- the document ------------------------------------------------------------------------------


def test_the_openapi_document_still_builds_with_the_library(client: Any) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/library/items",
        "/api/v1/library/items/{item_id}",
        "/api/v1/library/items/{item_id}/versions",
        "/api/v1/library/items/{item_id}/attachments",
        "/api/v1/library/attachments/{attachment_id}/download",
        "/api/v1/library/items/{item_id}/offers",
        "/api/v1/library/follows",
        "/api/v1/library/follows/{follow_id}",
    ):
        assert path in paths, path
    library_ids = [
        operation["operationId"]
        for path, operations in paths.items()
        if path.startswith("/api/v1/library/")
        for operation in operations.values()
    ]
    assert {
        "library_items_list",
        "library_items_get",
        "library_items_create",
        "library_items_update",
        "library_items_versions",
        "library_attachments_add",
        "library_attachment_download",
        "library_offers_create",
        "library_follows_list",
        "library_follows_create",
        "library_follows_delete",
    } <= set(library_ids)
    assert all(op_id.startswith("library_") for op_id in library_ids)
