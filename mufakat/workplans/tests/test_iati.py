"""The IATI 2.03 export of public work plans: a valid activity file (schema and IATI's other
rules) with the work plan as parent and its activities as children, the codes of IATI's
codelists, the figures of the public frozen rounds only — and nothing that is not public,
whoever asks.

Every export these tests fetch is checked against the IATI 2.03 schema kept in the repository
and against the rules the schema cannot express (:func:`valid_export`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.monitoring import services as monitoring
from mufakat.monitoring import snapshots
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.registry.models import CrimeArea, Party
from mufakat.testing.factories import member_state
from mufakat.workplans.iati import build, codelists, rules
from mufakat.workplans.iati.selectors import public_work_plan
from mufakat.workplans.models import Activity, Indicator, Instrument, PriorityArea
from mufakat.workplans.tests import make

pytestmark = pytest.mark.django_db

API = "/api/v1"
PLAN_KEY = "asean-japan-wp-2023-2027"
#: Figures only the restricted round holds: they must never reach the export.
RESTRICTED_TITLE = "Round for ASEAN and Japan only"
RESTRICTED_PERCENT = 77
#: Japan's draft, not submitted when the public round was frozen.
DRAFT_PERCENT = 93


def valid_export(response: Any) -> etree._Element:
    """A 200 answer holding a valid IATI 2.03 document (schema and rules), marked public."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response[build.SCOPE_HEADER] == "public records only"
    assert response.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert rules.validate(response.content) == []
    assert rules.rule_problems(response.content) == []
    return etree.fromstring(response.content)


def page_url(key: str = PLAN_KEY) -> str:
    return reverse("workplans:iati", args=[key])


def api_url(instrument: Instrument) -> str:
    return f"{API}/instruments/{instrument.pk}/iati.xml"


def activities(root: etree._Element) -> dict[str, etree._Element]:
    return {a.findtext("iati-identifier"): a for a in root.iter("iati-activity")}


def child(root: etree._Element, code: str) -> etree._Element:
    return activities(root)[f"XM-DAC-47003-{PLAN_KEY}-{code}"]


def sectors(activity: etree._Element, vocabulary: str) -> dict[str, str]:
    return {
        s.get("code"): s.get("percentage")
        for s in activity.findall("sector")
        if s.get("vocabulary") == vocabulary
    }


def orgs(activity: etree._Element, role: str) -> list[tuple[str | None, str | None]]:
    return [
        (o.findtext("narrative"), o.get("ref"))
        for o in activity.findall("participating-org")
        if o.get("role") == role
    ]


def without_stamp(content: bytes) -> bytes:
    root = etree.fromstring(content)
    del root.attrib["generated-datetime"]
    return etree.tostring(root)


