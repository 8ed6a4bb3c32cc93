"""Parties that act in the events reported — not the countries that are only places.

"Indonesia pursued an initiative", "chaired by Lao PDR", "the Royal Thai Police convened",
"Vietnam's Ministry of Public Security", "consultations involving China" act; "in Bangkok,
Thailand", "Bangkok (Thailand)" and "in Myanmar" only say where. A party counts when at least one
of its mentions acts. Agencies stand for their party.
"""

from __future__ import annotations

from dataclasses import dataclass

from mufakat.ingest.extract.gazetteer import Gazetteer
from mufakat.ingest.extract.tokens import Token

_PLACE_WORDS = {"in", "at", "across", "throughout", "within", "near", "around", "outside"}


@dataclass(frozen=True)
class PartyHit:
    code: str
    sentence: int
    begin: int  # token indices
    end: int
    place: bool
    via_agency: bool = False


def _after_city(g: Gazetteer, tokens: list[Token], i: int) -> bool:
    """ "Bangkok, Thailand" / "Bangkok (Thailand)" / "Bali, Indonesia": the country of a city."""
    if i < 2 or tokens[i - 1].norm not in {",", "("}:
        return False
    k = i - 2
    for width in range(1, 4):
        start = k - width + 1
        if start < 0:
            break
        if tuple(t.norm for t in tokens[start : k + 1]) in g.cities:
            return True
    return tokens[k].is_capitalised and tokens[k - 1].norm in _PLACE_WORDS if k >= 1 else False


def find_parties(g: Gazetteer, tokens: list[Token], sentence: int) -> list[PartyHit]:
    hits: list[PartyHit] = []
    for begin, end, entries in g.names.find_all(tokens, ("party", "agency")):
        entry = entries[0]
        before = tokens[begin - 1].norm if begin else ""
        if before == "the" and begin > 1:
            before = tokens[begin - 2].norm
        place = before in _PLACE_WORDS or _after_city(g, tokens, begin)
        if entry.kind == "agency":
            place = False
            prev = hits[-1] if hits else None
            if prev is not None and prev.end == begin and prev.code != entry.code:
                continue  # "Korean National Police Agency": Korea's, not Japan's NPA
        hits.append(PartyHit(entry.code, sentence, begin, end, place, entry.kind == "agency"))
    return hits
