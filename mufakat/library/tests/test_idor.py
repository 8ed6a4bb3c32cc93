"""Guessing ids: an outsider who walks the numbers learns nothing about what they may not see.

A hidden item, its file, its versions and the offers on it answer exactly like ids that do
not exist (same status, same body). Writing to a hidden item is a 404 too — the refusal must
not confirm it exists; writing to an item one may see but does not own is a 403.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.library import services
from mufakat.library.demo import tiny_pdf
from mufakat.library.models import Attachment, ExpertiseOffer, KnowledgeItem
from mufakat.testing.factories import sharing_group

pytestmark = pytest.mark.django_db

API = "/api/v1/library"
SECRET = "Informant handling at BNPT"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def hidden(
    idn_focal: User, jpn_focal: User, asean_japan: SharingGroup, outsider: User
) -> dict[str, Any]:
    """Indonesia's item and request for ASEAN + Japan, with a file, versions and an offer."""
    item = services.create_item(
        actor=idn_focal,
        data={
            "kind": KnowledgeItem.Kind.CASE_STUDY,
            "title": SECRET,
            "summary": "How informants are protected.",
            "audience": Audience.SHARING_GROUP,
            "tlp": TLP.AMBER,
            "sharing_groups": [asean_japan],
        },
    )
    attachment = services.add_attachment(
        actor=idn_focal,
        item=item,
        uploaded_file=SimpleUploadedFile("protocol.pdf", tiny_pdf(["Protocol"])),
    )
    request = services.create_item(
        actor=idn_focal,
        data={
            "kind": KnowledgeItem.Kind.EXPERTISE_REQUEST,
            "title": f"{SECRET}: training wanted",
            "audience": Audience.SHARING_GROUP,
            "tlp": TLP.AMBER,
            "sharing_groups": [asean_japan],
        },
    )
    offer = services.offer_expertise(
        actor=jpn_focal, request=request, contact="NPA training unit", message="We can help."
    )
    return {"item": item, "attachment": attachment, "request": request, "offer": offer}


@pytest.fixture
def visible_not_owned(idn_focal: User) -> KnowledgeItem:
    """Indonesia's item for every platform user: others may read it, not change it."""
    return services.create_item(
        actor=idn_focal,
        data={
            "kind": KnowledgeItem.Kind.GOOD_PRACTICE,
            "title": "Community policing in Java",
            "audience": Audience.PLATFORM,
            "tlp": TLP.GREEN,
        },
    )


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def last_id(model: type[Any]) -> int:
    return int(model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)


def missing_id(model: type[Any]) -> int:
    return last_id(model) + 1000


def guesses(model: type[Any]) -> range:
    """Every id up to a few past the last one: what someone walking the numbers would try."""
    return range(1, last_id(model) + 4)


