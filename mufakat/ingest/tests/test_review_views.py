"""The ingest pages: who gets them, the review page, confirming through the form."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.ingest import services
from mufakat.ingest.models import IngestDraft
from mufakat.ingest.tests.test_drafts import SEED_000, bare_registry, chair, existing_wg, proposal
from mufakat.ingest.tests.test_review_consultations import card, consultations_draft
from mufakat.meetings.models import Meeting, MeetingDocument
from mufakat.meetings.services import create_meeting, update_meeting

__all__ = ["bare_registry", "chair", "existing_wg"]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_ingest_link_is_shown_only_to_those_who_may_ingest(
    bare_registry: None, as_user: Any, secretariat: User, idn_focal: User, chair: User
) -> None:
    ingest = reverse("ingest:list")
    assert f'href="{ingest}"' in as_user(secretariat).get("/").content.decode()
    assert f'href="{ingest}"' in as_user(chair).get("/").content.decode()
    assert f'href="{ingest}"' not in as_user(idn_focal).get("/").content.decode()


def test_a_focal_point_gets_403_and_anonymous_is_sent_to_log_in(
    bare_registry: None, as_user: Any, idn_focal: User, anonymous: Any
) -> None:
    assert as_user(idn_focal).get(reverse("ingest:new")).status_code == 403
    assert as_user(idn_focal).post(reverse("ingest:new"), {"text": SEED_000}).status_code == 403
    assert as_user(anonymous).get(reverse("ingest:list")).status_code == 302
    assert IngestDraft.objects.count() == 0


def test_pasting_a_statement_opens_its_review(
    bare_registry: None, as_user: Any, secretariat: User
) -> None:
    before = Meeting.objects.count()
    response = as_user(secretariat).post(
        reverse("ingest:new"), {"text": SEED_000, "source_url": "https://example.org/a"}
    )
    draft = IngestDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert Meeting.objects.count() == before
    assert draft.source_url == "https://example.org/a"


def test_an_empty_new_draft_says_what_is_missing(
    bare_registry: None, as_user: Any, secretariat: User
) -> None:
    response = as_user(secretariat).post(reverse("ingest:new"), {"text": " "})
    assert response.status_code == 200
    assert "Paste the text of the statement or upload a file." in response.content.decode()


def test_the_review_page_highlights_evidence_and_escapes_the_text(
    existing_wg: Meeting, as_user: Any, secretariat: User
) -> None:
    text = SEED_000.replace(
        "in Bali, Indonesia.", "in Bali, Indonesia <script>alert(1)</script>."
    )  # in the report's first sentence (the photo caption above it is no evidence)
    draft = services.create_draft(actor=secretariat, text=text)
    page = as_user(secretariat).get(draft.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert re.search(r'<mark id="ev-\d+" class="evidence"', page)
    assert page.count("<mark ") >= 3
    # The match with a link and its differences; the rest is new.
    assert existing_wg.get_absolute_url() in page
    assert "matches" in page and "new" in page
    assert "city (Bali vs Jakarta)" in page
    assert 'name="m0-update-city"' in page


def test_the_review_page_costs_a_bounded_number_of_queries(
    existing_wg: Meeting, as_user: Any, secretariat: User, django_assert_max_num_queries: Any
) -> None:
    draft = services.create_draft(actor=secretariat, text=SEED_000)
    client = as_user(secretariat)
    with django_assert_max_num_queries(15):
        assert client.get(draft.get_absolute_url()).status_code == 200


def test_my_drafts_lists_only_mine_and_costs_few_queries(
    chair: User, as_user: Any, secretariat: User, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        services.create_draft(actor=chair, text=SEED_000)
    client = as_user(chair)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("ingest:list")).content.decode()
    assert page.count("/ingest/") >= 3
    secretariat_page = as_user(secretariat).get(reverse("ingest:list")).content.decode()
    assert "Drafts by others awaiting confirmation" in secretariat_page


def test_another_users_draft_is_404(chair: User, as_user: Any, secretariat: User) -> None:
    draft = services.create_draft(actor=secretariat, text=SEED_000)
    assert as_user(chair).get(draft.get_absolute_url()).status_code == 404
    assert as_user(chair).post(draft.get_absolute_url(), {}).status_code == 404


def _form(draft: IngestDraft, **extra: str) -> dict[str, str]:
    data = {
        f"m{proposal(draft, 'SOMTC-WG-CT')}-include": "1",
        "crime_areas": "terrorism",
        "doc-title": "ANTARA, 19 May 2023",
        "doc-audience": "public",
        "doc-tlp": "CLEAR",
    }
    for n, m in enumerate(draft.extraction["meetings"]):
        for name in ("body", "number", "start_date", "end_date", "city", "host", "chair"):
            data[f"m{n}-{name}"] = "" if m[name] is None else str(m[name])
        data[f"m{n}-audience"], data[f"m{n}-tlp"] = "public", "CLEAR"
    return {**data, **extra}


def test_confirming_the_form_updates_the_ticked_field_and_shows_the_result(
    existing_wg: Meeting, as_user: Any, secretariat: User
) -> None:
    draft = services.create_draft(actor=secretariat, text=SEED_000)
    n = proposal(draft, "SOMTC-WG-CT")
    client = as_user(secretariat)
    response = client.post(
        draft.get_absolute_url(),
        _form(
            draft, **{f"m{n}-action": "update", f"m{n}-update-city": "1", f"m{n}-lock_version": "1"}
        ),
    )
    assert response.status_code == 302
    existing_wg.refresh_from_db()
    assert (existing_wg.city, existing_wg.host.code) == ("Bali", "THA")
    result = client.get(response["Location"]).content.decode()
    assert existing_wg.get_absolute_url() in result and "updated" in result

    meeting_page = client.get(existing_wg.get_absolute_url()).content.decode()
    doc = MeetingDocument.objects.get()
    assert doc.get_absolute_url() in meeting_page and "ANTARA, 19 May 2023" in meeting_page
    assert "19th Senior Officials Meeting" in client.get(doc.get_absolute_url()).content.decode()


def test_a_refused_value_comes_back_on_its_card_and_nothing_is_written(
    bare_registry: None, as_user: Any, secretariat: User
) -> None:
    draft = services.create_draft(actor=secretariat, text=SEED_000)
    n = proposal(draft, "SOMTC-WG-CT")
    response = as_user(secretariat).post(
        draft.get_absolute_url(), _form(draft, **{f"m{n}-start_date": "2023-02-30"})
    )
    assert response.status_code == 422
    assert "is not a valid date" in response.content.decode()
    assert 'value="2023-02-30"' in response.content.decode()
    assert Meeting.objects.count() == 0
    draft.refresh_from_db()
    assert draft.is_open


def test_a_stale_version_is_a_conflict_on_the_page(
    existing_wg: Meeting, as_user: Any, secretariat: User
) -> None:
    draft = services.create_draft(actor=secretariat, text=SEED_000)
    n = proposal(draft, "SOMTC-WG-CT")
    response = as_user(secretariat).post(
        draft.get_absolute_url(),
        _form(
            draft, **{f"m{n}-action": "update", f"m{n}-update-city": "1", f"m{n}-lock_version": "0"}
        ),
    )
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()


def test_a_chair_reviews_but_the_secretariat_confirms(
    chair: User, as_user: Any, secretariat: User
) -> None:
    draft = services.create_draft(actor=chair, text=SEED_000)
    page = as_user(chair).get(draft.get_absolute_url()).content.decode()
    assert "The Secretariat confirms drafts" in page
    assert as_user(chair).post(draft.get_absolute_url(), _form(draft)).status_code == 403
    assert as_user(secretariat).post(draft.get_absolute_url(), _form(draft)).status_code == 302
    assert Meeting.objects.filter(body__code="SOMTC-WG-CT").exists()


def test_a_consultation_matching_a_meeting_the_reviewer_may_not_see_shows_as_new(
    chair: User, as_user: Any, secretariat: User, api_headers: Any
) -> None:
    """The 19th SOMTC+Japan is recorded for the ASEAN Secretariat only: the chair reviewing
    a draft that matches it learns nothing of it; the Secretariat, on the same draft, sees it."""
    restricted = create_meeting(
        actor=secretariat,
        body="SOMTC+JPN",
        number=19,
        start_date="2023-06",
        city="Yogyakarta",
        host="IDN",
        status="held",
        audience="organisation",
        tlp="AMBER+STRICT",
    )
    assert not Meeting.objects.visible_to(chair).filter(pk=restricted.pk).exists()
    draft = consultations_draft(chair, somtc_japan=restricted)

    as_chair = card(as_user(chair).get(draft.get_absolute_url()).content.decode(), "m1")
    assert ">new<" in as_chair and ">matches<" not in as_chair
    assert restricted.get_absolute_url() not in as_chair
    assert restricted.title not in as_chair and "m1-action" not in as_chair
    assert "from the main meeting" in as_chair
    api = Client().get(f"/api/v1/ingest/{draft.pk}", headers=api_headers(chair)).json()
    assert api["review"]["meetings"][1]["match"] is None
    assert api["review"]["meetings"][1]["match_title"] is None

    as_secretariat = as_user(secretariat).get(draft.get_absolute_url()).content.decode()
    assert restricted.get_absolute_url() in card(as_secretariat, "m1")

    # Opened to the platform, the chair's next request shows the match.
    update_meeting(
        actor=secretariat,
        meeting=restricted,
        changes={"audience": "platform", "tlp": "GREEN"},
        expected_version=restricted.lock_version,
    )
    as_chair = card(as_user(chair).get(draft.get_absolute_url()).content.decode(), "m1")
    assert ">matches<" in as_chair and restricted.get_absolute_url() in as_chair
