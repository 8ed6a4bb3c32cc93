"""``/healthz``: whether this Mufakat can serve, for a load balancer or a monitoring probe.

Three checks, each named in the JSON body with what it measured and its limit:

- ``database``: one ``SELECT 1`` on the default database;
- ``task_queue``: how long the oldest task that is ready to run has waited for a worker
  (``MUFAKAT_HEALTH_MAX_QUEUE_LAG`` seconds at most) — a stopped or overwhelmed worker;
- ``disk``: free space where uploads are kept (at least ``MUFAKAT_HEALTH_MIN_FREE_BYTES`` and
  ``MUFAKAT_HEALTH_MIN_FREE_PERCENT``);
- ``replica``: with a read replica (``DATABASE_REPLICA_URL``), that it answers and how many
  seconds its data trails the primary (``MUFAKAT_HEALTH_MAX_REPLICA_LAG`` at most,
  :func:`mufakat.core.db_router.replica_lag`); without one, reported as skipped.

200 when all pass, 503 when one fails. No sign-in, nothing about records, users or paths: two
queries (three with a replica) and one ``statvfs``, answered before any session is read,
never cached.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.db.models import Case, F, Min, When
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from mufakat.core import db_router


def check_database() -> dict[str, Any]:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return {"ok": False, "error": "the database does not answer"}
    return {"ok": True, "seconds": round(time.perf_counter() - started, 4)}


def queue_lag_seconds() -> float:
    """Seconds the oldest ready task has waited since it could first run (0: none waits)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    oldest = (
        DBTaskResult.objects.ready()
        .annotate(
            due=Case(
                When(run_after=get_date_max(), then=F("enqueued_at")),
                default=F("run_after"),
            )
        )
        .aggregate(oldest=Min("due"))["oldest"]
    )
    if oldest is None:
        return 0.0
    return max((timezone.now() - oldest).total_seconds(), 0.0)


def check_task_queue(database_ok: bool) -> dict[str, Any]:
    limit = int(settings.MUFAKAT_HEALTH_MAX_QUEUE_LAG)
    if not database_ok:
        return {"ok": False, "error": "the database does not answer", "max_lag_seconds": limit}
    try:
        lag = queue_lag_seconds()
    except DatabaseError:
        return {"ok": False, "error": "the task queue cannot be read", "max_lag_seconds": limit}
    return {"ok": lag <= limit, "lag_seconds": round(lag, 1), "max_lag_seconds": limit}


def data_path() -> Path:
    """Where uploads go: the media directory, or the nearest existing directory above it."""
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def check_disk() -> dict[str, Any]:
    min_bytes = int(settings.MUFAKAT_HEALTH_MIN_FREE_BYTES)
    min_percent = float(settings.MUFAKAT_HEALTH_MIN_FREE_PERCENT)
    try:
        usage = shutil.disk_usage(data_path())
    except OSError:
        return {"ok": False, "error": "the data directory cannot be read"}
    percent = 100.0 * usage.free / usage.total if usage.total else 0.0
    return {
        "ok": usage.free >= min_bytes and percent >= min_percent,
        "free_bytes": usage.free,
        "free_percent": round(percent, 1),
        "min_free_bytes": min_bytes,
        "min_free_percent": min_percent,
    }


def check_replica() -> dict[str, Any]:
    if not db_router.replica_configured():
        return {"ok": True, "skipped": "no read replica is configured"}
    limit = float(settings.MUFAKAT_HEALTH_MAX_REPLICA_LAG)
    try:
        lag = db_router.replica_lag()
    except db_router.ReplicaStateError as error:
        return {"ok": False, "error": str(error), "max_lag_seconds": limit}
    except DatabaseError:
        # A broken connection is not kept for the next probe.
        connections[db_router.REPLICA].close_if_unusable_or_obsolete()
        return {"ok": False, "error": "the replica does not answer", "max_lag_seconds": limit}
    return {"ok": lag <= limit, "lag_seconds": round(lag, 1), "max_lag_seconds": limit}


def run_checks() -> dict[str, dict[str, Any]]:
    database = check_database()
    return {
        "database": database,
        "task_queue": check_task_queue(database["ok"]),
        "disk": check_disk(),
        "replica": check_replica(),
    }


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks},
        status=200 if healthy else 503,
    )
