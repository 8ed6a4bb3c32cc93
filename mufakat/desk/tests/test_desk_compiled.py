"""My desk compiles its reads once per reader, and still shows an access change, a change of
role or a change of the data at the very next request."""

from __future__ import annotations

from typing import Any

import pytest

from mufakat.accounts.models import Role, User
from mufakat.core import visibility
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.desk.tests.conftest import NEXT_ROUND, RESTRICTED_MEETING, World
from mufakat.desk.tests.test_desk import desk_text
from mufakat.meetings.models import MeetingDocument

pytestmark = pytest.mark.django_db


def desk_statements(user: User) -> set[tuple[Any, ...]]:
    """The desk's compiled statements kept (the tests clear them before ``user`` reads): kept
    for the reader's class, the reader's id among the parameters."""
    return {
        key
        for key in visibility._COMPILED
        if key[0] == "precompiled"
        and str(key[1]).startswith("desk.")
        and user.party_id in key
        and user.role in key
    }


@pytest.mark.parametrize("name", ["secretariat", "idn_focal", "jpn_focal", "idn_chair", "outsider"])
def test_each_readers_desk_is_compiled_once_and_then_only_run(
    world: World, as_user: Any, request: pytest.FixtureRequest, name: str
) -> None:
    user = request.getfixturevalue(name)
    client = as_user(user)
    visibility._COMPILED.clear()
    first = desk_text(client)
    compiled = desk_statements(user)
    assert compiled, "the desk compiles its reads for the reader"
    assert desk_text(client) == first
    assert desk_statements(user) == compiled


def test_joining_and_leaving_a_sharing_group_shows_on_the_desk_at_the_next_request(
    world: World, as_user: Any, jpn_focal: User, asean_only: SharingGroup
) -> None:
    client = as_user(jpn_focal)
    assert RESTRICTED_MEETING not in desk_text(client)
    asean_only.parties.add(jpn_focal.party)
    assert RESTRICTED_MEETING in desk_text(client)
    asean_only.parties.remove(jpn_focal.party)
    assert RESTRICTED_MEETING not in desk_text(client)
    asean_only.users.add(jpn_focal)
    assert RESTRICTED_MEETING in desk_text(client)


def test_a_change_of_role_shows_on_the_desk_at_the_next_request(
    world: World, as_user: Any, idn_focal: User
) -> None:
    client = as_user(idn_focal)
    assert "Reports to write" in desk_text(client)
    idn_focal.role = Role.READER
    idn_focal.save()
    text = desk_text(client)
    assert "Reports to write" not in text and "Action items for" not in text
    idn_focal.role = Role.FOCAL_POINT
    idn_focal.save()
    assert "Reports to write" in desk_text(client)


def test_a_meetings_new_agenda_and_a_rounds_new_audience_show_at_the_next_request(
    world: World, as_user: Any, secretariat: User, jpn_focal: User
) -> None:
    client = as_user(secretariat)

    def next_somtc_lacks_documents() -> bool:  # (the retreat, listed after it, has none yet)
        before_retreat = desk_text(client).split("ASEAN-only")[0]
        return "No documents yet, not even the provisional agenda." in before_retreat

    assert next_somtc_lacks_documents()
    MeetingDocument.objects.create(
        meeting=world.next_somtc,
        kind=MeetingDocument.Kind.PROVISIONAL_AGENDA,
        title="Provisional agenda of the 25th SOMTC",
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    assert not next_somtc_lacks_documents()

    japan = as_user(jpn_focal)
    assert NEXT_ROUND in desk_text(japan)
    world.next_round.audience, world.next_round.tlp = Audience.NAMED, TLP.RED
    world.next_round.save()
    assert NEXT_ROUND not in desk_text(japan)


@pytest.mark.parametrize("name", ["idn_focal", "jpn_focal"])
def test_a_focal_points_reports_to_write_are_ranked_by_a_statement_compiled_once(
    world: World, as_user: Any, request: pytest.FixtureRequest, name: str
) -> None:
    """The ranking of the reports to write changes shape with the reports only: compiled at the
    first request, run at the next, the same desk either way."""
    user = request.getfixturevalue(name)
    client = as_user(user)
    visibility._COMPILED.clear()
    first = desk_text(client)
    ranked = {key for key in desk_statements(user) if "ranked_reports" in str(key[1])}
    assert ranked, "the ranking is compiled for the reader"
    assert desk_text(client) == first
    assert {key for key in desk_statements(user) if "ranked_reports" in str(key[1])} == ranked
    visibility._COMPILED.clear()
    assert desk_text(client) == first
