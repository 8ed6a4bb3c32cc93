"""Reads of the registry.

Registry records are public, but anything shown alongside them from restricted models
(meetings, instruments) goes through ``visible_to(user)``.

The ``resolve_*`` helpers turn canonical codes from user or API input into records; the
meetings and workplans services use them too, so an unknown code is reported on the field
it came from (→ 422 in the API, a field error on forms).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from mufakat.core.visibility import precompiled
from mufakat.registry.models import Agency, Body, CrimeArea, Party, PartyMembership, Term

M = TypeVar("M", bound=models.Model)


def _clean_codes(codes: Iterable[str]) -> list[str]:
    """Strip blanks and duplicates while keeping the order the caller gave."""
    seen: dict[str, None] = {}
    for code in codes:
        cleaned = (code or "").strip()
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def _by_code(model: type[M], code: str) -> M | None:
    """Exact code first; otherwise a case-insensitive match if it is unambiguous ("idn")."""
    manager = model._default_manager
    found = manager.filter(code=code).first()
    if found is not None:
        return found
    candidates = list(manager.filter(code__iexact=code)[:2])
    return candidates[0] if len(candidates) == 1 else None


def _many_by_code(model: type[M], codes: list[str]) -> tuple[list[M], list[str]]:
    """Resolve codes in one query; return the records in input order and the unknown codes."""
    cleaned = _clean_codes(codes)
    if not cleaned:
        return [], []
    rows = list(model._default_manager.filter(code__in=cleaned))
    exact = {row.code: row for row in rows}  # type: ignore[attr-defined]
    found: list[M] = []
    unknown: list[str] = []
    for code in cleaned:
        record = exact.get(code) or _by_code(model, code)
        if record is None:
            unknown.append(code)
        elif record not in found:
            found.append(record)
    return found, unknown


def _unknown(kind: str, codes: list[str], field: str) -> ValidationError:
    quoted = ", ".join(f"“{code}”" for code in codes)
    if len(codes) == 1:
        message = _("Unknown %(kind)s code %(codes)s.") % {"kind": kind, "codes": quoted}
    else:
        message = _("Unknown %(kind)s codes %(codes)s.") % {"kind": kind, "codes": quoted}
    return ValidationError({field: message})


def resolve_party(code: str, *, field: str = "party") -> Party:
    """The party with this code, or a ValidationError on ``field``."""
    cleaned = (code or "").strip()
    party = _by_code(Party, cleaned) if cleaned else None
    if party is None:
        raise _unknown(_("party"), [cleaned], field)
    return party


def resolve_body(code: str, *, field: str = "body") -> Body:
    """The body with this code, or a ValidationError on ``field``."""
    cleaned = (code or "").strip()
    body = _by_code(Body, cleaned) if cleaned else None
    if body is None:
        raise _unknown(_("body"), [cleaned], field)
    return body


def resolve_parties(codes: list[str], *, field: str = "parties") -> list[Party]:
    """All parties with these codes (in the given order), or one error naming every unknown."""
    found, unknown = _many_by_code(Party, codes)
    if unknown:
        raise _unknown(_("party"), unknown, field)
    return found


def resolve_crime_areas(codes: list[str], *, field: str = "crime_areas") -> list[CrimeArea]:
    """All crime areas with these codes (in the given order), or one error naming every unknown."""
    found, unknown = _many_by_code(CrimeArea, codes)
    if unknown:
        raise _unknown(_("crime area"), unknown, field)
    return found


def resolve_agency(party: Party, acronym: str, *, field: str = "agency") -> Agency:
    """One of ``party``'s agencies by acronym ("BNPT"), or a ValidationError on ``field``."""
    cleaned = (acronym or "").strip()
    agency = (
        Agency.objects.filter(party=party, acronym__iexact=cleaned).first() if cleaned else None
    )
    if agency is None:
        raise ValidationError(
            {
                field: _("%(party)s has no agency “%(acronym)s”.")
                % {"party": party.name, "acronym": cleaned}
            }
        )
    return agency


# Short aliases under the names first announced to the other apps.
party_by_code = resolve_party
body_by_code = resolve_body


# -- reads for pages and the API -----------------------------------------------------------------
#
# Registry records are public; ``user`` decides only which meetings and instruments appear
# next to them. Every function takes it anyway, so the gate can never be forgotten.


