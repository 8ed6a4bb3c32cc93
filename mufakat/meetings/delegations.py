"""Invitations to planned meetings and the delegations the invited parties name.

The Secretariat invites the parties it expects; each invited party's focal point names its
delegation (head first, then members), which replaces any earlier nomination and becomes the
meeting's participants list. Delegates' names are personal data: they are shown only to
signed-in people who may see the meeting (:func:`may_see_delegates`), never to anonymous
visitors, even of a public meeting — those see the list of parties only (docs/access.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.accounts.roles import is_signed_in
from mufakat.core.errors import ConflictError
from mufakat.core.services import create_audited, delete_audited, update_audited
from mufakat.core.visibility import precompiled
from mufakat.meetings.models import Delegate, Invitation, Meeting, Participant
from mufakat.meetings.permissions import can_nominate_delegation, require_meeting_editor
from mufakat.registry.models import Agency, Party, PartyMembership
from mufakat.search.indexing import index_object

#: At most this many people in one delegation (the form offers fewer rows).
MAX_DELEGATES = 40


@dataclass(frozen=True)
class DelegateInput:
    """One row of a nomination: ``agency`` is an acronym of one of the party's agencies."""

    name: str
    position: str = ""
    agency: str | Agency | None = None
    is_head: bool = False


@dataclass
class Delegation:
    """One invited (or participating) party at a meeting, as a reader may see it."""

    party: Party
    invitation: Invitation | None
    delegates: list[Delegate] = field(default_factory=list)

    @property
    def nominated(self) -> bool:
        return self.invitation is not None and self.invitation.nominated_at is not None

    @property
    def head(self) -> Delegate | None:
        return next((d for d in self.delegates if d.is_head), None)


# -- reads (through the gate) ------------------------------------------------------------------


def may_see_delegates(user: Any) -> bool:
    """Names of delegates (and heads of delegation) are for signed-in people only."""
    return is_signed_in(user)


def invitations(meeting: Meeting, *, user: Any) -> QuerySet[Invitation]:
    """The invitations to ``meeting`` that ``user`` may see (none if the meeting is hidden)."""
    return _invitations_to(user, meeting.pk)


def _invitations_to(user: Any, meeting_id: int) -> QuerySet[Invitation]:
    return (
        Invitation.objects.visible_to(user)
        .filter(meeting_id=meeting_id)
        .select_related("party")
        .order_by("party__name", "pk")
    )


def awaiting_nomination(*, user: Any, party_id: int | None = None) -> QuerySet[Invitation]:
    """Visible invitations to planned meetings whose party has not yet named its delegation,
    soonest meeting first; ``party_id`` narrows to one party (a focal point's desk)."""
    qs = (
        Invitation.objects.visible_to(user)
        .filter(nominated_at__isnull=True, meeting__status=Meeting.Status.PLANNED)
        .select_related("meeting", "meeting__body", "party")
        .order_by("meeting__start_date", "meeting_id", "party__name")
    )
    if party_id is not None:
        qs = qs.filter(party_id=party_id)
    return qs


def delegations(meeting: Meeting, *, user: Any, invited_only: bool = False) -> list[Delegation]:
    """Each invited party with its delegates (empty for anonymous visitors), in two queries.

    Parties listed as participants without an invitation (meetings recorded from sources)
    appear too, so the list is the meeting's participants list — unless ``invited_only``
    (the meeting page's card): then delegates are read only when a party was invited.
    """
    rows: dict[int, Delegation] = {
        inv.party_id: Delegation(party=inv.party, invitation=inv)
        for inv in precompiled(
            "meetings.meeting_invitations",
            Invitation,
            user,
            lambda value: _invitations_to(user, value),
            meeting.pk,
        )
    }
    if may_see_delegates(user) and (rows or not invited_only):
        delegates = precompiled(
            "meetings.meeting_delegates",
            Delegate,
            user,
            lambda value: (
                Delegate.objects.visible_to(user)
                .filter(meeting_id=value)
                .select_related("party", "agency")
            ),
            meeting.pk,
        )
        for delegate in delegates:
            if invited_only and delegate.party_id not in rows:
                continue
            rows.setdefault(
                delegate.party_id, Delegation(party=delegate.party, invitation=None)
            ).delegates.append(delegate)
    return sorted(rows.values(), key=lambda d: d.party.name)


