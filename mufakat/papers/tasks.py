"""Background production of large meeting papers (django-tasks; the DB worker runs them).

Arguments are plain ids so a task survives the queue. The task works *as the reader*: the
document is found through the gate for them, and the paper is built again for them, so what
it contains is what they may read when it runs.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from mufakat.papers import delivery


@task()
def produce_document(document_id: int, user_id: int) -> str:
    """Build, render and store a queued document, stepping its progress. Returns its state."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return "missing"
    document = delivery.produced_document(user, document_id)
    if document is None:
        return "missing"
    if document.state == document.State.DONE:
        return str(document.state)
    delivery.run(document, user=user)
    return str(document.state)
