"""``mufakat backup DIR`` and ``mufakat restore DIR``.

A backup directory holds the database's native copy (``database.sqlite3`` made with SQLite's
online backup API, or ``database.pgdump`` made by ``pg_dump --format=custom``), a vendor-neutral
copy (``data/<table>.jsonl.gz``, see :mod:`.portable`), the uploaded files (``media/``) and
``manifest.json`` (see :mod:`.manifest`). All copies of the database show one moment: on SQLite
the neutral copy is read from the native one, on PostgreSQL ``pg_dump`` shares the snapshot of
the transaction that writes the neutral copy.

Restore refuses a backup whose manifest does not verify, and checks the neutral copy against
the manifest (row counts, the audit chain recomputed) before it touches the database. Into the
same vendor it restores the native copy; into another (a pilot moving from SQLite to
PostgreSQL) it builds the schema with ``migrate`` and loads the neutral copy. Afterwards it
compares every table's row count, every file's hash and the audit chain with the manifest.
"""

from __future__ import annotations

import datetime
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from mufakat.audit.management.commands.flush import audit_deletion_allowed
from mufakat.audit.models import GENESIS_HASH, AuditEvent
from mufakat.audit.services import verify_chain
from mufakat.backups import manifest as manifests
from mufakat.backups import native, portable
from mufakat.backups.manifest import BackupInvalid

SNAPSHOT_ALIAS = "mufakat_backup_snapshot"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
DATA_DIR = "data"
MEDIA_DIR = "media"
#: Tables whose rows mean the database is in use (``migrate`` alone fills none of them).
IN_USE_TABLES = ("accounts_user", "audit_auditevent")

Log = Callable[[str], None]


def quiet(message: str) -> None:
    return None


def app_version() -> str:
    try:
        return metadata.version("mufakat")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a checkout
        return "unknown"


def _key() -> str:
    return str(getattr(settings, "MUFAKAT_BACKUP_KEY", "") or "")


@dataclass
class Chain:
    events: int
    head: str
    broken_at: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"events": self.events, "head": self.head, "broken_at": self.broken_at}


def chain_of_rows(rows: Any) -> Chain:
    """The audit chain over ``rows`` (dicts of AuditEvent fields, in id order), recomputed as
    ``mufakat audit verify`` does; ``broken_at`` is the first event that does not hold."""
    expected = GENESIS_HASH
    count = 0
    head = GENESIS_HASH
    broken_at = None
    for values in rows:
        event = AuditEvent(**values)
        if broken_at is None and (
            event.prev_hash != expected or event.compute_hash() != event.hash
        ):
            broken_at = event.pk
        expected = event.hash
        head = event.hash
        count += 1
    return Chain(count, head, broken_at)


# --- backup ------------------------------------------------------------------------------------


@dataclass
class BackupResult:
    directory: Path
    vendor: str
    tables: dict[str, int]
    files: int
    media_bytes: int
    chain: Chain
    seconds: float


