"""Writes to the registry. Only the Secretariat (and platform admins) keep it.

Every rule lives here once; the UI forms and the API both call these functions, so a refused
edit says the same thing, on the same field, wherever it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from mufakat.core.services import create_audited, update_audited
from mufakat.registry.models import Agency, Body, CrimeArea, Party, PartyMembership, Term
from mufakat.registry.permissions import require_registry_editor

PARTY_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,11}$")
BODY_CODE = re.compile(r"^[A-Z0-9][A-Z0-9+\-]{0,39}$")

PARTY_EDITABLE = frozenset({"name", "kind", "is_asean_organ", "notes", "aliases", "source"})
AGENCY_EDITABLE = frozenset({"acronym", "name", "url", "source"})
BODY_EDITABLE = frozenset(
    {
        "name",
        "aliases",
        "short_name",
        "level",
        "parent",
        "partners",
        "crime_areas",
        "established",
        "description",
        "order",
        "source",
    }
)
TERM_EDITABLE = frozenset({"party", "agency", "role", "start_date", "end_date", "source"})
CRIME_AREA_EDITABLE = frozenset(
    {"name", "description", "aliases", "priority_since", "priority_until", "order", "source"}
)


# -- shared checks -----------------------------------------------------------------------------


def _only(changes: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    """Refuse fields that may not change (codes are canonical: URLs and exports use them)."""
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    return dict(changes)


def _span(start: dt.date, end: dt.date | None) -> str:
    """'from 1 January 2023 until 26 October 2025', or 'since 1 January 2023, with no end'."""
    if end is None:
        return _("since %(start)s, with no end date") % {
            "start": formats.date_format(start, "DATE_FORMAT")
        }
    return _("from %(start)s until %(end)s") % {
        "start": formats.date_format(start, "DATE_FORMAT"),
        "end": formats.date_format(end, "DATE_FORMAT"),
    }


def _check_period(start: dt.date, end: dt.date | None, *, field: str = "end_date") -> None:
    if end is not None and end < start:
        raise ValidationError({field: _("The end date cannot be before the start date.")})


def _overlapping(start: dt.date, end: dt.date | None) -> Q:
    """Rows whose half-open period [start_date, end_date) meets [start, end).

    Half-open because an ``until`` date is the day the next holder or status begins.
    """
    q = Q(end_date__isnull=True) | Q(end_date__gt=start)
    if end is not None:
        q &= Q(start_date__lt=end)
    return q


def _normalised_code(value: str, pattern: re.Pattern[str], *, example: str) -> str:
    code = (value or "").strip().upper()
    if not pattern.match(code):
        raise ValidationError(
            {
                "code": _("“%(code)s” is not a valid code; use capitals, like “%(example)s”.")
                % {"code": value, "example": example}
            }
        )
    return code


# -- parties -----------------------------------------------------------------------------------


def create_party(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    is_asean_organ: bool = False,
    notes: str = "",
    aliases: str = "",
    source: str = "",
) -> Party:
    """Register a state or organisation under its canonical code (ISO alpha-3, ``UNODC`` …)."""
    require_registry_editor(actor)
    code = _normalised_code(code, PARTY_CODE, example="IDN")
    with transaction.atomic():
        if Party.objects.filter(code__iexact=code).exists():
            raise ValidationError(
                {"code": _("A party with code “%(code)s” already exists.") % {"code": code}}
            )
        return create_audited(
            Party,
            actor=actor,
            data={
                "code": code,
                "name": (name or "").strip(),
                "kind": kind,
                "is_asean_organ": is_asean_organ,
                "notes": notes,
                "aliases": aliases,
                "source": source,
            },
        )


def update_party(
    *, actor: Any, party: Party, changes: Mapping[str, Any], expected_version: int | None
) -> Party:
    """Change a party's name, kind or notes; its code stays fixed."""
    require_registry_editor(actor)
    data = _only(changes, PARTY_EDITABLE)
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
    with transaction.atomic():
        return update_audited(party, actor=actor, changes=data, expected_version=expected_version)


