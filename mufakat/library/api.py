"""REST endpoints of the knowledge exchange (mounted at /api/v1/library by mufakat/api.py).

Thin like the views: reads through ``selectors`` (a hidden item, attachment or follow is a 404,
absent from lists), writes through the same ``services`` as the UI (rules → 422 keyed by field,
conflicts → 409, rights → 403). References are codes: party, crime area, sharing group.
"""

from typing import Any

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from mufakat.audit.reads import record_sensitive_read
from mufakat.core.pagination import Pages
from mufakat.core.schemas import InputSchema
from mufakat.core.web import api_signed_in_user, api_user, private_download
from mufakat.library import follows, selectors, services
from mufakat.library.models import KnowledgeItem
from mufakat.library.schemas import (
    KNOWN_GROUPS,
    AttachmentOut,
    FollowIn,
    FollowOut,
    ItemDetailOut,
    ItemIn,
    ItemKind,
    ItemPatch,
    ItemSummaryOut,
    ItemVersionOut,
    OfferIn,
    OfferOut,
    follow_target,
    item_data,
)
from mufakat.registry.models import Party

router = Router(tags=["library"])
PAGE_SIZE = 50


class ItemFilters(InputSchema):
    kind: ItemKind | None = None
    crime_area: str | None = None
    party: str | None = None
    year: int | None = Field(None, ge=1, le=9999, description="Calendar year")
    language: str | None = None
    q: str | None = None
    open: bool | None = None


def _detail(request: HttpRequest, pk: int) -> KnowledgeItem:
    """The item decorated with what the detail shows, each part already through the gate."""
    page = selectors.item_page(user=api_user(request), pk=pk)
    return _decorate(page.item, page.links, page.attachments, page.offers)


def _decorate(item: KnowledgeItem, links: Any, attachments: Any, offers: Any) -> KnowledgeItem:
    item.api_meeting = links.meeting if links else None  # type: ignore[attr-defined]
    item.api_instrument = links.instrument if links else None  # type: ignore[attr-defined]
    item.api_activity = links.activity if links else None  # type: ignore[attr-defined]
    item.api_attachments = list(attachments)  # type: ignore[attr-defined]
    item.api_offers = list(offers)  # type: ignore[attr-defined]
    return item


def _written(request: HttpRequest, item: KnowledgeItem) -> KnowledgeItem:
    """What a write returns. An author may have written an item out of their own sight (e.g.
    for another agency of their party): then they get back what they sent, nothing more."""
    try:
        return _detail(request, item.pk)
    except Http404:
        return _decorate(item, None, [], [])


# -- items -------------------------------------------------------------------------------------


@router.get(
    "/items",
    response=list[ItemSummaryOut],
    operation_id="library_items_list",
    summary="List knowledge items",
    description="Items you may see, newest first. Filter by kind, crime area code, party code "
    "(owner or concerned), year published, language, words in the title (`q`; full text is "
    "`/api/v1/search`) and `open` requests for expertise.",
)
@paginate(Pages, page_size=PAGE_SIZE)
def list_items(request: HttpRequest, filters: Query[ItemFilters]) -> Any:
    user = api_user(request)
    found = selectors.items(user=user, filters=filters.dict(exclude_none=True))
    return found.prefetch_related(
        Prefetch("parties", queryset=Party.objects.order_by("code")),
        # The groups the caller may know of, in the same statement as the items' groups.
        Prefetch("sharing_groups", queryset=selectors.knowable_groups(user), to_attr=KNOWN_GROUPS),
    )


@router.get(
    "/items/{item_id}",
    response=ItemDetailOut,
    operation_id="library_items_get",
    summary="One knowledge item with its attachments, links and offers",
    description="Links to a meeting, instrument or activity appear only if you may see them.",
)
def get_item(request: HttpRequest, item_id: int) -> Any:
    item = _detail(request, item_id)
    record_sensitive_read(reader=api_user(request), obj=item)
    return item


@router.post(
    "/items",
    response={201: ItemDetailOut},
    operation_id="library_items_create",
    summary="Publish a knowledge item (focal points, Secretariat)",
    description="Owned by your party. Default audience: your organisation, TLP:AMBER; the TLP "
    "label caps the audience (DESIGN.md §3).",
)
def create_item(request: HttpRequest, payload: ItemIn) -> Any:
    user = api_user(request)
    data = item_data(payload.dict(), user=user, owner_party_id=getattr(user, "party_id", None))
    created = services.create_item(actor=user, data=data)
    return Status(201, _written(request, created))