def _migrations(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _dump_portable(directory: Path, alias: str) -> dict[str, int]:
    connection = connections[alias]
    (directory / DATA_DIR).mkdir()
    tables = {}
    for model in portable.dumped_models(connection):
        with (directory / DATA_DIR / portable.file_name(model)).open("wb") as handle:
            tables[model._meta.db_table] = portable.dump_table(model, alias, handle)
    return tables


def _prepare_directory(directory: Path) -> None:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupInvalid(f"{directory} is not empty: back up into a new directory.")
    directory.mkdir(parents=True, exist_ok=True)


def create_backup(directory: Path, *, log: Log = quiet) -> BackupResult:
    """Back up the database and the uploaded files into ``directory`` (new or empty)."""
    started = time.perf_counter()
    directory = directory.resolve()
    _prepare_directory(directory)
    connection = connections["default"]
    vendor = connection.vendor
    created_at = datetime.datetime.now(datetime.UTC).isoformat()
    if vendor == "sqlite":
        log("Copying the database (SQLite online backup)")
        native.sqlite_copy(connection.settings_dict["NAME"], directory / SQLITE_FILE)
        config = {
            **connection.settings_dict,
            "NAME": f"file:{directory / SQLITE_FILE}?mode=ro",
            "OPTIONS": {"uri": True},
        }
        connections.settings[SNAPSHOT_ALIAS] = config
        try:
            snapshot = connections[SNAPSHOT_ALIAS]
            log("Writing the vendor-neutral copy")
            tables = _dump_portable(directory, SNAPSHOT_ALIAS)
            migrations = _migrations(snapshot)
        finally:
            connections[SNAPSHOT_ALIAS].close()
            del connections[SNAPSHOT_ALIAS]
            del connections.settings[SNAPSHOT_ALIAS]
    elif vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot_id = cursor.fetchone()[0]
            log("Dumping the database (pg_dump, custom format)")
            native.pg_dump(connection, directory / PG_FILE, snapshot_id)
            log("Writing the vendor-neutral copy")
            tables = _dump_portable(directory, "default")
            migrations = _migrations(connection)
    else:
        raise BackupInvalid(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    audit_file = directory / DATA_DIR / portable.file_name(AuditEvent)
    chain = chain_of_rows(portable.decoded_rows(AuditEvent, audit_file))
    if chain.broken_at is not None:
        log(
            f"Warning: the audit chain is broken at event #{chain.broken_at} in the database "
            "backed up; the backup records it as it is."
        )
    log("Copying the uploaded files")
    media_root = Path(settings.MEDIA_ROOT)
    for source in manifests.walk(media_root):
        target = directory / MEDIA_DIR / source.relative_to(media_root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    log("Hashing every file")
    files = [
        manifests.file_entry(directory, path)
        for path in manifests.walk(directory)
        if path.name != manifests.MANIFEST
    ]
    body = {
        "format": manifests.FORMAT,
        "format_version": manifests.FORMAT_VERSION,
        "app_version": app_version(),
        "created_at": created_at,
        "database": {
            "vendor": vendor,
            "native": SQLITE_FILE if vendor == "sqlite" else PG_FILE,
            "migrations": migrations,
        },
        "tables": tables,
        "files": files,
        "audit": chain.as_dict(),
    }
    manifests.write(directory, body, _key())
    media = [f for f in files if f["path"].startswith(f"{MEDIA_DIR}/")]
    return BackupResult(
        directory=directory,
        vendor=vendor,
        tables=tables,
        files=len(media),
        media_bytes=sum(f["size"] for f in media),
        chain=chain,
        seconds=time.perf_counter() - started,
    )


# --- restore -----------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    method: str
    tables: int
    rows: int
    files: int
    chain: Chain
    seconds: float
    left_alone: list[str] = field(default_factory=list)


def check_data(directory: Path, manifest: manifests.Manifest) -> None:
    """The neutral copy against the manifest: every table's row count, the audit chain."""
    problems = []
    for table, expected in sorted(manifest.tables.items()):
        path = directory / DATA_DIR / f"{table}.jsonl.gz"
        if not path.is_file():
            problems.append(f"{DATA_DIR}/{path.name}: missing")
            continue
        found = portable.count_rows(path)
        if found != expected:
            problems.append(
                f"table {table}: {found} rows in {DATA_DIR}/{path.name}, the manifest says "
                f"{expected}"
            )
    audit_file = directory / DATA_DIR / portable.file_name(AuditEvent)
    if audit_file.is_file():
        chain = chain_of_rows(portable.decoded_rows(AuditEvent, audit_file))
        recorded = manifest.audit
        if chain.broken_at is not None and chain.broken_at != recorded.get("broken_at"):
            problems.append(
                f"audit chain: event #{chain.broken_at} does not match its hash or link, "
                "the manifest says the chain was intact"
            )
        if (chain.events, chain.head) != (recorded.get("events"), recorded.get("head")):
            problems.append(
                f"audit chain: {chain.events} events ending in {chain.head[:16]}…, the manifest "
                f"says {recorded.get('events')} ending in {str(recorded.get('head'))[:16]}…"
            )
    if problems:
        raise BackupInvalid(
            f"The backup in {directory} does not verify:\n  " + "\n  ".join(problems)
        )


def verify_backup(directory: Path) -> manifests.Manifest:
    """The manifest, its seal, every file's size and hash, every table's count and the audit
    chain of the backup in ``directory``; :class:`BackupInvalid` names what is wrong."""
    directory = directory.resolve()
    manifest = manifests.read_and_verify(directory, _key())
    check_data(directory, manifest)
    return manifest


def _count(connection: BaseDatabaseWrapper, table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return int(cursor.fetchone()[0])


def in_use(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables that show the database already holds a site's data (empty: it does not)."""
    tables = set(connection.introspection.table_names())
    return [t for t in IN_USE_TABLES if t in tables and _count(connection, t) > 0]


def _media_in_use() -> list[Path]:
    return list(manifests.walk(Path(settings.MEDIA_ROOT)))


def _restore_sqlite(directory: Path, manifest: manifests.Manifest) -> None:
    connection = connections["default"]
    target = Path(connection.settings_dict["NAME"])
    connections.close_all()
    target.parent.mkdir(parents=True, exist_ok=True)
    native.sqlite_copy(directory / SQLITE_FILE, target)
    for suffix in ("-wal", "-shm"):
        leftover = target.with_name(target.name + suffix)
        if leftover.exists():
            leftover.unlink()


def _restore_postgres(directory: Path) -> None:
    connection = connections["default"]
    connections.close_all()
    native.pg_restore(connection, directory / PG_FILE)
    connections.close_all()


def _fulltext_again(connection: BaseDatabaseWrapper, batch: int = 1000) -> None:
    """The search index's vendor-specific part (SQLite's FTS table, PostgreSQL's vector column)
    written from the documents just loaded, keeping their ids."""
    from mufakat.search.backends import backend
    from mufakat.search.models import SearchDocument
    from mufakat.search.text import index_text

    engine = backend()
    engine.clear()
    rows = SearchDocument.objects.order_by("pk").values_list("pk", "title", "summary", "text")
    pending = []
    for pk, title, summary, text in rows.iterator(chunk_size=batch):
        pending.append((pk, index_text(title), index_text(summary), index_text(text)))
        if len(pending) >= batch:
            engine.write(pending)
            pending = []
    engine.write(pending)


def _restore_portable(directory: Path, manifest: manifests.Manifest, log: Log) -> None:
    from mufakat.monitoring import tallies

    log("Building the schema (migrate)")
    call_command("migrate", interactive=False, verbosity=0)
    connection = connections["default"]
    wanted = set(manifest.body["database"]["migrations"])
    have = set(_migrations(connection))
    if wanted != have:
        newer = sorted(wanted - have)
        older = sorted(have - wanted)
        raise BackupInvalid(
            "The backup was made by another version of Mufakat ("
            + (f"migrations this version lacks: {', '.join(newer[:5])}" if newer else "")
            + ("; " if newer and older else "")
            + (f"migrations the backup lacks: {', '.join(older[:5])}" if older else "")
            + "). Restore it with the version that made it, then upgrade."
        )
    by_table = {m._meta.db_table: m for m in portable.dumped_models(connection)}
    unknown = sorted(set(manifest.tables) - set(by_table))
    if unknown:
        raise BackupInvalid(f"Tables of the backup this database lacks: {', '.join(unknown)}.")
    chosen: list[type[models.Model]] = [by_table[t] for t in sorted(manifest.tables)]
    everything = list(by_table.values())
    with transaction.atomic(), audit_deletion_allowed(connection):
        with connection.cursor() as cursor:
            for statement in tallies.drop_triggers_sql(connection.vendor):
                cursor.execute(statement)
            flush = connection.ops.sql_flush(
                no_style(),
                [m._meta.db_table for m in everything],
                reset_sequences=False,
                allow_cascade=True,
            )
            for statement in flush:
                cursor.execute(statement)
        for model in chosen:
            path = directory / DATA_DIR / portable.file_name(model)
            log(f"  {model._meta.db_table}: {manifest.tables[model._meta.db_table]:,} rows")
            portable.load_table(model, path, connection)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), everything):
                cursor.execute(statement)
            for statement in tallies.create_triggers_sql(connection.vendor):
                cursor.execute(statement)
        log("Writing the search index's full text")
        _fulltext_again(connection)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _restore_media(directory: Path, manifest: manifests.Manifest) -> list[str]:
    media_root = Path(settings.MEDIA_ROOT)
    listed = set()
    for entry in manifest.media():
        relative = Path(entry["path"]).relative_to(MEDIA_DIR)
        listed.add(relative.as_posix())
        target = media_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(directory / entry["path"], target)
    return [
        p.relative_to(media_root).as_posix()
        for p in manifests.walk(media_root)
        if p.relative_to(media_root).as_posix() not in listed
    ]


def check_restored(manifest: manifests.Manifest) -> Chain:
    """Every table's row count, every uploaded file's hash and the audit chain against the
    manifest; :class:`BackupInvalid` names each difference."""
    from mufakat.monitoring import tallies

    connection = connections["default"]
    problems = []
    for table, expected in sorted(manifest.tables.items()):
        found = _count(connection, table)
        if found != expected:
            problems.append(f"table {table}: {found} rows, the backup has {expected}")
    media_root = Path(settings.MEDIA_ROOT)
    for entry in manifest.media():
        path = media_root / Path(entry["path"]).relative_to(MEDIA_DIR)
        if not path.is_file() or manifests.sha256_file(path) != entry["sha256"]:
            problems.append(f"{entry['path']}: missing or different after the restore")
    result = verify_chain()
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    chain = Chain(result.checked, last or GENESIS_HASH, result.broken_at)
    recorded = manifest.audit
    if not result.ok and recorded.get("broken_at") is None:
        problems.append(f"audit chain broken at event #{result.broken_at}: {result.reason}")
    if (chain.events, chain.head) != (recorded.get("events"), recorded.get("head")):
        problems.append(
            f"audit chain: {chain.events} events ending in {chain.head[:16]}…, the backup has "
            f"{recorded.get('events')} ending in {str(recorded.get('head'))[:16]}…"
        )
    drift = {t: n for t, n in tallies.drift(connection).items() if n}
    if drift:
        problems.append(
            "report tallies differ from the reports: "
            + ", ".join(f"{t} ({n})" for t, n in drift.items())
        )
    if problems:
        raise BackupInvalid(
            "The restored site differs from the backup:\n  " + "\n  ".join(problems)
        )
    return chain


def restore_backup(
    directory: Path, *, replace: bool = False, portable_copy: bool = False, log: Log = quiet
) -> RestoreResult:
    """Restore the backup in ``directory`` into this site's (empty) database and upload
    directory, then check it against the manifest."""
    started = time.perf_counter()
    directory = directory.resolve()
    log(f"Verifying the backup in {directory}")
    manifest = verify_backup(directory)
    connection = connections["default"]
    if not replace:
        busy = in_use(connection)
        if busy:
            raise BackupInvalid(
                f"The database {connection.settings_dict['NAME']} is not empty (rows in "
                f"{', '.join(busy)}): restore into an empty database, or pass --replace to "
                "overwrite it."
            )
        files = _media_in_use()
        if files:
            raise BackupInvalid(
                f"The upload directory {settings.MEDIA_ROOT} is not empty ({len(files)} files): "
                "restore into an empty one, or pass --replace to overwrite it."
            )
    same_vendor = manifest.vendor == connection.vendor
    if same_vendor and not portable_copy and manifest.vendor == "sqlite":
        method = "SQLite online backup"
        log("Restoring the database (SQLite online backup)")
        _restore_sqlite(directory, manifest)
    elif same_vendor and not portable_copy and manifest.vendor == "postgresql":
        method = "pg_restore"
        log("Restoring the database (pg_restore)")
        _restore_postgres(directory)
    else:
        method = f"vendor-neutral copy, from {manifest.vendor} to {connection.vendor}"
        log(f"Loading the vendor-neutral copy into {connection.vendor}")
        _restore_portable(directory, manifest, log)
    log("Restoring the uploaded files")
    left_alone = _restore_media(directory, manifest)
    log("Checking row counts, file hashes and the audit chain")
    chain = check_restored(manifest)
    return RestoreResult(
        method=method,
        tables=len(manifest.tables),
        rows=sum(manifest.tables.values()),
        files=len(manifest.media()),
        chain=chain,
        seconds=time.perf_counter() - started,
        left_alone=left_alone,
    )
