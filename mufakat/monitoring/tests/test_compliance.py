# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""Reporting compliance: who has reported what in a round, and what the reader may know of it.

The round of ``reports_fixtures``: IDN reports on CT-1, CT-2 and CT-3, JPN on CT-1 and CT-2.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.monitoring import compliance
from mufakat.monitoring.compliance import Cell, round_rates
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.services import review_report, save_report
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    idn_ct1,
    idn_ct2,
    plan,
    report_of,
    round_,
)
from mufakat.testing.factories import ActivityFactory, InstrumentFactory, PriorityAreaFactory

pytestmark = pytest.mark.django_db

SECRET_NARRATIVE = "Draft text nobody else may read"


def submit(user: User, report: ProgressReport, **changes: Any) -> ProgressReport:
    values = {"status": "on_track", "percent": 40, "narrative": "Going well"} | changes
    return save_report(
        actor=user, report=report, changes=values, expected_version=None, submit=True
    )


def draft(user: User, report: ProgressReport) -> ProgressReport:
    return save_report(
        actor=user,
        report=report,
        changes={"status": "delayed", "percent": 37, "narrative": SECRET_NARRATIVE},
        expected_version=None,
    )


@pytest.fixture
def reported(
    round_: ReportingRound, secretariat: User, idn_focal: User, jpn_focal: User
) -> ReportingRound:
    """IDN: CT-1 accepted, CT-2 endorsed by Japan (lead), CT-3 a draft in progress.
    JPN: CT-1 returned, CT-2 not started."""
    accepted = submit(idn_focal, report_of(round_, "CT-1", "IDN"))
    review_report(actor=secretariat, report=accepted, accept=True)
    endorsed = submit(idn_focal, report_of(round_, "CT-2", "IDN"))
    review_report(actor=jpn_focal, report=endorsed, accept=True)
    draft(idn_focal, report_of(round_, "CT-3", "IDN"))
    returned = submit(jpn_focal, report_of(round_, "CT-1", "JPN"))
    review_report(actor=secretariat, report=returned, accept=False, comment="Add figures")
    return round_


def test_the_secretariat_sees_every_cell_of_the_round(
    reported: ReportingRound, secretariat: User
) -> None:
    rate = round_rates([reported], user=secretariat)[reported.pk]
    assert (rate.expected, rate.accepted, rate.submitted, rate.endorsed) == (5, 1, 1, 1)
    assert (rate.returned, rate.drafts, rate.not_started) == (1, 1, 1)
    assert rate.reporting_rate == pytest.approx(2 / 5)


def test_another_partys_draft_is_not_started_for_a_focal_point(
    reported: ReportingRound, jpn_focal: User, idn_focal: User
) -> None:
    japan = round_rates([reported], user=jpn_focal)[reported.pk]
    assert (japan.drafts, japan.not_started) == (0, 2)
    indonesia = round_rates([reported], user=idn_focal)[reported.pk]
    assert (indonesia.drafts, indonesia.not_started) == (1, 1)


def test_a_round_the_reader_cannot_see_has_no_rates(
    reported: ReportingRound, outsider: User
) -> None:
    assert round_rates([reported], user=outsider) == {}


