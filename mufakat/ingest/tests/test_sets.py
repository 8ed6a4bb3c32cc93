"""Every annotated set, checked by the held-out scorer's own validation of a gold file."""

from pathlib import Path

import pytest

from mufakat.ingest.scoring import (
    EVALUATION,
    EXAMPLES,
    GENRE,
    PRACTICE,
    PRACTICE_EVALUATION,
    examples,
    scorer,
)

SETS = {
    "examples": EXAMPLES,
    "development": GENRE,
    "evaluation": EVALUATION,
    "practice": PRACTICE,
    "practice held out": PRACTICE_EVALUATION,
}


@pytest.mark.parametrize("folder", SETS.values(), ids=SETS.keys())
def test_every_annotation_of_the_set_is_valid_by_the_scorers_own_rules(folder: Path) -> None:
    annotated = examples(folder)
    problems = {
        name: scorer().validate_gold(expected)
        for name, _path, expected in annotated
        if scorer().validate_gold(expected)
    }
    assert annotated
    assert problems == {}


@pytest.mark.parametrize("folder", [PRACTICE, PRACTICE_EVALUATION], ids=["practice", "held out"])
def test_the_practice_reports_are_many_and_each_explains_its_calls(folder: Path) -> None:
    annotated = examples(folder)
    assert len(annotated) >= 150
    assert all(expected.get("notes") for _name, _path, expected in annotated)


def test_no_practice_report_is_also_a_real_one() -> None:
    """The two kinds never mix: a written report is never scored as a real one."""
    practice = {name for folder in (PRACTICE, PRACTICE_EVALUATION) for name, *_ in examples(folder)}
    real = {name for folder in (GENRE, EVALUATION) for name, *_ in examples(folder)}
    assert practice and real and not practice & real
