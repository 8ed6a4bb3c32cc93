"""Attachments' text is read in the background for search: PDF, DOCX and XLSX; images have none."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import Workbook

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.library import services, text_extraction
from mufakat.library.demo import tiny_pdf
from mufakat.library.models import Attachment, KnowledgeItem
from mufakat.library.text_extraction import NoText, extract_text

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("Halfway houses offer vocational training.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Province"
    table.rows[0].cells[1].text = "Sulawesi"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Seizures"
    sheet.append(["Year", "Methamphetamine"])
    sheet.append([2024, 1234])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_text_is_read_from_a_real_pdf() -> None:
    pdf = tiny_pdf(["Mobile phone forensics (course)", "Chain of custody"])
    text = extract_text(pdf, "application/pdf")
    assert "Mobile phone forensics (course)" in text
    assert "Chain of custody" in text


def test_paragraphs_and_tables_are_read_from_a_docx() -> None:
    text = extract_text(
        docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "Halfway houses offer vocational training." in text
    assert "Province | Sulawesi" in text


def test_cells_are_read_from_an_xlsx() -> None:
    text = extract_text(
        xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "Seizures" in text and "Methamphetamine" in text and "1234" in text


def test_images_have_no_text() -> None:
    with pytest.raises(NoText):
        extract_text(PNG, "image/png")


def test_stored_text_is_capped(monkeypatch: Any) -> None:
    monkeypatch.setattr(text_extraction, "MAX_TEXT_CHARS", 20)
    text = extract_text(tiny_pdf(["a" * 50, "b" * 50]), "application/pdf")
    assert len(text) == 20


def _item(idn_focal: User) -> KnowledgeItem:
    return services.create_item(
        actor=idn_focal,
        data={
            "kind": KnowledgeItem.Kind.TRAINING_MATERIAL,
            "title": "Course",
            "audience": Audience.PLATFORM,
            "tlp": TLP.GREEN,
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "status", "words"),
    [
        ("outline.pdf", tiny_pdf(["Cryptocurrency tracing basics"]), "done", "tracing"),
        ("minutes.docx", docx_bytes(), "done", "Sulawesi"),
        ("photo.png", PNG, "none", ""),
    ],
)
def test_uploading_extracts_the_text_after_commit(
    django_capture_on_commit_callbacks: Any,
    idn_focal: User,
    name: str,
    content: bytes,
    status: str,
    words: str,
) -> None:
    item = _item(idn_focal)
    with django_capture_on_commit_callbacks(execute=True):
        attachment = services.add_attachment(
            actor=idn_focal, item=item, uploaded_file=SimpleUploadedFile(name, content)
        )
    attachment.refresh_from_db()
    assert attachment.text_status == status
    assert words in attachment.text


def test_a_broken_pdf_is_marked_failed_and_stays_downloadable(
    django_capture_on_commit_callbacks: Any, idn_focal: User
) -> None:
    item = _item(idn_focal)
    broken = b"%PDF-1.4\n" + b"\x00garbage" * 100
    with django_capture_on_commit_callbacks(execute=True):
        attachment = services.add_attachment(
            actor=idn_focal, item=item, uploaded_file=SimpleUploadedFile("broken.pdf", broken)
        )
    attachment.refresh_from_db()
    assert attachment.text_status == Attachment.TextStatus.FAILED
    assert attachment.file.read() == broken
