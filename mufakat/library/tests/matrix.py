"""The world of the permission matrix, built once per test module, and the oracle that judges it.

The people and the oracle (:func:`may_see`, written from DESIGN.md §3, never from the gate's
code) live in :mod:`mufakat.testing.matrix`, shared with the matrix of the other apps.

The world is built inside one transaction that stays open for the whole module and is rolled
back at its end; each test runs in a savepoint inside it (pytest-django's ``db``), so what a
test writes (a digest delivery, a session) is gone before the next one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase

from mufakat.core.audience import TLP, Audience
from mufakat.library import services
from mufakat.library.demo import tiny_pdf
from mufakat.library.models import Attachment, Follow, KnowledgeItem
from mufakat.meetings.models import Meeting
from mufakat.registry.models import CrimeArea
from mufakat.testing.factories import BodyFactory, CrimeAreaFactory, MeetingFactory
from mufakat.testing.matrix import (
    LOGGED_IN,
    USER_NAMES,
    fast_world_settings,
    logged_in_clients,
    make_people,
    may_see,
)

__all__ = ["LOGGED_IN", "USER_NAMES", "may_see"]

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
    with fast_world_settings(media_root), transaction.atomic():
        users = make_people()
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
        clients, tokens = logged_in_clients(users)
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
