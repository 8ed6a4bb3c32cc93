"""The ``mufakat`` command line: it reads the demo's data directory unless told otherwise, and a
database that does not exist yet is one clear line on stderr, not a traceback.

Each test runs the real console script in a separate process, on a throwaway data directory; the
one about the default runs a copy of the package, so its default directory is a temporary one
(never the checkout's ``var/demo``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mufakat

PACKAGE = Path(mufakat.__file__).resolve().parent
REPO = PACKAGE.parent
STATEMENT = PACKAGE / "ingest/tests/examples/seed-000.txt"


def mufakat_command(
    *args: str, data_dir: Path | None, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``.venv/bin/mufakat ARGS`` in the demo environment, as a newcomer types it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "MUFAKAT_DATA_DIR", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
    }
    env["MUFAKAT_ENV"] = "demo"
    env["MUFAKAT_MFA_REQUIRED_ROLES"] = ""
    if data_dir is not None:
        env["MUFAKAT_DATA_DIR"] = str(data_dir)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [sys.executable, "-c", "from mufakat.cli import main; main()", *args],
        env=env,
        cwd=pythonpath or REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def no_database_line(path: Path) -> str:
    return f"mufakat: no database yet at {path}: run `make demo` or `mufakat migrate`\n"


@pytest.mark.parametrize(
    "args",
    [
        ("ingest", str(STATEMENT)),
        ("token", "create", "secretariat"),
        ("search_index",),
        ("audit", "verify"),
        ("serve_demo", "127.0.0.1:0"),
    ],
    ids=lambda args: args[0],
)
def test_a_command_on_an_empty_data_directory_says_there_is_no_database_yet(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    done = mufakat_command(*args, data_dir=tmp_path)

    assert done.returncode == 1
    assert done.stderr == no_database_line(tmp_path / "mufakat.sqlite3")
    assert "Traceback" not in done.stdout + done.stderr


def test_a_database_migrated_only_in_part_names_the_missing_table(tmp_path: Path) -> None:
    migrate = mufakat_command("migrate", "django_tasks_database", "-v0", data_dir=tmp_path)
    assert migrate.returncode == 0, migrate.stderr

    done = mufakat_command("ingest", str(STATEMENT), data_dir=tmp_path)

    assert done.returncode == 1
    assert done.stderr.startswith(f"mufakat: the database at {tmp_path / 'mufakat.sqlite3'}")
    assert "has no table" in done.stderr and "run `mufakat migrate`" in done.stderr
    assert "Traceback" not in done.stderr


def test_production_settings_that_refuse_to_start_say_why_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MUFAKAT_"))} | {
        "MUFAKAT_DATA_DIR": str(tmp_path)
    }
    done = subprocess.run(
        [sys.executable, "-c", "from mufakat.cli import main; main()", "check"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("mufakat: DJANGO_SECRET_KEY is missing")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_make_demo_fills_the_directory_the_command_line_reads_by_default() -> None:
    demo = (REPO / "Makefile").read_text().split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "MUFAKAT_DATA_DIR" not in demo  # make demo takes the settings' default too
    settings = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DATA_DIR)"],
        env={k: v for k, v in os.environ.items() if k != "MUFAKAT_DATA_DIR"}
        | {"MUFAKAT_ENV": "demo", "DJANGO_SETTINGS_MODULE": "mufakat.settings"},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert settings.stdout.strip() == str(REPO / "var" / "demo")


def test_after_make_demos_preparation_the_commands_work_from_the_default_directory(
    tmp_path: Path,
) -> None:
    shutil.copytree(
        PACKAGE, tmp_path / "mufakat", ignore=shutil.ignore_patterns("tests", "__pycache__")
    )
    default = tmp_path / "var" / "demo"

    before = mufakat_command("ingest", str(STATEMENT), data_dir=None, pythonpath=tmp_path)
    assert (before.returncode, before.stderr) == (1, no_database_line(default / "mufakat.sqlite3"))

    prepared = mufakat_command("prepare_demo", "--skip-checks", data_dir=None, pythonpath=tmp_path)
    assert prepared.returncode == 0, prepared.stderr
    assert (default / "mufakat.sqlite3").exists()

    ingest = mufakat_command(
        "ingest", "--user", "secretariat", str(STATEMENT), data_dir=None, pythonpath=tmp_path
    )
    assert ingest.returncode == 0, ingest.stderr
    assert '"body": "SOMTC-WG-CT"' in ingest.stdout
    token = mufakat_command("token", "create", "secretariat", data_dir=None, pythonpath=tmp_path)
    assert token.returncode == 0, token.stderr
    assert len(token.stdout.strip()) >= 32


def test_with_nothing_configured_the_command_line_is_the_demo_s(tmp_path: Path) -> None:
    shutil.copytree(
        PACKAGE, tmp_path / "mufakat", ignore=shutil.ignore_patterns("tests", "__pycache__")
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MUFAKAT_"))}
    env = {k: v for k, v in env.items() if k not in {"DATABASE_URL", "PYTHONPATH"}}
    done = subprocess.run(
        [sys.executable, "-c", "from mufakat.cli import main; main()", "ingest", str(STATEMENT)],
        env=env | {"PYTHONPATH": str(tmp_path)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # not "DJANGO_SECRET_KEY is missing": the demo's settings, and its (empty) directory
    assert (done.returncode, done.stderr) == (
        1,
        no_database_line(tmp_path / "var" / "demo" / "mufakat.sqlite3"),
    )
