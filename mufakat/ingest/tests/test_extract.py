"""The extractor on the genre: cases written for what the examples do not show."""

import datetime as dt
from typing import Any

import pytest

from mufakat.ingest.extract import extract
from mufakat.ingest.extract.dates import find_dates
from mufakat.ingest.extract.gazetteer import KnownMeeting
from mufakat.ingest.tests.conftest import build_demo_gazetteer


def meeting(result: dict[str, Any], body: str) -> dict[str, Any]:
    found = [m for m in result["meetings"] if m["body"] == body]
    assert len(found) == 1, result["meetings"]
    return found[0]


# -- numbering -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("The 19th SOMTC opened in Jakarta on Monday.", 19),
        ("The nineteenth SOMTC opened in Jakarta on Monday.", 19),
        ("The twenty-first SOMTC opened in Jakarta on Monday.", 21),
        ("SOMTC 18 opened in Jakarta on Monday.", 18),
        ("The 18th Meeting of the SOMTC opened in Jakarta on Monday.", 18),
        ("Delegates gathered for the first meeting of the Working Group on Arms Smuggling.", 1),
        ("The XIX SOMTC opened in Jakarta on Monday.", 19),
        ("The SOMTC opened in Jakarta on Monday. It was the 19th such meeting.", 19),
        ("The SOMTC opened in Jakarta on Monday, the 19th edition of the SOMTC.", 19),
        ("The SOMTC met for the nineteenth time in Jakarta on Monday.", 19),
        ("The SOMTC's 19th meeting opened in Jakarta on Monday.", 19),
        ("The SOMTC met in Jakarta on Monday. It was the 19th time the officials had met.", 19),
        ("The SOMTC met in Jakarta on Monday. Indonesia hosted the 19th edition.", 19),
        ("The 19 th SOMTC opened in Jakarta on Monday.", 19),
        ("SOMTC 19th opened in Jakarta on Monday.", 19),
    ],
)
def test_meeting_numbers_are_read_in_every_spelling(read: Any, text: str, number: int) -> None:
    (found,) = read(text)["meetings"]
    assert found["number"] == number
    assert found["relation"] == "held"


def test_a_number_followed_by_a_month_is_a_date_not_a_meeting_number(read: Any) -> None:
    found = meeting(read("The SOMTC 18 May session opened in Jakarta."), "SOMTC")
    assert found["number"] is None
    assert found["start_date"] == "2023-05-18"


# -- dates -----------------------------------------------------------------------------------


def test_a_range_across_two_months_keeps_both_months(read: Any) -> None:
    found = meeting(
        read("The 24th SOMTC was held in Vientiane from 30 May - 1 June 2023."), "SOMTC"
    )
    assert (found["start_date"], found["end_date"]) == ("2023-05-30", "2023-06-01")


@pytest.mark.parametrize(
    "text",
    [
        "Delegates recalled that the 35th ASOD met in Manila on 1-4 July. Thailand will host "
        "the 44th ASOD.",
        "The 36th ASOD took place on 24 August in Vientiane; Myanmar then took the chair of "
        "the 39th ASOD.",
    ],
)
def test_an_undated_report_takes_the_year_the_registry_gives_the_meeting_dated_by_month(
    read: Any, text: str
) -> None:
    found = [m for m in read(text, None)["meetings"] if m["body"] == "ASOD" and m["start_date"]]
    assert found[0]["start_date"][:4] in {"2014", "2015"}
    assert found[0]["start_date"] in {"2014-07-01", "2015-08-24"}


@pytest.mark.parametrize(
    "text",
    [
        "The 38th ASOD closed in Singapore; it took place from 25 to 27 July 2017. As Chair of "
        "the 44th ASOD, Thailand thanked the hosts.",
        "Delegates said the ASOD, held on 25-27 July 2017 in Singapore, was a success. Next, "
        "the 39th ASOD and later the 44th ASOD will build on it.",
    ],
)
def test_an_undated_report_is_of_the_time_its_lead_dates_the_meeting_held(
    read: Any, text: str
) -> None:
    result = read(text, None)
    held = [m for m in result["meetings"] if m["relation"] == "held"]
    assert [(m["body"], m["start_date"]) for m in held] == [("ASOD", "2017-07-25")]


@pytest.mark.parametrize(
    "text",
    [
        "The 25th SOMTC in Manila will deepen ASEAN's cooperation, the police chief said. The "
        "Philippines will host the 25th SOMTC on 16-18 June 2025.",
        "Officials expect the 25th SOMTC to agree a new work plan. The 25th SOMTC is to be "
        "held in Manila from 16 to 18 June 2025.",
    ],
)
def test_a_meeting_named_first_without_a_word_of_its_taking_place_then_announced_is_to_come(
    read: Any, text: str
) -> None:
    found = meeting(read(text, "2025-06-10"), "SOMTC")
    assert (found["relation"], found["start_date"]) == ("mentioned", "2025-06-16")


def test_a_month_day_range_without_a_year_takes_the_publication_year(read: Any) -> None:
    found = meeting(
        read("The 17th AMMTC was held in Labuan Bajo from August 20 to 23.", "2023-08-24"),
        "AMMTC",
    )
    assert (found["start_date"], found["end_date"]) == ("2023-08-20", "2023-08-23")


def test_a_weekday_is_resolved_against_the_publication_date(read: Any) -> None:
    found = meeting(read("The 17th AMMTC opened on Tuesday in Labuan Bajo.", "2023-08-24"), "AMMTC")
    assert found["start_date"] == "2023-08-22"


def test_this_year_gives_a_month_date(read: Any) -> None:
    text = (
        "The outcomes will be submitted to the AMMTC to be hosted by Indonesia in Labuan Bajo "
        "in August this year."
    )
    found = meeting(read(text), "AMMTC")
    assert (found["relation"], found["start_date"], found["end_date"]) == (
        "forwarded_to",
        "2023-08",
        None,
    )


def test_without_any_date_the_registry_fixes_the_year(read: Any) -> None:
    found = meeting(
        read("The 17th AMMTC was held in Labuan Bajo from August 20 to 23.", None), "AMMTC"
    )
    assert found["start_date"] == "2023-08-20"


def test_an_undated_report_of_a_numbered_meeting_gives_its_year_alone(read: Any) -> None:
    # no publication date, no date line: "today" has no anchor, the registry fixes the year
    found = meeting(read("The 17th AMMTC opened today in Labuan Bajo.", None), "AMMTC")
    assert (found["start_date"], found["end_date"]) == ("2023", None)


def test_a_weekday_in_an_undated_report_is_not_read_off_the_registry(read: Any) -> None:
    text = "Ministers ended the 19th AMMTC in Kuala Lumpur on Thursday after four days of talks."
    found = meeting(read(text, None), "AMMTC")
    assert (found["start_date"], found["end_date"]) == ("2025", None)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("The 17th AMMTC met in Labuan Bajo on 22.8.2023.", "2023-08-22", None),
        ("The 17th AMMTC met in Labuan Bajo on 21-23/8/2023.", "2023-08-21", "2023-08-23"),
        (
            "The 17th AMMTC met in Labuan Bajo on 21.08.2023 - 23.08.2023.",
            "2023-08-21",
            "2023-08-23",
        ),
        ("The 17th AMMTC met in Labuan Bajo on 22-August-2023.", "2023-08-22", None),
        ("The 17th AMMTC met in Labuan Bajo on 2023/08/22.", "2023-08-22", None),
    ],
)
def test_numeric_dates_are_read_day_first(read: Any, text: str, start: str, end: str) -> None:
    found = meeting(read(text, "2023-08-25"), "AMMTC")
    assert (found["start_date"], found["end_date"] or None) == (start, end or start)


@pytest.mark.parametrize(
    ("text", "month", "day", "year"),
    [
        ("On the morning of 29/9, the minister attended.", 9, 29, None),
        ("The delegates met on 29/9 in Hanoi.", 9, 29, None),
        ("It was organised in 11/2020 by Viet Nam.", 11, None, 2020),
        ("They spent on 1/3 of the budget.", None, None, None),
    ],
)
def test_day_and_month_and_month_and_year_in_figures(
    text: str, month: int | None, day: int | None, year: int | None
) -> None:
    found = [d.start for d in find_dates(text)]
    assert [(d.month, d.day, d.year) for d in found] == ([(month, day, year)] if month else [])


def test_an_undated_report_takes_its_year_from_the_latest_meeting_the_registry_knows(
    read: Any,
) -> None:
    text = (
        "Following the success of the AMMTC 14 Conference, which Viet Nam chaired and organised "
        "in 11/2020, the AMMTC 15 Conference was held online on 29/9."
    )
    result = read(text, None)
    assert [
        (m["number"], m["relation"], m["start_date"], m["host"]) for m in result["meetings"]
    ] == [
        (14, "mentioned", "2020-11", "VNM"),
        (15, "held", "2021-09-29", "BRN"),
    ]


def test_an_undated_report_is_dated_by_the_meeting_it_reports_not_the_one_to_come(
    read: Any,
) -> None:
    text = "The 18th AMMTC ended on August 28 in Vientiane. Malaysia will host the 19th AMMTC."
    assert meeting_numbered(read(text, None), 18)[:2] == ("held", "2024-08-28")


def test_an_undated_report_dates_the_days_it_speaks_of_in_the_registrys_year(read: Any) -> None:
    text = "The 20th SOMTC is taking place online; it began on September 16 and will last two days."
    assert meeting_numbered(read(text, None), 20)[2] == "2020-09-16"


def test_meetings_named_together_that_the_registry_holds_days_apart_were_both_held() -> None:
    registry = build_demo_gazetteer()
    for number, day in ((28, dt.date(2016, 9, 6)), (29, dt.date(2016, 9, 7))):
        registry.meetings.setdefault("ASEAN-SUMMIT", []).append(
            KnownMeeting(900 + number, "ASEAN-SUMMIT", number, day, day, "day", "LAO")
        )
    text = (
        "VIENTIANE, Laos – In the chairman's statement for the 28th and 29th ASEAN summits, the "
        "leaders reaffirmed their commitment to a drug-free region."
    )
    result = extract(text, published=dt.date(2016, 9, 8), gazetteer=registry).to_json()
    assert [(m["number"], m["relation"], m["city"]) for m in result["meetings"]] == [
        (28, "held", "Vientiane"),
        (29, "held", "Vientiane"),
    ]


def meeting_numbered(result: dict[str, Any], number: int) -> tuple[str, str | None, str | None]:
    (found,) = [m for m in result["meetings"] if m["number"] == number]
    return found["relation"], found["end_date"] or found["start_date"], found["start_date"]


def test_a_weekday_with_its_day_and_month_needs_no_publication_date(read: Any) -> None:
    found = meeting(read("The 17th AMMTC met in Labuan Bajo on Tuesday (22/8).", None), "AMMTC")
    assert found["start_date"] == "2023-08-22"


@pytest.mark.parametrize(
    "text",
    [
        "The 24th SOMTC opened on 24 June and closed on 27 June in Vientiane.",
        "The 24th SOMTC, which began on 24 June, concluded in Vientiane on 27 June.",
        "The 24th SOMTC, which opened on Monday, ended today in Vientiane.",
        "The 24th SOMTC began in Vientiane on Monday and will end on Thursday.",
        "VIENTIANE, 27 June 2024 — The 24th SOMTC, which opened on Monday, ended today.",
    ],
)
def test_the_day_it_opened_and_the_day_it_closed_are_its_span(read: Any, text: str) -> None:
    found = meeting(read(text, "2024-06-27"), "SOMTC")
    assert (found["start_date"], found["end_date"], found["city"]) == (
        "2024-06-24",
        "2024-06-27",
        "Vientiane",
    )


@pytest.mark.parametrize(
    "closing",
    ["will last until Thursday, 27 June", "will run until 27 June", "runs through 27 June"],
)
def test_a_meeting_under_way_takes_the_day_it_began_and_the_day_it_will_close(
    read: Any, closing: str
) -> None:
    text = f"The 24th SOMTC is under way in Vientiane; it began on 24 June and {closing}."
    found = meeting(read(text, "2024-06-25"), "SOMTC")
    assert (found["relation"], found["start_date"], found["end_date"]) == (
        "held",
        "2024-06-24",
        "2024-06-27",
    )


