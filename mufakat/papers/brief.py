"""The brief the Secretariat takes into a meeting, built for one reader from the records.

What it draws on, each read through the gate (DESIGN.md §3) and each section saying where its
figures come from:

- the outcomes of lower bodies forwarded to the meeting (as ``meetings.selectors.received`` reads them), and
  the meetings of the bodies reporting to this one held since its previous meeting;
- for each instrument the body *oversees* — an instrument with a reporting round that feeds a
  meeting of this body, or one reviewed at a meeting of this body (the records name no other
  link between a body and an instrument) — the frozen snapshot presented at this meeting, else
  the latest one frozen, compared with the snapshot before it, and how reporting stands in a
  round for this meeting that is still open;
- the action items of the body's (and its working groups') earlier meetings still open, and
  those done since its previous meeting, per responsible party;
- knowledge items and requests for expertise published since its previous meeting in the
  body's crime areas — the body's own, else those of the bodies reporting to it, else those of
  the priority areas of the instruments it oversees (the section says which);
- the parties invited and the delegates they named (names only for signed-in readers, as on
  the meeting page), and the participants recorded.

A record the reader may not see is left out without a trace; every record whose content is in
the brief adds its TLP label, so the brief is marked with the most restrictive of them. The
number of queries does not grow with the number of forwardings, action items or reports: each
part is one or two queries, and the snapshots cost a few queries per snapshot shown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db import connections, router
from django.db.models import (
    Aggregate,
    BooleanField,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from mufakat.core.choices import choice_label
from mufakat.core.templatetags.mufakat import date_range
from mufakat.core.title_translations import translated_title
from mufakat.core.urlcache import cached_reverse
from mufakat.core.visibility import precompiled
from mufakat.library.models import KnowledgeItem
from mufakat.meetings import action_items as action_item_reads
from mufakat.meetings import delegations
from mufakat.meetings import selectors as meeting_reads
from mufakat.meetings.models import AgendaItem, Forwarding, Meeting, Outcome
from mufakat.meetings.trace import LEAN_FIELDS, forget_hidden_results, visible_forwardings
from mufakat.monitoring import rollups, snapshots
from mufakat.monitoring.models import ProgressReport, ProgressStatus, ReportingRound, Snapshot
from mufakat.papers.content import Block, Link, Note, Paper, Para, Section, Table
from mufakat.papers.status_report import (
    change_blocks,
    compare_source,
    day,
    delta,
    figure_blocks,
    party_table,
    percent,
    snapshot_source,
    url_or,
)
from mufakat.papers.templatetags.paper_tags import keep_markup
from mufakat.registry.models import Body, CrimeArea
from mufakat.workplans.models import Instrument

#: Knowledge items listed in a brief at most (newest first); the rest are counted.
KNOWLEDGE_SHOWN = 40
#: Action items listed per responsible party, open and done alike; the rest are counted and
#: linked to the list of action items. A delegate prepares a party's few most pressing items —
#: the overdue ones, then those due soonest — not a body's hundreds; five keeps a brief of a
#: dozen parties to a few pages and its page as fast signed in as anonymous.
ACTION_ITEMS_SHOWN = 5
#: Above this many instruments, the brief tables them all and details only this many.
DETAILED_INSTRUMENTS = 5
#: A number no record has, reversed once to make the addresses of many records of one kind.
_MARKER = 2147483647


def _shape(name: str, *named: Any) -> str:
    """The name of a brief's precompiled read (:func:`precompiled`) with every Python value
    besides its ids that its SQL holds (a date, "today"), so a change of any of them compiles
    it afresh."""
    return ":".join(["papers.brief." + name, *(str(value) for value in named)])


def _addresses(name: str, fallback: str) -> Callable[[int], str]:
    """``pk → address`` of one kind of page, reversing its name once: a brief links hundreds of
    records, and reversing each costs more than the rest of its row. ``fallback`` has ``{}``
    where the id goes."""
    head, _sep, tail = url_or(name, [_MARKER], fallback.format(_MARKER)).partition(str(_MARKER))
    return lambda pk: f"{head}{pk}{tail}"


def brief_title(meeting: Meeting) -> str:
    """ "Brief for the 27th SOMTC" — with the meeting's own title."""
    title = translated_title(meeting) or meeting.default_title()
    if title.startswith("Meeting "):
        title = "m" + title[1:]
    return _("Brief for the %(meeting)s") % {"meeting": title}


def _previous_meeting(meeting: Meeting, user: Any) -> Meeting | None:
    """The body's latest meeting before this one that the reader may see (not cancelled), as
    :func:`action_item_reads.previous_meeting` finds it, in a statement compiled once per reader
    and date."""
    start = meeting.start_date
    found = precompiled(
        _shape("previous_meeting", start),
        Meeting,
        user,
        lambda body_id, pk: (
            Meeting.objects.visible_to(user)
            .filter(body_id=body_id, start_date__lt=start)
            .exclude(pk=pk)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("-start_date", "-pk")[:1]
        ),
        (meeting.body_id, meeting.pk),
    )
    return found[0] if found else None


def _since_phrase(previous: Meeting | None) -> str:
    if previous is None:
        return _("since the first meeting recorded")
    return _("since the %(meeting)s (%(date)s)") % {
        "meeting": translated_title(previous),
        "date": day(previous.start_date),
    }


@dataclass
class _Context:
    meeting: Meeting
    user: Any
    body: Body
    previous: Meeting | None
    lower: list[Body]
    paper: Paper
    instruments: list[Instrument] = field(default_factory=list)
    #: Titles of the meetings read through the gate for this reader so far, by id.
    titles: dict[int, str] = field(default_factory=dict)


def build_brief(meeting: Meeting, *, user: Any) -> Paper:
    """The brief of ``meeting`` (already visible to ``user``; callers answer 404 otherwise)."""
    body = meeting.body
    previous = _previous_meeting(meeting, user)
    paper = Paper(
        kind="brief",
        title=brief_title(meeting),
        subtitle=body.name,
        url=url_or("papers:brief", [meeting.pk], f"/meetings/{meeting.pk}/brief/"),
        produced_at=timezone.now(),
    )
    paper.include(meeting.tlp)
    paper.meta = _meta(meeting, previous)
    if previous is not None:
        paper.include(previous.tlp)
    ctx = _Context(
        meeting=meeting,
        user=user,
        body=body,
        previous=previous,
        # Not gated (the registry is public): compiled once for every reader.
        lower=precompiled(
            "papers.brief.lower",
            Body,
            None,
            lambda value: Body.objects.filter(parent_id=value).order_by("order", "code"),
            body.pk,
        ),
        paper=paper,
        titles={m.pk: translated_title(m) for m in (meeting, previous) if m is not None},
    )
    paper.sections = [
        _forwarded(ctx),
        _implementation(ctx),
        _action_items(ctx),
        _knowledge(ctx),
        _participants(ctx),
        _agenda(ctx),
    ]
    return paper


def _meta(meeting: Meeting, previous: Meeting | None) -> list[tuple[str, str]]:
    body = meeting.body
    venue = meeting.place
    if meeting.host_id and meeting.host is not None:
        venue = f"{venue}, {meeting.host.name}" if venue else meeting.host.name
    meta = [
        (_("Body"), f"{body.name} ({body.code})"),
        (_("Dates"), date_range(meeting.start, meeting.end)),
        (_("Venue"), venue or _("not recorded")),
        (
            _("Chair"),
            meeting.chair.name if meeting.chair_id and meeting.chair else _("not recorded"),
        ),
        (_("Status"), str(meeting.get_status_display())),
    ]
    if previous is not None:
        meta.append(
            (
                _("Previous meeting"),
                f"{translated_title(previous)} ({date_range(previous.start, previous.end)})",
            )
        )
    else:
        meta.append((_("Previous meeting"), _("none recorded")))
    return meta


# -- a. items forwarded ------------------------------------------------------------------------


