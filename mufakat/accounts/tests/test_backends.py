"""The signed-in person is read with their party in one query, and sessions made before (naming
Django's or allauth's backend) stay signed in."""

from typing import Any

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user
from django.test import Client, RequestFactory

from mufakat.accounts.backends import RENAMED, ModelBackend, SessionBackendMiddleware
from mufakat.accounts.models import User
from mufakat.accounts.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _session_with(client: Client, user: User, backend: str) -> None:
    """A session as signing in leaves it, naming ``backend``."""
    session = client.session
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client.cookies["sessionid"] = str(session.session_key)


def test_signing_in_with_the_form_names_one_of_the_backends_that_read_the_party(
    idn_focal: User,
) -> None:
    client = Client()
    client.post("/accounts/login/", {"login": idn_focal.username, "password": PASSWORD})
    assert client.session[BACKEND_SESSION_KEY] in RENAMED.values()


def test_the_header_names_the_party_without_a_query_of_its_own(
    idn_focal: User, django_assert_num_queries: Any
) -> None:
    client = Client()
    client.post("/accounts/login/", {"login": idn_focal.username, "password": PASSWORD})
    request = RequestFactory().get("/")
    request.session = client.session
    assert request.session[BACKEND_SESSION_KEY] in RENAMED.values()  # the session is read
    with django_assert_num_queries(1):
        user = get_user(request)
        assert user.party.code == idn_focal.party.code


@pytest.mark.parametrize("old_path", sorted(RENAMED))
def test_a_session_naming_the_library_backend_stays_signed_in(
    old_path: str, idn_focal: User
) -> None:
    client = Client()
    _session_with(client, idn_focal, old_path)
    page = client.get("/accounts/profile/")
    assert page.status_code == 200
    assert page.context["user"] == idn_focal
    assert client.session[BACKEND_SESSION_KEY] == RENAMED[old_path]


def test_a_session_whose_password_changed_since_is_still_signed_out(idn_focal: User) -> None:
    client = Client()
    _session_with(client, idn_focal, "django.contrib.auth.backends.ModelBackend")
    idn_focal.set_password("another long passphrase here")
    idn_focal.save()
    assert client.get("/accounts/profile/").status_code == 302


def test_a_deactivated_person_is_signed_out(idn_focal: User) -> None:
    client = Client()
    client.force_login(idn_focal)
    User.objects.filter(pk=idn_focal.pk).update(is_active=False)
    assert client.get("/accounts/profile/").status_code == 302


def test_the_middleware_leaves_other_paths_and_empty_sessions_alone(idn_focal: User) -> None:
    client = Client()
    _session_with(client, idn_focal, "some.other.Backend")
    request = RequestFactory().get("/")
    request.session = client.session
    SessionBackendMiddleware(lambda r: None)(request)
    assert request.session[BACKEND_SESSION_KEY] == "some.other.Backend"
    assert not request.session.modified


# -- the read compiled once per process -----------------------------------------------------------


def _fields(record: Any) -> list[Any]:
    return [getattr(record, field.attname) for field in record._meta.concrete_fields]


def test_the_session_reads_the_same_person_and_party_the_orm_reads(idn_focal: User) -> None:
    read = ModelBackend().get_user(str(idn_focal.pk))
    fresh = User.objects.select_related("party").get(pk=idn_focal.pk)
    assert read is not None
    assert _fields(read) == _fields(fresh)
    assert _fields(read.party) == _fields(fresh.party)
    assert read._state.db == fresh._state.db and not read._state.adding


def test_a_person_without_a_party_is_read_without_one(
    idn_focal: User, django_assert_num_queries: Any
) -> None:
    User.objects.filter(pk=idn_focal.pk).update(party=None, agency=None)
    with django_assert_num_queries(1):
        read = ModelBackend().get_user(idn_focal.pk)
        assert read is not None and read.party is None


def test_an_unknown_or_garbled_id_reads_nobody(idn_focal: User) -> None:
    assert ModelBackend().get_user(idn_focal.pk + 1000) is None
    assert ModelBackend().get_user("not a number") is None


def test_a_change_to_the_person_shows_at_the_next_request(idn_focal: User, jpn: Any) -> None:
    client = Client()
    client.force_login(idn_focal)
    assert client.get("/accounts/profile/").context["user"].party.code == idn_focal.party.code
    User.objects.filter(pk=idn_focal.pk).update(party=jpn, first_name="Renamed")
    user = client.get("/accounts/profile/").context["user"]
    assert (user.party.code, user.first_name) == ("JPN", "Renamed")
