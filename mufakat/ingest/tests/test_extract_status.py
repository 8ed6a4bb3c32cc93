"""The extractor on whether a meeting named took place in the report: a body named as an
institution, a meeting recalled or given as the source of a mandate, and a later date that
belongs to what was said about the meeting rather than to the meeting."""

from typing import Any

import pytest


def held(result: dict[str, Any]) -> list[tuple[str, int | None]]:
    return [(m["body"], m["number"]) for m in result["meetings"] if m["relation"] == "held"]


def relation(result: dict[str, Any], body: str, number: int | None = None) -> str | None:
    found = [m for m in result["meetings"] if m["body"] == body and m["number"] == number]
    return found[0]["relation"] if found else None


# -- a body described, not a meeting of it -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The ASEAN Ministerial Meeting on Drug Matters (AMMD) is the region's highest decision-"
        "making body on drugs, a Thai official explained in Bangkok on Monday.",
        '"ASOD remains an indispensable platform for us," the director-general told a national '
        "seminar in Jakarta on 3 May 2023.",
        "The SOMTC, which was established in 1997, serves as the engine of ASEAN's work on "
        "trafficking, the deputy minister said.",
        "Singapore said the AMMTC has long been the main forum for home affairs ministers to "
        "coordinate their fight against transnational crime.",
    ],
)
def test_a_body_described_as_an_institution_is_no_meeting_held(read: Any, text: str) -> None:
    assert held(read(text)) == []


@pytest.mark.parametrize(
    ("text", "body", "number"),
    [
        ("The 23rd SOMTC is being held in Labuan Bajo from 16 to 19 May 2023.", "SOMTC", 23),
        ("The AMMD is the first meeting Laos hosts this year; it opened in Vientiane on 17 May.",
         "AMMD", None),
    ],
)  # fmt: skip
def test_a_meeting_told_of_in_the_present_is_still_held(
    read: Any, text: str, body: str, number: int | None
) -> None:
    assert (body, number) in held(read(text))


@pytest.mark.parametrize(
    "text",
    [
        "Home affairs ministers set policy on transnational crime; their work is prepared by the "
        "SOMTC and its working groups, a Malaysian official explained.",
        "Laos has ratified the trafficking convention and will report its progress through the "
        "ASOD, according to the commission.",
    ],
)
def test_a_body_named_bare_with_no_word_of_a_meeting_is_not_held(read: Any, text: str) -> None:
    assert held(read(text)) == []


def test_a_body_named_bare_is_held_when_the_text_goes_on_about_the_meeting(read: Any) -> None:
    result = read(
        "Officials of the ten member states joined the SOMTC. The meeting took place in Da Nang "
        "on 16 and 17 May 2023."
    )
    assert held(result) == [("SOMTC", None)]


# -- a meeting given as the source of a mandate ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "source", "reported"),
    [
        (
            "As mandated by the ASEAN Leaders at the 42nd ASEAN Summit, the 23rd SOMTC, which "
            "opened in Labuan Bajo on 16 May 2023, drafted a plan against online scams.",
            ("ASEAN-SUMMIT", 42),
            ("SOMTC", 23),
        ),
        (
            "Acting on the directive given by the ministers at the 16th AMMTC, senior officials "
            "met for the 23rd SOMTC in Bali on 17 May 2023.",
            ("AMMTC", 16),
            ("SOMTC", 23),
        ),
        (
            "In line with the mandate of the 42nd ASEAN Summit, the 8th AMMD convened in "
            "Vientiane on 18 May 2023.",
            ("ASEAN-SUMMIT", 42),
            ("AMMD", 8),
        ),
    ],
)
def test_the_meeting_a_mandate_comes_from_is_mentioned(
    read: Any, text: str, source: tuple[str, int], reported: tuple[str, int]
) -> None:
    result = read(text)
    assert held(result) == [reported]
    assert relation(result, *source) == "mentioned"


@pytest.mark.parametrize(
    "text",
    [
        "The Royal Thai Police, the focal point of the ASOD for Thailand, organised a training "
        "course on drug profiling in Chiang Mai on 16-17 May 2023.",
        "Officers from the secretariat of the SOMTC visited Hanoi on 17 May 2023 to prepare a "
        "regional workshop.",
    ],
)
def test_a_body_named_by_its_focal_point_or_secretariat_is_no_meeting_held(
    read: Any, text: str
) -> None:
    assert held(read(text)) == []


# -- a second reference to the held meeting, dated by what was said of it ---------------------


