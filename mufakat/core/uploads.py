"""What an uploaded file really is, read from its content — never from its name — and whether
it is safe to keep.

Shared by the library's attachments and monitoring's evidence. A refused file raises a
``ValidationError`` keyed by the form field *before* anything is written, so a refusal leaves no
row and no file behind. Accepted files are stored under an unguessable name with the extension
of their real type; download views send that type with ``nosniff`` so no browser guesses either.

ZIP packages (DOCX, XLSX) are inspected without being unpacked: a package that declares an
absurd uncompressed size, compression ratio or number of members is refused as a zip bomb
before any parser (text extraction, spreadsheet import) opens it.
"""

from __future__ import annotations

import hashlib
import os
import uuid
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Text documents (press statements for ingest). Never in ALL_TYPES: accepted only where a
#: caller lists them, and recognised by decoding (UTF-8, no NUL byte), not by magic bytes;
#: the uploader's extension says which kind of text it is.
TEXT = "text/plain"
MARKDOWN = "text/markdown"
HTML = "text/html"
TEXT_EXTENSIONS = {TEXT: ".txt", MARKDOWN: ".md", HTML: ".html"}
TEXT_TYPES: frozenset[str] = frozenset(TEXT_EXTENSIONS)

EXTENSIONS = {
    PDF: ".pdf",
    PNG: ".png",
    JPEG: ".jpg",
    GIF: ".gif",
    WEBP: ".webp",
    DOCX: ".docx",
    XLSX: ".xlsx",
}
#: How each accepted type is named to people, in the order they are listed.
TYPE_NAMES = {
    PDF: "PDF",
    DOCX: "Word (DOCX)",
    XLSX: "Excel (XLSX)",
    PNG: "PNG",
    JPEG: "JPEG",
    GIF: "GIF",
    WEBP: "WEBP",
    TEXT: "plain text (TXT)",
    MARKDOWN: "Markdown",
    HTML: "HTML",
}
ALL_TYPES: frozenset[str] = frozenset(EXTENSIONS)

#: Limits for ZIP packages (DOCX/XLSX): beyond these a package is treated as a zip bomb.
ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_MAX_MEMBERS = 2000
#: Members smaller than this are not judged by their ratio (tiny XML parts compress a lot).
ZIP_RATIO_MIN_SIZE = 1024 * 1024

EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe")


@dataclass(frozen=True)
class CheckedFile:
    name: str  # what readers see (the uploader's name, cleaned, with the real extension)
    storage_name: str  # what the storage gets: unguessable, with the extension of the real type
    content_type: str
    size: int
    sha256: str = ""