@pytest.fixture
def frozen(
    work_plan: Instrument,
    secretariat: User,
    idn_focal: User,
    jpn_focal: User,
    asean_japan: SharingGroup,
) -> dict[str, ReportingRound]:
    """A public round (Indonesia reported both activities; Japan's report on CT-1 was a draft
    when it was frozen) and a round shared with ASEAN + Japan only, both frozen."""

    def open_round(title: str, opens: dt.date, due: dt.date, **access: Any) -> ReportingRound:
        return monitoring.open_round(
            actor=secretariat,
            title=title,
            instruments=[work_plan],
            reporting_parties=["IDN", "JPN"],
            opens_on=opens,
            due_date=due,
            **access,
        )

    def report(round_: ReportingRound, code: str, user: User, **changes: Any) -> None:
        found = ProgressReport.objects.get(round=round_, activity__code=code, party=user.party)
        submit = changes.pop("submit", True)
        monitoring.save_report(
            actor=user, report=found, changes=changes, expected_version=None, submit=submit
        )

    public = open_round(
        "Round for the 25th SOMTC",
        dt.date(2025, 3, 1),
        dt.date(2025, 5, 31),
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    report(public, "CT-1", idn_focal, status="on_track", percent=60)
    report(public, "CY-1", idn_focal, status="completed", percent=100)
    report(public, "CT-1", jpn_focal, status="on_track", percent=DRAFT_PERCENT, submit=False)
    snapshots.freeze_round(actor=secretariat, round=public, acknowledge_early=True)
    restricted = open_round(
        RESTRICTED_TITLE,
        dt.date(2025, 6, 1),
        dt.date(2025, 8, 31),
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        sharing_groups=[asean_japan],
    )
    report(restricted, "CT-1", idn_focal, status="delayed", percent=RESTRICTED_PERCENT)
    snapshots.freeze_round(actor=secretariat, round=restricted, acknowledge_early=True)
    return {"public": public, "restricted": restricted}


# -- the document ------------------------------------------------------------------------------


def test_a_public_work_plan_is_a_valid_iati_203_file_saying_it_holds_public_records_only(
    work_plan: Instrument, client: Client
) -> None:
    response = client.get(page_url())
    root = valid_export(response)
    assert root.tag == "iati-activities" and root.get("version") == "2.03"
    assert dt.datetime.fromisoformat(root.get("generated-datetime", "")).tzinfo is not None
    comments = [c.text for c in root.iter(etree.Comment)]
    assert any("This export contains only public records" in (c or "") for c in comments)
    assert response["Content-Disposition"] == f'inline; filename="{PLAN_KEY}.iati.xml"'


def test_the_work_plan_is_the_parent_activity_and_each_activity_a_child(
    work_plan: Instrument, client: Client
) -> None:
    root = valid_export(client.get(page_url()))
    found = activities(root)
    parent_id = f"XM-DAC-47003-{PLAN_KEY}"
    assert list(found) == [parent_id, f"{parent_id}-CT-1", f"{parent_id}-CY-1"]
    parent = found[parent_id]
    assert parent.get("hierarchy") == "1"
    assert [(r.get("ref"), r.get("type")) for r in parent.findall("related-activity")] == [
        (f"{parent_id}-CT-1", "2"),
        (f"{parent_id}-CY-1", "2"),
    ]
    for identifier in (f"{parent_id}-CT-1", f"{parent_id}-CY-1"):
        activity = found[identifier]
        assert activity.get("hierarchy") == "2"
        related = activity.find("related-activity")
        assert related is not None
        assert (related.get("ref"), related.get("type")) == (parent_id, "1")
    assert parent.findtext("title/narrative") == work_plan.title
    assert child(root, "CT-1").findtext("title/narrative") == (
        "Training on terrorist financing investigations"
    )
    assert child(root, "CT-1").find("other-identifier").get("ref") == "CT-1"
    for activity in found.values():
        assert activity.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
        assert activity.find("description").get("type") == "1"
        assert activity.findtext("description/narrative")


def test_the_reporting_organisation_is_the_one_configured(
    work_plan: Instrument, client: Client, settings: Any
) -> None:
    settings.MUFAKAT_IATI_REPORTING_ORG_REF = "XI-IATI-ASEC"
    settings.MUFAKAT_IATI_REPORTING_ORG_TYPE = "40"
    settings.MUFAKAT_IATI_REPORTING_ORG_NAME = "The ASEAN Secretariat"
    root = valid_export(client.get(page_url()))
    for identifier, activity in activities(root).items():
        assert identifier.startswith(f"XI-IATI-ASEC-{PLAN_KEY}")
        reporting = activity.find("reporting-org")
        assert reporting is not None
        assert (reporting.get("ref"), reporting.get("type")) == ("XI-IATI-ASEC", "40")
        assert reporting.findtext("narrative") == "The ASEAN Secretariat"
        assert orgs(activity, "2") == [("The ASEAN Secretariat", "XI-IATI-ASEC")]


def test_the_partner_funds_the_reporting_organisation_is_accountable_and_leads_implement(
    work_plan: Instrument, client: Client, settings: Any
) -> None:
    settings.MUFAKAT_IATI_ORGANISATION_REFS = {"IDN": "XM-OCHA-ID-TEST"}
    root = valid_export(client.get(page_url()))
    parent = activities(root)[f"XM-DAC-47003-{PLAN_KEY}"]
    assert orgs(parent, "1") == [("Japan", "XM-DAC-701")]
    assert orgs(parent, "2") == [("ASEAN Secretariat", "XM-DAC-47003")]
    assert orgs(parent, "4") == [("Indonesia", "XM-OCHA-ID-TEST"), ("Japan", "XM-DAC-701")]
    training = child(root, "CT-1")
    assert orgs(training, "1") == [("Japan", "XM-DAC-701")]
    assert orgs(training, "4") == [("Japan", "XM-DAC-701")]
    assert orgs(child(root, "CY-1"), "4") == [("Indonesia", "XM-OCHA-ID-TEST")]
    japan = next(o for o in training.findall("participating-org") if o.get("role") == "1")
    assert japan.get("type") == "10"  # a government
    assert parent.find("reporting-org").get("type") == "40"


def test_an_international_organisation_among_the_parties_implements_rather_than_funds(
    work_plan: Instrument, client: Client, settings: Any
) -> None:
    settings.MUFAKAT_IATI_ORGANISATION_REFS = {"UNODC": "XI-IATI-TEST"}
    unodc = make.party(code="UNODC", name="UNODC", kind=Party.Kind.ORGANISATION)
    work_plan.parties.add(unodc)
    root = valid_export(client.get(page_url()))
    parent = activities(root)[f"XM-DAC-47003-{PLAN_KEY}"]
    assert orgs(parent, "1") == [("Japan", "XM-DAC-701")]
    assert ("UNODC", "XI-IATI-TEST") in orgs(parent, "4")
    unodc_org = next(
        o for o in parent.findall("participating-org") if o.get("ref") == "XI-IATI-TEST"
    )
    assert unodc_org.get("type") == "40"  # multilateral


def test_sectors_are_the_dac_codes_of_the_crime_areas_adding_up_to_100_per_vocabulary(
    work_plan: Instrument, client: Client
) -> None:
    cyber = PriorityArea.objects.get(instrument=work_plan, title="Cybercrime")
    cyber.crime_areas.add(make.crime_area(code="money_laundering", name="Money laundering"))
    root = valid_export(client.get(page_url()))
    assert sectors(child(root, "CT-1"), "1") == {"15210": "100"}
    assert sectors(child(root, "CT-1"), "99") == {"terrorism": "100"}
    assert sectors(child(root, "CY-1"), "1") == {"15131": "50", "15113": "50"}
    assert sectors(child(root, "CY-1"), "99") == {"cybercrime": "50", "money_laundering": "50"}
    parent = activities(root)[f"XM-DAC-47003-{PLAN_KEY}"]
    assert sectors(parent, "1") == {"15210": "50", "15131": "25", "15113": "25"}
    own = [s for s in parent.findall("sector") if s.get("vocabulary") == "99"]
    assert own[0].get("vocabulary-uri", "").endswith(reverse("registry:crime_areas"))


def test_the_crime_area_table_names_a_dac_code_for_every_crime_area_of_the_taxonomy() -> None:
    taxonomy = {
        "terrorism",
        "illicit_drug_trafficking",
        "trafficking_in_persons",
        "arms_smuggling",
        "sea_piracy",
        "money_laundering",
        "international_economic_crime",
        "cybercrime",
        "wildlife_timber_trafficking",
        "people_smuggling",
    }
    assert set(codelists.CRIME_AREA_SECTORS) == taxonomy
    assert codelists.CRIME_AREA_SECTORS["illicit_drug_trafficking"].code == "16063"
    assert codelists.CRIME_AREA_SECTORS["trafficking_in_persons"].code == "15180"
    assert all(len(s.code) == 5 and s.code.isdigit() for s in codelists.CRIME_AREA_SECTORS.values())


def test_one_member_state_taking_part_is_the_recipient_country_several_make_the_region(
    work_plan: Instrument, client: Client, idn: Party, terrorism: CrimeArea
) -> None:
    area = PriorityArea.objects.get(instrument=work_plan, title="Counter terrorism")
    regional = make.activity(priority_area=area, code="CT-2", title="Regional exercise")
    regional.lead_parties.set([idn])
    regional.participating_parties.set([member_state("THA", "Thailand")])
    root = valid_export(client.get(page_url()))
    training = child(root, "CT-1")  # Japan leads, Indonesia takes part
    country = training.find("recipient-country")
    assert country is not None and (country.get("code"), country.get("percentage")) == ("ID", "100")
    assert training.find("activity-scope").get("code") == "4"
    assert training.find("recipient-region") is None
    exercise = child(root, "CT-2")
    region = exercise.find("recipient-region")
    assert region is not None
    assert (region.get("code"), region.get("vocabulary"), region.get("percentage")) == (
        "789",
        "1",
        "100",
    )
    assert exercise.find("activity-scope").get("code") == "2"
    assert exercise.find("recipient-country") is None


def test_planned_dates_come_from_the_years_of_the_activity_or_else_of_the_plan(
    work_plan: Instrument, client: Client
) -> None:
    root = valid_export(client.get(page_url()))

    def dates(activity: etree._Element) -> list[tuple[str | None, str | None]]:
        return [(d.get("type"), d.get("iso-date")) for d in activity.findall("activity-date")]

    assert dates(child(root, "CT-1")) == [("1", "2024-01-01"), ("3", "2025-12-31")]
    assert dates(child(root, "CY-1")) == [("1", "2023-01-01"), ("3", "2027-12-31")]
    assert dates(activities(root)[f"XM-DAC-47003-{PLAN_KEY}"]) == [
        ("1", "2023-01-01"),
        ("3", "2027-12-31"),
    ]


def test_an_extended_plan_ends_with_its_extension(
    bali_work_plan: Instrument, client: Client
) -> None:
    root = valid_export(client.get(page_url(bali_work_plan.key)))
    (parent,) = root.findall("iati-activity")
    ends = [d.get("iso-date") for d in parent.findall("activity-date") if d.get("type") == "3"]
    assert ends == ["2026-12-31"]


def test_each_activity_is_last_updated_when_something_it_shows_last_changed(
    work_plan: Instrument, training: Activity
) -> None:
    def at(month: int) -> dt.datetime:
        return dt.datetime(2025, month, 1, tzinfo=dt.UTC)

    for model in (Instrument, PriorityArea, Activity, Indicator, Party, CrimeArea):
        model.objects.update(updated_at=at(1))
    Party.objects.filter(code="IDN").update(updated_at=at(3))  # renamed, say
    Indicator.objects.filter(activity=training).update(updated_at=at(6))
    plan = public_work_plan(key=PLAN_KEY)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    root = build.build(plan, publisher=build.Publisher.from_settings(), now=now)
    stamps = {i: a.get("last-updated-datetime") for i, a in activities(root).items()}
    base = f"XM-DAC-47003-{PLAN_KEY}"
    assert stamps == {
        base: "2025-06-01T00:00:00+00:00",
        f"{base}-CT-1": "2025-06-01T00:00:00+00:00",  # its indicator
        f"{base}-CY-1": "2025-03-01T00:00:00+00:00",  # Indonesia leads it
    }
    assert root.get("generated-datetime") == "2026-01-01T00:00:00+00:00"


# -- statuses ----------------------------------------------------------------------------------

PERIOD = build._Dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31))


