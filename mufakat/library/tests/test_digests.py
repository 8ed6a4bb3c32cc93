"""The knowledge digest: new items on what one follows, through the gate, never twice."""

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.library import follows
from mufakat.library.digests import (
    SETTLE_TIME,
    items_for_digest,
    send_digests,
    send_digests_task,
)
from mufakat.library.models import DigestDelivery, KnowledgeItem
from mufakat.registry.models import CrimeArea
from mufakat.testing.factories import BodyFactory, CrimeAreaFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def terrorism() -> CrimeArea:
    return CrimeAreaFactory(code="terrorism")


@pytest.fixture
def cybercrime() -> CrimeArea:
    return CrimeAreaFactory(code="cybercrime")


@pytest.fixture
def now() -> dt.datetime:
    return timezone.now()


def with_address(*users: User) -> None:
    for user in users:
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])


def publish(
    author: User,
    title: str,
    *,
    audience: str = Audience.PLATFORM,
    tlp: str = TLP.GREEN,
    summary: str = "",
    crime_areas: tuple[CrimeArea, ...] = (),
    groups: tuple[SharingGroup, ...] = (),
    named: tuple[User, ...] = (),
    meeting: Any = None,
    at: dt.datetime | None = None,
) -> KnowledgeItem:
    """An item as the services leave it; ``at`` back-dates its publication."""
    item = KnowledgeItem.objects.create(
        kind=KnowledgeItem.Kind.GOOD_PRACTICE,
        title=title,
        summary=summary,
        audience=audience,
        tlp=tlp,
        owner_party=author.party,
        owner_agency=author.agency,
        author=author,
        meeting=meeting,
    )
    item.crime_areas.set(crime_areas)
    item.sharing_groups.set(groups)
    item.named_users.set(named)
    if at is not None:
        KnowledgeItem.objects.filter(pk=item.pk).update(published_at=at)
        item.refresh_from_db()
    return item


def digest_to(user: User) -> list[Any]:
    return [m for m in mail.outbox if m.to == [user.email]]


# -- the matching and the gate -----------------------------------------------------------------


def test_an_item_shared_with_asean_japan_reaches_japan_and_never_canada(
    idn_focal: User, jpn_focal: User, outsider: User, asean_japan: SharingGroup, terrorism: Any
) -> None:
    with_address(jpn_focal, outsider)
    follows.follow(user=jpn_focal, crime_area=terrorism)
    follows.follow(user=outsider, crime_area=terrorism)
    shared = publish(
        idn_focal,
        "Deradicalisation through community leaders",
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        crime_areas=(terrorism,),
        groups=(asean_japan,),
    )

    sent = send_digests(timezone.now())

    assert sent == 1
    (message,) = digest_to(jpn_focal)
    assert shared.title in message.body
    assert digest_to(outsider) == []
    assert (
        items_for_digest(
            user=outsider, since=timezone.now() - dt.timedelta(days=1), until=timezone.now()
        )
        == []
    )
    assert not DigestDelivery.objects.filter(user=outsider).exists()


EVERYONE = {"secretariat", "idn_focal", "jpn_focal", "outsider"}


@pytest.mark.parametrize(
    ("audience", "tlp", "readers"),
    [
        (Audience.PUBLIC, TLP.CLEAR, EVERYONE),
        (Audience.PLATFORM, TLP.GREEN, EVERYONE),
        (Audience.MEMBER_STATES, TLP.GREEN, {"secretariat", "idn_focal"}),
        (Audience.SHARING_GROUP, TLP.AMBER, {"secretariat", "idn_focal", "jpn_focal"}),
        (Audience.ORGANISATION, TLP.AMBER_STRICT, {"idn_focal"}),
        (Audience.NAMED, TLP.RED, {"idn_focal"}),
    ],
)
def test_each_follower_gets_exactly_the_items_the_gate_lets_them_open(
    all_users: dict[str, Any],
    idn_focal: User,
    asean_japan: SharingGroup,
    terrorism: Any,
    now: dt.datetime,
    audience: str,
    tlp: str,
    readers: set[str],
) -> None:
    item = publish(
        idn_focal,
        f"A {audience} item",
        audience=audience,
        tlp=tlp,
        crime_areas=(terrorism,),
        groups=(asean_japan,),
        named=(idn_focal,),
    )
    followers = {name: u for name, u in all_users.items() if u.is_authenticated}
    for user in followers.values():
        follows.follow(user=user, crime_area=terrorism)
    until = now + dt.timedelta(minutes=1)

    listed = {
        name
        for name, user in followers.items()
        if item in items_for_digest(user=user, since=now - dt.timedelta(days=1), until=until)
    }
    may_open = {
        name
        for name, user in followers.items()
        if KnowledgeItem.objects.visible_to(user).filter(pk=item.pk).exists()
    }

    assert listed == readers == may_open


