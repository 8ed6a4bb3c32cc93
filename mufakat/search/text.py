"""Words, as search sees them — the same on SQLite and PostgreSQL.

Both databases get text that Python has already cut into words, so both match the same words:

* a word is a run of letters, digits and combining marks (Unicode L*, N*, M*, Co);
  everything else (spaces, punctuation, ``_``, ``@``, ``-``) separates words;
* case is folded and Latin-script diacritics are removed (``túy`` → ``tuy``, ``Đà`` keeps its
  ``đ``), so a query with or without accents finds the exact word either way;
* scripts written without spaces between words (Thai, Lao, Khmer, Burmese, Chinese, Japanese)
  are indexed as overlapping two-character pieces (``ยาเสพ`` → ``ยา าเ เส สพ``); a query word in
  such a script becomes the *phrase* of its pieces, so any word found inside a run is found.

No stop words. English words are also indexed by a light stem (``terrorism``, ``terrorists`` →
``terror``; ``drugs`` → ``drug``), an ordinal also as its number (``27th`` → ``27``), and the
key words of the domain in Bahasa Indonesia find their English records (``terorisme``,
``narkoba``, ``perdagangan orang``, ``pencucian uang`` …, :data:`SYNONYMS`). Those extra index
words are appended after a document's own words, so phrases still match only words side by
side; a query word matches its own form, its stem or its English equivalent.
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


#: Key words of the domain in Bahasa Indonesia (folded) and the English words records use.
#: A multi-word key matches the words side by side in a query; each English value is a phrase.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "terorisme": ("terrorism",),
    "teroris": ("terrorist",),
    "kontra terorisme": ("counter terrorism",),
    "narkoba": ("drugs", "narcotics"),
    "narkotika": ("narcotics", "drugs"),
    "obat terlarang": ("illicit drugs",),
    "perdagangan orang": ("trafficking in persons", "human trafficking"),
    "perdagangan manusia": ("trafficking in persons", "human trafficking"),
    "penyelundupan manusia": ("people smuggling", "smuggling of migrants"),
    "penyelundupan migran": ("smuggling of migrants", "people smuggling"),
    "penyelundupan": ("smuggling",),
    "kejahatan siber": ("cybercrime", "cyber crime"),
    "kejahatan dunia maya": ("cybercrime", "cyber crime"),
    "pencucian uang": ("money laundering",),
    "kejahatan lintas negara": ("transnational crime",),
    "kejahatan transnasional": ("transnational crime",),
    "pembajakan laut": ("sea piracy", "piracy"),
    "perompakan": ("piracy",),
    "senjata api": ("firearms", "arms smuggling"),
    "penyelundupan senjata": ("arms smuggling",),
    "kejahatan ekonomi internasional": ("international economic crime",),
    "perdagangan satwa liar": ("wildlife trafficking", "illicit trafficking of wildlife"),
    "satwa liar": ("wildlife",),
    "ekstremisme kekerasan": ("violent extremism",),
    "radikalisasi": ("radicalisation", "radicalization"),
    "korupsi": ("corruption",),
    "penipuan": ("fraud", "scam"),
    "rencana kerja": ("work plan",),
    "rencana aksi": ("plan of action",),
    "pertemuan": ("meeting",),
    "pejabat senior": ("senior officials",),
    "menteri": ("ministerial",),
    "pelatihan": ("training",),
    "kerja sama": ("cooperation",),
    "deklarasi": ("declaration",),
    "konvensi": ("convention",),
    "kepolisian": ("police", "policing"),
    "perbatasan": ("border",),
}
_LONGEST_KEY = max(len(key.split()) for key in SYNONYMS)
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


def stem(word: str) -> str:
    """A light English stem: the same for a word's usual forms, the word itself otherwise.

    Only for lower-case ASCII letters (English words as folded); others are returned as they
    are. Suffixes are taken off only where a stem of four letters or more is left.
    """
    if not word.isascii() or not word.isalpha() or len(word) < 4:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("isms", "ists", "ism", "ist", "ings", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) >= 5:
        return word[:-1]
    return word


def extra_words(word: str) -> list[str]:
    """What else a document word is indexed as: its stem, the number of an ordinal."""
    found = _ORDINAL.match(word)
    if found:
        return [found.group(1)]
    stemmed = stem(word)
    return [stemmed] if stemmed != word else []


def index_text(text: str) -> str:
    """``text`` ready for either database's own word splitter: folded words joined by spaces,
    followed by the extra words (stems, ordinals' numbers) its words are also found by."""
    words = index_words(text)
    extras = dict.fromkeys(extra for word in words for extra in extra_words(word))
    return " ".join([*words, *extras])


@dataclass(frozen=True)
class Term:
    """One thing the query asks for: a phrase of index words, maybe a prefix (``*``)."""

    words: tuple[str, ...]
    prefix: bool = False
    #: Other phrases any of which may match instead (a stem, an English equivalent).
    alternatives: tuple[tuple[str, ...], ...] = ()

    @property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        return (self.words, *self.alternatives)


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
    matches = list(word_pattern().finditer(fold(text)))
    i = 0
    while i < len(matches):
        run, word = matches[i].group(1), matches[i].group(2)
        if run:
            terms.append(Term(tuple(bigrams(run)), prefix=len(run) == 1))
            i += 1
            continue
        span, english = _synonym_at(matches, i)
        if english:
            words = tuple(m.group(2) for m in matches[i : i + span])
            terms.append(Term(words, alternatives=_alternatives(words, english)))
            i += span
            continue
        terms.append(Term((word,), alternatives=_alternatives((word,), ())))
        i += 1
    return terms


def _synonym_at(matches: list[re.Match[str]], i: int) -> tuple[int, tuple[str, ...]]:
    """The longest key of :data:`SYNONYMS` starting at query word ``i`` (its length, values)."""
    for span in range(min(_LONGEST_KEY, len(matches) - i), 0, -1):
        words = [m.group(2) for m in matches[i : i + span]]
        if all(words) and (found := SYNONYMS.get(" ".join(words))):
            return span, found
    return 1, ()


def _alternatives(words: tuple[str, ...], english: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """A query word's other forms: its stem, an ordinal's number, English equivalents (a
    one-word equivalent by its stem, which finds all its forms)."""
    found: list[tuple[str, ...]] = []
    if len(words) == 1:
        found += [(extra,) for extra in extra_words(words[0])]
    for phrase in english:
        parts = tuple(index_words(phrase))
        found.append((stem(parts[0]),) if len(parts) == 1 else parts)
    return tuple(dict.fromkeys(p for p in found if p != words))


def highlight_words(query: str) -> list[str]:
    """Folded words and runs to mark in a snippet (bigram-script words as whole runs)."""
    words = []
    for match in word_pattern().finditer(fold(query.replace('"', " "))):
        words.append(match.group(0))
    return sorted(set(words), key=len, reverse=True)
