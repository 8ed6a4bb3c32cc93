from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from mufakat.audit.context import current_ip
from mufakat.core.network import client_address

__all__ = ["AuditContextMiddleware", "client_address"]


class AuditContextMiddleware:
    """Remembers the client address of the current request for audit events."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
