"""An instrument's history names only what the reader may know: a confidential sharing group
or a hidden meeting stored in an old version is shown as restricted, never by its name."""

from typing import Any

import pytest
from django.urls import reverse

from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.meetings.models import Meeting
from mufakat.registry.models import Party
from mufakat.testing.factories import sharing_group
from mufakat.workplans import selectors, services
from mufakat.workplans.models import Instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_group(jpn: Party) -> SharingGroup:
    group = sharing_group("jpn-npa-liaison", [jpn], name="Japan police liaison cell")
    SharingGroup.objects.filter(pk=group.pk).update(confidential=True)
    return group


def _history_text(user: Any, instrument: Instrument) -> str:
    entries = selectors.version_history(user=user, instrument=instrument)
    return " ".join(f"{c.before} {c.after}" for e in entries for c in e.changes)


def test_the_history_does_not_name_a_confidential_group_to_a_non_member(
    secretariat: Any,
    idn_focal: Any,
    jpn_focal: Any,
    asean_japan: SharingGroup,
    secret_group: SharingGroup,
    cyber_annex: Instrument,
    as_user: Any,
) -> None:
    services.update_instrument(
        actor=secretariat, instrument=cyber_annex, changes={}, expected_version=None
    )
    services.update_instrument(
        actor=secretariat,
        instrument=cyber_annex,
        changes={"sharing_groups": [asean_japan, secret_group]},
        expected_version=None,
    )
    # Indonesia sees the annex (ASEAN + Japan) but is not in Japan's confidential group.
    shown = _history_text(idn_focal, cyber_annex)
    assert "ASEAN + Japan" in shown
    assert "Japan police liaison cell" not in shown
    assert "(restricted)" in shown
    page = as_user(idn_focal).get(reverse("workplans:versions", args=[cyber_annex.key]))
    assert page.status_code == 200
    assert "Japan police liaison cell" not in page.content.decode()
    # Its members, and the Secretariat, may know the group.
    assert "Japan police liaison cell" in _history_text(jpn_focal, cyber_annex)
    assert "Japan police liaison cell" in _history_text(secretariat, cyber_annex)


def test_the_history_shows_a_meeting_hidden_since_as_restricted(
    secretariat: Any,
    outsider: Any,
    asec: Party,
    bali_work_plan: Instrument,
    ammtc_17: Meeting,
) -> None:
    services.update_instrument(
        actor=secretariat, instrument=bali_work_plan, changes={}, expected_version=None
    )
    services.update_instrument(
        actor=secretariat,
        instrument=bali_work_plan,
        changes={"adopted_at": ammtc_17},
        expected_version=None,
    )
    assert ammtc_17.title in _history_text(outsider, bali_work_plan)
    Meeting.objects.filter(pk=ammtc_17.pk).update(
        audience=Audience.ORGANISATION, tlp=TLP.AMBER_STRICT, owner_party=asec
    )
    shown = _history_text(outsider, bali_work_plan)
    assert ammtc_17.title not in shown
    assert "(restricted)" in shown