@dataclass
class BodyNode:
    """A body in the tree, with the offices held today (chair, lead shepherd)."""

    body: Body
    children: list[BodyNode] = dataclass_field(default_factory=list)
    current_terms: list[Term] = dataclass_field(default_factory=list)


LEADING_ROLES = (Term.Role.CHAIR, Term.Role.LEAD_SHEPHERD)


def _terms_with_holders() -> QuerySet[Term]:
    return Term.objects.select_related("party", "agency").order_by("-start_date", "role")


def _terms_shown() -> QuerySet[Term]:
    """Terms as the registry's pages show them: the holder's code and name, the agency's
    acronym (a narrower read than the API's, which the page does not need)."""
    return _terms_with_holders().only(
        *("body", "party", "agency", "role", "start_date", "end_date", "source"),
        *("party__code", "party__name", "agency__acronym"),
    )


def current_terms(terms: Iterable[Term], *, on: dt.date | None = None) -> list[Term]:
    """Terms running on ``on`` (today by default), chair first."""
    day = on or dt.date.today()
    rank = {role: i for i, role in enumerate(Term.Role.values)}
    running = [t for t in terms if t.is_current_on(day)]
    return sorted(running, key=lambda t: (rank.get(t.role, 99), t.party.name))


def body_tree(*, user: Any) -> list[BodyNode]:
    """All bodies nested under the ones that report to no one, in four queries."""
    bodies = list(
        Body.objects.order_by("order", "code").prefetch_related(
            "crime_areas",
            Prefetch("partners", queryset=Party.objects.order_by("name")),
            Prefetch("terms", queryset=_terms_shown()),
        )
    )
    today = dt.date.today()
    nodes = {
        b.pk: BodyNode(
            body=b,
            current_terms=[
                t for t in current_terms(b.terms.all(), on=today) if t.role in LEADING_ROLES
            ],
        )
        for b in bodies
    }
    roots: list[BodyNode] = []
    for b in bodies:
        parent = nodes.get(b.parent_id) if b.parent_id else None
        (parent.children if parent is not None else roots).append(nodes[b.pk])
    return roots


def body_list(*, user: Any, parent: str | None = None, level: str | None = None) -> QuerySet[Body]:
    """Bodies for the API, optionally those reporting to ``parent`` or of one ``level``."""
    bodies = Body.objects.select_related("parent").order_by("order", "code")
    if parent:
        bodies = bodies.filter(parent__code__iexact=parent.strip())
    if level:
        bodies = bodies.filter(level=level)
    return bodies


def get_body(*, user: Any, code: str) -> Body:
    """One body with what its page and API record show; 404 when the code is unknown."""
    body = (
        Body.objects.select_related("parent__parent__parent__parent")
        .prefetch_related(
            Prefetch("children", queryset=Body.objects.order_by("order", "code")),
            Prefetch("partners", queryset=Party.objects.order_by("name")),
            "crime_areas",
            Prefetch("terms", queryset=_terms_with_holders()),
        )
        .filter(code=code)
        .first()
    )
    if body is None:
        raise Http404(_("No body with this code."))
    return body


#: The chain of bodies a body reports to, as deep as its page reads it in the same query.
_ANCESTRY = ("parent", "parent__parent", "parent__parent__parent", "parent__parent__parent__parent")


def _body_shown(code: str) -> Body:
    """The body of a page: its own fields, of the bodies it reports to only what the page
    links (code and name), its sub-bodies, partners, crime areas and terms."""
    body = (
        Body.objects.select_related(_ANCESTRY[-1])
        .only(
            *(f.name for f in Body._meta.concrete_fields),
            *(f"{chain}__{name}" for chain in _ANCESTRY for name in ("code", "name", "parent")),
        )
        .prefetch_related(
            Prefetch(
                "children",
                queryset=Body.objects.order_by("order", "code").only(
                    "code", "name", "level", "parent"
                ),
            ),
            Prefetch("partners", queryset=Party.objects.order_by("name").only("code", "name")),
            Prefetch("crime_areas", queryset=CrimeArea.objects.only("code", "name")),
            Prefetch("terms", queryset=_terms_shown()),
        )
        .filter(code=code)
        .first()
    )
    if body is None:
        raise Http404(_("No body with this code."))
    return body


#: The fields a row of a registry page's meetings table shows (title, dates, place, status,
#: access), read without the rest of the meeting.
MEETING_ROW_FIELDS = (
    *("title", "start_date", "start_precision", "end_date", "city", "is_virtual"),
    *("status", "audience", "tlp"),
)

