"""A :class:`~mufakat.papers.content.Paper` as a printable HTML document, a PDF and a DOCX.

The PDF is WeasyPrint's print of the same ``papers/_paper.html`` the page shows, so the two can
never differ; the DOCX is written with python-docx from the same Paper (Word users edit it, so
it uses Word's own styles: Title, Heading 1/2, Table Grid, Caption). Both carry the paper's TLP
marking in the header and footer of every page, as TLP 2.0 prescribes (the label in its colour
on black), and say in their properties which marking they carry.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mufakat.core.audience import TLP
from mufakat.papers.content import Chart, Note, Paper, Para, Section, Table

PRINT_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "paper-print.css"

#: TLP 2.0 label colours (text on a black background).
TLP_COLOURS: dict[str, str] = {
    TLP.CLEAR: "#FFFFFF",
    TLP.GREEN: "#33FF00",
    TLP.AMBER: "#FFC000",
    TLP.AMBER_STRICT: "#FFC000",
    TLP.RED: "#FF2B2B",
}

FONT = "Noto Sans"
#: Word picks this font for complex scripts (Thai, Khmer, Lao, Myanmar) in runs of text.
COMPLEX_SCRIPT_FONT = "Noto Sans Thai"


def _kind_label(kind: str) -> str:
    from mufakat.papers.models import PaperKind

    return str(PaperKind(kind).label) if kind in PaperKind.values else kind


@cache
def _print_css() -> str:
    return PRINT_CSS.read_text(encoding="utf-8")


def _css_string(text: str) -> str:
    """Text inside a CSS string literal (without the quotes)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _page_counter() -> str:
    """``"Page " counter(page) " of " counter(pages)`` in the active language."""
    marker = "\x00"
    text = _("Page %(page)s of %(pages)s") % {"page": marker + "P", "pages": marker + "N"}
    parts: list[str] = []
    for i, piece in enumerate(text.split(marker)):
        if i:
            counter = "counter(page)" if piece[:1] == "P" else "counter(pages)"
            parts.append(counter)
            piece = piece[1:]
        if piece:
            parts.append(f'"{_css_string(piece)}"')
    return " ".join(parts)


def _marking_style(tlp: str) -> str:
    colour = TLP_COLOURS.get(tlp, TLP_COLOURS[TLP.CLEAR])
    return (
        f"background: #000000; color: {colour}; "
        "font: bold 11pt 'DejaVu Sans Mono', 'Noto Sans Mono', monospace; "
        "padding: 1mm 2.5mm; margin: 7mm 0; height: 7mm; vertical-align: middle; "
        "width: auto;"
    )


def site_url(request: HttpRequest | None = None) -> str:
    """Where the paper's links (absolute paths) point when read outside the site."""
    if request is not None:
        return request.build_absolute_uri("/")
    return str(getattr(settings, "MUFAKAT_SITE_URL", "http://127.0.0.1:8000")).rstrip("/") + "/"


def produced_line(reader: str, paper: Paper) -> str:
    """ "Produced for jpn.focal on 2 June 2025" — printed on every page, so a copy that travels
    says whose it was."""
    if not reader:
        return ""
    if paper.produced_at is not None:
        return _("Produced by Mufakat for %(reader)s, %(date)s") % {
            "reader": reader,
            "date": date_format(timezone.localtime(paper.produced_at), "j F Y H:i T"),
        }
    return _("Produced by Mufakat for %(reader)s") % {"reader": reader}


def paper_html(paper: Paper, *, request: HttpRequest | None = None, produced_for: str = "") -> str:
    """The standalone print document of ``paper`` (``papers/print.html``): A4, the marking in
    the margin boxes of every page, page numbers, and the print stylesheet inline."""
    paper.number_paragraphs()
    line = produced_line(produced_for, paper)
    return render_to_string(
        "papers/print.html",
        {
            "paper": paper,
            "paper_lang": translation.get_language() or "en",
            "site_url": site_url(request),
            "print_css": _print_css(),
            "marking_style": _marking_style(paper.tlp),
            "page_counter": _page_counter(),
            "produced_for": line,
            "produced_for_css": _css_string(line),
        },
    )


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint fetches nothing from the network or disk: charts are inline SVG, the
    stylesheet inline; only ``data:`` URLs are read."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return dict(default_url_fetcher(url))
    raise ValueError(f"Refusing to fetch {url!r} while printing a paper")