def test_following_a_group_brings_what_is_shared_with_it(
    idn_focal: User, jpn_focal: User, asean_japan: SharingGroup, now: dt.datetime
) -> None:
    follows.follow(user=jpn_focal, sharing_group=asean_japan)
    shared = publish(
        idn_focal, "Shared", audience=Audience.SHARING_GROUP, tlp=TLP.AMBER, groups=(asean_japan,)
    )
    publish(idn_focal, "Not shared with the group", audience=Audience.PLATFORM)

    found = items_for_digest(
        user=jpn_focal, since=now - dt.timedelta(hours=1), until=timezone.now()
    )

    assert found == [shared]


def test_following_a_body_brings_items_from_its_meetings(
    idn_focal: User, jpn_focal: User, terrorism: Any, now: dt.datetime
) -> None:
    wg_ct = BodyFactory(code="SOMTC-WG-CT")
    other = BodyFactory(code="SOMTC-WG-TIP")
    follows.follow(user=jpn_focal, body=wg_ct)
    from_wg = publish(idn_focal, "From the WG", meeting=MeetingFactory(body=wg_ct))
    publish(idn_focal, "From another WG", meeting=MeetingFactory(body=other))
    publish(idn_focal, "From no meeting", crime_areas=(terrorism,))

    found = items_for_digest(
        user=jpn_focal, since=now - dt.timedelta(hours=1), until=timezone.now()
    )

    assert found == [from_wg]


def test_an_item_from_a_hidden_meeting_of_a_followed_body_stays_hidden(
    idn_focal: User, outsider: User, now: dt.datetime
) -> None:
    wg_ct = BodyFactory(code="SOMTC-WG-CT")
    closed = MeetingFactory(body=wg_ct, audience=Audience.MEMBER_STATES, tlp=TLP.GREEN)
    follows.follow(user=outsider, body=wg_ct)
    publish(idn_focal, "Member states only", audience=Audience.MEMBER_STATES, meeting=closed)

    assert (
        items_for_digest(user=outsider, since=now - dt.timedelta(hours=1), until=timezone.now())
        == []
    )


def test_someone_who_follows_nothing_gets_nothing(
    idn_focal: User, jpn_focal: User, terrorism: Any, now: dt.datetime
) -> None:
    with_address(jpn_focal)
    publish(idn_focal, "Public news", audience=Audience.PUBLIC, tlp=TLP.CLEAR)

    assert (
        items_for_digest(user=jpn_focal, since=now - dt.timedelta(days=1), until=timezone.now())
        == []
    )
    assert send_digests(timezone.now()) == 0


# -- windows and idempotence -------------------------------------------------------------------


