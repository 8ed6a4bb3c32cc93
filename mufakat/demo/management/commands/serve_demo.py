"""``mufakat serve_demo [ADDR:PORT]``: the web server and the task worker together, one Ctrl-C
stops both.

Without the worker nothing queued ever runs: "the focal points are being notified" would send
nothing and attachment text would stay "extraction pending" (issue 10). Each child runs in its
own session, so a signal reaches it only through this launcher, which forwards SIGINT/SIGTERM to
the child's whole process group (the development server's reloader included), waits, and
kills what is left. If one child stops by itself, the other is stopped too.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

#: How long children get to stop after SIGINT before they are killed.
GRACE_SECONDS = 8.0
POLL_SECONDS = 0.2
#: How long the task worker waits for the web server to listen before it starts anyway.
LISTEN_WAIT_SECONDS = 30.0


def _manage(*args: str) -> list[str]:
    return [sys.executable, "-m", "mufakat.cli", *args]


def _stop(children: dict[str, subprocess.Popen[bytes]], grace: float = GRACE_SECONDS) -> None:
    """SIGINT each child's process group, then SIGKILL whatever still runs after ``grace``."""
    for child in children.values():
        if child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGINT)
    deadline = time.monotonic() + grace
    for child in children.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
    for child in children.values():
        # The group may outlive its leader (the reloader's server process): clear it too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()


def _wait_until_listening(
    addrport: str, server: subprocess.Popen[bytes], interrupted: Callable[[], bool]
) -> None:
    """Return once ``addrport`` accepts connections, the server stopped, or after a while."""
    host, _sep, port = addrport.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if host in {"0.0.0.0", "::"}:
        host = "127.0.0.1" if host == "0.0.0.0" else "::1"
    deadline = time.monotonic() + LISTEN_WAIT_SECONDS
    while time.monotonic() < deadline and server.poll() is None and not interrupted():
        try:
            with socket.create_connection((host, int(port)), timeout=POLL_SECONDS):
                return
        except (OSError, ValueError):
            time.sleep(POLL_SECONDS)


class Command(BaseCommand):
    help = "Serve the demo: the web server and the task worker together; Ctrl-C stops both."
    # The web server runs the system checks as it starts: once is enough.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="Where to serve (ADDR:PORT)."
        )
        parser.add_argument(
            "--noreload",
            action="store_true",
            help="Do not restart the web server when the code changes.",
        )

    def handle(self, *args: Any, addrport: str, noreload: bool, **options: Any) -> None:
        commands = {
            _("web server"): _manage("runserver", addrport, *(["--noreload"] if noreload else [])),
            _("task worker"): _manage("db_worker", "--queue-name=*", "--no-reload"),
        }
        stopping: list[int] = []

        def on_signal(signum: int, frame: Any) -> None:
            stopping.append(signum)

        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        children: dict[str, subprocess.Popen[bytes]] = {}
        try:
            for name, command in commands.items():
                if stopping:
                    break
                children[name] = subprocess.Popen(command, start_new_session=True)
                self.stdout.write(_("Started the %(name)s (pid %(pid)s).") % {
                    "name": name, "pid": children[name].pid
                })  # fmt: skip
                if len(children) == 1:
                    # The worker's start-up and its backlog (the demo's mails, attachment text)
                    # would compete with the web server's on a small machine: the first page
                    # comes first.
                    _wait_until_listening(addrport, children[name], lambda: bool(stopping))
            self._announce(addrport)
            while not stopping:
                ended = [name for name, child in children.items() if child.poll() is not None]
                if ended:
                    self.stderr.write(
                        _("The %(name)s stopped (exit code %(code)s); stopping the rest.")
                        % {"name": ended[0], "code": children[ended[0]].returncode}
                    )
                    break
                time.sleep(POLL_SECONDS)
        finally:
            self.stdout.write(_("Stopping the web server and the task worker…"))
            _stop(children)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if not stopping:
            sys.exit(1)
        self.stdout.write(_("Stopped."))

    def _announce(self, addrport: str) -> None:
        url = addrport if "://" in addrport else f"http://{addrport}"
        self.stdout.write(_("Mufakat demo at %s — press Ctrl-C to stop.") % url)
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            self.stdout.write(
                _("Mails are written as files to %s (one file per run of the sender).")
                % settings.EMAIL_FILE_PATH
            )
        self.stdout.flush()
