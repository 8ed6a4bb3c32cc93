"""Uploaded files are judged by their content: type, size, executables and zip bombs."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from mufakat.core import uploads

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
GIF = b"GIF89a" + b"\x00" * 20
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8
EXE = b"MZ\x90\x00\x03" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 64


def _package(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _refusal(name: str, content: bytes, **kwargs: Any) -> str:
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(SimpleUploadedFile(name, content), **kwargs)
    return " ".join(error.value.message_dict["file"])


@pytest.mark.parametrize(
    ("name", "content", "content_type", "shown_as"),
    [
        ("note.pdf", PDF, uploads.PDF, "note.pdf"),
        ("chart.gif", GIF, uploads.GIF, "chart.gif"),
        ("photo.jpeg", WEBP, uploads.WEBP, "photo.webp"),
        ("figures", _xlsx(), uploads.XLSX, "figures.xlsx"),
        (
            "minutes.docx",
            _package({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<d/>"}),
            uploads.DOCX,
            "minutes.docx",
        ),
    ],
)
def test_accepted_files_get_the_type_and_extension_of_their_content(
    name: str, content: bytes, content_type: str, shown_as: str
) -> None:
    checked = uploads.check_upload(SimpleUploadedFile(name, content))
    assert (checked.content_type, checked.name, checked.size) == (
        content_type,
        shown_as,
        len(content),
    )
    assert checked.storage_name.endswith(uploads.EXTENSIONS[content_type])
    assert name.split(".")[0] not in checked.storage_name  # unguessable, not the user's name
    assert len(checked.sha256) == 64


@pytest.mark.parametrize("content", [EXE, ELF])
def test_an_executable_renamed_pdf_is_refused_as_a_program(content: bytes) -> None:
    message = _refusal("report.pdf", content)
    assert "report.pdf" in message
    assert "program" in message


def test_an_empty_file_is_refused_by_name() -> None:
    assert "“empty.pdf”: the file is empty." in _refusal("empty.pdf", b"")


def test_a_file_over_the_limit_is_refused(settings: Any) -> None:
    settings.MUFAKAT_UPLOAD_MAX_BYTES = 100
    assert "larger than 100" in _refusal("big.pdf", PDF + b"0" * 100)


def test_text_that_is_not_a_document_is_refused() -> None:
    assert "not a file type we accept" in _refusal("notes.pdf", b"just some text")


def test_a_zip_that_is_not_an_office_document_is_refused() -> None:
    assert "not a file type" in _refusal("archive.docx", _package({"payload.js": b"alert(1)"}))


def test_a_zip_bomb_is_refused_before_anyone_unpacks_it() -> None:
    bomb = _package(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"\x00" * (20 * 1024 * 1024),
        }
    )
    assert len(bomb) < 100 * 1024  # tiny on the wire …
    message = _refusal("innocent.docx", bomb)
    assert "zip bomb" in message  # … refused for what it would unpack to
    assert "innocent.docx" in message


def test_a_package_declaring_a_huge_total_size_is_refused(monkeypatch: Any) -> None:
    monkeypatch.setattr(uploads, "ZIP_MAX_UNCOMPRESSED", 1000)
    package = _package({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"x" * 2000})
    assert "would unpack to" in _refusal("big.docx", package)


def test_a_package_with_too_many_parts_is_refused(monkeypatch: Any) -> None:
    monkeypatch.setattr(uploads, "ZIP_MAX_MEMBERS", 5)
    members = {f"part{i}.xml": b"<x/>" for i in range(6)}
    assert "parts" in _refusal("many.xlsx", _package(members))


def test_a_narrower_set_of_types_names_what_is_accepted() -> None:
    message = _refusal("chart.gif", GIF, accepted={uploads.PDF, uploads.PNG})
    assert "Only PDF and PNG files are accepted." in message
