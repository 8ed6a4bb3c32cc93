"""A backup restored loses nothing: every table's row count, every uploaded file's hash and the
audit chain are the same before and after — into the same database vendor, and from SQLite into
PostgreSQL (a pilot that started on the demo moving to production). A backup that was tampered
with is refused, whatever was changed.

The sites are real ones, built in separate processes by the ``mufakat`` command line: migrated,
the demo loaded, a small generated monitoring history added, and uploaded files. The suite's
database vendor decides the first site's (a fresh database on the suite's PostgreSQL server when
``DATABASE_URL`` is set, an SQLite file otherwise). The move to PostgreSQL starts a throwaway
server the way ``scripts/with-postgres.sh`` does, and is skipped only when this machine has no
PostgreSQL server programs.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import mufakat
from mufakat.backups.manifest import MANIFEST, BackupInvalid, file_entry, seal
from mufakat.backups.services import verify_backup

REPO = Path(mufakat.__file__).resolve().parent.parent
WITH_POSTGRES = REPO / "scripts" / "with-postgres.sh"
GENERATE_SCALE = "0.02"

#: What a site holds, read by a separate process through Django: every table's row count (from
#: the database's own list of tables), every uploaded file's SHA-256, the audit chain as
#: ``mufakat audit verify`` checks it, and how many documents the full-text index holds.
STATE = """
import hashlib, json, os
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
django.setup()
from pathlib import Path
from django.conf import settings
from django.db import connection
from mufakat.audit.models import AuditEvent
from mufakat.audit.services import verify_chain
with connection.cursor() as cursor:
    counts = {}
    for table in sorted(connection.introspection.django_table_names(only_existing=True)):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    if connection.vendor == "postgresql":
        cursor.execute("SELECT COUNT(*) FROM search_searchdocument WHERE vector <> ''")
    else:
        cursor.execute("SELECT COUNT(*) FROM search_fts")
    fulltext = cursor.fetchone()[0]
media = Path(settings.MEDIA_ROOT)
files = {
    p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
    for p in sorted(media.rglob("*")) if p.is_file()
}
chain = verify_chain()
head = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
print(json.dumps({"counts": counts, "files": files, "fulltext": fulltext,
                  "audit": {"ok": chain.ok, "events": chain.checked, "head": head}}))
"""


@dataclass
class Site:
    """A data directory (uploads; the SQLite file too) and, on PostgreSQL, a database URL."""

    data_dir: Path
    database_url: str | None = None

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "MUFAKAT_DATA_DIR", "DJANGO_SETTINGS_MODULE"}
        }
        env["MUFAKAT_ENV"] = "test"
        env["MUFAKAT_DATA_DIR"] = str(self.data_dir)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "mufakat.cli", *args],
            env=self.env(),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"mufakat {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done

    def state(self) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-c", STATE],
            env=self.env(),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        return dict(json.loads(done.stdout))


def postgres_bindir() -> Path | None:
    found = sorted(
        (p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")),
        key=lambda d: [int(x) for x in d.parent.name.split(".") if x.isdigit()],
    )
    return found[-1] if found else None


def new_postgres_database(server_url: str) -> str:
    """A fresh, empty database on the server of ``server_url``; its URL."""
    import psycopg

    name = f"mufakat_backup_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name


def drop_postgres_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


#: ``mufakat migrate``, ``load_demo`` and ``generate`` in one process (each start of the command
#: line costs seconds). An SQLite database starts from the migrated snapshot, as a new demo does
#: (``mufakat/demo/tests/test_sqlite_snapshot.py`` holds it to what the migrations produce).
BUILD = """
import os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mufakat.settings")
django.setup()
from django.core.management import call_command
from django.db import connection
from mufakat.demo.sqlite_snapshot import restore_if_empty
restore_if_empty(connection)
call_command("migrate", "--noinput")
call_command("load_demo")
call_command("generate", "--scale", sys.argv[1])
"""


def build_site(site: Site) -> Site:
    """Migrated, the demo, a small generated history, and uploads of several kinds."""
    done = subprocess.run(
        [sys.executable, "-c", BUILD, GENERATE_SCALE],
        env=site.env(),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise AssertionError(f"building the site failed:\n{done.stdout}{done.stderr}")
    media = site.data_dir / "media"
    (media / "evidence" / "2025").mkdir(parents=True, exist_ok=True)
    (media / "evidence" / "2025" / "laporan tahunan – ringkasan.pdf").write_bytes(
        b"%PDF-1.4\n" + bytes(range(256)) * 64
    )
    (media / "library" / "empty.txt").parent.mkdir(parents=True, exist_ok=True)
    (media / "library" / "empty.txt").write_bytes(b"")
    return site


def suite_server_url() -> str | None:
    """The suite's PostgreSQL server (its own database there is pytest's to use)."""
    return os.environ.get("DATABASE_URL") or None


@pytest.fixture(scope="module")
def databases_made() -> Iterator[list[str]]:
    made: list[str] = []
    yield made
    for url in made:
        drop_postgres_database(url)


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(Site(tmp_path_factory.mktemp("sqlite-site")))


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, sqlite_site: Site, databases_made: list[str]
) -> Site:
    """A site on the suite's database vendor."""
    server = suite_server_url()
    if server is None:
        return sqlite_site
    url = new_postgres_database(server)
    databases_made.append(url)
    return build_site(Site(tmp_path_factory.mktemp("pg-site"), url))


