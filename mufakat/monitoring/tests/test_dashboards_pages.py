"""Dashboard pages, the meeting's snapshot page and the freeze form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.monitoring import snapshots, views_dashboards
from mufakat.monitoring.models import ReportingRound, Snapshot
from mufakat.monitoring.tests.dashboards_data import History, grow, make_history, make_round, report
from mufakat.registry.models import Party
from mufakat.testing.factories import (
    ActivityFactory,
    InstrumentFactory,
    MeetingFactory,
    PriorityAreaFactory,
    member_state,
)
from mufakat.workplans.models import PriorityArea

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]


@pytest.fixture
def history(idn: Party, jpn: Party, asean_japan: SharingGroup) -> History:
    return make_history(idn, jpn, asean_japan)


def _dashboard(history: History) -> str:
    return reverse("monitoring:instrument_dashboard", args=[history.instrument.key])


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_instrument_dashboard_shows_charts_and_tables_for_the_secretariat(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    response = as_user(secretariat).get(_dashboard(history))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('role="img"') == 4
    assert "Round for the 24th SOMTC" in page
    assert "76.7 %" in page  # completion of Counter-terrorism
    assert "TLP:AMBER" in page  # the round's access label
    assert reverse("monitoring:round_freeze", args=[history.r2.pk]) in page
    assert 'style="' not in page


def test_a_focal_point_sees_no_freeze_button(
    history: History, idn_focal: User, as_user: ClientFor
) -> None:
    page = as_user(idn_focal).get(_dashboard(history)).content.decode()
    assert reverse("monitoring:round_freeze", args=[history.r2.pk]) not in page


def test_the_round_selector_shows_an_older_round(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    page = as_user(secretariat).get(_dashboard(history), {"round": history.r1.pk}).content.decode()
    assert f'<option value="{history.r1.pk}" selected>' in page
    assert "43.8 %" in page


def test_the_party_and_trend_rows_link_their_records_and_mark_the_round_shown(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    page = as_user(secretariat).get(_dashboard(history), {"round": history.r1.pk}).content.decode()
    party = reverse("monitoring:party_dashboard", args=["IDN"])
    assert f'<a href="{party}" title="Indonesia">IDN</a>' in page
    assert f'<tr aria-current="true"><th scope="row"><a href="?round={history.r1.pk}">' in page
    assert f'<tr><th scope="row"><a href="?round={history.r2.pk}">' in page
    assert f'<option value="{history.r1.pk}" selected>' in page
    assert f'<option value="{history.r2.pk}">' in page


def test_a_round_title_is_escaped_in_the_selector_and_the_trend(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    history.r1.title = "Round <b>&</b>"
    history.r1.save()
    page = as_user(secretariat).get(_dashboard(history)).content.decode()
    assert "Round &lt;b&gt;&amp;&lt;/b&gt; (due " in page
    assert '">Round &lt;b&gt;&amp;&lt;/b&gt;</a></th>' in page
    assert "<b>&</b>" not in page


def test_an_outsider_sees_no_figures_of_the_sharing_group_round(
    history: History, outsider: User, as_user: ClientFor
) -> None:
    response = as_user(outsider).get(_dashboard(history))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Round for the 24th SOMTC" not in page
    assert "No reporting round yet" in page
    hidden = as_user(outsider).get(_dashboard(history), {"round": history.r2.pk})
    assert hidden.status_code == 404


def test_an_anonymous_visitor_is_asked_to_log_in_unless_the_round_is_public(
    history: History, idn: Party, jpn: Party, client: Client
) -> None:
    response = client.get(_dashboard(history))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    public = make_round(
        title="Public summary round",
        instrument=history.instrument,
        parties=[idn, jpn],
        due=history.r2.due_date,
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    report(public, history.a1, idn, "accepted", "completed", 100)
    page = client.get(_dashboard(history))
    assert page.status_code == 200
    assert "Public summary round" in page.content.decode()
    assert "Round for the 24th SOMTC" not in page.content.decode()


def test_a_hidden_instrument_is_a_404_like_a_missing_one(
    history: History, outsider: User, as_user: ClientFor
) -> None:
    history.instrument.audience = Audience.SHARING_GROUP
    history.instrument.tlp = TLP.AMBER
    history.instrument.save()
    assert as_user(outsider).get(_dashboard(history)).status_code == 404
    missing = reverse("monitoring:instrument_dashboard", args=["no-such-plan"])
    assert as_user(outsider).get(missing).status_code == 404


def test_the_instrument_dashboard_costs_the_same_queries_as_the_data_grows(
    history: History, idn: Party, jpn: Party, secretariat: User, as_user: ClientFor
) -> None:
    client = as_user(secretariat)
    before = _queries(client, _dashboard(history))
    grow(history, [idn, jpn, member_state("THA", "Thailand")], activities=12)
    after = _queries(client, _dashboard(history))
    assert after == before
    assert after <= 20


def test_the_party_dashboard_lists_commitments_with_latest_status(
    history: History, idn: Party, secretariat: User, as_user: ClientFor
) -> None:
    url = reverse("monitoring:party_dashboard", args=["IDN"])
    response = as_user(secretariat).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Deradicalisation workshop" in page and "Cyber forensics course" in page
    assert 'role="img"' in page
    assert (
        as_user(secretariat).get(reverse("monitoring:party_dashboard", args=["XXX"])).status_code
        == 404
    )


def test_the_party_dashboard_costs_the_same_queries_as_the_data_grows(
    history: History, idn: Party, jpn: Party, secretariat: User, as_user: ClientFor
) -> None:
    client = as_user(secretariat)
    url = reverse("monitoring:party_dashboard", args=["IDN"])
    before = _queries(client, url)
    grow(history, [idn, jpn], activities=12)
    assert _queries(client, url) == before


def test_an_outsider_sees_no_figures_on_the_party_dashboard(
    history: History, outsider: User, as_user: ClientFor
) -> None:
    page = as_user(outsider).get(reverse("monitoring:party_dashboard", args=["IDN"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "No reporting round that you may see expects reports from this party." in text
    assert "Round for the 24th SOMTC" not in text


def test_the_meeting_page_shows_the_frozen_snapshot_and_what_changed(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    snapshots.freeze_round(actor=secretariat, round=history.r1)
    snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    url = reverse("monitoring:meeting_snapshot", args=[history.m24.pk])
    page = as_user(secretariat).get(url).content.decode()
    assert "What changed since “Round for the 23rd SOMTC”" in page
    assert "Border security training" in page  # A2 changed status
    assert "+32.9" in page


def test_an_outsider_does_not_see_the_snapshot_of_a_sharing_group_round(
    history: History, secretariat: User, outsider: User, as_user: ClientFor, client: Client
) -> None:
    snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    url = reverse("monitoring:meeting_snapshot", args=[history.m24.pk])
    page = as_user(outsider).get(url)
    assert page.status_code == 200
    assert "No snapshot yet" in page.content.decode()
    assert client.get(url).status_code == 302  # anonymous: log in first


def test_the_secretariat_freezes_a_round_through_the_form(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    url = reverse("monitoring:round_freeze", args=[history.r2.pk])
    client = as_user(secretariat)
    assert client.get(url).status_code == 200
    response = client.post(url, {"acknowledge": "on"})  # IDN and JPN have drafts
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:meeting_snapshot", args=[history.m24.pk])
    history.r2.refresh_from_db()
    assert history.r2.status == ReportingRound.Status.FROZEN
    again = client.post(url, {"acknowledge": "on"})
    assert again.status_code == 200
    assert "already frozen" in again.content.decode()
    assert Snapshot.objects.count() == 1


def test_a_focal_point_may_not_freeze(
    history: History, idn_focal: User, outsider: User, as_user: ClientFor
) -> None:
    url = reverse("monitoring:round_freeze", args=[history.r2.pk])
    assert as_user(idn_focal).post(url).status_code == 403
    assert as_user(outsider).post(url).status_code == 403
    assert not Snapshot.objects.exists()


def test_a_snapshot_of_many_instruments_is_summarised_with_details_on_request(
    history: History, idn: Party, secretariat: User, as_user: ClientFor
) -> None:
    for n in range(6):
        other = InstrumentFactory(key=f"extra-{n}", title=f"Extra work plan {n}")
        area = PriorityAreaFactory(instrument=other, position=1, title=f"Extra area {n}")
        activity = ActivityFactory(priority_area=area, code=f"E{n}")
        activity.lead_parties.set([idn])
        history.r2.instruments.add(other)
        report(history.r2, activity, idn, "accepted", "on_track", 50)
    snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    url = reverse("monitoring:meeting_snapshot", args=[history.m24.pk])
    page = as_user(secretariat).get(url).content.decode()
    assert "Extra work plan 5" in page and "Extra area 5" not in page
    assert "Choose an instrument for its priority areas and the status changes" in page
    detail = as_user(secretariat).get(url, {"instrument": "extra-5"}).content.decode()
    assert "Extra area 5" in detail and "Extra area 4" not in detail


def test_the_meeting_page_costs_the_same_queries_as_the_round_grows(
    history: History, idn: Party, jpn: Party, secretariat: User, as_user: ClientFor
) -> None:
    client = as_user(secretariat)
    snapshots.freeze_round(actor=secretariat, round=history.r1)
    snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)

    def count(meeting_pk: int, **params: str) -> list[int]:
        cache.clear()  # as the first reader (the second reads the kept summary)
        url = reverse("monitoring:meeting_snapshot", args=[meeting_pk])
        if params:
            url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
        return [_queries(client, url), _queries(client, url)]

    before = count(history.m24.pk), count(history.m24.pk, instrument="aj-wp")
    # A third round, with twelve more activities and a third party, presented at its meeting.
    grow(history, [idn, jpn, member_state("THA", "Thailand")], activities=12)
    extra = ReportingRound.objects.get(title="Round for the 25th SOMTC")
    extra.meeting = MeetingFactory.create(body=history.m24.body, title="25th SOMTC")
    extra.save()
    snapshots.freeze_round(actor=secretariat, round=extra, acknowledge_early=True)
    after = count(extra.meeting.pk), count(extra.meeting.pk, instrument="aj-wp")
    assert after == before
    page = client.get(reverse("monitoring:meeting_snapshot", args=[extra.meeting.pk]))
    assert "Extra activity 11" in page.content.decode()


def test_a_party_in_many_instruments_lists_its_activities_an_instrument_at_a_time(
    history: History, idn: Party, secretariat: User, as_user: ClientFor
) -> None:
    for n in range(views_dashboards.COMMITMENT_INSTRUMENTS):
        other = InstrumentFactory(key=f"extra-{n}", title=f"Extra work plan {n}")
        area = PriorityAreaFactory(instrument=other, position=1, title=f"Extra area {n}")
        activity = ActivityFactory(priority_area=area, code=f"E{n}", title=f"Extra activity {n}")
        activity.lead_parties.set([idn])
        history.r2.instruments.add(other)
        report(history.r2, activity, idn, "accepted", "on_track", 50)
    client = as_user(secretariat)
    url = reverse("monitoring:party_dashboard", args=["IDN"])
    page = client.get(url).content.decode()
    assert "Extra work plan 9" in page and "Extra activity 9" not in page
    assert "choose one in the table above" in page
    assert 'href="?instrument=extra-9#commitments-h"' in page
    chosen = client.get(url, {"instrument": "extra-9"}).content.decode()
    assert "Extra activity 9" in chosen and "Extra activity 8" not in chosen
    # A key the party's table does not list is no choice at all.
    assert "Extra activity" not in client.get(url, {"instrument": "nope"}).content.decode()
    before = _queries(client, f"{url}?instrument=extra-9")
    for n in range(12):
        more = ActivityFactory(
            priority_area=PriorityArea.objects.get(title="Extra area 9"), code=f"M{n}"
        )
        more.participating_parties.set([idn])
    assert _queries(client, f"{url}?instrument=extra-9") == before


def test_each_activity_row_links_its_instrument_and_activity_with_its_latest_report(
    history: History, idn: Party, secretariat: User, as_user: ClientFor
) -> None:
    from mufakat.monitoring.templatetags.dashboards_tags import status_chip

    page = as_user(secretariat).get(reverse("monitoring:party_dashboard", args=["IDN"]))
    html = page.content.decode()
    instrument = reverse("workplans:instrument", args=["aj-wp"])
    a3 = reverse("workplans:activity", args=[history.a3.pk])
    # A3's report in the second round is a draft: the row shows the first round's report.
    row = (
        f'<td><a href="{instrument}">ASEAN–Japan Work Plan 2023–2027</a></td>\n'
        f'        <th scope="row"><a href="{a3}"><span class="muted">A3</span> '
        "Cyber forensics course</a></th>\n"
        f"        <td>Lead</td>\n        <td>{status_chip('on_track')}</td>\n"
        "        <td>40 %</td>\n        <td>Round for the 23rd SOMTC</td>"
    )
    assert row in html


def test_an_activity_row_escapes_its_title_and_says_when_there_is_no_report(
    history: History, idn: Party, secretariat: User, as_user: ClientFor
) -> None:
    ActivityFactory(
        priority_area=history.ct, code="A9", title="Ports <b>&</b> borders"
    ).lead_parties.set([idn])
    html = as_user(secretariat).get(reverse("monitoring:party_dashboard", args=["IDN"]))
    page = html.content.decode()
    assert "Ports &lt;b&gt;&amp;&lt;/b&gt; borders</a></th>" in page
    assert "<b>&</b>" not in page
    row = page[page.index("Ports &lt;b&gt;") :].split("</tr>")[0]
    assert row.count("<td>—</td>") == 3  # no status, no percent, no round


def test_an_activity_row_prints_its_percent_as_the_language_writes_numbers(
    history: History,
) -> None:
    from types import SimpleNamespace

    from django.utils import translation

    latest = SimpleNamespace(status="on_track", percent=12.5, round=history.r1)
    row = SimpleNamespace(
        pk=history.a1.pk,
        code="A1",
        title="Deradicalisation workshop",
        is_lead=True,
        latest=latest,
        priority_area=SimpleNamespace(instrument=history.instrument),
    )
    with translation.override("en"):
        assert "<td>12.5 %</td>" in views_dashboards._commitment_rows([row])
    with translation.override("id"):
        assert "<td>12,5 %</td>" in views_dashboards._commitment_rows([row])
