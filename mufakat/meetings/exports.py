"""Columns of the meeting and outcome exports (see :mod:`mufakat.core.exports`).

Names are stable: users' spreadsheets and scripts read them. Parties and bodies are given by
their canonical codes (DESIGN §6)."""

from __future__ import annotations

from typing import Any

from mufakat.core.exports import Column, title_columns
from mufakat.core.title_translations import translated_title
from mufakat.meetings.models import Forwarding, Outcome


def _code(obj: Any) -> str | None:
    return obj.code if obj is not None else None


MEETING_COLUMNS = (
    Column("id", lambda m: m.pk),
    Column("body", lambda m: m.body.code),
    Column("number", lambda m: m.number),
    *title_columns(),
    Column("start_date", lambda m: m.start_date),
    Column("start_precision", lambda m: m.start_precision),
    Column("end_date", lambda m: m.end_date),
    Column("city", lambda m: m.city),
    Column("virtual", lambda m: m.is_virtual),
    Column("host", lambda m: _code(m.host)),
    Column("chair", lambda m: _code(m.chair)),
    Column("status", lambda m: m.status),
    Column("audience", lambda m: m.audience),
    Column("tlp", lambda m: m.tlp),
)


def _forwarded(fwd: Forwarding) -> str:
    """Where an outcome went and what became of it: ``<meeting title> (<date>): <status>``."""
    return f"{translated_title(fwd.to_meeting)} ({fwd.to_meeting.start_date.isoformat()}): {fwd.status}"


def _instrument(outcome: Outcome) -> str | None:
    """The instrument concerned, only if the reader may see it."""
    if outcome.instrument_id is None or not getattr(outcome, "instrument_visible", False):
        return None
    return outcome.instrument.key  # type: ignore[union-attr]


OUTCOME_COLUMNS = (
    Column("id", lambda o: o.pk),
    Column("meeting_id", lambda o: o.meeting_id),
    Column("body", lambda o: o.meeting.body.code),
    Column("meeting", lambda o: translated_title(o.meeting)),
    Column("meeting_date", lambda o: o.meeting.start_date),
    Column("reference", lambda o: o.reference),
    Column("number", lambda o: o.number),
    Column("kind", lambda o: o.kind),
    Column("text", lambda o: o.text),
    Column("responsible", lambda o: _code(o.responsible)),
    Column("due_date", lambda o: o.due_date),
    Column("follow_up", lambda o: o.follow_up),
    Column("done_on", lambda o: o.done_on),
    Column("instrument", _instrument),
    Column(
        "forwarded_to",
        lambda o: [_forwarded(f) for f in getattr(o, "visible_forwardings", [])],
    ),
    Column("audience", lambda o: o.audience),
    Column("tlp", lambda o: o.tlp),
)
