"""Tracing outcomes WG → SOMTC → AMMTC and back, through the gate, in few queries."""

import datetime as dt
from typing import Any

import pytest

from mufakat.meetings import selectors
from mufakat.meetings.trace import MAX_HOPS, collect, unique_chains
from mufakat.testing.factories import ForwardingFactory, MeetingFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


def titles(chain: Any) -> list[str]:
    return [step.meeting.title for step in chain]


def test_the_wg_outcome_is_traced_up_to_the_ministers(anonymous: Any, chain: Any) -> None:
    chains = selectors.outcome_trace(user=anonymous, outcome=chain.wg_outcome)
    assert len(chains) == 1
    assert titles(chains[0]) == [
        "19th SOMTC Working Group on Counter-Terrorism",
        "23rd SOMTC",
        "17th AMMTC",
    ]
    assert [s.forwarding.status if s.forwarding else None for s in chains[0]] == [
        None,
        "endorsed",
        "adopted",
    ]


def test_the_ministers_outcome_is_traced_back_to_the_working_group(
    anonymous: Any, chain: Any
) -> None:
    chains = selectors.outcome_trace(user=anonymous, outcome=chain.ammtc_outcome)
    assert [titles(c) for c in chains] == [
        ["19th SOMTC Working Group on Counter-Terrorism", "23rd SOMTC", "17th AMMTC"]
    ]
    assert chains[0][0].outcome == chain.wg_outcome


def test_a_hidden_origin_ends_the_chain_for_those_who_cannot_see_it(
    anonymous: Any, idn_focal: Any, chain: Any
) -> None:
    chain.wg_outcome.audience, chain.wg_outcome.tlp = "organisation", "AMBER"
    chain.wg_outcome.owner_party = idn_focal.party
    chain.wg_outcome.save()
    seen_by_public = selectors.outcome_trace(user=anonymous, outcome=chain.ammtc_outcome)
    assert [titles(c) for c in seen_by_public] == [["23rd SOMTC", "17th AMMTC"]]
    seen_by_idn = selectors.outcome_trace(user=idn_focal, outcome=chain.ammtc_outcome)
    assert len(titles(seen_by_idn[0])) == 3


def test_a_hidden_resulting_outcome_is_not_shown_but_the_meeting_is(
    anonymous: Any, idn: Any, chain: Any
) -> None:
    chain.somtc_outcome.audience, chain.somtc_outcome.tlp = "organisation", "AMBER"
    chain.somtc_outcome.owner_party = idn
    chain.somtc_outcome.save()
    chains = selectors.outcome_trace(user=anonymous, outcome=chain.wg_outcome)
    assert titles(chains[0]) == ["19th SOMTC Working Group on Counter-Terrorism", "23rd SOMTC"]
    assert chains[0][1].outcome is None


def test_an_outcome_never_forwarded_has_no_chain(anonymous: Any, chain: Any) -> None:
    alone = OutcomeFactory.create(meeting=chain.wg, number=5)
    assert selectors.outcome_trace(user=anonymous, outcome=alone) == []


def test_tracing_costs_one_query_whatever_the_hops_and_outcomes(
    anonymous: Any, chain: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(2, 12):
        extra = OutcomeFactory.create(meeting=chain.wg, number=n)
        ForwardingFactory.create(
            outcome=extra, to_meeting=chain.somtc, resulting_outcome=chain.somtc_outcome
        )
    seeds = list(chain.wg.outcomes.select_related("meeting__body"))
    with django_assert_max_num_queries(1):
        chains = unique_chains(collect(seeds, user=anonymous), seeds)
    assert len(chains) == 11


def test_a_cycle_in_bad_data_does_not_loop(secretariat: Any, chain: Any) -> None:
    later = MeetingFactory.create(body=chain.wg.body, number=20, start_date=dt.date(2024, 5, 1))
    ForwardingFactory.create(
        outcome=chain.ammtc_outcome, to_meeting=later, resulting_outcome=chain.wg_outcome
    )
    chains = selectors.outcome_trace(user=secretariat, outcome=chain.wg_outcome)
    assert chains and all(len(c) <= 1 + 2 * MAX_HOPS for c in chains)