def test_no_second_mail_for_the_same_items(
    idn_focal: User, jpn_focal: User, terrorism: Any, cybercrime: Any
) -> None:
    with_address(jpn_focal)
    follows.follow(user=jpn_focal, crime_area=terrorism)
    follows.follow(user=jpn_focal, crime_area=cybercrime)
    first = publish(idn_focal, "First", crime_areas=(terrorism, cybercrime))
    moment = timezone.now()

    assert send_digests(moment) == 1
    assert send_digests(moment) == 0
    assert send_digests(moment + dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count(first.title) == 1  # two matching follows, listed once

    second = publish(idn_focal, "Second", crime_areas=(terrorism,))
    assert send_digests(timezone.now() + dt.timedelta(seconds=1)) == 1
    latest = mail.outbox[-1].body
    assert second.title in latest and first.title not in latest
    assert list(
        DigestDelivery.objects.filter(user=jpn_focal).values_list("item_count", flat=True)
    ) == [1, 1]


def test_the_first_digest_covers_the_last_seven_days(
    idn_focal: User, jpn_focal: User, terrorism: Any, now: dt.datetime
) -> None:
    with_address(jpn_focal)
    follows.follow(user=jpn_focal, crime_area=terrorism)
    publish(idn_focal, "Last month", crime_areas=(terrorism,), at=now - dt.timedelta(days=8))
    publish(idn_focal, "This week", crime_areas=(terrorism,), at=now - dt.timedelta(days=3))

    send_digests(now + dt.timedelta(seconds=1))

    (message,) = mail.outbox
    assert "This week" in message.body
    assert "Last month" not in message.body


def test_an_item_published_after_the_run_waits_for_the_next_digest(
    idn_focal: User, jpn_focal: User, terrorism: Any, now: dt.datetime
) -> None:
    with_address(jpn_focal)
    follows.follow(user=jpn_focal, crime_area=terrorism)
    publish(idn_focal, "Later", crime_areas=(terrorism,), at=now + dt.timedelta(minutes=5))

    assert send_digests(now) == 0
    assert send_digests(now + dt.timedelta(minutes=10)) == 1


def test_users_without_an_address_or_inactive_get_no_mail(
    idn_focal: User, jpn_focal: User, terrorism: Any
) -> None:
    follows.follow(user=jpn_focal, crime_area=terrorism)  # no e-mail address
    publish(idn_focal, "News", crime_areas=(terrorism,))
    assert send_digests(timezone.now()) == 0

    with_address(jpn_focal)
    jpn_focal.is_active = False
    jpn_focal.save(update_fields=["is_active"])
    assert send_digests(timezone.now()) == 0
    assert mail.outbox == []


# -- the mail ----------------------------------------------------------------------------------


def test_an_amber_item_shows_no_summary_in_the_mail_but_a_green_one_does(
    idn_focal: User, jpn_focal: User, asean_japan: SharingGroup, terrorism: Any
) -> None:
    with_address(jpn_focal)
    follows.follow(user=jpn_focal, crime_area=terrorism)
    amber = publish(
        idn_focal,
        "Amber practice",
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        summary="Names of the informants are in annex B",
        crime_areas=(terrorism,),
        groups=(asean_japan,),
    )
    green = publish(
        idn_focal,
        "Green practice",
        summary="Community policing in border villages",
        crime_areas=(terrorism,),
    )

    send_digests(timezone.now())

    (message,) = mail.outbox
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    for text in (str(message.body), str(html)):
        assert amber.title in text and green.title in text
        assert amber.summary not in text
        assert green.summary in text
        assert "TLP:AMBER" in text


def test_each_entry_has_kind_party_date_and_a_link(
    idn_focal: User, jpn_focal: User, terrorism: Any, settings: Any
) -> None:
    settings.MUFAKAT_SITE_URL = "https://mufakat.example.org"
    with_address(jpn_focal)
    follows.follow(user=jpn_focal, crime_area=terrorism)
    item = publish(idn_focal, "Community policing", crime_areas=(terrorism,))

    send_digests(timezone.now())

    (message,) = mail.outbox
    assert message.subject == "Mufakat: 1 new knowledge item"
    assert "Good practice" in message.body
    assert "Indonesia" in message.body
    assert timezone.localdate(item.published_at).isoformat() in message.body  # the site's day
    assert f"https://mufakat.example.org/library/{item.pk}/" in message.body
    assert "https://mufakat.example.org/library/following/" in message.body


# -- how it runs -------------------------------------------------------------------------------


def test_the_command_sends_and_a_second_run_sends_nothing(
    idn_focal: User, jpn_focal: User, terrorism: Any, capsys: Any
) -> None:
    with_address(jpn_focal)
    follows.follow(user=jpn_focal, crime_area=terrorism)
    publish(idn_focal, "News", crime_areas=(terrorism,))
    moment = (timezone.now() + dt.timedelta(seconds=1)).isoformat()

    call_command("send_digests", "--now", moment)
    call_command("send_digests", "--now", moment)
    call_command("send_digests")

    assert len(mail.outbox) == 1
    assert "1 digest(s) sent" in capsys.readouterr().out


def test_the_periodic_task_sends_the_digests(
    idn_focal: User, jpn_focal: User, terrorism: Any
) -> None:
    with_address(jpn_focal)
    follows.follow(user=jpn_focal, crime_area=terrorism)
    publish(idn_focal, "News", crime_areas=(terrorism,), at=timezone.now() - SETTLE_TIME * 2)

    result = send_digests_task.enqueue()

    assert result.return_value == 1
    assert len(mail.outbox) == 1


def test_an_item_saved_moments_ago_waits_for_the_next_run(
    idn_focal: User, jpn_focal: User, terrorism: Any
) -> None:
    """A periodic run stops a few minutes short of now, so an item whose save is still being
    committed when the run starts is not skipped for good."""
    with_address(jpn_focal)
    follows.follow(user=jpn_focal, crime_area=terrorism)
    publish(idn_focal, "Just now", crime_areas=(terrorism,))

    assert send_digests_task.enqueue().return_value == 0
    assert not DigestDelivery.objects.filter(user=jpn_focal).exists()


def test_the_command_can_queue_the_work_for_the_worker(
    idn_focal: User, jpn_focal: User, terrorism: Any, capsys: Any
) -> None:
    with_address(jpn_focal)
    follows.follow(user=jpn_focal, crime_area=terrorism)
    publish(idn_focal, "News", crime_areas=(terrorism,), at=timezone.now() - SETTLE_TIME * 2)

    call_command("send_digests", "--queue")

    assert "queued" in capsys.readouterr().out
    assert len(mail.outbox) == 1  # the immediate backend of the tests runs it at once
