"""How a surface is observed: what one person's responses show of each case.

A *verdict* per case is ``True`` (shown: its main word is there), ``False`` (hidden, and the
way it was refused names nothing) or a string saying what went wrong (a 403 that admits the
record exists, a 404 that names it, a page that hides the record but names another record of
the same case …). The test compares verdicts with the oracle, so a string always fails.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from django.test import Client

from .world import CASES, Case, World

API = "/api/v1"

Verdict = bool | str
Observation = dict[str, Verdict]

#: What the refusals may say: Django's and django-ninja's plain "not found".
NOT_FOUND_JSON = {"detail": "Not found."}
#: A refusal by role of something the person may see (a reader downloading a round's
#: spreadsheet): 403 is right there, and only there — for a hidden record it would say it exists.
FORBIDDEN = "403: not theirs to do"


def to_login(response: Any) -> bool:
    """A redirect to a login page (the site's or the admin's), or the API's 401."""
    if response.status_code == 401:
        return True
    return response.status_code == 302 and "login" in response["Location"]


def text_of(response: Any) -> str:
    """The readable content of a response: HTML/JSON/iCal text, a spreadsheet's cells, a PDF's
    or a Word document's text, or a file's name."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    kind = response.get("Content-Type", "")
    disposition = response.get("Content-Disposition", "")
    if "spreadsheetml" in kind:
        return disposition + "\n" + _xlsx_text(content)
    if "wordprocessingml" in kind:
        return disposition + "\n" + _docx_text(content)
    if kind.startswith("application/pdf"):
        return disposition + "\n" + _pdf_text(content)
    if kind.startswith(("image/", "application/octet-stream")):
        return disposition
    return disposition + "\n" + content.decode(errors="replace")


def _pdf_text(content: bytes) -> str:
    """Every page's text, or nothing for a file that is not a readable PDF (an upload)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    except (PdfReadError, ValueError):
        return ""


def _docx_text(content: bytes) -> str:
    """Paragraphs, tables, headers and footers of a Word document."""
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def _xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    cells = []
    for sheet in book.worksheets:
        cells.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            cells.extend(str(value) for value in row if value is not None)
    return "\n".join(cells)


def judge(body: str, case: Case, main: str) -> Verdict:
    """Shown if the main word is there; a leak if only another word of the case is."""
    if case.marker(main) in body:
        return True
    named = [word for word in case.markers() if word in body]
    return f"hidden, yet names {named[0]}" if named else False


def mentioned(body: str, case: Case) -> bool:
    """Any word of the case's records, for surfaces that show only some of what one may see."""
    return any(word in body for word in case.markers())


def refused(response: Any, case: Case) -> Verdict:
    """A refusal: 404 naming nothing, a login page, or 403 (see :data:`FORBIDDEN`)."""
    status = response.status_code
    if to_login(response):
        named = [word for word in case.markers() if word in response.get("Location", "")]
        return f"login page named {named[0]}" if named else False
    if status not in (403, 404):
        return f"answered {status} instead of 404"
    body = text_of(response)
    named = [word for word in case.markers() if word in body]
    if named:
        return f"{status} names {named[0]}"
    if status == 403:
        return FORBIDDEN
    json = response.get("Content-Type", "").startswith("application/json")
    if json and response.json() != NOT_FOUND_JSON:
        return f"404 says {response.json()}"
    return False


def addressed(response: Any, case: Case, main: str | None) -> Verdict:
    """A record's own address: 200 showing it, or a refusal naming nothing."""
    if response.status_code == 200:
        if main is None:
            return True
        verdict = judge(text_of(response), case, main)
        return verdict if verdict is not False else f"200 without {case.marker(main)}"
    return refused(response, case)


def listed(response: Any, main: str) -> Observation:
    """One page listing many records: each case is shown, hidden or leaked."""
    if to_login(response):
        return {case.id: False for case in CASES}
    if response.status_code == 403:
        return {case.id: FORBIDDEN for case in CASES}
    if response.status_code != 200:
        return {case.id: f"list answered {response.status_code}" for case in CASES}
    body = text_of(response)
    return {case.id: judge(body, case, main) for case in CASES}


def each(observe: Callable[[Case], Verdict]) -> Observation:
    return {case.id: observe(case) for case in CASES}


def page(world: World, user: str, url: str, **params: Any) -> Any:
    return world.clients[user].get(url, params)


def api(world: World, user: str, path: str, **params: Any) -> Any:
    client: Client = world.clients["anonymous"]  # the token alone says who is asking
    return client.get(API + path, params, headers=world.api(user))


def texts(messages: Iterable[Any]) -> str:
    """Subjects, bodies and HTML parts of e-mails, as one text."""
    parts = []
    for message in messages:
        parts += [message.subject, message.body]
        parts += [content for content, _type in getattr(message, "alternatives", [])]
    return "\n".join(parts)
