"""Related material panels on meeting, instrument, activity and party pages — through the gate."""

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.models import User
from mufakat.core.audience import AUDIENCE_ORDER, TLP, TLP_CAP, Audience, audience_rank
from mufakat.core.models import SharingGroup
from mufakat.library.models import KnowledgeItem
from mufakat.library.related import related_items
from mufakat.meetings.models import Meeting
from mufakat.registry.models import Agency, Body, CrimeArea, Party
from mufakat.testing.factories import (
    ActivityFactory,
    BodyFactory,
    CrimeAreaFactory,
    InstrumentFactory,
    MeetingFactory,
    PriorityAreaFactory,
)
from mufakat.workplans.models import Activity, Instrument

pytestmark = pytest.mark.django_db

Kind = KnowledgeItem.Kind


def make_item(
    title: str,
    *,
    owner: Party,
    audience: str = Audience.PUBLIC,
    tlp: str = TLP.CLEAR,
    agency: Agency | None = None,
    groups: tuple[SharingGroup, ...] = (),
    named: tuple[User, ...] = (),
    areas: tuple[CrimeArea, ...] = (),
    parties: tuple[Party, ...] = (),
    kind: str = Kind.GOOD_PRACTICE,
    **links: Any,
) -> KnowledgeItem:
    item = KnowledgeItem.objects.create(
        title=title,
        kind=kind,
        owner_party=owner,
        owner_agency=agency,
        audience=audience,
        tlp=tlp,
        **links,
    )
    item.sharing_groups.set(groups)
    item.named_users.set(named)
    item.crime_areas.set(areas)
    item.parties.set(parties)
    return item


@pytest.fixture
def terrorism(db: Any) -> CrimeArea:
    return CrimeAreaFactory.create(code="terrorism", name="Terrorism")


@pytest.fixture
def cybercrime(db: Any) -> CrimeArea:
    return CrimeAreaFactory.create(code="cybercrime", name="Cybercrime")


@pytest.fixture
def wg_ct(terrorism: CrimeArea) -> Body:
    body = BodyFactory.create(code="SOMTC-WG-CT", name="Working Group on Counter Terrorism")
    body.crime_areas.add(terrorism)
    return body


@pytest.fixture
def meeting(wg_ct: Body) -> Meeting:
    return MeetingFactory.create(body=wg_ct, number=19, title="19th SOMTC WG-CT")


@pytest.fixture
def work_plan(terrorism: CrimeArea) -> Instrument:
    instrument = InstrumentFactory.create(key="asean-japan-wp", title="ASEAN–Japan Work Plan")
    area = PriorityAreaFactory.create(instrument=instrument, title="Counter terrorism")
    area.crime_areas.add(terrorism)
    return instrument


@pytest.fixture
def activity(work_plan: Instrument) -> Activity:
    return ActivityFactory.create(
        priority_area=work_plan.priority_areas.get(),
        code="CT-1",
        title="Workshop on deradicalisation",
    )


@pytest.fixture
def good_practice(
    idn: Party, asean_japan: SharingGroup, meeting: Meeting, terrorism: CrimeArea
) -> KnowledgeItem:
    """Indonesia shares a good practice with ASEAN + Japan, from the 19th WG-CT."""
    return make_item(
        "Community policing against radicalisation in Poso",
        owner=idn,
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        groups=(asean_japan,),
        areas=(terrorism,),
        meeting=meeting,
    )


# -- the meeting page ------------------------------------------------------------------------------


def test_an_item_shared_with_asean_japan_shows_on_the_meeting_page_for_japan(
    good_practice: KnowledgeItem, meeting: Meeting, jpn_focal: User, as_user: Any
) -> None:
    page = as_user(jpn_focal).get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert "Knowledge and good practices" in page.text
    assert good_practice.title in page.text
    assert f'href="/library/{good_practice.pk}/"' in page.text


def test_the_outsider_sees_neither_its_title_nor_a_count(
    good_practice: KnowledgeItem, meeting: Meeting, outsider: User, as_user: Any
) -> None:
    page = as_user(outsider).get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert good_practice.title not in page.text
    assert f"/library/{good_practice.pk}/" not in page.text
    panel = page.text.split('id="related-knowledge"')[1]
    assert "No knowledge items that you can see." in panel
    assert "(1)" not in panel and ">1<" not in panel


def test_items_on_the_same_crime_areas_are_listed_apart_from_the_linked_ones(
    good_practice: KnowledgeItem,
    meeting: Meeting,
    idn: Party,
    terrorism: CrimeArea,
    cybercrime: CrimeArea,
    jpn_focal: User,
) -> None:
    elsewhere = make_item("Deradicalisation in prisons", owner=idn, areas=(terrorism,))
    unrelated = make_item("Ransomware cases 2024", owner=idn, areas=(cybercrime,))
    related = related_items(user=jpn_focal, meeting=meeting)
    assert related.linked == [good_practice]
    assert related.same_crime_areas == [elsewhere]
    assert unrelated not in related.same_crime_areas
    assert related.crime_areas == [terrorism]


