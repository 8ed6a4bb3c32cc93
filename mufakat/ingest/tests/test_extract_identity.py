"""Which body a meeting is of, and its number, when the text describes rather than names it."""

from typing import Any

import pytest


def only(result: dict[str, Any]) -> tuple[Any, ...]:
    (found,) = result["meetings"]
    return found["body"], found["number"], found["start_date"], found["city"]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "The ASEAN ministers in charge of drug matters met in Bandar Seri Begawan on 18 "
            "November 2015.",
            "2015-11-20",
            ("AMMD", None, "2015-11-18", "Bandar Seri Begawan"),
        ),
        (
            "Senior officials in charge of drug matters opened their 35th meeting in Manila on "
            "23 September 2014.",
            "2014-09-27",
            ("ASOD", 35, "2014-09-23", "Manila"),
        ),
        (
            "Ministers responsible for transnational crime opened their meeting in Manila on 20 "
            "September 2017.",
            "2017-09-22",
            ("AMMTC", None, "2017-09-20", "Manila"),
        ),
    ],
)
def test_the_people_in_charge_of_a_bodys_subject_meeting_are_that_bodys_meeting(
    read: Any, text: str, published: str, expected: tuple[Any, ...]
) -> None:
    assert only(read(text, published)) == expected


def test_one_minister_in_charge_of_a_subject_is_no_meeting(read: Any) -> None:
    text = "The minister in charge of drug matters said on 18 November 2015 that seizures rose."
    assert read(text, "2015-11-20")["meetings"] == []


@pytest.mark.parametrize(
    ("second", "number"),
    [
        ("It was the group's 17th meeting since its establishment.", 17),
        ("It was the organisation's 42nd conference.", 42),
        ("It is the 11th such ministerial meeting.", 11),
        ("This fourth ministerial meeting on drugs adopted a joint statement.", 4),
    ],
)
def test_the_number_a_later_sentence_gives_the_meeting_in_other_words_is_its_own(
    read: Any, second: str, number: int
) -> None:
    text = "The ASEAN working group on trafficking in persons met in Bangkok on 19 March 2019. "
    assert only(read(text + second, "2019-03-22"))[1] == number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The 9th Meeting of the Senior Officials' Working Group on Counter Terrorism took "
            "place in Hanoi on 28 May 2013.",
            ("SOMTC-WG-CT", 9, "2013-05-28", "Hanoi"),
        ),
        (
            "The counter-terrorism working group of the SOMTC held its 14th meeting by video "
            "link on 28 May 2013.",
            ("SOMTC-WG-CT", 14, "2013-05-28", "online"),
        ),
        (
            "Officials held the 5th meeting of the SOMTC Working Group on Cybercrime online on "
            "28 May 2013.",
            ("SOMTC-WG-CYBER", 5, "2013-05-28", "online"),
        ),
    ],
)
def test_a_working_group_named_with_whose_it_is_is_that_groups_meeting(
    read: Any, text: str, expected: tuple[Any, ...]
) -> None:
    assert only(read(text, "2013-05-31")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ASEANAPOL's 36th annual conference opened in Manila on 30 August 2016.",
            ("ASEANAPOL", 36, "2016-08-30", "Manila"),
        ),
        (
            "Officials of the ASEAN working group against trafficking in persons gathered in "
            "Manila on 30 August 2016 for their 20th meeting.",
            ("SOMTC-WG-TIP", 20, "2016-08-30", "Manila"),
        ),
    ],
)
def test_the_number_the_body_gives_its_meeting_further_on_is_its_own(
    read: Any, text: str, expected: tuple[Any, ...]
) -> None:
    assert only(read(text, "2016-09-02")) == expected


def test_a_number_past_a_comma_far_off_belongs_to_the_meeting_named_there(read: Any) -> None:
    text = (
        "Under the AMMTC, the SOMTC Working Group on Arms Smuggling held its 5th meeting in "
        "Yangon on 4 April 2024."
    )
    result = read(text, "2024-04-06")
    assert [(m["body"], m["number"]) for m in result["meetings"] if m["number"]] == [
        ("SOMTC-WG-ARMS", 5)
    ]
