"""Benchmark: ``mufakat backup`` and ``mufakat restore`` of the demo plus generated data.

    .venv/bin/python benchmarks/backup_restore.py [--scale 0.1]
    scripts/with-postgres.sh .venv/bin/python benchmarks/backup_restore.py [--scale 0.1]

Builds an SQLite site in a temporary directory (``migrate``, ``load_demo``, ``generate --scale
S``), then times, each as the operator runs it (a separate ``mufakat`` process, so the figures
include Django's start, about 1 s): the backup; its restore into an empty SQLite site (online
backup API) and through the vendor-neutral copy. With ``DATABASE_URL`` (a PostgreSQL server it may
create databases on) also: the restore into an empty PostgreSQL database (the move from SQLite),
a backup of that database (pg_dump) and its restore into another empty one (pg_restore). Prints
rows, sizes and seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def mufakat(data_dir: Path, database_url: str | None, *args: str) -> float:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MUFAKAT_DATA_DIR"}}
    env["MUFAKAT_ENV"] = env.get("MUFAKAT_ENV", "test")
    env["MUFAKAT_DATA_DIR"] = str(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mufakat.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"mufakat {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return time.perf_counter() - started


def new_database(server: str) -> str:
    import psycopg

    name = f"mufakat_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + "/" + name


def size(path: Path) -> str:
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return f"{total / 1e6:.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="0.1")
    options = parser.parse_args()
    server = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="mufakat-bench-backup-") as tmp:
        root = Path(tmp)
        pilot = root / "pilot"
        mufakat(pilot, None, "migrate", "--noinput")
        mufakat(pilot, None, "load_demo")
        mufakat(pilot, None, "generate", "--scale", options.scale)
        backup = root / "backup-sqlite"
        took = mufakat(pilot, None, "backup", str(backup))
        manifest = json.loads((backup / "manifest.json").read_text())
        rows = sum(manifest["tables"].values())
        print(
            f"Demo + generate --scale {options.scale}: {rows:,} rows in "
            f"{len(manifest['tables'])} tables, {len(manifest['files'])} files, "
            f"{manifest['audit']['events']:,} audit events"
        )
        print(f"  backup (SQLite online backup + neutral copy): {took:6.1f} s, {size(backup)}")
        took = mufakat(root / "r1", None, "restore", str(backup))
        print(f"  restore SQLite -> SQLite (backup API):        {took:6.1f} s")
        took = mufakat(root / "r2", None, "restore", "--portable", str(backup))
        print(f"  restore SQLite -> SQLite (neutral copy):      {took:6.1f} s")
        if not server:
            print(
                "  (no DATABASE_URL: PostgreSQL figures skipped; run under scripts/with-postgres.sh)"
            )
            return
        first = new_database(server)
        took = mufakat(root / "pg1", first, "restore", str(backup))
        print(f"  restore SQLite -> PostgreSQL (neutral copy):  {took:6.1f} s")
        pg_backup = root / "backup-pg"
        took = mufakat(root / "pg1", first, "backup", str(pg_backup))
        print(f"  backup PostgreSQL (pg_dump + neutral copy):   {took:6.1f} s, {size(pg_backup)}")
        second = new_database(server)
        took = mufakat(root / "pg2", second, "restore", str(pg_backup))
        print(f"  restore PostgreSQL -> PostgreSQL (pg_restore): {took:5.1f} s")


if __name__ == "__main__":
    main()
