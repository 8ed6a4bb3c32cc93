"""How press reports name instruments: one test per rule, each on a sentence of its own."""

import datetime as dt
from typing import Any

import pytest

from mufakat.ingest.extract import Gazetteer, extract


@pytest.fixture
def instruments(demo_gazetteer: Gazetteer) -> Any:
    def run(text: str, published: str = "2024-06-12") -> list[tuple[str, int | None, int | None]]:
        day = dt.date.fromisoformat(published)
        result = extract(text, published=day, gazetteer=demo_gazetteer).to_json()
        return [(i["title"], i["start_year"], i["end_year"]) for i in result["instruments"]]

    return run


# -- a body's programme for a period is its work programme ---------------------------------------


def test_a_body_named_before_its_programme_and_a_period_make_its_work_programme(
    instruments: Any,
) -> None:
    found = instruments("Delegates assessed the 2014-2016 ASOD Programme and its results.")
    assert found == [("ASOD Work Programme", 2014, 2016)]


def test_a_programme_drawn_up_by_a_body_for_a_period_is_its_work_programme(
    instruments: Any,
) -> None:
    found = instruments(
        "Officials looked at the programme devised by the Senior Officials Meeting on "
        "Transnational Crime (SOMTC) for 2020-22 and its eight components."
    )
    assert found == [("SOMTC Work Programme", 2020, 2022)]


def test_a_bodys_working_schedule_for_a_period_is_its_work_programme(instruments: Any) -> None:
    found = instruments("The officials will go through the working schedule of ASOD in 2019-2021.")
    assert found == [("ASOD Work Programme", 2019, 2021)]


def test_a_bodys_schedule_without_a_period_is_no_instrument(instruments: Any) -> None:
    assert instruments("The schedule of the SOMTC was changed twice this year.") == []


def test_an_untitled_work_programme_with_a_period_is_proposed_by_its_kind(
    instruments: Any,
) -> None:
    found = instruments("The discussion fed into a new work programme for 2026-28.")
    assert found == [("work programme", 2026, 2028)]


def test_an_untitled_plan_with_the_period_of_a_titled_one_is_the_same_plan(
    instruments: Any,
) -> None:
    found = instruments(
        "Ministers adopted the ASEAN-Japan Work Plan on Combating Transnational Crime "
        "(2023-2027). The work plan for 2023-2027 has 40 activities."
    )
    assert found == [("ASEAN-Japan Work Plan on Combating Transnational Crime", 2023, 2027)]


# -- where a title ends --------------------------------------------------------------------------


def test_a_lower_case_subject_closed_by_a_period_in_parentheses_is_part_of_the_title(
    instruments: Any,
) -> None:
    found = instruments(
        "Both sides will approve the draft SOMTC-India Work Plan on fighting cybercrime and "
        "terrorism (2025-2028) soon."
    )
    assert found == [("SOMTC-India Work Plan on fighting cybercrime and terrorism", 2025, 2028)]


def test_a_lower_case_clause_after_a_named_plan_is_not_its_title(instruments: Any) -> None:
    found = instruments("The ASEAN Cyber Roadmap to streamline coordination was welcomed.")
    assert found == [("ASEAN Cyber Roadmap", None, None)]


def test_a_title_goes_on_over_a_comma_in_a_list_of_its_own_words(instruments: Any) -> None:
    found = instruments(
        "Experts reviewed the draft ASEAN Convention to Detect, Deter and Punish Wildlife "
        "Trafficking in the Mekong Region."
    )
    assert found == [
        (
            "ASEAN Convention to Detect, Deter and Punish Wildlife Trafficking in the Mekong "
            "Region",
            None,
            None,
        )
    ]


def test_a_title_stops_at_a_comma_before_the_names_of_speakers(instruments: Any) -> None:
    found = instruments(
        "They welcomed the Hanoi Declaration on Maritime Crime, Malaysia and Brunei said."
    )
    assert found == [("Hanoi Declaration on Maritime Crime", None, None)]


def test_a_title_goes_on_over_an_article(instruments: Any) -> None:
    found = instruments(
        "The ministers recalled the Political Declaration on Cooperation towards an Integrated "
        "Strategy against Cybercrime."
    )
    assert [title for title, _s, _e in found] == [
        "Political Declaration on Cooperation towards an Integrated Strategy against Cybercrime"
    ]


def test_a_long_title_stops_where_the_next_instrument_begins(instruments: Any) -> None:
    found = instruments(
        "Progress under the ASEAN Plan of Action to Prevent and Counter the Rise of Cyber Fraud "
        "and Online Gambling in the Region and the Bali Work Plan was noted."
    )
    assert [title for title, _s, _e in found] == [
        "ASEAN Plan of Action to Prevent and Counter the Rise of Cyber Fraud and Online Gambling "
        "in the Region",
        "Bali Work Plan",
    ]


def test_modifiers_joined_by_in_belong_to_the_title(instruments: Any) -> None:
    found = instruments("They endorsed the Mekong Smuggling in Wildlife Work Plan (2021-2024).")
    assert found == [("Mekong Smuggling in Wildlife Work Plan", 2021, 2024)]