@pytest.mark.parametrize(
    ("today", "latest", "code"),
    [
        (dt.date(2023, 6, 1), [], "1"),  # before its first year: pipeline
        (dt.date(2023, 6, 1), ["on_track"], "2"),  # started early
        (dt.date(2024, 6, 1), [], "2"),  # within its years
        (dt.date(2024, 6, 1), ["not_started", "not_reported"], "2"),
        (dt.date(2024, 6, 1), ["completed", "completed"], "3"),  # done, the period runs on
        (dt.date(2026, 6, 1), ["completed", "cancelled"], "4"),  # done, and the period is over
        (dt.date(2026, 6, 1), [], "4"),  # the period is over, nothing under way
        (dt.date(2026, 6, 1), ["delayed"], "2"),  # late, still under way
        (dt.date(2024, 6, 1), ["cancelled", "not_applicable"], "5"),
    ],
)
def test_the_activity_status_comes_from_its_years_and_the_latest_public_round(
    today: dt.date, latest: list[str], code: str
) -> None:
    assert build.activity_status(PERIOD, latest, today) == code


def test_the_plan_status_follows_its_activities_when_they_agree_on_an_end() -> None:
    plan = build._Dates(dt.date(2023, 1, 1), dt.date(2027, 12, 31))
    today = dt.date(2026, 1, 1)
    assert build.plan_status(plan, ["5", "5"], today) == "5"
    assert build.plan_status(plan, ["4", "5"], today) == "4"
    assert build.plan_status(plan, ["3", "4"], today) == "3"
    assert build.plan_status(plan, ["2", "4"], today) == "2"
    assert build.plan_status(plan, [], dt.date(2028, 1, 1)) == "4"
    assert build.plan_status(plan, ["1"], dt.date(2022, 1, 1)) == "1"