#: The per-response CSRF token (masked anew on every page): the only part allowed to differ.
CSRF_TOKEN = re.compile(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+')


def same_answer(hidden_response: Any, missing_response: Any) -> None:
    """Status and body identical (the site's 404 page, a form's CSRF token aside)."""
    assert hidden_response.status_code == missing_response.status_code == 404
    assert CSRF_TOKEN.sub(rb"\1", hidden_response.content) == CSRF_TOKEN.sub(
        rb"\1", missing_response.content
    )
    assert SECRET.encode() not in hidden_response.content


# -- reading -----------------------------------------------------------------------------------


def item_readers(pk: int) -> list[str]:
    return [
        reverse("library:detail", args=[pk]),
        reverse("library:history", args=[pk]),
        f"{API}/items/{pk}",
        f"{API}/items/{pk}/versions",
    ]


def test_the_outsider_walking_item_ids_finds_only_what_they_may_see(
    outsider: User, hidden: dict[str, Any], visible_not_owned: KnowledgeItem, api_headers: Any
) -> None:
    client, headers = client_of(outsider), api_headers(outsider)
    found = []
    for pk in guesses(KnowledgeItem):
        for url in item_readers(pk):
            response = client.get(url, headers=headers)
            assert response.status_code in (200, 404)
            assert SECRET.encode() not in response.content
            if response.status_code == 200:
                found.append(pk)
    assert set(found) == {visible_not_owned.pk}


@pytest.mark.parametrize("reader", range(4), ids=["page", "history", "api", "api_versions"])
def test_a_hidden_item_and_a_missing_one_answer_alike(
    outsider: User, hidden: dict[str, Any], api_headers: Any, reader: int
) -> None:
    client, headers = client_of(outsider), api_headers(outsider)
    hidden_url = item_readers(hidden["item"].pk)[reader]
    missing_url = item_readers(missing_id(KnowledgeItem))[reader]
    same_answer(client.get(hidden_url, headers=headers), client.get(missing_url, headers=headers))


@pytest.mark.parametrize("where", ["page", "api"])
def test_a_hidden_attachment_and_a_missing_one_answer_alike(
    outsider: User, anonymous: Any, hidden: dict[str, Any], api_headers: Any, where: str
) -> None:
    def url(pk: int) -> str:
        if where == "page":
            return reverse("library:attachment", args=[pk])
        return f"{API}/attachments/{pk}/download"

    for who, client, headers in [
        ("outsider", client_of(outsider), api_headers(outsider)),
        ("anonymous", Client(), {}),
    ]:
        hidden_response = client.get(url(hidden["attachment"].pk), headers=headers)
        missing_response = client.get(url(missing_id(Attachment)), headers=headers)
        same_answer(hidden_response, missing_response)
        assert b"%PDF" not in hidden_response.content, who


def test_the_outsider_walking_attachment_ids_downloads_nothing(
    outsider: User, hidden: dict[str, Any], api_headers: Any
) -> None:
    client = client_of(outsider)
    for pk in guesses(Attachment):
        assert client.get(reverse("library:attachment", args=[pk])).status_code == 404
        response = client.get(f"{API}/attachments/{pk}/download", headers=api_headers(outsider))
        assert response.status_code == 404


def test_offers_on_a_hidden_request_are_neither_shown_nor_accepted(
    outsider: User, hidden: dict[str, Any], api_headers: Any
) -> None:
    """The outsider cannot read the offer and cannot add one: a 404 like a missing request."""
    request = hidden["request"]
    client, headers = client_of(outsider), api_headers(outsider)
    payload = {"contact": "CBSA liaison officer"}
    hidden_api = client.post(
        f"{API}/items/{request.pk}/offers",
        payload,
        content_type="application/json",
        headers=headers,
    )
    missing_api = client.post(
        f"{API}/items/{missing_id(KnowledgeItem)}/offers",
        payload,
        content_type="application/json",
        headers=headers,
    )
    same_answer(hidden_api, missing_api)
    same_answer(
        client.post(reverse("library:offer", args=[request.pk]), payload),
        client.post(reverse("library:offer", args=[missing_id(KnowledgeItem)]), payload),
    )
    assert list(ExpertiseOffer.objects.values_list("contact", flat=True)) == ["NPA training unit"]
    assert ExpertiseOffer.objects.visible_to(outsider).count() == 0


def test_an_offer_is_hidden_from_whoever_cannot_open_the_item_it_offers(
    idn_focal: User, jpn_focal: User, outsider: User, api_headers: Any
) -> None:
    """A platform-wide request; Japan offers an item named for Indonesia only. Canada sees the
    request, not the offer — not its contact, not its message."""
    request = services.create_item(
        actor=idn_focal,
        data={
            "kind": KnowledgeItem.Kind.EXPERTISE_REQUEST,
            "title": "Training on crypto tracing wanted",
            "audience": Audience.PLATFORM,
            "tlp": TLP.GREEN,
        },
    )
    answer = services.create_item(
        actor=jpn_focal,
        data={
            "kind": KnowledgeItem.Kind.TRAINING_MATERIAL,
            "title": "NPA crypto tracing course notes",
            "audience": Audience.NAMED,
            "tlp": TLP.RED,
            "named_users": [idn_focal],
        },
    )
    services.offer_expertise(
        actor=jpn_focal, request=request, item=answer, contact="Cyber unit desk 7", message="Ask"
    )

    page = client_of(outsider).get(request.get_absolute_url())
    api = client_of(outsider).get(f"{API}/items/{request.pk}", headers=api_headers(outsider))
    for body in (page.content, api.content):
        assert b"Training on crypto tracing wanted" in body
        assert b"Cyber unit desk 7" not in body
        assert b"NPA crypto tracing course notes" not in body
    assert api.json()["offers"] == []

    owner_view = client_of(idn_focal).get(
        f"{API}/items/{request.pk}", headers=api_headers(idn_focal)
    )
    assert [o["contact"] for o in owner_view.json()["offers"]] == ["Cyber unit desk 7"]


# -- writing -----------------------------------------------------------------------------------


def writes(pk: int, attachment_pk: int) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, url, data) of every write that names an item or attachment by id."""
    pdf = SimpleUploadedFile("x.pdf", tiny_pdf(["x"]))
    return [
        ("get", reverse("library:edit", args=[pk]), {}),
        ("post", reverse("library:edit", args=[pk]), {"title": "Mine now"}),
        ("post", reverse("library:attachment_add", args=[pk]), {"file": pdf}),
        ("post", reverse("library:close", args=[pk]), {}),
        ("post", reverse("library:attachment_remove", args=[attachment_pk]), {}),
    ]


def api_writes(pk: int) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("patch", f"{API}/items/{pk}", {"title": "Mine now", "lock_version": 1}),
        ("post", f"{API}/items/{pk}/attachments", {}),
    ]


def call(client: Client, method: str, url: str, data: dict[str, Any], headers: Any) -> Any:
    if method == "patch":
        return client.patch(url, data, content_type="application/json", headers=headers)
    if method == "post" and url.endswith("/attachments") and url.startswith(API):
        pdf = SimpleUploadedFile("x.pdf", tiny_pdf(["x"]))
        return client.post(url, {"file": pdf}, headers=headers)
    return getattr(client, method)(url, data, headers=headers)


@pytest.mark.parametrize("who", ["outsider", "jpn_focal_on_another_groups_item"])
def test_writing_to_a_hidden_item_is_a_404_like_a_missing_one(
    who: str,
    outsider: User,
    jpn_focal: User,
    idn_focal: User,
    idn: Any,
    hidden: dict[str, Any],
    api_headers: Any,
) -> None:
    if who == "outsider":
        user, item, attachment = outsider, hidden["item"], hidden["attachment"]
    else:  # a publisher, shut out of an item of Indonesia's own organisation
        user = jpn_focal
        item = services.create_item(
            actor=idn_focal,
            data={"kind": "legislation", "title": SECRET + " (internal)"},
        )
        attachment = services.add_attachment(
            actor=idn_focal, item=item, uploaded_file=SimpleUploadedFile("a.pdf", tiny_pdf(["a"]))
        )
    client, headers = client_of(user), api_headers(user)
    before = (KnowledgeItem.objects.get(pk=item.pk).lock_version, Attachment.objects.count())
    missing = missing_id(KnowledgeItem)
    for (method, url, data), (_m, missing_url, _d) in zip(
        writes(item.pk, attachment.pk) + api_writes(item.pk),
        writes(missing, missing_id(Attachment)) + api_writes(missing),
        strict=True,
    ):
        same_answer(
            call(client, method, url, data, headers),
            call(client, method, missing_url, data, headers),
        )
    after = (KnowledgeItem.objects.get(pk=item.pk).lock_version, Attachment.objects.count())
    assert after == before


@pytest.mark.parametrize("who", ["jpn_focal", "outsider"])
def test_writing_to_a_visible_item_one_does_not_own_is_a_403(
    who: str,
    all_users: dict[str, Any],
    idn_focal: User,
    visible_not_owned: KnowledgeItem,
    api_headers: Any,
) -> None:
    user = all_users[who]
    attachment = services.add_attachment(
        actor=idn_focal,
        item=visible_not_owned,
        uploaded_file=SimpleUploadedFile("a.pdf", tiny_pdf(["a"])),
    )
    client, headers = client_of(user), api_headers(user)
    version = KnowledgeItem.objects.get(pk=visible_not_owned.pk).lock_version
    for method, url, data in writes(visible_not_owned.pk, attachment.pk)[:3] + api_writes(
        visible_not_owned.pk
    ):
        if url.startswith(API):
            data = {**data, "lock_version": version} if method == "patch" else data
        response = call(client, method, url, data, headers)
        assert response.status_code == 403, (method, url, response.status_code)
    response = client.post(reverse("library:attachment_remove", args=[attachment.pk]))
    assert response.status_code == 403
    assert KnowledgeItem.objects.get(pk=visible_not_owned.pk).lock_version == version
    assert Attachment.objects.filter(pk=attachment.pk).exists()


# -- confidential groups stay unnamed -----------------------------------------------------------


def test_an_items_history_does_not_name_a_confidential_group_to_non_members(
    idn_focal: User, jpn_focal: User, idn: Any, asean_japan: SharingGroup, api_headers: Any
) -> None:
    """Japan sees the item through ASEAN + Japan. When Indonesia also shares it with a
    confidential group Japan is not in, Japan's history shows the change as restricted."""
    secret_group = sharing_group("idn-internal-ct", [idn], name="Densus liaison cell")
    secret_group.confidential = True
    secret_group.save()
    item = services.create_item(
        actor=idn_focal,
        data={
            "kind": "good_practice",
            "title": "Shared with two groups",
            "audience": Audience.SHARING_GROUP,
            "tlp": TLP.AMBER,
            "sharing_groups": [asean_japan],
        },
    )
    services.update_item(
        item,
        actor=idn_focal,
        changes={"sharing_groups": [asean_japan, secret_group]},
        expected_version=item.lock_version,
    )
    page = client_of(jpn_focal).get(reverse("library:history", args=[item.pk]))
    api = client_of(jpn_focal).get(
        f"{API}/items/{item.pk}/versions", headers=api_headers(jpn_focal)
    )
    for body in (page.content, api.content):
        assert b"ASEAN + Japan" in body
        assert b"Densus liaison cell" not in body
        assert b"idn-internal-ct" not in body
    owner = client_of(idn_focal).get(reverse("library:history", args=[item.pk]))
    assert b"Densus liaison cell" in owner.content


def test_the_publish_form_does_not_offer_a_confidential_group_to_non_members(
    idn_focal: User, jpn_focal: User, idn: Any, asean_japan: SharingGroup
) -> None:
    secret_group = sharing_group("idn-internal-ct", [idn], name="Densus liaison cell")
    secret_group.confidential = True
    secret_group.save()
    japan_form = client_of(jpn_focal).get(reverse("library:create"))
    assert b"ASEAN + Japan" in japan_form.content
    assert b"Densus liaison cell" not in japan_form.content
    indonesia_form = client_of(idn_focal).get(reverse("library:create"))
    assert b"Densus liaison cell" in indonesia_form.content
