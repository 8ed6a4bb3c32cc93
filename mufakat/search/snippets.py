"""HTML-safe snippets: the source text is escaped piece by piece, and only the ``<mark>`` tags
this module writes are markup. Done in Python, not with FTS5 ``snippet()`` or ``ts_headline``,
so both databases give the same snippets, Thai words inside a run are marked, and no database
function ever sees (or could emit) unescaped user text as HTML.
"""

from __future__ import annotations

import functools
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from mufakat.search.text import fold, is_bigram_char, word_pattern

#: Characters scanned for matches in one text (attachments can be long).
SCAN_LIMIT = 200_000


@functools.lru_cache(maxsize=50_000)
def _folded(word: str) -> str:
    return fold(word)


def mark_spans(text: str, words: list[str], *, within: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every query word in ``text``: whole words compared folded; words of
    bigram scripts wherever they occur inside a run. With ``within``, scanning stops that many
    characters after the first match (all a snippet shows)."""
    if not words:
        return []
    stop = len(text)
    wanted = set(words)
    runs = [w for w in words if is_bigram_char(w[0])]
    spans: list[tuple[int, int]] = []
    for match in word_pattern().finditer(text, 0, min(len(text), SCAN_LIMIT)):
        start, end = match.span()
        if start > stop:
            break
        if match.group(1):  # a run of Thai, Lao, Khmer, Burmese, CJK: mark the words inside
            segment = match.group(1)
            for run in runs:
                position = segment.find(run)
                while position >= 0:
                    spans.append((start + position, start + position + len(run)))
                    position = segment.find(run, position + len(run))
        elif _folded(match.group(2)) in wanted:
            spans.append((start, end))
        if spans and within is not None and stop == len(text):
            stop = spans[0][0] + within
    spans.sort()
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged and span[0] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span[1]))
        else:
            merged.append(span)
    return merged


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    parts: list[str] = []
    position = start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        parts.append(escape(text[position:a]))
        parts.append(f"<mark>{escape(text[a:b])}</mark>")
        position = b
    parts.append(escape(text[position:end]))
    return "".join(parts)


def highlight(text: str, words: list[str]) -> SafeString:
    """The whole of a short text (a title), escaped, with the query words marked."""
    text = unicodedata.normalize("NFC", text)
    return mark_safe(
        _render(text, mark_spans(text, words), 0, len(text))
    )  # every piece escaped in _render


def snippet(text: str, words: list[str], *, length: int = 240) -> SafeString:
    """About ``length`` characters of ``text`` around the first match, escaped and marked."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    spans = mark_spans(text, words, within=length)
    if spans:
        first = spans[0][0]
        start = max(0, first - length // 3)
        if start > 0:
            space = text.rfind(" ", 0, start)
            start = space + 1 if space >= 0 and first - space < length // 2 else start
    else:
        start = 0
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + length // 2 else end
    html = _render(text, spans, start, end)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + html + suffix)  # every piece escaped in _render