def upload_max_bytes() -> int:
    """The library's limit (``MUFAKAT_UPLOAD_MAX_BYTES``, 20 MB unless configured)."""
    return int(getattr(settings, "MUFAKAT_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def accepted_description(accepted: Collection[str]) -> str:
    """'PDF, Word (DOCX), … and JPEG' for help texts and refusals."""
    names = [label for ctype, label in TYPE_NAMES.items() if ctype in accepted]
    if len(names) == 1:
        return names[0]
    return _("%(list)s and %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}


def _refused(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _zip_problem(package: zipfile.ZipFile) -> str | None:
    """Why a ZIP package is not safe to open, judged from its directory alone."""
    members = package.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        return _("it contains %(n)d parts (at most %(max)d are accepted)") % {
            "n": len(members),
            "max": ZIP_MAX_MEMBERS,
        }
    total = sum(m.file_size for m in members)
    if total > ZIP_MAX_UNCOMPRESSED:
        return _("it would unpack to %(size)s (at most %(max)s are accepted)") % {
            "size": filesizeformat(total),
            "max": filesizeformat(ZIP_MAX_UNCOMPRESSED),
        }
    for member in members:
        if member.file_size < ZIP_RATIO_MIN_SIZE:
            continue
        if member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1):
            return _("a part of it is compressed more than %(ratio)d times") % {
                "ratio": ZIP_MAX_RATIO
            }
    return None


def _office_type(uploaded_file: Any) -> tuple[str | None, str | None]:
    """(DOCX or XLSX or None, why the package is dangerous or None) — from the ZIP directory."""
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as package:
            problem = _zip_problem(package)
            names = set(package.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None, None
    finally:
        uploaded_file.seek(0)
    if problem:
        return None, problem
    if "[Content_Types].xml" not in names:
        return None, None
    if "word/document.xml" in names:
        return DOCX, None
    if "xl/workbook.xml" in names:
        return XLSX, None
    return None, None


def _head(uploaded_file: Any, n: int = 16) -> bytes:
    uploaded_file.seek(0)
    head = uploaded_file.read(n)
    uploaded_file.seek(0)
    return bytes(head)


def sniff(uploaded_file: Any) -> str | None:
    """The content type of an accepted kind of file, or None (dangerous ZIPs included)."""
    content_type, _problem = _sniff(uploaded_file)
    return content_type


def _sniff(uploaded_file: Any) -> tuple[str | None, str | None]:
    head = _head(uploaded_file)
    if head.startswith(b"%PDF-"):
        return PDF, None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG, None
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG, None
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF, None
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP, None
    if head.startswith(b"PK\x03\x04"):
        return _office_type(uploaded_file)
    return None, None


def display_name(raw: str, content_type: str, fallback: str = "file") -> str:
    """The uploader's file name without a path, with the extension of what the file is."""
    base = os.path.basename((raw or "").replace("\\", "/")).strip() or fallback
    stem, _ext = os.path.splitext(base)
    cleaned = get_valid_filename(stem)[:120] or fallback
    return cleaned + _extension(content_type)


def _extension(content_type: str) -> str:
    return EXTENSIONS.get(content_type) or TEXT_EXTENSIONS[content_type]


def _text_type(uploaded_file: Any, raw_name: str, accepted: Collection[str]) -> str | None:
    """TEXT, MARKDOWN or HTML for a file that decodes as UTF-8 and holds no NUL byte; else None."""
    uploaded_file.seek(0)
    data = bytes(uploaded_file.read())
    uploaded_file.seek(0)
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    ext = os.path.splitext(raw_name)[1].lower()
    if ext in {".md", ".markdown"}:
        kind = MARKDOWN
    elif ext in {".html", ".htm"} or text.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    ):
        kind = HTML
    else:
        kind = TEXT
    return kind if kind in accepted else (TEXT if TEXT in accepted else None)


def _sha256(uploaded_file: Any) -> str:
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in iter(lambda: uploaded_file.read(64 * 1024), b""):
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()


def check_upload(
    uploaded_file: Any,
    *,
    field: str = "file",
    max_bytes: int | None = None,
    accepted: Collection[str] = ALL_TYPES,
    fallback_name: str = "file",
) -> CheckedFile:
    """Refuse empty, oversized, executable, unrecognised and bomb-like files; describe the rest.

    Raises ``ValidationError({field: ...})`` naming the file and what was wrong with it.
    """
    raw_name = os.path.basename(str(getattr(uploaded_file, "name", "") or "")) or fallback_name
    size = int(getattr(uploaded_file, "size", 0) or 0)
    only = _("Only %(types)s files are accepted.") % {"types": accepted_description(accepted)}
    if size == 0:
        raise _refused(field, _("“%(name)s”: the file is empty.") % {"name": raw_name})
    limit = max_bytes if max_bytes is not None else upload_max_bytes()
    if size > limit:
        raise _refused(
            field,
            _("“%(name)s” (%(size)s): the file is larger than %(limit)s.")
            % {"name": raw_name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    head = _head(uploaded_file)
    if head.startswith(EXECUTABLE_MAGIC):
        raise _refused(
            field,
            _("“%(name)s” is a program (executable), not a document. %(only)s")
            % {"name": raw_name, "only": only},
        )
    content_type, problem = _sniff(uploaded_file)
    if content_type is None and problem is None and TEXT_TYPES & set(accepted):
        content_type = _text_type(uploaded_file, raw_name, accepted)
    if problem:
        raise _refused(
            field,
            _("“%(name)s” was refused as a possible zip bomb: %(problem)s.")
            % {"name": raw_name, "problem": problem},
        )
    if content_type is None or content_type not in accepted:
        raise _refused(
            field,
            _("“%(name)s” is not a file type we accept. %(only)s")
            % {"name": raw_name, "only": only},
        )
    return CheckedFile(
        name=display_name(raw_name, content_type, fallback_name),
        storage_name=uuid.uuid4().hex + _extension(content_type),
        content_type=content_type,
        size=size,
        sha256=_sha256(uploaded_file),
    )


def package_is_safe(path_or_file: Any) -> bool:
    """For parsers opening a stored DOCX/XLSX: the same zip-bomb checks, applied again."""
    try:
        with zipfile.ZipFile(path_or_file) as package:
            return _zip_problem(package) is None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
