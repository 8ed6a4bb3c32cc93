"""A small slice of the real hierarchy, shared by the registry tests."""

from typing import Any

import pytest

from mufakat.registry.models import Body, CrimeArea
from mufakat.testing.factories import BodyFactory, CrimeAreaFactory


@pytest.fixture
def terrorism(db: Any) -> CrimeArea:
    return CrimeAreaFactory.create(code="terrorism", name="Terrorism")


@pytest.fixture
def ammtc(db: Any) -> Body:
    return BodyFactory.create(
        code="AMMTC",
        name="ASEAN Ministerial Meeting on Transnational Crime",
        level=Body.Level.MINISTERIAL,
    )


@pytest.fixture
def somtc(ammtc: Body) -> Body:
    return BodyFactory.create(
        code="SOMTC",
        name="Senior Officials Meeting on Transnational Crime",
        level=Body.Level.SENIOR_OFFICIALS,
        parent=ammtc,
    )


@pytest.fixture
def wg_ct(somtc: Body, terrorism: CrimeArea) -> Body:
    body = BodyFactory.create(
        code="SOMTC-WG-CT",
        name="SOMTC Working Group on Counter Terrorism",
        level=Body.Level.WORKING_GROUP,
        parent=somtc,
        source="Seed 000",
    )
    body.crime_areas.add(terrorism)
    return body
