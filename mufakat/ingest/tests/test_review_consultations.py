"""Consultations held alongside a main meeting (SOMTC+Japan back-to-back with the SOMTC): the
review page shows each as a card of its own under its main meeting's card, with its own match
(or "new") and the venue and dates it took from the main meeting marked as such; deciding on
it, in the page or the API, is deciding on any card.

The drafts are written by hand, in the extractor's JSON (``part_of``, ``inherited``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from mufakat.accounts.models import User
from mufakat.ingest.extract.sentences import split_sentences
from mufakat.ingest.models import IngestDraft
from mufakat.ingest.review import review
from mufakat.ingest.tests.test_drafts import bare_registry, chair
from mufakat.meetings.models import Meeting
from mufakat.meetings.services import create_meeting

__all__ = ["bare_registry", "chair"]

TEXT = (
    "The 23rd SOMTC was held in Yogyakarta, Indonesia, from 19 to 23 June 2023. "
    "It was followed by the 19th SOMTC+Japan Consultation and the SOMTC+3 Consultation "
    "on 24 June 2023."
)
FIELDS = ("body", "number", "start_date", "end_date", "city", "host", "chair")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def proposed(body: str, number: int | None, start: str, end: str, evidence: str) -> dict:
    return {
        "relation": "held",
        "body": body,
        "number": number,
        "start_date": start,
        "end_date": end,
        "city": "Yogyakarta",
        "host": "IDN",
        "chair": None,
        "evidence": evidence,
        "match": None,
    }


def consultations_draft(
    owner: User,
    *,
    somtc: Meeting | None = None,
    somtc_japan: Meeting | None = None,
    legacy: bool = False,
    **part_of: Any,
) -> IngestDraft:
    """The 23rd SOMTC (m0) with the 19th SOMTC+Japan (m1: venue and dates inherited) and the
    SOMTC+3 (m2: its own date, the venue inherited) held alongside. ``legacy``: a draft made
    before ``part_of`` and ``inherited`` existed. ``part_of``: m1=…, m2=… to override."""
    first, second = (s.text for s in split_sentences(TEXT))
    meetings = [
        proposed("SOMTC", 23, "2023-06-19", "2023-06-23", first),
        proposed("SOMTC+JPN", 19, "2023-06-19", "2023-06-23", second),
        proposed("SOMTC+3", None, "2023-06-24", "2023-06-24", second),
    ]
    meetings[0]["match"] = somtc.pk if somtc else None
    meetings[1]["match"] = somtc_japan.pk if somtc_japan else None
    if not legacy:
        meetings[0] |= {"part_of": None, "inherited": []}
        meetings[1] |= {"part_of": 0, "inherited": ["start_date", "end_date", "city", "host"]}
        meetings[2] |= {"part_of": 0, "inherited": ["city", "host"]}
        for key, value in part_of.items():
            meetings[int(key[1:])]["part_of"] = value
    matched = [m for m in (somtc, somtc_japan) if m is not None]
    return IngestDraft.objects.create(
        owner=owner,
        title="ANTARA, 25 June 2023",
        text=TEXT,
        extraction={
            "meetings": meetings,
            "instruments": [],
            "crime_areas": [],
            "parties": ["IDN", "JPN"],
            "evidence": {"parties": {"IDN": first, "JPN": second}},
        },
        match_versions={"meetings": {str(m.pk): m.lock_version for m in matched}},
    )


@pytest.fixture
def somtc(bare_registry: None, secretariat: User) -> Meeting:
    return create_meeting(
        actor=secretariat,
        body="SOMTC",
        number=23,
        start_date="2023-06-19",
        end_date="2023-06-23",
        city="Yogyakarta",
        host="IDN",
        status="held",
        audience="public",
        tlp="CLEAR",
    )


@pytest.fixture
def somtc_japan(bare_registry: None, secretariat: User) -> Meeting:
    """The 19th SOMTC+Japan as the registry has it: June 2023, day not known."""
    return create_meeting(
        actor=secretariat,
        body="SOMTC+JPN",
        number=19,
        start_date="2023-06",
        city="Yogyakarta",
        host="IDN",
        status="held",
        audience="public",
        tlp="CLEAR",
    )


def card(page: str, key: str) -> str:
    """The HTML of one card (cards are not nested in one another)."""
    start = page.index(f'id="card-{key}"')
    return page[start : page.index("</article>", start)]


def alongside(page: str, key: str) -> str:
    """The "Held alongside" section under a main meeting's card."""
    start = page.index(f'aria-labelledby="alongside-{key}-h"')
    return page[start : page.index("</section>", start)]


