"""The two full-text engines behind one small interface, chosen by ``connection.vendor``.

Everything above this module (indexing, selectors, views) is vendor-neutral: it hands over
documents' words (already cut by :mod:`.text`) and a gated, filtered queryset of documents, and
gets back matching ids, scores and the matching queryset for counting.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import FullResultSet, ImproperlyConfigured
from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from mufakat.search.text import Term

#: Relative weight of title, summary and body (SQLite bm25 column weights).
BM25_WEIGHTS = (10.0, 4.0, 1.0)

#: One row to write: document id and the index text of title, summary and body.
Row = tuple[int, str, str, str]


class Backend(ABC):
    """What the search needs from a database's full text (one subclass per vendor)."""

    vendor = ""

    @abstractmethod
    def write(self, rows: Sequence[Row]) -> None: ...

    @abstractmethod
    def delete(self, ids: Iterable[int]) -> None: ...

    @abstractmethod
    def clear(self) -> None: ...

    @abstractmethod
    def version(self) -> int | None:
        """The index version last recorded in this database (None: never recorded)."""
        ...

    @abstractmethod
    def set_version(self, version: int) -> None: ...

    @abstractmethod
    def matching(self, documents: QuerySet, terms: Sequence[Term]) -> QuerySet:
        """``documents`` narrowed to those containing every term."""
        ...

    @abstractmethod
    def condition(self, terms: Sequence[Term]) -> tuple[str, list[Any]]:
        """SQL (and params) true for a row of ``search_searchdocument`` containing every term."""
        ...

    def candidates(self, terms: Sequence[Term]) -> QuerySet:
        """All documents containing every term, as a queryset safe to nest in a subquery."""
        from mufakat.search.models import SearchDocument

        return self.matching(SearchDocument.objects.all(), terms)

    @abstractmethod
    def ranked(
        self, where: tuple[str, list[Any]], terms: Sequence[Term], *, limit: int, offset: int
    ) -> list[tuple[int, float]]:
        """(document id, score) of one page of matches among the rows satisfying ``where``
        (see :func:`where_sql`), best first (higher score = better)."""
        ...


def where_sql(documents: QuerySet) -> tuple[str, list[Any]]:
    """The WHERE clause of a document queryset (gate and filters), compiled once and spliced
    into the hand-written statements. Raises ``EmptyResultSet`` when nothing can match."""
    query = documents.query
    compiler = query.get_compiler(using=documents.db)
    try:
        sql, params = compiler.compile(query.where)
    except FullResultSet:
        return "1 = 1", []
    return sql, list(params)


