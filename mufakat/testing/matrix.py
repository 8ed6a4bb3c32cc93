"""The people of the permission matrices and the oracle that judges what each may see.

The oracle (:func:`may_see`) is written from DESIGN.md §3 and the people's descriptions — who
belongs to which party, agency and group — never from the gate's code, so a mistake in the gate
shows up as a disagreement between the two. The library's matrix and the matrix of the other
apps (tests/matrix) share these people, so "who is who" is said once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.contrib.auth.models import AnonymousUser
from django.test import Client, override_settings

from mufakat.accounts.models import ApiToken, Role, User
from mufakat.core.audience import Audience
from mufakat.registry.models import Party
from mufakat.testing.factories import AgencyFactory, PartyFactory, UserFactory, member_state
from mufakat.testing.factories import sharing_group as make_sharing_group

# -- the people, described as DESIGN.md §3 sees them -------------------------------------------

#: The sharing group of ASEAN's member states, the Secretariat and Japan (known to everyone).
ASEAN_JAPAN = "asean-japan"
#: A confidential group: Indonesia as a party, and Japan's focal point personally. Its very
#: existence is hidden from non-members; the Secretariat knows of it (it keeps the registry)
#: but is not in it, so may not read what is shared with it.
CONFIDENTIAL = "ct-core"


@dataclass(frozen=True)
class Person:
    """What the oracle may know about a user: nothing about the gate, only who they are."""

    username: str
    party: str | None
    agency: str | None = None
    #: The party is a current ASEAN member state or one of ASEAN's own organs.
    asean_side: bool = False
    groups: frozenset[str] = frozenset()

    @property
    def logged_in(self) -> bool:
        return self.party is not None


PEOPLE: dict[str, Person] = {
    "secretariat": Person("secretariat", "ASEC", asean_side=True, groups=frozenset({ASEAN_JAPAN})),
    "idn_focal": Person(
        "idn.focal",
        "IDN",
        agency="BNPT",
        asean_side=True,
        groups=frozenset({ASEAN_JAPAN, CONFIDENTIAL}),
    ),
    #: Another Indonesian agency: proves that a record owned by BNPT stays within BNPT.
    "idn_police": Person(
        "idn.police",
        "IDN",
        agency="POLRI",
        asean_side=True,
        groups=frozenset({ASEAN_JAPAN, CONFIDENTIAL}),
    ),
    "jpn_focal": Person("jpn.focal", "JPN", groups=frozenset({ASEAN_JAPAN, CONFIDENTIAL})),
    "outsider": Person("outsider", "CAN"),
    "anonymous": Person("", None),
}

USER_NAMES = list(PEOPLE)
LOGGED_IN = [name for name, person in PEOPLE.items() if person.logged_in]


class Restricted(Protocol):
    """What the oracle reads of a record: its audience and whom it names."""

    @property
    def audience(self) -> str: ...

    @property
    def owner_agency(self) -> str | None: ...

    @property
    def groups(self) -> tuple[str, ...]: ...

    @property
    def named(self) -> tuple[str, ...]: ...


#: Every restricted record of the matrices is owned by Indonesia.
OWNER_PARTY = "IDN"


def may_see(user_name: str, record: Restricted) -> bool:
    """DESIGN.md §3, read for one person and one record owned by Indonesia."""
    person = PEOPLE[user_name]
    if record.audience == Audience.PUBLIC:
        return True
    if not person.logged_in:
        return False
    if record.audience == Audience.PLATFORM:
        return True
    if record.audience == Audience.MEMBER_STATES:
        return person.asean_side
    if record.audience == Audience.SHARING_GROUP:
        return bool(person.groups & set(record.groups))
    if record.audience == Audience.ORGANISATION:
        return person.party == OWNER_PARTY and record.owner_agency in (None, person.agency)
    if record.audience == Audience.NAMED:
        return user_name in record.named
    raise AssertionError(f"unknown audience {record.audience}")


# -- building them -----------------------------------------------------------------------------


def make_people(**extra: Any) -> dict[str, Any]:
    """The people of :data:`PEOPLE` as users (the anonymous one as AnonymousUser), with their
    parties, agencies and both sharing groups. ``extra`` adds fields to every user."""
    idn = member_state("IDN", "Indonesia")
    jpn = PartyFactory(code="JPN", name="Japan", kind=Party.Kind.DIALOGUE_PARTNER)
    can = PartyFactory(code="CAN", name="Canada", kind=Party.Kind.DIALOGUE_PARTNER)
    asec = PartyFactory(
        code="ASEC", name="ASEAN Secretariat", kind=Party.Kind.ORGANISATION, is_asean_organ=True
    )
    bnpt = AgencyFactory(party=idn, acronym="BNPT", name="National Counter Terrorism Agency")
    polri = AgencyFactory(party=idn, acronym="POLRI", name="Indonesian National Police")
    make_sharing_group(ASEAN_JAPAN, [idn, jpn, asec], name="ASEAN + Japan")  # type: ignore[list-item]

    def user(key: str, **fields: Any) -> User:
        username = PEOPLE[key].username
        return UserFactory(username=username, email=f"{key}@example.org", **fields, **extra)

    users: dict[str, Any] = {
        "secretariat": user("secretariat", party=asec, role=Role.SECRETARIAT),
        "idn_focal": user("idn_focal", party=idn, agency=bnpt, role=Role.FOCAL_POINT),
        "idn_police": user("idn_police", party=idn, agency=polri, role=Role.FOCAL_POINT),
        "jpn_focal": user("jpn_focal", party=jpn, role=Role.PARTNER_FOCAL_POINT),
        "outsider": user("outsider", party=can, role=Role.READER),
        "anonymous": AnonymousUser(),
    }
    confidential = make_sharing_group(
        CONFIDENTIAL, [idn], name="Counter-terrorism core", confidential=True
    )
    confidential.users.set([users["jpn_focal"]])
    return users


def logged_in_clients(users: dict[str, Any]) -> tuple[dict[str, Client], dict[str, str]]:
    """A logged-in web client and an API token for each person (anonymous: a bare client)."""
    clients: dict[str, Client] = {}
    tokens: dict[str, str] = {}
    for name, user in users.items():
        client = Client()
        if user.is_authenticated:
            client.force_login(user)
            tokens[name] = ApiToken.issue(user)[1]
        clients[name] = client
    return clients, tokens


@contextmanager
def fast_world_settings(media_root: Path) -> Iterator[None]:
    """Cheap hashing, tasks run inline and files kept in a throwaway folder while a world is
    built and observed."""
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        MEDIA_ROOT=str(media_root),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        yield
