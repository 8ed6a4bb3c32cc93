"""Registry pages: what readers see, what the gate hides, and who may edit."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mufakat.audit.models import AuditEvent
from mufakat.core.audience import TLP, Audience
from mufakat.registry.models import Body, CrimeArea, Party, PartyMembership, Term
from mufakat.testing.factories import (
    BodyFactory,
    CrimeAreaFactory,
    InstrumentFactory,
    MeetingFactory,
    PartyFactory,
    member_state,
)

pytestmark = pytest.mark.django_db


def html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def bnpt_note(wg_ct: Body, idn: Party, bnpt: Any) -> Any:
    """A meeting only Indonesia's BNPT may see."""
    return MeetingFactory.create(
        body=wg_ct,
        number=7,
        title="BNPT preparatory note meeting",
        start_date=dt.date(2022, 6, 1),
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn,
        owner_agency=bnpt,
        host=idn,
    )


@pytest.fixture
def public_meeting(wg_ct: Body, idn: Party) -> Any:
    return MeetingFactory.create(
        body=wg_ct,
        number=19,
        title="19th SOMTC Working Group on Counter Terrorism",
        start_date=dt.date(2023, 5, 18),
        city="Labuan Bajo",
        host=idn,
    )


@pytest.fixture
def chair_term(wg_ct: Body, idn: Party, bnpt: Any) -> Term:
    return Term.objects.create(
        body=wg_ct, party=idn, agency=bnpt, role=Term.Role.CHAIR, start_date=dt.date(2023, 1, 1)
    )


# -- the body tree -----------------------------------------------------------------------------


def test_the_body_tree_nests_the_working_group_under_somtc_under_ammtc(
    as_user: Any, anonymous: Any, wg_ct: Body, chair_term: Term
) -> None:
    page = html(as_user(anonymous).get(reverse("registry:bodies")))

    assert page.index("AMMTC") < page.index("SOMTC") < page.index("SOMTC-WG-CT")
    assert "Working group" in page
    assert "Chair: <a" in page and "Indonesia" in page and "(BNPT)" in page
    assert "Terrorism" in page


def test_an_ended_term_is_not_shown_as_current_in_the_tree(
    as_user: Any, anonymous: Any, wg_ct: Body, jpn: Party
) -> None:
    Term.objects.create(
        body=wg_ct,
        party=jpn,
        role=Term.Role.CHAIR,
        start_date=dt.date(2010, 1, 1),
        end_date=dt.date(2011, 1, 1),
    )
    page = html(as_user(anonymous).get(reverse("registry:bodies")))
    assert "Japan" not in page


def test_the_body_tree_costs_the_same_queries_for_many_bodies(
    client: Client, somtc: Body, idn: Party, django_assert_max_num_queries: Any
) -> None:
    area = CrimeAreaFactory.create(code="cybercrime")
    for n in range(25):
        body = BodyFactory.create(code=f"SOMTC-WG-{n}", parent=somtc)
        body.crime_areas.add(area)
        body.partners.add(idn)
        Term.objects.create(body=body, party=idn, role="chair", start_date=dt.date(2023, 1, 1))

    with django_assert_max_num_queries(4):
        html(client.get(reverse("registry:bodies")))


# -- a body ------------------------------------------------------------------------------------


def test_the_body_page_shows_its_chain_terms_and_sources(
    as_user: Any, anonymous: Any, wg_ct: Body, chair_term: Term
) -> None:
    page = html(as_user(anonymous).get(reverse("registry:body", args=["SOMTC-WG-CT"])))

    assert "SOMTC Working Group on Counter Terrorism" in page
    assert 'href="/registry/bodies/AMMTC/"' in page and 'href="/registry/bodies/SOMTC/"' in page
    assert 'class="is-current"' in page and "Current" in page
    assert "Seed 000" in page


def test_a_parent_body_lists_its_sub_bodies(as_user: Any, anonymous: Any, wg_ct: Body) -> None:
    page = html(as_user(anonymous).get(reverse("registry:body", args=["SOMTC"])))
    assert 'href="/registry/bodies/SOMTC-WG-CT/"' in page