def _forwarded(ctx: _Context) -> Section:
    """Outcomes of lower bodies forwarded to this meeting, awaiting its decision or decided."""
    meeting, paper = ctx.meeting, ctx.paper
    # The forwardings the meeting page shows, with only the fields a brief prints.
    rows = forget_hidden_results(
        precompiled(
            "papers.brief.forwarded",
            Forwarding,
            ctx.user,
            lambda value: visible_forwardings(ctx.user).filter(_sent_to(value)).only(*LEAN_FIELDS),
            meeting.pk,
        )
    )
    section = Section(
        heading=_("Items forwarded to this meeting"),
        source=_("Forwardings recorded to the %(meeting)s, as of %(date)s")
        % {"meeting": translated_title(meeting), "date": day(timezone.localdate())},
        key="forwarded",
    )
    lower_meetings = _lower_meetings(ctx, rows)
    if not rows:
        section.blocks.append(
            Note(_("No outcome of another meeting has been recorded as forwarded to this meeting."))
        )
    else:
        origins = {fwd.outcome.meeting_id: fwd.outcome.meeting for fwd in rows}
        pending = [f for f in rows if f.status == Forwarding.Status.PENDING]
        decided = [f for f in rows if f.status != Forwarding.Status.PENDING]
        section.blocks.append(
            Para(
                ngettext(
                    "%(n)d outcome of %(m)s was forwarded to this meeting: %(pending)d awaiting "
                    "its decision, %(decided)d decided.",
                    "%(n)d outcomes of %(m)s were forwarded to this meeting: %(pending)d "
                    "awaiting its decision, %(decided)d decided.",
                    len(rows),
                )
                % {
                    "n": len(rows),
                    "m": ngettext("%d meeting", "%d meetings", len(origins)) % len(origins),
                    "pending": len(pending),
                    "decided": len(decided),
                },
            )
        )
        for fwd in rows:
            paper.include(fwd.outcome.tlp, fwd.outcome.meeting.tlp)
            if fwd.resulting_outcome is not None:
                paper.include(fwd.resulting_outcome.tlp)
        meeting_url = _addresses("meetings:detail", "/meetings/{}/")

        def outcome_url(fwd: Forwarding) -> str:
            return f"{meeting_url(fwd.outcome.meeting_id)}#outcome-{fwd.outcome_id}"

        if pending:
            section.blocks.append(
                Table(
                    headers=[_("Outcome"), _("Forwarded by"), _("Text")],
                    rows=[_forwarded_row(f) for f in pending],
                    caption=_("Awaiting a decision of this meeting"),
                    row_links=[outcome_url(f) for f in pending],
                )
            )
        if decided:
            section.blocks.append(
                Table(
                    headers=[_("Outcome"), _("Forwarded by"), _("Text"), _("Decision")],
                    rows=[[*_forwarded_row(f), _decision(f)] for f in decided],
                    caption=_("Decided"),
                    row_links=[outcome_url(f) for f in decided],
                )
            )
    if lower_meetings is not None:
        section.blocks.append(lower_meetings)
    return section


def _sent_to(meeting_id: int) -> Any:
    """The condition "the forwarding was sent to the meeting". On PostgreSQL the forwardings'
    ids come as an array of the rows sent there (read whoever reads; the gate applies to them):
    the planner then counts them alike for every meeting and keeps one plan per connection. As
    ``to_meeting_id = %s`` the plan it made for any meeting looked dearer than one made for this
    meeting, so it planned the gated statement afresh on every request (2–4 ms of planning for a
    0.6 ms run)."""
    connection = connections[router.db_for_read(Forwarding)]
    if connection.vendor != "postgresql":
        return Q(to_meeting_id=meeting_id)
    quote = connection.ops.quote_name
    table = quote(Forwarding._meta.db_table)
    to_meeting = quote(Forwarding._meta.get_field("to_meeting").column)
    return RawSQL(
        f'{table}."id" = ANY(ARRAY(SELECT s."id" FROM {table} s WHERE s.{to_meeting} = %s))',
        [meeting_id],
        output_field=BooleanField(),
    )


def _forwarded_row(fwd: Forwarding) -> list[str]:
    origin = fwd.outcome.meeting
    return [
        fwd.outcome.reference,
        f"{translated_title(origin)} ({day(origin.start_date)})",
        one_line(fwd.outcome.text),
    ]


