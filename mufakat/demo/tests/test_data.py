"""The demo data is consistent: every code it references exists and every rule of DESIGN.md holds.

Plain asserts over pure Python data; no database.
"""

import dataclasses
from collections import Counter

from mufakat.demo import data as d

PARTIES = {p.code for p in d.PARTIES}
AGENCIES = {a.code: a for a in d.AGENCIES}
CRIME_AREAS = {c.code for c in d.CRIME_AREAS}
BODIES = {b.code: b for b in d.BODIES}
MEETINGS = {m.key: m for m in d.MEETINGS}
OUTCOMES = {o.key: o for o in d.OUTCOMES}
INSTRUMENTS = {i.key for i in d.INSTRUMENTS}
PRIORITY_AREAS = {p.key for p in d.PRIORITY_AREAS}
SHARING_GROUPS = {g.code for g in d.SHARING_GROUPS}
USERS = {u.username for u in d.DEMO_USERS}

ALL_TUPLES = (
    d.PARTIES,
    d.AGENCIES,
    d.CRIME_AREAS,
    d.BODIES,
    d.TERMS,
    d.MEETINGS,
    d.AGENDA,
    d.PARTICIPANTS,
    d.OUTCOMES,
    d.FORWARDINGS,
    d.INSTRUMENTS,
    d.PRIORITY_AREAS,
    d.ACTIVITIES,
    d.SHARING_GROUPS,
    d.DEMO_USERS,
)


def unique(values) -> bool:
    counts = Counter(values)
    return all(n == 1 for n in counts.values())


def start_end_ok(start: str | None, end: str | None) -> bool:
    if start is None or end is None:
        return True
    return d.parse_partial_date(end)[1] >= d.parse_partial_date(start)[0]


def test_every_record_carries_a_source():
    def walk(obj):
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            names = {f.name for f in dataclasses.fields(obj)}
            if "source" in names:
                assert getattr(obj, "source").strip(), obj  # noqa: B009
            elif not isinstance(obj, d.Access):
                raise AssertionError(f"{type(obj).__name__} has no source field")
            for f in dataclasses.fields(obj):
                walk(getattr(obj, f.name))
        elif isinstance(obj, tuple):
            for item in obj:
                walk(item)

    for records in ALL_TUPLES:
        walk(records)


def test_natural_keys_are_unique():
    assert unique(p.code for p in d.PARTIES)
    assert unique(a.code for a in d.AGENCIES)
    assert unique(c.code for c in d.CRIME_AREAS)
    assert unique(b.code for b in d.BODIES)
    assert unique(m.key for m in d.MEETINGS)
    assert unique((m.body, m.number) for m in d.MEETINGS if m.number is not None)
    # An unnumbered meeting is known by its body and start; numbered meetings of one body may
    # share a day (the 40th and 41st ASEAN Summits, both on 11 Nov 2022).
    assert unique((m.body, m.start) for m in d.MEETINGS if m.number is None)
    assert unique(o.key for o in d.OUTCOMES)
    assert unique((o.meeting, o.number) for o in d.OUTCOMES)
    assert unique((f.outcome, f.to_meeting) for f in d.FORWARDINGS)
    assert unique(i.key for i in d.INSTRUMENTS)
    assert unique(i.title for i in d.INSTRUMENTS)
    assert unique(p.key for p in d.PRIORITY_AREAS)
    assert unique((p.instrument, p.number) for p in d.PRIORITY_AREAS)
    assert unique(a.code for a in d.ACTIVITIES)
    assert unique((a.meeting, a.number) for a in d.AGENDA)
    assert unique((p.meeting, p.party) for p in d.PARTICIPANTS)
    assert unique(g.code for g in d.SHARING_GROUPS)
    assert unique(u.username for u in d.DEMO_USERS)
    assert unique(u.password for u in d.DEMO_USERS)


