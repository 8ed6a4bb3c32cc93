"""Which meetings a report of consultations with partners yields: the Plus Three's members named
with it, and the partners of consultations of their own named beside it."""

from typing import Any

import pytest


def consultations(result: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {
        m["body"]: (m["relation"], m["number"], m["start_date"])
        for m in result["meetings"]
        if "+" in m["body"]
    }


# -- the Plus Three's members listed after it, then partners of their own --------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "The 9th ASOD was held in Vientiane on 12 May 2021. On 13 May the senior officials "
            "held the 4th ASOD+3 consultation with Japan, the Republic of Korea and China, "
            "followed by separate consultations with China, India and Russia.",
            "2021-05-15",
            {
                "ASOD+3": ("held", 4, "2021-05-13"),
                "ASOD+CHN": ("held", None, "2021-05-13"),
                "ASOD+IND": ("held", None, "2021-05-13"),
                "ASOD+RUS": ("held", None, "2021-05-13"),
            },
        ),
        (
            "The 15th AMMTC opened in Siem Reap on 20 September 2021. On 21 September the "
            "ministers will hold the 11th AMMTC Plus Three Consultation with ministers of Korea, "
            "Japan and China, as well as consultations with Japan and Korea.",
            "2021-09-20",
            {
                "AMMTC+3": ("mentioned", 11, "2021-09-21"),
                "AMMTC+JPN": ("mentioned", None, "2021-09-21"),
                "AMMTC+KOR": ("mentioned", None, "2021-09-21"),
            },
        ),
    ],
)
def test_the_plus_threes_members_after_it_are_not_consultations_of_their_own(
    read: Any, text: str, published: str, expected: dict[str, tuple[Any, ...]]
) -> None:
    assert consultations(read(text, published)) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "The 20th SOMTC met in Hanoi on 6 June 2020. On 7 June the senior officials held "
            "the 17th SOMTC+3 meeting on drug trafficking with delegates of Korea, China and "
            "Japan.",
            "2020-06-09",
            {"SOMTC+3": ("held", 17, "2020-06-07")},
        ),
        (
            "The 7th AMMD closed in Bangkok on 2 October 2019. On 3 October the ministers held "
            "the third ASEAN Plus Three ministerial consultation on drugs with ministers and "
            "officials of Japan, the Republic of Korea and China.",
            "2019-10-05",
            {"AMMD+3": ("held", 3, "2019-10-03")},
        ),
    ],
)
def test_the_plus_threes_members_met_through_their_ministers_are_its_members(
    read: Any, text: str, published: str, expected: dict[str, tuple[Any, ...]]
) -> None:
    assert consultations(read(text, published)) == expected


# -- the Plus Three's members listed before it ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "The 14th SOMTC closed in Yangon on 5 July 2014. On 6 July the senior officials sat "
            "down with their counterparts from Korea, China and Japan for the eleventh SOMTC "
            "Plus Three consultation.",
            "2014-07-08",
            {"SOMTC+3": ("held", 11, "2014-07-06")},
        ),
        (
            "The 4th AMMD was held in Vientiane on 15 October 2015. On 16 October the ministers "
            "held consultations with their colleagues of Japan, China and the Republic of Korea "
            "(AMMD+3).",
            "2015-10-18",
            {"AMMD+3": ("held", None, "2015-10-16")},
        ),
        (
            "The 16th AMMTC ended in Phnom Penh on 21 September 2022. Later that day the "
            "ministers also met their counterparts from Korea and Japan in the ASEAN Plus Three "
            "format.",
            "2022-09-23",
            {"AMMTC+3": ("held", None, "2022-09-21")},
        ),
    ],
)
def test_the_plus_threes_members_named_before_the_meeting_they_met_at_are_its_members(
    read: Any, text: str, published: str, expected: dict[str, tuple[Any, ...]]
) -> None:
    assert consultations(read(text, published)) == expected


def test_the_plus_threes_members_met_separately_have_consultations_of_their_own(
    read: Any,
) -> None:
    result = read(
        "The 13th ASOD was held in Manila on 3 August 2022. On 4 August the senior officials "
        "met separately with their counterparts from Japan, Korea and China, then with the "
        "three of them in the ASOD Plus Three.",
        "2022-08-06",
    )
    assert consultations(result) == {
        "ASOD+JPN": ("held", None, "2022-08-04"),
        "ASOD+KOR": ("held", None, "2022-08-04"),
        "ASOD+CHN": ("held", None, "2022-08-04"),
        "ASOD+3": ("held", None, "2022-08-04"),
    }


