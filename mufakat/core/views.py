from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mufakat.core import selectors
from mufakat.desk import views as desk_views


def home(request: HttpRequest) -> HttpResponse:
    """Signed in: My desk, at the same address (bookmarks keep working); anonymous: the public
    overview."""
    if request.user.is_authenticated:
        return desk_views.desk(request)
    return render(request, "core/home.html", selectors.home_overview(user=request.user))
