"""Second readings: reports of both sets annotated again, from the text alone, by annotators who
never saw the first annotation. They say how far careful readers of ANNOTATION.md agree, which
is the most an extractor can be asked to reach on text annotated by one of them."""

import json
from pathlib import Path

import pytest

from mufakat.ingest.scoring import (
    Score,
    SecondReading,
    micro,
    score_fields,
    scorer,
    second_readings,
)

READINGS = second_readings()


def test_both_sets_have_reports_read_twice() -> None:
    labels = [r.label for r in READINGS]
    assert labels.count("evaluation") >= 30
    assert labels.count("development") >= 15


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.name)
def test_a_second_reading_is_valid_by_the_scorers_own_rules_and_explains_its_calls(
    reading: SecondReading,
) -> None:
    assert scorer().validate_gold(reading.second) == []
    assert reading.second.get("notes")


def test_two_readers_of_the_evaluation_reports_agree_above_the_extractors_target() -> None:
    """Measured when the readings were made: 0.958 either way round (meetings 0.94–0.96). The
    extractor's target (0.90) is below what the annotation supports: what it misses is its own."""
    scores: list[Score] = []
    for r in READINGS:
        if r.label == "evaluation":
            fields, _log = score_fields(r.name, r.first, r.second)
            scores += fields.values()
    assert micro(scores).f1 >= 0.93


def test_a_second_reading_without_a_first_annotation_is_refused_by_name(tmp_path: Path) -> None:
    stray = tmp_path / "e999_nowhere-2020.json"
    stray.write_text(
        json.dumps({"meetings": [], "instruments": [], "crime_areas": [], "parties": []})
    )
    with pytest.raises(LookupError, match="e999_nowhere-2020"):
        second_readings(tmp_path)
