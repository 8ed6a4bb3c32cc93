"""The meetings calendar as an iCalendar (RFC 5545) feed, built with the ``icalendar`` library.

Meetings are all-day events (``DTEND`` is exclusive, so a meeting ending 23 August ends on the
24th). Only meetings the requester may see are given to this module (the selector passes the
rows of the gated queryset); a calendar app subscribing without a session sees the public ones,
and one subscribing with a key (:mod:`mufakat.meetings.calendar_tokens`) what the key's owner
may see. ``X-WR-CALNAME`` names the feed (all meetings, a body's, a party's, "I follow" …).

Meetings dated by their month alone ("September 2026") are **left out**: an all-day event on
the first of the month would sit in people's calendars as if it were the real date, and the
HTML calendar already lists them under their month. They enter the feed once the day is set.
Cancelled meetings stay in, with ``STATUS:CANCELLED``, so subscribers' copies are updated.

Each event has a stable ``UID`` (the meeting's key) and a ``SEQUENCE`` that follows the
meeting's version (``lock_version``, which every update service of a meeting increments — so
a new date, place, title or status moves it), so a calendar program updates its copy instead of
adding a second one.
``SUMMARY`` is the title in the feed's language (:func:`~mufakat.core.title_translations.translated_title`):
the reader's for a browser, the key owner's for a subscription address (its ``?lang=``).
``DTSTAMP`` and ``LAST-MODIFIED`` are the meeting's last change (RFC 5545 §3.8.7.2: without a
``METHOD`` the stamp is when the information was last revised), which makes an event a pure
function of its meeting's row — so the serialised event is remembered by that row's full content
(:data:`_EVENTS`), and a feed of 1,000 meetings costs one query and a join of bytes. The memory is
only ever consulted for rows the gated query returned to this reader.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCategory, vDatetime, vDDDTypes, vInt, vText, vUri

from mufakat.core.partial_dates import Precision
from mufakat.core.title_translations import translated_title
from mufakat.meetings.models import Meeting

PRODID = "-//Mufakat//Meetings calendar//EN"
#: Bumped when what an event says changes shape, so readers' validators change with it.
FORMAT = "2"
_STATUS: dict[str, str] = {
    Meeting.Status.PLANNED: "TENTATIVE",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}

#: The columns an event is made of (``values()`` rows: no model instances for 1,000 meetings).
FIELDS: tuple[str, ...] = (
    "pk",
    "title",
    "title_translations",
    "start_date",
    "end_date",
    "city",
    "is_virtual",
    "status",
    "lock_version",
    "created_at",
    "updated_at",
    "body__code",
)

#: Serialised events by everything they are made of (row, site address, language).
_EVENTS: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
_EVENTS_SIZE = 5000
_EVENTS_LOCK = threading.Lock()


def in_feed(meeting: Meeting) -> bool:
    return meeting.start_precision == Precision.DAY


def in_feed_filter() -> dict[str, Any]:
    """The same rule as :func:`in_feed`, for a queryset."""
    return {"start_precision": Precision.DAY}


def _place(row: Mapping[str, Any]) -> str:
    return str(_("online")) if row["is_virtual"] and not row["city"] else row["city"]


def meeting_event(row: Mapping[str, Any], *, base_url: str) -> Event:
    """One meeting (a row with :data:`FIELDS`) as a VEVENT."""
    event = Event()
    start: dt.date = row["start_date"]
    last_day: dt.date = row["end_date"] or start
    event["UID"] = vText(f"meeting-{row['pk']}@mufakat")
    event["DTSTAMP"] = vDatetime(row["updated_at"].astimezone(dt.UTC))
    event["CREATED"] = vDatetime(row["created_at"].astimezone(dt.UTC))
    event["LAST-MODIFIED"] = vDatetime(row["updated_at"].astimezone(dt.UTC))
    event["SEQUENCE"] = vInt(max(row["lock_version"] - 1, 0))
    event["DTSTART"] = vDDDTypes(start)  # VALUE=DATE: an all-day event
    if last_day < dt.date.max:
        event["DTEND"] = vDDDTypes(last_day + dt.timedelta(days=1))
    else:
        # No day after 31 December 9999 exists to end on: say how long it lasts instead.
        event["DURATION"] = vDDDTypes(last_day - start + dt.timedelta(days=1))
    event["SUMMARY"] = vText(translated_title(row))
    place = _place(row)
    if place:
        event["LOCATION"] = vText(place)
    event["STATUS"] = vText(_STATUS.get(row["status"], "TENTATIVE"))
    event["URL"] = vUri(base_url.rstrip("/") + reverse("meetings:detail", args=[row["pk"]]))
    event["CATEGORIES"] = vCategory([row["body__code"]])
    return event


def _event_bytes(row: Mapping[str, Any], *, base_url: str, language: str) -> bytes:
    # The translations are a dict (not a key): the title they give in ``language`` stands for them.
    key = (
        language,
        base_url,
        translated_title(row, language),
        *(row[name] for name in FIELDS if name != "title_translations"),
    )
    with _EVENTS_LOCK:
        found = _EVENTS.get(key)
        if found is not None:
            _EVENTS.move_to_end(key)
            return found
    found = meeting_event(row, base_url=base_url).to_ical()
    with _EVENTS_LOCK:
        _EVENTS[key] = found
        if len(_EVENTS) > _EVENTS_SIZE:
            _EVENTS.popitem(last=False)
    return found


def render_feed(
    rows: Iterable[Mapping[str, Any]], *, base_url: str, name: str = "Mufakat meetings"
) -> bytes:
    """The feed of ``rows`` (already gated and limited to :func:`in_feed` meetings), called
    ``name`` in calendar programs (``X-WR-CALNAME``)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    head, end, tail = calendar.to_ical().rpartition(b"END:VCALENDAR")
    language = get_language() or ""
    events = [_event_bytes(row, base_url=base_url, language=language) for row in rows]
    return b"".join([head, *events, end, tail])


def reader_key(user: Any) -> tuple[Any, ...]:
    """Who a feed is for: the person (or nobody) and the day, since the "member states" audience
    is dated. What the gate evaluates in the database (memberships, sharing groups, named
    people) shows in the aggregate itself."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ("anonymous", dt.date.today())
    return (
        user.pk,
        getattr(user, "party_id", None),
        getattr(user, "agency_id", None),
        dt.date.today(),
    )


def validators(
    summary: Mapping[str, Any], *, reader_key: tuple[Any, ...], scope: tuple[Any, ...]
) -> tuple[str, dt.datetime | None]:
    """The feed's ETag and Last-Modified from one aggregate over the reader's gated meetings.

    ``summary`` holds only what the reader may see (count, latest change, sums of keys and
    versions), so a change to a meeting hidden from them changes neither; ``reader_key`` (the
    gate's key for the reader) keeps one reader's validator from matching another's.
    """
    parts = (FORMAT, reader_key, scope, *sorted(summary.items()))
    etag = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    changes = [v for v in (summary.get("latest"), summary.get("body_latest")) if v is not None]
    return etag, max(changes) if changes else None
