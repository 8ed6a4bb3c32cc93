"""Tokens for name matching, and the phrase trie the gazetteer is made of.

Names are compared on normalised tokens: lower case, no hyphens or dashes ("ASEAN-Japan" =
"ASEAN Japan"), "plus"/"+" as one token and "Three" after it as "3", a light plural stem
("officials" = "official"), possessives dropped ("Japan's" = "Japan"). Short all-capital names
(``US``, ``EU``, ``RoK``) only match the same capitals, so "us" the pronoun is no country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|[A-Za-z0-9]+(?:['’][A-Za-z]+)?['’]?|\+|&|\(|\)|,|;|:|\.|\"|“|”"
)
_SPLIT = {
    "counterterrorism": ("counter", "terrorism"),
    "cybercrime": ("cyber", "crime"),
    "cybercrimes": ("cyber", "crime"),
    "workplan": ("work", "plan"),
    "workplans": ("work", "plan"),
    "roadmap": ("road", "map"),
    "roadmaps": ("road", "map"),
    "programme": ("program",),
    "programmes": ("program",),
    "plus": ("+",),
    "&": ("and",),
}
_KEEP_S = ("ss", "us", "is")


@lru_cache(maxsize=65536)
def norm_word(word: str) -> str:
    """One word in matching form: lower case, no possessive, light plural stem."""
    w = word.lower().replace("’", "'").replace(".", "")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.rstrip("'")
    if len(w) > 4 and w.endswith("s") and not w.endswith(_KEEP_S):
        w = w[:-1]
    return w


@dataclass(frozen=True, slots=True)
class Token:
    norm: str
    text: str
    start: int
    end: int

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text`` with character offsets (plus ``offset``) into the original."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        raw = m.group()
        start, end = m.start() + offset, m.end() + offset
        low = raw.lower().replace("’", "'")
        if low.endswith("'s"):
            low = low[:-2]
        split = _SPLIT.get(low)
        if split:
            out.extend(Token(n, raw, start, end) for n in split)
            continue
        if raw in {"“", "”", '"'}:
            continue
        n = norm_word(raw) if raw[0].isalnum() else raw
        if out and n == "3" and out[-1].norm == "+":
            pass
        elif out and n == "three" and out[-1].norm == "+":
            n = "3"
        out.append(Token(n, raw, start, end))
    return out


def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(t.norm for t in tokenize(text))


def _exact_caps(text: str) -> bool:
    """Short acronyms must match in the same capitals (``US``, ``EU``, ``RoK``)."""
    letters = text.replace(".", "")
    return (
        len(letters) <= 4 and any(c.isupper() for c in letters[1:] or letters) and " " not in text
    )


@dataclass
class Entry:
    kind: str  # "party", "body", "crime_area", "agency", "city", "kind"
    code: str
    phrase: str  # as written in the registry (for explanations)
    exact: str | None = None  # original capitals required, for short acronyms


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)


class Trie:
    """Longest-match phrase lookup over normalised tokens."""

    def __init__(self) -> None:
        self.root = _Node()
        self.size = 0

    def add(self, phrase: str, entry: Entry) -> None:
        key = phrase_key(phrase)
        if not key:
            return
        if _exact_caps(phrase):
            entry.exact = phrase.replace(".", "")
        node = self.root
        for part in key:
            node = node.children.setdefault(part, _Node())
        if not any(
            e.kind == entry.kind and e.code == entry.code and e.exact == entry.exact
            for e in node.entries
        ):  # "RoK" and "ROK" are both kept: each matches its own capitals
            node.entries.append(entry)
            self.size += 1

    def match(
        self, tokens: list[Token], i: int, kinds: tuple[str, ...] | None = None
    ) -> tuple[int, list[Entry]]:
        """The longest phrase starting at token ``i``: (end index, entries), or (i, [])."""
        node = self.root
        best: tuple[int, list[Entry]] = (i, [])
        j = i
        while j < len(tokens):
            nxt = node.children.get(tokens[j].norm)
            if nxt is None:
                break
            node = nxt
            j += 1
            if node.entries:
                ok = [e for e in node.entries if _accept(e, tokens[i:j], kinds)]
                if ok:
                    best = (j, ok)
        return best

    def find_all(self, tokens: list[Token], kinds: tuple[str, ...] | None = None) -> list[Any]:
        """Non-overlapping longest matches, left to right: [(start, end, entries)]."""
        out = []
        first = self.root.children
        i = 0
        while i < len(tokens):
            if tokens[i].norm not in first:
                i += 1
                continue
            end, entries = self.match(tokens, i, kinds)
            if entries:
                out.append((i, end, entries))
                i = end
            else:
                i += 1
        return out


def _accept(entry: Entry, toks: list[Token], kinds: tuple[str, ...] | None) -> bool:
    if kinds is not None and entry.kind not in kinds:
        return False
    if entry.exact is not None:
        return "".join(t.text for t in toks).replace(".", "").replace(
            "'s", ""
        ) == entry.exact.replace(" ", "")
    return True
