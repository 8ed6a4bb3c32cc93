"""The extractor on the fields of the meetings it finds and on the other facts of a report, in
constructions the genre writes them in."""

from typing import Any

import pytest


@pytest.fixture
def areas(read: Any) -> Any:
    return lambda text: list(read(text)["crime_areas"])


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("The 19th SOMTC in Manila heard that cyber-enabled fraud now costs the region billions.",
         "cybercrime"),
        ("Police chiefs at the 41st ASEANAPOL Conference traded notes on Internet-based extortion "
         "by foreign gangs.", "cybercrime"),
        ("Delegates of the 8th SOMTC+Japan Consultation raised the rise of computer-related crimes.",
         "cybercrime"),
        ("The ministers spoke of offences in the field of information and communication "
         "technologies and other crimes committed through ICT.", "cybercrime"),
        ("Thousands of young people are held in scam compounds along the border, the AMMTC was told.",
         "cybercrime"),
        ("Indonesia briefed the SOMTC on the return of victims of trafficking from Cambodia.",
         "trafficking_in_persons"),
        ("Singapore warned that syndicates continue to traffic people and guns across borders.",
         "trafficking_in_persons"),
        ("Officials discussed the trafficking of workers lured by fake job offers.",
         "trafficking_in_persons"),
        ("Record seizures of methamphetamine in the Mekong were on the agenda of the 44th ASOD.",
         "illicit_drug_trafficking"),
        ("Wildlife gangs launder their profits through casinos, the working group heard.",
         "money_laundering"),
        ("Police chiefs warned of gunrunning across the Sulu Sea at the 38th ASEANAPOL Conference.",
         "arms_smuggling"),
        ("The 21st SOMTC discussed the illegal flows of weapons to insurgent groups.",
         "arms_smuggling"),
        ("Delegates at the 35th ASEANAPOL shared cases of credit-card fraud in the region.",
         "international_economic_crime"),
        ("The commissions on banking fraud and maritime fraud reported to the conference.",
         "international_economic_crime"),
    ],
)  # fmt: skip
def test_an_offence_described_is_read_as_its_crime_area(areas: Any, text: str, area: str) -> None:
    assert area in areas(text)


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("The Canadian delegation was led by the head of the Counter-Terrorism Capacity Building "
         "Program at the 10th SOMTC+Canada Consultation, which discussed wildlife trade.",
         "terrorism"),
        ("Funding came from the Bureau of International Narcotics and Law Enforcement Affairs for "
         "the meeting on wildlife trade.", "illicit_drug_trafficking"),
        ("The talks were co-chaired by Japan's Ambassador for International Counter-Terrorism, "
         "and dealt with online scams.", "terrorism"),
        ("Traffic police closed two roads near the venue of the 37th ASOD on illicit drugs.",
         "trafficking_in_persons"),
    ],
)  # fmt: skip
def test_an_area_in_the_name_of_an_office_or_a_post_is_no_subject(
    areas: Any, text: str, area: str
) -> None:
    assert area not in areas(text)


@pytest.fixture
def parties(read: Any) -> Any:
    return lambda text: list(read(text, published="2023-10-04")["parties"])


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The 22nd SOMTC was held in Jakarta on 10 May 2023. Thailand said it had seized arms "
         "along its borders with Myanmar and Laos.", "MMR"),
        ("The 22nd SOMTC was held in Jakarta on 10 May 2023. Malaysia warned of militants moving "
         "between the southern Philippines and Sabah.", "PHL"),
        ("The 22nd SOMTC was held in Jakarta on 10 May 2023. The next SOMTC is set for Cambodia "
         "next year.", "KHM"),
        ("The 22nd SOMTC was held in Jakarta on 10 May 2023. Heroin flowing into Laos from the "
         "north worried the delegates.", "LAO"),
        ("The 22nd SOMTC was held in Jakarta on 10 May 2023. Police said the suspects had been "
         "deported from Cambodia in March.", "KHM"),
        ("The 22nd SOMTC was held in Jakarta on 10 May 2023. Casinos in the border areas of "
         "Myanmar and Laos were discussed.", "LAO"),
    ],
)  # fmt: skip
def test_a_country_named_as_a_region_a_border_or_a_venue_to_come_is_a_place(
    parties: Any, text: str, place: str
) -> None:
    assert place not in parties(text)


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("The 23rd SOMTC was held in Jakarta on 10 May 2023. Delegates reviewed the outcomes of "
         "the 22nd SOMTC, which Viet Nam hosted in Hanoi last year.", "VNM"),
        ("The 43rd ASOD opened in Manila on 3 October 2023, chaired by the Philippines. "
         "Singapore will host the 44th ASOD in 2024.", "SGP"),
    ],
)  # fmt: skip
def test_the_host_of_a_meeting_only_recalled_or_to_come_is_no_party(
    parties: Any, text: str, host: str
) -> None:
    assert host not in parties(text)


def test_the_host_of_the_meeting_reported_is_a_party(parties: Any) -> None:
    assert "IDN" in parties(
        "The 23rd SOMTC, hosted by Indonesia, was held in Labuan Bajo on 10 May 2023. "
        "Indonesia will also host the 17th AMMTC in August."
    )


