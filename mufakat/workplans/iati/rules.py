"""IATI's rules that the XML schema cannot express, checked on a document; and the schema.

:func:`validate` checks a document against the unchanged IATI 2.03 activity schema kept in
``schema/``; :func:`rule_problems` checks what IATI requires beyond it (dates in ISO form and in
order, percentages adding up to 100 per vocabulary, codes from the codelists used, identifiers
prefixed and unique, values present exactly for quantitative measures …). Each returns the
problems found, in words naming the activity and the element; none is a valid document.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from lxml import etree

from mufakat.workplans.iati import codelists as cl

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@cache
def schema() -> etree.XMLSchema:
    """The IATI 2.03 activity schema (with ``iati-common.xsd`` and ``xml.xsd`` beside it)."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))


def parse(document: bytes | etree._Element) -> etree._Element:
    if isinstance(document, bytes):
        return etree.fromstring(document)
    return document


def validate(document: bytes | etree._Element) -> list[str]:
    """Where ``document`` breaks the schema, as ``line N: message``."""
    checker = schema()
    if checker.validate(etree.ElementTree(parse(document))):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


def _datetime(value: str | None) -> dt.datetime | None:
    try:
        found = dt.datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return found if found.tzinfo is not None else None


def _decimal(value: str | None) -> Decimal | None:
    try:
        found = Decimal(value or "")
    except InvalidOperation:
        return None
    return found if found.is_finite() else None


def rule_problems(document: bytes | etree._Element) -> list[str]:
    """Everything in ``document`` that breaks one of IATI's rules beyond the schema."""
    root = parse(document)
    problems: list[str] = []
    generated = _datetime(root.get("generated-datetime"))
    if generated is None:
        problems.append("iati-activities: generated-datetime is not an ISO date-time with a zone")
    identifiers = [a.findtext("iati-identifier") or "" for a in root.iter("iati-activity")]
    refs = {a.find("reporting-org").get("ref") for a in root.iter("iati-activity")}
    if len(refs) > 1:
        problems.append(f"iati-activities: reporting-org refs differ: {sorted(refs)}")
    for identifier in {i for i in identifiers if identifiers.count(i) > 1}:
        problems.append(f"{identifier}: identifier used more than once")
    for activity in root.iter("iati-activity"):
        problems += _activity_problems(activity, set(identifiers), generated)
    return problems


def _activity_problems(
    activity: etree._Element, identifiers: set[str], generated: dt.datetime | None
) -> list[str]:
    name = activity.findtext("iati-identifier") or "?"
    problems: list[str] = []

    def problem(text: str) -> None:
        problems.append(f"{name}: {text}")

    reporting = activity.find("reporting-org")
    ref = reporting.get("ref") if reporting is not None else None
    if not ref or not name.startswith(ref + "-"):
        problem(f"identifier does not start with the reporting-org ref {ref!r} and a hyphen")
    if any(ch.isspace() or ch in "/&|?" for ch in name):
        problem("identifier holds a character IATI does not allow")
    if reporting is not None and reporting.get("type") not in cl.ORGANISATION_TYPES:
        problem(f"reporting-org type {reporting.get('type')!r} is not an OrganisationType")
    updated = _datetime(activity.get("last-updated-datetime"))
    if updated is None:
        problem("last-updated-datetime is not an ISO date-time with a zone")
    elif generated is not None and updated > generated:
        problem("last-updated-datetime is after the file was generated")
    if activity.get(XML_LANG) is None and any(
        n.get(XML_LANG) is None for n in activity.iter("narrative")
    ):
        problem("no default language, and a narrative without xml:lang")
    for narrative in activity.iter("narrative"):
        if not (narrative.text or "").strip():
            problem(f"empty narrative in {narrative.getparent().tag}")
    for org in activity.iter("participating-org"):
        if org.get("role") not in cl.ORGANISATION_ROLES:
            problem(f"participating-org role {org.get('role')!r} is not an OrganisationRole")
        if org.get("type") is not None and org.get("type") not in cl.ORGANISATION_TYPES:
            problem(f"participating-org type {org.get('type')!r} is not an OrganisationType")
        if not org.get("ref") and not (org.findtext("narrative") or "").strip():
            problem("participating-org with neither ref nor name")
    status = activity.find("activity-status")
    if status is None or status.get("code") not in cl.ACTIVITY_STATUSES:
        problem("activity-status missing or not an ActivityStatus")
    dates: dict[str, dt.date] = {}
    for element in activity.iter("activity-date"):
        found = _date(element.get("iso-date"))
        if found is None:
            problem(f"activity-date {element.get('iso-date')!r} is not an ISO date")
        elif element.get("type") not in cl.ACTIVITY_DATE_TYPES:
            problem(f"activity-date type {element.get('type')!r} is not an ActivityDateType")
        else:
            dates[element.get("type") or ""] = found
    if cl.PLANNED_START not in dates and cl.ACTUAL_START not in dates:
        problem("neither a planned nor an actual start date")
    start, end = dates.get(cl.PLANNED_START), dates.get(cl.PLANNED_END)
    if start and end and end < start:
        problem("planned end before planned start")
    scope = activity.find("activity-scope")
    if scope is not None and scope.get("code") not in cl.ACTIVITY_SCOPES:
        problem(f"activity-scope {scope.get('code')!r} is not an ActivityScope")
    problems += [f"{name}: {p}" for p in _percentages(activity)]
    for sector in activity.iter("sector"):
        vocabulary = sector.get("vocabulary") or cl.DAC_SECTOR
        code = sector.get("code") or ""
        if vocabulary == cl.DAC_SECTOR and not (len(code) == 5 and code.isdigit()):
            problem(f"DAC sector code {code!r} is not five digits")
        if vocabulary in ("98", "99") and not (sector.findtext("narrative") or "").strip():
            problem(f"sector {code!r} of vocabulary {vocabulary} has no narrative")
    for country in activity.iter("recipient-country"):
        code = country.get("code") or ""
        if not (len(code) == 2 and code.isalpha() and code.isupper()):
            problem(f"recipient-country {code!r} is not ISO 3166-1 alpha-2")
    for related in activity.iter("related-activity"):
        if related.get("type") not in cl.RELATED_ACTIVITY_TYPES:
            problem(f"related-activity type {related.get('type')!r} is not a RelatedActivityType")
        if related.get("ref") not in identifiers:
            problem(f"related-activity {related.get('ref')!r} is not an activity of the file")
    if activity.get("hierarchy") == "2" and not any(
        r.get("type") == cl.PARENT for r in activity.iter("related-activity")
    ):
        problem("a child activity (hierarchy 2) names no parent")
    for description in activity.findall("description"):
        if description.get("type") not in cl.DESCRIPTION_TYPES:
            problem(f"description type {description.get('type')!r} is not a DescriptionType")
    for result in activity.iter("result"):
        if result.get("type") not in cl.RESULT_TYPES:
            problem(f"result type {result.get('type')!r} is not a ResultType")
        for indicator in result.iter("indicator"):
            problems += [f"{name}: {p}" for p in _indicator_problems(indicator)]
    return problems


