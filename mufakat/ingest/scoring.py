"""Scoring the extractor against worked examples, with the held-out evaluation's own scorer.

The scorer (``tests/examples/score.py.txt``, a verbatim copy of ``ingest-examples/score.py``)
counts facts: each meeting field, each instrument title and years, each crime area and party;
micro-averaged F1 over the files.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

EXAMPLES = Path(__file__).parent / "tests" / "examples"
#: The genre development set: reports by other outlets, annotated by the examples' conventions.
GENRE = Path(__file__).parent / "tests" / "genre"
#: The evaluation set: reports annotated before the extractor first read them, never tuned on.
EVALUATION = Path(__file__).parent / "tests" / "eval"
#: The scorer's fact categories, in its order.
FIELDS = ("meetings", "instruments", "crime_areas", "parties")


@cache
def scorer(path: Path | None = None) -> ModuleType:
    """The scoring module: ``score.py`` next to the examples if there is one, else our copy."""
    source = path or EXAMPLES / "score.py.txt"
    loader = importlib.machinery.SourceFileLoader("mufakat_ingest_score", str(source))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Score:
    name: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(
    name: str,
    expected: dict[str, Any],
    predicted: dict[str, Any],
    *,
    module: ModuleType | None = None,
) -> tuple[Score, list[str]]:
    """Facts of one prediction against one gold file; also the scorer's list of differences."""
    fields, log = score_fields(name, expected, predicted, module=module)
    return micro(list(fields.values()), name), log


def score_fields(
    name: str,
    expected: dict[str, Any],
    predicted: dict[str, Any],
    *,
    module: ModuleType | None = None,
) -> tuple[dict[str, Score], list[str]]:
    """Facts per category (meetings, instruments, crime areas, parties) and the differences."""
    m = module or scorer()
    log: list[str] = []
    counts = m.score_docs(expected, predicted, log)
    return {key: Score(name, counts[key].tp, counts[key].fp, counts[key].fn) for key in FIELDS}, log


def micro(scores: list[Score], name: str = "micro") -> Score:
    """The sum of the facts: micro-averaged precision, recall and F1."""
    return Score(
        name, sum(s.tp for s in scores), sum(s.fp for s in scores), sum(s.fn for s in scores)
    )


def examples(folder: Path = EXAMPLES) -> list[tuple[str, Path, dict[str, Any]]]:
    """(name, text file, expected JSON) for every ``X.txt`` with an ``X.expected.json``."""
    out = []
    for gold in sorted(folder.rglob("*.expected.json")):
        name = gold.name[: -len(".expected.json")]
        text = gold.with_name(name + ".txt")
        if text.exists():
            out.append((name, text, json.loads(gold.read_text(encoding="utf-8"))))
    return out