def test_a_consultation_page_names_its_partners(as_user: Any, anonymous: Any, jpn: Party) -> None:
    consultation = BodyFactory.create(code="SOMTC+JPN", level=Body.Level.CONSULTATION)
    consultation.partners.add(jpn)

    page = html(as_user(anonymous).get(reverse("registry:body", args=["SOMTC+JPN"])))

    assert "Japan" in page and "Consultation with partners" in page


def test_an_unknown_body_code_is_a_404(client: Client, db: Any) -> None:
    assert client.get(reverse("registry:body", args=["NOPE"])).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "outsider", "jpn_focal"])
def test_the_bnpt_meeting_is_hidden_on_the_body_page_from(
    who: str, all_users: dict[str, Any], as_user: Any, bnpt_note: Any, public_meeting: Any
) -> None:
    page = html(as_user(all_users[who]).get(reverse("registry:body", args=["SOMTC-WG-CT"])))

    assert "19th SOMTC Working Group on Counter Terrorism" in page
    assert "BNPT preparatory note meeting" not in page


def test_the_bnpt_focal_point_sees_the_bnpt_meeting_with_its_access_label(
    idn_focal: Any, as_user: Any, bnpt_note: Any, public_meeting: Any
) -> None:
    body_url = reverse("registry:body", args=["SOMTC-WG-CT"])
    page = html(as_user(idn_focal).get(body_url))
    assert "19th SOMTC" in page and "BNPT preparatory" not in page  # the latest year first
    assert '<a href="?year=2022#held-h">2022</a> <small class="muted">(1)</small>' in page

    page = html(as_user(idn_focal).get(body_url + "?year=2022"))
    assert "BNPT preparatory note meeting" in page
    assert "TLP:AMBER+STRICT" in page


def test_an_access_change_shows_on_the_body_page_at_the_next_request(
    idn_focal: Any, bnpt: Any, as_user: Any, bnpt_note: Any, public_meeting: Any
) -> None:
    """The body page's reads are compiled once per reader; a change of the reader's agency,
    or of the meeting's audience, still applies to the very next page."""
    page_2022 = reverse("registry:body", args=["SOMTC-WG-CT"]) + "?year=2022"
    client = as_user(idn_focal)
    assert "BNPT preparatory note meeting" in html(client.get(page_2022))

    idn_focal.agency = None
    idn_focal.save()
    page = html(client.get(page_2022))
    assert "BNPT preparatory note meeting" not in page
    assert '<a href="?year=2022#held-h">' not in page  # not even the count of the year

    idn_focal.agency = bnpt
    idn_focal.save()
    assert "BNPT preparatory note meeting" in html(client.get(page_2022))

    bnpt_note.title = "BNPT note meeting, renamed"
    bnpt_note.save()
    assert "BNPT note meeting, renamed" in html(client.get(page_2022))

    public_meeting.audience = Audience.ORGANISATION
    public_meeting.tlp = TLP.AMBER_STRICT
    public_meeting.owner_party = PartyFactory.create(code="SGP")
    public_meeting.save()
    page = html(as_user(idn_focal).get(reverse("registry:body", args=["SOMTC-WG-CT"])))
    assert "19th SOMTC" not in page


def test_the_body_page_costs_a_fixed_number_of_queries(
    client: Client, wg_ct: Body, idn: Party, django_assert_max_num_queries: Any
) -> None:
    for n in range(15):
        MeetingFactory.create(body=wg_ct, number=n + 1, host=idn)
        Term.objects.create(
            body=wg_ct,
            party=idn,
            role="chair",
            start_date=dt.date(2000 + n, 1, 1),
            end_date=dt.date(2001 + n, 1, 1),
        )

    with django_assert_max_num_queries(10):
        html(client.get(reverse("registry:body", args=["SOMTC-WG-CT"])))


# -- parties -----------------------------------------------------------------------------------


