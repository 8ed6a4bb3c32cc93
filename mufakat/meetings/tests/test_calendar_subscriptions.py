"""Calendar subscriptions: a calendar program, which cannot sign in, shows the restricted
meetings its owner may see through an address carrying a revocable key — and nothing else.

Feeds per body, party, crime area, sharing group and "meetings I follow"; events that keep their
UID and move their SEQUENCE when the meeting changes; 304 when nothing changed for the reader.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mufakat.accounts.models import hash_secret
from mufakat.audit.models import AuditEvent
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.core.partial_dates import Precision
from mufakat.library import follows
from mufakat.meetings import calendar_tokens, services
from mufakat.meetings.models import CalendarToken, Meeting, Participant
from mufakat.registry.models import Body, Party
from mufakat.testing.factories import CrimeAreaFactory, MeetingFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("meetings:calendar_subscriptions")


def parsed(response: Any) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def titles(response: Any) -> set[str]:
    return {str(event["SUMMARY"]) for event in parsed(response).walk("VEVENT")}


def event_of(response: Any, meeting: Meeting) -> Any:
    found = [
        e for e in parsed(response).walk("VEVENT") if e["UID"] == f"meeting-{meeting.pk}@mufakat"
    ]
    assert len(found) == 1
    return found[0]


def subscribe(client: Client, name: str = "") -> dict[str, str]:
    """Make a key on the subscriptions page, as its owner does; the addresses shown, by label."""
    made = client.post(PAGE, {"action": "create", "name": name})
    assert (made.status_code, made["Location"]) == (302, PAGE)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return {feed["label"]: feed["url"] for feed in response.context["feeds"]}


def all_meetings_url(addresses: dict[str, str]) -> str:
    return addresses["All meetings you may see"]


def token_url(key: str, kind: str = "all", code: str = "") -> str:
    if kind in ("all", "follows"):
        return reverse(f"meetings:ical_token_{kind}", args=[key])
    return reverse("meetings:ical_token_of", args=[key, kind, code])


@pytest.fixture
def japan_meeting(wg_ct: Body, idn: Party, asean_japan: SharingGroup) -> Meeting:
    """A restricted meeting shared with the ASEAN + Japan group."""
    meeting = MeetingFactory.create(
        body=wg_ct,
        number=31,
        title="ASEAN-Japan CT dialogue",
        start_date=dt.date(2024, 3, 12),
        end_date=dt.date(2024, 3, 13),
        city="Tokyo",
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        owner_party=idn,
    )
    meeting.sharing_groups.add(asean_japan)
    return meeting


def key_for(user: Any) -> str:
    return calendar_tokens.issue_token(actor=user)[1]


# -- the headline journey ----------------------------------------------------------------------


def test_a_calendar_subscription_shows_a_restricted_meeting_for_japans_focal_point_and_not_for_the_outsider(
    as_user: Any, jpn_focal: Any, outsider: Any, chain: Any, japan_meeting: Meeting
) -> None:
    japan = all_meetings_url(subscribe(as_user(jpn_focal), "Phone"))
    theirs = all_meetings_url(subscribe(as_user(outsider)))
    calendar_program = Client()  # no session: the address alone says who reads

    mine = calendar_program.get(japan)
    assert "ASEAN-Japan CT dialogue" in titles(mine)
    assert "17th AMMTC" in titles(mine)
    assert str(parsed(mine)["X-WR-CALNAME"]) == "Mufakat meetings"
    event = event_of(mine, japan_meeting)
    assert event["DTSTART"].dt == dt.date(2024, 3, 12)
    assert event["DTEND"].dt == dt.date(2024, 3, 14)  # all-day, the end exclusive
    assert event["DTSTAMP"].dt.tzinfo is not None

    assert "ASEAN-Japan CT dialogue" not in titles(calendar_program.get(theirs))
    assert "17th AMMTC" in titles(calendar_program.get(theirs))
    assert "ASEAN-Japan CT dialogue" not in titles(calendar_program.get(reverse("meetings:ical")))


def test_the_key_is_stored_only_as_its_hash_and_the_page_lists_it_by_its_hint(
    as_user: Any, jpn_focal: Any
) -> None:
    client = as_user(jpn_focal)
    address = all_meetings_url(subscribe(client, "Phone"))
    key = address.split("/feeds/")[1].split("/")[0]

    token = CalendarToken.objects.get(user=jpn_focal)
    assert token.key_hash == hash_secret(key) and key not in token.key_hash
    assert token.hint == key[:10] and token.name == "Phone"
    html = client.get(PAGE).content.decode()
    assert token.hint in html and key not in html  # shown once, when made
    assert AuditEvent.objects.filter(action="calendartoken.issue").count() == 1


def test_a_signed_out_visitor_is_sent_to_sign_in_and_no_key_is_made_without_the_csrf_token(
    as_user: Any, anonymous: Any, jpn_focal: Any
) -> None:
    assert as_user(anonymous).get(PAGE)["Location"].startswith(reverse("account_login"))
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(jpn_focal)

    assert strict.post(PAGE, {"action": "create"}).status_code == 403
    assert not CalendarToken.objects.exists()


# -- a key that no longer works ----------------------------------------------------------------


def test_a_revoked_key_gets_404_at_once_and_names_nothing(
    as_user: Any, jpn_focal: Any, japan_meeting: Meeting
) -> None:
    client = as_user(jpn_focal)
    address = all_meetings_url(subscribe(client))
    first = Client().get(address)
    token = CalendarToken.objects.get(user=jpn_focal)

    response = client.post(PAGE, {"action": "revoke", "token": token.pk})
    assert response.status_code == 302

    gone = Client().get(address, HTTP_IF_NONE_MATCH=first["ETag"])
    assert gone.status_code == 404  # not 304: the key is checked before anything else
    assert b"ASEAN-Japan" not in gone.content and b"VCALENDAR" not in gone.content
    assert "revoked" in client.get(PAGE).content.decode()
    assert AuditEvent.objects.filter(action="calendartoken.revoke").count() == 1


def test_an_unknown_expired_or_deactivated_key_gets_404(
    jpn_focal: Any, outsider: Any, japan_meeting: Meeting
) -> None:
    calendar_program = Client()
    expired = key_for(jpn_focal)
    CalendarToken.objects.filter(key_hash=hash_secret(expired)).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    deactivated = key_for(outsider)
    outsider.is_active = False
    outsider.save()

    for key in ("mfc_unknown", "nothing", expired, deactivated):
        assert calendar_program.get(token_url(key)).status_code == 404


def test_only_the_owner_may_revoke_a_key(as_user: Any, jpn_focal: Any, outsider: Any) -> None:
    key = key_for(jpn_focal)
    token = CalendarToken.objects.get(user=jpn_focal)

    response = as_user(outsider).post(PAGE, {"action": "revoke", "token": token.pk})

    assert response.status_code == 404
    assert Client().get(token_url(key)).status_code == 200


def test_staff_revoke_a_leaked_key_in_the_admin(
    settings: Any, as_user: Any, secretariat: Any, jpn_focal: Any
) -> None:
    settings.MUFAKAT_MFA_REQUIRED_ROLES = []
    settings.MUFAKAT_MFA_REQUIRED_FOR_STAFF = False
    secretariat.is_staff = secretariat.is_superuser = True
    secretariat.save()
    key = key_for(jpn_focal)
    token = CalendarToken.objects.get(user=jpn_focal)
    admin = as_user(secretariat)
    changelist = reverse("admin:meetings_calendartoken_changelist")
    assert token.hint in admin.get(changelist).content.decode()

    admin.post(changelist, {"action": "revoke", "_selected_action": [token.pk]})

    assert Client().get(token_url(key)).status_code == 404
    assert AuditEvent.objects.get(action="calendartoken.revoke").actor_id == secretariat.pk


def test_the_feed_follows_its_owners_access_at_the_next_request(
    jpn_focal: Any, can: Party, japan_meeting: Meeting
) -> None:
    address = token_url(key_for(jpn_focal))
    assert "ASEAN-Japan CT dialogue" in titles(Client().get(address))

    jpn_focal.party = can  # moved to a party outside the group
    jpn_focal.save()

    assert "ASEAN-Japan CT dialogue" not in titles(Client().get(address))


# -- the key opens the feeds and nothing else ----------------------------------------------------


def test_the_key_opens_no_page_and_no_api(jpn_focal: Any, japan_meeting: Meeting) -> None:
    key = key_for(jpn_focal)
    client = Client()

    assert (
        client.get(
            f"/api/v1/meetings/{japan_meeting.pk}", headers={"Authorization": f"Bearer {key}"}
        ).status_code
        == 401
    )
    assert client.get(japan_meeting.get_absolute_url(), {"key": key}).status_code == 404
    assert client.get(PAGE, {"key": key}).status_code == 302  # to the login page
    assert client.get(token_url(key)).status_code == 200
    assert "sessionid" not in client.cookies  # reading a feed signs nobody in
    assert client.get(japan_meeting.get_absolute_url()).status_code == 404
    assert client.get(f"/meetings/calendar/feeds/{key}/").status_code == 404


def test_using_a_key_notes_when_and_counts_against_its_rate_limit(
    settings: Any, jpn_focal: Any
) -> None:
    settings.MUFAKAT_CALENDAR_RATE = "2/min"
    key = key_for(jpn_focal)
    client = Client()

    assert client.get(token_url(key)).status_code == 200
    assert CalendarToken.objects.get(user=jpn_focal).last_used_at is not None
    assert client.get(token_url(key, "follows")).status_code == 200  # one key, every feed
    refused = client.get(token_url(key))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1


# -- stable events ---------------------------------------------------------------------------


def test_an_edited_meeting_keeps_its_uid_and_moves_its_sequence(
    jpn_focal: Any, secretariat: Any, japan_meeting: Meeting
) -> None:
    address = token_url(key_for(jpn_focal))
    before = event_of(Client().get(address), japan_meeting)

    services.update_meeting(
        actor=secretariat,
        meeting=japan_meeting,
        changes={"start_date": dt.date(2024, 3, 19), "end_date": dt.date(2024, 3, 20)},
        expected_version=japan_meeting.lock_version,
    )
    after = event_of(Client().get(address), japan_meeting)

    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after["DTSTART"].dt == dt.date(2024, 3, 19)
    assert after["DTSTAMP"].dt >= before["DTSTAMP"].dt  # to the second


def test_a_cancelled_meeting_stays_in_the_subscription_marked_cancelled(
    jpn_focal: Any, secretariat: Any, japan_meeting: Meeting
) -> None:
    address = token_url(key_for(jpn_focal))
    services.update_meeting(
        actor=secretariat,
        meeting=japan_meeting,
        changes={"status": Meeting.Status.CANCELLED},
        expected_version=japan_meeting.lock_version,
    )

    event = event_of(Client().get(address), japan_meeting)

    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1


def test_a_meeting_dated_by_its_month_joins_the_subscription_once_its_day_is_set(
    jpn_focal: Any, wg_ct: Body
) -> None:
    address = token_url(key_for(jpn_focal))
    MeetingFactory.create(
        body=wg_ct,
        title="Planned for September",
        start_date=dt.date(2026, 9, 1),
        start_precision=Precision.MONTH,
        status=Meeting.Status.PLANNED,
    )

    assert "Planned for September" not in titles(Client().get(address))
    Meeting.objects.filter(title="Planned for September").update(start_precision=Precision.DAY)
    assert "Planned for September" in titles(Client().get(address))


# -- feeds per body, party, crime area, group and follows ----------------------------------------


def test_the_feed_of_a_body_has_its_meetings_and_is_named_after_it(
    jpn_focal: Any, chain: Any, japan_meeting: Meeting
) -> None:
    key = key_for(jpn_focal)

    body_feed = Client().get(token_url(key, "body", "somtc-wg-ct"))

    assert titles(body_feed) == {
        "19th SOMTC Working Group on Counter-Terrorism",
        "ASEAN-Japan CT dialogue",
    }
    assert str(parsed(body_feed)["X-WR-CALNAME"]) == "Mufakat: SOMTC-WG-CT meetings"
    assert (
        Client().get(reverse("meetings:ical_of", args=["body", "SOMTC-WG-CT"])).status_code == 200
    )
    assert titles(Client().get(reverse("meetings:ical_of", args=["body", "SOMTC-WG-CT"]))) == {
        "19th SOMTC Working Group on Counter-Terrorism"
    }


def test_the_feed_of_a_party_has_the_meetings_it_hosts_chairs_takes_part_in_or_is_invited_to(
    jpn_focal: Any, secretariat: Any, jpn: Party, chain: Any, japan_meeting: Meeting
) -> None:
    from mufakat.meetings import delegations

    Participant.objects.create(meeting=chain.somtc, party=jpn)
    chain.ammtc.status = Meeting.Status.PLANNED
    chain.ammtc.save()
    delegations.invite_parties(actor=secretariat, meeting=chain.ammtc, parties=["JPN"])
    Meeting.objects.filter(pk=japan_meeting.pk).update(host=jpn)
    key = key_for(jpn_focal)

    japan = Client().get(token_url(key, "party", "JPN"))

    assert titles(japan) == {"23rd SOMTC", "17th AMMTC", "ASEAN-Japan CT dialogue"}
    assert str(parsed(japan)["X-WR-CALNAME"]) == "Mufakat: meetings of Japan"
    indonesia = Client().get(token_url(key, "party", "IDN"))
    assert titles(indonesia) == {"19th SOMTC Working Group on Counter-Terrorism"}  # host and chair


def test_a_feed_of_something_that_does_not_exist_is_404(jpn_focal: Any, chain: Any) -> None:
    key = key_for(jpn_focal)

    for kind, code in [
        ("body", "NOPE"),
        ("party", "XXX"),
        ("crime-area", "nope"),
        ("meeting", "1"),
    ]:
        assert Client().get(token_url(key, kind, code)).status_code == 404


def test_the_feed_of_a_sharing_group_is_for_its_members_only(
    jpn_focal: Any, outsider: Any, japan_meeting: Meeting, asean_japan: SharingGroup
) -> None:
    mine = Client().get(token_url(key_for(jpn_focal), "group", asean_japan.code))
    assert titles(mine) == {"ASEAN-Japan CT dialogue"}

    theirs = Client().get(token_url(key_for(outsider), "group", asean_japan.code))
    assert theirs.status_code == 404  # as for a group that does not exist


def test_my_follows_combine_bodies_crime_areas_and_groups(
    jpn_focal: Any, chain: Any, japan_meeting: Meeting, asean_japan: SharingGroup, ammtc: Body
) -> None:
    key = key_for(jpn_focal)
    calendar_program = Client()
    assert titles(calendar_program.get(token_url(key, "follows"))) == set()

    follows.follow(user=jpn_focal, body=ammtc)
    assert titles(calendar_program.get(token_url(key, "follows"))) == {"17th AMMTC"}

    terrorism = CrimeAreaFactory.create(code="terrorism")
    chain.somtc.body.crime_areas.add(terrorism)
    follows.follow(user=jpn_focal, crime_area=terrorism)
    follows.follow(user=jpn_focal, sharing_group=asean_japan)
    combined = calendar_program.get(token_url(key, "follows"))

    assert titles(combined) == {"17th AMMTC", "23rd SOMTC", "ASEAN-Japan CT dialogue"}
    assert str(parsed(combined)["X-WR-CALNAME"]) == "Mufakat: meetings I follow"
    area = calendar_program.get(token_url(key, "crime-area", "terrorism"))
    assert titles(area) == {"23rd SOMTC"}


def test_the_subscriptions_page_offers_a_feed_per_follow_and_the_owners_party(
    as_user: Any, jpn_focal: Any, ammtc: Body
) -> None:
    follows.follow(user=jpn_focal, body=ammtc)

    addresses = subscribe(as_user(jpn_focal))

    assert set(addresses) == {
        "All meetings you may see",
        "Meetings you follow",
        "Meetings of Japan",
        "Meetings of AMMTC",
    }
    for address in addresses.values():
        assert Client().get(address).status_code == 200


def test_without_a_session_my_follows_and_groups_ask_to_sign_in(chain: Any) -> None:
    response = Client().get(reverse("meetings:ical_follows"))

    assert response.status_code == 302 and "login" in response["Location"]


# -- validators and cost -----------------------------------------------------------------------


def test_an_unchanged_subscription_answers_304_and_each_feed_has_its_own_validator(
    jpn_focal: Any, secretariat: Any, chain: Any, japan_meeting: Meeting
) -> None:
    key = key_for(jpn_focal)
    client = Client()
    first = client.get(token_url(key))
    body = client.get(token_url(key, "body", "SOMTC-WG-CT"))

    assert client.get(token_url(key), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert first["ETag"] != body["ETag"]
    services.update_meeting(
        actor=secretariat,
        meeting=japan_meeting,
        changes={"city": "Osaka"},
        expected_version=japan_meeting.lock_version,
    )
    assert client.get(token_url(key), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def more_meetings(body: Body, count: int, *, first_number: int) -> None:
    for n in range(count):
        MeetingFactory.create(
            body=body,
            number=first_number + n,
            title=f"Extra meeting {n}",
            start_date=dt.date(2010 + n % 12, 1 + n % 12, 5),
        )


@pytest.mark.parametrize("kind", ["all", "follows", "party"])
def test_a_subscription_costs_the_same_queries_with_ten_times_the_meetings(
    kind: str,
    jpn_focal: Any,
    jpn: Party,
    wg_ct: Body,
    chain: Any,
    django_assert_max_num_queries: Any,
) -> None:
    follows.follow(user=jpn_focal, body=wg_ct)
    key = key_for(jpn_focal)
    url = token_url(key, kind, "JPN" if kind == "party" else "")
    client = Client()
    more_meetings(wg_ct, 5, first_number=100)
    Meeting.objects.filter(number__gte=100).update(host=jpn)
    client.get(url)
    with django_assert_max_num_queries(8) as few:
        small = client.get(url)

    more_meetings(wg_ct, 45, first_number=200)
    Meeting.objects.filter(number__gte=100).update(host=jpn)
    with django_assert_max_num_queries(len(few.captured_queries)):
        large = client.get(url)
    assert len(parsed(large).walk("VEVENT")) == len(parsed(small).walk("VEVENT")) + 45


# -- POST, redirect, GET -----------------------------------------------------------------------


def test_a_new_key_is_shown_once_after_the_redirect_and_a_reload_makes_no_second_key(
    as_user: Any, jpn_focal: Any, caplog: Any
) -> None:
    client = as_user(jpn_focal)
    with caplog.at_level("DEBUG"):
        made = client.post(PAGE, {"action": "create", "name": "Phone"})
        assert made.status_code == 302
        assert CalendarToken.objects.filter(user=jpn_focal).count() == 1
        shown = client.get(PAGE)
        key = shown.context["new_key"]
        assert key and key in shown.content.decode()
        reloaded = client.get(PAGE)
    assert reloaded.context["new_key"] is None
    assert 'id="new-h"' not in reloaded.content.decode()
    assert key not in reloaded.content.decode()
    assert CalendarToken.objects.filter(user=jpn_focal).count() == 1
    # Taken out of the session as it was shown, and never written to a log.
    assert not any(key in value for value in client.session.values() if isinstance(value, str))
    assert key not in caplog.text