def test_the_exported_statuses_read_the_latest_public_round(
    frozen: dict[str, ReportingRound], work_plan: Instrument
) -> None:
    plan = public_work_plan(key=PLAN_KEY)
    publisher = build.Publisher.from_settings()
    later = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    root = build.build(plan, publisher=publisher, now=later)
    assert rules.validate(root) == [] and rules.rule_problems(root) == []
    # CT-1 (2024–2025) is over, but Indonesia reported it under way: still implementation.
    assert child(root, "CT-1").find("activity-status").get("code") == "2"
    # CY-1 (the plan's years, to 2027): Indonesia reported it completed.
    assert child(root, "CY-1").find("activity-status").get("code") == "3"
    parent = activities(root)[f"XM-DAC-47003-{PLAN_KEY}"]
    assert parent.find("activity-status").get("code") == "2"


# -- results -----------------------------------------------------------------------------------


def test_indicators_carry_their_measure_baseline_and_target(
    work_plan: Instrument, training: Activity, client: Client
) -> None:
    Indicator.objects.create(
        activity=training,
        name="Share of officers certified",
        kind=Indicator.Kind.NUMERIC,
        unit="%",
        baseline="10",
        target="75%",
    )
    Indicator.objects.create(
        activity=training,
        name="Regional guidelines",
        kind=Indicator.Kind.QUALITATIVE,
        baseline="none",
        target="adopted by SOMTC",
    )
    Indicator.objects.create(
        activity=training,
        name="Cases referred",
        kind=Indicator.Kind.NUMERIC,
        baseline="not known",
        target="1,200",
    )
    training.outputs = "Three courses\nA manual for investigators"
    training.save()
    root = valid_export(client.get(page_url()))
    (result,) = [r for r in child(root, "CT-1").findall("result") if r.get("type") == "1"]
    assert result.findtext("title/narrative") == "Three courses"
    assert result.findtext("description/narrative") == "Three courses\nA manual for investigators"
    found = {i.findtext("title/narrative"): i for i in result.findall("indicator")}
    officers = found["Officers trained"]
    assert officers.get("measure") == "1"
    assert officers.find("baseline").attrib == {"year": "2024", "value": "0"}
    assert officers.find("period/target").get("value") == "120"
    assert officers.find("period/period-start").get("iso-date") == "2024-01-01"
    assert officers.find("period/period-end").get("iso-date") == "2025-12-31"
    share = found["Share of officers certified"]
    assert share.get("measure") == "2"
    assert share.find("period/target").get("value") == "75"
    guidelines = found["Regional guidelines"]
    assert guidelines.get("measure") == "5"
    assert guidelines.find("baseline").get("value") is None
    assert guidelines.findtext("baseline/comment/narrative") == "none"
    assert guidelines.findtext("period/target/comment/narrative") == "adopted by SOMTC"
    cases = found["Cases referred"]  # a baseline that is no number is said in words only
    assert cases.find("baseline") is None
    assert cases.find("period/target").get("value") == "1200"
    assert "Baseline: not known." in (cases.findtext("description/narrative") or "")


