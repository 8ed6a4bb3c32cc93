"""Benchmark: the press-statement extractor — micro-F1 over worked examples, and throughput.

    .venv/bin/python benchmarks/ingest.py [--examples DIR] [--genre DIR] [--data-dir DIR]
                                          [--rounds 20] [-v]

The gazetteer is the registry: by default a fresh SQLite database in a temporary directory,
migrated and loaded with the demo data (``--data-dir`` reuses an existing one, e.g. var/demo).
Every ``X.txt`` with an ``X.expected.json`` under ``--examples`` (default: the copy in
mufakat/ingest/tests/examples; point it at ../shared/ingest-examples or a held-out folder) is
read and extracted; facts are counted by that folder's ``score.py`` when it has one (else our
copy of it), exactly as the held-out evaluation counts them. The genre development set
(``--genre``, default mufakat/ingest/tests/genre: twenty reports by other outlets, annotated
by the examples' conventions; ``--genre none`` skips it) is scored the same way and printed
apart. Prints F1 per file and the micro-F1 of each set, then throughput in articles/s on one core (extraction of already-read texts, the
gazetteer built once; its build time is printed apart). Targets (issue 5): F1 ≥ 0.9, ≥ 50
articles/s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Neither production nor the demo: the test settings (demo key, no debug pages, no rate limits),
# handed on to every `mufakat` command started below.
os.environ.setdefault("MUFAKAT_ENV", "test")
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=Path, default=None)
    parser.add_argument("--genre", default=None, help="genre development set (or 'none')")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the examples to time")
    parser.add_argument("-v", "--verbose", action="store_true", help="list missed/spurious facts")
    args = parser.parse_args()

    tmp = None
    if args.data_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="mufakat-ingest-bench-")
        os.environ["MUFAKAT_DATA_DIR"] = tmp.name
    else:
        os.environ["MUFAKAT_DATA_DIR"] = str(args.data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from mufakat.ingest.extract import Gazetteer, extract_document, read_document
    from mufakat.ingest.scoring import EXAMPLES, GENRE, examples, micro, score, scorer

    if tmp is not None:
        call_command("migrate", verbosity=0)
        from mufakat.demo.loader import load_demo

        load_demo()
    folder = args.examples or EXAMPLES
    module = scorer(folder / "score.py") if (folder / "score.py").exists() else scorer()
    cases = examples(folder)
    if not cases:
        print(f"no X.txt + X.expected.json pairs under {folder}")
        return 2
    sets = [("examples", cases, "target ≥ 0.9")]
    if args.genre != "none":
        genre_dir = Path(args.genre) if args.genre else GENRE
        sets.append(
            ("genre set", examples(genre_dir), "development set, not tuned on the examples")
        )

    started = time.perf_counter()
    gazetteer = Gazetteer.from_registry()
    build_ms = (time.perf_counter() - started) * 1000

    docs = []
    for label, pairs, note in sets:
        scores = []
        for name, path, expected in pairs:
            doc = read_document(path)
            docs.append((name, doc, expected))
            predicted = extract_document(doc, gazetteer=gazetteer).to_json()
            result, log = score(name, expected, predicted, module=module)
            scores.append(result)
            print(f"{name:<60} F1={result.f1:.3f} (tp={result.tp} fp={result.fp} fn={result.fn})")
            if args.verbose:
                for line in log:
                    print(line)
        total = micro(scores)
        p = total.tp / (total.tp + total.fp) if total.tp + total.fp else 1.0
        r = total.tp / (total.tp + total.fn) if total.tp + total.fn else 1.0
        print(
            f"ingest micro-F1 ({label}): {total.f1:.3f} (P={p:.3f}, R={r:.3f}) "
            f"over {len(scores)} files ({note})"
        )

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
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