def one_line(text: str) -> str:
    """An outcome's text in a table cell: its heading line and body joined as one paragraph
    ("Strengthen cooperation. The Working Group recommended …")."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    parts = [line for line in lines if line]
    joined = ""
    for part in parts:
        if joined and joined[-1] not in ".:;!?":
            joined += "."
        joined = f"{joined} {part}" if joined else part
    return joined


def _decision(fwd: Forwarding) -> str:
    parts = [choice_label(fwd, "status")]
    if fwd.decision_note:
        parts.append(fwd.decision_note)
    if fwd.resulting_outcome is not None:
        parts.append(_("taken up as %(ref)s") % {"ref": fwd.resulting_outcome.reference})
    return " — ".join(parts)


def _lower_meetings(ctx: _Context, forwarded: list[Forwarding]) -> Block | None:
    """Meetings of the bodies reporting to this one, held since its previous meeting, with how
    many of their outcomes (that the reader may see) were forwarded here."""
    if not ctx.lower:
        return None
    meeting = ctx.meeting
    counts: dict[int, int] = defaultdict(int)
    for fwd in forwarded:
        counts[fwd.outcome.meeting_id] += 1
    since_date = ctx.previous.start_date if ctx.previous is not None else None

    def build(*lower: int) -> Any:
        qs = (
            Meeting.objects.visible_to(ctx.user)
            .filter(body_id__in=lower, start_date__lt=meeting.start_date)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("start_date", "pk")
            .only("pk", "title", "title_translations", "start_date", "status", "tlp")
        )
        return qs if since_date is None else qs.filter(start_date__gte=since_date)

    rows = precompiled(
        _shape("lower_meetings", meeting.start_date, since_date),
        Meeting,
        ctx.user,
        build,
        tuple(b.pk for b in ctx.lower),
    )
    meeting_url = _addresses("meetings:detail", "/meetings/{}/")
    since = _since_phrase(ctx.previous)
    if not rows:
        return Note(
            _("No meeting of the bodies reporting to the %(body)s is recorded %(since)s.")
            % {"body": str(ctx.body), "since": since}
        )
    for row in rows:
        ctx.paper.include(row.tlp)
        ctx.titles[row.pk] = translated_title(row)
    days = _Days()
    return Table(
        headers=[_("Meeting"), _("Date"), _("Status"), _("Outcomes forwarded here")],
        rows=[
            [
                translated_title(row),
                days(row.start_date),
                choice_label(row, "status"),
                str(counts[row.pk]),
            ]
            for row in rows
        ],
        caption=_("Meetings of the bodies reporting to the %(body)s %(since)s")
        % {"body": str(ctx.body), "since": since},
        row_links=[meeting_url(row.pk) for row in rows],
    )


# -- b. implementation of the instruments it oversees ------------------------------------------


def overseen_instruments(meeting: Meeting, *, user: Any) -> list[Instrument]:
    """Visible instruments with a visible reporting round feeding a visible meeting of the
    body, or reviewed at one."""

    def build(body_id: int) -> Any:
        body_meetings = Meeting.objects.visible_to(user).filter(body_id=body_id).values("pk")
        fed = ReportingRound.instruments.through.objects.filter(
            reportinground__in=ReportingRound.objects.visible_to(user)
            .filter(meeting__in=body_meetings)
            .values("pk")
        ).values("instrument_id")
        reviewed = Instrument.reviewed_at.through.objects.filter(meeting__in=body_meetings).values(
            "instrument_id"
        )
        return (
            Instrument.objects.visible_to(user)
            .filter(Q(pk__in=fed) | Q(pk__in=reviewed))
            .order_by("title", "pk")
            .only("pk", "key", "title", "title_translations", "tlp")
        )

    return precompiled("papers.brief.overseen", Instrument, user, build, meeting.body_id)


#: What the brief reads of the rounds of the instruments it covers (a body may oversee 80).
_ROUND_FIELDS = ("id", "title", "due_date", "status", "meeting_id", "previous_id", "tlp")
#: The same, in the order of the model's fields (what ``Model.from_db`` expects).
_ROUND_COLUMNS = tuple(
    f.attname for f in ReportingRound._meta.concrete_fields if f.attname in _ROUND_FIELDS
)


def _implementation(ctx: _Context) -> Section:
    meeting, user, paper = ctx.meeting, ctx.user, ctx.paper
    section = Section(
        heading=_("Implementation of the instruments the %(body)s oversees")
        % {"body": str(ctx.body)},
        source=_(
            "Instruments with a reporting round for a meeting of the %(body)s, or reviewed at "
            "one; figures from the frozen snapshots of those rounds"
        )
        % {"body": str(ctx.body)},
        key="implementation",
    )
    instruments = overseen_instruments(meeting, user=user)
    ctx.instruments = instruments
    if not instruments:
        section.blocks.append(
            Note(
                _(
                    "No instrument is monitored through reporting rounds for the meetings of "
                    "the %(body)s, nor recorded as reviewed at one."
                )
                % {"body": str(ctx.body)}
            )
        )
        return section
    ids = [i.pk for i in instruments]
    made, rounds_of = _rounds_of(user, ids)
    round_ids = set(made)
    frozen = {s.round_id: s for s in _round_snapshots(user, round_ids)}
    open_progress = _open_progress(user, meeting, rounds_of, frozen)
    chosen: dict[int, Snapshot | None] = {}
    this_meeting = meeting.pk
    for instrument in instruments:
        paper.include(instrument.tlp)
        own = rounds_of.get(instrument.id, [])
        # Each round as read above is its snapshot's round (a round has one snapshot at most).
        candidates = [(r.meeting_id, frozen[r.id]) for r in own if r.id in frozen]
        here = [s for meeting_id, s in candidates if meeting_id == this_meeting]
        chosen[instrument.id] = here[-1] if here else (candidates[-1][1] if candidates else None)
    # Which of the instruments just read each round covers: every visible round of each of
    # them was read, so an earlier snapshot sharing one of them is among those just read.
    covers: dict[int, set[int]] = defaultdict(set)
    for instrument_id, rounds in rounds_of.items():
        for round_ in rounds:
            covers[round_.id].add(instrument_id)
    views = _snapshot_views(
        user,
        {s.pk: s for s in chosen.values() if s is not None},
        known={i.pk: i.tlp for i in instruments},
        frozen=(round_ids, frozen),
        titles=ctx.titles,
        covered=(set(ids), covers),
    )
    detailed = instruments
    if len(instruments) > DETAILED_INSTRUMENTS:
        detailed = _summarise(ctx, section, instruments, chosen, views)
    # An instrument whose figures this process has built already needs none of its cells.
    _detail(
        user,
        views,
        [(i.pk, chosen[i.pk]) for i in detailed if not _figures_kept(meeting, i, chosen, views)],
    )
    for instrument in detailed:
        section.subsections.append(
            _instrument_part(
                ctx,
                instrument,
                rounds_of.get(instrument.pk, []),
                chosen[instrument.pk],
                views,
                open_progress,
            )
        )
    return section


class _Ids(Aggregate):
    """The ids of a group as one text, comma-separated (in no particular order)."""

    function = "STRING_AGG"
    template = "%(function)s(CAST(%(expressions)s AS text), ',')"
    output_field = CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            function="GROUP_CONCAT",
            template="%(function)s(%(expressions)s, ',')",
            **extra,
        )


def _rounds_of(
    user: Any, ids: list[int]
) -> tuple[dict[int, ReportingRound], dict[int, list[ReportingRound]]]:
    """The visible rounds of these (visible) instruments by id, and each instrument's rounds,
    earliest due first. One row per round, with the ids of its instruments among these: a body
    may oversee 80 instruments in a dozen rounds, and a row per (instrument, round) link made
    the database send, and Python read, each round's fields for every one of its instruments."""
    rows = precompiled(
        "papers.brief.rounds",
        ReportingRound,
        user,
        lambda *ids: (
            ReportingRound.objects.visible_to(user)
            .filter(instruments__in=ids)
            .annotate(instrument_ids=_Ids("instruments"))
            .order_by()
            .values_list(*_ROUND_COLUMNS, "instrument_ids")
        ),
        tuple(ids),
    )
    using = router.db_for_read(ReportingRound)
    made: dict[int, ReportingRound] = {}
    linked: list[tuple[ReportingRound, str]] = []
    for *values, instrument_ids in rows:
        round_ = made[values[0]] = ReportingRound.from_db(using, _ROUND_COLUMNS, values)
        linked.append((round_, instrument_ids))
    linked.sort(key=lambda pair: (pair[0].due_date, pair[0].id))
    rounds_of: dict[int, list[ReportingRound]] = defaultdict(list)
    for round_, instrument_ids in linked:
        for instrument_id in instrument_ids.split(","):
            rounds_of[int(instrument_id)].append(round_)
    return made, rounds_of


def _round_snapshots(user: Any, round_ids: set[int]) -> list[Snapshot]:
    """The visible snapshots of these rounds, without their data, with round and meeting."""
    return _snapshot_heads(user, "round_id", round_ids)


def _snapshot_heads(user: Any, field: str, values: set[int]) -> list[Snapshot]:
    """The visible snapshots whose ``field`` is one of ``values``, without their data, with
    round and meeting: compiled once per reader, field and number of values."""
    return precompiled(
        f"papers.brief.snapshot_heads.{field}",
        Snapshot,
        user,
        lambda *values: (
            Snapshot.objects.visible_to(user)
            .filter(**{f"{field}__in": values})
            .select_related("round", "meeting")
            .defer("data")
        ),
        tuple(sorted(values)),
    )


def _frozen_entry(
    instrument: Instrument, snapshot: Snapshot | None, views: dict[int, _View]
) -> tuple[_View | None, dict[str, Any] | None]:
    """The reader's view of the snapshot chosen for an instrument, and its figures in it."""
    view = views.get(snapshot.id) if snapshot is not None else None
    if view is None:
        return None, None
    return view, view.entry(instrument.id)


def _summarise(
    ctx: _Context,
    section: Section,
    instruments: list[Instrument],
    chosen: dict[int, Snapshot | None],
    views: dict[int, _View],
) -> list[Instrument]:
    """A body overseeing many instruments gets one table of all of them and the detail of the
    few whose figures moved most — a brief is read before a meeting, not searched. Returns the
    instruments to detail, in their order."""
    rows: list[list[str]] = []
    links: list[str | None] = []
    moved: dict[int, tuple[float, int]] = {}
    status_report = _addresses("papers:status_report", "/instruments/{}/status-report/")
    not_frozen = _("not frozen yet")
    completed, on_track, delayed, not_reported = (
        str(state)
        for state in (
            ProgressStatus.COMPLETED,
            ProgressStatus.ON_TRACK,
            ProgressStatus.DELAYED,
            ProgressStatus.NOT_REPORTED,
        )
    )
    for instrument in instruments:
        pk = instrument.id
        view, entry = _frozen_entry(instrument, chosen[pk], views)
        links.append(status_report(pk))
        if view is None or entry is None:
            rows.append([translated_title(instrument), not_frozen, *[""] * 7])
            moved[pk] = (-1.0, 0)
            continue
        totals = entry["totals"]
        counts = totals["counts"]
        change = view.completion_change(pk)
        moved[pk] = (abs(change or 0), counts.get(delayed, 0))
        rows.append(
            [
                translated_title(instrument),
                str((view.data.get("round") or {}).get("title") or ""),
                str(totals["expected"]),
                str(counts.get(completed, 0)),
                str(counts.get(on_track, 0)),
                str(counts.get(delayed, 0)),
                str(counts.get(not_reported, 0)),
                percent(totals.get("completion")),
                delta(change),
            ]
        )
    ranked = sorted(instruments, key=lambda i: moved[i.id], reverse=True)
    keep = {i.id for i in ranked[:DETAILED_INSTRUMENTS] if moved[i.id][0] >= 0}
    section.blocks.append(
        Para(
            ngettext(
                "The %(body)s oversees %(n)d instrument.",
                "The %(body)s oversees %(n)d instruments: all of them in one table, then the "
                "detail of the %(shown)d whose mean completion moved most since the previous "
                "snapshot. The status report of each instrument has its full detail.",
                len(instruments),
            )
            % {"body": str(ctx.body), "n": len(instruments), "shown": len(keep)}
        )
    )
    section.blocks.append(
        Table(
            headers=[
                _("Instrument"),
                _("Figures from"),
                _("Expected"),
                _("Completed"),
                _("On track"),
                _("Delayed"),
                _("Not reported"),
                _("Mean completion"),
                _("Change (points)"),
            ],
            rows=rows,
            caption=_("Instruments the %(body)s oversees") % {"body": str(ctx.body)},
            row_links=links,
        )
    )
    return [i for i in instruments if i.pk in keep]


