"""Crime areas named in the text, by the registry's names and aliases ("human trafficking" →
trafficking_in_persons, "drug crime" → illicit_drug_trafficking, "violent extremism" →
terrorism). A word inside a party's name ("UN Office on Drugs and Crime") does not count."""

from __future__ import annotations

import re

from mufakat.ingest.extract import lexicon
from mufakat.ingest.extract.gazetteer import Gazetteer
from mufakat.ingest.extract.tokens import Token, tokenize

_ITEM = r"[A-Za-z][\w-]*(?:\s+[a-z][\w-]*)?"
_LIST = rf"(?:{_ITEM}\s*,\s*)*{_ITEM}\s*,?\s+and\s+{_ITEM}"
#: "economic and high-tech crimes": modifiers sharing the head noun that follows them
_HEAD_AFTER = re.compile(rf"\b({_LIST})\s+(?:transnational\s+)?(crimes?)\b")
#: "the trafficking of drugs, weapons, humans and wild animals": objects sharing the head before
_HEAD_BEFORE = re.compile(rf"\b(trafficking|smuggling)\s+(?:of|in)\s+({_LIST})")
_DESCRIBED = [(re.compile(p), phrases) for p, phrases in lexicon.CRIME_DESCRIPTIONS]
#: Lower-case words that may stand inside a capitalised name ("Bureau of International …").
_NAME_JOINERS = frozenset({"of", "and", "on", "for", "the", "in", "against", "-", "&"})


def find_crime_areas(
    g: Gazetteer, tokens: list[Token], blocked: set[int]
) -> list[tuple[str, int, int]]:
    """(code, first token, end token) for each crime-area name outside ``blocked`` tokens."""
    return [
        (entries[0].code, b, e)
        for b, e, entries in g.names.find_all(tokens, ("crime_area",))
        if not any(x in blocked for x in range(b, e)) and not _in_office_name(tokens, b, e)
    ]


def _in_office_name(tokens: list[Token], b: int, e: int) -> bool:
    """The words are part of the capitalised name of an office or a programme ("the
    International Crime and Terrorism Bureau", "Counter-Terrorism Capacity Building Program")."""
    if not all(t.is_capitalised for t in tokens[b:e]):
        return False

    def in_name(i: int) -> bool:
        return tokens[i].is_capitalised or tokens[i].text.lower() in _NAME_JOINERS

    first, last = b, e - 1
    while first > 0 and in_name(first - 1):
        first -= 1
    while last + 1 < len(tokens) and in_name(last + 1):
        last += 1
    return any(
        t.is_capitalised and t.norm in lexicon.ORGANISATION_NOUNS for t in tokens[first : last + 1]
    )


def described_crime_areas(g: Gazetteer, text: str) -> list[str]:
    """Crime areas an offence is described by ("cyber-enabled fraud", "scam centres", "victims
    of trafficking", "methamphetamine"): the general phrase the description stands for, as the
    registry names its area."""
    out: list[str] = []
    for pattern, phrases in _DESCRIBED:
        if not pattern.search(text):
            continue
        for phrase in phrases:
            code = _named(g, phrase)
            if code:
                if code not in out:
                    out.append(code)
                break
    return out


def _named(g: Gazetteer, phrase: str) -> str | None:
    """The crime area a phrase names, whole."""
    tokens = tokenize(phrase)
    end, entries = g.names.match(tokens, 0, ("crime_area",))
    return entries[0].code if entries and end == len(tokens) else None


def elliptical_crime_areas(g: Gazetteer, text: str) -> list[str]:
    """Crime areas named in a list that shares one word: "economic and high-tech crimes"
    (economic crime, high-tech crime), "the trafficking of drugs, weapons and humans" (drug,
    weapons and human trafficking)."""
    out: list[str] = []
    for m in _HEAD_AFTER.finditer(text):
        for item in _items(m[1]):
            code = _named(g, f"{item} {m[2]}")
            if code and code not in out:
                out.append(code)
    for m in _HEAD_BEFORE.finditer(text):
        for item in _items(m[2]):
            code = _named(g, f"{item} {m[1]}") or _named(g, f"{m[1]} of {item}")
            if code and code not in out:
                out.append(code)
    return out


def _items(listed: str) -> list[str]:
    """The items of "a, b c and d", each also by its last word ("as economic" → "economic")."""
    out = []
    for item in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", listed):
        out.append(item)
        if " " in item:
            out.append(item.rsplit(" ", 1)[1])
    return out
