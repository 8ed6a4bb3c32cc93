"""The instrument dashboard and its API compile their reads once per reader, and draw a chart
once for the same figures: an access change, a new report or another language still shows at
the very next request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.monitoring import charts, rollups
from mufakat.monitoring.models import ProgressReport
from mufakat.monitoring.tests.dashboards_data import History, at, make_history
from mufakat.registry.models import Party

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]
Headers = Callable[[User], dict[str, str]]


@pytest.fixture
def history(idn: Party, jpn: Party, asean_japan: SharingGroup) -> History:
    return make_history(idn, jpn, asean_japan)


def _page(client: Client, history: History, **params: Any) -> str:
    url = reverse("monitoring:instrument_dashboard", args=[history.instrument.key])
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _rollup(client: Client, history: History, headers: dict[str, str]) -> Any:
    return client.get(f"/api/v1/instruments/{history.instrument.pk}/rollup", headers=headers)


def test_an_outsider_who_joins_the_rounds_group_sees_its_figures_at_the_next_request(
    history: History,
    outsider: User,
    asean_japan: SharingGroup,
    as_user: ClientFor,
    api_headers: Headers,
) -> None:
    client, headers = as_user(outsider), api_headers(outsider)
    assert "No reporting round yet" in _page(client, history)
    assert _rollup(client, history, headers).json()["round"] is None
    asean_japan.users.add(outsider)
    assert "Round for the 24th SOMTC" in _page(client, history)
    assert _rollup(client, history, headers).json()["round"]["id"] == history.r2.pk
    asean_japan.users.remove(outsider)
    assert "Round for the 24th SOMTC" not in _page(client, history)
    assert _rollup(client, history, headers).json()["round"] is None


def test_an_instrument_hidden_since_the_last_request_is_a_404_over_the_api(
    history: History, outsider: User, client: Client, api_headers: Headers
) -> None:
    headers = api_headers(outsider)
    assert _rollup(client, history, headers).status_code == 200
    history.instrument.audience = Audience.SHARING_GROUP
    history.instrument.tlp = TLP.AMBER
    history.instrument.save()
    assert _rollup(client, history, headers).status_code == 404


def _cyber_counts(reader: User, history: History) -> dict[str, int]:
    rollup = rollups.instrument_rollup(user=reader, instrument=history.instrument)
    return next(a for a in rollup["areas"] if a["id"] == history.cyber.pk)["counts"]


def test_a_report_accepted_since_the_last_request_shows_in_the_figures_and_charts(
    history: History, idn: Party, secretariat: User, as_user: ClientFor
) -> None:
    client = as_user(secretariat)
    before = _page(client, history)
    assert _cyber_counts(secretariat, history)["completed"] == 0  # Indonesia's draft
    draft = ProgressReport.objects.get(round=history.r2, activity=history.a3, party=idn)
    draft.state = ProgressReport.State.ACCEPTED
    draft.submitted_at = at(history.r2.due_date)
    draft.save()
    after = _page(client, history)
    assert after != before
    assert _cyber_counts(secretariat, history)["completed"] == 1
    rollup = rollups.instrument_rollup(user=secretariat, instrument=history.instrument)
    assert charts.area_status_chart(rollup, chart_id="chart-areas") in after


def test_the_same_figures_are_drawn_once_and_other_figures_anew() -> None:
    segments = charts.status_segments()
    rows = [("Counter-terrorism", {"completed": 2, "on_track": 1})]
    first = charts.stacked_bars(rows, segments=segments, title="T", desc="D", chart_id="c")
    again = charts.stacked_bars(
        [("Counter-terrorism", {"completed": 2, "on_track": 1})],
        segments=segments,
        title="T",
        desc="D",
        chart_id="c",
    )
    assert again is first
    changed = charts.stacked_bars(
        [("Counter-terrorism", {"completed": 3, "on_track": 1})],
        segments=segments,
        title="T",
        desc="D",
        chart_id="c",
    )
    assert changed != first
    assert 'fill="#4a5566">4</text>' in changed  # the new total
    assert 'fill="#4a5566">3</text>' in first


def test_a_chart_is_drawn_in_the_readers_language() -> None:
    def drawn() -> str:
        return charts.percent_bars([("IDN", None)], title="T", desc="D", chart_id="p")

    with translation.override("en"):
        english = drawn()
    with translation.override("id"):
        indonesian = drawn()
    assert "no data" in english
    assert indonesian != english or translation.gettext("no data") == "no data"


def test_the_area_rows_written_at_once_escape_their_titles(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    history.cyber.title = "Cyber <b>&</b> crime"
    history.cyber.save()
    page = _page(as_user(secretariat), history)
    assert '<tr><th scope="row">2. Cyber &lt;b&gt;&amp;&lt;/b&gt; crime</th><td>' in page
    assert "<b>&</b>" not in page
