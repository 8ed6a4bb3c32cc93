"""Dashboards say on how many reports each figure rests, pages carry the most restrictive
marking of what they show, and monitoring offers only the links a user can use — at the same
query cost as before."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mufakat.accounts.models import Role, User
from mufakat.core.audience import TLP, Audience, most_restrictive_tlp
from mufakat.core.models import SharingGroup
from mufakat.monitoring import permissions, snapshots
from mufakat.monitoring.templatetags.dashboards_tags import completion_over
from mufakat.monitoring.tests.dashboards_data import History, make_history
from mufakat.registry.models import Party
from mufakat.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]

#: Queries of each page for the Secretariat on the history fixture: the same as before the
#: honesty changes (measured on both), which added none; the data-growth tests of
#: test_dashboards_pages.py keep them constant as the data grows. Each includes the one read
#: of the reader's groups and membership per request (core.visibility.reader_context); one
#: fewer since the signed-in person is read with their party (accounts.backends).
INSTRUMENT_PAGE_QUERIES = 8  # 10 before: a round's figures and slots are one read of its tallies
PARTY_PAGE_QUERIES = 10  # 11 before the party's slots and figures were one query
#: The meeting page: one more than before on the first read of a snapshot (its summary is then
#: kept), none of them reading a report cell of an instrument it does not detail, and one to
#: count the instruments the reader may see (which decides whether the round is summarised).
MEETING_PAGE_QUERIES = 11


@pytest.fixture
def history(idn: Party, jpn: Party, asean_japan: SharingGroup) -> History:
    return make_history(idn, jpn, asean_japan)


@pytest.fixture
def idn_reader(idn: Party, asean_japan: SharingGroup) -> User:
    """Someone at Indonesia's ministry who reads and does nothing else."""
    return UserFactory(username="idn.reader", party=idn, role=Role.READER)


def _dashboard(history: History) -> str:
    return reverse("monitoring:instrument_dashboard", args=[history.instrument.key])


# -- "over N of M reports" -----------------------------------------------------------------------


