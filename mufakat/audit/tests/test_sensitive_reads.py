"""Whoever opens or downloads an AMBER+STRICT or RED record leaves an audit event; wider labels
leave none, and a refused reader leaves nothing but the 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mufakat.accounts.models import User
from mufakat.audit.models import AuditEvent
from mufakat.audit.reads import DOWNLOAD, READ, effective_tlp
from mufakat.conftest import bearer, client_for
from mufakat.core.audience import TLP, Audience
from mufakat.library import services
from mufakat.library.demo import tiny_pdf
from mufakat.library.models import Attachment, KnowledgeItem
from mufakat.testing.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def reads_of(obj: Any, action: str = READ) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
        )
    )


def publish(author: User, *, tlp: str, audience: str) -> KnowledgeItem:
    return services.create_item(
        actor=author,
        data={
            "kind": KnowledgeItem.Kind.INFORMATION_NOTE,
            "title": f"Note {tlp}",
            "body": "Informant network.",
            "audience": audience,
            "tlp": tlp,
        },
    )


@pytest.fixture
def strict_note(idn_focal: User) -> KnowledgeItem:
    return publish(idn_focal, tlp=TLP.AMBER_STRICT, audience=Audience.ORGANISATION)


@pytest.fixture
def strict_attachment(idn_focal: User, strict_note: KnowledgeItem) -> Attachment:
    return services.add_attachment(
        actor=idn_focal,
        item=strict_note,
        uploaded_file=SimpleUploadedFile("network.pdf", tiny_pdf(["Network"])),
    )


def test_opening_an_amber_strict_note_on_its_page_and_in_the_api_is_recorded(
    idn_focal: User, strict_note: KnowledgeItem
) -> None:
    assert client_for(idn_focal).get(f"/library/{strict_note.pk}/").status_code == 200
    response = client_for(idn_focal).get(
        f"/api/v1/library/items/{strict_note.pk}", headers=bearer(idn_focal)
    )
    assert response.status_code == 200
    events = reads_of(strict_note)
    assert [e.actor_username for e in events] == ["idn.focal", "idn.focal"]
    assert events[0].after == {"tlp": TLP.AMBER_STRICT}


def test_downloading_an_attachment_inherits_its_notes_label_and_is_recorded(
    idn_focal: User, strict_attachment: Attachment
) -> None:
    assert effective_tlp(strict_attachment) == TLP.AMBER_STRICT
    response = client_for(idn_focal).get(f"/library/attachments/{strict_attachment.pk}/")
    assert response.status_code == 200
    assert len(reads_of(strict_attachment, DOWNLOAD)) == 1


def test_a_refused_reader_leaves_no_read_event(
    outsider: User, strict_note: KnowledgeItem, strict_attachment: Attachment
) -> None:
    assert client_for(outsider).get(f"/library/{strict_note.pk}/").status_code == 404
    assert (
        client_for(outsider).get(f"/library/attachments/{strict_attachment.pk}/").status_code == 404
    )
    assert AuditEvent.objects.filter(action__in=[READ, DOWNLOAD]).count() == 0


def test_reading_a_green_note_is_not_recorded(idn_focal: User) -> None:
    note = publish(idn_focal, tlp=TLP.GREEN, audience=Audience.PLATFORM)
    assert client_for(idn_focal).get(f"/library/{note.pk}/").status_code == 200
    assert reads_of(note) == []


def test_opening_a_red_meeting_on_its_page_and_in_the_api_is_recorded(
    idn_focal: User, idn: Any
) -> None:
    meeting = MeetingFactory(audience=Audience.NAMED, tlp=TLP.RED, owner_party=idn)
    meeting.named_users.add(idn_focal)
    assert client_for(idn_focal).get(f"/meetings/{meeting.pk}/").status_code == 200
    response = client_for(idn_focal).get(
        f"/api/v1/meetings/{meeting.pk}", headers=bearer(idn_focal)
    )
    assert response.status_code == 200
    assert len(reads_of(meeting)) == 2
