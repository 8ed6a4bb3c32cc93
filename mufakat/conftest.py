"""Named fixture users, so permission tests read like sentences.

- ``secretariat``: ASEAN Secretariat desk officer (keeps the registry)
- ``idn_focal``: focal point of Indonesia at BNPT
- ``jpn_focal``: partner focal point of Japan (in the "ASEAN + Japan" sharing group)
- ``outsider``: a reader from Canada, a partner outside the ASEAN + Japan group
- ``anonymous``: nobody logged in
"""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from mufakat.accounts.models import ApiToken, Role, User
from mufakat.core.models import SharingGroup
from mufakat.registry.models import Agency, Party
from mufakat.testing.factories import (
    AgencyFactory,
    PartyFactory,
    UserFactory,
    member_state,
    sharing_group,
)


@pytest.fixture
def idn(db: Any) -> Party:
    return member_state("IDN", "Indonesia")


@pytest.fixture
def jpn(db: Any) -> Party:
    return PartyFactory(code="JPN", name="Japan", kind=Party.Kind.DIALOGUE_PARTNER)


@pytest.fixture
def can(db: Any) -> Party:
    return PartyFactory(code="CAN", name="Canada", kind=Party.Kind.DIALOGUE_PARTNER)


@pytest.fixture
def asec(db: Any) -> Party:
    return PartyFactory(
        code="ASEC", name="ASEAN Secretariat", kind=Party.Kind.ORGANISATION, is_asean_organ=True
    )


@pytest.fixture
def bnpt(idn: Party) -> Agency:
    return AgencyFactory(party=idn, acronym="BNPT", name="National Counter Terrorism Agency")


@pytest.fixture
def asean_japan(idn: Party, jpn: Party, asec: Party) -> SharingGroup:
    return sharing_group("asean-jpn", [idn, jpn, asec], name="ASEAN + Japan")


@pytest.fixture
def secretariat(asec: Party) -> User:
    return UserFactory(username="secretariat", party=asec, role=Role.SECRETARIAT)


@pytest.fixture
def idn_focal(idn: Party, bnpt: Agency) -> User:
    return UserFactory(username="idn.focal", party=idn, agency=bnpt, role=Role.FOCAL_POINT)


@pytest.fixture
def jpn_focal(jpn: Party, asean_japan: SharingGroup) -> User:
    return UserFactory(username="jpn.focal", party=jpn, role=Role.PARTNER_FOCAL_POINT)


@pytest.fixture
def outsider(can: Party) -> User:
    return UserFactory(username="outsider", party=can, role=Role.READER)


@pytest.fixture
def anonymous() -> AnonymousUser:
    return AnonymousUser()


@pytest.fixture
def all_users(
    secretariat: User, idn_focal: User, jpn_focal: User, outsider: User, anonymous: AnonymousUser
) -> dict[str, Any]:
    return {
        "secretariat": secretariat,
        "idn_focal": idn_focal,
        "jpn_focal": jpn_focal,
        "outsider": outsider,
        "anonymous": anonymous,
    }


def client_for(user: User | AnonymousUser) -> Client:
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    return client


def bearer(user: User) -> dict[str, str]:
    """Headers for an API call as ``user`` with a fresh token."""
    _token, key = ApiToken.issue(user)
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def as_user() -> Any:
    return client_for


@pytest.fixture
def api_headers() -> Any:
    return bearer


@pytest.fixture(autouse=True)
def _fast_and_immediate(settings: Any) -> None:
    """Cheap password hashing and tasks run inline, in every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
