"""The meetings API: exact shapes, the gate, rights, rules (422), conflicts (409), audit."""

import datetime as dt
from typing import Any

import pytest

from mufakat.audit.models import AuditEvent
from mufakat.meetings import selectors, services
from mufakat.meetings.models import Forwarding, Meeting, Outcome
from mufakat.testing.factories import (
    AgencyFactory,
    ForwardingFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def call(client: Any, method: str, url: str, headers: dict[str, str], json: Any = None) -> Any:
    return getattr(client, method)(
        API + url, data=json, content_type="application/json", headers=headers
    )


@pytest.fixture
def secretariat_api(as_user: Any, anonymous: Any, api_headers: Any, secretariat: Any) -> Any:
    client, headers = as_user(anonymous), api_headers(secretariat)
    return lambda method, url, json=None: call(client, method, url, headers, json)


@pytest.fixture
def focal_api(as_user: Any, anonymous: Any, api_headers: Any, idn_focal: Any) -> Any:
    client, headers = as_user(anonymous), api_headers(idn_focal)
    return lambda method, url, json=None: call(client, method, url, headers, json)


def loc(response: Any) -> list[str]:
    return [detail["loc"][-1] for detail in response.json()["detail"]]


# -- reading -----------------------------------------------------------------------------------


def test_a_meeting_reads_exactly_in_the_documented_shape(
    as_user: Any, anonymous: Any, chain: Any, secretariat: Any, bnpt: Any
) -> None:
    services.add_agenda_item(actor=secretariat, meeting=chain.wg, title="Opening")
    services.add_participant(
        actor=secretariat, meeting=chain.wg, party="IDN", agency="BNPT", head_of_delegation="Head"
    )
    data = as_user(anonymous).get(f"{API}/meetings/{chain.wg.pk}").json()
    assert data == {
        "id": chain.wg.pk,
        "body": "SOMTC-WG-CT",
        "number": 19,
        "title": "19th SOMTC Working Group on Counter-Terrorism",
        "display_title": "19th SOMTC Working Group on Counter-Terrorism",
        "title_translations": {},
        "start_date": "2023-05-18",
        "end_date": None,
        "city": "Bali",
        "is_virtual": False,
        "host": "IDN",
        "chair": "IDN",
        "status": "held",
        "audience": "public",
        "tlp": "CLEAR",
        "source": "",
        "agenda": [{"position": 1, "title": "Opening"}],
        # Names of delegates are for signed-in readers only (docs/access.md).
        "participants": [{"party": "IDN", "agency": "BNPT", "head_of_delegation": ""}],
        "outcomes": [
            {
                "id": chain.wg_outcome.pk,
                "number": 1,
                "reference": "SOMTC-WG-CT 19/1",
                "kind": "recommendation",
                "text": "Develop a regional CT database.",
                "forwarded_to": [chain.somtc.pk],
                "status_at_destination": "endorsed",
                "forwardings": [
                    {
                        "to_meeting": chain.somtc.pk,
                        "status": "endorsed",
                        "decision_note": "Endorsed; submitted to the 17th AMMTC.",
                    }
                ],
            }
        ],
        "received": [],
        "lock_version": chain.wg.lock_version,
    }


def test_the_receiving_meeting_lists_what_it_received(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    data = as_user(anonymous).get(f"{API}/meetings/{chain.ammtc.pk}").json()
    assert data["received"] == [
        {"outcome": chain.somtc_outcome.pk, "from_meeting": chain.somtc.pk, "status": "adopted"}
    ]


def test_a_month_only_meeting_reads_with_its_month(
    as_user: Any, anonymous: Any, wg_ct: Any
) -> None:
    meeting = MeetingFactory.create(
        body=wg_ct, start_date=dt.date(2026, 9, 1), start_precision="month", status="planned"
    )
    assert as_user(anonymous).get(f"{API}/meetings/{meeting.pk}").json()["start_date"] == "2026-09"


def test_the_meeting_list_filters_and_paginates(as_user: Any, anonymous: Any, chain: Any) -> None:
    client = as_user(anonymous)
    page = client.get(f"{API}/meetings").json()
    assert page["count"] == 3 and len(page["items"]) == 3
    assert [m["title"] for m in client.get(f"{API}/meetings?body=SOMTC").json()["items"]] == [
        "23rd SOMTC"
    ]
    assert client.get(f"{API}/meetings?host=IDN&year=2023").json()["count"] == 1
    assert client.get(f"{API}/meetings?status=planned").json()["count"] == 0


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_the_bnpt_meeting_and_note_are_hidden_from_outsiders_in_the_api(
    who: str,
    all_users: dict[str, Any],
    as_user: Any,
    api_headers: Any,
    bnpt_meeting: Meeting,
    bnpt_note: Outcome,
) -> None:
    user = all_users[who]
    headers = api_headers(user) if user.is_authenticated else {}
    client = as_user(all_users["anonymous"])
    listed = client.get(f"{API}/meetings", headers=headers).json()
    assert bnpt_meeting.pk not in [m["id"] for m in listed["items"]]
    assert client.get(f"{API}/meetings/{bnpt_meeting.pk}", headers=headers).status_code == 404
    wg = client.get(f"{API}/meetings/{bnpt_note.meeting_id}", headers=headers).json()
    assert bnpt_note.pk not in [o["id"] for o in wg["outcomes"]]
    outcomes = client.get(f"{API}/outcomes", headers=headers).json()
    assert bnpt_note.pk not in [o["id"] for o in outcomes["items"]]
    assert client.get(f"{API}/outcomes/{bnpt_note.pk}", headers=headers).status_code == 404


def test_the_indonesian_focal_point_reads_the_bnpt_meeting_and_note_in_the_api(
    focal_api: Any, bnpt_meeting: Meeting, bnpt_note: Outcome
) -> None:
    assert focal_api("get", f"/meetings/{bnpt_meeting.pk}").status_code == 200
    assert bnpt_meeting.pk in [m["id"] for m in focal_api("get", "/meetings").json()["items"]]
    assert focal_api("get", f"/outcomes/{bnpt_note.pk}").json()["audience"] == "organisation"


def test_an_outcome_reads_with_its_trace(as_user: Any, anonymous: Any, chain: Any) -> None:
    data = as_user(anonymous).get(f"{API}/outcomes/{chain.ammtc_outcome.pk}").json()
    assert data["meeting"] == chain.ammtc.pk
    assert [[(s["body"], s["reference"], s["status"]) for s in c] for c in data["trace"]] == [
        [
            ("SOMTC-WG-CT", "SOMTC-WG-CT 19/1", None),
            ("SOMTC", "SOMTC 23/1", "endorsed"),
            ("AMMTC", "AMMTC 17/1", "adopted"),
        ]
    ]


def test_outcomes_are_listed_by_meeting(as_user: Any, anonymous: Any, chain: Any) -> None:
    items = as_user(anonymous).get(f"{API}/outcomes?meeting={chain.somtc.pk}").json()["items"]
    assert [(o["reference"], o["meeting"]) for o in items] == [("SOMTC 23/1", chain.somtc.pk)]


def test_the_outcomes_list_shows_each_reader_the_forwardings_the_full_read_shows(
    as_user: Any,
    anonymous: Any,
    secretariat: Any,
    idn_focal: Any,
    jpn_focal: Any,
    chain: Any,
    bnpt_meeting: Meeting,
    bnpt_note: Outcome,
) -> None:
    """The list reads forwardings leanly; what it shows is what the gated full read shows."""
    ForwardingFactory.create(outcome=chain.wg_outcome, to_meeting=bnpt_meeting)
    ForwardingFactory.create(outcome=bnpt_note, to_meeting=chain.somtc)
    seen = {}
    for reader in (anonymous, secretariat, idn_focal, jpn_focal):
        full = selectors.outcomes(user=reader)
        expected = [
            (o.pk, [(f.to_meeting_id, f.status, f.decision_note) for f in o.visible_forwardings])
            for o in full
        ]
        items = as_user(reader).get(f"{API}/outcomes").json()["items"]
        listed = [
            (
                o["id"],
                [(f["to_meeting"], f["status"], f["decision_note"]) for f in o["forwardings"]],
            )
            for o in items
        ]
        assert listed == expected
        seen[getattr(reader, "username", "")] = dict(listed)
    assert bnpt_meeting.pk not in [m for m, _, _ in seen[""][chain.wg_outcome.pk]]
    assert bnpt_meeting.pk in [m for m, _, _ in seen["idn.focal"][chain.wg_outcome.pk]]
    assert bnpt_note.pk not in seen[""] and bnpt_note.pk in seen["idn.focal"]


# -- writing -----------------------------------------------------------------------------------


def new_meeting(**overrides: Any) -> dict[str, Any]:
    return {
        "body": "SOMTC-WG-CT",
        "number": 20,
        "start_date": "2024-05-20",
        "end_date": "2024-05-21",
        "city": "Manila",
        "status": "held",
        "audience": "public",
        "tlp": "CLEAR",
        **overrides,
    }


def test_the_secretariat_creates_a_meeting_and_it_is_audited(
    secretariat_api: Any, chain: Any
) -> None:
    response = secretariat_api("post", "/meetings", new_meeting())
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["title"] == "20th SOMTC Working Group on Counter-Terrorism"
    assert created["lock_version"] == 1
    assert AuditEvent.objects.filter(
        action="meeting.create", object_id=str(created["id"]), actor_username="secretariat"
    ).exists()


def test_a_duplicate_number_answers_422_on_number(secretariat_api: Any, chain: Any) -> None:
    response = secretariat_api("post", "/meetings", new_meeting(number=19))
    assert response.status_code == 422
    assert loc(response) == ["number"]
    assert response.json()["detail"][0]["msg"].startswith(
        "The SOMTC-WG-CT already has a 19th meeting ("
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start_date": "2024", "status": "held"}, "start_date"),
        ({"end_date": "2024-05-19"}, "end_date"),
        ({"body": "NOPE"}, "body"),
        ({"host": "XXX"}, "host"),
        ({"audience": "public", "tlp": "RED"}, "audience"),
    ],
)
def test_invalid_meetings_answer_422_on_the_field(
    secretariat_api: Any, chain: Any, overrides: dict[str, Any], field: str
) -> None:
    response = secretariat_api("post", "/meetings", new_meeting(**overrides))
    assert response.status_code == 422
    assert loc(response) == [field]


def test_a_planned_meeting_may_be_created_with_a_month(secretariat_api: Any, chain: Any) -> None:
    response = secretariat_api(
        "post", "/meetings", new_meeting(start_date="2026-09", end_date=None, status="planned")
    )
    assert response.status_code == 201
    assert response.json()["start_date"] == "2026-09"


def test_a_focal_point_gets_403_on_every_write(focal_api: Any, chain: Any) -> None:
    wg, outcome = chain.wg.pk, chain.wg_outcome.pk
    assert focal_api("post", "/meetings", new_meeting()).status_code == 403
    assert (
        focal_api("patch", f"/meetings/{wg}", {"lock_version": 1, "city": "X"}).status_code == 403
    )
    assert focal_api("delete", f"/meetings/{wg}").status_code == 403
    assert focal_api("post", f"/meetings/{wg}/agenda", {"title": "X"}).status_code == 403
    assert focal_api("post", f"/meetings/{wg}/participants", {"party": "IDN"}).status_code == 403
    assert (
        focal_api("post", f"/meetings/{wg}/outcomes", {"kind": "decision", "text": "X"}).status_code
        == 403
    )
    assert (
        focal_api("patch", f"/outcomes/{outcome}", {"lock_version": 1, "text": "X"}).status_code
        == 403
    )
    assert (
        focal_api(
            "post", f"/outcomes/{outcome}/forward", {"to_meeting": chain.ammtc.pk}
        ).status_code
        == 403
    )
    decision = f"/outcomes/{outcome}/forwardings/{chain.somtc.pk}/decision"
    assert focal_api("post", decision, {"status": "rejected"}).status_code == 403
    assert Meeting.objects.get(pk=wg).city == "Bali"


def test_an_anonymous_client_cannot_write(as_user: Any, anonymous: Any, chain: Any) -> None:
    response = as_user(anonymous).post(
        f"{API}/meetings", data=new_meeting(), content_type="application/json"
    )
    assert response.status_code == 403


def test_a_patch_with_an_old_lock_version_answers_409(secretariat_api: Any, chain: Any) -> None:
    url = f"/meetings/{chain.wg.pk}"
    first = secretariat_api("patch", url, {"lock_version": 1, "city": "Jakarta"})
    assert first.status_code == 200 and first.json()["lock_version"] == 2
    second = secretariat_api("patch", url, {"lock_version": 1, "city": "Bali"})
    assert second.status_code == 409
    assert loc(second) == ["lock_version"]
    assert Meeting.objects.get(pk=chain.wg.pk).city == "Jakarta"


def test_a_patch_changes_only_what_it_names(secretariat_api: Any, chain: Any) -> None:
    response = secretariat_api(
        "patch", f"/meetings/{chain.wg.pk}", {"lock_version": 1, "end_date": "2023-05-19"}
    )
    assert response.status_code == 200
    assert (response.json()["end_date"], response.json()["city"]) == ("2023-05-19", "Bali")
    assert AuditEvent.objects.filter(action="meeting.update", object_id=str(chain.wg.pk)).exists()


def test_a_hidden_meeting_answers_404_to_writes(secretariat_api: Any, bnpt_meeting: Any) -> None:
    response = secretariat_api("patch", f"/meetings/{bnpt_meeting.pk}", {"lock_version": 1})
    assert response.status_code == 404


def test_deleting_a_meeting_whose_outcomes_travelled_answers_422(
    secretariat_api: Any, chain: Any
) -> None:
    assert secretariat_api("delete", f"/meetings/{chain.wg.pk}").status_code == 422
    lone = MeetingFactory.create(body=chain.wg.body, number=50)
    assert secretariat_api("delete", f"/meetings/{lone.pk}").status_code == 204
    assert not Meeting.objects.filter(pk=lone.pk).exists()


def test_agenda_items_and_participants_are_added(
    secretariat_api: Any, chain: Any, idn: Any
) -> None:
    AgencyFactory.create(party=idn, acronym="POLRI", name="Indonesian National Police")
    agenda = secretariat_api("post", f"/meetings/{chain.wg.pk}/agenda", {"title": "Opening"})
    assert agenda.status_code == 201 and agenda.json()["position"] == 1
    participant = secretariat_api(
        "post", f"/meetings/{chain.wg.pk}/participants", {"party": "IDN", "agency": "POLRI"}
    )
    assert participant.status_code == 201
    assert participant.json()["agency"] == "POLRI"
    unknown = secretariat_api("post", f"/meetings/{chain.wg.pk}/participants", {"party": "ZZZ"})
    assert unknown.status_code == 422 and loc(unknown) == ["party"]


def test_outcomes_are_created_numbered_and_patched(secretariat_api: Any, chain: Any) -> None:
    created = secretariat_api(
        "post",
        f"/meetings/{chain.wg.pk}/outcomes",
        {
            "kind": "action_item",
            "text": "Circulate the note.",
            "responsible": "IDN",
            "due_date": "2023-09-30",
            "audience": "public",
            "tlp": "CLEAR",
        },
    )
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["reference"], data["responsible"], data["due_date"]) == (
        "SOMTC-WG-CT 19/2",
        "IDN",
        "2023-09-30",
    )
    patched = secretariat_api(
        "patch", f"/outcomes/{data['id']}", {"lock_version": 1, "text": "Circulate it."}
    )
    assert patched.status_code == 200 and patched.json()["text"] == "Circulate it."
    stale = secretariat_api("patch", f"/outcomes/{data['id']}", {"lock_version": 1, "text": "X"})
    assert stale.status_code == 409
    bad = secretariat_api(
        "post",
        f"/meetings/{chain.wg.pk}/outcomes",
        {"kind": "decision", "text": "X", "responsible": "XXX"},
    )
    assert bad.status_code == 422 and loc(bad) == ["responsible"]


