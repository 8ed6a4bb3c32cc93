"""The ``<iati-activities version="2.03">`` document of a public work plan, built with lxml.

The work plan is the parent activity (``hierarchy="1"``) and each of its activities a child
(``hierarchy="2"``), linked both ways by ``related-activity``: IATI's way of saying that the
activities make up one programme. The parent carries what belongs to the partnership as a whole
(the partner that funds it, its whole period, every lead party, its sectors averaged over the
activities); each child what belongs to one activity (its leads, years, sectors, recipient and
results), so a donor's system can read either level, and nothing is counted twice (no budget or
transaction is exported: Mufakat holds none).

Identifiers are stable: ``{reporting-org ref}-{instrument key}`` for the plan and
``…-{activity code}`` for an activity (characters IATI does not allow in an identifier become
``-``; two activities of one plan with the same code get their record number after it).

The document is in the site's language (``LANGUAGE_CODE``, English) and says so
(``xml:lang`` on each activity).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from mufakat.monitoring.models import ProgressStatus
from mufakat.registry.models import Party
from mufakat.workplans.iati import codelists as cl
from mufakat.workplans.iati.selectors import Cell, PublicWorkPlan, RoundFigures
from mufakat.workplans.models import Activity, Indicator, Instrument, PriorityArea

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTENT_TYPE = "application/xml; charset=utf-8"
#: Said in the document (a comment at its top) and by the HTTP header of the same name.
SCOPE_HEADER = "X-Mufakat-Export-Scope"
SCOPE = "public records only"
_NOT_IN_IDENTIFIER = re.compile(r"[^A-Za-z0-9._-]+")
#: Characters XML 1.0 cannot carry: dropped from text.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Publisher:
    """The reporting organisation and the site the document links to (from the settings)."""

    ref: str
    type: str
    name: str
    site_url: str
    organisation_refs: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls) -> Publisher:
        return cls(
            ref=settings.MUFAKAT_IATI_REPORTING_ORG_REF,
            type=settings.MUFAKAT_IATI_REPORTING_ORG_TYPE,
            name=settings.MUFAKAT_IATI_REPORTING_ORG_NAME,
            site_url=str(settings.MUFAKAT_SITE_URL).rstrip("/"),
            organisation_refs={
                **cl.ORGANISATION_REFS,
                **settings.MUFAKAT_IATI_ORGANISATION_REFS,
            },
        )


def export(
    plan: PublicWorkPlan,
    *,
    publisher: Publisher | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The IATI document of ``plan`` as UTF-8 bytes with its XML declaration."""
    root = build(plan, publisher=publisher or Publisher.from_settings(), now=now)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def filename(instrument: Instrument) -> str:
    return f"{instrument.key}.iati.xml"


def build(
    plan: PublicWorkPlan, *, publisher: Publisher, now: dt.datetime | None = None
) -> etree._Element:
    now = now or timezone.now()
    language = settings.LANGUAGE_CODE.split("-")[0]
    with translation.override(language):
        return _Document(plan, publisher, now, language).root()


def _text(value: Any) -> str:
    return _NOT_IN_XML.sub("", str(value)).strip()


def _stamp(value: dt.datetime) -> str:
    """An ``xsd:dateTime`` in UTC, to the second."""
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def _number(text: str) -> str | None:
    """``text`` as a plain decimal number (``"1,200"`` → ``"1200"``), or None if it is not one."""
    cleaned = text.strip().replace(",", "").rstrip("%").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    plain = format(value.normalize(), "f")
    return plain


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    """A child element; ``iso_date=`` is written ``iso-date``."""
    if not attributes:
        return etree.SubElement(parent, tag)
    return etree.SubElement(parent, tag, {_ATTRIBUTE.get(k, k): v for k, v in attributes.items()})


_ATTRIBUTE = {"iso_date": "iso-date", "vocabulary_uri": "vocabulary-uri"}


