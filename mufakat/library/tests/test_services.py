"""Publishing, editing and answering requests: who may, what is kept, what is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mufakat.accounts.models import User
from mufakat.audit.models import AuditEvent
from mufakat.core.audience import TLP, Audience
from mufakat.core.errors import ConflictError
from mufakat.core.models import SharingGroup
from mufakat.library import selectors, services
from mufakat.library.models import ExpertiseOffer, KnowledgeItem
from mufakat.testing.factories import CrimeAreaFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def publish(actor: User, **data: Any) -> KnowledgeItem:
    return services.create_item(
        actor=actor,
        data={"kind": KnowledgeItem.Kind.GOOD_PRACTICE, "title": "Deradicalisation", **data},
    )


def test_a_focal_point_publishes_for_their_own_organisation_by_default(idn_focal: User) -> None:
    terrorism = CrimeAreaFactory(code="terrorism")
    item = publish(idn_focal, crime_areas=["terrorism"], body="Family **engagement**.")
    assert item.owner_party == idn_focal.party
    assert (item.audience, item.tlp) == (Audience.ORGANISATION, TLP.AMBER)
    assert list(item.crime_areas.all()) == [terrorism]
    version = item.versions.get()
    assert version.number == 1
    assert version.data["crime_areas"] == ["terrorism"]
    assert AuditEvent.objects.filter(action="knowledgeitem.create").count() == 1


def test_readers_cannot_publish(outsider: User) -> None:
    with pytest.raises(PermissionDenied):
        publish(outsider, audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    assert not KnowledgeItem.objects.exists()


def test_an_audience_wider_than_the_tlp_label_is_refused_on_the_audience_field(
    idn_focal: User,
) -> None:
    with pytest.raises(ValidationError) as error:
        publish(idn_focal, audience=Audience.PUBLIC, tlp=TLP.AMBER)
    assert "audience" in error.value.message_dict


def test_a_sharing_group_audience_needs_a_group(idn_focal: User) -> None:
    with pytest.raises(ValidationError) as error:
        publish(idn_focal, audience=Audience.SHARING_GROUP, tlp=TLP.AMBER)
    assert "sharing_groups" in error.value.message_dict


def test_unknown_fields_and_codes_are_named_in_the_error(idn_focal: User) -> None:
    with pytest.raises(ValidationError) as error:
        publish(idn_focal, colour="red", crime_areas=["piracy-on-mars"])
    assert "colour" in error.value.message_dict


def test_a_link_to_a_meeting_the_author_cannot_see_is_refused(idn_focal: User) -> None:
    hidden = MeetingFactory(audience=Audience.NAMED, tlp=TLP.RED)
    with pytest.raises(ValidationError) as error:
        publish(idn_focal, meeting=hidden.pk)
    assert "meeting" in error.value.message_dict


def test_the_named_audience_always_keeps_its_author(idn_focal: User, jpn_focal: User) -> None:
    item = publish(idn_focal, audience=Audience.NAMED, tlp=TLP.RED, named_users=[jpn_focal])
    assert set(item.named_users.all()) == {idn_focal, jpn_focal}


def test_every_edit_leaves_a_version_with_field_level_differences(idn_focal: User) -> None:
    item = publish(idn_focal)
    services.update_item(
        item,
        actor=idn_focal,
        changes={"title": "Deradicalisation in prisons"},
        expected_version=item.lock_version,
    )
    entries = selectors.item_versions(user=idn_focal, item=item)
    assert [e.version.number for e in entries] == [2, 1]
    assert [(c.path, c.before, c.after) for c in entries[0].changes] == [
        ("title", "Deradicalisation", "Deradicalisation in prisons")
    ]


def test_an_edit_based_on_an_old_version_conflicts(idn_focal: User) -> None:
    item = publish(idn_focal)
    services.update_item(item, actor=idn_focal, changes={"summary": "a"}, expected_version=1)
    with pytest.raises(ConflictError):
        services.update_item(item, actor=idn_focal, changes={"summary": "b"}, expected_version=1)
    assert KnowledgeItem.objects.get(pk=item.pk).summary == "a"
    assert item.versions.count() == 2


def test_the_owning_party_may_widen_the_audience(
    idn_focal: User, asean_japan: SharingGroup
) -> None:
    item = publish(idn_focal)
    widened = services.update_item(
        item,
        actor=idn_focal,
        changes={"audience": Audience.SHARING_GROUP, "sharing_groups": [asean_japan]},
        expected_version=None,
    )
    assert widened.audience == Audience.SHARING_GROUP


def test_the_secretariat_may_narrow_but_not_widen(
    idn_focal: User, secretariat: User, asean_japan: SharingGroup
) -> None:
    item = publish(
        idn_focal, audience=Audience.MEMBER_STATES, tlp=TLP.GREEN, sharing_groups=[asean_japan]
    )
    with pytest.raises(PermissionDenied):
        services.update_item(
            item,
            actor=secretariat,
            changes={"audience": Audience.PLATFORM},
            expected_version=None,
        )
    narrowed = services.update_item(
        item,
        actor=secretariat,
        changes={"audience": Audience.SHARING_GROUP, "tlp": TLP.AMBER},
        expected_version=None,
    )
    assert narrowed.audience == Audience.SHARING_GROUP


def test_others_may_not_add_a_sharing_group_or_loosen_the_tlp(
    idn_focal: User, secretariat: User, asean_japan: SharingGroup
) -> None:
    other = SharingGroup.objects.create(code="wg-ct", name="WG-CT members")
    item = publish(
        idn_focal, audience=Audience.SHARING_GROUP, tlp=TLP.AMBER, sharing_groups=[asean_japan]
    )
    with pytest.raises(PermissionDenied):
        services.update_item(
            item,
            actor=secretariat,
            changes={"sharing_groups": [asean_japan, other]},
            expected_version=None,
        )
    strict = services.update_item(
        item,
        actor=secretariat,
        changes={"tlp": TLP.AMBER_STRICT, "audience": Audience.ORGANISATION},
        expected_version=None,
    )
    with pytest.raises(PermissionDenied):
        services.update_item(
            strict,
            actor=secretariat,
            changes={"tlp": TLP.AMBER},
            expected_version=None,
        )


def test_another_party_cannot_edit_even_an_item_it_can_see(
    idn_focal: User, jpn_focal: User
) -> None:
    item = publish(idn_focal, audience=Audience.PLATFORM, tlp=TLP.GREEN)
    with pytest.raises(PermissionDenied):
        services.update_item(item, actor=jpn_focal, changes={"title": "x"}, expected_version=None)


def test_the_secretariat_cannot_edit_what_it_cannot_see(idn_focal: User, secretariat: User) -> None:
    item = publish(idn_focal)  # Indonesia's organisation only
    assert not selectors.can_edit_item(secretariat, item)
    with pytest.raises(PermissionDenied):
        services.update_item(item, actor=secretariat, changes={"title": "x"}, expected_version=None)


def _request(owner: User) -> KnowledgeItem:
    return services.create_item(
        actor=owner,
        data={
            "kind": KnowledgeItem.Kind.EXPERTISE_REQUEST,
            "title": "Training in cyber-forensics wanted",
            "audience": Audience.PLATFORM,
            "tlp": TLP.GREEN,
        },
    )


def test_another_party_offers_an_item_the_requester_can_see(
    idn_focal: User, jpn_focal: User
) -> None:
    request = _request(idn_focal)
    course = publish(jpn_focal, audience=Audience.PLATFORM, tlp=TLP.GREEN, title="Course")
    made = services.offer_expertise(
        actor=jpn_focal, request=request, item=course, message="Next session in Tokyo."
    )
    assert (made.party, made.item) == (jpn_focal.party, course)
    assert selectors.offers(user=idn_focal, request=request) == [made]


def test_an_offered_item_hidden_from_the_requester_is_refused(
    idn_focal: User, jpn_focal: User
) -> None:
    request = _request(idn_focal)
    own_only = publish(jpn_focal, title="Internal")
    with pytest.raises(ValidationError) as error:
        services.offer_expertise(actor=jpn_focal, request=request, item=own_only)
    assert "item" in error.value.message_dict
    assert not ExpertiseOffer.objects.exists()


def test_an_offer_needs_an_item_or_a_contact(idn_focal: User, jpn_focal: User) -> None:
    request = _request(idn_focal)
    with pytest.raises(ValidationError) as error:
        services.offer_expertise(actor=jpn_focal, request=request)
    assert "contact" in error.value.message_dict
    assert services.offer_expertise(
        actor=jpn_focal, request=request, contact="NPA cyber unit, cyber@example.org"
    )


def test_a_closed_request_takes_no_more_offers(idn_focal: User, jpn_focal: User) -> None:
    request = _request(idn_focal)
    with pytest.raises(PermissionDenied):
        services.close_request(actor=jpn_focal, item=request)
    closed = services.close_request(actor=idn_focal, item=request)
    assert not closed.is_open
    with pytest.raises(ValidationError):
        services.offer_expertise(actor=jpn_focal, request=closed, contact="x")


def test_a_party_does_not_answer_its_own_request(idn_focal: User) -> None:
    request = _request(idn_focal)
    with pytest.raises(ValidationError):
        services.offer_expertise(actor=idn_focal, request=request, contact="me")
