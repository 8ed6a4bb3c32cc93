"""The full-text structures, one per database vendor.

SQLite: an FTS5 table ``search_fts`` whose rowid is the document id. Text arrives already cut
into words by :mod:`mufakat.search.text`; the tokenizer keeps combining marks (Thai vowels) inside
words. PostgreSQL: a ``tsvector`` column on the document table with a GIN index.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, summary, body, "
    "tokenize = \"unicode61 remove_diacritics 0 categories 'L* N* Co M*'\")",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES_FORWARD = [
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
