"""Which year a month without one belongs to."""

from typing import Any

import pytest


def ammd(result: dict[str, Any]) -> tuple[str, str | None]:
    (found,) = [m for m in result["meetings"] if m["body"] == "AMMD"]
    return found["relation"], found["start_date"]


@pytest.mark.parametrize(
    "text",
    [
        "The 5th AMMD meets in Singapore in October.",
        "Its recommendations go to the 5th AMMD, which takes place in Singapore in October.",
    ],
)
def test_a_month_in_the_present_tense_of_meeting_is_one_to_come(read: Any, text: str) -> None:
    assert ammd(read(text, "2016-08-05")) == ("mentioned", "2016-10")


@pytest.mark.parametrize(
    "text",
    [
        "The 5th AMMD is scheduled for October.",
        "The 5th AMMD has been set for mid-October.",
    ],
)
def test_a_meeting_scheduled_for_a_month_is_dated_by_it(read: Any, text: str) -> None:
    assert ammd(read(text, "2016-08-05")) == ("mentioned", "2016-10")


def test_a_month_in_the_past_tense_stays_in_the_past(read: Any) -> None:
    assert ammd(read("The 5th AMMD was held in Singapore in October.", "2016-08-05")) == (
        "held",
        "2015-10",
    )


def days(result: dict[str, Any]) -> tuple[str | None, str | None]:
    (found,) = result["meetings"]
    return found["start_date"], found["end_date"]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "The 24th SOMTC in Vientiane, a three-day meeting which began on Tuesday, ended on "
            "27 June.",
            "2024-06-28",
            ("2024-06-25", "2024-06-27"),
        ),
        (
            "The 45th ASOD opened in Bangkok on Monday (8 July) and will close on Thursday.",
            "2024-07-09",
            ("2024-07-08", "2024-07-11"),
        ),
        (
            "The 39th ASEANAPOL Conference in Hanoi began on September 16 and will last until "
            "Friday, September 20.",
            "2019-09-17",
            ("2019-09-16", "2019-09-20"),
        ),
    ],
)
def test_the_opening_and_closing_days_are_read_whether_by_weekday_or_by_date(
    read: Any, text: str, published: str, expected: tuple[str, str]
) -> None:
    assert days(read(text, published)) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "The 44th ASOD, which is taking place in Jakarta, will end on Friday.",
            "2023-07-05",
            (None, "2023-07-07"),
        ),
        (
            "The 17th AMMTC in Labuan Bajo is set to conclude today with a declaration.",
            "2023-08-22",
            (None, "2023-08-22"),
        ),
        (
            "The 25th SOMTC will open on 3 July and will end on 5 July.",
            "2024-06-26",
            ("2024-07-03", "2024-07-05"),
        ),
    ],
)
def test_the_day_a_meeting_will_end_is_its_last_and_the_day_it_will_open_its_first(
    read: Any, text: str, published: str, expected: tuple[str | None, str]
) -> None:
    assert days(read(text, published)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The 44th ASOD, scheduled for 4-6 July, opened in Jakarta on Tuesday.",
        "The 44th ASOD, planned for 4-6 July in Jakarta, began on Tuesday.",
    ],
)
def test_a_meeting_scheduled_that_then_opened_was_held(read: Any, text: str) -> None:
    (asod,) = read(text, "2023-07-05")["meetings"]
    assert (asod["relation"], asod["start_date"]) == ("held", "2023-07-04")


@pytest.mark.parametrize(
    "days_written",
    [
        "on 26, 27 and 28 June 2024",
        "on the 26th to the 28th of June 2024",
        "from 26th-28th June 2024",
    ],
)
def test_a_span_written_as_a_list_or_with_articles_is_read_whole(
    read: Any, days_written: str
) -> None:
    text = f"The 24th SOMTC was held in Vientiane {days_written}."
    assert days(read(text, "2024-06-29")) == ("2024-06-26", "2024-06-28")


@pytest.mark.parametrize(
    "text",
    [
        "The 19th AMMTC opened in Melaka today. Taking place over 5 days (8-12/9), the meeting "
        "focuses on scams.",
        "The 19th AMMTC, held in Melaka (8–12/9), focused on scams.",
    ],
)
def test_a_span_of_days_and_a_month_in_figures_in_parentheses_is_read(read: Any, text: str) -> None:
    assert days(read(text, "2025-09-08")) == ("2025-09-08", "2025-09-12")


@pytest.mark.parametrize(
    ("text", "published", "day"),
    [
        (
            "Ministers on the 22nd took part in the 12th AMMTC+3 by video link.",
            "2022-09-23",
            "2022-09-22",
        ),
        ("On the morning of the 30th, the 12th AMMTC+3 opened online.", "2022-10-02", "2022-09-30"),
    ],
)
def test_a_day_of_the_month_alone_is_the_nearest_such_day_before_the_report(
    read: Any, text: str, published: str, day: str
) -> None:
    (found,) = read(text, published)["meetings"]
    assert found["start_date"] == day


def test_the_city_one_joined_a_video_conference_from_is_no_venue(read: Any) -> None:
    text = "The minister took part, by video link from Beijing, in the 12th AMMTC+3 on 22 September 2022."
    (found,) = read(text, "2022-09-23")["meetings"]
    assert (found["city"], found["host"]) == ("online", None)


@pytest.mark.parametrize(
    "text",
    [
        "They signed it on Saturday at the close of the one-day 1st AMMTC+3 held in Bangkok.",
        "The one-day 1st AMMTC+3 in Bangkok ended on Saturday.",
    ],
)
def test_a_one_day_meeting_that_closed_on_a_day_began_on_it(read: Any, text: str) -> None:
    assert days(read(text, "2004-01-11")) == ("2004-01-10", "2004-01-10")
