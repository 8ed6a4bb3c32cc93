"""The worked examples, scored as the held-out set is scored."""

from typing import Any

import pytest

from mufakat.ingest.extract import Gazetteer, extract_document, read_document
from mufakat.ingest.scoring import examples, micro, score

EXAMPLES = examples()


def test_there_are_examples_to_score() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(("name", "path", "expected"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_each_example_scores_at_least_0_9(
    demo_gazetteer: Gazetteer, name: str, path: Any, expected: dict[str, Any]
) -> None:
    predicted = extract_document(read_document(path), gazetteer=demo_gazetteer).to_json()
    result, differences = score(name, expected, predicted)
    assert result.f1 >= 0.9, differences


def test_micro_f1_over_the_examples_reaches_the_target(demo_gazetteer: Gazetteer) -> None:
    scores = [
        score(
            name,
            expected,
            extract_document(read_document(path), gazetteer=demo_gazetteer).to_json(),
        )[0]
        for name, path, expected in EXAMPLES
    ]
    assert micro(scores).f1 >= 0.9


def test_the_same_text_gives_the_same_json(demo_gazetteer: Gazetteer) -> None:
    _, path, _ = EXAMPLES[0]
    doc = read_document(path)
    assert (
        extract_document(doc, gazetteer=demo_gazetteer).to_json()
        == extract_document(doc, gazetteer=demo_gazetteer).to_json()
    )
