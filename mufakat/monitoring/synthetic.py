"""A synthetic but realistic monitoring history, for benchmarks and load tests.

``scale=1`` is roughly today's ASEAN: ~20 instruments (ASEAN plans and work programmes, and
ASEAN–partner work plans), ~1,500 activities, the 11 member states and 11 dialogue partners,
and 8 reporting rounds per instrument family (SOMTC, and each SOMTC+partner consultation) —
about 100,000 progress reports. ``scale=10`` gives about a million. Instrument sizes are skewed
(a few flagship plans carry many activities), as they are in reality.

Parties, bodies, sharing groups and meetings already in the database (from ``load_demo``) are
reused; missing ones are created. Everything else is new and keyed ``gen-…``, so a second run
on the same database is refused instead of duplicating. Rows are written with ``bulk_create``
in batches, round by round, so memory stays bounded whatever the scale; the output is the same
for the same seed. One audit event records the generation (a bulk import, not edits by people);
freezing the older rounds goes through :func:`snapshots.freeze_round`, audited as usual.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from mufakat.accounts.models import Role, User
from mufakat.audit.services import record
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.meetings.models import Meeting
from mufakat.monitoring import snapshots, tallies
from mufakat.monitoring.models import (
    DERIVED_PERCENT,
    MonitoringSettings,
    PercentMode,
    ProgressReport,
    ProgressStatus,
    ReportingRound,
)
from mufakat.registry.models import Body, CrimeArea, Party, PartyMembership
from mufakat.workplans.models import Activity, Indicator, Instrument, PriorityArea

KEY_PREFIX = "gen-"
ROUNDS_PER_FAMILY = 8
FIRST_YEAR = 2018

MEMBER_STATES: tuple[tuple[str, str, str], ...] = (
    ("BRN", "Brunei Darussalam", "1984-01-07"),
    ("KHM", "Cambodia", "1999-04-30"),
    ("IDN", "Indonesia", "1967-08-08"),
    ("LAO", "Lao PDR", "1997-07-23"),
    ("MYS", "Malaysia", "1967-08-08"),
    ("MMR", "Myanmar", "1997-07-23"),
    ("PHL", "Philippines", "1967-08-08"),
    ("SGP", "Singapore", "1967-08-08"),
    ("THA", "Thailand", "1967-08-08"),
    ("VNM", "Viet Nam", "1995-07-28"),
    ("TLS", "Timor-Leste", "2025-10-26"),
)
PARTNERS: tuple[tuple[str, str, str], ...] = (
    ("AUS", "Australia", "Australia"),
    ("CAN", "Canada", "Canada"),
    ("CHN", "China", "China"),
    ("EU", "European Union", "EU"),
    ("IND", "India", "India"),
    ("JPN", "Japan", "Japan"),
    ("KOR", "Republic of Korea", "Republic of Korea"),
    ("NZL", "New Zealand", "New Zealand"),
    ("RUS", "Russian Federation", "Russia"),
    ("USA", "United States", "US"),
    ("GBR", "United Kingdom", "UK"),
)

#: Crime area code → (name, topics an activity may address).
CRIME_AREAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "terrorism": (
        "Counter-terrorism and violent extremism",
        (
            "deradicalisation",
            "terrorist financing",
            "foreign terrorist fighters",
            "online radicalisation",
        ),
    ),
    "illicit_drug_trafficking": (
        "Illicit drug trafficking",
        ("precursor chemicals", "synthetic drugs", "drug profiling", "border interdiction"),
    ),
    "trafficking_in_persons": (
        "Trafficking in persons",
        (
            "victim identification",
            "survivor support",
            "forced labour at sea",
            "online exploitation",
        ),
    ),
    "arms_smuggling": (
        "Arms smuggling",
        ("firearms tracing", "small arms stockpiles", "maritime arms transfers"),
    ),
    "sea_piracy": ("Sea piracy", ("maritime domain awareness", "joint patrols", "port security")),
    "money_laundering": (
        "Money laundering",
        ("financial intelligence", "asset recovery", "virtual assets", "trade-based laundering"),
    ),
    "international_economic_crime": (
        "International economic crime",
        ("investment fraud", "counterfeit goods", "corruption in customs"),
    ),
    "cybercrime": (
        "Cybercrime",
        ("digital forensics", "ransomware response", "online scam centres", "electronic evidence"),
    ),
    "wildlife_timber_trafficking": (
        "Wildlife and timber trafficking",
        ("wildlife forensics", "illegal logging", "CITES enforcement"),
    ),
    "people_smuggling": (
        "People smuggling",
        ("irregular migration routes", "document fraud", "border management"),
    ),
}
ACTIVITY_KINDS = (
    "Regional workshop on",
    "Training course on",
    "Study on",
    "Joint exercise on",
    "Expert group meeting on",
    "Exchange programme on",
    "Seminar on",
    "Toolkit on",
    "Table-top exercise on",
    "Capacity-building programme on",
    "Handbook on",
    "Regional conference on",
)
ASEAN_TITLES = (
    "ASEAN Plan of Action to Combat Transnational Crime",
    "SOMTC Work Programme on {area}",
    "ASEAN Work Plan on {area}",
    "ASEAN Roadmap on {area}",
)
PARTNER_TITLES = (
    "ASEAN–{partner} Work Plan to Combat Transnational Crime",
    "ASEAN–{partner} Work Plan on {area}",
    "SOMTC+{partner} Work Programme on {area}",
)
PERIODS = ((2016, 2025), (2019, 2025), (2021, 2025), (2023, 2027), (2024, 2028), (2018, 2022))
NARRATIVES = (
    "Delivered as planned with the participation of {n} agencies.",
    "Preparations under way; the host agency has confirmed the venue.",
    "Postponed pending budget approval; expected to resume next quarter.",
    "Completed; the report was circulated to all focal points.",
    "Follow-up training requested by participating agencies.",
    "Funding secured from the dialogue partner; implementation began.",
    "Delayed by changes in the lead agency; a new timeline is proposed.",
    "Outputs published and shared through the platform.",
)
ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else ORDINAL_SUFFIX.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class Sizes:
    instruments: int
    activities: int
    rounds_per_family: int = ROUNDS_PER_FAMILY

    @classmethod
    def for_scale(cls, scale: float) -> Sizes:
        instruments = max(2, round(20 * scale))
        return cls(instruments=instruments, activities=max(instruments * 3, round(1500 * scale)))


@dataclass
class Family:
    """Instruments reported on together, in rounds for the same body's meetings."""

    body: Body
    parties: list[Party]
    audience: str
    tlp: str
    group: SharingGroup | None
    partner: tuple[str, str, str] | None
    first_number: int
    instruments: list[Instrument] = field(default_factory=list)