# -- the body's members meeting their counterparts -------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "The 9th AMMD opened in Kuala Lumpur on 10 May 2023. On 12 May the ministers will "
            "meet their counterparts from India and Russia.",
            "2023-05-10",
            {
                "AMMD+IND": ("mentioned", None, "2023-05-12"),
                "AMMD+RUS": ("mentioned", None, "2023-05-12"),
            },
        ),
        (
            "The 18th SOMTC ended in Da Nang on 4 July 2018. On 5 July the officials sat down "
            "with their counterparts from Korea, Japan and China, first together at the 15th "
            "SOMTC Plus Three and then one by one.",
            "2018-07-07",
            {
                "SOMTC+3": ("held", 15, "2018-07-05"),
                "SOMTC+KOR": ("held", None, "2018-07-05"),
                "SOMTC+JPN": ("held", None, "2018-07-05"),
                "SOMTC+CHN": ("held", None, "2018-07-05"),
            },
        ),
    ],
)
def test_the_bodys_members_meeting_their_counterparts_hold_consultations(
    read: Any, text: str, published: str, expected: dict[str, tuple[Any, ...]]
) -> None:
    assert consultations(read(text, published)) == expected


def test_partners_named_after_another_meeting_are_that_meetings(read: Any) -> None:
    result = read(
        "The 16th AMMTC closed in Phnom Penh on 21 September 2022. On 22 September the "
        "ministers met their counterparts from Japan, China and Korea at the AMMTC Plus Three, "
        "before the ASEAN Summit in Phnom Penh, to which Canada and Australia were invited.",
        "2022-09-24",
    )
    assert consultations(result) == {"AMMTC+3": ("held", None, "2022-09-22")}


# -- an undated report whose lead dates the meeting it reports -------------------------------


def meetings_of(result: dict[str, Any]) -> dict[tuple[str, int | None], tuple[Any, ...]]:
    return {(m["body"], m["number"]): (m["relation"], m["start_date"]) for m in result["meetings"]}


def test_a_meeting_held_on_the_days_the_undated_lead_gives_is_the_one_reported(
    read: Any,
) -> None:
    result = read(
        "Manila - A delegation led by the police chief attended the 17th ASEAN Ministerial "
        "Meeting on Transnational Crime held in Labuan Bajo, Indonesia, from 20 to 23 August "
        "2023. The ministers agreed that the 18th AMMTC will be held in Vientiane in 2024.",
        None,
    )
    assert meetings_of(result) == {
        ("AMMTC", 17): ("held", "2023-08-20"),
        ("AMMTC", 18): ("mentioned", "2024"),
    }


def test_a_month_to_come_in_an_undated_report_is_after_the_lead_day(read: Any) -> None:
    result = read(
        "Jakarta - Indonesia's drug agency took part in the 38th ASOD, convened in Cebu from 28 "
        "to 30 August 2017, where it presented its seizure figures. It will also attend the 6th "
        "AMMD, to be held in Brunei in October.",
        None,
    )
    assert meetings_of(result) == {
        ("ASOD", 38): ("held", "2017-08-28"),
        ("AMMD", 6): ("mentioned", "2017-10"),
    }


# -- outcomes sent on -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "forwarded"),
    [
        (
            "The 24th SOMTC closed in Luang Prabang on 13 June 2024. Its findings will feed into "
            "the 18th AMMTC in Vientiane in August.",
            ("AMMTC", 18),
        ),
        (
            "The 44th ASOD ended in Bali on 12 October 2023. The draft work plan was finalised "
            "for submission to the 8th AMMD.",
            ("AMMD", 8),
        ),
        (
            "The 7th meeting of the SOMTC Working Group on Cybercrime ended in Singapore on 5 "
            "May 2023. The officials agreed on their recommendations to the 23rd SOMTC.",
            ("SOMTC", 23),
        ),
        (
            "The 43rd ASEANAPOL Conference closed in Hanoi on 20 September 2023. Its resolutions "
            "will be put to the 17th AMMTC next month.",
            ("AMMTC", 17),
        ),
    ],
)
def test_a_meeting_the_outcomes_are_sent_on_to_is_forwarded_to(
    read: Any, text: str, forwarded: tuple[str, int]
) -> None:
    relations = {(m["body"], m["number"]): m["relation"] for m in read(text)["meetings"]}
    assert relations[forwarded] == "forwarded_to"
    assert list(relations.values()).count("held") == 1


