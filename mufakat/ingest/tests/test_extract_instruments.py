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
