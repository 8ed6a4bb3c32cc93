"""Benchmark: a two-word full-text search with all facet counts over 100,000 knowledge items.

    .venv/bin/python benchmarks/search.py [--items 100000] [--backends sqlite postgres]
                                          [--requests 40] [--seed 2025]

For each backend it migrates a fresh database (SQLite in a temporary directory; PostgreSQL
through ``scripts/with-postgres.sh``, or a new database on the server of ``DATABASE_URL``),
generates N knowledge items with bulk_create (a realistic vocabulary in English, Bahasa
Indonesia, Malay, Vietnamese and Thai; mixed audiences including three sharing groups, crime
areas, parties), builds the search index (``indexing.rebuild``), refreshes the planner's
statistics, then times — as an outsider-level user (a Canadian reader: public and platform
records) and as the Secretariat (everything but other parties' organisation/named records) —

- ``search``: the selector, i.e. the first page of 20 ranked hits with snippets plus every facet
  count (type, kind, crime area, party, year, language) — all the SQL, gate included;
- ``api``: GET /api/v1/search through Django's test client (auth, serialisation; DEBUG off);

over a rotation of two-word queries, and prints median and p95. Target (issue 4): p95 ≤ 150 ms
on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
# Neither production nor the demo: the test settings (demo key, no debug pages, no rate limits),
# handed on to every `mufakat` command started below.
os.environ.setdefault("MUFAKAT_ENV", "test")
MUFAKAT = [sys.executable, "-c", "from mufakat.cli import main; main()"]
WITH_POSTGRES = ROOT / "scripts" / "with-postgres.sh"
RESULT = "BENCHMARK-RESULT "

QUERIES = [
    "border cooperation",
    "drug trafficking",
    "community policing",
    "victim protection",
    "maritime patrols",
    "ma túy",
    "kerjasama perbatasan",
    "financial intelligence",
]

VOCABULARY = {
    "en": [
        "border",
        "cooperation",
        "drug",
        "trafficking",
        "community",
        "policing",
        "victim",
        "protection",
        "maritime",
        "patrols",
        "financial",
        "intelligence",
        "training",
        "workshop",
        "investigation",
        "prosecution",
        "evidence",
        "cybercrime",
        "terrorism",
        "radicalisation",
        "prevention",
        "youth",
        "mentors",
        "precursor",
        "chemicals",
        "laboratory",
        "seizure",
        "port",
        "security",
        "customs",
        "immigration",
        "smuggling",
        "migrants",
        "wildlife",
        "timber",
        "money",
        "laundering",
        "casino",
        "cryptocurrency",
        "ransomware",
        "hotline",
        "liaison",
        "officers",
        "extradition",
        "mutual",
        "legal",
        "assistance",
        "checklist",
        "guideline",
        "lessons",
        "learned",
        "case",
        "study",
        "statistics",
        "survey",
        "regional",
        "network",
        "capacity",
        "building",
        "exchange",
        "programme",
        "national",
        "action",
        "plan",
        "law",
        "enforcement",
        "judiciary",
        "coast",
        "guard",
        "forensic",
        "digital",
        "online",
        "scams",
        "recruitment",
        "debt",
        "bondage",
        "shelter",
        "repatriation",
        "hotline",
        "awareness",
        "campaign",
        "schools",
        "religious",
        "leaders",
        "social",
        "media",
        "monitoring",
        "analysis",
        "report",
        "recommendations",
    ],
    "id": [
        "kerjasama",
        "perbatasan",
        "narkoba",
        "perdagangan",
        "orang",
        "penanggulangan",
        "terorisme",
        "pencegahan",
        "radikalisme",
        "pemuda",
        "sekolah",
        "polisi",
        "masyarakat",
        "korban",
        "perlindungan",
        "pelatihan",
        "lokakarya",
        "penyidikan",
        "penuntutan",
        "barang",
        "bukti",
        "kejahatan",
        "siber",
        "pencucian",
        "uang",
        "laut",
        "patroli",
        "imigrasi",
        "bea",
        "cukai",
        "satwa",
        "liar",
        "kayu",
        "ilegal",
        "pedoman",
        "pembelajaran",
        "studi",
        "kasus",
    ],
    "ms": [
        "kerjasama",
        "sempadan",
        "dadah",
        "pemerdagangan",
        "orang",
        "mangsa",
        "perlindungan",
        "latihan",
        "siasatan",
        "pendakwaan",
        "keganasan",
        "pencegahan",
        "belia",
        "komuniti",
        "polis",
        "maritim",
        "rondaan",
    ],
    "vi": [
        "hợp",
        "tác",
        "biên",
        "giới",
        "ma",
        "túy",
        "mua",
        "bán",
        "người",
        "phòng",
        "chống",
        "khủng",
        "bố",
        "bảo",
        "vệ",
        "nạn",
        "nhân",
        "đào",
        "tạo",
        "điều",
        "tra",
        "truy",
        "tố",
        "tội",
        "phạm",
        "mạng",
        "rửa",
        "tiền",
        "tuần",
        "tra",
        "hàng",
        "hải",
        "cảnh",
        "sát",
        "cộng",
        "đồng",
    ],
    "th": [
        "ความร่วมมือ",
        "ชายแดน",
        "ยาเสพติด",
        "การค้ามนุษย์",
        "การก่อการร้าย",
        "ผู้เสียหาย",
        "การคุ้มครอง",
        "การฝึกอบรม",
        "การสืบสวน",
        "อาชญากรรมไซเบอร์",
        "การฟอกเงิน",
        "ตำรวจ",
        "ชุมชน",
        "ทางทะเล",
        "ลาดตระเวน",
    ],
}
LANGUAGE_WEIGHTS = {"en": 60, "id": 15, "vi": 10, "th": 10, "ms": 5}
MEMBER_STATES = ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"]
PARTNERS = ["JPN", "CHN", "KOR", "AUS", "USA", "EU", "CAN", "IND", "NZL", "RUS"]
CRIME_AREAS = [
    "terrorism",
    "illicit_drug_trafficking",
    "trafficking_in_persons",
    "arms_smuggling",
    "sea_piracy",
    "money_laundering",
    "international_economic_crime",
    "cybercrime",
    "wildlife_timber_trafficking",
    "people_smuggling",
]
#: (audience, TLP, weight): mixed as a shared library would be.
AUDIENCES = [
    ("public", "CLEAR", 20),
    ("platform", "GREEN", 25),
    ("member_states", "GREEN", 15),
    ("sharing_group", "AMBER", 20),
    ("organisation", "AMBER+STRICT", 15),
    ("named", "RED", 5),
]


# -- generating (runs inside the environment of one fresh database) ------------------------------


_SYLLABLES = [
    "ka",
    "to",
    "ri",
    "ma",
    "ne",
    "su",
    "lo",
    "pa",
    "di",
    "ve",
    "chu",
    "ang",
    "ban",
    "tri",
    "mon",
    "sel",
    "gu",
    "ha",
]
#: Filler words, so that topical words are as rare as in real text: a two-word query then
#: matches a few per cent of the items, not most of them.
FILLER = [a + b for a in _SYLLABLES for b in _SYLLABLES] + [
    a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES[:12]
]
_CUMULATIVE: dict[str, tuple[list[str], list[float]]] = {}


def _vocabulary(language: str) -> tuple[list[str], list[float]]:
    """Filler and topical words by rank (topical ones at ranks 10..400), Zipf-weighted."""
    if language not in _CUMULATIVE:
        rng = random.Random(language)
        words = list(FILLER)
        for word in VOCABULARY[language]:
            words.insert(rng.randint(10, 400), word)
        total, cumulative = 0.0, []
        for rank in range(len(words)):
            total += 1 / (rank + 1)
            cumulative.append(total)
        _CUMULATIVE[language] = (words, cumulative)
    return _CUMULATIVE[language]


def _text(rng: random.Random, language: str, words: int) -> str:
    vocabulary, cumulative = _vocabulary(language)
    chosen = rng.choices(vocabulary, cum_weights=cumulative, k=words)
    if language == "th" and rng.random() < 0.7:  # Thai runs its words together
        chosen = ["".join(chosen[i : i + 4]) for i in range(0, len(chosen), 4)]
    return " ".join(chosen).capitalize() + "."


def generate(items: int, seed: int) -> dict[str, Any]:
    _setup()
    from django.db import transaction

    from mufakat.accounts.models import Role, User
    from mufakat.core.models import SharingGroup
    from mufakat.library.models import KnowledgeItem
    from mufakat.registry.models import CrimeArea, Party, PartyMembership
    from mufakat.search.indexing import rebuild

    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction.atomic():
        parties = {}
        for code in ["ASEC", *MEMBER_STATES, *PARTNERS]:
            kind = (
                Party.Kind.ORGANISATION
                if code == "ASEC"
                else Party.Kind.MEMBER_STATE
                if code in MEMBER_STATES
                else Party.Kind.DIALOGUE_PARTNER
            )
            parties[code] = Party.objects.create(
                code=code, name=code, kind=kind, is_asean_organ=code == "ASEC"
            )
            if code in MEMBER_STATES:
                PartyMembership.objects.create(
                    party=parties[code],
                    status=PartyMembership.Status.MEMBER,
                    start_date="1967-08-08",
                )
        areas = [CrimeArea.objects.create(code=c, name=c.replace("_", " ")) for c in CRIME_AREAS]
        members = [parties[c] for c in ["ASEC", *MEMBER_STATES]]
        groups = []
        for code, partner in [("asean-jpn", "JPN"), ("asean-chn", "CHN"), ("wg-ct", None)]:
            group = SharingGroup.objects.create(code=code, name=code)
            group.parties.set(members + ([parties[partner]] if partner else []))
            groups.append(group)
        User.objects.create_user(
            "secretariat", password="x", party=parties["ASEC"], role=Role.SECRETARIAT
        )
        User.objects.create_user("outsider", password="x", party=parties["CAN"], role=Role.READER)
        authors = [
            User.objects.create_user(f"focal.{c}", password="x", party=parties[c])
            for c in MEMBER_STATES
        ]

        kinds = [k for k in KnowledgeItem.Kind.values]
        languages = list(LANGUAGE_WEIGHTS)
        audience_weights = [a[2] for a in AUDIENCES]
        party_codes = list(parties)
        batch = 5000
        through_areas = KnowledgeItem.crime_areas.through
        through_parties = KnowledgeItem.parties.through
        through_groups = KnowledgeItem.sharing_groups.through
        through_named = KnowledgeItem.named_users.through
        for start in range(0, items, batch):
            rows = []
            for _ in range(min(batch, items - start)):
                language = rng.choices(languages, weights=list(LANGUAGE_WEIGHTS.values()))[0]
                audience, tlp, _w = rng.choices(AUDIENCES, weights=audience_weights)[0]
                owner = parties[rng.choice(MEMBER_STATES)]
                rows.append(
                    KnowledgeItem(
                        kind=rng.choice(kinds),
                        title=_text(rng, language, rng.randint(4, 9)),
                        summary=_text(rng, language, rng.randint(15, 30)),
                        body=_text(rng, language, rng.randint(60, 160)),
                        language=language,
                        audience=audience,
                        tlp=tlp,
                        owner_party=owner,
                    )
                )
            created = KnowledgeItem.objects.bulk_create(rows)
            links_a, links_p, links_g, links_n = [], [], [], []
            for item in created:
                for area in rng.sample(areas, rng.randint(1, 3)):
                    links_a.append(through_areas(knowledgeitem_id=item.pk, crimearea_id=area.pk))
                for code in rng.sample(party_codes, rng.randint(1, 3)):
                    links_p.append(
                        through_parties(knowledgeitem_id=item.pk, party_id=parties[code].pk)
                    )
                if item.audience == "sharing_group":
                    for group in rng.sample(groups, rng.randint(1, 2)):
                        links_g.append(
                            through_groups(knowledgeitem_id=item.pk, sharinggroup_id=group.pk)
                        )
                if item.audience == "named":
                    links_n.append(
                        through_named(knowledgeitem_id=item.pk, user_id=rng.choice(authors).pk)
                    )
            through_areas.objects.bulk_create(links_a)
            through_parties.objects.bulk_create(links_p)
            through_groups.objects.bulk_create(links_g)
            through_named.objects.bulk_create(links_n)
        # Spread publication dates over ten years (auto_now_add set them all to now).
        KnowledgeItem.objects.update(published_at="2016-01-01T00:00:00Z")
    _spread_dates(rng)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    counts = rebuild(types=["item"], batch_size=2000)
    return {"generate_s": generated, "index_s": time.perf_counter() - started, "counts": counts}


def _spread_dates(rng: random.Random) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE library_knowledgeitem SET published_at = "
                "timestamp '2016-01-01' + (id % 3650) * interval '1 day'"
            )
        else:
            cursor.execute(
                "UPDATE library_knowledgeitem SET published_at = "
                "datetime('2016-01-01', '+' || (id % 3650) || ' days')"
            )


# -- measuring ---------------------------------------------------------------------------------


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95}


def measure(requests: int) -> dict[str, Any]:
    _setup()
    from django.db import connection
    from django.test import Client

    from mufakat.accounts.models import ApiToken, User
    from mufakat.search.models import SearchDocument
    from mufakat.search.selectors import search

    with connection.cursor() as cursor:  # statistics, as autovacuum keeps them in production
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    result: dict[str, Any] = {
        "vendor": connection.vendor,
        "documents": SearchDocument.objects.count(),
        "timings": {},
        "hits": {},
    }
    for username in ("outsider", "secretariat"):
        user = User.objects.get(username=username)
        _token, key = ApiToken.issue(user, name="benchmark")
        client = Client(headers={"Authorization": f"Bearer {key}"})
        for query in QUERIES[:3]:  # warm caches and connections
            search(user=user, query=query)
        selector_times, api_times, totals = [], [], []
        for n in range(requests):
            query = QUERIES[n % len(QUERIES)]
            started = time.perf_counter()
            found = search(user=user, query=query)
            selector_times.append((time.perf_counter() - started) * 1000)
            totals.append(found.total)
            started = time.perf_counter()
            response = client.get("/api/v1/search", {"q": query})
            api_times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content[:300]
        result["timings"][username] = {
            "search": _summary(selector_times),
            "api": _summary(api_times),
        }
        result["hits"][username] = int(statistics.median(totals))
    return result


# -- orchestrating -----------------------------------------------------------------------------


def _run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return done.stdout


def _steps(items: int, seed: int, requests: int) -> list[list[str]]:
    me = [sys.executable, __file__]
    return [
        [*MUFAKAT, "migrate", "-v0"],
        [*me, "--generate", "--items", str(items), "--seed", str(seed)],
        [*me, "--measure", "--requests", str(requests)],
    ]


def _base_env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        MUFAKAT_DATA_DIR=data_dir,
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="testserver,localhost",
        MUFAKAT_LOG_LEVEL="ERROR",
    )
    return env


def _collect(output: str) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for line in output.splitlines():
        if line.startswith(RESULT):
            merged.update(json.loads(line[len(RESULT) :]))
    assert "timings" in merged, output
    return merged


def run_sqlite(items: int, seed: int, requests: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="mufakat-bench-") as data_dir:
        env = _base_env(data_dir)
        env.pop("DATABASE_URL", None)
        return _collect("".join(_run(step, env) for step in _steps(items, seed, requests)))


def run_postgres(items: int, seed: int, requests: int) -> dict[str, Any]:
    import psycopg

    with tempfile.TemporaryDirectory(prefix="mufakat-bench-") as data_dir:
        env = _base_env(data_dir)
        if env.get("DATABASE_URL"):
            server = env["DATABASE_URL"]
            name = "mufakat_bench_search"
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
            env["DATABASE_URL"] = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
            try:
                output = "".join(_run(step, env) for step in _steps(items, seed, requests))
            finally:
                with psycopg.connect(server, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        else:  # a throwaway cluster of its own, stopped and deleted afterwards
            script = " && ".join(
                " ".join(f"'{part}'" for part in step) for step in _steps(items, seed, requests)
            )
            output = _run([str(WITH_POSTGRES), "bash", "-c", script], env)
    return _collect(output)


def table(results: list[dict[str, Any]]) -> str:
    head = (
        "backend     documents  user         hits   search med/p95 ms   api med/p95 ms   "
        "generate s  index s"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        for user, t in r["timings"].items():
            lines.append(
                f"{r['vendor']:<11} {r['documents']:>9,}  {user:<11} {r['hits'][user]:>6,}   "
                f"{t['search']['median']:>6.1f} / {t['search']['p95']:>6.1f}    "
                f"{t['api']['median']:>6.1f} / {t['api']['p95']:>6.1f}   "
                f"{r['generate_s']:>10.1f}  {r['index_s']:>7.1f}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument(
        "--backends", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        print(RESULT + json.dumps(generate(args.items, args.seed)), flush=True)
        return
    if args.measure:
        print(RESULT + json.dumps(measure(args.requests)), flush=True)
        return
    results = []
    for backend in args.backends:
        print(f"… {backend}, {args.items:,} items", file=sys.stderr, flush=True)
        run = run_sqlite if backend == "sqlite" else run_postgres
        results.append(run(args.items, args.seed, args.requests))
        print("\n".join(table(results[-1:]).splitlines()[2:]), file=sys.stderr, flush=True)
    print(table(results))


if __name__ == "__main__":
    main()
