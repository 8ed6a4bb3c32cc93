"""The extractor on the crime areas a report names, in the words the genre uses for them."""

from typing import Any

import pytest


@pytest.fixture
def areas(read: Any) -> Any:
    return lambda text: list(read(text)["crime_areas"])


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("The 20th SOMTC in Hanoi discussed arm smuggling and piracy.", "arms_smuggling"),
        ("The officials agreed to curb the wildlife trade in the Mekong region.",
         "wildlife_timber_trafficking"),
        ("Ministers pledged action against illegal timber and poaching.",
         "wildlife_timber_trafficking"),
        ("The police chiefs discussed the trafficking of drugs, wild animals and people.",
         "wildlife_timber_trafficking"),
        ("Customs officers seized wildlife at the port.", "wildlife_timber_trafficking"),
        ("The sectors include money laundering and technology crimes.", "cybercrime"),
        ("Criminals now exploit cyberspace to defraud the public.", "cybercrime"),
        ("The commissions dealt with commercial crime and terrorism.",
         "international_economic_crime"),
    ],
)  # fmt: skip
def test_a_crime_area_is_read_in_the_words_of_the_genre(areas: Any, text: str, area: str) -> None:
    assert area in areas(text)