def test_the_canonical_code_sets():
    assert len(d.MEMBER_STATES) == 11 and set(d.MEMBER_STATES) <= PARTIES
    assert set(d.DIALOGUE_PARTNERS) <= PARTIES
    assert {"ASEAN", "ASEC", "UNODC", "INTERPOL", "ASEANAPOL", "IOM", "ILO", "UNOCT"} <= PARTIES
    assert {"UNWOMEN", "AIPA"} <= PARTIES
    assert {
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
    } == CRIME_AREAS
    for wg in ("CT", "TIP", "CYBER", "ARMS", "WILDLIFE", "ML", "PS"):
        body = BODIES[f"SOMTC-WG-{wg}"]
        assert body.level == "working_group" and body.parent == "SOMTC"
    for kind in ("member_state", "dialogue_partner", "organisation"):
        assert any(p.kind == kind for p in d.PARTIES)


def test_timor_leste_membership_history():
    tls = next(p for p in d.PARTIES if p.code == "TLS")
    assert [(m.role, m.since, m.until) for m in tls.memberships] == [
        ("applicant", "2011", "2022"),
        ("observer", "2022", "2025-10-26"),
        ("member", "2025-10-26", None),
    ]


def test_party_and_agency_references_resolve():
    for party in d.PARTIES:
        for m in party.memberships:
            assert start_end_ok(m.since, m.until), (party.code, m)
            assert m.at_meeting is None or m.at_meeting in MEETINGS
    for agency in d.AGENCIES:
        assert agency.party in PARTIES
    for group in d.SHARING_GROUPS:
        assert set(group.members) <= PARTIES, group.code
    for user in d.DEMO_USERS:
        assert user.party in PARTIES
        assert user.agency is None or AGENCIES[user.agency].party == user.party


def test_crime_areas_reference_meetings():
    for area in d.CRIME_AREAS:
        assert area.added_at is None or area.added_at in MEETINGS
        assert area.dropped_at is None or area.dropped_at in MEETINGS
        assert start_end_ok(area.priority_since, area.priority_until)
    dropped = {c.code for c in d.CRIME_AREAS if c.priority_until}
    assert dropped == {"sea_piracy", "international_economic_crime"}


def test_body_hierarchy_resolves_and_is_acyclic():
    for body in d.BODIES:
        assert body.parent is None or body.parent in BODIES, body.code
        assert set(body.partners) <= PARTIES, body.code
        assert set(body.crime_areas) <= CRIME_AREAS, body.code
        assert body.established_at is None or body.established_at in MEETINGS
        if body.level == "consultation":
            assert body.partners and body.parent, body.code
            assert body.code.startswith(body.parent + "+"), body.code
        seen = {body.code}
        parent = body.parent
        while parent:
            assert parent not in seen, f"cycle at {body.code}"
            seen.add(parent)
            parent = BODIES[parent].parent
    assert BODIES["ASOD"].parent == "AMMD"


def test_terms_resolve():
    for term in d.TERMS:
        assert term.body in BODIES and term.party in PARTIES
        assert term.agency is None or AGENCIES[term.agency].party == term.party
        d.parse_partial_date(term.start)
        assert start_end_ok(term.start, term.end)


def test_meetings_resolve_and_dates_are_ordered():
    for m in d.MEETINGS:
        assert m.body in BODIES, m.key
        assert m.host is None or m.host in PARTIES, m.key
        assert m.chair is None or m.chair in PARTIES, m.key
        d.parse_partial_date(m.start)
        assert start_end_ok(m.start, m.end), m.key
        assert m.is_virtual == (m.city == "online"), m.key
        assert m.title
    # Planned meetings depend on the day the demo is loaded: the story plans them.
    assert all(m.status == "held" for m in d.MEETINGS)


def test_agenda_and_participants_resolve():
    for item in d.AGENDA:
        assert item.meeting in MEETINGS
        assert item.instrument is None or item.instrument in INSTRUMENTS
        assert set(item.crime_areas) <= CRIME_AREAS
    for p in d.PARTICIPANTS:
        assert p.meeting in MEETINGS and p.party in PARTIES
        assert p.agency is None or AGENCIES[p.agency].party == p.party
    head = next(p for p in d.PARTICIPANTS if p.head_of_delegation)
    assert (head.meeting, head.party, head.agency) == ("SOMTC-WG-CT/19", "IDN", "BNPT")