#: Upcoming meetings shown on a body's page; the rest are in the calendar.
UPCOMING_SHOWN = 10


def _upcoming_q(today: dt.date) -> Q:
    """Meetings not yet held: from today on, or dated by a month or year that is not over."""
    from mufakat.core.partial_dates import Precision

    return (
        Q(start_date__gte=today)
        | Q(start_precision=Precision.MONTH, start_date__gte=today.replace(day=1))
        | Q(start_precision=Precision.YEAR, start_date__gte=today.replace(month=1, day=1))
    )


@dataclass
class BodyMeetings:
    """A body's meetings as a person reads them: what comes next, then one year of the past,
    with every past year the reader has meetings in (and how many) to go to another."""

    upcoming: list[Any]
    upcoming_count: int
    year: int | None
    held: list[Any]
    years: list[tuple[int, int]]

    @property
    def total(self) -> int:
        return self.upcoming_count + sum(n for _, n in self.years)

    @property
    def more_upcoming(self) -> int:
        return self.upcoming_count - len(self.upcoming)

    @property
    def more_from_year(self) -> int | None:
        """The calendar year where the upcoming meetings not listed here begin."""
        return self.upcoming[-1].start_date.year if self.upcoming else None


def body_meetings(
    *, user: Any, body: Body, year: int | None = None, today: dt.date | None = None
) -> BodyMeetings:
    """Three queries however many meetings the body has: counts (per past year, and upcoming),
    the next :data:`UPCOMING_SHOWN`, and the past ``year`` (the latest one unless given).

    Each is compiled once per reader and day (:func:`~mufakat.core.visibility.precompiled`):
    compiling the gate into them cost a signed-in reader more than running them."""
    from django.db.models import BooleanField, Case, Count, Value, When
    from django.db.models.functions import ExtractYear

    from mufakat.meetings.models import Meeting

    today = today or dt.date.today()
    soon = _upcoming_q(today)
    day = today.isoformat()

    def gated(body_id: int) -> QuerySet[Any]:
        return Meeting.objects.visible_to(user).filter(body_id=body_id)

    def rows(body_id: int) -> QuerySet[Any]:
        return (
            gated(body_id)
            .select_related("host")
            .only("number", *MEETING_ROW_FIELDS, "host__code", "host__name")
        )

    counts = precompiled(
        f"registry.body_meeting_counts.{day}",
        Meeting,
        user,
        lambda body_id: (
            gated(body_id)
            .order_by()
            .annotate(
                year=ExtractYear("start_date"),
                soon=Case(
                    When(soon, then=Value(True)), default=Value(False), output_field=BooleanField()
                ),
            )
            .values("year", "soon")
            .annotate(n=Count("pk"))
        ),
        body.pk,
    )
    years: dict[int, int] = {}
    upcoming_count = 0
    for row in counts:
        if row["soon"]:
            upcoming_count += row["n"]
        else:
            years[row["year"]] = years.get(row["year"], 0) + row["n"]
    past_years = sorted(years.items(), reverse=True)
    if year is None and past_years:
        year = past_years[0][0]
    upcoming = (
        precompiled(
            f"registry.body_meetings_upcoming.{day}",
            Meeting,
            user,
            lambda body_id: (
                rows(body_id).filter(soon).order_by("start_date", "number")[:UPCOMING_SHOWN]
            ),
            body.pk,
        )
        if upcoming_count
        else []
    )
    held = (
        precompiled(
            f"registry.body_meetings_held.{day}.{year}",
            Meeting,
            user,
            lambda body_id: (
                rows(body_id)
                .exclude(soon)
                .filter(start_date__year=year)
                .order_by("-start_date", "-number")
            ),
            body.pk,
        )
        if year is not None and year in years
        else []
    )
    return BodyMeetings(
        upcoming=upcoming,
        upcoming_count=upcoming_count,
        year=year,
        held=held,
        years=past_years,
    )


def body_detail(*, user: Any, code: str, year: int | None = None) -> dict[str, Any]:
    """Everything the body page shows; meetings only as far as ``user`` may see them, one year
    of them at a time (a body may have a thousand)."""
    body = _body_shown(code)
    terms = list(body.terms.all())
    return {
        "body": body,
        "ancestors": list(reversed(body.ancestors())),
        "children": list(body.children.all()),
        "partners": list(body.partners.all()),
        "crime_areas": list(body.crime_areas.all()),
        "terms": terms,
        "current_term_ids": {t.pk for t in current_terms(terms)},
        "meetings": body_meetings(user=user, body=body, year=year),
    }