def test_two_parties_joined_by_and_own_the_instrument(instruments: Any) -> None:
    found = instruments("The ASEAN and India Plan of Action sets out their cooperation.")
    assert found == [("ASEAN and India Plan of Action", None, None)]


def test_modifiers_do_not_reach_back_over_another_instrument(instruments: Any) -> None:
    found = instruments(
        "They recalled the Kuala Lumpur Declaration and Bali Work Plan in their statement."
    )
    assert [title for title, _s, _e in found] == ["Kuala Lumpur Declaration", "Bali Work Plan"]


# -- lesser documents named in capitals ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "The chiefs signed the Regional Police Alert and Response Protocol for Missing "
            "Persons on the last day.",
            "Regional Police Alert and Response Protocol for Missing Persons",
        ),
        (
            "Delegates adopted the Terms of Reference of the Working Group on Cybercrime.",
            "Terms of Reference of the Working Group on Cybercrime",
        ),
        ("Delegates adopted the ToR of AMMD at the session.", "Terms of Reference of AMMD"),
        (
            "The Ministers approved the Concept Paper on Strengthening Drug Monitoring in order "
            "to act faster.",
            "Concept Paper on Strengthening Drug Monitoring",
        ),
        (
            "They endorsed the Technical Guidelines on Mutual Legal Assistance through the "
            "secretariat.",
            "Technical Guidelines on Mutual Legal Assistance",
        ),
        (
            "He urged partners to support the ASEAN Regional Security Plan on Cybercrime.",
            "ASEAN Regional Security Plan on Cybercrime",
        ),
        (
            "They discussed a proposal for a Statement of ASEAN and Japan on Cooperation against "
            "Cyber Fraud for the summit.",
            "Statement of ASEAN and Japan on Cooperation against Cyber Fraud",
        ),
    ],
)
def test_a_lesser_document_named_in_capitals_is_an_instrument(
    instruments: Any, text: str, title: str
) -> None:
    assert instruments(text) == [(title, None, None)]


def test_a_numbered_joint_communique_keeps_its_number_and_its_accent(instruments: Any) -> None:
    found = instruments(
        "The chiefs reviewed the 17th Joint Communiqué and signed the 18th Joint Communiqué."
    )
    assert found == [("17th Joint Communiqué", None, None), ("18th Joint Communiqué", None, None)]


@pytest.mark.parametrize(
    "text",
    [
        "The Chairman's Statement of the summit was issued in the evening.",
        "In a Press Statement, the ministry welcomed the meeting.",
        "The ministry issued a statement on the meeting.",
        "Police chiefs agreed a protocol on crisis management.",
        "Delegates followed the plan agreed last year.",
        "Officials of the Colombo Plan Drug Advisory Programme attended the meeting.",
        "Indonesia's Statement at the meeting stressed prevention.",
        "Plan to combat cybercrime discussed at length.",
        "Protocol requires that the chair speaks first.",
    ],
)
def test_lesser_documents_are_no_instruments_in_lower_case_or_as_a_chairs_statement(
    instruments: Any, text: str
) -> None:
    assert instruments(text) == []


# -- one instrument named twice -----------------------------------------------------------------


def test_a_short_name_in_parentheses_after_a_title_is_no_instrument_of_its_own(
    instruments: Any,
) -> None:
    found = instruments(
        "They reviewed the ASEAN Cooperation Plan to Curb Synthetic Drugs in the Mekong "
        "2021-2023 (ASEAN Mekong Plan) and its funding."
    )
    assert found == [("ASEAN Cooperation Plan to Curb Synthetic Drugs in the Mekong", 2021, 2023)]


def test_a_later_short_name_is_the_instrument_whose_title_holds_it(instruments: Any) -> None:
    found = instruments(
        "The aim was to implement the ASEAN-India Joint Declaration for Cooperation to Combat "
        "International Terrorism. India recalled the areas listed in the 2003 ASEAN-India "
        "Declaration."
    )
    title = "ASEAN-India Joint Declaration for Cooperation to Combat International Terrorism"
    assert found == [(title, None, None)]


# -- several instruments of one kind -------------------------------------------------------------


def test_a_plural_kind_with_a_list_of_subjects_is_one_instrument_per_subject(
    instruments: Any,
) -> None:
    found = instruments(
        "Leaders adopted the ASEAN-Korea Joint Statements on maritime crime, on cyber fraud and "
        "on wildlife trafficking, along with a trade agreement."
    )
    assert [title for title, _s, _e in found] == [
        "ASEAN-Korea Joint Statement on maritime crime",
        "ASEAN-Korea Joint Statement on cyber fraud",
        "ASEAN-Korea Joint Statement on wildlife trafficking",
    ]


def test_subjects_listed_after_covering_are_subjects_on_which(instruments: Any) -> None:
    found = instruments(
        "The ministers will sign two ASEAN Declarations covering asset recovery and the return "
        "of fugitives."
    )
    assert [title for title, _s, _e in found] == [
        "ASEAN Declaration on asset recovery",
        "ASEAN Declaration on the return of fugitives",
    ]


