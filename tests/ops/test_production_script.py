"""scripts/production.sh brings up the production layout and stops it cleanly; the site rides out
a PostgreSQL restart under load without being restarted itself.

The script runs for real: a fresh PostgreSQL cluster, migrations, collectstatic, `check --deploy`,
gunicorn with 4 workers and the task worker, all with the production settings. About 3 minutes
on two cores, so it has its own target: `make test-production`.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest

pytestmark = pytest.mark.production

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "production.sh"
START_DEADLINE = 600.0
#: What a browser sends through nginx (docs/deploy.md): TLS ended at the proxy.
PROXIED = {"X-Forwarded-Proto": "https"}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 301 is an answer to check, not to follow


OPENER = urllib.request.build_opener(_NoRedirects)


@dataclass
class Site:
    process: subprocess.Popen[str]
    url: str
    directory: Path
    output: list[str] = field(default_factory=list)

    def get(
        self, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(self.url + path.lstrip("/"), headers=headers or {})
        try:
            with OPENER.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def pg_ctl(self, *args: str) -> None:
        bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1]
        as_pg = (
            ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"]
            if os.geteuid() == 0
            else []
        )
        subprocess.run(
            [*as_pg, str(bindir), "-D", str(self.directory / "postgres"), "-w", *args],
            check=True,
            cwd=self.directory,
            capture_output=True,
        )


def _read_output(process: subprocess.Popen[str], lines: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MUFAKAT_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(PORT="0", PYTHON=sys.executable)
    process = subprocess.Popen(
        [str(SCRIPT)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: list[str] = []
    threading.Thread(target=_read_output, args=(process, output), daemon=True).start()
    deadline = time.monotonic() + START_DEADLINE
    url = directory = None
    while time.monotonic() < deadline and process.poll() is None:
        text = "".join(output)
        up = re.search(r"Mufakat is up at (\S+)", text)
        where = re.search(r"data in (\S+)", text)
        if up and where:
            url, directory = up.group(1), Path(where.group(1))
            break
        time.sleep(0.5)
    if url is None or directory is None:
        process.kill()
        pytest.fail("the production script did not come up:\n" + "".join(output))
    running = Site(process, url, directory, output)
    yield running
    if process.poll() is None:  # a test failed before the one that stops it
        process.terminate()
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_the_site_is_healthy_and_serves_pages_over_the_proxy(site: Site) -> None:
    status, headers, body = site.get("/healthz")
    assert status == 200
    checks = json.loads(body)["checks"]
    assert {name: check["ok"] for name, check in checks.items()} == {
        "database": True,
        "task_queue": True,
        "disk": True,
        "replica": True,
    }
    assert checks["replica"] == {"ok": True, "skipped": "no read replica is configured"}
    status, headers, body = site.get("/", PROXIED)
    assert status == 200
    assert b"Mufakat" in body
    assert "Strict-Transport-Security" in headers
    # Plain HTTP is sent to HTTPS, except the health check a load balancer may probe directly.
    status, headers, _ = site.get("/")
    assert status == 301 and headers["Location"].startswith("https://")


def test_the_task_worker_brings_a_new_search_index_up_to_date_once(site: Site) -> None:
    from mufakat.search.indexing import INDEX_VERSION

    assert "rebuild queued for the task worker" in "".join(site.output)
    port = (site.directory / "pg-port").read_text().strip()
    password = (site.directory / "db-password").read_text().strip()
    comment = None
    with psycopg.connect(
        f"postgres://mufakat:{password}@127.0.0.1:{port}/mufakat", autocommit=True
    ) as conn:
        for _ in range(240):
            row = conn.execute(
                "SELECT obj_description('search_searchdocument'::regclass, 'pg_class')"
            ).fetchone()
            comment = row[0] if row else None
            if comment == f"mufakat search index version {INDEX_VERSION}":
                return
            time.sleep(0.5)
    pytest.fail(f"the worker did not rebuild the index (table comment {comment!r})")


def test_static_files_are_served_compressed_with_a_far_future_cache_header(site: Site) -> None:
    manifest = json.loads((site.directory / "data" / "static" / "staticfiles.json").read_text())
    css = manifest["paths"]["css/mufakat.css"]
    assert css != "css/mufakat.css"  # the name carries the content's hash
    status, headers, body = site.get(f"/static/{css}", {**PROXIED, "Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) >= 365 * 86400
    plain = (site.directory / "data" / "static" / css).read_bytes()
    assert len(body) < len(plain)


def test_a_postgresql_restart_under_load_answers_503_at_worst_and_the_site_recovers(
    site: Site,
) -> None:
    statuses: list[int] = []
    stop = threading.Event()

    def browse() -> None:
        while not stop.is_set():
            statuses.append(site.get("/", PROXIED)[0])

    readers = [threading.Thread(target=browse) for _ in range(4)]
    for reader in readers:
        reader.start()
    time.sleep(2)
    site.pg_ctl("-m", "fast", "stop")
    time.sleep(2)
    down = site.get("/", PROXIED)
    health_down = site.get("/healthz")
    api_down = site.get("/api/v1/meetings", PROXIED)
    site.pg_ctl(
        "-l",
        str(site.directory / "logs" / "postgres.log"),
        "-o",
        f"-h 127.0.0.1 -p {(site.directory / 'pg-port').read_text().strip()} "
        f"-k {site.directory / 'postgres'}",
        "start",
    )
    time.sleep(2)
    stop.set()
    for reader in readers:
        reader.join()

    assert down[0] == 503 and b"cannot reach its database" in down[2]
    assert down[1]["Retry-After"]
    assert health_down[0] == 503
    assert api_down[0] == 503 and b"database did not answer" in api_down[2]
    assert api_down[1]["Content-Type"] == "application/json"
    assert json.loads(health_down[2])["checks"]["database"]["ok"] is False
    assert set(statuses) <= {200, 503}, statuses
    assert statuses.count(200) > 0
    # No restart of gunicorn: every request after PostgreSQL is back is served.
    assert [site.get("/", PROXIED)[0] for _ in range(8)] == [200] * 8
    deadline = time.monotonic() + 30
    while site.get("/healthz")[0] != 200 and time.monotonic() < deadline:
        time.sleep(1)  # the task worker is started again 5 s after the database came back
    assert site.get("/healthz")[0] == 200


def test_sigterm_stops_everything_and_removes_the_throwaway_directory(site: Site) -> None:
    os.kill(site.process.pid, signal.SIGTERM)
    assert site.process.wait(timeout=120) == 143
    assert not site.directory.exists()
    leftovers = subprocess.run(
        ["pgrep", "-f", str(site.directory)], capture_output=True, text=True
    ).stdout
    assert leftovers == ""
    assert "production: stopped" in "".join(site.output)