def test_each_consultation_is_a_card_of_its_own_under_its_main_meetings_card(
    somtc: Meeting, somtc_japan: Meeting, as_user: Any, secretariat: User
) -> None:
    draft = consultations_draft(secretariat, somtc=somtc, somtc_japan=somtc_japan)
    page = as_user(secretariat).get(draft.get_absolute_url()).content.decode()

    group = alongside(page, "m0")
    assert "Held alongside the 23rd SOMTC" in group
    assert 'id="card-m1"' in group and 'id="card-m2"' in group
    assert 'id="card-m0"' not in group
    assert page.index('id="card-m0"') < page.index('id="alongside-m0-h"')
    assert '<h5 id="card-m1-h">' in group  # under the group's heading (h4), under the card's (h3)


def test_each_consultation_shows_its_own_match_or_new(
    somtc: Meeting, somtc_japan: Meeting, as_user: Any, secretariat: User
) -> None:
    draft = consultations_draft(secretariat, somtc=somtc, somtc_japan=somtc_japan)
    page = as_user(secretariat).get(draft.get_absolute_url()).content.decode()

    japan, plus_three = card(page, "m1"), card(page, "m2")
    assert ">matches<" in japan and somtc_japan.get_absolute_url() in japan
    assert "19th SOMTC+Japan Consultation" in japan
    assert 'name="m1-action"' in japan and 'name="m1-update-start_date"' in japan
    assert ">new<" in plus_three and ">matches<" not in plus_three
    assert 'name="m2-audience"' in plus_three  # a new record gets an audience


def test_inherited_venue_and_dates_are_marked_as_from_the_main_meeting(
    somtc: Meeting, somtc_japan: Meeting, as_user: Any, secretariat: User
) -> None:
    draft = consultations_draft(secretariat, somtc=somtc, somtc_japan=somtc_japan)
    page = as_user(secretariat).get(draft.get_absolute_url()).content.decode()

    japan, plus_three = card(page, "m1"), card(page, "m2")
    for name in ("start_date", "end_date", "city", "host"):
        marker = f'id="id_m1-{name}-inherited"'
        assert marker in japan, name
        assert f'aria-describedby="id_m1-{name}-inherited"' in japan  # read with the field
    assert japan.count("from the main meeting") == 4
    assert 'id="id_m2-city-inherited"' in plus_three and 'id="id_m2-host-inherited"' in plus_three
    assert "id_m2-start_date-inherited" not in plus_three  # its own date, from the text
    assert "from the main meeting" not in card(page, "m0")


def test_a_value_the_reviewer_changed_is_no_longer_marked_inherited(
    somtc: Meeting, as_user: Any, secretariat: User
) -> None:
    draft = consultations_draft(secretariat, somtc=somtc)
    data = form(draft, {"m2-include": "1", "m2-city": "Sleman", "m2-start_date": "2023-02-30"})
    response = as_user(secretariat).post(draft.get_absolute_url(), data)

    assert response.status_code == 422  # the refused date keeps the page, with the edits
    plus_three = card(response.content.decode(), "m2")
    assert 'value="Sleman"' in plus_three
    assert "id_m2-city-inherited" not in plus_three and "id_m2-host-inherited" in plus_three


def test_a_draft_made_before_consultations_were_nested_shows_flat_cards(
    somtc: Meeting, as_user: Any, secretariat: User
) -> None:
    draft = consultations_draft(secretariat, somtc=somtc, legacy=True)
    page = as_user(secretariat).get(draft.get_absolute_url()).content.decode()

    assert "Held alongside" not in page and "from the main meeting" not in page
    assert all(f'id="card-m{n}"' in page for n in range(3))
    assert [r.part_of for r in review(draft=draft, user=secretariat).meetings] == [None] * 3