@pytest.fixture(scope="module")
def sqlite_backup(sqlite_site: Site, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("backups") / "pilot"
    sqlite_site.run("backup", str(directory))
    return directory


@pytest.fixture(scope="module")
def backup(
    site: Site, sqlite_site: Site, sqlite_backup: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    if site is sqlite_site:
        return sqlite_backup
    directory = tmp_path_factory.mktemp("backups") / "nightly"
    site.run("backup", str(directory))
    return directory


@pytest.fixture(scope="module")
def before(site: Site) -> dict[str, Any]:
    return site.state()


@pytest.fixture(scope="module")
def sqlite_before(sqlite_site: Site, site: Site, before: dict[str, Any]) -> dict[str, Any]:
    """The SQLite site's state (read once: on SQLite it is the suite's site)."""
    return before if site is sqlite_site else sqlite_site.state()


def empty_site_like(site: Site, path: Path, databases_made: list[str]) -> Site:
    if site.database_url is None:
        return Site(path)
    url = new_postgres_database(site.database_url)
    databases_made.append(url)
    return Site(path, url)


def assert_nothing_lost(before: dict[str, Any], after: dict[str, Any]) -> None:
    assert after["counts"] == before["counts"]
    assert after["files"] == before["files"]
    assert after["audit"] == before["audit"]
    assert after["audit"]["ok"] and after["audit"]["events"] > 0
    assert after["fulltext"] == before["fulltext"] > 0


# --- round trips -------------------------------------------------------------------------------


def test_the_site_holds_demo_and_generated_data_and_uploads(before: dict[str, Any]) -> None:
    assert before["counts"]["monitoring_progressreport"] > 100
    assert before["counts"]["meetings_meeting"] > 0
    assert len(before["files"]) >= 3
    assert before["audit"]["ok"]


def test_a_backup_restored_into_an_empty_site_loses_nothing(
    site: Site,
    backup: Path,
    before: dict[str, Any],
    tmp_path: Path,
    databases_made: list[str],
) -> None:
    target = empty_site_like(site, tmp_path / "new-server", databases_made)
    done = target.run("restore", str(backup))
    assert "counts, hashes and the audit chain match the backup" in done.stdout
    assert_nothing_lost(before, target.state())
    assert "Audit chain intact" in target.run("audit", "verify").stdout
    target.run("recount_tallies", "--check")


def test_the_vendor_neutral_copy_restored_into_the_same_vendor_loses_nothing(
    site: Site,
    backup: Path,
    before: dict[str, Any],
    tmp_path: Path,
    databases_made: list[str],
) -> None:
    target = empty_site_like(site, tmp_path / "neutral", databases_made)
    done = target.run("restore", "--portable", str(backup))
    assert "vendor-neutral copy" in done.stdout
    assert_nothing_lost(before, target.state())


def test_a_pilot_on_sqlite_moves_to_postgresql_losing_nothing(
    sqlite_before: dict[str, Any], sqlite_backup: Path, tmp_path: Path, databases_made: list[str]
) -> None:
    before = sqlite_before
    directory = sqlite_backup
    moved = tmp_path / "production"
    server = suite_server_url()
    if server is not None:
        url = new_postgres_database(server)
        databases_made.append(url)
        target = Site(moved, url)
        done = target.run("restore", str(directory))
        after = target.state()
        verified = target.run("audit", "verify").stdout
    else:
        if postgres_bindir() is None:
            pytest.skip("no PostgreSQL server programs (Debian's postgresql package) installed")
        # One throwaway server for the restore and the reads after it.
        script = (
            f'"$PY" -m mufakat.cli restore "{directory}" > "{tmp_path}/restore.out" && '
            f'"$PY" -c "$STATE" > "{tmp_path}/state.json" && '
            f'"$PY" -m mufakat.cli audit verify > "{tmp_path}/verify.out" && '
            f'"$PY" -m mufakat.cli recount_tallies --check'
        )
        env = Site(moved).env()
        env.update({"PY": sys.executable, "STATE": STATE})
        ran = subprocess.run(
            [str(WITH_POSTGRES), "bash", "-c", script],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert ran.returncode == 0, ran.stdout + ran.stderr
        done = subprocess.CompletedProcess([], 0, (tmp_path / "restore.out").read_text(), "")
        after = json.loads((tmp_path / "state.json").read_text())
        verified = (tmp_path / "verify.out").read_text()
    assert "vendor-neutral copy, from sqlite to postgresql" in done.stdout
    assert_nothing_lost(before, after)
    assert "Audit chain intact" in verified


# --- refusals ----------------------------------------------------------------------------------


def test_restore_refuses_a_database_that_already_holds_data(site: Site, backup: Path) -> None:
    done = site.run("restore", str(backup), check=False)
    assert done.returncode != 0
    assert "is not empty" in done.stderr and "--replace" in done.stderr


def test_restore_refuses_a_tampered_backup_and_leaves_the_site_empty(
    backup: Path, tmp_path: Path
) -> None:
    copy = tampered_copy(backup, tmp_path)
    upload = first_upload(copy)
    upload.write_bytes(upload.read_bytes() + b"x")
    target = Site(tmp_path / "target")
    done = target.run("restore", str(copy), check=False)
    assert done.returncode != 0
    assert "does not verify" in done.stderr
    assert upload.relative_to(copy).as_posix() in done.stderr
    assert not (target.data_dir / "media").exists() or not any(
        (target.data_dir / "media").iterdir()
    )


def tampered_copy(backup: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(backup, copy)
    return copy


def first_upload(directory: Path) -> Path:
    return next(p for p in sorted((directory / "media").rglob("*")) if p.is_file())


def read_manifest(directory: Path) -> dict[str, Any]:
    return dict(json.loads((directory / MANIFEST).read_text()))


def write_manifest(directory: Path, body: dict[str, Any], key: str = "") -> None:
    """As someone who edits a backup would: every file's hash listed again, sealed again."""
    body["files"] = [
        file_entry(directory, directory / entry["path"])
        for entry in body["files"]
        if (directory / entry["path"]).exists()
    ]
    body["seal"] = seal(body, key)
    (directory / MANIFEST).write_text(json.dumps(body))


def test_an_intact_backup_is_checked_without_changing_anything(
    backup: Path, tmp_path: Path
) -> None:
    target = Site(tmp_path / "spare")
    done = target.run("restore", "--check-only", str(backup))
    assert "The backup verifies" in done.stdout
    assert not (target.data_dir / "media").exists()


def test_an_intact_backup_verifies(backup: Path) -> None:
    manifest = verify_backup(backup)
    assert manifest.audit["events"] > 0
    assert manifest.tables["monitoring_progressreport"] > 100


def test_a_changed_uploaded_file_is_refused(backup: Path, tmp_path: Path) -> None:
    copy = tampered_copy(backup, tmp_path)
    upload = first_upload(copy)
    upload.write_bytes(b"another file")
    with pytest.raises(BackupInvalid, match="does not verify") as refused:
        verify_backup(copy)
    assert f"{upload.relative_to(copy).as_posix()}: size" in str(refused.value)


def test_an_uploaded_file_changed_in_place_is_refused(backup: Path, tmp_path: Path) -> None:
    copy = tampered_copy(backup, tmp_path)
    upload = next(p for p in sorted((copy / "media").rglob("*.pdf")))
    content = bytearray(upload.read_bytes())
    content[-1] ^= 0xFF
    upload.write_bytes(bytes(content))
    with pytest.raises(BackupInvalid, match="content changed"):
        verify_backup(copy)


def test_a_missing_uploaded_file_is_refused(backup: Path, tmp_path: Path) -> None:
    copy = tampered_copy(backup, tmp_path)
    upload = first_upload(copy)
    upload.unlink()
    with pytest.raises(BackupInvalid, match=f"{upload.relative_to(copy).as_posix()}: missing"):
        verify_backup(copy)


def test_a_file_slipped_into_the_backup_is_refused(backup: Path, tmp_path: Path) -> None:
    copy = tampered_copy(backup, tmp_path)
    (copy / "media" / "library" / "planted.html").write_text("<script></script>")
    with pytest.raises(BackupInvalid, match=r"media/library/planted\.html: not listed"):
        verify_backup(copy)


def test_a_changed_database_dump_is_refused(backup: Path, tmp_path: Path) -> None:
    copy = tampered_copy(backup, tmp_path)
    native = copy / read_manifest(copy)["database"]["native"]
    with native.open("r+b") as handle:
        handle.seek(native.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(BackupInvalid, match=f"{native.name}: content changed"):
        verify_backup(copy)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda m: m["tables"].update(accounts_user=m["tables"]["accounts_user"] + 1),
            id="a row count",
        ),
        pytest.param(lambda m: m["audit"].update(head="f" * 64), id="the audit chain head"),
        pytest.param(
            lambda m: m["audit"].update(events=m["audit"]["events"] - 1),
            id="the number of audit events",
        ),
        pytest.param(lambda m: m["files"].pop(), id="the list of files"),
    ],
)
def test_a_changed_manifest_is_refused(backup: Path, tmp_path: Path, change: Any) -> None:
    copy = tampered_copy(backup, tmp_path)
    body = read_manifest(copy)
    change(body)
    (copy / MANIFEST).write_text(json.dumps(body))
    with pytest.raises(BackupInvalid, match=r"seal does not match its content|not listed"):
        verify_backup(copy)


def rewrite_table(directory: Path, table: str, edit: Any) -> None:
    path = directory / "data" / f"{table}.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    columns = json.loads(lines[0])["columns"]
    lines = [lines[0], *edit(columns, lines[1:])]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def test_rows_removed_and_the_manifest_sealed_again_are_refused(
    backup: Path, tmp_path: Path
) -> None:
    copy = tampered_copy(backup, tmp_path)
    rewrite_table(copy, "monitoring_progressreport", lambda columns, rows: rows[:-3])
    write_manifest(copy, read_manifest(copy))
    with pytest.raises(BackupInvalid, match=r"table monitoring_progressreport: .* rows in"):
        verify_backup(copy)


def test_an_audit_event_edited_and_the_manifest_sealed_again_is_refused(
    backup: Path, tmp_path: Path
) -> None:
    copy = tampered_copy(backup, tmp_path)

    def edit(columns: list[str], rows: list[str]) -> list[str]:
        first = json.loads(rows[0])
        first[columns.index("actor_username")] = "someone else"
        return [json.dumps(first), *rows[1:]]

    rewrite_table(copy, "audit_auditevent", edit)
    write_manifest(copy, read_manifest(copy))
    with pytest.raises(BackupInvalid, match=r"audit chain: event #\d+ does not match"):
        verify_backup(copy)


def test_with_a_key_a_manifest_sealed_without_it_is_refused(
    backup: Path, tmp_path: Path, settings: Any
) -> None:
    settings.MUFAKAT_BACKUP_KEY = "a long random backup key"
    with pytest.raises(BackupInvalid, match="not sealed with an HMAC"):
        verify_backup(backup)


def test_with_a_key_a_manifest_sealed_again_under_another_key_is_refused(
    backup: Path, tmp_path: Path, settings: Any
) -> None:
    copy = tampered_copy(backup, tmp_path)
    write_manifest(copy, read_manifest(copy), key="the key of the one who edited it")
    settings.MUFAKAT_BACKUP_KEY = "a long random backup key"
    with pytest.raises(BackupInvalid, match="seal does not match"):
        verify_backup(copy)
    write_manifest(copy, read_manifest(copy), key="a long random backup key")
    assert verify_backup(copy).audit["events"] > 0