def _narrated(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    """``<tag …><narrative>text</narrative></tag>``."""
    element = _sub(parent, tag, **attributes)
    _sub(element, "narrative").text = _text(text)
    return element


@dataclass
class _Dates:
    start: dt.date | None
    end: dt.date | None


class _Document:
    def __init__(
        self, plan: PublicWorkPlan, publisher: Publisher, now: dt.datetime, language: str
    ) -> None:
        self.plan = plan
        self.instrument = plan.instrument
        self.publisher = publisher
        self.now = now
        self.today = timezone.localdate(now)
        self.language = language
        # Words repeated for every party and round, translated once.
        self.statuses = {value: str(label) for value, label in ProgressStatus.choices}
        self.party_dimension = _("reporting party")
        self.crime_areas_uri = self.publisher.site_url + reverse("registry:crime_areas")
        self.sector_names = {
            s.code: s.name for s in [*cl.CRIME_AREA_SECTORS.values(), cl.DEFAULT_SECTOR]
        }
        self.crime_area_names = {
            c.code: c.name for area in plan.areas for c in area.crime_areas.all()
        }
        self.identifiers = self._activity_identifiers()

    # -- the document ----------------------------------------------------------------------

    def root(self) -> etree._Element:
        root = etree.Element(
            "iati-activities",
            {"version": cl.IATI_VERSION, "generated-datetime": _stamp(self.now)},
        )
        note = _text(
            _(
                "This export contains only public records: the work plan, its activities and "
                "the figures of its frozen reporting rounds that are public (TLP:CLEAR), as "
                "anyone may read them without signing in."
            )
        )
        root.append(etree.Comment(" " + note.replace("--", "-") + " "))
        children: list[tuple[Activity, PriorityArea, etree._Element, str]] = []
        for area in self.plan.areas:
            for activity in area.activities.all():
                element, status = self._activity(activity, area)
                children.append((activity, area, element, status))
        root.append(self._work_plan([(a, area, s) for a, area, _e, s in children]))
        for _a, _area, element, _s in children:
            root.append(element)
        return root

    # -- shared parts ----------------------------------------------------------------------

    def _activity_identifiers(self) -> dict[int, str]:
        """Each activity's identifier; a code two activities share gets the record number."""
        base = f"{self.publisher.ref}-{self.instrument.key}"
        codes: dict[int, str] = {}
        for activity in self.plan.activities:
            code = _NOT_IN_IDENTIFIER.sub("-", activity.code).strip("-")
            codes[activity.pk] = code or f"activity-{activity.pk}"
        seen: dict[str, int] = {}
        for code in codes.values():
            seen[code] = seen.get(code, 0) + 1
        return {
            pk: f"{base}-{code}" if seen[code] == 1 else f"{base}-{code}-{pk}"
            for pk, code in codes.items()
        }

    @property
    def plan_identifier(self) -> str:
        return f"{self.publisher.ref}-{self.instrument.key}"

    def _head(
        self,
        identifier: str,
        *,
        hierarchy: str,
        updated: dt.datetime,
        title: str,
        description: str,
    ) -> etree._Element:
        activity = etree.Element(
            "iati-activity",
            {
                "last-updated-datetime": _stamp(min(updated, self.now)),
                XML_LANG: self.language,
                "hierarchy": hierarchy,
            },
        )
        _sub(activity, "iati-identifier").text = identifier
        _narrated(
            activity,
            "reporting-org",
            self.publisher.name,
            ref=self.publisher.ref,
            type=self.publisher.type,
        )
        _narrated(activity, "title", title)
        _narrated(activity, "description", description, type=cl.GENERAL)
        return activity

    def _organisation(self, parent: etree._Element, party: Party, role: str) -> None:
        attributes = {"role": role, "type": cl.ORGANISATION_TYPE_OF_PARTY.get(party.kind, "90")}
        ref = self.publisher.organisation_refs.get(party.code)
        if party.is_asean_organ:
            ref = self.publisher.ref
        if ref:
            attributes["ref"] = ref
        _narrated(parent, "participating-org", party.name, **attributes)

    def _accountable(self, parent: etree._Element) -> None:
        """The reporting organisation oversees every activity (IATI: repeat it where it has a
        role)."""
        _narrated(
            parent,
            "participating-org",
            self.publisher.name,
            ref=self.publisher.ref,
            type=self.publisher.type,
            role=cl.ACCOUNTABLE,
        )

    def _funders(self) -> list[Party]:
        """The partners of the plan that fund it: its parties that are states outside ASEAN
        (dialogue partners such as Japan, the EU, other states). An international organisation
        among its parties (UNODC …) implements rather than funds (:meth:`_partner_bodies`)."""
        return [
            p
            for p in self.instrument.parties.all()
            if not p.is_asean_organ and p.kind in cl.FUNDING_PARTY_KINDS
        ]

    def _partner_bodies(self) -> list[Party]:
        """International organisations among the plan's parties, other than ASEAN's own."""
        return [
            p
            for p in self.instrument.parties.all()
            if not p.is_asean_organ and p.kind == Party.Kind.ORGANISATION
        ]

    def _dates(self, parent: etree._Element, dates: _Dates) -> None:
        if dates.start is not None:
            _sub(parent, "activity-date", type=cl.PLANNED_START, iso_date=dates.start.isoformat())
        if dates.end is not None and (dates.start is None or dates.end >= dates.start):
            _sub(parent, "activity-date", type=cl.PLANNED_END, iso_date=dates.end.isoformat())

    def _plan_dates(self) -> _Dates:
        instrument = self.instrument
        end_year = instrument.extended_to_year or instrument.end_year
        start = dt.date(instrument.start_year, 1, 1) if instrument.start_year else None
        if start is None:
            start = instrument.in_force_on or instrument.adopted_on
        return _Dates(start, dt.date(end_year, 12, 31) if end_year else None)

    def _activity_dates(self, activity: Activity) -> _Dates:
        plan = self._plan_dates()
        start = dt.date(activity.start_year, 1, 1) if activity.start_year else plan.start
        end = dt.date(activity.end_year, 12, 31) if activity.end_year else plan.end
        return _Dates(start, end)

    def _region(self, parent: etree._Element) -> None:
        code, name = cl.ASEAN_REGION
        _sub(parent, "activity-scope", code=cl.SCOPE_REGIONAL)
        _narrated(
            parent, "recipient-region", name, code=code, vocabulary=cl.DAC_REGION, percentage="100"
        )

    def _recipient(self, parent: etree._Element, activity: Activity) -> None:
        """One member state taking part: that country; several (or none): the region."""
        states = {
            p.code: p
            for p in [*activity.lead_parties.all(), *activity.participating_parties.all()]
            if p.kind == Party.Kind.MEMBER_STATE and p.code in cl.ISO_ALPHA2
        }
        if len(states) != 1:
            self._region(parent)
            return
        (party,) = states.values()
        _sub(parent, "activity-scope", code=cl.SCOPE_NATIONAL)
        _narrated(
            parent,
            "recipient-country",
            party.name,
            code=cl.ISO_ALPHA2[party.code],
            percentage="100",
        )

    def _sectors(
        self,
        parent: etree._Element,
        dac: list[tuple[str, Decimal]],
        own: list[tuple[str, Decimal]],
    ) -> None:
        for code, percentage in dac:
            _narrated(
                parent,
                "sector",
                self.sector_names[code],
                vocabulary=cl.DAC_SECTOR,
                code=code,
                percentage=cl.percentage_text(percentage),
            )
        for code, percentage in own:
            _narrated(
                parent,
                "sector",
                self.crime_area_names.get(code, code),
                vocabulary=cl.OWN_SECTOR,
                vocabulary_uri=self.crime_areas_uri,
                code=code,
                percentage=cl.percentage_text(percentage),
            )

    def _area_sectors(
        self, area: PriorityArea
    ) -> tuple[list[tuple[str, Decimal]], list[tuple[str, Decimal]]]:
        crime_areas = list(area.crime_areas.all())
        dac: list[str] = []
        for crime_area in crime_areas:
            code = cl.CRIME_AREA_SECTORS.get(crime_area.code, cl.DEFAULT_SECTOR).code
            if code not in dac:
                dac.append(code)
        return (
            cl.equal_shares(dac or [cl.DEFAULT_SECTOR.code]),
            cl.equal_shares([c.code for c in crime_areas]),
        )

    def _link(self, parent: etree._Element, url: str, title: str) -> None:
        link = _sub(parent, "document-link", format="text/html", url=self.publisher.site_url + url)
        _narrated(link, "title", title)
        _sub(link, "category", code=cl.ACTIVITY_WEB_PAGE)
        _sub(link, "language", code=self.language)

    # -- the work plan ---------------------------------------------------------------------

    def _work_plan(self, children: list[tuple[Activity, PriorityArea, str]]) -> etree._Element:
        instrument = self.instrument
        updated = max(
            [
                instrument.updated_at,
                *(p.updated_at for p in instrument.parties.all()),
                *(area.updated_at for area in self.plan.areas),
                *(c.updated_at for area in self.plan.areas for c in area.crime_areas.all()),
                *(self._activity_updated(a, area) for a, area, _s in children),
            ]
        )
        description = instrument.description or _(
            "%(title)s: %(areas)d priority areas and %(activities)d activities, monitored "
            "through reporting rounds presented at the meetings."
        ) % {
            "title": instrument.title,
            "areas": len(self.plan.areas),
            "activities": len(children),
        }
        element = self._head(
            self.plan_identifier,
            hierarchy="1",
            updated=updated,
            title=instrument.title,
            description=description,
        )
        for party in self._funders():
            self._organisation(element, party, cl.FUNDING)
        self._accountable(element)
        leads: dict[str, Party] = {p.code: p for p in self._partner_bodies()}
        for activity, _area, _s in children:
            for party in activity.lead_parties.all():
                leads.setdefault(party.code, party)
        for code in sorted(leads):
            self._organisation(element, leads[code], cl.IMPLEMENTING)
        _sub(element, "other-identifier", ref=instrument.key, type=cl.INTERNAL_IDENTIFIER)
        dates = self._plan_dates()
        _sub(
            element,
            "activity-status",
            code=plan_status(dates, [s for _a, _area, s in children], self.today),
        )
        self._dates(element, dates)
        self._region(element)
        areas = {area.pk: self._area_sectors(area) for area in self.plan.areas}
        dac = cl.averaged_shares([areas[area.pk][0] for _a, area, _s in children])
        own = cl.averaged_shares(
            [areas[area.pk][1] for _a, area, _s in children if areas[area.pk][1]]
        )
        self._sectors(element, dac or cl.equal_shares([cl.DEFAULT_SECTOR.code]), own)
        self._link(element, instrument.get_absolute_url(), instrument.title)
        for activity, _area, _s in children:
            _sub(element, "related-activity", ref=self.identifiers[activity.pk], type=cl.CHILD)
        return element

    # -- an activity -----------------------------------------------------------------------

    def _cells(self, activity: Activity) -> list[tuple[RoundFigures, list[Cell]]]:
        return [(r, r.cells[activity.pk]) for r in self.plan.rounds if r.cells.get(activity.pk)]

    def _activity_updated(self, activity: Activity, area: PriorityArea) -> dt.datetime:
        """The last change of anything the activity's element shows: the plan (its partners),
        the priority area (its crime areas), the activity (its parties), its indicators and
        the rounds frozen with figures of it."""
        return max(
            [
                self.instrument.updated_at,
                *(p.updated_at for p in self.instrument.parties.all()),
                area.updated_at,
                *(c.updated_at for c in area.crime_areas.all()),
                activity.updated_at,
                *(p.updated_at for p in activity.lead_parties.all()),
                *(p.updated_at for p in activity.participating_parties.all()),
                *(i.updated_at for i in activity.indicators.all()),
                *(r.frozen_at for r, _cells in self._cells(activity)),
            ]
        )

    def _activity(self, activity: Activity, area: PriorityArea) -> tuple[etree._Element, str]:
        description = activity.description or _(
            "Activity %(code)s of the %(plan)s, under its priority area “%(area)s”."
        ) % {"code": activity.code, "plan": self.instrument.title, "area": area.title}
        element = self._head(
            self.identifiers[activity.pk],
            hierarchy="2",
            updated=self._activity_updated(activity, area),
            title=activity.title,
            description=description,
        )
        for party in self._funders():
            self._organisation(element, party, cl.FUNDING)
        self._accountable(element)
        for party in activity.lead_parties.all():
            self._organisation(element, party, cl.IMPLEMENTING)
        _sub(element, "other-identifier", ref=activity.code, type=cl.INTERNAL_IDENTIFIER)
        dates = self._activity_dates(activity)
        cells = self._cells(activity)
        latest = [c.status for c in cells[-1][1]] if cells else []
        status = activity_status(dates, latest, self.today)
        _sub(element, "activity-status", code=status)
        self._dates(element, dates)
        self._recipient(element, activity)
        self._sectors(element, *self._area_sectors(area))
        self._link(element, activity.get_absolute_url(), activity.title)
        _sub(element, "related-activity", ref=self.plan_identifier, type=cl.PARENT)
        self._outputs(element, activity, dates)
        self._progress(element, activity, cells)
        return element, status

    def _outputs(self, parent: etree._Element, activity: Activity, dates: _Dates) -> None:
        """The activity's own indicators, with their baseline and their target over the
        activity's period."""
        indicators = list(activity.indicators.all())
        if not indicators:
            return
        outputs = activity.outputs.strip()
        result = _sub(parent, "result", type=cl.OUTPUT)
        title = outputs.splitlines()[0][:200] if outputs else _("Expected outputs")
        _narrated(result, "title", title)
        if outputs and outputs != title:
            _narrated(result, "description", outputs)
        for indicator in indicators:
            self._indicator(result, indicator, dates)

    def _indicator(self, parent: etree._Element, indicator: Indicator, dates: _Dates) -> None:
        measure = indicator_measure(indicator)
        qualitative = measure == cl.QUALITATIVE
        element = _sub(parent, "indicator", measure=measure)
        if not qualitative:
            element.set("ascending", "true")
        _narrated(element, "title", indicator.name)
        facts = []
        if indicator.unit:
            facts.append(_("Unit: %s.") % indicator.unit)
        if indicator.baseline:
            facts.append(_("Baseline: %s.") % indicator.baseline)
        if indicator.target:
            facts.append(_("Target: %s.") % indicator.target)
        if facts:
            _narrated(element, "description", " ".join(facts))
        baseline = None if qualitative else _number(indicator.baseline)
        year = dates.start.year if dates.start else None
        if year and indicator.baseline and (qualitative or baseline is not None):
            attributes = {"year": str(year)}
            if baseline is not None:
                attributes["value"] = baseline
            element_baseline = _sub(element, "baseline", **attributes)
            if qualitative:
                _narrated(element_baseline, "comment", indicator.baseline)
        target = None if qualitative else _number(indicator.target)
        if (
            dates.start
            and dates.end
            and dates.end >= dates.start
            and indicator.target
            and (qualitative or target is not None)
        ):
            period = _sub(element, "period")
            _sub(period, "period-start", iso_date=dates.start.isoformat())
            _sub(period, "period-end", iso_date=dates.end.isoformat())
            target_element = _sub(period, "target", **({"value": target} if target else {}))
            if qualitative:
                _narrated(target_element, "comment", indicator.target)

    def _progress(
        self,
        parent: etree._Element,
        activity: Activity,
        cells: list[tuple[RoundFigures, list[Cell]]],
    ) -> None:
        """What each party reported, round by round, as frozen for the round's meeting: the
        status (qualitative) and the percent complete."""
        if not cells:
            return
        result = _sub(parent, "result", type=cl.OTHER_RESULT)
        _narrated(result, "title", _("Implementation reported to the meetings"))
        _narrated(
            result,
            "description",
            _(
                "What each party reported in the public reporting rounds, as frozen when each "
                "round was presented at its meeting."
            ),
        )
        status = _sub(result, "indicator", measure=cl.QUALITATIVE)
        _narrated(status, "title", _("Status reported by each party"))
        for figures, round_cells in cells:
            period = self._period(status, figures)
            for cell in round_cells:
                actual = _sub(period, "actual")
                _sub(actual, "dimension", name=self.party_dimension, value=cell.party)
                label = self.statuses.get(cell.status, cell.status)
                _narrated(actual, "comment", f"{label} ({figures.round.title})")
        with_percent = [
            (figures, [c for c in round_cells if c.percent is not None])
            for figures, round_cells in cells
        ]
        if not any(found for _f, found in with_percent):
            return
        percent = _sub(result, "indicator", measure=cl.PERCENTAGE, ascending="true")
        _narrated(percent, "title", _("Percent complete reported by each party"))
        for figures, round_cells in with_percent:
            if not round_cells:
                continue
            period = self._period(percent, figures)
            for cell in round_cells:
                actual = _sub(period, "actual", value=str(cell.percent))
                _sub(actual, "dimension", name=self.party_dimension, value=cell.party)

    def _period(self, indicator: etree._Element, figures: RoundFigures) -> etree._Element:
        """The period of a round: from its opening to its due date."""
        period = _sub(indicator, "period")
        _sub(period, "period-start", iso_date=figures.round.opens_on.isoformat())
        _sub(period, "period-end", iso_date=figures.round.due_date.isoformat())
        return period


# -- derived codes ------------------------------------------------------------------------------


def indicator_measure(indicator: Indicator) -> str:
    """Numeric: a percentage if its unit says so, else units; qualitative: qualitative."""
    if indicator.kind == Indicator.Kind.QUALITATIVE:
        return cl.QUALITATIVE
    if indicator.unit.strip().lower() in cl.PERCENT_UNITS:
        return cl.PERCENTAGE
    return cl.UNIT


def activity_status(dates: _Dates, latest: Iterable[str], today: dt.date) -> str:
    """The IATI status of an activity from its planned years and what the parties reported in
    the latest public frozen round (``latest``: their statuses there):

    - every party that said something reported it cancelled → 5 Cancelled;
    - every party that said something (cancellations aside) reported it completed →
      4 Closed once its last year is over, else 3 Finalisation;
    - before its first year, with no work reported under way → 1 Pipeline;
    - after its last year, with no work reported under way → 4 Closed;
    - otherwise → 2 Implementation.
    """
    reported = [s for s in latest if s not in cl.SILENT]
    under_way = any(s in cl.UNDER_WAY for s in reported)
    ended = dates.end is not None and today > dates.end
    if reported and all(s == ProgressStatus.CANCELLED for s in reported):
        return cl.CANCELLED
    done = [s for s in reported if s != ProgressStatus.CANCELLED]
    if done and all(s == ProgressStatus.COMPLETED for s in done):
        return cl.CLOSED if ended else cl.FINALISATION
    if dates.start is not None and today < dates.start and not under_way:
        return cl.PIPELINE
    if ended and not under_way:
        return cl.CLOSED
    return cl.IMPLEMENTATION


def plan_status(dates: _Dates, children: list[str], today: dt.date) -> str:
    """The IATI status of the work plan: its activities' when they agree on an end (all
    cancelled; all closed or cancelled; all at least finalised), else from its own years."""
    if children and all(c == cl.CANCELLED for c in children):
        return cl.CANCELLED
    if children and all(c in (cl.CLOSED, cl.CANCELLED) for c in children):
        return cl.CLOSED
    if children and all(c in (cl.FINALISATION, cl.CLOSED, cl.CANCELLED) for c in children):
        return cl.FINALISATION
    if dates.start is not None and today < dates.start and all(c == cl.PIPELINE for c in children):
        return cl.PIPELINE
    if dates.end is not None and today > dates.end and cl.IMPLEMENTATION not in children:
        return cl.CLOSED
    return cl.IMPLEMENTATION
