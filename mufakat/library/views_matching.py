"""The matching page: requests for expertise and what could answer them. Thin: one selector."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mufakat.library.matching import MAX_CANDIDATES, matching


def matching_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "library/matching.html",
        {"matching": matching(user=request.user), "max_candidates": MAX_CANDIDATES},
    )
