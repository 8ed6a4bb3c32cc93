"""Tracing outcomes through forwardings: WG → SOMTC → AMMTC, and back.

An outcome forwarded to a later meeting may be taken up there as a *resulting outcome*, which
may itself be forwarded further. The trace follows those links upward (forwardings of an
outcome) and back (forwardings whose resulting outcome it is). Forwardings are fetched one hop
at a time for all outcomes of the frontier together — the number of queries grows with the
length of the chain, never with the number of outcomes — and every fetch goes through the
gate, so a hidden meeting or outcome simply ends the chain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from mufakat.meetings.models import Forwarding, Meeting, Outcome

#: Longest chain followed in either direction; real chains are two or three hops long.
MAX_HOPS = 6
#: Chains shown through one outcome at most (they multiply when outcomes merge and split).
MAX_CHAINS = 50


@dataclass(frozen=True)
class Step:
    """A meeting on a chain: the outcome there (if known) and how it arrived (None at origin)."""

    meeting: Meeting
    outcome: Outcome | None
    forwarding: Forwarding | None


Chain = tuple[Step, ...]


def visible_forwardings(user: Any) -> QuerySet[Forwarding]:
    """Forwardings the user may see, with the resulting outcome flagged when it is hidden."""
    hidden_free = Outcome.objects.visible_to(user).filter(pk=OuterRef("resulting_outcome_id"))
    return (
        Forwarding.objects.visible_to(user)
        .annotate(result_visible=Exists(hidden_free))
        .select_related(
            "outcome__meeting__body", "to_meeting__body", "resulting_outcome__meeting__body"
        )
        .order_by("to_meeting__start_date", "pk")
    )


def forget_hidden_results(forwardings: Iterable[Forwarding]) -> list[Forwarding]:
    """Drop (in memory only) a resulting outcome the user may not see."""
    rows = list(forwardings)
    for fwd in rows:
        if fwd.resulting_outcome_id is not None and not getattr(fwd, "result_visible", False):
            fwd.resulting_outcome = None
    return rows


@dataclass
class Trace:
    """Forwardings around a set of seed outcomes, indexed both ways."""

    up: dict[int, list[Forwarding]] = field(default_factory=dict)
    down: dict[int, list[Forwarding]] = field(default_factory=dict)

    def up_paths(self, outcome_id: int, visiting: frozenset[int]) -> list[list[Forwarding]]:
        paths: list[list[Forwarding]] = []
        for fwd in self.up.get(outcome_id, []):
            nxt = fwd.resulting_outcome_id
            if nxt is not None and nxt not in visiting:
                paths += [[fwd, *rest] for rest in self.up_paths(nxt, visiting | {nxt})]
            else:
                paths.append([fwd])
        return paths or [[]]

    def down_paths(self, outcome_id: int, visiting: frozenset[int]) -> list[list[Forwarding]]:
        paths: list[list[Forwarding]] = []
        for fwd in self.down.get(outcome_id, []):
            prev = fwd.outcome_id
            if prev not in visiting:
                paths += [[*rest, fwd] for rest in self.down_paths(prev, visiting | {prev})]
            else:
                paths.append([fwd])
        return paths or [[]]

    def chains_through(self, outcome: Outcome) -> list[Chain]:
        """Every chain from an origin through ``outcome`` to where it ended up (≥ 2 steps)."""
        chains: list[Chain] = []
        start = frozenset({outcome.pk})
        for back in self.down_paths(outcome.pk, start):
            for onward in self.up_paths(outcome.pk, start):
                hops = back + onward
                if not hops:
                    continue
                origin = back[0].outcome if back else outcome
                steps = [Step(origin.meeting, origin, None)]
                steps += [Step(f.to_meeting, f.resulting_outcome, f) for f in hops]
                chains.append(tuple(steps))
                if len(chains) >= MAX_CHAINS:
                    return chains
        return chains


def collect(seeds: Iterable[Outcome], *, user: Any, hops: int = MAX_HOPS) -> Trace:
    """Fetch the forwardings around ``seeds`` (visible outcomes), hop by hop in both directions."""
    trace = Trace()
    seed_ids = {o.pk for o in seeds}
    up_frontier, down_frontier = set(seed_ids), set(seed_ids)
    seen_up, seen_down = set(seed_ids), set(seed_ids)
    base = visible_forwardings(user)
    for _hop in range(hops):
        if not up_frontier and not down_frontier:
            break
        next_up: set[int] = set()
        if up_frontier:
            for fwd in forget_hidden_results(base.filter(outcome_id__in=up_frontier)):
                trace.up.setdefault(fwd.outcome_id, []).append(fwd)
                nxt = fwd.resulting_outcome_id
                if nxt is not None and nxt not in seen_up:
                    seen_up.add(nxt)
                    next_up.add(nxt)
        next_down: set[int] = set()
        if down_frontier:
            for fwd in forget_hidden_results(base.filter(resulting_outcome_id__in=down_frontier)):
                if fwd.resulting_outcome_id is None:
                    continue
                trace.down.setdefault(fwd.resulting_outcome_id, []).append(fwd)
                if fwd.outcome_id not in seen_down:
                    seen_down.add(fwd.outcome_id)
                    next_down.add(fwd.outcome_id)
        up_frontier, down_frontier = next_up, next_down
    return trace


def chain_key(chain: Chain) -> tuple[int | None, ...]:
    first = chain[0].outcome
    return (first.pk if first else None, *(s.forwarding.pk for s in chain[1:] if s.forwarding))


def unique_chains(trace: Trace, outcomes: Iterable[Outcome]) -> list[Chain]:
    """The chains through any of ``outcomes``, each once, oldest origin first."""
    found: dict[tuple[int | None, ...], Chain] = {}
    for outcome in outcomes:
        for chain in trace.chains_through(outcome):
            found.setdefault(chain_key(chain), chain)
    return sorted(
        found.values(),
        key=lambda c: (c[0].meeting.start_date, c[0].outcome.number if c[0].outcome else 0),
    )