def test_an_undated_report_reads_the_closing_day_in_the_registrys_year(read: Any) -> None:
    text = "The 23rd SOMTC is under way in Yogyakarta; it opened on 19 June and will run until 23 June."
    found = meeting(read(text, None), "SOMTC")
    assert (found["start_date"], found["end_date"]) == ("2023-06-19", "2023-06-23")


def test_the_day_of_the_closing_of_the_meeting_is_its_last_day(read: Any) -> None:
    text = (
        "The 60th ASEANAPOL Conference in Hanoi has been officially closed. The police chiefs "
        "signed a joint communique at the closing of the ASEANAPOL Conference on Thursday (6/8)."
    )
    found = meeting(read(text, "2027-08-07"), "ASEANAPOL")
    assert (found["start_date"], found["end_date"]) == (None, "2027-08-06")


def test_the_venue_and_days_under_an_event_pages_headline_are_the_meetings(read: Any) -> None:
    text = (
        "Senior Officials Meeting on Transnational Crime\n\nVientiane, 24-27 June 2024\n\n"
        "Laos was the host of the 24th SOMTC, attended by delegates of all member states."
    )
    found = meeting(read(text, None), "SOMTC")
    assert (found["start_date"], found["end_date"], found["city"]) == (
        "2024-06-24",
        "2024-06-27",
        "Vientiane",
    )


def test_venue_lines_under_a_headline_give_the_city_and_the_day(read: Any) -> None:
    text = (
        "24th Senior Officials Meeting on Transnational Crime\n\nNational Convention Centre\n"
        "Kaysone Road, Vientiane\n24 June 2024\n\nThe Prime Minister graced the opening of the "
        "24th SOMTC, the yearly gathering of the region's senior law enforcement officials."
    )
    found = meeting(read(text, "2024-06-24"), "SOMTC")
    assert (found["start_date"], found["city"]) == ("2024-06-24", "Vientiane")


def test_a_city_in_a_headline_is_not_a_venue_line(read: Any) -> None:
    text = (
        "Ministers meet in Vientiane on crime\n\n24 June 2024\n\n"
        "Officials said on Monday that the 18th AMMTC would be held in Laos in August."
    )
    found = meeting(read(text, "2024-06-24"), "AMMTC")
    assert (found["city"], found["start_date"]) == (None, "2024-08")


def test_a_venue_named_with_its_city_gives_the_city(read: Any) -> None:
    text = "The 24th SOMTC was held at Hotel Lao Plaza Vientiane on 24 June 2024."
    assert meeting(read(text, "2024-06-25"), "SOMTC")["city"] == "Vientiane"


def test_one_meeting_named_on_two_days_is_one_meeting_over_both(read: Any) -> None:
    text = (
        "The SOMTC opened in Vientiane on 24 June. On 26 June, the SOMTC adopted its report. "
        "The SOMTC of 2019, held in Bangkok, had agreed the plan."
    )
    found = [m for m in read(text, "2024-06-27")["meetings"] if m["relation"] == "held"]
    assert [(m["body"], m["start_date"], m["end_date"]) for m in found] == [
        ("SOMTC", "2024-06-24", "2024-06-26")
    ]


def test_a_published_header_written_out_is_the_publication_date(read: Any) -> None:
    text = "Published: 24 Aug 2023 10:15\n\nThe 17th AMMTC opened in Labuan Bajo on Tuesday."
    assert meeting(read(text, None), "AMMTC")["start_date"] == "2023-08-22"


def test_a_hyphenated_name_a_city_before_city_and_its_length_in_days(read: Any) -> None:
    text = (
        "Delegates attended the 24th ASEAN Senior Officials' Meeting on Trans-national Crime "
        "(SOMTC) in Laos's northern Luang Prabang city on Tuesday. The four-day regional "
        "meeting reviews the work plans."
    )
    found = meeting(read(text, "2024-06-26"), "SOMTC")
    assert (found["number"], found["city"], found["start_date"], found["end_date"]) == (
        24,
        "Luang Prabang",
        "2024-06-25",
        "2024-06-28",
    )


def test_under_the_presidency_of_the_hosts_minister_the_host_chairs(read: Any) -> None:
    text = (
        "Laos hosted the 18th AMMTC on 28 August 2024 in Vientiane, under the presidency of "
        "the Deputy Prime Minister."
    )
    assert meeting(read(text, "2024-08-29"), "AMMTC")["chair"] == "LAO"


def test_a_dateline_with_a_dated_credit_is_not_the_meetings_date(read: Any) -> None:
    text = (
        "VIENTIANE, Aug. 12 (Wire / Example News - 12th Aug, 2023 ) :The eighth ASEAN "
        "ministerial meeting on drug matters has taken place in Vientiane. The meeting was "
        "chaired on Friday by the Lao minister."
    )
    found = meeting(read(text, "2023-08-12"), "AMMD")
    assert (found["start_date"], found["city"]) == ("2023-08-11", "Vientiane")


def test_a_meeting_that_opens_on_a_weekday_opens_on_the_coming_one(read: Any) -> None:
    # published on Monday 19 August 2024
    found = meeting(read("The 18th AMMTC opens in Vientiane on Wednesday.", "2024-08-19"), "AMMTC")
    assert (found["start_date"], found["relation"]) == ("2024-08-21", "mentioned")
    same_day = meeting(read("The 18th AMMTC opens in Vientiane on Monday.", "2024-08-19"), "AMMTC")
    assert same_day["start_date"] == "2024-08-19"


def test_the_day_a_quotation_was_given_does_not_date_the_meeting(read: Any) -> None:
    text = (
        'Ministers attended the 4th AMMTC+Japan Consultation in Labuan Bajo. "The meeting was '
        'useful," explained the head of the division, Inspector General Krishna, on Thursday (24/8).'
    )
    found = meeting(read(text, "2023-08-25"), "AMMTC+JPN")
    assert found["start_date"] is None


def test_a_quotation_given_at_the_meeting_keeps_its_date(read: Any) -> None:
    text = '"We adopted the plan," the minister said at the 17th AMMTC, held on 22 August in Labuan Bajo.'
    assert meeting(read(text, "2023-08-25"), "AMMTC")["start_date"] == "2023-08-22"


def test_the_day_an_official_took_office_does_not_date_the_meeting(read: Any) -> None:
    text = "The president, on his first trip since taking office on June 30, joined the 28th ASEAN Summit."
    assert meeting(read(text, "2016-09-08"), "ASEAN-SUMMIT")["start_date"] is None


def test_a_date_line_under_the_headline_is_the_publication_date(read: Any) -> None:
    text = "Ministers meet in Bangkok\nNovember, 29 2019\nThe 13th AMMTC took place in Bangkok on November 27."
    found = meeting(read(text, None), "AMMTC")
    assert found["start_date"] == "2019-11-27"


def test_a_wire_dateline_is_neither_venue_nor_party(read: Any) -> None:
    text = "HANOI, Sept 21 (Xinhua) -- The 16th AMMTC was held virtually on Wednesday, hosted by Cambodia."
    result = read(text, "2022-09-22")
    found = meeting(result, "AMMTC")
    assert (found["city"], found["host"], found["start_date"]) == ("online", "KHM", "2022-09-21")
    assert "VNM" not in result["parties"]


# -- bodies in their variants ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The SOMTC Working Group on Cybercrime met in Singapore on 3 May 2023.", "SOMTC-WG-CYBER"),
        (
            "The Working Group on Trafficking in Persons (WG on TIP) met in Manila on 3 May 2023.",
            "SOMTC-WG-TIP",
        ),
        ("The SOMTC WG on CT met in Bali on 3 May 2023.", "SOMTC-WG-CT"),
        (
            "The Senior Officials Meeting on Transnational Crime (SOMTC) Working Group on Counter-Terrorism met in Bali on 3 May 2023.",
            "SOMTC-WG-CT",
        ),
        ("The 23rd SOMTC met in Yogyakarta on 19 June 2023.", "SOMTC"),
        (
            "The 23rd Senior Officials' Meeting on Transnational Crime met in Yogyakarta on 19 June 2023.",
            "SOMTC",
        ),
        (
            "The 23rd ASEAN Senior Officials Meeting on Transnational Crime met in Yogyakarta on 19 June 2023.",
            "SOMTC",
        ),
    ],
)
def test_bodies_are_recognised_with_and_without_their_expansion(
    read: Any, text: str, body: str
) -> None:
    (found,) = read(text)["meetings"]
    assert found["body"] == body


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The 10th AMMTC+3 Consultation took place in Bangkok on 28 November 2019.", "AMMTC+3"),
        ("The AMMTC Plus Three consultation took place in Bangkok on 28 November 2019.", "AMMTC+3"),
        (
            "The ASEAN Plus Three Senior Officials Meeting on Transnational Crime took place in Bangkok on 28 November 2019.",
            "SOMTC+3",
        ),
        ("The 19th SOMTC + Japan was held in Yogyakarta on 21 June 2023.", "SOMTC+JPN"),
        ("The SOMTC-China Consultation was held in Yogyakarta on 21 June 2023.", "SOMTC+CHN"),
        (
            "The ASEAN-China Ministerial Meeting on Transnational Crime was held in Bangkok on 28 November 2019.",
            "AMMTC+CHN",
        ),
    ],
)
def test_consultations_with_partners_are_body_plus_party(read: Any, text: str, body: str) -> None:
    found = read(text)
    assert [m["body"] for m in found["meetings"]] == [body]


def held_alongside(result: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {
        m["body"]: (m["relation"], m["start_date"], m["city"])
        for m in result["meetings"]
        if "+" in m["body"]
    }


def test_consultations_held_with_partners_later_in_the_sentence_are_held(read: Any) -> None:
    text = (
        "The 24th SOMTC met in Vientiane on 26-28 June 2024. "
        "Consultations were then also held with Canada and New Zealand."
    )
    assert held_alongside(read(text, "2024-06-29")) == {
        "SOMTC+CAN": ("held", "2024-06-26", "Vientiane"),
        "SOMTC+NZL": ("held", "2024-06-26", "Vientiane"),
    }


def test_partners_named_after_a_plus_three_and_another_meeting_are_not_its_members(
    read: Any,
) -> None:
    text = (
        "The 24th SOMTC met in Vientiane on 26-28 June 2024. It was followed by the SOMTC+3 "
        "and the SOMTC consultations with China and Japan."
    )
    assert set(held_alongside(read(text, "2024-06-29"))) == {"SOMTC+3", "SOMTC+CHN", "SOMTC+JPN"}


def test_a_day_before_a_group_of_partners_dates_that_group(read: Any) -> None:
    text = (
        "The 24th SOMTC met in Vientiane on 26-28 June 2024. On 29 June the officials held "
        "consultations with Canada and New Zealand, and on 30 June with India and Russia."
    )
    assert held_alongside(read(text, "2024-07-01")) == {
        "SOMTC+CAN": ("held", "2024-06-29", "Vientiane"),
        "SOMTC+NZL": ("held", "2024-06-29", "Vientiane"),
        "SOMTC+IND": ("held", "2024-06-30", "Vientiane"),
        "SOMTC+RUS": ("held", "2024-06-30", "Vientiane"),
    }


def test_a_day_after_each_partner_is_that_consultations_own(read: Any) -> None:
    text = (
        "The 24th SOMTC met in Vientiane on 26-28 June 2024. The officials then held "
        "consultations with Canada on 29 June and with India on 30 June."
    )
    assert held_alongside(read(text, "2024-07-01")) == {
        "SOMTC+CAN": ("held", "2024-06-29", "Vientiane"),
        "SOMTC+IND": ("held", "2024-06-30", "Vientiane"),
    }


def test_a_list_of_body_dash_partner_consultations_names_each(read: Any) -> None:
    text = (
        "The 24th SOMTC met in Vientiane on 26-28 June 2024. "
        "The SOMTC-India, SOMTC-Russia and SOMTC-Canada consultations took place on 28 June."
    )
    assert held_alongside(read(text, "2024-06-29")) == {
        "SOMTC+IND": ("held", "2024-06-28", "Vientiane"),
        "SOMTC+RUS": ("held", "2024-06-28", "Vientiane"),
        "SOMTC+CAN": ("held", "2024-06-28", "Vientiane"),
    }


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        (
            "The 19th SOMTC+3 took place on 27 June, while consultations with Canada and India "
            "took place on 28 June.",
            {"SOMTC+3": "2024-06-27", "SOMTC+CAN": "2024-06-28", "SOMTC+IND": "2024-06-28"},
        ),
        (
            "The ASEAN-Japan consultation was on 26 June; the senior officials then held "
            "consultations with New Zealand on 27 June.",
            {"SOMTC+JPN": "2024-06-26", "SOMTC+NZL": "2024-06-27"},
        ),
    ],
)
def test_a_day_after_a_list_of_partners_is_theirs_not_the_meeting_named_before(
    read: Any, sentence: str, days: dict[str, str]
) -> None:
    text = "The 24th SOMTC met in Vientiane on 26-28 June 2024. " + sentence
    found = held_alongside(read(text, "2024-06-29"))
    assert {body: start for body, (_, start, _) in found.items()} == days