def test_a_plural_kind_without_a_subject_or_period_is_no_instrument(instruments: Any) -> None:
    assert instruments("The plan covers compliance with UN and International Conventions.") == []


def test_two_titles_of_one_owner_and_kind_with_different_subjects_are_two(
    instruments: Any,
) -> None:
    found = instruments(
        "They recalled the ASEAN-India Declaration on Cybercrime and the ASEAN-India "
        "Declaration on Maritime Crime."
    )
    assert [title for title, _s, _e in found] == [
        "ASEAN-India Declaration on Cybercrime",
        "ASEAN-India Declaration on Maritime Crime",
    ]


# -- periods and owners said around the title ----------------------------------------------------


def test_the_year_an_instrument_is_said_to_end_is_its_end_year(instruments: Any) -> None:
    found = instruments(
        "Most activities of the Mekong Drug Work Plan are done, and the plan, which expires in "
        "2027, will be reviewed."
    )
    assert found == [("Mekong Drug Work Plan", None, 2027)]


def test_an_end_year_said_in_a_sentence_of_two_instruments_is_nobodys(instruments: Any) -> None:
    found = instruments(
        "The Bali Work Plan and the ASEAN Declaration on Transnational Crime were recalled; one "
        "of them ends in 2027."
    )
    assert all(end is None for _t, _s, end in found)


def test_a_lower_case_subject_between_the_owner_and_the_kind_belongs_to_the_title(
    instruments: Any,
) -> None:
    found = instruments("They called for the ASEAN counter-piracy declaration to be applied.")
    assert found == [("ASEAN counter-piracy declaration", None, None)]


@pytest.mark.parametrize(
    "text",
    [
        "They called for the counter-piracy declaration to be applied.",
        "ASEAN adopts declaration on drugs.",
        "The ASEAN member states' joint statement said the region was safe.",
    ],
)
def test_lower_case_words_before_a_kind_without_an_owner_right_before_them_are_no_title(
    instruments: Any, text: str
) -> None:
    assert instruments(text) == []


# -- a meeting's own statement -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The ministers issued the Joint Statement of the 20th AMMTC at the end of the day.",
        "The police chiefs signed the Joint Communiqué of the 40th ASEANAPOL Conference.",
    ],
)
def test_a_statement_named_only_by_the_meeting_that_issued_it_is_not_proposed(
    instruments: Any, text: str
) -> None:
    assert instruments(text) == []


def test_a_statement_of_parties_on_a_subject_is_an_instrument(instruments: Any) -> None:
    found = instruments(
        "They issued the Joint Statement of ASEAN and China on Combating Cyber Fraud."
    )
    assert found == [("Joint Statement of ASEAN and China on Combating Cyber Fraud", None, None)]


# -- a description of a titled instrument --------------------------------------------------------


def test_a_lower_case_description_is_the_titled_instrument_of_its_owner_kind_and_crime(
    instruments: Any,
) -> None:
    found = instruments(
        "ASEAN declaration to fight online scams agreed in Melaka. The ministers adopted the "
        "ASEAN Declaration on Combating Cybercrime and Online Scams."
    )
    assert found == [("ASEAN Declaration on Combating Cybercrime and Online Scams", None, None)]


def test_a_description_of_another_crime_stays_an_instrument_of_its_own(instruments: Any) -> None:
    found = instruments(
        "The ASEAN declaration on arms smuggling was recalled. They also adopted the ASEAN "
        "Declaration on Transnational Crime."
    )
    assert [title for title, _s, _e in found] == [
        "ASEAN declaration on arms smuggling",
        "ASEAN Declaration on Transnational Crime",
    ]


# -- periods and titles written in other words --------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Ministers adopted the ASEAN Plan of Action on Cybercrime, which covers 2026 to 2030.",
        "Ministers adopted the ASEAN Plan of Action on Cybercrime spanning 2026-2030.",
        "Ministers adopted the ASEAN Plan of Action on Cybercrime for the years 2026-2030.",
    ],
)
def test_a_period_said_in_words_after_the_title_is_the_instruments(
    instruments: Any, sentence: str
) -> None:
    assert instruments(sentence) == [("ASEAN Plan of Action on Cybercrime", 2026, 2030)]


def test_a_period_in_the_short_name_after_a_title_is_the_instruments(instruments: Any) -> None:
    found = instruments(
        "They reviewed the ASEAN Plan of Action on Maritime Security (ASEAN PoA 2026-2030)."
    )
    assert found == [("ASEAN Plan of Action on Maritime Security", 2026, 2030)]


def test_a_work_plan_for_the_implementation_of_a_declaration_names_it_in_its_title(
    instruments: Any,
) -> None:
    titles = [
        title
        for title, _start, _end in instruments(
            "Officials agreed on the Work Plan for the implementation of the Manila Declaration "
            "on Countering Piracy."
        )
    ]
    assert (
        "Work Plan for the implementation of the Manila Declaration on Countering Piracy" in titles
    )


