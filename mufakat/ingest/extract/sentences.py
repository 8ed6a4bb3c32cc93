"""Sentences: the unit of evidence.

Press statements break sentences at full stops, but also at line ends (headlines, captions,
datelines) and carry abbreviations ("Pol. Gen.", "Dr.", "U.S.") that are no sentence end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREV = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "pol", "lt", "col", "maj", "capt", "brig",
        "sr", "jr", "st", "no", "nos", "vol", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp", "dept", "govt", "hon",
        "h.e", "e.g", "i.e", "vs", "etc", "u.s", "u.k", "u.n", "insp", "supt", "comm", "adm",
        "rep", "sen", "amb",
    }
)  # fmt: skip
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)\.*$")
_END = re.compile(r"[.!?]+[\"”’)]*(?=\s+[\"“(]?[A-Z0-9])|[.!?]+[\"”’]*\s*/\.\s*|\n\s*\n|\n")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    text: str
    start: int  # offset in the document text
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets; empty ones dropped."""
    cuts: list[int] = []
    for m in _END.finditer(text):
        if m.group().startswith((".",)) and not m.group().startswith(".\n"):
            before = _WORD_BEFORE.search(text, max(0, m.start() - 24), m.start() + 1)
            word = (before.group(1) if before else "").lower().rstrip(".")
            if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                continue
        cuts.append(m.end())
    out: list[Sentence] = []
    start = 0
    for cut in [*cuts, len(text)]:
        chunk = text[start:cut]
        stripped = chunk.strip()
        if stripped and any(c.isalnum() for c in stripped):
            lead = len(chunk) - len(chunk.lstrip())
            s = start + lead
            out.append(Sentence(len(out), stripped, s, s + len(stripped)))
        start = cut
    return out