@dataclass
class _View:
    """A chosen snapshot as the reader may see it, and the one before it. Comparing two
    snapshots of a large round walks every report cell, so each instrument is compared on its
    own, only when its detail is shown."""

    snapshot: Snapshot
    previous: Snapshot | None
    data: dict[str, Any]
    before: dict[str, Any] | None
    meetings: dict[int, dict[str, Any]] = field(default_factory=dict)
    markings: dict[int, str] = field(default_factory=dict)
    #: The marking of what the reader may see of the previous snapshot.
    previous_tlp: str | None = None
    _compared: dict[int, dict[str, Any]] = field(default_factory=dict)
    #: Each snapshot's instrument entries by instrument id (a body may oversee 80 instruments).
    _entries: dict[int, dict[str, Any]] = field(default_factory=dict)
    _entries_before: dict[int, dict[str, Any]] = field(default_factory=dict)

    def read(self, user: Any) -> None:
        """(Re)read both snapshots as the reader may see them, from the parts loaded."""
        self.data = _for_reader(user, self.snapshot, self.meetings, self.markings)
        self.before = (
            _for_reader(user, self.previous, self.meetings, self.markings)
            if self.previous is not None
            else None
        )
        self.previous_tlp = self.before["tlp"] if self.before else None
        self._compared.clear()
        self._entries = {e["instrument"]["id"]: e for e in self.data["instruments"]}
        self._entries_before = (
            {e["instrument"]["id"]: e for e in self.before["instruments"]} if self.before else {}
        )

    def entry(self, instrument_id: int) -> dict[str, Any] | None:
        """The instrument's figures in the chosen snapshot, as the reader may see them."""
        return self._entries.get(instrument_id)

    def comparison(self, instrument_id: int) -> dict[str, Any]:
        if instrument_id not in self._compared:
            self._compared[instrument_id] = snapshots.compare_snapshots(
                _only(self.data, instrument_id),
                _only(self.before, instrument_id) if self.before is not None else None,
            )
        return self._compared[instrument_id]

    def completion_change(self, instrument_id: int) -> float | None:
        """Points of mean completion gained since the previous snapshot (``None``: no figure
        then or now) — cheap, from the stored totals, for ranking many instruments."""
        if self.before is None:
            return None
        now, then = (
            entry["totals"].get("completion") if entry is not None else None
            for entry in (self._entries.get(instrument_id), self._entries_before.get(instrument_id))
        )
        return None if now is None or then is None else round(now - then, 1)


def _for_reader(
    user: Any,
    snapshot: Snapshot,
    meetings: dict[int, dict[str, Any]],
    markings: dict[int, str],
) -> dict[str, Any]:
    """:func:`snapshots.for_reader` of a snapshot's loaded parts, kept by the process under
    everything it is made of: the frozen snapshot (:func:`snapshots._light_key`), which
    instruments' details are loaded, its round's marking, and — of this reader's gate — the
    markings of the snapshot's instruments they may see and the titles of its meetings they may
    see. Readers who may see the same get the same copy (never changed: callers copy what they
    filter); a reader who may see an instrument or a meeting more or less, or a marking changed,
    makes another key at the next request."""
    part = snapshots.stored(snapshot)
    present = {e["instrument"]["id"] for e in part.get("instruments", [])}
    referred = snapshots._meeting_ids(snapshot)
    key = (
        "brief-for-reader",
        snapshots._light_key(snapshot),
        snapshot.__dict__.get(_DETAILED, ()),
        snapshot.round.tlp,
        snapshot.meeting_id,
        tuple(sorted((pk, tlp) for pk, tlp in markings.items() if pk in present)),
        tuple(sorted((pk, m["title"]) for pk, m in meetings.items() if pk in referred)),
    )
    return snapshots.derived_from_parts(
        key,
        lambda: snapshots.for_reader(
            user=user, snapshot=snapshot, meetings=meetings, markings=markings
        ),
    )


#: Names, on a snapshot, the instruments whose details :func:`_detail` loaded into its parts.
_DETAILED = "_brief_detailed"


def _only(data: dict[str, Any], instrument_id: int) -> dict[str, Any]:
    """A reader's snapshot data cut down to one instrument (what the comparison reads)."""
    key = str(instrument_id)
    return {
        **data,
        "instruments": [e for e in data["instruments"] if e["instrument"]["id"] == instrument_id],
        "reports": {k: v for k, v in data.get("reports", {}).items() if k == key},
        "drafts": {k: v for k, v in data.get("drafts", {}).items() if k == key},
    }


def _snapshot_views(
    user: Any,
    chosen: dict[int, Snapshot],
    *,
    known: dict[int, str] | None = None,
    frozen: tuple[set[int], dict[int, Snapshot]] | None = None,
    titles: dict[int, str] | None = None,
    covered: tuple[set[int], dict[int, set[int]]] | None = None,
) -> dict[int, _View]:
    """Each chosen snapshot (loaded without its data) as the reader may see it, with the one
    before it: the light parts only — the round and each instrument's totals, what the table of
    all instruments shows (:func:`snapshots.load_parts`, cached) — in a fixed number of queries
    for all of them (plus one per snapshot whose round names no previous round, to find the one
    before it). :func:`_detail` then reads the cells of the instruments detailed. ``known``:
    the marking of instruments the reader was just found to see (the overseen ones), which
    need not be asked again; ``frozen``: the rounds whose snapshots were just read through the
    gate, and those snapshots by round, so a previous round among them is not asked again;
    ``titles``: the meetings just read through the gate, likewise; ``covered``: the
    instruments whose every visible round is among ``frozen``'s, and those rounds' instruments
    among them (what :func:`_earlier_snapshots` would otherwise ask)."""
    if not chosen:
        return {}
    loaded = dict(chosen)
    # The snapshots of the rounds named as previous (a round has one at most): those of rounds
    # just read are known, the others in one query; the snapshots of rounds naming none look
    # theirs up.
    searched, found = frozen if frozen is not None else (set(), {})
    wanted = {s.round.previous_id for s in loaded.values() if s.round.previous_id}
    named: dict[int | None, Snapshot] = {pk: found[pk] for pk in wanted if pk in found}
    if wanted - searched:
        named.update({s.round_id: s for s in _round_snapshots(user, wanted - searched)})
    snapshots.load_parts(
        user, list({id(s): s for s in [*loaded.values(), *named.values()]}.values())
    )
    previous_of: dict[int, Snapshot | None] = {
        pk: named.get(snapshot.round.previous_id) for pk, snapshot in loaded.items()
    }
    previous_of.update(
        _earlier_snapshots(
            user,
            [s for pk, s in loaded.items() if previous_of[pk] is None],
            read=(found, *covered) if covered is not None else None,
        )
    )
    looked_up = [s for s in previous_of.values() if s is not None and "part" not in s.__dict__]
    snapshots.load_parts(user, looked_up)
    every = [*loaded.values(), *(s for s in previous_of.values() if s is not None)]
    meetings = _meeting_refs(user, every, titles or {})
    markings = _markings(user, every, known or {})
    views = {}
    for pk, snapshot in loaded.items():
        views[pk] = _View(snapshot, previous_of[pk], {}, None, meetings=meetings, markings=markings)
        views[pk].read(user)
    return views