@pytest.mark.parametrize(
    "text",
    [
        "BANDAR SERI BEGAWAN, May 18 (Xinhua) -- The 43rd ASOD was held here on 15-16 May 2023. "
        "Speaking to journalists on Thursday, the Brunei delegate said the ASOD had reviewed the "
        "regional drug situation.",
        "BANDAR SERI BEGAWAN, May 18 (Xinhua) -- The 43rd ASOD was held here on 15-16 May 2023. "
        "The head of the narcotics bureau told reporters on Wednesday that the ASOD had agreed "
        "on joint border operations.",
    ],
)
def test_the_day_a_press_briefing_tells_of_the_meeting_is_not_its_day(read: Any, text: str) -> None:
    (found,) = [m for m in read(text)["meetings"] if m["relation"] == "held"]
    assert (found["body"], found["start_date"], found["end_date"]) == (
        "ASOD",
        "2023-05-15",
        "2023-05-16",
    )


# -- another meeting of the same series -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "held_one", "other"),
    [
        (
            "The 44th ASOD opened in Jakarta on 16 May 2023. Delegates took stock of the "
            "recommendations of the 43rd ASOD on drug-free communities.",
            ("ASOD", 44),
            ("ASOD", 43),
        ),
        (
            "Ministers attended the 8th AMMD in Vientiane on 17 May 2023 and reviewed what had "
            "become of the pledges of the 7th AMMD.",
            ("AMMD", 8),
            ("AMMD", 7),
        ),
    ],
)
def test_another_numbered_meeting_of_the_reported_ones_body_is_not_held_with_it(
    read: Any, text: str, held_one: tuple[str, int], other: tuple[str, int]
) -> None:
    result = read(text)
    assert held(result) == [held_one]
    assert relation(result, *other) == "mentioned"
    (found,) = [m for m in result["meetings"] if (m["body"], m["number"]) == other]
    assert (found["start_date"], found["city"]) == (None, None)


def test_two_meetings_of_one_series_named_together_are_both_held(read: Any) -> None:
    result = read("The 42nd and 43rd ASEAN Summits were held in Jakarta on 10-11 May 2023.")
    assert held(result) == [("ASEAN-SUMMIT", 42), ("ASEAN-SUMMIT", 43)]


# -- the body in the possessive ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Brunei's narcotics bureau, which coordinates the AMMD's programme on preventive "
        "education, ran a youth camp in Tutong from 15 to 18 May 2023.",
        "A Thai team carried the SOMTC's mandate on people smuggling to a seminar held in "
        "Chiang Rai on 17 May 2023.",
    ],
)
def test_what_belongs_to_a_body_in_the_possessive_is_no_meeting_held(read: Any, text: str) -> None:
    assert held(read(text)) == []


def test_a_body_in_the_possessive_before_its_meeting_is_still_a_meeting(read: Any) -> None:
    result = read("The ASOD's annual meeting opened in Manila on 16 May 2023.")
    assert held(result) == [("ASOD", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Myanmar will raise the issue of methamphetamine seizures through the ASOD, its drug "
        "control chief told a forum in Yangon on 17 May 2023.",
        "Via the AMMTC, the region's ministers have shared their lists of wanted traffickers, the "
        "deputy minister said at a workshop in Hue on 16 May 2023.",
    ],
)
def test_a_body_named_as_the_channel_of_cooperation_is_no_meeting_held(
    read: Any, text: str
) -> None:
    assert held(read(text)) == []


# -- the meeting an instrument came from -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "origin", "reported"),
    [
        (
            "The Kuala Lumpur Declaration, signed at the 10th AMMTC, guided the work of the "
            "23rd SOMTC, which opened in Labuan Bajo on 16 May 2023.",
            ("AMMTC", 10),
            ("SOMTC", 23),
        ),
        (
            "Drawing on the work plan endorsed by the 6th AMMD, the 44th ASOD convened in Manila "
            "on 17-18 May 2023.",
            ("AMMD", 6),
            ("ASOD", 44),
        ),
    ],
)
def test_the_meeting_an_instrument_came_from_is_not_the_one_reported(
    read: Any, text: str, origin: tuple[str, int], reported: tuple[str, int]
) -> None:
    result = read(text)
    assert held(result) == [reported]
    assert relation(result, *origin) == "mentioned"


def test_the_meeting_an_instrument_came_from_is_held_when_the_text_dates_no_other(
    read: Any,
) -> None:
    result = read("The work plan adopted at the 23rd SOMTC sets out 12 joint projects.")
    assert relation(result, "SOMTC", 23) == "held"


# -- the bodies a working group reports to -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The SOMTC Working Group on Cybercrime met in Manila on 16-17 May 2023. The group reports "
        "to the SOMTC, which in turn reports to the AMMTC.",
        "The SOMTC Working Group on Counter Terrorism, which reports to the SOMTC and the AMMTC, "
        "met in Dili on 17 May 2023.",
    ],
)
def test_the_bodies_a_working_group_reports_to_are_forwarded_to(read: Any, text: str) -> None:
    result = read(text)
    assert relation(result, "SOMTC") == "forwarded_to"
    assert relation(result, "AMMTC") == "forwarded_to"


