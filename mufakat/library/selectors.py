"""Reads of the knowledge exchange. Every function takes ``user=`` and goes through the gate.

A hidden item is absent from lists and a 404 from the detail readers, exactly like a missing
one. Records an item links to (meeting, instrument, activity) are shown only when the reader may
see them too; versions, attachments and offers inherit the item's visibility.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from mufakat.core import references
from mufakat.core.audience import Audience
from mufakat.core.models import SharingGroup
from mufakat.core.versions import Change, Labels, field_changes
from mufakat.meetings.models import Meeting
from mufakat.registry.models import Agency, CrimeArea, Party
from mufakat.workplans.models import Activity, Instrument

from .models import Attachment, ExpertiseOffer, KnowledgeItem, KnowledgeItemVersion
from .permissions import can_edit_item, can_publish

#: Keys of ``items(filters=...)``.
FILTER_KEYS = ("kind", "crime_area", "party", "year", "language", "q", "open")


# -- lists -------------------------------------------------------------------------------------


def items(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[KnowledgeItem]:
    """Visible items, newest first. ``filters``: kind, crime_area (code), party (code), year,
    language, q (words in the title; full text is the search app's business), open (requests
    still wanting offers)."""
    filters = filters or {}
    qs = (
        KnowledgeItem.objects.visible_to(user)
        .select_related("owner_party", "owner_agency")
        .prefetch_related(
            Prefetch("crime_areas", queryset=CrimeArea.objects.order_by("code")),
        )
    )
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("crime_area"):
        qs = qs.filter(
            pk__in=KnowledgeItem.crime_areas.through.objects.filter(
                crimearea__code=filters["crime_area"]
            ).values("knowledgeitem_id")
        )
    if filters.get("party"):
        code = str(filters["party"]).upper()
        concerned = KnowledgeItem.parties.through.objects.filter(party__code=code).values(
            "knowledgeitem_id"
        )
        qs = qs.filter(Q(owner_party__code=code) | Q(pk__in=concerned))
    if filters.get("year"):
        qs = qs.filter(published_at__year=int(filters["year"]))
    if filters.get("language"):
        qs = qs.filter(language=filters["language"])
    for word in str(filters.get("q") or "").split()[:8]:
        qs = qs.filter(title__icontains=word)
    if filters.get("open"):
        qs = qs.filter(kind=KnowledgeItem.Kind.EXPERTISE_REQUEST, is_open=True)
    return qs.order_by("-published_at", "-pk")


def items_for_export(
    *, user: Any, filters: dict[str, Any] | None = None
) -> QuerySet[KnowledgeItem]:
    """:func:`items` with the parties each item concerns (codes, by code) prefetched too."""
    return items(user=user, filters=filters).prefetch_related(
        Prefetch("parties", queryset=Party.objects.order_by("code").only("code"))
    )


def filter_choices() -> dict[str, Any]:
    """Choices for the list filters; the taxonomy and the registry are public."""
    return {
        "crime_areas": list(CrimeArea.objects.order_by("name").values_list("code", "name")),
        "parties": list(Party.objects.order_by("code").values_list("code", "name")),
    }


# -- one item ----------------------------------------------------------------------------------


def get_item(*, user: Any, pk: int) -> KnowledgeItem:
    """The item, or 404 when it does not exist or the user may not see it."""
    found = (
        KnowledgeItem.objects.visible_to(user)
        .select_related("owner_party", "owner_agency", "author")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass
class ItemLinks:
    """The records an item relates to, each only if the reader may see it."""

    meeting: Meeting | None = None
    instrument: Instrument | None = None
    activity: Activity | None = None


def item_links(*, user: Any, item: KnowledgeItem) -> ItemLinks:
    links = ItemLinks()
    if item.meeting_id:
        links.meeting = (
            Meeting.objects.visible_to(user).select_related("body").filter(pk=item.meeting_id)
        ).first()
    if item.instrument_id:
        links.instrument = Instrument.objects.visible_to(user).filter(pk=item.instrument_id).first()
    if item.activity_id:
        links.activity = (
            Activity.objects.visible_to(user)
            .select_related("priority_area__instrument")
            .filter(pk=item.activity_id)
            .first()
        )
    return links


def attachments(*, user: Any, item: KnowledgeItem) -> list[Attachment]:
    return list(Attachment.objects.visible_to(user).filter(item=item).order_by("name", "pk"))


def get_attachment(*, user: Any, pk: int) -> Attachment:
    found = Attachment.objects.visible_to(user).select_related("item").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def offers(*, user: Any, request: KnowledgeItem) -> list[ExpertiseOffer]:
    """Offers answering a request; an offered item the reader cannot see hides its offer."""
    return list(
        ExpertiseOffer.objects.visible_to(user)
        .filter(request=request)
        .select_related("item", "party", "offered_by")
        .order_by("created_at", "pk")
    )


def offerable_items(*, user: Any) -> QuerySet[KnowledgeItem]:
    """What the user may offer: visible items of their own party that are not requests."""
    party_id = getattr(user, "party_id", None)
    if not party_id:
        return KnowledgeItem.objects.none()
    return (
        KnowledgeItem.objects.visible_to(user)
        .filter(owner_party_id=party_id)
        .exclude(kind=KnowledgeItem.Kind.EXPERTISE_REQUEST)
        .order_by("title")
    )


def latest_version_number(*, item: KnowledgeItem) -> int:
    """Versions share the item's visibility; the caller has already passed the gate for it."""
    last = item.versions.order_by("-number").values_list("number", flat=True).first()
    return last or 0


