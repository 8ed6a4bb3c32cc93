"""The gate compiled once per reader: as strict as the definition it is compiled from, wherever
it is spliced in, and an access change applies to the very next query."""

from typing import Any

import pytest
from django.db.models import Count, Exists, OuterRef

from mufakat.core import visibility
from mufakat.core.audience import TLP, Audience
from mufakat.meetings.models import AgendaItem, Meeting, Outcome
from mufakat.registry.models import PartyMembership
from mufakat.testing.factories import ActivityFactory, MeetingFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted_meeting(idn: Any, asean_japan: Any) -> Meeting:
    meeting = MeetingFactory(
        title="Closed session", audience=Audience.SHARING_GROUP, tlp=TLP.AMBER, owner_party=idn
    )
    meeting.sharing_groups.add(asean_japan)
    return meeting


def sees(user: Any, meeting: Meeting) -> bool:
    return Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists()


def test_the_gate_is_compiled_once_per_reader_and_model(
    idn_focal: Any, restricted_meeting: Meeting, monkeypatch: Any
) -> None:
    visibility._COMPILED.clear()
    built: list[str] = []
    definition = visibility.VisibleQuerySet.gate_q

    def counting(self: Any, user: Any) -> Any:
        built.append(self.model._meta.label)
        return definition(self, user)

    monkeypatch.setattr(visibility.VisibleQuerySet, "gate_q", counting)
    for _ in range(5):
        list(Meeting.objects.visible_to(idn_focal))
        list(Outcome.objects.visible_to(idn_focal).filter(meeting=restricted_meeting))

    assert built.count("meetings.Outcome") == 1
    # The meeting's definition is built once for itself and once inside the outcome's gate.
    assert built.count("meetings.Meeting") == 2


def test_an_access_change_applies_to_the_next_query_at_once(
    restricted_meeting: Meeting, outsider: Any, asean_japan: Any
) -> None:
    """Memberships, sharing groups and named people are read by the database on every query;
    the compiled statement only captures who the reader is."""
    assert not sees(outsider, restricted_meeting)
    asean_japan.parties.add(outsider.party)
    assert sees(outsider, restricted_meeting)
    asean_japan.parties.remove(outsider.party)
    assert not sees(outsider, restricted_meeting)
    asean_japan.users.add(outsider)
    assert sees(outsider, restricted_meeting)
    outsider.is_active = False
    assert not sees(outsider, restricted_meeting)


def test_a_named_reader_sees_the_record_from_the_moment_they_are_named(
    outsider: Any, idn: Any
) -> None:
    meeting = MeetingFactory(audience=Audience.NAMED, tlp=TLP.RED, owner_party=idn)
    assert not sees(outsider, meeting)
    meeting.named_users.add(outsider)
    assert sees(outsider, meeting)


def test_a_reader_who_changes_party_reads_as_the_new_party(
    idn_focal: Any, jpn: Any, idn: Any
) -> None:
    own = MeetingFactory(audience=Audience.ORGANISATION, tlp=TLP.AMBER_STRICT, owner_party=idn)
    assert Meeting.objects.visible_to(idn_focal).filter(pk=own.pk).exists()
    idn_focal.party, idn_focal.agency = jpn, None
    assert not Meeting.objects.visible_to(idn_focal).filter(pk=own.pk).exists()


def test_a_membership_that_ends_takes_the_member_states_audience_away(
    idn_focal: Any, idn: Any
) -> None:
    meeting = MeetingFactory(audience=Audience.MEMBER_STATES, tlp=TLP.GREEN)
    assert sees(idn_focal, meeting)
    PartyMembership.objects.filter(party=idn).update(status=PartyMembership.Status.OBSERVER)
    assert not sees(idn_focal, meeting)