def add_membership(
    *,
    actor: Any,
    party: Party,
    status: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    source: str = "",
) -> PartyMembership:
    """Record a dated status towards ASEAN; statuses follow each other, they never overlap."""
    require_registry_editor(actor)
    _check_period(start_date, end_date)
    with transaction.atomic():
        clash = (
            PartyMembership.objects.select_for_update()
            .filter(_overlapping(start_date, end_date), party=party)
            .order_by("start_date")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "start_date": _(
                        "%(party)s already has the status “%(status)s” %(span)s; statuses "
                        "cannot overlap. End that status first or choose other dates."
                    )
                    % {
                        "party": party.name,
                        "status": clash.get_status_display(),
                        "span": _span(clash.start_date, clash.end_date),
                    }
                }
            )
        return create_audited(
            PartyMembership,
            actor=actor,
            data={
                "party": party,
                "status": status,
                "start_date": start_date,
                "end_date": end_date,
                "source": source,
            },
        )


# -- agencies ----------------------------------------------------------------------------------


def _check_acronym_free(party: Party, acronym: str, *, exclude_pk: int | None = None) -> None:
    taken = Agency.objects.filter(party=party, acronym__iexact=acronym)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {
                "acronym": _("%(party)s already has an agency “%(acronym)s”.")
                % {"party": party.name, "acronym": acronym}
            }
        )


def create_agency(
    *, actor: Any, party: Party, acronym: str, name: str, url: str = "", source: str = ""
) -> Agency:
    """Register a national agency (BNPT, Royal Thai Police …) under its party."""
    require_registry_editor(actor)
    acronym = (acronym or "").strip()
    with transaction.atomic():
        if acronym:
            _check_acronym_free(party, acronym)
        return create_audited(
            Agency,
            actor=actor,
            data={
                "party": party,
                "acronym": acronym,
                "name": (name or "").strip(),
                "url": url,
                "source": source,
            },
        )


def update_agency(
    *, actor: Any, agency: Agency, changes: Mapping[str, Any], expected_version: int | None
) -> Agency:
    """Rename an agency; it stays with its party (terms and users refer to it)."""
    require_registry_editor(actor)
    data = _only(changes, AGENCY_EDITABLE)
    with transaction.atomic():
        if "acronym" in data:
            data["acronym"] = (data["acronym"] or "").strip()
            if data["acronym"]:
                _check_acronym_free(agency.party, data["acronym"], exclude_pk=agency.pk)
        return update_audited(agency, actor=actor, changes=data, expected_version=expected_version)


# -- bodies ------------------------------------------------------------------------------------


def _check_parent(body: Body | None, parent: Body | None) -> None:
    """A body cannot report to itself or to one of the bodies that report to it."""
    if body is None or parent is None:
        return
    chain = [parent, *parent.ancestors()]
    if any(node.pk == body.pk for node in chain):
        raise ValidationError(
            {
                "parent": _(
                    "%(body)s cannot report to %(parent)s: %(parent)s already reports, "
                    "directly or indirectly, to %(body)s."
                )
                % {"body": body.code, "parent": parent.code}
            }
        )


def create_body(
    *,
    actor: Any,
    code: str,
    name: str,
    level: str,
    parent: Body | None = None,
    short_name: str = "",
    partners: Iterable[Party] = (),
    crime_areas: Iterable[CrimeArea] = (),
    established: str = "",
    description: str = "",
    order: int = 0,
    aliases: str = "",
    source: str = "",
) -> Body:
    """Add a meeting body (a working group, a consultation ``BODY+PARTY`` …) to the hierarchy."""
    require_registry_editor(actor)
    code = _normalised_code(code, BODY_CODE, example="SOMTC-WG-CT")
    with transaction.atomic():
        if Body.objects.filter(code__iexact=code).exists():
            raise ValidationError(
                {"code": _("A body with code “%(code)s” already exists.") % {"code": code}}
            )
        return create_audited(
            Body,
            actor=actor,
            data={
                "code": code,
                "name": (name or "").strip(),
                "short_name": short_name,
                "level": level,
                "parent": parent,
                "partners": list(partners),
                "crime_areas": list(crime_areas),
                "established": established,
                "description": description,
                "order": order,
                "aliases": aliases,
                "source": source,
            },
        )


