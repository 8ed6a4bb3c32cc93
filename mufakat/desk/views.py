"""My desk: the home page of a signed-in person (``core.views.home`` hands over to it)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mufakat.core.audience import tlp_css_class
from mufakat.desk import selectors


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    found = selectors.desk(user=request.user)
    return render(
        request,
        "desk/desk.html",
        {
            "desk": found,
            "marking_class": tlp_css_class(found.marking),
            "horizon_days": selectors.HORIZON_DAYS,
        },
    )
