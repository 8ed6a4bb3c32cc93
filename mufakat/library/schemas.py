"""API payloads of the knowledge exchange. Registry references are canonical codes, not ids.

Out: parties, crime areas and sharing groups as codes; the linked meeting, instrument and
activity only when the caller may see them too (the handler puts the visible ones on the item);
a confidential sharing group's code only for its members and the Secretariat.
In: the same codes; :func:`item_data` turns them into model instances for the services.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema

from mufakat.core import references
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.core.schemas import InputSchema, PatchSchema, TranslatedTitleOut, named_choices
from mufakat.core.title_translations import translated_title
from mufakat.library.follows import NOT_YOUR_GROUP
from mufakat.library.models import (
    LANGUAGES,
    Attachment,
    ExpertiseOffer,
    Follow,
    KnowledgeItem,
)
from mufakat.library.selectors import VersionEntry
from mufakat.registry.models import Agency, Body, CrimeArea
from mufakat.workplans.models import Instrument

ItemKind = Annotated[KnowledgeItem.Kind, named_choices(KnowledgeItem.Kind, "ItemKind")]


#: Where a list puts each item's groups that the caller may know of, ordered by code
#: (:func:`mufakat.core.references.knowable_groups`); one item alone reads them itself.
KNOWN_GROUPS = "api_known_groups"


def _knowable_group_ids(context: Any) -> set[int]:
    """The sharing groups the caller may know of (a confidential one only by its members and
    the Secretariat), through the one reference helper — read once per request."""
    request = (context or {}).get("request")
    cached = getattr(request, "_library_group_ids", None)
    if cached is None:
        user: Any = getattr(request, "auth", None)
        cached = set(references.readable(SharingGroup, user).values_list("pk", flat=True))
        if request is not None:
            request._library_group_ids = cached
    return cached


def _code(obj: Any) -> str | None:
    return obj.code if obj is not None else None


# -- out ---------------------------------------------------------------------------------------


class LinkOut(Schema):
    id: int
    title: str
    url: str


class ItemSummaryOut(TranslatedTitleOut):
    id: int
    kind: str = Field(description=", ".join(KnowledgeItem.Kind.values))
    summary: str
    language: str
    crime_areas: list[str] = Field(description="Crime area codes")
    parties: list[str] = Field(description="Codes of the parties concerned")
    owner_party: str | None = Field(description="Code of the owning party")
    owner_agency: str | None = Field(description="Acronym of the owning agency")
    audience: str
    tlp: str
    sharing_groups: list[str] = Field(
        description="Codes of the groups it is shared with (a confidential group only for its "
        "members and the Secretariat)"
    )
    published_at: dt.datetime
    updated_at: dt.datetime
    is_open: bool = Field(description="For a request for expertise: whether offers are wanted")
    lock_version: int = Field(description="Send it back with a PATCH")
    url: str = Field(description="The item's page")

    @staticmethod
    def resolve_crime_areas(obj: KnowledgeItem) -> list[str]:
        return [c.code for c in obj.crime_areas.all()]

    @staticmethod
    def resolve_parties(obj: KnowledgeItem) -> list[str]:
        return [p.code for p in obj.parties.all()]

    @staticmethod
    def resolve_owner_party(obj: KnowledgeItem) -> str | None:
        return _code(obj.owner_party)

    @staticmethod
    def resolve_owner_agency(obj: KnowledgeItem) -> str | None:
        return obj.owner_agency.acronym if obj.owner_agency else None

    @staticmethod
    def resolve_sharing_groups(obj: KnowledgeItem, context: Any) -> list[str]:
        prefetched = getattr(obj, KNOWN_GROUPS, None)
        if prefetched is not None:  # a list: already limited to the groups the caller may know
            return [g.code for g in prefetched]
        known = _knowable_group_ids(context)
        return [g.code for g in obj.sharing_groups.all() if g.pk in known]

    @staticmethod
    def resolve_url(obj: KnowledgeItem) -> str:
        return obj.get_absolute_url()


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    text_status: str = Field(description="pending, done, none or failed (text for search)")
    created_at: dt.datetime
    download_url: str

    @staticmethod
    def resolve_download_url(obj: Attachment) -> str:
        return reverse("api:library_attachment_download", args=[obj.pk])


class OfferOut(Schema):
    id: int
    party: str | None = Field(description="Code of the offering party")
    offered_by: str | None = Field(description="Username")
    item: LinkOut | None = Field(description="The offered item")
    contact: str
    message: str
    created_at: dt.datetime

    @staticmethod
    def resolve_party(obj: ExpertiseOffer) -> str | None:
        return _code(obj.party)

    @staticmethod
    def resolve_offered_by(obj: ExpertiseOffer) -> str | None:
        return obj.offered_by.username if obj.offered_by else None

    @staticmethod
    def resolve_item(obj: ExpertiseOffer) -> dict[str, Any] | None:
        if obj.item is None:
            return None
        return {
            "id": obj.item.pk,
            "title": translated_title(obj.item),
            "url": obj.item.get_absolute_url(),
        }


class ItemDetailOut(ItemSummaryOut):
    """Resolved from an item the handler decorated with ``api_meeting``, ``api_instrument``,
    ``api_activity`` (each None unless visible), ``api_attachments`` and ``api_offers``."""

    body: str = Field(description="Markdown")
    source: str
    meeting: LinkOut | None = Field(description="Source meeting, if you may see it")
    instrument: str | None = Field(description="Key of the related instrument, if visible")
    activity: LinkOut | None = Field(description="Related activity, if visible")
    attachments: list[AttachmentOut]
    offers: list[OfferOut] = Field(description="For a request for expertise: the answers")

    @staticmethod
    def resolve_meeting(obj: KnowledgeItem) -> dict[str, Any] | None:
        meeting = getattr(obj, "api_meeting", None)
        if meeting is None:
            return None
        return {
            "id": meeting.pk,
            "title": translated_title(meeting),
            "url": meeting.get_absolute_url(),
        }

    @staticmethod
    def resolve_instrument(obj: KnowledgeItem) -> str | None:
        instrument = getattr(obj, "api_instrument", None)
        return instrument.key if instrument is not None else None

    @staticmethod
    def resolve_activity(obj: KnowledgeItem) -> dict[str, Any] | None:
        activity = getattr(obj, "api_activity", None)
        if activity is None:
            return None
        return {
            "id": activity.pk,
            "title": f"{activity.code} {activity.title}",
            "url": activity.get_absolute_url(),
        }

    @staticmethod
    def resolve_attachments(obj: KnowledgeItem) -> list[Attachment]:
        return list(getattr(obj, "api_attachments", []))

    @staticmethod
    def resolve_offers(obj: KnowledgeItem) -> list[ExpertiseOffer]:
        return list(getattr(obj, "api_offers", []))


class ItemChangeOut(Schema):
    path: str = Field(description="Field (machine-readable)")
    label: str
    before: str
    after: str


class ItemVersionOut(Schema):
    """Resolved from a ``selectors.VersionEntry``: references the caller may not see are shown
    as restricted, never by id."""

    number: int
    created_at: dt.datetime
    created_by: str | None = Field(description="Username")
    note: str
    changes: list[ItemChangeOut] = Field(description="What changed since the version before")

    @staticmethod
    def resolve_number(obj: VersionEntry) -> int:
        return obj.version.number

    @staticmethod
    def resolve_created_at(obj: VersionEntry) -> dt.datetime:
        return obj.version.created_at

    @staticmethod
    def resolve_created_by(obj: VersionEntry) -> str | None:
        author = obj.version.created_by
        return author.username if author else None

    @staticmethod
    def resolve_note(obj: VersionEntry) -> str:
        return obj.version.note


class FollowOut(Schema):
    id: int
    kind: str = Field(description="crime_area, body or sharing_group")
    code: str = Field(description="Code of the followed crime area, body or group")
    name: str
    created_at: dt.datetime

    @staticmethod
    def resolve_kind(obj: Follow) -> str:
        if obj.crime_area_id:
            return "crime_area"
        return "body" if obj.body_id else "sharing_group"

    @staticmethod
    def resolve_code(obj: Follow) -> str:
        target = obj.crime_area or obj.body or obj.sharing_group
        return str(getattr(target, "code", ""))

    @staticmethod
    def resolve_name(obj: Follow) -> str:
        target = obj.crime_area or obj.body or obj.sharing_group
        return getattr(target, "name", "") or ""


# -- in ----------------------------------------------------------------------------------------


class ItemPatch(PatchSchema):
    """Only the fields sent are changed; ``lock_version`` is the one you read. ``null`` empties
    a text, a link or a list; the other fields (kind, title, audience, TLP …) cannot be empty."""

    nullable = frozenset(
        {"summary", "body", "source", "meeting", "instrument", "activity", "owner_agency"}
        | {"title_translations"}
        | {"crime_areas", "parties", "sharing_groups", "named_users"}
    )

    lock_version: int
    kind: ItemKind | None = None
    title: str | None = None
    title_translations: dict[str, str] | None = Field(
        None,
        description='{language code: title}, e.g. {"id": "…"}; shown to readers of that language',
    )
    summary: str | None = None
    body: str | None = Field(None, description="Markdown")
    language: str | None = Field(None, description=", ".join(code for code, _ in LANGUAGES))
    crime_areas: list[str] | None = Field(None, description="Crime area codes")
    parties: list[str] | None = Field(None, description="Party codes")
    meeting: int | None = Field(None, description="Id of the source meeting")
    instrument: str | None = Field(None, description="Instrument key")
    activity: int | None = Field(None, description="Activity id")
    audience: Audience | None = None
    tlp: TLP | None = None
    sharing_groups: list[str] | None = Field(None, description="Sharing group codes")
    named_users: list[str] | None = Field(None, description="Usernames (audience 'named')")
    owner_agency: str | None = Field(None, description="Acronym of an agency of your party")
    source: str | None = None
    is_open: bool | None = None


class ItemIn(InputSchema):
    kind: ItemKind
    title: str
    title_translations: dict[str, str] = Field(
        default_factory=dict,
        description='{language code: title}, e.g. {"id": "…"}; shown to readers of that language',
    )
    summary: str = ""
    body: str = Field("", description="Markdown")
    language: str = Field("en", description=", ".join(code for code, _ in LANGUAGES))
    crime_areas: list[str] = Field([], description="Crime area codes")
    parties: list[str] = Field([], description="Party codes")
    meeting: int | None = Field(None, description="Id of the source meeting")
    instrument: str | None = Field(None, description="Instrument key")
    activity: int | None = Field(None, description="Activity id")
    audience: Audience = Audience.ORGANISATION
    tlp: TLP = TLP.AMBER
    sharing_groups: list[str] = Field([], description="Sharing group codes")
    named_users: list[str] = Field([], description="Usernames (audience 'named')")
    owner_agency: str | None = Field(None, description="Acronym of an agency of your party")
    source: str = ""


class OfferIn(InputSchema):
    item: int | None = Field(None, description="Id of an item of yours that answers the request")
    contact: str = Field("", description="Who to ask, and how")
    message: str = ""


class FollowIn(InputSchema):
    """Exactly one of the three."""

    crime_area: str | None = Field(None, description="Crime area code")
    body: str | None = Field(None, description="Body code")
    sharing_group: str | None = Field(None, description="Code of a group you belong to")


# -- codes → records ---------------------------------------------------------------------------


def item_data(payload: dict[str, Any], *, user: Any, owner_party_id: int | None) -> dict[str, Any]:
    """Turn an API payload into service ``data``. Codes of crime areas, parties and groups and
    usernames go as they are (the services resolve them); an instrument key and an agency
    acronym (of ``owner_party_id``) become ids. A confidential group the caller may not know
    of is "unknown", exactly like one that does not exist."""
    data = dict(payload)
    if data.get("instrument") is not None:
        # Resolved through the gate: a hidden instrument is pk 0 (no record), exactly like an
        # unknown key, and the service answers the same for both.
        instruments = Instrument.objects.visible_to(user).filter(key=data["instrument"])
        data["instrument"] = instruments.values_list("pk", flat=True).first() or 0
    if data.get("owner_agency") is not None:
        # An acronym of an agency of the owning party; pk 0 (never a record) for anything else
        # lets the service answer in its own order: rights first (403), then the field (422).
        agencies = Agency.objects.filter(party_id=owner_party_id or 0, acronym=data["owner_agency"])
        data["owner_agency"] = agencies.values_list("pk", flat=True).first() or 0
    for text_field in ("summary", "body", "source"):
        if text_field in data and data[text_field] is None:
            data[text_field] = ""
    return data


def follow_target(payload: FollowIn, *, user: Any) -> dict[str, Any]:
    """The one record a follow request names (a group only among the caller's own)."""
    given = {k: v for k, v in payload.dict().items() if v}
    if len(given) != 1:
        raise ValidationError(_("Name exactly one of crime_area, body or sharing_group."))
    ((name, code),) = given.items()
    if name == "crime_area":
        target: Any = CrimeArea.objects.filter(code=code).first()
    elif name == "body":
        target = Body.objects.filter(code=code).first()
    else:
        # Absent and "not yours" answer alike: a confidential group's code reveals nothing.
        target = SharingGroup.objects.filter(code=code).first()
        if target is None:
            raise ValidationError({name: NOT_YOUR_GROUP})
    if target is None:
        raise ValidationError({name: _("Unknown: %s.") % code})
    return {name: target}
