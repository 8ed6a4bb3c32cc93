"""Bad uploads to an item are refused with a clear error, and nothing is stored."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.core.audience import TLP, Audience
from mufakat.library import services
from mufakat.library.demo import tiny_pdf
from mufakat.library.models import Attachment, KnowledgeItem

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def zip_bomb() -> bytes:
    """A DOCX-shaped package of some 20 kB whose document part unpacks a thousand times larger."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"\x00" * (20 * 1024 * 1024))
    return buffer.getvalue()


@pytest.fixture
def item(idn_focal: User) -> KnowledgeItem:
    return services.create_item(
        actor=idn_focal,
        data={
            "kind": KnowledgeItem.Kind.GOOD_PRACTICE,
            "title": "Practice",
            "audience": Audience.PLATFORM,
            "tlp": TLP.GREEN,
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("report.pdf", EXE, "“report.pdf” is a program (executable)"),
        ("innocent.docx", zip_bomb(), "“innocent.docx” was refused as a possible zip bomb"),
        ("empty.pdf", b"", "“empty.pdf”: the file is empty."),
    ],
)
def test_refused_files_leave_no_row_and_no_file(
    idn_focal: User, item: KnowledgeItem, media: Path, name: str, content: bytes, reason: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.add_attachment(
            actor=idn_focal, item=item, uploaded_file=SimpleUploadedFile(name, content)
        )
    assert reason in " ".join(error.value.message_dict["file"])
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_the_limit_is_refused(
    settings: Any, idn_focal: User, item: KnowledgeItem, media: Path
) -> None:
    settings.MUFAKAT_UPLOAD_MAX_BYTES = 1000
    big = tiny_pdf(["x" * 900, "y" * 900])
    with pytest.raises(ValidationError) as error:
        services.add_attachment(
            actor=idn_focal, item=item, uploaded_file=SimpleUploadedFile("big.pdf", big)
        )
    assert "larger than 1000" in error.value.message_dict["file"][0]
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_only_editors_may_attach(jpn_focal: User, item: KnowledgeItem, media: Path) -> None:
    with pytest.raises(PermissionDenied):
        services.add_attachment(
            actor=jpn_focal,
            item=item,
            uploaded_file=SimpleUploadedFile("a.pdf", tiny_pdf(["a"])),
        )
    assert stored_files(media) == []


def test_an_accepted_file_is_stored_under_an_unguessable_name(
    idn_focal: User, item: KnowledgeItem, media: Path
) -> None:
    attachment = services.add_attachment(
        actor=idn_focal,
        item=item,
        uploaded_file=SimpleUploadedFile("Programme notes.pdf", tiny_pdf(["notes"])),
    )
    assert attachment.name == "Programme_notes.pdf"
    assert "Programme" not in attachment.file.name
    assert [p.name for p in stored_files(media)] == [Path(attachment.file.name).name]
    assert item.versions.first().note == "Attachment added: Programme_notes.pdf"


def test_the_upload_form_shows_the_refusal_and_stores_nothing(
    as_user: Any, idn_focal: User, item: KnowledgeItem, media: Path
) -> None:
    response = as_user(idn_focal).post(
        reverse("library:attachment_add", args=[item.pk]),
        {"file": SimpleUploadedFile("report.pdf", EXE)},
        follow=True,
    )
    assert "is a program (executable)" in response.content.decode()
    assert stored_files(media) == []


def test_removing_an_attachment_deletes_its_file(
    django_capture_on_commit_callbacks: Any, idn_focal: User, item: KnowledgeItem, media: Path
) -> None:
    attachment = services.add_attachment(
        actor=idn_focal, item=item, uploaded_file=SimpleUploadedFile("a.pdf", tiny_pdf(["a"]))
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(actor=idn_focal, attachment=attachment)
    assert not Attachment.objects.exists()
    assert stored_files(media) == []