# -- a title with a list of its own words, closed by its period ----------------------------------


@pytest.mark.parametrize(
    ("text", "title", "years"),
    [
        ("The ministers adopted the ASEAN Plan of Action on Drug Prevention, Treatment and "
         "Rehabilitation (2016-2025) on Friday.",
         "ASEAN Plan of Action on Drug Prevention, Treatment and Rehabilitation", (2016, 2025)),
        ("Officials reviewed the Work Plan on Maritime Security, Piracy and Smuggling "
         "(2019-2023), which Thailand drafted.",
         "Work Plan on Maritime Security, Piracy and Smuggling", (2019, 2023)),
    ],
)  # fmt: skip
def test_a_title_listing_its_subjects_runs_to_its_period_in_parentheses(
    instruments: Any, text: str, title: str, years: tuple[int, int]
) -> None:
    assert (title, *years) in instruments(text)


# -- the period given in the next sentence, of the instrument named by its kind alone -------------


@pytest.mark.parametrize(
    ("text", "title", "years"),
    [
        ("Japan and ASEAN signed a Memorandum of Understanding on Police Cooperation. The MoU, "
         "to be carried out from March 2021 until 2025, was welcomed by all.",
         "Memorandum of Understanding on Police Cooperation", (2021, 2025)),
        ("The ministers adopted the Manila Plan of Action on Drug Prevention. The plan of "
         "action will run from 2018 to 2022.",
         "Manila Plan of Action on Drug Prevention", (2018, 2022)),
    ],
)  # fmt: skip
def test_the_next_sentence_gives_the_period_of_the_instrument_it_names_by_its_kind(
    instruments: Any, text: str, title: str, years: tuple[int, int]
) -> None:
    assert (title, *years) in instruments(text)


def test_a_period_of_another_title_leaves_the_instrument_named_before_alone(
    instruments: Any,
) -> None:
    found = instruments(
        "The ministers adopted the Manila Plan of Action on Drug Prevention. The Plan of "
        "Action on Cybercrime will run from 2018 to 2022."
    )
    assert ("Manila Plan of Action on Drug Prevention", None, None) in found


# -- a memorandum of understanding under its abbreviation -----------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "years"),
    [
        ("Myanmar reported on the 2019-2024 MoU between ASEAN and India.",
         "MoU between ASEAN and India", (2019, 2024)),
        ("The ministers signed the ASEAN-Japan MOU on Cybercrime Cooperation on Tuesday.",
         "ASEAN-Japan MOU on Cybercrime Cooperation", (None, None)),
    ],
)  # fmt: skip
def test_a_memorandum_of_understanding_is_named_by_its_abbreviation(
    instruments: Any, text: str, title: str, years: tuple[int | None, int | None]
) -> None:
    assert (title, *years) in instruments(text)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("The ministers adopted the ASEAN Plan of Action on Cybercrime on Tuesday.",
         "ASEAN Plan of Action on Cybercrime"),
        ("Japan and ASEAN signed the Joint Declaration on Police Cooperation in March 2019.",
         "Joint Declaration on Police Cooperation"),
    ],
)  # fmt: skip
def test_a_title_ends_before_the_day_or_month_it_was_adopted(
    instruments: Any, text: str, title: str
) -> None:
    assert [t for t, *_ in instruments(text)] == [title]


# -- a declaration named only by whose it is, titled by what it declares -----------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("The ministers approved an ASEAN Declaration rejecting the death penalty other than "
         "in the gravest cases.",
         "ASEAN Declaration rejecting the death penalty"),
        ("Leaders endorsed the ASEAN-India Declaration condemning terrorism in all its forms.",
         "ASEAN-India Declaration condemning terrorism"),
        ("The leaders issued the Bali Declaration reaffirming the commitment to a drug-free "
         "region.", "Bali Declaration"),
    ],
)  # fmt: skip
def test_a_declaration_named_by_its_parties_only_is_titled_by_what_it_declares(
    instruments: Any, text: str, title: str
) -> None:
    assert [t for t, *_ in instruments(text)] == [title]


# -- another name of the instrument the sentence names ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Better known as the Manila Work Plan, the ASEAN Work Plan on Cybercrime guides the "
        "working group.",
        "The ASEAN Work Plan on Cybercrime, also referred to as the Manila Work Plan, guides "
        "the working group.",
    ],
)
def test_another_name_of_the_instrument_is_not_one_of_its_own(instruments: Any, text: str) -> None:
    assert [t for t, *_ in instruments(text)] == ["ASEAN Work Plan on Cybercrime"]


# -- a kind word that modifies a plural noun -----------------------------------------------------


def test_a_work_plan_before_a_plural_noun_is_a_modifier_not_an_instrument(instruments: Any) -> None:
    assert instruments("The ASEAN Regional Forum's work plan activities were reviewed.") == []
    assert instruments("Members listed the SOMTC work programme priorities for next year.") == []