def update_body(
    *, actor: Any, body: Body, changes: Mapping[str, Any], expected_version: int | None
) -> Body:
    """Change a body; refuses a parent that would make the hierarchy a cycle."""
    require_registry_editor(actor)
    data = _only(changes, BODY_EDITABLE)
    with transaction.atomic():
        if "parent" in data:
            _check_parent(body, data["parent"])
        for name in ("partners", "crime_areas"):
            if name in data:
                data[name] = list(data[name])
        return update_audited(body, actor=actor, changes=data, expected_version=expected_version)


# -- terms -------------------------------------------------------------------------------------


def _check_term(
    *,
    body: Body,
    party: Party,
    agency: Agency | None,
    role: str,
    start_date: dt.date,
    end_date: dt.date | None,
    exclude_pk: int | None = None,
) -> None:
    _check_period(start_date, end_date)
    if agency is not None and agency.party_id != party.pk:
        raise ValidationError(
            {
                "agency": _("%(agency)s belongs to %(owner)s, not to %(party)s.")
                % {"agency": agency.acronym, "owner": agency.party.name, "party": party.name}
            }
        )
    clashes = (
        Term.objects.select_for_update()
        .filter(_overlapping(start_date, end_date), body=body, role=role)
        .select_related("party")
        .order_by("start_date")
    )
    if exclude_pk is not None:
        clashes = clashes.exclude(pk=exclude_pk)
    clash = clashes.first()
    if clash is not None:
        raise ValidationError(
            {
                "start_date": _(
                    "%(holder)s is already %(role)s of %(body)s %(span)s; a body has one "
                    "%(role)s at a time. End that term first or choose other dates."
                )
                % {
                    "holder": clash.party.name,
                    "role": clash.get_role_display(),
                    "body": body.code,
                    "span": _span(clash.start_date, clash.end_date),
                }
            }
        )


def add_term(
    *,
    actor: Any,
    body: Body,
    party: Party,
    role: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    agency: Agency | None = None,
    source: str = "",
) -> Term:
    """Record who chairs or lead-shepherds a body, and when; recorded, never inferred."""
    require_registry_editor(actor)
    with transaction.atomic():
        _check_term(
            body=body,
            party=party,
            agency=agency,
            role=role,
            start_date=start_date,
            end_date=end_date,
        )
        return create_audited(
            Term,
            actor=actor,
            data={
                "body": body,
                "party": party,
                "agency": agency,
                "role": role,
                "start_date": start_date,
                "end_date": end_date,
                "source": source,
            },
        )


def update_term(
    *, actor: Any, term: Term, changes: Mapping[str, Any], expected_version: int | None
) -> Term:
    """Correct a term or close it (set its end date), with the same checks as :func:`add_term`."""
    require_registry_editor(actor)
    data = _only(changes, TERM_EDITABLE)
    with transaction.atomic():
        merged: dict[str, Any] = {
            "party": term.party,
            "agency": term.agency,
            "role": term.role,
            "start_date": term.start_date,
            "end_date": term.end_date,
        }
        merged.update({k: v for k, v in data.items() if k in merged})
        _check_term(body=term.body, exclude_pk=term.pk, **merged)
        return update_audited(term, actor=actor, changes=data, expected_version=expected_version)


# -- crime areas -------------------------------------------------------------------------------


def update_crime_area(
    *, actor: Any, crime_area: CrimeArea, changes: Mapping[str, Any], expected_version: int | None
) -> CrimeArea:
    """Edit an entry of the fixed taxonomy: its wording and its dated place on the priority list.

    Codes are fixed (the taxonomy is canonical), so there is no create or delete.
    """
    require_registry_editor(actor)
    data = _only(changes, CRIME_AREA_EDITABLE)
    since = data.get("priority_since", crime_area.priority_since)
    until = data.get("priority_until", crime_area.priority_until)
    if since is not None and until is not None and until < since:
        raise ValidationError(
            {"priority_until": _("The priority period cannot end before it starts.")}
        )
    with transaction.atomic():
        return update_audited(
            crime_area, actor=actor, changes=data, expected_version=expected_version
        )
