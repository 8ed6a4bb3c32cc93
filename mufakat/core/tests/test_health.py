"""/healthz: the database, the task queue's lag and the free disk, each named with its value;
200 when all pass, 503 as soon as one fails, for anyone, without a session."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mufakat.monitoring.tasks import send_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_tasks(settings: Any, tmp_path: Path) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MUFAKAT_HEALTH_MAX_QUEUE_LAG = 300
    settings.MUFAKAT_HEALTH_MIN_FREE_BYTES = 1
    settings.MUFAKAT_HEALTH_MIN_FREE_PERCENT = 0.0


def _health(client: Client) -> tuple[int, dict[str, Any]]:
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, response.json()


def _queued_minutes_ago(minutes: int) -> DBTaskResult:
    result = send_reminders.enqueue("2026-01-01")
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - dt.timedelta(minutes=minutes)
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_healthy_site_answers_200_naming_each_check_with_its_value(client: Client) -> None:
    status, body = _health(client)
    assert status == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "task_queue", "disk", "replica"}
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["task_queue"] == {"ok": True, "lag_seconds": 0.0, "max_lag_seconds": 300}
    disk = body["checks"]["disk"]
    assert disk["ok"] is True and disk["free_bytes"] > 0 and 0 < disk["free_percent"] <= 100


def test_it_needs_no_sign_in_sets_no_cookie_and_costs_two_queries(client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert not response.cookies
    assert len(queries) == 2


def test_a_task_waiting_longer_than_the_limit_fails_the_queue_check(client: Client) -> None:
    _queued_minutes_ago(2)
    status, body = _health(client)
    assert status == 200
    assert 110 <= body["checks"]["task_queue"]["lag_seconds"] <= 130

    _queued_minutes_ago(10)
    status, body = _health(client)
    assert status == 503
    assert body["status"] == "failing"
    assert body["checks"]["task_queue"]["ok"] is False
    assert body["checks"]["task_queue"]["lag_seconds"] >= 600
    assert body["checks"]["database"]["ok"] is True


def test_a_task_already_picked_up_or_not_yet_due_is_no_lag(client: Client) -> None:
    running = _queued_minutes_ago(30)
    DBTaskResult.objects.filter(pk=running.pk).update(status="RUNNING")
    later = send_reminders.using(run_after=timezone.now() + dt.timedelta(hours=1)).enqueue("x")
    DBTaskResult.objects.filter(pk=later.id).update(
        enqueued_at=timezone.now() - dt.timedelta(hours=2)
    )
    status, body = _health(client)
    assert status == 200
    assert body["checks"]["task_queue"]["lag_seconds"] == 0.0


def test_a_delayed_task_counts_from_when_it_became_due(client: Client) -> None:
    due = send_reminders.using(run_after=timezone.now() - dt.timedelta(minutes=20)).enqueue("x")
    DBTaskResult.objects.filter(pk=due.id).update(enqueued_at=timezone.now() - dt.timedelta(days=1))
    status, body = _health(client)
    assert status == 503
    assert 1190 <= body["checks"]["task_queue"]["lag_seconds"] <= 1300


def test_too_little_free_disk_fails_the_disk_check(client: Client, settings: Any) -> None:
    free = shutil.disk_usage(Path(settings.MEDIA_ROOT).parent).free
    settings.MUFAKAT_HEALTH_MIN_FREE_BYTES = free * 2
    status, body = _health(client)
    assert status == 503
    assert body["checks"]["disk"]["ok"] is False
    assert body["checks"]["disk"]["min_free_bytes"] == free * 2
    assert body["checks"]["database"]["ok"] and body["checks"]["task_queue"]["ok"]


def test_too_small_a_share_of_free_disk_fails_the_disk_check(client: Client, settings: Any) -> None:
    settings.MUFAKAT_HEALTH_MIN_FREE_PERCENT = 100.0
    status, body = _health(client)
    assert status == 503
    assert body["checks"]["disk"]["ok"] is False


def test_a_database_that_does_not_answer_fails_the_database_and_queue_checks(
    client: Client, settings: Any
) -> None:
    # A real connection to an address where no database listens (the port is closed).
    from django.db import connections
    from django.db.utils import ConnectionHandler

    broken = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "HOST": "127.0.0.1",
                "PORT": "1",
                "NAME": "nothing",
                "USER": "nobody",
            }
        }
    )
    from mufakat.core import health

    original = health.connection
    health.connection = broken["default"]  # the health module's database handle
    try:
        status, body = _health(client)
    finally:
        health.connection = original
        broken["default"].close()
    assert connections["default"].is_usable()
    assert status == 503
    assert body["checks"]["database"] == {"ok": False, "error": "the database does not answer"}
    assert body["checks"]["task_queue"]["ok"] is False


def test_it_is_answered_over_plain_http_even_where_https_is_enforced(
    client: Client, settings: Any
) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_without_a_read_replica_the_replica_check_is_reported_as_skipped(client: Client) -> None:
    status, body = _health(client)
    assert status == 200
    assert body["checks"]["replica"] == {"ok": True, "skipped": "no read replica is configured"}