@pytest.mark.parametrize(
    "text",
    [
        "The 8th AMMD closed in Siem Reap on 3 August 2023. The goal was set long ago, the "
        "chair said, referring to the 1st AMMD in Kuala Lumpur in 2012.",
        "The 8th AMMD closed in Siem Reap on 3 August 2023. Delegates referred to the outcome of "
        "the 1st AMMD in Kuala Lumpur in 2012.",
    ],
)
def test_a_meeting_referred_to_is_mentioned_not_forwarded_to(read: Any, text: str) -> None:
    relations = {(m["body"], m["number"]): m["relation"] for m in read(text)["meetings"]}
    assert relations == {("AMMD", 8): "held", ("AMMD", 1): "mentioned"}


@pytest.mark.parametrize(
    ("text", "sent_to", "beside"),
    [
        (
            "The 9th ASOD+3 consultation ended in Hanoi on 14 August 2024. Its report will be "
            "submitted to the AMMD+3 consultation, to be held on the sidelines of the 9th AMMD "
            "in October.",
            "AMMD+3",
            ("AMMD", 9),
        ),
        (
            "The 3rd SOMTC+EU consultation ended in Brussels on 2 March 2021. Both sides agreed "
            "to submit their findings to the next consultation, held in the margins of the 22nd "
            "SOMTC in June.",
            None,
            ("SOMTC", 22),
        ),
    ],
)
def test_the_meeting_where_the_one_sent_to_meets_is_mentioned(
    read: Any, text: str, sent_to: str | None, beside: tuple[str, int]
) -> None:
    relations = {(m["body"], m["number"]): m["relation"] for m in read(text)["meetings"]}
    assert relations[beside] == "mentioned"
    if sent_to is not None:
        assert relations[(sent_to, None)] == "forwarded_to"


# -- another numbered meeting of the reported one's series ------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "other"),
    [
        (
            "The 41st ASEANAPOL Conference opened in Bangkok on 14 November 2023. The 40th "
            "conference took place in Phnom Penh a year earlier.",
            "2023-11-15",
            (40, "Phnom Penh"),
        ),
        (
            "The 20th SOMTC ended in Da Nang on 9 July 2020. Its 19th meeting, held in Bangkok "
            "in 2019, had adopted the work plan.",
            "2020-07-10",
            (19, "Bangkok"),
        ),
    ],
)
def test_another_numbered_meeting_of_the_series_is_mentioned_on_its_own(
    read: Any, text: str, published: str, other: tuple[int, str]
) -> None:
    found = {m["number"]: (m["relation"], m["city"]) for m in read(text, published)["meetings"]}
    assert found[other[0]] == ("mentioned", other[1])
    assert found[other[0] + 1][0] == "held"
    assert found[other[0] + 1][1] != other[1]


def test_a_numbered_session_of_another_named_body_is_not_of_the_series(read: Any) -> None:
    result = read(
        "The 9th AMMD closed in Kuala Lumpur on 10 May 2024. The ministers will speak at the "
        "67th Session of the Commission on Narcotic Drugs.",
        "2024-05-11",
    )
    assert [m["number"] for m in result["meetings"]] == [9]


@pytest.mark.parametrize(
    ("text", "other"),
    [
        (
            "The 8th meeting of the SOMTC Working Group on Counter Terrorism ended in Manila on "
            "3 May 2023. Delegates recalled the fifth meeting of the working group in Bangkok.",
            5,
        ),
        (
            "The 12th ASOD closed in Yangon on 9 October 2011. Progress was measured against the "
            "tenth meeting, held online.",
            10,
        ),
    ],
)
def test_a_meeting_of_the_series_by_a_word_ordinal_and_its_place_is_mentioned(
    read: Any, text: str, other: int
) -> None:
    found = {m["number"]: m["relation"] for m in read(text, None)["meetings"]}
    assert found[other] == "mentioned"
    assert list(found.values()).count("held") == 1


def test_the_first_meeting_since_a_year_is_no_meeting_of_its_own(read: Any) -> None:
    result = read(
        "The 12th ASOD closed in Yangon on 9 October 2011. It was the first meeting since 2009 "
        "to be attended by all members.",
        None,
    )
    assert [m["number"] for m in result["meetings"]] == [12]