@pytest.mark.parametrize(
    ("text", "body", "start", "end"),
    [
        ("The 9th SOMTC+Japan Consultation was held in Bali on 20 June 2023, on the sidelines of "
         "the 23rd SOMTC (18-21 June 2023).", "SOMTC", "2023-06-18", "2023-06-21"),
        ("Officials of the ASEAN Senior Officials on Drug Matters (ASOD) (28-30 August 2017) "
         "met their Chinese counterparts in Cebu, where the 38th ASOD took place.", "ASOD",
         "2017-08-28", "2017-08-30"),
    ],
)  # fmt: skip
def test_the_days_given_in_parentheses_after_a_meeting_are_its_own(
    read: Any, text: str, body: str, start: str, end: str
) -> None:
    meeting = next(m for m in read(text)["meetings"] if m["body"] == body)
    assert (meeting["start_date"], meeting["end_date"]) == (start, end)


@pytest.mark.parametrize(
    ("text", "title", "years"),
    [
        ("The working group finalised a roadmap to implement the Bohol Trafficking in Persons "
         "Work Plan (2017-2020).", "Bohol Trafficking in Persons Work Plan", (2017, 2020)),
        ("Ministers welcomed the work programme to implement the ASEAN Plan of Action against "
         "Illicit Drugs (2026-2030) drafted by the ASOD.", "ASEAN Plan of Action against Illicit "
         "Drugs", (2026, 2030)),
    ],
)  # fmt: skip
def test_the_period_after_an_instrument_implemented_is_its_own_too(
    read: Any, text: str, title: str, years: tuple[int, int]
) -> None:
    found = {i["title"]: (i["start_year"], i["end_year"]) for i in read(text)["instruments"]}
    assert found.get(title) == years


@pytest.mark.parametrize(
    ("text", "title", "years"),
    [
        ("Officials reviewed the ASEAN Plan of Action on Preventing Terrorism, Radicalisation and "
         "Extremism 2019-2025 at the SOMTC.", "ASEAN Plan of Action on Preventing Terrorism, "
         "Radicalisation and Extremism", (2019, 2025)),
        ("The consultation took stock of the Work Plan to Strengthen Cooperation between ASEAN "
         "and New Zealand (2020-2024), which ends this year.", "Work Plan to Strengthen "
         "Cooperation between ASEAN and New Zealand", (2020, 2024)),
    ],
)  # fmt: skip
def test_a_title_goes_on_through_a_list_of_its_words_and_between_its_parties(
    read: Any, text: str, title: str, years: tuple[int, int]
) -> None:
    found = {i["title"]: (i["start_year"], i["end_year"]) for i in read(text)["instruments"]}
    assert found.get(title) == years


@pytest.mark.parametrize(
    ("text", "body", "city", "host"),
    [
        ("Korea and ASEAN agreed on Friday to work together against online scams at the 6th "
         "SOMTC+Korea Consultation, held in Da Nang following the 19th ASEAN Senior Officials "
         "Meeting on Transnational Crime (SOMTC), which opened on Tuesday.", "SOMTC", "Da Nang",
         "VNM"),
        ("Officials of China and ASEAN met in Siem Reap on 4 June at the 9th ASOD+China "
         "Consultation, a day after the 40th ASOD closed.", "ASOD", "Siem Reap", "KHM"),
    ],
)  # fmt: skip
def test_the_meeting_a_consultation_was_held_with_took_place_where_it_did(
    read: Any, text: str, body: str, city: str, host: str
) -> None:
    meeting = next(m for m in read(text, published="2019-06-08")["meetings"] if m["body"] == body)
    assert (meeting["city"], meeting["host"]) == (city, host)


@pytest.mark.parametrize(
    ("text", "body", "chair"),
    [
        ("The 44th ASOD took place in Bangkok on 12 September, chaired by Police General Somchai "
         "Wongsawat, Secretary-General of the Narcotics Control Board.", "ASOD", "THA"),
        ("KUALA LUMPUR, Oct 3 - The 19th AMMTC closed in Kuala Lumpur today.\n\nHome Minister "
         "Saifuddin Nasution Ismail, who chaired the meeting, said the ministers had agreed on a "
         "plan adopted at the 18th AMMTC in Vientiane.", "AMMTC", "MYS"),
    ],
)  # fmt: skip
def test_an_official_chairing_the_meeting_chairs_for_its_host(
    read: Any, text: str, body: str, chair: str
) -> None:
    held = [m for m in read(text, published="2025-10-03")["meetings"] if m["relation"] == "held"]
    assert [(m["body"], m["chair"]) for m in held] == [(body, chair)]


def test_the_days_in_parentheses_are_not_moved_ahead_by_what_follows(read: Any) -> None:
    result = read(
        "On 12 June, the 9th ASEAN-Japan consultation was held in Hanoi. It took place after the "
        "19th SOMTC (June 9-11), and its results will be reported to the AMMTC+Japan to be held "
        "in Bangkok next year.",
        published="2019-06-14",
    )
    meeting = next(m for m in result["meetings"] if m["body"] == "SOMTC")
    assert (meeting["start_date"], meeting["end_date"]) == ("2019-06-09", "2019-06-11")


