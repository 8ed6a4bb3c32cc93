"""Role sets, defined once: which roles may take which kind of action (DESIGN.md §3).

Roles grant *actions*; what a person may *see* is the gate's business (core.visibility), never
the role's. Each app's ``permissions.py`` asks these sets through :func:`has_role` — nobody
compares ``user.role`` anywhere else (a test in core refuses it). :data:`ACTIONS` is the
role × action table of docs/access.md ("Who may do what"); a test keeps the two the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mufakat.accounts.models import Role

#: Keep the registry: parties, bodies, terms, sharing groups, meetings, outcomes, instruments,
#: reporting rounds and snapshots.
REGISTRY_EDITORS = frozenset({Role.SECRETARIAT, Role.PLATFORM_ADMIN})

#: Turn press statements into drafts (ingest); the Secretariat confirms them into the registry.
INGESTERS = REGISTRY_EDITORS | {Role.CHAIR}

#: Report progress for their party, review the reports on activities their party leads.
REPORTERS = frozenset({Role.FOCAL_POINT, Role.PARTNER_FOCAL_POINT})

#: Keep the documents of the meetings of a body their party chairs now (a current chair term).
CHAIRS = frozenset({Role.CHAIR})

#: Roles that only read: they publish nothing.
READ_ONLY = frozenset({Role.READER, Role.AUDITOR})

#: Publish knowledge items, requests and offers (for their party): every role that is not
#: read-only.
PUBLISHERS = frozenset(Role) - READ_ONLY

#: Edit the knowledge items of any party they may see (others: their own party's only).
ITEM_EDITORS_FOR_ALL_PARTIES = frozenset({Role.SECRETARIAT})

#: Read the audit log (what of each event they see passes the gate).
AUDIT_READERS = frozenset({Role.AUDITOR, Role.SECRETARIAT, Role.PLATFORM_ADMIN})

#: Offered security keys (WebAuthn) besides staff.
SECURITY_KEY_HOLDERS = frozenset({Role.SECRETARIAT, Role.PLATFORM_ADMIN})


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def has_role(user: Any, roles: frozenset[str] | set[str]) -> bool:
    """An active, signed-in user whose role is one of ``roles``."""
    return is_signed_in(user) and getattr(user, "role", None) in roles


def role_is(user: Any, role: str) -> bool:
    return has_role(user, frozenset({role}))


@dataclass(frozen=True)
class Action:
    """One row of the role × action table: who may, and the function that decides it."""

    name: str
    roles: frozenset[str]
    decided_by: str
    note: str = ""


#: The role × action table (docs/access.md, "Who may do what"), in the order shown there.
ACTIONS: tuple[Action, ...] = (
    Action(
        "Keep the registry (parties, bodies, terms, sharing groups)",
        REGISTRY_EDITORS,
        "registry.permissions.can_edit_registry",
    ),
    Action(
        "Schedule meetings, record outcomes and forward them",
        REGISTRY_EDITORS,
        "meetings.permissions.can_edit_meetings",
    ),
    Action(
        "Keep a meeting's documents",
        REGISTRY_EDITORS | CHAIRS,
        "meetings.permissions.can_manage_meeting_documents",
        "chairs: of the body their party chairs now",
    ),
    Action(
        "Draft, circulate, adopt and correct the report of a meeting",
        REGISTRY_EDITORS | CHAIRS,
        "papers.permissions.can_manage_record",
        "chairs: of the body their party chairs now",
    ),
    Action(
        "Comment on a circulated report of a meeting",
        PUBLISHERS,
        "papers.permissions.can_comment",
        "a party taking part in or invited to the meeting; the Secretariat and the chair",
    ),
    Action(
        "Download a meeting paper as PDF or DOCX, produced for themselves",
        frozenset(Role),
        "papers.permissions.can_produce",
        "any signed-in person; the paper holds what they may read",
    ),
    Action(
        "Name their party's delegation to a meeting it is invited to",
        REPORTERS,
        "meetings.permissions.can_nominate_delegation",
    ),
    Action(
        "Keep instruments, priority areas, activities and indicators",
        REGISTRY_EDITORS,
        "workplans.permissions.can_edit_workplans",
    ),
    Action(
        "Open, close and freeze reporting rounds; accept or return any report",
        REGISTRY_EDITORS,
        "monitoring.permissions.can_manage_rounds",
    ),
    Action(
        "Report progress for their own party",
        REPORTERS,
        "monitoring.permissions.can_report",
        "while the round is open",
    ),
    Action(
        "Review reports on activities their party leads",
        REPORTERS,
        "monitoring.permissions.can_review",
        "never their own party's report",
    ),
    Action(
        "Import a round's spreadsheet",
        REPORTERS,
        "monitoring.permissions.can_import_spreadsheet",
        "their party's reports",
    ),
    Action(
        "Export a round's spreadsheet",
        REPORTERS | REGISTRY_EDITORS,
        "monitoring.permissions.can_export_spreadsheet",
        "focal points: their party's part; the Secretariat: the whole round",
    ),
    Action(
        "Publish knowledge items, requests and offers",
        PUBLISHERS,
        "library.permissions.can_publish",
        "for their own party",
    ),
    Action(
        "Edit knowledge items of any party they may see",
        ITEM_EDITORS_FOR_ALL_PARTIES,
        "library.permissions.can_edit_item",
        "others edit their own party's items",
    ),
    Action(
        "Turn press statements into drafts",
        INGESTERS,
        "ingest.permissions.can_ingest",
    ),
    Action(
        "Read the audit log",
        AUDIT_READERS,
        "audit.permissions.can_read_audit",
        "each event's content passes the gate",
    ),
    Action(
        "Enrol a security key",
        SECURITY_KEY_HOLDERS,
        "accounts.permissions.can_add_security_key",
        "and staff",
    ),
)


def action_table() -> str:
    """The role × action table as Markdown, as docs/access.md shows it."""
    roles = list(Role)
    header = "| action | " + " | ".join(str(r.label) for r in roles) + " | decided by |"
    rule = "|---|" + "|".join(":-:" for _ in roles) + "|---|"
    rows = []
    for action in ACTIONS:
        marks = " | ".join("✓" if r in action.roles else "" for r in roles)
        name = action.name + (f" ({action.note})" if action.note else "")
        rows.append(f"| {name} | {marks} | `{action.decided_by}` |")
    return "\n".join([header, rule, *rows])