@dataclass
class ItemPage:
    """Everything the detail page shows, already filtered for the reader."""

    item: KnowledgeItem
    links: ItemLinks
    attachments: list[Attachment]
    offers: list[ExpertiseOffer] = field(default_factory=list)
    version: int = 0
    can_edit: bool = False
    can_offer: bool = False
    offerable: list[KnowledgeItem] = field(default_factory=list)
    #: Names of the sharing groups the reader may know of (a confidential group stays unnamed).
    shared_with: list[str] = field(default_factory=list)


def item_page(*, user: Any, pk: int) -> ItemPage:
    item = get_item(user=user, pk=pk)
    page = ItemPage(
        item=item,
        links=item_links(user=user, item=item),
        attachments=attachments(user=user, item=item),
        version=latest_version_number(item=item),
        can_edit=can_edit_item(user, item),
    )
    if item.audience == Audience.SHARING_GROUP:
        page.shared_with = list(
            references.readable(SharingGroup, user)
            .filter(pk__in=item.sharing_groups.values("pk"))
            .order_by("name")
            .values_list("name", flat=True)
        )
    if item.is_request:
        page.offers = offers(user=user, request=item)
        page.can_offer = (
            item.is_open
            and can_publish(user)
            and getattr(user, "party_id", None) != item.owner_party_id
        )
        if page.can_offer:
            page.offerable = list(offerable_items(user=user))
    return page


def linkable_meetings(*, user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user).select_related("body").order_by("-start_date")


def linkable_instruments(*, user: Any) -> QuerySet[Instrument]:
    return Instrument.objects.visible_to(user).order_by("title")


def linkable_activities(*, user: Any) -> QuerySet[Activity]:
    return (
        Activity.objects.visible_to(user)
        .select_related("priority_area__instrument")
        .order_by("code")
    )


# -- versions ----------------------------------------------------------------------------------

#: Stored in a version but not worth showing as a change.
IGNORED = frozenset({"id", "lock_version", "published_at", "author_id"})


@dataclass(frozen=True)
class VersionEntry:
    version: KnowledgeItemVersion
    changes: list[Change]


def _labels(user: Any, datas: list[dict[str, Any]]) -> Labels:
    """Turn ids stored in snapshots into names, resolving only what the reader may see."""

    def ids(key: str) -> set[int]:
        return {d[key] for d in datas if d.get(key)}

    # Each reference resolves through the one helper: what the reader may not see is shown as
    # restricted, never by its stored name.
    meetings = references.labels(user, Meeting, ids("meeting_id"), label="title")
    instruments = references.labels(user, Instrument, ids("instrument_id"))
    activities = references.labels(
        user, Activity, ids("activity_id"), label=lambda a: f"{a.code} {a.title}"
    )
    parties = references.labels(user, Party, ids("owner_party_id"), label="code")
    agencies = references.labels(user, Agency, ids("owner_agency_id"), label="acronym")
    group_codes = {c for d in datas for c in d.get("sharing_groups") or []}
    groups = references.labels(user, SharingGroup, group_codes, key="code", label="name")

    def people(values: Any) -> str:
        return _("%d people") % len(values)

    names = {f.attname: str(f.verbose_name) for f in KnowledgeItem._meta.concrete_fields}
    names.update({f.name: str(f.verbose_name) for f in KnowledgeItem._meta.many_to_many})
    names["attachments"] = _("attachments")
    return Labels(
        field_names=names,
        references={
            "meeting_id": references.shown(meetings),
            "instrument_id": references.shown(instruments),
            "activity_id": references.shown(activities),
            "owner_party_id": references.shown(parties),
            "owner_agency_id": references.shown(agencies),
            "sharing_groups": references.shown_many(groups),
            "named_users": people,
        },
    )


def item_versions(*, user: Any, item: KnowledgeItem) -> list[VersionEntry]:
    """Versions, newest first, each with what changed since the one before (gated)."""
    rows = list(
        KnowledgeItemVersion.objects.visible_to(user)
        .filter(item=item)
        .select_related("created_by")
        .order_by("number")
    )
    labels = _labels(user, [row.data for row in rows])
    entries = []
    previous: dict[str, Any] | None = None
    for row in rows:
        changes = (
            [] if previous is None else field_changes(previous, row.data, labels, ignored=IGNORED)
        )
        entries.append(VersionEntry(row, changes))
        previous = row.data
    return entries[::-1]


def knowable_groups(user: Any) -> QuerySet[SharingGroup]:
    """The sharing groups ``user`` may know of (:func:`mufakat.core.references.readable`), by
    code; the subquery compiled once per reader and whether they keep the registry, as an API
    list asks for it on every page."""
    from mufakat.accounts.permissions import can_edit_registry
    from mufakat.core.visibility import kept_subquery

    keeps_registry = can_edit_registry(user)
    subquery = kept_subquery(
        f"library.knowable_groups.{keeps_registry}",
        SharingGroup,
        user,
        lambda: references.readable(SharingGroup, user).order_by().values("pk"),
    )
    return SharingGroup.objects.filter(pk__in=subquery).order_by("code")
