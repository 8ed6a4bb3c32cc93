"""Benchmark: every main page and API list, as anonymous and as each demo role, over real HTTP.

    .venv/bin/python benchmarks/pages.py [--backends sqlite postgres] [--scale 10]
                                         [--body-meetings 1000] [--no-demo] [--seed 2025]
                                         [--requests 20] [--pages meeting body ...]
                                         [--users anonymous secretariat ...] [--in-process]
    .venv/bin/python benchmarks/pages.py --database-url postgres://…/gen10 [--writable] …
    .venv/bin/python benchmarks/pages.py --data-dir var/bench [--writable] …

Without ``--database-url``/``--data-dir`` it builds a fresh database per backend as
``benchmarks/rollup.py`` does (SQLite in a temporary directory; PostgreSQL in a new database on
the server of ``DATABASE_URL``, dropped afterwards, or in a throwaway cluster of
``scripts/with-postgres.sh``): ``migrate``, ``load_demo``, ``generate --scale N --body-meetings
M``, then refreshes the planner's statistics as autovacuum would. With ``--database-url`` or
``--data-dir`` it measures an existing database and, unless ``--writable``, writes nothing to it:
the signed-in sessions are then signed cookies (no session row, one query less per request),
the second-factor requirement is lifted for the run (no authenticator to enrol), the API's rate
limits are off (counting a call writes a row), and on PostgreSQL every transaction is
read-only (a page that writes on GET fails and shows as 500). Otherwise sessions are ordinary
database sessions made programmatically, a Secretariat account without a second factor gets an
authenticator app enrolled (as in production, where the role requires one; both are removed
afterwards), and every API call is counted against a rate limit it never reaches.

It then starts gunicorn (2 sync workers, as in the issue's measurement) on a free loopback
port and, for every page × user, makes warm-up requests (until each worker has served the
page to that reader six times: past its caches' first fill and PostgreSQL's five custom plans
of each prepared statement) and ``--requests`` sequential timed
ones (a new connection each, as sync workers close it), printing the median and p95 of the
client-side time, the HTTP status, the SQL queries and their time (counted in the worker by a
wrapper around Django's WSGI handler, sent back in response headers), the body size (and its
gzip size), and the ratio of each signed-in median to the anonymous one. Last, the resident
memory (VmRSS, and the peak VmHWM) of each worker, whose goal is ≤ 150 MiB. ``--in-process``
also times the same requests through Django's test client (no HTTP, no gunicorn).
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
os.environ.setdefault("MUFAKAT_ENV", "test")
MUFAKAT = [sys.executable, "-c", "from mufakat.cli import main; main()"]
RESULT = "BENCHMARK-RESULT "
QUERIES_HEADER = "X-Pages-Queries"
WORKER_HEADER = "X-Pages-Worker"
SQL_MS_HEADER = "X-Pages-Sql-Ms"
SIGNED_SESSIONS = "MUFAKAT_PAGES_SIGNED_SESSIONS"
RATE_NEVER_REACHED = "10000000/min"
#: Warm-up requests of each page and reader per worker (see :func:`_warm_up`).
WARM_PER_WORKER = 6

#: The roles measured, and who plays them: a demo account, else a generated one, else the first
#: active account of the role (of the party, when given).
USERS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "anonymous": ((), "", ""),
    "secretariat": (("secretariat", "gen.secretariat"), "secretariat", "ASEC"),
    "member": (("idn.focal", "gen.idn.focal"), "focal_point", "IDN"),
    "partner": (("jpn.focal", "gen.jpn.focal"), "partner_focal_point", "JPN"),
    "chair": (("idn.chair",), "chair", ""),
    "outsider": (("outsider",), "reader", ""),
}

#: page name → what it is; the addresses are found in the database (see ``plan``).
PAGES: dict[str, str] = {
    "home": "home (My desk when signed in)",
    "desk": "My desk",
    "meetings": "meetings list",
    "meetings_body": "meetings list, the big body",
    "meeting": "one meeting of the big body",
    "body": "the body page (1,000 meetings)",
    "calendar": "calendar page",
    "ical": "calendar.ics",
    "ical_body": "calendar.ics of the big body",
    "action_items": "action items",
    "bodies": "registry: bodies",
    "parties": "registry: parties",
    "party": "registry: one party",
    "groups": "registry: sharing groups",
    "crime_areas": "registry: crime areas",
    "instruments": "instruments list",
    "instrument": "one instrument (the largest)",
    "activity": "one activity",
    "instrument_dashboard": "instrument dashboard (the largest)",
    "party_dashboard": "party dashboard",
    "snapshot": "meeting snapshot page (largest frozen round)",
    "snapshot_instrument": "meeting snapshot page, one instrument detailed",
    "rounds": "rounds list",
    "round": "one round (largest open)",
    "compliance": "round compliance page",
    "my_reports": "my reports",
    "review": "review queue",
    "report": "one report",
    "library": "library list",
    "library_item": "one library item",
    "search": "search",
    "audit": "audit page",
    "brief": "meeting brief page",
    "api_meetings": "API meetings",
    "api_meetings_body": "API meetings of the big body (one page)",
    "api_meeting": "API one meeting",
    "api_outcomes": "API outcomes",
    "api_action_items": "API action items",
    "api_bodies": "API bodies",
    "api_parties": "API parties",
    "api_instruments": "API instruments",
    "api_instrument": "API one instrument (the largest)",
    "api_activities": "API activities",
    "api_rounds": "API rounds",
    "api_reports": "API reports of a round",
    "api_rollup": "API instrument rollup",
    "api_party_rollup": "API party rollup",
    "api_compliance": "API round compliance",
    "api_snapshot": "API round snapshot",
    "api_compare": "API snapshot compare",
    "api_library": "API library items",
    "api_search": "API search",
}
SEARCH_TERM = "trafficking"


# -- the server: gunicorn's application (``pages:served()``) -----------------------------------


def served() -> Callable[..., Any]:
    """Django's WSGI application, counting each request's SQL queries and their time into two
    response headers (the wrapper costs microseconds per query). With signed-cookie sessions
    when the database must not be written."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from mufakat.core.serving import Settling, settle

    if os.environ.get(SIGNED_SESSIONS):
        settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    handler = Settling(WSGIHandler())
    settle()  # as mufakat.wsgi does

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        spent = [0, 0.0]

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += 1
                spent[1] += time.perf_counter() - started

        def respond(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            headers = [
                *headers,
                (QUERIES_HEADER, str(spent[0])),
                (SQL_MS_HEADER, f"{spent[1] * 1000:.2f}"),
                (WORKER_HEADER, str(os.getpid())),
            ]
            return start_response(status, headers, exc_info)

        with connection.execute_wrapper(count):
            return handler(environ, respond)

    return application


# -- measuring (runs inside the environment of one database) ----------------------------------


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95}


