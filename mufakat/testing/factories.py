"""factory_boy factories for tests and benchmarks."""

import datetime as dt
from typing import Any

import factory
from factory.django import DjangoModelFactory

from mufakat.accounts.models import Role, User
from mufakat.core.audience import TLP, Audience
from mufakat.core.models import SharingGroup
from mufakat.meetings.models import Forwarding, Meeting, Outcome
from mufakat.registry.models import Agency, Body, CrimeArea, Party, PartyMembership
from mufakat.workplans.models import Activity, Instrument, PriorityArea


class PartyFactory(DjangoModelFactory[Party]):
    class Meta:
        model = Party
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n:02d}")
    name = factory.LazyAttribute(lambda o: f"Party {o.code}")
    kind = Party.Kind.MEMBER_STATE


def member_state(code: str, name: str = "", since: dt.date = dt.date(1967, 8, 8)) -> Party:
    party = PartyFactory(code=code, name=name or code, kind=Party.Kind.MEMBER_STATE)
    PartyMembership.objects.get_or_create(
        party=party, status=PartyMembership.Status.MEMBER, defaults={"start_date": since}
    )
    return party


class AgencyFactory(DjangoModelFactory[Agency]):
    class Meta:
        model = Agency
        django_get_or_create = ("party", "acronym")

    party = factory.SubFactory(PartyFactory)
    acronym = factory.Sequence(lambda n: f"AG{n}")
    name = factory.LazyAttribute(lambda o: f"Agency {o.acronym}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.READER
    password = factory.django.Password("correct horse battery staple")


class CrimeAreaFactory(DjangoModelFactory[CrimeArea]):
    class Meta:
        model = CrimeArea
        django_get_or_create = ("code",)

    code = "terrorism"
    name = factory.LazyAttribute(lambda o: o.code.replace("_", " ").capitalize())


class BodyFactory(DjangoModelFactory[Body]):
    class Meta:
        model = Body
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"BODY-{n}")
    name = factory.LazyAttribute(lambda o: f"Body {o.code}")
    level = Body.Level.WORKING_GROUP


class MeetingFactory(DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"{o.number}th meeting of {o.body.code}")
    start_date = dt.date(2023, 5, 18)
    status = Meeting.Status.HELD
    audience = Audience.PUBLIC
    tlp = TLP.CLEAR


class OutcomeFactory(DjangoModelFactory[Outcome]):
    class Meta:
        model = Outcome

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = Outcome.Kind.RECOMMENDATION
    text = factory.Sequence(lambda n: f"Outcome text {n}")
    audience = Audience.PUBLIC
    tlp = TLP.CLEAR


class ForwardingFactory(DjangoModelFactory[Forwarding]):
    class Meta:
        model = Forwarding

    outcome = factory.SubFactory(OutcomeFactory)
    to_meeting = factory.SubFactory(MeetingFactory, start_date=dt.date(2023, 6, 19))


class InstrumentFactory(DjangoModelFactory[Instrument]):
    class Meta:
        model = Instrument

    key = factory.Sequence(lambda n: f"instrument-{n}")
    title = factory.Sequence(lambda n: f"Work plan {n}")
    kind = Instrument.Kind.WORK_PLAN
    start_year = 2023
    end_year = 2027
    audience = Audience.PUBLIC
    tlp = TLP.CLEAR


class PriorityAreaFactory(DjangoModelFactory[PriorityArea]):
    class Meta:
        model = PriorityArea

    instrument = factory.SubFactory(InstrumentFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority area {n}")


class ActivityFactory(DjangoModelFactory[Activity]):
    class Meta:
        model = Activity

    priority_area = factory.SubFactory(PriorityAreaFactory)
    code = factory.Sequence(lambda n: f"A-{n}")
    title = factory.Sequence(lambda n: f"Activity {n}")


def sharing_group(code: str, parties: list[Party], **kwargs: Any) -> SharingGroup:
    group, _ = SharingGroup.objects.get_or_create(code=code, defaults={"name": code, **kwargs})
    group.parties.set(parties)
    return group
