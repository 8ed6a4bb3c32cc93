"""Writes of the knowledge exchange. The UI and the API both call these, so a rule is written once.

- Publishing: any active user of a party whose role is not reader/auditor; the item belongs to
  their party. Default audience: the owning organisation (DESIGN.md §3).
- Editing: users of the owning party and the Secretariat, if they can see the item. Only the
  owning party may widen who sees it (a wider audience, a looser TLP label, more sharing groups
  or named people); others may only narrow it.
- Every change leaves a :class:`KnowledgeItemVersion` (fields, restriction, codes of the related
  records) besides the audit event, and re-indexes the item for search after commit.

Errors: ``ValidationError`` keyed by field, ``PermissionDenied``, ``ConflictError``.
Related values may be instances, primary keys, or (crime areas, parties, sharing groups) codes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mufakat.accounts.models import User
from mufakat.audit.services import record, snapshot
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.core.schemas import MAX_ID
from mufakat.core.services import check_audience_reachable, create_audited, update_audited
from mufakat.core.title_translations import clean_title_translations
from mufakat.core.uploads import DOCX, PDF, XLSX, check_upload
from mufakat.core.visibility import knowable_sharing_groups
from mufakat.meetings.models import Meeting
from mufakat.registry.models import Agency, CrimeArea, Party
from mufakat.search.indexing import index_object, unindex_object
from mufakat.workplans.models import Activity, Instrument

from . import permissions, selectors
from .models import Attachment, ExpertiseOffer, KnowledgeItem, KnowledgeItemVersion

logger = logging.getLogger(__name__)

#: What ``create_item``/``update_item`` accept.
ITEM_FIELDS = frozenset(
    {
        "kind",
        "title",
        "title_translations",
        "summary",
        "body",
        "language",
        "crime_areas",
        "parties",
        "meeting",
        "instrument",
        "activity",
        "audience",
        "tlp",
        "sharing_groups",
        "named_users",
        "owner_agency",
        "source",
        "is_open",
    }
)

#: Types whose text the background task extracts for search.
EXTRACTABLE = frozenset({PDF, DOCX, XLSX})

TLP_ORDER = [t.value for t in TLP]


# -- checks ------------------------------------------------------------------------------------


def _require_publisher(actor: Any) -> None:
    permissions.require_publisher(actor)


def _require_editor(actor: Any, item: KnowledgeItem) -> None:
    permissions.require_item_editor(actor, item)


def _unknown_keys(data: dict[str, Any]) -> None:
    unknown = sorted(set(data) - ITEM_FIELDS)
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in unknown})


def _pk(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def _is_pk_text(value: str) -> bool:
    return value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID


def _resolve_many(
    model: type[models.Model],
    values: Iterable[Any] | None,
    *,
    field: str,
    code: str = "code",
    among: Any = None,
) -> list[Any]:
    """Instances, primary keys or codes → instances; one error naming every unknown value.

    ``among`` limits the candidates (a record outside it is "unknown", like a missing one)."""
    values = list(values or [])
    candidates = among if among is not None else model._default_manager.all()
    pks = [_pk(v) for v in values if isinstance(v, (models.Model, int))]
    # A digit string is a primary key only if the database could hold it; anything else
    # (a code, a number past any id, other scripts' digits) is looked up as a code.
    codes = [v for v in values if isinstance(v, str) and not _is_pk_text(v)]
    pks += [int(v) for v in values if isinstance(v, str) and _is_pk_text(v)]
    found = list(candidates.filter(pk__in=pks))
    if codes:
        found += list(candidates.filter(**{f"{code}__in": codes}))
    known = {o.pk for o in found} | {getattr(o, code, None) for o in found}
    missing = [str(v) for v in pks + codes if v not in known]
    if missing:
        raise ValidationError({field: _("Unknown: %s.") % ", ".join(missing)})
    return list({o.pk: o for o in found}.values())


def _visible_one(model: type[models.Model], value: Any, *, actor: Any, field: str) -> Any:
    """A linked meeting/instrument/activity: nobody links to what they cannot see."""
    if value in (None, ""):
        return None
    found = (
        model._default_manager.visible_to(actor)  # type: ignore[attr-defined]
        .filter(pk=_pk(value))
        .first()
    )
    if found is None:
        raise ValidationError({field: _("Choose a record you can see.")})
    return found


def _clean(data: dict[str, Any], *, actor: Any, owner_party_id: int | None) -> dict[str, Any]:
    """Resolve related values; links must be visible to the actor."""
    _unknown_keys(data)
    cleaned = dict(data)
    for name, model in (("meeting", Meeting), ("instrument", Instrument), ("activity", Activity)):
        if name in cleaned:
            cleaned[name] = _visible_one(model, cleaned[name], actor=actor, field=name)
    if "crime_areas" in cleaned:
        cleaned["crime_areas"] = _resolve_many(
            CrimeArea, cleaned["crime_areas"], field="crime_areas"
        )
    if "parties" in cleaned:
        cleaned["parties"] = _resolve_many(Party, cleaned["parties"], field="parties")
    if "sharing_groups" in cleaned:
        cleaned["sharing_groups"] = _resolve_many(
            SharingGroup,
            cleaned["sharing_groups"],
            field="sharing_groups",
            among=knowable_sharing_groups(actor),
        )
    if "named_users" in cleaned:
        cleaned["named_users"] = _resolve_many(
            User, cleaned["named_users"], field="named_users", code="username"
        )
    if cleaned.get("owner_agency") not in (None, ""):
        agency = Agency.objects.filter(pk=_pk(cleaned["owner_agency"])).first()
        if agency is None or agency.party_id != owner_party_id:
            raise ValidationError({"owner_agency": _("Choose an agency of the owning party.")})
        cleaned["owner_agency"] = agency
    elif "owner_agency" in cleaned:
        cleaned["owner_agency"] = None
    if "title_translations" in cleaned:
        cleaned["title_translations"] = clean_title_translations(cleaned["title_translations"])
    for text in ("title", "summary", "body", "source"):
        if isinstance(cleaned.get(text), str):
            cleaned[text] = cleaned[text].strip()
    return cleaned


def _check_audience_members(
    *, audience: str, groups: list[Any], named: list[Any], actor: Any
) -> list[Any]:
    """An audience of groups or people needs some; the author always stays among named people."""
    if (
        audience == Audience.NAMED
        and getattr(actor, "pk", None)
        and actor.pk not in {u.pk for u in named}
    ):
        named = [*named, actor]
    check_audience_reachable(audience, sharing_groups=groups, named_users=named)
    return named


def _check_no_widening(
    *, actor: Any, item: KnowledgeItem, changes: dict[str, Any], audience: str
) -> None:
    """Besides the audience rank (``check_restriction``): others may not loosen the TLP label
    or add groups or people to an item's audience."""
    if permissions.can_widen(actor, item):
        return
    refusal = _("Only the originating organisation may widen the audience.")
    new_tlp = changes.get("tlp", item.tlp)
    if TLP_ORDER.index(new_tlp) < TLP_ORDER.index(item.tlp):
        raise PermissionDenied(refusal)
    if audience != item.audience:
        return  # a narrower audience (checked by rank) replaces the old one
    if audience == Audience.SHARING_GROUP and "sharing_groups" in changes:
        before = set(item.sharing_groups.values_list("pk", flat=True))
        if {g.pk for g in changes["sharing_groups"]} - before:
            raise PermissionDenied(refusal)
    if audience == Audience.NAMED and "named_users" in changes:
        before = set(item.named_users.values_list("pk", flat=True))
        if {u.pk for u in changes["named_users"]} - before:
            raise PermissionDenied(refusal)


