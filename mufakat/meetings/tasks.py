"""Background work of meetings (django-tasks; the DB worker runs them).

Arguments are plain ids so a task survives the queue.
"""

from __future__ import annotations

import logging

from django.utils.html import strip_tags
from django_tasks import task

from mufakat.core.uploads import HTML, TEXT_TYPES
from mufakat.library.text_extraction import NoText, extract_text
from mufakat.search.indexing import index_object

from .models import MeetingDocument

logger = logging.getLogger(__name__)


def _text_of(content: bytes, content_type: str) -> str:
    """Text files are decoded (HTML without its tags); the others parsed like attachments."""
    if content_type in TEXT_TYPES:
        text = content.decode("utf-8-sig", errors="replace")
        return strip_tags(text) if content_type == HTML else text
    return extract_text(content, content_type)


@task()
def extract_document_text(document_id: int, version: int) -> str:
    """Read the text of a meeting document's file for search, store it with its status and
    re-index the document. Returns the status.

    A task queued for a version that was replaced since does nothing (the newer version's
    task reads the newer file). A parser error marks the document "failed" (and is logged)
    rather than failing the task over and over: the file stays downloadable either way.
    """
    document = MeetingDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    if document.version != version or not document.file:
        return "superseded"
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
        text = _text_of(content, document.content_type)
        status = MeetingDocument.TextStatus.DONE
    except NoText:
        text, status = "", MeetingDocument.TextStatus.NONE
    except Exception:
        logger.exception("Text extraction failed for meeting document %s", document_id)
        text, status = "", MeetingDocument.TextStatus.FAILED
    text = text.replace("\x00", "")
    changes: dict[str, str] = {"text_status": status}
    if status == MeetingDocument.TextStatus.DONE:
        changes["text"] = text
    # Only if the document still carries this version: a newer upload wins.
    MeetingDocument.objects.filter(pk=document.pk, version=version).update(**changes)
    index_object(document)
    return str(status)
