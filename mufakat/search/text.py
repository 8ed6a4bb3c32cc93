"""Words, as search sees them — the same on SQLite and PostgreSQL.

Both databases get text that Python has already cut into words, so both match the same words:

* a word is a run of letters, digits and combining marks (Unicode L*, N*, M*, Co);
  everything else (spaces, punctuation, ``_``, ``@``, ``-``) separates words;
* case is folded and Latin-script diacritics are removed (``túy`` → ``tuy``, ``Đà`` keeps its
  ``đ``), so a query with or without accents finds the exact word either way;
* scripts written without spaces between words (Thai, Lao, Khmer, Burmese, Chinese, Japanese)
  are indexed as overlapping two-character pieces (``ยาเสพ`` → ``ยา าเ เส สพ``); a query word in
  such a script becomes the *phrase* of its pieces, so any word found inside a run is found.

No stemming and no stop words: a word is found by its exact (folded) form in every language.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

#: Scripts written without spaces between words: indexed as character bigrams.
_BIGRAM_RANGES = (
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
)


_FOLD_EXTRA = str.maketrans({"đ": "d"})


@functools.cache
def word_pattern() -> re.Pattern[str]:
    """Either a run of a bigram script, or a run of other letters and digits.

    Runs on folded text, where the only combining marks left are those of bigram scripts
    (Thai vowels and tones), which Python's ``\\w`` would otherwise treat as separators.
    """
    return re.compile(f"([{_BIGRAM_CLASS}]+)|([^\\W_{_BIGRAM_CLASS}]+)")


_BIGRAM_CLASS = "".join(f"{chr(a)}-{chr(b)}" for a, b in _BIGRAM_RANGES)
_BIGRAM_CHAR = re.compile(f"[{_BIGRAM_CLASS}]")


def is_bigram_char(char: str) -> bool:
    return _BIGRAM_CHAR.match(char) is not None


def fold(text: str) -> str:
    """Lower case without diacritics; the marks of bigram scripts (Thai vowels) are kept.

    Vietnamese ``đ`` is not a letter with a diacritic to Unicode; it folds to ``d`` too, as
    people type it without the stroke.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(
        char for char in decomposed if unicodedata.category(char) != "Mn" or is_bigram_char(char)
    )
    return unicodedata.normalize("NFC", kept).translate(_FOLD_EXTRA)


def bigrams(run: str) -> list[str]:
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_words(text: str) -> list[str]:
    """The words of ``text`` as stored in the index (bigram runs expanded)."""
    words: list[str] = []
    for match in word_pattern().finditer(fold(text)):
        run, word = match.group(1), match.group(2)
        if run:
            words.extend(bigrams(run))
        else:
            words.append(word)
    return words


def index_text(text: str) -> str:
    """``text`` ready for either database's own word splitter: folded words joined by spaces."""
    return " ".join(index_words(text))


@dataclass(frozen=True)
class Term:
    """One thing the query asks for: a phrase of index words, maybe a prefix (``*``)."""

    words: tuple[str, ...]
    prefix: bool = False


_QUOTED = re.compile(r'"([^"]*)"')


def parse_query(query: str, *, max_terms: int = 12) -> list[Term]:
    """Cut a user's query into terms that must all match (AND).

    ``"quoted words"`` are a phrase; a word in a bigram script is the phrase of its bigrams;
    a one-character word of such a script matches as a prefix. Everything else is ignored, so
    no query can be a syntax error.
    """
    terms: list[Term] = []
    seen: set[Term] = set()

    def add(term: Term) -> None:
        if term.words and term not in seen and len(terms) < max_terms:
            seen.add(term)
            terms.append(term)

    position = 0
    for quoted in _QUOTED.finditer(query):
        for term in _plain_terms(query[position : quoted.start()]):
            add(term)
        add(Term(tuple(index_words(quoted.group(1)))))
        position = quoted.end()
    for term in _plain_terms(query[position:]):
        add(term)
    return terms


def _plain_terms(text: str) -> list[Term]:
    terms = []
    for match in word_pattern().finditer(fold(text)):
        run, word = match.group(1), match.group(2)
        if run:
            terms.append(Term(tuple(bigrams(run)), prefix=len(run) == 1))
        else:
            terms.append(Term((word,)))
    return terms


def highlight_words(query: str) -> list[str]:
    """Folded words and runs to mark in a snippet (bigram-script words as whole runs)."""
    words = []
    for match in word_pattern().finditer(fold(query.replace('"', " "))):
        words.append(match.group(0))
    return sorted(set(words), key=len, reverse=True)