@pytest.mark.parametrize(
    "text",
    [
        "The 44th ASOD met in Bangkok on 10-12 July 2024, followed on 13 July by consultations "
        "with India and Russia, and on 14 July with Canada.",
        "Drug officials met for the 44th ASOD in Bangkok from 10 to 12 July 2024 and then, on "
        "13 July, for consultations with Russia and India, and on 14 July with Canada.",
    ],
)
def test_a_second_day_before_a_list_of_partners_is_theirs_not_the_meetings(
    read: Any, text: str
) -> None:
    found = held_alongside(read(text, "2024-07-15"))
    assert {body: start for body, (_, start, _) in found.items()} == {
        "ASOD+IND": "2024-07-13",
        "ASOD+RUS": "2024-07-13",
        "ASOD+CAN": "2024-07-14",
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "The 16th ASOD+3 met on the same day, whereas consultations with India and Russia took "
        "place the following day.",
        "On the second day the ASOD+3 convened; the consultations with Russia and India "
        "followed a day later.",
    ],
)
def test_a_day_counted_after_a_list_of_partners_is_theirs(read: Any, sentence: str) -> None:
    text = "The 44th ASOD met in Bangkok on 10 July 2024. " + sentence
    found = held_alongside(read(text, "2024-07-15"))
    assert (found["ASOD+IND"][1], found["ASOD+RUS"][1]) == ("2024-07-11", "2024-07-11")
    assert found["ASOD+3"][1] in {"2024-07-10", "2024-07-11"}


def test_a_day_after_the_meeting_and_its_consultation_partner_is_the_consultations(
    read: Any,
) -> None:
    text = (
        "The 44th ASOD met in Bangkok on 10-12 July 2024, and consultations with India on 13 July."
    )
    assert held_alongside(read(text, "2024-07-14")) == {
        "ASOD+IND": ("held", "2024-07-13", "Bangkok")
    }


def test_a_report_published_weeks_later_still_reports_the_meeting_and_its_consultations(
    read: Any,
) -> None:
    text = (
        "The 24th SOMTC met in Vientiane on 26-28 June 2024. "
        "The SOMTC+India and SOMTC+Canada Consultations were also held."
    )
    result = read(text, "2024-09-30")
    assert meeting(result, "SOMTC")["relation"] == "held"
    assert held_alongside(result) == {
        "SOMTC+IND": ("held", "2024-06-26", "Vientiane"),
        "SOMTC+CAN": ("held", "2024-06-26", "Vientiane"),
    }


def test_an_acronym_after_an_ordinal_expansion_names_a_conference(read: Any) -> None:
    text = "The 40th ASEAN Police Chiefs (ASEANAPOL) ended in Manila on 14 September 2023."
    found = meeting(read(text, "2023-09-15"), "ASEANAPOL")
    assert (found["relation"], found["number"], found["end_date"] or found["start_date"]) == (
        "held",
        40,
        "2023-09-14",
    )


def test_a_member_state_named_after_a_consultation_is_no_partner(read: Any) -> None:
    text = (
        "The 17th AMMTC met in Labuan Bajo on 22 August 2023. Then a consultation with the "
        "AMMTC+3 was held and the Indonesian minister chaired it."
    )
    bodies = [m["body"] for m in read(text, "2023-08-23")["meetings"]]
    assert "AMMTC+IDN" not in bodies and "AMMTC+3" in bodies


def test_a_preparatory_meeting_before_a_reported_consultation_was_held_with_it(read: Any) -> None:
    text = (
        "The Ministers convened the 9th AMMTC+3 in Vientiane on 28 August 2024. The Meeting "
        "was preceded by a Preparatory ASEAN Plus Three Senior Officials Meeting on "
        "Transnational Crime."
    )
    found = meeting(read(text, "2024-08-29"), "SOMTC+3")
    assert (found["relation"], found["start_date"], found["city"]) == (
        "held",
        "2024-08-28",
        "Vientiane",
    )


def test_a_time_the_meeting_met_before_is_an_earlier_meeting_mentioned(read: Any) -> None:
    text = (
        "The 40th ASEANAPOL Conference closed in Manila on 14 September 2023. The plan was "
        "first proposed in 2012 when the conference was held in Brunei."
    )
    found = [m for m in read(text, "2023-09-15")["meetings"] if m["body"] == "ASEANAPOL"]
    assert [(m["relation"], m["number"], m["start_date"], m["host"]) for m in found] == [
        ("held", 40, None, "PHL"),
        ("mentioned", None, "2012", "BRN"),
    ]


def test_a_list_of_related_meetings_shares_the_date_it_ends_with(read: Any) -> None:
    text = (
        "The 18th AMMTC opened in Vientiane on 27 August 2024. Afterwards, related meetings "
        "including the AMMTC+3 (China, Japan, Korea) and consultations with China and Japan "
        "will take place from 28 to 29 August."
    )
    found = {
        m["body"]: (m["relation"], m["start_date"], m["end_date"])
        for m in read(text, "2024-08-27")["meetings"]
        if "+" in m["body"]
    }
    assert found == {
        body: ("mentioned", "2024-08-28", "2024-08-29")
        for body in ("AMMTC+3", "AMMTC+CHN", "AMMTC+JPN")
    }


@pytest.mark.parametrize(
    ("text", "body"),
    [
        (
            "The third meeting of the SOMTC working group on illegal arms trade took place in "
            "Hanoi on 12 March 2024.",
            "SOMTC-WG-ARMS",
        ),
        (
            "Officials gathered for the 3rd ASEAN Working Group Meeting on Cybercrime in Hanoi "
            "on 12 March 2024.",
            "SOMTC-WG-CYBER",
        ),
        (
            "The third meeting of the working group on the smuggling of migrants took place in "
            "Hanoi on 12 March 2024.",
            "SOMTC-WG-PS",
        ),
    ],
)
def test_a_working_group_named_by_its_subject_is_that_working_group(
    read: Any, text: str, body: str
) -> None:
    found = meeting(read(text, "2024-03-13"), body)
    assert (found["number"], found["start_date"], found["city"]) == (3, "2024-03-12", "Hanoi")
    assert "SOMTC" not in [m["body"] for m in read(text, "2024-03-13")["meetings"]]


def test_a_city_that_hosts_is_the_venue(read: Any) -> None:
    found = meeting(read("Hanoi hosted the 24th SOMTC on 12 March 2024.", "2024-03-13"), "SOMTC")
    assert (found["city"], found["host"]) == ("Hanoi", "VNM")


def test_the_first_time_someone_attended_gives_no_meeting_number(read: Any) -> None:
    text = "The SOMTC met in Dili on 12 March 2024. It was the first time Timor-Leste had met with them."
    assert meeting(read(text, "2024-03-13"), "SOMTC")["number"] is None


def test_a_first_attendance_gives_no_meeting_number(read: Any) -> None:
    text = "The SOMTC, attended by Timor-Leste for the first time, met in Dili on 12 March 2024."
    assert meeting(read(text, "2024-03-13"), "SOMTC")["number"] is None


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The 44th ASEAN Senior Officials Meeting on Drugs opened in Yangon on 5 July.", "ASOD"),
        (
            "The 44th meeting of ASEAN senior officials on drug control opened in Yangon on 5 July.",
            "ASOD",
        ),
        ("The 8th Meeting of ASEAN Ministers on Drug Matters opened in Yangon on 5 July.", "AMMD"),
        ("The 8th ASEAN Ministers Meeting on Drug Matters opened in Yangon on 5 July.", "AMMD"),
        (
            "The 17th Meeting of ASEAN Ministers on Transnational Crime opened in Yangon on 5 July.",
            "AMMTC",
        ),
        ("The 41st Conference of ASEAN Chiefs of Police opened in Yangon on 5 July.", "ASEANAPOL"),
        (
            "The 10th ASEAN-China Senior Officials Consultation on Transnational Crime opened in "
            "Yangon on 5 July.",
            "SOMTC+CHN",
        ),
    ],
)
def test_a_body_described_in_the_words_of_its_name_is_that_body(
    read: Any, text: str, body: str
) -> None:
    (found,) = read(text, "2023-07-06")["meetings"]
    assert (found["body"], found["relation"], found["start_date"]) == (body, "held", "2023-07-05")
    assert found["number"] is not None


@pytest.mark.parametrize(
    "text",
    [
        "The Deputy Prime Minister spoke on transnational crime in Yangon on 5 July.",
        "These issues were discussed at the ASEAN police meeting in Yangon on 5 July.",
    ],
)
def test_a_minister_or_the_police_alone_describe_no_body(read: Any, text: str) -> None:
    assert read(text, "2023-07-06")["meetings"] == []


def test_a_police_chiefs_title_is_no_conference_of_police_chiefs(read: Any) -> None:
    text = (
        "The 45th SOMTC was held in Bandung on 3-5 July. National Police Chief General Rudy "
        "said on Thursday (6/7) that the officials had agreed on joint patrols."
    )
    assert [m["body"] for m in read(text, "2023-07-08")["meetings"]] == ["SOMTC"]


def test_a_meeting_with_the_plus_three_partners_listed_is_the_plus_three_consultation(
    read: Any,
) -> None:
    text = (
        "Laos is hosting the 9th ASEAN Senior Officials Meeting on Transnational Crime and the "
        "5th ASEAN Senior Officials Meeting on Transnational Crime with its dialogue partners "
        "from Japan, the Republic of Korea and China in Vientiane on 3-5 June 2009."
    )
    result = read(text, "2009-06-03")
    assert {(m["body"], m["number"], m["relation"]) for m in result["meetings"]} == {
        ("SOMTC", 9, "held"),
        ("SOMTC+3", 5, "held"),
    }


def test_a_senior_officials_meeting_for_the_ministers_is_the_body_below_them(read: Any) -> None:
    text = (
        "The ministers convened the 8th ASEAN Plus Three Ministerial Meeting on Transnational "
        "Crime (AMMTC+3) in Hanoi on 30 November 2027. A Preparatory Senior Officials Meeting "
        "for AMMTC + 3, held in the morning of 30 November 2027, preceded the Meeting."
    )
    officials = meeting(read(text, "2027-12-01"), "SOMTC+3")
    assert (officials["relation"], officials["start_date"], officials["city"]) == (
        "held",
        "2027-11-30",
        "Hanoi",
    )


def test_a_meeting_named_after_a_body_and_words_of_its_own_is_not_the_bodys(read: Any) -> None:
    text = (
        "The 60th ASEANAPOL Conference closed in Hanoi on 6 August 2027. The 9th ASEANAPOL "
        "Forensic Science Exchange Meeting will be held in Manila next year."
    )
    result = read(text, "2027-08-07")
    assert [(m["body"], m["number"]) for m in result["meetings"]] == [("ASEANAPOL", 60)]


