"""The world of the permission matrix, built once per test module, and the oracle that judges it.

The oracle (:func:`may_see`) is written from DESIGN.md §3 and the people's descriptions — who
belongs to which party, agency and group — never from the gate's code, so a mistake in the gate
shows up as a disagreement between the two.

The world is built inside one transaction that stays open for the whole module and is rolled
back at its end; each test runs in a savepoint inside it (pytest-django's ``db``), so what a
test writes (a digest delivery, a session) is gone before the next one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase, override_settings

from mufakat.accounts.models import ApiToken, Role, User
from mufakat.core.audience import TLP, Audience
from mufakat.library import services
from mufakat.library.demo import tiny_pdf
from mufakat.library.models import Attachment, Follow, KnowledgeItem
from mufakat.meetings.models import Meeting
from mufakat.registry.models import CrimeArea, Party
from mufakat.testing.factories import (
    AgencyFactory,
    BodyFactory,
    CrimeAreaFactory,
    MeetingFactory,
    PartyFactory,
    UserFactory,
    member_state,
    sharing_group,
)

# -- the people, described as DESIGN.md §3 sees them -------------------------------------------


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
    "secretariat": Person(
        "secretariat", "ASEC", asean_side=True, groups=frozenset({"asean-japan"})
    ),
    "idn_focal": Person(
        "idn.focal", "IDN", agency="BNPT", asean_side=True, groups=frozenset({"asean-japan"})
    ),
    #: Another Indonesian agency: proves that an item owned by BNPT stays within BNPT.
    "idn_police": Person(
        "idn.police", "IDN", agency="POLRI", asean_side=True, groups=frozenset({"asean-japan"})
    ),
    "jpn_focal": Person("jpn.focal", "JPN", groups=frozenset({"asean-japan"})),
    "outsider": Person("outsider", "CAN"),
    "anonymous": Person("", None),
}

USER_NAMES = list(PEOPLE)
LOGGED_IN = [name for name, person in PEOPLE.items() if person.logged_in]


# -- the cases: one item per audience, with a TLP label that allows it --------------------------


@dataclass(frozen=True)
class Case:
    """One item of the matrix: its restriction, and the words that find only it."""

    id: str
    audience: str
    tlp: str
    kind: str
    crime_area: str
    owner_agency: str | None = None
    groups: tuple[str, ...] = ()
    #: The named people; the author always stays among them (a rule of the services).
    named: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return f"Matrix item {self.id.replace('_', ' ')} zircon"

    @property
    def words(self) -> tuple[str, str]:
        """Two words found only in this item's body."""
        tag = "".join(ch for ch in self.id if ch.isalpha())
        return (f"kestrel{tag}", f"lagoon{tag}")


CASES: list[Case] = [
    Case("public_clear", Audience.PUBLIC, TLP.CLEAR, "good_practice", "terrorism"),
    Case("platform_green", Audience.PLATFORM, TLP.GREEN, "lesson_learned", "cybercrime"),
    Case("platform_clear", Audience.PLATFORM, TLP.CLEAR, "statistics", "sea_piracy"),
    Case(
        "member_states_green",
        Audience.MEMBER_STATES,
        TLP.GREEN,
        "information_note",
        "illicit_drug_trafficking",
    ),
    Case(
        "sharing_group_amber",
        Audience.SHARING_GROUP,
        TLP.AMBER,
        "training_material",
        "trafficking_in_persons",
        groups=("asean-japan",),
    ),
    Case(
        "organisation_bnpt_amber_strict",
        Audience.ORGANISATION,
        TLP.AMBER_STRICT,
        "case_study",
        "money_laundering",
        owner_agency="BNPT",
    ),
    Case(
        "organisation_amber",
        Audience.ORGANISATION,
        TLP.AMBER,
        "legislation",
        "arms_smuggling",
    ),
    Case(
        "named_red",
        Audience.NAMED,
        TLP.RED,
        "good_practice",
        "people_smuggling",
        named=("idn_focal", "jpn_focal"),
    ),
]

#: Every TLP label appears at least once across the matrix.
assert {c.tlp for c in CASES} == set(TLP.values)

#: A word in every matrix item's body (and in nothing else).
COMMON_WORD = "matrixcorpus"
#: A word in every matrix item's attached PDF, and nowhere else.
FILE_WORD = "annexcorpus"

#: The owner of every matrix item.
AUTHOR = "idn_focal"


def may_see(user_name: str, case: Case) -> bool:
    """DESIGN.md §3, read for one person and one item owned by Indonesia (BNPT's author)."""
    person = PEOPLE[user_name]
    if case.audience == Audience.PUBLIC:
        return True
    if not person.logged_in:
        return False
    if case.audience == Audience.PLATFORM:
        return True
    if case.audience == Audience.MEMBER_STATES:
        return person.asean_side
    if case.audience == Audience.SHARING_GROUP:
        return bool(person.groups & set(case.groups))
    if case.audience == Audience.ORGANISATION:
        return person.party == "IDN" and case.owner_agency in (None, person.agency)
    if case.audience == Audience.NAMED:
        return user_name in case.named
    raise AssertionError(f"unknown audience {case.audience}")


