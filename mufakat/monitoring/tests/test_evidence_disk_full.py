# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""A full upload disk: the focal point is told there is no room and that nothing was saved, and
nothing is partial — no evidence row without its file, no file (or piece of one) without its
row. Real: the uploads go to a small tmpfs filled to the last byte (needs root to mount it)."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mufakat.accounts.models import User
from mufakat.monitoring.models import Evidence, ProgressReport
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    idn_ct1,
    plan,
    round_,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n" + b"1 0 obj << >> endobj\n" * 2000 + b"trailer << >>\n%%EOF\n"


@pytest.fixture
def small_disk(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """A 1 MB file system of its own for the uploads, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    media = tmp_path / "media"
    media.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(media)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    settings.MEDIA_ROOT = media
    try:
        yield media
    finally:
        subprocess.run(["umount", str(media)], check=True)


def fill(disk: Path) -> Path:
    """Write to the disk until it refuses: ENOSPC from the kernel, not from a test double."""
    filler = disk / "filler.bin"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def files(disk: Path) -> list[str]:
    return sorted(str(p.relative_to(disk)) for p in disk.rglob("*") if p.is_file())


def upload(user: User, report: ProgressReport) -> Any:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client.post(
        reverse("monitoring:evidence_upload", args=[report.pk]),
        {"file": SimpleUploadedFile("findings.pdf", PDF)},
    )


def test_a_full_disk_refuses_the_upload_clearly_and_keeps_nothing_of_it(
    small_disk: Path, idn_focal: User, idn_ct1: ProgressReport
) -> None:
    filler = fill(small_disk)
    version = ProgressReport.objects.get(pk=idn_ct1.pk).lock_version

    response = upload(idn_focal, idn_ct1)

    assert response.status_code == 503
    page = response.content.decode()
    assert "There is no room to keep this file" in page
    assert "nothing of this request was saved" in page
    assert response["Retry-After"]
    assert not Evidence.objects.exists()
    assert files(small_disk) == ["filler.bin"]  # no piece of the upload left behind
    assert ProgressReport.objects.get(pk=idn_ct1.pk).lock_version == version

    # Once the operator frees space, the same upload goes through whole.
    filler.unlink()
    response = upload(idn_focal, idn_ct1)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert files(small_disk) == [evidence.file.name]
    assert (small_disk / evidence.file.name).read_bytes() == PDF
