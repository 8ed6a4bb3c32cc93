"""Tracing outcomes through forwardings: WG → SOMTC → AMMTC, and back.

An outcome forwarded to a later meeting may be taken up there as a *resulting outcome*, which
may itself be forwarded further. The trace follows those links upward (forwardings of an
outcome) and back (forwardings whose resulting outcome it is).

A recursive walk over the forwarding table's two id columns only names the candidates (the
rows within :data:`MAX_HOPS` of a seed, a superset of what the reader may follow), and the rows
are then read through the gate, with only the columns the pages show: in one query for an
outcome's trace, in two for a meeting's (the walk first, then the gated rows by id, a statement
PostgreSQL plans once per connection; see :func:`around_meeting`). The hops are then followed
in memory over the gated rows alone, exactly as a hop-by-hop read through the gate would, so a
hidden meeting, forwarding or resulting outcome still simply ends the chain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, connections, router
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from mufakat.core.visibility import precompiled
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


#: What the meeting page, its marking and the API read of a forwarding and the records it links
#: (references, titles, links, markings); nothing else is fetched.
LEAN_FIELDS = (
    "id",
    "outcome_id",
    "to_meeting_id",
    "resulting_outcome_id",
    "status",
    "decision_note",
    "source",
    *(
        f"{outcome}__{name}"
        for outcome in ("outcome", "resulting_outcome")
        for name in ("id", "meeting_id", "number", "text", "tlp")
    ),
    *(
        f"{meeting}__{name}"
        for meeting in ("outcome__meeting", "to_meeting", "resulting_outcome__meeting")
        for name in (
            "id",
            "title",
            "title_translations",
            "number",
            "start_date",
            "tlp",
            "body_id",
            "body__code",
        )
    ),
)

_WALK = """
WITH RECURSIVE seeds(oid) AS ({seeds}),
up(oid, depth) AS (
  SELECT oid, 0 FROM seeds
  UNION
  SELECT f.resulting_outcome_id, up.depth + 1 FROM {fwd} f JOIN up ON f.outcome_id = up.oid
  WHERE up.depth < %s AND f.resulting_outcome_id IS NOT NULL
),
down(oid, depth) AS (
  SELECT oid, 0 FROM seeds
  UNION
  SELECT f.outcome_id, down.depth + 1 FROM {fwd} f JOIN down ON f.resulting_outcome_id = down.oid
  WHERE down.depth < %s
)
SELECT f.id FROM {fwd} f
WHERE f.outcome_id IN (SELECT oid FROM up) OR f.resulting_outcome_id IN (SELECT oid FROM down)
"""


def _candidates(seeds_sql: str, seed_params: list[Any], hops: int) -> RawSQL:
    """Ids of every forwarding within ``hops`` of the seed outcomes, either way, whoever reads
    (ids only: they narrow a gated read and are never shown)."""
    sql = _WALK.format(seeds=seeds_sql, fwd=Forwarding._meta.db_table)
    return RawSQL(sql, [*seed_params, hops - 1, hops - 1])


def _meeting_seeds(meeting_id: int) -> tuple[str, list[Any]]:
    """The meeting's outcomes and the outcomes forwarded to it (a superset of the visible ones)."""
    sql = (
        f"SELECT id FROM {Outcome._meta.db_table} WHERE meeting_id = %s "
        f"UNION SELECT outcome_id FROM {Forwarding._meta.db_table} WHERE to_meeting_id = %s"
    )
    return sql, [meeting_id, meeting_id]


def _outcome_seeds(outcome_ids: Iterable[int]) -> tuple[str, list[Any]]:
    ids = sorted(set(outcome_ids)) or [0]
    marks = ", ".join(["%s"] * len(ids))
    return f"SELECT id FROM {Outcome._meta.db_table} WHERE id IN ({marks})", ids


def _among(candidates: RawSQL) -> Any:
    """The condition "the forwarding is one of ``candidates``". On PostgreSQL the walk becomes an
    array the planner starts from (a few primary-key lookups); as ``IN (walk)`` it joined every
    forwarding with its outcomes and meetings first and narrowed last."""
    if connection.vendor == "postgresql":
        column = f'"{Forwarding._meta.db_table}"."id"'
        return RawSQL(
            f"{column} = ANY(ARRAY({candidates.sql}))",
            candidates.params,
            output_field=BooleanField(),
        )
    return Q(pk__in=candidates)


