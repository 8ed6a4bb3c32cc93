"""A reporting deadline's rush on Mufakat, for locust (``make load``; see benchmarks/load/run.py).

Three kinds of users, each signed in with an account of its own from the plan that
``prepare.py`` wrote (``LOAD_PLAN``):

* focal points fill in and submit their share of the round's progress reports (the report
  page, "Submit", then the confirmation), and look at "My reports" in between;
* uploaders download the round's template as CSV, write a narrative into every row of their
  party and upload it (drafts; a large one is saved by the task worker, whose page they follow);
* readers browse meetings, dashboards, the round and search results.

Every report a focal point submitted, and the last upload each uploader saved, is written to
``LOAD_RESULT`` when the run stops, so run.py can count them in the database afterwards.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import threading
import time
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

PLAN: dict[str, Any] = json.loads(Path(os.environ["LOAD_PLAN"]).read_text("utf-8"))
ROUND = PLAN["round"]
_lock = threading.Lock()
_accounts: dict[str, list[dict[str, Any]]] = {}
for account in PLAN["users"]:
    _accounts.setdefault(account["kind"], []).append(account)
#: What the run saved, as the server confirmed it.
SUBMITTED: list[int] = []
_addresses: list[int] = []
UPLOADS: dict[str, dict[str, Any]] = {}

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOCK_VERSION = re.compile(r'name="lock_version" value="(\d*)"')
PROBLEM = re.compile(r"<li[^>]*>([^<]{0,200})")
STATUSES = ("on_track", "delayed", "completed", "not_started")


def _take(kind: str) -> dict[str, Any]:
    with _lock:
        return _accounts[kind].pop(0)


def _csrf(text: str) -> str:
    found = CSRF.search(text)
    if not found:
        raise ValueError("no CSRF token on the page")
    return found.group(1)


class SignedIn(HttpUser):
    abstract = True
    kind = ""
    wait_time = between(1, 4)

    def on_start(self) -> None:
        self.account = _take(self.kind)
        # Each user comes from an address of its own, through the load balancer (run.py trusts
        # one proxy): sign-in rate limits count per address, as they would in production.
        with _lock:
            n = len(_addresses)
            _addresses.append(n)
        self.client.headers["X-Forwarded-For"] = f"10.20.{n // 250}.{n % 250 + 1}"
        page = self.client.get("/accounts/login/", name="sign-in page")
        with self.client.post(
            "/accounts/login/",
            data={
                "login": self.account["username"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": _csrf(page.text),
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure("sign-in refused")


class FocalPoint(SignedIn):
    """Fills in and submits each of its reports before the deadline."""

    kind = "focal"
    weight = 1
    # Reading the report and writing its narrative takes a person a while.
    wait_time = between(3, 12)

    def on_start(self) -> None:
        super().on_start()
        self.todo: list[int] = list(self.account["reports"])

    @task(6)
    def submit_a_report(self) -> None:
        if not self.todo:
            self.my_reports()
            return
        pk = self.todo[0]
        url = f"/monitoring/reports/{pk}/"
        page = self.client.get(url, name="report page")
        version = LOCK_VERSION.search(page.text)
        if page.status_code != 200 or version is None:
            return  # counted as a failure by locust if not 200
        status = random.choice(STATUSES)
        percent = {"on_track": "40", "delayed": "20", "completed": "100", "not_started": "0"}
        with self.client.post(
            url,
            data={
                "csrfmiddlewaretoken": _csrf(page.text),
                "action": "submit",
                "status": status,
                "percent": percent[status],
                "narrative": f"Progress reported under load by {self.account['username']}.",
                "lock_version": version.group(1),
            },
            headers={"Referer": f"{self.host}{url}"},
            name="report: save and ask to submit",
            catch_response=True,
        ) as asked:
            confirm = LOCK_VERSION.search(asked.text)
            if asked.status_code != 200 or "confirm_submit" not in asked.text or not confirm:
                asked.failure("no confirmation step")
                return
        with self.client.post(
            url,
            data={
                "csrfmiddlewaretoken": _csrf(asked.text),
                "action": "confirm_submit",
                "lock_version": confirm.group(1),
            },
            headers={"Referer": f"{self.host}{url}"},
            name="report: confirm submit",
            catch_response=True,
        ) as done:
            if done.status_code != 200 or "submitted for review" not in done.text:
                done.failure("not submitted")
                return
        self.todo.pop(0)
        with _lock:
            SUBMITTED.append(pk)

    @task(2)
    def my_reports(self) -> None:
        self.client.get("/monitoring/my/", name="my reports")

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="home")


class Uploader(SignedIn):
    """Writes its party's narratives in the round's CSV template and uploads it."""

    kind = "upload"
    fixed_count = int(os.environ.get("LOAD_UPLOADERS", "3"))
    wait_time = between(10, 20)

    def on_start(self) -> None:
        super().on_start()
        self.uploads = 0

    @task
    def upload_the_template(self) -> None:
        template = self.client.get(
            f"/monitoring/rounds/{ROUND}/template/?format=csv&party={self.account['party']}",
            name="round template (CSV)",
        )
        if template.status_code != 200:
            return
        self.uploads += 1
        marker = f"Uploaded under load by {self.account['username']}, file {self.uploads}."
        rows = list(csv.DictReader(io.StringIO(template.content.decode("utf-8-sig"))))
        if not rows:
            return
        activity_rows = [row for row in rows if not row.get("indicator")]
        for row in activity_rows:
            row["narrative"] = marker
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        url = f"/monitoring/rounds/{ROUND}/import/"
        page = self.client.get(url, name="upload page")
        with self.client.post(
            url,
            data={"csrfmiddlewaretoken": _csrf(page.text)},
            files={"file": ("reports.csv", out.getvalue().encode("utf-8"), "text/csv")},
            headers={"Referer": f"{self.host}{url}"},
            name="upload: the filled-in template",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                return
            saved = "The file was saved" in response.text
            if "/import/" in response.url and response.url.rstrip("/").split("/")[-1].isdigit():
                response.success()
                saved = self._follow(response.url)
            elif not saved:
                response.failure(
                    "upload not saved: " + " ".join(PROBLEM.findall(response.text))[:300]
                )
                return
        if saved:
            with _lock:
                UPLOADS[self.account["username"]] = {
                    "party": self.account["party"],
                    "narrative": marker,
                    "rows": len(activity_rows),
                }

    def _follow(self, url: str) -> bool:
        for _ in range(60):
            time.sleep(2)
            page = self.client.get(url, name="upload: the worker's progress")
            if "Reports changed" in page.text:
                return True
            if 'class="error"' in page.text:
                return False
        return False


class Reader(SignedIn):
    """Browses meetings, dashboards and the round, and searches."""

    kind = "reader"
    fixed_count = int(os.environ.get("LOAD_READERS", "12"))

    @task(3)
    def meetings(self) -> None:
        self.client.get("/meetings/", name="meetings")

    @task(3)
    def a_meeting(self) -> None:
        self.client.get(f"/meetings/{random.choice(PLAN['meetings'])}/", name="meeting")

    @task(2)
    def instrument_dashboard(self) -> None:
        key = random.choice(PLAN["instruments"])
        self.client.get(f"/monitoring/instruments/{key}/", name="instrument dashboard")

    @task(2)
    def party_dashboard(self) -> None:
        code = random.choice(PLAN["parties"])
        self.client.get(f"/monitoring/parties/{code}/", name="party dashboard")

    @task(2)
    def search(self) -> None:
        self.client.get("/search/", params={"q": random.choice(PLAN["searches"])}, name="search")

    @task(1)
    def the_round(self) -> None:
        self.client.get(f"/monitoring/rounds/{ROUND}/", name="round")


@events.quitting.add_listener
def _write_result(environment: Any, **_: Any) -> None:
    with open(os.environ["LOAD_RESULT"], "w", encoding="utf-8") as out:
        json.dump({"submitted": SUBMITTED, "uploads": UPLOADS}, out)
