"""The library's pages for each fixture user: what they see, what is a 404, what is a 403."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.library import services
from mufakat.library.demo import tiny_pdf
from mufakat.library.models import KnowledgeItem
from mufakat.testing.factories import CrimeAreaFactory, MeetingFactory, sharing_group

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def publish(actor: User, title: str, **data: Any) -> KnowledgeItem:
    return services.create_item(
        actor=actor, data={"kind": KnowledgeItem.Kind.GOOD_PRACTICE, "title": title, **data}
    )


@pytest.fixture
def shared(
    idn_focal: User, asean_japan: SharingGroup, django_capture_on_commit_callbacks: Any
) -> KnowledgeItem:
    """Indonesia's good practice shared with ASEAN + Japan, with a PDF (its text extracted)."""
    item = publish(
        idn_focal,
        "Family engagement in deradicalisation",
        body="Halfway houses and **mentoring**.\n\n<script>alert(1)</script>",
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        sharing_groups=[asean_japan],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.add_attachment(
            actor=idn_focal,
            item=item,
            uploaded_file=SimpleUploadedFile("programme.pdf", tiny_pdf(["Halfway houses"])),
        )
    return item


def urls(item: KnowledgeItem) -> list[str]:
    attachment = item.attachments.get()
    return [
        reverse("library:detail", args=[item.pk]),
        reverse("library:history", args=[item.pk]),
        reverse("library:attachment", args=[attachment.pk]),
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("idn_focal", 200),
        ("jpn_focal", 200),
        ("secretariat", 200),
        ("outsider", 404),
        ("anonymous", 404),
    ],
)
def test_a_shared_item_its_history_and_files_open_only_for_the_group(
    as_user: Any, all_users: dict[str, Any], shared: KnowledgeItem, who: str, status: int
) -> None:
    client = as_user(all_users[who])
    for url in urls(shared):
        assert client.get(url).status_code == status, url


