"""Benchmark: the press-statement extractor — micro-F1 per set and per field, and throughput.

    .venv/bin/python benchmarks/ingest.py [--examples DIR] [--genre DIR] [--evaluation DIR]
                                          [--data-dir DIR] [--rounds 20] [-v] [--quiet]
                                          [--classes N]

The gazetteer is the registry: by default a fresh SQLite database in a temporary directory,
migrated and loaded with the demo data (``--data-dir`` reuses an existing one, e.g. var/demo).
Three sets of ``X.txt`` + ``X.expected.json`` pairs are read, extracted and scored by the
held-out evaluation's own ``score.py`` (the copy next to ``--examples`` when it has one):

- examples: the worked examples (default mufakat/ingest/tests/examples; point ``--examples``
  at ../shared/ingest-examples or a held-out folder);
- development: the genre development set (``--genre``, default mufakat/ingest/tests/genre),
  reports the rules were written against;
- practice: reports written in the genre's styles and annotated by the same conventions
  (``--practice``, default mufakat/ingest/tests/practice): not real reports, but as hard for the
  rules as unseen real ones, and rules may be written on them;
- evaluation: reports annotated before the extractor first read them and never tuned on
  (``--evaluation``, default mufakat/ingest/tests/eval);
- practice, held out: practice reports no rule was written on (``--practice-eval``, default
  mufakat/ingest/tests/practice_eval).

``none`` skips a set. Prints F1 per file (``--quiet`` leaves that out), then for each set the
micro-F1 with precision and recall and the F1 of each field (meetings, instruments, crime
areas, parties), the gap between development and evaluation, and throughput in articles/s on
one core (extraction of already-read texts, the gazetteer built once; its build time is
printed apart). Targets: evaluation micro-F1 ≥ 0.90 with meetings ≥ 0.85, development ≥ 0.95,
gap < 0.05, ≥ 50 articles/s.

``--classes N`` adds each set's N largest error classes ("meeting start_date missing (held
ASOD)": errors, false positives plus false negatives) with no file named and no value shown:
where the extractor loses on the evaluation set can be known without reading that set.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Neither production nor the demo: the test settings (demo key, no debug pages, no rate limits),
# handed on to every `mufakat` command started below.
os.environ.setdefault("MUFAKAT_ENV", "test")
sys.path.insert(0, str(ROOT))

from demo_registry import demo_registry  # noqa: E402 -- beside this script


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=Path, default=None)
    parser.add_argument("--genre", default=None, help="development set (or 'none')")
    parser.add_argument("--evaluation", default=None, help="evaluation set (or 'none')")
    parser.add_argument("--practice", default=None, help="practice reports (or 'none')")
    parser.add_argument(
        "--practice-eval", default=None, help="practice reports never tuned on (or 'none')"
    )
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the texts to time")
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed/spurious facts")
    parser.add_argument("--quiet", action="store_true", help="leave out the per-file lines")
    parser.add_argument(
        "--classes",
        type=int,
        default=0,
        metavar="N",
        help="print each set's N largest error classes (no file named, no value shown)",
    )
    args = parser.parse_args()

    with demo_registry(args.data_dir, "mufakat-ingest-bench-"):
        return run(args)


def run(args: argparse.Namespace) -> int:
    from mufakat.ingest.extract import Gazetteer, extract_document, read_document
    from mufakat.ingest.scoring import (
        EVALUATION,
        EXAMPLES,
        FIELDS,
        GENRE,
        PRACTICE,
        PRACTICE_EVALUATION,
        Score,
        error_classes,
        examples,
        micro,
        score_fields,
        scorer,
    )

    folder = args.examples or EXAMPLES
    module = scorer(folder / "score.py") if (folder / "score.py").exists() else scorer()
    sets = [("examples", examples(folder))]
    for label, option, default in (
        ("development", args.genre, GENRE),
        ("practice", args.practice, PRACTICE),
        ("evaluation", args.evaluation, EVALUATION),
        ("practice, held out", args.practice_eval, PRACTICE_EVALUATION),
    ):
        if option == "none":
            continue
        pairs = examples(Path(option) if option else default)
        if pairs:
            sets.append((label, pairs))
        elif option:
            print(f"no X.txt + X.expected.json pairs under {option}: {label} left out")
    if not sets[0][1]:
        print(f"no X.txt + X.expected.json pairs under {folder}")
        return 2

    started = time.perf_counter()
    gazetteer = Gazetteer.from_registry()
    build_ms = (time.perf_counter() - started) * 1000

    docs = []
    totals: dict[str, Score] = {}
    for label, pairs in sets:
        by_field: dict[str, list[Score]] = {key: [] for key in FIELDS}
        classes: Counter[str] = Counter()
        for name, path, expected in pairs:
            doc = read_document(path)
            docs.append((name, doc, expected))
            predicted = extract_document(doc, gazetteer=gazetteer).to_json()
            fields, log = score_fields(name, expected, predicted, module=module)
            for key, counts in fields.items():
                by_field[key].append(counts)
            if not args.quiet:
                result = micro(list(fields.values()))
                print(
                    f"{label[:4]} {name:<62} F1={result.f1:.3f} "
                    f"(tp={result.tp} fp={result.fp} fn={result.fn})"
                )
            classes.update(error_classes(log))
            if args.verbose:
                for line in log:
                    print(line)
        fields_total = {key: micro(scores) for key, scores in by_field.items()}
        total = totals[label] = micro(list(fields_total.values()))
        per_field = ", ".join(f"{key} {fields_total[key].f1:.3f}" for key in FIELDS)
        print(
            f"ingest micro-F1 ({label}): {total.f1:.3f} (P={total.precision:.3f}, "
            f"R={total.recall:.3f}) over {len(pairs)} files; {per_field}"
        )
        for name, errors in classes.most_common(args.classes):
            print(f"  {errors:4d} errors: {name}")
    if "development" in totals and "evaluation" in totals:
        gap = totals["development"].f1 - totals["evaluation"].f1
        print(f"gap between development and evaluation: {gap:+.3f} (target < 0.05)")

    extract_document(docs[0][1], gazetteer=gazetteer)  # warm caches (dateparser's first load)
    started = time.perf_counter()
    for _ in range(args.rounds):
        for _name, doc, _expected in docs:
            extract_document(doc, gazetteer=gazetteer)
    elapsed = time.perf_counter() - started
    articles = args.rounds * len(docs)
    chars = sum(len(doc.text) for _n, doc, _e in docs) / len(docs)
    print(
        f"throughput: {articles / elapsed:.1f} articles/s on one core "
        f"({articles} extractions, {1000 * elapsed / articles:.1f} ms each, "
        f"{chars:.0f} characters on average; target ≥ 50)"
    )
    print(f"gazetteer built from the registry in {build_ms:.0f} ms ({gazetteer.names.size} names)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