# -- the series, named with how often it meets -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The ASOD, which meets every year, sets the region's drug control priorities, the agency "
        "said on 17 May 2023.",
        "Drug ministers gather every two years at the AMMD to review the region's targets, the "
        "Lao commission explained on 16 May 2023.",
        "The ASEANAPOL Conference, held annually since 1981, rotates among the member states.",
    ],
)
def test_a_body_named_with_how_often_it_meets_is_no_meeting_held(read: Any, text: str) -> None:
    assert held(read(text)) == []


@pytest.mark.parametrize(
    ("text", "body", "number"),
    [
        ("In the lead-up to the 24th SOMTC, the working group met in Bali on 16-17 May 2023.",
         "SOMTC", 24),
        ("In the lead up to the 9th AMMD, senior drug officials gathered in Hue on 17 May 2023.",
         "AMMD", 9),
    ],
)  # fmt: skip
def test_the_meeting_in_the_lead_up_to_which_another_met_is_still_to_come(
    read: Any, text: str, body: str, number: int
) -> None:
    result = read(text)
    assert relation(result, body, number) == "mentioned"
    (found,) = [m for m in result["meetings"] if (m["body"], m["number"]) == (body, number)]
    assert found["start_date"] is None


# -- the body's name as a modifier -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Philippines has joined ASOD projects on alternative development since 2019, the "
        "drug board said in Manila on 17 May 2023.",
        "Police in Sabah have used the ASEANAPOL database to trace 12 fugitives, the state police "
        "chief said on 16 May 2023.",
    ],
)
def test_a_body_named_as_the_modifier_of_its_business_is_no_meeting_held(
    read: Any, text: str
) -> None:
    assert held(read(text)) == []


def test_the_body_named_as_a_modifier_ends_what_is_said_of_the_meeting_before(read: Any) -> None:
    result = read(
        "Officials at the 23rd SOMTC, held in Bali on 16 May 2023, put people smuggling on the "
        "SOMTC agenda for the next three years."
    )
    assert held(result) == [("SOMTC", 23)]


# -- the body's history ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first_year", "reported"),
    [
        (
            "The first ASOD meeting was convened in Manila in 1976. Its 44th meeting opened in "
            "Jakarta on 16 May 2023.",
            "1976",
            ("ASOD", 44),
        ),
        (
            "The first AMMD took place in Bangkok in 2012. This 8th meeting was held in Vientiane "
            "on 17 May 2023.",
            "2012",
            ("AMMD", 8),
        ),
    ],
)
def test_a_first_meeting_years_back_is_history_and_the_numbered_one_reported_is_held(
    read: Any, text: str, first_year: str, reported: tuple[str, int]
) -> None:
    result = read(text)
    assert held(result) == [reported]
    (first,) = [m for m in result["meetings"] if m["number"] == 1]
    assert (first["relation"], first["start_date"]) == ("mentioned", first_year)


@pytest.mark.parametrize(
    ("text", "body", "number"),
    [
        ("The 44th ASOD, held in Jakarta on 16 May 2023, looked forward to the 9th AMMD.",
         "AMMD", 9),
        ("Closing the 23rd SOMTC in Bali on 17 May 2023, the chair said he looks forward to the "
         "24th SOMTC in Laos.", "SOMTC", 24),
    ],
)  # fmt: skip
def test_a_meeting_looked_forward_to_is_mentioned_not_forwarded_to(
    read: Any, text: str, body: str, number: int
) -> None:
    assert relation(read(text), body, number) == "mentioned"


# -- a member state's own office or delegation for the body --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Vietnamese ASOD focal agency met in Hanoi on 16 May 2023 to draft the country's "
        "report.",
        "Malaysia's AMMTC delegation, headed by the home minister, arrived in Jakarta on 17 May "
        "2023 for talks with Indonesian officials.",
        "The Indonesian SOMTC coordination meeting took place in Bandung on 15 May 2023.",
    ],
)
def test_a_member_states_own_office_or_delegation_for_the_body_is_no_meeting_held(
    read: Any, text: str
) -> None:
    assert held(read(text)) == []


def test_a_member_states_delegation_to_the_meeting_leaves_the_meeting_held(read: Any) -> None:
    result = read(
        "The Cambodian SOMTC delegation joined the 23rd SOMTC, which opened in Bali on 16 May 2023."
    )
    assert held(result) == [("SOMTC", 23)]


