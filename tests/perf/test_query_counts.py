"""Every page and API read costs as many queries with three times the data as with the first batch.

The walk builds a small world (:mod:`tests.perf.world`), requests every HTML page and API read a
person reaches — anonymous, as the Secretariat and as Indonesia's focal point — and counts the
queries of each; then it grows the world twice (three times the meetings, agenda items,
outcomes, participants, documents, instruments, activities, reports, knowledge items, follows,
drafts, papers …) and walks again. A page whose count grew runs a query per row somewhere: the
test named after the page and the person fails.

Left out on purpose: file downloads and the PDF/DOCX papers (documents, measured by their own
tests), forms that only accept a POST, and the Django admin. A page whose count may
legitimately depend on the data says why in ``grows_because`` (none does today); a page of
someone else's work in progress that grows is marked in :data:`OWNED_AND_GROWING`.

``PERF_WALK_REPORT=/tmp/walk.txt`` writes a table of every visit (status, queries with one and
three batches, milliseconds) to find the slowest pages.
"""

from __future__ import annotations

import os
import re
import statistics
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from mufakat.audit.models import AuditEvent
from mufakat.library.models import Attachment
from mufakat.meetings.models import AgendaItem, Outcome, Participant
from mufakat.registry.models import Agency, Term
from mufakat.testing.matrix import fast_world_settings, logged_in_clients, make_people
from mufakat.workplans.models import Indicator, InstrumentLink
from tests.perf.world import World, build, grow

API = "/api/v1"
#: Who walks: nobody signed in, the Secretariat (sees most, manages) and a focal point.
WALKERS = ("anonymous", "secretariat", "idn_focal")
#: Batches after the first: the walk compares one batch with 1 + GROWTH batches.
GROWTH = 2
#: What tests/conftest.py sets for every test, which a module fixture runs before: the walkers
#: are signed in with ``force_login``, without enrolling a second factor.
NO_SECOND_FACTOR = {"MUFAKAT_MFA_REQUIRED_ROLES": [], "MUFAKAT_MFA_REQUIRED_FOR_STAFF": False}


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[World], str]
    #: Whose page this is while others work on it (their growth is expected to fail for now).
    owner: str = ""
    #: Why its count may legitimately depend on the data (then it is not compared).
    grows_because: str = ""


def _pk(model: type[Model], **filters: Any) -> int:
    """The first matching row of the world (read before the page is counted)."""
    return model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True)[0]


def _p(name: str, url: Callable[[World], str] | str, **kwargs: Any) -> Page:
    return Page(name, url if callable(url) else (lambda _w, u=url: u), **kwargs)