def test_outcomes_resolve_and_are_numbered_per_meeting():
    for o in d.OUTCOMES:
        assert o.meeting in MEETINGS, o.key
        assert set(o.instruments) <= INSTRUMENTS, o.key
        assert set(o.crime_areas) <= CRIME_AREAS, o.key
        assert set(o.responsible) <= PARTIES, o.key
    by_meeting: dict[str, list[int]] = {}
    for o in d.OUTCOMES:
        by_meeting.setdefault(o.meeting, []).append(o.number)
    for meeting, numbers in by_meeting.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), meeting


def test_forwardings_resolve_and_flow_upwards_in_time():
    for f in d.FORWARDINGS:
        origin = OUTCOMES[f.outcome]
        target = MEETINGS[f.to_meeting]
        assert target.key != origin.meeting
        origin_start = d.parse_partial_date(MEETINGS[origin.meeting].start)[0]
        assert d.parse_partial_date(target.start)[1] >= origin_start, f
        if f.resulting_outcome:
            assert OUTCOMES[f.resulting_outcome].meeting == f.to_meeting, f


def test_wg_ct_outcomes_travel_to_somtc_and_ammtc():
    wg = {o.key for o in d.OUTCOMES if o.meeting == "SOMTC-WG-CT/19" and o.access == d.PUBLIC}
    to_somtc = {f.outcome for f in d.FORWARDINGS if f.to_meeting == "SOMTC/23"}
    assert len(wg) >= 2 and wg <= to_somtc
    assert any(f.outcome == "SOMTC23-1" and f.to_meeting == "AMMTC/17" for f in d.FORWARDINGS)
    assert any(f.outcome == "SJ19-1" and f.status == "adopted" for f in d.FORWARDINGS)


def test_instruments_resolve():
    for i in d.INSTRUMENTS:
        assert set(i.parties) <= PARTIES, i.key
        for ref in (i.adopted_at, i.extended_at, *i.reviewed_at):
            assert ref is None or ref in MEETINGS, (i.key, ref)
        assert set(i.derives_from) <= INSTRUMENTS, i.key
        assert i.link_kind in ("derives_from", "implements")
        assert i.supersedes is None or i.supersedes in INSTRUMENTS
        if i.start_year and i.end_year:
            assert i.end_year >= i.start_year, i.key
        if i.extended_to_year:
            assert i.end_year and i.extended_to_year > i.end_year
        if i.kind in ("declaration", "convention"):
            assert i.end_year is None, i.key
        if i.adopted_on:
            d.parse_partial_date(i.adopted_on)
        if i.adopted_at and i.adopted_on:
            meeting = MEETINGS[i.adopted_at]
            first, last = d.parse_partial_date(i.adopted_on)
            m_first = d.parse_partial_date(meeting.start)[0]
            assert last >= m_first, i.key
            if meeting.end:  # None: end not stated
                assert first <= d.parse_partial_date(meeting.end)[1], i.key
    bwp = next(i for i in d.INSTRUMENTS if i.key == "bali-wp-2019-2025")
    assert (bwp.extended_to_year, bwp.extended_at) == (2026, "AMMTC/19")
    ajwp = next(i for i in d.INSTRUMENTS if i.key == "asean-japan-wp-2023-2027")
    assert ajwp.derives_from == ("asean-japan-jd-2014",) and ajwp.adopted_at == "AMMTC/17"


