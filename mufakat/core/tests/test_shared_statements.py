"""Readers of one class (party, agency, role, groups) share the gate's compiled statements and
the pages' precompiled reads, with each reader's own id bound as a parameter: what one reader
may see never leaks to a colleague, and a read that names its reader in person stays theirs."""

from typing import Any

import pytest
from django.db.models import Prefetch

from mufakat.accounts.models import Role, User
from mufakat.core import visibility
from mufakat.core.audience import TLP, Audience
from mufakat.core.tests.test_precompiled import in_a_request
from mufakat.meetings.models import Meeting, Outcome
from mufakat.testing.factories import MeetingFactory, OutcomeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def focal(idn: Any, bnpt: Any) -> User:
    """Ids far from the registry's: a reader whose id equals a party's in a statement keeps it
    to themself (a coincidence that costs sharing, never correctness)."""
    return UserFactory(
        id=90001, username="focal.one", party=idn, agency=bnpt, role=Role.FOCAL_POINT
    )


@pytest.fixture
def colleague(idn: Any, bnpt: Any) -> User:
    """A second focal point of the same party, agency and role."""
    return UserFactory(
        id=90002, username="focal.two", party=idn, agency=bnpt, role=Role.FOCAL_POINT
    )


@pytest.fixture
def named_to_focal(idn: Any, focal: User) -> Meeting:
    meeting = MeetingFactory(
        title="Named meeting", audience=Audience.NAMED, tlp=TLP.RED, owner_party=idn
    )
    meeting.named_users.add(focal)
    OutcomeFactory(meeting=meeting, number=1, audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    return meeting


def sees(user: User, meeting: Meeting) -> bool:
    return Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists()


def outcomes_of(user: User, meeting: Meeting, builds: list[str]) -> list[Outcome]:
    def build(value: int) -> Any:
        builds.append(user.username)
        return Outcome.objects.visible_to(user).filter(meeting_id=value).order_by("number")

    return visibility.precompiled("test.shared_outcomes", Outcome, user, build, meeting.pk)


def test_colleagues_share_the_gate_yet_each_sees_only_what_is_named_to_them(
    focal: User, colleague: User, named_to_focal: Meeting
) -> None:
    visibility._COMPILED.clear()
    assert sees(focal, named_to_focal)
    assert in_a_request(lambda: sees(focal, named_to_focal))
    gates = {key for key in visibility._COMPILED if key[0] == "gate"}
    assert gates and all("reader" not in key for key in gates)

    assert not sees(colleague, named_to_focal)
    assert not in_a_request(lambda: sees(colleague, named_to_focal))
    assert {key for key in visibility._COMPILED if key[0] == "gate"} == gates


def test_colleagues_share_a_precompiled_read_with_their_own_ids_bound(
    focal: User, colleague: User, named_to_focal: Meeting
) -> None:
    visibility._COMPILED.clear()
    builds: list[str] = []
    for _ in range(2):
        assert [o.number for o in outcomes_of(focal, named_to_focal, builds)] == [1]
        assert outcomes_of(colleague, named_to_focal, builds) == []
    assert builds == ["focal.one"]
    named_to_focal.named_users.add(colleague)
    assert [o.number for o in outcomes_of(colleague, named_to_focal, builds)] == [1]
    named_to_focal.named_users.remove(focal)
    assert outcomes_of(focal, named_to_focal, builds) == []
    assert builds == ["focal.one"]


def test_a_personal_sharing_group_is_not_shared_with_a_colleague(
    focal: User, colleague: User, asean_japan: Any, jpn: Any
) -> None:
    """Outside a request the groups are a subquery on the reader's id; inside one, the reader's
    groups are part of their class."""
    closed = MeetingFactory(audience=Audience.SHARING_GROUP, tlp=TLP.AMBER, owner_party=jpn)
    closed.sharing_groups.add(asean_japan)
    asean_japan.parties.remove(focal.party)
    asean_japan.users.add(focal)
    for read in (lambda call: call(), in_a_request):
        assert read(lambda: sees(focal, closed))
        assert not read(lambda: sees(colleague, closed))


def test_a_reader_of_another_role_or_agency_gets_statements_of_their_own(
    focal: User, colleague: User, named_to_focal: Meeting
) -> None:
    visibility._COMPILED.clear()
    builds: list[str] = []
    outcomes_of(focal, named_to_focal, builds)
    colleague.role = Role.SECRETARIAT if focal.role != Role.SECRETARIAT else Role.READER
    outcomes_of(colleague, named_to_focal, builds)
    colleague.role, colleague.agency = focal.role, None
    outcomes_of(colleague, named_to_focal, builds)
    assert builds == ["focal.one", "focal.two", "focal.two"]


def test_a_read_that_names_its_reader_in_person_is_kept_for_that_reader(
    focal: User, colleague: User, idn: Any
) -> None:
    visibility._COMPILED.clear()
    mine = MeetingFactory(audience=Audience.PUBLIC, tlp=TLP.CLEAR, owner_party=idn)
    theirs = MeetingFactory(audience=Audience.PUBLIC, tlp=TLP.CLEAR, owner_party=idn)
    mine.named_users.add(focal)
    theirs.named_users.add(colleague)

    def named_to(user: User) -> list[int]:
        rows = visibility.precompiled(
            "test.named_to_reader",
            Meeting,
            user,
            lambda owner: (
                Meeting.objects.visible_to(user)
                .filter(owner_party_id=owner, named_users=user)
                .order_by("pk")
            ),
            idn.pk,
        )
        return [m.pk for m in rows]

    assert named_to(focal) == [mine.pk]
    assert named_to(colleague) == [theirs.pk]
    assert named_to(focal) == [mine.pk]


def test_a_read_whose_rows_fetch_more_rows_is_kept_for_its_reader(
    focal: User, colleague: User, named_to_focal: Meeting, idn: Any
) -> None:
    """A prefetch runs after the statement, with the reader the queryset was built for."""
    visibility._COMPILED.clear()
    public = MeetingFactory(audience=Audience.PUBLIC, tlp=TLP.CLEAR, owner_party=idn)
    OutcomeFactory(meeting=public, number=1, audience=Audience.NAMED, tlp=TLP.RED).named_users.add(
        focal
    )

    def outcomes_shown(user: User) -> list[int]:
        rows = visibility.precompiled(
            "test.prefetching",
            Meeting,
            user,
            lambda pk: (
                Meeting.objects.visible_to(user)
                .filter(pk=pk)
                .prefetch_related(
                    Prefetch("outcomes", queryset=Outcome.objects.visible_to(user), to_attr="shown")
                )
            ),
            public.pk,
        )
        return [len(m.shown) for m in rows]

    assert outcomes_shown(focal) == [1]
    assert outcomes_shown(colleague) == [0]
    assert outcomes_shown(focal) == [1]


def test_a_reader_whose_id_is_also_one_of_their_groups_still_shares_with_colleagues(
    focal: User, colleague: User, named_to_focal: Meeting
) -> None:
    """The statement names the reader's groups by design; an id equal to one of them is not the
    reader named in person."""
    from mufakat.core.models import SharingGroup

    SharingGroup.objects.create(pk=focal.pk, name="Same number").parties.add(focal.party)
    visibility._COMPILED.clear()
    builds: list[str] = []
    assert in_a_request(lambda: [o.number for o in outcomes_of(focal, named_to_focal, builds)]) == [
        1
    ]
    assert in_a_request(lambda: outcomes_of(colleague, named_to_focal, builds)) == []
    assert builds == ["focal.one"]
