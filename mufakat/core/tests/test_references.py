"""The one helper that names a referenced record: only what the reader may see, in one query."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mufakat.core import references
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.meetings.models import Meeting
from mufakat.registry.models import Party
from mufakat.testing.factories import MeetingFactory, sharing_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(idn: Party) -> dict[str, Meeting]:
    public = cast(Meeting, MeetingFactory(title="Open plenary"))
    idn_only = cast(
        Meeting,
        MeetingFactory(
            title="Closed session",
            audience=Audience.ORGANISATION,
            tlp=TLP.AMBER_STRICT,
            owner_party=idn,
        ),
    )
    return {"public": public, "idn_only": idn_only}


def test_a_reference_the_reader_may_not_see_is_absent_and_shown_as_restricted(
    meetings: dict[str, Meeting], idn_focal: Any, outsider: Any
) -> None:
    ids = [m.pk for m in meetings.values()]
    mine = references.labels(idn_focal, Meeting, ids, label="title")
    theirs = references.labels(outsider, Meeting, ids, label="title")
    assert sorted(mine.values()) == ["Closed session", "Open plenary"]
    assert list(theirs.values()) == ["Open plenary"]
    show = references.shown(theirs)
    assert show(meetings["idn_only"].pk) == "(restricted)"
    assert show(meetings["public"].pk) == "Open plenary"


def test_anonymous_readers_get_only_public_references(
    meetings: dict[str, Meeting], anonymous: Any
) -> None:
    ids = {m.pk for m in meetings.values()}
    assert references.visible_ids(anonymous, Meeting, ids) == {meetings["public"].pk}


def test_a_confidential_group_is_named_only_to_its_members_and_registry_editors(
    idn: Party, idn_focal: Any, jpn_focal: Any, secretariat: Any, asean_japan: SharingGroup
) -> None:
    secret = sharing_group("idn-cell", [idn], name="Indonesian cell")
    SharingGroup.objects.filter(pk=secret.pk).update(confidential=True)
    codes = ["asean-jpn", "idn-cell"]
    named = {
        who.username: references.labels(who, SharingGroup, codes, key="code", label="name")
        for who in (idn_focal, jpn_focal, secretariat)
    }
    assert named["idn.focal"] == {"asean-jpn": "ASEAN + Japan", "idn-cell": "Indonesian cell"}
    assert named["jpn.focal"] == {"asean-jpn": "ASEAN + Japan"}
    assert named["secretariat"] == named["idn.focal"]
    assert references.shown_many(named["jpn.focal"])(codes) == "(restricted), ASEAN + Japan"


def test_many_references_cost_one_query(idn_focal: Any) -> None:
    many = [MeetingFactory().pk for _ in range(12)]
    with CaptureQueriesContext(connection) as queries:
        found = references.labels(idn_focal, Meeting, many, label="title")
    assert len(found) == 12
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as none:
        assert references.labels(idn_focal, Meeting, [None, ""]) == {}
    assert len(none) == 0
