"""The instrument list's exports: instruments and their activities, as the list shows them."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mufakat.meetings.models import Meeting
from mufakat.registry.models import Party
from mufakat.testing.exports import csv_rows, json_rows, page_ids
from mufakat.workplans.models import Instrument

from . import make

LIST = reverse("workplans:list")
CSV = reverse("workplans:export", kwargs={"fmt": "csv"})
JSON = reverse("workplans:export", kwargs={"fmt": "json"})
ACTIVITIES_CSV = reverse("workplans:activity_export", kwargs={"fmt": "csv"})
ACTIVITIES_JSON = reverse("workplans:activity_export", kwargs={"fmt": "json"})


def test_the_csv_holds_every_page_of_the_filtered_list_in_its_order(
    as_user: Any, jpn_focal: Any, cyber_annex: Instrument, bali_work_plan: Instrument
) -> None:
    for n in range(60):
        make.instrument(title=f"Plan {n:02d}", start_year=2000 + n % 20)
    client = as_user(jpn_focal)
    for query in ({"sort": "title"}, {"sort": "kind"}, {"q": "plan", "sort": "period"}):
        shown = page_ids(client, LIST, query, "instruments")
        assert [int(r["id"]) for r in csv_rows(client.get(CSV, query))] == shown
    assert len(page_ids(client, LIST, {}, "instruments")) == 64  # two pages of 50


def test_an_instrument_shared_with_a_group_is_absent_for_an_outsider(
    as_user: Any, outsider: Any, jpn_focal: Any, cyber_annex: Instrument
) -> None:
    assert "japan-cyber-annex" not in {r["key"] for r in csv_rows(as_user(outsider).get(CSV))}
    assert "japan-cyber-annex" in {r["key"] for r in csv_rows(as_user(jpn_focal).get(CSV))}


def test_the_json_gives_codes_years_and_the_adopting_meeting(
    as_user: Any, anonymous: Any, work_plan: Instrument, ammtc_17: Meeting
) -> None:
    rows = {r["key"]: r for r in json_rows(as_user(anonymous).get(JSON))}
    plan = rows["asean-japan-wp-2023-2027"]
    assert plan["parties"] == ["ASEAN", "JPN"]
    assert (plan["start_year"], plan["end_year"]) == (2023, 2027)
    assert plan["adopted_on"] == "2023-08-22"
    assert plan["adopted_at_meeting_id"] == ammtc_17.pk
    assert rows["asean-japan-jd-2014"]["kind"] == "declaration"


def test_the_adopting_meeting_is_named_only_to_who_may_see_it(
    as_user: Any, outsider: Any, idn_focal: Any, closed_meeting: Meeting
) -> None:
    make.instrument(key="adopted-behind-doors", adopted_at=closed_meeting)
    [theirs] = csv_rows(as_user(outsider).get(CSV, {"q": "adopted-behind"}))
    assert theirs["adopted_at_meeting_id"] == ""
    [mine] = csv_rows(as_user(idn_focal).get(CSV, {"q": "adopted-behind"}))
    assert mine["adopted_at_meeting_id"] == str(closed_meeting.pk)


def test_the_activities_of_the_listed_instruments_with_parties_and_crime_areas(
    as_user: Any, anonymous: Any, work_plan: Instrument, bali_work_plan: Instrument
) -> None:
    rows = csv_rows(as_user(anonymous).get(ACTIVITIES_CSV, {"party": "JPN"}))
    assert [(r["instrument"], r["code"]) for r in rows] == [
        ("asean-japan-wp-2023-2027", "CT-1"),
        ("asean-japan-wp-2023-2027", "CY-1"),
    ]
    ct = rows[0]
    assert (ct["lead_parties"], ct["participating_parties"]) == ("JPN", "IDN")
    assert ct["crime_areas"] == "terrorism"
    assert ct["indicators"] == "Officers trained"
    assert csv_rows(as_user(anonymous).get(ACTIVITIES_CSV, {"party": "IDN"})) == []


def test_the_activities_of_one_instrument_as_its_page_links_them(
    as_user: Any, anonymous: Any, work_plan: Instrument
) -> None:
    html = as_user(anonymous).get(work_plan.get_absolute_url(), {"area": "all"}).content.decode()
    assert f'href="{ACTIVITIES_JSON}?instrument=asean-japan-wp-2023-2027"' in html
    rows = json_rows(as_user(anonymous).get(ACTIVITIES_JSON, {"instrument": work_plan.key}))
    assert [r["code"] for r in rows] == ["CT-1", "CY-1"]
    assert rows[1]["lead_parties"] == ["IDN"]
    assert rows[1]["start_year"] is None


def test_the_activities_of_a_hidden_instrument_are_absent(
    as_user: Any, outsider: Any, jpn_focal: Any, cyber_annex: Instrument
) -> None:
    area = make.priority_area(instrument=cyber_annex, title="Annex area")
    make.activity(priority_area=area, code="ANX-1", title="Joint cyber operation")
    query = {"instrument": "japan-cyber-annex"}
    assert csv_rows(as_user(outsider).get(ACTIVITIES_CSV, query)) == []
    assert "ANX-1" not in {r["code"] for r in csv_rows(as_user(outsider).get(ACTIVITIES_CSV))}
    assert [r["code"] for r in csv_rows(as_user(jpn_focal).get(ACTIVITIES_CSV, query))] == ["ANX-1"]


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as seen:
        response = client.get(url)
        assert isinstance(response, StreamingHttpResponse)
        b"".join(response.streaming_content)
    return len(seen.captured_queries)


def test_the_exports_cost_the_same_queries_for_few_rows_or_many(
    as_user: Any, idn_focal: Any, work_plan: Instrument, jpn: Party
) -> None:
    client = as_user(idn_focal)
    client.get(LIST)
    few = (_queries(client, CSV), _queries(client, ACTIVITIES_CSV))
    for n in range(12):
        plan = make.instrument(title=f"More {n}")
        plan.parties.set([jpn])
        activity = make.activity(priority_area=make.priority_area(instrument=plan))
        activity.lead_parties.set([jpn])
    assert (_queries(client, CSV), _queries(client, ACTIVITIES_CSV)) == few
