"""A paper printed as PDF and DOCX reads back with every word, its numbering, its tables, its
charts and its TLP marking on every page — and the names of delegates in Vietnamese and Thai
come out as written, in a Noto font that has their letters."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import docx
import pytest
from PIL import Image
from pypdf import PdfReader

from mufakat.monitoring import charts
from mufakat.papers.content import Chart, Link, Note, Paper, Para, Section, Table
from mufakat.papers.render import TLP_COLOURS, paper_docx, paper_html, paper_pdf, svg_png

pytestmark = pytest.mark.render

VIETNAMESE = "Nguyễn Văn Thành"
THAI = "สมชาย"


def chart_svg() -> str:
    return str(
        charts.stacked_bars(
            [
                ("Counter-terrorism", {"completed": 3, "delayed": 2}),
                ("Cybercrime", {"on_track": 4}),
            ],
            segments=charts.status_segments(),
            title="Activities by status",
            desc="Completed, delayed and on track activities by priority area",
            chart_id="status",
        )
    )


def sample_paper(*, labels: tuple[str, ...] = ("CLEAR", "AMBER"), paragraphs: int = 6) -> Paper:
    paper = Paper(
        kind="brief",
        title="Brief of the 25th SOMTC",
        subtitle="Senior Officials Meeting on Transnational Crime",
        meta=[("Venue", "Hà Nội, Việt Nam"), ("Dates", "2–4 June 2025")],
        produced_at=dt.datetime(2025, 6, 2, 8, 0, tzinfo=dt.UTC),
    )
    paper.include(*labels)
    paper.sections = [
        Section(
            "Items forwarded to the meeting",
            source="Outcomes of the 20th WG-CT",
            blocks=[
                Para(
                    f"Item {i}: proposed by {VIETNAMESE} and {THAI} ใจดี.",
                    numbered=True,
                    links=[Link("WG-CT 20/1", "/meetings/1/")],
                )
                for i in range(1, paragraphs + 1)
            ]
            + [
                Table(
                    ["Outcome", "Text", "Status"],
                    [["WG-CT 20/1", "Develop a regional database.", "Pending"]],
                    caption="Forwarded outcomes",
                    row_links=["/meetings/1/"],
                )
            ],
        ),
        Section(
            "Implementation",
            blocks=[Chart("Activities by status", chart_svg()), Note("No report yet.")],
            subsections=[Section("Counter-terrorism", blocks=[Para("A closing remark.")])],
        ),
    ]
    paper.annexes = [
        Section(
            "Annex 1 – Participants",
            blocks=[Table(["Delegation", "Name"], [["Thailand", THAI], ["Viet Nam", VIETNAMESE]])],
        )
    ]
    return paper


def pdf_fonts(reader: PdfReader) -> set[str]:
    fonts: set[str] = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


@pytest.fixture(scope="module")
def long_pdf() -> PdfReader:
    return PdfReader(io.BytesIO(paper_pdf(sample_paper(paragraphs=80), produced_for="jpn.focal")))


def test_the_pdf_reads_back_with_the_vietnamese_and_thai_names(long_pdf: PdfReader) -> None:
    text = "\n".join(page.extract_text() for page in long_pdf.pages)
    assert VIETNAMESE in text
    assert THAI in text
    assert "Brief of the 25th SOMTC" in text
    assert "1.  Item 1" in text or "1. Item 1" in text


def test_the_pdf_embeds_a_noto_font_covering_thai(long_pdf: PdfReader) -> None:
    fonts = pdf_fonts(long_pdf)
    assert any("Noto-Sans-Thai" in f or "NotoSansThai" in f for f in fonts), fonts
    assert any("Noto-Sans" in f or "NotoSans" in f for f in fonts), fonts


def test_every_pdf_page_carries_the_marking_top_and_bottom_and_its_number(
    long_pdf: PdfReader,
) -> None:
    pages = long_pdf.pages
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert text.count("TLP:AMBER") == 2, (number, text[-300:])
        assert f"Page {number} of {len(pages)}" in text
        assert "Produced by Mufakat for jpn.focal" in text


def test_the_pdf_properties_carry_the_title_and_the_marking(long_pdf: PdfReader) -> None:
    info = long_pdf.metadata
    assert info is not None
    assert info.title == "Brief of the 25th SOMTC"
    assert "TLP:AMBER" in str(info.get("/Keywords"))


def test_the_print_html_puts_the_label_in_its_colours_in_the_margin_boxes() -> None:
    html = paper_html(sample_paper(labels=("RED",)))
    assert '@top-right { content: "TLP:RED"' in html
    assert '@bottom-center { content: "TLP:RED"' in html
    assert f"color: {TLP_COLOURS['RED']}" in html
    assert "background: #000000" in html
    assert 'counter(page) " of " counter(pages)' in html
    assert "size: A4" in html


def test_the_pdf_embeds_the_chart_as_vector_drawing() -> None:
    reader = PdfReader(io.BytesIO(paper_pdf(sample_paper())))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Counter-terrorism" in text  # the chart's own labels are text in the PDF
    assert "Activities by status" in text


def test_a_clear_paper_is_marked_clear() -> None:
    reader = PdfReader(io.BytesIO(paper_pdf(sample_paper(labels=("CLEAR",)))))
    assert "TLP:CLEAR" in reader.pages[0].extract_text()
    assert "TLP:AMBER" not in reader.pages[0].extract_text()


# -- DOCX ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def document() -> Any:
    return docx.Document(io.BytesIO(paper_docx(sample_paper(), produced_for="jpn.focal")))


def test_the_docx_has_a_title_block_and_headings(document: Any) -> None:
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert ("Title", "Brief of the 25th SOMTC") in styled
    assert ("Heading 1", "Items forwarded to the meeting") in styled
    assert ("Heading 2", "Counter-terrorism") in styled
    assert ("Heading 1", "Annex 1 – Participants") in styled


def test_the_docx_numbers_its_paragraphs(document: Any) -> None:
    numbered = [p.text for p in document.paragraphs if p.text[:1].isdigit()]
    assert numbered[0].startswith("1.\tItem 1: proposed by Nguyễn Văn Thành")
    assert numbered[5].startswith("6.\tItem 6")
    assert "WG-CT 20/1" in numbered[0]  # the link to the record


def test_the_docx_tables_have_their_header_rows(document: Any) -> None:
    tables = document.tables
    forwarded = next(t for t in tables if t.rows[0].cells[0].text == "Outcome")
    assert [c.text for c in forwarded.rows[0].cells] == ["Outcome", "Text", "Status"]
    assert forwarded.rows[1].cells[0].text == "WG-CT 20/1"
    assert forwarded.rows[0]._tr.trPr.xml.count("tblHeader") == 1  # repeated on every page
    annex = next(t for t in tables if t.rows[0].cells[0].text == "Delegation")
    assert [c.text for c in annex.rows[1].cells] == ["Thailand", THAI]


def test_the_docx_carries_the_marking_in_every_header_and_footer(document: Any) -> None:
    for section in document.sections:
        assert [p.text for p in section.header.paragraphs] == ["TLP:AMBER"]
        footer = [p.text for p in section.footer.paragraphs]
        assert footer[0] == "TLP:AMBER"
        assert footer[1].startswith("Page ")
        assert "jpn.focal" in footer[2]
        run = section.header.paragraphs[0].runs[0]
        assert str(run.font.color.rgb) == "FFC000"
        assert 'w:fill="000000"' in run._r.xml


def test_the_docx_properties_carry_the_marking(document: Any) -> None:
    props = document.core_properties
    assert props.title == "Brief of the 25th SOMTC"
    assert props.keywords == "TLP:AMBER"
    assert props.category == "Meeting brief"


def test_the_docx_embeds_the_chart_as_a_png(document: Any) -> None:
    assert len(document.inline_shapes) == 1
    with zipfile.ZipFile(io.BytesIO(paper_docx(sample_paper()))) as archive:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert images and images[0].endswith(".png")


def test_the_chart_png_keeps_its_colours() -> None:
    image = Image.open(io.BytesIO(svg_png(chart_svg()))).convert("RGB")
    colours = {colour for _count, colour in image.getcolors(1 << 20) or []}
    assert (0x1D, 0x6B, 0x36) in colours  # completed: green
    assert (0x9C, 0x4A, 0x00) in colours  # delayed: brown
