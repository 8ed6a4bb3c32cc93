"""A body's page lists its meetings as a person reads them: what comes next, then one year at a
time with a count per year — in the same few queries for five meetings or fifty."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from mufakat.core.audience import TLP, Audience
from mufakat.registry import selectors
from mufakat.registry.models import Body, Party
from mufakat.testing.factories import MeetingFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def body_page(client: Any, query: str = "") -> str:
    return html(client.get(reverse("registry:body", args=["SOMTC-WG-CT"]) + query))


def meetings_over_years(body: Body, host: Party, *, count: int, first_number: int = 1) -> None:
    """``count`` held meetings, three a year going back from last year, and one upcoming."""
    for n in range(count):
        MeetingFactory.create(
            body=body,
            number=first_number + n,
            title=f"Meeting number {first_number + n}",
            start_date=dt.date(TODAY.year - 1 - n // 3, 3 + 3 * (n % 3), 10),
            host=host,
            status="held",
        )


@pytest.fixture
def hidden_2019(wg_ct: Body, idn: Party, bnpt: Any) -> Any:
    return MeetingFactory.create(
        body=wg_ct,
        number=99,
        title="BNPT closed session",
        start_date=dt.date(2019, 4, 2),
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn,
        owner_agency=bnpt,
    )


def test_upcoming_meetings_come_first_soonest_first_then_the_latest_year_held(
    as_user: Any, anonymous: Any, wg_ct: Body, idn: Party
) -> None:
    meetings_over_years(wg_ct, idn, count=6)
    MeetingFactory.create(
        body=wg_ct, number=50, title="Next but one", start_date=TODAY + dt.timedelta(days=60)
    )
    MeetingFactory.create(
        body=wg_ct, number=49, title="The next one", start_date=TODAY + dt.timedelta(days=9)
    )

    page = body_page(as_user(anonymous))

    upcoming = page[page.index('id="upcoming-h"') : page.index('id="held-h"')]
    assert upcoming.index("The next one") < upcoming.index("Next but one")
    held = page[page.index('id="held-h"') :]
    assert f"Held in {TODAY.year - 1}" in held
    assert "Meeting number 1<" in held and "Meeting number 3<" in held
    assert "Meeting number 4<" not in held  # the year before is one link away
    assert f'<a href="?year={TODAY.year - 2}#held-h">{TODAY.year - 2}</a>' in held
    assert "8 meetings of this body that you can see." in page


def test_an_older_year_is_one_link_away_and_shows_only_that_year(
    as_user: Any, anonymous: Any, wg_ct: Body, idn: Party
) -> None:
    meetings_over_years(wg_ct, idn, count=9)

    page = body_page(as_user(anonymous), f"?year={TODAY.year - 3}")

    assert f"Held in {TODAY.year - 3}" in page
    assert f'<strong aria-current="page">{TODAY.year - 3}</strong>' in page
    assert "Meeting number 7<" in page and "Meeting number 9<" in page
    assert "Meeting number 6<" not in page and "Meeting number 1<" not in page


@pytest.mark.parametrize("year", ["abc", "0", "-3", "99999"])
def test_a_year_that_is_not_one_shows_the_latest_year(
    year: str, as_user: Any, anonymous: Any, wg_ct: Body, idn: Party
) -> None:
    meetings_over_years(wg_ct, idn, count=3)

    assert f"Held in {TODAY.year - 1}" in body_page(as_user(anonymous), f"?year={year}")


def test_only_the_next_upcoming_meetings_are_listed_and_the_rest_are_in_the_calendar(
    as_user: Any, anonymous: Any, wg_ct: Body
) -> None:
    for n in range(selectors.UPCOMING_SHOWN + 3):
        MeetingFactory.create(
            body=wg_ct,
            number=n + 1,
            title=f"Upcoming {n + 1}",
            start_date=TODAY + dt.timedelta(days=7 * (n + 1)),
        )

    page = body_page(as_user(anonymous))

    assert f"Upcoming {selectors.UPCOMING_SHOWN}<" in page
    assert f"Upcoming {selectors.UPCOMING_SHOWN + 1}<" not in page
    assert "3 more upcoming meetings in the calendar" in page
    last_listed = TODAY + dt.timedelta(days=7 * selectors.UPCOMING_SHOWN)
    assert f"?body=SOMTC-WG-CT&amp;year={last_listed.year}" in page


def test_a_meeting_of_this_month_without_a_day_is_still_upcoming(
    as_user: Any, anonymous: Any, wg_ct: Body
) -> None:
    MeetingFactory.create(
        body=wg_ct,
        number=1,
        title="Sometime this month",
        start_date=TODAY.replace(day=1),
        start_precision="month",
    )

    page = body_page(as_user(anonymous))

    upcoming = page[page.index('id="upcoming-h"') :]
    assert "Sometime this month" in upcoming
    assert "Held in" not in page


@pytest.mark.parametrize("who", ["anonymous", "outsider", "jpn_focal"])
def test_a_hidden_meeting_is_neither_listed_nor_counted_in_its_year(
    who: str, all_users: dict[str, Any], as_user: Any, hidden_2019: Any, wg_ct: Body, idn: Party
) -> None:
    meetings_over_years(wg_ct, idn, count=2)
    client = as_user(all_users[who])

    page = body_page(client)
    assert "?year=2019" not in page and "2 meetings of this body" in page
    assert "BNPT closed session" not in body_page(client, "?year=2019")


def test_the_bnpt_focal_point_finds_the_closed_session_under_its_year(
    as_user: Any, idn_focal: Any, hidden_2019: Any, wg_ct: Body, idn: Party
) -> None:
    meetings_over_years(wg_ct, idn, count=2)
    client = as_user(idn_focal)

    assert '<a href="?year=2019#held-h">2019</a> <small class="muted">(1)</small>' in body_page(
        client
    )
    assert "BNPT closed session" in body_page(client, "?year=2019")


@pytest.mark.parametrize("who", ["anonymous", "idn_focal", "secretariat"])
def test_the_body_page_costs_the_same_queries_and_size_with_ten_times_the_meetings(
    who: str,
    all_users: dict[str, Any],
    as_user: Any,
    wg_ct: Body,
    idn: Party,
    django_assert_max_num_queries: Any,
) -> None:
    client = as_user(all_users[who])
    meetings_over_years(wg_ct, idn, count=5)
    body_page(client)  # warm the session
    with django_assert_max_num_queries(14) as few:
        small = body_page(client)

    meetings_over_years(wg_ct, idn, count=45, first_number=100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        large = body_page(client)

    # Five more meetings in the latest year, the rest behind year links: the page barely grows.
    assert len(large) < len(small) + 5 * 1500
