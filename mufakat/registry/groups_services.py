"""Writes of sharing groups: the Secretariat defines them, audited, with optimistic locking.

Who is in a group decides who reads everything shared with it, so only the Secretariat (and
platform admins) may change one, and every change is in the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mufakat.accounts.models import User
from mufakat.core.models import SharingGroup
from mufakat.core.services import create_audited, update_audited
from mufakat.registry.models import Party
from mufakat.registry.permissions import require_registry_editor

GROUP_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")
GROUP_EDITABLE = frozenset({"name", "description", "confidential", "parties", "users", "source"})


def _normalised_code(value: str) -> str:
    code = (value or "").strip()
    if not GROUP_CODE.match(code):
        raise ValidationError(
            {
                "code": _(
                    "“%(code)s” is not a valid code; use letters, digits and hyphens, "
                    "like “ASEAN-JPN”."
                )
                % {"code": value}
            }
        )
    return code


def _clean_name(name: str) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise ValidationError({"name": _("A sharing group needs a name.")})
    return cleaned


def create_sharing_group(
    *,
    actor: Any,
    code: str,
    name: str,
    description: str = "",
    confidential: bool = False,
    parties: Iterable[Party] = (),
    users: Iterable[User] = (),
    source: str = "",
) -> SharingGroup:
    """Define a group (e.g. "ASEAN + Japan") that items can be shared with."""
    require_registry_editor(actor)
    code = _normalised_code(code)
    with transaction.atomic():
        if SharingGroup.objects.filter(code__iexact=code).exists():
            raise ValidationError(
                {"code": _("A sharing group with code “%(code)s” already exists.") % {"code": code}}
            )
        return create_audited(
            SharingGroup,
            actor=actor,
            data={
                "code": code,
                "name": _clean_name(name),
                "description": description or "",
                "confidential": bool(confidential),
                "parties": list(parties),
                "users": list(users),
                "source": source or "",
            },
            action="sharing_group.create",
        )


def update_sharing_group(
    *,
    actor: Any,
    group: SharingGroup,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> SharingGroup:
    """Rename a group or change its members; its code stays fixed (URLs and the API use it)."""
    require_registry_editor(actor)
    unknown = sorted(set(changes) - GROUP_EDITABLE)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    data = dict(changes)
    if "name" in data:
        data["name"] = _clean_name(data["name"])
    for name in ("parties", "users"):
        if name in data:
            data[name] = list(data[name] or [])
    with transaction.atomic():
        return update_audited(
            group,
            actor=actor,
            changes=data,
            expected_version=expected_version,
            action="sharing_group.update",
        )
