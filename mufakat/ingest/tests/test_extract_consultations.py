"""Consultations with partners named without the word "consultation": a numbered meeting of the
body "with" a partner, the body's members meeting partners, the body's meetings with them."""

from typing import Any

import pytest


def consultations(result: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {
        m["body"]: (m["relation"], m["number"], m["start_date"])
        for m in result["meetings"]
        if "+" in m["body"]
    }


def numbers_of(result: dict[str, Any], body: str) -> list[int | None]:
    return [m["number"] for m in result["meetings"] if m["body"] == body]


def test_a_numbered_meeting_of_the_body_with_a_partner_is_their_consultation(read: Any) -> None:
    result = read(
        "The 10th AMMTC was held in Kuala Lumpur on 30 September 2015. The ministers then met "
        "the Japanese delegation for the 2nd AMMTC with Japan.",
        "2015-10-02",
    )
    assert consultations(result) == {"AMMTC+JPN": ("held", 2, "2015-09-30")}
    assert numbers_of(result, "AMMTC") == [10]


def test_a_numbered_meeting_with_the_plus_threes_members_is_the_plus_three(read: Any) -> None:
    result = read(
        "The 22nd SOMTC met online on 14 June 2022. The senior officials then joined the 19th "
        "SOMTC with China, Japan and Korea, and the 7th SOMTC with India.",
        "2022-06-16",
    )
    assert consultations(result) == {
        "SOMTC+3": ("held", 19, "2022-06-14"),
        "SOMTC+IND": ("held", 7, "2022-06-14"),
    }
    assert numbers_of(result, "SOMTC") == [22]


@pytest.mark.parametrize(
    "text",
    [
        "The 24th SOMTC with Laos in the chair met in Vientiane on 26 June 2024.",
        "The 24th SOMTC with the participation of India met in Vientiane on 26 June 2024.",
    ],
)
def test_a_numbered_meeting_with_a_member_or_a_guest_stays_the_bodys_own(
    read: Any, text: str
) -> None:
    result = read(text, "2024-06-28")
    assert consultations(result) == {}
    assert numbers_of(result, "SOMTC") == [24]


@pytest.mark.parametrize(
    ("text", "published", "partners", "day"),
    [
        (
            "The 12th SOMTC in Yogyakarta ended on 21 June 2012. On the same day the ASEAN "
            "senior officials sat down with Russia and the United States.",
            "2012-06-22",
            {"SOMTC+RUS", "SOMTC+USA"},
            "2012-06-21",
        ),
        (
            "The 9th AMMTC was held in Vientiane on 17 September 2013. The ministers also held "
            "talks with Japan, China and the Republic of Korea.",
            "2013-09-20",
            {"AMMTC+JPN", "AMMTC+CHN", "AMMTC+KOR"},
            "2013-09-17",
        ),
    ],
)
def test_the_bodys_members_meeting_partners_hold_its_consultations_with_them(
    read: Any, text: str, published: str, partners: set[str], day: str
) -> None:
    found = consultations(read(text, published))
    assert set(found) == partners
    assert {relation for relation, _, _ in found.values()} == {"held"}
    assert {start for _, _, start in found.values()} == {day}


@pytest.mark.parametrize(
    "sentence",
    [
        "Malaysian senior officials also sat down with Australia.",
        "Thailand's ministers held talks with Japan on drug control.",
    ],
)
def test_a_delegations_own_talks_with_a_partner_are_no_consultation(
    read: Any, sentence: str
) -> None:
    text = "The 12th SOMTC in Yogyakarta ended on 21 June 2012. " + sentence
    assert consultations(read(text, "2012-06-22")) == {}


@pytest.mark.parametrize(
    "sentence",
    [
        "ASOD's meetings with China, India and the Republic of Korea followed on 27 August.",
        "The ASOD's annual meetings with China, India and Korea took place on 27 August.",
    ],
)
def test_the_bodys_meetings_with_partners_are_consultations_and_keep_their_own_day(
    read: Any, sentence: str
) -> None:
    text = "The 41st ASOD was held by video conference on 24-26 August 2021. " + sentence
    result = read(text, "2021-08-28")
    assert set(consultations(result)) == {"ASOD+CHN", "ASOD+IND", "ASOD+KOR"}
    assert {start for _, _, start in consultations(result).values()} == {"2021-08-27"}
    (asod,) = [m for m in result["meetings"] if m["body"] == "ASOD"]
    assert (asod["start_date"], asod["end_date"]) == ("2021-08-24", "2021-08-26")


@pytest.mark.parametrize(
    ("text", "published", "bodies"),
    [
        (
            "The 14th SOMTC was held in Bandar Seri Begawan from 16 to 18 June 2014. The SOMTC "
            "also met its counterparts from China, Japan and the Republic of Korea in the SOMTC "
            "Plus Three, and senior officials from Australia and India in separate meetings.",
            "2014-06-20",
            {"SOMTC+3", "SOMTC+AUS", "SOMTC+IND"},
        ),
        (
            "The 17th AMMTC was held in Labuan Bajo on 22 August 2023. Ministers met their "
            "counterparts from Korea, Japan and China at the AMMTC Plus Three, and then held "
            "consultations with India.",
            "2023-08-24",
            {"AMMTC+3", "AMMTC+IND"},
        ),
    ],
)
def test_partners_named_after_the_plus_three_the_members_met_at_keep_their_own_consultations(
    read: Any, text: str, published: str, bodies: set[str]
) -> None:
    assert set(consultations(read(text, published))) == bodies


@pytest.mark.parametrize(
    "sentence",
    [
        "The senior officials also met their Chinese, Japanese and South Korean counterparts "
        "on 20 June.",
        "On 20 June the SOMTC met with its Korean, Chinese and Japanese counterparts.",
    ],
)
def test_counterparts_named_by_their_nationality_are_the_partners_of_consultations(
    read: Any, sentence: str
) -> None:
    text = "The 13th SOMTC was held in Da Nang on 18-19 June 2013. " + sentence
    found = consultations(read(text, "2013-06-22"))
    assert found == {
        f"SOMTC+{partner}": ("held", None, "2013-06-20") for partner in ("CHN", "JPN", "KOR")
    }


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("It was followed by meetings with China, India and the United States.", "2016-08-02"),
        (
            "The following day, meetings with China, India and the United States were held.",
            "2016-08-05",
        ),
        (
            "The ASOD meetings with China, India and the United States followed on 5 August.",
            "2016-08-05",
        ),
    ],
)
def test_meetings_with_partners_after_the_bodys_meeting_are_its_consultations(
    read: Any, sentence: str, day: str
) -> None:
    text = "The 37th ASOD was held in Manila from 2 to 4 August 2016. " + sentence
    result = read(text, "2016-08-06")
    found = consultations(result)
    assert set(found) == {"ASOD+CHN", "ASOD+IND", "ASOD+USA"}
    assert {start for _, _, start in found.values()} == {day}
    assert numbers_of(result, "ASOD") == [37]


