"""The calendar page (one year at a time) and the iCalendar feed: events a calendar program can
keep up to date, and a conditional GET that costs one query when nothing the reader may see
changed — without telling them that something they may not see did."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from icalendar import Calendar

from mufakat.meetings import services
from mufakat.meetings.models import Meeting
from mufakat.registry.models import Body
from mufakat.testing.factories import MeetingFactory

pytestmark = pytest.mark.django_db

FEED = reverse("meetings:ical")


def page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def events(response: Any) -> dict[str, Any]:
    """The feed parsed back with icalendar, events by UID."""
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def more_meetings(body: Body, count: int, *, first_number: int = 100) -> None:
    for n in range(count):
        MeetingFactory.create(
            body=body,
            number=first_number + n,
            title=f"Extra meeting {n}",
            start_date=dt.date(2010 + n % 12, 1 + n % 12, 5),
        )


def touch(meeting: Meeting) -> None:
    """A change to the meeting, the way any edit records it (new version, new time)."""
    meeting.city = meeting.city + " (moved)"
    meeting.lock_version += 1
    meeting.save()


# -- the calendar page ---------------------------------------------------------------------------


def test_the_calendar_shows_one_year_and_links_every_other_year_with_its_count(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    more_meetings(chain.wg.body, 3)

    html = page(as_user(anonymous), reverse("meetings:calendar") + "?year=2023")

    assert '<strong aria-current="page">2023</strong> <small class="muted">(3)</small>' in html
    assert '<a href="?year=2010">2010</a> <small class="muted">(1)</small>' in html
    assert "17th AMMTC" in html and "Extra meeting" not in html


def test_the_calendar_year_links_keep_the_body(as_user: Any, anonymous: Any, chain: Any) -> None:
    html = page(as_user(anonymous), reverse("meetings:calendar") + "?body=AMMTC&year=1999")

    assert "No meetings in this year that you can see." in html
    assert '<a href="?body=AMMTC&amp;year=2023">2023</a>' in html


@pytest.mark.parametrize("year", ["abc", "0", "-1", "10000", "99999999999999999999"])
def test_a_year_that_is_not_one_shows_the_default_year_of_the_calendar(
    year: str, as_user: Any, anonymous: Any, chain: Any
) -> None:
    html = page(as_user(anonymous), reverse("meetings:calendar") + f"?year={year}")

    assert '<strong aria-current="page">2023</strong>' in html


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_a_hidden_meeting_is_not_counted_in_its_year_of_the_calendar(
    who: str, all_users: dict[str, Any], as_user: Any, chain: Any, bnpt_meeting: Meeting
) -> None:
    html = page(as_user(all_users[who]), reverse("meetings:calendar") + "?year=2023")

    assert "(3)" in html and "(4)" not in html  # three of the 2023 meetings, not the fourth


@pytest.mark.parametrize("who", ["anonymous", "idn_focal"])
def test_the_calendar_costs_the_same_queries_with_ten_times_the_meetings(
    who: str,
    all_users: dict[str, Any],
    as_user: Any,
    chain: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = as_user(all_users[who])
    more_meetings(chain.wg.body, 5)
    page(client, reverse("meetings:calendar"))  # warm the session
    with django_assert_max_num_queries(8) as few:
        small = page(client, reverse("meetings:calendar") + "?year=2023")

    more_meetings(chain.wg.body, 45, first_number=200)
    with django_assert_max_num_queries(len(few.captured_queries)):
        large = page(client, reverse("meetings:calendar") + "?year=2023")
    assert len(large) < len(small) + 1000  # only the counts of other years grow


# -- the feed ------------------------------------------------------------------------------------


def test_the_feed_parses_back_with_a_stable_uid_and_the_meetings_version_as_sequence(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    client = as_user(anonymous)
    uid = f"meeting-{chain.somtc.pk}@mufakat"

    before = events(client.get(FEED))[uid]
    assert str(before["SUMMARY"]) == "23rd SOMTC"
    assert before["DTSTART"].dt == dt.date(2023, 6, 19)
    assert int(before["SEQUENCE"]) == 0
    assert before["DTSTAMP"].dt == chain.somtc.updated_at.replace(microsecond=0)

    touch(chain.somtc)
    after = events(client.get(FEED))[uid]
    assert int(after["SEQUENCE"]) == 1
    assert after["DTSTAMP"].dt == chain.somtc.updated_at.replace(microsecond=0)
    assert "(moved)" in str(after["LOCATION"])


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    chain.ammtc.status = Meeting.Status.CANCELLED
    chain.ammtc.save()

    found = events(as_user(anonymous).get(FEED))[f"meeting-{chain.ammtc.pk}@mufakat"]

    assert str(found["STATUS"]) == "CANCELLED"


def test_the_feed_of_one_body_has_only_its_meetings(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    found = events(as_user(anonymous).get(FEED + "?body=ammtc"))

    assert [str(e["SUMMARY"]) for e in found.values()] == ["17th AMMTC"]
    assert [str(c) for c in found[f"meeting-{chain.ammtc.pk}@mufakat"]["CATEGORIES"].cats] == [
        "AMMTC"
    ]


def test_the_feed_says_when_it_changed_and_for_whom(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    response = as_user(anonymous).get(FEED)

    assert response["ETag"]
    assert response["Last-Modified"]
    assert {"Cookie", "Authorization"} <= {v.strip() for v in response["Vary"].split(",")}
    assert "private" in response["Cache-Control"]


def test_an_unchanged_feed_is_not_sent_again(as_user: Any, anonymous: Any, chain: Any) -> None:
    client = as_user(anonymous)
    first = client.get(FEED)

    assert client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(FEED, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_a_change_to_a_meeting_the_reader_sees_sends_the_feed_again(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    client = as_user(anonymous)
    etag = client.get(FEED)["ETag"]

    touch(chain.wg)
    again = client.get(FEED, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 200
    assert again["ETag"] != etag
    assert "(moved)" in again.content.decode()


def test_a_deleted_meeting_sends_the_feed_again(as_user: Any, anonymous: Any, chain: Any) -> None:
    client = as_user(anonymous)
    etag = client.get(FEED)["ETag"]

    MeetingFactory.create(body=chain.ammtc.body, number=18, start_date=dt.date(2024, 8, 1))
    etag = client.get(FEED)["ETag"]
    Meeting.objects.filter(number=18).delete()

    assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "outsider", "jpn_focal"])
def test_a_change_to_a_meeting_the_reader_cannot_see_does_not_show_in_their_validators(
    who: str, all_users: dict[str, Any], as_user: Any, chain: Any, bnpt_meeting: Meeting
) -> None:
    client = as_user(all_users[who])
    first = client.get(FEED)
    assert "BNPT" not in first.content.decode()

    touch(bnpt_meeting)
    bnpt_meeting.title = "BNPT renamed"
    bnpt_meeting.save()

    again = client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert client.get(FEED, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_the_bnpt_focal_point_gets_the_change_to_the_bnpt_meeting(
    as_user: Any, idn_focal: Any, bnpt_meeting: Meeting
) -> None:
    client = as_user(idn_focal)
    etag = client.get(FEED)["ETag"]

    touch(bnpt_meeting)

    assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_two_readers_who_see_the_same_meetings_have_different_validators(
    as_user: Any, outsider: Any, jpn_focal: Any, chain: Any
) -> None:
    mine = as_user(outsider).get(FEED)
    theirs = as_user(jpn_focal).get(FEED)

    assert mine.content.count(b"BEGIN:VEVENT") == theirs.content.count(b"BEGIN:VEVENT")
    assert mine["ETag"] != theirs["ETag"]
    assert as_user(jpn_focal).get(FEED, HTTP_IF_NONE_MATCH=mine["ETag"]).status_code == 200


def test_a_reader_who_gains_access_gets_the_feed_again(
    as_user: Any, jpn_focal: Any, asean_japan: Any, bnpt_meeting: Meeting
) -> None:
    client = as_user(jpn_focal)
    etag = client.get(FEED)["ETag"]

    bnpt_meeting.audience = "sharing_group"
    bnpt_meeting.tlp = "AMBER"
    bnpt_meeting.save(update_fields=["audience", "tlp"])  # no new time: the count tells
    bnpt_meeting.sharing_groups.add(asean_japan)

    assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "idn_focal"])
def test_the_feed_costs_the_same_queries_with_ten_times_the_meetings_and_304_costs_one(
    who: str,
    all_users: dict[str, Any],
    as_user: Any,
    chain: Any,
    django_assert_max_num_queries: Any,
    django_assert_num_queries: Any,
) -> None:
    client = as_user(all_users[who])
    more_meetings(chain.wg.body, 5)
    client.get(FEED)  # warm the session
    with django_assert_max_num_queries(6) as few:
        small = client.get(FEED)
    more_meetings(chain.wg.body, 45, first_number=200)
    with django_assert_max_num_queries(len(few.captured_queries)):
        large = client.get(FEED)
    assert large.content.count(b"BEGIN:VEVENT") == small.content.count(b"BEGIN:VEVENT") + 45

    # Not modified: the session and the one aggregate, no feed built.
    with django_assert_num_queries(len(few.captured_queries) - 1):
        assert client.get(FEED, HTTP_IF_NONE_MATCH=large["ETag"]).status_code == 304


def test_the_service_that_edits_a_meeting_moves_its_sequence(
    as_user: Any, anonymous: Any, secretariat: Any, chain: Any
) -> None:
    services.update_meeting(
        actor=secretariat,
        meeting=chain.ammtc,
        changes={"city": "Vientiane"},
        expected_version=chain.ammtc.lock_version,
    )

    found = events(as_user(anonymous).get(FEED))[f"meeting-{chain.ammtc.pk}@mufakat"]

    assert int(found["SEQUENCE"]) == 1
    assert str(found["LOCATION"]) == "Vientiane"


def test_an_event_remembered_for_one_reader_is_never_given_to_a_reader_who_may_not_see_it(
    as_user: Any, idn_focal: Any, outsider: Any, bnpt_meeting: Meeting
) -> None:
    assert b"BNPT internal" in as_user(idn_focal).get(FEED).content

    assert b"BNPT internal" not in as_user(outsider).get(FEED).content


def test_a_remembered_event_is_made_again_when_its_meeting_changes_in_any_way(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    client = as_user(anonymous)
    assert b"SUMMARY:17th AMMTC" in client.get(FEED).content

    Meeting.objects.filter(pk=chain.ammtc.pk).update(title="17th AMMTC, Vientiane")

    assert b"SUMMARY:17th AMMTC\\, Vientiane" in client.get(FEED).content
