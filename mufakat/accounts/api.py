from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

router = Router(tags=["accounts"])


class MeOut(Schema):
    authenticated: bool
    username: str | None
    party: str | None
    agency: str | None
    role: str | None
    token_scopes: list[str] | None = Field(
        None, description='The token\'s scopes: ["read"] or ["read", "write"]; null without one.'
    )


@router.get("/me", response=MeOut, operation_id="accounts_me", summary="Who the API sees you as")
def me(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not user.is_authenticated:
        return MeOut(
            authenticated=False,
            username=None,
            party=None,
            agency=None,
            role=None,
            token_scopes=None,
        )
    token = getattr(request, "api_token", None)
    return MeOut(
        authenticated=True,
        username=user.username,
        party=user.party.code if user.party else None,
        agency=user.agency.acronym if user.agency else None,
        role=user.role,
        token_scopes=list(token.scopes) if token is not None else None,
    )
