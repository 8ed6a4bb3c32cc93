"""The audit log is read through the gate: an event about a record one may not read shows that
it happened and which fields changed — never the record's title or values."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from mufakat.accounts.models import Role, User
from mufakat.audit.models import AuditEvent
from mufakat.audit.selectors import events_for, redacted_event
from mufakat.core.audience import TLP, Audience
from mufakat.library import services
from mufakat.library.models import KnowledgeItem
from mufakat.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLE = "Kestrel informant network"
BODY = "Safe house at Jalan Merdeka 17"


def admin_client(user: User) -> Client:
    """``user`` as admin staff allowed to open the audit log."""
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _admin_without_second_factor(settings: Any) -> None:
    """The admin's second factor is proven in accounts' tests; here it is the log's content."""
    settings.MUFAKAT_MFA_REQUIRED_ROLES = []
    settings.MUFAKAT_MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def strict_item(idn_focal: User) -> KnowledgeItem:
    """Indonesia's organisation-only, AMBER+STRICT note."""
    return services.create_item(
        actor=idn_focal,
        data={
            "kind": KnowledgeItem.Kind.INFORMATION_NOTE,
            "title": TITLE,
            "body": BODY,
            "audience": Audience.ORGANISATION,
            "tlp": TLP.AMBER_STRICT,
        },
    )


@pytest.fixture
def creation(strict_item: KnowledgeItem) -> AuditEvent:
    return AuditEvent.objects.get(action="knowledgeitem.create", object_id=str(strict_item.pk))


