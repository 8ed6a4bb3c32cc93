"""Scoring the extractor against worked examples, with the held-out evaluation's own scorer.

The scorer (``tests/examples/score.py.txt``, a verbatim copy of ``ingest-examples/score.py``)
counts facts: each meeting field, each instrument title and years, each crime area and party;
micro-averaged F1 over the files.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import re
from collections import Counter
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
#: Practice reports: written in the genre's styles by careful writers and annotated by the same
#: conventions: not real reports, but as hard for the rules as unseen real ones. Rules may be
#: written on ``practice``; ``practice_eval`` is never read while writing one.
PRACTICE = Path(__file__).parent / "tests" / "practice"
PRACTICE_EVALUATION = Path(__file__).parent / "tests" / "practice_eval"
#: Second annotations of reports of both sets, made from the text alone by other annotators who
#: never saw the first: how far two careful readers of the same conventions agree.
AGREEMENT = Path(__file__).parent / "tests" / "agreement"
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


@dataclass(frozen=True)
class SecondReading:
    """One report read twice: the set's annotation (first) and an independent one (second)."""

    label: str  # "development" or "evaluation"
    name: str
    text: Path
    first: dict[str, Any]
    second: dict[str, Any]


def second_readings(folder: Path = AGREEMENT) -> list[SecondReading]:
    """Every ``X.json`` in ``folder`` paired with the set's ``X.expected.json`` and ``X.txt``.

    A second annotation without its first is an error, not a silent skip: the pairing is the
    point of the folder."""
    out = []
    sets = (("development", GENRE), ("evaluation", EVALUATION))
    for second in sorted(folder.glob("*.json")):
        name = second.stem
        found = [(label, d) for label, d in sets if (d / f"{name}.expected.json").exists()]
        if not found:
            raise LookupError(
                f"{second}: no {name}.expected.json in the development or evaluation set"
            )
        label, d = found[0]
        out.append(
            SecondReading(
                label,
                name,
                d / f"{name}.txt",
                json.loads((d / f"{name}.expected.json").read_text(encoding="utf-8")),
                json.loads(second.read_text(encoding="utf-8")),
            )
        )
    return out


_FIELD_DIFF = re.compile(
    r"meeting (\S+) (\S+) #\S+ (start_date|end_date|city|host|chair): gold=(.*) pred=(.*)$"
)
_KEY_DIFF = re.compile(r"meeting (\S+) \S+ #(\S+): predicted as (\S+) \S+ #(\S+)$")
_WHOLE = re.compile(r"(MISSED|SPURIOUS) meeting (\S+) (\S+) #\S+ \((\d+) facts\)")
_INSTRUMENT_YEAR = re.compile(r"instrument .* (start_year|end_year): gold=(.*) pred=(.*)$")
_WHOLE_INSTRUMENT = re.compile(r"(MISSED|SPURIOUS) instrument .*\((\d+) facts\)$")
_SET_ITEM = re.compile(r"(MISSED|SPURIOUS) (crime_areas|parties) \S+$")


def _kind_of_body(body: str) -> str:
    """A body as a class of meeting: a consultation, a working group, or the body itself."""
    if "+" in body:
        return "consultation"
    return "working group" if "-WG-" in body else body


def _change(gold: str, predicted: str) -> str:
    if predicted == "None":
        return "missing"
    return "spurious" if gold == "None" else "wrong"


def _cost(change: str) -> int:
    """A wrong value is a false positive and a false negative; a missing or spurious one, one."""
    return 2 if change == "wrong" else 1


def error_classes(log: list[str]) -> Counter[str]:
    """Errors (false positives plus false negatives), by class, from the scorer's list of differences — with no file named and no
    value shown, so that a set one may not read (the evaluation set) can still say where the
    extractor loses: "meeting start_date missing (held SOMTC)": 4."""
    classes: Counter[str] = Counter()
    for line in log:
        text = line.strip()
        if m := _FIELD_DIFF.match(text):
            relation, body, field, gold, predicted = m.groups()
            change = _change(gold, predicted)
            classes[f"meeting {field} {change} ({relation} {_kind_of_body(body)})"] += _cost(change)
        elif m := _KEY_DIFF.match(text):
            relation, number, predicted_relation, predicted_number = m.groups()
            if relation != predicted_relation:
                classes[f"meeting {relation}, predicted {predicted_relation}"] += 2
            elif number != predicted_number:
                classes[f"meeting number {_change(number, predicted_number)}"] += 2
            else:
                classes["meeting body confused"] += 2
        elif m := _WHOLE.match(text):
            which, relation, body, facts = m.groups()
            classes[f"meeting {which.lower()} ({relation} {_kind_of_body(body)})"] += int(facts)
        elif m := _INSTRUMENT_YEAR.match(text):
            field, gold, predicted = m.groups()
            change = _change(gold, predicted)
            classes[f"instrument {field} {change}"] += _cost(change)
        elif m := _WHOLE_INSTRUMENT.match(text):
            classes[f"instrument {m.group(1).lower()}"] += int(m.group(2))
        elif m := _SET_ITEM.match(text):
            classes[f"{m.group(2).replace('_', ' ')} {m.group(1).lower()}"] += 1
    return classes
