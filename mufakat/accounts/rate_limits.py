"""API rate limits counted in the database: one atomic statement per request, any number of workers.

Each caller (an address, a token, a signed-in user) has one row holding its requests in the
current fixed window and in the window before. The limit applies to the *sliding* estimate
``previous × (share of the previous window still inside the last duration) + current``, which
smooths the burst a pure fixed window allows at its edges. The upsert increments and returns the
counts in one statement (PostgreSQL and SQLite both have ``INSERT … ON CONFLICT … RETURNING``),
so two workers never read the same count and both write it back; a refused request is taken off
again, so the count is of requests served. Rows of callers gone quiet are deleted now and then.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from django.db import connection

from mufakat.accounts.models import RateCounter

#: Share of requests that also delete the rows no window needs any more.
PRUNE_SHARE = 0.001


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: float | None = None


def _table() -> str:
    return connection.ops.quote_name(RateCounter._meta.db_table)


def _counted_sql() -> str:
    table = _table()
    return (
        f"INSERT INTO {table} (caller, window_index, hits, previous_hits, expires) "
        "VALUES (%s, %s, 1, 0, %s) "
        "ON CONFLICT (caller) DO UPDATE SET "
        f"previous_hits = CASE WHEN {table}.window_index = excluded.window_index "
        f"THEN {table}.previous_hits "
        f"WHEN {table}.window_index = excluded.window_index - 1 THEN {table}.hits ELSE 0 END, "
        f"hits = CASE WHEN {table}.window_index = excluded.window_index "
        f"THEN {table}.hits + 1 ELSE 1 END, "
        "window_index = excluded.window_index, expires = excluded.expires "
        "RETURNING hits, previous_hits"
    )


def estimate(previous: int, current: int, elapsed_share: float) -> float:
    """Requests in the last duration, taking the previous window as evenly spread."""
    return previous * (1 - elapsed_share) + current


def seconds_until_allowed(
    previous: int, current: int, limit: int, duration: float, elapsed: float
) -> float:
    """How long until one more request fits under the limit (at least a second)."""
    room = limit - 1
    if current <= room and previous > 0:
        # Later in this window, the previous one weighs less: solve previous × (1 − f) + current ≤ room.
        share = 1 - (room - current) / previous
        if share < 1:
            return max(1.0, share * duration - elapsed)
    # In the next window, this one is the previous: current × (1 − f) ≤ room.
    share = max(0.0, 1 - room / current) if current else 0.0
    return max(1.0, duration - elapsed + share * duration)


def count_request(key: str, limit: int, duration: float, now: float) -> Verdict:
    """Count one request of ``key`` against ``limit`` per ``duration`` seconds at ``now``."""
    window = math.floor(now / duration)
    elapsed = now - window * duration
    with connection.cursor() as cursor:
        cursor.execute(_counted_sql(), [key, window, math.ceil((window + 2) * duration)])
        current, previous = cursor.fetchone()
        if estimate(previous, current, elapsed / duration) > limit:
            cursor.execute(
                f"UPDATE {_table()} SET hits = hits - 1 WHERE caller = %s AND window_index = %s",
                [key, window],
            )
            wait = seconds_until_allowed(previous, current - 1, limit, duration, elapsed)
            return Verdict(False, wait)
        if random.random() < PRUNE_SHARE:
            cursor.execute(f"DELETE FROM {_table()} WHERE expires < %s", [math.floor(now)])
    return Verdict(True)
