"""The instrument page reads its areas' crime areas and its activities' party codes with
statements compiled once for everyone (the registry is public): an edit of either shows at the
very next request, in the registry's order, and only for the areas the reader may see. An
instrument without a visible link of its own reads no one else's links for its graph. An
activity's page reads the activity and its indicators compiled once per reader, its parties
and crime areas once for everyone; an access change or an edit shows at the next request."""

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mufakat.registry.models import CrimeArea, Party
from mufakat.workplans.models import Indicator, Instrument, InstrumentLink
from mufakat.workplans.tests import make

pytestmark = pytest.mark.django_db


def _page(client: Any, instrument: Instrument) -> str:
    response = client.get(reverse("workplans:instrument", args=[instrument.key]))
    assert response.status_code == 200
    return response.content.decode()


def _badges(html: str, area_pk: int) -> list[str]:
    article = re.search(rf'<article[^>]*id="area-{area_pk}".*?</article>', html, re.S)
    assert article is not None
    return re.findall(r'<span class="badge badge-brand">([^<]*)</span>', article.group(0))


def _row_of(html: str, code: str) -> str:
    row = re.search(rf"<tr><td><a [^>]*>{code}</a>.*?</tr>", html, re.S)
    assert row is not None, code
    return row.group(0)


def test_a_crime_area_added_to_a_priority_area_shows_at_the_next_request_in_registry_order(
    as_user: Any, anonymous: Any, idn_focal: Any, work_plan: Instrument, cybercrime: CrimeArea
) -> None:
    terrorism_area, cyber_area = work_plan.priority_areas.order_by("position")
    for reader in (anonymous, idn_focal):
        client = as_user(reader)
        assert _badges(_page(client, work_plan), terrorism_area.pk) == ["Terrorism"]
        assert _badges(_page(client, work_plan), cyber_area.pk) == ["Cybercrime"]
    trafficking = make.crime_area(code="trafficking", name="Trafficking in persons", order=0)
    terrorism_area.crime_areas.add(cybercrime, trafficking)
    for reader in (anonymous, idn_focal):
        html = _page(as_user(reader), work_plan)
        assert _badges(html, terrorism_area.pk) == [
            "Trafficking in persons",
            "Terrorism",
            "Cybercrime",
        ]
        assert _badges(html, cyber_area.pk) == ["Cybercrime"]
    cyber_area.crime_areas.clear()
    assert _badges(_page(as_user(anonymous), work_plan), cyber_area.pk) == []


def test_a_party_joining_an_activity_shows_in_its_row_at_the_next_request(
    as_user: Any, anonymous: Any, idn_focal: Any, work_plan: Instrument, idn: Party, jpn: Party
) -> None:
    training = work_plan.priority_areas.get(position=1).activities.get(code="CT-1")
    for reader in (anonymous, idn_focal):
        row = _row_of(_page(as_user(reader), work_plan), "CT-1")
        assert "<td>JPN</td><td>IDN</td>" in row
    training.lead_parties.add(idn)
    tha = make.party(code="THA", name="Thailand")
    training.participating_parties.set([tha, jpn])
    for reader in (anonymous, idn_focal):
        row = _row_of(_page(as_user(reader), work_plan), "CT-1")
        assert "<td>IDN, JPN</td><td>JPN, THA</td>" in row


def test_an_instrument_without_visible_links_reads_no_one_elses_links(
    as_user: Any, anonymous: Any, bali_work_plan: Instrument
) -> None:
    with CaptureQueriesContext(connection) as captured:
        html = _page(as_user(anonymous), bali_work_plan)
    assert "<svg" not in html
    reads_of_links = [q["sql"] for q in captured if "workplans_instrumentlink" in q["sql"]]
    assert len(reads_of_links) == 1  # its own links, both ways: none


def test_a_link_made_since_the_last_request_draws_the_graph_on_both_pages(
    as_user: Any, anonymous: Any, bali_work_plan: Instrument, declaration: Instrument
) -> None:
    client = as_user(anonymous)
    assert "<svg" not in _page(client, bali_work_plan)
    InstrumentLink.objects.create(
        source=bali_work_plan, target=declaration, kind=InstrumentLink.Kind.IMPLEMENTS
    )
    for instrument in (bali_work_plan, declaration):
        html = _page(client, instrument)
        assert f'data-instrument="{bali_work_plan.pk}"' in html
        assert f'data-instrument="{declaration.pk}"' in html


def test_a_link_to_an_instrument_the_reader_may_not_see_draws_no_graph(
    as_user: Any, outsider: Any, bali_work_plan: Instrument, cyber_annex: Instrument
) -> None:
    InstrumentLink.objects.create(
        source=cyber_annex, target=bali_work_plan, kind=InstrumentLink.Kind.DERIVES_FROM
    )
    html = _page(as_user(outsider), bali_work_plan)
    assert "<svg" not in html and "annex" not in html


def test_the_activity_page_read_again_shows_an_access_or_content_change_at_once(
    as_user: Any,
    outsider: Any,
    can: Party,
    asean_japan: Any,
    cyber_annex: Instrument,
    cybercrime: CrimeArea,
) -> None:
    area = make.priority_area(instrument=cyber_annex, position=1, title="Forensics")
    activity = make.activity(priority_area=area, code="FX-1", title="Forensic exchange")
    url = reverse("workplans:activity", args=[activity.pk])
    client = as_user(outsider)
    assert client.get(url).status_code == 404

    asean_japan.parties.add(can)
    html = client.get(url).content.decode()
    assert "Forensic exchange" in html and "No indicators recorded." in html

    activity.lead_parties.add(can)
    area.crime_areas.add(cybercrime)
    Indicator.objects.create(
        activity=activity, name="Laboratories linked", kind=Indicator.Kind.NUMERIC, target="4"
    )
    html = client.get(url).content.decode()
    assert f'title="{can.name}">CAN</a>' in html
    assert '<span class="badge badge-brand">Cybercrime</span>' in html
    assert "Laboratories linked" in html

    asean_japan.parties.remove(can)
    assert client.get(url).status_code == 404