def test_guessed_ids_reveal_nothing(as_user: Any, outsider: User, shared: KnowledgeItem) -> None:
    client = as_user(outsider)
    hidden = client.get(reverse("library:detail", args=[shared.pk]))
    missing = client.get(reverse("library:detail", args=[shared.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert shared.title not in hidden.content.decode()
    for name in ("edit", "history", "attachment_add", "offer", "close"):
        method = client.post if name in ("attachment_add", "offer", "close") else client.get
        assert method(reverse(f"library:{name}", args=[shared.pk])).status_code == 404, name


def test_the_list_shows_only_what_the_reader_may_open(
    as_user: Any, outsider: User, jpn_focal: User, shared: KnowledgeItem, idn_focal: User
) -> None:
    publish(idn_focal, "Public note", audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    seen_by_japan = as_user(jpn_focal).get(reverse("library:list")).content.decode()
    seen_by_outsider = as_user(outsider).get(reverse("library:list")).content.decode()
    assert shared.title in seen_by_japan and "Public note" in seen_by_japan
    assert shared.title not in seen_by_outsider and "Public note" in seen_by_outsider
    assert "1 item" in seen_by_outsider


def test_the_list_runs_a_constant_number_of_queries(
    as_user: Any, idn_focal: User, django_assert_max_num_queries: Any
) -> None:
    CrimeAreaFactory(code="terrorism")
    CrimeAreaFactory(code="cybercrime")
    for n in range(30):
        publish(
            idn_focal,
            f"Item {n}",
            audience=Audience.PLATFORM,
            tlp=TLP.GREEN,
            crime_areas=["terrorism", "cybercrime"],
        )
    client = as_user(idn_focal)
    with django_assert_max_num_queries(9):  # with the reader's groups, read once per request
        response = client.get(reverse("library:list"))
    assert response.status_code == 200
    assert "30 items" in response.content.decode()


def test_the_list_filters_by_kind_crime_area_party_and_title(
    as_user: Any, idn_focal: User, jpn_focal: User
) -> None:
    CrimeAreaFactory(code="cybercrime")
    publish(
        idn_focal,
        "Scam centres",
        audience=Audience.PLATFORM,
        tlp=TLP.GREEN,
        crime_areas=["cybercrime"],
    )
    publish(jpn_focal, "Forensics course", audience=Audience.PLATFORM, tlp=TLP.GREEN)
    client = as_user(idn_focal)

    def titles(**query: str) -> str:
        return client.get(reverse("library:list"), query).content.decode()

    assert "Forensics course" not in titles(crime_area="cybercrime")
    assert "Scam centres" not in titles(party="JPN")
    assert "Scam centres" not in titles(q="course")
    assert "Forensics course" in titles(kind="good_practice", q="course")


def test_the_detail_page_renders_sanitised_text_and_the_handling_note(
    as_user: Any, jpn_focal: User, shared: KnowledgeItem
) -> None:
    page = as_user(jpn_focal).get(shared.get_absolute_url()).content.decode()
    assert "<strong>mentoring</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert "TLP:AMBER" in page and "Limited disclosure" in page
    assert "programme.pdf" in page and "Text extracted" in page
    assert reverse("library:edit", args=[shared.pk]) not in page  # Japan may not edit


def test_links_to_records_the_reader_cannot_see_are_not_shown(
    as_user: Any, idn_focal: User, jpn_focal: User
) -> None:
    meeting = MeetingFactory(title="Restricted bilateral", audience=Audience.NAMED, tlp=TLP.RED)
    meeting.named_users.add(idn_focal)
    item = publish(idn_focal, "Note", audience=Audience.PLATFORM, tlp=TLP.GREEN, meeting=meeting)
    assert (
        "Restricted bilateral" in as_user(idn_focal).get(item.get_absolute_url()).content.decode()
    )
    assert (
        "Restricted bilateral"
        not in as_user(jpn_focal).get(item.get_absolute_url()).content.decode()
    )


def test_the_download_is_a_gated_attachment_with_the_sniffed_type(
    as_user: Any, jpn_focal: User, shared: KnowledgeItem
) -> None:
    attachment = shared.attachments.get()
    response = as_user(jpn_focal).get(reverse("library:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_focal_point_publishes_through_the_form(as_user: Any, idn_focal: User) -> None:
    client = as_user(idn_focal)
    page = client.get(reverse("library:create"))
    assert page.status_code == 200
    response = client.post(
        reverse("library:create"),
        {
            "kind": "good_practice",
            "title": "Community policing",
            "language": "en",
            "audience": "platform",
            "tlp": "GREEN",
        },
    )
    item = KnowledgeItem.objects.get(title="Community policing")
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.owner_party == idn_focal.party


def test_a_tlp_over_the_cap_is_shown_on_the_audience_field(as_user: Any, idn_focal: User) -> None:
    response = as_user(idn_focal).post(
        reverse("library:create"),
        {
            "kind": "good_practice",
            "title": "X",
            "language": "en",
            "audience": "public",
            "tlp": "RED",
        },
    )
    assert response.status_code == 200
    assert "allows at most the audience" in response.content.decode()
    assert not KnowledgeItem.objects.exists()


def test_readers_and_visitors_may_not_publish(as_user: Any, outsider: User, anonymous: Any) -> None:
    assert as_user(outsider).get(reverse("library:create")).status_code == 403
    assert as_user(anonymous).get(reverse("library:create")).status_code == 302  # to log in
    assert "Publish" not in as_user(outsider).get(reverse("library:list")).content.decode()


def test_the_form_is_prefilled_from_a_visible_meeting_only(as_user: Any, idn_focal: User) -> None:
    visible = MeetingFactory(title="23rd SOMTC", audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    hidden = MeetingFactory(title="Closed session", audience=Audience.NAMED, tlp=TLP.RED)
    client = as_user(idn_focal)
    page = client.get(reverse("library:create"), {"meeting": visible.pk}).content.decode()
    assert f'<option value="{visible.pk}" selected>' in page
    page = client.get(reverse("library:create"), {"meeting": hidden.pk}).content.decode()
    assert "Closed session" not in page


def test_a_concurrent_edit_shows_a_conflict_and_keeps_the_input(
    as_user: Any, idn_focal: User
) -> None:
    item = publish(idn_focal, "Original", audience=Audience.PLATFORM, tlp=TLP.GREEN)
    services.update_item(item, actor=idn_focal, changes={"title": "Theirs"}, expected_version=1)
    response = as_user(idn_focal).post(
        reverse("library:edit", args=[item.pk]),
        {
            "kind": "good_practice",
            "title": "Mine, typed carefully",
            "language": "en",
            "audience": "platform",
            "tlp": "GREEN",
            "lock_version": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else" in page
    assert "Mine, typed carefully" in page
    assert KnowledgeItem.objects.get(pk=item.pk).title == "Theirs"


def test_the_history_shows_field_level_changes(as_user: Any, idn_focal: User) -> None:
    item = publish(idn_focal, "Before", audience=Audience.PLATFORM, tlp=TLP.GREEN)
    services.update_item(item, actor=idn_focal, changes={"title": "After"}, expected_version=None)
    page = as_user(idn_focal).get(reverse("library:history", args=[item.pk])).content.decode()
    assert "Version 2" in page and 'data-path="title"' in page
    assert "Before" in page and "After" in page


def test_another_party_answers_a_request_and_the_owner_closes_it(
    as_user: Any, idn_focal: User, jpn_focal: User, outsider: User
) -> None:
    request = services.create_item(
        actor=idn_focal,
        data={
            "kind": KnowledgeItem.Kind.EXPERTISE_REQUEST,
            "title": "Cyber-forensics training wanted",
            "audience": Audience.PLATFORM,
            "tlp": TLP.GREEN,
        },
    )
    japan = as_user(jpn_focal)
    assert "Offer expertise" in japan.get(request.get_absolute_url()).content.decode()
    assert (
        "Offer expertise" not in as_user(outsider).get(request.get_absolute_url()).content.decode()
    )
    japan.post(reverse("library:offer", args=[request.pk]), {"contact": "NPA cyber unit"})
    owner_page = as_user(idn_focal).get(request.get_absolute_url()).content.decode()
    assert "NPA cyber unit" in owner_page and "Close request" in owner_page
    assert japan.post(reverse("library:close", args=[request.pk])).status_code == 403
    as_user(idn_focal).post(reverse("library:close", args=[request.pk]))
    assert not KnowledgeItem.objects.get(pk=request.pk).is_open


def test_only_the_owning_party_and_the_secretariat_get_the_edit_page(
    as_user: Any, idn_focal: User, jpn_focal: User, secretariat: User, anonymous: Any
) -> None:
    item = publish(idn_focal, "Platform note", audience=Audience.PLATFORM, tlp=TLP.GREEN)
    url = reverse("library:edit", args=[item.pk])
    owner_page = as_user(idn_focal).get(url)
    assert owner_page.status_code == 200
    assert "you may widen or narrow" in owner_page.content.decode()
    secretariat_page = as_user(secretariat).get(url)
    assert secretariat_page.status_code == 200
    assert "only its owning organisation may widen it" in secretariat_page.content.decode()
    assert as_user(jpn_focal).get(url).status_code == 403
    assert as_user(anonymous).get(item.get_absolute_url()).status_code == 404


def test_a_public_item_is_open_to_visitors(as_user: Any, idn_focal: User, anonymous: Any) -> None:
    item = publish(idn_focal, "Public note", audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    visitor = as_user(anonymous)
    assert visitor.get(item.get_absolute_url()).status_code == 200
    assert visitor.get(reverse("library:history", args=[item.pk])).status_code == 200
    assert "Public note" in visitor.get(reverse("library:list")).content.decode()


def test_the_detail_page_names_the_groups_an_item_is_shared_with_but_not_a_confidential_one(
    as_user: Any, idn_focal: User, jpn_focal: User, idn: Any, asean_japan: SharingGroup
) -> None:
    secret = sharing_group("idn-cell", [idn], name="Liaison cell", confidential=True)
    item = services.create_item(
        actor=idn_focal,
        data={
            "kind": "good_practice",
            "title": "Shared practice",
            "audience": "sharing_group",
            "tlp": "AMBER",
            "sharing_groups": [asean_japan, secret],
        },
    )
    url = reverse("library:detail", args=[item.pk])

    japan = as_user(jpn_focal).get(url).content.decode()
    indonesia = as_user(idn_focal).get(url).content.decode()

    assert "Shared with ASEAN + Japan" in japan and "Liaison cell" not in japan
    assert "Liaison cell" in indonesia
