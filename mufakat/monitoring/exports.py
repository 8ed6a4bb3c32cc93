"""Columns of the progress report exports (see :mod:`mufakat.core.exports`).

Names are stable: users' spreadsheets and scripts read them. Parties are given by their
canonical codes (DESIGN §6), instruments by their key; status and state by their codes
(``on_track``, ``submitted`` …)."""

from __future__ import annotations

from mufakat.core.exports import Column

REPORT_COLUMNS = (
    Column("id", lambda r: r.pk),
    Column("round_id", lambda r: r.round_id),
    Column("round", lambda r: r.round.title),
    Column("due_date", lambda r: r.round.due_date),
    Column("instrument", lambda r: r.instrument.key),
    Column("priority_area", lambda r: r.priority_area.title),
    Column("activity_code", lambda r: r.activity.code),
    Column("activity", lambda r: r.activity.title),
    Column("party", lambda r: r.party.code),
    Column("state", lambda r: r.state),
    Column("status", lambda r: r.status),
    Column("percent", lambda r: r.percent),
    Column("narrative", lambda r: r.narrative),
    Column("submitted_at", lambda r: r.submitted_at),
    Column("reviewed_at", lambda r: r.reviewed_at),
)