@pytest.mark.parametrize(
    ("text", "body", "number"),
    [
        (
            "The minister led a delegation to the third ministerial meeting between Japan and the "
            "10-member Association of Southeast Asian Nations in Hanoi on 2 October 2027.",
            "AMMTC+JPN",
            3,
        ),
        (
            "The senior officials' consultation between ASEAN and Japan was held in Hanoi on 2 "
            "October 2027.",
            "SOMTC+JPN",
            None,
        ),
    ],
)
def test_a_meeting_between_a_partner_and_asean_is_the_consultation_the_registry_has(
    read: Any, text: str, body: str, number: int | None
) -> None:
    (found,) = read(text, "2027-10-03")["meetings"]
    assert (found["body"], found["number"], found["relation"]) == (body, number, "held")


def test_the_body_plus_one_plus_three_talks_are_its_plus_three_consultation(read: Any) -> None:
    text = (
        "The 46th SOMTC opened in Da Nang on 18 June 2027. At the SOMTC + 1 + 3 talks, the "
        "ASEAN countries put forward requests for cooperation."
    )
    talks = meeting(read(text, "2027-06-19"), "SOMTC+3")
    assert (talks["relation"], talks["city"]) == ("held", "Da Nang")


def test_meetings_to_follow_a_session_adopting_a_bodys_reports_take_that_sessions_day(
    read: Any,
) -> None:
    text = (
        "The 62nd ASOD kicked off in Yangon on Tuesday. Wednesday's session is to adopt the "
        "working groups' reports, while Thursday's session will adopt the reports of the ASOD, "
        "to be followed by ASOD plus China, Japan and South Korea Coordination Meetings."
    )
    result = read(text, "2027-09-22")
    assert {(m["body"], m["relation"], m["start_date"]) for m in result["meetings"]} == {
        ("ASOD", "held", "2027-09-21"),
        ("ASOD+CHN", "mentioned", "2027-09-23"),
        ("ASOD+JPN", "mentioned", "2027-09-23"),
        ("ASOD+KOR", "mentioned", "2027-09-23"),
    }


def test_a_consultation_within_the_framework_of_a_meeting_lends_it_its_venue_not_its_day(
    read: Any,
) -> None:
    text = (
        "Within the framework of the 19th AMMTC, the 15th AMMTC+3 Consultation took place on "
        "the morning of August 22 in Melaka. Earlier, on August 21, the delegation spoke at the "
        "plenary session of the 19th AMMTC."
    )
    main = meeting(read(text, "2025-08-25"), "AMMTC")
    assert (main["start_date"], main["city"]) == ("2025-08-21", "Melaka")


def test_talks_with_a_partner_on_the_sidelines_of_a_meeting_are_its_consultation(
    read: Any,
) -> None:
    text = (
        "ASEAN security ministers and the Korean interior minister held talks in Manila on 3 "
        "October 2033 on cybercrime. Philippine Secretary Cruz, who presided over the talks, "
        "said cooperation would grow. The talks were among the activities held on the sidelines "
        "of the ASEAN Ministerial Meeting on Transnational Crime, which opened on 1 October 2033."
    )
    talks = meeting(read(text, "2033-10-04"), "AMMTC+KOR")
    assert (talks["relation"], talks["start_date"], talks["city"], talks["chair"]) == (
        "held",
        "2033-10-03",
        "Manila",
        "PHL",
    )


def test_an_asean_partner_consultation_is_one_of_the_reported_body(read: Any) -> None:
    text = (
        "The 24th SOMTC met in Vientiane on 26-28 June 2024. The ASEAN-India consultation on "
        "transnational crime was also held."
    )
    assert held_alongside(read(text, "2024-06-29")) == {
        "SOMTC+IND": ("held", "2024-06-26", "Vientiane")
    }


def test_related_meetings_with_dialogue_partners_are_consultations(read: Any) -> None:
    text = (
        "The 24th SOMTC and related meetings with dialogue partners (Plus Three, Canada, India) "
        "were held in Vientiane on 26-28 June 2024."
    )
    assert set(held_alongside(read(text, "2024-06-29"))) == {"SOMTC+3", "SOMTC+CAN", "SOMTC+IND"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Dialogues with India and Russia were also held.",
        "The meeting went along with meetings with dialogue partners India and Russia.",
        "On the same days, the SOMTC met with India and Russia.",
    ],
)
def test_dialogues_and_meetings_with_partners_are_consultations(read: Any, sentence: str) -> None:
    text = "The 24th SOMTC met in Vientiane on 26-28 June 2024. " + sentence
    assert set(held_alongside(read(text, "2024-06-29"))) == {"SOMTC+IND", "SOMTC+RUS"}


@pytest.mark.parametrize(
    ("text", "published"),
    [
        (
            "The 44th ASOD took place in Bangkok on 10-12 July 2024. The drug officials also "
            "met with their counterparts from Canada, Russia and India.",
            "2024-07-13",
        ),
        (
            "Delegates of the 24th SOMTC gathered in Vientiane on 26-28 June 2024, and the "
            "SOMTC also held separate meetings with India, Canada and Russia.",
            "2024-06-29",
        ),
        (
            "The 24th SOMTC opened in Vientiane on 26 June 2024. Two days later ASEAN's senior "
            "officials met their counterparts of the dialogue partners India, Canada and Russia.",
            "2024-06-29",
        ),
    ],
)
def test_meetings_with_counterparts_from_partners_are_consultations(
    read: Any, text: str, published: str
) -> None:
    found = held_alongside(read(text, published))
    assert {body.split("+")[1] for body in found} == {"CAN", "IND", "RUS"}
    assert {relation for relation, _, _ in found.values()} == {"held"}


@pytest.mark.parametrize(
    "text",
    [
        "The 17th AMMTC was held in Labuan Bajo on 22 August 2023. Ministers also met their "
        "counterparts from China, Japan and Korea at the AMMTC Plus Three on the same day.",
        "The 23rd SOMTC met in Yogyakarta on 20 June 2023. The senior officials then met their "
        "counterparts from Japan, the Republic of Korea and China during the 20th SOMTC+3.",
    ],
)
def test_the_plus_threes_members_met_at_the_plus_three_are_no_consultations_of_their_own(
    read: Any, text: str
) -> None:
    found = held_alongside(read(text, "2023-08-24"))
    assert [body.split("+")[1] for body in found] == ["3"]


def test_the_plus_three_named_as_one_more_partner_of_a_list_stays_a_consultation_beside_them(
    read: Any,
) -> None:
    found = held_alongside(
        read(
            "The 17th AMMTC was held in Labuan Bajo on 22 August 2023. The ministers held "
            "consultations with China, Japan and Korea, and with the Plus Three.",
            "2023-08-24",
        )
    )
    assert {body.split("+")[1] for body in found} == {"CHN", "JPN", "KOR", "3"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Then came the ASOD consultations with India and Russia, held online.",
        "ASOD consultations between the ASEAN members and India and Russia followed.",
    ],
)
def test_a_body_named_before_its_consultations_with_partners_is_no_meeting_of_its_own(
    read: Any, sentence: str
) -> None:
    text = "The 44th ASOD took place in Bangkok on 10-12 July 2024. " + sentence
    result = read(text, "2024-07-13")
    assert [m["number"] for m in result["meetings"] if m["body"] == "ASOD"] == [44]
    assert set(held_alongside(result)) == {"ASOD+IND", "ASOD+RUS"}


@pytest.mark.parametrize(
    ("text", "bodies"),
    [
        (
            "The 24th SOMTC met in Vientiane on 26-28 June 2024. The ASEAN-India and "
            "ASEAN-Russia senior officials' consultations followed.",
            {"SOMTC+IND", "SOMTC+RUS"},
        ),
        (
            "The 18th AMMTC met in Vientiane on 21 August 2024. Ministers then joined the "
            "ASEAN-Korea ministerial consultation.",
            {"AMMTC+KOR"},
        ),
        (
            "The 24th SOMTC met in Vientiane on 26-28 June 2024. It prepared the ASEAN-Japan "
            "ministerial consultation.",
            {"AMMTC+JPN"},
        ),
    ],
)
def test_an_asean_partner_consultation_of_a_level_is_of_the_body_of_that_level(
    read: Any, text: str, bodies: set[str]
) -> None:
    assert {m["body"] for m in read(text, "2024-08-30")["meetings"] if "+" in m["body"]} == bodies


@pytest.mark.parametrize(
    "sentence",
    [
        "On the last day the officials held the 12th consultation with Canada.",
        "The twelfth Consultation between the SOMTC and Canada closed the week.",
    ],
)
def test_the_ordinal_of_a_consultation_with_one_partner_is_its_own(
    read: Any, sentence: str
) -> None:
    text = "The 24th SOMTC met in Vientiane on 26-28 June 2024. " + sentence
    result = read(text, "2024-06-29")
    assert meeting(result, "SOMTC+CAN")["number"] == 12
    assert meeting(result, "SOMTC")["number"] == 24


@pytest.mark.parametrize(
    "sentence",
    [
        "The dialogue partners New Zealand and Canada then held consultations with the ASOD.",
        "Officials of Canada and New Zealand had separate consultations with ASEAN's drug "
        "officials the next day.",
    ],
)
def test_partners_named_before_their_consultations_with_the_body_are_its_partners(
    read: Any, sentence: str
) -> None:
    text = "The 44th ASOD took place in Bangkok on 10-12 July 2024. " + sentence
    assert set(held_alongside(read(text, "2024-07-14"))) == {"ASOD+CAN", "ASOD+NZL"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Since 2012 the ASOD has held consultations with Canada and New Zealand.",
        "Every year, ASEAN's drug officials hold consultations with New Zealand and Canada.",
    ],
)
def test_consultations_held_as_a_custom_are_no_meeting_held_with_the_one_reported(
    read: Any, sentence: str
) -> None:
    text = "The 44th ASOD took place in Bangkok on 10-12 July 2024. " + sentence
    found = {
        m["body"]: (m["relation"], m["start_date"], m["city"])
        for m in read(text, "2024-07-13")["meetings"]
        if "+" in m["body"]
    }
    assert found == {"ASOD+CAN": ("mentioned", None, None), "ASOD+NZL": ("mentioned", None, None)}


def test_annual_consultations_held_at_the_meeting_were_held(read: Any) -> None:
    text = (
        "The 44th ASOD took place in Bangkok on 10-12 July 2024. The ASOD also held its annual "
        "consultations with Canada and New Zealand."
    )
    assert held_alongside(read(text, "2024-07-13")) == {
        "ASOD+CAN": ("held", "2024-07-10", "Bangkok"),
        "ASOD+NZL": ("held", "2024-07-10", "Bangkok"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "The 44th ASOD and its related meetings, such as the 16th ASOD+3 and the ASOD-India "
        "Consultation, took place in Bangkok from 10 to 12 July 2024.",
        "The 44th ASOD and Related Meetings, namely the ASOD+India and the 16th ASOD Plus "
        "Three, were convened in Bangkok on 10-12 July 2024.",
    ],
)
def test_a_meeting_and_the_related_meetings_it_names_share_the_venue_and_days(
    read: Any, text: str
) -> None:
    result = read(text, "2024-07-13")
    main = meeting(result, "ASOD")
    assert (main["number"], main["start_date"], main["city"]) == (44, "2024-07-10", "Bangkok")
    assert held_alongside(result) == {
        "ASOD+3": ("held", "2024-07-10", "Bangkok"),
        "ASOD+IND": ("held", "2024-07-10", "Bangkok"),
    }


def test_a_delegates_bilateral_meetings_are_no_consultations(read: Any) -> None:
    text = (
        "The 24th SOMTC met in Vientiane on 26-28 June 2024. The head of the Thai delegation "
        "held bilateral meetings with India and Russia."
    )
    assert held_alongside(read(text, "2024-06-29")) == {}


@pytest.mark.parametrize(
    ("sentence", "bodies"),
    [
        (
            "Back-to-back, ASEAN-India and ASEAN-Russia consultations were convened.",
            {"SOMTC+IND", "SOMTC+RUS"},
        ),
        ("The officials then sat down for the SOMTC-Canada dialogue.", {"SOMTC+CAN"}),
        (
            "At the SOMTC-India meeting and the SOMTC-Russia dialogue, cybercrime was raised.",
            {"SOMTC+IND", "SOMTC+RUS"},
        ),
    ],
)
def test_a_partner_joined_by_a_dash_before_a_dialogue_or_in_a_list_is_a_consultation(
    read: Any, sentence: str, bodies: set[str]
) -> None:
    text = "The 24th SOMTC met in Vientiane on 26-28 June 2024. " + sentence
    found = held_alongside(read(text, "2024-06-29"))
    assert set(found) == bodies
    assert {value for value in found.values()} == {("held", "2024-06-26", "Vientiane")}