def test_parties_are_grouped_by_kind_with_their_codes(
    as_user: Any, anonymous: Any, idn: Party, jpn: Party, asec: Party
) -> None:
    page = html(as_user(anonymous).get(reverse("registry:parties")))

    assert page.index("Member state") < page.index("Dialogue partner") < page.index("Organisation")
    assert "<code>IDN</code>" in page and "<code>JPN</code>" in page and "<code>ASEC</code>" in page


def test_the_party_list_costs_a_fixed_number_of_queries(
    client: Client, db: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        member_state(f"M{n:02d}")

    with django_assert_max_num_queries(3):
        html(client.get(reverse("registry:parties")))


def test_timor_leste_shows_its_way_from_applicant_to_member(
    as_user: Any, anonymous: Any, db: Any
) -> None:
    tls = PartyFactory.create(code="TLS", name="Timor-Leste")
    for status, start, end in [
        ("applicant", dt.date(2011, 1, 1), dt.date(2022, 1, 1)),
        ("observer", dt.date(2022, 1, 1), dt.date(2025, 10, 26)),
        ("member", dt.date(2025, 10, 26), None),
    ]:
        PartyMembership.objects.create(party=tls, status=status, start_date=start, end_date=end)

    page = html(as_user(anonymous).get(reverse("registry:party", args=["TLS"])))

    history = page.split('id="memberships-h"')[1]
    assert history.index("Applicant") < history.index("Observer") < history.index("Member")
    assert "26 Oct 2025" in history


def test_the_party_page_shows_agencies_and_offices_now_and_before(
    as_user: Any, anonymous: Any, chair_term: Term, idn: Party, somtc: Body
) -> None:
    Term.objects.create(
        body=somtc,
        party=idn,
        role=Term.Role.CHAIR,
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2020, 1, 1),
    )
    page = html(as_user(anonymous).get(reverse("registry:party", args=["IDN"])))

    assert "National Counter Terrorism Agency" in page
    now, before = page.split("<h3>Before</h3>")
    assert "SOMTC-WG-CT" in now.split("<h3>Now</h3>")[1]
    assert 'href="/registry/bodies/SOMTC/"' in before


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_restricted_meetings_and_instruments_are_hidden_on_the_party_page_from(
    who: str, all_users: dict[str, Any], as_user: Any, idn: Party, bnpt_note: Any
) -> None:
    secret_plan = InstrumentFactory.create(
        title="BNPT internal plan",
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn,
    )
    secret_plan.parties.add(idn)
    public_plan = InstrumentFactory.create(title="Bali Work Plan")
    public_plan.parties.add(idn)

    page = html(as_user(all_users[who]).get(reverse("registry:party", args=["IDN"])))

    assert "Bali Work Plan" in page
    assert "BNPT internal plan" not in page
    assert "BNPT preparatory note meeting" not in page


def test_the_indonesian_focal_point_sees_what_indonesia_hosted_in_confidence(
    idn_focal: Any, as_user: Any, bnpt_note: Any
) -> None:
    page = html(as_user(idn_focal).get(reverse("registry:party", args=["IDN"])))
    assert "BNPT preparatory note meeting" in page


def test_the_party_page_costs_a_fixed_number_of_queries(
    client: Client, wg_ct: Body, idn: Party, django_assert_max_num_queries: Any
) -> None:
    for n in range(10):
        MeetingFactory.create(body=wg_ct, number=n + 1, host=idn)
        InstrumentFactory.create().parties.add(idn)

    with django_assert_max_num_queries(8):
        html(client.get(reverse("registry:party", args=["IDN"])))


def test_the_party_page_links_each_meeting_instrument_and_body_where_their_own_pages_are(
    client: Client, wg_ct: Body, idn: Party
) -> None:
    meeting = MeetingFactory.create(body=wg_ct, number=3, host=idn, title="Quarterly review")
    instrument = InstrumentFactory.create(key="bali-plan", title="Bali Work Plan")
    instrument.parties.add(idn)

    page = html(client.get(reverse("registry:party", args=["IDN"])))

    assert f'<a href="{meeting.get_absolute_url()}">Quarterly review</a>' in page
    assert f'<a href="{wg_ct.get_absolute_url()}">SOMTC-WG-CT</a>' in page
    assert f'<a href="{instrument.get_absolute_url()}">Bali Work Plan</a>' in page
    assert "Work plan</small>" not in page and "Work plan · 2023–2027</small>" in page


