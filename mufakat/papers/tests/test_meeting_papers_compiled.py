"""The meeting page's papers panel reads the documents produced for its reader in a statement
compiled once per reader: a document produced since, or one its reader may no longer read, shows
(or is gone) at the next request, and no reader ever sees another's."""

from __future__ import annotations

from typing import Any

import pytest

from mufakat.core.audience import Audience
from mufakat.papers import delivery
from mufakat.papers.tests.conftest import PapersWorld

pytestmark = pytest.mark.django_db


def listed(client: Any, meeting_pk: int, document: Any) -> bool:
    response = client.get(f"/meetings/{meeting_pk}/")
    assert response.status_code == 200
    return f'href="/papers/{document.pk}/"' in response.content.decode()


def test_a_document_produced_since_the_last_view_is_listed_at_the_next_request(
    papers_world: PapersWorld, jpn_focal: Any, as_user: Any
) -> None:
    first = delivery.produce(user=jpn_focal, kind="brief", format="pdf", meeting=papers_world.m25)
    reader = as_user(jpn_focal)
    assert listed(reader, papers_world.m25.pk, first)
    second = delivery.produce(user=jpn_focal, kind="brief", format="docx", meeting=papers_world.m25)
    assert listed(reader, papers_world.m25.pk, first)
    assert listed(reader, papers_world.m25.pk, second)


def test_the_documents_of_one_reader_are_never_listed_for_another(
    papers_world: PapersWorld, jpn_focal: Any, idn_focal: Any, secretariat: Any, as_user: Any
) -> None:
    document = delivery.produce(
        user=jpn_focal, kind="brief", format="pdf", meeting=papers_world.m25
    )
    assert listed(as_user(jpn_focal), papers_world.m25.pk, document)
    for other in (idn_focal, secretariat):
        assert not listed(as_user(other), papers_world.m25.pk, document)


def test_a_document_its_reader_may_no_longer_read_is_gone_at_the_next_request(
    papers_world: PapersWorld, jpn_focal: Any, as_user: Any
) -> None:
    document = delivery.produce(
        user=jpn_focal, kind="brief", format="pdf", meeting=papers_world.m25
    )
    reader = as_user(jpn_focal)
    assert listed(reader, papers_world.m25.pk, document)
    document.named_users.clear()
    assert not listed(reader, papers_world.m25.pk, document)
    document.audience = Audience.PUBLIC
    document.save()
    assert listed(reader, papers_world.m25.pk, document)


def test_the_documents_produced_for_a_meeting_are_only_those_of_that_meeting(
    papers_world: PapersWorld, jpn_focal: Any
) -> None:
    document = delivery.produce(
        user=jpn_focal, kind="brief", format="pdf", meeting=papers_world.m25
    )
    assert delivery.produced_for_meeting(jpn_focal, papers_world.m25.pk) == [document]
    assert delivery.produced_for_meeting(jpn_focal, papers_world.m25.pk + 10_000) == []
    assert delivery.produced_for_meeting(None, papers_world.m25.pk) == []


def test_the_read_is_the_one_the_ungated_helper_gives_newest_first_and_at_most_ten(
    papers_world: PapersWorld, jpn_focal: Any
) -> None:
    for _ in range(3):
        delivery.produce(user=jpn_focal, kind="brief", format="pdf", meeting=papers_world.m25)
    expected = list(delivery.produced_for(jpn_focal, meeting=papers_world.m25)[:10])
    assert delivery.produced_for_meeting(jpn_focal, papers_world.m25.pk) == expected
    assert delivery.produced_for_meeting(jpn_focal, papers_world.m25.pk, limit=2) == expected[:2]
