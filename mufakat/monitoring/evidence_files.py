"""What an evidence file really is, read from its first bytes — never from its name.

A renamed executable must not reach other readers' machines as "report.pdf"; the download view
also sends the type found here with ``nosniff``, so a browser does not guess either.
"""

from __future__ import annotations

import os
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx"}


@dataclass(frozen=True)
class CheckedFile:
    name: str  # what readers see (the uploader's name, cleaned)
    storage_name: str  # what the storage gets: unguessable, with the extension of the real type
    content_type: str
    size: int


def max_bytes() -> int:
    return int(getattr(settings, "MUFAKAT_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _office_type(uploaded_file: Any) -> str | None:
    """DOCX and XLSX are ZIP packages; tell them apart by the part that defines each."""
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        uploaded_file.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def sniff(uploaded_file: Any) -> str | None:
    """The content type of an accepted kind of file, or None."""
    uploaded_file.seek(0)
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_type(uploaded_file)
    return None


def display_name(raw: str, content_type: str) -> str:
    """The uploader's file name without a path, with the extension of what the file is."""
    base = os.path.basename((raw or "").replace("\\", "/")).strip() or "evidence"
    stem, _ext = os.path.splitext(base)
    cleaned = get_valid_filename(stem)[:120] or "evidence"
    return cleaned + EXTENSIONS[content_type]


def check_evidence_file(uploaded_file: Any) -> CheckedFile:
    """Refuse empty, oversized and unsupported files (as a ValidationError on ``file``)."""
    size = int(getattr(uploaded_file, "size", 0) or 0)
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}}
        )
    content_type = sniff(uploaded_file)
    if content_type is None:
        raise ValidationError(
            {"file": _("Only PDF, Word (DOCX), Excel (XLSX), PNG and JPEG files are accepted.")}
        )
    return CheckedFile(
        name=display_name(getattr(uploaded_file, "name", ""), content_type),
        storage_name=uuid.uuid4().hex + EXTENSIONS[content_type],
        content_type=content_type,
        size=size,
    )