@pytest.mark.parametrize(
    ("text", "document_of", "reported"),
    [
        (
            "Officials studied the Joint Communiqué of the 41st ASEANAPOL Conference. The 23rd "
            "SOMTC was held in Bali on 16-17 May 2023.",
            ("ASEANAPOL", 41),
            ("SOMTC", 23),
        ),
        (
            "Taking up the recommendations of the 7th AMMD, the 44th ASOD met in Manila on 17 May "
            "2023.",
            ("AMMD", 7),
            ("ASOD", 44),
        ),
    ],
)
def test_the_meeting_a_document_is_of_is_not_the_one_reported(
    read: Any, text: str, document_of: tuple[str, int], reported: tuple[str, int]
) -> None:
    result = read(text)
    assert held(result) == [reported]
    assert relation(result, *document_of) == "mentioned"


@pytest.mark.parametrize(
    "text",
    [
        "A Lao-Thai border security meeting in Nong Khai on 16 May 2023 agreed to share its arrest "
        "data with the ASOD.",
        "The customs chiefs' annual meeting, held in Da Nang on 17 May 2023, pledged to cooperate "
        "more closely with INTERPOL and the SOMTC.",
    ],
)
def test_a_body_another_meeting_works_with_is_no_meeting_held(read: Any, text: str) -> None:
    assert held(read(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Speaking as Chairman of the ASOD for 2023, the Indonesian official opened a drug "
        "awareness fair in Medan on 16 May 2023.",
        "The minister, chairperson of the AMMTC this year, visited a border post in Savannakhet "
        "on 17 May 2023.",
    ],
)
def test_the_chairman_of_a_body_names_the_body_not_a_meeting(read: Any, text: str) -> None:
    assert held(read(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Senior officials will gather in Bali from 22 to 24 May for the 23rd SOMTC. Indonesia is "
        "proud to welcome both the SOMTC and the ASEAN Summit this year, its police chief said.",
        'The 9th AMMD will open in Vientiane on 25 May. "Our country is honoured to receive the '
        'ASOD and the AMMD," the minister said.',
    ],
)
def test_a_body_named_bare_in_a_preview_is_not_held(read: Any, text: str) -> None:
    assert held(read(text)) == []


# -- another event named by a name of its own and "meeting" in lower case -----------------------


@pytest.mark.parametrize(
    ("text", "reported", "city"),
    [
        (
            "Delegates gathered in Manila for the 44th ASOD on 16-17 May 2023, two weeks after "
            "the ASEAN Airport Interdiction Task Force meeting in Cebu.",
            ("ASOD", 44),
            "Manila",
        ),
        (
            "Ministers met in Bali for the 17th AMMTC on 16 May 2023, a day after the Bali Process "
            "Steering Group meeting in Denpasar.",
            ("AMMTC", 17),
            "Bali",
        ),
    ],
)
def test_the_place_of_another_named_event_is_its_own(
    read: Any, text: str, reported: tuple[str, int], city: str
) -> None:
    result = read(text)
    assert held(result) == [reported]
    (found,) = [m for m in result["meetings"] if (m["body"], m["number"]) == reported]
    assert found["city"] == city


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        (
            "The draft work plan was reviewed by the SOMTC Working Group on Cybercrime in Manila on "
            "15-16 May 2023 and will go to the senior officials next month.",
            ("SOMTC-WG-CYBER", None),
        ),
        (
            "The regional assessment was presented at the 44th ASOD in Jakarta on 16 May 2023 and "
            "will be published later this year.",
            ("ASOD", 44),
        ),
    ],
)
def test_a_meeting_that_did_something_to_a_document_is_held_whatever_comes_next(
    read: Any, text: str, reported: tuple[str, int | None]
) -> None:
    assert held(read(text)) == [reported]


@pytest.mark.parametrize(
    "text",
    [
        "Officials said the ASOD would be asked to approve the new work plan when it meets in "
        "Manila.",
        "Officials said the AMMD would be asked to back the new targets when it next convenes in "
        "Vientiane.",
    ],
)
def test_a_meeting_named_in_a_when_it_meets_clause_is_still_to_come(read: Any, text: str) -> None:
    assert held(read(text)) == []


@pytest.mark.parametrize(
    ("text", "body", "number"),
    [
        ("The 9th AMMD, held in Vientiane on 17 May 2023, adopted the proposals put forward at "
         "the 44th ASOD.", "ASOD", 44),
        ("Ideas brought forward at the 22nd SOMTC were adopted by the 17th AMMTC in Labuan Bajo "
         "on 16 May 2023.", "SOMTC", 22),
    ],
)  # fmt: skip
def test_the_meeting_proposals_were_put_forward_at_is_mentioned(
    read: Any, text: str, body: str, number: int
) -> None:
    assert relation(read(text), body, number) == "mentioned"
