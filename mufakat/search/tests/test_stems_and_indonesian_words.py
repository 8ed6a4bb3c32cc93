"""English words are found in their other forms, Indonesian key words find English records, and
a meeting is found by its body and number."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mufakat.library.models import KnowledgeItem
from mufakat.search.indexing import index_object
from mufakat.search.selectors import search
from mufakat.search.text import index_text, parse_query, stem
from mufakat.testing.factories import BodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db

MakeItem = Callable[..., KnowledgeItem]


def titles(results: Any) -> list[str]:
    return sorted(hit.title for hit in results.hits)


def test_english_words_share_a_stem_across_their_usual_forms() -> None:
    assert {stem(w) for w in ("terrorism", "terrorist", "terrorists")} == {"terror"}
    assert stem("drugs") == stem("drug") == "drug"
    assert stem("trafficking") == stem("trafficked") == "traffick"
    assert stem("process") == "process" and stem("status") == "status"


def test_a_stem_is_indexed_after_the_documents_own_words_so_phrases_still_hold() -> None:
    assert (
        index_text("Countering terrorists at sea") == "countering terrorists at sea counter terror"
    )


def test_terrorist_finds_a_record_on_terrorism(make_item: MakeItem, anonymous: Any) -> None:
    make_item(title="Countering terrorism financing")
    make_item(title="Maritime security")
    assert titles(search(user=anonymous, query="terrorists")) == ["Countering terrorism financing"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("terorisme", "Countering terrorism financing"),
        ("narkoba", "Illicit drugs in the Mekong"),
        ("perdagangan orang", "Trafficking in persons: victim support"),
        ("kejahatan siber", "Cybercrime capacity building"),
        ("pencucian uang", "Money laundering typologies"),
    ],
)
def test_indonesian_key_words_find_the_english_records(
    make_item: MakeItem, anonymous: Any, query: str, found: str
) -> None:
    for title in (
        "Countering terrorism financing",
        "Illicit drugs in the Mekong",
        "Trafficking in persons: victim support",
        "Cybercrime capacity building",
        "Money laundering typologies",
    ):
        make_item(title=title)
    assert titles(search(user=anonymous, query=query)) == [found]


def test_an_indonesian_phrase_is_still_found_in_indonesian(
    make_item: MakeItem, anonymous: Any
) -> None:
    make_item(title="Perlindungan korban perdagangan orang", language="id")
    make_item(title="Perdagangan kopi")  # "perdagangan" alone is trade, not trafficking
    assert titles(search(user=anonymous, query="perdagangan orang")) == [
        "Perlindungan korban perdagangan orang"
    ]


def test_a_meeting_is_found_by_its_body_and_number(anonymous: Any) -> None:
    somtc = BodyFactory(code="SOMTC", name="ASEAN Senior Officials Meeting on Transnational Crime")
    for number in (24, 25):
        index_object(
            MeetingFactory(
                body=somtc,
                number=number,
                title=f"{number}th ASEAN Senior Officials Meeting on Transnational Crime (SOMTC)",
            )
        )
    assert titles(search(user=anonymous, query="somtc 25")) == [
        "25th ASEAN Senior Officials Meeting on Transnational Crime (SOMTC)"
    ]
    assert titles(search(user=anonymous, query="25th somtc")) == [
        "25th ASEAN Senior Officials Meeting on Transnational Crime (SOMTC)"
    ]


def test_quoted_words_are_matched_as_written() -> None:
    (term,) = parse_query('"terrorists"')
    assert term.alternatives == ()