@pytest.mark.parametrize(
    ("sentence", "numbers"),
    [
        (
            "Back-to-back with it came the 9th SOMTC-India and the 4th SOMTC-Russia.",
            {"SOMTC+IND": 9, "SOMTC+RUS": 4},
        ),
        ("The 11th SOMTC-Canada, chaired by Laos, followed.", {"SOMTC+CAN": 11}),
    ],
)
def test_a_numbered_body_dash_partner_alone_is_that_consultation(
    read: Any, sentence: str, numbers: dict[str, int]
) -> None:
    text = "The 24th SOMTC met in Vientiane on 26-28 June 2024. " + sentence
    result = read(text, "2024-06-29")
    assert {m["body"]: m["number"] for m in result["meetings"] if "+" in m["body"]} == numbers
    assert meeting(result, "SOMTC")["number"] == 24


def test_a_body_dash_partner_before_an_instruments_name_is_no_consultation(read: Any) -> None:
    text = (
        "The 24th SOMTC met in Vientiane on 26-28 June 2024 and adopted the SOMTC-India Work Plan."
    )
    assert held_alongside(read(text, "2024-06-29")) == {}


@pytest.mark.parametrize(
    "sentence",
    [
        "It came after the SOMTC-Cambodia meeting.",
        "They hoped the ASEAN-India dialogue on cybercrime would deepen their cooperation.",
    ],
)
def test_a_member_states_meeting_or_a_partnerships_dialogue_is_no_consultation(
    read: Any, sentence: str
) -> None:
    text = "The 24th SOMTC met in Vientiane on 26-28 June 2024. " + sentence
    assert held_alongside(read(text, "2024-06-29")) == {}


@pytest.mark.parametrize(
    "sentence",
    [
        "The 16th ASOD Plus Three, as well as consultations with China and India, followed.",
        "Delegates then joined the ASOD+3 and consultations with India and China.",
    ],
)
def test_consultations_listed_after_a_plus_three_are_with_partners_of_their_own(
    read: Any, sentence: str
) -> None:
    text = "The 44th ASOD was held in Bangkok on 10-12 July 2024. " + sentence
    found = held_alongside(read(text, "2024-07-13"))
    assert set(found) == {"ASOD+3", "ASOD+CHN", "ASOD+IND"}


@pytest.mark.parametrize(
    ("sentence", "bodies"),
    [
        (
            "Consultations followed with the Plus Three partners, Japan, China and the Republic "
            "of Korea, and with Canada.",
            {"SOMTC+3", "SOMTC+CAN"},
        ),
        (
            "The SOMTC met separately with India and with the Plus Three, namely Korea, China "
            "and Japan.",
            {"SOMTC+3", "SOMTC+IND"},
        ),
        (
            "Consultations were held with the Plus Three, China, India and Russia.",
            {"SOMTC+3", "SOMTC+CHN", "SOMTC+IND", "SOMTC+RUS"},
        ),
        (
            "Consultations were held with the Plus Three, China, Japan and the ROK.",
            {"SOMTC+3", "SOMTC+CHN", "SOMTC+JPN", "SOMTC+KOR"},
        ),
    ],
)
def test_the_plus_three_members_named_after_it_are_its_members(
    read: Any, sentence: str, bodies: set[str]
) -> None:
    text = "The 24th SOMTC met in Vientiane on 26-28 June 2024. " + sentence
    assert set(held_alongside(read(text, "2024-06-29"))) == bodies


@pytest.mark.parametrize(
    "text",
    [
        "Vietnam's delegation attended an ASEAN-India consultation in Thailand. The 44th ASOD "
        "was held in Bangkok on 10-12 July 2024.",
        "Officials joined a recent ASOD Plus Three session. The ASOD itself met in Bangkok from "
        "10 to 12 July 2024, its 44th meeting.",
    ],
)
def test_an_undated_consultation_named_first_goes_with_the_dated_meeting_named_after(
    read: Any, text: str
) -> None:
    result = read(text, "2024-07-20")
    assert meeting(result, "ASOD")["relation"] == "held"
    ((relation, start, city),) = held_alongside(result).values()
    assert (relation, start, city) == ("held", "2024-07-10", "Bangkok")


def test_the_consultations_of_an_announced_meeting_take_its_days_and_venue(read: Any) -> None:
    text = (
        "Laos will host the 18th AMMTC in Vientiane on 27-28 August. The ministry will also "
        "chair the 9th AMMTC+3 Consultation."
    )
    result = read(text, "2024-08-20")
    found = meeting(result, "AMMTC+3")
    assert (found["relation"], found["start_date"], found["end_date"], found["city"]) == (
        "mentioned",
        "2024-08-27",
        "2024-08-28",
        "Vientiane",
    )


def test_the_one_meeting_a_late_report_is_about_was_held(read: Any) -> None:
    text = "In a year-end review, the ministry said the 18th AMMTC in Vientiane in August had adopted the plan."
    found = meeting(read(text, "2024-12-20"), "AMMTC")
    assert (found["relation"], found["start_date"], found["city"]) == (
        "held",
        "2024-08",
        "Vientiane",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Senior officials of ASEAN will meet for the 25th SOMTC in Manila from tomorrow. On "
        "Wednesday the programme moves to consultations with the partners, among them the "
        "20th SOMTC+3 and the SOMTC+India.",
        "The 25th SOMTC opens in Manila tomorrow. On Wednesday, the 20th SOMTC+3 and the "
        "SOMTC+India Consultation are to take place.",
    ],
)
def test_the_consultations_a_preview_dates_by_a_weekday_take_it_and_the_meetings_venue(
    read: Any, text: str
) -> None:
    result = read(text, "2025-06-01")  # a Sunday
    assert meeting(result, "SOMTC")["start_date"] == "2025-06-02"
    found = {
        m["body"]: (m["relation"], m["start_date"], m["city"])
        for m in result["meetings"]
        if "+" in m["body"]
    }
    assert found == {
        "SOMTC+3": ("mentioned", "2025-06-04", "Manila"),
        "SOMTC+IND": ("mentioned", "2025-06-04", "Manila"),
    }


def test_the_consultations_in_a_preview_are_still_to_come_and_not_before_it(read: Any) -> None:
    text = (
        "Vientiane will host the 18th AMMTC and related meetings beginning Monday. Thursday's "
        "focus shifts to the 9th AMMTC+3 Consultation and the 7th AMMTC+China Consultation."
    )
    result = read(text, "2024-08-25")  # a Sunday
    assert meeting(result, "AMMTC")["start_date"] == "2024-08-26"
    for body in ("AMMTC+3", "AMMTC+CHN"):
        found = meeting(result, body)
        assert found["relation"] == "mentioned"
        assert (found["start_date"] or "9999") >= "2024-08-26"


def test_the_plus_three_partners_are_parties_of_a_plus_three_consultation(read: Any) -> None:
    result = read("The 10th AMMTC+3 Consultation took place in Bangkok on 28 November 2019.")
    assert {"CHN", "JPN", "KOR"} <= set(result["parties"])


def test_a_virtual_meeting_is_online(read: Any) -> None:
    text = "The 22nd SOMTC was held via videoconference on 19-21 July 2022 under the chairmanship of Cambodia."
    found = meeting(read(text, "2022-07-22"), "SOMTC")
    assert (found["city"], found["chair"], found["start_date"], found["end_date"]) == (
        "online",
        "KHM",
        "2022-07-19",
        "2022-07-21",
    )


# -- relations -------------------------------------------------------------------------------


def test_held_forwarded_and_mentioned_are_told_apart(read: Any) -> None:
    text = (
        "The 19th SOMTC Working Group on Counter Terrorism took place on May 18 in Bali. "
        "Its recommendations will be submitted to the 23rd SOMTC in Yogyakarta in June. "
        "The group also reviewed the decisions of the 16th AMMTC held virtually in September 2022."
    )
    result = read(text)
    assert meeting(result, "SOMTC-WG-CT")["relation"] == "held"
    assert meeting(result, "SOMTC")["relation"] == "forwarded_to"
    assert meeting(result, "AMMTC")["relation"] == "mentioned"


def test_a_meeting_still_to_come_is_mentioned_not_held(read: Any) -> None:
    text = "The 19th SOMTC WG on CT opened in Bali on May 18. The next AMMTC will be held in Labuan Bajo in August."
    result = read(text)
    assert meeting(result, "AMMTC")["relation"] == "mentioned"
    assert meeting(result, "AMMTC")["start_date"] == "2023-08"


def test_meetings_a_state_plans_to_host_are_still_to_come(read: Any) -> None:
    text = (
        "The cabinet endorsed the plans to host the 64th ASOD in 2026 and the 30th AMMD in "
        "2027. No other meeting was discussed."
    )
    result = read(text, None)
    assert {m["body"]: m["relation"] for m in result["meetings"]} == {
        "ASOD": "mentioned",
        "AMMD": "mentioned",
    }


def test_preparing_the_meetings_does_not_say_they_took_place(read: Any) -> None:
    text = (
        "Thailand will host the 64th ASOD in 2026 and the 30th AMMD in 2027. The police were "
        "asked to prepare the logistics of the meetings."
    )
    result = read(text, None)
    assert {m["body"]: m["relation"] for m in result["meetings"]} == {
        "ASOD": "mentioned",
        "AMMD": "mentioned",
    }


def test_an_announced_numbered_meeting_takes_the_registrys_host(read: Any) -> None:
    text = (
        "The 16th AMMTC will be held online on 21-22 September. The ministry will also chair "
        "the 12th AMMTC+3 Consultation."
    )
    result = read(text, "2022-09-10")
    assert (meeting(result, "AMMTC")["relation"], meeting(result, "AMMTC")["host"]) == (
        "mentioned",
        "KHM",
    )
    assert meeting(result, "AMMTC+3")["host"] == "KHM"


def test_a_consultation_the_hosts_ministry_will_chair_is_chaired_by_the_host(read: Any) -> None:
    text = (
        "The 60th ASOD will be held online on 4-6 August, hosted by Laos. The ministry will also "
        "chair the 20th ASOD+3 Consultation."
    )
    result = read(text, "2026-07-30")
    assert (meeting(result, "ASOD+3")["relation"], meeting(result, "ASOD+3")["chair"]) == (
        "mentioned",
        "LAO",
    )


def test_a_state_chairs_the_meeting_named_after_the_verb_not_the_conference(read: Any) -> None:
    text = (
        "The 60th ASOD will be held in Vientiane on 4-6 August. Within the framework of the "
        "meeting, the Lao delegation will also chair the 20th ASOD+3 Consultation."
    )
    result = read(text, "2026-07-30")
    assert meeting(result, "ASOD")["chair"] is None
    assert meeting(result, "ASOD+3")["chair"] == "LAO"


def test_a_partnership_of_asean_is_not_the_asean_chairmanship(read: Any) -> None:
    text = (
        "The 60th ASOD met online on 4-6 August, hosted by Laos. As coordinator of the "
        "ASEAN-India partnership, Thailand chairs the 9th ASOD+India Consultation on 5 August."
    )
    assert meeting(read(text, "2026-08-05"), "ASOD+IND")["chair"] == "THA"


def test_the_person_who_led_the_meeting_and_also_led_a_consultation_chairs_both(
    read: Any,
) -> None:
    text = (
        "The 60th ASOD, held online on 4-6 August 2026 and hosted by Laos, was led by Khamphoui "
        "Sisavath, Deputy Minister of Public Security. Sisavath also led the 20th ASOD+3 "
        "Consultation, and the 9th ASOD+India Consultation took place the same week."
    )
    result = read(text, "2026-08-07")
    assert [meeting(result, b)["chair"] for b in ("ASOD", "ASOD+3", "ASOD+IND")] == [
        "LAO",
        "LAO",
        None,
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In Jakarta, the drug agency held a press conference on the outcome of the 60th ASOD, "
        "which ended on Thursday.",
        "The drug agency gave a press briefing in Jakarta on the outcome of the 60th ASOD, "
        "which ended on Thursday.",
    ],
)
def test_the_city_of_a_press_conference_on_the_meeting_is_not_its_venue(
    read: Any, text: str
) -> None:
    assert (meeting(read(text, "2026-08-07"), "ASOD")["city"]) is None


