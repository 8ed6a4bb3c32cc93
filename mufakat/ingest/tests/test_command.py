"""``mufakat ingest FILE…``: formats, header dates, --date, and files that cannot be read."""

import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.management import CommandError, call_command

from mufakat.ingest.extract import UnreadableDocument, read_document
from mufakat.ingest.tests.test_registry import somtc
from mufakat.testing.factories import CrimeAreaFactory

STATEMENT = "The 23rd SOMTC opened in Yogyakarta on June 19. Terrorism was discussed."


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_file_prints_its_extraction_as_json(db: Any, tmp_path: Path) -> None:
    somtc()
    CrimeAreaFactory(code="terrorism")
    path = tmp_path / "a.txt"
    path.write_text("source: https://example.org/a\ndate: 2023-06-20\n\n" + STATEMENT)
    out, _ = run(str(path))
    result = json.loads(out)
    assert result["published"] == "2023-06-20"
    assert result["source"] == "https://example.org/a"
    assert result["meetings"][0]["start_date"] == "2023-06-19"
    assert result["crime_areas"] == ["terrorism"]


def test_the_date_option_overrides_the_files_date(db: Any, tmp_path: Path) -> None:
    somtc()
    path = tmp_path / "a.txt"
    path.write_text("date: 2023-06-20\n" + STATEMENT)
    out, _ = run(str(path), "--date", "2024-06-20")
    assert json.loads(out)["meetings"][0]["start_date"] == "2024-06-19"


def test_a_bare_date_on_the_first_line_is_the_publication_date(db: Any, tmp_path: Path) -> None:
    somtc()
    path = tmp_path / "a.txt"
    path.write_text(" date 2023-05-19 " + STATEMENT)
    out, _ = run(str(path))
    assert json.loads(out)["published"] == "2023-05-19"


def test_the_table_is_for_people(db: Any, tmp_path: Path) -> None:
    somtc()
    CrimeAreaFactory(code="terrorism")
    path = tmp_path / "a.txt"
    path.write_text("date: 2023-06-20\n" + STATEMENT)
    out, _ = run(str(path), "--format", "table")
    assert "held         SOMTC #23  2023-06-19  Yogyakarta, IDN  [new]" in out
    assert "crime areas terrorism" in out


def test_an_unreadable_file_is_named_and_the_others_are_still_read(db: Any, tmp_path: Path) -> None:
    somtc()
    good = tmp_path / "good.txt"
    good.write_text("date: 2023-06-20\n" + STATEMENT)
    missing = tmp_path / "missing.txt"
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("ingest", str(missing), str(good), stdout=out, stderr=err)
    assert failure.value.returncode == 1
    assert str(missing) in err.getvalue()
    (line,) = out.getvalue().splitlines()
    assert json.loads(line)["file"] == str(good)


# -- reading formats ---------------------------------------------------------------------------


def test_html_is_read_as_its_visible_text(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text(
        "<html><head><title>x</title><script>var a;</script></head><body>"
        "<h1>Ministers meet</h1><p>The 17th AMMTC &amp; partners met.</p></body></html>"
    )
    text = read_document(path).text
    assert "The 17th AMMTC & partners met." in text
    assert "var a" not in text


def test_markdown_loses_its_markup(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("date: 2023-05-19\n# Headline\n\nThe **19th** [SOMTC](https://x.org) met.")
    doc = read_document(path)
    assert doc.text.splitlines()[-1] == "The 19th SOMTC met."
    assert str(doc.published) == "2023-05-19"


def test_docx_paragraphs_are_read(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    document = docx.Document()
    document.add_paragraph("date: 2023-05-19")
    document.add_paragraph("The 19th SOMTC WG on CT met in Bali.")
    document.save(str(path))
    doc = read_document(path)
    assert doc.text == "The 19th SOMTC WG on CT met in Bali."
    assert str(doc.published) == "2023-05-19"


def _pdf(text: str) -> bytes:
    """A one-page PDF with one line of text, written by hand (no PDF writer needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_pdf_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(_pdf("The 19th SOMTC WG on CT met in Bali."))
    assert "The 19th SOMTC WG on CT met in Bali." in read_document(path).text


def test_a_broken_pdf_is_an_unreadable_document_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"not a pdf")
    with pytest.raises(UnreadableDocument, match=r"broken\.pdf"):
        read_document(path)
