"""Matching needs with offers: requests for expertise, what could answer them, what already did."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.library.matching import answerable, matching
from mufakat.library.models import ExpertiseOffer, KnowledgeItem
from mufakat.library.tests.test_related import make_item
from mufakat.registry.models import CrimeArea, Party
from mufakat.testing.factories import CrimeAreaFactory

pytestmark = pytest.mark.django_db

Kind = KnowledgeItem.Kind
URL = "/library/matching/"


@pytest.fixture
def terrorism(db: Any) -> CrimeArea:
    return CrimeAreaFactory.create(code="terrorism", name="Terrorism")


@pytest.fixture
def cybercrime(db: Any) -> CrimeArea:
    return CrimeAreaFactory.create(code="cybercrime", name="Cybercrime")


@pytest.fixture
def request_for_training(
    idn: Party, idn_focal: User, asean_japan: SharingGroup, terrorism: CrimeArea
) -> KnowledgeItem:
    """Indonesia asks ASEAN + Japan for training on tracing terrorist financing."""
    item = make_item(
        "Training wanted: tracing terrorist financing",
        owner=idn,
        kind=Kind.EXPERTISE_REQUEST,
        audience=Audience.SHARING_GROUP,
        tlp=TLP.AMBER,
        groups=(asean_japan,),
        areas=(terrorism,),
    )
    KnowledgeItem.objects.filter(pk=item.pk).update(author=idn_focal)
    item.refresh_from_db()
    return item


@pytest.fixture
def japan_material(
    jpn: Party, asean_japan: SharingGroup, terrorism: CrimeArea, cybercrime: CrimeArea
) -> dict[str, KnowledgeItem]:
    return {
        "handbook": make_item(
            "NPA handbook on financial investigations",
            owner=jpn,
            kind=Kind.TRAINING_MATERIAL,
            audience=Audience.SHARING_GROUP,
            tlp=TLP.AMBER,
            groups=(asean_japan,),
            areas=(terrorism,),
        ),
        "internal": make_item(
            "NPA internal note on CT sources",
            owner=jpn,
            audience=Audience.ORGANISATION,
            tlp=TLP.AMBER_STRICT,
            areas=(terrorism,),
        ),
        "cyber": make_item(
            "Cyber forensics guide",
            owner=jpn,
            kind=Kind.TRAINING_MATERIAL,
            audience=Audience.PLATFORM,
            tlp=TLP.GREEN,
            areas=(cybercrime,),
        ),
    }


# -- what each party sees ------------------------------------------------------------------------


def test_japan_sees_indonesias_request_with_its_own_material_that_could_answer_it(
    request_for_training: KnowledgeItem,
    japan_material: dict[str, KnowledgeItem],
    jpn_focal: User,
    as_user: Any,
) -> None:
    result = matching(user=jpn_focal)
    assert [m.request for m in result.others] == [request_for_training]
    match = result.others[0]
    assert match.can_offer
    assert japan_material["handbook"] in match.candidates
    assert japan_material["cyber"] not in match.candidates  # another crime area
    assert japan_material["internal"] not in match.candidates  # Indonesia could never open it
    page = as_user(jpn_focal).get(URL)
    assert page.status_code == 200
    assert request_for_training.title in page.text
    assert "You could offer these" in page.text
    assert japan_material["handbook"].title in page.text
    assert f'action="/library/{request_for_training.pk}/offer/"' in page.text


def test_an_outsider_does_not_learn_of_the_request(
    request_for_training: KnowledgeItem, outsider: User, anonymous: Any, as_user: Any
) -> None:
    for user in (outsider, anonymous):
        page = as_user(user).get(URL)
        assert page.status_code == 200
        assert request_for_training.title not in page.text
        assert f"/library/{request_for_training.pk}/" not in page.text
        assert "No open requests for expertise that you can see." in page.text


def test_indonesia_sees_material_of_others_it_may_open_for_its_own_request(
    request_for_training: KnowledgeItem,
    japan_material: dict[str, KnowledgeItem],
    idn_focal: User,
    as_user: Any,
) -> None:
    result = matching(user=idn_focal)
    assert result.others == []
    [own] = result.own
    assert own.request == request_for_training
    assert own.candidates == [japan_material["handbook"]]
    page = as_user(idn_focal).get(URL)
    assert "Requests of IDN" in page.text
    assert japan_material["handbook"].title in page.text
    assert japan_material["internal"].title not in page.text  # Japan's own eyes only
    assert "You could offer these" not in page.text  # nobody answers their own request


def test_a_closed_request_is_no_longer_listed(
    request_for_training: KnowledgeItem, jpn_focal: User
) -> None:
    KnowledgeItem.objects.filter(pk=request_for_training.pk).update(is_open=False)
    assert matching(user=jpn_focal).is_empty


def test_a_reader_sees_public_requests_but_is_not_asked_to_offer(
    idn: Party, terrorism: CrimeArea, outsider: User, as_user: Any
) -> None:
    public_request = make_item(
        "Looking for case studies on foreign fighters",
        owner=idn,
        kind=Kind.EXPERTISE_REQUEST,
        areas=(terrorism,),
    )
    [match] = matching(user=outsider).others
    assert match.request == public_request and not match.can_offer and match.candidates == []
    page = as_user(outsider).get(URL)
    assert public_request.title in page.text
    assert "You could offer these" not in page.text


# -- offers -------------------------------------------------------------------------------------------


def test_japan_offers_its_handbook_from_the_matching_page_and_both_sides_see_it(
    request_for_training: KnowledgeItem,
    japan_material: dict[str, KnowledgeItem],
    jpn_focal: User,
    idn_focal: User,
    as_user: Any,
) -> None:
    handbook = japan_material["handbook"]
    response = as_user(jpn_focal).post(
        f"/library/{request_for_training.pk}/offer/", {"item": handbook.pk}
    )
    assert response.status_code == 302
    offer = ExpertiseOffer.objects.get(request=request_for_training)
    assert offer.item == handbook and offer.party is not None and offer.party.code == "JPN"

    [for_japan] = matching(user=jpn_focal).others
    assert for_japan.offers == [offer]
    assert handbook not in for_japan.candidates  # already offered
    [for_indonesia] = matching(user=idn_focal).own
    assert for_indonesia.offers == [offer]
    assert for_indonesia.candidates == []
    page = as_user(idn_focal).get(URL)
    assert "Offers received" in page.text and handbook.title in page.text


def test_an_offer_of_an_item_the_reader_may_not_open_is_not_shown(
    request_for_training: KnowledgeItem,
    japan_material: dict[str, KnowledgeItem],
    jpn: Party,
    idn_focal: User,
    as_user: Any,
) -> None:
    ExpertiseOffer.objects.create(
        request=request_for_training, item=japan_material["internal"], party=jpn
    )
    contact = ExpertiseOffer.objects.create(
        request=request_for_training,
        party=jpn,
        contact="NPA training unit, ct-training@npa.example",
    )
    [own] = matching(user=idn_focal).own
    assert own.offers == [contact]
    page = as_user(idn_focal).get(URL)
    assert "ct-training@npa.example" in page.text
    assert japan_material["internal"].title not in page.text


# -- cost --------------------------------------------------------------------------------------------


def test_the_page_costs_the_same_queries_for_one_or_twelve_requests(
    request_for_training: KnowledgeItem,
    japan_material: dict[str, KnowledgeItem],
    idn: Party,
    jpn: Party,
    asean_japan: SharingGroup,
    terrorism: CrimeArea,
    jpn_focal: User,
    as_user: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = as_user(jpn_focal)
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for n in range(11):
        request = make_item(
            f"Request {n}",
            owner=idn,
            kind=Kind.EXPERTISE_REQUEST,
            audience=Audience.SHARING_GROUP,
            tlp=TLP.AMBER,
            groups=(asean_japan,),
            areas=(terrorism,),
        )
        ExpertiseOffer.objects.create(request=request, party=jpn, contact=f"desk {n}")
        make_item(f"Japanese material {n}", owner=jpn, areas=(terrorism,))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(URL)
    assert "Request 10" in page.text and "desk 10" in page.text


# -- what My desk reads of it ------------------------------------------------------------------------


@pytest.mark.parametrize("reader", ["jpn_focal", "idn_focal", "outsider", "secretariat"])
def test_the_desk_counts_the_candidates_the_matching_page_lists_in_four_queries(
    request_for_training: KnowledgeItem,
    japan_material: dict[str, KnowledgeItem],
    idn: Party,
    jpn: Party,
    asean_japan: SharingGroup,
    terrorism: CrimeArea,
    cybercrime: CrimeArea,
    reader: str,
    request: pytest.FixtureRequest,
    django_assert_max_num_queries: Any,
) -> None:
    user = request.getfixturevalue(reader)
    for n in range(7):  # more candidates than a request lists
        make_item(f"Japanese material {n}", owner=jpn, areas=(terrorism,))
    cyber_request = make_item(
        "Help wanted: cyber forensics",
        owner=idn,
        kind=Kind.EXPERTISE_REQUEST,
        audience=Audience.PLATFORM,
        areas=(cybercrime,),
    )
    ExpertiseOffer.objects.create(
        request=cyber_request, item=japan_material["cyber"], party=jpn
    )  # offered already: no longer a candidate
    expected = [(m.request, len(m.candidates)) for m in matching(user=user).others]
    with django_assert_max_num_queries(4):
        found = answerable(user=user)
    assert found == expected
    if reader == "jpn_focal":
        assert [n for _request, n in found] == [0, 5]