def test_a_ministerial_meeting_on_combating_its_subject_is_the_known_body(read: Any) -> None:
    text = (
        "The 45th SOMTC met in Hanoi on 3-5 June 2025. Its recommendations will be submitted to "
        "the ASEAN Ministerial Meeting on Combating Transnational Crime."
    )
    assert meeting(read(text, "2025-06-06"), "AMMTC")["relation"] == "forwarded_to"


def test_a_review_the_meeting_encouraged_the_next_meeting_to_examine_is_forwarded(
    read: Any,
) -> None:
    text = (
        "The 31st AMMD was held in Bangkok on 31 August 2027. The Meeting encouraged the "
        "forthcoming 62nd ASOD Meeting to examine the mid-term review in detail."
    )
    assert meeting(read(text, "2027-09-01"), "ASOD")["relation"] == "forwarded_to"


def test_a_plan_sent_to_a_meeting_is_forwarded_to_it(read: Any) -> None:
    text = (
        "The 45th SOMTC met in Hanoi on 3-5 June 2025. The plan will be sent to the AMMTC for "
        "endorsement."
    )
    assert meeting(read(text, "2025-06-06"), "AMMTC")["relation"] == "forwarded_to"


def test_a_headline_meeting_then_named_as_still_to_come_is_still_to_come(read: Any) -> None:
    text = (
        "Police delegation attending ASEAN police chiefs conference in Vietnam\n\n"
        "A delegation of the national police is going to the 60th ASEANAPOL Conference in "
        "Hanoi, Vietnam."
    )
    assert meeting(read(text, "2027-09-15"), "ASEANAPOL")["relation"] == "mentioned"


@pytest.mark.parametrize(
    "text",
    [
        "The minister inspected the site to be used for the 60th ASOD in Bali.",
        "The 60th ASOD in Bali will be attended by the ministers of the ten ASEAN states.",
    ],
)
def test_a_site_to_be_used_for_a_meeting_and_its_attendance_to_come_announce_it(
    read: Any, text: str
) -> None:
    assert meeting(read(text, "2027-08-10"), "ASOD")["relation"] == "mentioned"


def test_the_chair_of_a_body_for_the_year_chairs_its_meeting_for_the_host(read: Any) -> None:
    text = (
        "The 60th ASOD will be held in Bali. The drug agency head is the Chair of ASOD 2027 and "
        "will lead the event; it will be held on 20 August 2027."
    )
    assert meeting(read(text, "2027-08-10"), "ASOD")["chair"] == "IDN"


def test_the_chairman_of_a_committee_of_the_conference_does_not_chair_it(read: Any) -> None:
    text = (
        "The 60th ASEANAPOL Conference was held in Bangkok on 3-7 November 2027. The police "
        "commissioner, Chairman of the Conference's Executive Committee, welcomed the delegates."
    )
    assert meeting(read(text, "2027-11-10"), "ASEANAPOL")["chair"] is None


def test_a_retreat_following_up_on_summits_and_welcoming_a_meeting_reports_neither(
    read: Any,
) -> None:
    text = (
        "The ministers met in Langkawi on 19 January 2025, following up on the 44th and 45th "
        "ASEAN Summits and Related Summits. They welcomed the inaugural meeting of the SOMTC "
        "Working Group on People Smuggling, as well as a proposal to establish a Working Group "
        "on Money Laundering."
    )
    result = read(text, "2025-01-20")
    assert {(m["body"], m["number"], m["relation"]) for m in result["meetings"]} == {
        ("ASEAN-SUMMIT", 44, "mentioned"),
        ("ASEAN-SUMMIT", 45, "mentioned"),
        ("SOMTC-WG-PS", 1, "mentioned"),
    }


def test_the_incoming_chair_of_a_body_is_no_meeting_of_it(read: Any) -> None:
    text = (
        "The 18th AMMTC was held in Vientiane on 28 August 2024. It welcomed Malaysia as the "
        "incoming AMMTC Chair in 2025."
    )
    assert [m["number"] for m in read(text, "2024-08-29")["meetings"]] == [18]


def test_past_meetings_of_a_body_in_the_plural_are_no_meeting(read: Any) -> None:
    text = (
        "The 46th SOMTC opened in Da Nang on 18 June 2027. In its report to it, Vietnam restated "
        "its commitment to the statements issued at past ASEAN Summits."
    )
    assert [m["body"] for m in read(text, "2027-06-19")["meetings"]] == ["SOMTC"]


def test_the_day_and_place_of_a_meeting_in_preparation_for_another_are_not_the_others(
    read: Any,
) -> None:
    text = (
        "A Senior Officials' Meeting in preparation for the ASEAN Ministerial Meeting on Drug "
        "Matters took place in Hanoi on October 17."
    )
    found = meeting(read(text, "2027-10-18"), "AMMD")
    assert (found["relation"], found["start_date"], found["city"]) == ("mentioned", None, None)


def test_last_year_in_a_sentence_about_the_meeting_is_not_its_date(read: Any) -> None:
    text = (
        "The president spoke at the 60th ASEAN Summit in Kuala Lumpur. Attending the annual "
        "gathering for the first time, he deepened the partnership forged with ASEAN last year."
    )
    assert meeting(read(text, "2035-10-27"), "ASEAN-SUMMIT")["start_date"] != "2034"


def test_the_day_of_another_named_conference_after_the_meeting_is_not_the_meetings(
    read: Any,
) -> None:
    text = (
        "The 46th SOMTC met in Hanoi. ASEAN intends to present the work plan as an achievement "
        "of the Hanoi SOMTC at the Phnom Penh ASEAN Post-Ministerial Conference on June 19, 2033."
    )
    result = read(text, "2033-06-05")
    assert [(m["number"], m["start_date"]) for m in result["meetings"]] == [(46, None)]


def test_what_the_chair_says_will_take_place_later_does_not_date_the_meeting(read: Any) -> None:
    text = (
        "The SOMTC met in Hanoi on October 1. Vietnamese Deputy Minister Nguyen, who presided "
        "over the talks, said a dialogue on cybercrime would take place in Hanoi in the first "
        "quarter of 2034."
    )
    found = meeting(read(text, None), "SOMTC")
    assert (found["start_date"], found["chair"]) == (None, "VNM")


def test_a_body_named_as_a_frame_is_no_meeting(read: Any) -> None:
    text = (
        "The first meeting of the Working Group on Arms Smuggling opened on 3 May 2023 in Phnom Penh. "
        "The group was formed under the framework of the SOMTC in 2017."
    )
    result = read(text)
    assert [m["body"] for m in result["meetings"]] == ["SOMTC-WG-ARMS"]


@pytest.mark.parametrize(
    "text",
    [
        "Thailand, as chair of the 24th SOMTC, welcomed delegates in Bangkok on 26 June 2024.",
        "Thailand, as host and chair, welcomed delegates to the 24th SOMTC in Bangkok on 26 June 2024.",
        "While Thailand held the chairmanship of the 24th SOMTC, delegates met in Bangkok on 26 June 2024.",
        "Under Thailand's chairmanship, the 24th SOMTC met in Bangkok on 26 June 2024.",
        "The 24th SOMTC met in Bangkok on 26 June 2024. Thailand, as the Chair of SOMTC, led it.",
    ],
)
def test_a_state_said_to_chair_the_meeting_named_is_its_chair(read: Any, text: str) -> None:
    assert meeting(read(text, "2024-06-28"), "SOMTC")["chair"] == "THA"


@pytest.mark.parametrize(
    "text",
    [
        "Viet Nam played host to the 24th SOMTC on 26 June 2024.",
        "The 24th SOMTC was convened by videoconference on 26 June 2024, with Viet Nam as the host.",
        "The 24th SOMTC, hosted by the Ministry of Public Security of Viet Nam, met on 26 June 2024.",
        "Viet Nam's Ministry of Public Security hosted the 24th SOMTC on 26 June 2024.",
        "Viet Nam, which chairs ASEAN this year, hosted the 24th SOMTC on 26 June 2024.",
        "The 24th SOMTC met on 26 June 2024 at the invitation of the Government of Viet Nam.",
        "The 24th SOMTC met on 26 June 2024 with host country Viet Nam welcoming delegates.",
        "The 24th SOMTC met on 26 June 2024. The host, Viet Nam, welcomed the delegates.",
    ],
)
def test_a_state_playing_host_is_the_host(read: Any, text: str) -> None:
    found = meeting(read(text, "2024-06-28"), "SOMTC")
    assert (found["host"], found["chair"]) == ("VNM", None)


def test_a_state_that_chairs_asean_does_not_chair_the_meeting(read: Any) -> None:
    text = "Thailand, which chairs ASEAN this year, hosted the 24th SOMTC on 26 June 2024."
    found = meeting(read(text, "2024-06-28"), "SOMTC")
    assert (found["host"], found["chair"]) == ("THA", None)


def test_a_states_police_appointed_host_of_the_next_conference_hosts_that_one(read: Any) -> None:
    text = (
        "The 60th ASEANAPOL Conference closed in Hanoi on 6 August 2027. The delegates agreed "
        "that the conference would be held yearly and that the Royal Thai Police was appointed "
        "host of the 61st ASEANAPOL Conference in 2028."
    )
    result = read(text, "2027-08-07")
    hosts = {m["number"]: m["host"] for m in result["meetings"]}
    assert hosts == {60: "VNM", 61: "THA"}


def test_the_city_a_delegation_joins_a_virtual_meeting_from_does_not_host_it(read: Any) -> None:
    text = (
        "The 60th ASOD was held online on 4-6 August 2026. On 5 August, in Ha Noi, the Deputy "
        "Minister attended the 60th ASOD."
    )
    assert meeting(read(text, "2026-08-07"), "ASOD")["host"] is None


def test_the_chairman_of_the_meeting_named_by_office_is_from_its_host(read: Any) -> None:
    text = (
        "The 60th ASOD was held in Bangkok on 4-6 August 2026. Opening the meeting, the Deputy "
        "Minister, Chairman of the 60th ASOD, stressed cooperation."
    )
    assert meeting(read(text, "2026-08-07"), "ASOD")["chair"] == "THA"


def test_the_chairman_of_this_years_meeting_named_by_office_is_from_its_host(read: Any) -> None:
    text = (
        "The 46th SOMTC opened in Makati on 27 October 2027. Undersecretary Cruz, chairman of "
        "this year's SOMTC, explained its role."
    )
    assert meeting(read(text, "2027-10-28"), "SOMTC")["chair"] == "PHL"


def test_it_was_chaired_by_after_a_sentence_on_the_meeting_speaks_of_the_meeting(
    read: Any,
) -> None:
    text = (
        "Our delegation took part in the 61st ASOD. The meeting took place in Jakarta, Indonesia "
        "from October 12 to 16, 2027. It was chaired by Mr. Mere, Head of National Narcotics "
        "Board Indonesia."
    )
    assert meeting(read(text, "2027-12-20"), "ASOD")["chair"] == "IDN"


def test_the_hosts_of_other_meetings_listed_as_the_three_meetings_host_nothing_reported(
    read: Any,
) -> None:
    text = (
        "The 63rd ASOD was held virtually on 1 December 2027. After it, three further meetings "
        "were held. The three meetings were the 10th Airport Interdiction Task Force, hosted by "
        "Malaysia, and the Drug Monitoring Network, hosted by Thailand."
    )
    assert meeting(read(text, "2027-12-20"), "ASOD")["host"] is None


def test_a_meeting_the_text_does_not_place_takes_no_host_from_the_registry(read: Any) -> None:
    unplaced = "The 13th AMMTC adopted a declaration on 27 November 2019."
    placed = "BANGKOK, Nov 27 (Reuters) - The 13th AMMTC adopted a declaration on Wednesday."
    assert meeting(read(unplaced, "2019-11-28"), "AMMTC")["host"] is None
    assert meeting(read(placed, "2019-11-28"), "AMMTC")["host"] == "THA"