@pytest.mark.parametrize(
    "sentence",
    [
        "ASOD also met with China on 28 August.",
        "The ASOD then sat down with India and China on 28 August.",
    ],
)
def test_the_day_the_body_met_its_partners_is_not_a_day_of_its_own_meeting(
    read: Any, sentence: str
) -> None:
    text = "The 36th ASOD was held in Vientiane on 25-27 August 2015. " + sentence
    result = read(text, "2015-08-30")
    (asod,) = [m for m in result["meetings"] if m["body"] == "ASOD"]
    assert (asod["start_date"], asod["end_date"]) == ("2015-08-25", "2015-08-27")
    assert {start for _, _, start in consultations(result).values()} == {"2015-08-28"}


def test_a_delegations_own_meetings_with_a_partner_are_no_consultation(read: Any) -> None:
    text = (
        "The 37th ASOD was held in Manila from 2 to 4 August 2016. The Thai delegation also "
        "had bilateral meetings with China and India."
    )
    assert consultations(read(text, "2016-08-06")) == {}


@pytest.mark.parametrize(
    "sentence",
    [
        "Also on the agenda were the SOMTC's sessions with Australia and India on 13 June.",
        "The SOMTC talks with Australia and India took place on 13 June.",
        "It was followed by the SOMTC-Australia and SOMTC-India sessions on 13 June.",
    ],
)
def test_sessions_and_talks_of_the_body_with_partners_are_consultations(
    read: Any, sentence: str
) -> None:
    text = "The 19th SOMTC was held in Hanoi on 11-12 June 2019. " + sentence
    result = read(text, "2019-06-14")
    assert consultations(result) == {
        "SOMTC+AUS": ("held", None, "2019-06-13"),
        "SOMTC+IND": ("held", None, "2019-06-13"),
    }
    (somtc,) = [m for m in result["meetings"] if m["body"] == "SOMTC"]
    assert (somtc["number"], somtc["end_date"]) == (19, "2019-06-12")


