"""The instrument pages: what each reader sees, the lineage graph, versions and the edit forms."""

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mufakat.audit.models import AuditEvent
from mufakat.core.audience import TLP, Audience
from mufakat.workplans import services
from mufakat.workplans.models import Activity, Instrument
from mufakat.workplans.tests import make

pytestmark = pytest.mark.django_db

LIST = reverse("workplans:list")


def page_of(instrument: Instrument) -> str:
    return reverse("workplans:instrument", args=[instrument.key])


def svg_of(html: str) -> str:
    match = re.search(r"<svg.*?</svg>", html, re.S)
    assert match, "no lineage graph on the page"
    return match.group(0)


def queries_for(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


# -- the list ----------------------------------------------------------------------------------


def test_an_outsider_sees_the_public_instruments_but_not_the_restricted_annex(
    as_user: Any, outsider: Any, cyber_annex: Instrument
) -> None:
    html = as_user(outsider).get(LIST).content.decode()

    assert "ASEAN–Japan Work Plan" in html
    assert "cyber annex" not in html
    assert "2 instruments" in html


def test_the_japanese_focal_point_sees_the_annex_shared_with_asean_and_japan(
    as_user: Any, jpn_focal: Any, cyber_annex: Instrument
) -> None:
    html = as_user(jpn_focal).get(LIST).content.decode()

    assert "Confidential cyber annex" in html
    assert "TLP:AMBER" in html


def test_the_list_filters_by_title_kind_and_party(
    as_user: Any, anonymous: Any, work_plan: Instrument, bali_work_plan: Instrument
) -> None:
    client = as_user(anonymous)

    assert "Bali" not in client.get(LIST, {"q": "japan"}).content.decode()
    by_kind = client.get(LIST, {"kind": "declaration"}).content.decode()
    assert "Joint Declaration" in by_kind and "Bali" not in by_kind
    by_party = client.get(LIST, {"party": "JPN"}).content.decode()
    assert "ASEAN–Japan Work Plan" in by_party and "Bali" not in by_party


def test_the_list_can_be_grouped_by_kind(
    as_user: Any, anonymous: Any, work_plan: Instrument
) -> None:
    html = as_user(anonymous).get(LIST, {"sort": "kind"}).content.decode()

    assert html.index("<h2>Declaration</h2>") < html.index("<h2>Work plan</h2>")


def test_the_list_puts_the_newest_first_and_dates_a_declaration_by_its_adoption(
    as_user: Any, anonymous: Any, work_plan: Instrument, bali_work_plan: Instrument
) -> None:
    html = as_user(anonymous).get(LIST).content.decode()

    assert (
        html.index("Work Plan on Combating")
        < html.index("Bali")
        < html.index("Joint Declaration for")
    )


def test_the_list_costs_the_same_number_of_queries_for_many_instruments(
    as_user: Any,
    jpn_focal: Any,
    work_plan: Instrument,
    asean: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = as_user(jpn_focal)
    few = queries_for(client, LIST)
    for n in range(8):
        make.instrument(title=f"Extra plan {n}").parties.add(asean)

    assert queries_for(client, LIST) == few
    with django_assert_max_num_queries(8):
        client.get(LIST)


def test_edit_buttons_are_only_shown_to_the_secretariat(
    as_user: Any, secretariat: Any, idn_focal: Any, work_plan: Instrument
) -> None:
    create = reverse("workplans:create")
    assert create in as_user(secretariat).get(LIST).content.decode()
    assert create not in as_user(idn_focal).get(LIST).content.decode()
    edit = reverse("workplans:edit", args=[work_plan.key])
    assert edit not in as_user(idn_focal).get(page_of(work_plan)).content.decode()


# -- the instrument page -----------------------------------------------------------------------


def test_the_instrument_page_shows_adoption_parties_lineage_and_activities(
    as_user: Any, anonymous: Any, work_plan: Instrument, declaration: Instrument
) -> None:
    html = as_user(anonymous).get(page_of(work_plan)).content.decode()

    assert "2023–2027" in html
    assert "22 August 2023" in html and "Labuan Bajo" in html
    assert reverse("meetings:detail", args=[work_plan.adopted_at_id]) in html
    assert ">ASEAN</a>" in html and ">JPN</a>" in html
    assert "Implements" in html and page_of(declaration) in html
    assert 'class="badge badge-brand">Terrorism' in html
    assert "CT-1" in html and "Training on terrorist financing investigations" in html
    assert "Press statement of the 17th AMMTC" in html
    assert "TLP:CLEAR" in html
    assert reverse("workplans:versions", args=[work_plan.key]) in html


def test_the_extension_reads_extended_to_2026_at_the_19th_ammtc(
    as_user: Any, anonymous: Any, bali_work_plan: Instrument
) -> None:
    html = as_user(anonymous).get(page_of(bali_work_plan)).content.decode()

    assert re.search(r"2019–2025, extended to 2026 at the <a href=\"[^\"]+\">19th AMMTC</a>", html)


def test_the_declaration_shows_what_implements_it(
    as_user: Any, anonymous: Any, work_plan: Instrument, declaration: Instrument
) -> None:
    html = as_user(anonymous).get(page_of(declaration)).content.decode()

    assert "Implemented by" in html and page_of(work_plan) in html


def test_the_lineage_graph_shows_parent_and_derived_instruments_accessibly(
    as_user: Any, jpn_focal: Any, work_plan: Instrument, declaration: Instrument, cyber_annex: Any
) -> None:
    svg = svg_of(as_user(jpn_focal).get(page_of(work_plan)).content.decode())

    # A group, not an image: its nodes are links, and an image may hold nothing focusable.
    assert 'role="group"' in svg and 'aria-labelledby="lineage-title"' in svg
    assert 'aria-describedby="lineage-desc"' in svg
    assert '<title id="lineage-title">' in svg and '<desc id="lineage-desc">' in svg
    for instrument in (declaration, work_plan, cyber_annex):
        assert f'href="{page_of(instrument)}"' in svg
    assert f'class="node current" data-instrument="{work_plan.pk}"' in svg
    assert ">implements</text>" in svg and ">derives from</text>" in svg
    assert "style=" not in svg and "<script" not in svg


def test_the_lineage_graph_of_the_outsider_leaves_out_the_restricted_annex(
    as_user: Any, outsider: Any, work_plan: Instrument, declaration: Instrument, cyber_annex: Any
) -> None:
    html = as_user(outsider).get(page_of(work_plan)).content.decode()
    svg = svg_of(html)

    assert f'href="{page_of(declaration)}"' in svg
    assert "annex" not in html
    assert f'data-instrument="{cyber_annex.pk}"' not in svg
    assert ">derives from</text>" not in svg


def test_the_lineage_is_repeated_as_text_for_screen_readers(
    as_user: Any, anonymous: Any, work_plan: Instrument, declaration: Instrument
) -> None:
    html = as_user(anonymous).get(page_of(declaration)).content.decode()

    derived, parent = page_of(work_plan), page_of(declaration)
    assert re.search(f'<li><a href="{derived}">[^<]+</a> implements <a href="{parent}">', html)


def test_an_instrument_without_relations_has_no_graph(
    as_user: Any, anonymous: Any, bali_work_plan: Instrument
) -> None:
    assert "<svg" not in as_user(anonymous).get(page_of(bali_work_plan)).content.decode()


def test_a_hidden_instrument_is_a_404_like_a_missing_one(
    as_user: Any, outsider: Any, anonymous: Any, cyber_annex: Instrument
) -> None:
    assert as_user(outsider).get(page_of(cyber_annex)).status_code == 404
    assert as_user(anonymous).get(page_of(cyber_annex)).status_code == 404
    assert as_user(outsider).get("/instruments/no-such-thing/").status_code == 404
    versions = reverse("workplans:versions", args=[cyber_annex.key])
    assert as_user(outsider).get(versions).status_code == 404


def test_the_page_read_again_shows_an_access_or_content_change_at_once(
    as_user: Any, outsider: Any, can: Any, asean_japan: Any, cyber_annex: Instrument
) -> None:
    """The page's reads are compiled once per reader; joining a sharing group, an edit and a
    new activity still show at the very next request, and leaving the group hides it again."""
    client = as_user(outsider)
    assert client.get(page_of(cyber_annex)).status_code == 404

    asean_japan.parties.add(can)
    assert "Confidential cyber annex" in client.get(page_of(cyber_annex)).content.decode()

    Instrument.objects.filter(pk=cyber_annex.pk).update(title="Renamed cyber annex")
    area = make.priority_area(instrument=cyber_annex, position=1, title="Forensics")
    make.activity(priority_area=area, code="FX-1", title="Forensic laboratory exchange")
    html = client.get(page_of(cyber_annex)).content.decode()
    assert "Renamed cyber annex" in html
    assert "Forensic laboratory exchange" in html

    asean_japan.parties.remove(can)
    assert client.get(page_of(cyber_annex)).status_code == 404


def test_a_meeting_the_reader_cannot_see_is_not_shown_as_the_place_of_adoption(
    as_user: Any, outsider: Any, work_plan: Instrument, closed_meeting: Any
) -> None:
    Instrument.objects.filter(pk=work_plan.pk).update(adopted_at=closed_meeting)

    html = as_user(outsider).get(page_of(work_plan)).content.decode()

    assert "Closed meeting" not in html


def test_only_visible_outcomes_concerning_the_instrument_are_listed(
    as_user: Any, outsider: Any, work_plan: Instrument, ammtc_17: Any, idn: Any
) -> None:
    make.outcome(meeting=ammtc_17, instrument=work_plan, text="The ministers adopted the plan.")
    make.outcome(
        meeting=ammtc_17,
        instrument=work_plan,
        text="Confidential note on funding.",
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn,
    )

    html = as_user(outsider).get(page_of(work_plan)).content.decode()

    assert "The ministers adopted the plan." in html
    assert "Confidential note" not in html


def test_the_instrument_page_costs_the_same_number_of_queries_for_a_bigger_plan(
    as_user: Any,
    jpn_focal: Any,
    work_plan: Instrument,
    cyber_annex: Any,
    terrorism: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = as_user(jpn_focal)
    small = queries_for(client, page_of(work_plan))
    for n in range(4):
        area = make.priority_area(instrument=work_plan, title=f"Extra area {n}")
        area.crime_areas.add(terrorism)
        for m in range(3):
            Activity.objects.create(priority_area=area, code=f"X-{n}-{m}", title="More work")

    assert queries_for(client, page_of(work_plan)) == small
    # 3 for the session, the reader and their groups, 15 for the instrument (facts, lineage,
    # outcomes, area counts and one page of activities), 4 for the related-knowledge panel.
    with django_assert_max_num_queries(22):
        client.get(page_of(work_plan))


# -- activities and versions -------------------------------------------------------------------


def test_the_activity_page_shows_indicators_parties_area_and_instrument(
    as_user: Any, anonymous: Any, training: Activity, work_plan: Instrument
) -> None:
    html = (
        as_user(anonymous).get(reverse("workplans:activity", args=[training.pk])).content.decode()
    )

    assert "Officers trained" in html and "120" in html and "officers" in html
    assert ">JPN</a>" in html and ">IDN</a>" in html
    assert "Counter terrorism" in html and page_of(work_plan) in html


def test_an_activity_of_a_hidden_instrument_is_a_404(
    as_user: Any, outsider: Any, cyber_annex: Instrument
) -> None:
    area = make.priority_area(instrument=cyber_annex)
    activity = Activity.objects.create(priority_area=area, code="S-1", title="Secret")

    response = as_user(outsider).get(reverse("workplans:activity", args=[activity.pk]))

    assert response.status_code == 404


def test_the_version_history_shows_the_changed_field(
    as_user: Any, secretariat: Any, anonymous: Any, bali_work_plan: Instrument
) -> None:
    services.update_instrument(
        actor=secretariat, instrument=bali_work_plan, changes={}, expected_version=None
    )
    services.update_instrument(
        actor=secretariat,
        instrument=bali_work_plan,
        changes={"extended_to_year": 2027},
        expected_version=None,
    )

    html = (
        as_user(anonymous)
        .get(reverse("workplans:versions", args=[bali_work_plan.key]))
        .content.decode()
    )

    assert "Version 2" in html and "Version 1" in html
    row = re.search(r'<tr data-path="extended_to_year">(.*?)</tr>', html, re.S)
    assert row and "2026" in row.group(1) and "2027" in row.group(1)
    assert "Extended to" in row.group(1)


# -- edit forms --------------------------------------------------------------------------------


def test_a_focal_point_gets_a_403_on_every_edit_form(
    as_user: Any, idn_focal: Any, work_plan: Instrument, training: Activity
) -> None:
    client = as_user(idn_focal)
    area = work_plan.priority_areas.first()
    assert area is not None
    urls = [
        reverse("workplans:create"),
        reverse("workplans:edit", args=[work_plan.key]),
        reverse("workplans:links", args=[work_plan.key]),
        reverse("workplans:priority_area_create", args=[work_plan.key]),
        reverse("workplans:priority_area_edit", args=[area.pk]),
        reverse("workplans:activity_create", args=[area.pk]),
        reverse("workplans:activity_edit", args=[training.pk]),
        reverse("workplans:indicator_create", args=[training.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.post(urls[1], {"title": "Hijacked"}).status_code == 403
    work_plan.refresh_from_db()
    assert work_plan.title != "Hijacked"


def test_anonymous_visitors_are_sent_to_log_in(as_user: Any, anonymous: Any) -> None:
    response = as_user(anonymous).get(reverse("workplans:create"))

    assert response.status_code == 302 and "login" in response["Location"]


def edit_form_data(instrument: Instrument, **overrides: Any) -> dict[str, Any]:
    data = {
        "title": instrument.title,
        "short_title": instrument.short_title,
        "kind": instrument.kind,
        "start_year": instrument.start_year or "",
        "end_year": instrument.end_year or "",
        "adopted_on": str(instrument.adopted) if instrument.adopted else "",
        "place": instrument.place,
        "adopted_at": instrument.adopted_at_id or "",
        "parties": [p.pk for p in instrument.parties.all()],
        "audience": instrument.audience,
        "tlp": instrument.tlp,
        "source": instrument.source,
        "lock_version": instrument.lock_version,
    }
    data.update(overrides)
    return data


def test_the_secretariat_edits_an_instrument_through_the_form(
    as_user: Any, secretariat: Any, work_plan: Instrument
) -> None:
    url = reverse("workplans:edit", args=[work_plan.key])
    client = as_user(secretariat)
    assert client.get(url).status_code == 200

    response = client.post(url, edit_form_data(work_plan, end_year=2028))

    assert response.status_code == 302
    work_plan.refresh_from_db()
    assert work_plan.end_year == 2028 and work_plan.key == "asean-japan-wp-2023-2027"
    assert work_plan.versions.count() == 1
    assert AuditEvent.objects.filter(action="instrument.update").exists()


def test_a_service_error_shows_on_its_form_field(
    as_user: Any, secretariat: Any, work_plan: Instrument
) -> None:
    url = reverse("workplans:edit", args=[work_plan.key])

    response = as_user(secretariat).post(url, edit_form_data(work_plan, end_year=2020))

    assert response.status_code == 200
    assert "end_year" in response.context["form"].errors


def test_a_concurrent_edit_is_refused_instead_of_overwriting(
    as_user: Any, secretariat: Any, work_plan: Instrument
) -> None:
    url = reverse("workplans:edit", args=[work_plan.key])
    stale = edit_form_data(work_plan, place="Bali")
    services.update_instrument(
        actor=secretariat, instrument=work_plan, changes={"place": "Jakarta"}, expected_version=1
    )

    response = as_user(secretariat).post(url, stale)

    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    work_plan.refresh_from_db()
    assert work_plan.place == "Jakarta"


def test_the_secretariat_creates_an_instrument_and_links_it(
    as_user: Any, secretariat: Any, work_plan: Instrument, asean: Any
) -> None:
    client = as_user(secretariat)
    response = client.post(
        reverse("workplans:create"),
        {
            "key": "asean-japan-wp-2028-2032",
            "title": "ASEAN–Japan Work Plan 2028–2032",
            "kind": "work_plan",
            "start_year": 2028,
            "end_year": 2032,
            "parties": [asean.pk],
            "audience": "public",
            "tlp": "CLEAR",
        },
    )
    assert response.status_code == 302
    successor = Instrument.objects.get(key="asean-japan-wp-2028-2032")

    links = reverse("workplans:links", args=[successor.key])
    assert client.post(links, {"kind": "supersedes", "target": work_plan.pk}).status_code == 302

    html = client.get(page_of(work_plan)).content.decode()
    assert "Superseded by" in html and page_of(successor) in html
    link = successor.links_out.get()
    client.post(reverse("workplans:link_delete", args=[link.pk]))
    assert not successor.links_out.exists()


def test_a_circular_link_is_refused_on_the_form(
    as_user: Any, secretariat: Any, work_plan: Instrument, declaration: Instrument
) -> None:
    links = reverse("workplans:links", args=[declaration.key])

    response = as_user(secretariat).post(links, {"kind": "derives_from", "target": work_plan.pk})

    assert response.status_code == 200
    assert "circular" in response.context["form"].errors["target"][0]


def test_the_secretariat_adds_a_priority_area_an_activity_and_an_indicator(
    as_user: Any, secretariat: Any, bali_work_plan: Instrument, terrorism: Any, idn: Any
) -> None:
    client = as_user(secretariat)
    client.post(
        reverse("workplans:priority_area_create", args=[bali_work_plan.key]),
        {"title": "Prevention", "crime_areas": [terrorism.pk]},
    )
    area = bali_work_plan.priority_areas.get()
    client.post(
        reverse("workplans:activity_create", args=[area.pk]),
        {"code": "P-1", "title": "Community resilience workshop", "lead_parties": [idn.pk]},
    )
    activity = area.activities.get()
    response = client.post(
        reverse("workplans:indicator_create", args=[activity.pk]),
        {"name": "Workshops held", "kind": "numeric", "baseline": "0", "target": "four"},
    )
    assert "target" in response.context["form"].errors

    client.post(
        reverse("workplans:indicator_create", args=[activity.pk]),
        {"name": "Workshops held", "kind": "numeric", "baseline": "0", "target": "4"},
    )

    assert [p.code for p in activity.lead_parties.all()] == ["IDN"]
    assert activity.indicators.get().target == "4"
    assert bali_work_plan.versions.count() == 3


def test_an_adoption_meeting_the_editor_cannot_see_is_kept_by_the_form(
    as_user: Any, secretariat: Any, work_plan: Instrument, closed_meeting: Any
) -> None:
    Instrument.objects.filter(pk=work_plan.pk).update(adopted_at=closed_meeting)
    work_plan.refresh_from_db()
    url = reverse("workplans:edit", args=[work_plan.key])
    client = as_user(secretariat)
    assert "Closed meeting" not in client.get(url).content.decode()

    response = client.post(url, edit_form_data(work_plan, adopted_at="", place="X"))

    assert response.status_code == 302
    work_plan.refresh_from_db()
    assert work_plan.adopted_at == closed_meeting and work_plan.place == "X"


# -- a large plan: areas with their counts, activities a page at a time ------------------------


def add_activities(area: Any, n: int, party: Any, start: int = 0) -> None:
    made = Activity.objects.bulk_create(
        Activity(priority_area=area, code=f"L-{i:04d}", title=f"Large activity {i}")
        for i in range(start, start + n)
    )
    Activity.lead_parties.through.objects.bulk_create(
        Activity.lead_parties.through(activity_id=a.pk, party_id=party.pk) for a in made
    )


def test_a_large_plan_shows_its_first_area_fifty_activities_at_a_time(
    as_user: Any, anonymous: Any, work_plan: Instrument, jpn: Any
) -> None:
    terrorism_area, cyber_area = work_plan.priority_areas.order_by("position")
    add_activities(terrorism_area, 60, jpn)

    html = as_user(anonymous).get(page_of(work_plan)).content.decode()

    assert "2 priority areas, 62 activities." in html
    assert "61 activities" in html and "1 activity" in html
    assert "CT-1" in html and "L-0048" in html and "L-0049" not in html
    assert "Workshop on cybercrime evidence" not in html
    assert f'href="?area={cyber_area.pk}#area-{cyber_area.pk}"' in html
    assert "Page 1 of 2" in html and "area=all" in html


def test_the_activities_of_one_area_and_every_page_of_all_can_be_opened(
    as_user: Any, anonymous: Any, work_plan: Instrument, jpn: Any
) -> None:
    terrorism_area, cyber_area = work_plan.priority_areas.order_by("position")
    add_activities(terrorism_area, 60, jpn)
    client = as_user(anonymous)

    one_area = client.get(page_of(work_plan), {"area": cyber_area.pk}).content.decode()
    assert "Workshop on cybercrime evidence" in one_area and "CT-1" not in one_area

    second = client.get(page_of(work_plan), {"area": "all", "page": 2}).content.decode()
    assert "L-0059" in second and "Workshop on cybercrime evidence" in second
    assert "L-0000" not in second and "Page 2 of 2" in second


def test_a_small_plan_shows_every_activity_at_once(
    as_user: Any, anonymous: Any, work_plan: Instrument
) -> None:
    html = as_user(anonymous).get(page_of(work_plan)).content.decode()

    assert "CT-1" in html and "Workshop on cybercrime evidence" in html
    assert "Page 1 of" not in html


def test_the_secretariat_can_edit_every_area_of_a_large_plan_from_its_first_view(
    as_user: Any, secretariat: Any, work_plan: Instrument, jpn: Any
) -> None:
    terrorism_area, cyber_area = work_plan.priority_areas.order_by("position")
    add_activities(terrorism_area, 60, jpn)

    html = as_user(secretariat).get(page_of(work_plan)).content.decode()

    for area in (terrorism_area, cyber_area):
        assert reverse("workplans:priority_area_edit", args=[area.pk]) in html
        assert reverse("workplans:activity_create", args=[area.pk]) in html
    assert reverse("workplans:priority_area_create", args=[work_plan.key]) in html
    assert reverse("workplans:links", args=[work_plan.key]) in html


@pytest.mark.parametrize("query", ["", "?area=all", "?area=all&page=2"])
def test_a_large_plan_costs_the_same_queries_and_size_as_it_grows(
    as_user: Any,
    jpn_focal: Any,
    work_plan: Instrument,
    cyber_annex: Any,
    jpn: Any,
    query: str,
    django_assert_max_num_queries: Any,
) -> None:
    client = as_user(jpn_focal)
    terrorism_area, cyber_area = work_plan.priority_areas.order_by("position")
    add_activities(terrorism_area, 60, jpn)
    add_activities(cyber_area, 60, jpn, start=1000)
    url = page_of(work_plan) + query
    before = queries_for(client, url)
    size = len(client.get(url).content)

    add_activities(terrorism_area, 300, jpn, start=2000)
    add_activities(cyber_area, 300, jpn, start=3000)

    assert queries_for(client, url) == before
    assert len(client.get(url).content) < size * 1.1
    with django_assert_max_num_queries(22):
        client.get(url)