PAGES: list[Page] = [
    # -- the site ------------------------------------------------------------------------------
    _p("home", "/"),
    _p("desk", "/desk/"),
    _p("profile", "/accounts/profile/"),
    # -- registry ------------------------------------------------------------------------------
    _p("bodies", "/registry/bodies/"),
    _p("body", lambda w: f"/registry/bodies/{w.body.code}/"),
    _p("body_edit", lambda w: f"/registry/bodies/{w.body.code}/edit/"),
    _p("parties", "/registry/parties/"),
    _p("party", "/registry/parties/IDN/"),
    _p("party_edit", "/registry/parties/IDN/edit/"),
    _p("crime_areas", "/registry/crime-areas/"),
    _p("sharing_groups", "/registry/sharing-groups/"),
    _p("sharing_group", "/registry/sharing-groups/asean-japan/"),
    # -- meetings ------------------------------------------------------------------------------
    _p("meetings", "/meetings/"),
    _p("meeting_create", "/meetings/new/"),
    _p("calendar", "/meetings/calendar/"),
    _p("calendar_ics", "/meetings/calendar.ics"),
    _p("calendar_party_ics", "/meetings/calendar/party/IDN.ics"),
    _p("calendar_follows_ics", "/meetings/calendar/follows.ics"),
    _p("calendar_subscriptions", "/meetings/calendar/subscriptions/"),
    _p("meeting", lambda w: f"/meetings/{w.meeting.pk}/"),
    _p("meeting_edit", lambda w: f"/meetings/{w.meeting.pk}/edit/"),
    _p("meeting_document", lambda w: f"/meetings/documents/{w.document.pk}/"),
    _p("meeting_nominate", lambda w: f"/meetings/{w.planned.pk}/delegations/IDN/"),
    _p("meeting_invitations", lambda w: f"/meetings/{w.planned.pk}/invitations/"),
    _p("action_items", "/meetings/action-items/?state=all"),
    _p("action_item", lambda w: f"/meetings/action-items/{w.action_item.pk}/"),
    _p("brief", lambda w: f"/meetings/{w.meeting.pk}/brief/"),
    _p("record", lambda w: f"/meetings/{w.meeting.pk}/record/"),
    _p("record_version", lambda w: f"/meetings/{w.meeting.pk}/record/v1/"),
    _p("produced_paper", lambda w: f"/papers/{w.produced[0].pk}/"),
    # -- instruments ---------------------------------------------------------------------------
    _p("instruments", "/instruments/"),
    _p("instrument_create", "/instruments/new/"),
    _p("instrument", lambda w: f"/instruments/{w.instrument.key}/"),
    _p("instrument_edit", lambda w: f"/instruments/{w.instrument.key}/edit/"),
    _p("instrument_versions", lambda w: f"/instruments/{w.instrument.key}/versions/"),
    _p("instrument_links", lambda w: f"/instruments/{w.instrument.key}/links/"),
    _p("activity", lambda w: f"/instruments/activities/{w.activities[0].pk}/"),
    _p("activity_edit", lambda w: f"/instruments/activities/{w.activities[0].pk}/edit/"),
    _p("status_report", lambda w: f"/instruments/{w.instrument.pk}/status-report/"),
    _p("iati_export", lambda w: f"/instruments/{w.instrument.key}/iati.xml"),
    # -- monitoring ----------------------------------------------------------------------------
    _p("rounds", "/monitoring/"),
    _p("round_create", "/monitoring/rounds/new/"),
    _p("round", lambda w: f"/monitoring/rounds/{w.round.pk}/"),
    _p("round_compliance", lambda w: f"/monitoring/rounds/{w.round.pk}/compliance/"),
    _p("my_reports", "/monitoring/my/"),
    _p("review_queue", "/monitoring/review/"),
    _p("report", lambda w: f"/monitoring/reports/{w.report.pk}/"),
    _p("report_versions", lambda w: f"/monitoring/reports/{w.report.pk}/versions/"),
    _p(
        "instrument_dashboard",
        lambda w: f"/monitoring/instruments/{w.instrument.key}/",
        owner="the dashboards helper",
    ),
    _p("party_dashboard", "/monitoring/parties/IDN/", owner="the dashboards helper"),
    _p(
        "meeting_snapshot",
        lambda w: f"/monitoring/meetings/{w.meeting.pk}/snapshot/",
        owner="the dashboards helper",
    ),
    _p(
        "round_freeze",
        lambda w: f"/monitoring/rounds/{w.round.pk}/freeze/",
        owner="the dashboards helper",
    ),
    # -- library -------------------------------------------------------------------------------
    _p("library", "/library/"),
    _p("library_create", "/library/new/"),
    _p("library_following", "/library/following/"),
    _p("library_matching", "/library/matching/"),
    _p("library_item", lambda w: f"/library/{w.item.pk}/"),
    _p("library_item_edit", lambda w: f"/library/{w.item.pk}/edit/"),
    _p("library_item_history", lambda w: f"/library/{w.item.pk}/history/"),
    _p("library_request", lambda w: f"/library/{w.request.pk}/"),
    # -- search, ingest, audit -----------------------------------------------------------------
    _p("search", "/search/?q=terrorism"),
    _p("search_empty", "/search/"),
    _p("ingest", "/ingest/"),
    _p("ingest_draft", lambda w: f"/ingest/{w.draft.pk}/"),
    _p("audit", "/audit/"),
    # -- forms and confirmations (GET): most are the Secretariat's ------------------------------
    _p("body_create", "/registry/bodies/new/"),
    _p("term_create", lambda w: f"/registry/bodies/{w.body.code}/terms/new/"),
    _p("term_edit", lambda w: f"/registry/terms/{_pk(Term, body=w.body)}/edit/"),
    _p("party_create", "/registry/parties/new/"),
    _p("membership_create", "/registry/parties/IDN/memberships/new/"),
    _p("agency_create", "/registry/agencies/new/"),
    _p("agency_edit", lambda w: f"/registry/agencies/{_pk(Agency, acronym='BNPT')}/edit/"),
    _p("crime_area_edit", "/registry/crime-areas/terrorism/edit/"),
    _p("sharing_group_create", "/registry/sharing-groups/new/"),
    _p("sharing_group_edit", "/registry/sharing-groups/asean-japan/edit/"),
    _p("meeting_delete", lambda w: f"/meetings/{w.meeting.pk}/delete/"),
    _p("invitation_withdraw", lambda w: f"/meetings/{w.planned.pk}/invitations/JPN/withdraw/"),
    _p("agenda_add", lambda w: f"/meetings/{w.meeting.pk}/agenda/new/"),
    _p("agenda_edit", lambda w: f"/meetings/agenda/{_pk(AgendaItem, meeting=w.meeting)}/edit/"),
    _p(
        "agenda_remove",
        lambda w: f"/meetings/agenda/{_pk(AgendaItem, meeting=w.meeting)}/remove/",
    ),
    _p("participant_add", lambda w: f"/meetings/{w.meeting.pk}/participants/new/"),
    _p(
        "participant_remove",
        lambda w: f"/meetings/participants/{_pk(Participant, meeting=w.meeting)}/remove/",
    ),
    _p("outcome_add", lambda w: f"/meetings/{w.meeting.pk}/outcomes/new/"),
    _p("outcome_edit", lambda w: f"/meetings/outcomes/{w.action_item.pk}/edit/"),
    _p("outcome_forward", lambda w: f"/meetings/outcomes/{w.action_item.pk}/forward/"),
    _p(
        "forwarding_decision",
        lambda w: (
            f"/meetings/outcomes/{_pk(Outcome, meeting=w.meeting, kind='decision')}"
            f"/forwardings/{w.dest.pk}/decision/"
        ),
    ),
    _p("document_add", lambda w: f"/meetings/{w.meeting.pk}/documents/new/"),
    _p("document_edit", lambda w: f"/meetings/documents/{w.document.pk}/edit/"),
    _p("document_new_version", lambda w: f"/meetings/documents/{w.document.pk}/versions/new/"),
    _p("document_remove", lambda w: f"/meetings/documents/{w.document.pk}/remove/"),
    _p("record_edit", lambda w: f"/meetings/{w.meeting.pk}/record/v1/edit/"),
    _p(
        "priority_area_create",
        lambda w: f"/instruments/{w.instrument.key}/priority-areas/new/",
    ),
    _p(
        "priority_area_edit",
        lambda w: f"/instruments/priority-areas/{w.activities[0].priority_area_id}/edit/",
    ),
    _p(
        "activity_create",
        lambda w: f"/instruments/priority-areas/{w.activities[0].priority_area_id}/activities/new/",
    ),
    _p(
        "indicator_create",
        lambda w: f"/instruments/activities/{w.activities[0].pk}/indicators/new/",
    ),
    _p(
        "indicator_edit",
        lambda w: f"/instruments/indicators/{_pk(Indicator, activity=w.activities[0])}/edit/",
    ),
    _p(
        "link_delete",
        lambda w: f"/instruments/links/{_pk(InstrumentLink, target=w.instrument)}/delete/",
    ),
    _p(
        "round_import",
        lambda w: f"/monitoring/rounds/{w.round.pk}/import/",
        owner="the spreadsheet helper",
    ),
    _p(
        "library_attachment_remove",
        lambda w: f"/library/attachments/{_pk(Attachment, item__title='Case study 1.0')}/remove/",
    ),
    _p("ingest_new", "/ingest/new/"),
    _p("audit_event", lambda w: f"/audit/{_pk(AuditEvent, object_id=str(w.meeting.pk))}/"),
    # -- the API -------------------------------------------------------------------------------
    _p("api_me", f"{API}/me"),
    _p("api_parties", f"{API}/parties"),
    _p("api_party", f"{API}/parties/IDN"),
    _p("api_agencies", f"{API}/agencies"),
    _p("api_bodies", f"{API}/bodies"),
    _p("api_body", lambda w: f"{API}/bodies/{w.body.code}"),
    _p("api_crime_areas", f"{API}/crime-areas"),
    _p("api_crime_area", f"{API}/crime-areas/terrorism"),
    _p("api_sharing_groups", f"{API}/registry/sharing-groups"),
    _p("api_meetings", f"{API}/meetings"),
    _p("api_meeting", lambda w: f"{API}/meetings/{w.meeting.pk}"),
    _p("api_outcomes", f"{API}/outcomes"),
    _p("api_outcome", lambda w: f"{API}/outcomes/{w.action_item.pk}"),
    _p("api_action_items", f"{API}/action-items"),
    _p("api_action_item", lambda w: f"{API}/action-items/{w.action_item.pk}"),
    _p("api_meeting_documents", lambda w: f"{API}/meetings/{w.meeting.pk}/documents"),
    _p("api_document", lambda w: f"{API}/documents/{w.document.pk}"),
    _p("api_delegations", lambda w: f"{API}/meetings/{w.planned.pk}/delegations"),
    _p("api_instruments", f"{API}/instruments"),
    _p("api_instrument", lambda w: f"{API}/instruments/{w.instrument.pk}"),
    _p("api_instrument_versions", lambda w: f"{API}/instruments/{w.instrument.pk}/versions"),
    _p("api_activities", f"{API}/activities"),
    _p("api_activity", lambda w: f"{API}/activities/{w.activities[0].pk}"),
    _p("api_rounds", f"{API}/rounds"),
    _p("api_round", lambda w: f"{API}/rounds/{w.round.pk}"),
    _p("api_round_reports", lambda w: f"{API}/rounds/{w.round.pk}/reports"),
    _p("api_report", lambda w: f"{API}/reports/{w.report.pk}"),
    _p("api_report_versions", lambda w: f"{API}/reports/{w.report.pk}/versions"),
    _p("api_round_compliance", lambda w: f"{API}/rounds/{w.round.pk}/compliance"),
    _p("api_round_reminders", lambda w: f"{API}/rounds/{w.round.pk}/reminders"),
    _p(
        "api_instrument_rollup",
        lambda w: f"{API}/instruments/{w.instrument.pk}/rollup",
        owner="the dashboards helper",
    ),
    _p("api_party_rollup", f"{API}/parties/IDN/rollup", owner="the dashboards helper"),
    _p(
        "api_round_snapshot",
        lambda w: f"{API}/rounds/{w.frozen[0].pk}/snapshot",
        owner="the dashboards helper",
    ),
    _p(
        "api_snapshot_compare",
        lambda w: f"{API}/snapshots/{w.frozen[-1].snapshot.pk}/compare",
        owner="the dashboards helper",
    ),
    _p("api_brief", lambda w: f"{API}/meetings/{w.meeting.pk}/brief"),
    _p("api_record", lambda w: f"{API}/meetings/{w.meeting.pk}/record"),
    _p("api_status_report", lambda w: f"{API}/instruments/{w.instrument.pk}/status-report"),
    _p("api_iati_export", lambda w: f"{API}/instruments/{w.instrument.pk}/iati.xml"),
    _p("api_produced_paper", lambda w: f"{API}/papers/{w.produced[0].pk}"),
    _p("api_library_items", f"{API}/library/items"),
    _p("api_library_item", lambda w: f"{API}/library/items/{w.item.pk}"),
    _p("api_library_item_versions", lambda w: f"{API}/library/items/{w.item.pk}/versions"),
    _p("api_library_follows", f"{API}/library/follows"),
    _p("api_search", f"{API}/search?q=terrorism"),
    _p("api_ingest", f"{API}/ingest"),
    _p("api_ingest_draft", lambda w: f"{API}/ingest/{w.draft.pk}"),
]
BY_NAME = {page.name: page for page in PAGES}
assert len(BY_NAME) == len(PAGES), "page names are test ids: keep them unique"


