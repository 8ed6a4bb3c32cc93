import pytest
from django.core.exceptions import ValidationError

from mufakat.core.audience import TLP, Audience, check_audience_within_tlp
from mufakat.core.partial_dates import PartialDate, Precision


@pytest.mark.parametrize(
    ("audience", "tlp"),
    [
        (Audience.PUBLIC, TLP.GREEN),
        (Audience.PLATFORM, TLP.AMBER),
        (Audience.MEMBER_STATES, TLP.AMBER_STRICT),
        (Audience.SHARING_GROUP, TLP.AMBER_STRICT),
        (Audience.ORGANISATION, TLP.RED),
    ],
)
def test_an_audience_wider_than_the_tlp_cap_is_refused(audience: str, tlp: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_audience_within_tlp(audience, tlp)
    assert "audience" in info.value.message_dict


@pytest.mark.parametrize(
    ("audience", "tlp"),
    [
        (Audience.PUBLIC, TLP.CLEAR),
        (Audience.PLATFORM, TLP.GREEN),
        (Audience.SHARING_GROUP, TLP.AMBER),
        (Audience.ORGANISATION, TLP.AMBER_STRICT),
        (Audience.NAMED, TLP.RED),
        (Audience.NAMED, TLP.CLEAR),
    ],
)
def test_an_audience_within_the_cap_is_accepted(audience: str, tlp: str) -> None:
    check_audience_within_tlp(audience, tlp)


@pytest.mark.parametrize(
    ("text", "precision", "rendered"),
    [
        ("2023-05-18", Precision.DAY, "2023-05-18"),
        ("2023-08", Precision.MONTH, "2023-08"),
        ("2017", Precision.YEAR, "2017"),
    ],
)
def test_partial_dates_round_trip(text: str, precision: str, rendered: str) -> None:
    value = PartialDate.parse(text)
    assert value.precision == precision
    assert str(value) == rendered


def test_a_month_date_ends_on_the_last_day_of_the_month() -> None:
    assert PartialDate.parse("2024-02").last_day.day == 29


@pytest.mark.parametrize("text", ["2023-13", "2023-02-30", "May 2023", ""])
def test_malformed_partial_dates_are_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        PartialDate.parse(text)