def test_the_public_frozen_rounds_give_each_partys_reported_status_and_percent_per_round(
    frozen: dict[str, ReportingRound], client: Client
) -> None:
    root = valid_export(client.get(page_url()))
    (progress,) = [r for r in child(root, "CT-1").findall("result") if r.get("type") == "9"]
    status, percent = progress.findall("indicator")
    assert (status.get("measure"), percent.get("measure")) == ("5", "2")
    (period,) = status.findall("period")
    assert period.find("period-start").get("iso-date") == "2025-03-01"
    assert period.find("period-end").get("iso-date") == "2025-05-31"
    (actual,) = period.findall("actual")  # Japan's draft was not submitted: it is not there
    assert actual.get("value") is None
    assert actual.find("dimension").attrib == {"name": "reporting party", "value": "IDN"}
    assert actual.findtext("comment/narrative") == "On track (Round for the 25th SOMTC)"
    (period,) = percent.findall("period")
    assert [
        (a.get("value"), a.find("dimension").get("value")) for a in period.findall("actual")
    ] == [("60", "IDN")]
    completed = child(root, "CY-1").findall("result/indicator/period/actual")
    assert {a.get("value") for a in completed} == {None, "100"}


def test_restricted_rounds_and_drafts_never_reach_the_export_whoever_asks(
    frozen: dict[str, ReportingRound],
    work_plan: Instrument,
    all_users: dict[str, Any],
    as_user: Any,
    api_headers: Any,
) -> None:
    anonymous = Client().get(page_url()).content
    for name, user in all_users.items():
        pages = [as_user(user).get(page_url())]
        headers = api_headers(user) if user.is_authenticated else {}
        pages.append(Client().get(api_url(work_plan), headers=headers))
        for response in pages:
            root = valid_export(response)
            text = response.content.decode()
            assert RESTRICTED_TITLE not in text, name
            values = {a.get("value") for a in root.iter("actual")}
            assert str(RESTRICTED_PERCENT) not in values and str(DRAFT_PERCENT) not in values
            assert without_stamp(response.content) == without_stamp(anonymous), name


