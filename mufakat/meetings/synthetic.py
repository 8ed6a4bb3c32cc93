"""One working group with many meetings, for the page benchmark (``generate --body-meetings N``).

Real bodies meet once or twice a year; the pages that list a body's meetings, the calendar and
its iCal feed must still be fast when one body has a thousand. This builds such a body under
SOMTC: N meetings spread over the years up to a year ahead, each with 5 agenda items, 5 outcomes
and the member states attending, chaired and hosted in turn by the member states. Most records
are public, as most of the record is; some are for platform users, the member states, a sharing
group or the owning organisation, so the gate has work to do. Some recommendations are forwarded
to the SOMTC meetings that followed them.

It uses the parties already in the database (``load_demo`` or ``generate --scale``), writes with
``bulk_create`` and is deterministic for a seed and a reference day. A second run on the same
database is refused instead of duplicating.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from mufakat.audit.services import record
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.meetings.models import (
    AgendaItem,
    FollowUp,
    Forwarding,
    Meeting,
    Outcome,
    Participant,
    ordinal,
)
from mufakat.registry.models import Body, CrimeArea, Party

BODY_CODE = "SOMTC-WG-BM"
BODY_NAME = "SOMTC Working Group on Border Management"
SOURCE = "synthetic (mufakat generate --body-meetings)"
AGENDA = (
    "Adoption of the agenda",
    "Reports of the member states on border management",
    "Progress of the work plan on border management",
    "Cooperation with dialogue partners",
    "Date and venue of the next meeting",
)
OUTCOME_TEXTS = {
    Outcome.Kind.RECOMMENDATION: (
        "The meeting recommended that SOMTC endorse joint training for immigration officers "
        "at land borders."
    ),
    Outcome.Kind.DECISION: "The meeting agreed to meet again next year.",
    Outcome.Kind.AGREEMENT: "The meeting agreed on common indicators for document fraud.",
    Outcome.Kind.ACTION_ITEM: (
        "The lead shepherd will circulate a draft handbook on border interdiction to all focal "
        "points."
    ),
    Outcome.Kind.REPORT: "The meeting noted the reports of the member states.",
}
CAPITALS = {
    "BRN": "Bandar Seri Begawan",
    "KHM": "Phnom Penh",
    "IDN": "Jakarta",
    "LAO": "Vientiane",
    "MYS": "Kuala Lumpur",
    "MMR": "Nay Pyi Taw",
    "PHL": "Manila",
    "SGP": "Singapore",
    "THA": "Bangkok",
    "VNM": "Hanoi",
    "TLS": "Dili",
}
#: (audience, TLP, share) of a meeting and of an outcome: mostly public, like the record.
MEETING_ACCESS = (
    (Audience.PUBLIC, TLP.CLEAR, 0.80),
    (Audience.PLATFORM, TLP.GREEN, 0.08),
    (Audience.MEMBER_STATES, TLP.GREEN, 0.06),
    (Audience.SHARING_GROUP, TLP.AMBER, 0.04),
    (Audience.ORGANISATION, TLP.AMBER_STRICT, 0.02),
)
OUTCOME_ACCESS = (
    (Audience.PUBLIC, TLP.CLEAR, 0.70),
    (Audience.PLATFORM, TLP.GREEN, 0.10),
    (Audience.MEMBER_STATES, TLP.GREEN, 0.10),
    (Audience.SHARING_GROUP, TLP.AMBER, 0.06),
    (Audience.ORGANISATION, TLP.AMBER_STRICT, 0.04),
)
KINDS = (
    Outcome.Kind.REPORT,
    Outcome.Kind.DECISION,
    Outcome.Kind.RECOMMENDATION,
    Outcome.Kind.AGREEMENT,
    Outcome.Kind.ACTION_ITEM,
)


@dataclass
class BodyMeetings:
    body: Body
    counts: dict[str, int] = field(default_factory=dict)


def _pick(rng: random.Random, table: tuple[tuple[str, str, float], ...]) -> tuple[str, str]:
    roll, total = rng.random(), 0.0
    for audience, tlp, share in table:
        total += share
        if roll < total:
            return audience, tlp
    return table[0][0], table[0][1]


def generate_body_meetings(
    *,
    count: int,
    seed: int = 2025,
    today: dt.date | None = None,
    batch_size: int = 2000,
    log: Callable[[str], None] = lambda _m: None,
) -> BodyMeetings:
    """Create the working group and its ``count`` meetings; return what was created."""
    if count <= 0:
        raise ValueError("The number of meetings must be positive.")
    if Meeting.objects.filter(body__code=BODY_CODE).exists():
        raise ValueError(f"The body {BODY_CODE} already has meetings; use a fresh database.")
    members = list(
        Party.objects.filter(kind=Party.Kind.MEMBER_STATE, code__in=CAPITALS).order_by("code")
    )
    asec = Party.objects.filter(code="ASEC").first()
    if not members or asec is None:
        raise ValueError(
            "The body's meetings need the registry: run load_demo or generate --scale first "
            "(or together: generate --scale N --body-meetings M)."
        )
    with transaction.atomic():
        return _Builder(count, seed, today or timezone.localdate(), batch_size, members, asec).run(
            log
        )


class _Builder:
    def __init__(
        self,
        count: int,
        seed: int,
        today: dt.date,
        batch_size: int,
        members: list[Party],
        asec: Party,
    ) -> None:
        self.count = count
        self.rng = random.Random(seed)
        self.today = today
        self.batch_size = batch_size
        self.members = members
        self.asec = asec
        self.group = SharingGroup.objects.filter(code__iexact="asean-jpn").first()
        self.result: BodyMeetings | None = None

    def _bulk(self, model: type[Any], rows: list[Any]) -> list[Any]:
        created = model.objects.bulk_create(rows, batch_size=self.batch_size)
        assert self.result is not None
        label = model._meta.label
        self.result.counts[label] = self.result.counts.get(label, 0) + len(created)
        return created

    def _access(self, table: tuple[tuple[str, str, float], ...]) -> tuple[str, str]:
        audience, tlp = _pick(self.rng, table)
        if audience == Audience.SHARING_GROUP and self.group is None:
            return Audience.MEMBER_STATES, TLP.GREEN
        return audience, tlp

    def _body(self) -> Body:
        somtc, _ = Body.objects.get_or_create(
            code="SOMTC",
            defaults={
                "name": "Senior Officials Meeting on Transnational Crime",
                "level": Body.Level.SENIOR_OFFICIALS,
            },
        )
        body = Body.objects.create(
            code=BODY_CODE,
            name=BODY_NAME,
            level=Body.Level.WORKING_GROUP,
            parent=somtc,
            source=SOURCE,
        )
        body.crime_areas.set(CrimeArea.objects.filter(code="people_smuggling"))
        return body

    def _dates(self) -> list[dt.date]:
        """Start days from about 30 years ago to a year ahead, evenly spread with some jitter."""
        end = self.today + dt.timedelta(days=365)
        span = min(30 * 365, max(365, self.count * 30))
        start = end - dt.timedelta(days=span)
        step = span / self.count
        return [
            start + dt.timedelta(days=int(i * step + self.rng.uniform(0, step * 0.5)))
            for i in range(self.count)
        ]

    def run(self, log: Callable[[str], None]) -> BodyMeetings:
        body = self._body()
        self.result = BodyMeetings(body=body)
        meetings = self._meetings(body)
        log(f"  {len(meetings):,} meetings of {BODY_CODE}")
        self._agenda_and_participants(meetings)
        outcomes = self._outcomes(meetings)
        self._forwardings(outcomes)
        record(
            actor=None,
            action="synthetic.body_meetings",
            object_type="registry.Body",
            object_id=str(body.pk),
            object_repr=body.code,
            after={"meetings": len(meetings), "counts": self.result.counts},
        )
        return self.result

    def _meetings(self, body: Body) -> list[Meeting]:
        rows, groups = [], []
        for number, start in enumerate(self._dates(), start=1):
            host = self.members[(number - 1) % len(self.members)]
            virtual = self.rng.random() < 0.1
            audience, tlp = self._access(MEETING_ACCESS)
            if start > self.today:
                status = Meeting.Status.PLANNED
            else:
                cancelled = self.rng.random() < 0.02
                status = Meeting.Status.CANCELLED if cancelled else Meeting.Status.HELD
            rows.append(
                Meeting(
                    body=body,
                    number=number,
                    title=f"{ordinal(number)} {BODY_NAME}",
                    start_date=start,
                    end_date=start + dt.timedelta(days=self.rng.choice((0, 1, 1, 2))),
                    city="" if virtual else CAPITALS[host.code],
                    is_virtual=virtual,
                    host=None if virtual else host,
                    chair=host,
                    status=status,
                    summary=f"Meeting chaired by {host.name}.",
                    audience=audience,
                    tlp=tlp,
                    owner_party=self.asec,
                    source=SOURCE,
                )
            )
            groups.append(audience == Audience.SHARING_GROUP)
        meetings = self._bulk(Meeting, rows)
        self._share([m for m, shared in zip(meetings, groups, strict=True) if shared], Meeting)
        return meetings

    def _share(self, records: list[Any], model: type[Any]) -> None:
        if not records or self.group is None:
            return
        through = model.sharing_groups.through
        column = f"{model._meta.model_name}_id"
        through.objects.bulk_create(
            [through(**{column: r.pk, "sharinggroup_id": self.group.pk}) for r in records],
            batch_size=self.batch_size,
        )

    def _agenda_and_participants(self, meetings: list[Meeting]) -> None:
        items, participants = [], []
        for meeting in meetings:
            items += [
                AgendaItem(meeting=meeting, position=n, title=title, source=SOURCE)
                for n, title in enumerate(AGENDA, start=1)
            ]
            attending = self.rng.sample(
                self.members, max(1, len(self.members) - self.rng.randint(0, 3))
            )
            participants += [
                Participant(meeting=meeting, party=party, source=SOURCE)
                for party in sorted(attending, key=lambda p: p.code)
            ]
        self._bulk(AgendaItem, items)
        self._bulk(Participant, participants)

    def _outcomes(self, meetings: list[Meeting]) -> list[Outcome]:
        rows, groups = [], []
        for meeting in meetings:
            for number, kind in enumerate(KINDS, start=1):
                audience, tlp = self._access(OUTCOME_ACCESS)
                action = kind == Outcome.Kind.ACTION_ITEM
                due = meeting.start_date + dt.timedelta(days=180) if action else None
                done = action and due is not None and due < self.today and self.rng.random() < 0.6
                rows.append(
                    Outcome(
                        meeting=meeting,
                        number=number,
                        kind=kind,
                        text=OUTCOME_TEXTS[kind],
                        responsible=meeting.chair if action else None,
                        due_date=due,
                        follow_up=FollowUp.DONE if done else FollowUp.OPEN,
                        done_on=due if done else None,
                        audience=audience,
                        tlp=tlp,
                        owner_party=self.asec,
                        source=SOURCE,
                    )
                )
                groups.append(audience == Audience.SHARING_GROUP)
        outcomes = self._bulk(Outcome, rows)
        self._share([o for o, shared in zip(outcomes, groups, strict=True) if shared], Outcome)
        return outcomes

    def _forwardings(self, outcomes: list[Outcome]) -> None:
        """About a third of the recommendations go to the next SOMTC meeting, if there is one."""
        somtc = list(
            Meeting.objects.filter(body__code="SOMTC")
            .order_by("start_date", "pk")
            .values_list("pk", "start_date", "status")
        )
        if not somtc:
            return
        days = [start for _pk, start, _status in somtc]
        rows = []
        for outcome in outcomes:
            if outcome.kind != Outcome.Kind.RECOMMENDATION or self.rng.random() >= 0.35:
                continue
            following = bisect.bisect_right(days, outcome.meeting.start_date)
            if following == len(somtc):
                continue
            target = somtc[following]
            held = target[2] == Meeting.Status.HELD
            rows.append(
                Forwarding(
                    outcome=outcome,
                    to_meeting_id=target[0],
                    status=self.rng.choice((Forwarding.Status.NOTED, Forwarding.Status.ENDORSED))
                    if held
                    else Forwarding.Status.PENDING,
                    source=SOURCE,
                )
            )
        self._bulk(Forwarding, rows)
