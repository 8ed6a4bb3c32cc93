"""The code resolvers other apps use to turn API input into registry records."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from mufakat.registry.selectors import (
    body_by_code,
    party_by_code,
    resolve_agency,
    resolve_body,
    resolve_crime_areas,
    resolve_parties,
    resolve_party,
)
from mufakat.testing.factories import CrimeAreaFactory

pytestmark = pytest.mark.django_db


def test_a_party_code_resolves_to_the_party(idn: Any) -> None:
    assert resolve_party("IDN") == idn


def test_a_lowercase_party_code_still_resolves(idn: Any) -> None:
    assert resolve_party(" idn ") == idn


def test_an_unknown_party_code_is_an_error_on_the_field_named_by_the_caller(idn: Any) -> None:
    with pytest.raises(ValidationError) as error:
        resolve_party("XYZ", field="host")

    assert error.value.message_dict == {"host": ["Unknown party code “XYZ”."]}


def test_an_unknown_body_code_is_an_error_on_the_body_field_by_default(wg_ct: Any) -> None:
    with pytest.raises(ValidationError) as error:
        resolve_body("SOMTC-WG-XX")

    assert error.value.message_dict == {"body": ["Unknown body code “SOMTC-WG-XX”."]}


def test_a_body_code_resolves_to_the_body(wg_ct: Any) -> None:
    assert resolve_body("SOMTC-WG-CT") == wg_ct
    assert body_by_code("SOMTC-WG-CT") == wg_ct


def test_an_empty_code_is_unknown(idn: Any) -> None:
    with pytest.raises(ValidationError):
        party_by_code("")


def test_several_party_codes_resolve_in_the_given_order_without_duplicates(
    idn: Any, jpn: Any
) -> None:
    assert resolve_parties(["JPN", "IDN", "JPN"]) == [jpn, idn]


def test_every_unknown_party_code_is_named_in_one_error(idn: Any) -> None:
    with pytest.raises(ValidationError) as error:
        resolve_parties(["IDN", "XYZ", "ABC"], field="participants")

    assert error.value.message_dict == {"participants": ["Unknown party codes “XYZ”, “ABC”."]}


def test_crime_area_codes_resolve_and_unknown_ones_are_refused(terrorism: Any) -> None:
    cyber = CrimeAreaFactory.create(code="cybercrime")

    assert resolve_crime_areas(["cybercrime", "terrorism"]) == [cyber, terrorism]
    with pytest.raises(ValidationError) as error:
        resolve_crime_areas(["piracy"])
    assert error.value.message_dict == {"crime_areas": ["Unknown crime area code “piracy”."]}


def test_an_empty_list_of_codes_resolves_to_nothing(db: Any) -> None:
    assert resolve_parties([]) == []
    assert resolve_crime_areas([]) == []


def test_an_agency_resolves_by_acronym_within_its_party(bnpt: Any, idn: Any, jpn: Any) -> None:
    assert resolve_agency(idn, "bnpt") == bnpt
    with pytest.raises(ValidationError) as error:
        resolve_agency(jpn, "BNPT")
    assert error.value.message_dict == {"agency": ["Japan has no agency “BNPT”."]}