def test_the_body_page_links_each_meeting_and_its_host_where_their_own_pages_are(
    client: Client, wg_ct: Body, idn: Party, public_meeting: Any
) -> None:
    page = html(client.get(reverse("registry:body", args=["SOMTC-WG-CT"])))

    assert "<td>19th</td>" in page
    assert f'<a href="{public_meeting.get_absolute_url()}">19th SOMTC' in page
    assert f'<td><a href="{idn.get_absolute_url()}">IDN</a></td>' in page
    assert "<td>18 May 2023</td><td>Labuan Bajo</td>" in page


def test_titles_and_names_on_registry_lists_are_shown_as_text_not_markup(
    client: Client, wg_ct: Body, idn: Party
) -> None:
    MeetingFactory.create(body=wg_ct, number=1, host=idn, title="<b>Bold</b> & co")
    InstrumentFactory.create(title="Plan <i>x</i>").parties.add(idn)
    BodyFactory.create(code="SOMTC-WG-X", name="Group <script>", parent=wg_ct)

    party = html(client.get(reverse("registry:party", args=["IDN"])))
    body = html(client.get(reverse("registry:body", args=["SOMTC-WG-CT"])))
    tree = html(client.get(reverse("registry:bodies")))

    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in party and "<b>Bold</b>" not in party
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in body
    assert "Plan &lt;i&gt;x&lt;/i&gt;" in party
    assert "Group &lt;script&gt;" in tree and "Group <script>" not in tree


def test_the_body_tree_shows_partners_offices_and_crime_areas_of_each_body(
    client: Client, somtc: Body, wg_ct: Body, idn: Party, jpn: Party, chair_term: Term
) -> None:
    consultation = BodyFactory.create(code="SOMTC+JAPAN", name="Consultation", parent=somtc)
    consultation.partners.add(jpn)

    page = html(client.get(reverse("registry:bodies")))

    assert "<small>With Japan</small>" in page
    assert 'Chair: <a href="/registry/parties/IDN/">' in page and "(BNPT)" in page
    assert '<a href="/registry/crime-areas/#terrorism">Terrorism</a>' in page
    assert page.index("<strong>SOMTC</strong>") < page.index("<strong>SOMTC+JAPAN</strong>")
    assert page.count('<ul class="tree">') == 1 and page.count("<ul>") >= 2  # nested lists


def test_an_unknown_party_code_is_a_404(client: Client, db: Any) -> None:
    assert client.get(reverse("registry:party", args=["XYZ"])).status_code == 404


# -- crime areas -------------------------------------------------------------------------------


def test_crime_areas_show_their_priority_period_and_bodies(
    as_user: Any, anonymous: Any, wg_ct: Body
) -> None:
    CrimeAreaFactory.create(
        code="sea_piracy",
        name="Sea piracy",
        priority_since=dt.date(1999, 1, 1),
        priority_until=dt.date(2025, 1, 1),
    )
    page = html(as_user(anonymous).get(reverse("registry:crime_areas")))

    assert 'id="sea_piracy"' in page and "Not a priority now" in page
    assert "1 Jan 1999" in page and "1 Jan 2025" in page
    assert 'href="/registry/bodies/SOMTC-WG-CT/"' in page


# -- editing rights ----------------------------------------------------------------------------

EDIT_PAGES = [
    ("registry:body_create", []),
    ("registry:body_edit", ["SOMTC-WG-CT"]),
    ("registry:term_create", ["SOMTC-WG-CT"]),
    ("registry:party_create", []),
    ("registry:party_edit", ["IDN"]),
    ("registry:membership_create", ["IDN"]),
    ("registry:agency_create", []),
    ("registry:crime_area_edit", ["terrorism"]),
]