def test_a_chair_named_with_a_middle_initial_is_from_the_state_after_the_name(read: Any) -> None:
    text = (
        "The 60th ASOD opened on 1 July 2027. The ASOD meeting was chaired by Undersecretary "
        "Edgar C. Calvante of the Dangerous Drugs Board of the Philippines."
    )
    assert meeting(read(text, "2027-07-02"), "ASOD")["chair"] == "PHL"


def test_the_city_a_statement_was_received_in_is_not_the_venue(read: Any) -> None:
    text = (
        'The 40th SOMTC Working Group on Counter Terrorism met on 7 July 2027. "The meeting '
        'served as a forum for partners," the deputy said in a statement received in Jakarta '
        "on Friday. It was held in Bogor."
    )
    assert meeting(read(text, "2027-07-09"), "SOMTC-WG-CT")["city"] == "Bogor"


def test_whoever_presided_over_the_opening_ceremony_did_not_chair_the_meeting(read: Any) -> None:
    text = (
        "Cambodia hosted the 60th ASEANAPOL Conference on 25-27 May 2027 in Phnom Penh. The "
        "opening ceremony was presided over by the Deputy Prime Minister."
    )
    assert meeting(read(text, "2027-06-01"), "ASEANAPOL")["chair"] is None


def test_a_meeting_jointly_presided_over_has_no_single_chair(read: Any) -> None:
    text = (
        "The 60th ASOD was held online on 7 July 2027, hosted by Myanmar. The 9th ASOD+India "
        "Consultation was jointly presided over by the ASOD leaders of the ASEAN countries."
    )
    assert meeting(read(text, "2027-07-08"), "ASOD+IND")["chair"] is None


def test_the_next_host_is_not_the_host(read: Any) -> None:
    text = "The 45th ASOD met online on 26 June 2024. The next host, Thailand, thanked Laos."
    assert meeting(read(text, "2024-06-28"), "ASOD")["host"] is None


def test_the_asean_chair_hosting_a_ministerial_meeting_chairs_it(read: Any) -> None:
    text = (
        "The 8th AMMD opened in Vientiane on 11 August 2023. The Lao minister, as ASEAN Chair "
        "for the year, welcomed delegates."
    )
    found = meeting(read(text, "2023-08-12"), "AMMD")
    assert (found["host"], found["chair"]) == ("LAO", "LAO")


def test_summits_held_together_share_the_asean_chair(read: Any) -> None:
    text = (
        "The 44th and 45th ASEAN Summits were held in Vientiane on 8-11 October 2024. The Lao "
        "Prime Minister, as ASEAN Chair for 2024, led the discussions."
    )
    found = [m for m in read(text, "2024-10-12")["meetings"] if m["body"] == "ASEAN-SUMMIT"]
    assert [(m["number"], m["chair"]) for m in found] == [(44, "LAO"), (45, "LAO")]


def test_the_asean_chair_does_not_chair_a_senior_officials_meeting_it_hosts(read: Any) -> None:
    text = "The 44th ASOD opened in Vientiane on 11 July 2023, part of Laos's ASEAN Chairmanship."
    assert meeting(read(text, "2023-07-12"), "ASOD")["chair"] is None


def test_these_meetings_are_dated_together(read: Any) -> None:
    text = (
        "The 8th AMMD opened in Vientiane. Delegates gather from 10 to 12 August for these "
        "meetings."
    )
    found = meeting(read(text, "2023-08-10"), "AMMD")
    assert (found["start_date"], found["end_date"]) == ("2023-08-10", "2023-08-12")


def test_a_body_being_set_up_is_not_a_meeting(read: Any) -> None:
    text = (
        "The 8th AMMD opened in Vientiane on 10 August 2023. Ministers discussed the setting up "
        "of the SOMTC Working Group on Money Laundering."
    )
    assert [m["body"] for m in read(text, "2023-08-11")["meetings"]] == ["AMMD"]


def test_presiding_over_the_opening_is_not_chairing(read: Any) -> None:
    text = (
        "The Thai Deputy Prime Minister presided over the opening of the 45th ASOD on 9 July 2024."
    )
    assert meeting(read(text, "2024-07-10"), "ASOD")["chair"] is None


def test_a_co_chair_is_not_the_chair(read: Any) -> None:
    text = "The 45th ASOD met online on 9 July 2024. The Thai delegation leader co-chaired the meeting."
    assert meeting(read(text, "2024-07-10"), "ASOD")["chair"] is None


def test_the_asean_chairmanship_of_a_state_does_not_chair_the_meeting(read: Any) -> None:
    text = "Under Thailand's ASEAN chairmanship, the 24th SOMTC met in Vientiane on 26 June 2024."
    assert meeting(read(text, "2024-06-28"), "SOMTC")["chair"] is None


def test_a_meeting_to_come_named_after_the_one_held_does_not_make_it_announced(read: Any) -> None:
    text = (
        "Vientiane, June 29 (KPL) - The 24th SOMTC, held on 26-28 June, agreed to submit its "
        "report to the 18th AMMTC to be held in Laos in August."
    )
    result = read(text, "2024-06-29")
    held, later = meeting(result, "SOMTC"), meeting(result, "AMMTC")
    assert (held["relation"], held["start_date"], held["city"]) == (
        "held",
        "2024-06-26",
        "Vientiane",
    )
    assert (later["relation"], later["start_date"]) == ("forwarded_to", "2024-08")


def test_a_meeting_a_city_state_hosts_is_in_its_city(read: Any) -> None:
    found = meeting(
        read("Singapore is hosting the 46th ASOD on 25-27 June 2025.", "2025-06-25"), "ASOD"
    )
    assert (found["city"], found["host"]) == ("Singapore", "SGP")


def test_a_virtual_meeting_a_city_state_hosts_stays_online(read: Any) -> None:
    text = "Singapore hosted the 46th ASOD by videoconference on 25 June 2025."
    assert meeting(read(text, "2025-06-26"), "ASOD")["city"] == "online"


def test_a_meeting_the_reported_one_comes_ahead_of_is_still_to_come(read: Any) -> None:
    text = "The 25th SOMTC met in Putrajaya on 23-25 June, ahead of the 19th AMMTC in September."
    result = read(text, "2025-06-26")
    assert meeting(result, "SOMTC")["relation"] == "held"
    later = meeting(result, "AMMTC")
    assert (later["relation"], later["start_date"]) == ("mentioned", "2025-09")


@pytest.mark.parametrize(
    "sentence",
    [
        "The SOMTC agreed to refer the draft to the 18th AMMTC.",
        "The work plan will be recommended to the 18th AMMTC for adoption.",
        "The declaration is expected to be adopted at the 18th AMMTC.",
        "The meeting endorsed the draft for the ministers' consideration at the 18th AMMTC.",
    ],
)
def test_what_the_meeting_sends_on_is_forwarded_to_the_next(read: Any, sentence: str) -> None:
    text = "The 24th SOMTC was held in Vientiane on 26-28 June 2024. " + sentence
    later = meeting(read(text, "2024-06-29"), "AMMTC")
    assert (later["relation"], later["number"]) == ("forwarded_to", 18)


def test_the_asean_chair_is_not_the_chair_of_the_meeting(read: Any) -> None:
    text = "ASEAN, currently chaired by Indonesia, held the 17th AMMTC in Labuan Bajo on 21 August 2023."
    found = meeting(read(text, "2023-08-24"), "AMMTC")
    assert found["chair"] is None
    assert found["host"] == "IDN"


# -- parties ---------------------------------------------------------------------------------


def test_parties_that_act_count_and_mere_places_do_not(read: Any) -> None:
    text = (
        "The 13th AMMTC took place in Bangkok, Thailand on 27 November 2019. "
        "Viet Nam's Minister urged Japan and the Republic of Korea to continue their support. "
        "The 14th AMMTC will be held in Hanoi, Viet Nam, and a workshop in Manila, Philippines."
    )
    parties = set(read(text, "2019-11-28")["parties"])
    # the host of the meeting held takes part in it (as the annotations have it)
    assert {"ASEAN", "VNM", "JPN", "KOR", "THA"} <= parties
    assert "PHL" not in parties


def test_an_agency_acts_for_its_party(read: Any) -> None:
    text = "The 19th SOMTC WG on CT, convened by BNPT, opened in Bali on May 18."
    assert "IDN" in read(text)["parties"]


def test_the_pronoun_us_is_not_the_united_states(read: Any) -> None:
    text = "The 23rd SOMTC met in Yogyakarta on 19 June 2023. 'Join us', said the chair."
    assert "USA" not in read(text)["parties"]


def test_the_asean_secretary_general_stands_for_the_secretariat(read: Any) -> None:
    text = "The Secretary-General of ASEAN joined the 18th AMMTC in Vientiane on 28 August 2024."
    assert "ASEC" in read(text, "2024-08-28")["parties"]


# -- instruments and crime areas ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "kind", "years"),
    [
        (
            "They reviewed the Bali Work Plan 2019–2025.",
            "Bali Work Plan",
            "work_plan",
            (2019, 2025),
        ),
        (
            "They assessed the ASEAN Plan of Action (PoA) in Combating Transnational Crime (2016-2025).",
            "ASEAN Plan of Action in Combating Transnational Crime",
            "plan_of_action",
            (2016, 2025),
        ),
        (
            "They adopted the ASEAN Convention against Trafficking in Persons, Especially Women and Children.",
            "ASEAN Convention against Trafficking in Persons",
            "convention",
            (None, None),
        ),
        (
            "They endorsed a roadmap on border management for the 2026-2030 period.",
            "roadmap on border management",
            "roadmap",
            (2026, 2030),
        ),
    ],
)
def test_named_instruments_are_proposed_with_their_period(
    read: Any, text: str, title: str, kind: str, years: tuple[int | None, int | None]
) -> None:
    (found,) = read(text)["instruments"]
    assert (found["title"], found["kind"], (found["start_year"], found["end_year"])) == (
        title,
        kind,
        years,
    )


def test_an_unnamed_instrument_is_not_proposed(read: Any) -> None:
    text = "The meeting adopted a Declaration and a Joint Statement, and discussed the work plan activities."
    assert read(text)["instruments"] == []


def test_crime_areas_come_from_their_names_and_aliases(read: Any) -> None:
    text = (
        "They discussed human trafficking, drug crime, online scams, piracy and violent extremism."
    )
    assert set(read(text)["crime_areas"]) == {
        "trafficking_in_persons",
        "illicit_drug_trafficking",
        "cybercrime",
        "sea_piracy",
        "terrorism",
    }


def test_a_crime_word_inside_a_party_name_is_no_crime_area(read: Any) -> None:
    text = "The United Nations Office on Drugs and Crime (UNODC) supported the meeting."
    result = read(text)
    assert "UNODC" in result["parties"]
    assert result["crime_areas"] == []


def test_every_proposal_carries_its_evidence(read: Any) -> None:
    text = "The 19th SOMTC WG on CT took place on May 18 in Bali. It discussed terrorism."
    result = read(text)
    assert (
        result["meetings"][0]["evidence"] == "The 19th SOMTC WG on CT took place on May 18 in Bali."
    )
    assert result["evidence"]["crime_areas"]["terrorism"] == "It discussed terrorism."


def test_wire_copy_reads_here_and_today_from_its_dateline(read: Any) -> None:
    text = (
        "VIENTIANE, June 26 (Bernama) -- Malaysia will share its experience in combating online "
        "scams at the 24th SOMTC which opened here today.\n"
        "The meeting, chaired by Lao PDR, will prepare the agenda for the 18th AMMTC to be held "
        "in Vientiane in August."
    )
    result = read(text, "2024-06-27")
    held = meeting(result, "SOMTC")
    assert (held["relation"], held["start_date"], held["city"], held["chair"]) == (
        "held",
        "2024-06-26",
        "Vientiane",
        "LAO",
    )
    later = meeting(result, "AMMTC")
    assert (later["relation"], later["start_date"], later["chair"]) == (
        "mentioned",
        "2024-08",
        None,
    )


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("Officials discussed high-tech crime and online fraud.", "cybercrime"),
        ("Officials discussed the illegal arms trade in the region.", "arms_smuggling"),
        ("Officials discussed human smuggling across the borders.", "people_smuggling"),
        ("Officials discussed telecommunications fraud.", "cybercrime"),
        ("Officials discussed illegal wildlife trade.", "wildlife_timber_trafficking"),
    ],
)
def test_crime_areas_in_the_words_the_press_uses(read: Any, text: str, area: str) -> None:
    assert area in read(text)["crime_areas"]


