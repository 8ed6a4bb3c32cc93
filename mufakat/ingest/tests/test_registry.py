"""The registry is the gazetteer: what is added there is recognised, what exists is linked, and
what a user may not see is not linked for them."""

import datetime as dt
from typing import Any

from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.ingest.extract import Gazetteer, extract
from mufakat.meetings.models import Meeting
from mufakat.registry.models import Body, Party
from mufakat.testing.factories import (
    BodyFactory,
    InstrumentFactory,
    MeetingFactory,
    PartyFactory,
)

MAY = dt.date(2023, 5, 19)


def somtc() -> Body:
    return BodyFactory(
        code="SOMTC",
        name="Senior Officials Meeting on Transnational Crime",
        level=Body.Level.SENIOR_OFFICIALS,
    )


def test_a_body_added_to_the_registry_is_recognised_without_code_changes(db: Any) -> None:
    BodyFactory(
        code="SOMTC-WG-MARITIME", name="SOMTC Working Group on Maritime Crime", parent=somtc()
    )
    text = (
        "The 2nd Senior Officials Meeting on Transnational Crime (SOMTC) Working Group on "
        "Maritime Crime met in Manila on 3 May 2023."
    )
    (found,) = extract(text, published=MAY, gazetteer=Gazetteer.from_registry()).meetings
    assert (found.body, found.number, found.city) == ("SOMTC-WG-MARITIME", 2, "Manila")


def test_a_body_alias_in_the_registry_is_recognised(db: Any) -> None:
    BodyFactory(
        code="SOMTC-WG-CT",
        name="SOMTC Working Group on Counter Terrorism",
        parent=somtc(),
        aliases="CTWG",
    )
    text = "The 19th CTWG met in Bali on 18 May 2023."
    (found,) = extract(text, published=MAY, gazetteer=Gazetteer.from_registry()).meetings
    assert (found.body, found.number) == ("SOMTC-WG-CT", 19)


def test_a_party_alias_in_the_registry_is_recognised(db: Any) -> None:
    somtc()
    PartyFactory(code="TLS", name="Timor-Leste", kind=Party.Kind.OBSERVER, aliases="East Timor")
    text = "East Timor attended the 23rd SOMTC in Yogyakarta on 19 June 2023."
    assert "TLS" in extract(text, published=MAY, gazetteer=Gazetteer.from_registry()).parties


def test_a_meeting_in_the_registry_is_linked_by_body_and_number(db: Any) -> None:
    existing = MeetingFactory(body=somtc(), number=23, start_date=dt.date(2023, 6, 19))
    text = "The 23rd SOMTC opened in Yogyakarta on 19 June 2023."
    (found,) = extract(text, published=MAY, gazetteer=Gazetteer.from_registry()).meetings
    assert found.match == existing.pk


def test_an_unnumbered_meeting_is_linked_by_body_and_dates(db: Any) -> None:
    existing = MeetingFactory(
        body=somtc(), number=23, start_date=dt.date(2023, 6, 19), end_date=dt.date(2023, 6, 23)
    )
    text = "The outcomes will be submitted to the SOMTC scheduled on June 19 to 23 in Yogyakarta."
    (found,) = extract(text, published=MAY, gazetteer=Gazetteer.from_registry()).meetings
    assert (found.relation, found.number, found.match) == ("forwarded_to", None, existing.pk)


def test_a_new_meeting_has_no_match(db: Any) -> None:
    MeetingFactory(body=somtc(), number=23)
    text = "The 26th SOMTC opened in Manila on 19 June 2026."
    (found,) = extract(text, published=MAY, gazetteer=Gazetteer.from_registry()).meetings
    assert found.match is None


def test_an_instrument_in_the_registry_is_linked_by_title_and_years(db: Any) -> None:
    existing = InstrumentFactory(
        title="Bali Work Plan 2019–2025",
        short_title="Bali Work Plan",
        start_year=2019,
        end_year=2025,
    )
    text = "The delegates reviewed the Bali Work Plan 2019–2025."
    (found,) = extract(text, published=MAY, gazetteer=Gazetteer.from_registry()).instruments
    assert found.match == existing.pk


