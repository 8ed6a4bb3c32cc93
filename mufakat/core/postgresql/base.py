"""Django's PostgreSQL backend, keeping more prepared statements per connection.

A worker's connection prepares each statement it has run twice (``prepare_threshold``), and
PostgreSQL plans a prepared statement afresh for its first five runs before it settles on a
reusable plan. The pages of the whole site use several hundred distinct statements per
connection (a page's gated reads, per shape of the reader's access); with psycopg's default
of 100 kept statements, mixed traffic evicts them continually and each comes back to its
planning phase. ``MUFAKAT_DB_PREPARED_MAX`` (default 1,000) sets how many a connection keeps.
"""

from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        connection.prepared_max = settings.MUFAKAT_DB_PREPARED_MAX
        return connection
