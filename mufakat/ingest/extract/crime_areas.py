"""Crime areas named in the text, by the registry's names and aliases ("human trafficking" →
trafficking_in_persons, "drug crime" → illicit_drug_trafficking, "violent extremism" →
terrorism). A word inside a party's name ("UN Office on Drugs and Crime") does not count."""

from __future__ import annotations

from mufakat.ingest.extract.gazetteer import Gazetteer
from mufakat.ingest.extract.tokens import Token


def find_crime_areas(
    g: Gazetteer, tokens: list[Token], blocked: set[int]
) -> list[tuple[str, int, int]]:
    """(code, first token, end token) for each crime-area name outside ``blocked`` tokens."""
    return [
        (entries[0].code, b, e)
        for b, e, entries in g.names.find_all(tokens, ("crime_area",))
        if not any(x in blocked for x in range(b, e))
    ]
