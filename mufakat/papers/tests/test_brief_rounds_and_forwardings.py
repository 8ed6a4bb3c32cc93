"""The brief reads the rounds of the instruments it covers one row per round, and the forwardings
sent to its meeting by id: each instrument still gets exactly the rounds its reader may see,
earliest due first, and the meeting exactly the forwardings sent to it that its reader may see.
The tables print every cell escaped as before, the many that need no escaping included."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.functional import lazy
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from mufakat.core.audience import TLP, Audience
from mufakat.meetings.models import Forwarding
from mufakat.monitoring.models import ReportingRound
from mufakat.papers.brief import _rounds_of, build_brief, overseen_instruments
from mufakat.papers.content import Table
from mufakat.papers.templatetags.paper_tags import _escaped
from mufakat.papers.tests.conftest import PapersWorld, days, make_round
from mufakat.registry.models import CrimeArea, Party
from mufakat.testing.factories import OutcomeFactory

pytestmark = pytest.mark.django_db


def rounds_by_instrument(world: PapersWorld, user: Any) -> dict[str, list[str]]:
    instruments = overseen_instruments(world.m25, user=user)
    _made, rounds_of = _rounds_of(user, [i.pk for i in instruments])
    keys = {i.pk: i.key for i in instruments}
    return {keys[pk]: [r.title for r in rounds] for pk, rounds in rounds_of.items()}


def test_each_instrument_gets_the_rounds_its_reader_may_see_earliest_due_first(
    papers_world: PapersWorld, secretariat: Any, jpn_focal: Any, outsider: Any
) -> None:
    aj_rounds = ["Round for the 23rd SOMTC", "Round for the 24th SOMTC", "Round for the 25th SOMTC"]
    assert rounds_by_instrument(papers_world, secretariat) == {
        "aj-wp": aj_rounds,
        "border-wp": ["Border round for the 24th SOMTC"],
    }
    # Japan is in the ASEAN + Japan group but not a member state: no border round.
    assert rounds_by_instrument(papers_world, jpn_focal) == {"aj-wp": aj_rounds}
    # A reader from Canada sees the public work plan but none of its group-only rounds.
    assert rounds_by_instrument(papers_world, outsider) == {}


def test_a_round_of_two_instruments_is_read_once_and_given_to_both(
    papers_world: PapersWorld, secretariat: Any, idn: Party
) -> None:
    joint = make_round(
        title="Joint round for the 24th SOMTC",
        instruments=[papers_world.aj, papers_world.border],
        parties=[idn],
        due=days(-230),
        meeting=papers_world.m24,
        audience=Audience.MEMBER_STATES,
        tlp=TLP.GREEN,
    )
    instruments = overseen_instruments(papers_world.m25, user=secretariat)
    with CaptureQueriesContext(connection) as queries:
        made, rounds_of = _rounds_of(secretariat, [i.pk for i in instruments])
    assert len(queries) == 1
    assert set(made) == {
        papers_world.r23.pk,
        papers_world.r24.pk,
        papers_world.r25.pk,
        papers_world.border_round.pk,
        joint.pk,
    }
    aj, border = rounds_of[papers_world.aj.pk], rounds_of[papers_world.border.pk]
    assert [r.pk for r in aj] == [
        papers_world.r23.pk,
        joint.pk,
        papers_world.r24.pk,
        papers_world.r25.pk,
    ]
    assert [r.pk for r in border] == [joint.pk, papers_world.border_round.pk]
    assert aj[1] is border[0]
    assert isinstance(aj[1], ReportingRound) and aj[1].title == "Joint round for the 24th SOMTC"


def forwarded_texts(world: PapersWorld, user: Any) -> list[str]:
    paper = build_brief(world.m25, user=user)
    part = next(s for s in paper.sections if s.key == "forwarded")
    forwarded = ("Awaiting a decision of this meeting", "Decided")
    tables = [b for b in part.blocks if isinstance(b, Table) and b.caption in forwarded]
    return sorted(row[2] for table in tables for row in table.rows)


def test_only_the_forwardings_sent_to_the_meeting_are_listed_and_only_visible_ones(
    papers_world: PapersWorld, secretariat: Any, idn_focal: Any
) -> None:
    elsewhere = OutcomeFactory.create(
        meeting=papers_world.wg20, number=9, text="Sent to the 24th SOMTC, not the 25th."
    )
    Forwarding.objects.create(outcome=elsewhere, to_meeting=papers_world.m24)
    Forwarding.objects.create(outcome=papers_world.public_fwd.outcome, to_meeting=papers_world.m24)
    public = "Develop a regional counter-terrorism database."
    group = "Assess the training needs for the Japan-funded CT course."
    secret = "BNPT note on foreign terrorist fighters returning home."
    for _ in range(2):  # the second time with the statement compiled by the first
        assert forwarded_texts(papers_world, secretariat) == sorted([public, group])
        assert forwarded_texts(papers_world, idn_focal) == sorted([public, group, secret])


@pytest.mark.parametrize(
    "value",
    [
        "12",
        "2 June 2025",
        "",
        'Tom & Jerry <b>"quoted"</b> it\'s',
        "no special characters at all",
        42,
        None,
        mark_safe("<em>already safe</em>"),
        lazy(lambda: "lazy & translated", str)(),
    ],
)
def test_a_cell_is_escaped_exactly_as_django_escapes_it(value: Any) -> None:
    assert _escaped(value) == str(conditional_escape(value))


def knowledge_source(world: PapersWorld, meeting: Any, user: Any) -> str:
    paper = build_brief(meeting, user=user)
    return next(s for s in paper.sections if s.key == "knowledge").source


def test_a_body_with_areas_of_its_own_is_briefed_on_them_not_on_its_working_groups(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    cyber = CrimeArea.objects.get(code="cybercrime")
    papers_world.somtc.crime_areas.set([cyber])
    for _ in range(2):
        source = knowledge_source(papers_world, papers_world.m25, secretariat)
        assert "in the crime areas of the SOMTC (Cybercrime)" in source
        assert "Terrorism" not in source
    papers_world.somtc.crime_areas.set([])
    source = knowledge_source(papers_world, papers_world.m25, secretariat)
    assert "crime areas of the bodies reporting to the SOMTC (Terrorism)" in source


def test_a_body_without_working_groups_is_briefed_on_its_own_areas(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    source = knowledge_source(papers_world, papers_world.wg20, secretariat)
    assert "in the crime areas of the SOMTC-WG-CT (Terrorism)" in source