@pytest.mark.parametrize(
    "part_of",
    [{"m1": 1}, {"m1": 7}, {"m1": -1}, {"m1": True}, {"m1": "0"}, {"m1": 2, "m2": 0}],
    ids=["itself", "out of range", "negative", "a boolean", "a string", "a chain"],
)
def test_a_main_meeting_that_points_nowhere_sensible_leaves_the_card_on_its_own(
    bare_registry: None, secretariat: User, part_of: dict[str, Any]
) -> None:
    draft = consultations_draft(secretariat, **part_of)
    meetings = review(draft=draft, user=secretariat).meetings
    assert meetings[1].part_of is None and meetings[1].inherited == []
    assert meetings[1] not in meetings[0].consultations


def form(draft: IngestDraft, ticks: dict[str, str]) -> dict[str, str]:
    """Every card's values as the page shows them, and the reviewer's ticks and edits."""
    data = {"doc-title": "ANTARA, 25 June 2023", "doc-audience": "public", "doc-tlp": "CLEAR"}
    for n, m in enumerate(draft.extraction["meetings"]):
        for name in FIELDS:
            data[f"m{n}-{name}"] = "" if m[name] is None else str(m[name])
        data[f"m{n}-audience"], data[f"m{n}-tlp"] = "public", "CLEAR"
    return data | ticks


def test_confirming_decides_each_card_on_its_own(
    somtc: Meeting, somtc_japan: Meeting, as_user: Any, secretariat: User
) -> None:
    draft = consultations_draft(secretariat, somtc=somtc, somtc_japan=somtc_japan)
    # The SOMTC is skipped; the SOMTC+Japan gets its days; the SOMTC+3 is new.
    ticks = {"m1-include": "1", "m1-action": "update", "m2-include": "1"}
    ticks |= {"m1-update-start_date": "1", "m1-update-end_date": "1"}
    data = form(draft, ticks)
    response = as_user(secretariat).post(draft.get_absolute_url(), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    somtc_japan.refresh_from_db()
    assert (str(somtc_japan.start), somtc_japan.end_date.isoformat()) == (
        "2023-06-19", "2023-06-23"
    )  # fmt: skip
    plus_three = Meeting.objects.get(body__code="SOMTC+3")
    assert (plus_three.start_date.isoformat(), plus_three.city, plus_three.host.code) == (
        "2023-06-24", "Yogyakarta", "IDN"
    )  # fmt: skip
    assert Meeting.objects.filter(body__code="SOMTC").count() == 1
    draft.refresh_from_db()
    assert [(m["index"], m["action"]) for m in draft.result["meetings"]] == [
        (1, "updated"),
        (2, "created"),
    ]


def test_the_page_costs_no_more_queries_with_consultations(
    somtc: Meeting,
    somtc_japan: Meeting,
    as_user: Any,
    secretariat: User,
    django_assert_max_num_queries: Any,
) -> None:
    draft = consultations_draft(secretariat, somtc=somtc, somtc_japan=somtc_japan)
    client = as_user(secretariat)
    with django_assert_max_num_queries(15):
        assert client.get(draft.get_absolute_url()).status_code == 200


def api(client: Client, method: str, url: str, headers: dict[str, str], data: Any = None) -> Any:
    if method == "get":
        return client.get(url, headers=headers)
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


def test_the_api_keeps_the_keys_and_decides_per_index(
    somtc: Meeting, somtc_japan: Meeting, secretariat: User, api_headers: Any
) -> None:
    draft = consultations_draft(secretariat, somtc=somtc, somtc_japan=somtc_japan)
    client, headers = Client(), api_headers(secretariat)
    body = api(client, "get", f"/api/v1/ingest/{draft.pk}", headers).json()

    assert [m["part_of"] for m in body["extraction"]["meetings"]] == [None, 0, 0]
    assert body["extraction"]["meetings"][2]["inherited"] == ["city", "host"]
    reviewed = body["review"]["meetings"]
    assert [(m["part_of"], m["match"]) for m in reviewed] == [
        (None, somtc.pk),
        (0, somtc_japan.pk),
        (0, None),
    ]
    assert reviewed[1]["inherited"] == ["start_date", "end_date", "city", "host"]

    done = api(
        client,
        "post",
        f"/api/v1/ingest/{draft.pk}/confirm",
        headers,
        {"meetings": [{"index": 2}], "document": {"audience": "public", "tlp": "CLEAR"}},
    )
    assert done.status_code == 200, done.content
    assert Meeting.objects.filter(body__code="SOMTC+3").count() == 1
    assert Meeting.objects.filter(body__code="SOMTC").count() == 1