# -- periods said in other words -----------------------------------------------------------------


def test_a_period_from_one_year_through_another_is_the_instruments_period(instruments: Any) -> None:
    found = instruments("The draft ASEAN-Korea Work Plan for 2024 through 2027 was discussed.")
    assert found == [("ASEAN-Korea Work Plan", 2024, 2027)]


def test_a_period_between_two_years_said_after_the_title_is_its_period(instruments: Any) -> None:
    found = instruments(
        "The ASOD Work Plan, to be implemented between 2019 and 2021, was adopted on Friday."
    )
    assert found == [("ASOD Work Plan", 2019, 2021)]
    found = instruments(
        "Officials agreed on the SOMTC-Canada Work Plan, which will run from 2023 until 2026."
    )
    assert found == [("SOMTC-Canada Work Plan", 2023, 2026)]


def test_two_years_joined_by_and_without_between_are_no_period(instruments: Any) -> None:
    found = instruments("The ASEAN Work Plan on Counter Terrorism in 2019 and 2021 was reviewed.")
    assert found == [("ASEAN Work Plan on Counter Terrorism", None, None)]


def test_a_plan_valid_until_a_year_ends_that_year(instruments: Any) -> None:
    found = instruments("The ASEAN Regional Plan of Action on Online Fraud is valid until 2030.")
    assert found == [("ASEAN Regional Plan of Action on Online Fraud", None, 2030)]


def test_the_next_sentence_saying_what_period_the_plan_covers_gives_its_period(
    instruments: Any,
) -> None:
    found = instruments(
        "The ASEAN-Canada Work Plan on Counter-Terrorism was endorsed. "
        "The plan covers the period 2021-2024."
    )
    assert found == [("ASEAN-Canada Work Plan on Counter-Terrorism", 2021, 2024)]
    found = instruments(
        "Ministers noted the ASEAN-EU Plan of Action on Border Security. "
        "The plan of action spans 2022-25 and has five parts."
    )
    assert found == [("ASEAN-EU Plan of Action on Border Security", 2022, 2025)]


def test_a_lower_case_subject_ends_where_the_sentence_goes_on_with_and_a_past_verb(
    instruments: Any,
) -> None:
    found = instruments(
        "The two ministers signed an MoU on drug law enforcement and launched a campaign "
        "against methamphetamine smuggling."
    )
    assert found == [("MoU on drug law enforcement", None, None)]
    found = instruments(
        "Ministers adopted the ASEAN declaration on terrorism and organised crime at the summit."
    )
    assert found == [("ASEAN declaration on terrorism and organised crime", None, None)]


def test_a_lower_case_subject_ends_before_when_or_where_it_was_adopted(instruments: Any) -> None:
    found = instruments("Ministers adopted the ASEAN declaration on organised crime yesterday.")
    assert found == [("ASEAN declaration on organised crime", None, None)]
    found = instruments("Ministers signed the Hanoi declaration on drug trafficking here today.")
    assert found == [("Hanoi declaration on drug trafficking", None, None)]


def test_a_one_word_name_before_plan_with_no_subject_or_period_is_no_instrument(
    instruments: Any,
) -> None:
    assert instruments("The Colombo Plan briefed members on its drug treatment courses.") == []
    assert instruments("Delegates thanked the Marshall Plan veterans' foundation.") == []
    found = instruments("Members reviewed the Bohol Plan 2017-2020 on trafficking.")
    assert found == [("Bohol Plan", 2017, 2020)]


# -- one instrument named twice --------------------------------------------------------------------


def test_an_abbreviated_kind_after_the_full_title_is_the_same_instrument(instruments: Any) -> None:
    found = instruments(
        "Ministers reviewed the ASEAN Plan of Action in Combating Transnational Crime "
        "(2016-2025). The ASEAN PoA sets out eight priority areas."
    )
    assert found == [("ASEAN Plan of Action in Combating Transnational Crime", 2016, 2025)]
    found = instruments(
        "Both sides signed the ASEAN-China Memorandum of Understanding on Cooperation in the "
        "Field of Non-Traditional Security Issues. The ASEAN-China MoU replaces the old one."
    )
    assert found == [
        (
            "ASEAN-China Memorandum of Understanding on Cooperation in the Field of "
            "Non-Traditional Security Issues",
            None,
            None,
        )
    ]


def test_a_short_name_in_parentheses_inside_the_modifiers_is_left_out_of_the_title(
    instruments: Any,
) -> None:
    found = instruments(
        "Delegates reviewed the Bohol Trafficking in Persons (TIP) Work Plan 2017-2020."
    )
    assert found == [("Bohol Trafficking in Persons Work Plan", 2017, 2020)]
    found = instruments(
        "The ASEAN Drug Monitoring Network (ADMN) Work Plan for 2021-2023 was adopted."
    )
    assert found == [("ASEAN Drug Monitoring Network Work Plan", 2021, 2023)]