def test_the_compiled_gate_holds_inside_subqueries_joins_and_aggregates(
    restricted_meeting: Meeting, outsider: Any, jpn_focal: Any
) -> None:
    public = MeetingFactory(title="Open session", audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    for meeting in (public, restricted_meeting):
        OutcomeFactory(meeting=meeting, audience=Audience.PUBLIC, tlp=TLP.CLEAR)
        AgendaItem.objects.create(meeting=meeting, position=1, title="Opening")

    for user, expected in (
        (outsider, {public.pk}),
        (jpn_focal, {public.pk, restricted_meeting.pk}),
    ):
        # as the subquery of another model
        outcomes = Outcome.objects.filter(meeting__in=Meeting.objects.visible_to(user))
        assert set(outcomes.values_list("meeting_id", flat=True)) == expected
        # correlated, under Django's relabelled aliases
        with_agenda = Meeting.objects.filter(
            Exists(AgendaItem.objects.visible_to(user).filter(meeting=OuterRef("pk")))
        )
        assert set(with_agenda.values_list("pk", flat=True)) == expected
        # joined to another table, and aggregated
        joined = Outcome.objects.visible_to(user).filter(meeting__body__isnull=False)
        assert set(joined.values_list("meeting_id", flat=True)) == expected
        counted = Meeting.objects.visible_to(user).aggregate(n=Count("pk"))["n"]
        assert counted == len(expected)
        # two gated querysets combined
        either = Meeting.objects.visible_to(user).filter(pk=public.pk) | Meeting.objects.visible_to(
            user
        ).filter(pk=restricted_meeting.pk)
        assert set(either.values_list("pk", flat=True)) == expected


def test_children_inherit_through_a_path_of_several_steps(outsider: Any, idn: Any) -> None:
    """An activity is hidden with its instrument (``priority_area__instrument``), compiled as
    nested subqueries rather than joins."""
    from mufakat.workplans.models import Activity

    activity = ActivityFactory(
        priority_area__instrument__audience=Audience.ORGANISATION,
        priority_area__instrument__tlp=TLP.AMBER_STRICT,
        priority_area__instrument__owner_party=idn,
    )
    assert not Activity.objects.visible_to(outsider).filter(pk=activity.pk).exists()
    activity.priority_area.instrument.audience = Audience.PUBLIC
    activity.priority_area.instrument.tlp = TLP.CLEAR
    activity.priority_area.instrument.save()
    assert Activity.objects.visible_to(outsider).filter(pk=activity.pk).exists()


def test_within_a_request_the_readers_groups_are_read_once_and_named_in_the_gate(
    restricted_meeting: Meeting, jpn_focal: Any, asean_japan: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request_scope = visibility._REQUEST_CONTEXTS.set({})
    try:
        with CaptureQueriesContext(connection) as queries:
            for _ in range(3):
                assert sees(jpn_focal, restricted_meeting)
                list(Outcome.objects.visible_to(jpn_focal))
    finally:
        visibility._REQUEST_CONTEXTS.reset(request_scope)

    reads_of_groups = [q for q in queries if "core_sharinggroup_users" in q["sql"]]
    assert len(reads_of_groups) == 1
    assert len(queries) == 1 + 6


def test_an_access_change_applies_to_the_readers_next_request(
    client: Any, restricted_meeting: Meeting, outsider: Any, asean_japan: Any
) -> None:
    client.force_login(outsider)
    url = f"/meetings/{restricted_meeting.pk}/"
    assert client.get(url).status_code == 404
    asean_japan.parties.add(outsider.party)
    assert client.get(url).status_code == 200
    asean_japan.parties.remove(outsider.party)
    assert client.get(url).status_code == 404
    asean_japan.users.add(outsider)
    assert client.get(url).status_code == 200
    restricted_meeting.audience, restricted_meeting.tlp = Audience.NAMED, TLP.RED
    restricted_meeting.save()
    assert client.get(url).status_code == 404
    restricted_meeting.named_users.add(outsider)
    assert client.get(url).status_code == 200
