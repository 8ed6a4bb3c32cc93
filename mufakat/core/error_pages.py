"""The site's error pages (urls.py ``handler403/404/500``).

Pages answer in the site's layout and say what to do next, naming nothing of the record asked
for; the API keeps answering JSON, also for addresses no route matches. The 500 page is a
standalone template rendered without a request, so it needs neither the database nor the
context processors that query it.
"""

import copy
import errno
import sys
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _anywhere(request: HttpRequest) -> HttpRequest:
    """The request as the layout sees it: at "/". A hidden record and a missing one must get
    the same page, byte for byte, so the layout's links echo no address."""
    shown = copy.copy(request)
    shown.path = shown.path_info = "/"
    shown.get_full_path = lambda *args, **kwargs: "/"  # type: ignore[method-assign]
    return shown


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return HttpResponse(loader.render_to_string("404.html", {}, _anywhere(request)), status=404)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Permission denied."}, status=403)
    return HttpResponse(loader.render_to_string("403.html", {}, _anywhere(request)), status=403)


#: Errors of the disk itself being full (or over its quota).
DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
#: Seconds a client is asked to wait before trying again (``Retry-After``).
RETRY_AFTER = 30


def _unavailable(exc: BaseException | None) -> str | None:
    """Which passing fault caused the error, if one did: "database" (it does not answer: a
    restart, a failover, a network cut) or "disk" (no room for an upload); else None."""
    seen = 0
    while exc is not None and seen < 5:  # the fault may be wrapped (storage, templates)
        if isinstance(exc, (OperationalError, InterfaceError)):
            return "database"
        if isinstance(exc, OSError) and exc.errno in DISK_FULL:
            return "disk"
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def _service_unavailable(request: HttpRequest, fault: str) -> HttpResponse:
    if fault == "disk":
        title = _("There is no room to keep this file")
        message = _(
            "The server's disk is full, so nothing of this request was saved. The "
            "administrators must free some space; try again later."
        )
    else:
        title = _("Mufakat cannot reach its database")
        message = _(
            "The database did not answer, so nothing of this request was saved. This usually "
            "lasts less than a minute."
        )
    if _is_api(request):
        response: HttpResponse = JsonResponse({"detail": message}, status=503)
    else:
        html = loader.render_to_string("503.html", {"title": title, "message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


@requires_csrf_token
def server_error(request: HttpRequest, *args: Any) -> HttpResponse:
    """A passing fault (the database restarting, a full disk) answers 503 with what happened
    and that nothing was saved; any other error 500. Django calls this while handling the
    exception, so it is still the current one."""
    fault = _unavailable(sys.exc_info()[1])
    if fault is not None:
        return _service_unavailable(request, fault)
    if _is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return HttpResponse(loader.render_to_string("500.html"), status=500)