def _earlier_snapshots(
    user: Any,
    rest: list[Snapshot],
    read: tuple[dict[int, Snapshot], set[int], dict[int, set[int]]] | None = None,
) -> dict[int, Snapshot | None]:
    """What :func:`snapshots.previous_snapshots` compares each of ``rest`` with when its round
    names no previous round with a snapshot the reader may see: the latest earlier snapshot
    sharing an instrument (preferring the same body), chosen the same way from the same gated
    rows, read in statements compiled once per reader (and latest due date).

    ``read``: snapshots just read through the gate by round, the instruments every visible
    round of which they include (a snapshot is visible exactly when its round is), and each
    of those rounds' instruments among them. When all the instruments of ``rest`` are among
    these, the candidates are all among those snapshots and nothing is asked."""
    found: dict[int, Snapshot | None] = {s.pk: None for s in rest}
    wanted = {
        s.pk: {e["instrument"]["id"] for e in snapshots.stored(s).get("instruments", [])}
        for s in rest
    }
    ids = tuple(sorted(set().union(*wanted.values()))) if wanted else ()
    if not ids:
        return found
    due = max(s.round.due_date for s in rest)
    if read is not None and set(ids) <= read[1]:
        by_round, _covered, covers = read
        known = {s.pk: s for s in by_round.values()}
        among: dict[int, tuple[Any, int | None, set[int]]] = {
            s.pk: (
                s.round.due_date,
                s.meeting.body_id if s.meeting_id and s.meeting else None,
                covers.get(s.round_id, set()) & set(ids),
            )
            for s in by_round.values()
            if s.round.due_date < due
        }
        for pk, previous in snapshots.latest_earlier(rest, among, wanted).items():
            found[pk] = known[previous]
        return found
    rows = precompiled(
        _shape("earlier_snapshots", due),
        Snapshot,
        user,
        lambda *pks: (
            Snapshot.objects.visible_to(user)
            .filter(round__instruments__in=pks, round__due_date__lt=due)
            .values_list("pk", "round__due_date", "meeting__body_id", "round__instruments")
            .order_by()
        ),
        ids,
    )
    earlier: dict[int, tuple[Any, int | None, set[int]]] = {}
    for pk, due_date, body, instrument_id in rows:
        earlier.setdefault(pk, (due_date, body, set()))[2].add(instrument_id)
    chosen = snapshots.latest_earlier(rest, earlier, wanted)
    if chosen:
        heads = {s.pk: s for s in _snapshot_heads(user, "pk", set(chosen.values()))}
        for pk, previous in chosen.items():
            found[pk] = heads.get(previous)
    return found


def _meeting_refs(
    user: Any, every: list[Snapshot], titles: dict[int, str]
) -> dict[int, dict[str, Any]]:
    """:func:`snapshots._meeting_refs`: the meetings these snapshots refer to that ``user`` may
    see, as ``{"id", "title"}``. Those in ``titles`` (read through the gate in this request)
    are not asked again; the others in one statement compiled once per reader and number of
    meetings."""
    ids = set().union(*(snapshots._meeting_ids(s) for s in every))
    found = {pk: titles[pk] for pk in ids if pk in titles}
    rest = tuple(sorted(ids - found.keys()))
    if rest:
        found.update(
            precompiled(
                "papers.brief.meeting_refs",
                Meeting,
                user,
                lambda *pks: (
                    Meeting.objects.visible_to(user).filter(pk__in=pks).values_list("pk", "title")
                ),
                rest,
            )
        )
    return {pk: {"id": pk, "title": str(title)} for pk, title in found.items()}


def _markings(user: Any, every: list[Snapshot], known: dict[int, str]) -> dict[int, str]:
    """:func:`snapshots._markings`: the TLP of the instruments of these snapshots that ``user``
    may see. Those in ``known`` (read through the gate in this request) are not asked again;
    the others in one statement compiled once per reader and number of instruments."""
    ids = {e["instrument"]["id"] for s in every for e in snapshots.stored(s).get("instruments", [])}
    found = {pk: known[pk] for pk in ids if pk in known}
    rest = tuple(sorted(ids - found.keys()))
    if rest:
        found.update(
            precompiled(
                "papers.brief.markings",
                Instrument,
                user,
                lambda *pks: (
                    Instrument.objects.visible_to(user).filter(pk__in=pks).values_list("pk", "tlp")
                ),
                rest,
            )
        )
    return found


def _detail(
    user: Any, views: dict[int, _View], detailed: list[tuple[int, Snapshot | None]]
) -> None:
    """Read the areas, parties and report cells of the instruments detailed — and only theirs —
    from their snapshots and the ones before: one query for all of them."""
    wanted: dict[int, _View] = {}
    ids: set[int] = set()
    for instrument_id, snapshot in detailed:
        view = views.get(snapshot.pk) if snapshot is not None else None
        if view is not None:
            wanted[view.snapshot.pk] = view
            ids.add(instrument_id)
    if not wanted:
        return
    both = {
        id(s): s
        for view in wanted.values()
        for s in (view.snapshot, view.previous)
        if s is not None
    }
    snapshots.load_parts(user, list(both.values()), detail=sorted(ids))
    for snapshot in both.values():
        snapshot.__dict__[_DETAILED] = tuple(sorted(ids))
    for view in wanted.values():
        view.read(user)


def _open_progress(
    user: Any,
    meeting: Meeting,
    rounds_of: dict[int, list[ReportingRound]],
    frozen: dict[int, Snapshot],
) -> dict[tuple[int, int], tuple[int, int]]:
    """``(round, instrument) → (submitted so far, expected)`` for the rounds feeding this
    meeting that are not frozen yet: two grouped queries for all of them. Expected slots are
    keys only (the rollups count them the same way); the submitted ones pass the gate."""
    this_meeting = meeting.pk
    open_rounds = {
        r.id
        for rounds in rounds_of.values()
        for r in rounds
        if r.meeting_id == this_meeting and r.id not in frozen
    }
    if not open_rounds:
        return {}
    instrument_ids = list(rounds_of)
    expected = {
        (row["round_id"], row["instrument_id"]): row["n"]
        for row in ProgressReport.objects.filter(
            round_id__in=open_rounds, instrument_id__in=instrument_ids
        )
        .values("round_id", "instrument_id")
        .annotate(n=Count("*"))
        .order_by()
    }
    submitted = {
        (row["round_id"], row["instrument_id"]): row["n"]
        for row in rollups.visible_reports(user)
        .filter(
            round_id__in=open_rounds,
            instrument_id__in=instrument_ids,
            state__in=[ProgressReport.State.SUBMITTED, ProgressReport.State.ACCEPTED],
        )
        .values("round_id", "instrument_id")
        .annotate(n=Count("*"))
        .order_by()
    }
    return {key: (submitted.get(key, 0), n) for key, n in expected.items()}


def _round_state(round_: ReportingRound, meeting: Meeting, progress: tuple[int, int] | None) -> str:
    """How a round not frozen yet stands: "The Round for the 27th SOMTC, which feeds this
    meeting, is open for reporting; reports are due 27 December 2026. So far 44 of 121 …" """
    feeds = round_.meeting_id == meeting.pk
    values = {
        "round": round_.title,
        "status": str(round_.get_status_display()).lower(),
        "due": day(round_.due_date),
    }
    if round_.due_date < timezone.localdate():
        text = (
            _("The %(round)s, which feeds this meeting, is %(status)s; reports were due %(due)s.")
            if feeds
            else _("The %(round)s is %(status)s; reports were due %(due)s.")
        ) % values
    else:
        text = (
            _("The %(round)s, which feeds this meeting, is %(status)s; reports are due %(due)s.")
            if feeds
            else _("The %(round)s is %(status)s; reports are due %(due)s.")
        ) % values
    text += " " + _("Its figures are not frozen yet.")
    if progress:
        text += " " + _(
            "So far %(n)d of %(m)d expected activity reports have been submitted (live "
            "figures, as you may see them)."
        ) % {"n": progress[0], "m": progress[1]}
    return text


