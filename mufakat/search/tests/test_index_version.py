"""After a deploy that changes how documents are built, the index brings itself up to date:
it records the version it was built with, and a task rebuilds it in place, once, while search
keeps answering."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from mufakat.core.audience import TLP, Audience
from mufakat.library.models import KnowledgeItem
from mufakat.search import indexing
from mufakat.search.backends import backend
from mufakat.search.indexing import index_object
from mufakat.search.models import SearchDocument
from mufakat.search.tasks import refresh_index_if_outdated
from mufakat.search.text import parse_query

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _index_never_versioned() -> None:
    """Each test starts from an index whose version was never recorded, as after ``migrate``,
    whatever an earlier test on this database recorded (the test's transaction puts it back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("COMMENT ON TABLE search_searchdocument IS NULL")
        else:
            cursor.execute("PRAGMA user_version = 0")


def found(query: str) -> set[int]:
    docs = backend().matching(SearchDocument.objects.all(), parse_query(query))
    return set(docs.values_list("object_id", flat=True))


def item(title: str) -> KnowledgeItem:
    made = KnowledgeItem.objects.create(
        kind=KnowledgeItem.Kind.GOOD_PRACTICE,
        title=title,
        audience=Audience.PUBLIC,
        tlp=TLP.CLEAR,
    )
    index_object(made)
    return made


def command(*args: str) -> str:
    out = StringIO()
    call_command("search_index", *args, stdout=out)
    return out.getvalue()


def test_an_index_never_versioned_is_out_of_date_and_a_rebuild_records_the_version() -> None:
    assert indexing.stored_version() is None
    assert indexing.is_outdated()
    indexing.rebuild()
    assert indexing.stored_version() == indexing.INDEX_VERSION
    assert not indexing.is_outdated()
    assert f"Index version {indexing.INDEX_VERSION}: up to date." in command()


def test_the_task_rebuilds_an_old_index_in_place_and_drops_documents_of_records_gone(
    monkeypatch: Any,
) -> None:
    kept, deleted = item("Maritime piracy patrols"), item("Cyber fraud hotline")
    indexing.rebuild()
    # Deleted without its document being removed, as an old bug or a raw import might leave it.
    KnowledgeItem.objects.filter(pk=deleted.pk).delete()
    SearchDocument.objects.filter(object_id=kept.pk).update(title="stale title")
    monkeypatch.setattr(indexing, "INDEX_VERSION", indexing.INDEX_VERSION + 1)
    assert indexing.is_outdated()

    assert refresh_index_if_outdated.call().startswith("rebuilt: ")

    assert indexing.stored_version() == indexing.INDEX_VERSION
    assert found("piracy") == {kept.pk}
    assert found("fraud") == set()
    assert SearchDocument.objects.get(object_id=kept.pk).title == "Maritime piracy patrols"
    assert refresh_index_if_outdated.call() == "up to date"


def test_an_up_to_date_index_is_left_alone_by_the_command_run_on_every_deploy() -> None:
    kept = item("Drug precursor controls")
    indexing.rebuild()
    before = SearchDocument.objects.get(object_id=kept.pk).indexed_at
    assert "up to date" in command("--if-outdated")
    assert "up to date" in command("--if-outdated", "--in-background")
    assert SearchDocument.objects.get(object_id=kept.pk).indexed_at == before
    assert not DBTaskResult.objects.exists()


def test_the_command_rebuilds_an_old_index_now_or_queues_it_for_the_worker(
    settings: Any,
) -> None:
    item("Counter-terrorism financing")
    assert indexing.is_outdated()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queued = command("--if-outdated", "--in-background")
    assert "rebuild queued for the task worker" in queued
    assert DBTaskResult.objects.get().task_path == (
        "mufakat.search.tasks.refresh_index_if_outdated"
    )
    assert indexing.is_outdated()  # until the worker runs it
    done = command("--if-outdated")
    assert f"to {indexing.INDEX_VERSION}" in done
    assert not indexing.is_outdated()
    assert found("financing")


def test_the_version_is_kept_by_the_database_itself() -> None:
    indexing.rebuild()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA user_version")
        else:
            cursor.execute("SELECT obj_description('search_searchdocument'::regclass, 'pg_class')")
        assert str(indexing.INDEX_VERSION) in str(cursor.fetchone()[0])