def test_priority_areas_and_activities_resolve():
    for area in d.PRIORITY_AREAS:
        assert area.instrument in INSTRUMENTS and set(area.crime_areas) <= CRIME_AREAS
    areas = {p.key: p for p in d.PRIORITY_AREAS}
    instruments = {i.key: i for i in d.INSTRUMENTS}
    for a in d.ACTIVITIES:
        assert a.priority_area in PRIORITY_AREAS, a.code
        assert set(a.lead_parties) <= PARTIES and set(a.participating_parties) <= PARTIES
        assert a.lead_parties and a.end_year >= a.start_year
        instrument = instruments[areas[a.priority_area].instrument]
        assert instrument.start_year is not None and instrument.end_year is not None
        assert instrument.start_year <= a.start_year and a.end_year <= instrument.end_year
        assert a.code.startswith(a.priority_area + ".")
        assert "invented" in a.source
        for indicator in a.indicators:
            assert indicator.kind in ("numeric", "qualitative")
            assert "invented" in indicator.source
    aj = [p for p in d.PRIORITY_AREAS if p.instrument == "asean-japan-wp-2023-2027"]
    assert [p.title for p in aj] == [
        "Terrorism",
        "Cybercrime",
        "Illicit drug trafficking",
        "Sea piracy",
        "Trafficking in persons",
    ]
    assert len([p for p in d.PRIORITY_AREAS if p.instrument == "bali-wp-2019-2025"]) == 4


def test_access_respects_the_tlp_caps():
    order = d.AUDIENCE_ORDER
    for record in d.ACCESS_CARRIERS:
        access = record.access
        cap = d.TLP_WIDEST_AUDIENCE[access.tlp]
        assert order.index(access.audience) >= order.index(cap), record
        assert access.owner in PARTIES
        assert access.owner_agency is None or AGENCIES[access.owner_agency].party == access.owner
        assert set(access.sharing_groups) <= SHARING_GROUPS
        assert set(access.named_users) <= USERS
        if access.audience == "sharing_group":
            assert access.sharing_groups
        if access.audience == "named":
            assert access.named_users


def test_the_cap_table_matches_design():
    order = d.AUDIENCE_ORDER
    allowed = {
        tlp: {a for a in order if order.index(a) >= order.index(cap)}
        for tlp, cap in d.TLP_WIDEST_AUDIENCE.items()
    }
    assert allowed["CLEAR"] == set(order)
    assert "public" not in allowed["GREEN"] and "platform" in allowed["GREEN"]
    assert allowed["AMBER"] == {"sharing_group", "organisation", "named"}
    assert allowed["AMBER+STRICT"] == {"organisation", "named"}
    assert allowed["RED"] == {"named"}


def test_restricted_demo_records_are_few_and_labelled():
    restricted = [r for r in d.ACCESS_CARRIERS if r.access != d.PUBLIC]
    assert {(r.access.audience, r.access.tlp) for r in restricted} == {
        ("organisation", "AMBER+STRICT"),
        ("sharing_group", "AMBER"),
    }
    for record in restricted:
        assert "invented" in record.source.lower()
    note = OUTCOMES["WGCT19-4"]
    assert (note.access.owner, note.access.owner_agency) == ("IDN", "BNPT")
    assert OUTCOMES["SJ19-2"].access.sharing_groups == ("ASEAN-JPN",)
    asean_jpn = next(g for g in d.SHARING_GROUPS if g.code == "ASEAN-JPN")
    outsider = next(u for u in d.DEMO_USERS if u.username == "outsider")
    assert outsider.party not in asean_jpn.members
    assert {"IDN", "JPN", "ASEC"} <= set(asean_jpn.members)


def test_demo_users_cover_the_roles():
    assert {u.username: u.role for u in d.DEMO_USERS} == {
        "secretariat": "secretariat",
        "idn.focal": "focal_point",
        "jpn.focal": "partner_focal_point",
        "idn.chair": "chair",
        "outsider": "reader",
    }


def test_helpers():
    assert [d.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 19, 21, 22, 23, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "19th",
        "21st",
        "22nd",
        "23rd",
        "101st",
    ]
    first, last = d.parse_partial_date("2024-02")
    assert (first.day, last.day) == (1, 29)
    assert d.meeting_key("AMMTC", 17) == "AMMTC/17"
    assert d.meeting_key("X", None, "2014-11-12") == "X@2014-11-12"
    assert d.meeting_label("AMMTC/19") == "19th AMMTC"
    assert d.meeting_label("ASEAN-SUMMIT+JPN@2014-11-12") == "ASEAN-SUMMIT+JPN of 2014-11-12"