def test_what_is_exported_is_what_was_frozen_not_a_later_correction(
    frozen: dict[str, ReportingRound], idn_focal: User, client: Client
) -> None:
    report = ProgressReport.objects.get(
        round=frozen["public"], activity__code="CT-1", party__code="IDN"
    )
    ProgressReport.objects.filter(pk=report.pk).update(percent=5)
    root = valid_export(client.get(page_url()))
    values = {a.get("value") for a in child(root, "CT-1").iter("actual")}
    assert "60" in values and "5" not in values


def test_the_api_gives_the_same_document_as_the_page(
    frozen: dict[str, ReportingRound], work_plan: Instrument, client: Client
) -> None:
    page = client.get(page_url())
    api = client.get(api_url(work_plan))
    valid_export(page)
    valid_export(api)
    assert without_stamp(api.content) == without_stamp(page.content)


def test_the_api_documents_an_xml_answer(client: Client) -> None:
    spec = client.get(f"{API}/openapi.json").json()
    operation = spec["paths"][f"{API}/instruments/{{instrument_id}}/iati.xml"]["get"]
    assert "application/xml" in operation["responses"]["200"]["content"]


# -- public only -------------------------------------------------------------------------------


def test_a_work_plan_that_is_not_public_answers_404_even_to_those_who_may_see_it(
    cyber_annex: Instrument,
    all_users: dict[str, Any],
    as_user: Any,
    api_headers: Any,
    jpn_focal: User,
) -> None:
    assert as_user(jpn_focal).get(cyber_annex.get_absolute_url()).status_code == 200
    for name, user in all_users.items():
        page = as_user(user).get(page_url(cyber_annex.key))
        headers = api_headers(user) if user.is_authenticated else {}
        api = Client().get(api_url(cyber_annex), headers=headers)
        assert page.status_code == 404, name
        assert api.status_code == 404 and api.json() == {"detail": "Not found."}, name
        assert b"annex" not in page.content.lower() and b"annex" not in api.content.lower()


def test_a_public_work_plan_marked_above_clear_is_not_exported(
    work_plan: Instrument, client: Client
) -> None:
    Instrument.objects.filter(pk=work_plan.pk).update(tlp=TLP.GREEN)  # written around the form
    assert client.get(page_url()).status_code == 404
    assert client.get(api_url(work_plan)).status_code == 404


def test_only_plans_of_activities_are_exported(declaration: Instrument, client: Client) -> None:
    assert client.get(page_url(declaration.key)).status_code == 404
    assert client.get(api_url(declaration)).status_code == 404
    assert client.get(page_url("no-such-plan")).status_code == 404


def test_the_instrument_page_offers_the_export_of_a_public_work_plan_only(
    work_plan: Instrument,
    cyber_annex: Instrument,
    declaration: Instrument,
    as_user: Any,
    jpn_focal: User,
    client: Client,
) -> None:
    page = client.get(work_plan.get_absolute_url()).content.decode()
    assert f'href="{page_url()}"' in page and "IATI 2.03 (XML)" in page
    assert "This export contains only public records." in page
    annex = as_user(jpn_focal).get(cyber_annex.get_absolute_url()).content.decode()
    assert "iati.xml" not in annex
    assert "Not exported to IATI: only public work plans (TLP:CLEAR) with a period are." in annex
    assert "IATI" not in client.get(declaration.get_absolute_url()).content.decode()