# -- the meeting a reported consultation came after -----------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "main"),
    [
        (
            "The 5th ASEAN-India Senior Officials Consultation on Transnational Crime took place "
            "in Jakarta on 18 May 2022, following the 22nd SOMTC.",
            "2022-05-20",
            ("SOMTC", 22),
        ),
        (
            "The 3rd ASEAN-Russia Ministerial Consultation on Transnational Crime was held in "
            "Bali on 12 October 2023, one day after the 17th AMMTC closed.",
            "2023-10-14",
            ("AMMTC", 17),
        ),
    ],
)
def test_the_meeting_of_its_body_a_consultation_came_after_was_held(
    read: Any, text: str, published: str, main: tuple[str, int]
) -> None:
    relations = {(m["body"], m["number"]): m["relation"] for m in read(text, published)["meetings"]}
    assert relations[main] == "held"
    assert "held" in {r for (body, _), r in relations.items() if "+" in body}


@pytest.mark.parametrize(
    ("text", "other"),
    [
        (
            "The 4th ASEAN-India Consultation on Transnational Crime (SOMTC+India) was held "
            "online on 12 June 2023. The first consultation took place in New Delhi in 2016.",
            ("SOMTC+IND", 1),
        ),
        (
            "The 3rd ASOD+China dialogue ended in Kunming on 5 July 2019. Delegates recalled the "
            "second dialogue, held in Vientiane.",
            ("ASOD+CHN", 2),
        ),
    ],
)
def test_another_numbered_consultation_of_the_series_is_mentioned(
    read: Any, text: str, other: tuple[str, int]
) -> None:
    found = {(m["body"], m["number"]): m["relation"] for m in read(text, None)["meetings"]}
    assert found[other] == "mentioned"


# -- a consultation named partner first --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Officials held the 5th India-ASEAN Senior Officials' Consultation on Transnational "
            "Crime in New Delhi on 14 March 2023.",
            ("SOMTC+IND", 5),
        ),
        (
            "Ministers attended the 2nd Japan-ASEAN (10+1) Ministerial Meeting on Transnational "
            "Crime in Tokyo on 9 November 2022.",
            ("AMMTC+JPN", 2),
        ),
    ],
)
def test_a_consultation_named_partner_first_is_the_bodys_with_that_partner(
    read: Any, text: str, expected: tuple[str, int]
) -> None:
    found = [(m["body"], m["number"]) for m in read(text)["meetings"]]
    assert found == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ministers attended the 4th ASEAN-Korea (10+1) Ministerial Meeting on Transnational "
            "Crime in Seoul on 2 November 2022.",
            ("AMMTC+KOR", 4),
        ),
        (
            "Delegates joined the 11th ASEAN Plus Three (10+3) Senior Officials Meeting on "
            "Transnational Crime in Hanoi on 5 June 2014.",
            ("SOMTC+3", 11),
        ),
    ],
)
def test_a_consultation_with_its_format_in_parentheses_is_the_bodys_with_that_partner(
    read: Any, text: str, expected: tuple[str, int]
) -> None:
    found = [(m["body"], m["number"]) for m in read(text)["meetings"]]
    assert found == [expected]


# -- a meeting recalled as held before the report -------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "recalled"),
    [
        (
            "The 25th SOMTC opened in Langkawi on 10 June 2025. Delegates recalled the call made "
            "at the 46th ASEAN Summit in Kuala Lumpur earlier this month.",
            "2025-06-11",
            ("ASEAN-SUMMIT", 46),
        ),
        (
            "The 8th AMMD closed in Siem Reap on 2 August 2023. The ministers built on their "
            "special meeting, the 7th AMMD, held online last month.",
            "2023-08-03",
            ("AMMD", 7),
        ),
    ],
)
def test_a_meeting_held_earlier_this_month_or_last_month_is_mentioned(
    read: Any, text: str, published: str, recalled: tuple[str, int]
) -> None:
    relations = {(m["body"], m["number"]): m["relation"] for m in read(text, published)["meetings"]}
    assert relations[recalled] == "mentioned"
    assert list(relations.values()).count("held") == 1


@pytest.mark.parametrize(
    ("text", "published"),
    [
        (
            "The 14th AMMTC opens in Hanoi today, 27 November 2020. The ministers will consider "
            "the report of the senior officials of the SOMTC, who met yesterday (26 Nov.) in "
            "Hanoi.",
            "2020-11-27",
        ),
        (
            "The 9th AMMD opens in Kuala Lumpur today, 12 May 2024. The ministers will endorse "
            "the work plan drafted by the ASOD, which met yesterday (11 May) in Kuala Lumpur.",
            "2024-05-12",
        ),
    ],
)
def test_a_meeting_over_before_the_day_of_the_report_is_not_still_to_come(
    read: Any, text: str, published: str
) -> None:
    relations = [m["relation"] for m in read(text, published)["meetings"]]
    assert relations == ["held", "held"]
