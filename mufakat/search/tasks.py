"""Background work of search (django-tasks; the DB worker runs them)."""

from __future__ import annotations

import logging

from django_tasks import task

from mufakat.search import indexing

logger = logging.getLogger(__name__)


@task()
def refresh_index_if_outdated() -> str:
    """Rebuild the index in place when it was built by an older version of Mufakat (see
    :data:`mufakat.search.indexing.INDEX_VERSION`); otherwise nothing. Safe to queue on every
    deploy: a second run finds the index up to date."""
    if not indexing.is_outdated():
        return "up to date"
    before = indexing.stored_version()
    counts = indexing.refresh()
    summary = ", ".join(f"{name} {n}" for name, n in counts.items())
    logger.info(
        "Search index rebuilt from version %s to %s: %s", before, indexing.INDEX_VERSION, summary
    )
    return f"rebuilt: {summary}"
