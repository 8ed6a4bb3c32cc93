"""The meetings calendar as an iCalendar (RFC 5545) feed.

Meetings are all-day events (``DTEND`` is exclusive, so a meeting ending 23 August ends on the
24th). Only meetings the requester may see are given to this module (the view passes the
gated queryset); a calendar app subscribing without a session sees the public ones.

Meetings dated by their month alone ("September 2026") are **left out**: an all-day event on
the first of the month would sit in people's calendars as if it were the real date, and the
HTML calendar already lists them under their month. They enter the feed once the day is set.
Cancelled meetings stay in, with ``STATUS:CANCELLED``, so subscribers' copies are updated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from mufakat.core.partial_dates import Precision
from mufakat.meetings.models import Meeting

PRODID = "-//Mufakat//Meetings calendar//EN"
_STATUS: dict[str, str] = {
    Meeting.Status.PLANNED: "TENTATIVE",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def in_feed(meeting: Meeting) -> bool:
    return meeting.start_precision == Precision.DAY


def meeting_event(meeting: Meeting, *, base_url: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@mufakat")
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.start_date)
    last_day = meeting.end_date or meeting.start_date
    if last_day < dt.date.max:
        event.add("dtend", last_day + dt.timedelta(days=1))
    else:
        # No day after 31 December 9999 exists to end on: say how long it lasts instead.
        event.add("duration", last_day - meeting.start_date + dt.timedelta(days=1))
    event.add("summary", meeting.title)
    if meeting.place:
        event.add("location", str(meeting.place))
    event.add("status", _STATUS.get(meeting.status, "TENTATIVE"))
    event.add("url", base_url.rstrip("/") + meeting.get_absolute_url())
    event.add("categories", [meeting.body.code])
    return event


def render_feed(meetings: Iterable[Meeting], *, base_url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Mufakat meetings")
    stamp = timezone.now()
    for meeting in meetings:
        if in_feed(meeting):
            calendar.add_component(meeting_event(meeting, base_url=base_url, stamp=stamp))
    return calendar.to_ical()