def test_lists_are_newest_first_and_cut_at_the_limit(
    meeting: Meeting, idn: Party, jpn_focal: User
) -> None:
    items = [make_item(f"Note {n}", owner=idn, meeting=meeting) for n in range(5)]
    for n, item in enumerate(items):
        KnowledgeItem.objects.filter(pk=item.pk).update(
            published_at=dt.datetime(2025, 1, 1 + n, tzinfo=dt.UTC)
        )
    related = related_items(user=jpn_focal, meeting=meeting, limit=3)
    assert [i.title for i in related.linked] == ["Note 4", "Note 3", "Note 2"]
    assert related.more_linked is True


def test_the_share_link_is_offered_to_those_who_may_publish(
    meeting: Meeting, idn_focal: User, outsider: User, anonymous: AnonymousUser, as_user: Any
) -> None:
    link = f"/library/new/?meeting={meeting.pk}"
    assert link in as_user(idn_focal).get(meeting.get_absolute_url()).text
    assert link not in as_user(outsider).get(meeting.get_absolute_url()).text
    assert link not in as_user(anonymous).get(meeting.get_absolute_url()).text


def test_the_meeting_page_costs_the_same_queries_with_one_or_twenty_items(
    meeting: Meeting,
    idn: Party,
    terrorism: CrimeArea,
    asean_japan: SharingGroup,
    jpn_focal: User,
    as_user: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = as_user(jpn_focal)
    make_item("First", owner=idn, meeting=meeting, areas=(terrorism,))
    make_item("Second", owner=idn, areas=(terrorism,))
    client.get(meeting.get_absolute_url())  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(meeting.get_absolute_url())
    for n in range(20):
        make_item(
            f"Linked {n}",
            owner=idn,
            audience=Audience.SHARING_GROUP,
            tlp=TLP.AMBER,
            groups=(asean_japan,),
            areas=(terrorism,),
            meeting=meeting,
        )
        make_item(f"Same area {n}", owner=idn, areas=(terrorism,))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(meeting.get_absolute_url())
    assert "Linked 19" in page.text and "Same area 19" in page.text


def test_the_panel_itself_costs_two_queries(
    meeting: Meeting,
    idn: Party,
    terrorism: CrimeArea,
    jpn_focal: User,
    django_assert_num_queries: Any,
) -> None:
    for n in range(10):
        make_item(f"Linked {n}", owner=idn, meeting=meeting, areas=(terrorism,))
        make_item(f"Other {n}", owner=idn, areas=(terrorism,))
    with django_assert_num_queries(2):
        related = related_items(user=jpn_focal, meeting=meeting)
        titles = [(i.title, i.owner_party.code) for i in related.linked + related.same_crime_areas]
    assert len(titles) == 16


# -- instrument, activity and party pages ------------------------------------------------------------


def test_the_instrument_page_lists_material_on_it_and_on_its_activities(
    work_plan: Instrument,
    activity: Activity,
    idn: Party,
    terrorism: CrimeArea,
    jpn_focal: User,
    as_user: Any,
) -> None:
    on_plan = make_item("Mid-term review of the work plan", owner=idn, instrument=work_plan)
    on_activity = make_item("Workshop report", owner=idn, activity=activity)
    same_area = make_item("Terrorist financing typologies", owner=idn, areas=(terrorism,))
    related = related_items(user=jpn_focal, instrument=work_plan)
    assert set(related.linked) == {on_plan, on_activity}
    assert related.same_crime_areas == [same_area]
    page = as_user(jpn_focal).get(work_plan.get_absolute_url())
    assert all(t in page.text for t in (on_plan.title, on_activity.title, same_area.title))
    assert (
        f"/library/new/?instrument={work_plan.pk}"
        in as_user(jpn_focal).get(work_plan.get_absolute_url()).text
    )


def test_the_activity_page_lists_material_on_it_and_on_its_priority_area(
    activity: Activity, idn: Party, terrorism: CrimeArea, jpn_focal: User, as_user: Any
) -> None:
    report = make_item("Workshop report", owner=idn, activity=activity)
    same_area = make_item("Terrorist financing typologies", owner=idn, areas=(terrorism,))
    page = as_user(jpn_focal).get(activity.get_absolute_url())
    assert page.status_code == 200
    assert report.title in page.text and same_area.title in page.text
    assert f"/library/new/?activity={activity.pk}" in page.text


def test_the_party_page_lists_material_from_and_about_the_party(
    idn: Party, jpn: Party, can: Party, jpn_focal: User, outsider: User, as_user: Any
) -> None:
    own = make_item("BNPT annual lessons", owner=idn, audience=Audience.PLATFORM, tlp=TLP.GREEN)
    about = make_item("Japan–Indonesia cooperation note", owner=jpn, parties=(idn,))
    elsewhere = make_item("Canadian practice", owner=can)
    related = related_items(user=jpn_focal, party=idn)
    assert set(related.linked) == {own, about}
    assert related.same_crime_areas == [] and related.crime_areas == []
    page = as_user(outsider).get(idn.get_absolute_url())
    assert own.title in page.text and about.title in page.text
    assert elsewhere.title not in page.text
    assert "/library/?party=IDN" not in page.text  # not cut, so no "more" link


def test_related_items_wants_exactly_one_record(
    meeting: Meeting, idn: Party, jpn_focal: User
) -> None:
    with pytest.raises(TypeError):
        related_items(user=jpn_focal)
    with pytest.raises(TypeError):
        related_items(user=jpn_focal, meeting=meeting, party=idn)


# -- the permission matrix: every user × every audience × every TLP allowed with it ---------------

#: Who may open an item of Indonesia (agency BNPT) shared with ASEAN + Japan / naming jpn_focal.
EXPECTED = {
    Audience.PUBLIC: {"secretariat", "idn_focal", "jpn_focal", "outsider", "anonymous"},
    Audience.PLATFORM: {"secretariat", "idn_focal", "jpn_focal", "outsider"},
    Audience.MEMBER_STATES: {"secretariat", "idn_focal"},
    Audience.SHARING_GROUP: {"secretariat", "idn_focal", "jpn_focal"},
    Audience.ORGANISATION: {"idn_focal"},
    Audience.NAMED: {"jpn_focal"},
}

COMBINATIONS = [
    (audience, tlp)
    for audience in AUDIENCE_ORDER
    for tlp in TLP.values
    if audience_rank(audience) >= audience_rank(TLP_CAP[tlp])
]
#: TLP does not change who sees (audience does), so pages are rendered once per audience.
RENDERED = {
    audience: next(t for a, t in COMBINATIONS if a == audience) for audience in AUDIENCE_ORDER
}


@pytest.mark.parametrize(("audience", "tlp"), COMBINATIONS)
def test_the_panels_show_an_item_exactly_to_those_in_its_audience(
    audience: str,
    tlp: str,
    all_users: dict[str, Any],
    idn: Party,
    bnpt: Agency,
    asean_japan: SharingGroup,
    meeting: Meeting,
    activity: Activity,
    terrorism: CrimeArea,
    as_user: Any,
) -> None:
    title = f"Matrix item {audience} {tlp}"
    linked = make_item(
        title,
        owner=idn,
        agency=bnpt,
        audience=audience,
        tlp=tlp,
        groups=(asean_japan,),
        named=(all_users["jpn_focal"],),
        areas=(terrorism,),
        parties=(idn,),
        meeting=meeting,
        activity=activity,
    )
    same_area = make_item(
        f"Same-area {audience} {tlp}",
        owner=idn,
        agency=bnpt,
        audience=audience,
        tlp=tlp,
        groups=(asean_japan,),
        named=(all_users["jpn_focal"],),
        areas=(terrorism,),
    )
    instrument = activity.priority_area.instrument
    for name, user in all_users.items():
        allowed = name in EXPECTED[audience]
        by_meeting = related_items(user=user, meeting=meeting)
        assert (linked in by_meeting.linked) is allowed, (name, "meeting")
        assert (same_area in by_meeting.same_crime_areas) is allowed, (name, "meeting area")
        assert (linked in related_items(user=user, instrument=instrument).linked) is allowed
        assert (linked in related_items(user=user, activity=activity).linked) is allowed
        assert (linked in related_items(user=user, party=idn).linked) is allowed
        if tlp != RENDERED[audience]:
            continue
        for url in (meeting.get_absolute_url(), idn.get_absolute_url()):
            text = as_user(user).get(url).text
            assert (title in text) is allowed, (name, url)


def test_both_lists_are_cut_at_the_limit_and_a_linked_item_is_only_linked(
    meeting: Meeting, idn: Party, terrorism: CrimeArea, jpn_focal: User
) -> None:
    linked = [
        make_item(f"Linked {n}", owner=idn, meeting=meeting, areas=(terrorism,)) for n in range(4)
    ]
    others = [make_item(f"Other {n}", owner=idn, areas=(terrorism,)) for n in range(4)]
    for n, item in enumerate(linked + others):
        KnowledgeItem.objects.filter(pk=item.pk).update(
            published_at=dt.datetime(2025, 1, 1 + n, tzinfo=dt.UTC)
        )
    related = related_items(user=jpn_focal, meeting=meeting, limit=3)
    assert [i.title for i in related.linked] == ["Linked 3", "Linked 2", "Linked 1"]
    assert [i.title for i in related.same_crime_areas] == ["Other 3", "Other 2", "Other 1"]
    assert related.more_linked is True and related.more_same_crime_areas is True
    fewer = related_items(user=jpn_focal, meeting=meeting, limit=4)
    assert fewer.more_linked is False and fewer.more_same_crime_areas is False
