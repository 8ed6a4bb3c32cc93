"""The audit log costs the same few queries however long it grows and whatever it is about, and
its quick way of marking a page (looking up only the records the events name) says exactly
what the rule in SQL says."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mufakat.accounts.models import Role, User
from mufakat.audit.models import AuditEvent
from mufakat.audit.selectors import (
    _with_object_pk,
    events_for,
    mark_readable,
    readable_q,
    search_events,
)
from mufakat.audit.services import record
from mufakat.core.audience import TLP, Audience
from mufakat.registry.models import Party
from mufakat.testing.factories import (
    ActivityFactory,
    InstrumentFactory,
    MeetingFactory,
    OutcomeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "Quiet meeting on Kestrel"


def secret_meeting(idn: Party, n: int = 0) -> Any:
    return MeetingFactory(
        title=f"{SECRET} {n}",
        audience=Audience.ORGANISATION,
        owner_party=idn,
        tlp=TLP.AMBER_STRICT,
    )


def log_changes_of_many_kinds(idn: Party, rounds: int) -> None:
    """Events about public and secret meetings, outcomes, instruments and activities, about a
    record since deleted, about nothing guarded, and with keys that name no record."""
    for n in range(rounds):
        for obj in (
            MeetingFactory(),
            secret_meeting(idn, n),
            OutcomeFactory(),
            InstrumentFactory(),
            ActivityFactory(),
        ):
            record(actor=None, action=f"{obj._meta.model_name}.update", obj=obj, after={"n": n})
        record(actor=None, action="demo.load", object_type="demo", object_repr=f"Demo {n}")
        for odd_key in ("", "017", "abc", "99999999"):
            record(
                actor=None,
                action="meeting.delete",
                object_type="meetings.meeting",
                object_id=odd_key,
                object_repr=f"{SECRET} gone",
                before={"title": SECRET},
            )


def queries_for(client: Client, url: str, params: dict[str, str] | None = None) -> int:
    client.get(url, params)  # warm the session and the compiled gates
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def idn_auditor(idn_focal: User) -> User:
    return UserFactory(party=idn_focal.party, agency=idn_focal.agency, role=Role.AUDITOR)


@pytest.fixture
def asec_auditor(secretariat: User) -> User:
    return UserFactory(party=secretariat.party, role=Role.AUDITOR)


def test_the_audit_page_costs_the_same_queries_for_ten_times_the_events_and_more_kinds(
    secretariat: User, idn_focal: User, as_user: Any
) -> None:
    idn = idn_focal.party
    client = as_user(secretariat)
    record(actor=None, action="demo.load", object_type="demo", object_repr="Demo")
    log_changes_of_many_kinds(idn, rounds=1)
    few = queries_for(client, reverse("audit:events"))

    log_changes_of_many_kinds(idn, rounds=10)

    assert queries_for(client, reverse("audit:events")) == few
    middle = str(AuditEvent.objects.order_by("id")[40].pk)
    assert queries_for(client, reverse("audit:events"), {"before": middle}) == few


def test_searching_the_audit_log_costs_the_same_queries_for_ten_times_the_events(
    secretariat: User, idn_focal: User, as_user: Any
) -> None:
    client = as_user(secretariat)
    log_changes_of_many_kinds(idn_focal.party, rounds=1)
    few = queries_for(client, reverse("audit:events"), {"q": "Kestrel meeting"})

    log_changes_of_many_kinds(idn_focal.party, rounds=10)

    assert queries_for(client, reverse("audit:events"), {"q": "Kestrel meeting"}) == few


def test_an_event_page_costs_the_same_few_queries_whatever_it_is_about(
    secretariat: User, idn_focal: User, as_user: Any
) -> None:
    log_changes_of_many_kinds(idn_focal.party, rounds=1)
    client = as_user(secretariat)
    kinds = ("meetings.meeting", "workplans.activity", "demo")
    counts = {
        kind: queries_for(
            client,
            reverse(
                "audit:event", args=[AuditEvent.objects.filter(object_type=kind).earliest("id").pk]
            ),
        )
        for kind in kinds
    }

    # signing in, the event; for a guarded record the reader's groups and one look-up of it
    assert counts["meetings.meeting"] == counts["workplans.activity"] == counts["demo"] + 2 <= 6


def test_the_admin_list_of_events_costs_the_same_queries_for_ten_times_the_events(
    secretariat: User, idn_focal: User, settings: Any
) -> None:
    settings.MUFAKAT_MFA_REQUIRED_ROLES = []
    settings.MUFAKAT_MFA_REQUIRED_FOR_STAFF = False
    secretariat.is_staff = True
    secretariat.save()
    secretariat.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    client = Client()
    client.force_login(secretariat)
    url = reverse("admin:audit_auditevent_changelist")
    log_changes_of_many_kinds(idn_focal.party, rounds=1)
    few = queries_for(client, url)

    log_changes_of_many_kinds(idn_focal.party, rounds=10)

    assert queries_for(client, url) == few
    page = client.get(url).content.decode()
    assert SECRET not in page and "meetings.meeting" in page


def test_the_secretariat_sees_that_secret_meetings_changed_but_not_their_titles(
    secretariat: User, idn_focal: User, as_user: Any
) -> None:
    log_changes_of_many_kinds(idn_focal.party, rounds=2)

    listing = as_user(secretariat).get(reverse("audit:events")).content.decode()

    assert "meeting.update" in listing and SECRET not in listing
    assert "Work plan" in listing and "Demo 1" in listing


@pytest.mark.parametrize("reader", ["secretariat", "idn_focal_auditor", "asec_auditor"])
def test_marking_a_page_agrees_with_the_rule_in_sql_for_every_event(
    reader: str,
    secretariat: User,
    idn_auditor: User,
    asec_auditor: User,
    idn_focal: User,
) -> None:
    user = {
        "secretariat": secretariat,
        "idn_focal_auditor": idn_auditor,
        "asec_auditor": asec_auditor,
    }[reader]
    log_changes_of_many_kinds(idn_focal.party, rounds=2)
    deleted = secret_meeting(idn_focal.party, 99)
    record(actor=None, action="meeting.create", obj=deleted)
    deleted.delete()

    marked = {e.pk: e.content_readable for e in mark_readable(events_for(user=user), user=user)}
    in_sql = dict(
        _with_object_pk(events_for(user=user))
        .filter(readable_q(user))
        .values_list("pk", "object_type")
    )

    assert {pk for pk, readable in marked.items() if readable} == set(in_sql)
    assert any(not readable for readable in marked.values()) or reader == "idn_focal_auditor"


def test_only_the_auditor_reads_events_about_a_deleted_record_or_a_key_that_names_none(
    secretariat: User, asec_auditor: User, idn_focal: User
) -> None:
    log_changes_of_many_kinds(idn_focal.party, rounds=1)
    odd = list(AuditEvent.objects.filter(action="meeting.delete"))

    assert [e.content_readable for e in mark_readable(odd, user=secretariat)] == [False] * 4
    assert [e.content_readable for e in mark_readable(odd, user=asec_auditor)] == [True] * 4


def test_a_title_search_finds_what_the_reader_may_read_and_only_that(
    secretariat: User, idn_auditor: User, idn_focal: User
) -> None:
    log_changes_of_many_kinds(idn_focal.party, rounds=1)

    def found(user: User, term: str) -> set[str]:
        events = search_events(events_for(user=user), term, user=user)
        return set(events.values_list("object_repr", flat=True))

    assert found(secretariat, "Kestrel") == set()
    assert found(idn_auditor, "Kestrel") == {f"{SECRET} 0", f"{SECRET} gone"}
    assert found(secretariat, "Work plan") == set(
        AuditEvent.objects.filter(object_type="workplans.instrument").values_list(
            "object_repr", flat=True
        )
    )


def test_the_secretariat_pages_through_older_events_seeing_each_once(
    secretariat: User, idn_focal: User, as_user: Any
) -> None:
    log_changes_of_many_kinds(idn_focal.party, rounds=12)  # 120 events: three pages
    client = as_user(secretariat)
    seen: list[int] = []
    params: dict[str, str] = {}
    pages = 0
    while True:
        response = client.get(reverse("audit:events"), params)
        seen += [event.id for event in response.context["events"]]
        pages += 1
        if response.context["older"] is None:
            break
        assert "Older events" in response.content.decode()
        params = {"before": str(response.context["older"])}

    newest_first = AuditEvent.objects.order_by("-id").values_list("pk", flat=True)
    assert seen == list(newest_first) and pages == 3
    assert "Newest events" in response.content.decode()


def test_a_page_before_a_key_that_is_no_number_starts_from_the_newest(
    secretariat: User, as_user: Any
) -> None:
    record(actor=None, action="demo.load", object_type="demo", object_repr="Demo")

    response = as_user(secretariat).get(reverse("audit:events"), {"before": "1; drop"})

    assert response.status_code == 200 and len(response.context["events"]) == 1