def test_a_partner_whose_name_begins_with_new_is_part_of_the_title(instruments: Any) -> None:
    found = instruments(
        "The meeting adopted the SOMTC-New Zealand Work Plan, which will run from 2023 until 2025."
    )
    assert found == [("SOMTC-New Zealand Work Plan", 2023, 2025)]
    found = instruments("Members welcomed the New ASEAN Work Plan on Cybercrime.")
    assert found == [("ASEAN Work Plan on Cybercrime", None, None)]


def test_a_statement_of_the_parties_leaders_or_ministers_on_a_subject_is_an_instrument(
    instruments: Any,
) -> None:
    found = instruments("The ASEAN Leaders' Statement on Combating Online Scams was issued.")
    assert found == [("ASEAN Leaders' Statement on Combating Online Scams", None, None)]
    found = instruments(
        "They welcomed the ASEAN-China Ministers' Statement on Maritime Crime Cooperation."
    )
    assert found == [("ASEAN-China Ministers' Statement on Maritime Crime Cooperation", None, None)]
    assert instruments("The Chairman's Statement on the outcome was circulated.") == []


# -- plurals ----------------------------------------------------------------------------------------


def test_a_plural_kind_after_two_owners_is_one_instrument_of_each(instruments: Any) -> None:
    found = instruments(
        "Implementation of the SOMTC-China and SOMTC-Japan Work Plans was reviewed."
    )
    assert found == [("SOMTC-China Work Plan", None, None), ("SOMTC-Japan Work Plan", None, None)]
    found = instruments(
        "They adopted the ASEAN-India and ASEAN-Russia Work Plans on Counter Terrorism for "
        "2024-2026."
    )
    assert found == [
        ("ASEAN-India Work Plan on Counter Terrorism", 2024, 2026),
        ("ASEAN-Russia Work Plan on Counter Terrorism", 2024, 2026),
    ]


def test_a_plural_kind_after_names_that_are_not_owners_is_no_instrument(instruments: Any) -> None:
    assert instruments("Members respect UN and International Conventions on drugs.") == []


def test_two_plans_alike_but_for_their_partner_are_two_instruments(instruments: Any) -> None:
    found = instruments("The SOMTC-China Work Plan and the SOMTC-Japan Work Plan were reviewed.")
    assert found == [("SOMTC-China Work Plan", None, None), ("SOMTC-Japan Work Plan", None, None)]
    found = instruments(
        "Ministers noted the ASEAN-India Plan of Action on Cybercrime. Later they adopted the "
        "ASEAN-Russia Plan of Action on Cybercrime."
    )
    assert found == [
        ("ASEAN-India Plan of Action on Cybercrime", None, None),
        ("ASEAN-Russia Plan of Action on Cybercrime", None, None),
    ]


def test_a_plan_named_again_with_its_partner_in_other_words_is_one_instrument(
    instruments: Any,
) -> None:
    found = instruments(
        "The ASEAN-Japan Work Plan on Cybercrime was adopted. The Work Plan on Cybercrime "
        "between ASEAN and Japan has ten activities."
    )
    assert len(found) == 1


def test_a_period_after_the_short_name_in_parentheses_is_the_instruments_period(
    instruments: Any,
) -> None:
    found = instruments(
        "Ministers reviewed the ASEAN Plan of Action on Cybercrime (ASEAN PoA) 2021-2025 at length."
    )
    assert found == [("ASEAN Plan of Action on Cybercrime", 2021, 2025)]
    found = instruments("The Ha Noi Work Plan on Drugs (HWP), 2019-2023, was adopted.")
    assert found == [("Ha Noi Work Plan on Drugs", 2019, 2023)]


def test_a_period_in_square_brackets_is_the_instruments_period(instruments: Any) -> None:
    found = instruments("Ministers reviewed the ASEAN Plan of Action on Cybercrime [2021-2025].")
    assert found == [("ASEAN Plan of Action on Cybercrime", 2021, 2025)]


def test_a_title_ends_before_and_the_next_name(instruments: Any) -> None:
    found = instruments(
        "The Meeting noted the ASEAN Declaration to Prevent and Combat Cybercrime and the ASEAN "
        "Digital Masterplan."
    )
    assert found == [("ASEAN Declaration to Prevent and Combat Cybercrime", None, None)]
    found = instruments(
        "They recalled the Joint Statement of ASEAN and the Russian Federation on Countering "
        "Terrorism."
    )
    assert found == [
        ("Joint Statement of ASEAN and the Russian Federation on Countering Terrorism", None, None)
    ]


# -- what is no ASEAN instrument -------------------------------------------------------------------


def test_a_countrys_national_plan_is_no_instrument(instruments: Any) -> None:
    assert instruments("Laos presented the national plan of action on drugs for 2021-2025.") == []
    assert (
        instruments("The Philippines shared its National Action Plan on Preventing Extremism.")
        == []
    )
    found = instruments("Members adopted the ASEAN Work Plan on Transnational Crime.")
    assert found == [("ASEAN Work Plan on Transnational Crime", None, None)]