def _lean(user: Any, candidates: RawSQL) -> list[Forwarding]:
    """The gated rows among ``candidates``, resulting outcomes the reader may not see forgotten."""
    return forget_hidden_results(_lean_rows(user, candidates))


def _lean_rows(user: Any, candidates: RawSQL) -> QuerySet[Forwarding]:
    return visible_forwardings(user).filter(_among(candidates)).only(*LEAN_FIELDS)


#: Most candidates read by id in one precompiled statement; more (merged chains of hundreds of
#: forwardings) are read with the walk inside the gated statement instead.
MAX_BY_ID = 256


def around_meeting(meeting_id: int, *, user: Any, hops: int = MAX_HOPS) -> list[Forwarding]:
    """The visible forwardings of the meeting's outcomes, those it received, and (``hops`` > 1)
    the chains through either, oldest destination first.

    Two statements, none when nothing was ever forwarded from or to the meeting: the walk names
    the candidates (ids only, whoever reads), then the gated read takes them by id. As one
    statement, PostgreSQL planned the gated read with the walk inside afresh on every request
    (a plan for any meeting looked dearer than one for this meeting), which cost several times
    its run; by id, it is planned once per connection and number of candidates."""
    sql, params = _meeting_seeds(meeting_id)
    ids = _walk(sql, params, hops)
    if not ids:
        return []
    if len(ids) > MAX_BY_ID:
        return _lean(user, _candidates(sql, params, hops))
    return forget_hidden_results(_by_id(user, ids))


def _walk(seeds_sql: str, seed_params: list[Any], hops: int) -> list[int]:
    """The ids of :func:`_candidates`, read on their own (they are never shown). On PostgreSQL
    the seeds come as an array, which the planner counts alike for every meeting: the walk is
    then planned once per connection rather than for each meeting's own seeds."""
    using = router.db_for_read(Forwarding)
    if connections[using].vendor == "postgresql":
        seeds_sql = f"SELECT unnest(ARRAY({seeds_sql}))"
    candidates = _candidates(seeds_sql, seed_params, hops)
    with connections[using].cursor() as cursor:
        cursor.execute(candidates.sql, candidates.params)
        return sorted(row[0] for row in cursor.fetchall())


def _by_id(user: Any, ids: list[int]) -> list[Forwarding]:
    """The gated rows among ``ids``: a statement compiled once per reader and size, the ids
    padded (with the last one repeated) to the next power of two so that few sizes occur."""
    size = 1 << (len(ids) - 1).bit_length()
    padded = tuple(ids + ids[-1:] * (size - len(ids)))

    def build(*values: int) -> QuerySet[Forwarding]:
        return visible_forwardings(user).filter(pk__in=values).only(*LEAN_FIELDS)

    return precompiled("meetings.forwardings_by_id", Forwarding, user, build, padded)


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
    """Fetch the forwardings around ``seeds`` (visible outcomes) in one query, and follow them."""
    seeds = list(seeds)
    sql, params = _outcome_seeds(o.pk for o in seeds)
    return assemble(_lean(user, _candidates(sql, params, hops)), seeds, hops=hops)


def assemble(
    rows: Iterable[Forwarding], seeds: Iterable[Outcome], *, hops: int = MAX_HOPS
) -> Trace:
    """Follow the gated ``rows`` hop by hop from ``seeds`` in both directions, as far as a
    hop-by-hop read through the gate would go (at most ``hops``)."""
    by_outcome: dict[int, list[Forwarding]] = {}
    by_result: dict[int, list[Forwarding]] = {}
    for fwd in rows:
        by_outcome.setdefault(fwd.outcome_id, []).append(fwd)
        if fwd.resulting_outcome_id is not None:
            by_result.setdefault(fwd.resulting_outcome_id, []).append(fwd)
    trace = Trace()
    seed_ids = {o.pk for o in seeds}
    up_frontier, down_frontier = set(seed_ids), set(seed_ids)
    seen_up, seen_down = set(seed_ids), set(seed_ids)
    for _hop in range(hops):
        if not up_frontier and not down_frontier:
            break
        next_up: set[int] = set()
        for oid in up_frontier:
            for fwd in by_outcome.get(oid, []):
                trace.up.setdefault(oid, []).append(fwd)
                nxt = fwd.resulting_outcome_id
                if nxt is not None and nxt not in seen_up:
                    seen_up.add(nxt)
                    next_up.add(nxt)
        next_down: set[int] = set()
        for oid in down_frontier:
            for fwd in by_result.get(oid, []):
                trace.down.setdefault(oid, []).append(fwd)
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