@pytest.mark.parametrize(
    "text",
    [
        "HANOI, Sept 18 (VNA) - Viet Nam today chaired the 40th ASOD in Hanoi. Deputy Minister "
        "Le Quy Vuong, who chairs the three-day meeting that began yesterday, called for joint "
        "operations.",
        "HANOI, Sept 18 (VNA) - Delegates at the 40th ASOD in Hanoi today discussed synthetic "
        "drugs. The three-day meeting opened on Tuesday with a speech by the Prime Minister.",
    ],
)
def test_a_day_of_the_meeting_and_the_day_it_began_give_its_first_day(read: Any, text: str) -> None:
    meeting = next(m for m in read(text, published="2019-09-18")["meetings"] if m["body"] == "ASOD")
    assert (meeting["start_date"], meeting["end_date"]) == ("2019-09-17", "2019-09-19")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("The ministers renewed the Memorandum of Understanding between the Governments of the "
         "Member States of ASEAN and the Government of Japan on Cooperation against Cybercrime "
         "and Online Fraud in the Digital Economy.", "Memorandum of Understanding between the "
         "Governments of the Member States of ASEAN and the Government of Japan on Cooperation "
         "against Cybercrime and Online Fraud in the Digital Economy"),
        ("Officials reviewed the Joint Work Plan to Strengthen Cooperation between the Association "
         "of Southeast Asian Nations and the Republic of Korea (2024-2028).", "Joint Work Plan to "
         "Strengthen Cooperation between the Association of Southeast Asian Nations and the "
         "Republic of Korea"),
    ],
)  # fmt: skip
def test_a_title_names_its_parties_between_their_governments(
    read: Any, text: str, title: str
) -> None:
    assert title in [i["title"] for i in read(text)["instruments"]]


@pytest.mark.parametrize(
    ("text", "body", "start"),
    [
        ("The 9th SOMTC+Australia Consultation was held in Bali on 18 June. Australia looks "
         "forward to the 15th AMMTC in Siem Reap in September.", "AMMTC", "2019-09"),
        ("The ASOD closed in Manila on 20 June. Japan is looking forward to the 7th AMMD in "
         "Bangkok in November, the ambassador said.", "AMMD", "2019-11"),
    ],
)  # fmt: skip
def test_a_meeting_looked_forward_to_is_still_to_come(
    read: Any, text: str, body: str, start: str
) -> None:
    meeting = next(m for m in read(text, published="2019-06-21")["meetings"] if m["body"] == body)
    assert (meeting["relation"], meeting["start_date"]) == ("mentioned", start)


@pytest.mark.parametrize(
    ("text", "body", "start"),
    [
        ("The 25th SOMTC opened in Vientiane on 12 June. Last year, the 24th SOMTC was hosted by "
         "Brunei Darussalam via video conference.", "SOMTC", "2024"),
        ("The 44th ASOD closed in Hanoi on 12 June. Next month, the ministers will meet at the "
         "8th AMMD in Bangkok.", "AMMD", "2025-07"),
    ],
)  # fmt: skip
def test_a_sentence_may_begin_with_its_date(read: Any, text: str, body: str, start: str) -> None:
    found = read(text, published="2025-06-14")["meetings"]
    assert start in [m["start_date"] for m in found if m["body"] == body]


@pytest.mark.parametrize(
    ("text", "published", "start"),
    [
        ("The 20th SOMTC closed in Hanoi on 12 June. Officials reviewed the declaration adopted "
         "at the 12th AMMTC in Nay Pyi Taw last October.", "2020-06-14", "2019-10"),
        ("The 5th AMMD opened in Singapore on 19 November. Ministers recalled the 38th ASOD "
         "held in Cebu last November.", "2016-11-20", "2015-11"),
    ],
)  # fmt: skip
def test_last_and_a_month_is_the_latest_such_month_before_the_report(
    read: Any, text: str, published: str, start: str
) -> None:
    found = read(text, published=published)["meetings"]
    assert start in [m["start_date"] for m in found if m["relation"] == "mentioned"]


@pytest.mark.parametrize(
    ("text", "body", "start"),
    [
        ("The 6th meeting of the SOMTC Working Group on Arms Smuggling closed in Manila on 3 "
         "April. Its report will go to the 23rd SOMTC in June and then to the 17th AMMTC, which "
         "Indonesia will host later this year.", "AMMTC", "2023"),
        ("The ASOD met in Hanoi on 3 April and will report to the AMMD on 9 May, and to the "
         "ASEAN Summit next year.", "ASEAN-SUMMIT", "2024"),
    ],
)  # fmt: skip
def test_a_period_such_as_later_this_year_dates_its_own_meeting_beside_another_s_day(
    read: Any, text: str, body: str, start: str
) -> None:
    found = read(text, published="2023-04-04")["meetings"]
    assert start in [m["start_date"] for m in found if m["body"] == body]