@dataclass
class Visit:
    status: int
    queries: int
    ms: float
    sql: list[str]


Walk = dict[tuple[str, str], Visit]


@dataclass
class Observed:
    small: Walk
    large: Walk
    world: World
    timings: dict[str, float]


def _walk(world: World, clients: dict[str, Any], tokens: dict[str, str]) -> Walk:
    seen: Walk = {}
    for user in WALKERS:
        client = clients[user]
        for page in PAGES:
            url = page.url(world)
            headers = {}
            if url.startswith(API) and user in tokens:
                headers = {"Authorization": f"Bearer {tokens[user]}"}
            # Every page is counted with the cache empty (the worst case), so what an earlier
            # page left in it — a snapshot's summary, say — counts neither walk short.
            cache.clear()
            # The log keeps the last 9,000 queries; counting by its length needs room in it.
            connection.queries_log.clear()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, headers=headers)
            took = (time.perf_counter() - started) * 1000
            assert response.status_code < 500, (page.name, user, response.status_code)
            seen[page.name, user] = Visit(
                response.status_code,
                len(queries.captured_queries),
                took,
                [q["sql"] for q in queries.captured_queries],
            )
    return seen


#: Why building or walking the world failed: said once, then by every test at once (pytest would
#: otherwise build the module's world again for each of them).
_FAILURE: list[str] = []