def instruments(result: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(i["title"], i["start_year"], i["end_year"]) for i in result["instruments"]]


def test_an_instrument_dated_by_the_year_before_its_title(read: Any) -> None:
    text = (
        "The ministers recalled the 2014 Joint Ministerial Statement and the 2016 UNGASS "
        "Outcome Document."
    )
    assert instruments(read(text)) == [
        ("Joint Ministerial Statement", 2014, None),
        ("UNGASS Outcome Document", 2016, None),
    ]


def test_a_title_goes_on_through_towards(read: Any) -> None:
    text = (
        "The ministers recalled the Political Declaration on International Cooperation towards "
        "a Balanced Strategy to Counter the World Drug Problem."
    )
    assert instruments(read(text)) == [
        (
            "Political Declaration on International Cooperation towards a Balanced Strategy to "
            "Counter the World Drug Problem",
            None,
            None,
        )
    ]


def test_a_memorandum_of_understanding_between_parties_is_an_instrument(read: Any) -> None:
    text = (
        "They signed the Memorandum of Understanding between ASEAN and Japan on Cooperation in "
        "Combating Transnational Crime."
    )
    assert instruments(read(text)) == [
        (
            "Memorandum of Understanding between ASEAN and Japan on Cooperation in Combating "
            "Transnational Crime",
            None,
            None,
        )
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Citing figures of the UN Office on Drugs and Crime, the minister warned of new drugs.",
        "The commission, the governing body of the UN Office on Drugs and Crime, met in Vienna.",
        "The meeting received contributions from the UN Office on Drugs and Crime.",
    ],
)
def test_an_organisation_cited_or_described_is_no_party(read: Any, text: str) -> None:
    assert "UNODC" not in read(text)["parties"]


def test_an_organisation_that_attends_is_a_party(read: Any) -> None:
    text = "Representatives of the UN Office on Drugs and Crime attended the 44th ASOD."
    assert "UNODC" in read(text)["parties"]


def test_crime_areas_in_a_list_sharing_one_word(read: Any) -> None:
    text = (
        "They reviewed the trafficking of drugs, weapons and humans, as well as economic and "
        "high-tech crimes."
    )
    assert set(read(text)["crime_areas"]) == {
        "illicit_drug_trafficking",
        "arms_smuggling",
        "trafficking_in_persons",
        "international_economic_crime",
        "cybercrime",
    }


# -- dates shared, opened, closed ------------------------------------------------------------


def test_two_numbered_meetings_named_in_one_phrase_share_the_whole_span(read: Any) -> None:
    result = read("The 22nd and 23rd SOMTC, held from 8-10 May in Bangkok, adopted a work plan.")
    spans = {(m["number"], m["start_date"], m["end_date"]) for m in result["meetings"]}
    assert spans == {(22, "2023-05-08", "2023-05-10"), (23, "2023-05-08", "2023-05-10")}


@pytest.mark.parametrize("when", ["in mid-2021", "in early 2021", "in late 2021", "in mid 2021"])
def test_a_meeting_dated_by_part_of_a_year_is_dated_by_that_year(read: Any, when: str) -> None:
    text = f"The 22nd SOMTC opened in Hanoi on Monday. The previous SOMTC met {when} in Jakarta."
    previous = [m for m in read(text)["meetings"] if m["number"] is None]
    assert [(m["relation"], m["start_date"]) for m in previous] == [("mentioned", "2021")]


def test_the_day_of_a_lesser_event_the_sentence_names_is_not_the_meetings(read: Any) -> None:
    text = (
        "Thailand began its preparations for the 24th SOMTC with a one-day planning meeting on "
        "2 May 2023. The meeting will take place in Bangkok from 12 to 14 June 2023."
    )
    found = meeting(read(text), "SOMTC")
    assert (found["start_date"], found["end_date"]) == ("2023-06-12", "2023-06-14")


def test_a_meeting_opened_with_an_appositive_keeps_its_own_day(read: Any) -> None:
    text = "The 24th SOMTC, a two-day meeting held on 2 May 2023 in Bangkok, adopted a work plan."
    found = meeting(read(text), "SOMTC")
    assert (found["start_date"], found["end_date"]) == ("2023-05-02", "2023-05-03")


def test_the_day_of_an_unlisted_event_does_not_date_a_meeting_named_later(read: Any) -> None:
    text = (
        "The ASEAN Economic Ministers' Retreat was convened in Penang, Malaysia, on 2 May 2023. "
        "The ministers followed up on the 42nd ASEAN Summit."
    )
    found = meeting(read(text), "ASEAN-SUMMIT")
    assert (found["start_date"], found["city"]) == (None, None)


def test_a_lead_that_dates_the_meeting_without_naming_it_still_dates_it(read: Any) -> None:
    text = (
        "Senior officials pledged on 16 May 2023 to step up cooperation against cybercrime. "
        "The pledge was made at the 23rd SOMTC held in Jakarta."
    )
    assert meeting(read(text), "SOMTC")["start_date"] == "2023-05-16"


def test_a_wire_lead_places_the_meeting_where_the_delegates_were_meeting(read: Any) -> None:
    text = (
        "MANILA, May 18 (Wire) - Senior officials meeting in Cebu on Tuesday agreed to share "
        "more data on drug routes. It was the 26th SOMTC."
    )
    found = meeting(read(text, "2023-05-18"), "SOMTC")
    assert (found["start_date"], found["city"], found["host"]) == ("2023-05-16", "Cebu", "PHL")


def test_a_byline_stamped_with_the_hour_dates_the_page_not_the_meeting(read: Any) -> None:
    text = (
        "ASEAN leaders vow to fight drugs\n\n"
        "Maria Santos - May 19, 2023 - 4:15pm\n\n"
        "JAKARTA, Indonesia - ASEAN leaders agreed to work together for a drug-free region.\n\n"
        "In the chairman's statement for the 42nd ASEAN Summit, the leaders reaffirmed it."
    )
    assert meeting(read(text), "ASEAN-SUMMIT")["start_date"] is None


def test_a_meeting_that_continued_on_a_day_began_before_it(read: Any) -> None:
    text = (
        "The 24th SOMTC continued on 16 May 2023 in Jakarta. The 12th SOMTC+China Consultation "
        "and the 20th SOMTC+3 Consultation were held during the meeting."
    )
    result = read(text)
    assert (meeting(result, "SOMTC")["start_date"], meeting(result, "SOMTC")["end_date"]) == (
        "2023-05",
        None,
    )
    assert meeting(result, "SOMTC+3")["start_date"] == "2023-05-16"


def test_a_meeting_that_opened_on_a_day_began_on_it(read: Any) -> None:
    found = meeting(read("The 24th SOMTC opened on 16 May 2023 in Jakarta."), "SOMTC")
    assert found["start_date"] == "2023-05-16"


def test_a_short_lead_giving_the_hour_still_dates_the_meeting(read: Any) -> None:
    text = "Senior officials met at 9:30 am on 16 May 2023. It was the 23rd SOMTC held in Jakarta."
    assert meeting(read(text), "SOMTC")["start_date"] == "2023-05-16"


def test_a_preparatory_meeting_for_a_numbered_meeting_leaves_that_meeting_to_come(
    read: Any,
) -> None:
    text = (
        "Preparatory Meeting for the 24th SOMTC\n\n"
        "Officials discussed the agenda of the meeting, due to take place in Hanoi from 12 to "
        "14 June 2023."
    )
    found = meeting(read(text), "SOMTC")
    assert (found["relation"], found["start_date"], found["end_date"]) == (
        "mentioned",
        "2023-06-12",
        "2023-06-14",
    )


def test_the_year_a_body_was_institutionalised_is_no_meetings_date() -> None:
    found = find_dates("The ministerial meeting was set up in 2012 and institutionalised in 2016.")
    assert [(d.start.year, d.aside) for d in found] == [(2012, True), (2016, True)]


def test_a_sentence_ending_with_lao_pdr_ends_there() -> None:
    from mufakat.ingest.extract.sentences import split_sentences

    text = "The meeting was chaired by Lao PDR. The next one will be held in Malaysia."
    assert [s.text for s in split_sentences(text)] == [
        "The meeting was chaired by Lao PDR.",
        "The next one will be held in Malaysia.",
    ]


def test_the_next_meeting_numbered_in_apposition_is_a_meeting_of_its_own(read: Any) -> None:
    text = (
        "The 18th AMMTC was held in Vientiane on 28 August 2024 and chaired by Lao PDR. "
        "The next AMMTC, the 19th, will be held in Malaysia in 2025."
    )
    result = read(text, "2024-08-29")
    assert [
        (m["relation"], m["number"], m["start_date"], m["host"]) for m in result["meetings"]
    ] == [
        ("held", 18, "2024-08-28", "LAO"),
        ("mentioned", 19, "2025", "MYS"),
    ]


def test_consultations_named_together_all_take_the_following_day(read: Any) -> None:
    text = (
        "The 24th SOMTC was held in Vientiane on 26-28 June 2024. The SOMTC+3 and SOMTC-EU "
        "consultations took place the following day."
    )
    assert held_alongside(read(text, "2024-06-30")) == {
        "SOMTC+3": ("held", "2024-06-29", "Vientiane"),
        "SOMTC+EU": ("held", "2024-06-29", "Vientiane"),
    }


def test_a_late_report_of_a_meeting_that_forwards_its_outcomes_still_reports_it(
    read: Any,
) -> None:
    text = (
        "Thailand chaired the 21st Meeting of the SOMTC Working Group on Trafficking in Persons "
        "in Chiang Mai on 3 March 2024. Its outcomes will be reported to the 24th SOMTC."
    )
    result = read(text, "2024-06-01")
    assert [(m["relation"], m["body"]) for m in result["meetings"]] == [
        ("held", "SOMTC-WG-TIP"),
        ("forwarded_to", "SOMTC"),
    ]


def test_a_late_report_of_an_unlisted_meeting_forwards_to_the_numbered_one(read: Any) -> None:
    text = (
        "A regional drug data workshop was held in Bangkok from 3 to 5 July 2019. Its results "
        "will be presented to the 40th ASOD, hosted by Cambodia in August 2019."
    )
    result = read(text, "2019-09-20")
    assert [(m["relation"], m["body"]) for m in result["meetings"]] == [("forwarded_to", "ASOD")]


def test_a_meeting_under_the_chairmanship_of_a_minister_is_chaired_by_the_ministers_state(
    read: Any,
) -> None:
    text = (
        "The 24th SOMTC was held in Vientiane on 26-28 June 2024 under the chairmanship of "
        "Somphone Keovilay, Deputy Minister of Public Security of Lao PDR."
    )
    assert meeting(read(text, "2024-06-29"), "SOMTC")["chair"] == "LAO"


def test_asean_under_the_chairmanship_of_a_state_does_not_chair_the_meeting(read: Any) -> None:
    text = "ASEAN, under the chairmanship of Lao PDR, held the 24th SOMTC in Vientiane in June."
    assert meeting(read(text, "2024-06-29"), "SOMTC")["chair"] is None


@pytest.mark.parametrize(
    "second",
    [
        "The SOMTC also held its annual consultations with the dialogue partners: with China "
        "on 20 June, and with Japan and the Republic of Korea on 21 June.",
        "The SOMTC consultations with China were held on 20 June.",
    ],
)
def test_the_days_of_a_bodys_consultations_do_not_lengthen_the_meeting_reported(
    read: Any, second: str
) -> None:
    result = read(
        "The 13th SOMTC was held in Da Nang from 17 to 19 June 2013. " + second, "2013-06-22"
    )
    somtc = meeting(result, "SOMTC")
    assert (somtc["start_date"], somtc["end_date"]) == ("2013-06-17", "2013-06-19")
    assert meeting(result, "SOMTC+CHN")["start_date"] == "2013-06-20"
