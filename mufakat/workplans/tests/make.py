"""Typed wrappers around the shared factories, so the tests type-check against the models
(factory_boy's classes look like they return themselves to mypy)."""

from typing import Any, cast

from mufakat.meetings.models import Meeting, Outcome
from mufakat.registry.models import Body, CrimeArea, Party
from mufakat.testing import factories
from mufakat.workplans.models import Activity, Instrument, PriorityArea


def party(**kwargs: Any) -> Party:
    return cast(Party, factories.PartyFactory(**kwargs))


def crime_area(**kwargs: Any) -> CrimeArea:
    return cast(CrimeArea, factories.CrimeAreaFactory(**kwargs))


def body(**kwargs: Any) -> Body:
    return cast(Body, factories.BodyFactory(**kwargs))


def meeting(**kwargs: Any) -> Meeting:
    return cast(Meeting, factories.MeetingFactory(**kwargs))


def outcome(**kwargs: Any) -> Outcome:
    return cast(Outcome, factories.OutcomeFactory(**kwargs))


def instrument(**kwargs: Any) -> Instrument:
    return cast(Instrument, factories.InstrumentFactory(**kwargs))


def priority_area(**kwargs: Any) -> PriorityArea:
    return cast(PriorityArea, factories.PriorityAreaFactory(**kwargs))


def activity(**kwargs: Any) -> Activity:
    return cast(Activity, factories.ActivityFactory(**kwargs))
