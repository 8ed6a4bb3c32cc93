"""Reads for the start page; each goes through the visibility gate."""

import datetime as dt
from typing import Any

from mufakat.meetings.models import Meeting
from mufakat.registry.models import Body
from mufakat.workplans.models import Instrument


def home_overview(*, user: Any) -> dict[str, Any]:
    today = dt.date.today()
    meetings = Meeting.objects.visible_to(user).select_related("body", "host")
    return {
        "upcoming": list(meetings.filter(start_date__gte=today).order_by("start_date")[:5]),
        "recent": list(meetings.filter(start_date__lt=today).order_by("-start_date")[:6]),
        "instruments": list(
            Instrument.objects.visible_to(user)
            .filter(kind__in=["work_plan", "plan_of_action"])
            .order_by("-start_year")[:6]
        ),
        "top_bodies": list(Body.objects.filter(parent__isnull=True).order_by("order", "code")),
    }