class SQLiteBackend(Backend):
    """FTS5 table ``search_fts`` (rowid = document id), ranked by ``bm25()``."""

    vendor = "sqlite"

    def write(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(r[0],) for r in rows])
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                list(rows),
            )

    def delete(self, ids: Iterable[int]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(i,) for i in ids])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    # The version is kept in the database file's header (``PRAGMA user_version``, which nothing
    # else uses): it travels with backups and restores, and needs no table of its own.
    def version(self) -> int | None:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA user_version")
            value = int(cursor.fetchone()[0])
        return value or None

    def set_version(self, version: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA user_version = {int(version)}")

    @staticmethod
    def expression(terms: Sequence[Term]) -> str:
        """An FTS5 query: every term a quoted phrase, all required. Words hold only letters,
        digits and marks (see :mod:`.text`), so nothing in them can be FTS5 syntax."""
        parts = []
        for term in terms:
            phrases = ['"' + " ".join(words).replace('"', "") + '"' for words in term.phrases]
            phrases[0] += "*" if term.prefix else ""
            parts.append(phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")")
        return " AND ".join(parts)

    def matching(self, documents: QuerySet, terms: Sequence[Term]) -> QuerySet:
        return documents.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [self.expression(terms)]
            )
        )

    def condition(self, terms: Sequence[Term]) -> tuple[str, list[Any]]:
        return (
            "search_searchdocument.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
            [self.expression(terms)],
        )

    def ranked(
        self, where: tuple[str, list[Any]], terms: Sequence[Term], *, limit: int, offset: int
    ) -> list[tuple[int, float]]:
        # A join lets FTS5 drive the query and bm25() run in its own context; the gate and the
        # filters come from the ORM's WHERE clause on the document table.
        condition, params = where
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        sql = (
            f"SELECT search_searchdocument.id, bm25(search_fts, {weights}) AS score "
            "FROM search_fts JOIN search_searchdocument "
            "ON search_searchdocument.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND ({condition}) "
            "ORDER BY score, search_searchdocument.date DESC, search_searchdocument.id DESC "
            "LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.expression(terms), *params, limit, offset])
            # bm25() is lower-is-better and negative; flip it so higher is better everywhere.
            return [(row[0], -float(row[1])) for row in cursor.fetchall()]


class PostgresBackend(Backend):
    """A ``tsvector`` column ``vector`` (config 'simple', weights A/B/C) with a GIN index."""

    vendor = "postgresql"

    def write(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchdocument SET vector = "
                "setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'B') || "
                "setweight(to_tsvector('simple', %s), 'C') WHERE id = %s",
                [(title, summary, body, pk) for pk, title, summary, body in rows],
            )

    def delete(self, ids: Iterable[int]) -> None:
        # The vector lives on the document row, which the caller deletes.
        return None

    def clear(self) -> None:
        return None

    # The version is kept as the comment of the document table: it travels with pg_dump and
    # restores, and needs no table of its own. (A comment takes a literal, not a parameter.)
    _COMMENT = "mufakat search index version "

    def version(self) -> int | None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT obj_description('search_searchdocument'::regclass, 'pg_class')")
            comment = cursor.fetchone()[0] or ""
        found = comment.removeprefix(self._COMMENT)
        return int(found) if comment.startswith(self._COMMENT) and found.isdigit() else None

    def set_version(self, version: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"COMMENT ON TABLE search_searchdocument IS '{self._COMMENT}{int(version)}'"
            )

    @staticmethod
    def expression(terms: Sequence[Term]) -> str:
        """A ``to_tsquery`` string: phrases with ``<->``, all required with ``&``. Words hold only
        letters, digits and marks, so quoting them as lexemes is safe."""
        parts = []
        for term in terms:
            phrases = []
            for number, words in enumerate(term.phrases):
                lexemes = [f"'{word}'" for word in words]
                if term.prefix and number == 0:
                    lexemes[-1] += ":*"
                phrases.append("(" + " <-> ".join(lexemes) + ")")
            parts.append(phrases[0] if len(phrases) == 1 else "(" + " | ".join(phrases) + ")")
        return " & ".join(parts)

    def _query(self, terms: Sequence[Term]) -> tuple[str, list[str]]:
        return "to_tsquery('simple', %s)", [self.expression(terms)]

    def matching(self, documents: QuerySet, terms: Sequence[Term]) -> QuerySet:
        query, params = self._query(terms)
        return documents.filter(
            RawSQL(f'"search_searchdocument"."vector" @@ {query}', params, BooleanField())
        )

    def candidates(self, terms: Sequence[Term]) -> QuerySet:
        from mufakat.search.models import SearchDocument

        # Unqualified: inside a subquery Django renames the table (U0), and ``vector`` then
        # resolves to the innermost table that has it — the document table.
        query, params = self._query(terms)
        return SearchDocument.objects.filter(RawSQL(f"vector @@ {query}", params, BooleanField()))

    def condition(self, terms: Sequence[Term]) -> tuple[str, list[Any]]:
        query, params = self._query(terms)
        return f'"search_searchdocument"."vector" @@ {query}', params

    def ranked(
        self, where: tuple[str, list[Any]], terms: Sequence[Term], *, limit: int, offset: int
    ) -> list[tuple[int, float]]:
        query, params = self._query(terms)
        sql = (
            f'SELECT id, ts_rank_cd("search_searchdocument"."vector", {query}) AS score '
            f'FROM search_searchdocument WHERE "search_searchdocument"."vector" @@ {query} '
            f"AND ({where[0]}) ORDER BY score DESC, date DESC NULLS LAST, id DESC "
            "LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *params, *where[1], limit, offset])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]


def backend() -> Backend:
    """The engine for the default database."""
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise ImproperlyConfigured(
        f"Full-text search supports SQLite and PostgreSQL, not {connection.vendor}."
    )
