"""Which relation a meeting has to the report: held, forwarded to, or mentioned."""

from typing import Any

import pytest


def relations(result: dict[str, Any]) -> dict[str, str]:
    return {m["body"]: m["relation"] for m in result["meetings"]}


@pytest.mark.parametrize(
    ("text", "published", "body"),
    [
        (
            "The 38th ASOD was held in Hanoi on 3-5 October 2017. Its recommendations were "
            "submitted to the 6th AMMD, which took place on 6 October.",
            "2017-10-08",
            "AMMD",
        ),
        (
            "The 23rd SOMTC in Labuan Bajo on 20-21 August 2023 endorsed the draft declarations "
            "and forwarded them to the 17th AMMTC, held there on 22 August.",
            "2023-08-25",
            "AMMTC",
        ),
    ],
)
def test_a_meeting_sent_the_outcomes_and_said_to_have_met_alongside_was_held(
    read: Any, text: str, published: str, body: str
) -> None:
    assert relations(read(text, published))[body] == "held"


@pytest.mark.parametrize(
    "sentence",
    [
        "Its outcome will be reported to the 5th AMMD in Singapore in October.",
        "Its recommendations will be submitted to the 5th AMMD, to be held in Singapore.",
    ],
)
def test_a_meeting_to_come_that_receives_the_outcomes_is_forwarded_to(
    read: Any, sentence: str
) -> None:
    text = "The 37th ASOD concluded in Manila on 4 August 2016. " + sentence
    assert relations(read(text, "2016-08-05"))["AMMD"] == "forwarded_to"