# -- the world ---------------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, Any]
    clients: dict[str, Client]
    tokens: dict[str, str]
    items: dict[str, KnowledgeItem]
    attachments: dict[str, Attachment]
    linked_meeting: Meeting
    area_meeting: Meeting
    extra: dict[str, Any] = field(default_factory=dict)

    def api(self, user_name: str) -> dict[str, str]:
        """Headers for an API call as this person (none for anonymous)."""
        key = self.tokens.get(user_name)
        return {"Authorization": f"Bearer {key}"} if key else {}


def _people() -> dict[str, Any]:
    """The same people as mufakat/conftest.py, plus a second Indonesian agency."""
    idn = member_state("IDN", "Indonesia")
    jpn = PartyFactory(code="JPN", name="Japan", kind=Party.Kind.DIALOGUE_PARTNER)
    can = PartyFactory(code="CAN", name="Canada", kind=Party.Kind.DIALOGUE_PARTNER)
    asec = PartyFactory(
        code="ASEC", name="ASEAN Secretariat", kind=Party.Kind.ORGANISATION, is_asean_organ=True
    )
    bnpt = AgencyFactory(party=idn, acronym="BNPT", name="National Counter Terrorism Agency")
    polri = AgencyFactory(party=idn, acronym="POLRI", name="Indonesian National Police")
    sharing_group("asean-japan", [idn, jpn, asec], name="ASEAN + Japan")  # type: ignore[list-item]

    def user(key: str, **fields: Any) -> User:
        username = PEOPLE[key].username
        return UserFactory(username=username, email=f"{key}@example.org", **fields)

    return {
        "secretariat": user("secretariat", party=asec, role=Role.SECRETARIAT),
        "idn_focal": user("idn_focal", party=idn, agency=bnpt, role=Role.FOCAL_POINT),
        "idn_police": user("idn_police", party=idn, agency=polri, role=Role.FOCAL_POINT),
        "jpn_focal": user("jpn_focal", party=jpn, role=Role.PARTNER_FOCAL_POINT),
        "outsider": user("outsider", party=can, role=Role.READER),
        "anonymous": AnonymousUser(),
    }


def _publish(case: Case, users: dict[str, Any], meeting: Meeting) -> KnowledgeItem:
    author = users[AUTHOR]
    data: dict[str, Any] = {
        "kind": case.kind,
        "title": case.title,
        "summary": f"Summary of the {case.id} case.",
        "body": f"{case.words[0]} {case.words[1]} and {COMMON_WORD} in the body.",
        "crime_areas": [case.crime_area],
        "parties": ["IDN"],
        "meeting": meeting,
        "audience": case.audience,
        "tlp": case.tlp,
        "sharing_groups": list(case.groups),
        "named_users": [users[name] for name in case.named],
    }
    if case.owner_agency:
        data["owner_agency"] = users[AUTHOR].agency
    item = services.create_item(actor=author, data=data)
    services.add_attachment(
        actor=author,
        item=item,
        uploaded_file=SimpleUploadedFile(
            f"{case.id}.pdf", tiny_pdf([f"Annex {FILE_WORD} of {case.id}"])
        ),
    )
    item.refresh_from_db()
    return services.update_item(
        item,
        actor=author,
        changes={"summary": f"Summary of the {case.id} case, revised."},
        expected_version=item.lock_version,
    )


def build_world(media_root: Path) -> Iterator[World]:
    """Yield the world inside a transaction that is rolled back afterwards."""
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        MEDIA_ROOT=str(media_root),
    )
    with fast, transaction.atomic():
        users = _people()
        for case in CASES:
            CrimeAreaFactory(code=case.crime_area)
        linked_meeting = MeetingFactory(title="Matrix meeting the items come from")
        area_body = BodyFactory(code="MATRIX-WG")
        area_body.crime_areas.set(CrimeArea.objects.filter(code__in={c.crime_area for c in CASES}))
        area_meeting = MeetingFactory(body=area_body, title="Matrix meeting on the same areas")
        items: dict[str, KnowledgeItem] = {}
        # Indexing and text extraction run after commit: run them here, as a worker would.
        with TestCase.captureOnCommitCallbacks(execute=True):
            for case in CASES:
                items[case.id] = _publish(case, users, linked_meeting)
        attachments = {case.id: items[case.id].attachments.get() for case in CASES}
        assert all(a.text_status == Attachment.TextStatus.DONE for a in attachments.values()), (
            "the attachments' text must be extracted for search"
        )
        for name in LOGGED_IN:
            for case in CASES:
                Follow.objects.create(
                    user=users[name], crime_area=CrimeArea.objects.get(code=case.crime_area)
                )
        clients: dict[str, Client] = {}
        tokens: dict[str, str] = {}
        for name, user in users.items():
            client = Client()
            if user.is_authenticated:
                client.force_login(user)
                tokens[name] = ApiToken.issue(user)[1]
            clients[name] = client
        world = World(
            users=users,
            clients=clients,
            tokens=tokens,
            items=items,
            attachments=attachments,
            linked_meeting=linked_meeting,
            area_meeting=area_meeting,
        )
        yield world
        transaction.set_rollback(True)