@pytest.mark.parametrize(
    ("sentence", "body"),
    [
        (
            "A joint session of the SOMTC with China, Japan and Korea followed on 21 September.",
            "SOMTC+3",
        ),
        ("A meeting of the SOMTC with Japan followed on 21 September.", "SOMTC+JPN"),
    ],
)
def test_a_session_of_the_body_with_partners_is_their_consultation(
    read: Any, sentence: str, body: str
) -> None:
    text = "The 17th SOMTC took place in Vientiane on 19-20 September 2017. " + sentence
    assert consultations(read(text, "2017-09-22")) == {body: ("held", None, "2017-09-21")}


@pytest.mark.parametrize(
    ("sentence", "body", "number"),
    [
        (
            "On 13 June the senior officials also held the 5th ASEAN-Japan meeting on "
            "transnational crime.",
            "SOMTC+JPN",
            5,
        ),
        (
            "A meeting of ASEAN and Japan ministers on transnational crime was held on 13 June.",
            "AMMTC+JPN",
            None,
        ),
    ],
)
def test_a_meeting_of_asean_and_a_partner_on_transnational_crime_is_their_consultation(
    read: Any, sentence: str, body: str, number: int | None
) -> None:
    text = "The 19th SOMTC was held in Hanoi on 11-12 June 2019. " + sentence
    assert consultations(read(text, "2019-06-14")) == {body: ("held", number, "2019-06-13")}


@pytest.mark.parametrize(
    "sentence",
    [
        "On the third day, meetings were held with Australia and India, separately.",
        "Sessions were then held with Australia and India on 29 July.",
    ],
)
def test_meetings_held_with_partners_are_consultations(read: Any, sentence: str) -> None:
    text = "The 21st SOMTC opened online on 27 July 2021. " + sentence
    assert consultations(read(text, "2021-07-31")) == {
        "SOMTC+AUS": ("held", None, "2021-07-29"),
        "SOMTC+IND": ("held", None, "2021-07-29"),
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "At the meeting of the ASOD and China on 13 July, the two sides reviewed their work plan.",
        "The meeting of ASOD and China, on 13 July, reviewed the work plan.",
    ],
)
def test_the_meeting_of_the_body_and_a_partner_is_their_consultation(
    read: Any, sentence: str
) -> None:
    text = "The 44th ASOD was held in Bangkok on 10-12 July 2024. " + sentence
    result = read(text, "2024-07-15")
    assert consultations(result) == {"ASOD+CHN": ("held", None, "2024-07-13")}
    (asod,) = [m for m in result["meetings"] if m["body"] == "ASOD"]
    assert (asod["number"], asod["end_date"]) == (44, "2024-07-12")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "The 18th AMMTC will be held in Vientiane on 21 August 2024, followed by the AMMTC+3 "
            "and the AMMTC+China on 22 August.",
            "2024-08-22",
        ),
        (
            "Laos will host the 18th AMMTC in Vientiane on 21-22 August. Consultations with China "
            "and the Plus Three will take place on the second day.",
            "2024-08-22",
        ),
    ],
)
def test_consultations_announced_for_a_day_of_their_own_keep_it(
    read: Any, text: str, day: str
) -> None:
    found = consultations(read(text, "2024-06-10"))
    assert set(found) == {"AMMTC+3", "AMMTC+CHN"}
    assert {(relation, start) for relation, _, start in found.values()} == {("mentioned", day)}


@pytest.mark.parametrize(
    ("sentence", "body", "number"),
    [
        ("On 16 June the SOMTC and Japan held their 19th meeting.", "SOMTC+JPN", 19),
        ("The SOMTC and the European Union also met on 16 June.", "SOMTC+EU", None),
    ],
)
def test_the_body_and_a_partner_meeting_together_hold_their_consultation(
    read: Any, sentence: str, body: str, number: int | None
) -> None:
    result = read("The 21st SOMTC was held online on 15 June 2021. " + sentence, "2021-06-20")
    assert consultations(result) == {body: ("held", number, "2021-06-16")}
    assert numbers_of(result, "SOMTC") == [21]


@pytest.mark.parametrize(
    "sentence",
    [
        "The ASEAN ministers then met with their Chinese counterpart for the 4th time.",
        "The ministers held consultations with China for the fourth time.",
    ],
)
def test_a_consultation_counted_for_the_nth_time_has_that_number(read: Any, sentence: str) -> None:
    result = read("The 8th AMMTC was held in Bali on 11 October 2011. " + sentence, "2011-10-14")
    assert consultations(result) == {"AMMTC+CHN": ("held", 4, "2011-10-11")}


