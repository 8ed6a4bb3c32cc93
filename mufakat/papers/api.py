"""API of the meeting papers: the brief, the report of the meeting and the status report as JSON
(the same content as the page), DOCX and PDF."""

from ninja import Router

router = Router(tags=["papers"])