def test_staff_secretariat_outside_the_owner_sees_neither_title_nor_body_in_the_admin_list(
    secretariat: User, creation: AuditEvent
) -> None:
    response = admin_client(secretariat).get(reverse("admin:audit_auditevent_changelist"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "knowledgeitem.create" in page and "library.knowledgeitem" in page
    assert TITLE not in page and BODY not in page


def test_staff_secretariat_outside_the_owner_sees_only_field_names_in_the_admin_event(
    secretariat: User, creation: AuditEvent
) -> None:
    url = reverse("admin:audit_auditevent_change", args=[creation.pk])
    response = admin_client(secretariat).get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert "title" in page and "body" in page  # the names of the fields changed
    assert TITLE not in page and BODY not in page
    assert creation.ip_address not in page or not creation.ip_address


def test_searching_the_admin_for_a_secret_title_finds_nothing(
    secretariat: User, creation: AuditEvent
) -> None:
    url = reverse("admin:audit_auditevent_changelist")
    change = reverse("admin:audit_auditevent_change", args=[creation.pk])
    client = admin_client(secretariat)

    assert change not in client.get(url, {"q": "Kestrel"}).content.decode()
    assert change in client.get(url, {"q": "knowledgeitem"}).content.decode()


def test_staff_of_the_owning_organisation_read_the_event_in_full(
    idn_focal: User, creation: AuditEvent
) -> None:
    client = admin_client(idn_focal)
    url = reverse("admin:audit_auditevent_change", args=[creation.pk])

    page = client.get(url).content.decode()

    assert TITLE in page and BODY in page
    changelist = reverse("admin:audit_auditevent_changelist")
    assert url in client.get(changelist, {"q": "Kestrel"}).content.decode()


def test_an_edit_shows_which_fields_changed_but_not_their_values(
    idn_focal: User, secretariat: User, strict_item: KnowledgeItem
) -> None:
    services.update_item(
        strict_item,
        actor=idn_focal,
        changes={"body": "Moved to Jalan Sudirman 3"},
        expected_version=strict_item.lock_version,
    )
    event = AuditEvent.objects.get(action="knowledgeitem.update")

    shown = redacted_event(event, user=secretariat)

    assert "body" in shown.changed_fields and "title" not in shown.changed_fields
    assert (shown.before, shown.after, shown.readable) == (None, None, False)
    assert TITLE not in shown.object_repr
    indonesian_auditor = UserFactory(
        party=idn_focal.party, agency=idn_focal.agency, role=Role.AUDITOR
    )
    assert (
        redacted_event(event, user=indonesian_auditor).after["body"] == "Moved to Jalan Sudirman 3"
    )


def test_a_deleted_records_content_is_read_by_the_auditor_only(
    idn_focal: User, secretariat: User, strict_item: KnowledgeItem
) -> None:
    services.delete_item(actor=idn_focal, item=strict_item)
    deletion = AuditEvent.objects.get(action="knowledgeitem.delete")
    auditor = UserFactory(username="auditor", party=secretariat.party, role=Role.AUDITOR)

    assert redacted_event(deletion, user=auditor).before["title"] == TITLE
    shown_to_secretariat = redacted_event(deletion, user=secretariat)
    assert (shown_to_secretariat.before, shown_to_secretariat.object_repr) == (None, "—")


def test_people_without_an_audit_role_read_no_events(outsider: User, creation: AuditEvent) -> None:
    assert not events_for(user=outsider).exists()
    with pytest.raises(PermissionDenied):
        redacted_event(creation, user=outsider)


def test_events_about_unrestricted_things_are_shown_in_full(secretariat: User) -> None:
    from mufakat.audit.services import record

    record(actor=None, action="demo.load", object_type="demo", object_repr="Demo", after={"n": 1})

    shown = [redacted_event(e, user=secretariat) for e in events_for(user=secretariat)]

    assert [(s.object_repr, s.after) for s in shown] == [("Demo", {"n": 1})]


# --- The audit page in the application ---------------------------------------------------------


def test_the_audit_page_shows_the_secretariat_that_a_secret_item_changed_but_not_what(
    secretariat: User, creation: AuditEvent, as_user: Any
) -> None:
    client = as_user(secretariat)

    listing = client.get(reverse("audit:events")).content.decode()
    detail = client.get(reverse("audit:event", args=[creation.pk])).content.decode()
    searched = client.get(reverse("audit:events"), {"q": "Kestrel"}).content.decode()

    assert "knowledgeitem.create" in listing and TITLE not in listing
    assert "title" in detail and TITLE not in detail and BODY not in detail
    assert reverse("audit:event", args=[creation.pk]) not in searched


def test_the_audit_page_shows_an_auditor_of_the_owner_everything(
    idn_focal: User, creation: AuditEvent, as_user: Any
) -> None:
    auditor = UserFactory(party=idn_focal.party, agency=idn_focal.agency, role=Role.AUDITOR)

    detail = as_user(auditor).get(reverse("audit:event", args=[creation.pk])).content.decode()

    assert TITLE in detail and BODY in detail


def test_the_audit_page_is_refused_to_focal_points_and_asks_strangers_to_sign_in(
    idn_focal: User, creation: AuditEvent, as_user: Any, anonymous: Any
) -> None:
    assert as_user(idn_focal).get(reverse("audit:events")).status_code == 403
    assert as_user(anonymous).get(reverse("audit:events")).status_code == 302


def test_the_audit_page_costs_the_same_queries_for_many_events(
    secretariat: User,
    idn_focal: User,
    as_user: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(30):
        services.create_item(
            actor=idn_focal,
            data={"kind": KnowledgeItem.Kind.INFORMATION_NOTE, "title": f"Note {n}"},
        )
    client = as_user(secretariat)
    client.get(reverse("audit:events"))  # warm the session and caches

    with django_assert_max_num_queries(8):
        response = client.get(reverse("audit:events"))
    assert response.status_code == 200


def test_a_confidential_sharing_groups_changes_are_hidden_from_auditors_outside_it(
    secretariat: User, outsider: User
) -> None:
    from mufakat.registry.groups_services import create_sharing_group

    group = create_sharing_group(
        actor=secretariat, code="FIVE-EYES", name="Quiet circle", confidential=True
    )
    event = AuditEvent.objects.get(action="sharing_group.create")
    auditor = UserFactory(party=outsider.party, role=Role.AUDITOR)

    shown = redacted_event(event, user=auditor)

    assert (shown.object_repr, shown.after) == ("—", None)
    assert "name" in shown.changed_fields
    assert redacted_event(event, user=secretariat).object_repr == group.name


def test_the_audit_log_is_in_the_menu_of_its_readers_only(
    secretariat: User, idn_focal: User
) -> None:
    secretariat_home = Client()
    secretariat_home.force_login(secretariat)
    focal_home = Client()
    focal_home.force_login(idn_focal)
    audit_url = reverse("audit:events")
    assert f'href="{audit_url}"' in secretariat_home.get("/").content.decode()
    assert f'href="{audit_url}"' not in focal_home.get("/").content.decode()