# -- versions and indexing ---------------------------------------------------------------------


def item_snapshot(item: KnowledgeItem) -> dict[str, Any]:
    """Fields and restriction as stored, with related records as codes (stable, readable)."""
    data = snapshot(item)
    data["crime_areas"] = sorted(item.crime_areas.values_list("code", flat=True))
    data["parties"] = sorted(item.parties.values_list("code", flat=True))
    data["sharing_groups"] = sorted(item.sharing_groups.values_list("code", flat=True))
    data["named_users"] = sorted(item.named_users.values_list("pk", flat=True))
    data["attachments"] = sorted(item.attachments.values_list("name", flat=True))
    return data


def record_version(*, actor: Any, item: KnowledgeItem, note: str) -> KnowledgeItemVersion:
    """Store the item as it now stands, with the next number (the item row is locked first)."""
    locked = KnowledgeItem.objects.select_for_update().get(pk=item.pk)
    last = KnowledgeItemVersion.objects.filter(item=locked).aggregate(n=Max("number"))["n"]
    return KnowledgeItemVersion.objects.create(
        item=locked,
        number=(last or 0) + 1,
        data=item_snapshot(locked),
        note=note[:300],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _reindex_on_commit(item_id: int) -> None:
    def reindex() -> None:
        item = KnowledgeItem.objects.filter(pk=item_id).first()
        if item is not None:
            index_object(item)

    transaction.on_commit(reindex)


# -- items -------------------------------------------------------------------------------------


def create_item(*, actor: Any, data: dict[str, Any]) -> KnowledgeItem:
    """Publish an item owned by the actor's party; version 1 and an audit event."""
    _require_publisher(actor)
    cleaned = _clean(data, actor=actor, owner_party_id=actor.party_id)
    cleaned.setdefault("audience", Audience.ORGANISATION)
    cleaned.setdefault("tlp", TLP.AMBER)
    cleaned["named_users"] = _check_audience_members(
        audience=cleaned["audience"],
        groups=cleaned.get("sharing_groups") or [],
        named=cleaned.get("named_users") or [],
        actor=actor,
    )
    if not cleaned.get("title"):
        raise ValidationError({"title": _("A title is required.")})
    with transaction.atomic():
        item = create_audited(
            KnowledgeItem,
            actor=actor,
            data={**cleaned, "owner_party": actor.party, "author": actor},
            action="knowledgeitem.create",
        )
        record_version(actor=actor, item=item, note=_("Published"))
        _reindex_on_commit(item.pk)
    return item


def update_item(
    item: KnowledgeItem,
    *,
    actor: Any,
    changes: dict[str, Any],
    expected_version: int | None,
    note: str = "",
) -> KnowledgeItem:
    """Apply ``changes`` unless someone saved since ``expected_version``; new version + audit."""
    _require_editor(actor, item)
    cleaned = _clean(changes, actor=actor, owner_party_id=item.owner_party_id)
    with transaction.atomic():
        current = KnowledgeItem.objects.select_for_update().get(pk=item.pk)
        audience = cleaned.get("audience", current.audience)
        if "sharing_groups" in cleaned:
            # Groups the editor may not know of stay: nobody removes what they cannot see.
            hidden = current.sharing_groups.exclude(pk__in=knowable_sharing_groups(actor))
            cleaned["sharing_groups"] = [*cleaned["sharing_groups"], *hidden]
        groups = cleaned.get("sharing_groups", list(current.sharing_groups.all()))
        named = cleaned.get("named_users", list(current.named_users.all()))
        _check_no_widening(actor=actor, item=current, changes=cleaned, audience=audience)
        named_checked = _check_audience_members(
            audience=audience, groups=groups, named=named, actor=actor
        )
        if "named_users" in cleaned or len(named_checked) != len(named):
            cleaned["named_users"] = named_checked
        if not cleaned.get("title", current.title):
            raise ValidationError({"title": _("A title is required.")})
        saved = update_audited(
            current,
            actor=actor,
            changes=cleaned,
            expected_version=expected_version,
            action="knowledgeitem.update",
        )
        record_version(actor=actor, item=saved, note=note or _("Edited"))
        _reindex_on_commit(saved.pk)
    return saved


# -- attachments -------------------------------------------------------------------------------


def add_attachment(*, actor: Any, item: KnowledgeItem, uploaded_file: Any) -> Attachment:
    """Check the file by its content first — a refused file leaves no row and no file — then
    store it under an unguessable name and extract its text in the background."""
    _require_editor(actor, item)
    checked = check_upload(uploaded_file, field="file")
    extractable = checked.content_type in EXTRACTABLE
    uploaded_file.name = checked.storage_name
    attachment = Attachment(
        item=item,
        file=uploaded_file,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        text_status=Attachment.TextStatus.PENDING if extractable else Attachment.TextStatus.NONE,
        uploaded_by=actor,
    )
    try:
        with transaction.atomic():
            attachment.save()
            record(
                actor=actor,
                action="attachment.create",
                obj=attachment,
                after={
                    "item": item.pk,
                    "name": attachment.name,
                    "content_type": attachment.content_type,
                    "size": attachment.size,
                    "sha256": attachment.sha256,
                },
            )
            record_version(actor=actor, item=item, note=_("Attachment added: %s") % attachment.name)
            if extractable:
                transaction.on_commit(lambda: _enqueue_extraction(attachment.pk))
            else:
                _reindex_on_commit(item.pk)
    except Exception:
        # The row rolled back; the file written by save() must not stay behind.
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def _enqueue_extraction(attachment_id: int) -> None:
    from .tasks import extract_attachment_text

    extract_attachment_text.enqueue(attachment_id)


def remove_attachment(*, actor: Any, attachment: Attachment) -> None:
    item = KnowledgeItem.objects.get(pk=attachment.item_id)
    _require_editor(actor, item)
    with transaction.atomic():
        record(
            actor=actor,
            action="attachment.delete",
            obj=attachment,
            before={"item": item.pk, "name": attachment.name, "sha256": attachment.sha256},
        )
        stored = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        record_version(actor=actor, item=item, note=_("Attachment removed: %s") % attachment.name)
        transaction.on_commit(lambda: storage.delete(stored))
        _reindex_on_commit(item.pk)


def delete_item(*, actor: Any, item: KnowledgeItem) -> None:
    """Remove an item with its files; out of the search index too."""
    _require_editor(actor, item)
    with transaction.atomic():
        stored = [(a.file.storage, a.file.name) for a in item.attachments.all()]
        record(actor=actor, action="knowledgeitem.delete", obj=item, before=snapshot(item))
        unindex_object(item)
        item.delete()

        def delete_files() -> None:
            for storage, name in stored:
                storage.delete(name)

        transaction.on_commit(delete_files)


# -- requests for expertise --------------------------------------------------------------------


def offer_expertise(
    *,
    actor: Any,
    request: KnowledgeItem,
    item: KnowledgeItem | int | None = None,
    contact: str = "",
    message: str = "",
) -> ExpertiseOffer:
    """Answer a request with an item of one's own party, a contact, or both.

    The offered item must be one the requester can see — an offer they cannot open is no offer.
    """
    _require_publisher(actor)
    if not (
        KnowledgeItem.objects.visible_to(actor)
        .filter(pk=request.pk, kind=KnowledgeItem.Kind.EXPERTISE_REQUEST)
        .exists()
    ):
        raise ValidationError({"request": _("This is not a request for expertise you can see.")})
    if not request.is_open:
        raise ValidationError({"request": _("This request is closed.")})
    if actor.party_id == request.owner_party_id:
        raise ValidationError({"request": _("You cannot answer your own party's request.")})
    contact = (contact or "").strip()
    offered = None
    if item not in (None, ""):
        offered = selectors.offerable_items(user=actor).filter(pk=_pk(item)).first()
        if offered is None:
            raise ValidationError({"item": _("Choose an item of your own party that you can see.")})
        requester = request.author
        if requester is not None and not (
            KnowledgeItem.objects.visible_to(requester).filter(pk=offered.pk).exists()
        ):
            raise ValidationError(
                {
                    "item": _(
                        "The requesting party cannot see this item. Widen its audience first, "
                        "or offer a contact."
                    )
                }
            )
    if offered is None and not contact:
        raise ValidationError({"contact": _("Offer one of your items, or give a contact.")})
    return create_audited(
        ExpertiseOffer,
        actor=actor,
        data={
            "request": request,
            "item": offered,
            "party": actor.party,
            "contact": contact[:300],
            "message": (message or "").strip(),
            "offered_by": actor,
        },
        action="expertiseoffer.create",
    )


def close_request(*, actor: Any, item: KnowledgeItem) -> KnowledgeItem:
    """The owner (or the Secretariat) says no more offers are wanted."""
    if not item.is_request:
        raise ValidationError({"kind": _("Only a request for expertise can be closed.")})
    return update_item(
        item,
        actor=actor,
        changes={"is_open": False},
        expected_version=None,
        note=_("Request closed"),
    )
