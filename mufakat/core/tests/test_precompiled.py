"""A read compiled once per reader and shape: the same rows as the queryset it is compiled from,
for any value, and an access or content change shows on the very next read."""

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from mufakat.core import visibility
from mufakat.core.audience import TLP, Audience
from mufakat.meetings.models import Meeting, Outcome
from mufakat.testing.factories import MeetingFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


def outcomes_of(user: Any, meeting: Meeting) -> list[Outcome]:
    return visibility.precompiled(
        "test.outcomes_of",
        Outcome,
        user,
        lambda value: (
            Outcome.objects.visible_to(user)
            .filter(meeting_id=value)
            .select_related("meeting__body")
            .order_by("number")
        ),
        meeting.pk,
    )


@pytest.fixture
def closed_meeting(idn: Any, asean_japan: Any) -> Meeting:
    meeting = MeetingFactory(
        title="Closed session", audience=Audience.SHARING_GROUP, tlp=TLP.AMBER, owner_party=idn
    )
    meeting.sharing_groups.add(asean_japan)
    OutcomeFactory(meeting=meeting, number=1, audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    return meeting


def in_a_request(call: Any) -> Any:
    """As the middleware does: the reader's context read once for this scope."""
    scope = visibility._REQUEST_CONTEXTS.set({})
    try:
        return call()
    finally:
        visibility._REQUEST_CONTEXTS.reset(scope)


def test_it_gives_the_querysets_rows_for_each_value_with_their_relations(
    idn_focal: Any, closed_meeting: Meeting
) -> None:
    other = MeetingFactory(audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    OutcomeFactory(meeting=other, number=1, audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    OutcomeFactory(meeting=other, number=2, audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    for meeting in (closed_meeting, other, closed_meeting):
        rows = outcomes_of(idn_focal, meeting)
        expected = Outcome.objects.visible_to(idn_focal).filter(meeting=meeting)
        assert [o.pk for o in rows] == list(
            expected.order_by("number").values_list("pk", flat=True)
        )
        assert all(o.meeting.body.code == meeting.body.code for o in rows)


def test_it_is_compiled_once_per_reader(
    idn_focal: Any, outsider: Any, closed_meeting: Meeting, monkeypatch: Any
) -> None:
    visibility._COMPILED.clear()
    builds: list[int] = []

    def build(value: int) -> Any:
        builds.append(value)
        return Meeting.objects.visible_to(idn_focal).filter(pk=value)

    for _ in range(3):
        visibility.precompiled("test.meeting", Meeting, idn_focal, build, closed_meeting.pk)
    assert builds == [visibility.PLACEHOLDER]
    visibility.precompiled("test.meeting", Meeting, outsider, build, closed_meeting.pk)
    assert len(builds) == 2


def test_an_access_change_applies_to_the_next_read_in_and_out_of_a_request(
    outsider: Any, closed_meeting: Meeting, asean_japan: Any
) -> None:
    def sees() -> bool:
        return bool(outcomes_of(outsider, closed_meeting))

    for read in (sees, lambda: in_a_request(sees)):
        assert not read()
        asean_japan.parties.add(outsider.party)
        assert read()
        asean_japan.parties.remove(outsider.party)
        assert not read()
        asean_japan.users.add(outsider)
        assert read()
        asean_japan.users.remove(outsider)
        assert not read()


def test_a_content_change_shows_on_the_next_read(idn_focal: Any, closed_meeting: Meeting) -> None:
    assert [o.number for o in outcomes_of(idn_focal, closed_meeting)] == [1]
    OutcomeFactory(meeting=closed_meeting, number=2, audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    assert [o.number for o in outcomes_of(idn_focal, closed_meeting)] == [1, 2]
    closed_meeting.audience, closed_meeting.tlp = Audience.NAMED, TLP.RED
    closed_meeting.save()
    assert outcomes_of(idn_focal, closed_meeting) == []


def test_a_shape_whose_value_is_not_a_parameter_is_refused(idn_focal: Any) -> None:
    with pytest.raises(ImproperlyConfigured):
        visibility.precompiled(
            "test.constant", Meeting, idn_focal, lambda value: Meeting.objects.all(), 1
        )


def test_it_binds_several_values_each_in_its_place(idn_focal: Any, closed_meeting: Meeting) -> None:
    other = MeetingFactory(audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    OutcomeFactory(meeting=other, number=7, audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    empty = MeetingFactory(audience=Audience.PUBLIC, tlp=TLP.CLEAR)

    def numbers(first: Meeting, then: Meeting) -> list[tuple[int, int]]:
        rows = visibility.precompiled(
            "test.outcomes_of_two",
            Outcome,
            idn_focal,
            lambda one, two: (
                Outcome.objects.visible_to(idn_focal)
                .filter(Q(meeting_id=one) | Q(meeting_id=two, number__gt=1))
                .order_by("meeting_id", "number")
            ),
            (first.pk, then.pk),
        )
        return [(o.meeting_id, o.number) for o in rows]

    assert numbers(other, closed_meeting) == [(other.pk, 7)]
    assert numbers(closed_meeting, other) == [(closed_meeting.pk, 1), (other.pk, 7)]
    assert numbers(empty, closed_meeting) == []


def test_a_value_the_database_could_not_hold_is_refused_not_dropped(idn_focal: Any) -> None:
    """Django drops a comparison with a number out of the column's range from the SQL; the
    statement would then not vary by it."""
    with pytest.raises(ImproperlyConfigured):
        visibility.precompiled(
            "test.small_number",
            Outcome,
            idn_focal,
            lambda number: Outcome.objects.visible_to(idn_focal).filter(number__gte=number),
            1,
        )