@pytest.mark.parametrize(("name", "args"), EDIT_PAGES)
def test_a_focal_point_gets_403_on_registry_edit_pages(
    name: str, args: list[str], idn_focal: Any, as_user: Any, wg_ct: Body
) -> None:
    client = as_user(idn_focal)
    assert client.get(reverse(name, args=args)).status_code == 403
    assert client.post(reverse(name, args=args), {}).status_code == 403


@pytest.mark.parametrize(("name", "args"), EDIT_PAGES)
def test_an_anonymous_visitor_is_sent_to_log_in_from_edit_pages(
    name: str, args: list[str], client: Client, wg_ct: Body, idn: Party
) -> None:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("name", "args"), EDIT_PAGES)
def test_the_secretariat_opens_every_registry_edit_page(
    name: str, args: list[str], secretariat: Any, as_user: Any, wg_ct: Body, idn: Party
) -> None:
    page = html(as_user(secretariat).get(reverse(name, args=args)))
    assert 'name="csrfmiddlewaretoken"' in page


def test_the_term_and_agency_edit_pages_are_for_the_secretariat_only(
    secretariat: Any, idn_focal: Any, as_user: Any, chair_term: Term, bnpt: Any
) -> None:
    for url in (
        reverse("registry:term_edit", args=[chair_term.pk]),
        reverse("registry:agency_edit", args=[bnpt.pk]),
    ):
        assert as_user(idn_focal).get(url).status_code == 403
        assert as_user(secretariat).get(url).status_code == 200


def test_edit_buttons_appear_for_the_secretariat_only(
    secretariat: Any, idn_focal: Any, as_user: Any, wg_ct: Body
) -> None:
    edit = reverse("registry:body_edit", args=["SOMTC-WG-CT"])
    assert edit in html(as_user(secretariat).get(reverse("registry:body", args=["SOMTC-WG-CT"])))
    assert edit not in html(as_user(idn_focal).get(reverse("registry:body", args=["SOMTC-WG-CT"])))


# -- forms -------------------------------------------------------------------------------------


def body_form(body: Body, **overrides: Any) -> dict[str, Any]:
    data = {
        "name": body.name,
        "short_name": body.short_name,
        "level": body.level,
        "parent": body.parent.code if body.parent else "",
        "crime_areas": [c.code for c in body.crime_areas.all()],
        "established": body.established,
        "description": body.description,
        "order": body.order,
        "source": body.source,
        "lock_version": body.lock_version,
    }
    data.update(overrides)
    return data


