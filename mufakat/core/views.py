from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mufakat.core import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", selectors.home_overview(user=request.user))
