# ruff: noqa: F811 - the fixtures imported from test_record are used as arguments
"""The report of the meeting's pages: read, start, edit, circulate, comment, adopt, correct and
compare — each step a plain form, each page in a bounded number of queries, and nothing of a
meeting a reader may not see."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.meetings.models import Meeting
from mufakat.papers import record
from mufakat.papers.models import RecordComment, RecordState, RecordVersion
from mufakat.papers.tests.test_record import (  # noqa: F401 - fixtures
    World,
    hidden_meeting,
    idn_chair,
    world,
)
from mufakat.testing.factories import OutcomeFactory


def url(name: str, *args: Any) -> str:
    return reverse(f"papers:{name}", args=args)


def test_anyone_who_sees_the_meeting_reads_the_records_text_before_a_draft(
    world: World, as_user: Any, anonymous: Any, jpn_focal: User
) -> None:
    for reader in (anonymous, jpn_focal):
        page = as_user(reader).get(url("record", world.somtc.pk))
        assert page.status_code == 200
        assert "Not yet drafted — generated from the records" in page.content.decode()
        assert "Start the draft" not in page.content.decode()
    assert "Andika" not in as_user(anonymous).get(url("record", world.somtc.pk)).content.decode()


def test_an_outsider_gets_404_on_the_report_of_a_meeting_they_cannot_see(
    hidden_meeting: Meeting, as_user: Any, outsider: User, jpn_focal: User, secretariat: User
) -> None:
    for reader in (outsider, jpn_focal):
        client = as_user(reader)
        assert client.get(url("record", hidden_meeting.pk)).status_code == 404
        assert client.get(url("record_version", hidden_meeting.pk, 1)).status_code == 404
        assert client.get(url("record_diff", hidden_meeting.pk)).status_code == 404
        assert client.post(url("record_start", hidden_meeting.pk)).status_code == 404


def test_the_chair_goes_from_draft_to_adoption_through_the_pages(
    world: World, as_user: Any, idn_chair: User, jpn_focal: User, secretariat: User
) -> None:
    chair = as_user(idn_chair)
    page = chair.get(url("record", world.somtc.pk)).content.decode()
    assert "Start the draft" in page
    response = chair.post(url("record_start", world.somtc.pk))
    assert response.status_code == 302 and response["Location"] == url(
        "record_edit", world.somtc.pk, 1
    )
    edit = chair.get(url("record_edit", world.somtc.pk, 1))
    assert edit.status_code == 200
    v1 = RecordVersion.objects.get(record__meeting=world.somtc, number=1)
    chair.post(
        url("record_edit", world.somtc.pk, 1),
        {
            "action": "save",
            "key": "held",
            "text": "Held in Yogyakarta.",
            "lock_version": v1.lock_version,
        },
    )
    v1.refresh_from_db()
    assert (
        v1.paragraphs[next(i for i, p in enumerate(v1.paragraphs) if p["key"] == "held")]["text"]
        == "Held in Yogyakarta."
    )

    # Japan cannot read the draft, nor edit it.
    assert as_user(jpn_focal).get(url("record_version", world.somtc.pk, 1)).status_code == 404
    assert as_user(jpn_focal).get(url("record_edit", world.somtc.pk, 1)).status_code == 404

    chair.post(url("record_circulate", world.somtc.pk, 1), {"lock_version": v1.lock_version})
    v1.refresh_from_db()
    assert v1.state == RecordState.CIRCULATED

    japan = as_user(jpn_focal)
    page = japan.get(url("record", world.somtc.pk)).content.decode()
    assert "Held in Yogyakarta." in page and "Comment on paragraph 1" in page
    japan.post(
        url("record_comment", world.somtc.pk, 1),
        {"paragraph_key": "held", "text": "Japan proposes the dates."},
    )
    assert RecordComment.objects.get().party == jpn_focal.party
    assert "Japan proposes the dates." in chair.get(url("record", world.somtc.pk)).content.decode()
    # A focal point cannot adopt.
    assert japan.post(url("record_adopt", world.somtc.pk, 1)).status_code == 403

    chair.post(url("record_adopt", world.somtc.pk, 1))
    v1.refresh_from_db()
    assert v1.state == RecordState.ADOPTED

    response = chair.post(url("record_correct", world.somtc.pk), {"change_note": "Dates"})
    assert response["Location"] == url("record_edit", world.somtc.pk, 2)
    v2 = RecordVersion.objects.get(record__meeting=world.somtc, number=2)
    chair.post(
        url("record_edit", world.somtc.pk, 2),
        {"action": "save", "key": "held", "text": "Held in Bali.", "lock_version": v2.lock_version},
    )
    chair.post(url("record_circulate", world.somtc.pk, 2))
    chair.post(url("record_adopt", world.somtc.pk, 2))
    diff = japan.get(url("record_diff", world.somtc.pk) + "?from=1&to=2").content.decode()
    assert "<del>Yogyakarta.</del><ins>Bali.</ins>" in diff


def test_a_stale_edit_says_someone_else_changed_the_draft(
    world: World, as_user: Any, secretariat: User, idn_chair: User
) -> None:
    v1 = record.start_draft(actor=secretariat, meeting=world.somtc)
    stale = v1.lock_version
    record.edit_paragraph(
        actor=idn_chair, version=v1, key="held", text="First.", lock_version=stale
    )
    response = as_user(secretariat).post(
        url("record_edit", world.somtc.pk, 1),
        {"action": "save", "key": "held", "text": "Second.", "lock_version": stale},
    )
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()


def test_a_delegation_cannot_comment_before_circulation(
    world: World, as_user: Any, secretariat: User, jpn_focal: User
) -> None:
    record.start_draft(actor=secretariat, meeting=world.somtc)
    response = as_user(jpn_focal).post(
        url("record_comment", world.somtc.pk, 1), {"paragraph_key": "", "text": "Early"}
    )
    assert response.status_code == 404
    assert not RecordComment.objects.exists()


def test_the_restricted_outcome_is_absent_from_japans_page_and_present_for_the_secretariat(
    world: World, as_user: Any, secretariat: User, jpn_focal: User
) -> None:
    v1 = record.circulate(
        actor=secretariat, version=record.start_draft(actor=secretariat, meeting=world.somtc)
    )
    record.adopt(actor=secretariat, version=v1)
    assert "ASEAN-only" in as_user(secretariat).get(url("record", world.somtc.pk)).content.decode()
    japan = as_user(jpn_focal).get(url("record", world.somtc.pk)).content.decode()
    assert "ASEAN-only" not in japan and "SOMTC 23/2" not in japan
    assert "TLP:CLEAR" in japan


def test_pages_take_a_bounded_number_of_queries_whatever_the_outcomes(
    world: World,
    as_user: Any,
    secretariat: User,
    jpn_focal: User,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(10, 40):
        OutcomeFactory.create(meeting=world.somtc, number=n)
    sec, japan = as_user(secretariat), as_user(jpn_focal)
    with django_assert_max_num_queries(30):
        assert japan.get(url("record", world.somtc.pk)).status_code == 200
    v1 = record.start_draft(actor=secretariat, meeting=world.somtc)
    with django_assert_max_num_queries(30):
        assert sec.get(url("record_edit", world.somtc.pk, 1)).status_code == 200
    v1 = record.circulate(actor=secretariat, version=v1)
    record.comment(actor=jpn_focal, version=v1, paragraph_key="held", text="A comment.")
    with django_assert_max_num_queries(30):
        assert japan.get(url("record", world.somtc.pk)).status_code == 200
    with django_assert_max_num_queries(30):
        assert sec.get(url("record", world.somtc.pk)).status_code == 200
    record.adopt(actor=secretariat, version=v1)
    record.correct(actor=secretariat, meeting=world.somtc, change_note="Fix")
    with django_assert_max_num_queries(30):
        assert sec.get(url("record_diff", world.somtc.pk)).status_code == 200


# -- the API -----------------------------------------------------------------------------------


def test_the_lifecycle_through_the_api(
    world: World, client: Any, api_headers: Any, idn_chair: User, jpn_focal: User
) -> None:
    base = f"/api/v1/meetings/{world.somtc.pk}/record"
    chair, japan = api_headers(idn_chair), api_headers(jpn_focal)
    assert client.post(f"{base}/draft", headers=japan).status_code == 403
    created = client.post(f"{base}/draft", headers=chair)
    assert created.status_code == 201
    lock = created.json()["lock_version"]
    edited = client.patch(
        f"{base}/versions/1/paragraphs/held",
        {"text": "Held in Yogyakarta.", "lock_version": lock},
        content_type="application/json",
        headers=chair,
    )
    assert edited.status_code == 200
    stale = client.patch(
        f"{base}/versions/1/paragraphs/held",
        {"text": "Again.", "lock_version": lock},
        content_type="application/json",
        headers=chair,
    )
    assert stale.status_code == 409
    # Japan may not read the draft: it does not exist for Japan.
    early = client.post(
        f"{base}/versions/1/comments",
        {"text": "Early"},
        content_type="application/json",
        headers=japan,
    )
    assert early.status_code == 404
    assert (
        client.post(
            f"{base}/versions/1/circulate", {}, content_type="application/json", headers=chair
        ).json()["state"]
        == "circulated"
    )
    note = client.post(
        f"{base}/versions/1/comments",
        {"paragraph_key": "held", "text": "Fine."},
        content_type="application/json",
        headers=japan,
    )
    assert note.status_code == 201 and note.json()["party"] == "JPN"
    assert (
        client.post(
            f"{base}/versions/1/adopt", {}, content_type="application/json", headers=japan
        ).status_code
        == 403
    )
    adopted = client.post(
        f"{base}/versions/1/adopt", {}, content_type="application/json", headers=chair
    )
    assert adopted.json()["state"] == "adopted"
    frozen = client.patch(
        f"{base}/versions/1/paragraphs/held",
        {"text": "Changed.", "lock_version": adopted.json()["lock_version"]},
        content_type="application/json",
        headers=chair,
    )
    assert frozen.status_code == 422
    v2 = client.post(
        f"{base}/corrections",
        {"change_note": "Dates"},
        content_type="application/json",
        headers=chair,
    )
    assert v2.status_code == 201 and v2.json()["number"] == 2


def test_the_api_answers_404_for_a_hidden_meeting(
    hidden_meeting: Meeting, client: Any, api_headers: Any, outsider: User
) -> None:
    response = client.post(
        f"/api/v1/meetings/{hidden_meeting.pk}/record/draft", headers=api_headers(outsider)
    )
    assert response.status_code == 404
