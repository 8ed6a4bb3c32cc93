"""API shape of a sharing group. Members are codes; named people only for those who may see them."""

from typing import Any

from ninja import Field, Schema

from mufakat.core.models import SharingGroup
from mufakat.registry.groups_selectors import can_see_members


class SharingGroupOut(Schema):
    code: str
    name: str
    description: str
    confidential: bool = Field(description="Listed only for its members and the Secretariat.")
    is_member: bool = Field(description="Whether the caller belongs to it (party or personally).")
    parties: list[str] = Field(description="Party codes of the members.")
    users: list[str] | None = Field(
        None,
        description="Usernames of the people in it personally; null unless the caller is a "
        "member or the Secretariat.",
    )

    @staticmethod
    def resolve_is_member(obj: SharingGroup) -> bool:
        return bool(getattr(obj, "is_member", False))

    @staticmethod
    def resolve_parties(obj: SharingGroup) -> list[str]:
        return [party.code for party in obj.parties.all()]

    @staticmethod
    def resolve_users(obj: SharingGroup, context: Any) -> list[str] | None:
        request = (context or {}).get("request")
        user = getattr(request, "auth", None)
        if not can_see_members(user, obj):
            return None
        return [person.username for person in obj.users.all()]