def paper_pdf(paper: Paper, *, request: HttpRequest | None = None, produced_for: str = "") -> bytes:
    """The PDF of ``paper``: WeasyPrint's print of :func:`paper_html`."""
    from weasyprint import HTML

    html = paper_html(paper, request=request, produced_for=produced_for)
    document = HTML(string=html, base_url=site_url(request), url_fetcher=_no_fetch)
    pdf = document.write_pdf()
    assert pdf is not None
    return pdf


# -- DOCX ----------------------------------------------------------------------------------------


def _docx_modules() -> Any:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    return (
        docx,
        WD_ORIENT,
        WD_TABLE_ALIGNMENT,
        WD_ALIGN_PARAGRAPH,
        WD_BREAK,
        OxmlElement,
        qn,
        Mm,
        Pt,
        RGBColor,
    )


class _DocxWriter:
    """Writes one Paper into a python-docx Document."""

    def __init__(self, paper: Paper, *, base_url: str, produced_for: str) -> None:
        (
            docx,
            _orient,
            self.TABLE_ALIGN,
            self.ALIGN,
            self.BREAK,
            self.OxmlElement,
            self.qn,
            self.Mm,
            self.Pt,
            self.RGBColor,
        ) = _docx_modules()
        self.paper = paper
        self.base_url = base_url.rstrip("/")
        self.produced_for = produced_for
        self.document = docx.Document()

    # helpers ---------------------------------------------------------------------------------

    def _absolute(self, url: str) -> str:
        return self.base_url + url if url.startswith("/") else url

    def _fonts(self, element: Any, *, ascii_font: str = FONT) -> None:
        """Set the run fonts of a style or run (``w:rFonts``): Latin, East Asian and complex."""
        r_pr = element.get_or_add_rPr()
        fonts = r_pr.find(self.qn("w:rFonts"))
        if fonts is None:
            fonts = self.OxmlElement("w:rFonts")
            r_pr.insert(0, fonts)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(self.qn(attribute), ascii_font)
        fonts.set(self.qn("w:cs"), COMPLEX_SCRIPT_FONT)

    def _styles(self) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = self.Pt(10)
        self._fonts(normal.element)
        for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption"):
            style = styles[name]
            style.font.name = FONT
            self._fonts(style.element)
            style.font.color.rgb = self.RGBColor(0x08, 0x3F, 0x56)
        styles["Title"].font.size = self.Pt(20)

    def _marking_run(self, paragraph: Any) -> None:
        """``TLP:AMBER`` in the label's colour on black (TLP 2.0)."""
        tlp = self.paper.tlp
        run = paragraph.add_run(f"TLP:{tlp}")
        run.bold = True
        run.font.size = self.Pt(11)
        run.font.name = "DejaVu Sans Mono"
        colour = TLP_COLOURS.get(tlp, TLP_COLOURS[TLP.CLEAR]).lstrip("#")
        run.font.color.rgb = self.RGBColor.from_string(colour)
        shading = self.OxmlElement("w:shd")
        shading.set(self.qn("w:val"), "clear")
        shading.set(self.qn("w:color"), "auto")
        shading.set(self.qn("w:fill"), "000000")
        run._r.get_or_add_rPr().append(shading)

    def _field(self, paragraph: Any, instruction: str) -> None:
        """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
        run = paragraph.add_run()
        begin = self.OxmlElement("w:fldChar")
        begin.set(self.qn("w:fldCharType"), "begin")
        text = self.OxmlElement("w:instrText")
        text.set(self.qn("xml:space"), "preserve")
        text.text = f" {instruction} "
        separate = self.OxmlElement("w:fldChar")
        separate.set(self.qn("w:fldCharType"), "separate")
        shown = self.OxmlElement("w:t")
        shown.text = "1"
        end = self.OxmlElement("w:fldChar")
        end.set(self.qn("w:fldCharType"), "end")
        for element in (begin, text, separate, shown, end):
            run._r.append(element)

    def _page_numbers(self, paragraph: Any) -> None:
        marker = "\x00"
        text = _("Page %(page)s of %(pages)s") % {"page": marker + "P", "pages": marker + "N"}
        for i, piece in enumerate(text.split(marker)):
            if i:
                self._field(paragraph, "PAGE" if piece[:1] == "P" else "NUMPAGES")
                piece = piece[1:]
            if piece:
                paragraph.add_run(piece)

    def _header_footer(self) -> None:
        line = produced_line(self.produced_for, self.paper)
        for section in self.document.sections:
            section.page_width, section.page_height = self.Mm(210), self.Mm(297)
            section.left_margin = section.right_margin = self.Mm(20)
            section.top_margin = section.bottom_margin = self.Mm(22)
            header = section.header.paragraphs[0]
            header.alignment = self.ALIGN.RIGHT
            self._marking_run(header)
            footer = section.footer.paragraphs[0]
            footer.alignment = self.ALIGN.CENTER
            self._marking_run(footer)
            numbers = section.footer.add_paragraph()
            numbers.alignment = self.ALIGN.RIGHT
            self._page_numbers(numbers)
            for run in numbers.runs:
                run.font.size = self.Pt(8)
            if line:
                produced = section.footer.add_paragraph(line)
                produced.alignment = self.ALIGN.LEFT
                for run in produced.runs:
                    run.font.size = self.Pt(7)

    def _hyperlink(self, paragraph: Any, url: str, text: str) -> None:
        """A clickable link (python-docx has no API for it: a ``w:hyperlink`` element)."""
        part = paragraph.part
        rel_id = part.relate_to(
            self._absolute(url),
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
            is_external=True,
        )
        link = self.OxmlElement("w:hyperlink")
        link.set(self.qn("r:id"), rel_id)
        run = self.OxmlElement("w:r")
        r_pr = self.OxmlElement("w:rPr")
        colour = self.OxmlElement("w:color")
        colour.set(self.qn("w:val"), "0B5A7A")
        underline = self.OxmlElement("w:u")
        underline.set(self.qn("w:val"), "single")
        r_pr.append(colour)
        r_pr.append(underline)
        run.append(r_pr)
        t = self.OxmlElement("w:t")
        t.text = text
        t.set(self.qn("xml:space"), "preserve")
        run.append(t)
        link.append(run)
        paragraph._p.append(link)

    def _repeat_header(self, row: Any) -> None:
        tr_pr = row._tr.get_or_add_trPr()
        header = self.OxmlElement("w:tblHeader")
        header.set(self.qn("w:val"), "true")
        tr_pr.append(header)

    # content ---------------------------------------------------------------------------------

    def _title_block(self) -> None:
        paper = self.paper
        self.document.add_paragraph(paper.title, style="Title")
        if paper.subtitle:
            self.document.add_paragraph(paper.subtitle, style="Subtitle")
        if paper.version:
            version = self.document.add_paragraph()
            run = version.add_run(paper.version)
            run.italic = True
        if paper.meta:
            table = self.document.add_table(rows=0, cols=2)
            for label, value in paper.meta:
                cells = table.add_row().cells
                cells[0].text = label
                cells[1].text = value
                for run in cells[0].paragraphs[0].runs:
                    run.bold = True
            self.document.add_paragraph()

    def _para(self, block: Para) -> None:
        paragraph = self.document.add_paragraph()
        if block.number:
            fmt = paragraph.paragraph_format
            fmt.left_indent = self.Mm(10)
            fmt.first_line_indent = self.Mm(-10)
            fmt.tab_stops.add_tab_stop(self.Mm(10))
            number = paragraph.add_run(f"{block.number}.\t")
            number.bold = True
        paragraph.add_run(block.text)
        for link in block.links:
            paragraph.add_run(" ")
            self._hyperlink(paragraph, link.url, link.label)

    def _table(self, block: Table) -> None:
        if block.caption:
            self.document.add_paragraph(block.caption, style="Caption")
        columns = max(len(block.headers), max((len(row) for row in block.rows), default=0), 1)
        table = self.document.add_table(rows=1, cols=columns)
        table.style = "Table Grid"
        table.alignment = self.TABLE_ALIGN.CENTER
        header = table.rows[0]
        self._repeat_header(header)
        for cell, heading in zip(header.cells, block.headers, strict=False):
            cell.text = ""
            run = cell.paragraphs[0].add_run(heading)
            run.bold = True
            shading = self.OxmlElement("w:shd")
            shading.set(self.qn("w:val"), "clear")
            shading.set(self.qn("w:color"), "auto")
            shading.set(self.qn("w:fill"), "EEF1F5")
            cell._tc.get_or_add_tcPr().append(shading)
        links = list(block.row_links) + [None] * (len(block.rows) - len(block.row_links))
        for values, link in zip(block.rows, links, strict=False):
            cells = table.add_row().cells
            for i, (cell, value) in enumerate(zip(cells, values, strict=False)):
                if i == 0 and link:
                    self._hyperlink(cell.paragraphs[0], link, value)
                else:
                    cell.text = value
        self.document.add_paragraph()

    def _chart(self, block: Chart) -> None:
        png = svg_png(block.svg)
        self.document.add_picture(io.BytesIO(png), width=self.Mm(165))
        self.document.add_paragraph(block.title, style="Caption")

    def _note(self, block: Note) -> None:
        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(block.text)
        run.italic = True
        paragraph.paragraph_format.left_indent = self.Mm(4)

    def _section(self, section: Section, *, level: int, annex: bool = False) -> None:
        heading = self.document.add_heading(section.heading, level=level)
        if annex and level == 1:
            heading.paragraph_format.page_break_before = True
        if section.source:
            source = self.document.add_paragraph()
            run = source.add_run(section.source)
            run.italic = True
            run.font.size = self.Pt(8.5)
        for block in section.blocks:
            if isinstance(block, Para):
                self._para(block)
            elif isinstance(block, Table):
                self._table(block)
            elif isinstance(block, Chart):
                self._chart(block)
            elif isinstance(block, Note):
                self._note(block)
        for subsection in section.subsections:
            self._section(subsection, level=min(level + 1, 3), annex=annex)

    def _properties(self) -> None:
        paper = self.paper
        props = self.document.core_properties
        props.title = paper.title[:255]
        props.subject = (paper.subtitle or _kind_label(paper.kind))[:255]
        props.keywords = f"TLP:{paper.tlp}"
        props.category = _kind_label(paper.kind)
        props.author = "Mufakat"
        props.last_modified_by = "Mufakat"
        props.comments = produced_line(self.produced_for, paper) or f"TLP:{paper.tlp}"
        props.content_status = f"TLP:{paper.tlp}"
        if paper.produced_at is not None:
            props.created = paper.produced_at.replace(tzinfo=None)
            props.modified = paper.produced_at.replace(tzinfo=None)

    def write(self) -> bytes:
        self._styles()
        self._header_footer()
        self._title_block()
        for section in self.paper.sections:
            self._section(section, level=1)
        for section in self.paper.annexes:
            self._section(section, level=1, annex=True)
        self._properties()
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def svg_png(svg: str, *, width: int = 1440) -> bytes:
    """A chart's SVG as a PNG (for Word, which shows SVG only in recent versions); the charts
    colour with presentation attributes, which cairosvg honours."""
    import cairosvg

    png = cairosvg.svg2png(
        bytestring=svg.encode("utf-8"), output_width=width, background_color="white"
    )
    assert isinstance(png, bytes)
    return png


def paper_docx(
    paper: Paper, *, request: HttpRequest | None = None, produced_for: str = ""
) -> bytes:
    """The DOCX of ``paper``: title block, headings, numbered paragraphs, tables with header
    rows, charts as PNG, the TLP marking in every section's header and footer."""
    paper.number_paragraphs()
    return _DocxWriter(paper, base_url=site_url(request), produced_for=produced_for).write()


def render(
    paper: Paper, fmt: str, *, request: HttpRequest | None = None, produced_for: str = ""
) -> bytes:
    """``pdf`` or ``docx``."""
    if fmt == "pdf":
        return paper_pdf(paper, request=request, produced_for=produced_for)
    if fmt == "docx":
        return paper_docx(paper, request=request, produced_for=produced_for)
    raise ValueError(f"Unknown format {fmt!r}")


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