def test_a_consultations_ordinal_in_parentheses_after_its_name_is_its_number(read: Any) -> None:
    text = (
        "The 22nd SOMTC met online on 14 June 2022. Related meetings: SOMTC+3 (19th), "
        "SOMTC+China (18th) and the SOMTC-Japan Consultation (20th)."
    )
    found = consultations(read(text, "2022-06-16"))
    assert {body: number for body, (_, number, _) in found.items()} == {
        "SOMTC+3": 19,
        "SOMTC+CHN": 18,
        "SOMTC+JPN": 20,
    }


@pytest.mark.parametrize(
    "text",
    [
        "The SOMTC met online on 21 July 2022. The related meetings with Canada and India, and "
        "the related meetings with the US and Australia, took place on 20 and 21 July "
        "respectively.",
        "The SOMTC met online on 21 July 2022. Meetings with Canada and India, and meetings "
        "with the US and Australia, were held on 20 and 21 July respectively.",
    ],
)
def test_two_lists_of_partners_take_two_days_respectively(read: Any, text: str) -> None:
    found = consultations(read(text, "2022-07-22"))
    assert {body: start for body, (_, _, start) in found.items()} == {
        "SOMTC+CAN": "2022-07-20",
        "SOMTC+IND": "2022-07-20",
        "SOMTC+USA": "2022-07-21",
        "SOMTC+AUS": "2022-07-21",
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "The meeting between SOMTC and China took place on the morning of 20 July.",
        "The meeting between the SOMTC and China was co-chaired by Myanmar on 20 July.",
    ],
)
def test_the_meeting_between_the_body_and_a_partner_is_their_consultation(
    read: Any, sentence: str
) -> None:
    result = read("The 22nd SOMTC was held online on 21 July 2022. " + sentence, "2022-07-22")
    assert consultations(result) == {"SOMTC+CHN": ("held", None, "2022-07-20")}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (
            "The 12th ASEAN Plus China, Japan and the Republic of Korea (10+3) Ministerial "
            "Meeting on Combating Transnational Crime was held online on 22 September 2022.",
            12,
        ),
        (
            "Ministers attended the 10th ASEAN Plus China, Japan and Korea and the 7th "
            "ASEAN-China Ministerial Meetings on Transnational Crime online on 22 September 2022.",
            10,
        ),
    ],
)
def test_the_plus_three_spelled_out_before_a_bodys_name_is_its_plus_three(
    read: Any, text: str, number: int
) -> None:
    found = consultations(read(text, "2022-09-23"))
    assert found["AMMTC+3"][:2] == ("held", number)


@pytest.mark.parametrize(
    "text",
    [
        "The 19th AMMTC opened in Melaka on 8 September 2025, attended by ASEAN's dialogue "
        "partners China, Japan and India. Consultations with partners will be held later in "
        "the week.",
        "Dialogue partners China, Japan and India joined the 19th AMMTC, which opened in Melaka "
        "on 8 September 2025. Consultations with the partners will follow.",
    ],
)
def test_consultations_with_partners_unnamed_are_with_the_dialogue_partners_named_before(
    read: Any, text: str
) -> None:
    found = consultations(read(text, "2025-09-08"))
    assert set(found) == {"AMMTC+CHN", "AMMTC+JPN", "AMMTC+IND"}


@pytest.mark.parametrize(
    "text",
    [
        "The 6th Ministerial Meeting of the ASEAN countries and China, Japan and the Republic of "
        "Korea on combating transnational crime was held in Vientiane on 18 September 2013.",
        "The sixth ministerial meeting of ASEAN and Korea, Japan and China was held in Vientiane "
        "on 18 September 2013.",
    ],
)
def test_a_meeting_of_a_level_of_asean_and_the_plus_three_is_that_bodys_plus_three(
    read: Any, text: str
) -> None:
    assert consultations(read(text, "2013-09-19")) == {"AMMTC+3": ("held", 6, "2013-09-18")}


@pytest.mark.parametrize(
    ("partner", "body"),
    [
        ("Canada", "SOMTC+CAN"),
        ("New Zealand", "SOMTC+NZL"),
        ("the Russian Federation", "SOMTC+RUS"),
    ],
)
def test_senior_officials_meeting_asean_and_a_partner_is_the_somtc_consultation_on_record(
    read: Any, partner: str, body: str
) -> None:
    """The registry records SOMTC's consultation with each dialogue partner (and no other
    senior officials' body consulting it), so "senior officials" and the partner name one."""
    result = read(
        "The 19th SOMTC opened in Bangkok on 20 June 2019. It was followed by the senior "
        f"officials' meeting between ASEAN and {partner}.",
        "2019-06-22",
    )
    assert consultations(result) == {body: ("held", None, "2019-06-20")}
