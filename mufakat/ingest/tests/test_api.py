"""The ingest API: the seeds end to end, and the answers for the wrong people and inputs."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from mufakat.accounts.models import User
from mufakat.audit.models import AuditEvent
from mufakat.ingest.models import IngestDraft
from mufakat.ingest.tests.test_drafts import (
    SEED_000,
    SEED_002,
    bare_registry,
    chair,
    existing_wg,
)
from mufakat.meetings.models import Forwarding, Meeting, MeetingDocument
from mufakat.workplans.models import Instrument

__all__ = ["bare_registry", "chair", "existing_wg"]

URL = "/api/v1/ingest"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def post(client: Client, url: str, data: Any, headers: dict[str, str]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


def test_seed_000_end_to_end(bare_registry: None, secretariat: User, api_headers: Any) -> None:
    client, headers = Client(), api_headers(secretariat)
    created = post(
        client, URL, {"text": SEED_000, "source_url": "https://en.antaranews.com/x"}, headers
    )
    assert created.status_code == 201, created.content
    draft = created.json()
    assert draft["status"] == "draft" and draft["published"] == "2023-05-19"
    assert [r["match"] for r in draft["review"]["meetings"]] == [None] * 4
    assert (Meeting.objects.count(), Instrument.objects.count()) == (0, 0)

    fetched = client.get(f"{URL}/{draft['id']}", headers=headers).json()
    assert fetched["extraction"] == draft["extraction"]

    bodies = [(m["body"], m["relation"]) for m in draft["extraction"]["meetings"]]
    decisions = {
        "meetings": [
            {"index": bodies.index(("SOMTC-WG-CT", "held"))},
            {"index": bodies.index(("SOMTC", "forwarded_to"))},
            {"index": bodies.index(("AMMTC", "forwarded_to"))},
        ],
        "instruments": [{"index": 0}],
        "crime_areas": ["terrorism"],
        "parties": ["IDN"],
    }
    confirmed = post(client, f"{URL}/{draft['id']}/confirm", decisions, headers)
    assert confirmed.status_code == 200, confirmed.content
    result = confirmed.json()["result"]
    assert [m["action"] for m in result["meetings"]] == ["created"] * 3
    wg = Meeting.objects.get(body__code="SOMTC-WG-CT")
    assert Forwarding.objects.filter(outcome__meeting=wg).count() == 2
    assert MeetingDocument.objects.get().meeting == wg
    assert Instrument.objects.get().title == "Bali Work Plan"
    assert confirmed.json()["status"] == "confirmed"

    again = post(client, f"{URL}/{draft['id']}/confirm", decisions, headers)
    assert again.status_code == 409
    assert again.json()["detail"][0]["loc"] == ["body", "status"]


def test_seed_002_end_to_end(bare_registry: None, secretariat: User, api_headers: Any) -> None:
    client, headers = Client(), api_headers(secretariat)
    draft = post(client, URL, {"text": SEED_002, "published": "2023-08-23"}, headers).json()
    meetings = draft["extraction"]["meetings"]
    held = next(n for n, m in enumerate(meetings) if m["body"] == "AMMTC" and m["number"] == 17)
    titles = [i["title"] for i in draft["extraction"]["instruments"]]
    decisions = {
        "meetings": [{"index": held}],
        "instruments": [
            {
                "index": 0,
                "fields": {"title": "ASEAN-Japan Work Plan to Combat Transnational Crime"},
            },
            {"index": 1},
        ],
        "crime_areas": draft["extraction"]["crime_areas"],
        "parties": draft["extraction"]["parties"],
    }
    response = post(client, f"{URL}/{draft['id']}/confirm", decisions, headers)
    assert response.status_code == 200, response.content
    ammtc = Meeting.objects.get()
    assert (ammtc.number, str(ammtc.start), ammtc.city, ammtc.host.code) == (
        17, "2023-08-20", "Labuan Bajo", "IDN"
    )  # fmt: skip
    assert set(Instrument.objects.values_list("title", flat=True)) == {
        "ASEAN-Japan Work Plan to Combat Transnational Crime",
        titles[1],
    }
    doc = MeetingDocument.objects.get()
    assert doc.meeting == ammtc and doc.published.isoformat() == "2023-08-23"
    assert set(doc.crime_areas.values_list("code", flat=True)) >= {"terrorism", "sea_piracy"}


def test_a_file_can_be_posted(bare_registry: None, secretariat: User, api_headers: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("statement.md", SEED_000.encode())
    response = Client().post(
        URL,
        {"file": upload, "source_url": "https://example.org/s"},
        headers=api_headers(secretariat),
    )
    assert response.status_code == 201, response.content
    assert response.json()["file_name"] == "statement.md"
    assert response.json()["source_url"] == "https://example.org/s"


def test_a_focal_point_gets_403_and_an_anonymous_caller_401(
    bare_registry: None, idn_focal: User, api_headers: Any
) -> None:
    client, headers = Client(), api_headers(idn_focal)
    assert post(client, URL, {"text": SEED_000}, headers).status_code == 403
    assert client.get(URL, headers=headers).status_code == 403
    assert (
        Client()
        .post(URL, json.dumps({"text": SEED_000}), content_type="application/json")
        .status_code
        == 401
    )
    assert Client().get(URL).status_code == 401
    assert IngestDraft.objects.count() == 0


def test_another_users_draft_is_404(chair: User, secretariat: User, api_headers: Any) -> None:
    client = Client()
    draft = post(client, URL, {"text": SEED_000}, api_headers(secretariat)).json()
    assert client.get(f"{URL}/{draft['id']}", headers=api_headers(chair)).status_code == 404
    confirm = post(client, f"{URL}/{draft['id']}/confirm", {}, api_headers(chair))
    assert confirm.status_code == 404
    assert (
        client.get(f"{URL}/{draft['id'] + 1000}", headers=api_headers(secretariat)).status_code
        == 404
    )


def test_a_matched_meeting_edited_since_is_409(
    existing_wg: Meeting, secretariat: User, api_headers: Any
) -> None:
    client, headers = Client(), api_headers(secretariat)
    draft = post(client, URL, {"text": SEED_000}, headers).json()
    wg = draft["review"]["meetings"][0]
    assert (wg["match"], wg["lock_version"]) == (existing_wg.pk, 1)
    assert {d["field"] for d in wg["differences"]} == {"city", "host", "chair"}
    Meeting.objects.filter(pk=existing_wg.pk).update(lock_version=2)
    decisions = {"meetings": [{"index": 0, "update": ["city"]}]}
    response = post(client, f"{URL}/{draft['id']}/confirm", decisions, headers)
    assert response.status_code == 409
    decisions["meetings"][0]["lock_version"] = 2
    assert post(client, f"{URL}/{draft['id']}/confirm", decisions, headers).status_code == 200


@pytest.mark.parametrize(
    ("decisions", "loc"),
    [
        ({"meetings": [{"index": 99}]}, "meetings.0.index"),
        (
            {
                "meetings": [{"index": 0, "fields": {"start_date": "May"}}],
            },
            "meetings.0.start_date",
        ),
        ({"meetings": [{"index": 0, "fields": {"host": "XXX"}}]}, "meetings.0.host"),
        ({"meetings": [{"index": 0, "audience": "public", "tlp": "RED"}]}, "meetings.0.audience"),
        ({"instruments": [{"index": 0, "fields": {"start_year": 2030}}]}, "instruments.0.end_year"),
        ({"crime_areas": ["cybercrime"]}, "crime_areas"),
    ],
)
def test_bad_decisions_are_422_on_their_field_and_write_nothing(
    bare_registry: None, secretariat: User, api_headers: Any, decisions: Any, loc: str
) -> None:
    client, headers = Client(), api_headers(secretariat)
    draft = post(client, URL, {"text": SEED_000}, headers).json()
    events = AuditEvent.objects.count()
    response = post(client, f"{URL}/{draft['id']}/confirm", decisions, headers)
    assert response.status_code == 422, response.content
    assert ["body", loc] in [d["loc"] for d in response.json()["detail"]]
    assert (Meeting.objects.count(), AuditEvent.objects.count()) == (0, events)


def test_a_draft_without_text_is_422(
    bare_registry: None, secretariat: User, api_headers: Any
) -> None:
    response = post(Client(), URL, {"text": ""}, api_headers(secretariat))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "text"]


def test_the_operations_are_documented(db: Any) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {"ingest_create", "ingest_get", "ingest_confirm", "ingest_list"} <= ids
    body = spec["paths"]["/api/v1/ingest"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