@router.patch(
    "/items/{item_id}",
    response=ItemDetailOut,
    operation_id="library_items_update",
    summary="Change a knowledge item; send the lock_version you read",
    description="The owning party and the Secretariat may edit; only the owning party may widen "
    "the audience. 409 when someone saved since your lock_version.",
)
def update_item(request: HttpRequest, item_id: int, payload: ItemPatch) -> Any:
    user = api_user(request)
    item = selectors.get_item(user=user, pk=item_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("lock_version")
    saved = services.update_item(
        item,
        actor=user,
        changes=item_data(changes, user=user, owner_party_id=item.owner_party_id),
        expected_version=version,
    )
    return _written(request, saved)


@router.get(
    "/items/{item_id}/versions",
    response=list[ItemVersionOut],
    operation_id="library_items_versions",
    summary="An item's versions, newest first, each with what changed",
)
def list_versions(request: HttpRequest, item_id: int) -> Any:
    user = api_user(request)
    item = selectors.get_item(user=user, pk=item_id)
    return selectors.item_versions(user=user, item=item)


# -- attachments -------------------------------------------------------------------------------


@router.post(
    "/items/{item_id}/attachments",
    response={201: AttachmentOut},
    operation_id="library_attachments_add",
    summary="Attach a file (PDF, DOCX, XLSX, PNG, JPEG)",
    description="Multipart form with `file`. The type is read from the content, not the name; "
    "empty, oversized, unsupported files and zip bombs are refused with 422 on `file`.",
)
def add_attachment(
    request: HttpRequest,
    item_id: int,
    file: UploadedFile = File(...),  # noqa: B008
) -> Any:
    user = api_user(request)
    item = selectors.get_item(user=user, pk=item_id)
    return Status(201, services.add_attachment(actor=user, item=item, uploaded_file=file))


@router.get(
    "/attachments/{attachment_id}/download",
    response={200: None},
    operation_id="library_attachment_download",
    url_name="library_attachment_download",
    summary="Download an attachment (only if you may see its item)",
)
def download_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    reader = api_user(request)
    attachment = selectors.get_attachment(user=reader, pk=attachment_id)
    return private_download(
        attachment.file,
        name=attachment.name,
        content_type=attachment.content_type,
        source=attachment,
        reader=reader,
    )


# -- requests for expertise --------------------------------------------------------------------


@router.post(
    "/items/{item_id}/offers",
    response={201: OfferOut},
    operation_id="library_offers_create",
    summary="Answer a request for expertise with one of your items, a contact, or both",
)
def create_offer(request: HttpRequest, item_id: int, payload: OfferIn) -> Any:
    user = api_user(request)
    wanted = selectors.get_item(user=user, pk=item_id)
    offer = services.offer_expertise(
        actor=user,
        request=wanted,
        item=payload.item,
        contact=payload.contact,
        message=payload.message,
    )
    return Status(201, offer)


# -- follows -----------------------------------------------------------------------------------


def _signed_in(request: HttpRequest) -> Any:
    """Follows belong to a person: without one, 401 like any call that needs a token."""
    return api_signed_in_user(request, _("Sign in to follow."))


@router.get(
    "/follows",
    response=list[FollowOut],
    operation_id="library_follows_list",
    summary="What you follow for the knowledge digest",
)
def list_follows(request: HttpRequest) -> Any:
    return list(follows.follows_of(user=_signed_in(request)))


@router.post(
    "/follows",
    response={201: FollowOut},
    operation_id="library_follows_create",
    summary="Follow a crime area, a body or a sharing group you belong to",
    description="Send exactly one of `crime_area`, `body`, `sharing_group` (codes). Following "
    "again returns the existing follow.",
)
def create_follow(request: HttpRequest, payload: FollowIn) -> Any:
    user = _signed_in(request)
    created = follows.follow(user=user, **follow_target(payload, user=user))
    return Status(201, follows.get_follow(user=user, pk=created.pk))


@router.delete(
    "/follows/{follow_id}",
    response={204: None},
    operation_id="library_follows_delete",
    summary="Stop following",
)
def delete_follow(request: HttpRequest, follow_id: int) -> Any:
    user = _signed_in(request)
    follows.unfollow(user=user, follow=follows.get_follow(user=user, pk=follow_id))
    return Status(204, None)
