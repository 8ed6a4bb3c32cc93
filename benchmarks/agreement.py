"""Benchmark: how far two annotators agree, and the extractor against each of them.

    .venv/bin/python benchmarks/agreement.py [--agreement DIR] [--data-dir DIR] [--classes N]

``mufakat/ingest/tests/agreement/X.json`` is a second annotation of the report ``X`` of the
development or the evaluation set, made from the text alone, by the same conventions
(ANNOTATION.md), by an annotator who never saw the first. Scored with the held-out scorer, the
two annotations give the agreement between careful readers: the figure no extractor can be
expected to pass on text annotated by one reader. For each set this prints

- the annotators' agreement, micro-F1 with the first annotation as the reference (the second's
  optional items do not count) and with the second as the reference, per field;
- the extractor against the first annotation (what the benchmark ``ingest.py`` scores) and
  against the second, on the same reports;
- with ``--classes N``, the N largest classes of disagreement between the annotators (no file
  named, no value shown), so that the evaluation set's disagreements can be counted unread.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("MUFAKAT_ENV", "test")
sys.path.insert(0, str(ROOT))

from demo_registry import demo_registry  # noqa: E402 -- beside this script


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agreement", type=Path, default=None, help="folder of second readings")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--classes", type=int, default=0, metavar="N")
    args = parser.parse_args()

    with demo_registry(args.data_dir, "mufakat-agreement-"):
        return run(args)


def run(args: argparse.Namespace) -> int:
    from mufakat.ingest.extract import Gazetteer, extract_document, read_document
    from mufakat.ingest.scoring import (
        AGREEMENT,
        FIELDS,
        Score,
        error_classes,
        micro,
        score_fields,
        scorer,
        second_readings,
    )

    module = scorer()
    readings = second_readings(args.agreement or AGREEMENT)
    if not readings:
        print(f"no second readings under {args.agreement or AGREEMENT}")
        return 2
    gazetteer = Gazetteer.from_registry()

    comparisons = (
        "annotators, first as reference",
        "annotators, second as reference",
        "extractor against the first",
        "extractor against the second",
    )
    for label in ("development", "evaluation"):
        mine = [r for r in readings if r.label == label]
        if not mine:
            continue
        scores: dict[str, dict[str, list[Score]]] = {
            c: {key: [] for key in FIELDS} for c in comparisons
        }
        disagreements: Counter[str] = Counter()
        for r in mine:
            predicted = extract_document(read_document(r.text), gazetteer=gazetteer).to_json()
            pairs = (
                (r.first, r.second),
                (r.second, r.first),
                (r.first, predicted),
                (r.second, predicted),
            )
            for comparison, (reference, other) in zip(comparisons, pairs, strict=True):
                fields, log = score_fields(r.name, reference, other, module=module)
                for key, counts in fields.items():
                    scores[comparison][key].append(counts)
                if comparison == comparisons[0]:
                    disagreements.update(error_classes(log))
        print(f"{label}: {len(mine)} reports read twice")
        for comparison in comparisons:
            by_field = {key: micro(s) for key, s in scores[comparison].items()}
            total = micro(list(by_field.values()))
            per_field = ", ".join(f"{key} {by_field[key].f1:.3f}" for key in FIELDS)
            print(
                f"  {comparison:<34} F1 {total.f1:.3f} (P={total.precision:.3f}, "
                f"R={total.recall:.3f}); {per_field}"
            )
        for name, errors in disagreements.most_common(args.classes):
            print(f"    {errors:4d} disagreements: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
