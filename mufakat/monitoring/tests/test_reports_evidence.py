# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""Evidence files: the type is read from the content, refusals store nothing, downloads are gated."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from mufakat.accounts.models import User
from mufakat.monitoring.models import Evidence, ProgressReport
from mufakat.monitoring.services import add_evidence, save_report
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    idn_ct1,
    plan,
    round_,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("payload.js", "alert(1)")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "stored_name"),
    [
        ("report.pdf", PDF, "application/pdf", "report.pdf"),
        ("photo.PNG", PNG, "image/png", "photo.png"),
        (
            "minutes.docx",
            _docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "minutes.docx",
        ),
        (
            "figures.xlsx",
            _xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "figures.xlsx",
        ),
        ("scan.bin", b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg", "scan.jpg"),
    ],
)
def test_accepted_kinds_of_file_are_stored_with_the_type_read_from_their_content(
    idn_focal: User,
    idn_ct1: ProgressReport,
    name: str,
    content: bytes,
    content_type: str,
    stored_name: str,
) -> None:
    evidence = add_evidence(
        actor=idn_focal, report=idn_ct1, uploaded_file=SimpleUploadedFile(name, content)
    )
    assert (evidence.content_type, evidence.name, evidence.size) == (
        content_type,
        stored_name,
        len(content),
    )
    assert ProgressReport.objects.get(pk=idn_ct1.pk).lock_version == idn_ct1.lock_version + 1


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("report.pdf", EXE, "Only PDF"),
        ("archive.docx", _zip(), "Only PDF"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_refused_files_leave_nothing_behind(
    idn_focal: User, idn_ct1: ProgressReport, media: Path, name: str, content: bytes, reason: str
) -> None:
    with pytest.raises(ValidationError) as error:
        add_evidence(
            actor=idn_focal, report=idn_ct1, uploaded_file=SimpleUploadedFile(name, content)
        )
    assert reason in " ".join(error.value.message_dict["file"])
    assert not Evidence.objects.exists()
    assert _stored_files(media) == []


def test_a_file_over_the_limit_is_refused(
    settings: Any, idn_focal: User, idn_ct1: ProgressReport, media: Path
) -> None:
    settings.MUFAKAT_EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        add_evidence(
            actor=idn_focal,
            report=idn_ct1,
            uploaded_file=SimpleUploadedFile("big.pdf", PDF + b"0" * 1000),
        )
    assert "larger than" in error.value.message_dict["file"][0]
    assert not Evidence.objects.exists()
    assert _stored_files(media) == []


def test_another_party_cannot_attach_evidence(jpn_focal: User, idn_ct1: ProgressReport) -> None:
    with pytest.raises(PermissionDenied):
        add_evidence(
            actor=jpn_focal, report=idn_ct1, uploaded_file=SimpleUploadedFile("a.pdf", PDF)
        )


def test_the_upload_form_shows_a_refusal_and_stores_nothing(
    as_user: Any, idn_focal: User, idn_ct1: ProgressReport, media: Path
) -> None:
    response = as_user(idn_focal).post(
        reverse("monitoring:evidence_upload", args=[idn_ct1.pk]),
        {"file": SimpleUploadedFile("tool.pdf", EXE)},
        follow=True,
    )
    assert "Only PDF" in response.content.decode()
    assert _stored_files(media) == []


def _submitted_with_evidence(idn_focal: User, report: ProgressReport) -> Evidence:
    evidence = add_evidence(
        actor=idn_focal, report=report, uploaded_file=SimpleUploadedFile("report.pdf", PDF)
    )
    save_report(
        actor=idn_focal,
        report=report,
        changes={"status": "on_track", "percent": 10},
        expected_version=None,
        submit=True,
    )
    return evidence


def test_the_download_is_an_attachment_with_nosniff(
    as_user: Any, jpn_focal: User, idn_focal: User, idn_ct1: ProgressReport
) -> None:
    evidence = _submitted_with_evidence(idn_focal, idn_ct1)
    response = as_user(jpn_focal).get(reverse("monitoring:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_the_download_is_404_for_an_outsider_and_for_another_party_while_a_draft(
    as_user: Any, outsider: User, jpn_focal: User, idn_focal: User, idn_ct1: ProgressReport
) -> None:
    evidence = add_evidence(
        actor=idn_focal, report=idn_ct1, uploaded_file=SimpleUploadedFile("report.pdf", PDF)
    )
    url = reverse("monitoring:evidence", args=[evidence.pk])
    assert as_user(jpn_focal).get(url).status_code == 404  # Indonesia's draft
    assert as_user(idn_focal).get(url).status_code == 200
    save_report(
        actor=idn_focal,
        report=idn_ct1,
        changes={"status": "on_track", "percent": 10},
        expected_version=None,
        submit=True,
    )
    assert as_user(outsider).get(url).status_code == 404


def test_the_focal_point_removes_a_file_from_a_draft(
    as_user: Any,
    idn_focal: User,
    idn_ct1: ProgressReport,
    media: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    evidence = add_evidence(
        actor=idn_focal, report=idn_ct1, uploaded_file=SimpleUploadedFile("report.pdf", PDF)
    )
    with django_capture_on_commit_callbacks(execute=True):
        as_user(idn_focal).post(reverse("monitoring:evidence_delete", args=[evidence.pk]))
    assert not Evidence.objects.exists()
    assert _stored_files(media) == []