def test_the_kind_alone_with_a_period_gives_the_period_of_the_one_named_before(
    instruments: Any,
) -> None:
    found = instruments(
        "Ministers pledged to implement the Plan of Action on Combating Cybercrime. "
        "The plan of action, covering 2021 to 2025, will be replaced next year."
    )
    assert found == [("Plan of Action on Combating Cybercrime", 2021, 2025)]
    found = instruments(
        "Officials adopted the ASEAN-China Work Plan on Drugs (2020-2024). "
        "Delegates also drafted a work plan for 2025-2029."
    )
    assert found == [
        ("ASEAN-China Work Plan on Drugs", 2020, 2024),
        ("work plan", 2025, 2029),
    ]


def test_the_draft_plan_said_to_cover_a_period_gives_the_period_of_the_plan_named_before(
    instruments: Any,
) -> None:
    found = instruments(
        "The SOMTC agreed to finalise the draft ASEAN Work Plan on Online Scams. "
        "The draft work plan covers 2024 to 2028."
    )
    assert found == [("ASEAN Work Plan on Online Scams", 2024, 2028)]
    found = instruments(
        "Officials discussed the ASEAN-Japan Plan of Action on Cybercrime. "
        "The revised plan will run from 2026 to 2030."
    )
    assert found == [("ASEAN-Japan Plan of Action on Cybercrime", 2026, 2030)]


def test_a_period_given_as_the_next_years_then_the_years_is_the_instruments_period(
    instruments: Any,
) -> None:
    found = instruments(
        "Ministers adopted the ASEAN Plan of Action on Online Fraud for the next ten years "
        "(2026-2035)."
    )
    assert found == [("ASEAN Plan of Action on Online Fraud", 2026, 2035)]
    found = instruments(
        "They endorsed the SOMTC Work Programme for the coming five years, 2026-2030, today."
    )
    assert found == [("SOMTC Work Programme", 2026, 2030)]


def test_until_a_year_right_after_each_title_is_the_year_each_runs_to(instruments: Any) -> None:
    found = instruments(
        "The ASEAN Work Plan on Drugs up to 2025 was reviewed, as was the Bali Work Plan until "
        "2027."
    )
    assert found == [("ASEAN Work Plan on Drugs", None, 2025), ("Bali Work Plan", None, 2027)]
    found = instruments("The Bali Work Plan was extended until 2027.")
    assert found == [("Bali Work Plan", None, None)]
    found = instruments("Members agreed to extend the Bali Work Plan until 2027.")
    assert found == [("Bali Work Plan", None, None)]


def test_a_subject_after_a_period_that_follows_the_kind_is_still_the_title(
    instruments: Any,
) -> None:
    found = instruments(
        "The ASEAN Work Plan for the period 2021-2025 on Securing Borders Against Drug "
        "Smuggling was reviewed."
    )
    assert found == [("ASEAN Work Plan on Securing Borders Against Drug Smuggling", 2021, 2025)]
    found = instruments(
        "Officials endorsed the ASEAN Plan of Action (2026 – 2035) in Combating Cyber Fraud."
    )
    assert found == [("ASEAN Plan of Action in Combating Cyber Fraud", 2026, 2035)]
    found = instruments("The Bali Work Plan (2019-2025) in Indonesia was cited.")
    assert found == [("Bali Work Plan", 2019, 2025)]


def test_a_plural_kind_after_two_cities_is_one_instrument_named_after_each(
    instruments: Any,
) -> None:
    found = instruments("Ministers recalled the Manila and Kuala Lumpur Declarations.")
    assert found == [("Manila Declaration", None, None), ("Kuala Lumpur Declaration", None, None)]


def test_a_lower_case_subject_goes_on_over_in_the_field_of(instruments: Any) -> None:
    found = instruments(
        "ASEAN and Japan signed the MoU on cooperation in the field of maritime security issues, "
        "renewed in 2020."
    )
    assert found == [("MoU on cooperation in the field of maritime security issues", None, None)]
    found = instruments("The ASEAN work plan on cybercrime in the first year was reviewed.")
    assert found == [("ASEAN work plan on cybercrime", None, None)]


# -- headlines -------------------------------------------------------------------------------------


def test_a_title_case_headlines_verb_is_not_part_of_the_title(instruments: Any) -> None:
    found = instruments("ASEAN Ministers Adopt Hanoi Declaration On Online Scams")
    assert found == [("Hanoi Declaration On Online Scams", None, None)]
    found = instruments("ASEAN, Japan Sign Joint Statement On Cyber Fraud")
    assert found == [("Joint Statement On Cyber Fraud", None, None)]
    found = instruments("SOMTC Endorses ASEAN-Korea Work Plan 2024-2027")
    assert found == [("ASEAN-Korea Work Plan", 2024, 2027)]


def test_the_apt_work_plan_is_the_asean_plus_three_work_plan_named_before(
    instruments: Any,
) -> None:
    found = instruments(
        "Officials adopted the ASEAN Plus Three Work Plan on Cybercrime (2024-2027). "
        "The APT Work Plan has twelve activities."
    )
    assert found == [("ASEAN Plus Three Work Plan on Cybercrime", 2024, 2027)]