def test_a_meeting_the_user_may_not_see_is_not_linked_for_them(
    db: Any, idn_focal: User, outsider: User
) -> None:
    hidden = MeetingFactory(
        body=somtc(),
        number=23,
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn_focal.party,
    )
    text = "The 23rd SOMTC opened in Yogyakarta on 19 June 2023."
    for_outsider = extract(text, published=MAY, gazetteer=Gazetteer.from_registry(user=outsider))
    for_owner = extract(text, published=MAY, gazetteer=Gazetteer.from_registry(user=idn_focal))
    assert for_outsider.meetings[0].match is None
    assert for_owner.meetings[0].match == hidden.pk


def test_the_demo_registry_links_the_seed_to_its_meetings(gazetteer: Gazetteer) -> None:
    text = (
        "Indonesia hosted the 19th Senior Officials Meeting on Transnational Crime (SOMTC) "
        "Working Group on Counter Terrorism which took place on May 18 in Bali, Indonesia."
    )
    (found,) = extract(text, published=MAY, gazetteer=gazetteer).meetings
    assert found.match == Meeting.objects.get(body__code="SOMTC-WG-CT", number=19).pk


def test_an_alias_typed_into_the_body_form_is_recognised_without_code_changes(
    as_user: Any, secretariat: Any
) -> None:
    """The Secretariat adds a wording it meets in statements; the next ingest knows it."""
    body = BodyFactory(
        code="SOMTC-WG-CT", name="SOMTC Working Group on Counter Terrorism", parent=somtc()
    )
    form = {
        "name": body.name,
        "short_name": "",
        "level": body.level,
        "parent": "SOMTC",
        "established": "",
        "description": "",
        "order": 0,
        "aliases": "WG on CT\nCounter-Terrorism Working Group",
        "source": "test",
        "lock_version": body.lock_version,
    }
    response = as_user(secretariat).post(reverse("registry:body_edit", args=[body.code]), form)
    assert response.status_code == 302

    text = "The 19th Counter-Terrorism Working Group met in Bali on 18 May 2023."
    (found,) = extract(text, published=MAY, gazetteer=Gazetteer.from_registry()).meetings
    assert (found.body, found.number) == ("SOMTC-WG-CT", 19)


def test_the_registry_s_series_dates_a_meeting_it_skips_only_where_its_pace_is_steady(
    db: Any,
) -> None:
    police = BodyFactory(code="ASEANAPOL", name="ASEAN National Police (ASEANAPOL) Conference")
    for number, year in ((31, 2011), (34, 2014)):
        MeetingFactory(body=police, number=number, start_date=dt.date(year, 5, 31))
    drugs = BodyFactory(code="AMMD", name="ASEAN Ministerial Meeting on Drug Matters")
    for number, year in ((6, 2018), (8, 2023)):
        MeetingFactory(body=drugs, number=number, start_date=dt.date(year, 8, 11))
    registry = Gazetteer.from_registry()
    # one conference a year from the 31st to the 34th: the 32nd was in 2012
    assert registry.estimated_year("ASEANAPOL", 32) == 2012
    found = extract("The 32nd ASEANAPOL Conference opened on May 22.", gazetteer=registry)
    assert found.meetings[0].start_date == "2012-05-22"
    # two meetings in five years: the 7th may have been in any of them
    assert registry.estimated_year("AMMD", 7) is None


def test_the_demo_registry_dates_a_drug_meeting_the_text_dates_without_a_year(
    demo_gazetteer: Gazetteer,
) -> None:
    found = extract("The 38th ASOD opened in Hanoi on July 25.", gazetteer=demo_gazetteer)
    (meeting,) = found.meetings
    assert (meeting.body, meeting.number, meeting.start_date) == ("ASOD", 38, "2017-07-25")
    assert demo_gazetteer.estimated_year("ASEAN-SUMMIT", 48) is None  # two a year: no pace