def test_on_time_and_overdue_parties(
    reported: ReportingRound, secretariat: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    ProgressReport.objects.filter(round=reported, state__in=["submitted", "accepted"]).update(
        submitted_at=timezone.make_aware(dt.datetime(2024, 5, 1, 12))
    )
    monkeypatch.setattr(compliance, "_today", lambda: dt.date(2024, 6, 11))
    rate = round_rates([reported], user=secretariat)[reported.pk]
    assert rate.on_time == 2
    assert rate.on_time_rate == pytest.approx(2 / 5)
    assert rate.overdue_party_codes == ["IDN", "JPN"]
    assert rate.days_overdue == 10


def test_round_rates_take_four_queries_whatever_the_number_of_rounds(
    reported: ReportingRound, secretariat: User, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(4):
        round_rates([reported], user=secretariat)


def test_hidden_instruments_are_not_counted(
    reported: ReportingRound, secretariat: User, idn_focal: User, jpn_focal: User, idn: Any
) -> None:
    hidden = InstrumentFactory(
        key="idn-only", audience=Audience.ORGANISATION, tlp=TLP.AMBER, owner_party=idn
    )
    area = PriorityAreaFactory(instrument=hidden, title="Internal", position=1)
    activity = ActivityFactory(priority_area=area, code="IN-1", title="Internal matter")
    reported.instruments.add(hidden)
    ProgressReport.objects.create(
        round=reported,
        activity=activity,
        party=idn,
        instrument=hidden,
        priority_area=area,
    )
    assert round_rates([reported], user=idn_focal)[reported.pk].expected == 6
    assert round_rates([reported], user=jpn_focal)[reported.pk].expected == 5
    assert Cell.NOT_STARTED == "not_started"


# -- the matrix --------------------------------------------------------------------------------


def _cells(matrix: compliance.ComplianceMatrix) -> dict[tuple[str, str], str]:
    return {
        (row.code, party.code): cell.cell
        for row in matrix.rows
        for party, cell in zip(matrix.parties, row.cells, strict=True)
        if cell is not None
    }


def test_each_cell_says_where_the_report_stands(
    reported: ReportingRound, secretariat: User
) -> None:
    matrix = compliance.compliance_matrix(reported, user=secretariat)
    assert _cells(matrix) == {
        ("CT-1", "IDN"): Cell.ACCEPTED,
        ("CT-2", "IDN"): Cell.ENDORSED,
        ("CT-3", "IDN"): Cell.DRAFT,
        ("CT-1", "JPN"): Cell.RETURNED,
        ("CT-2", "JPN"): Cell.NOT_STARTED,
    }
    assert [p.code for p in matrix.parties] == ["IDN", "JPN"]
    idn, jpn = matrix.summaries
    assert (idn.expected, idn.reported, idn.reporting_rate) == (3, 2, pytest.approx(2 / 3))
    assert (jpn.expected, jpn.reported) == (2, 0)


def test_a_draft_of_another_party_shows_only_when_it_was_saved(
    reported: ReportingRound, secretariat: User
) -> None:
    matrix = compliance.compliance_matrix(reported, user=secretariat)
    ct3 = next(row for row in matrix.rows if row.code == "CT-3")
    cell = ct3.cells[0]
    assert cell is not None and cell.cell == Cell.DRAFT
    saved = ProgressReport.objects.get(round=reported, activity__code="CT-3", party__code="IDN")
    assert cell.last_saved == saved.updated_at
    assert set(vars(cell)) == {"cell", "last_saved", "submitted_at", "on_time"}


def test_a_focal_point_sees_only_their_own_partys_column(
    reported: ReportingRound, jpn_focal: User
) -> None:
    matrix = compliance.compliance_matrix(reported, user=jpn_focal, party="IDN")
    assert [p.code for p in matrix.parties] == ["JPN"]
    assert _cells(matrix) == {("CT-1", "JPN"): Cell.RETURNED, ("CT-2", "JPN"): Cell.NOT_STARTED}


def test_a_reader_who_reports_nothing_is_refused(
    reported: ReportingRound, secretariat: User, idn: Any
) -> None:
    from django.core.exceptions import PermissionDenied

    from mufakat.accounts.models import Role
    from mufakat.testing.factories import UserFactory

    reader = UserFactory(username="idn.reader", party=idn, role=Role.READER)
    with pytest.raises(PermissionDenied):
        compliance.compliance_matrix(reported, user=reader)


def test_filters_keep_the_rows_asked_for(reported: ReportingRound, secretariat: User) -> None:
    only_drafts = compliance.compliance_matrix(reported, user=secretariat, status=Cell.DRAFT)
    assert [row.code for row in only_drafts.rows] == ["CT-3"]
    japan = compliance.compliance_matrix(reported, user=secretariat, party="jpn")
    assert [p.code for p in japan.parties] == ["JPN"]
    assert [row.code for row in japan.rows] == ["CT-1", "CT-2"]


def test_the_matrix_takes_a_fixed_number_of_queries(
    reported: ReportingRound, secretariat: User, django_assert_num_queries: Any
) -> None:
    round_ = compliance.get_compliance_round(user=secretariat, pk=reported.pk)
    with django_assert_num_queries(5):
        compliance.compliance_matrix(round_, user=secretariat)
    with django_assert_num_queries(6):
        compliance.compliance_matrix(round_, user=secretariat, per_page=2)


# -- the page and its exports --------------------------------------------------------------------


def _url(round_: ReportingRound, query: str = "") -> str:
    from django.urls import reverse

    return reverse("monitoring:round_compliance", args=[round_.pk]) + (f"?{query}" if query else "")


def _xlsx_text(content: bytes) -> str:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        "\t".join("" if v is None else str(v) for v in row)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def test_the_secretariat_sees_the_matrix_and_never_a_drafts_content(
    reported: ReportingRound, secretariat: User, as_user: Any
) -> None:
    page = as_user(secretariat).get(_url(reported))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Draft in progress" in html and "last saved" in html
    assert SECRET_NARRATIVE not in html and "Delayed" not in html
    assert "37&nbsp;%" not in html and "37 %" not in html and ">37<" not in html
    for fmt in ("csv", "xlsx"):
        export = as_user(secretariat).get(_url(reported, f"format={fmt}"))
        assert export.status_code == 200
        text = export.content.decode("utf-8-sig") if fmt == "csv" else _xlsx_text(export.content)
        assert "CT-3" in text and "draft" in text
        assert SECRET_NARRATIVE not in text and "delayed" not in text.lower()
        assert "\t37\t" not in text and ",37," not in text


def test_the_summary_gives_each_partys_figures_a_remind_form_and_the_totals(
    reported: ReportingRound, secretariat: User, as_user: Any
) -> None:
    instrument = reported.instruments.get()
    page = as_user(secretariat).get(_url(reported, f"instrument={instrument.key}"))
    html = " ".join(page.content.decode().split())
    idn = '<th scope="row"><span title="Indonesia">IDN</span></th> <td>3</td>'
    # IDN: not started 0, draft 1, submitted 0, endorsed 1, accepted 1, returned 0
    assert idn + " <td>0</td><td>1</td><td>0</td><td>1</td><td>1</td><td>0</td>" in html
    assert idn in html and "<td>67&nbsp;%</td>" in html  # two of three reported
    jpn = '<th scope="row"><span title="Japan">JPN</span></th> <td>2</td>'
    assert jpn in html and "<td>0&nbsp;%</td>" in html
    assert html.count('name="csrfmiddlewaretoken"') >= 2  # every party still owes something
    assert 'aria-label="Remind JPN now">Remind now</button>' in html
    assert '<th scope="row">All parties</th> <td>5</td>' in html  # the footer sums them
    assert f'<option value="{instrument.key}" selected>' in html


def test_a_focal_point_sees_their_own_column_and_no_remind_button(
    reported: ReportingRound, jpn_focal: User, as_user: Any
) -> None:
    page = as_user(jpn_focal).get(_url(reported))
    assert page.status_code == 200
    assert [p.code for p in page.context["matrix"].parties] == ["JPN"]
    assert "Remind now" not in page.content.decode()


def test_who_may_not_open_the_compliance_page(
    reported: ReportingRound, outsider: User, idn: Any, as_user: Any, anonymous: Any
) -> None:
    from mufakat.accounts.models import Role
    from mufakat.testing.factories import UserFactory

    assert as_user(outsider).get(_url(reported)).status_code == 404
    reader = UserFactory(username="idn.reader", party=idn, role=Role.READER)
    assert as_user(reader).get(_url(reported)).status_code == 403
    assert as_user(anonymous).get(_url(reported)).status_code == 302


def test_formulas_in_titles_are_neutralised_in_the_csv(
    reported: ReportingRound, secretariat: User, as_user: Any, plan: Plan
) -> None:
    plan.ct1.title = '=HYPERLINK("http://evil")'
    plan.ct1.save()
    text = as_user(secretariat).get(_url(reported, "format=csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_the_round_page_links_to_compliance_for_those_who_may_open_it(
    reported: ReportingRound, secretariat: User, jpn_focal: User, as_user: Any
) -> None:
    assert _url(reported) in as_user(secretariat).get(reported.get_absolute_url()).content.decode()
    assert _url(reported) in as_user(jpn_focal).get(reported.get_absolute_url()).content.decode()


def _grow(round_: ReportingRound, plan: Plan, n: int) -> None:
    """``n`` more activities and, when ``n``, two more reporting parties; every activity is
    expected of every party."""
    from mufakat.registry.models import Party
    from mufakat.testing.factories import member_state

    if n:
        round_.reporting_parties.add(
            member_state("THA", "Thailand"), member_state("VNM", "Viet Nam")
        )
    parties = list(Party.objects.filter(code__in=["IDN", "JPN", "THA", "VNM"]))
    area = plan.ct1.priority_area
    for i in range(n):
        activity = ActivityFactory(priority_area=area, code=f"CT-X{i}", title=f"Extra {i}")
        for party in parties:
            ProgressReport.objects.create(
                round=round_,
                activity=activity,
                party=party,
                instrument=plan.instrument,
                priority_area=area,
            )


@pytest.mark.parametrize("extra", [0, 6])
def test_the_page_and_exports_issue_a_constant_number_of_queries(
    reported: ReportingRound,
    secretariat: User,
    as_user: Any,
    plan: Plan,
    extra: int,
    django_assert_max_num_queries: Any,
) -> None:
    _grow(reported, plan, extra)
    client = as_user(secretariat)
    with django_assert_max_num_queries(14):
        page = client.get(_url(reported))
    assert len(page.context["matrix"].parties) == (4 if extra else 2)
    assert page.context["matrix"].total_rows == 3 + extra
    with django_assert_max_num_queries(11):
        assert client.get(_url(reported, "format=xlsx")).status_code == 200


# -- the API -------------------------------------------------------------------------------------


def _api(round_: ReportingRound, query: str = "") -> str:
    return f"/api/v1/rounds/{round_.pk}/compliance" + (f"?{query}" if query else "")


def test_the_api_gives_the_cells_and_never_a_drafts_content(
    reported: ReportingRound, secretariat: User, api_headers: Any, client: Any
) -> None:
    answer = client.get(_api(reported), headers=api_headers(secretariat))
    assert answer.status_code == 200
    body = answer.json()
    cells = {(c["activity_code"], c["party"]): c for c in body["cells"]}
    assert cells[("CT-3", "IDN")]["status"] == "draft"
    assert cells[("CT-3", "IDN")]["last_saved"]
    assert cells[("CT-2", "JPN")]["status"] == "not_started"
    assert SECRET_NARRATIVE not in answer.content.decode()
    # The draft's status ("delayed") and percent (37) are nowhere: no cell carries a status of
    # progress or a percentage at all (ids may well be 37 on a database that reuses none).
    assert "delayed" not in answer.content.decode()
    assert not any({"percent", "narrative"} & cell.keys() for cell in body["cells"])
    assert {p["party"]: p["expected"] for p in body["parties"]} == {"IDN": 3, "JPN": 2}


def test_the_api_answers_404_403_and_own_party_as_the_page_does(
    reported: ReportingRound,
    jpn_focal: User,
    outsider: User,
    idn: Any,
    api_headers: Any,
    client: Any,
) -> None:
    from mufakat.accounts.models import Role
    from mufakat.testing.factories import UserFactory

    assert client.get(_api(reported), headers=api_headers(outsider)).status_code == 404
    reader = UserFactory(username="idn.reader", party=idn, role=Role.READER)
    assert client.get(_api(reported), headers=api_headers(reader)).status_code == 403
    mine = client.get(_api(reported), headers=api_headers(jpn_focal)).json()
    assert [p["party"] for p in mine["parties"]] == ["JPN"]
    assert {c["party"] for c in mine["cells"]} == {"JPN"}


@pytest.mark.parametrize("extra", [0, 6])
def test_the_api_issues_a_constant_number_of_queries(
    reported: ReportingRound,
    secretariat: User,
    plan: Plan,
    api_headers: Any,
    client: Any,
    extra: int,
    django_assert_max_num_queries: Any,
) -> None:
    _grow(reported, plan, extra)
    headers = api_headers(secretariat)
    with django_assert_max_num_queries(12):
        assert client.get(_api(reported), headers=headers).status_code == 200


# -- the shortcut past the gate's subqueries is the gate ------------------------------------------


def test_the_reports_read_without_the_gates_subqueries_are_exactly_those_the_gate_gives(
    reported: ReportingRound, all_users: dict[str, Any], idn: Any
) -> None:
    hidden = InstrumentFactory(
        key="idn-only-2", audience=Audience.ORGANISATION, tlp=TLP.AMBER, owner_party=idn
    )
    area = PriorityAreaFactory(instrument=hidden, title="Internal", position=1)
    activity = ActivityFactory(priority_area=area, code="IN-2", title="Internal matter")
    reported.instruments.add(hidden)
    ProgressReport.objects.create(
        round=reported,
        activity=activity,
        party=idn,
        instrument=hidden,
        priority_area=area,
        state=ProgressReport.State.SUBMITTED,
    )
    for name, user in all_users.items():
        if not ReportingRound.objects.visible_to(user).filter(pk=reported.pk).exists():
            continue
        gated = set(
            ProgressReport.objects.visible_to(user)
            .filter(round=reported)
            .exclude(state="draft")
            .values_list("pk", flat=True)
        )
        shortcut = set(
            compliance._submitted_rows(
                [reported.pk], compliance._instrument_ids(user, [reported.pk])
            ).values_list("pk", flat=True)
        )
        assert shortcut == gated, name


def test_a_page_of_activities_carries_the_total_and_a_page_past_the_end_shows_the_last(
    reported: ReportingRound, secretariat: User
) -> None:
    second = compliance.compliance_matrix(reported, user=secretariat, page=2, per_page=2)
    assert (second.total_rows, second.page, [r.code for r in second.rows]) == (3, 2, ["CT-3"])
    beyond = compliance.compliance_matrix(reported, user=secretariat, page=9, per_page=2)
    assert (beyond.page, [r.code for r in beyond.rows]) == (2, ["CT-3"])
    assert sum(s.expected for s in second.summaries) == 5


def test_an_instrument_the_secretariat_may_not_see_is_neither_shown_nor_counted(
    reported: ReportingRound, secretariat: User, idn_focal: User, idn: Any, as_user: Any
) -> None:
    hidden = InstrumentFactory(
        key="idn-internal", audience=Audience.ORGANISATION, tlp=TLP.AMBER, owner_party=idn
    )
    area = PriorityAreaFactory(instrument=hidden, title="Internal", position=1)
    activity = ActivityFactory(priority_area=area, code="IN-9", title="Internal matter")
    reported.instruments.add(hidden)
    ProgressReport.objects.create(
        round=reported, activity=activity, party=idn, instrument=hidden, priority_area=area
    )
    matrix = compliance.compliance_matrix(reported, user=secretariat)
    assert "IN-9" not in [row.code for row in matrix.rows]
    assert sum(s.expected for s in matrix.summaries) == 5
    assert "Internal matter" not in as_user(secretariat).get(_url(reported)).content.decode()
    own = compliance.compliance_matrix(reported, user=idn_focal)
    assert "IN-9" in [row.code for row in own.rows]
