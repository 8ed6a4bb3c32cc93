"""Django's PostgreSQL backend, keeping more prepared statements per connection, and more of
psycopg's conversions of statement texts per process.

A worker's connection prepares each statement it has run twice (``prepare_threshold``), and
PostgreSQL plans a prepared statement afresh for its first five runs before it settles on a
reusable plan. The pages of the whole site use several hundred distinct statements per
connection (a page's gated reads, per shape of the reader's access); with psycopg's default
of 100 kept statements, mixed traffic evicts them continually and each comes back to its
planning phase. ``MUFAKAT_DB_PREPARED_MAX`` (default 1,000) sets how many a connection keeps.

Before it sends a statement, psycopg converts its ``%s`` placeholders to ``$n``, and keeps the
conversion of the last 128 statement texts, but never of a text longer than 4 KB or with more
than 50 parameters. A signed-in reader's gated statements are mostly such texts (each gated
table adds a score of parameters), so they were converted again on every request: about 3 ms of
a signed-in meeting brief. ``MUFAKAT_DB_PARSED_MAX`` (default 512) sets how many conversions a
process keeps, of texts up to 64 KB and 4,096 parameters.
"""

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base

#: The longest statement text, and the most parameters, whose conversion is kept.
PARSED_LENGTH = 64 * 1024
PARSED_PARAMETERS = 4096

_PSYCOPG_NAMES = (
    "MAX_CACHED_STATEMENT_LENGTH",
    "MAX_CACHED_STATEMENT_PARAMS",
    "_query2pg",
    "_query2pg_nocache",
)


def keep_parsed_statements(size: int) -> bool:
    """Let psycopg keep the conversions of ``size`` statement texts (long ones too); ``False``
    (and psycopg's defaults) if this psycopg does not convert statements as 3.1–3.2 do."""
    try:
        from psycopg import _queries
    except ImportError:  # pragma: no cover - psycopg is what this backend runs on
        return False
    if not all(hasattr(_queries, name) for name in _PSYCOPG_NAMES):
        return False
    current = _queries._query2pg
    if getattr(current, "cache_info", None) and current.cache_info().maxsize == size:
        return True
    _queries.MAX_CACHED_STATEMENT_LENGTH = PARSED_LENGTH
    _queries.MAX_CACHED_STATEMENT_PARAMS = PARSED_PARAMETERS
    _queries._query2pg = lru_cache(maxsize=size)(_queries._query2pg_nocache)
    return True


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        keep_parsed_statements(settings.MUFAKAT_DB_PARSED_MAX)
        connection = super().get_new_connection(conn_params)
        connection.prepared_max = settings.MUFAKAT_DB_PREPARED_MAX
        return connection
