"""``mufakat sweep_tasks``: mark failed the tasks whose worker died (see mufakat.core.task_sweep)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from mufakat.core import task_sweep


class Command(BaseCommand):
    help = (
        "Mark failed the background tasks still 'running' although their worker stopped, and "
        "queue again the spreadsheet uploads whose worker stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="SECONDS",
            help="Tasks started more than this long ago (default: MUFAKAT_TASK_STALE_SECONDS).",
        )
        parser.add_argument(
            "--all-running",
            action="store_true",
            help="Every running task: only when NO worker is running (e.g. before starting it).",
        )

    def handle(self, *args: Any, older_than: int | None, all_running: bool, **options: Any) -> None:
        if all_running:
            age = None
        else:
            age = dt.timedelta(seconds=older_than or settings.MUFAKAT_TASK_STALE_SECONDS)
        swept = task_sweep.sweep(older_than=age)
        resumed = task_sweep.resume_interrupted_work()
        self.stdout.write(
            f"{len(swept)} task(s) whose worker stopped marked failed; "
            f"{resumed} interrupted spreadsheet upload(s) queued again."
        )