@dataclass
class PlannedActivity:
    pk: int
    instrument_id: int
    priority_area_id: int
    derived: bool
    parties: list[int]
    start: float  # the round (index) where progress begins
    speed: float  # percentage points per round


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)
    timings: list[tuple[str, float]] = field(default_factory=list)


class Generator:
    def __init__(
        self,
        *,
        scale: float,
        seed: int,
        batch_size: int = 5000,
        freeze: bool = True,
        log: Callable[[str], None] = lambda _m: None,
    ) -> None:
        self.sizes = Sizes.for_scale(scale)
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.freeze = freeze
        self.log = log
        self.result = Result()
        self.parties: dict[str, Party] = {}
        self.focal: dict[int, int] = {}
        self.families: list[Family] = []
        self.activities: dict[int, list[PlannedActivity]] = {}  # by instrument id

    # -- mechanics -----------------------------------------------------------------------------

    def _stage(self, name: str, started: float) -> None:
        took = time.perf_counter() - started
        self.result.timings.append((name, took))
        self.log(f"  {name}: {took:.1f} s")

    def _count(self, name: str, n: int) -> None:
        self.result.counts[name] = self.result.counts.get(name, 0) + n

    def _bulk(self, model: type[Any], rows: list[Any]) -> list[Any]:
        created = model.objects.bulk_create(rows, batch_size=self.batch_size)
        self._count(model._meta.label, len(created))
        return created

    def _insert_reports(self, rows: list[dict[str, Any]]) -> None:
        """Write a batch of reports without the ORM's per-field work (a million rows would
        spend minutes in it): COPY on PostgreSQL, one multi-row INSERT per batch elsewhere.
        Columns come from the model, so a field added later gets its default."""
        fields = [f for f in ProgressReport._meta.concrete_fields if not f.primary_key]
        now = timezone.now()
        defaults = {
            f.attname: now if f.attname in ("created_at", "updated_at") else f.get_default()
            for f in fields
        }
        columns = [f.column for f in fields]
        table = ProgressReport._meta.db_table
        ops = connection.ops
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                names = ", ".join(ops.quote_name(c) for c in columns)
                raw = cursor.cursor  # psycopg's own cursor, for COPY
                with raw.copy(f"COPY {ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([row.get(f.attname, defaults[f.attname]) for f in fields])
            else:
                values = [
                    [
                        ops.adapt_datetimefield_value(v) if isinstance(v, dt.datetime) else v
                        for v in (row.get(f.attname, defaults[f.attname]) for f in fields)
                    ]
                    for row in rows
                ]
                marks = ", ".join(["%s"] * len(fields))
                names = ", ".join(ops.quote_name(c) for c in columns)
                cursor.executemany(
                    f"INSERT INTO {ops.quote_name(table)} ({names}) VALUES ({marks})", values
                )
        self._count(ProgressReport._meta.label, len(rows))

    # -- the registry: reuse what is there ------------------------------------------------------

    def _registry(self) -> None:
        asec, _ = Party.objects.get_or_create(
            code="ASEC",
            defaults={
                "name": "ASEAN Secretariat",
                "kind": Party.Kind.ORGANISATION,
                "is_asean_organ": True,
            },
        )
        self.parties["ASEC"] = asec
        for code, name, since in MEMBER_STATES:
            party, created = Party.objects.get_or_create(
                code=code, defaults={"name": name, "kind": Party.Kind.MEMBER_STATE}
            )
            if created:
                PartyMembership.objects.create(
                    party=party,
                    status=PartyMembership.Status.MEMBER,
                    start_date=dt.date.fromisoformat(since),
                )
            self.parties[code] = party
        for code, name, _short in PARTNERS:
            self.parties[code], _ = Party.objects.get_or_create(
                code=code, defaults={"name": name, "kind": Party.Kind.DIALOGUE_PARTNER}
            )
        for code, (name, _topics) in CRIME_AREAS.items():
            CrimeArea.objects.get_or_create(code=code, defaults={"name": name})
        secretariat = (
            User.objects.filter(role=Role.SECRETARIAT, party=asec, is_active=True)
            .order_by("pk")
            .first()
        )
        if secretariat is None:
            secretariat = User.objects.create(
                username="gen.secretariat", party=asec, role=Role.SECRETARIAT
            )
        self.secretariat: User = secretariat
        for code, party in self.parties.items():
            if code == "ASEC":
                continue
            role = (
                Role.FOCAL_POINT
                if party.kind == Party.Kind.MEMBER_STATE
                else Role.PARTNER_FOCAL_POINT
            )
            user, created = User.objects.get_or_create(
                username=f"gen.{code.lower()}.focal", defaults={"party": party, "role": role}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            self.focal[party.pk] = user.pk

    def _families(self) -> None:
        members = [self.parties[c] for c, _n, _s in MEMBER_STATES]
        somtc, _ = Body.objects.get_or_create(
            code="SOMTC",
            defaults={
                "name": "Senior Officials Meeting on Transnational Crime",
                "level": Body.Level.SENIOR_OFFICIALS,
            },
        )
        self.families.append(
            Family(
                body=somtc,
                parties=members,
                audience=Audience.MEMBER_STATES,
                tlp=TLP.GREEN,
                group=None,
                partner=None,
                first_number=18,
            )
        )
        for n, partner in enumerate(PARTNERS):
            code, _name, short = partner
            body, _ = Body.objects.get_or_create(
                code=f"SOMTC+{code}",
                defaults={
                    "name": f"SOMTC+{short} Consultation",
                    "level": Body.Level.CONSULTATION,
                    "parent": somtc,
                },
            )
            group = SharingGroup.objects.filter(code__iexact=f"asean-{code}").first()
            if group is None:
                group = SharingGroup.objects.create(
                    code=f"asean-{code.lower()}", name=f"ASEAN + {short}"
                )
            group.parties.add(*members, self.parties["ASEC"], self.parties[code])
            self.families.append(
                Family(
                    body=body,
                    parties=[*members, self.parties[code]],
                    audience=Audience.SHARING_GROUP,
                    tlp=TLP.AMBER,
                    group=group,
                    partner=partner,
                    first_number=10 + n % 5,
                )
            )

    # -- instruments, priority areas, activities ------------------------------------------------

    def _instrument_sizes(self) -> list[int]:
        """Activities per instrument: skewed like real work plans, summing to the target."""
        n = self.sizes.instruments
        weights = [1 / (i + 1) ** 0.8 for i in range(n)]
        self.rng.shuffle(weights)
        total = sum(weights)
        sizes = [max(3, round(self.sizes.activities * w / total)) for w in weights]
        return sizes

    def _instruments(self) -> None:
        asean, partner_families = self.families[0], self.families[1:]
        sizes = self._instrument_sizes()
        areas_codes = list(CRIME_AREAS)
        rows: list[Instrument] = []
        owners: list[Family] = []
        for i in range(self.sizes.instruments):
            family = asean if i % 5 in (0, 3) else partner_families[i % len(partner_families)]
            area = CRIME_AREAS[self.rng.choice(areas_codes)][0]
            start, end = self.rng.choice(PERIODS)
            if family.partner is None:
                template = self.rng.choice(ASEAN_TITLES)
                title = template.format(area=area)
                kind = (
                    Instrument.Kind.PLAN_OF_ACTION
                    if "Plan of Action" in template
                    else (
                        Instrument.Kind.ROADMAP
                        if "Roadmap" in template
                        else Instrument.Kind.WORK_PROGRAMME
                    )
                )
            else:
                template = self.rng.choice(PARTNER_TITLES)
                title = template.format(partner=family.partner[2], area=area)
                kind = Instrument.Kind.WORK_PLAN
            restricted = family.partner is not None and self.rng.random() < 0.2
            rows.append(
                Instrument(
                    key=f"{KEY_PREFIX}{i + 1:04d}",
                    title=f"{title} {start}–{end}",
                    kind=kind,
                    start_year=start,
                    end_year=end,
                    audience=Audience.SHARING_GROUP if restricted else Audience.PUBLIC,
                    tlp=TLP.AMBER if restricted else TLP.CLEAR,
                    owner_party=self.parties["ASEC"],
                    source="synthetic (mufakat generate)",
                )
            )
            owners.append(family)
        instruments = self._bulk(Instrument, rows)
        through = Instrument.parties.through
        groups = Instrument.sharing_groups.through
        party_links, group_links, settings = [], [], []
        for instrument, family in zip(instruments, owners, strict=True):
            family.instruments.append(instrument)
            party_links += [
                through(instrument_id=instrument.pk, party_id=p.pk) for p in family.parties
            ]
            if instrument.audience == Audience.SHARING_GROUP and family.group is not None:
                group_links.append(
                    groups(instrument_id=instrument.pk, sharinggroup_id=family.group.pk)
                )
            if self.rng.random() < 0.25:
                settings.append(
                    MonitoringSettings(instrument=instrument, percent_mode=PercentMode.DERIVED)
                )
        through.objects.bulk_create(party_links, batch_size=self.batch_size)
        groups.objects.bulk_create(group_links, batch_size=self.batch_size)
        self._bulk(MonitoringSettings, settings)
        self._areas_and_activities(instruments, owners, sizes, {s.instrument_id for s in settings})

    def _areas_and_activities(
        self,
        instruments: list[Instrument],
        owners: list[Family],
        sizes: list[int],
        derived: set[int],
    ) -> None:
        crime_ids = dict(CrimeArea.objects.values_list("code", "pk"))
        area_rows: list[PriorityArea] = []
        area_codes: list[str] = []
        for instrument, size in zip(instruments, sizes, strict=True):
            count = max(1, min(6, size // 8 + 2))
            for position, code in enumerate(self.rng.sample(list(CRIME_AREAS), count), start=1):
                area_rows.append(
                    PriorityArea(
                        instrument=instrument,
                        position=position,
                        title=CRIME_AREAS[code][0],
                        source="synthetic (mufakat generate)",
                    )
                )
                area_codes.append(code)
        areas = self._bulk(PriorityArea, area_rows)
        crime_through = PriorityArea.crime_areas.through
        crime_through.objects.bulk_create(
            [
                crime_through(priorityarea_id=a.pk, crimearea_id=crime_ids[code])
                for a, code in zip(areas, area_codes, strict=True)
                if code in crime_ids
            ],
            batch_size=self.batch_size,
        )
        by_instrument: dict[int, list[tuple[PriorityArea, str]]] = {}
        for area, code in zip(areas, area_codes, strict=True):
            by_instrument.setdefault(area.instrument_id, []).append((area, code))
        for instrument, family, size in zip(instruments, owners, sizes, strict=True):
            self._activities(
                instrument, family, size, by_instrument[instrument.pk], instrument.pk in derived
            )

    def _activities(
        self,
        instrument: Instrument,
        family: Family,
        size: int,
        areas: list[tuple[PriorityArea, str]],
        derived: bool,
    ) -> None:
        members = [p for p in family.parties if p.kind == Party.Kind.MEMBER_STATE]
        partner = self.parties[family.partner[0]] if family.partner else None
        rows: list[Activity] = []
        involvement: list[tuple[list[int], list[int]]] = []
        per_area: dict[int, int] = {}
        for i in range(size):
            area, code = areas[i % len(areas)]
            per_area[area.pk] = per_area.get(area.pk, 0) + 1
            topic = self.rng.choice(CRIME_AREAS[code][1])
            leads = self.rng.sample(members, 2 if self.rng.random() < 0.15 else 1)
            if partner is not None and self.rng.random() < 0.4:
                leads = [partner]
            others = [p for p in family.parties if p not in leads]
            joined = self.rng.sample(others, min(len(others), self.rng.randint(4, 10)))
            if partner is not None and partner not in leads and partner not in joined:
                joined.append(partner)
            start = self.rng.choice((2018, 2019, 2020, 2021, 2022, 2023))
            rows.append(
                Activity(
                    priority_area=area,
                    code=f"{area.position}.{per_area[area.pk]}",
                    title=f"{self.rng.choice(ACTIVITY_KINDS)} {topic}",
                    start_year=start,
                    end_year=start + self.rng.randint(1, 4),
                    outputs="Report to the next SOMTC; materials shared with focal points.",
                    source="synthetic (mufakat generate)",
                )
            )
            involvement.append(([p.pk for p in leads], [p.pk for p in joined]))
        activities = self._bulk(Activity, rows)
        lead_through = Activity.lead_parties.through
        join_through = Activity.participating_parties.through
        lead_rows, join_rows, indicators = [], [], []
        planned: list[PlannedActivity] = []
        for activity, (leads_ids, joined_ids) in zip(activities, involvement, strict=True):
            lead_rows += [lead_through(activity_id=activity.pk, party_id=p) for p in leads_ids]
            join_rows += [join_through(activity_id=activity.pk, party_id=p) for p in joined_ids]
            if self.rng.random() < 0.5:
                indicators.append(
                    Indicator(
                        activity=activity,
                        name="Officials trained",
                        kind=Indicator.Kind.NUMERIC,
                        unit="people",
                        baseline="0",
                        target=str(self.rng.choice((20, 40, 60, 100))),
                    )
                )
            planned.append(
                PlannedActivity(
                    pk=activity.pk,
                    instrument_id=instrument.pk,
                    priority_area_id=activity.priority_area_id,
                    derived=derived,
                    parties=sorted(set(leads_ids) | set(joined_ids)),
                    start=self.rng.uniform(-1, 5),
                    speed=self.rng.uniform(12, 40),
                )
            )
        lead_through.objects.bulk_create(lead_rows, batch_size=self.batch_size)
        join_through.objects.bulk_create(join_rows, batch_size=self.batch_size)
        self._bulk(Indicator, indicators)
        self.activities[instrument.pk] = planned

    # -- meetings, rounds, reports --------------------------------------------------------------

    def _meeting(self, family: Family, index: int) -> Meeting:
        number = family.first_number + index
        year = FIRST_YEAR + index
        meeting = Meeting.objects.filter(body=family.body, number=number).first()
        if meeting is not None:
            return meeting
        name = family.body.short_name or family.body.code
        meeting = Meeting.objects.create(
            body=family.body,
            number=number,
            title=f"{ordinal(number)} {name}",
            start_date=dt.date(year, 6 if family.partner is None else 7, 15 + index % 10),
            status=Meeting.Status.HELD,
            audience=Audience.PUBLIC,
            tlp=TLP.CLEAR,
            owner_party=self.parties["ASEC"],
            source="synthetic (mufakat generate)",
        )
        self._count("meetings.Meeting", 1)
        return meeting

    def _rounds(self) -> None:
        for family in self.families:
            if not family.instruments:
                continue
            previous: ReportingRound | None = None
            for index in range(self.sizes.rounds_per_family):
                meeting = self._meeting(family, index)
                latest = index == self.sizes.rounds_per_family - 1
                due = dt.date(FIRST_YEAR + index, 5, 31)
                round_ = ReportingRound.objects.create(
                    title=f"Round for the {meeting.title}",
                    meeting=meeting,
                    previous=previous,
                    opens_on=due - dt.timedelta(days=75),
                    due_date=due,
                    status=ReportingRound.Status.OPEN if latest else ReportingRound.Status.CLOSED,
                    audience=family.audience,
                    tlp=family.tlp,
                    owner_party=self.parties["ASEC"],
                    source="synthetic (mufakat generate)",
                )
                round_.instruments.set(family.instruments)
                round_.reporting_parties.set(family.parties)
                if family.group is not None:
                    round_.sharing_groups.set([family.group])
                self._count("monitoring.ReportingRound", 1)
                with tallies.counted_after(round_.pk):
                    for batch in self._reports(round_, family, index, latest):
                        self._insert_reports(batch)
                if self.freeze and not latest:
                    # Synthetic history keeps some drafts in old rounds, frozen knowingly.
                    snapshots.freeze_round(
                        actor=self.secretariat, round=round_, acknowledge_early=True
                    )
                    self._count("monitoring.Snapshot", 1)
                previous = round_

    def _status(self, activity: PlannedActivity, index: int) -> tuple[str, int]:
        roll = self.rng.random()
        if roll < 0.02:
            return ProgressStatus.CANCELLED, -1
        if roll < 0.04:
            return ProgressStatus.NOT_APPLICABLE, -1
        percent = round((index - activity.start) * activity.speed + self.rng.uniform(-10, 10))
        percent = max(0, min(100, percent))
        if percent == 0:
            return ProgressStatus.NOT_STARTED, 0
        if percent == 100:
            return ProgressStatus.COMPLETED, 100
        delayed = self.rng.random() < 0.25
        return (ProgressStatus.DELAYED if delayed else ProgressStatus.ON_TRACK), min(percent, 95)

    def _state(self, latest: bool) -> str:
        roll = self.rng.random()
        if latest:
            for state, share in (("accepted", 0.4), ("submitted", 0.62), ("returned", 0.67)):
                if roll < share:
                    return state
            return ProgressReport.State.DRAFT
        if roll < 0.93:
            return ProgressReport.State.ACCEPTED
        return ProgressReport.State.DRAFT if roll < 0.97 else ProgressReport.State.SUBMITTED

    def _reports(
        self, round_: ReportingRound, family: Family, index: int, latest: bool
    ) -> Iterator[list[dict[str, Any]]]:
        reporting = {p.pk for p in family.parties}
        due = timezone.make_aware(dt.datetime.combine(round_.due_date, dt.time(10)))
        batch: list[dict[str, Any]] = []
        for instrument in family.instruments:
            for activity in self.activities[instrument.pk]:
                for party_id in activity.parties:
                    if party_id not in reporting:
                        continue
                    state = self._state(latest)
                    status, percent = self._status(activity, index)
                    draft = state == ProgressReport.State.DRAFT
                    if draft and self.rng.random() < 0.6:
                        status, percent = ProgressStatus.NOT_REPORTED, -1
                    value: int | None = None if percent < 0 else percent
                    if activity.derived:
                        value = DERIVED_PERCENT.get(status)
                    submitted = None
                    if not draft:
                        late = self.rng.random() < 0.2
                        shift = self.rng.uniform(1, 30) if late else -self.rng.uniform(0, 40)
                        submitted = due + dt.timedelta(days=shift)
                    reviewed = state in ("accepted", "returned")
                    batch.append(
                        {
                            "round_id": round_.pk,
                            "activity_id": activity.pk,
                            "party_id": party_id,
                            "instrument_id": activity.instrument_id,
                            "priority_area_id": activity.priority_area_id,
                            "status": status,
                            "percent": value,
                            "percent_derived": activity.derived and value is not None,
                            "narrative": ""
                            if status == ProgressStatus.NOT_REPORTED
                            else self.rng.choice(NARRATIVES).format(n=self.rng.randint(2, 9)),
                            "state": state,
                            "submitted_at": submitted,
                            "submitted_by_id": self.focal.get(party_id) if submitted else None,
                            "reviewed_at": submitted + dt.timedelta(days=14)
                            if reviewed and submitted
                            else None,
                            "reviewed_by_id": self.secretariat.pk if reviewed else None,
                            "review_comment": "Please add the number of participants."
                            if state == "returned"
                            else "",
                        }
                    )
                    if len(batch) >= self.batch_size:
                        yield batch
                        batch = []
        if batch:
            yield batch

    # -- the whole run ---------------------------------------------------------------------------

    def run(self) -> Result:
        if Instrument.objects.filter(key__startswith=KEY_PREFIX).exists():
            raise ValueError(
                "This database already holds generated data (instrument keys 'gen-…'); "
                "generate into a fresh database."
            )
        for name, stage in (
            ("registry", self._registry),
            ("families", self._families),
            ("instruments, priority areas, activities", self._instruments_in_transaction),
            ("rounds, reports, snapshots", self._rounds),
        ):
            started = time.perf_counter()
            stage()
            self._stage(name, started)
        record(
            actor=None,
            action="synthetic.generate",
            object_type="monitoring.synthetic",
            object_repr=f"scale {self.scale}, seed {self.seed}",
            after={"scale": self.scale, "seed": self.seed, "counts": self.result.counts},
        )
        return self.result

    def _instruments_in_transaction(self) -> None:
        with transaction.atomic():
            self._instruments()


def expected_reports(scale: float) -> int:
    """A rough size estimate, for the command's help and for sanity checks."""
    sizes = Sizes.for_scale(scale)
    return math.ceil(sizes.activities * 8.5 * sizes.rounds_per_family)
