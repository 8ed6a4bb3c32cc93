"""Meeting papers delivered to their readers: the same brief downloaded by the Secretariat, a
focal point of Indonesia, Japan's focal point and a reader from Canada holds exactly what each
may read, with the right marking; each copy is stored for its reader alone and audited; a large
one is produced in the background with its progress shown."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from django.test import Client
from pypdf import PdfReader

from mufakat.audit.models import AuditEvent
from mufakat.core.audience import TLP, Audience
from mufakat.papers import delivery
from mufakat.papers.models import ProducedDocument
from mufakat.papers.tests.conftest import PapersWorld
from mufakat.testing.factories import MeetingFactory

PUBLIC_ITEM = "regional counter-terrorism database"
GROUP_ITEM = "Japan-funded CT course"
IDN_ITEM = "BNPT note on foreign terrorist fighters"
MEMBER_STATES_PLAN = "ASEAN Border Management Work Plan"
IDN_KNOWLEDGE = "Ringkasan peserta program deradikalisasi"
SIGNED_IN_REQUEST = "experts on prison radicalisation"

#: Who may read what of the brief of the 25th SOMTC, and its marking.
EXPECTED: dict[str, tuple[set[str], str]] = {
    "secretariat": ({PUBLIC_ITEM, GROUP_ITEM, MEMBER_STATES_PLAN, SIGNED_IN_REQUEST}, "AMBER"),
    "idn_focal": (
        {PUBLIC_ITEM, GROUP_ITEM, IDN_ITEM, MEMBER_STATES_PLAN, IDN_KNOWLEDGE, SIGNED_IN_REQUEST},
        "AMBER+STRICT",
    ),
    "jpn_focal": ({PUBLIC_ITEM, GROUP_ITEM, SIGNED_IN_REQUEST}, "AMBER"),
    "outsider": ({PUBLIC_ITEM, SIGNED_IN_REQUEST}, "GREEN"),
}
ALL = {PUBLIC_ITEM, GROUP_ITEM, IDN_ITEM, MEMBER_STATES_PLAN, IDN_KNOWLEDGE, SIGNED_IN_REQUEST}


def flat(text: str) -> str:
    """Words joined by single spaces, lines broken after a hyphen joined again."""
    return " ".join(text.replace("-\n", "-").split())


def pdf_text(content: bytes) -> tuple[str, list[str]]:
    reader = PdfReader(io.BytesIO(content))
    pages = [page.extract_text() for page in reader.pages]
    return flat("\n".join(pages)), pages


def docx_text(content: bytes) -> tuple[str, Any]:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return flat("\n".join(parts)), document


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("reader", list(EXPECTED))
def test_the_brief_pdf_holds_exactly_what_its_reader_may_read(
    reader: str, papers_world: PapersWorld, all_users: dict[str, Any], as_user: Any
) -> None:
    response = as_user(all_users[reader]).get(f"/meetings/{papers_world.m25.pk}/brief.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, pages = pdf_text(body(response))
    may_read, marking = EXPECTED[reader]
    for phrase in may_read:
        assert phrase in text, (reader, phrase)
    for phrase in ALL - may_read:
        assert phrase not in text, (reader, phrase)
    for page in pages:  # the marking, top and bottom of every page
        assert flat(page).count(f"TLP:{marking}") == 2


@pytest.mark.parametrize("reader", ["jpn_focal", "idn_focal"])
def test_the_brief_docx_holds_exactly_what_its_reader_may_read(
    reader: str, papers_world: PapersWorld, all_users: dict[str, Any], as_user: Any
) -> None:
    response = as_user(all_users[reader]).get(f"/meetings/{papers_world.m25.pk}/brief.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text, document = docx_text(body(response))
    may_read, marking = EXPECTED[reader]
    for phrase in may_read:
        assert phrase in text, (reader, phrase)
    for phrase in ALL - may_read:
        assert phrase not in text, (reader, phrase)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Items forwarded to this meeting" in headings
    for section in document.sections:
        assert section.header.paragraphs[0].text == f"TLP:{marking}"
        assert section.footer.paragraphs[0].text == f"TLP:{marking}"
    assert document.core_properties.keywords == f"TLP:{marking}"


def test_the_brief_page_shows_the_anonymous_reader_the_public_part_only(
    papers_world: PapersWorld, client: Client
) -> None:
    response = client.get(f"/meetings/{papers_world.m25.pk}/brief/")
    assert response.status_code == 200
    page = flat(response.content.decode())
    assert PUBLIC_ITEM in page
    for phrase in ALL - {PUBLIC_ITEM}:
        assert phrase not in page
    assert "TLP:CLEAR" in page
    assert "Log in to download" in page


def test_downloading_asks_an_anonymous_reader_to_log_in(
    papers_world: PapersWorld, client: Client
) -> None:
    response = client.get(f"/meetings/{papers_world.m25.pk}/brief.pdf")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not ProducedDocument.objects.exists()


def test_the_brief_page_carries_the_marking_and_the_downloads(
    papers_world: PapersWorld, jpn_focal: Any, as_user: Any
) -> None:
    response = as_user(jpn_focal).get(f"/meetings/{papers_world.m25.pk}/brief/")
    assert response.context["page_tlp"] == TLP.AMBER
    page = response.content.decode()
    assert f'href="/meetings/{papers_world.m25.pk}/brief.pdf"' in page
    assert f'href="/meetings/{papers_world.m25.pk}/brief.docx"' in page
    assert GROUP_ITEM in page and IDN_ITEM not in page


def test_a_hidden_meeting_has_no_brief_and_no_downloads(
    papers_world: PapersWorld, idn: Any, jpn_focal: Any, idn_focal: Any, as_user: Any
) -> None:
    hidden = MeetingFactory(
        body=papers_world.somtc,
        number=99,
        title="BNPT internal preparatory meeting",
        audience=Audience.ORGANISATION,
        tlp=TLP.AMBER_STRICT,
        owner_party=idn,
    )
    for path in ("brief/", "brief.pdf", "brief.docx", "record.pdf", "record.docx"):
        response = as_user(jpn_focal).get(f"/meetings/{hidden.pk}/{path}")
        assert response.status_code == 404
        assert b"BNPT" not in response.content
    assert as_user(idn_focal).get(f"/meetings/{hidden.pk}/brief/").status_code == 200


# -- stored, for its reader alone, audited --------------------------------------------------------


def test_a_download_is_stored_for_its_reader_alone_and_audited(
    papers_world: PapersWorld, jpn_focal: Any, as_user: Any
) -> None:
    content = body(as_user(jpn_focal).get(f"/meetings/{papers_world.m25.pk}/brief.pdf"))
    document = ProducedDocument.objects.get()
    assert document.state == ProducedDocument.State.DONE
    assert document.produced_for == jpn_focal
    assert document.audience == Audience.NAMED
    assert list(document.named_users.all()) == [jpn_focal]
    assert document.tlp == TLP.AMBER
    assert document.size == len(content)
    import hashlib

    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.file_name.endswith("-tlp-amber.pdf")
    event = AuditEvent.objects.get(action="produceddocument.produce")
    assert event.actor_username == "jpn.focal"
    assert event.after["produced_for"] == "jpn.focal"
    assert event.after["sha256"] == document.sha256
    assert event.after["tlp"] == "AMBER"
    assert event.after["paper"] == "brief"
    assert event.after["meeting"] == papers_world.m25.pk


def test_a_produced_document_is_found_again_only_by_its_reader(
    papers_world: PapersWorld, jpn_focal: Any, idn_focal: Any, secretariat: Any, as_user: Any
) -> None:
    document = delivery.produce(
        user=jpn_focal, kind="brief", format="docx", meeting=papers_world.m25
    )
    mine = as_user(jpn_focal)
    page = mine.get(f"/papers/{document.pk}/")
    assert page.status_code == 200
    assert f'href="/papers/{document.pk}/file/"' in page.content.decode()
    download = mine.get(f"/papers/{document.pk}/file/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"
    for other in (idn_focal, secretariat):
        assert as_user(other).get(f"/papers/{document.pk}/").status_code == 404
        assert as_user(other).get(f"/papers/{document.pk}/file/").status_code == 404
    assert Client().get(f"/papers/{document.pk}/file/").status_code == 404


def test_the_meeting_page_lists_the_papers_and_the_readers_own_documents(
    papers_world: PapersWorld, jpn_focal: Any, idn_focal: Any, as_user: Any
) -> None:
    document = delivery.produce(
        user=jpn_focal, kind="brief", format="pdf", meeting=papers_world.m25
    )
    page = as_user(jpn_focal).get(f"/meetings/{papers_world.m25.pk}/").content.decode()
    assert "Meeting papers" in page
    assert f'href="/meetings/{papers_world.m25.pk}/brief/"' in page
    assert f'href="/papers/{document.pk}/"' in page
    other = as_user(idn_focal).get(f"/meetings/{papers_world.m25.pk}/").content.decode()
    assert f'href="/papers/{document.pk}/"' not in other


# -- in the background ---------------------------------------------------------------------------


def test_a_large_paper_is_produced_in_the_background_and_its_page_then_links_it(
    papers_world: PapersWorld, jpn_focal: Any, as_user: Any, settings: Any
) -> None:
    settings.MUFAKAT_PAPERS_ALWAYS_BACKGROUND = True
    reader = as_user(jpn_focal)
    response = reader.get(f"/meetings/{papers_world.m25.pk}/brief.pdf")
    document = ProducedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/papers/{document.pk}/"
    # The test settings run tasks at once: the document is ready when the page is opened.
    page = reader.get(f"/papers/{document.pk}/")
    assert "Refresh" not in page
    assert f'href="/papers/{document.pk}/file/"' in page.content.decode()
    assert document.progress == 100 and document.sha256
    assert AuditEvent.objects.filter(action="produceddocument.produce").count() == 1


def test_the_weight_of_a_paper_decides_where_it_is_produced(
    papers_world: PapersWorld, jpn_focal: Any, settings: Any
) -> None:
    from mufakat.papers.brief import build_brief

    paper = build_brief(papers_world.m25, user=jpn_focal)
    weight = delivery.paper_weight(paper)
    assert weight > 10
    settings.MUFAKAT_PAPERS_BACKGROUND_WEIGHT = weight
    assert not delivery.runs_in_background(paper)
    settings.MUFAKAT_PAPERS_BACKGROUND_WEIGHT = weight - 1
    assert delivery.runs_in_background(paper)


def test_the_page_of_a_document_being_produced_shows_its_progress_and_reloads(
    papers_world: PapersWorld, jpn_focal: Any, as_user: Any
) -> None:
    document = delivery.produce(
        user=jpn_focal, kind="brief", format="pdf", meeting=papers_world.m25
    )
    document.state, document.progress = ProducedDocument.State.RUNNING, 40
    document.save()
    page = as_user(jpn_focal).get(f"/papers/{document.pk}/")
    assert page["Refresh"] == "2"
    text = page.content.decode()
    assert '<progress max="100" value="40">' in text
    assert "Printing the pages" in text
    assert "/file/" not in text


def test_a_failure_is_told_clearly(
    papers_world: PapersWorld, jpn_focal: Any, as_user: Any, monkeypatch: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("pango fell over")

    monkeypatch.setattr(delivery, "render", broken)
    response = as_user(jpn_focal).get(f"/meetings/{papers_world.m25.pk}/brief.docx")
    document = ProducedDocument.objects.get()
    assert response["Location"] == f"/papers/{document.pk}/"
    assert document.state == ProducedDocument.State.FAILED
    page = as_user(jpn_focal).get(f"/papers/{document.pk}/").content.decode()
    assert "could not be produced" in page
    assert "pango" not in page
    assert as_user(jpn_focal).get(f"/papers/{document.pk}/file/").status_code == 404


def test_a_queued_document_is_built_again_for_its_reader_when_it_runs(
    papers_world: PapersWorld, jpn_focal: Any, settings: Any
) -> None:
    """The records are read through the gate when the task runs: a meeting hidden from the
    reader meanwhile fails the document without a word of it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    document = delivery.produce(
        user=jpn_focal, kind="brief", format="pdf", meeting=papers_world.m25, background=True
    )
    assert document.state == ProducedDocument.State.QUEUED
    papers_world.m25.audience, papers_world.m25.tlp = Audience.NAMED, TLP.RED
    papers_world.m25.save()
    from mufakat.papers.tasks import produce_document

    assert produce_document.call(document.pk, jpn_focal.pk) == "missing"


