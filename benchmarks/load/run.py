"""Load test: a reporting deadline's rush, over HTTP, on PostgreSQL with 4 gunicorn workers.

    scripts/with-postgres.sh .venv/bin/python benchmarks/load/run.py [--minutes 10] [--users 50]
        [--readers 12] [--uploaders 3] [--workers 4] [--scale 0.1] [--spawn-rate 1]

(``make load``; ``LOAD_MINUTES=1 make load`` for a quick run.) On the database of
``DATABASE_URL`` (a throwaway one: the run fills it): ``migrate``, ``load_demo``, ``generate
--scale``, then ``prepare.py`` opens a round for the load's focal points. Starts gunicorn with
``--workers`` sync workers and the task worker on a free loopback port, and locust headless
with ``--users`` concurrent users (focal points submitting reports, uploaders sending the
round's spreadsheet, readers browsing and searching; see locustfile.py) for ``--minutes``.
Then prints, per page, the requests, failures, median and p95, and counts in the database that
every report locust saw submitted is submitted and every upload's narratives are saved: lost
writes. Exits 1 on any failed request or lost write. Everything listens on 127.0.0.1 only.

The run signs in focal points and readers only (no Secretariat account, so no second factor is
needed). The API's rate limits are raised for the run: its users are all on one address.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
MUFAKAT = [sys.executable, "-m", "mufakat.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return done.stdout


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except Exception:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def _stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


VERIFY = """
import json, sys
import django
django.setup()
from mufakat.monitoring.models import ProgressReport
result = json.load(open(sys.argv[1]))
submitted = set(result["submitted"])
found = set(ProgressReport.objects.filter(pk__in=submitted, state__in=["submitted", "accepted"])
            .values_list("pk", flat=True))
upload_rows = upload_found = 0
for upload in result["uploads"].values():
    upload_rows += upload["rows"]
    upload_found += ProgressReport.objects.filter(
        party__code=upload["party"], narrative=upload["narrative"]).count()
print(json.dumps({"submitted": len(submitted), "submitted_found": len(found),
                  "upload_rows": upload_rows, "upload_rows_found": upload_found,
                  "submitted_in_database": ProgressReport.objects.filter(
                      round__title="Load test round", state="submitted").count()}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("LOAD_MINUTES", 10)))
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", 50)))
    parser.add_argument("--readers", type=int, default=12)
    parser.add_argument("--uploaders", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--spawn-rate", type=float, default=1)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a throwaway PostgreSQL database (make load)")
    focal = args.users - args.readers - args.uploaders
    if focal < 1:
        raise SystemExit("--users must exceed --readers + --uploaders")

    work = Path(tempfile.mkdtemp(prefix="mufakat-load-"))
    env = dict(os.environ)
    env.update(
        MUFAKAT_ENV="demo",
        MUFAKAT_DATA_DIR=str(work / "data"),
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        MUFAKAT_LOG_LEVEL="ERROR",
        MUFAKAT_API_RATE_ANON="1000000/min",
        MUFAKAT_API_RATE_TOKEN="1000000/min",
        DJANGO_SETTINGS_MODULE="mufakat.settings",
        # As behind the load balancer: each locust user has an address of its own.
        MUFAKAT_BEHIND_PROXY="1",
        MUFAKAT_TRUSTED_PROXIES="1",
        PYTHONPATH=str(ROOT),
    )
    started = time.monotonic()
    print("preparing the database (migrate, demo, generated data, the load's round)…", flush=True)
    _run([*MUFAKAT, "migrate", "-v0"], env)
    _run([*MUFAKAT, "createcachetable"], env)
    _run([*MUFAKAT, "load_demo"], env)
    _run([*MUFAKAT, "generate", "--scale", f"{args.scale:g}"], env)
    plan = work / "plan.json"
    print(
        _run(
            [
                sys.executable,
                str(HERE / "prepare.py"),
                str(plan),
                "--focal-points",
                str(focal),
                "--uploaders",
                str(args.uploaders),
                "--readers",
                str(args.readers),
            ],
            env,
        ).strip()
    )
    print(f"prepared in {time.monotonic() - started:.0f} s", flush=True)

    port = _free_port()
    logs = work / "logs"
    logs.mkdir()
    # The servers' output goes to files that live as long as the run.
    gunicorn_log = (logs / "gunicorn.log").open("w")
    worker_log = (logs / "worker.log").open("w")
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "mufakat.wsgi", "-w", str(args.workers),
         "-b", f"127.0.0.1:{port}", "--timeout", "60"],
        env=env, cwd=ROOT, stdout=gunicorn_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = subprocess.Popen(
        [*MUFAKAT, "db_worker"],
        env=env, cwd=ROOT, stdout=worker_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    result = work / "result.json"
    try:
        _wait_for(f"http://127.0.0.1:{port}/accounts/login/")
        locust_env = dict(env)
        locust_env.update(
            LOAD_PLAN=str(plan),
            LOAD_RESULT=str(result),
            LOAD_READERS=str(args.readers),
            LOAD_UPLOADERS=str(args.uploaders),
        )
        print(
            f"locust: {args.users} users ({focal} focal points, {args.uploaders} uploaders, "
            f"{args.readers} readers) for {args.minutes:g} min against gunicorn "
            f"-w {args.workers} on 127.0.0.1:{port}",
            flush=True,
        )
        subprocess.run(
            [
                sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless",
                "--host", f"http://127.0.0.1:{port}", "-u", str(args.users),
                "-r", f"{args.spawn_rate:g}", "-t", f"{int(args.minutes * 60)}s",
                "--csv", str(work / "locust"), "--only-summary", "--stop-timeout", "60",
                "--loglevel", "WARNING",
            ],
            env=locust_env, cwd=ROOT, check=False,
        )  # fmt: skip
    finally:
        _stop(gunicorn)
        _stop(worker)

    rows = list(csv.DictReader((work / "locust_stats.csv").read_text("utf-8").splitlines()))
    print(f"\n{'page':<36} {'requests':>9} {'failures':>9} {'median ms':>10} {'p95 ms':>8}")
    failures = 0
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "all"
        failures += int(row["Failure Count"]) if name != "all" else 0
        print(
            f"{name:<36} {row['Request Count']:>9} {row['Failure Count']:>9} "
            f"{row['50%']:>10} {row['95%']:>8}"
        )
    counted = json.loads(_run([sys.executable, "-c", VERIFY, str(result)], env).strip())
    lost = counted["submitted"] - counted["submitted_found"]
    lost_uploads = counted["upload_rows"] - counted["upload_rows_found"]
    print(
        f"\nreports submitted (locust): {counted['submitted']}, in the database: "
        f"{counted['submitted_found']} → lost writes: {lost}"
        f"\nreports in submitted state in the round: {counted['submitted_in_database']}"
        f"\nrows saved by the last upload of each uploader: {counted['upload_rows']}, "
        f"in the database: {counted['upload_rows_found']} → lost: {lost_uploads}"
        f"\nfailed requests: {failures}"
        f"\nlogs and locust's CSV files: {work}"
    )
    if failures or lost or lost_uploads or not counted["submitted"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