@dataclass
class PartyGroup:
    kind: str
    label: str
    parties: list[Party]


def party_groups(*, user: Any) -> list[PartyGroup]:
    """Parties grouped by kind (member states, dialogue partners, organisations …)."""
    parties = list(
        Party.objects.order_by("name").prefetch_related(
            Prefetch("memberships", queryset=PartyMembership.objects.order_by("start_date"))
        )
    )
    groups = []
    for kind, label in Party.Kind.choices:
        members = [p for p in parties if p.kind == kind]
        if members:
            groups.append(PartyGroup(kind=kind, label=str(label), parties=members))
    return groups


def party_list(*, user: Any, kind: str | None = None, q: str | None = None) -> QuerySet[Party]:
    """Parties for the API; ``q`` matches the code or the name."""
    parties = Party.objects.order_by("code").prefetch_related(
        Prefetch("memberships", queryset=PartyMembership.objects.order_by("start_date"))
    )
    if kind:
        parties = parties.filter(kind=kind)
    if q and q.strip():
        parties = parties.filter(Q(code__icontains=q.strip()) | Q(name__icontains=q.strip()))
    return parties


def get_party(*, user: Any, code: str) -> Party:
    """One party with its memberships and agencies; 404 when the code is unknown."""
    party = (
        Party.objects.prefetch_related(
            Prefetch("memberships", queryset=PartyMembership.objects.order_by("start_date")),
            Prefetch("agencies", queryset=Agency.objects.order_by("acronym")),
        )
        .filter(code=code)
        .first()
    )
    if party is None:
        raise Http404(_("No party with this code."))
    return party


def party_detail(*, user: Any, code: str) -> dict[str, Any]:
    """Everything the party page shows; meetings and instruments only as far as ``user`` may."""
    from mufakat.meetings.models import Meeting
    from mufakat.workplans.models import Instrument

    party = get_party(user=user, code=code)
    terms = list(
        Term.objects.filter(party=party)
        .select_related("body", "agency")
        .order_by("-start_date", "body__code")
    )
    today = dt.date.today()
    memberships = list(party.memberships.all())
    return {
        "party": party,
        "memberships": memberships,
        "current_membership_ids": {m.pk for m in memberships if m.is_current_on(today)},
        "agencies": list(party.agencies.all()),
        "current_terms": [t for t in terms if t.is_current_on(today)],
        "past_terms": [t for t in terms if not t.is_current_on(today)],
        "hosted_meetings": list(
            Meeting.objects.visible_to(user)
            .filter(host=party)
            .select_related("body")
            .only(*MEETING_ROW_FIELDS, "body__code")
            .order_by("-start_date")
        ),
        "instruments": list(
            Instrument.objects.visible_to(user)
            .filter(parties=party)
            .only("key", "title", "kind", "start_year", "end_year", "audience", "tlp")
            .order_by("-start_year", "title")
        ),
    }


def agency_list(*, user: Any, party: str | None = None, q: str | None = None) -> QuerySet[Agency]:
    """Agencies for the API, optionally of one party; ``q`` matches acronym or name."""
    agencies = Agency.objects.select_related("party").order_by("party__code", "acronym")
    if party:
        agencies = agencies.filter(party__code__iexact=party.strip())
    if q and q.strip():
        agencies = agencies.filter(Q(acronym__icontains=q.strip()) | Q(name__icontains=q.strip()))
    return agencies


def get_agency(*, user: Any, pk: int) -> Agency:
    agency = Agency.objects.select_related("party").filter(pk=pk).first()
    if agency is None:
        raise Http404(_("No such agency."))
    return agency


def get_term(*, user: Any, pk: int) -> Term:
    term = Term.objects.select_related("body", "party", "agency").filter(pk=pk).first()
    if term is None:
        raise Http404(_("No such term."))
    return term


def crime_area_list(*, user: Any) -> QuerySet[CrimeArea]:
    """The taxonomy in its order, with the bodies working on each area."""
    return CrimeArea.objects.order_by("order", "name").prefetch_related(
        Prefetch("bodies", queryset=Body.objects.order_by("order", "code"))
    )


def get_crime_area(*, user: Any, code: str) -> CrimeArea:
    crime_area = crime_area_list(user=user).filter(code=code).first()
    if crime_area is None:
        raise Http404(_("No crime area with this code."))
    return crime_area
