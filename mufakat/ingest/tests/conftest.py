"""Gazetteers to read with.

``gazetteer`` is the real thing: the demo data loaded into the test database and read back
(slow: a few seconds). ``demo_gazetteer`` indexes the same demo records straight from
:mod:`mufakat.demo.data`, without a database, for the many tests that only read text; its
meeting and instrument ids are positions in the demo tuples.
"""

import datetime as dt
from typing import Any

import pytest

from mufakat.demo import data as d
from mufakat.demo.loader import load_demo
from mufakat.ingest.extract import Gazetteer, extract
from mufakat.ingest.extract.gazetteer import BodyInfo, KnownInstrument, KnownMeeting


@pytest.fixture
def registry(db: Any) -> None:
    load_demo()


@pytest.fixture
def gazetteer(registry: None) -> Gazetteer:
    return Gazetteer.from_registry()


def build_demo_gazetteer() -> Gazetteer:
    meetings = []
    for n, m in enumerate(d.MEETINGS, 1):
        first, last = d.parse_partial_date(m.start)
        if m.end:
            last = d.parse_partial_date(m.end)[1]
        precision = {4: "year", 7: "month"}.get(len(m.start), "day")
        meetings.append(KnownMeeting(n, m.body, m.number, first, last, precision, m.host))
    return Gazetteer.build(
        parties=[
            (p.code, p.name, p.kind, list(d.PARTY_ALIASES.get(p.code, ()))) for p in d.PARTIES
        ],
        agencies=[(a.party, a.code, a.name) for a in d.AGENCIES],
        bodies=[
            (
                BodyInfo(b.code, b.name, b.parent, b.partners, b.level, b.crime_areas),
                list(d.BODY_ALIASES.get(b.code, ())),
            )
            for b in d.BODIES
        ],
        crime_areas=[
            (c.code, c.name, list(d.CRIME_AREA_ALIASES.get(c.code, ()))) for c in d.CRIME_AREAS
        ],
        cities=[(m.city, m.host) for m in d.MEETINGS if m.city and m.city != "online"],
        meetings=meetings,
        instruments=[
            KnownInstrument(n, (i.title, i.short_title), i.kind, i.start_year, i.end_year)
            for n, i in enumerate(d.INSTRUMENTS, 1)
        ],
    )


@pytest.fixture(scope="session")
def demo_gazetteer() -> Gazetteer:
    return build_demo_gazetteer()


@pytest.fixture
def read(demo_gazetteer: Gazetteer) -> Any:
    """The extraction of a text as JSON, published on the given day (None: undated)."""

    def run(text: str, published: str | None = "2023-05-19") -> dict[str, Any]:
        day = dt.date.fromisoformat(published) if published else None
        return extract(text, published=day, gazetteer=demo_gazetteer).to_json()

    return run
