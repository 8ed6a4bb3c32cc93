"""The compliance matrix reads a page of activities instrument by instrument (how many each
holds from one grouped count, then only the instruments the page spans): its pages, one after
the other, are the whole list in the same order — instruments sharing a title interleaving by
position and code as they always did — with the same total, for any filter, and an address
past the end shows the last page."""

from __future__ import annotations

from typing import Any

import pytest

from mufakat.accounts.models import User
from mufakat.core.models import SharingGroup
from mufakat.monitoring import compliance
from mufakat.monitoring.models import ReportingRound
from mufakat.monitoring.tests.reports_fixtures import make_plan, start_round
from mufakat.registry.models import Party
from mufakat.workplans.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_plans(
    secretariat: User,
    idn: Party,
    jpn: Party,
    asean_japan: SharingGroup,
    idn_focal: User,
    jpn_focal: User,
) -> ReportingRound:
    """Two instruments of the same title and one of another, in one round."""
    first = make_plan(idn, jpn, asean_japan)
    twin = make_plan(idn, jpn, asean_japan, key="asean-japan-wp-twin")
    other = make_plan(idn, jpn, asean_japan, key="bali-wp")
    other.instrument.title = "Bali work plan"
    other.instrument.save()
    return start_round(
        secretariat, first, instruments=[first.instrument, twin.instrument, other.instrument]
    )


def _rows(matrix: compliance.ComplianceMatrix) -> list[tuple[int, list[object]]]:
    return [(row.activity_id, row.cells) for row in matrix.rows]


@pytest.mark.parametrize("reader", ["secretariat", "idn_focal"])
@pytest.mark.parametrize("filters", [{}, {"status": "not_started"}, {"party": "JPN"}])
def test_the_pages_one_after_the_other_are_the_whole_list(
    three_plans: ReportingRound,
    reader: str,
    filters: dict[str, str],
    request: pytest.FixtureRequest,
) -> None:
    user = request.getfixturevalue(reader)
    everything = compliance.compliance_matrix(three_plans, user=user, **filters)
    assert everything.total_rows == len(everything.rows) > 3
    for per_page in (1, 2, 4):
        paged: list[tuple[int, list[object]]] = []
        page = 1
        while True:
            matrix = compliance.compliance_matrix(
                three_plans, user=user, page=page, per_page=per_page, **filters
            )
            assert matrix.total_rows == everything.total_rows
            if matrix.page < page:
                break
            paged += _rows(matrix)
            page += 1
        assert paged == _rows(everything)
        assert matrix.page == -(-everything.total_rows // per_page)  # past the end: the last


def test_instruments_of_one_title_interleave_by_code(
    three_plans: ReportingRound, secretariat: User
) -> None:
    rows = compliance.compliance_matrix(three_plans, user=secretariat).rows
    assert [(r.instrument_title, r.code) for r in rows][:4] == [
        ("ASEAN–Japan work plan", "CT-1"),
        ("ASEAN–Japan work plan", "CT-1"),
        ("ASEAN–Japan work plan", "CT-2"),
        ("ASEAN–Japan work plan", "CT-2"),
    ]
    assert rows[-1].instrument_title == "Bali work plan"


def test_a_round_with_no_matching_activity_has_one_empty_page(
    three_plans: ReportingRound, secretariat: User
) -> None:
    matrix = compliance.compliance_matrix(
        three_plans, user=secretariat, status="accepted", page=3, per_page=2
    )
    assert (matrix.total_rows, matrix.page, matrix.rows) == (0, 1, [])


def test_the_page_heads_each_instrument_and_area_and_escapes_every_title(
    three_plans: ReportingRound, secretariat: User, as_user: Any
) -> None:
    from django.urls import reverse

    Activity.objects.filter(code="CT-1").update(title="Raids <b>&</b> seizures")
    url = reverse("monitoring:round_compliance", args=[three_plans.pk])
    html = as_user(secretariat).get(url).content.decode()
    # A heading where the instrument or area changes: the twins' activities alternate (6), Bali
    assert html.count('<th scope="rowgroup" colspan="3">') == 7
    assert "ASEAN–Japan work plan — Counter-terrorism</th>" in html
    assert "Raids &lt;b&gt;&amp;&lt;/b&gt; seizures</th>" in html
    assert "<b>&</b>" not in html
    assert '<span class="muted">CT-2</span> Border security training</th><td>' in html
