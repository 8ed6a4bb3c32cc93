"""A page is marked with the strictest marking of what it shows (issue 10): a TLP:CLEAR
meeting showing an AMBER outcome is an AMBER page — in the header and on every printed page."""

from typing import Any

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.meetings.tests.conftest import Chain
from mufakat.testing.factories import OutcomeFactory


def _markings(body: str) -> list[str]:
    """The page marking in the header and in the print header and footer."""
    return [
        part.split("TLP:", 1)[1].split("<", 1)[0]
        for part in body.split('class="page-marking"')[1:] + body.split('class="print-marking')[1:]
    ]


def test_a_clear_meeting_showing_an_amber_outcome_is_marked_amber(
    as_user: Any, idn_focal: User, chain: Chain, django_assert_max_num_queries: Any
) -> None:
    meeting = chain.somtc
    meeting.audience, meeting.tlp = Audience.PUBLIC, TLP.CLEAR
    meeting.save()
    OutcomeFactory(
        meeting=meeting, number=9, text="Amber figures", audience=Audience.PLATFORM, tlp=TLP.AMBER
    )
    client = as_user(idn_focal)
    with django_assert_max_num_queries(14):
        body = client.get(meeting.get_absolute_url()).content.decode()
    assert "Amber figures" in body
    assert _markings(body) == ["AMBER", "AMBER", "AMBER"]
    assert 'class="print-marking print-marking-top"' in body
    assert 'class="print-marking print-marking-bottom"' in body


def test_whoever_does_not_see_the_amber_outcome_gets_the_meeting_s_own_marking(
    client: Any, chain: Chain
) -> None:
    meeting = chain.somtc
    meeting.audience, meeting.tlp = Audience.PUBLIC, TLP.CLEAR
    meeting.save()
    OutcomeFactory(
        meeting=meeting, number=9, text="Amber figures", audience=Audience.PLATFORM, tlp=TLP.AMBER
    )
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert "Amber figures" not in body
    assert set(_markings(body)) <= {"CLEAR"}
