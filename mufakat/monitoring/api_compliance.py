"""Reporting compliance of a round and "Remind now" over the API.

The same selector and service as the page: a round the caller may not see is a 404, a caller
who neither manages rounds nor reports in the round gets a 403, a focal point gets their own
party only, and another party's draft is never more than "draft, last saved at …". Reminding is
for round managers (403), at most once a day per party (409), in an open round and for its
reporting parties (422).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import BaseModel

from mufakat.core.web import api_signed_in_user, api_user
from mufakat.monitoring import compliance, reminders
from mufakat.monitoring.permissions import require_round_manager
from mufakat.monitoring.views_compliance import marking

router = Router(tags=["monitoring"])

#: Activities per page of cells (each with up to one cell per reporting party).
ACTIVITIES_PER_PAGE = 100


class PartyComplianceOut(Schema):
    party: str
    expected: int
    counts: dict[str, int] = Field(
        description="Slots per cell: not_started, draft, submitted, endorsed, accepted, returned."
    )
    reporting_rate: float = Field(description="(submitted + endorsed + accepted) / expected.")
    on_time_rate: float = Field(description="Submitted by the due date / expected.")
    days_overdue: int
    last_reminded: dt.date | None


# A plain pydantic model, not a ninja ``Schema``: a page holds thousands of cells, built here as
# dicts, and ninja's per-field attribute lookup on each cost more than building the matrix.
class CellOut(BaseModel):
    activity_id: int
    activity_code: str
    instrument_id: int
    party: str
    status: str = Field(
        description="not_started, draft, submitted, endorsed, accepted or returned."
    )
    last_saved: dt.datetime | None = Field(
        description="For a draft in progress: when it was last saved (nothing else of it)."
    )
    submitted_at: dt.datetime | None
    on_time: bool | None


class ComplianceOut(Schema):
    round: int
    tlp: str = Field(description="The most restrictive marking of the round and its instruments.")
    due_date: dt.date
    all_parties: bool = Field(description="False for a focal point: their own party only.")
    parties: list[PartyComplianceOut] = Field(description="Summaries over every activity.")
    activities: int = Field(description="Activities matching the filters, over all pages.")
    page: int
    pages: int
    cells: list[CellOut] = Field(description="The cells of this page's activities.")


class ReminderIn(Schema):
    parties: list[str] = Field(default_factory=list, description="Party codes to remind.")
    all_overdue: bool = Field(
        default=False, description="Remind every overdue party not yet reminded today."
    )


class ReminderOut(Schema):
    party: str
    sent_on: dt.date
    kind: str
    recipients: int


def _reminder_out(reminder: Any) -> dict[str, Any]:
    return {
        "party": reminder.party.code,
        "sent_on": reminder.sent_on,
        "kind": reminder.kind,
        "recipients": reminder.recipients,
    }


@router.get(
    "/rounds/{round_id}/compliance",
    response=ComplianceOut,
    operation_id="monitoring_round_compliance",
    summary="Who has reported what in a round: a cell per activity × party, a summary per party",
    description="Filter with `party` (code), `instrument` (key or id) and `status` (a cell). The "
    "Secretariat sees every party; a focal point their own. Cells come a page of "
    f"{ACTIVITIES_PER_PAGE} activities at a time (`page`).",
)
def round_compliance(
    request: HttpRequest,
    round_id: int,
    party: str = "",
    instrument: str = "",
    status: str = "",
    page: int = 1,
) -> Any:
    user = api_user(request)
    round_ = compliance.get_compliance_round(user=user, pk=round_id)
    matrix = compliance.compliance_matrix(
        round_,
        user=user,
        party=party or None,
        instrument=instrument or None,
        status=status or None,
        page=page,
        per_page=ACTIVITIES_PER_PAGE,
    )
    cells = [
        {
            "activity_id": row.activity_id,
            "activity_code": row.code,
            "instrument_id": row.instrument_id,
            "party": p.code,
            "status": cell.cell,
            "last_saved": cell.last_saved,
            "submitted_at": cell.submitted_at,
            "on_time": cell.on_time if cell.submitted_at else None,
        }
        for row in matrix.rows
        for p, cell in zip(matrix.parties, row.cells, strict=True)
        if cell is not None
    ]
    return {
        "round": round_.pk,
        "tlp": marking(matrix),
        "due_date": round_.due_date,
        "all_parties": matrix.all_parties,
        "activities": matrix.total_rows,
        "page": matrix.page,
        "pages": max(1, -(-matrix.total_rows // ACTIVITIES_PER_PAGE)),
        "parties": [
            {
                "party": s.party.code,
                "expected": s.expected,
                "counts": {str(k): v for k, v in s.counts.items()},
                "reporting_rate": round(s.reporting_rate, 4),
                "on_time_rate": round(s.on_time_rate, 4),
                "days_overdue": s.days_overdue,
                "last_reminded": s.last_reminded,
            }
            for s in matrix.summaries
        ],
        "cells": cells,
    }


@router.get(
    "/rounds/{round_id}/reminders",
    response=list[ReminderOut],
    operation_id="monitoring_list_round_reminders",
    summary="Reminders sent about a round, newest first (round managers)",
)
def list_reminders(request: HttpRequest, round_id: int) -> Any:
    user = api_user(request)
    round_ = compliance.get_compliance_round(user=user, pk=round_id)
    require_round_manager(user)
    return [_reminder_out(r) for r in reminders.reminder_log(round_, user=user, limit=200)]


@router.post(
    "/rounds/{round_id}/reminders",
    response={201: list[ReminderOut]},
    operation_id="monitoring_remind_parties",
    summary="Remind parties now (round managers); at most once a day per party",
    description="Give `parties` (codes) or `all_overdue`. A party already reminded today "
    "answers 409 and nothing is sent; the mail goes through the task queue.",
)
def remind(request: HttpRequest, round_id: int, payload: ReminderIn) -> Any:
    user = api_signed_in_user(request, "Sign in to send reminders.")
    round_ = compliance.get_compliance_round(user=user, pk=round_id)
    require_round_manager(user)
    parties: list[str] = list(payload.parties)
    if payload.all_overdue:
        rate = compliance.round_rates([round_], user=user).get(round_.pk)
        today = reminders.reminded_today(round_, user=user)
        done = {p.code for p in round_.reporting_parties.all() if p.pk in today}
        parties += [c for c in (rate.overdue_party_codes if rate else []) if c not in done]
        if not parties:
            raise ValidationError({"all_overdue": _("No overdue party is left to remind today.")})
    sent = reminders.remind_parties(actor=user, round=round_, parties=parties)
    return Status(201, [_reminder_out(r) for r in sent])
