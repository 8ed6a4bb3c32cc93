"""A snapshot whose round names no previous round is compared with the latest earlier snapshot
sharing an instrument. When every instrument of that snapshot is one the brief has just read
all the visible rounds of, the brief finds that earlier snapshot among the snapshots it has just
read through the gate, instead of asking again: the same comparison for every reader, a query
fewer, and an access change still shows at the next request."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mufakat.core.audience import TLP, Audience
from mufakat.monitoring.snapshots import freeze_round
from mufakat.papers import brief
from mufakat.papers.brief import build_brief
from mufakat.papers.tests.conftest import ACCEPTED, PapersWorld, days, make_round, report
from mufakat.registry.models import Party
from mufakat.workplans.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier_border(papers_world: PapersWorld, secretariat: Any) -> Any:
    """An earlier round of the border work plan, frozen, that the border round does not name
    as its previous one."""
    border = papers_world.border
    idn = Party.objects.get(code="IDN")
    round_ = make_round(
        title="Earlier border round for the 23rd SOMTC",
        instruments=[border],
        parties=[idn],
        due=days(-500),
        meeting=papers_world.m23,
        audience=Audience.MEMBER_STATES,
        tlp=TLP.GREEN,
    )
    activity = Activity.objects.get(priority_area__instrument=border, code="B1")
    report(round_, activity, idn, ACCEPTED, "delayed", 20)
    freeze_round(actor=secretariat, round=round_, acknowledge_early=True)
    return round_


def _asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the brief ask for earlier snapshots, as it did before it looked among those read."""
    ask = brief._earlier_snapshots
    monkeypatch.setattr(brief, "_earlier_snapshots", lambda user, rest, read=None: ask(user, rest))


def test_every_reader_gets_the_same_brief_as_when_earlier_snapshots_were_asked_for(
    papers_world: PapersWorld,
    earlier_border: Any,
    all_users: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache.clear()
    found = {
        name: build_brief(papers_world.m25, user=user).text() for name, user in all_users.items()
    }
    _asked(monkeypatch)
    for name, user in all_users.items():
        assert build_brief(papers_world.m25, user=user).text() == found[name], name


def test_a_member_states_reader_sees_the_border_work_plan_compared_with_its_earlier_round(
    papers_world: PapersWorld, earlier_border: Any, idn_focal: Any, jpn_focal: Any
) -> None:
    cache.clear()
    text = build_brief(papers_world.m25, user=idn_focal).text()
    assert "Earlier border round for the 23rd SOMTC" in text
    assert "Earlier border round" not in build_brief(papers_world.m25, user=jpn_focal).text()


def test_the_earlier_snapshot_is_found_without_asking_again(
    papers_world: PapersWorld,
    earlier_border: Any,
    idn_focal: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache.clear()
    build_brief(papers_world.m25, user=idn_focal)
    with CaptureQueriesContext(connection) as found:
        build_brief(papers_world.m25, user=idn_focal)
    _asked(monkeypatch)
    build_brief(papers_world.m25, user=idn_focal)
    with CaptureQueriesContext(connection) as asked:
        build_brief(papers_world.m25, user=idn_focal)
    assert len(found) == len(asked) - 2  # the earlier snapshots and their heads


def test_an_earlier_round_hidden_since_is_no_longer_compared_with_at_the_next_request(
    papers_world: PapersWorld, earlier_border: Any, idn_focal: Any
) -> None:
    cache.clear()
    assert "Earlier border round" in build_brief(papers_world.m25, user=idn_focal).text()
    earlier_border.audience = Audience.ORGANISATION
    earlier_border.tlp = TLP.AMBER_STRICT
    earlier_border.save(update_fields=["audience", "tlp"])
    assert "Earlier border round" not in build_brief(papers_world.m25, user=idn_focal).text()