def invitation_for(meeting: Meeting, *, user: Any, party_code: str) -> Invitation | None:
    return invitations(meeting, user=user).filter(party__code__iexact=party_code).first()


def suggested_parties(meeting: Meeting, *, user: Any) -> list[Party]:
    """Parties to tick by default: the participants of the previous meeting of the same body
    that ``user`` may see, else the current member states and the body's partners."""
    previous = (
        Meeting.objects.visible_to(user)
        .filter(body_id=meeting.body_id, start_date__lt=meeting.start_date)
        .exclude(pk=meeting.pk)
        .order_by("-start_date", "-pk")
        .values("pk")[:1]
    )
    earlier = list(
        Party.objects.filter(
            pk__in=Participant.objects.visible_to(user)
            .filter(meeting__in=previous)
            .values("party_id")
        )
    )
    if earlier:
        return earlier
    today = timezone.localdate()
    members = PartyMembership.objects.filter(
        status=PartyMembership.Status.MEMBER, start_date__lte=today
    ).exclude(end_date__lte=today)
    return list(
        Party.objects.filter(pk__in=members.values("party_id"))
        | Party.objects.filter(consultations=meeting.body_id)
    )


# -- writes ------------------------------------------------------------------------------------


def _parties(parties: Iterable[Party | str]) -> list[Party]:
    items = list(parties)
    found = [p for p in items if isinstance(p, Party)]
    codes = [str(p).strip().upper() for p in items if not isinstance(p, Party)]
    if codes:
        known = {p.code.upper(): p for p in Party.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ValidationError({"parties": _("Unknown party code(s): %s.") % ", ".join(unknown)})
        found += [known[c] for c in codes]
    return list({p.pk: p for p in found}.values())


def _require_planned(meeting: Meeting, field_name: str) -> None:
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(
            {field_name: _("Delegations are invited and named for planned meetings only.")}
        )


def invite_parties(
    *, actor: Any, meeting: Meeting, parties: Iterable[Party | str]
) -> list[Invitation]:
    """Invite parties to a planned meeting (the Secretariat); already invited ones are kept as
    they are. Returns the new invitations."""
    require_meeting_editor(actor)
    _require_planned(meeting, "parties")
    wanted = _parties(parties)
    if not wanted:
        raise ValidationError({"parties": _("Tick at least one party to invite.")})
    with transaction.atomic():
        already = set(
            Invitation.objects.visible_to(actor)
            .filter(meeting=meeting, party__in=wanted)
            .values_list("party_id", flat=True)
        )
        return [
            create_audited(
                Invitation,
                actor=actor,
                data={"meeting": meeting, "party": party, "invited_by": actor},
                action="invitation.create",
            )
            for party in wanted
            if party.pk not in already
        ]


def withdraw_invitation(*, actor: Any, invitation: Invitation) -> None:
    """Take back an invitation, with the delegation named for it (the Secretariat)."""
    require_meeting_editor(actor)
    with transaction.atomic():
        for delegate in Delegate.objects.visible_to(actor).filter(
            meeting_id=invitation.meeting_id, party_id=invitation.party_id
        ):
            delete_audited(delegate, actor=actor, action="delegate.delete")
        participant = (
            Participant.objects.visible_to(actor)
            .filter(meeting_id=invitation.meeting_id, party_id=invitation.party_id)
            .first()
        )
        if participant is not None and invitation.nominated_at is not None:
            delete_audited(participant, actor=actor, action="participant.delete")
        delete_audited(invitation, actor=actor, action="invitation.delete")
        index_object(invitation.meeting)


def _rows(party: Party, delegates: Sequence[DelegateInput | Mapping[str, Any]]) -> list[dict]:
    """Check the rows of a nomination and resolve their agencies; errors name the row."""
    agencies = {a.acronym.upper(): a for a in Agency.objects.filter(party=party)}
    rows: list[dict[str, Any]] = []
    for index, raw in enumerate(delegates, start=1):
        row = raw if isinstance(raw, DelegateInput) else DelegateInput(**dict(raw))
        name = (row.name or "").strip()
        if not name:
            continue
        agency = row.agency
        if isinstance(agency, Agency):
            if agency.party_id != party.pk:
                agency = None
                raise ValidationError(
                    {
                        "delegates": _("Row %(n)d: the agency is not one of %(party)s's.")
                        % {"n": index, "party": party.name}
                    }
                )
        elif agency and str(agency).strip():
            found = agencies.get(str(agency).strip().upper())
            if found is None:
                raise ValidationError(
                    {
                        "delegates": _("Row %(n)d: %(party)s has no agency “%(agency)s”.")
                        % {"n": index, "party": party.name, "agency": agency}
                    }
                )
            agency = found
        else:
            agency = None
        rows.append(
            {
                "name": name[:200],
                "position": (row.position or "").strip()[:200],
                "agency": agency,
                "is_head": bool(row.is_head),
            }
        )
    if not rows:
        raise ValidationError({"delegates": _("Name at least the head of delegation.")})
    if len(rows) > MAX_DELEGATES:
        raise ValidationError(
            {"delegates": _("A delegation has at most %d people.") % MAX_DELEGATES}
        )
    heads = [r for r in rows if r["is_head"]]
    if len(heads) != 1:
        raise ValidationError({"delegates": _("Mark exactly one person as head of delegation.")})
    # The head first, then the members in the order given.
    rows.sort(key=lambda r: not r["is_head"])
    return rows


def nominate_delegation(
    *,
    actor: Any,
    meeting: Meeting,
    party: Party | str,
    delegates: Sequence[DelegateInput | Mapping[str, Any]],
    expected_version: int | None = None,
) -> Invitation:
    """Name (or rename) a party's delegation to a planned meeting it was invited to.

    Only that party's focal point may; the new list replaces the old one (each removed and
    added delegate is audited), the invitation records who named it and when, and the party's
    row in the participants list (agency and head of delegation) follows the head.
    ``expected_version`` is the invitation's ``lock_version`` the form was built from.
    """
    delegation_party = _parties([party])[0]
    if not can_nominate_delegation(actor, delegation_party.pk):
        raise PermissionDenied(
            _("Only the focal point of %s may name its delegation.") % delegation_party.name
        )
    _require_planned(meeting, "delegates")
    rows = _rows(delegation_party, delegates)
    head = rows[0]
    with transaction.atomic():
        invitation = (
            Invitation.objects.visible_to(actor)
            .select_for_update()
            .filter(meeting=meeting, party=delegation_party)
            .first()
        )
        if invitation is None:
            raise ValidationError(
                {"delegates": _("%s is not invited to this meeting.") % delegation_party.name}
            )
        if expected_version is not None and invitation.lock_version != expected_version:
            raise ConflictError(invitation.lock_version)
        for old in Delegate.objects.visible_to(actor).filter(
            meeting=meeting, party=delegation_party
        ):
            delete_audited(old, actor=actor, action="delegate.delete")
        for order, row in enumerate(rows):
            create_audited(
                Delegate,
                actor=actor,
                data={"meeting": meeting, "party": delegation_party, "order": order, **row},
                action="delegate.create",
            )
        participant = (
            Participant.objects.visible_to(actor)
            .filter(meeting=meeting, party=delegation_party)
            .first()
        )
        listed = {"agency": head["agency"], "head_of_delegation": head["name"]}
        if participant is None:
            create_audited(
                Participant,
                actor=actor,
                data={"meeting": meeting, "party": delegation_party, **listed},
                action="participant.create",
            )
        else:
            update_audited(
                participant,
                actor=actor,
                changes=listed,
                expected_version=None,
                action="participant.update",
            )
        updated = update_audited(
            invitation,
            actor=actor,
            changes={"nominated_at": timezone.now(), "nominated_by": actor},
            expected_version=invitation.lock_version,
            action="invitation.nominate",
        )
        index_object(meeting)  # participants are the meeting's party facet in search
    return updated