def test_the_secretariat_adds_a_body_through_the_form(
    secretariat: Any, as_user: Any, somtc: Body, terrorism: CrimeArea
) -> None:
    response = as_user(secretariat).post(
        reverse("registry:body_create"),
        {
            "code": "SOMTC-WG-TIP",
            "name": "SOMTC Working Group on Trafficking in Persons",
            "level": "working_group",
            "parent": "SOMTC",
            "crime_areas": ["terrorism"],
            "order": 3,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("registry:body", args=["SOMTC-WG-TIP"])
    assert Body.objects.get(code="SOMTC-WG-TIP").parent == somtc
    assert AuditEvent.objects.filter(action="body.create").exists()


def test_the_body_form_shows_a_duplicate_code_on_the_code_field(
    secretariat: Any, as_user: Any, somtc: Body
) -> None:
    response = as_user(secretariat).post(
        reverse("registry:body_create"),
        {"code": "somtc", "name": "Again", "level": "other", "order": 0},
    )
    assert response.context["form"].errors["code"] == ["A body with code “SOMTC” already exists."]


def test_the_body_form_refuses_a_parent_cycle_on_the_parent_field(
    secretariat: Any, as_user: Any, ammtc: Body, wg_ct: Body
) -> None:
    response = as_user(secretariat).post(
        reverse("registry:body_edit", args=["AMMTC"]), body_form(ammtc, parent="SOMTC-WG-CT")
    )
    assert "already reports" in response.context["form"].errors["parent"][0]


def test_a_stale_body_form_conflicts_instead_of_overwriting(
    secretariat: Any, as_user: Any, wg_ct: Body
) -> None:
    stale = body_form(wg_ct, description="My edit")
    Body.objects.filter(pk=wg_ct.pk).update(description="Their edit", lock_version=2)

    response = as_user(secretariat).post(reverse("registry:body_edit", args=["SOMTC-WG-CT"]), stale)

    assert response.status_code == 200
    assert "changed by someone else" in response.context["form"].non_field_errors()[0]
    wg_ct.refresh_from_db()
    assert wg_ct.description == "Their edit"


def test_the_edit_form_carries_the_version_it_started_from(
    secretariat: Any, as_user: Any, wg_ct: Body
) -> None:
    page = html(as_user(secretariat).get(reverse("registry:body_edit", args=["SOMTC-WG-CT"])))
    assert 'type="hidden" name="lock_version" value="1"' in page


def test_an_overlapping_term_is_shown_on_the_start_date_field(
    secretariat: Any, as_user: Any, chair_term: Term
) -> None:
    phl = member_state("PHL", "Philippines")
    response = as_user(secretariat).post(
        reverse("registry:term_create", args=["SOMTC-WG-CT"]),
        {"role": "chair", "party": phl.code, "start_date": "2024-01-01"},
    )
    assert "already Chair of SOMTC-WG-CT" in response.context["form"].errors["start_date"][0]


def test_the_secretariat_closes_a_term_through_the_form(
    secretariat: Any, as_user: Any, chair_term: Term
) -> None:
    response = as_user(secretariat).post(
        reverse("registry:term_edit", args=[chair_term.pk]),
        {
            "role": "chair",
            "party": "IDN",
            "agency": chair_term.agency_id,
            "start_date": "2023-01-01",
            "end_date": "2025-01-01",
            "lock_version": 1,
        },
    )
    assert response.status_code == 302
    chair_term.refresh_from_db()
    assert chair_term.end_date == dt.date(2025, 1, 1)


def test_the_secretariat_registers_a_party_and_its_first_status(
    secretariat: Any, as_user: Any
) -> None:
    client = as_user(secretariat)
    response = client.post(
        reverse("registry:party_create"),
        {"code": "TLS", "name": "Timor-Leste", "kind": "member_state"},
    )
    assert response["Location"] == reverse("registry:party", args=["TLS"])

    response = client.post(
        reverse("registry:membership_create", args=["TLS"]),
        {"status": "observer", "start_date": "2022-01-01", "end_date": "2025-10-26"},
    )
    assert response.status_code == 302
    assert Party.objects.get(code="TLS").memberships.get().status == "observer"


def test_the_party_edit_form_keeps_the_code(secretariat: Any, as_user: Any, idn: Party) -> None:
    response = as_user(secretariat).post(
        reverse("registry:party_edit", args=["IDN"]),
        {"code": "INA", "name": "Republic of Indonesia", "kind": "member_state", "lock_version": 1},
    )
    assert response.status_code == 302
    idn.refresh_from_db()
    assert (idn.code, idn.name) == ("IDN", "Republic of Indonesia")


def test_the_secretariat_adds_an_agency_to_a_party(
    secretariat: Any, as_user: Any, idn: Party
) -> None:
    response = as_user(secretariat).post(
        reverse("registry:agency_create"),
        {"party": "IDN", "acronym": "POLRI", "name": "Indonesian National Police"},
    )
    assert response["Location"] == reverse("registry:party", args=["IDN"])
    assert idn.agencies.filter(acronym="POLRI").exists()


def test_the_secretariat_dates_a_crime_area_off_the_priority_list(
    secretariat: Any, as_user: Any, terrorism: CrimeArea
) -> None:
    response = as_user(secretariat).post(
        reverse("registry:crime_area_edit", args=["terrorism"]),
        {
            "name": "Terrorism",
            "priority_since": "1999-01-01",
            "priority_until": "1998-01-01",
            "order": 0,
            "lock_version": 1,
        },
    )
    assert response.context["form"].errors["priority_until"]
