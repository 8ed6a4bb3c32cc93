"""Background work of the knowledge exchange (django-tasks; the DB worker runs them).

Arguments are plain ids so a task survives the queue.
"""

from __future__ import annotations

import logging

from django_tasks import task

from mufakat.search.indexing import index_object

from .models import Attachment
from .text_extraction import NoText, extract_text

logger = logging.getLogger(__name__)


@task()
def extract_attachment_text(attachment_id: int) -> str:
    """Read an attachment's text for search, store it with its status, re-index the item.

    Returns the status. A parser error marks the attachment "failed" (and is logged) rather
    than failing the task over and over: the file stays downloadable either way.
    """
    attachment = Attachment.objects.select_related("item").filter(pk=attachment_id).first()
    if attachment is None:
        return "missing"
    try:
        with attachment.file.open("rb") as handle:
            content = handle.read()
        text = extract_text(content, attachment.content_type)
        status = Attachment.TextStatus.DONE
    except NoText:
        text, status = "", Attachment.TextStatus.NONE
    except Exception:
        logger.exception("Text extraction failed for attachment %s", attachment_id)
        text, status = "", Attachment.TextStatus.FAILED
    text = text.replace("\x00", "")
    Attachment.objects.filter(pk=attachment.pk).update(text=text, text_status=status)
    index_object(attachment.item)
    return str(status)
