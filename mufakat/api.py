"""The REST API at /api/v1/: mounts each app's router and maps service errors to HTTP.

Errors are uniform: ``{"detail": [{"loc": [..., field], "msg": reason}]}`` with 422 for bad
input, 409 for an edit conflict, 403 for a missing right, 404 for anything not visible.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from mufakat.accounts.api_auth import OptionalAuth, api_throttles
from mufakat.core.errors import ConflictError
from mufakat.core.schemas import MufakatAPI


class _BearerDoc(HttpBearer):
    """Only documents the scheme in OpenAPI; :class:`OptionalAuth` does the work."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:  # pragma: no cover
        return None


api = MufakatAPI(
    title="Mufakat API",
    version="1",
    description="Registry, meetings and instruments of multilateral cooperation against "
    "transnational crime. Authenticate with `Authorization: Bearer <token>` "
    "(`mufakat token create USERNAME`); without a token only public records are returned.",
    auth=OptionalAuth(),
    throttle=api_throttles(),  # per client address when anonymous, else per token
    urls_namespace="api",
)


def validation_details(exc: ValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            {"loc": ["body", field], "msg": str(message)}
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    return [{"loc": ["body"], "msg": str(message)} for message in exc.messages]


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": validation_details(exc)}, status=422)


@api.exception_handler(ConflictError)
def on_conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": [{"loc": ["body", "lock_version"], "msg": str(exc)}]},
        status=409,
    )


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Permission denied."}, status=403)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    message = f"The request body is larger than {limit // 1024} KiB; send less at once."
    return api.create_response(request, {"detail": [{"loc": ["body"], "msg": message}]}, status=413)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    status = exc.status_code if exc.status_code in (401, 403) else 401
    return api.create_response(request, {"detail": exc.message}, status=status)


def _mount_routers() -> None:
    from mufakat.accounts.api import router as accounts_router
    from mufakat.frameworks.api import router as frameworks_router
    from mufakat.ingest.api import router as ingest_router
    from mufakat.library.api import router as library_router
    from mufakat.meetings.api import router as meetings_router
    from mufakat.meetings.api_action_items import router as action_items_router
    from mufakat.meetings.api_documents import router as meeting_documents_router
    from mufakat.monitoring.api import router as monitoring_router
    from mufakat.papers.api import router as papers_router
    from mufakat.papers.api_record import router as papers_record_router
    from mufakat.registry.api import router as registry_router
    from mufakat.search.api import router as search_router
    from mufakat.workplans.api import router as workplans_router

    api.add_router("", accounts_router)
    api.add_router("", registry_router)
    api.add_router("", meetings_router)
    api.add_router("", action_items_router)
    api.add_router("", meeting_documents_router)
    api.add_router("", workplans_router)
    api.add_router("", monitoring_router)
    api.add_router("", papers_router)
    api.add_router("", papers_record_router)
    api.add_router("/library", library_router)
    api.add_router("/search", search_router)
    api.add_router("/ingest", ingest_router)
    api.add_router("", frameworks_router)


_mount_routers()
