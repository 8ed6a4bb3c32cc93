"""An instrument's page is marked with the strictest marking of what it shows (issue 10)."""

from typing import Any

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.meetings.tests.test_page_marking import _markings
from mufakat.testing.factories import InstrumentFactory, MeetingFactory, OutcomeFactory


def test_a_clear_instrument_with_an_amber_outcome_concerning_it_is_marked_amber(
    as_user: Any, idn_focal: User, django_assert_max_num_queries: Any
) -> None:
    plan = InstrumentFactory(key="bali-wp", title="Bali Work Plan")
    meeting = MeetingFactory(audience=Audience.PUBLIC, tlp=TLP.CLEAR)
    OutcomeFactory(
        meeting=meeting,
        instrument=plan,
        text="Adopted with amber reservations",
        audience=Audience.PLATFORM,
        tlp=TLP.AMBER,
    )
    with django_assert_max_num_queries(40):
        body = as_user(idn_focal).get(plan.get_absolute_url()).content.decode()
    assert _markings(body) == ["AMBER", "AMBER", "AMBER"]


def test_a_clear_instrument_showing_only_clear_records_is_marked_clear(
    client: Any, db: Any
) -> None:
    plan = InstrumentFactory(key="bali-wp", title="Bali Work Plan")
    body = client.get(plan.get_absolute_url()).content.decode()
    assert set(_markings(body)) == {"CLEAR"}
