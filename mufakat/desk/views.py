"""My desk: the home page of a signed-in person (``core.views.home`` hands over to it)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mufakat.desk import selectors


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "desk/desk.html",
        {"desk": selectors.desk(user=request.user), "horizon_days": selectors.HORIZON_DAYS},
    )