# -- status report and report of the meeting -----------------------------------------------------


def test_the_status_report_page_offers_the_snapshots_its_reader_may_see(
    papers_world: PapersWorld, jpn_focal: Any, as_user: Any
) -> None:
    reader = as_user(jpn_focal)
    url = f"/instruments/{papers_world.aj.pk}/status-report/"
    page = reader.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert f'<option value="{papers_world.s24.pk}" selected>' in text
    assert f'<option value="{papers_world.s23.pk}"' in text
    assert page.context["page_tlp"] == TLP.AMBER
    older = reader.get(url, {"snapshot": papers_world.s23.pk})
    assert older.status_code == 200
    assert f"status-report.pdf?snapshot={papers_world.s23.pk}" in older.content.decode()
    assert reader.get(url, {"snapshot": papers_world.border_snapshot.pk}).status_code == 404
    assert reader.get(url, {"snapshot": "x"}).status_code == 404
    hidden = f"/instruments/{papers_world.border.pk}/status-report/"
    assert reader.get(hidden).status_code == 404
    assert reader.get(f"/instruments/{papers_world.border.pk}/status-report.pdf").status_code == 404


def test_the_status_report_downloads_from_the_snapshot_asked_for(
    papers_world: PapersWorld, jpn_focal: Any, as_user: Any
) -> None:
    response = as_user(jpn_focal).get(
        f"/instruments/{papers_world.aj.pk}/status-report.docx",
        {"snapshot": papers_world.s23.pk},
    )
    assert response.status_code == 200
    text, document = docx_text(body(response))
    assert "Round for the 23rd SOMTC" in text
    assert document.inline_shapes  # the charts, as pictures
    produced = ProducedDocument.objects.get()
    assert produced.snapshot_id == papers_world.s23.pk
    assert produced.instrument_id == papers_world.aj.pk