def _find_user(role_name: str) -> Any:
    from mufakat.accounts.models import User

    usernames, role, party = USERS[role_name]
    for username in usernames:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is not None:
            return user
    users = User.objects.filter(role=role, is_active=True).order_by("pk")
    if party:
        users = users.filter(party__code=party)
    return users.first()


def plan() -> tuple[dict[str, str], dict[str, Any]]:
    """The address of every page in this database (the worst realistic case of each), and what
    was chosen."""
    from django.db.models import Count

    from mufakat.core.audience import Audience
    from mufakat.library.models import KnowledgeItem
    from mufakat.meetings.models import Meeting
    from mufakat.meetings.synthetic import BODY_CODE
    from mufakat.monitoring.models import ProgressReport, ReportingRound, Snapshot
    from mufakat.registry.models import Body
    from mufakat.workplans.models import Activity, Instrument

    chosen: dict[str, Any] = {}
    body = Body.objects.filter(code=BODY_CODE).first() or (
        Body.objects.annotate(n=Count("meetings")).order_by("-n").first()
    )
    assert body is not None, "no body: was the database generated?"
    chosen["body"] = body.code
    chosen["body_meetings"] = body.meetings.count()
    # One whose outcomes went on (and, where the data has one, that received some): the trace.
    from django.db.models import Exists, OuterRef

    from mufakat.meetings.models import Forwarding

    meeting = (
        Meeting.objects.filter(
            body=body,
            audience=Audience.PUBLIC,
            status=Meeting.Status.HELD,
            pk__in=Forwarding.objects.values("outcome__meeting_id"),
        )
        .annotate(received=Exists(Forwarding.objects.filter(to_meeting=OuterRef("pk"))))
        .order_by("-received", "-start_date")
        .first()
        or Meeting.objects.filter(
            body=body, audience=Audience.PUBLIC, status=Meeting.Status.HELD, outcomes__isnull=False
        )
        .order_by("-start_date")
        .first()
        or body.meetings.order_by("-start_date").first()
    )
    pages: dict[str, str] = {
        "home": "/",
        "desk": "/desk/",
        "meetings": "/meetings/",
        "meetings_body": f"/meetings/?body={body.code}",
        "body": f"/registry/bodies/{body.code}/",
        "calendar": "/meetings/calendar/",
        "ical": "/meetings/calendar.ics",
        "ical_body": f"/meetings/calendar.ics?body={body.code}",
        "action_items": "/meetings/action-items/",
        "bodies": "/registry/bodies/",
        "parties": "/registry/parties/",
        "groups": "/registry/sharing-groups/",
        "crime_areas": "/registry/crime-areas/",
        "instruments": "/instruments/",
        "rounds": "/monitoring/",
        "my_reports": "/monitoring/my/",
        "review": "/monitoring/review/",
        "library": "/library/",
        "search": f"/search/?q={SEARCH_TERM}",
        "audit": "/audit/",
        "api_meetings": "/api/v1/meetings",
        "api_meetings_body": f"/api/v1/meetings?body={body.code}",
        "api_outcomes": "/api/v1/outcomes",
        "api_action_items": "/api/v1/action-items",
        "api_bodies": "/api/v1/bodies",
        "api_parties": "/api/v1/parties",
        "api_instruments": "/api/v1/instruments",
        "api_activities": "/api/v1/activities",
        "api_rounds": "/api/v1/rounds",
        "api_library": "/api/v1/library/items",
        "api_search": f"/api/v1/search?q={SEARCH_TERM}",
    }
    if meeting is not None:
        chosen["meeting"] = meeting.pk
        pages["meeting"] = f"/meetings/{meeting.pk}/"
        pages["api_meeting"] = f"/api/v1/meetings/{meeting.pk}"
    biggest = (
        ProgressReport.objects.values("instrument").annotate(n=Count("pk")).order_by("-n").first()
    )
    instrument = (
        Instrument.objects.get(pk=biggest["instrument"])
        if biggest
        else Instrument.objects.annotate(n=Count("priority_areas__activities"))
        .order_by("-n")
        .first()
    )
    if instrument is not None:
        chosen["instrument"] = instrument.key
        pages["instrument"] = f"/instruments/{instrument.key}/"
        pages["instrument_dashboard"] = f"/monitoring/instruments/{instrument.key}/"
        pages["api_rollup"] = f"/api/v1/instruments/{instrument.pk}/rollup"
        largest = (
            Instrument.objects.annotate(n=Count("priority_areas__activities"))
            .order_by("-n", "pk")
            .first()
        )
        pages["api_instrument"] = f"/api/v1/instruments/{(largest or instrument).pk}"
        activity = Activity.objects.filter(priority_area__instrument=instrument).order_by("pk")
        if activity.exists():
            pages["activity"] = f"/instruments/activities/{activity.first().pk}/"  # type: ignore[union-attr]
    party = (
        Instrument.parties.through.objects.filter(party__kind="member_state")
        .values("party__code")
        .annotate(n=Count("pk"))
        .order_by("-n", "party__code")
        .first()
    )
    code = party["party__code"] if party else "IDN"
    chosen["party"] = code
    pages["party"] = f"/registry/parties/{code}/"
    pages["party_dashboard"] = f"/monitoring/parties/{code}/"
    pages["api_party_rollup"] = f"/api/v1/parties/{code}/rollup"
    round_ = (
        ReportingRound.objects.filter(status=ReportingRound.Status.OPEN)
        .annotate(n=Count("reports"))
        .order_by("-n", "pk")
        .first()
    )
    if round_ is not None:
        chosen["round"] = round_.pk
        pages["round"] = f"/monitoring/rounds/{round_.pk}/"
        pages["compliance"] = f"/monitoring/rounds/{round_.pk}/compliance/"
        pages["api_reports"] = f"/api/v1/rounds/{round_.pk}/reports"
        pages["api_compliance"] = f"/api/v1/rounds/{round_.pk}/compliance"
        report = (
            ProgressReport.objects.filter(round=round_, party__code=code).order_by("pk").first()
        )
        if report is not None:
            pages["report"] = f"/monitoring/reports/{report.pk}/"
    snapshot = (
        Snapshot.objects.annotate(n=Count("round__instruments"))
        .order_by("-n", "-pk")
        .select_related("round")
        .first()
    )
    if snapshot is not None:
        chosen["snapshot"] = snapshot.pk
        pages["snapshot"] = f"/monitoring/meetings/{snapshot.meeting_id}/snapshot/"
        pages["brief"] = f"/meetings/{snapshot.meeting_id}/brief/"
        pages["api_snapshot"] = f"/api/v1/rounds/{snapshot.round_id}/snapshot"
        pages["api_compare"] = f"/api/v1/snapshots/{snapshot.pk}/compare"
        detailed = (
            Instrument.objects.visible_to(None)
            .filter(reporting_rounds=snapshot.round)
            .order_by("title", "pk")
            .first()
        )
        if detailed is not None:
            pages["snapshot_instrument"] = (
                f"/monitoring/meetings/{snapshot.meeting_id}/snapshot/?instrument={detailed.key}"
            )
    item = KnowledgeItem.objects.visible_to(None).order_by("pk").first()
    if item is None:
        item = KnowledgeItem.objects.order_by("pk").first()
    if item is not None:
        pages["library_item"] = f"/library/{item.pk}/"
    return {name: pages[name] for name in PAGES if name in pages}, chosen


