"""Reads from a streaming replica, writes to the primary, and read-your-writes for the writer.

Active only when ``DATABASE_REPLICA_URL`` is set (settings add the ``replica`` alias, this
router and :class:`PrimaryPinMiddleware`). A replica trails the primary by its replication lag,
so a person who just saved something must not read the older copy:

* every write, every ``select_for_update`` and every read inside a transaction on the primary
  goes to the primary, and after the first write of a request the rest of that request reads
  from the primary too (the gate and the code that reads back what it just wrote see the row);
* a request that wrote, and every request that is not GET/HEAD/OPTIONS, leaves a signed cookie
  that pins that browser's reads to the primary for ``MUFAKAT_REPLICA_PIN_SECONDS``;
* code outside a request (the task worker, management commands) reads from the primary unless
  it opts in with :func:`reads_from_replica`: a task reads back what it or the request that
  queued it wrote.

The pin lives in a context variable, so each request (and each thread) has its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
REPLICA = "replica"
#: The cookie that pins a browser's reads to the primary after it wrote.
PIN_COOKIE = "mufakat_primary"
PIN_SALT = "mufakat.core.db_router.pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: Whether reads may go to the replica now: only inside a request (or an explicit opt-in).
_replica_allowed: ContextVar[bool] = ContextVar("mufakat_replica_allowed", default=False)
#: Whether this request (or block) reads from the primary: it wrote, or recently did.
_pinned: ContextVar[bool] = ContextVar("mufakat_primary_pinned", default=False)
#: Whether something was written in this request (the next requests are then pinned).
_wrote: ContextVar[bool] = ContextVar("mufakat_wrote", default=False)


def pin_to_primary() -> None:
    """Read from the primary for the rest of this request (or block)."""
    _pinned.set(True)


def is_pinned() -> bool:
    return _pinned.get()


def wrote() -> bool:
    return _wrote.get()


@contextlib.contextmanager
def reads_from_replica(*, pinned: bool = False) -> Iterator[None]:
    """Let reads in this block go to the replica (a request's default; ``pinned``: not yet)."""
    tokens = (_replica_allowed.set(True), _pinned.set(pinned), _wrote.set(False))
    try:
        yield
    finally:
        _wrote.reset(tokens[2])
        _pinned.reset(tokens[1])
        _replica_allowed.reset(tokens[0])


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class PrimaryReplicaRouter:
    """Writes and migrations to the primary; reads to the replica unless pinned (see above)."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        if not _replica_allowed.get() or _pinned.get():
            return PRIMARY
        # Inside a transaction on the primary, reads belong to it: they may read its own
        # uncommitted rows, and must see the same snapshot as its writes.
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str:
        # Called for every save, update, delete, get_or_create and select_for_update: from
        # here on this request reads what it wrote. (Outside a request reads stay on the
        # primary anyway.)
        if _replica_allowed.get():
            _pinned.set(True)
            _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Both aliases hold the same data.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


class PrimaryPinMiddleware:
    """Lets a request read from the replica unless its browser wrote in the last
    ``MUFAKAT_REPLICA_PIN_SECONDS`` (signed cookie) or the request itself may write (any method
    but GET/HEAD/OPTIONS); after a request that wrote, sets that cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.MUFAKAT_REPLICA_PIN_SECONDS
        recent = request.get_signed_cookie(PIN_COOKIE, default=None, salt=PIN_SALT, max_age=seconds)
        unsafe = request.method not in SAFE_METHODS
        with (
            reads_from_replica(pinned=bool(recent) or unsafe),
            connections[PRIMARY].execute_wrapper(_pin_on_raw_write),
        ):
            response = self.get_response(request)
            if _wrote.get() or unsafe:
                response.set_signed_cookie(
                    PIN_COOKIE,
                    "1",
                    salt=PIN_SALT,
                    max_age=seconds,
                    httponly=True,
                    secure=settings.SESSION_COOKIE_SECURE,
                    samesite="Lax",
                )
        return response


#: Statements that read only; anything else sent to the primary counts as a write.
READ_ONLY_STATEMENTS = ("SELECT", "WITH", "SHOW", "EXPLAIN", "SAVEPOINT", "RELEASE", "BEGIN")


def _pin_on_raw_write(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    """Pin on writes that bypass the router (SQL run on ``django.db.connection``), and on
    ``SELECT … FOR UPDATE``: the request then reads back what it wrote from the primary."""
    head = sql.lstrip()[:10].upper()
    if not head.startswith(READ_ONLY_STATEMENTS) or (
        head.startswith("SELECT") and " FOR UPDATE" in sql.upper()
    ):
        _pinned.set(True)
        _wrote.set(True)
    return execute(sql, params, many, context)


#: What the replica says of itself in one statement: whether it is a standby, whether it has
#: replayed all the WAL it received, and the age of the last transaction it replayed.
_REPLICA_STATE = (
    "SELECT pg_is_in_recovery(), "
    "pg_last_wal_receive_lsn() IS NOT NULL AND pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn(), "
    "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())"
)


class ReplicaStateError(Exception):
    """The replica answered, but its lag cannot be told (not a standby; nothing replayed)."""


def replica_lag() -> float:
    """How far the replica's data trails the primary, in seconds.

    0 when it has replayed all the WAL it received — an idle primary sends nothing, so the age
    of the last replayed transaction says nothing then. Otherwise the age of the last
    transaction it replayed: what a reader of the replica misses is at most that old. Raises
    :class:`ReplicaStateError` when the server is not a standby or has replayed nothing yet while
    WAL waits, and :class:`django.db.DatabaseError` when it does not answer."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(_REPLICA_STATE)
        in_recovery, caught_up, age = cursor.fetchone()
    if not in_recovery:
        raise ReplicaStateError("the replica is not a standby: it is not replaying a primary")
    if caught_up:
        return 0.0
    if age is None:
        raise ReplicaStateError("the replica has not replayed a transaction yet")
    return max(float(age), 0.0)


def replication_lag_seconds() -> float | None:
    """:func:`replica_lag`, or None without a replica (or when it cannot be told)."""
    if not replica_configured():
        return None
    try:
        return replica_lag()
    except ReplicaStateError:
        return None
