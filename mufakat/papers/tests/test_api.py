"""The meeting papers through the API: the same content as the pages, as JSON for the caller;
DOCX and PDF produced for a signed-in caller (stored and audited); documents produced found
again only by their reader; hidden records are 404s that name nothing."""

from __future__ import annotations

import io
from typing import Any

import docx
from django.test import Client
from pypdf import PdfReader

from mufakat.audit.models import AuditEvent
from mufakat.core.audience import TLP, Audience
from mufakat.papers.models import ProducedDocument
from mufakat.papers.tests.conftest import PapersWorld
from mufakat.testing.factories import MeetingFactory

GROUP_ITEM = "Japan-funded CT course"
IDN_ITEM = "BNPT note on foreign terrorist fighters"


def walk_text(paper: dict[str, Any]) -> str:
    """Every string of the JSON paper, joined."""
    parts: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)

    visit(paper)
    return "\n".join(parts)


def test_the_brief_as_json_holds_what_the_caller_may_read(
    papers_world: PapersWorld, jpn_focal: Any, idn_focal: Any, api_headers: Any
) -> None:
    url = f"/api/v1/meetings/{papers_world.m25.pk}/brief"
    japan = Client().get(url, headers=api_headers(jpn_focal)).json()
    assert japan["kind"] == "brief"
    assert japan["tlp"] == "AMBER"
    assert GROUP_ITEM in walk_text(japan) and IDN_ITEM not in walk_text(japan)
    indonesia = Client().get(url, headers=api_headers(idn_focal)).json()
    assert indonesia["tlp"] == "AMBER+STRICT"
    assert IDN_ITEM in walk_text(indonesia)
    anonymous = Client().get(url).json()
    assert anonymous["tlp"] == "CLEAR"
    assert GROUP_ITEM not in walk_text(anonymous)
    numbers = [
        block["number"]
        for section in japan["sections"]
        for block in section["blocks"]
        if block["type"] == "para" and block["numbered"]
    ]
    assert numbers == list(range(1, len(numbers) + 1))


def test_the_brief_as_docx_and_pdf_is_produced_for_the_caller(
    papers_world: PapersWorld, jpn_focal: Any, api_headers: Any
) -> None:
    headers = api_headers(jpn_focal)
    response = Client().get(f"/api/v1/meetings/{papers_world.m25.pk}/brief.docx", headers=headers)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    assert document.sections[0].header.paragraphs[0].text == "TLP:AMBER"
    response = Client().get(f"/api/v1/meetings/{papers_world.m25.pk}/brief.pdf", headers=headers)
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert "TLP:AMBER" in reader.pages[0].extract_text()
    assert ProducedDocument.objects.filter(produced_for=jpn_focal).count() == 2
    assert AuditEvent.objects.filter(action="produceddocument.produce").count() == 2


def test_downloads_need_a_signed_in_caller(papers_world: PapersWorld) -> None:
    for path in (
        f"/api/v1/meetings/{papers_world.m25.pk}/brief.pdf",
        f"/api/v1/meetings/{papers_world.m24.pk}/record.docx",
        f"/api/v1/instruments/{papers_world.aj.pk}/status-report.pdf",
    ):
        assert Client().get(path).status_code == 401
    assert not ProducedDocument.objects.exists()


def test_a_large_paper_is_queued_and_polled(
    papers_world: PapersWorld, jpn_focal: Any, outsider: Any, api_headers: Any, settings: Any
) -> None:
    settings.MUFAKAT_PAPERS_ALWAYS_BACKGROUND = True
    headers = api_headers(jpn_focal)
    response = Client().get(
        f"/api/v1/instruments/{papers_world.aj.pk}/status-report.pdf", headers=headers
    )
    assert response.status_code == 202
    queued = response.json()
    assert queued["format"] == "pdf"
    polled = Client().get(f"/api/v1/papers/{queued['id']}", headers=headers).json()
    assert polled["state"] == "done" and polled["progress"] == 100  # tasks run at once in tests
    assert polled["tlp"] == "AMBER"
    file = Client().get(polled["download_url"], headers=headers)
    assert file.status_code == 200
    assert file["Content-Type"] == "application/pdf"
    other = api_headers(outsider)
    assert Client().get(f"/api/v1/papers/{queued['id']}", headers=other).status_code == 404
    assert Client().get(polled["download_url"], headers=other).status_code == 404
    assert Client().get(polled["download_url"]).status_code == 404


def test_the_status_report_from_a_snapshot_and_hidden_ones_are_404s(
    papers_world: PapersWorld, jpn_focal: Any, api_headers: Any
) -> None:
    headers = api_headers(jpn_focal)
    url = f"/api/v1/instruments/{papers_world.aj.pk}/status-report"
    older = Client().get(url, {"snapshot": papers_world.s23.pk}, headers=headers)
    assert older.status_code == 200
    assert "Round for the 23rd SOMTC" in walk_text(older.json())
    assert any(
        block["type"] == "chart"
        for section in older.json()["sections"]
        for sub in [section, *section["subsections"]]
        for block in sub["blocks"]
    )
    foreign = Client().get(url, {"snapshot": papers_world.border_snapshot.pk}, headers=headers)
    assert foreign.status_code == 404
    hidden = f"/api/v1/instruments/{papers_world.border.pk}/status-report"
    assert Client().get(hidden, headers=headers).status_code == 404
    assert Client().get(url, {"snapshot": 0}, headers=headers).status_code == 422


def test_the_report_of_the_meeting_as_json_and_a_hidden_meeting(
    papers_world: PapersWorld, idn: Any, jpn_focal: Any, api_headers: Any
) -> None:
    headers = api_headers(jpn_focal)
    paper = Client().get(f"/api/v1/meetings/{papers_world.m24.pk}/record", headers=headers)
    assert paper.status_code == 200
    assert paper.json()["kind"] == "record"
    missing = Client().get(
        f"/api/v1/meetings/{papers_world.m24.pk}/record", {"version": 7}, headers=headers
    )
    assert missing.status_code == 404
    hidden = MeetingFactory(
        body=papers_world.somtc,
        number=99,
        title="BNPT internal preparatory meeting",
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn,
    )
    for path in ("brief", "brief.pdf", "record", "record.docx"):
        response = Client().get(f"/api/v1/meetings/{hidden.pk}/{path}", headers=headers)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