class Sessions:
    """Signed-in sessions made programmatically (what signing in leaves behind), and the
    authenticator a Secretariat account needs; removed again by :meth:`close`."""

    def __init__(self, writable: bool) -> None:
        from django.conf import settings

        self.writable = writable
        if not writable:
            settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
        self.cookie = settings.SESSION_COOKIE_NAME
        self.stores: list[Any] = []
        self.authenticators: list[int] = []

    def for_user(self, user: Any) -> str:
        from importlib import import_module

        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

        from mufakat.accounts.permissions import has_mfa, mfa_required_for

        if self.writable and mfa_required_for(user) and not has_mfa(user):
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            self.authenticators.append(TOTP.activate(user, generate_totp_secret()).instance.pk)
        backends = settings.AUTHENTICATION_BACKENDS
        backend = next((b for b in backends if b.endswith("ModelBackend")), backends[-1])
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.save()
        self.stores.append(store)
        return str(store.session_key)

    def close(self) -> None:
        if not self.writable:
            return
        from allauth.mfa.models import Authenticator

        for store in self.stores:
            store.delete()
        Authenticator.objects.filter(pk__in=self.authenticators).delete()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Gunicorn:
    """gunicorn with 2 sync workers on a free loopback port, serving :func:`served`."""

    def __init__(self, workers: int, signed_sessions: bool, log: Path) -> None:
        self.port = _free_port()
        self.log = log.open("w")
        env = dict(os.environ)
        if signed_sessions:
            env[SIGNED_SESSIONS] = "1"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--pythonpath",
                f"{ROOT},{HERE}",
                "--timeout",
                "120",
                "--log-level",
                "warning",
                "pages:served()",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,  # tracebacks of refused (403) and failing requests
        )
        self.workers = workers
        self.last_worker = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("gunicorn stopped while starting")
            try:
                if len(self.worker_pids()) == workers and self.get("/robots.txt", "")[0]:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def memory(self) -> list[dict[str, int]]:
        """VmRSS and VmHWM (the peak) of each worker, in KiB."""
        found = []
        for pid in self.worker_pids():
            fields = {}
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                key, _sep, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    fields[key] = int(value.split()[0])
            found.append({"pid": pid, **fields})
        return found

    def get(self, path: str, cookie: str) -> tuple[int, bytes, int, float]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            headers = {"Host": "localhost", "Connection": "close"}
            if cookie:
                headers["Cookie"] = cookie
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            queries = int(response.getheader(QUERIES_HEADER) or -1)
            sql_ms = float(response.getheader(SQL_MS_HEADER) or 0)
            self.last_worker = response.getheader(WORKER_HEADER) or ""
            return response.status, body, queries, sql_ms
        finally:
            connection.close()

    def stop(self) -> None:
        self.process.terminate()  # the master we started; it stops its workers
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _in_process_get(cookie_name: str) -> Callable[[str, str], tuple[int, bytes, int, float]]:
    from django.db import connection
    from django.test import Client

    client = Client()

    def get(path: str, cookie: str) -> tuple[int, bytes, int, float]:
        spent: list[Any] = [0, 0.0]

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += 1
                spent[1] += time.perf_counter() - started

        client.cookies.clear()
        if cookie:
            client.cookies[cookie_name] = cookie.partition("=")[2]
        with connection.execute_wrapper(count):
            response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        return response.status_code, body, spent[0], spent[1] * 1000

    return get