# -- robustness and cost -----------------------------------------------------------------------


def test_text_is_escaped_and_characters_xml_cannot_carry_are_dropped(
    work_plan: Instrument, training: Activity, client: Client
) -> None:
    training.title = "Training <advanced> & \x0bfollow-up"
    training.save()
    root = valid_export(client.get(page_url()))
    assert child(root, "CT-1").findtext("title/narrative") == "Training <advanced> & follow-up"


def test_codes_that_cannot_be_an_identifier_and_shared_codes_still_give_unique_identifiers(
    work_plan: Instrument, client: Client
) -> None:
    area = PriorityArea.objects.get(instrument=work_plan, title="Cybercrime")
    first = make.activity(priority_area=area, code="CY 2/a", title="First")
    second = make.activity(priority_area=area, code="CY 2/a", title="Second")
    root = valid_export(client.get(page_url()))
    found = activities(root)
    base = f"XM-DAC-47003-{PLAN_KEY}-CY-2-a"
    assert {f"{base}-{first.pk}", f"{base}-{second.pk}"} <= set(found)


def _grow(plan: Instrument, extra: int, parties: list[Party]) -> None:
    areas = list(PriorityArea.objects.filter(instrument=plan))
    for n in range(extra):
        activity = make.activity(
            priority_area=areas[n % len(areas)], code=f"X-{n:02d}", title=f"Extra {n}"
        )
        activity.lead_parties.set(parties[:1])
        activity.participating_parties.set(parties)
        Indicator.objects.create(
            activity=activity, name=f"Indicator {n}", kind=Indicator.Kind.NUMERIC, target="3"
        )


def test_the_export_costs_the_same_queries_for_two_or_thirty_two_activities(
    frozen: dict[str, ReportingRound],
    work_plan: Instrument,
    client: Client,
    idn: Party,
    jpn: Party,
) -> None:
    def counted() -> int:
        client.get(page_url())  # caches warmed (the snapshot's parts, the gate's statements)
        with CaptureQueriesContext(connection) as queries:
            valid_export(client.get(page_url()))
        return len(queries)

    few = counted()
    _grow(work_plan, 30, [idn, jpn])
    assert counted() == few
    assert few <= 9, few


# -- the checks themselves ---------------------------------------------------------------------


def test_the_rule_checks_find_what_the_schema_lets_through(
    work_plan: Instrument, client: Client
) -> None:
    root = valid_export(client.get(page_url()))
    training = child(root, "CT-1")
    training.find("sector").set("percentage", "99")
    training.find("activity-date").set("iso-date", "2024-13-01")
    training.find("result/indicator/period/target").set("value", "many")
    training.find("participating-org").set("role", "7")
    problems = "\n".join(rules.rule_problems(root))
    assert "percentages add up to 99, not 100" in problems
    assert "'2024-13-01' is not an ISO date" in problems
    assert "target value 'many' is not a number" in problems
    assert "role '7' is not an OrganisationRole" in problems


def test_the_schema_kept_in_the_repository_refuses_an_incomplete_activity() -> None:
    document = b'<iati-activities version="2.03"><iati-activity><iati-identifier>X-1</iati-identifier></iati-activity></iati-activities>'
    problems = rules.validate(document)
    assert problems and "reporting-org" in problems[0]
    assert (rules.SCHEMA_DIR / "LICENSE").exists() and (rules.SCHEMA_DIR / "README.md").exists()


@given(st.integers(min_value=1, max_value=12))
def test_equal_shares_add_up_to_exactly_100(n: int) -> None:
    shares = codelists.equal_shares([f"c{i}" for i in range(n)])
    assert sum(p for _c, p in shares) == Decimal(100)
    assert max(p for _c, p in shares) - min(p for _c, p in shares) <= Decimal("0.01")


@given(
    st.lists(
        st.lists(st.sampled_from("abcdefg"), min_size=1, max_size=4, unique=True),
        min_size=1,
        max_size=30,
    )
)
def test_averaged_shares_add_up_to_exactly_100(groups: list[list[str]]) -> None:
    shares = codelists.averaged_shares([codelists.equal_shares(g) for g in groups])
    assert sum(p for _c, p in shares) == Decimal(100)
    assert all(p > 0 for _c, p in shares)