def test_the_instrument_dashboard_says_on_how_many_reports_the_mean_rests(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    page = as_user(secretariat).get(_dashboard(history)).content.decode()
    # R2: five reports expected; the Secretariat reads three with a percentage (two drafts).
    assert "76.7 % mean completion over 3 of 5 reports" in page
    assert "3 of 5 (60 %)" in page  # reported
    assert "Over reports" in page
    assert "100% · over 1 of 2" in page  # JPN's bar: a mean over one of its two reports


def test_the_party_dashboard_says_on_how_many_reports_the_mean_rests(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    url = reverse("monitoring:party_dashboard", args=["IDN"])
    page = as_user(secretariat).get(url).content.decode()
    assert "65 % mean completion over 2 of 3 reports" in page


def test_a_mean_over_no_report_says_so() -> None:
    figures = {"completion": None, "with_percent": 0, "expected": 121}
    assert "none of the 121 expected reports" in completion_over(figures)
    assert completion_over({"completion": 75.0, "with_percent": 1, "expected": 121}) == (
        "75 % mean completion over 1 of 121 reports"
    )


def test_the_rollup_api_separates_reported_from_not_reported(
    history: History, secretariat: User, api_headers: Any, client: Client
) -> None:
    body = client.get(
        f"/api/v1/instruments/{history.instrument.pk}/rollup", headers=api_headers(secretariat)
    ).json()
    rows = [body["totals"], *body["areas"], *body["parties"], *body["trend"]]
    for figures in rows:
        assert figures["reported"] + figures["not_reported"] == figures["expected"]
    assert (body["totals"]["reported"], body["totals"]["not_reported"]) == (3, 2)
    assert body["totals"]["reporting_rate"] == 60.0
    assert body["totals"]["with_percent"] == 3
    assert body["tlp"] == "AMBER"
    party = client.get("/api/v1/parties/IDN/rollup", headers=api_headers(secretariat)).json()
    assert party["totals"]["expected"] == 3 and party["totals"]["not_reported"] == 1
    assert party["tlp"] == "AMBER"


# -- the marking of a page -----------------------------------------------------------------------


def test_most_restrictive_tlp_orders_the_labels() -> None:
    assert most_restrictive_tlp(TLP.CLEAR, TLP.AMBER, TLP.GREEN) == TLP.AMBER
    assert most_restrictive_tlp(TLP.AMBER, TLP.AMBER_STRICT) == TLP.AMBER_STRICT
    assert most_restrictive_tlp(TLP.RED, None, "") == TLP.RED
    assert most_restrictive_tlp() == TLP.CLEAR


def test_a_dashboard_showing_amber_round_figures_is_amber(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    assert history.instrument.tlp == TLP.CLEAR  # the instrument itself is public
    response = as_user(secretariat).get(_dashboard(history))
    assert response.context["page_tlp"] == TLP.AMBER
    # Shown in the content, so it is printed too (the print style hides the header).
    assert '<span class="tlp tlp-amber">TLP:AMBER</span> The marking of this page' in (
        response.content.decode()
    )
    party = as_user(secretariat).get(reverse("monitoring:party_dashboard", args=["IDN"]))
    assert party.context["page_tlp"] == TLP.AMBER


def test_a_dashboard_without_restricted_figures_stays_clear(
    history: History, outsider: User, as_user: ClientFor
) -> None:
    response = as_user(outsider).get(_dashboard(history))  # sees no round
    assert response.context["page_tlp"] == TLP.CLEAR


def test_the_snapshot_and_freeze_pages_are_marked_like_their_round(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    assert history.m24.tlp == TLP.CLEAR
    freeze = as_user(secretariat).get(reverse("monitoring:round_freeze", args=[history.r2.pk]))
    assert freeze.context["page_tlp"] == TLP.AMBER
    snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    url = reverse("monitoring:meeting_snapshot", args=[history.m24.pk])
    assert as_user(secretariat).get(url).context["page_tlp"] == TLP.AMBER


def test_a_public_round_of_a_public_instrument_is_clear(
    history: History, secretariat: User, as_user: ClientFor
) -> None:
    history.r2.audience, history.r2.tlp = Audience.PUBLIC, TLP.CLEAR
    history.r2.save()
    history.r1.audience, history.r1.tlp = Audience.PUBLIC, TLP.CLEAR
    history.r1.save()
    assert as_user(secretariat).get(_dashboard(history)).context["page_tlp"] == TLP.CLEAR


# -- links only for those who can use them -------------------------------------------------------


def test_a_reader_sees_neither_my_reports_nor_the_review_queue(
    idn_reader: User, as_user: ClientFor
) -> None:
    assert not permissions.can_see_my_reports(idn_reader)
    assert not permissions.can_review_any(idn_reader)
    page = as_user(idn_reader).get(reverse("monitoring:rounds")).content.decode()
    assert reverse("monitoring:my_reports") not in page
    assert reverse("monitoring:review") not in page


def test_a_round_page_offers_a_reader_neither_next_step(
    history: History, idn_reader: User, idn_focal: User, as_user: ClientFor
) -> None:
    url = history.r2.get_absolute_url()
    response = as_user(idn_reader).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("monitoring:my_reports") not in page
    assert reverse("monitoring:review") not in page
    page = as_user(idn_focal).get(url).content.decode()
    assert reverse("monitoring:my_reports") in page
    assert reverse("monitoring:review") in page


def test_a_focal_point_sees_both(idn_focal: User, as_user: ClientFor) -> None:
    page = as_user(idn_focal).get(reverse("monitoring:rounds")).content.decode()
    assert reverse("monitoring:my_reports") in page
    assert reverse("monitoring:review") in page
    mine = as_user(idn_focal).get(reverse("monitoring:my_reports")).content.decode()
    assert reverse("monitoring:review") in mine


def test_the_secretariat_sees_the_review_queue_but_has_no_reports_of_its_own(
    secretariat: User, as_user: ClientFor
) -> None:
    page = as_user(secretariat).get(reverse("monitoring:rounds")).content.decode()
    assert reverse("monitoring:review") in page
    assert reverse("monitoring:my_reports") not in page


def test_a_reader_who_opens_the_review_queue_is_told_who_reviews(
    idn_reader: User, as_user: ClientFor
) -> None:
    page = as_user(idn_reader).get(reverse("monitoring:review")).content.decode()
    assert "Only the Secretariat and the focal points of a party review reports." in page


def test_the_links_cost_no_query(
    idn_reader: User, idn_focal: User, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        for user in (idn_reader, idn_focal):
            permissions.can_see_my_reports(user)
            permissions.can_review_any(user)


# -- query counts --------------------------------------------------------------------------------


def test_the_pages_cost_what_they_cost_before(
    history: History,
    secretariat: User,
    as_user: ClientFor,
    django_assert_num_queries: Any,
) -> None:
    client = as_user(secretariat)
    with django_assert_num_queries(INSTRUMENT_PAGE_QUERIES):
        assert client.get(_dashboard(history)).status_code == 200
    with django_assert_num_queries(PARTY_PAGE_QUERIES):
        assert client.get(reverse("monitoring:party_dashboard", args=["IDN"])).status_code == 200
    snapshots.freeze_round(actor=secretariat, round=history.r1)
    snapshots.freeze_round(actor=secretariat, round=history.r2, acknowledge_early=True)
    with django_assert_num_queries(MEETING_PAGE_QUERIES):
        url = reverse("monitoring:meeting_snapshot", args=[history.m24.pk])
        assert client.get(url).status_code == 200
