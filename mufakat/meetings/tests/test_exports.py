"""The meeting list's exports: the rows the list shows, on every page, through the gate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mufakat.meetings.models import Meeting, Outcome
from mufakat.registry.models import Body
from mufakat.testing.exports import csv_rows, json_rows, page_ids
from mufakat.testing.factories import ForwardingFactory, MeetingFactory, OutcomeFactory

LIST = reverse("meetings:list")
CSV = reverse("meetings:export", kwargs={"fmt": "csv"})
JSON = reverse("meetings:export", kwargs={"fmt": "json"})
OUTCOMES_CSV = reverse("meetings:outcome_export", kwargs={"fmt": "csv"})
OUTCOMES_JSON = reverse("meetings:outcome_export", kwargs={"fmt": "json"})


def _many(body: Body, n: int, *, start: int = 100) -> list[Meeting]:
    return [
        MeetingFactory.create(body=body, number=start + i, start_date=dt.date(2022, 1, 1 + i % 28))
        for i in range(n)
    ]


def test_the_csv_holds_every_page_of_the_filtered_list_in_its_order(
    as_user: Any, idn_focal: Any, chain: Any, bnpt_meeting: Meeting, wg_ct: Body, somtc: Body
) -> None:
    _many(wg_ct, 30)
    _many(somtc, 5, start=300)
    client = as_user(idn_focal)
    query = {"body": "SOMTC-WG-CT"}
    shown = page_ids(client, LIST, query, "meetings")
    assert len(shown) == 32  # two pages: 30 new, the 19th, and Indonesia's own
    rows = csv_rows(client.get(CSV, query))
    assert [int(r["id"]) for r in rows] == shown
    assert {r["body"] for r in rows} == {"SOMTC-WG-CT"}


def test_the_export_leaves_out_what_the_list_leaves_out(
    as_user: Any, outsider: Any, idn_focal: Any, chain: Any, bnpt_meeting: Meeting
) -> None:
    titles = {r["title"] for r in csv_rows(as_user(outsider).get(CSV))}
    assert "BNPT internal preparatory meeting" not in titles
    assert "19th SOMTC Working Group on Counter-Terrorism" in titles
    mine = {r["title"] for r in csv_rows(as_user(idn_focal).get(CSV))}
    assert "BNPT internal preparatory meeting" in mine


def test_the_json_is_one_array_with_the_same_rows_and_codes(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    client = as_user(anonymous)
    rows = json_rows(client.get(JSON, {"year": 2023}))
    assert [r["id"] for r in rows] == [
        int(r["id"]) for r in csv_rows(client.get(CSV, {"year": 2023}))
    ]
    wg = next(r for r in rows if r["id"] == chain.wg.pk)
    assert wg["body"] == "SOMTC-WG-CT"
    assert wg["host"] == "IDN"
    assert wg["start_date"] == "2023-05-18"
    assert wg["number"] == 19
    assert wg["end_date"] is None


def test_the_download_is_streamed_with_a_dated_file_name(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    response = as_user(anonymous).get(CSV)
    assert isinstance(response, StreamingHttpResponse)
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="mufakat-meetings-{today}.csv"'
    assert (
        as_user(anonymous).get(reverse("meetings:export", kwargs={"fmt": "xml"})).status_code == 404
    )


def test_a_title_a_spreadsheet_would_run_as_a_formula_is_text(
    as_user: Any, anonymous: Any, wg_ct: Body
) -> None:
    MeetingFactory.create(body=wg_ct, title='=HYPERLINK("http://x.example","y")', city="+62")
    MeetingFactory.create(body=wg_ct, title="-1+1", city="@SUM(A1)", start_date=dt.date(2020, 1, 1))
    rows = csv_rows(as_user(anonymous).get(CSV))
    assert [(r["title"], r["city"]) for r in rows] == [
        ('\'=HYPERLINK("http://x.example","y")', "'+62"),
        ("'-1+1", "'@SUM(A1)"),
    ]
    assert json_rows(as_user(anonymous).get(JSON))[1]["title"] == "-1+1"  # JSON is not a sheet


def test_the_list_page_links_to_its_exports_with_its_filters_and_no_page(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    html = as_user(anonymous).get(LIST, {"body": "SOMTC", "page": 2}).content.decode()
    assert f'href="{CSV}?body=SOMTC"' in html
    assert f'href="{OUTCOMES_JSON}?body=SOMTC"' in html


# -- outcomes ----------------------------------------------------------------------------------


def test_the_outcomes_of_the_listed_meetings_with_where_they_were_forwarded(
    as_user: Any, anonymous: Any, chain: Any
) -> None:
    rows = csv_rows(as_user(anonymous).get(OUTCOMES_CSV, {"body": "SOMTC-WG-CT"}))
    assert [r["reference"] for r in rows] == ["SOMTC-WG-CT 19/1"]
    assert rows[0]["forwarded_to"] == "23rd SOMTC (2023-06-19): endorsed"
    page = as_user(anonymous).get(chain.somtc.get_absolute_url()).content.decode()
    assert f'href="{OUTCOMES_JSON}?meeting={chain.somtc.pk}"' in page
    one = json_rows(as_user(anonymous).get(OUTCOMES_JSON, {"meeting": chain.somtc.pk}))
    assert [r["text"] for r in one] == ["Endorse the WG-CT report."]
    assert one[0]["forwarded_to"] == ["17th AMMTC (2023-08-20): adopted"]


def test_an_outcome_sent_to_a_restricted_meeting_does_not_name_it_to_an_outsider(
    as_user: Any,
    outsider: Any,
    idn_focal: Any,
    chain: Any,
    bnpt_meeting: Meeting,
    bnpt_note: Outcome,
) -> None:
    ForwardingFactory.create(outcome=chain.wg_outcome, to_meeting=bnpt_meeting)
    seen = csv_rows(as_user(outsider).get(OUTCOMES_CSV))
    text = repr(seen)
    assert "BNPT" not in text
    assert chain.wg_outcome.pk in [int(r["id"]) for r in seen]
    mine = csv_rows(as_user(idn_focal).get(OUTCOMES_CSV))
    wg = next(r for r in mine if int(r["id"]) == chain.wg_outcome.pk)
    assert "BNPT internal preparatory meeting" in wg["forwarded_to"]
    assert "BNPT note on foreign terrorist fighters." in [r["text"] for r in mine]


def test_the_instrument_of_an_outcome_is_named_only_to_who_may_see_it(
    as_user: Any, outsider: Any, idn_focal: Any, chain: Any, idn: Any
) -> None:
    from mufakat.core.audience import TLP, Audience
    from mufakat.testing.factories import InstrumentFactory

    hidden = InstrumentFactory.create(
        key="idn-only-plan", audience=Audience.ORGANISATION, tlp=TLP.AMBER_STRICT, owner_party=idn
    )
    Outcome.objects.filter(pk=chain.wg_outcome.pk).update(instrument=hidden)
    theirs = csv_rows(as_user(outsider).get(OUTCOMES_CSV, {"meeting": chain.wg.pk}))
    assert theirs[0]["instrument"] == ""
    mine = csv_rows(as_user(idn_focal).get(OUTCOMES_CSV, {"meeting": chain.wg.pk}))
    assert mine[0]["instrument"] == "idn-only-plan"


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as seen:
        response = client.get(url)
        b"".join(response.streaming_content)
    return len(seen.captured_queries)


def test_the_exports_cost_the_same_queries_for_three_rows_or_thirty(
    as_user: Any, idn_focal: Any, chain: Any, wg_ct: Body
) -> None:
    client = as_user(idn_focal)
    client.get(LIST)  # the session and caches
    few = (_queries(client, CSV), _queries(client, OUTCOMES_CSV))
    for meeting in _many(wg_ct, 27):
        outcome = OutcomeFactory.create(meeting=meeting, number=1)
        ForwardingFactory.create(outcome=outcome, to_meeting=chain.somtc)
    assert (_queries(client, CSV), _queries(client, OUTCOMES_CSV)) == few


def test_a_long_export_reads_a_chunk_at_a_time(
    settings: Any, as_user: Any, idn_focal: Any, chain: Any, wg_ct: Body
) -> None:
    """The outcomes' forwardings are read once per chunk of rows, not once per row."""
    client = as_user(idn_focal)
    client.get(LIST)
    settings.MUFAKAT_EXPORT_CHUNK = 10
    for meeting in _many(wg_ct, 7):  # 3 + 7 outcomes: one chunk
        OutcomeFactory.create(meeting=meeting, number=1)
    one_chunk = _queries(client, OUTCOMES_CSV)
    for meeting in _many(wg_ct, 20, start=500):  # 30 outcomes: three chunks
        OutcomeFactory.create(meeting=meeting, number=1)
    three_chunks = _queries(client, OUTCOMES_CSV)
    per_chunk = (three_chunks - one_chunk) // 2
    assert 0 < per_chunk <= 2
    assert len(csv_rows(client.get(OUTCOMES_CSV))) == 30