def _instrument_part(
    ctx: _Context,
    instrument: Instrument,
    rounds: list[ReportingRound],
    snapshot: Snapshot | None,
    views: dict[int, _View],
    open_progress: dict[tuple[int, int], tuple[int, int]],
) -> Section:
    meeting, paper = ctx.meeting, ctx.paper
    part = Section(heading=translated_title(instrument), key=f"instrument-{instrument.pk}")
    dashboard = url_or(
        "monitoring:instrument_dashboard",
        [instrument.key],
        f"/monitoring/instruments/{instrument.key}/",
    )
    report = url_or(
        "papers:status_report", [instrument.pk], f"/instruments/{instrument.pk}/status-report/"
    )
    links = [
        Link(_("Instrument"), cached_reverse("workplans:instrument", instrument.key)),
        Link(_("Dashboard"), dashboard),
        Link(_("Status report"), report),
    ]
    for round_ in rounds:
        paper.include(round_.tlp)
    feeding = [
        r
        for r in rounds
        if r.meeting_id == meeting.pk
        and r.status != ReportingRound.Status.FROZEN
        and (snapshot is None or r.pk != snapshot.round_id)
    ]
    if not rounds:
        part.blocks.append(
            Note(
                _(
                    "This instrument has no reporting round: its implementation is not monitored "
                    "through progress reports yet."
                )
            )
        )
        part.blocks.append(Para(_("Links to the records:"), links=links[:1]))
        return part
    unfrozen = snapshot is None or snapshot.pk not in views
    if unfrozen:
        part.blocks.append(Note(_("No snapshot has been frozen for this instrument yet.")))
    for round_ in feeding or ([rounds[-1]] if unfrozen else []):
        part.blocks.append(
            Note(_round_state(round_, meeting, open_progress.get((round_.pk, instrument.pk))))
        )
    if unfrozen or snapshot is None:
        part.blocks.append(Para(_("Links to the records:"), links=links[:2]))
        return part
    view = views[snapshot.pk]
    paper.include(view.data["tlp"], view.previous_tlp)
    entry = view.entry(instrument.pk)
    source = snapshot_source(snapshot, view.data)
    if snapshot.round.meeting_id != meeting.pk:
        source = _("Latest frozen figures: %(source)s") % {"source": source}
    part.source = source
    if entry is None:
        part.blocks.append(
            Note(
                _(
                    "The latest snapshot holds no figures for this instrument: it was added "
                    "to the round after the round was frozen."
                )
            )
        )
        return part
    figures, changed = _figures(meeting, instrument, view, entry)
    part.blocks += figures
    before = view.before
    changes = Section(
        heading=_("Change since the previous snapshot"),
        # Names the previous snapshot's meeting as this reader may see it: never kept.
        source=compare_source(
            {"previous": before and {"round": before["round"], "meeting": before["meeting"]}},
            view.previous,
        ),
        blocks=list(changed),
        key=f"instrument-{instrument.pk}-changes",
    )
    part.subsections.append(changes)
    part.blocks.append(Para(_("Links to the records:"), links=links))
    return part


def _figures_key(meeting: Meeting, instrument: Instrument, view: _View) -> tuple[Any, ...]:
    """Everything :func:`_figures` depends on."""
    previous = view.previous
    return (
        "brief-figures",
        snapshots._light_key(view.snapshot),
        snapshots._light_key(previous) if previous is not None else "",
        instrument.pk,
        instrument.key,
        meeting.pk,
        get_language(),
    )


def _figures_kept(
    meeting: Meeting,
    instrument: Instrument,
    chosen: dict[int, Snapshot | None],
    views: dict[int, _View],
) -> bool:
    snapshot = chosen[instrument.pk]
    view = views.get(snapshot.pk) if snapshot is not None else None
    return view is not None and snapshots.derived_kept(_figures_key(meeting, instrument, view))


def _figures(
    meeting: Meeting, instrument: Instrument, view: _View, entry: dict[str, Any]
) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """An instrument's frozen figures (sentence, tables, charts) and what changed since the
    snapshot before: built from the two snapshots' parts of this one instrument, which every
    reader who may see the instrument sees alike (:func:`snapshots.for_reader` only leaves
    instruments out and names meetings, which these blocks never print). So they are built once
    per process for the two snapshots, the instrument and the language — comparing two large
    snapshots' cells and drawing two charts is most of what a detailed instrument costs."""
    key = _figures_key(meeting, instrument, view)

    def make() -> tuple[tuple[Block, ...], tuple[Block, ...]]:
        comparison = view.comparison(instrument.pk)
        blocks = figure_blocks(
            entry,
            comparison,
            chart_prefix=f"brief{meeting.pk}-s{view.snapshot.pk}-i{instrument.pk}",
        )
        if entry["parties"]:
            blocks.append(party_table(entry, comparison))
        changed = change_blocks(comparison, instrument_key=instrument.key)
        # Written once too: the same markup for every reader who may see the instrument.
        keep_markup([*blocks, *changed])
        return tuple(blocks), tuple(changed)

    return snapshots.derived_from_parts(key, make)


# -- c. action items -----------------------------------------------------------------------------