def _warm_up(
    get: Callable[[str, str], tuple[int, bytes, int, float]],
    path: str,
    cookie: str,
    server: Gunicorn | None,
) -> None:
    """Requests until every worker has served this page to this reader ``WARM_PER_WORKER`` times:
    a worker's first request of a page fills its caches (connection, templates, the gate's
    compiled statements), and PostgreSQL plans a prepared statement afresh for its first five
    runs on a connection before it settles on a reusable plan. A worker in service, whose
    connection lives ten minutes, is long past both; timing them measured the warm-up (a p95 of
    1–2 s on the first page measured was one cold worker). The kernel hands sequential requests
    to whichever worker it likes, hence the count per worker."""
    served: dict[str, int] = {}
    for attempt in range(WARM_PER_WORKER * 8):
        get(path, cookie)
        if server is None:
            if attempt + 1 >= WARM_PER_WORKER:
                return
            continue
        served[server.last_worker] = served.get(server.last_worker, 0) + 1
        if len(served) >= server.workers and min(served.values()) >= WARM_PER_WORKER:
            return


def _measure_all(
    get: Callable[[str, str], tuple[int, bytes, int, float]],
    pages: dict[str, str],
    cookies: dict[str, str],
    requests: int,
    budget: float,
    server: Gunicorn | None = None,
) -> list[dict[str, Any]]:
    """Per page: every reader warmed up, then the readers' requests taken in turn (anonymous,
    Secretariat, … , anonymous, …), so a drift in the machine's speed while a page is measured
    weighs on every reader alike and the signed-in/anonymous ratio compares like with like."""
    rows = []
    for name, path in pages.items():
        for cookie in cookies.values():
            _warm_up(get, path, cookie, server)
        times: dict[str, list[float]] = {user: [] for user in cookies}
        sql: dict[str, list[float]] = {user: [] for user in cookies}
        last: dict[str, tuple[int, bytes, int]] = {}
        for _ in range(requests):
            for user, cookie in cookies.items():
                if budget and len(times[user]) >= 3 and sum(times[user]) > budget * 1000:
                    continue  # a very slow page: a few requests tell enough
                started = time.perf_counter()
                status, body, queries, sql_ms = get(path, cookie)
                times[user].append((time.perf_counter() - started) * 1000)
                sql[user].append(sql_ms)
                last[user] = (status, body, queries)
        for user in cookies:
            status, body, queries = last[user]
            row = {
                "page": name,
                "path": path,
                "user": user,
                "status": status,
                "queries": queries,
                "sql_ms": statistics.median(sql[user]),
                "bytes": len(body),
                "gzip_bytes": len(gzip.compress(body, 6)),
                "n": len(times[user]),
                **_summary(times[user]),
            }
            rows.append(row)
            print(_row_line(row), file=sys.stderr, flush=True)
    return rows


