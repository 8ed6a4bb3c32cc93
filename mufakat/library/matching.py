"""Matching needs with offers between countries: requests for expertise and what could answer them.

For the reader's party: the open requests of others it may see, each with the items of its own
that share a crime area with the request ("you could offer these") and the offers already
made; and its own open requests, each with candidate items of others sharing a crime area.
Every list goes through the gate; the page costs a fixed number of queries, however many
requests there are (candidates are matched in Python against one bounded query).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from mufakat.core.audience import Audience
from mufakat.library.models import ExpertiseOffer, KnowledgeItem
from mufakat.library.permissions import can_publish
from mufakat.registry.models import CrimeArea

#: Requests shown per list; the oldest open ones beyond this are in the library's list.
MAX_REQUESTS = 50
#: Candidates shown per request.
MAX_CANDIDATES = 5
#: Items considered as candidates for one's own requests (newest first).
CANDIDATE_POOL = 300


@dataclass
class RequestMatch:
    """One open request with what answers it already and what could."""

    request: KnowledgeItem
    offers: list[ExpertiseOffer] = field(default_factory=list)
    candidates: list[KnowledgeItem] = field(default_factory=list)
    can_offer: bool = False


@dataclass
class Matching:
    """The matching page: others' requests the reader could answer, and the reader's own."""

    others: list[RequestMatch] = field(default_factory=list)
    own: list[RequestMatch] = field(default_factory=list)
    party_code: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.others or self.own)


def _with_areas(qs: QuerySet[KnowledgeItem]) -> QuerySet[KnowledgeItem]:
    return qs.select_related("owner_party").prefetch_related(
        Prefetch("crime_areas", queryset=CrimeArea.objects.order_by("order", "name"))
    )


def _area_ids(item: KnowledgeItem) -> set[int]:
    return {area.pk for area in item.crime_areas.all()}


def _sharing_areas(area_ids: set[int]) -> Any:
    through = KnowledgeItem.crime_areas.through
    return through.objects.filter(crimearea_id__in=area_ids).values("knowledgeitem_id")


def open_requests(*, user: Any) -> QuerySet[KnowledgeItem]:
    """Open requests for expertise the user may see, newest first (gated)."""
    return _with_areas(
        KnowledgeItem.objects.visible_to(user).filter(
            kind=KnowledgeItem.Kind.EXPERTISE_REQUEST, is_open=True
        )
    ).order_by("-published_at", "-pk")


def _pick(
    request: KnowledgeItem, pool: list[KnowledgeItem], exclude: set[int]
) -> list[KnowledgeItem]:
    """Items of the pool sharing a crime area with the request, not yet offered for it."""
    wanted = _area_ids(request)
    picked = [item for item in pool if item.pk not in exclude and wanted & _area_ids(item)]
    return picked[:MAX_CANDIDATES]


def answerable(*, user: Any) -> list[tuple[KnowledgeItem, int]]:
    """The open requests of others :func:`matching` lists for the reader (``others``), each with
    how many candidates it gives (up to :data:`MAX_CANDIDATES`): the same requests and counts,
    without reading the candidates themselves, the offers' items and parties, nor the reader's
    own requests' candidates — what My desk shows. Four queries at most, through the gate."""
    party_id = getattr(user, "party_id", None)
    requests = list(open_requests(user=user)[: MAX_REQUESTS * 2])
    others = [r for r in requests if not (party_id and r.owner_party_id == party_id)]
    others = others[:MAX_REQUESTS]
    other_areas = set().union(*(_area_ids(r) for r in others)) if others else set()
    if not (other_areas and can_publish(user)):
        return [(request, 0) for request in others]
    offered: dict[int, set[int]] = defaultdict(set)
    for request_id, item_id in (
        ExpertiseOffer.objects.visible_to(user)
        .filter(request__in=[r.pk for r in others], item__isnull=False)
        .values_list("request_id", "item_id")
    ):
        offered[request_id].add(item_id)
    pool = (
        KnowledgeItem.objects.visible_to(user)
        .exclude(kind=KnowledgeItem.Kind.EXPERTISE_REQUEST)
        .filter(owner_party_id=party_id, pk__in=_sharing_areas(other_areas))
        .exclude(audience=Audience.ORGANISATION)
        .order_by("-published_at", "-pk")
        .values("pk")[:CANDIDATE_POOL]
    )
    # The pool's items' crime areas among the requests' (the only ones a request can share).
    areas_of: dict[int, set[int]] = defaultdict(set)
    for item_id, area_id in (
        _sharing_areas(other_areas)
        .filter(knowledgeitem_id__in=pool)
        .values_list("knowledgeitem_id", "crimearea_id")
    ):
        areas_of[item_id].add(area_id)
    found = []
    for request in others:
        wanted, exclude = _area_ids(request), offered[request.pk]
        n = sum(1 for pk, areas in areas_of.items() if pk not in exclude and wanted & areas)
        found.append((request, min(n, MAX_CANDIDATES)))
    return found


def matching(*, user: Any) -> Matching:
    """Everything the matching page shows, through the gate."""
    party_id = getattr(user, "party_id", None)
    requests = list(open_requests(user=user)[: MAX_REQUESTS * 2])
    own_requests = [r for r in requests if party_id and r.owner_party_id == party_id]
    other_requests = [r for r in requests if not (party_id and r.owner_party_id == party_id)]
    own_requests, other_requests = own_requests[:MAX_REQUESTS], other_requests[:MAX_REQUESTS]
    shown = own_requests + other_requests
    result = Matching(party_code=getattr(getattr(user, "party", None), "code", "") or "")
    if not shown:
        return result

    offers_by_request: dict[int, list[ExpertiseOffer]] = defaultdict(list)
    for offer in (
        ExpertiseOffer.objects.visible_to(user)
        .filter(request__in=[r.pk for r in shown])
        .select_related("item", "party")
        .order_by("created_at", "pk")
    ):
        offers_by_request[offer.request_id].append(offer)

    visible_items = KnowledgeItem.objects.visible_to(user).exclude(
        kind=KnowledgeItem.Kind.EXPERTISE_REQUEST
    )
    may_offer = can_publish(user)

    mine: list[KnowledgeItem] = []
    other_areas = set().union(*(_area_ids(r) for r in other_requests)) if other_requests else set()
    if may_offer and other_areas:
        # Material for the owning organisation only can never reach another party's requester.
        mine = list(
            _with_areas(
                visible_items.filter(
                    owner_party_id=party_id, pk__in=_sharing_areas(other_areas)
                ).exclude(audience=Audience.ORGANISATION)
            ).order_by("-published_at", "-pk")[:CANDIDATE_POOL]
        )
    for request in other_requests:
        offered = {o.item_id for o in offers_by_request[request.pk] if o.item_id}
        result.others.append(
            RequestMatch(
                request=request,
                offers=offers_by_request[request.pk],
                candidates=_pick(request, mine, offered) if may_offer else [],
                can_offer=may_offer,
            )
        )

    own_areas = set().union(*(_area_ids(r) for r in own_requests)) if own_requests else set()
    theirs: list[KnowledgeItem] = []
    if own_areas:
        theirs = list(
            _with_areas(
                visible_items.exclude(owner_party_id=party_id).filter(
                    pk__in=_sharing_areas(own_areas)
                )
            ).order_by("-published_at", "-pk")[:CANDIDATE_POOL]
        )
    for request in own_requests:
        offered = {o.item_id for o in offers_by_request[request.pk] if o.item_id}
        result.own.append(
            RequestMatch(
                request=request,
                offers=offers_by_request[request.pk],
                candidates=_pick(request, theirs, offered),
            )
        )
    return result
