"""The vendor-neutral copy of the database: one gzipped JSON-lines file per table.

Each file starts with a header line (the model and its columns); every further line is one row,
its values in the header's order, written as JSON (dates and times in ISO 8601 with their UTC
offset, decimals as strings, binary data in base64). Rows are streamed in primary-key order, a
few thousand at a time, so a table of millions of rows never sits in memory.

Loading writes the rows back with their primary keys, into a database that ``migrate`` has
built: content types and permissions keep their ids, so every reference to them still holds,
and the audit log's rows come back byte for byte (its hash chain covers their content, not
their ids; see :meth:`mufakat.audit.models.AuditEvent.hashed_content`).
"""

from __future__ import annotations

import base64
import datetime
import decimal
import gzip
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.duration import duration_string

#: Rows fetched and inserted per round trip.
BATCH = 2000


def dumped_models(connection: BaseDatabaseWrapper) -> list[type[models.Model]]:
    """Every table Django manages that exists on ``connection`` (many-to-many tables too), in
    a stable order."""
    tables = set(connection.introspection.table_names())
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and not model._meta.swapped
        and model._meta.db_table in tables
    ]
    return sorted(found, key=lambda m: m._meta.db_table)


def file_name(model: type[models.Model]) -> str:
    return f"{model._meta.db_table}.jsonl.gz"


def _encode(field: models.Field, value: Any) -> Any:
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_string(value)
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


def _decode(field: models.Field, value: Any, connection: BaseDatabaseWrapper) -> Any:
    if value is None:
        return None
    if not isinstance(field, models.JSONField):
        value = field.to_python(value)
    return field.get_db_prep_save(value, connection)


def dump_table(model: type[models.Model], using: str, handle: IO[bytes], batch: int = BATCH) -> int:
    """Write ``model``'s rows from database ``using`` to ``handle`` (gzip-compressed)."""
    fields = list(model._meta.concrete_fields)
    names = [f.attname for f in fields]
    with gzip.GzipFile(fileobj=handle, mode="wb", compresslevel=6, mtime=0) as out:
        header = {"model": model._meta.label_lower, "table": model._meta.db_table}
        out.write((json.dumps({**header, "columns": names}) + "\n").encode())
        count = 0
        rows = model._base_manager.using(using).order_by("pk").values_list(*names)
        for row in rows.iterator(chunk_size=batch):
            values = [_encode(f, v) for f, v in zip(fields, row, strict=True)]
            out.write((json.dumps(values, ensure_ascii=False) + "\n").encode())
            count += 1
    return count


def read_table(path: Path) -> tuple[dict[str, Any], Iterator[list[Any]]]:
    """A dumped table's header and an iterator over its rows (raw JSON values)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = json.loads(handle.readline())

    def rows() -> Iterator[list[Any]]:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            handle.readline()
            for line in handle:
                yield json.loads(line)

    return header, rows()


def count_rows(path: Path) -> int:
    with gzip.open(path, "rb") as handle:
        return sum(1 for _line in handle) - 1


def load_table(
    model: type[models.Model], path: Path, connection: BaseDatabaseWrapper, batch: int = BATCH
) -> int:
    """Insert the rows of ``path`` into ``model``'s (empty) table, keeping their keys."""
    header, rows = read_table(path)
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    unknown = [name for name in header["columns"] if name not in by_name]
    if unknown:
        raise ValueError(
            f"{path.name}: column(s) {', '.join(unknown)} do not exist in {model._meta.label} "
            "of this version."
        )
    fields = [by_name[name] for name in header["columns"]]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    count = 0
    pending: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            pending.append([_decode(f, v, connection) for f, v in zip(fields, row, strict=True)])
            if len(pending) >= batch:
                cursor.executemany(sql, pending)
                count += len(pending)
                pending = []
        if pending:
            cursor.executemany(sql, pending)
            count += len(pending)
    return count


def decoded_rows(model: type[models.Model], path: Path) -> Iterator[dict[str, Any]]:
    """The rows of ``path`` as Python values keyed by attribute name (for checks that need
    no database, such as recomputing the audit chain)."""
    header, rows = read_table(path)
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_name[name] for name in header["columns"]]
    for row in rows:
        yield {
            f.attname: (v if v is None or isinstance(f, models.JSONField) else f.to_python(v))
            for f, v in zip(fields, row, strict=True)
        }
