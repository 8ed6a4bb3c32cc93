"""The brief of the 25th SOMTC, read by the Secretariat, Indonesia's and Japan's focal points, a
reader from Canada and an anonymous visitor: each sees exactly what they may, and the brief is
marked with the most restrictive label of what it contains (see ``conftest.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from mufakat.core.audience import TLP, Audience
from mufakat.library.models import KnowledgeItem
from mufakat.meetings.models import Forwarding, Meeting, Outcome
from mufakat.monitoring.models import ReportingRound
from mufakat.papers.brief import build_brief, one_line, overseen_instruments
from mufakat.papers.content import Chart, Note, Section, Table
from mufakat.papers.tests.conftest import ACCEPTED, PapersWorld, days, report
from mufakat.testing.factories import (
    ActivityFactory,
    BodyFactory,
    MeetingFactory,
    OutcomeFactory,
)

PUBLIC_FORWARDED = "Develop a regional counter-terrorism database."
GROUP_FORWARDED = "Assess the training needs for the Japan-funded CT course."
IDN_FORWARDED = "BNPT note on foreign terrorist fighters returning home."
AJ = "ASEAN–Japan Work Plan 2023–2027"
BORDER = "ASEAN Border Management Work Plan"
JPN_ACTION = "Japan to present a consolidated progress report."
IDN_ACTION = "Indonesia to share the BNPT watch-list procedures."
DONE_ACTION = "The Secretariat to circulate the reporting template."
GOOD_PRACTICE = "Deradicalisation with families"
IDN_STATS = "Ringkasan peserta program deradikalisasi"
REQUEST = "Request: experts on prison radicalisation"
DELEGATES = ("Ahmad Nur", "Siti Rahma")

#: What each reader finds in the brief (every other marker above must be absent).
SEES: dict[str, set[str]] = {
    "secretariat": {
        PUBLIC_FORWARDED,
        GROUP_FORWARDED,
        AJ,
        BORDER,
        JPN_ACTION,
        DONE_ACTION,
        GOOD_PRACTICE,
        REQUEST,
        *DELEGATES,
    },
    "idn_focal": {
        PUBLIC_FORWARDED,
        GROUP_FORWARDED,
        IDN_FORWARDED,
        AJ,
        BORDER,
        JPN_ACTION,
        IDN_ACTION,
        DONE_ACTION,
        GOOD_PRACTICE,
        IDN_STATS,
        REQUEST,
        *DELEGATES,
    },
    "jpn_focal": {
        PUBLIC_FORWARDED,
        GROUP_FORWARDED,
        AJ,
        JPN_ACTION,
        DONE_ACTION,
        GOOD_PRACTICE,
        REQUEST,
        *DELEGATES,
    },
    "outsider": {PUBLIC_FORWARDED, JPN_ACTION, DONE_ACTION, GOOD_PRACTICE, REQUEST, *DELEGATES},
    "anonymous": {PUBLIC_FORWARDED, JPN_ACTION, DONE_ACTION, GOOD_PRACTICE},
}
MARKERS = set().union(*SEES.values())
MARKING = {
    "secretariat": TLP.AMBER,
    "idn_focal": TLP.AMBER_STRICT,
    "jpn_focal": TLP.AMBER,
    "outsider": TLP.GREEN,
    "anonymous": TLP.CLEAR,
}


def section(paper: Any, key: str) -> Section:
    return next(s for s in paper.all_sections() if s.key == key)


def notes(part: Section) -> str:
    return " ".join(b.text for b in part.blocks if isinstance(b, Note))


@pytest.mark.parametrize("reader", list(SEES))
def test_each_reader_finds_exactly_what_they_may_see_and_the_marking_of_it(
    papers_world: PapersWorld, all_users: dict[str, Any], reader: str
) -> None:
    paper = build_brief(papers_world.m25, user=all_users[reader])
    text = paper.text()
    for marker in SEES[reader]:
        assert marker in text, f"{reader} should find {marker!r}"
    for marker in MARKERS - SEES[reader]:
        assert marker not in text, f"{reader} must not find {marker!r}"
    assert paper.tlp == MARKING[reader]
    assert paper.kind == "brief"


def test_a_restricted_part_leaves_no_trace_of_its_title(
    papers_world: PapersWorld, jpn_focal: Any, outsider: Any
) -> None:
    """Japan does not see the member-states work plan; nor does the outsider see the rounds of
    the ASEAN–Japan work plan: no heading, no count, no placeholder."""
    for user in (jpn_focal, outsider):
        text = build_brief(papers_world.m25, user=user).text()
        assert "Border" not in text
        assert "restricted" not in text.lower()
        assert "BNPT" not in text
    outsider_text = build_brief(papers_world.m25, user=outsider).text()
    assert "Round for the" not in outsider_text
    assert "No instrument is monitored" in outsider_text
    # The working group's meeting counts only the forwardings the reader may see.
    assert "| Held | 1" in outsider_text


def test_the_brief_opens_with_the_meeting_and_its_previous_one(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    paper = build_brief(papers_world.m25, user=secretariat)
    meta = dict(paper.meta)
    assert paper.title == "Brief for the 25th SOMTC"
    assert meta["Venue"] == "Jakarta, Indonesia"
    assert meta["Chair"] == "Indonesia"
    assert meta["Status"] == "Planned"
    assert meta["Previous meeting"].startswith("24th SOMTC (")
    assert paper.url.endswith(f"/meetings/{papers_world.m25.pk}/brief/")


def test_forwarded_items_give_their_number_origin_and_a_link_to_the_outcome(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    part = section(build_brief(papers_world.m25, user=secretariat), "forwarded")
    pending = next(b for b in part.blocks if isinstance(b, Table))
    assert pending.caption == "Awaiting a decision of this meeting"
    assert pending.rows[0][0] == "SOMTC-WG-CT 20/1"
    assert pending.rows[0][1].startswith("20th SOMTC Working Group on Counter-Terrorism")
    assert pending.row_links[0] == papers_world.public_fwd.outcome.get_absolute_url()
    assert "Forwardings recorded to the 25th SOMTC" in part.source


def test_a_decision_taken_on_a_forwarded_item_is_shown_with_the_outcome_it_became(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    taken_up = OutcomeFactory.create(
        meeting=papers_world.m25, number=1, text="Endorse the database."
    )
    Forwarding.objects.filter(pk=papers_world.public_fwd.pk).update(
        status=Forwarding.Status.ENDORSED,
        decision_note="Endorsed.",
        resulting_outcome=taken_up,
    )
    part = section(build_brief(papers_world.m25, user=secretariat), "forwarded")
    decided = next(b for b in part.blocks if isinstance(b, Table) and b.caption == "Decided")
    assert decided.rows[0][3] == "Endorsed — Endorsed. — taken up as SOMTC 25/1"


def test_the_implementation_comes_from_the_latest_frozen_snapshot_and_says_so(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    part = section(
        build_brief(papers_world.m25, user=secretariat), f"instrument-{papers_world.aj.pk}"
    )
    assert part.source.startswith("Latest frozen figures: Snapshot of Round for the 24th SOMTC")
    assert "presented at the 24th SOMTC" in part.source
    # The round feeding this meeting is still open: the brief says how far reporting has come.
    assert "The Round for the 25th SOMTC, which feeds this meeting, is open" in notes(part)
    assert "So far 1 of 5 expected activity reports have been submitted" in notes(part)
    charts = [b for b in part.blocks if isinstance(b, Chart)]
    assert [c.title for c in charts] == [
        "Activities by status per priority area",
        "Completion per party",
    ]
    assert all(c.svg.startswith("<svg") for c in charts)
    changes = part.subsections[0]
    assert changes.source.startswith("Compared with the snapshot of Round for the 23rd SOMTC")
    transitions = next(b for b in changes.blocks if isinstance(b, Table))
    assert ["On track", "Completed", "1"] in transitions.rows
    # A draft not submitted when the round was frozen is not a fall to "not reported".
    assert ["On track", "Draft not submitted", "1"] in transitions.rows


def test_the_snapshot_presented_at_the_meeting_itself_is_preferred(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    part = section(
        build_brief(papers_world.m24, user=secretariat), f"instrument-{papers_world.aj.pk}"
    )
    assert part.source.startswith("Snapshot of Round for the 24th SOMTC")


def test_an_earlier_meeting_is_briefed_with_its_own_snapshot(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    part = section(
        build_brief(papers_world.m23, user=secretariat), f"instrument-{papers_world.aj.pk}"
    )
    assert part.source.startswith("Snapshot of Round for the 23rd SOMTC")
    assert "there is no earlier one to compare it with" in notes(part.subsections[0])


def test_an_instrument_whose_round_is_not_frozen_yet_gets_a_note(secretariat: Any) -> None:
    body = BodyFactory.create(code="SOMTC-WG-NEW", name="New working group")
    meeting = MeetingFactory.create(body=body, number=1, title="1st New WG", start_date=days(30))
    round_ = ReportingRound.objects.create(
        title="Round for the 1st New WG",
        meeting=meeting,
        opens_on=days(-5),
        due_date=days(20),
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
        status=ReportingRound.Status.OPEN,
    )
    instrument = ActivityFactory.create().priority_area.instrument
    round_.instruments.set([instrument])
    part = section(build_brief(meeting, user=secretariat), f"instrument-{instrument.pk}")
    assert "No snapshot has been frozen for this instrument yet" in notes(part)
    assert (
        "The Round for the 1st New WG, which feeds this meeting, is open for reporting; "
        "reports are due" in notes(part)
    )
    assert notes(part).count("No snapshot has been frozen") == 1
    round_.opens_on, round_.due_date = days(-30), days(-3)
    round_.save(update_fields=["opens_on", "due_date"])
    part = section(build_brief(meeting, user=secretariat), f"instrument-{instrument.pk}")
    assert "is open for reporting; reports were due" in notes(part)


def test_a_first_meeting_and_an_empty_one_say_why_each_part_is_empty(secretariat: Any) -> None:
    body = BodyFactory.create(code="SOMTC-WG-NEW", name="New working group")
    meeting = MeetingFactory.create(body=body, number=1, title="1st New WG", start_date=days(30))
    paper = build_brief(meeting, user=secretariat)
    assert dict(paper.meta)["Previous meeting"] == "none recorded"
    for part in paper.sections:
        assert part.blocks or part.subsections, part.heading
        if not any(not isinstance(b, Note) for b in part.blocks):
            assert notes(part), f"{part.heading} is empty without a note"
    text = paper.text()
    assert "No outcome of another meeting has been recorded as forwarded" in text
    assert "No instrument is monitored through reporting rounds" in text
    assert "No action item of an earlier meeting" in text
    assert "No crime area is recorded" in text
    assert "No invitation, delegation or participant has been recorded" in text
    assert "No agenda has been recorded" in text
    assert paper.tlp == TLP.CLEAR


def test_action_items_are_grouped_by_responsible_party_with_their_state(
    papers_world: PapersWorld, idn_focal: Any
) -> None:
    part = section(build_brief(papers_world.m25, user=idn_focal), "action-items")
    tables = {b.caption: b for b in part.blocks if isinstance(b, Table)}
    assert list(tables) == ["ASEAN Secretariat (ASEC)", "Indonesia (IDN)", "Japan (JPN)"]
    assert tables["Japan (JPN)"].rows[0][0] == "SOMTC 24/1"
    assert tables["Japan (JPN)"].rows[0][3] == "Overdue"
    assert tables["Indonesia (IDN)"].rows[0][3] == "Open"
    assert tables["ASEAN Secretariat (ASEC)"].rows[0][3] == "Done"
    assert "2 open (1 of them overdue) and 1 done since the 24th SOMTC" in part.blocks[0].text


def test_knowledge_follows_the_crime_areas_of_the_bodies_reporting_to_it(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    part = section(build_brief(papers_world.m25, user=secretariat), "knowledge")
    assert "crime areas of the bodies reporting to the SOMTC (Terrorism)" in part.source
    papers_world.somtc.crime_areas.set([papers_world.terrorism])
    part = section(build_brief(papers_world.m25, user=secretariat), "knowledge")
    assert "in the crime areas of the SOMTC (Terrorism)" in part.source


def test_knowledge_published_before_the_previous_meeting_is_not_new(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    KnowledgeItem.objects.filter(title="Deradicalisation with families").update(
        published_at=timezone.make_aware(dt.datetime.combine(days(-300), dt.time(9)))
    )
    text = build_brief(papers_world.m25, user=secretariat).text()
    assert GOOD_PRACTICE not in text
    assert REQUEST in text


def test_instruments_overseen_are_those_whose_rounds_feed_the_body_or_it_reviewed(
    papers_world: PapersWorld, secretariat: Any, jpn_focal: Any
) -> None:
    assert overseen_instruments(papers_world.m25, user=secretariat) == [
        papers_world.border,
        papers_world.aj,
    ]
    assert overseen_instruments(papers_world.m25, user=jpn_focal) == [papers_world.aj]
    reviewed = ActivityFactory.create().priority_area.instrument
    reviewed.reviewed_at.set([papers_world.m24])
    assert reviewed in overseen_instruments(papers_world.m25, user=secretariat)
    part = section(build_brief(papers_world.m25, user=secretariat), f"instrument-{reviewed.pk}")
    assert "has no reporting round" in notes(part)


def grow(world: PapersWorld, n: int) -> None:
    """``n`` more of everything the brief lists: forwarded outcomes, action items, knowledge
    items, activities with reports in the open round, meetings of the working group."""
    start = Outcome.objects.count()
    for i in range(start, start + n):
        wg = MeetingFactory.create(
            body=world.wg_ct,
            number=100 + i,
            title=f"Extra WG meeting {i}",
            start_date=days(-50 + i % 40),
        )
        outcome = OutcomeFactory.create(meeting=wg, number=1, text=f"Extra recommendation {i}")
        Forwarding.objects.create(outcome=outcome, to_meeting=world.m25)
        OutcomeFactory.create(
            meeting=world.m24,
            number=10 + i,
            kind=Outcome.Kind.ACTION_ITEM,
            text=f"Extra action {i}",
            responsible=world.r24.reporting_parties.first(),
            due_date=days(i % 20 - 10),
        )
        item = KnowledgeItem.objects.create(
            kind=KnowledgeItem.Kind.CASE_STUDY,
            title=f"Extra case {i}",
            audience=Audience.PUBLIC,
            tlp=TLP.CLEAR,
        )
        item.crime_areas.set([world.terrorism])
        activity = ActivityFactory.create(
            priority_area=world.aj_ct, code=f"X{i}", title=f"Extra {i}"
        )
        for party in world.r25.reporting_parties.all():
            report(world.r25, activity, party, ACCEPTED, "on_track", 50)


@pytest.mark.parametrize("reader", ["secretariat", "jpn_focal", "anonymous"])
def test_the_number_of_queries_does_not_grow_with_the_records(
    papers_world: PapersWorld,
    all_users: dict[str, Any],
    reader: str,
    django_assert_max_num_queries: Any,
) -> None:
    """A fixed number of queries per part, and a few per snapshot shown (two here). Each build
    starts with an empty cache (the totals of a snapshot are cached once read), so both count
    the same reads."""
    user = all_users[reader]
    grow(papers_world, 3)
    cache.clear()
    with django_assert_max_num_queries(27) as small_queries:
        small = build_brief(papers_world.m25, user=user)
    grow(papers_world, 9)
    cache.clear()
    with django_assert_max_num_queries(27) as large_queries:
        large = build_brief(papers_world.m25, user=user)
    assert len(large_queries.captured_queries) == len(small_queries.captured_queries)
    assert len(large.text()) > len(small.text())


def test_a_hidden_meeting_of_a_lower_body_is_not_listed(
    papers_world: PapersWorld, jpn_focal: Any, idn: Any
) -> None:
    MeetingFactory.create(
        body=papers_world.wg_ct,
        number=21,
        title="BNPT preparatory meeting",
        start_date=days(-20),
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn,
    )
    assert "BNPT preparatory meeting" not in build_brief(papers_world.m25, user=jpn_focal).text()


def test_a_cancelled_meeting_is_not_the_previous_one(
    papers_world: PapersWorld, secretariat: Any
) -> None:
    Meeting.objects.filter(pk=papers_world.m24.pk).update(status=Meeting.Status.CANCELLED)
    paper = build_brief(papers_world.m25, user=secretariat)
    assert dict(paper.meta)["Previous meeting"].startswith("23rd SOMTC")


def test_an_outcome_heading_and_body_read_as_one_paragraph_in_a_table() -> None:
    assert one_line("Strengthen cooperation\n\nThe Working Group recommended it.") == (
        "Strengthen cooperation. The Working Group recommended it."
    )
    assert one_line("Agreed:\n  to meet again.") == "Agreed: to meet again."


def test_the_brief_serialises_for_the_api_with_its_marking(
    papers_world: PapersWorld, jpn_focal: Any
) -> None:
    import json

    data = json.loads(json.dumps(build_brief(papers_world.m25, user=jpn_focal).to_json()))
    assert data["tlp"] == TLP.AMBER
    assert data["kind"] == "brief"
    assert BORDER not in json.dumps(data)


def test_a_body_overseeing_many_instruments_tables_them_all_and_details_those_that_moved(
    papers_world: PapersWorld, secretariat: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mufakat.papers.brief.DETAILED_INSTRUMENTS", 1)
    brief = build_brief(papers_world.m25, user=secretariat)
    implementation = section(brief, "implementation")
    table = next(b for b in implementation.blocks if isinstance(b, Table))
    titles = [row[0] for row in table.rows]
    assert titles == [papers_world.border.title, papers_world.aj.title]
    assert all(link and "status-report" in link for link in table.row_links)
    detailed = [s.key for s in implementation.subsections]
    assert len(detailed) == 1
    assert "the detail of the 1 whose mean completion moved most" in brief.text()
