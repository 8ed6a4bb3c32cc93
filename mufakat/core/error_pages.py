"""The site's error pages (urls.py ``handler403/404/500``).

Pages answer in the site's layout and say what to do next, naming nothing of the record asked
for; the API keeps answering JSON, also for addresses no route matches. The 500 page is a
standalone template rendered without a request, so it needs neither the database nor the
context processors that query it.
"""

import copy
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
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


@requires_csrf_token
def server_error(request: HttpRequest, *args: Any) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return HttpResponse(loader.render_to_string("500.html"), status=500)