def test_forwarding_back_in_time_answers_422(secretariat_api: Any, chain: Any) -> None:
    response = secretariat_api(
        "post", f"/outcomes/{chain.ammtc_outcome.pk}/forward", {"to_meeting": chain.wg.pk}
    )
    assert response.status_code == 422
    assert loc(response) == ["to_meeting"]
    assert "can only be forwarded to a later meeting" in response.json()["detail"][0]["msg"]


def test_forwarding_to_a_hidden_meeting_answers_unknown_meeting(
    secretariat_api: Any, chain: Any, bnpt_meeting: Meeting
) -> None:
    bnpt_meeting.start_date = dt.date(2024, 4, 2)
    bnpt_meeting.save()
    hidden = secretariat_api(
        "post", f"/outcomes/{chain.wg_outcome.pk}/forward", {"to_meeting": bnpt_meeting.pk}
    )
    missing = secretariat_api(
        "post", f"/outcomes/{chain.wg_outcome.pk}/forward", {"to_meeting": 999_999}
    )
    assert hidden.status_code == missing.status_code == 422
    assert hidden.json() == missing.json()
    assert hidden.json()["detail"][0]["msg"] == "Unknown meeting."


def test_forwarding_and_recording_the_decision(secretariat_api: Any, chain: Any) -> None:
    created = secretariat_api(
        "post",
        f"/meetings/{chain.wg.pk}/outcomes",
        {
            "kind": "recommendation",
            "text": "Study returnees.",
            "audience": "public",
            "tlp": "CLEAR",
        },
    ).json()
    forwarded = secretariat_api(
        "post", f"/outcomes/{created['id']}/forward", {"to_meeting": chain.ammtc.pk}
    )
    assert forwarded.status_code == 201
    assert forwarded.json()["status"] == "pending"
    twice = secretariat_api(
        "post", f"/outcomes/{created['id']}/forward", {"to_meeting": chain.ammtc.pk}
    )
    assert twice.status_code == 422 and loc(twice) == ["to_meeting"]
    decided = secretariat_api(
        "post",
        f"/outcomes/{created['id']}/forwardings/{chain.ammtc.pk}/decision",
        {
            "status": "adopted",
            "decision_note": "Adopted.",
            "resulting_outcome": chain.ammtc_outcome.pk,
        },
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["resulting_outcome"] == chain.ammtc_outcome.pk
    origin = secretariat_api("get", f"/meetings/{chain.wg.pk}").json()
    mine = next(o for o in origin["outcomes"] if o["id"] == created["id"])
    assert mine["status_at_destination"] == "adopted"
    assert mine["forwardings"] == [
        {"to_meeting": chain.ammtc.pk, "status": "adopted", "decision_note": "Adopted."}
    ]
    bad = secretariat_api(
        "post",
        f"/outcomes/{created['id']}/forwardings/{chain.ammtc.pk}/decision",
        {"status": "maybe"},
    )
    assert bad.status_code == 422 and loc(bad) == ["status"]
    assert Forwarding.objects.get(outcome_id=created["id"]).status == "adopted"


def test_a_decision_on_a_forwarding_that_does_not_exist_is_404(
    secretariat_api: Any, chain: Any
) -> None:
    url = f"/outcomes/{chain.wg_outcome.pk}/forwardings/{chain.ammtc.pk}/decision"
    assert secretariat_api("post", url, {"status": "noted"}).status_code == 404


def test_the_api_lists_cost_the_same_queries_with_more_data(
    as_user: Any, anonymous: Any, chain: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_user(anonymous)
    with django_assert_max_num_queries(6) as few_meetings:
        client.get(f"{API}/meetings")
    with django_assert_max_num_queries(6) as few_outcomes:
        client.get(f"{API}/outcomes")
    for n in range(20):
        meeting = MeetingFactory.create(body=chain.wg.body, number=200 + n)
        services_outcome = Outcome.objects.create(
            meeting=meeting, number=1, kind="decision", text="x", audience="public", tlp="CLEAR"
        )
        Forwarding.objects.create(outcome=services_outcome, to_meeting=chain.ammtc)
    with django_assert_max_num_queries(len(few_meetings.captured_queries)):
        assert client.get(f"{API}/meetings").json()["count"] == 23
    with django_assert_max_num_queries(len(few_outcomes.captured_queries)):
        assert client.get(f"{API}/outcomes").json()["count"] == 23


def test_a_meeting_is_created_with_its_title_in_other_languages(
    secretariat_api: Any, chain: Any
) -> None:
    indonesian = "Pertemuan ke-20 Kelompok Kerja SOMTC tentang Penanggulangan Terorisme"
    response = secretariat_api(
        "post", "/meetings", new_meeting(title_translations={"id": f"  {indonesian} "})
    )
    assert response.status_code == 201, response.json()
    assert response.json()["title_translations"] == {"id": indonesian}
    assert Meeting.objects.get(pk=response.json()["id"]).title_translations == {"id": indonesian}


def test_a_title_in_an_unknown_language_answers_422_on_the_field(
    secretariat_api: Any, chain: Any
) -> None:
    response = secretariat_api("post", "/meetings", new_meeting(title_translations={"xx": "?"}))
    assert response.status_code == 422
    assert loc(response) == ["title_translations"]