def _percentages(activity: etree._Element) -> list[str]:
    """Sectors add up to 100 per vocabulary; recipient countries and regions together (per
    region vocabulary) add up to 100; every percentage is within 0–100."""
    problems = []
    sectors: dict[str, list[Decimal | None]] = defaultdict(list)
    for sector in activity.findall("sector"):
        sectors[sector.get("vocabulary") or cl.DAC_SECTOR].append(
            _decimal(sector.get("percentage")) if sector.get("percentage") else None
        )
    recipients: list[Decimal | None] = [
        _decimal(e.get("percentage")) if e.get("percentage") else None
        for e in [*activity.findall("recipient-country"), *activity.findall("recipient-region")]
    ]
    groups = {f"sectors of vocabulary {v}": values for v, values in sectors.items()}
    if recipients:
        groups["recipient countries and regions"] = recipients
    for label, values in groups.items():
        if len(values) > 1 and any(v is None for v in values):
            problems.append(f"{label}: several without a percentage each")
            continue
        known = [v for v in values if v is not None]
        if any(v < 0 or v > 100 for v in known):
            problems.append(f"{label}: a percentage outside 0–100")
        if known and sum(known) != 100:
            problems.append(f"{label}: percentages add up to {sum(known)}, not 100")
    return problems


def _indicator_problems(indicator: etree._Element) -> list[str]:
    """A quantitative measure gives a number for every baseline, target and actual; a
    qualitative one gives none; periods are ISO dates in order."""
    title = indicator.findtext("title/narrative") or "?"
    measure = indicator.get("measure")
    problems = []
    if measure not in cl.INDICATOR_MEASURES:
        problems.append(f"indicator “{title}”: measure {measure!r} is not an IndicatorMeasure")
    qualitative = measure == cl.QUALITATIVE
    for element in [
        *indicator.iter("baseline"),
        *indicator.iter("target"),
        *indicator.iter("actual"),
    ]:
        value = element.get("value")
        if qualitative and value is not None:
            problems.append(f"indicator “{title}”: a qualitative {element.tag} with a value")
        if not qualitative and _decimal(value) is None:
            problems.append(f"indicator “{title}”: {element.tag} value {value!r} is not a number")
        if measure == cl.PERCENTAGE and value is not None:
            number = _decimal(value)
            if number is not None and not 0 <= number <= 100:
                problems.append(f"indicator “{title}”: percentage {value} outside 0–100")
    for baseline in indicator.iter("baseline"):
        year = baseline.get("year") or ""
        if not (len(year) == 4 and year.isdigit()):
            problems.append(f"indicator “{title}”: baseline year {year!r} is not a year")
    for period in indicator.iter("period"):
        start = _date(period.find("period-start").get("iso-date"))
        end = _date(period.find("period-end").get("iso-date"))
        if start is None or end is None:
            problems.append(f"indicator “{title}”: a period without ISO dates")
        elif end < start:
            problems.append(f"indicator “{title}”: a period ending before it starts")
    return problems
