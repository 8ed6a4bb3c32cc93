"""The meeting papers of the demo open as a new user would open them: each as a Word document
python-docx reads back (headings, numbered paragraphs, tables) and as a PDF whose every page
pdftoppm renders — the brief of the next AMMTC and of the 24th SOMTC, the report of the 19th
WG on Counter Terrorism and of the 23rd SOMTC, and the status report of the ASEAN–Japan work
plan."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from mufakat.accounts.models import User
from mufakat.meetings.models import Meeting
from mufakat.papers.brief import build_brief
from mufakat.papers.content import Paper
from mufakat.papers.record import build_record
from mufakat.papers.render import paper_docx, paper_pdf
from mufakat.papers.status_report import build_status_report
from mufakat.workplans.models import Instrument

pytestmark = [pytest.mark.django_db, pytest.mark.render]


def _meeting(body: str, number: int | None = None) -> Meeting:
    if number is None:  # the next planned one
        return Meeting.objects.filter(body__code=body, status="planned").earliest("start_date")
    return Meeting.objects.get(body__code=body, number=number)


def _secretariat() -> User:
    return User.objects.get(username="secretariat")


PAPERS: dict[str, Callable[[], Paper]] = {
    "brief of the next AMMTC": lambda: build_brief(_meeting("AMMTC"), user=_secretariat()),
    "brief of the 24th SOMTC": lambda: build_brief(_meeting("SOMTC", 24), user=_secretariat()),
    "report of the 19th WG-CT": lambda: build_record(
        _meeting("SOMTC-WG-CT", 19), user=_secretariat()
    ),
    "report of the 23rd SOMTC": lambda: build_record(_meeting("SOMTC", 23), user=_secretariat()),
    "status report of the ASEAN–Japan work plan": lambda: build_status_report(
        Instrument.objects.get(key="asean-japan-wp-2023-2027"), user=_secretariat()
    ),
}


@pytest.mark.parametrize("name", list(PAPERS))
def test_each_demo_paper_reads_back_as_a_word_document(demo: str, name: str) -> None:
    paper = PAPERS[name]()
    document = Document(io.BytesIO(paper_docx(paper)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) >= 3, headings
    assert document.tables, "no table"
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert f"TLP:{paper.tlp}" in header
    if paper.kind == "record":
        numbered = [p.text for p in document.paragraphs if p.text[:3].rstrip(".\t").isdigit()]
        assert numbered and numbered[0].startswith("1."), numbered[:3]
        assert "Annex" in " ".join(headings)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("name", list(PAPERS))
def test_each_demo_paper_prints_every_page(demo: str, name: str, tmp_path: Path) -> None:
    paper = PAPERS[name]()
    pdf = paper_pdf(paper)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert all(f"TLP:{paper.tlp}" in (page.extract_text() or "") for page in pages)
    (tmp_path / "paper.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", str(tmp_path / "paper.pdf"), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    assert len(list(tmp_path.glob("page*.png"))) == len(pages)


def test_the_demo_brief_of_the_next_ammtc_has_something_to_read(demo: str) -> None:
    text: Any = PAPERS["brief of the next AMMTC"]().text()
    assert "Items forwarded to this meeting" in text
    assert "No instrument is monitored" not in text