def _action_items(ctx: _Context) -> Section:
    """Open action items of the earlier meetings of the body and of the bodies reporting to it,
    and those done since its previous meeting, per responsible party: the first
    :data:`ACTION_ITEMS_SHOWN` of each, then how many more, with a link to the list of them.

    One query however many items there are: the rows shown (ranked per party in the
    database), each with its party's counts per state, counted in the same gated read, so
    nothing the reader may not see is listed or counted."""
    meeting, paper = ctx.meeting, ctx.paper
    today = timezone.localdate()
    since = ctx.previous.start_date if ctx.previous is not None else None
    # Per party, the open items soonest due (the overdue first) and the latest done, each row
    # with how many items of each state its party has: rows and counts in one gated query.
    per_party = [F("responsible_id")]
    tallies = {
        f"n_{state}": Window(Count("pk", filter=Q(state=state)), partition_by=per_party)
        for state in (action_item_reads.OPEN, action_item_reads.OVERDUE, action_item_reads.DONE)
    }

    def build(body_id: int, *lower: int) -> Any:
        # The body's id is a parameter; the dates (and "today", in the states) are named in
        # the shape: the statement is compiled once per reader, meeting and day.
        scope = action_item_reads.review_q(
            Meeting(pk=meeting.pk, body_id=body_id, start_date=meeting.start_date),
            lower=list(lower),
            since=since,
        )
        return (
            action_item_reads.action_items(user=ctx.user)
            .filter(scope)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("responsible_id"), F("follow_up")],
                    order_by=[
                        F("done_on").desc(nulls_last=True),
                        F("due_date").asc(nulls_last=True),
                        F("meeting__start_date").asc(),
                        F("meeting_id").asc(),
                        F("number").asc(),
                    ],
                ),
            )
            .annotate(**tallies)
            .filter(rank__lte=ACTION_ITEMS_SHOWN)
            .values(*_ACTION_ITEM_FIELDS, *tallies)
        )

    items: list[dict[str, Any]] = precompiled(
        _shape("action_items", action_item_reads.today(), meeting.start_date, since),
        Outcome,
        ctx.user,
        build,
        (meeting.body_id, *(b.pk for b in ctx.lower)),
    )
    counts: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for item in items:
        for state in (action_item_reads.OPEN, action_item_reads.OVERDUE, action_item_reads.DONE):
            if item[f"n_{state}"]:
                counts[item["responsible_id"]][state] = item[f"n_{state}"]
    where = (
        _("the %(body)s and the bodies reporting to it") % {"body": str(ctx.body)}
        if ctx.lower
        else _("the %(body)s") % {"body": str(ctx.body)}
    )
    section = Section(
        heading=_("Action items due for review"),
        source=_("Action items of earlier meetings of %(scope)s: follow-up as recorded on %(date)s")
        % {"scope": where, "date": day(today)},
        key="action-items",
    )
    if not counts:
        section.blocks.append(
            Note(
                _(
                    "No action item of an earlier meeting of %(scope)s is open or was done %(since)s."
                )
                % {"scope": where, "since": _since_phrase(ctx.previous)}
            )
        )
        return section
    states: dict[str, int] = defaultdict(int)
    for per_state in counts.values():
        for state, n in per_state.items():
            states[state] += n
    listed = url_or("meetings:action_items", [], "/meetings/action-items/")

    def list_url(**query: Any) -> str:
        return f"{listed}?{urlencode({'review': meeting.pk, **query})}"

    section.blocks.append(
        Para(
            (
                _(
                    "%(open)d open (%(overdue)d of them overdue) and %(done)d done %(since)s, "
                    "for %(parties)s."
                )
                if states[action_item_reads.OVERDUE]
                else _("%(open)d open and %(done)d done %(since)s, for %(parties)s.")
            )
            % {
                "open": states[action_item_reads.OPEN] + states[action_item_reads.OVERDUE],
                "overdue": states[action_item_reads.OVERDUE],
                "done": states[action_item_reads.DONE],
                "since": _since_phrase(ctx.previous),
                "parties": ngettext("%d party", "%d parties", len(counts)) % len(counts),
            }
            + " "
            + ngettext(
                "For each party, the first %(n)d open item (overdue first, then due soonest) "
                "and the latest %(n)d done.",
                "For each party, the first %(n)d open items (overdue first, then due soonest) "
                "and the latest %(n)d done.",
                ACTION_ITEMS_SHOWN,
            )
            % {"n": ACTION_ITEMS_SHOWN},
            links=[Link(_("All action items due for review"), list_url(state="all"))],
        )
    )
    state_labels = {
        action_item_reads.OPEN: _("Open"),
        action_item_reads.OVERDUE: _("Overdue"),
        action_item_reads.DONE: _("Done"),
    }
    by_party: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        paper.include(item["tlp"], item["meeting__tlp"])
        by_party[item["responsible_id"]].append(item)
    names = {
        pk: f"{rows[0]['responsible__name']} ({rows[0]['responsible__code']})"
        if pk is not None
        else _("No responsible party named")
        for pk, rows in by_party.items()
    }
    item_url = _addresses("meetings:action_item", "/meetings/action-items/{}/")
    days = _Days()
    # Translated once for the hundreds of rows of a large body (each lookup goes through the
    # active language's catalogue).
    headers = [_("Reference"), _("Action"), _("Due"), _("State"), _("Last update")]
    no_date, no_update = _("no date"), _("none")
    see_party = _("See them in the list of action items")
    see_all = _("See all action items due for review")
    since_phrase = _since_phrase(ctx.previous)
    labels = {state: str(label) for state, label in state_labels.items()}
    for pk in sorted(by_party, key=lambda pk: names[pk]):
        party = names[pk]
        rows = sorted(by_party[pk], key=_shown_order)
        section.blocks.append(
            Table(
                headers=list(headers),
                rows=[
                    [
                        _item_reference(item),
                        one_line(item["text"]),
                        days(item["due_date"]) or no_date,
                        labels.get(item["state"]) or str(item["state"]),
                        _last_update(item, days, no_update),
                    ]
                    for item in rows
                ],
                caption=party,
                row_links=[item_url(item["pk"]) for item in rows],
            )
        )
        shown_open = sum(1 for item in rows if item["state"] != action_item_reads.DONE)
        total = counts[pk]
        more_open = total[action_item_reads.OPEN] + total[action_item_reads.OVERDUE] - shown_open
        more_done = total[action_item_reads.DONE] - (len(rows) - shown_open)
        code = {"party": rows[0]["responsible__code"]} if pk is not None else {}
        see = see_party if pk is not None else see_all
        if more_open > 0:
            section.blocks.append(
                Para(
                    ngettext(
                        "%(n)d more open item for %(party)s.",
                        "%(n)d more open items for %(party)s.",
                        more_open,
                    )
                    % {"n": more_open, "party": party},
                    links=[Link(see, list_url(state=action_item_reads.OPEN, **code))],
                )
            )
        if more_done > 0:
            section.blocks.append(
                Para(
                    ngettext(
                        "%(n)d more item done %(since)s for %(party)s.",
                        "%(n)d more items done %(since)s for %(party)s.",
                        more_done,
                    )
                    % {"n": more_done, "since": since_phrase, "party": party},
                    links=[Link(see, list_url(state=action_item_reads.DONE, **code))],
                )
            )
    return section


def _shown_order(item: dict[str, Any]) -> tuple[Any, ...]:
    """A party's rows as the list orders them: open ones soonest due (overdue first, undated
    last), then the done ones, the latest done first."""
    done = item["state"] == action_item_reads.DONE
    due = item["due_date"]
    return (
        done,
        -(item["done_on"] or dt.date.min).toordinal() if done else 0,
        due is None,
        due or dt.date.min,
        item["meeting__start_date"],
        item["number"],
    )


#: What the brief prints of an action item (``state`` and ``latest_*`` are annotations).
_ACTION_ITEM_FIELDS = (
    "pk",
    "number",
    "text",
    "due_date",
    "done_on",
    "state",
    "latest_note",
    "latest_update_at",
    "tlp",
    "meeting__tlp",
    "meeting__number",
    "meeting__start_date",
    "meeting__body__code",
    "responsible_id",
    "responsible__name",
    "responsible__code",
)


def _item_reference(item: dict[str, Any]) -> str:
    """``Outcome.reference`` of an action item read as a row ("SOMTC 25/3")."""
    prefix = item["meeting__number"] or item["meeting__start_date"].year
    return f"{item['meeting__body__code']} {prefix}/{item['number']}"


class _Days:
    """:func:`day` for hundreds of rows: what ``date_format(value, "DATE_FORMAT")`` writes in the
    paper's language ("2 June 2025", "2 Juni 2025", "ngày 2 tháng 6 năm 2025"), each distinct
    day formatted once. Made for one paper, in the language it is written in."""

    def __init__(self) -> None:
        self.written: dict[dt.date, str] = {}

    def __call__(self, value: Any) -> str:
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if isinstance(value, dt.date):
            if value not in self.written:
                self.written[value] = date_format(value, "DATE_FORMAT")
            return self.written[value]
        return day(value)


def _last_update(
    item: dict[str, Any], days: Callable[[Any], str] = day, none: str | None = None
) -> str:
    if not item["latest_note"]:
        return none if none is not None else _("none")
    return f"{days(item['latest_update_at'])}: {item['latest_note']}"


# -- d. knowledge ------------------------------------------------------------------------------


def _crime_areas(ctx: _Context) -> tuple[list[CrimeArea], str]:
    """The body's crime areas, else those of the bodies reporting to it, else those of the
    priority areas of the instruments it oversees; and a phrase saying which."""
    # The registry is public: these are compiled once for every reader. A body with bodies
    # reporting to it reads its own areas and theirs in one statement.
    if ctx.lower:
        linked = Body.crime_areas.through.objects
        rows = precompiled(
            "papers.brief.own_and_lower_areas",
            CrimeArea,
            None,
            lambda body_id, *lower: (
                CrimeArea.objects.annotate(
                    of_body=Exists(linked.filter(crimearea_id=OuterRef("pk"), body_id=body_id)),
                    of_lower=Exists(linked.filter(crimearea_id=OuterRef("pk"), body_id__in=lower)),
                )
                .filter(Q(of_body=True) | Q(of_lower=True))
                .order_by("order", "name")
            ),
            (ctx.body.pk, *(b.pk for b in ctx.lower)),
        )
        own = [area for area in rows if area.of_body]
        lower = [area for area in rows if area.of_lower]
    else:
        own = precompiled(
            "papers.brief.areas",
            CrimeArea,
            None,
            lambda body_id: CrimeArea.objects.filter(bodies=body_id).order_by("order", "name"),
            ctx.body.pk,
        )
        lower = []
    if own:
        return own, _("the crime areas of the %(body)s") % {"body": str(ctx.body)}
    if lower:
        return lower, _("the crime areas of the bodies reporting to the %(body)s") % {
            "body": str(ctx.body)
        }
    if ctx.instruments:
        from_instruments = list(
            CrimeArea.objects.filter(priority_areas__instrument__in=ctx.instruments)
            .distinct()
            .order_by("order", "name")
        )
        if from_instruments:
            return from_instruments, _(
                "the crime areas of the instruments the %(body)s oversees"
            ) % {"body": str(ctx.body)}
    return [], ""


