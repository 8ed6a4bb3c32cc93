"""Reading a press statement: plain text, Markdown, HTML, DOCX or PDF, and its header lines.

A file may start with ``source: URL`` and ``date: YYYY-MM-DD`` lines (the publication date); a
bare first line ``date 2023-05-19`` (as scraped captions have it) counts too.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path


class UnreadableDocument(Exception):
    """The file cannot be read as a document (missing, unreadable, wrong format)."""


@dataclass(frozen=True)
class Document:
    text: str
    source: str | None = None
    published: dt.date | None = None
    name: str = ""


_HEADER = re.compile(r"^\s*(source|date|url|published)\s*:\s*(.+?)\s*$", re.IGNORECASE)
_BARE_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*", re.IGNORECASE)


def _iso(value: str) -> dt.date | None:
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", value.strip())
    if not m:
        return _written(value)
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _written(value: str) -> dt.date | None:
    """A header's date as a page prints it: "21 Sep 2022 10:15", "September 21, 2022"."""
    from mufakat.ingest.extract.dates import find_dates

    for d in find_dates(value):
        if d.start.year and d.start.month and d.start.day and d.end is None:
            try:
                return dt.date(d.start.year, d.start.month, d.start.day)
            except ValueError:
                return None
    return None


def parse_document(raw: str, *, name: str = "") -> Document:
    """Split off the header lines; the rest is the text."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = raw.split("\n")
    source: str | None = None
    published: dt.date | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() and (source or published):
            i += 1
            continue
        m = _HEADER.match(line)
        if m:
            key, value = m[1].lower(), m[2]
            if key in {"source", "url"}:
                source = value
            else:
                published = _iso(value) or published
            i += 1
            continue
        bare = _BARE_DATE.match(line)
        if bare and published is None:
            published = _iso(bare[1])
            lines[i] = line[bare.end() :]
        break
    return Document("\n".join(lines[i:]).strip(), source, published, name)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, block elements on lines of their own."""
    markup = re.sub(r"(?is)<(script|style|noscript|head|nav|footer)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?i)<br\s*/?>", "\n", markup)
    markup = re.sub(r"(?i)</?(p|div|h[1-6]|li|tr|article|section|blockquote)\b[^>]*>", "\n", markup)
    markup = re.sub(r"<[^>]+>", " ", markup)
    text = html.unescape(markup)
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def markdown_to_text(text: str) -> str:
    """Markdown without its markup: links keep their text, emphasis and headings go."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(?m)^\s{0,3}#{1,6}\s*", "", text)
    text = re.sub(r"(?m)^\s*>\s?", "", text)
    return re.sub(r"(\*\*|__|\*|_|`)(\S.*?\S|\S)\1", r"\2", text)


def _docx_text(path: Path) -> str:
    import docx  # python-docx

    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def read_document(path: str | Path) -> Document:
    """Read ``path`` by its extension; raise :class:`UnreadableDocument` naming the file."""
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix == ".docx":
            raw = _docx_text(p)
        elif suffix == ".pdf":
            raw = _pdf_text(p)
        else:
            data = p.read_bytes()
            try:
                raw = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raw = data.decode("cp1252", errors="replace")
            if suffix in {".html", ".htm"} or raw.lstrip()[:15].lower().startswith(
                ("<!doctype html", "<html")
            ):
                raw = html_to_text(raw)
            elif suffix in {".md", ".markdown"}:
                raw = markdown_to_text(raw)
    except FileNotFoundError as exc:
        raise UnreadableDocument(f"{p}: no such file") from exc
    except IsADirectoryError as exc:
        raise UnreadableDocument(f"{p}: is a directory") from exc
    except PermissionError as exc:
        raise UnreadableDocument(f"{p}: permission denied") from exc
    except Exception as exc:  # a broken DOCX/PDF: the library's own error says why
        raise UnreadableDocument(f"{p}: cannot read {suffix or 'file'} ({exc})") from exc
    if "\x00" in raw:
        raise UnreadableDocument(f"{p}: not a text document")
    return parse_document(raw, name=p.name)