def _row_line(r: dict[str, Any]) -> str:
    return (
        f"  {r['page']:<22} {r['user']:<11} {r['status']:>3}  {r['median']:>8.1f} "
        f"{r['p95']:>8.1f} ms  {r['queries']:>4} q  {r['sql_ms']:>7.1f} ms SQL  "
        f"{r['bytes'] / 1024:>8.1f} KB  n={r['n']}"
    )


def _machine() -> str:
    cpu = next(
        (
            line.partition(":")[2].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "",
    )
    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    return f"{os.cpu_count()} × {cpu}, {int(memory) // 1024**2} GiB RAM, Python {sys.version.split()[0]}"


def measure(
    *,
    requests: int,
    budget: float,
    pages_wanted: list[str] | None,
    users_wanted: list[str],
    writable: bool,
    analyze: bool,
    in_process: bool,
) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    import django

    django.setup()
    from django.db import connection

    from mufakat.meetings.models import Meeting
    from mufakat.monitoring.models import ProgressReport

    if analyze:
        with connection.cursor() as cursor:  # statistics, as autovacuum keeps them in production
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    pages, chosen = plan()
    if pages_wanted:
        unknown = set(pages_wanted) - set(PAGES)
        if unknown:
            raise SystemExit(f"unknown pages: {', '.join(sorted(unknown))}")
        pages = {k: v for k, v in pages.items() if k in pages_wanted}
    sessions = Sessions(writable)
    cookies: dict[str, str] = {}
    players: dict[str, str] = {}
    for role in users_wanted:
        if role == "anonymous":
            cookies[role] = ""
            continue
        user = _find_user(role)
        if user is None:
            print(f"… no account plays {role}: skipped", file=sys.stderr)
            continue
        players[role] = user.username
        cookies[role] = f"{sessions.cookie}={sessions.for_user(user)}"
    try:
        log = Path(tempfile.gettempdir()) / f"mufakat-pages-gunicorn-{os.getpid()}.log"
        print(f"gunicorn's log: {log}", file=sys.stderr, flush=True)
        server = Gunicorn(workers=2, signed_sessions=not writable, log=log)
        try:
            print("HTTP through gunicorn, 2 sync workers:", file=sys.stderr, flush=True)
            rows = _measure_all(server.get, pages, cookies, requests, budget, server)
            memory = server.memory()
        finally:
            server.stop()
        in_process_rows = []
        if in_process:
            print("in process (Django test client):", file=sys.stderr, flush=True)
            get = _in_process_get(sessions.cookie)
            in_process_rows = _measure_all(get, pages, cookies, requests, budget)
    finally:
        sessions.close()
    return {
        "machine": _machine(),
        "server": (
            f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
            if connection.vendor == "postgresql"
            else f"SQLite {connection.Database.sqlite_version}"
        ),
        "vendor": connection.vendor,
        "meetings": Meeting.objects.count(),
        "reports": ProgressReport.objects.count(),
        "chosen": chosen,
        "players": players,
        "requests": requests,
        "writable": writable,
        "rows": rows,
        "in_process": in_process_rows,
        "workers": memory,
    }


# -- reporting -------------------------------------------------------------------------------


#: Pages that are another page for a signed-in reader: the home page is the public landing page
#: for the anonymous reader and My desk for everyone signed in.
OTHER_PAGE_WHEN_SIGNED_IN = frozenset({"home"})

#: A signed-in reader who gets more than this many times the anonymous content is marked (†).
MORE_CONTENT = 2.0


def _comparable(row: dict[str, Any], anonymous: dict[str, Any] | None) -> bool:
    """A ratio means something only between two pages served (not a redirect to sign in), and
    between two versions of one page."""
    if anonymous is None or row["user"] == "anonymous":
        return False
    if row["page"] in OTHER_PAGE_WHEN_SIGNED_IN:
        return False
    return bool(row["status"] == anonymous["status"] == 200 and anonymous["median"])


def _more_content(row: dict[str, Any], anonymous: dict[str, Any]) -> str:
    return "†" if row["bytes"] > MORE_CONTENT * max(anonymous["bytes"], 1) else ""


def tables(result: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    """Two Markdown tables: each page × user in full, then medians side by side with the
    signed-in/anonymous ratio."""
    anonymous = {r["page"]: r for r in rows if r["user"] == "anonymous"}
    out = [
        "| page | user | status | median ms | p95 ms | queries | SQL ms | KB | KB gzip | "
        "× anonymous |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        base = anonymous.get(r["page"])
        ratio = f"{r['median'] / base['median']:.2f}" if base and _comparable(r, base) else ""
        out.append(
            f"| {r['page']} | {r['user']} | {r['status']} | {r['median']:.1f} | {r['p95']:.1f} | "
            f"{r['queries']} | {r['sql_ms']:.1f} | {r['bytes'] / 1024:.1f} | "
            f"{r['gzip_bytes'] / 1024:.1f} | {ratio} |"
        )
    users = list(dict.fromkeys(r["user"] for r in rows))
    by = {(r["page"], r["user"]): r for r in rows}
    out += [
        "",
        "| page | " + " | ".join(users) + " | worst p95 ms | most queries | KB (anonymous) |",
        "|---|" + "---:|" * (len(users) + 3),
    ]
    for page in dict.fromkeys(r["page"] for r in rows):
        cells = []
        for user in users:
            if (page, user) not in by:
                cells.append("")
                continue
            r = by[(page, user)]
            cell = f"{r['median']:.0f}"
            base = anonymous.get(page)
            if base and _comparable(r, base):
                cell += f" ({r['median'] / base['median']:.1f}×{_more_content(r, base)})"
            if r["status"] != 200:
                cell += f" [{r['status']}]"
            cells.append(cell)
        mine = [r for r in rows if r["page"] == page]
        plain = anonymous.get(page)
        out.append(
            f"| {page} | "
            + " | ".join(cells)
            + f" | {max(r['p95'] for r in mine):.0f} | {max(r['queries'] for r in mine)} | "
            + (f"{plain['bytes'] / 1024:.0f}" if plain else "")
            + " |"
        )
    out += [
        "",
        f"† the signed-in reader gets more than {MORE_CONTENT:g} times the anonymous content. "
        f"Not compared: {', '.join(sorted(OTHER_PAGE_WHEN_SIGNED_IN))} (another page when "
        "signed in).",
    ]
    return "\n".join(out)


def report(result: dict[str, Any]) -> str:
    head = (
        f"### {result['vendor']}: {result['meetings']:,} meetings, {result['reports']:,} "
        f"progress reports; body {result['chosen'].get('body')} "
        f"({result['chosen'].get('body_meetings'):,} meetings); median of "
        f"{result['requests']} sequential requests over HTTP (gunicorn, 2 sync workers)"
    )
    players = ", ".join(f"{role} = {name}" for role, name in result["players"].items())
    machine = f"Machine: {result['machine']}; {result['server']}."
    lines = [head, "", machine, f"Users: {players}.", "", tables(result, result["rows"]), ""]
    slow = sorted(result["rows"], key=lambda r: -r["p95"])[:12]
    lines.append(
        "Slowest (p95): "
        + "; ".join(f"{r['page']}/{r['user']} {r['p95']:.0f} ms, {r['queries']} q" for r in slow)
    )
    lines.append("")
    lines.append(
        "Worker memory after the run: "
        + ", ".join(
            f"pid {w['pid']}: RSS {w.get('VmRSS', 0) / 1024:.0f} MiB "
            f"(peak {w.get('VmHWM', 0) / 1024:.0f} MiB)"
            for w in result["workers"]
        )
    )
    if result["in_process"]:
        lines += ["", "In process (Django test client, no HTTP):", ""]
        lines.append(tables(result, result["in_process"]))
    return "\n".join(lines)


# -- orchestrating ---------------------------------------------------------------------------


def _base_env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        MUFAKAT_DATA_DIR=data_dir,
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="testserver,localhost",
        MUFAKAT_LOG_LEVEL="ERROR",
        # API calls are counted as in production (one statement each), never refused.
        MUFAKAT_API_RATE_ANON=RATE_NEVER_REACHED,
        MUFAKAT_API_RATE_TOKEN=RATE_NEVER_REACHED,
    )
    return env


def _measure_step(args: argparse.Namespace, *, writable: bool, analyze: bool) -> list[str]:
    step = [
        sys.executable,
        __file__,
        "--measure",
        "--requests",
        str(args.requests),
        "--budget",
        str(args.budget),
        "--users",
        *args.users,
    ]
    if args.pages:
        step += ["--pages", *args.pages]
    if writable:
        step.append("--writable")
    if analyze:
        step.append("--analyze")
    if args.in_process:
        step.append("--in-process")
    return step


def _steps(args: argparse.Namespace) -> list[list[str]]:
    generate = [*MUFAKAT, "generate", "--seed", str(args.seed)]
    if args.scale:
        generate += ["--scale", f"{args.scale:g}"]
    generate += ["--body-meetings", str(args.body_meetings)]
    return [
        [*MUFAKAT, "migrate", "-v0"],
        [*MUFAKAT, "collectstatic", "--noinput", "-v0"],
        *([] if args.no_demo else [[*MUFAKAT, "load_demo"]]),
        generate,
        _measure_step(args, writable=True, analyze=True),
    ]


def _collect(output: str) -> dict[str, Any]:
    for line in output.splitlines():
        if line.startswith(RESULT):
            return dict(json.loads(line[len(RESULT) :]))
    raise SystemExit(output)


def _read_only_url(url: str) -> str:
    """The same database, every transaction read-only (psycopg's ``options``)."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-c%20default_transaction_read_only%3Don"


def _stream(cmd: list[str], env: dict[str, str]) -> str:
    """Run one step, its progress on stderr as it comes; return its output."""
    done = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--backends", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument("--scale", type=float, default=10.0, help="generate --scale (0: none)")
    parser.add_argument("--body-meetings", type=int, default=1000)
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo first")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--budget",
        type=float,
        default=0,
        help="seconds per page and user after which a slow page stops being timed (at least 3 "
        "requests; 0: none)",
    )
    parser.add_argument("--pages", nargs="+", metavar="PAGE", help=", ".join(PAGES))
    parser.add_argument("--users", nargs="+", choices=list(USERS), default=list(USERS))
    parser.add_argument("--database-url", help="measure this existing PostgreSQL database")
    parser.add_argument("--data-dir", help="measure the existing SQLite database of this directory")
    parser.add_argument(
        "--writable",
        action="store_true",
        help="with --database-url/--data-dir: the run may add (and then remove) sessions and "
        "the Secretariat's authenticator, as in production",
    )
    parser.add_argument("--in-process", action="store_true", help="also time the test client")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="with --database-url/--data-dir and --writable: refresh the planner's statistics "
        "first (fresh databases always are)",
    )
    args = parser.parse_args()
    if args.measure:
        sys.path.insert(0, str(ROOT))
        result = measure(
            requests=args.requests,
            budget=args.budget,
            pages_wanted=args.pages,
            users_wanted=args.users,
            writable=args.writable,
            analyze=args.analyze,
            in_process=args.in_process,
        )
        print(RESULT + json.dumps(result), flush=True)
        return
    results = []
    if args.database_url or args.data_dir:
        with tempfile.TemporaryDirectory(prefix="mufakat-pages-") as scratch:
            env = _base_env(args.data_dir or scratch)
            if args.database_url:
                env["DATABASE_URL"] = (
                    args.database_url if args.writable else _read_only_url(args.database_url)
                )
            else:
                env.pop("DATABASE_URL", None)
            if not args.writable:
                env["MUFAKAT_MFA_REQUIRED_ROLES"] = ""  # nobody to enrol: see the docstring
                # Counting API calls writes: read-only runs measure the API without its limits.
                env["MUFAKAT_API_RATE_ANON"] = env["MUFAKAT_API_RATE_TOKEN"] = ""
            step = _measure_step(
                args, writable=args.writable, analyze=args.analyze and args.writable
            )
            results.append(_collect(_stream(step, env)))
    else:
        sys.path.insert(0, str(HERE))
        from rollup import run_steps  # the same way of running steps as the other benchmarks

        for backend in args.backends:
            print(f"… {backend}", file=sys.stderr, flush=True)
            with tempfile.TemporaryDirectory(prefix="mufakat-pages-") as data_dir:
                output = run_steps(
                    backend, _steps(args), _base_env(data_dir), database="mufakat_bench_pages"
                )
            results.append(_collect(output))
    for result in results:
        print(report(result))
        print()
    print(RESULT + json.dumps(results))


if __name__ == "__main__":
    main()