def test_a_venue_named_convention_something_is_no_instrument(instruments: Any) -> None:
    assert (
        instruments("The meeting took place at the Jakarta Convention and Exhibition Centre.") == []
    )
    assert instruments("Delegates stayed at the Mekong Convention Hotel in Pakse.") == []
    assert instruments("The venue was the Riverside Convention Palace in Hue.") == []


def test_one_countrys_statement_is_a_speech_not_an_instrument(instruments: Any) -> None:
    assert instruments("Cambodia's Statement on Drug Control was delivered by its head.") == []
    assert instruments("Brunei delivered a Statement on the situation in the region.") == []
    found = instruments("The ASEAN-China Statement on Maritime Crime was issued.")
    assert found == [("ASEAN-China Statement on Maritime Crime", None, None)]


def test_an_acronyms_possessive_before_a_lower_case_kind_and_subject_names_it(
    instruments: Any,
) -> None:
    found = instruments("Ministers welcomed ASEAN's plan of action against online scams.")
    assert found == [("ASEAN's plan of action against online scams", None, None)]
    assert instruments("Ministers welcomed the region's plan of action against scams.") == []
    assert instruments("The programme follows ASEAN's work plan.") == []


def test_the_day_an_instrument_was_adopted_is_not_its_subject(instruments: Any) -> None:
    found = instruments("The ministers adopted the ASEAN-Korea Joint Statement on Wednesday.")
    assert found == [("ASEAN-Korea Joint Statement", None, None)]
    found = instruments("Leaders signed the Hanoi Declaration in October.")
    assert found == [("Hanoi Declaration", None, None)]


def test_a_bodys_joint_statement_without_a_subject_is_the_meetings_and_untitled(
    instruments: Any,
) -> None:
    assert instruments("The ministers adopted the 17th AMMTC Joint Statement.") == []
    assert instruments("The SOMTC Joint Statement was issued after the meeting.") == []
    found = instruments("The AMMTC Joint Statement on Cybercrime was adopted.")
    assert found == [("AMMTC Joint Statement on Cybercrime", None, None)]
    assert instruments("The ASEAN-China Joint Statement was adopted.") == [
        ("ASEAN-China Joint Statement", None, None)
    ]


def test_a_period_said_in_words_after_the_short_name_is_the_instruments_period(
    instruments: Any,
) -> None:
    found = instruments(
        "They adopted the ASEAN Plan of Action on Cyber Fraud (PoA) for the period 2026-2030."
    )
    assert found == [("ASEAN Plan of Action on Cyber Fraud", 2026, 2030)]
    found = instruments("The Mekong Work Plan (MWP), covering 2021 to 2024, was noted.")
    assert found == [("Mekong Work Plan", 2021, 2024)]


def test_its_work_plans_with_partners_are_the_plans_of_the_acronym_spoken_of(
    instruments: Any,
) -> None:
    found = instruments(
        "The ASOD reviewed its work plans with China (2021-2025) and India (2023-2027)."
    )
    assert found == [("ASOD-China Work Plan", 2021, 2025), ("ASOD-India Work Plan", 2023, 2027)]


def test_a_plural_kind_after_a_list_of_owners_is_one_instrument_of_each(
    instruments: Any,
) -> None:
    found = instruments(
        "The meeting reviewed the ASOD-China, ASOD-India and ASOD-Japan Work Plans on Drugs."
    )
    assert found == [
        ("ASOD-China Work Plan on Drugs", None, None),
        ("ASOD-India Work Plan on Drugs", None, None),
        ("ASOD-Japan Work Plan on Drugs", None, None),
    ]
    found = instruments("Thailand, Malaysia and ASEAN Work Plans were mentioned.")
    assert found == []


def test_a_period_written_with_a_tilde_or_after_a_colon_is_the_instruments_period(
    instruments: Any,
) -> None:
    assert instruments("The Bohol Work Plan 2017~2020 was noted.") == [
        ("Bohol Work Plan", 2017, 2020)
    ]
    assert instruments("The ASEAN-Korea Work Plan: 2019-2023 was noted.") == [
        ("ASEAN-Korea Work Plan", 2019, 2023)
    ]


def test_a_numbered_convention_is_a_gathering_not_a_treaty(instruments: Any) -> None:
    assert instruments("The 3rd ASEAN Student Convention against Drugs was held in Hue.") == []


def test_in_a_city_or_country_after_a_kind_says_where_not_what_about(instruments: Any) -> None:
    found = instruments("Delegates discussed the ASEAN Work Plan in Yangon on Monday.")
    assert found == [("ASEAN Work Plan", None, None)]
    found = instruments("They signed the Hanoi Declaration in Viet Nam last year.")
    assert found == [("Hanoi Declaration", None, None)]


def test_a_titled_instrument_of_the_united_nations_is_an_instrument(instruments: Any) -> None:
    found = instruments("Members recalled the UN Convention against Corruption.")
    assert found == [("UN Convention against Corruption", None, None)]
