"""What an evidence file really is, read from its first bytes — never from its name.

A renamed executable must not reach other readers' machines as "report.pdf"; the download view
also sends the type found here with ``nosniff``, so a browser does not guess either. The checks
themselves (content sniffing, size, zip bombs) are shared with the library in
:mod:`mufakat.core.uploads`; evidence accepts a narrower set of types and has its own limit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from mufakat.core.uploads import (
    DOCX,
    EXTENSIONS,
    JPEG,
    PDF,
    PNG,
    XLSX,
    CheckedFile,
    check_upload,
    sniff,
)
from mufakat.core.uploads import display_name as _display_name

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: What evidence may be: documents and photos of them.
ACCEPTED = frozenset({PDF, PNG, JPEG, DOCX, XLSX})

__all__ = [
    "ACCEPTED",
    "DEFAULT_MAX_BYTES",
    "DOCX",
    "EXTENSIONS",
    "JPEG",
    "PDF",
    "PNG",
    "XLSX",
    "CheckedFile",
    "check_evidence_file",
    "display_name",
    "max_bytes",
    "sniff",
]


def max_bytes() -> int:
    return int(getattr(settings, "MUFAKAT_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def display_name(raw: str, content_type: str) -> str:
    """The uploader's file name without a path, with the extension of what the file is."""
    return _display_name(raw, content_type, "evidence")


def check_evidence_file(uploaded_file: Any) -> CheckedFile:
    """Refuse empty, oversized and unsupported files (as a ValidationError on ``file``)."""
    return check_upload(
        uploaded_file,
        field="file",
        max_bytes=max_bytes(),
        accepted=ACCEPTED,
        fallback_name="evidence",
    )
