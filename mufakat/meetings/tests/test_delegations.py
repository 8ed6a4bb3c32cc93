"""Invitations and delegations: the Secretariat invites, each party's focal point names its
delegation, which becomes the participants list; anonymous visitors never see names."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mufakat.accounts.models import Role
from mufakat.audit.models import AuditEvent
from mufakat.core.audience import TLP, Audience
from mufakat.core.errors import ConflictError
from mufakat.meetings import delegations
from mufakat.meetings.models import Delegate, Invitation, Meeting, Participant
from mufakat.registry.models import Agency, Body, Party
from mufakat.testing.factories import AgencyFactory, MeetingFactory, UserFactory, member_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def lao(db: Any) -> Party:
    return member_state("LAO", "Lao PDR")


@pytest.fixture
def next_somtc(somtc: Body) -> Meeting:
    return MeetingFactory.create(
        body=somtc,
        number=26,
        title="26th SOMTC",
        start_date=dt.date.today() + dt.timedelta(days=60),
        status=Meeting.Status.PLANNED,
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )


@pytest.fixture
def invited(next_somtc: Meeting, secretariat: Any, idn: Party, lao: Party) -> Meeting:
    delegations.invite_parties(actor=secretariat, meeting=next_somtc, parties=["IDN", "LAO"])
    return next_somtc


def head(name: str, agency: str = "", position: str = "") -> dict[str, Any]:
    return {"name": name, "agency": agency, "position": position, "is_head": True}


def member(name: str, agency: str = "", position: str = "") -> dict[str, Any]:
    return {"name": name, "agency": agency, "position": position, "is_head": False}


# -- invitations --------------------------------------------------------------------------------


def test_the_secretariat_invites_parties_once_each(
    invited: Meeting, secretariat: Any, idn: Party
) -> None:
    again = delegations.invite_parties(actor=secretariat, meeting=invited, parties=[idn, "LAO"])
    assert again == []
    codes = [i.party.code for i in delegations.invitations(invited, user=secretariat)]
    assert codes == ["IDN", "LAO"]


def test_a_focal_point_may_not_invite(next_somtc: Meeting, idn_focal: Any) -> None:
    with pytest.raises(PermissionDenied):
        delegations.invite_parties(actor=idn_focal, meeting=next_somtc, parties=["IDN"])


def test_only_planned_meetings_take_invitations(chain: Any, secretariat: Any, idn: Party) -> None:
    with pytest.raises(ValidationError) as refused:
        delegations.invite_parties(actor=secretariat, meeting=chain.somtc, parties=["IDN"])
    assert "parties" in refused.value.message_dict


def test_unknown_party_codes_are_named(next_somtc: Meeting, secretariat: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        delegations.invite_parties(actor=secretariat, meeting=next_somtc, parties=["XXX"])
    assert "XXX" in refused.value.message_dict["parties"][0]


def test_the_previous_meeting_s_participants_are_suggested(
    chain: Any, next_somtc: Meeting, secretariat: Any, idn: Party, lao: Party, bnpt: Agency
) -> None:
    from mufakat.meetings import services

    services.add_participant(actor=secretariat, meeting=chain.somtc, party="IDN")
    assert delegations.suggested_parties(next_somtc, user=secretariat) == [idn]


# -- nominations -------------------------------------------------------------------------------


def test_indonesia_s_focal_point_names_its_delegation_which_becomes_the_participant(
    invited: Meeting, idn_focal: Any, bnpt: Agency
) -> None:
    invitation = delegations.nominate_delegation(
        actor=idn_focal,
        meeting=invited,
        party="IDN",
        delegates=[member("Rina", "BNPT", "Analyst"), head("Budi", "bnpt", "Director")],
    )
    assert invitation.nominated_by == idn_focal and invitation.nominated_at is not None
    names = list(
        Delegate.objects.filter(meeting=invited).values_list("name", "is_head", "agency__acronym")
    )
    assert names == [("Budi", True, "BNPT"), ("Rina", False, "BNPT")]
    participant = Participant.objects.get(meeting=invited, party__code="IDN")
    assert (participant.head_of_delegation, participant.agency) == ("Budi", bnpt)


def test_renominating_replaces_the_delegation_and_is_audited(
    invited: Meeting, idn_focal: Any, bnpt: Agency
) -> None:
    first = delegations.nominate_delegation(
        actor=idn_focal, meeting=invited, party="IDN", delegates=[head("Budi")]
    )
    delegations.nominate_delegation(
        actor=idn_focal,
        meeting=invited,
        party="IDN",
        delegates=[head("Sari"), member("Dewi")],
        expected_version=first.lock_version,
    )
    assert list(Delegate.objects.filter(meeting=invited).values_list("name", flat=True)) == [
        "Sari",
        "Dewi",
    ]
    assert Participant.objects.get(meeting=invited, party__code="IDN").head_of_delegation == "Sari"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"delegate.delete", "delegate.create", "invitation.nominate"} <= actions


def test_a_nomination_built_from_an_old_version_conflicts(invited: Meeting, idn_focal: Any) -> None:
    first = delegations.nominate_delegation(
        actor=idn_focal, meeting=invited, party="IDN", delegates=[head("Budi")]
    )
    stale = first.lock_version - 1
    with pytest.raises(ConflictError):
        delegations.nominate_delegation(
            actor=idn_focal,
            meeting=invited,
            party="IDN",
            delegates=[head("Sari")],
            expected_version=stale,
        )


@pytest.mark.parametrize("who", ["secretariat", "jpn_focal", "outsider"])
def test_only_the_party_s_focal_point_may_nominate(
    invited: Meeting, all_users: dict[str, Any], who: str
) -> None:
    with pytest.raises(PermissionDenied):
        delegations.nominate_delegation(
            actor=all_users[who], meeting=invited, party="IDN", delegates=[head("Budi")]
        )


def test_a_party_not_invited_cannot_nominate(next_somtc: Meeting, idn_focal: Any) -> None:
    with pytest.raises(ValidationError):
        delegations.nominate_delegation(
            actor=idn_focal, meeting=next_somtc, party="IDN", delegates=[head("Budi")]
        )


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [member("Budi")],
        [head("Budi"), head("Sari")],
        [head("Budi", "NOPE")],
    ],
    ids=["nobody", "no-head", "two-heads", "foreign-agency"],
)
def test_a_delegation_needs_one_head_and_its_own_agencies(
    invited: Meeting, idn_focal: Any, bnpt: Agency, rows: list[dict[str, Any]]
) -> None:
    AgencyFactory.create(party=Party.objects.get(code="LAO"), acronym="NOPE")
    with pytest.raises(ValidationError) as refused:
        delegations.nominate_delegation(
            actor=idn_focal, meeting=invited, party="IDN", delegates=rows
        )
    assert "delegates" in refused.value.message_dict
    assert not Delegate.objects.exists()


# -- awaiting ----------------------------------------------------------------------------------


def test_parties_that_have_not_nominated_are_awaited(
    invited: Meeting, secretariat: Any, idn_focal: Any
) -> None:
    delegations.nominate_delegation(
        actor=idn_focal, meeting=invited, party="IDN", delegates=[head("Budi")]
    )
    awaiting = delegations.awaiting_nomination(user=secretariat)
    assert [i.party.code for i in awaiting] == ["LAO"]
    assert (
        list(delegations.awaiting_nomination(user=secretariat, party_id=idn_focal.party_id)) == []
    )


def test_invitations_to_a_hidden_meeting_are_not_awaited(
    invited: Meeting, outsider: Any, secretariat: Any
) -> None:
    Meeting.objects.filter(pk=invited.pk).update(audience=Audience.MEMBER_STATES, tlp=TLP.GREEN)
    assert list(delegations.awaiting_nomination(user=outsider)) == []
    assert delegations.awaiting_nomination(user=secretariat).count() == 2


# -- who sees names ----------------------------------------------------------------------------


def test_anonymous_visitors_see_the_parties_but_no_names(
    invited: Meeting, idn_focal: Any, anonymous: Any, outsider: Any
) -> None:
    delegations.nominate_delegation(
        actor=idn_focal, meeting=invited, party="IDN", delegates=[head("Budi")]
    )
    for_anonymous = delegations.delegations(invited, user=anonymous)
    assert [d.party.code for d in for_anonymous] == ["IDN", "LAO"]
    assert all(d.delegates == [] for d in for_anonymous)
    signed_in = {d.party.code: d for d in delegations.delegations(invited, user=outsider)}
    assert [x.name for x in signed_in["IDN"].delegates] == ["Budi"]


def test_a_reader_cannot_nominate(invited: Meeting, idn: Party) -> None:
    reader = UserFactory.create(username="idn.reader", party=idn, role=Role.READER)
    with pytest.raises(PermissionDenied):
        delegations.nominate_delegation(
            actor=reader, meeting=invited, party="IDN", delegates=[head("Budi")]
        )
    assert Invitation.objects.filter(nominated_at__isnull=False).count() == 0


# -- pages -------------------------------------------------------------------------------------


def test_the_invitation_page_ticks_the_expected_parties_and_invites_them(
    as_user: Any, next_somtc: Meeting, secretariat: Any, idn: Party, lao: Party
) -> None:
    client = as_user(secretariat)
    url = reverse("meetings:invite", args=[next_somtc.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert sorted(page.context["form"].initial["parties"]) == ["IDN", "LAO"]
    response = client.post(url, {"parties": ["IDN", "LAO"]})
    assert response.status_code == 302
    assert sorted(Invitation.objects.values_list("party__code", flat=True)) == ["IDN", "LAO"]


def test_a_focal_point_may_not_open_the_invitation_page(
    as_user: Any, next_somtc: Meeting, idn_focal: Any
) -> None:
    url = reverse("meetings:invite", args=[next_somtc.pk])
    assert as_user(idn_focal).get(url).status_code == 403


def test_the_focal_point_names_the_delegation_through_the_form(
    as_user: Any, invited: Meeting, idn_focal: Any, bnpt: Agency
) -> None:
    client = as_user(idn_focal)
    url = reverse("meetings:nominate", args=[invited.pk, "IDN"])
    page = client.get(url)
    assert page.status_code == 200
    version = page.context["form"].initial["lock_version"]
    rows = {
        "d-TOTAL_FORMS": "3",
        "d-INITIAL_FORMS": "0",
        "d-0-name": "Budi",
        "d-0-position": "Director",
        "d-0-agency": "BNPT",
        "d-0-is_head": "on",
        "d-1-name": "Rina",
        "d-1-agency": "",
        "d-2-name": "",
        "lock_version": str(version),
    }
    response = client.post(url, rows)
    assert response.status_code == 302, response.content
    assert list(Delegate.objects.values_list("name", "is_head")) == [
        ("Budi", True),
        ("Rina", False),
    ]
    stale = client.post(url, {**rows, "d-0-name": "Sari"})
    assert stale.status_code == 200 and "changed by someone else" in stale.content.decode()


def test_another_party_s_focal_point_may_not_open_the_delegation_form(
    as_user: Any, invited: Meeting, jpn_focal: Any
) -> None:
    url = reverse("meetings:nominate", args=[invited.pk, "IDN"])
    assert as_user(jpn_focal).get(url).status_code == 403


def test_the_delegation_form_of_a_hidden_meeting_is_404(
    as_user: Any, invited: Meeting, outsider: Any
) -> None:
    Meeting.objects.filter(pk=invited.pk).update(audience=Audience.MEMBER_STATES, tlp=TLP.GREEN)
    url = reverse("meetings:nominate", args=[invited.pk, "IDN"])
    assert as_user(outsider).get(url).status_code == 404


def test_the_secretariat_sees_who_has_not_nominated_on_the_meeting_page(
    as_user: Any, invited: Meeting, secretariat: Any, idn_focal: Any, outsider: Any
) -> None:
    delegations.nominate_delegation(
        actor=idn_focal, meeting=invited, party="IDN", delegates=[head("Budi")]
    )
    page = as_user(secretariat).get(invited.get_absolute_url()).content.decode()
    assert "Awaiting delegation:" in page and "LAO" in page
    assert (
        "Awaiting delegation:"
        not in as_user(outsider).get(invited.get_absolute_url()).content.decode()
    )


def test_anonymous_visitors_see_no_names_on_the_meeting_page_or_in_the_api(
    as_user: Any, invited: Meeting, idn_focal: Any, anonymous: Any, outsider: Any
) -> None:
    delegations.nominate_delegation(
        actor=idn_focal, meeting=invited, party="IDN", delegates=[head("Budi Santoso")]
    )
    page = as_user(anonymous).get(invited.get_absolute_url()).content.decode()
    assert "Indonesia" in page and "Budi Santoso" not in page
    api = as_user(anonymous).get(f"/api/v1/meetings/{invited.pk}").json()
    assert api["participants"][0]["head_of_delegation"] == ""
    listed = as_user(anonymous).get(f"/api/v1/meetings/{invited.pk}/delegations").json()
    assert [(d["party"], d["delegates"]) for d in listed] == [("IDN", []), ("LAO", [])]
    signed_in = as_user(outsider).get(invited.get_absolute_url()).content.decode()
    assert "Budi Santoso" in signed_in


def test_withdrawing_an_invitation_asks_first(
    as_user: Any, invited: Meeting, secretariat: Any
) -> None:
    client = as_user(secretariat)
    url = reverse("meetings:withdraw_invitation", args=[invited.pk, "LAO"])
    assert client.get(url).status_code == 200
    assert Invitation.objects.filter(party__code="LAO").exists()
    assert client.post(url).status_code == 302
    assert not Invitation.objects.filter(party__code="LAO").exists()


# -- API ---------------------------------------------------------------------------------------


def test_the_api_invites_and_the_focal_point_puts_its_delegation(
    client: Any,
    api_headers: Any,
    next_somtc: Meeting,
    secretariat: Any,
    idn_focal: Any,
    jpn_focal: Any,
    bnpt: Agency,
    lao: Party,
) -> None:
    base = f"/api/v1/meetings/{next_somtc.pk}"
    invited = client.post(
        f"{base}/invitations",
        {"parties": ["IDN", "LAO"]},
        content_type="application/json",
        headers=api_headers(secretariat),
    )
    assert invited.status_code == 201, invited.content
    assert [d["party"] for d in invited.json()] == ["IDN", "LAO"]
    version = invited.json()[0]["lock_version"]
    body = {
        "delegates": [
            {"name": "Budi", "position": "Director", "agency": "BNPT", "is_head": True},
            {"name": "Rina"},
        ],
        "lock_version": version,
    }
    refused = client.put(
        f"{base}/delegations/IDN",
        body,
        content_type="application/json",
        headers=api_headers(jpn_focal),
    )
    assert refused.status_code == 403
    put = client.put(
        f"{base}/delegations/IDN",
        body,
        content_type="application/json",
        headers=api_headers(idn_focal),
    )
    assert put.status_code == 200, put.content
    assert [d["name"] for d in put.json()["delegates"]] == ["Budi", "Rina"]
    assert put.json()["nominated_at"] is not None
    stale = client.put(
        f"{base}/delegations/IDN",
        body,
        content_type="application/json",
        headers=api_headers(idn_focal),
    )
    assert stale.status_code == 409
    missing = client.put(
        f"{base}/delegations/JPN",
        body,
        content_type="application/json",
        headers=api_headers(jpn_focal),
    )
    assert missing.status_code == 404


@pytest.mark.parametrize("page", ["invite", "nominate", "withdraw"])
def test_the_delegation_pages_cost_a_fixed_number_of_queries(
    as_user: Any,
    invited: Meeting,
    secretariat: Any,
    idn_focal: Any,
    page: str,
    django_assert_max_num_queries: Any,
) -> None:
    delegations.nominate_delegation(
        actor=idn_focal,
        meeting=invited,
        party="IDN",
        delegates=[head("Budi"), member("Rina"), member("Sari")],
    )
    user, url = {
        "invite": (secretariat, reverse("meetings:invite", args=[invited.pk])),
        "nominate": (idn_focal, reverse("meetings:nominate", args=[invited.pk, "IDN"])),
        "withdraw": (
            secretariat,
            reverse("meetings:withdraw_invitation", args=[invited.pk, "LAO"]),
        ),
    }[page]
    client = as_user(user)
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
