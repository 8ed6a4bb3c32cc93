"""``mufakat serve_demo`` starts the web server and the task worker, and one SIGINT (Ctrl-C)
stops both. Runs the real command against a throwaway SQLite database, in a few seconds."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

#: A few seconds on an idle machine; generous for a loaded CI runner.
STARTUP_SECONDS = 40.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _child_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        MUFAKAT_ENV="test",
        MUFAKAT_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="mufakat.settings",
        PYTHONUNBUFFERED="1",
    )
    return env


def _wait_for_port(port: int, deadline: float) -> bool:
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


def _group_alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_one_ctrl_c_stops_the_web_server_and_the_task_worker(tmp_path: Path) -> None:
    env = _child_env(tmp_path)
    manage = [sys.executable, "-m", "mufakat.cli"]
    # Only the worker's table: enough for it to poll; the web server starts without the rest.
    subprocess.run(
        [*manage, "migrate", "django_tasks_database", "--noinput", "-v0"], env=env, check=True
    )
    port = _free_port()
    launcher = subprocess.Popen(
        [*manage, "serve_demo", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert _wait_for_port(port, time.monotonic() + STARTUP_SECONDS), "no web server"
        # Static files are served with debug pages off (WhiteNoise), as in the demo.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/mufakat.css") as css:
            assert css.status == 200
        time.sleep(0.5)
        assert launcher.poll() is None, "the launcher stopped by itself"
        launcher.send_signal(signal.SIGINT)
        output, _ = launcher.communicate(timeout=20)
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.communicate()
    pids = [int(p) for p in re.findall(r"\(pid (\d+)\)", output)]
    assert len(pids) == 2, output
    assert launcher.returncode == 0, output
    assert "Stopped." in output
    assert not [pid for pid in pids if _group_alive(pid)], output
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0
