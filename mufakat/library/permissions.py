"""Who may do what in the knowledge library: publish, edit, widen.

``can_*`` answers with a bool; ``require_*`` raises PermissionDenied. Role sets come from
:mod:`mufakat.accounts.roles`; whether the item may be *seen* is the gate's business.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mufakat.accounts.roles import ITEM_EDITORS_FOR_ALL_PARTIES, PUBLISHERS, has_role

if TYPE_CHECKING:
    from mufakat.library.models import KnowledgeItem


def can_publish(user: Any) -> bool:
    """Any active user of a party whose role is not reader or auditor."""
    return has_role(user, PUBLISHERS) and bool(getattr(user, "party_id", None))


def require_publisher(user: Any) -> None:
    if not can_publish(user):
        raise PermissionDenied(_("Only focal points and the Secretariat may publish items."))


def can_edit_item(user: Any, item: KnowledgeItem) -> bool:
    """Users of the owning party and the Secretariat — provided they can see the item."""
    from mufakat.library.models import KnowledgeItem

    if not can_publish(user):
        return False
    if not has_role(user, ITEM_EDITORS_FOR_ALL_PARTIES) and user.party_id != item.owner_party_id:
        return False
    return KnowledgeItem.objects.visible_to(user).filter(pk=item.pk).exists()


def require_item_editor(user: Any, item: KnowledgeItem) -> None:
    if not can_edit_item(user, item):
        raise PermissionDenied(
            _("Only the owning organisation and the Secretariat may change this item.")
        )


def can_widen(user: Any, item: KnowledgeItem) -> bool:
    """Only the originating organisation may widen an item's audience."""
    return item.owner_party_id is None or getattr(user, "party_id", None) == item.owner_party_id


__all__ = ["can_edit_item", "can_publish", "can_widen", "require_item_editor", "require_publisher"]
