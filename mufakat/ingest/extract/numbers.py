"""Meeting numbers: "19th", "nineteenth", "twenty-first", "SOMTC 18", "XIX"."""

from __future__ import annotations

import re

from mufakat.ingest.extract.lexicon import MEETING_NOUNS, ORDINAL_WORDS, TENS_WORDS
from mufakat.ingest.extract.tokens import Token

_NUMERIC_ORDINAL = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)$")
_ROMAN = re.compile(r"^(?=[ivxl]+$)(xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}
_MAX = 99


def roman(value: str) -> int | None:
    """Value of a lower-case Roman numeral up to 89, or None."""
    if not value or not _ROMAN.match(value):
        return None
    total = 0
    for a, b in zip(value, value[1:] + " ", strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total


def ordinal_at(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """An ordinal that starts at ``tokens[i]``: (value, tokens used)."""
    if i < 0 or i >= len(tokens):
        return None
    word = tokens[i].text.lower()
    m = _NUMERIC_ORDINAL.match(word)
    if m and 0 < int(m[1]) <= _MAX:
        return int(m[1]), 1
    if (
        word.isdigit()
        and 0 < int(word) <= _MAX
        and i + 1 < len(tokens)
        and tokens[i + 1].norm in {"st", "nd", "rd", "th"}
        and tokens[i + 1].start == tokens[i].end + 1
    ):
        return int(word), 2  # "the 44 th ASOD"
    if word in ORDINAL_WORDS:
        return ORDINAL_WORDS[word], 1
    if word in TENS_WORDS and i + 1 < len(tokens):
        unit = ORDINAL_WORDS.get(tokens[i + 1].text.lower())
        if unit and unit < 10:
            return TENS_WORDS[word] + unit, 2
    return None


def ordinal_before(tokens: list[Token], start: int) -> int | None:
    """The ordinal that ends just before ``start``, as in "the 19th SOMTC", "twenty-first"."""
    for width in (2, 1):
        i = start - width
        found = ordinal_at(tokens, i)
        if found and found[1] == width:
            return found[0]
    # "the 44th. ASOD meeting"
    if start >= 2 and tokens[start - 1].norm == ".":
        found = ordinal_at(tokens, start - 2)
        if found and found[1] == 1:
            return found[0]
    # "the 44ᵗʰ ASOD" (the superscript lost): a bare number between "the" and the name
    if (
        start >= 2
        and tokens[start - 2].norm == "the"
        and tokens[start - 1].text.isdigit()
        and 1 < int(tokens[start - 1].text) <= _MAX
    ):
        return int(tokens[start - 1].text)
    # "the XXXVI ASEANAPOL Conference": a Roman numeral of two letters or more after "the"
    i = start - 1
    if (
        i >= 1
        and tokens[i - 1].norm == "the"
        and tokens[i].text.isupper()
        and len(tokens[i].text) > 1
    ):
        value = roman(tokens[i].text.lower())
        if value is not None and 0 < value <= _MAX:
            return value
    return None


def cardinal_after(tokens: list[Token], end: int) -> int | None:
    """A bare number after a body acronym, as in "SOMTC 18" or "AMMTC-XIX"."""
    if end >= len(tokens):
        return None
    tok = tokens[end]
    value: int | None = None
    if tok.text.isdigit() and len(tok.text) <= 2:
        value = int(tok.text)
    elif m := _NUMERIC_ORDINAL.match(tok.text.lower()):
        value = int(m[1])  # "ASOD 44th was held …"
    elif tok.text.isupper() and len(tok.text) <= 6:
        value = roman(tok.text.lower())
    if value is None or not 0 < value <= _MAX:
        return None
    nxt = tokens[end + 1].norm if end + 1 < len(tokens) else ""
    if nxt[:3] in {
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
    }:
        return None  # "SOMTC 18 May": a date, not a number
    return value


_OF_ITS_KIND = ["of", "its", "kind"]
#: Between an ordinal and the meeting noun: "the 20th annual session", "the 11th such
#: ministerial meeting".
_BEFORE_THE_NOUN = {"annual", "regular", "plenary", "such", "ministerial", "senior", "official"}


def _meeting_ordinal(tokens: list[Token], k: int) -> tuple[int, bool] | None:
    """An ordinal at ``tokens[k]`` followed by a meeting noun ("43rd meeting", "20th annual
    session") or by "of its kind": (value, whether it was "of its kind")."""
    hit = ordinal_at(tokens, k)
    if hit is None:
        return None
    after = k + hit[1]
    while after < len(tokens) and tokens[after].norm in _BEFORE_THE_NOUN:
        after += 1
    follow = [t.norm for t in tokens[after : after + 3]]
    if follow == _OF_ITS_KIND:
        return hit[0], True
    if follow and follow[0] in MEETING_NOUNS:
        return hit[0], tokens[after - 1].norm == "such"  # "the 40th such meeting": of its kind
    if follow[:3] == ["edition", "of", "the"]:  # "the 40th edition of the meeting"
        return hit[0], True
    return None


def own_ordinal_after(tokens: list[Token], end: int, reach: int = 14) -> int | None:
    """The ordinal a body gives its meeting after its name: "(ASOD) held its 43rd meeting",
    "convened their 20th session", "the ASEANAPOL Conference, the 41st of its kind", "the next
    AMMTC, the 19th,"."""
    comma = False
    for k in range(end, min(end + reach, len(tokens))):
        word = tokens[k].norm
        if word in {".", ";"} or (comma and k >= end + 8):
            return None  # far off and past a comma: another clause's meeting
        comma = comma or word == ","
        met = k > 0 and tokens[k - 1].norm in {"met", "meets", "convened", "gathered"}
        if met and word == "for" and [t.norm for t in tokens[k + 1 : k + 2]] == ["the"]:
            hit = ordinal_at(tokens, k + 2)  # "met for the third time"
            if hit and [t.norm for t in tokens[k + 2 + hit[1] : k + 3 + hit[1]]] == ["time"]:
                return hit[0]
        comma_the = word == "the" and k > 0 and tokens[k - 1].norm == ","
        if comma_the and k == end + 1:
            # "the next AMMTC, the 19th, will be held in Malaysia": the ordinal in apposition
            hit = ordinal_at(tokens, k + 1)
            if hit and [t.norm for t in tokens[k + 1 + hit[1] : k + 2 + hit[1]]] == [","]:
                return hit[0]
        if word in {"its", "their"} or comma_the:
            found = _meeting_ordinal(tokens, k + 1)
            if found is not None and (found[1] or not comma_the):
                return found[0]
    return None


def possessive_ordinal(tokens: list[Token], end: int) -> int | None:
    """ "the ASOD's 44th meeting": an ordinal and a meeting noun right after the body's name."""
    found = _meeting_ordinal(tokens, end)
    return found[0] if found else None


#: A possessive of the meeting's body in other words: "the group's 17th meeting".
_WHOSE = {"group", "organisation", "organization", "body", "forum", "conference", "meeting"}


def _whose(token: Token) -> bool:
    text = token.text.lower()
    return text.endswith(("'s", "’s")) and text[:-2] in _WHOSE


def anaphoric_ordinal(tokens: list[Token]) -> int | None:
    """The ordinal a sentence that names no body gives "the meeting": "It was the 44th
    meeting", "the meeting, the tenth of its kind", "its 12th session". A word ordinal after
    "the" ("the first meeting since 2019") counts only as "of its kind"."""
    met = any(t.norm in {"met", "meet", "gathered", "convened", "held"} for t in tokens)
    for k, tok in enumerate(tokens[:-1]):
        if tok.norm not in {"its", "their", "the", "this"}:
            continue
        if tok.norm == "the" and k + 2 < len(tokens) and _whose(tokens[k + 1]):
            k += 1  # "It was the group's 17th meeting", "the organisation's 42nd conference"
        hit = ordinal_at(tokens, k + 1)
        after = [t.norm for t in tokens[k + 1 + hit[1] : k + 3 + hit[1]]] if hit else []
        if (
            hit
            and (
                after[:1] == ["edition"]  # "Malaysia hosted the 10th edition"
                or (after[:1] == ["time"] and met and hit[0] > 1)  # "the tenth time they had met"
                # "this year's meeting, the tenth, …"
                or (k >= 2 and tokens[k - 1].norm == "," and tokens[k - 2].norm in MEETING_NOUNS)
            )
        ):
            return hit[0]
        found = _meeting_ordinal(tokens, k + 1)
        if found is None:
            continue
        if tok.norm == "the" and not (found[1] or tokens[k + 1].text[:1].isdigit()):
            continue  # "the first meeting since 2019", not "this fourth ministerial meeting"
        return found[0]
    return None
