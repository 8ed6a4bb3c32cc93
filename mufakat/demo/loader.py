"""Write the demo data (:mod:`mufakat.demo.data`) into the database, idempotently.

Every row is looked up by its natural key (party code, body code, meeting (body, number) or
(body, start date) when unnumbered, outcome (meeting, number), instrument key, …) and updated
in place, so loading twice leaves the same rows. The loader adds and updates; it never deletes,
so records people added through the UI survive a reload. The whole load is one transaction and
leaves one audit event ("demo data loaded") rather than one per row: it is a bulk import by the
system, not an edit by a person.

Each row gets the ``source`` note of its data record, so users can check where it comes from.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from mufakat.accounts.models import User
from mufakat.audit.services import record, snapshot
from mufakat.core.models import SharingGroup
from mufakat.core.partial_dates import PartialDate
from mufakat.demo import data as d
from mufakat.meetings.models import AgendaItem, Forwarding, Meeting, Outcome, Participant
from mufakat.registry.models import Agency, Body, CrimeArea, Party, PartyMembership, Term
from mufakat.workplans.models import (
    Activity,
    Indicator,
    Instrument,
    InstrumentLink,
    InstrumentVersion,
    PriorityArea,
)

M = TypeVar("M", bound=models.Model)

ASEAN_ORGANS = frozenset({"ASEAN", "ASEC"})

#: The models the loader writes, in load order (used for counts and by the tests).
LOADED_MODELS: tuple[type[models.Model], ...] = (
    Party,
    PartyMembership,
    Agency,
    CrimeArea,
    Body,
    Term,
    SharingGroup,
    User,
    Meeting,
    AgendaItem,
    Participant,
    Instrument,
    InstrumentLink,
    InstrumentVersion,
    Outcome,
    Forwarding,
    PriorityArea,
    Activity,
    Indicator,
)


@dataclass
class LoadResult:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    users: list[d.DemoUser] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {m._meta.label: m._default_manager.count() for m in LOADED_MODELS}


def _date(value: str | None) -> Any:
    return PartialDate.parse(value).date if value else None


class _Loader:
    """One run of the load; keeps the objects by natural key so later steps can refer to them."""

    def __init__(self) -> None:
        self.result = LoadResult()
        self.parties: dict[str, Party] = {}
        self.agencies: dict[str, Agency] = {}
        self.crime_areas: dict[str, CrimeArea] = {}
        self.bodies: dict[str, Body] = {}
        self.groups: dict[str, SharingGroup] = {}
        self.users: dict[str, User] = {}
        self.meetings: dict[str, Meeting] = {}
        self.instruments: dict[str, Instrument] = {}
        self.outcomes: dict[str, Outcome] = {}
        self.priority_areas: dict[str, PriorityArea] = {}

    # -- mechanics -----------------------------------------------------------------------------

    def upsert(self, model: type[M], lookup: dict[str, Any], **values: Any) -> M:
        """Find by ``lookup`` or create; set ``values`` (many-to-many included); validate; save."""
        m2m_names = {f.name for f in model._meta.many_to_many}
        m2m = {k: values.pop(k) for k in list(values) if k in m2m_names}
        obj = model._default_manager.filter(**lookup).first()
        created = obj is None
        if obj is None:
            obj = model(**lookup)
        for name, value in values.items():
            setattr(obj, name, value)
        obj.full_clean()  # choices, lengths, and the TLP cap of restricted records
        obj.save()
        for name, targets in m2m.items():
            getattr(obj, name).set(list(targets))
        (self.result.created if created else self.result.updated)[model._meta.label] += 1
        return obj

    def restricted(self, access: d.Access) -> dict[str, Any]:
        """Audience, TLP, owner and groups of a restricted record (DESIGN.md §3)."""
        return {
            "audience": access.audience,
            "tlp": access.tlp,
            "owner_party": self.parties[access.owner],
            "owner_agency": self.agencies[access.owner_agency] if access.owner_agency else None,
            "sharing_groups": [self.groups[code] for code in access.sharing_groups],
            "named_users": [self.users[u] for u in access.named_users],
        }

    # -- registry ------------------------------------------------------------------------------

    def load_parties(self) -> None:
        for p in d.PARTIES:
            notes = "; ".join(
                f"{m.role}: {m.source}" for m in p.memberships if m.since is None
            )  # statuses without a start date cannot be a dated membership row
            self.parties[p.code] = self.upsert(
                Party,
                {"code": p.code},
                name=p.name,
                kind=p.kind,
                is_asean_organ=p.code in ASEAN_ORGANS,
                notes=notes,
                aliases="\n".join(d.PARTY_ALIASES.get(p.code, ())),
                source=p.source,
            )
        for p in d.PARTIES:
            for m in p.memberships:
                if m.since is None:
                    continue
                self.upsert(
                    PartyMembership,
                    {"party": self.parties[p.code], "status": m.role, "start_date": _date(m.since)},
                    end_date=_date(m.until),
                    source=m.source,
                )

    def load_agencies(self) -> None:
        for a in d.AGENCIES:
            name = f"{a.name} ({a.local_name})" if a.local_name else a.name
            source = f"{a.source}. {a.notes}" if a.notes else a.source
            self.agencies[a.code] = self.upsert(
                Agency,
                {"party": self.parties[a.party], "acronym": a.code},
                name=name,
                source=source,
            )

    def load_crime_areas(self) -> None:
        for c in d.CRIME_AREAS:
            parts = [f"On the priority list since {c.priority_since}"]
            if c.added_at:
                parts.append(f"added at the {d.meeting_label(c.added_at)}")
            description = ", ".join(parts) + "."
            if c.note:
                description += " " + c.note
            self.crime_areas[c.code] = self.upsert(
                CrimeArea,
                {"code": c.code},
                name=c.name,
                order=c.order,
                priority_since=_date(c.priority_since),
                priority_until=_date(c.priority_until),
                description=description,
                aliases="\n".join(d.CRIME_AREA_ALIASES.get(c.code, ())),
                source=c.source,
            )

    def load_bodies(self) -> None:
        # Parents first: a body's parent always precedes it in BODIES, but be safe.
        pending = list(d.BODIES)
        while pending:
            progressed = False
            for b in list(pending):
                if b.parent and b.parent not in self.bodies:
                    continue
                established = b.established or ""
                if b.established_at:
                    established = f"{established}, at the {d.meeting_label(b.established_at)}"
                self.bodies[b.code] = self.upsert(
                    Body,
                    {"code": b.code},
                    name=b.name,
                    level=b.level,
                    parent=self.bodies[b.parent] if b.parent else None,
                    established=established,
                    description=b.notes,
                    aliases="\n".join(d.BODY_ALIASES.get(b.code, ())),
                    order=d.BODIES.index(b),
                    source=b.source,
                    partners=[self.parties[c] for c in b.partners],
                    crime_areas=[self.crime_areas[c] for c in b.crime_areas],
                )
                pending.remove(b)
                progressed = True
            if not progressed:
                raise ValueError(f"unresolvable body parents: {[b.code for b in pending]}")

    def load_terms(self) -> None:
        for t in d.TERMS:
            self.upsert(
                Term,
                {
                    "body": self.bodies[t.body],
                    "party": self.parties[t.party],
                    "role": t.role,
                    "start_date": _date(t.start),
                },
                agency=self.agencies[t.agency] if t.agency else None,
                end_date=_date(t.end),
                source=t.source,
            )

    def load_sharing_groups(self) -> None:
        for g in d.SHARING_GROUPS:
            self.groups[g.code] = self.upsert(
                SharingGroup,
                {"code": g.code},
                name=g.name,
                source=g.source,
                parties=[self.parties[c] for c in g.members],
            )

    def load_users(self) -> None:
        # A password hash is slow on purpose (a third of a second each); hashlib lets threads
        # compute them side by side, on as many cores as there are.
        with ThreadPoolExecutor() as pool:
            hashes = dict(
                zip(
                    (u.username for u in d.DEMO_USERS),
                    pool.map(make_password, (u.password for u in d.DEMO_USERS)),
                    strict=True,
                )
            )
        for u in d.DEMO_USERS:
            user = User.objects.filter(username=u.username).first()
            created = user is None
            if user is None:
                user = User(username=u.username)
            user.first_name = u.display_name
            user.email = u.email
            user.party = self.parties[u.party]
            user.agency = self.agencies[u.agency] if u.agency else None
            user.role = u.role
            user.is_active = True
            user.password = hashes[u.username]
            user.full_clean()
            user.save()
            (self.result.created if created else self.result.updated)[User._meta.label] += 1
            self.users[u.username] = user
            self.result.users.append(u)

    # -- meetings ------------------------------------------------------------------------------

    def load_meetings(self) -> None:
        for m in d.MEETINGS:
            start = PartialDate.parse(m.start)
            body = self.bodies[m.body]
            lookup: dict[str, Any] = {"body": body, "number": m.number}
            if m.number is None:
                lookup["start_date"] = start.date
            self.meetings[m.key] = self.upsert(
                Meeting,
                lookup,
                title=m.title,
                start_date=start.date,
                start_precision=start.precision,
                end_date=_date(m.end),
                # The model renders a virtual meeting without a city as "online".
                city="" if m.is_virtual else (m.city or ""),
                is_virtual=m.is_virtual,
                host=self.parties[m.host] if m.host else None,
                chair=self.parties[m.chair] if m.chair else None,
                status=m.status,
                summary=m.summary,
                source=m.source,
                **self.restricted(m.access),
            )

    def load_agenda_and_participants(self) -> None:
        titles = {i.key: i.title for i in d.INSTRUMENTS}
        for a in d.AGENDA:
            description = f"Instrument: {titles[a.instrument]}." if a.instrument else ""
            self.upsert(
                AgendaItem,
                {"meeting": self.meetings[a.meeting], "position": a.number},
                title=a.title,
                description=description,
                source=a.source,
            )
        for p in d.PARTICIPANTS:
            head = p.head_of_delegation
            if head and p.position:
                head = f"{head} ({p.position})"
            self.upsert(
                Participant,
                {"meeting": self.meetings[p.meeting], "party": self.parties[p.party]},
                agency=self.agencies[p.agency] if p.agency else None,
                head_of_delegation=head,
                source=f"role: {p.role}; {p.source}",
            )

    # -- instruments ---------------------------------------------------------------------------

    def load_instruments(self) -> None:
        for i in d.INSTRUMENTS:
            adopted = PartialDate.parse(i.adopted_on) if i.adopted_on else None
            self.instruments[i.key] = self.upsert(
                Instrument,
                {"key": i.key},
                title=i.title,
                short_title=i.short_title,
                kind=i.kind,
                description=i.description,
                start_year=i.start_year,
                end_year=i.end_year,
                extended_to_year=i.extended_to_year,
                extended_at=self.meetings[i.extended_at] if i.extended_at else None,
                adopted_on=adopted.date if adopted else None,
                adopted_precision=adopted.precision if adopted else "day",
                place=i.place or "",
                adopted_at=self.meetings[i.adopted_at] if i.adopted_at else None,
                in_force_on=_date(i.in_force_on),
                source=i.source,
                reviewed_at=[self.meetings[k] for k in i.reviewed_at],
                parties=[self.parties[c] for c in i.parties],
                **self.restricted(i.access),
            )
        for i in d.INSTRUMENTS:
            links: list[tuple[str, str]] = [(t, i.link_kind) for t in i.derives_from]
            if i.supersedes:
                links.append((i.supersedes, "supersedes"))
            for target, kind in links:
                self.upsert(
                    InstrumentLink,
                    {
                        "source": self.instruments[i.key],
                        "target": self.instruments[target],
                        "kind": kind,
                    },
                    # InstrumentLink.source is the linking instrument (it shadows the
                    # TrackedModel note), so the source note goes into ``note``.
                    note=i.source[:300],
                )
        self.load_versions()

    def load_versions(self) -> None:
        """Version 1 of every instrument as loaded; an extended one also keeps its original."""
        for i in d.INSTRUMENTS:
            obj = self.instruments[i.key]
            obj.refresh_from_db()
            current = snapshot(obj)
            versions: list[tuple[dict[str, Any], str]] = []
            if i.extended_to_year:
                original = {**current, "extended_to_year": None, "extended_at_id": None}
                adopted_at = f" at the {d.meeting_label(i.adopted_at)}" if i.adopted_at else ""
                versions.append((original, f"As adopted{adopted_at}"))
                extended_at = f" at the {d.meeting_label(i.extended_at)}" if i.extended_at else ""
                versions.append((current, f"Extended to {i.extended_to_year}{extended_at}"))
            else:
                versions.append((current, "As first recorded"))
            for number, (data, note) in enumerate(versions, start=1):
                # Versions are immutable: write the demo's own ones once, never overwrite.
                if not obj.versions.filter(number=number).exists():
                    self.upsert(
                        InstrumentVersion,
                        {"instrument": obj, "number": number},
                        data=data,
                        note=note,
                    )

    # -- outcomes ------------------------------------------------------------------------------

    def load_outcomes(self) -> None:
        for o in d.OUTCOMES:
            self.outcomes[o.key] = self.upsert(
                Outcome,
                {"meeting": self.meetings[o.meeting], "number": o.number},
                kind=o.kind,
                # The model has no title: the title leads the text.
                text=f"{o.title}\n\n{o.text}",
                # The model holds one responsible party and one instrument; the data may name
                # more (the text mentions them all).
                responsible=self.parties[o.responsible[0]] if o.responsible else None,
                due_date=_date(o.due),
                instrument=self.instruments[o.instruments[0]] if o.instruments else None,
                source=f"[{o.key}] {o.source}",
                **self.restricted(o.access),
            )
        for f in d.FORWARDINGS:
            self.upsert(
                Forwarding,
                {"outcome": self.outcomes[f.outcome], "to_meeting": self.meetings[f.to_meeting]},
                status=f.status,
                decision_note=f.response,
                resulting_outcome=(
                    self.outcomes[f.resulting_outcome] if f.resulting_outcome else None
                ),
                source=f.source,
            )

    # -- work plans ----------------------------------------------------------------------------

    def load_work_plans(self) -> None:
        for p in d.PRIORITY_AREAS:
            self.priority_areas[p.key] = self.upsert(
                PriorityArea,
                {"instrument": self.instruments[p.instrument], "position": p.number},
                title=p.title,
                description=p.description,
                source=p.source,
                crime_areas=[self.crime_areas[c] for c in p.crime_areas],
            )
        for a in d.ACTIVITIES:
            activity = self.upsert(
                Activity,
                {"priority_area": self.priority_areas[a.priority_area], "code": a.code},
                title=a.title,
                description=a.description,
                start_year=a.start_year,
                end_year=a.end_year,
                outputs="\n".join(a.outputs),
                source=a.source,
                lead_parties=[self.parties[c] for c in a.lead_parties],
                participating_parties=[self.parties[c] for c in a.participating_parties],
            )
            for ind in a.indicators:
                self.upsert(
                    Indicator,
                    {"activity": activity, "name": ind.name},
                    kind=ind.kind,
                    unit=ind.unit,
                    baseline=ind.baseline,
                    target=ind.target,
                    source=ind.source,
                )

    # -- all -----------------------------------------------------------------------------------

    def run(self) -> LoadResult:
        self.load_parties()
        self.load_agencies()
        self.load_crime_areas()
        self.load_bodies()
        self.load_terms()
        self.load_sharing_groups()
        self.load_users()
        self.load_meetings()
        self.load_agenda_and_participants()
        self.load_instruments()
        self.load_outcomes()
        self.load_work_plans()
        return self.result


#: Titles in the other interface languages, as the ASEAN documents in those languages name them.
INSTRUMENT_TITLES = {
    "asean-japan-wp-2023-2027": {
        "id": "Rencana Kerja ASEAN–Jepang tentang Pemberantasan Kejahatan Lintas Negara 2023–2027",
        "vi": "Kế hoạch công tác ASEAN – Nhật Bản về phòng, chống tội phạm xuyên quốc gia "
        "giai đoạn 2023–2027",
        "th": "แผนงานอาเซียน–ญี่ปุ่นว่าด้วยการต่อต้านอาชญากรรมข้ามชาติ 2023–2027",
    },
}
MEETING_TITLES = {
    "SOMTC": {
        "id": "Pertemuan Pejabat Senior ASEAN tentang Kejahatan Lintas Negara (SOMTC) ke-{n}",
        "vi": "Hội nghị Quan chức Cao cấp ASEAN về Tội phạm xuyên quốc gia (SOMTC) lần thứ {n}",
        "th": "การประชุมเจ้าหน้าที่อาวุโสอาเซียนว่าด้วยอาชญากรรมข้ามชาติ (SOMTC) ครั้งที่ {n}",
    },
    "AMMTC": {
        "id": "Pertemuan Tingkat Menteri ASEAN tentang Kejahatan Lintas Negara (AMMTC) ke-{n}",
        "vi": "Hội nghị Bộ trưởng ASEAN về Tội phạm xuyên quốc gia (AMMTC) lần thứ {n}",
        "th": "การประชุมรัฐมนตรีอาเซียนว่าด้วยอาชญากรรมข้ามชาติ (AMMTC) ครั้งที่ {n}",
    },
}


def load_title_translations() -> None:
    """The translated titles of the ASEAN–Japan work plan and the numbered SOMTC and AMMTC
    meetings (written directly, like the rest of the demo; idempotent)."""
    from mufakat.meetings.models import Meeting
    from mufakat.workplans.models import Instrument

    for key, titles in INSTRUMENT_TITLES.items():
        Instrument.objects.filter(key=key).update(title_translations=titles)
    for code, patterns in MEETING_TITLES.items():
        for meeting in Meeting.objects.filter(body__code=code, number__isnull=False):
            titles = {lang: pattern.format(n=meeting.number) for lang, pattern in patterns.items()}
            Meeting.objects.filter(pk=meeting.pk).update(title_translations=titles)


def load_demo() -> LoadResult:
    """Load (or refresh) the demo data in one transaction, and audit it once."""
    from mufakat.library.demo import load_library_demo
    from mufakat.search.indexing import rebuild as rebuild_search_index

    with transaction.atomic():
        result = _Loader().run()
        load_library_demo()
        load_title_translations()
        rebuild_search_index()  # the demo writes many records directly: index them all once
        record(
            actor=None,
            action="demo.load",
            object_type="demo",
            object_id="",
            object_repr="Demo data loaded",
            after={
                "created": dict(sorted(result.created.items())),
                "updated": dict(sorted(result.updated.items())),
                "counts": result.counts(),
            },
        )
    return result
