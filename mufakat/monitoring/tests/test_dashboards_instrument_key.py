"""The instrument dashboard finds its instrument by key through the gate compiled once per
reader (by id, once the key has been read): a change of key, of access or of which instrument
holds a key still shows at the very next request, and no reader learns more than before."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.monitoring import rollups
from mufakat.monitoring.tests.dashboards_data import History, make_history
from mufakat.registry.models import Party
from mufakat.testing.factories import InstrumentFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]


@pytest.fixture
def history(idn: Party, jpn: Party, asean_japan: SharingGroup) -> History:
    return make_history(idn, jpn, asean_japan)


def _status(client: Client, key: str) -> int:
    return client.get(reverse("monitoring:instrument_dashboard", args=[key])).status_code


def test_once_its_key_is_known_the_instrument_is_read_by_id_in_one_statement(
    history: History, secretariat: User, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        first = rollups.visible_instrument(user=secretariat, key="aj-wp")
    with django_assert_num_queries(1):
        again = rollups.visible_instrument(user=secretariat, key="aj-wp")
    assert first == again == history.instrument
    assert rollups._KEY_IDS[rollups._key_hint(secretariat, "aj-wp")] == history.instrument.pk


def test_a_key_no_one_could_read_is_not_remembered(history: History, outsider: User) -> None:
    history.instrument.audience = Audience.SHARING_GROUP
    history.instrument.tlp = TLP.AMBER
    history.instrument.save()
    with pytest.raises(Http404):
        rollups.visible_instrument(user=outsider, key="aj-wp")
    with pytest.raises(Http404):
        rollups.visible_instrument(user=outsider, key="no-such-plan")
    assert rollups._KEY_IDS == {}


def test_an_instrument_another_reader_opened_stays_hidden_from_an_outsider(
    history: History,
    secretariat: User,
    outsider: User,
    as_user: ClientFor,
    django_assert_num_queries: Any,
) -> None:
    history.instrument.audience = Audience.MEMBER_STATES
    history.instrument.tlp = TLP.GREEN
    history.instrument.save()
    assert _status(as_user(secretariat), "aj-wp") == 200
    assert _status(as_user(outsider), "aj-wp") == 404
    # The Secretariat's hint is not the outsider's: the key costs them what an unknown one does.
    for key in ("aj-wp", "no-such-plan"):
        with django_assert_num_queries(1), pytest.raises(Http404):
            rollups.visible_instrument(user=outsider, key=key)


def test_an_instrument_hidden_since_the_last_request_is_a_404_at_the_next(
    history: History, outsider: User, as_user: ClientFor
) -> None:
    client = as_user(outsider)
    assert _status(client, "aj-wp") == 200
    history.instrument.audience = Audience.SHARING_GROUP
    history.instrument.tlp = TLP.AMBER
    history.instrument.save()
    assert _status(client, "aj-wp") == 404
    history.instrument.audience = Audience.PUBLIC
    history.instrument.tlp = TLP.CLEAR
    history.instrument.save()
    assert _status(client, "aj-wp") == 200


def test_a_new_key_shows_at_once_and_the_old_one_is_gone(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    client = as_user(secretariat)
    assert _status(client, "aj-wp") == 200
    history.instrument.key = "asean-japan"
    history.instrument.save()
    assert _status(client, "aj-wp") == 404
    assert _status(client, "asean-japan") == 200


def test_a_key_given_to_another_instrument_opens_that_instrument(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    client = as_user(secretariat)
    assert _status(client, "aj-wp") == 200
    history.instrument.key = "aj-wp-2023"
    history.instrument.save()
    successor = InstrumentFactory(key="aj-wp", title="ASEAN–Japan Work Plan 2028–2032")
    page = client.get(reverse("monitoring:instrument_dashboard", args=["aj-wp"]))
    assert page.status_code == 200
    assert "ASEAN–Japan Work Plan 2028–2032" in page.content.decode()
    assert rollups.visible_instrument(user=secretariat, key="aj-wp") == successor


def test_a_key_whose_instrument_is_gone_costs_one_statement_more_once(
    history: History, secretariat: User, django_assert_num_queries: Any
) -> None:
    learnt = rollups._key_hint(secretariat, "aj-wp")
    rollups._KEY_IDS[learnt] = history.instrument.pk + 1000  # learnt before a deletion
    with django_assert_num_queries(2):
        assert rollups.visible_instrument(user=secretariat, key="aj-wp") == history.instrument
    with django_assert_num_queries(1):
        assert rollups.visible_instrument(user=secretariat, key="aj-wp") == history.instrument
