"""The extractor on bodies named in other words than the registry's: the police chiefs'
conference described, the less common bodies, and the cues that a meeting is over."""

from typing import Any

import pytest


def meetings(result: dict[str, Any], body: str) -> list[dict[str, Any]]:
    return [m for m in result["meetings"] if m["body"] == body]


# -- the police chiefs' conference described in the words of its name ------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Senior officers gathered in Hanoi for the 39th meeting of ASEAN Police on Monday.", 39),
        ("The 41st ASEAN Police Conference opened in Vientiane on Tuesday.", 41),
        ("On 2 May, the 28th Conference of the Police of the ASEAN nations opened in Bangkok.", 28),
        (
            "Delegates met in Jakarta on Monday for the Conference of the ASEAN Chiefs of Police.",
            None,
        ),
        (
            "Police chiefs of the region were in Bali on Monday for the 33rd Conference of ASEAN Police.",
            33,
        ),
    ],
)
def test_the_police_chiefs_conference_is_known_by_its_description(
    read: Any, text: str, number: int | None
) -> None:
    (found,) = meetings(read(text), "ASEANAPOL")
    assert found["relation"] == "held"
    if number is not None:
        assert found["number"] == number


@pytest.mark.parametrize(
    "text",
    [
        "The 39th Conference of Heads of Police of ASEAN opened in Hanoi on Monday.",
        "The ASEAN Heads of Police Conference opened in Manila on Tuesday.",
    ],
)
def test_heads_of_police_are_its_chiefs(read: Any, text: str) -> None:
    (found,) = meetings(read(text), "ASEANAPOL")
    assert found["relation"] == "held"


@pytest.mark.parametrize(
    "text",
    [
        "A meeting of the National Police opened in Jakarta on Monday.",
        "ASEAN Police Meeting Discusses Eleven Issues. The 16th SOMTC opened in Jakarta on Monday.",
        "The ASEAN Police Forensic Science Network met in Jakarta on Monday.",
    ],
)
def test_police_alone_names_no_conference_of_the_asean_chiefs(read: Any, text: str) -> None:
    assert meetings(read(text), "ASEANAPOL") == []


def test_a_meeting_that_came_to_a_close_on_a_day_ended_then(read: Any) -> None:
    (found,) = meetings(read("On 27 April, the 21st SOMTC came to a close in Manila."), "SOMTC")
    assert found["relation"] == "held"
    assert (found["start_date"], found["end_date"]) == (None, "2023-04-27")
    (found,) = meetings(read("The 8th AMMD drew to an end in Hanoi on 4 May."), "AMMD")
    assert (found["start_date"], found["end_date"]) == (None, "2023-05-04")


# -- a summit with a partner on a special occasion ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The ASEAN-Japan Commemorative Summit opened in Tokyo on Saturday.", "ASEAN-SUMMIT+JPN"),
        ("Leaders met in Melbourne on Monday for the ASEAN-Australia Special Summit.",
         "ASEAN-SUMMIT+AUS"),
    ],
)  # fmt: skip
def test_a_special_summit_with_a_partner_is_a_summit_with_that_partner(
    read: Any, text: str, body: str
) -> None:
    (found,) = read(text)["meetings"]
    assert (found["body"], found["relation"]) == (body, "held")


@pytest.mark.parametrize(
    "text",
    [
        "The 25th SOMTC opened in Hanoi on Monday. At the summit, officials agreed on a new plan.",
        "The 9th AMMD was held in Bali on Monday. Myanmar offered to host next year's summit.",
    ],
)
def test_the_summit_in_lower_case_is_the_reported_meeting_not_the_asean_summit(
    read: Any, text: str
) -> None:
    assert meetings(read(text), "ASEAN-SUMMIT") == []


def test_a_numbered_summit_in_lower_case_is_still_the_asean_summit(read: Any) -> None:
    (found,) = meetings(read("The 42nd summit opened in Labuan Bajo on Wednesday."), "ASEAN-SUMMIT")
    assert found["number"] == 42