def _knowledge(ctx: _Context) -> Section:
    paper = ctx.paper
    areas, which = _crime_areas(ctx)
    section = Section(heading=_("New knowledge and requests for expertise"), key="knowledge")
    if not areas:
        section.blocks.append(
            Note(
                _(
                    "No crime area is recorded for the %(body)s, the bodies reporting to it or "
                    "the instruments it oversees, so no knowledge item can be matched to it."
                )
                % {"body": str(ctx.body)}
            )
        )
        return section
    section.source = _("Knowledge exchange: items published %(since)s in %(which)s (%(areas)s)") % {
        "since": _since_phrase(ctx.previous),
        "which": which,
        "areas": ", ".join(a.name for a in areas),
    }
    since = ctx.previous.start_date if ctx.previous is not None else None
    until = ctx.meeting.start_date if ctx.meeting.start_date < timezone.localdate() else None

    def published(*area_ids: int) -> Any:
        matching = KnowledgeItem.crime_areas.through.objects.filter(
            crimearea_id__in=area_ids
        ).values("knowledgeitem_id")
        qs = KnowledgeItem.objects.visible_to(ctx.user).filter(pk__in=matching)
        if since is not None:
            qs = qs.filter(published_at__date__gte=since)
        if until is not None:
            qs = qs.filter(published_at__date__lt=until)
        return qs

    area_ids = tuple(a.pk for a in areas)
    shown = precompiled(
        _shape("knowledge", since, until),
        KnowledgeItem,
        ctx.user,
        lambda *ids: (
            published(*ids)
            .select_related("owner_party")
            .prefetch_related(
                Prefetch("crime_areas", queryset=CrimeArea.objects.order_by("order", "name"))
            )
            .order_by("-published_at", "-pk")[: KNOWLEDGE_SHOWN + 1]
        ),
        area_ids,
    )
    more = 0
    if len(shown) > KNOWLEDGE_SHOWN:
        shown = shown[:KNOWLEDGE_SHOWN]
        more = published(*area_ids).count() - KNOWLEDGE_SHOWN
    if not shown:
        section.blocks.append(
            Note(
                _(
                    "No knowledge item or request for expertise was published %(since)s in %(which)s."
                )
                % {"since": _since_phrase(ctx.previous), "which": which}
            )
        )
        return section
    for item in shown:
        paper.include(item.tlp)
    requests = [i for i in shown if i.is_request]
    others = [i for i in shown if not i.is_request]
    if requests:
        section.blocks.append(
            Table(
                headers=[
                    _("Request"),
                    _("From"),
                    _("Published"),
                    _("Crime areas"),
                    _("Offers wanted"),
                ],
                rows=[
                    [
                        item.title,
                        _owner(item),
                        day(item.published_at),
                        ", ".join(a.name for a in item.crime_areas.all()),
                        _("yes") if item.is_open else _("closed"),
                    ]
                    for item in requests
                ],
                caption=_("Requests for expertise"),
                row_links=[item.get_absolute_url() for item in requests],
            )
        )
    if others:
        section.blocks.append(
            Table(
                headers=[_("Title"), _("Kind"), _("From"), _("Published"), _("Crime areas")],
                rows=[
                    [
                        item.title,
                        str(item.get_kind_display()),
                        _owner(item),
                        day(item.published_at),
                        ", ".join(a.name for a in item.crime_areas.all()),
                    ]
                    for item in others
                ],
                caption=_("Knowledge items"),
                row_links=[item.get_absolute_url() for item in others],
            )
        )
    if more:
        section.blocks.append(
            Note(
                ngettext(
                    "%(n)d more item is listed in the knowledge exchange.",
                    "%(n)d more items are listed in the knowledge exchange.",
                    more,
                )
                % {"n": more}
            )
        )
    return section


def _owner(item: KnowledgeItem) -> str:
    return item.owner_party.name if item.owner_party is not None else "—"


# -- e. participants ---------------------------------------------------------------------------


def _participants(ctx: _Context) -> Section:
    """Invited parties and their delegations (names for signed-in readers only), and the
    participants recorded; three queries."""
    meeting, user = ctx.meeting, ctx.user
    planned = meeting.status == Meeting.Status.PLANNED
    section = Section(
        heading=_("Participants expected") if planned else _("Participants"),
        source=_("Invitations, delegations and participants recorded for the %(meeting)s")
        % {"meeting": translated_title(meeting)},
        key="participants",
    )
    rows = delegations.delegations(meeting, user=user)
    show_names = delegations.may_see_delegates(user)
    recorded = {
        p.party_id: p for p in meeting_reads.meeting_participants(user=user, meeting_id=meeting.pk)
    }
    parties = {row.party.pk: row.party for row in rows}
    for present in recorded.values():
        parties.setdefault(present.party_id, present.party)
    if not parties:
        section.blocks.append(
            Note(
                _(
                    "No invitation, delegation or participant has been recorded for this meeting yet."
                )
            )
        )
        return section
    by_party = {row.party.pk: row for row in rows}
    invited = [row for row in rows if row.invitation is not None]
    awaiting = [row.party.code for row in invited if not row.nominated]
    summary = ngettext(
        "%(n)d party is invited or recorded as taking part.",
        "%(n)d parties are invited or recorded as taking part.",
        len(parties),
    ) % {"n": len(parties)}
    if awaiting:
        summary += " " + _("Still to name their delegation: %(codes)s.") % {
            "codes": ", ".join(sorted(awaiting))
        }
    section.blocks.append(Para(summary))
    headers = [_("Party"), _("Invited"), _("Delegation named")]
    if show_names:
        headers += [_("Head of delegation"), _("Delegates")]
    table_rows = []
    for pk, party in sorted(parties.items(), key=lambda item: item[1].name):
        row = by_party.get(pk)
        participant = recorded.get(pk)
        named = row is not None and (row.nominated or bool(row.delegates))
        cells = [
            f"{party.name} ({party.code})",
            _("yes") if row is not None and row.invitation is not None else _("no"),
            _("yes") if named else (_("recorded as participant") if participant else _("not yet")),
        ]
        if show_names:
            head = row.head.name if row is not None and row.head is not None else ""
            if not head and participant is not None:
                head = participant.head_of_delegation
            members = (
                ", ".join(
                    f"{d.name} ({d.position})" if d.position else d.name
                    for d in row.delegates
                    if not d.is_head
                )
                if row is not None
                else ""
            )
            cells += [head or "—", members or "—"]
        table_rows.append(cells)
    section.blocks.append(Table(headers=headers, rows=table_rows, caption=_("Delegations")))
    if not show_names:
        section.blocks.append(
            Note(_("The names of delegates are shown to signed-in readers only."))
        )
    return section


# -- the agenda ----------------------------------------------------------------------------------


def _agenda(ctx: _Context) -> Section:
    items = precompiled(
        "papers.brief.agenda",
        AgendaItem,
        ctx.user,
        lambda value: AgendaItem.objects.visible_to(ctx.user).filter(meeting_id=value),
        ctx.meeting.pk,
    )
    section = Section(
        heading=_("Agenda"),
        source=_("Agenda recorded for the %(meeting)s")
        % {"meeting": translated_title(ctx.meeting)},
        key="agenda",
    )
    if not items:
        section.blocks.append(Note(_("No agenda has been recorded for this meeting yet.")))
        return section
    section.blocks.append(
        Table(
            headers=[_("Item"), _("Title")],
            rows=[[str(item.position), item.title] for item in items],
        )
    )
    return section


__all__ = ["brief_title", "build_brief", "overseen_instruments"]