@pytest.fixture(scope="module")
def observed(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[Observed]:
    if _FAILURE:
        pytest.fail(_FAILURE[0], pytrace=False)
    media = tmp_path_factory.mktemp("perf-media")
    with (
        django_db_blocker.unblock(),
        fast_world_settings(media),
        override_settings(**NO_SECOND_FACTOR),
        transaction.atomic(),
    ):
        try:
            result = _observe()
        except Exception:
            _FAILURE.append(traceback.format_exc())
            raise
        yield result
        transaction.set_rollback(True)


def _observe() -> Observed:
    """Build the world, walk it, grow it, walk it again."""
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal started
        now = time.perf_counter()
        timings[name] = round(now - started, 1)
        started = now

    users = make_people()
    with TestCase.captureOnCommitCallbacks(execute=True):
        world = build(users)
    lap("build")
    clients, tokens = logged_in_clients(users)
    for client in clients.values():  # the first request of a process fills its caches
        client.get("/")
    small = _walk(world, clients, tokens)
    lap("walk")
    with TestCase.captureOnCommitCallbacks(execute=True):
        for _ in range(GROWTH):
            grow(world)
    lap("grow")
    large = _walk(world, clients, tokens)
    lap("walk again")
    result = Observed(small, large, world, timings)
    if os.environ.get("PERF_WALK_REPORT"):
        # The median of three more walks, for timings steadier than the single one counted.
        again = [_walk(world, clients, tokens) for _ in range(3)]
        for key, visit in large.items():
            visit.ms = statistics.median(walk[key].ms for walk in again)
        _report(result, os.environ["PERF_WALK_REPORT"])
    return result


def _params() -> list[Any]:
    params = []
    for page in PAGES:
        for user in WALKERS:
            marks = []
            if page.owner and (page.name, user) in OWNED_AND_GROWING:
                marks.append(pytest.mark.xfail(strict=False, reason=f"owned by {page.owner}"))
            params.append(pytest.param(page.name, user, id=f"{page.name}-{user}", marks=marks))
    return params


#: Pages of other helpers that grew when this walk was written (they fix them).
OWNED_AND_GROWING: set[tuple[str, str]] = set()


@pytest.mark.parametrize(("page", "user"), _params())
def test_the_page_costs_as_many_queries_with_three_times_the_data(
    observed: Observed, page: str, user: str
) -> None:
    small, large = observed.small[page, user], observed.large[page, user]
    assert small.status == large.status, f"{page} as {user}: {small.status} then {large.status}"
    if BY_NAME[page].grows_because:
        return
    assert large.queries <= small.queries, _growth(page, user, small, large)


def _shape(sql: str) -> str:
    """A query without its values, so the same query for another row reads the same."""
    return IN_LISTS.sub("IN (…)", NUMBERS.sub("?", STRINGS.sub("?", sql)))


IN_LISTS = re.compile(r"IN \(\?(, \?)*\)")
NUMBERS = re.compile(r"\b\d+\b")
STRINGS = re.compile(r"'[^']*'")


def _growth(page: str, user: str, small: Visit, large: Visit) -> str:
    more = Counter(map(_shape, large.sql)) - Counter(map(_shape, small.sql))
    lines = "\n".join(f"  {n} more × {_short(sql)}" for sql, n in more.most_common(4))
    return (
        f"{page} as {user}: {small.queries} queries with one batch, {large.queries} with "
        f"{1 + GROWTH}; the queries that grew:\n{lines}"
    )


def _short(sql: str) -> str:
    return sql if len(sql) < 700 else f"{sql[:200]} … {sql[-500:]}"


def _report(observed: Observed, path: str) -> None:
    """A table of every visit (page, person, status, queries small → large, ms), for people
    looking for what to make faster: ``PERF_WALK_REPORT=/tmp/walk.txt pytest tests/perf``."""
    rows = [
        f"{'page':28} {'user':12} {'status':>6} {'small':>6} {'large':>6} {'ms small':>9} "
        f"{'ms large (median of 3)':>9}"
    ]
    for (page, user), small in observed.small.items():
        large = observed.large[page, user]
        rows.append(
            f"{page:28} {user:12} {large.status:>6} {small.queries:>6} {large.queries:>6} "
            f"{small.ms:>9.1f} {large.ms:>9.1f}"
        )
    rows.append(f"timings: {observed.timings}")
    for (page, user), small in observed.small.items():
        large = observed.large[page, user]
        if large.queries > small.queries:
            rows.append(_growth(page, user, small, large))
    Path(path).write_text("\n".join(rows) + "\n")
