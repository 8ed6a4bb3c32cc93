"""The audit log in the application, for auditors and the Secretariat. Thin: the gate and the
redaction live in :mod:`mufakat.audit.selectors`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from mufakat.audit.permissions import require_audit_reader
from mufakat.audit.selectors import events_for, mark_readable, search_events, view_of

PAGE_SIZE = 50


@login_required
def events(request: HttpRequest) -> HttpResponse:
    """Newest first, fifty at a time, each page the events before the last one shown: the log
    only grows, so counting it (or skipping thousands of rows to reach page n) would make
    every page slower than the last; ``?before=<id>`` costs the same on the millionth event."""
    require_audit_reader(request.user)
    filters = {
        name: request.GET.get(name, "").strip()[:100]
        for name in ("q", "action", "object_type")
        if request.GET.get(name, "").strip()
    }
    queryset = events_for(user=request.user).order_by("-id")
    if "action" in filters:
        queryset = queryset.filter(action=filters["action"])
    if "object_type" in filters:
        queryset = queryset.filter(object_type=filters["object_type"])
    if "q" in filters:
        queryset = search_events(queryset, filters["q"], user=request.user)
    before = _event_id(request.GET.get("before"))
    if before is not None:
        queryset = queryset.filter(id__lt=before)
    with _without_jit(searching="q" in filters):
        fetched = list(queryset[: PAGE_SIZE + 1])
        page = mark_readable(fetched[:PAGE_SIZE], user=request.user)
    return render(
        request,
        "audit/events.html",
        {
            "events": [view_of(event) for event in page],
            "older": page[-1].pk if len(fetched) > PAGE_SIZE else None,
            "is_first_page": before is None,
            "filters": filters,
            "querystring_base": urlencode(filters) + "&" if filters else "",
        },
    )


def _event_id(value: str | None) -> int | None:
    """``?before=`` as an event id, or None for the newest events (also when it is no number)."""
    text = (value or "").strip()
    return int(text) if text.isdecimal() and len(text) <= 18 else None


@login_required
def event(request: HttpRequest, pk: int) -> HttpResponse:
    require_audit_reader(request.user)
    found = events_for(user=request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    shown = view_of(mark_readable([found], user=request.user)[0])
    return render(
        request,
        "audit/event.html",
        {"event": shown, "before_json": _pretty(shown.before), "after_json": _pretty(shown.after)},
    )


@contextmanager
def _without_jit(*, searching: bool) -> Iterator[None]:
    """A title search asks the readability rule in SQL for every event it passes; PostgreSQL
    prices those gated subqueries so high that its JIT compiler spends seconds on a statement
    that runs in milliseconds, so the search is planned without it."""
    if not searching or connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def _pretty(value: object) -> str:
    if value is None:
        return ""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
