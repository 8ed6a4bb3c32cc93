"""The permission matrix of meetings, instruments, monitoring, search and the admin:
people × case (audience × TLP) × every surface.

For six people and one set of records per case (see ``world.py``), every place a record can
show up answers exactly as the oracle (``mufakat.testing.matrix.may_see``, DESIGN.md §3) says:
allowed → shown; denied → a 404 that names nothing for what has an address, and absence — from
lists, feeds, exports, e-mails, search and the admin — everywhere else; and every count equals
the oracle's. Each test is one person × case × surface: a surface is looked at once per person
(all cases at once, in a savepoint rolled back afterwards) and each case's test judges its part.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.core import mail
from django.db import transaction
from django.urls import reverse

from mufakat.core.audience import TLP, Audience
from mufakat.monitoring.notifications import send_reminders, send_round_opened
from mufakat.testing.matrix import PEOPLE, USER_NAMES, may_see

from .observe import (
    FORBIDDEN,
    Observation,
    Verdict,
    addressed,
    api,
    each,
    judge,
    listed,
    mentioned,
    page,
    refused,
    text_of,
    texts,
    to_login,
)
from .world import (
    BODY,
    BY_ID,
    CASE_IDS,
    CASES,
    COMMON_WORD,
    Case,
    Records,
    World,
    build_world,
    producer_of,
)


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        yield from build_world(tmp_path_factory.mktemp("matrix-world-media"))


# -- the surfaces ------------------------------------------------------------------------------

Observe = Callable[[World, str], Observation]


def R(world: World, case: Case) -> Records:
    return world.records[case.id]


def _at(
    url_of: Callable[[World, Case], str], main: str | None, *, api_path: bool = False
) -> Observe:
    """A surface with an address per case: its page (or API path) answers for that record."""

    def observe(world: World, user: str) -> Observation:
        fetch = api if api_path else page
        return each(lambda c: addressed(fetch(world, user, url_of(world, c)), c, main))

    return observe


def _list(
    url_of: Callable[[World], str], main: str, *, api_path: bool = False, **params: Any
) -> Observe:
    """A surface listing many records at one address."""

    def observe(world: World, user: str) -> Observation:
        fetch = api if api_path else page
        return listed(fetch(world, user, url_of(world), **params), main)

    return observe


def _review_list(world: World, user: str) -> Observation:
    """The action items a meeting reviews (``?review=``: the brief's "N more" links), for the
    public receiving meeting that comes after every case's meeting."""
    url = reverse("meetings:action_items")
    return listed(page(world, user, url, state="all", review=world.dest.pk), "action")


def _shown_at(
    url_of: Callable[[World, Case], str], main: str, *, api_path: bool = False
) -> Observe:
    """A summary page per case with the case's record asked for in detail (``?instrument=``):
    the record is shown, or left out without a trace (the summary of the rest still answers)."""

    def observe(world: World, user: str) -> Observation:
        fetch = api if api_path else page

        def one(case: Case) -> Verdict:
            response = fetch(world, user, url_of(world, case))
            if response.status_code == 200:
                return judge(text_of(response), case, main)
            return refused(response, case)

        return each(one)

    return observe


def _naming(
    url_of: Callable[[World, Case], str],
    main: str,
    *,
    api_path: bool = False,
    refers: Callable[[World, Case, Any], bool] | None = None,
) -> Observe:
    """A public record per case that refers to one of the case's records (a trace step, the
    meeting a round feeds): the reference is there exactly when the reader may see its target.
    ``refers`` finds a reference given by id (the API) rather than by title."""

    def observe(world: World, user: str) -> Observation:
        fetch = api if api_path else page

        def verdict(case: Case) -> Verdict:
            response = fetch(world, user, url_of(world, case))
            if to_login(response):
                return False
            if response.status_code != 200:
                return f"a public record answered {response.status_code}"
            if refers is not None and refers(world, case, response.json()):
                return True
            return judge(text_of(response), case, main)

        return each(verdict)

    return observe


def _each_page(url_of: Callable[[World, Case], str], main: str) -> Observe:
    """A part of each case's page: shown (the main word is there) or not, never leaked."""

    def observe(world: World, user: str) -> Observation:
        def verdict(case: Case) -> Verdict:
            response = page(world, user, url_of(world, case))
            return response.status_code == 200 and case.marker(main) in text_of(response)

        return each(verdict)

    return observe


def _compliance_api_activities(world: World, user: str) -> Observation:
    """The compliance of the round over every instrument names (by id) the activities of the
    instruments the reader may see."""
    response = api(world, user, f"/rounds/{world.all_round.pk}/compliance")
    if to_login(response):
        return {case.id: False for case in CASES}
    if response.status_code == 403:
        return {case.id: FORBIDDEN for case in CASES}
    ids = {cell["activity_id"] for cell in response.json()["cells"]}
    body = text_of(response)
    return each(lambda c: R(world, c).activity.pk in ids or judge(body, c, "activity"))


def _each_api(url_of: Callable[[World, Case], str], main: str) -> Observe:
    """A part of each case's API answer: there (the main word) or not; a refusal names nothing."""

    def observe(world: World, user: str) -> Observation:
        def verdict(case: Case) -> Verdict:
            response = api(world, user, url_of(world, case))
            if response.status_code != 200:
                return refused(response, case)
            return case.marker(main) in text_of(response)

        return each(verdict)

    return observe


def _signed_in_reader(user: str, case: Case) -> bool:
    """Names of people (delegates): signed-in readers of the record only."""
    return user != "anonymous" and may_see(user, case)


def _received_api(world: World, user: str) -> Observation:
    """The receiving meeting's API lists the outcomes sent to it (by id)."""
    response = api(world, user, f"/meetings/{world.dest.pk}")
    received = {r["outcome"] for r in response.json()["received"]}
    body = text_of(response)
    return each(
        lambda c: R(world, c).outcome.pk in received or judge(body, c, "outcome"),
    )


def _all_round_instruments_api(world: World, user: str) -> Observation:
    """The public round over every instrument names (by key) those the reader may see."""
    response = api(world, user, f"/rounds/{world.all_round.pk}")
    keys = set(response.json()["instruments"])
    body = text_of(response)
    return each(lambda c: R(world, c).instrument.key in keys or judge(body, c, "instrument"))


def _opened_mail(world: World, user: str) -> Observation:
    """The round-opened notice of each case's round reaches a focal point who may see it."""
    mail.outbox = []
    for case in CASES:
        send_round_opened(R(world, case).round)
    mine = [m for m in mail.outbox if f"{user}@example.org" in m.to]
    return {case.id: judge(texts(mine), case, "round") for case in CASES}


def _reminders(world: World, user: str) -> Observation:
    mail.outbox = []
    send_reminders(dt.date(2024, 6, 20))
    mine = [m for m in mail.outbox if f"{user}@example.org" in m.to]
    return {case.id: judge(texts(mine), case, "round") for case in CASES}


def _search_each(world: World, user: str, *, api_path: bool) -> Observation:
    """The word found only in the case's instrument finds it — or nothing at all."""

    def verdict(case: Case) -> Verdict:
        word = case.marker("instrument")
        if api_path:
            result = api(world, user, "/search", q=word).json()
            total, hits = result["total"], [h["title"] for h in result["hits"]]
        else:
            results = page(world, user, reverse("search:results"), q=word).context["results"]
            total, hits = results.total, [h.title for h in results.hits]
        if total != len(hits):
            return f"{total} hits counted, {len(hits)} shown"
        return judge(" ".join(hits), case, "instrument") if hits else False

    return each(verdict)


def _admin_audit(world: World, user: str) -> Observation:
    """The audit log in the admin: a record's title (and content) only to who may read it."""
    changelist = reverse("admin:audit_auditevent_changelist")
    listing = page(world, user, changelist, q="Matrix")
    if to_login(listing):
        return {case.id: False for case in CASES}
    body = text_of(listing)
    return {case.id: judge(body, case, "meeting") for case in CASES}


def _admin_changelists(world: World, user: str) -> Observation:
    """Every changelist of the admin, read by whoever asks: no case's words where hidden."""
    bodies = []
    for model in admin.site._registry:
        opts = model._meta
        response = page(
            world, user, reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        )
        if response.status_code == 200:
            bodies.append(text_of(response))
        elif not to_login(response) and response.status_code != 403:
            return {c.id: f"{opts.label} answered {response.status_code}" for c in CASES}
    body = "\n".join(bodies)
    return {case.id: mentioned(body, case) for case in CASES}


def _home(world: World, user: str) -> Observation:
    """The home page: a few recent meetings and work plans, none the reader may not see."""
    body = text_of(page(world, user, reverse("home")))
    return {case.id: mentioned(body, case) for case in CASES}


@dataclass(frozen=True)
class Surface:
    observe: Observe
    #: Who may see a case's record here, by the oracle (default: ``may_see``).
    oracle: Callable[[str, Case], bool] = may_see
    #: Only for these people (e.g. those who receive round e-mails).
    people: tuple[str, ...] = tuple(USER_NAMES)
    #: The surface needs a login: anonymous sees nothing (a redirect to the login page).
    login_only: bool = False
    #: Who may use it at all; the others are refused with 403 (see FORBIDDEN) where they may see
    #: the record (a list: always), and with a 404 that names nothing where they may not.
    role: tuple[str, ...] | None = None
    listing: bool = False
    #: The role is checked before the record is looked up (the editors' pages): everyone else
    #: gets the same 403 for every record, existing or not, so it names nothing.
    role_first: bool = False
    #: Shows only some of what the person may see (the admin's audit log, ``q=``-filtered):
    #: a leak fails, a record left out does not.
    leak_only: bool = False


def _uploader_or_secretariat(user: str, case: Case) -> bool:
    """A large upload's progress: Indonesia's focal point who uploaded it and the Secretariat,
    if they may see the round."""
    return may_see(user, case) and user in ("idn_focal", "secretariat")


def _reviewer(user: str, case: Case) -> bool:
    """The review queue: Indonesia's submitted report on the public plan waits for the
    Secretariat's decision, in each case's round the Secretariat may see."""
    return may_see(user, case) and user == "secretariat"


def _jpn_drafts(user: str, case: Case) -> bool:
    """Japan's unsubmitted reports: only Japan's people, and only if they may see the record."""
    return may_see(user, case) and PEOPLE[user].party == "JPN"


def _staff(user: str, case: Case) -> bool:
    """The admin: only staff get in (the Secretariat here), and then only what they may see."""
    return user == "secretariat" and may_see(user, case)


def _own_reports(user: str, case: Case) -> bool:
    """A focal point's "my reports": their party's reports they may see."""
    return may_see(user, case) and PEOPLE[user].party in ("IDN", "JPN")


def _reporting(user: str, case: Case) -> bool:
    """Rows of a round's spreadsheet: a reporting party's own reports, the Secretariat all."""
    return may_see(user, case) and PEOPLE[user].party in ("IDN", "JPN", "ASEC")


def _producer(user: str, case: Case) -> bool:
    """A document produced for one reader: that reader alone, while they may see its meeting."""
    return user == producer_of(case)


FOCAL_POINTS = ("idn_focal", "idn_police", "jpn_focal")
REPORTERS = ("secretariat", *FOCAL_POINTS)  # who download a round's spreadsheet


def _report_url(attr: str) -> Callable[[World, Case], str]:
    return lambda w, c: getattr(R(w, c), attr).get_absolute_url()


# -- calendar subscriptions: feeds read as the owner of the key in their address --------------


def _subscription(kind: str = "all", code: str = "") -> Callable[[World, str], str]:
    """A person's subscription address (no session: the key says who reads)."""

    def url_of(world: World, user: str) -> str:
        key = world.calendar_keys[user]
        if kind in ("all", "follows"):
            return reverse(f"meetings:ical_token_{kind}", args=[key])
        return reverse("meetings:ical_token_of", args=[key, kind, code])

    return url_of


def _subscribed(url_of: Callable[[World, str], str]) -> Observe:
    def observe(world: World, user: str) -> Observation:
        return listed(world.clients["anonymous"].get(url_of(world, user)), "meeting")

    return observe


# -- list exports (CSV, JSON) -------------------------------------------------------------------


def _export(viewname: str, fmt: str, **kwargs: Any) -> Callable[[World], str]:
    """The address of a list's export in ``fmt`` (``csv`` or ``json``)."""
    return lambda w: reverse(viewname, kwargs={**kwargs, "fmt": fmt})


def _round_export(attr: str, fmt: str) -> Callable[[World, Case], str]:
    return lambda w, c: reverse(
        "monitoring:round_reports_export", kwargs={"pk": getattr(R(w, c), attr).pk, "fmt": fmt}
    )


def _each_export(url_of: Callable[[World, Case], str], main: str) -> Observe:
    """An export narrowed to one case's record (``?instrument=``): the record's rows, or an
    empty list that names nothing (a filter, not an address: no 404)."""

    def observe(world: World, user: str) -> Observation:
        def verdict(case: Case) -> Verdict:
            response = page(world, user, url_of(world, case))
            if response.status_code != 200:
                return f"answered {response.status_code}"
            return judge(text_of(response), case, main)

        return each(verdict)

    return observe


SIGNED_IN = tuple(name for name in USER_NAMES if name != "anonymous")


# -- the IATI export of public work plans: public records only, whoever asks


def _public_export(user: str, case: Case) -> bool:
    """The IATI export holds the public records only (audience public, TLP:CLEAR), whoever asks:
    a record someone may see but the public may not is absent (404) for them too."""
    return case.audience == Audience.PUBLIC and case.tlp == TLP.CLEAR


def _iati_url(world: World, case: Case) -> str:
    return reverse("workplans:iati", args=[R(world, case).instrument.key])


def _iati_link(world: World, user: str) -> Observation:
    """Each case's instrument page offers the IATI export only of a public work plan."""

    def verdict(case: Case) -> Verdict:
        response = page(world, user, R(world, case).instrument.get_absolute_url())
        return response.status_code == 200 and _iati_url(world, case) in text_of(response)

    return each(verdict)


# -- frameworks: one activity serving several frameworks --------------------------------------


def _frameworks_in_place(world: World) -> dict[str, Any]:
    """Mappings for the framework surfaces, written inside the observation's savepoint (rolled
    back with it): each case's activity serves SDG 16.4 and its own item of a public matrix
    framework; each case's instrument's priority areas are a framework whose item the public
    plan's activity serves."""
    from mufakat.accounts.models import User
    from mufakat.frameworks import services as frameworks
    from mufakat.frameworks.models import ActivityMapping, Framework, FrameworkItem
    from mufakat.workplans.models import Activity

    from .world import BUILDER

    builder = User.objects.get(username=BUILDER)
    sdg = FrameworkItem.objects.get(framework__key="sdg-16", code="16.4")
    counted = Framework.objects.create(key="mx-counted", title="Matrix framework")
    plan_activity = Activity.objects.get(priority_area__instrument=world.plan, code="MX-PLAN")
    mappings = []
    for n, case in enumerate(CASES, start=1):
        records = R(world, case)
        derived = frameworks.framework_for_instrument(actor=builder, instrument=records.instrument)
        own = FrameworkItem.objects.create(framework=counted, code=f"c{n}", title=f"Item {n}")
        mappings += [
            ActivityMapping(activity=records.activity, item=sdg),
            ActivityMapping(activity=records.activity, item=own),
            ActivityMapping(activity=plan_activity, item=derived.items.get()),
        ]
    ActivityMapping.objects.bulk_create(mappings)
    return {"plan_activity": plan_activity}


def _with_frameworks(observe: Callable[[World, str, dict[str, Any]], Observation]) -> Observe:
    def observe_in_place(world: World, user: str) -> Observation:
        return observe(world, user, _frameworks_in_place(world))

    return observe_in_place


def _framework_listing(
    url_of: Callable[[World, dict[str, Any]], str], main: str, *, api_path: bool = False
) -> Observe:
    """A page (or API path) listing the cases' records once the mappings are in place."""

    def observe(world: World, user: str, placed: dict[str, Any]) -> Observation:
        fetch = api if api_path else page
        return listed(fetch(world, user, url_of(world, placed)), main)

    return _with_frameworks(observe)


def _framework_address(
    url_of: Callable[[World, Case], str], main: str, *, api_path: bool = False
) -> Observe:
    def observe(world: World, user: str, placed: dict[str, Any]) -> Observation:
        fetch = api if api_path else page
        return each(lambda c: addressed(fetch(world, user, url_of(world, c)), c, main))

    return _with_frameworks(observe)


def _counted(count: int | None) -> Verdict:
    """One activity serves each case's item: counted (1) or not (0); anything else is wrong."""
    if count in (0, 1):
        return count == 1
    return f"counted {count}"


def _framework_page_counts(world: World, user: str, placed: dict[str, Any]) -> Observation:
    """The matrix framework's page: the count of each case's item is 1 exactly for who may see
    the case's activity (a count must not leak what the reader may not open)."""
    body = text_of(page(world, user, reverse("frameworks:framework", args=["mx-counted"])))
    return {
        case.id: _counted(
            _number_in(rf'id="item-c{n}".*?data-activity-count="(\d+)"', body.replace("\n", " "))
        )
        for n, case in enumerate(CASES, start=1)
    }


def _framework_api_counts(world: World, user: str, placed: dict[str, Any]) -> Observation:
    items = api(world, user, "/frameworks/mx-counted").json()["items"]
    counts = {item["code"]: item["activity_count"] for item in items}
    return {case.id: _counted(counts.get(f"c{n}")) for n, case in enumerate(CASES, start=1)}


def _framework_key(world: World, case: Case) -> str:
    return R(world, case).instrument.key


def _list_exports() -> dict[str, Surface]:
    """Each list's exports, in both formats: exactly the rows the oracle allows, and references
    (an outcome's onward meeting) only where the reader may see them."""
    surfaces: dict[str, Surface] = {}
    for fmt in ("csv", "json"):
        surfaces |= {
            f"meeting_list_{fmt}": Surface(_list(_export("meetings:export", fmt), "meeting")),
            f"outcome_list_{fmt}": Surface(
                _list(_export("meetings:outcome_export", fmt), "outcome")
            ),
            f"origin_outcomes_forwarded_to_{fmt}": Surface(
                lambda w, u, fmt=fmt: listed(
                    page(w, u, _export("meetings:outcome_export", fmt)(w), meeting=w.origin.pk),
                    "meeting",
                )
            ),
            f"instrument_list_{fmt}": Surface(
                _list(_export("workplans:export", fmt), "instrument")
            ),
            f"activity_list_{fmt}": Surface(
                _list(_export("workplans:activity_export", fmt), "activity")
            ),
            f"instrument_activities_{fmt}": Surface(
                _each_export(
                    lambda w, c, fmt=fmt: (
                        _export("workplans:activity_export", fmt)(w)
                        + f"?instrument={R(w, c).instrument.key}"
                    ),
                    "activity",
                )
            ),
            f"my_reports_{fmt}": Surface(
                _list(_export("monitoring:my_reports_export", fmt), "round"),
                oracle=_own_reports,
                login_only=True,
            ),
            f"review_queue_{fmt}": Surface(
                _list(_export("monitoring:review_export", fmt), "round"),
                oracle=_reviewer,
                login_only=True,
            ),
            f"round_reports_{fmt}": Surface(
                _at(_round_export("round", fmt), "report"), login_only=True
            ),
            f"all_round_reports_{fmt}": Surface(
                _list(
                    lambda w, fmt=fmt: reverse(
                        "monitoring:round_reports_export",
                        kwargs={"pk": w.all_round.pk, "fmt": fmt},
                    ),
                    "planreport",
                ),
                login_only=True,
            ),
        }
    return surfaces


SURFACES: dict[str, Surface] = {
    "home_page": Surface(_home, leak_only=True),
    # -- meetings, outcomes, documents
    "meeting_page": Surface(_at(lambda w, c: R(w, c).meeting.get_absolute_url(), "meeting")),
    "meeting_list_page": Surface(_list(lambda w: reverse("meetings:list"), "meeting")),
    "calendar_page": Surface(_list(lambda w: reverse("meetings:calendar"), "meeting")),
    "ical_feed": Surface(_list(lambda w: reverse("meetings:ical"), "meeting")),
    "body_page": Surface(_list(lambda w: reverse("registry:body", args=[BODY]), "meeting")),
    "meeting_api_detail": Surface(
        _at(lambda w, c: f"/meetings/{R(w, c).meeting.pk}", "meeting", api_path=True)
    ),
    "meeting_api_list": Surface(_list(lambda w: "/meetings", "meeting", api_path=True)),
    "outcome_api_detail": Surface(
        _at(lambda w, c: f"/outcomes/{R(w, c).outcome.pk}", "outcome", api_path=True)
    ),
    "outcome_api_list": Surface(_list(lambda w: "/outcomes", "outcome", api_path=True)),
    "receiving_meeting_page": Surface(_list(lambda w: w.dest.get_absolute_url(), "outcome")),
    "receiving_meeting_api": Surface(_received_api),
    "origin_meeting_trace_page": Surface(_list(lambda w: w.origin.get_absolute_url(), "meeting")),
    "source_outcome_trace_api": Surface(
        _naming(lambda w, c: f"/outcomes/{R(w, c).source_outcome.pk}", "meeting", api_path=True)
    ),
    "document_page": Surface(_at(lambda w, c: R(w, c).document.get_absolute_url(), "document")),
    "document_download": Surface(
        _at(lambda w, c: reverse("meetings:document_file", args=[R(w, c).document.pk]), "document")
    ),
    "document_version_download": Surface(
        _at(
            lambda w, c: reverse("meetings:document_version_file", args=[R(w, c).document.pk, 1]),
            "document",
        )
    ),
    "meeting_documents_api": Surface(
        _at(lambda w, c: f"/meetings/{R(w, c).meeting.pk}/documents", "document", api_path=True)
    ),
    "document_api_detail": Surface(
        _at(lambda w, c: f"/documents/{R(w, c).document.pk}", "document", api_path=True)
    ),
    "document_api_download": Surface(
        _at(lambda w, c: f"/documents/{R(w, c).document.pk}/download", "document", api_path=True)
    ),
    "document_api_version_download": Surface(
        _at(
            lambda w, c: f"/documents/{R(w, c).document.pk}/versions/1/download",
            "document",
            api_path=True,
        )
    ),
    # -- delegations: names of delegates are personal data, for signed-in readers only
    "meeting_page_delegates": Surface(
        _each_page(lambda w, c: R(w, c).meeting.get_absolute_url(), "delegate"),
        oracle=_signed_in_reader,
    ),
    "meeting_delegations_api": Surface(
        _each_api(lambda w, c: f"/meetings/{R(w, c).meeting.pk}/delegations", "delegate"),
        oracle=_signed_in_reader,
    ),
    # -- action items, their follow-up and evidence
    "action_item_list_page": Surface(
        _list(lambda w: reverse("meetings:action_items"), "action", state="all")
    ),
    "action_item_page": Surface(
        _at(lambda w, c: reverse("meetings:action_item", args=[R(w, c).action.pk]), "action")
    ),
    "action_item_review_list": Surface(_review_list),
    "action_item_note_on_list": Surface(
        _list(lambda w: reverse("meetings:action_items"), "actionnote", state="all")
    ),
    "action_item_api_list": Surface(
        _list(lambda w: "/action-items", "action", api_path=True, state="all")
    ),
    "action_item_api_detail": Surface(
        _at(lambda w, c: f"/action-items/{R(w, c).action.pk}", "actionnote", api_path=True)
    ),
    "action_item_evidence_download": Surface(
        _at(
            lambda w, c: reverse("meetings:action_item_evidence", args=[R(w, c).action_update.pk]),
            "actionevidence",
        )
    ),
    # -- instruments, their history, priority areas and activities
    "instrument_page": Surface(
        _at(lambda w, c: R(w, c).instrument.get_absolute_url(), "instrument")
    ),
    "instrument_all_activities_page": Surface(
        _at(lambda w, c: R(w, c).instrument.get_absolute_url() + "?area=all", "activity")
    ),
    "instrument_history_page": Surface(
        _at(lambda w, c: reverse("workplans:versions", args=[R(w, c).instrument.key]), "instrument")
    ),
    "instrument_list_page": Surface(_list(lambda w: reverse("workplans:list"), "instrument")),
    "instrument_links_page": Surface(
        _at(lambda w, c: reverse("workplans:links", args=[R(w, c).instrument.key]), "instrument"),
        role=("secretariat",),
        role_first=True,
        login_only=True,
    ),
    "instrument_api_detail": Surface(
        _at(lambda w, c: f"/instruments/{R(w, c).instrument.pk}", "instrument", api_path=True)
    ),
    "instrument_api_versions": Surface(
        _at(lambda w, c: f"/instruments/{R(w, c).instrument.pk}/versions", "area", api_path=True)
    ),
    "instrument_api_list": Surface(_list(lambda w: "/instruments", "instrument", api_path=True)),
    "activity_page": Surface(
        _at(lambda w, c: reverse("workplans:activity", args=[R(w, c).activity.pk]), "activity")
    ),
    "activity_api_detail": Surface(
        _at(lambda w, c: f"/activities/{R(w, c).activity.pk}", "activity", api_path=True)
    ),
    "activity_api_list": Surface(_list(lambda w: "/activities", "activity", api_path=True)),
    "activity_api_list_of_area": Surface(
        _each_api(
            lambda w, c: f"/activities?priority_area={R(w, c).activity.priority_area_id}",
            "activity",
        )
    ),
    # -- each case's round on the public plan: the round's own restriction
    "round_page": Surface(_at(_report_url("round"), "round"), login_only=True),
    "round_list_page": Surface(
        _list(lambda w: reverse("monitoring:rounds"), "round"), login_only=True
    ),
    "round_api_detail": Surface(
        _at(lambda w, c: f"/rounds/{R(w, c).round.pk}", "round", api_path=True)
    ),
    "round_api_list": Surface(_list(lambda w: "/rounds", "round", api_path=True)),
    "import_job_page": Surface(
        _at(
            lambda w, c: reverse(
                "monitoring:round_import_job", args=[R(w, c).round.pk, R(w, c).import_job.pk]
            ),
            "round",
        ),
        oracle=_uploader_or_secretariat,
        login_only=True,
    ),
    "import_job_api": Surface(
        _at(
            lambda w, c: f"/rounds/{R(w, c).round.pk}/imports/{R(w, c).import_job.pk}",
            "round",
            api_path=True,
        ),
        oracle=_uploader_or_secretariat,
    ),
    "report_page": Surface(_at(_report_url("report"), "report"), login_only=True),
    "report_api_detail": Surface(
        _at(lambda w, c: f"/reports/{R(w, c).report.pk}", "report", api_path=True)
    ),
    "report_versions_page": Surface(
        _at(lambda w, c: reverse("monitoring:report_versions", args=[R(w, c).report.pk]), "report"),
        login_only=True,
    ),
    "report_api_versions": Surface(
        _at(lambda w, c: f"/reports/{R(w, c).report.pk}/versions", "report", api_path=True)
    ),
    "evidence_download": Surface(
        _at(lambda w, c: reverse("monitoring:evidence", args=[R(w, c).evidence.pk]), "evidence"),
        login_only=True,
    ),
    "round_spreadsheet": Surface(
        _at(lambda w, c: reverse("monitoring:round_export", args=[R(w, c).round.pk]), "round"),
        login_only=True,
        role=REPORTERS,
    ),
    "round_spreadsheet_api": Surface(
        _at(lambda w, c: f"/rounds/{R(w, c).round.pk}/template", "round", api_path=True),
        role=REPORTERS,
    ),
    "round_compliance_page": Surface(
        _at(lambda w, c: reverse("monitoring:round_compliance", args=[R(w, c).round.pk]), "round"),
        login_only=True,
        role=REPORTERS,
    ),
    "round_compliance_api": Surface(
        _at(lambda w, c: f"/rounds/{R(w, c).round.pk}/compliance", None, api_path=True),
        role=REPORTERS,
    ),
    # -- the public round over every instrument: each instrument's restriction
    "plan_report_page": Surface(_at(_report_url("plan_report"), "planreport"), login_only=True),
    "plan_report_api": Surface(
        _at(lambda w, c: f"/reports/{R(w, c).plan_report.pk}", "planreport", api_path=True)
    ),
    "plan_evidence_download": Surface(
        _at(
            lambda w, c: reverse("monitoring:evidence", args=[R(w, c).plan_evidence.pk]),
            "planevidence",
        ),
        login_only=True,
    ),
    "all_round_page": Surface(
        _list(lambda w: w.all_round.get_absolute_url(), "instrument"), login_only=True
    ),
    "all_round_api_instruments": Surface(_all_round_instruments_api),
    "all_round_api_reports": Surface(
        _list(lambda w: f"/rounds/{w.all_round.pk}/reports", "planreport", api_path=True)
    ),
    "all_round_spreadsheet": Surface(
        _list(lambda w: reverse("monitoring:round_export", args=[w.all_round.pk]), "activity"),
        oracle=_reporting,
        login_only=True,
        role=REPORTERS,
        listing=True,
    ),
    "all_round_spreadsheet_api": Surface(
        _list(lambda w: f"/rounds/{w.all_round.pk}/template", "activity", api_path=True),
        oracle=_reporting,
        role=REPORTERS,
        listing=True,
    ),
    "all_round_compliance_page": Surface(
        _list(lambda w: reverse("monitoring:round_compliance", args=[w.all_round.pk]), "activity"),
        login_only=True,
        role=REPORTERS,
        listing=True,
    ),
    "all_round_compliance_csv": Surface(
        _list(
            lambda w: reverse("monitoring:round_compliance", args=[w.all_round.pk]),
            "activity",
            format="csv",
        ),
        login_only=True,
        role=REPORTERS,
        listing=True,
    ),
    "all_round_compliance_xlsx": Surface(
        _list(
            lambda w: reverse("monitoring:round_compliance", args=[w.all_round.pk]),
            "activity",
            format="xlsx",
        ),
        login_only=True,
        role=REPORTERS,
        listing=True,
    ),
    "all_round_compliance_api": Surface(
        _compliance_api_activities,
        role=REPORTERS,
        listing=True,
    ),
    "draft_page": Surface(_at(_report_url("draft"), "draft"), oracle=_jpn_drafts, login_only=True),
    "draft_api": Surface(
        _at(lambda w, c: f"/reports/{R(w, c).draft.pk}", "draft", api_path=True),
        oracle=_jpn_drafts,
    ),
    "review_queue_page": Surface(
        _list(lambda w: reverse("monitoring:review"), "round"),
        oracle=_reviewer,
        login_only=True,
    ),
    "review_queue_with_frozen_page": Surface(
        _list(lambda w: reverse("monitoring:review"), "round", frozen="1"),
        oracle=_reviewer,
        login_only=True,
    ),
    "my_reports_page": Surface(
        _list(lambda w: reverse("monitoring:my_reports"), "instrument"),
        oracle=_own_reports,
        login_only=True,
    ),
    # -- dashboards
    "instrument_dashboard": Surface(
        _at(
            lambda w, c: reverse("monitoring:instrument_dashboard", args=[R(w, c).instrument.key]),
            "instrument",
        ),
    ),
    "instrument_rollup_api": Surface(
        _at(
            lambda w, c: f"/instruments/{R(w, c).instrument.pk}/rollup", "instrument", api_path=True
        )
    ),
    "party_dashboard": Surface(
        _list(lambda w: reverse("monitoring:party_dashboard", args=["IDN"]), "instrument"),
    ),
    "party_rollup_api": Surface(
        _list(lambda w: "/parties/IDN/rollup", "instrument", api_path=True)
    ),
    # -- snapshots and their comparison
    "round_snapshot_api": Surface(
        _at(lambda w, c: f"/rounds/{R(w, c).round.pk}/snapshot", "round", api_path=True)
    ),
    "snapshot_compare_api": Surface(
        _at(lambda w, c: f"/snapshots/{R(w, c).snapshot.pk}/compare", None, api_path=True)
    ),
    "snapshot_compare_with_api": Surface(
        _at(
            lambda w, c: f"/snapshots/{w.all_snapshot.pk}/compare?with={R(w, c).snapshot.pk}",
            None,
            api_path=True,
        )
    ),
    "all_snapshot_api": Surface(
        _list(lambda w: f"/rounds/{w.all_round.pk}/snapshot", "instrument", api_path=True)
    ),
    "meeting_snapshot_page": Surface(
        _at(
            lambda w, c: reverse("monitoring:meeting_snapshot", args=[R(w, c).meeting.pk]),
            "meeting",
        )
    ),
    "receiving_meeting_snapshot_page": Surface(
        _list(lambda w: reverse("monitoring:meeting_snapshot", args=[w.dest.pk]), "instrument")
    ),
    "receiving_meeting_snapshot_one_instrument": Surface(
        _shown_at(
            lambda w, c: (
                reverse("monitoring:meeting_snapshot", args=[w.dest.pk])
                + f"?instrument={R(w, c).instrument.key}"
            ),
            "instrument",
        )
    ),
    "snapshot_compare_one_instrument_api": Surface(
        _at(
            lambda w, c: (
                f"/snapshots/{w.all_snapshot.pk}/compare?instrument={R(w, c).instrument.key}"
            ),
            None,
            api_path=True,
        )
    ),
    "all_snapshot_one_instrument_api": Surface(
        _shown_at(
            lambda w, c: f"/rounds/{w.all_round.pk}/snapshot?instrument={R(w, c).instrument.key}",
            "instrument",
            api_path=True,
        )
    ),
    "party_dashboard_one_instrument": Surface(
        _shown_at(
            lambda w, c: (
                reverse("monitoring:party_dashboard", args=["IDN"])
                + f"?instrument={R(w, c).instrument.key}"
            ),
            "instrument",
        )
    ),
    "feeding_snapshot_api": Surface(
        _naming(
            lambda w, c: f"/rounds/{R(w, c).feeding_round.pk}/snapshot", "meeting", api_path=True
        )
    ),
    "feeding_round_api": Surface(
        _naming(
            lambda w, c: f"/rounds/{R(w, c).feeding_round.pk}",
            "meeting",
            api_path=True,
            refers=lambda w, c, data: data["meeting"] == R(w, c).meeting.pk,
        )
    ),
    "feeding_round_page": Surface(
        _naming(lambda w, c: R(w, c).feeding_round.get_absolute_url(), "meeting"),
        login_only=True,
    ),
    # -- e-mails
    "round_opened_mail": Surface(_opened_mail, people=FOCAL_POINTS),
    "round_reminder_mail": Surface(_reminders, oracle=_jpn_drafts, people=FOCAL_POINTS),
    # -- search
    "search_page": Surface(_list(lambda w: reverse("search:results"), "meeting", q=COMMON_WORD)),
    "search_api": Surface(_list(lambda w: "/search", "meeting", api_path=True, q=COMMON_WORD)),
    "search_page_instrument": Surface(lambda w, u: _search_each(w, u, api_path=False)),
    "search_api_instrument": Surface(lambda w, u: _search_each(w, u, api_path=True)),
    # -- meeting papers: brief, report of the meeting, status report (page, API, PDF, DOCX)
    "brief_page": Surface(
        _at(lambda w, c: reverse("papers:brief", args=[R(w, c).meeting.pk]), "meeting")
    ),
    "brief_api": Surface(
        _at(lambda w, c: f"/meetings/{R(w, c).meeting.pk}/brief", "meeting", api_path=True)
    ),
    "receiving_meeting_brief_page": Surface(
        _list(lambda w: reverse("papers:brief", args=[w.dest.pk]), "outcome")
    ),
    "receiving_meeting_brief_instruments": Surface(
        _list(lambda w: reverse("papers:brief", args=[w.dest.pk]), "instrument")
    ),
    "receiving_meeting_brief_api": Surface(
        _list(lambda w: f"/meetings/{w.dest.pk}/brief", "outcome", api_path=True)
    ),
    "receiving_meeting_brief_pdf": Surface(
        _list(lambda w: reverse("papers:brief_pdf", args=[w.dest.pk]), "outcome"),
        login_only=True,
    ),
    "receiving_meeting_brief_docx": Surface(
        _list(lambda w: reverse("papers:brief_docx", args=[w.dest.pk]), "outcome"),
        login_only=True,
    ),
    "record_page": Surface(
        _at(lambda w, c: reverse("papers:record", args=[R(w, c).meeting.pk]), "meeting")
    ),
    "record_api": Surface(
        _at(lambda w, c: f"/meetings/{R(w, c).meeting.pk}/record", "meeting", api_path=True)
    ),
    "receiving_meeting_record_page": Surface(
        _list(lambda w: reverse("papers:record", args=[w.dest.pk]), "outcome")
    ),
    "receiving_meeting_record_docx": Surface(
        _list(lambda w: reverse("papers:record_docx", args=[w.dest.pk]), "outcome"),
        login_only=True,
    ),
    "status_report_page": Surface(
        _at(
            lambda w, c: reverse("papers:status_report", args=[R(w, c).instrument.pk]),
            "instrument",
        )
    ),
    "status_report_api": Surface(
        _at(
            lambda w, c: f"/instruments/{R(w, c).instrument.pk}/status-report",
            "instrument",
            api_path=True,
        )
    ),
    "status_report_of_snapshot_page": Surface(
        _at(
            lambda w, c: (
                reverse("papers:status_report", args=[w.plan.pk])
                + f"?snapshot={R(w, c).snapshot.pk}"
            ),
            "round",
        )
    ),
    "status_report_narratives_page": Surface(
        _at(
            lambda w, c: (
                reverse("papers:status_report", args=[R(w, c).instrument.pk])
                + f"?snapshot={w.all_snapshot.pk}"
            ),
            "planreport",
        )
    ),
    "produced_document_page": Surface(
        _at(lambda w, c: reverse("papers:produced", args=[R(w, c).produced.pk]), "meeting"),
        oracle=_producer,
    ),
    "produced_document_file": Surface(
        _at(lambda w, c: reverse("papers:produced_file", args=[R(w, c).produced.pk]), "meeting"),
        oracle=_producer,
    ),
    "produced_document_api": Surface(
        _at(lambda w, c: f"/papers/{R(w, c).produced.pk}", None, api_path=True),
        oracle=_producer,
    ),
    # -- the admin
    "admin_audit_log": Surface(_admin_audit, oracle=_staff),
    "admin_changelists": Surface(_admin_changelists, oracle=_staff, leak_only=True),
    # -- calendar subscriptions: feeds per body, party and follows; keys in the address
    "ical_body_feed": Surface(
        _list(lambda w: reverse("meetings:ical_of", args=["body", BODY]), "meeting")
    ),
    "ical_party_feed": Surface(
        _list(lambda w: reverse("meetings:ical_of", args=["party", "IDN"]), "meeting")
    ),
    "ical_follows_feed": Surface(
        _list(lambda w: reverse("meetings:ical_follows"), "meeting"), login_only=True
    ),
    "ical_subscription_feed": Surface(_subscribed(_subscription()), people=SIGNED_IN),
    "ical_subscription_body_feed": Surface(
        _subscribed(_subscription("body", BODY)), people=SIGNED_IN
    ),
    "ical_subscription_party_feed": Surface(
        _subscribed(_subscription("party", "IDN")), people=SIGNED_IN
    ),
    "ical_subscription_follows_feed": Surface(
        _subscribed(_subscription("follows")), people=SIGNED_IN
    ),
    # -- the IATI export of public work plans (page, API, the link on the instrument page)
    "iati_export_page": Surface(_at(_iati_url, "instrument"), oracle=_public_export),
    "iati_export_api": Surface(
        _at(
            lambda w, c: f"/instruments/{R(w, c).instrument.pk}/iati.xml",
            "instrument",
            api_path=True,
        ),
        oracle=_public_export,
    ),
    "iati_export_link": Surface(_iati_link, oracle=_public_export),
    "iati_plan_rounds_page": Surface(
        _list(lambda w: reverse("workplans:iati", args=[w.plan.key]), "round"),
        oracle=_public_export,
    ),
    "iati_plan_rounds_api": Surface(
        _list(lambda w: f"/instruments/{w.plan.pk}/iati.xml", "round", api_path=True),
        oracle=_public_export,
    ),
    # -- frameworks: one activity serving several frameworks
    "framework_item_page": Surface(
        _framework_listing(
            lambda w, p: reverse("frameworks:item", args=["sdg-16", "16.4"]), "activity"
        )
    ),
    "framework_item_api": Surface(
        _framework_listing(
            lambda w, p: "/frameworks/sdg-16/items/16.4/activities", "activity", api_path=True
        )
    ),
    "framework_page_counts": Surface(_with_frameworks(_framework_page_counts)),
    "framework_api_counts": Surface(_with_frameworks(_framework_api_counts)),
    "framework_list_page": Surface(
        _framework_listing(lambda w, p: reverse("frameworks:list"), "instrument")
    ),
    "framework_list_api": Surface(
        _framework_listing(lambda w, p: "/frameworks", "instrument", api_path=True)
    ),
    "framework_page": Surface(
        _framework_address(
            lambda w, c: reverse("frameworks:framework", args=[_framework_key(w, c)]), "area"
        )
    ),
    "framework_api": Surface(
        _framework_address(
            lambda w, c: f"/frameworks/{_framework_key(w, c)}", "area", api_path=True
        )
    ),
    "framework_derived_item_page": Surface(
        _framework_address(
            lambda w, c: reverse("frameworks:item", args=[_framework_key(w, c), "1"]), "area"
        )
    ),
    "instrument_page_framework_mappings": Surface(
        _framework_listing(lambda w, p: w.plan.get_absolute_url(), "area")
    ),
    "activity_page_framework_mappings": Surface(
        _framework_listing(lambda w, p: p["plan_activity"].get_absolute_url(), "area")
    ),
    "instrument_frameworks_api": Surface(
        _framework_address(
            lambda w, c: f"/instruments/{R(w, c).instrument.pk}/frameworks",
            "activity",
            api_path=True,
        )
    ),
    "activity_frameworks_api": Surface(
        _framework_listing(
            lambda w, p: f"/activities/{p['plan_activity'].pk}/frameworks", "area", api_path=True
        )
    ),
    # -- list exports: CSV and JSON of every list page
    **_list_exports(),
    # -- work plans as workbooks: the download holds the instrument's activities
    "instrument_spreadsheet": Surface(
        _at(
            lambda w, c: reverse("workplans:spreadsheet", args=[R(w, c).instrument.key]), "activity"
        )
    ),
    "instrument_spreadsheet_api": Surface(
        _at(
            lambda w, c: f"/instruments/{R(w, c).instrument.pk}/spreadsheet",
            "activity",
            api_path=True,
        )
    ),
    # the public plan's workbook: the framework items its activity serves (and the items the
    # dropdowns offer) of each case's instrument
    "plan_spreadsheet_framework_mappings": Surface(
        _framework_listing(lambda w, p: reverse("workplans:spreadsheet", args=[w.plan.key]), "area")
    ),
}


def expected(surface: Surface, user: str, case: Case) -> Verdict:
    if surface.login_only and user == "anonymous":
        return False
    if surface.role is not None and user not in surface.role:
        return FORBIDDEN if surface.listing or surface.role_first or may_see(user, case) else False
    return surface.oracle(user, case)


MATRIX = [
    pytest.param(name, user, case_id, id=f"{user}-{case_id}-{name}")
    for name, surface in SURFACES.items()
    for user in surface.people
    for case_id in CASE_IDS
]

_seen: dict[tuple[int, str, str], Observation] = {}


def observed(world: World, blocker: Any, surface: str, user: str) -> Observation:
    """Each surface is looked at once per person, in a savepoint that is rolled back (a
    reminder run marks its rounds); the cases' tests share what was seen."""
    key = (id(world), surface, user)
    if key not in _seen:
        with blocker.unblock(), transaction.atomic():
            _seen[key] = SURFACES[surface].observe(world, user)
            transaction.set_rollback(True)
    return _seen[key]


# Not marked django_db: a savepoint per test would cost more than the matrix itself; the
# observation above opens its own and rolls it back.
@pytest.mark.parametrize(("surface", "user", "case_id"), MATRIX)
def test_each_surface_shows_each_record_exactly_to_those_the_oracle_allows(
    world: World, django_db_blocker: Any, surface: str, user: str, case_id: str
) -> None:
    seen = observed(world, django_db_blocker, surface, user)[case_id]
    want = expected(SURFACES[surface], user, BY_ID[case_id])
    if SURFACES[surface].leak_only:
        assert seen is False or (seen is True and want is True), seen
    else:
        assert seen == want


# -- counts and aggregates: the numbers are the oracle's ----------------------------------------


def _visible(user: str, oracle: Callable[[str, Case], bool] = may_see) -> int:
    return sum(oracle(user, case) for case in CASES)


def _search_types(world: World, user: str) -> tuple[Any, Any]:
    result = api(world, user, "/search", q=COMMON_WORD).json()
    found = {f["value"]: f["count"] for f in result["facets"]["type"]}
    n = _visible(user)
    return (result["total"], found), (
        3 * n,
        {t: n for t in ("meeting", "outcome", "instrument")} if n else {},
    )


def _all_round_counts(world: World, user: str) -> tuple[Any, Any]:
    counts = api(world, user, f"/rounds/{world.all_round.pk}").json()["counts"]
    idn, jpn = _visible(user), _visible(user, _jpn_drafts)
    return (counts["total"], counts["submitted"]), (idn + jpn, idn)


def _round_list_counts(world: World, user: str) -> tuple[Any, Any]:
    rounds = api(world, user, "/rounds").json()
    rounds = rounds.get("items", rounds) if isinstance(rounds, dict) else rounds
    mine = [r["counts"]["total"] for r in rounds if r["id"] == world.all_round.pk]
    return mine, [_visible(user) + _visible(user, _jpn_drafts)]


def _party_rollup(world: World, user: str) -> tuple[Any, Any]:
    rollup = api(world, user, "/parties/IDN/rollup").json()
    ours = [e for e in rollup["instruments"] if e["instrument"]["key"] in _case_keys(world)]
    return (len(ours), sum(e["reported"] for e in ours)), (_visible(user), _visible(user))


def _case_keys(world: World) -> set[str]:
    return {R(world, case).instrument.key for case in CASES}


def _all_snapshot(world: World, user: str) -> tuple[Any, Any]:
    data = api(world, user, f"/rounds/{world.all_round.pk}/snapshot").json()
    ours = [e for e in data["instruments"] if e["instrument"]["key"] in _case_keys(world)]
    reports = [r for r in data["reports"] if r["instrument"] in _case_keys(world)]
    return (len(ours), len(reports)), (_visible(user), 2 * _visible(user))


def _number_in(pattern: str, text: str) -> int | None:
    found = re.search(pattern, text)
    return int(found.group(1)) if found else None


def _opened_mail_count(world: World, user: str) -> tuple[Any, Any]:
    mail.outbox = []
    send_round_opened(world.all_round)
    text = texts(m for m in mail.outbox if f"{user}@example.org" in m.to)
    own = _jpn_drafts if PEOPLE[user].party == "JPN" else may_see
    return _number_in(r"has (\d+) activities", text), _visible(user, own)


def _reminder_count(world: World, user: str) -> tuple[Any, Any]:
    mail.outbox = []
    send_reminders(dt.date(2024, 6, 20))
    text = texts(
        m for m in mail.outbox if f"{user}@example.org" in m.to and "every instrument" in m.subject
    )
    expected_drafts = _visible(user, _jpn_drafts)
    return _number_in(r"(\d+) of your reports", text), expected_drafts or None


COUNTS: dict[str, tuple[Callable[[World, str], tuple[Any, Any]], tuple[str, ...]]] = {
    "search_total_and_types": (_search_types, tuple(USER_NAMES)),
    "all_round_api_counts": (_all_round_counts, tuple(USER_NAMES)),
    "round_list_api_counts": (_round_list_counts, tuple(USER_NAMES)),
    "party_rollup_api": (_party_rollup, tuple(USER_NAMES)),
    "all_snapshot_api": (_all_snapshot, tuple(USER_NAMES)),
    "round_opened_mail_count": (_opened_mail_count, FOCAL_POINTS),
    "round_reminder_count": (_reminder_count, FOCAL_POINTS),
}

COUNT_MATRIX = [
    pytest.param(name, user, id=f"{user}-{name}")
    for name, (_count, people) in COUNTS.items()
    for user in people
]


@pytest.mark.django_db
@pytest.mark.parametrize(("surface", "user"), COUNT_MATRIX)
def test_every_count_is_the_oracle_count(world: World, surface: str, user: str) -> None:
    shown, oracle = COUNTS[surface][0](world, user)
    assert shown == oracle


# -- ingest drafts: private to their owner, and the Secretariat who confirms them ---------------

#: The word only the Secretariat's ingest draft holds.
DRAFT_WORD = "quillmx"


def _draft_shown(world: World, response: Any) -> Verdict:
    """Shown (200 with its words; the result page of an open draft leads to its review page),
    or refused without naming it (404, a login page, or the 403 of a person who may not ingest
    at all — the same for every draft, so it says nothing)."""
    body = text_of(response)
    review = reverse("ingest:review", args=[world.ingest_draft.pk])
    if response.status_code == 302 and response["Location"] == review:
        return True
    if response.status_code == 200:
        return DRAFT_WORD in body or "200 without the draft's words"
    if DRAFT_WORD in body:
        return f"{response.status_code} names the draft"
    return (
        False
        if to_login(response) or response.status_code in (403, 404)
        else (f"answered {response.status_code}")
    )


INGEST: dict[str, Callable[[World, str], Any]] = {
    "review_page": lambda w, u: page(w, u, reverse("ingest:review", args=[w.ingest_draft.pk])),
    "result_page": lambda w, u: page(w, u, reverse("ingest:result", args=[w.ingest_draft.pk])),
    "api_detail": lambda w, u: api(w, u, f"/ingest/{w.ingest_draft.pk}"),
    "list_page": lambda w, u: page(w, u, reverse("ingest:list")),
    "api_list": lambda w, u: api(w, u, "/ingest"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("surface", INGEST)
@pytest.mark.parametrize("user", USER_NAMES)
def test_an_ingest_draft_is_seen_by_its_owner_the_secretariat_only(
    world: World, user: str, surface: str
) -> None:
    assert _draft_shown(world, INGEST[surface](world, user)) == (user == "secretariat")