def test_the_report_of_the_meeting_downloads_and_an_unknown_version_is_a_404(
    papers_world: PapersWorld, secretariat: Any, as_user: Any
) -> None:
    reader = as_user(secretariat)
    response = reader.get(f"/meetings/{papers_world.m24.pk}/record.pdf")
    assert response.status_code == 200
    text, _pages = pdf_text(body(response))
    assert "24th SOMTC" in text
    assert reader.get(f"/meetings/{papers_world.m24.pk}/record.docx?version=9").status_code == 404
    assert reader.get(f"/meetings/{papers_world.m24.pk}/record.docx?version=-1").status_code == 404


# -- query counts --------------------------------------------------------------------------------


def test_the_paper_pages_read_in_a_fixed_number_of_queries(
    papers_world: PapersWorld,
    jpn_focal: Any,
    as_user: Any,
    django_assert_max_num_queries: Any,
) -> None:
    reader = as_user(jpn_focal)
    document = delivery.produce(
        user=jpn_focal, kind="brief", format="docx", meeting=papers_world.m25
    )
    with django_assert_max_num_queries(36):  # 28 measured: the builder's reads
        assert reader.get(f"/meetings/{papers_world.m25.pk}/brief/").status_code == 200
    with django_assert_max_num_queries(18):  # 13 measured
        url = f"/instruments/{papers_world.aj.pk}/status-report/"
        assert reader.get(url).status_code == 200
    with django_assert_max_num_queries(6):  # 5 measured
        assert reader.get(f"/papers/{document.pk}/").status_code == 200
