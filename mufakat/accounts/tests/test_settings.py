"""The settings fail closed: outside the demo and the tests they refuse to start with debug pages
or without a secret key of the deployment's own, and the documented production environment
passes ``check --deploy`` without a warning.

Each case evaluates mufakat/settings.py afresh with the environment a process would have.
"""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

import mufakat.settings

SETTINGS_FILE = Path(mufakat.settings.__file__)
REPO = SETTINGS_FILE.parent.parent
GOOD_KEY = secrets.token_urlsafe(50)
OURS = (
    "MUFAKAT_ENV",
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "MUFAKAT_BEHIND_PROXY",
    "MUFAKAT_TRUSTED_PROXIES",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_SECURE_HSTS_SECONDS",
    "DJANGO_EMAIL_BACKEND",
    "DJANGO_EMAIL_FILE_PATH",
    "DATABASE_URL",
    "MUFAKAT_DB_CONN_MAX_AGE",
    "MUFAKAT_DB_PREPARED_MAX",
)


@pytest.fixture
def env(monkeypatch: Any, tmp_path: Path) -> Any:
    """A process environment with none of the variables these settings read."""
    for name in OURS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MUFAKAT_DATA_DIR", str(tmp_path))
    return monkeypatch


def load_settings() -> dict[str, Any]:
    return runpy.run_path(str(SETTINGS_FILE))


def test_production_refuses_to_start_without_a_secret_key(env: Any) -> None:
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        load_settings()


@pytest.mark.parametrize("key", [mufakat.settings.DEMO_SECRET_KEY, "short-but-secret"])
def test_production_refuses_the_demo_key_and_short_keys(env: Any, key: str) -> None:
    env.setenv("DJANGO_SECRET_KEY", key)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        load_settings()


def test_production_refuses_to_start_with_debug_pages(env: Any) -> None:
    env.setenv("DJANGO_SECRET_KEY", GOOD_KEY)
    env.setenv("DJANGO_DEBUG", "1")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        load_settings()


def test_production_has_debug_off_secure_cookies_hsts_and_a_shared_cache(env: Any) -> None:
    env.setenv("DJANGO_SECRET_KEY", GOOD_KEY)

    settings = load_settings()

    assert settings["DEBUG"] is False
    assert settings["SESSION_COOKIE_SECURE"] and settings["CSRF_COOKIE_SECURE"]
    assert settings["SECURE_SSL_REDIRECT"] and settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert settings["CACHES"]["default"]["BACKEND"].endswith("DatabaseCache")


def test_the_demo_runs_without_debug_pages_with_its_own_key_and_a_file_outbox(env: Any) -> None:
    env.setenv("MUFAKAT_ENV", "demo")

    settings = load_settings()

    assert settings["DEBUG"] is False
    assert settings["SECRET_KEY"] == mufakat.settings.DEMO_SECRET_KEY
    assert not settings["SESSION_COOKIE_SECURE"]
    assert settings["EMAIL_BACKEND"].endswith("filebased.EmailBackend")
    assert settings["EMAIL_FILE_PATH"].endswith("outbox")


def test_a_developer_turns_debug_pages_on_in_the_demo(env: Any) -> None:
    env.setenv("MUFAKAT_ENV", "demo")
    env.setenv("DJANGO_DEBUG", "1")

    assert load_settings()["DEBUG"] is True


def test_an_unknown_environment_name_is_refused(env: Any) -> None:
    env.setenv("MUFAKAT_ENV", "staging")
    with pytest.raises(ImproperlyConfigured, match="MUFAKAT_ENV"):
        load_settings()


def test_behind_the_proxy_one_trusted_proxy_is_assumed(env: Any) -> None:
    env.setenv("DJANGO_SECRET_KEY", GOOD_KEY)
    env.setenv("MUFAKAT_BEHIND_PROXY", "1")

    settings = load_settings()

    assert settings["MUFAKAT_TRUSTED_PROXIES"] == 1
    assert settings["AXES_CLIENT_IP_CALLABLE"] == "mufakat.core.network.client_address"


def production_process_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The documented production environment (docs/deploy.md), for a separate process."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "MUFAKAT_")) and name != "DATABASE_URL"
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="mufakat.settings",
        DATABASE_URL="postgres://mufakat:secret@127.0.0.1:5432/mufakat",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="mufakat.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://mufakat.example.org",
        MUFAKAT_BEHIND_PROXY="1",
        DJANGO_DEBUG="0",
        MUFAKAT_DATA_DIR=str(tmp_path),
    )
    environ.update(extra)
    return environ


def mufakat_command(*args: str, environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from mufakat.cli import main; main()", *args],
        env=environ,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_production_environment_passes_check_deploy(tmp_path: Path) -> None:
    done = mufakat_command(
        "check", "--deploy", "--fail-level", "WARNING", environ=production_process_env(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_a_production_process_with_debug_on_does_not_start(tmp_path: Path) -> None:
    done = mufakat_command("check", environ=production_process_env(tmp_path, DJANGO_DEBUG="1"))
    assert done.returncode != 0
    assert "DJANGO_DEBUG" in done.stderr


# --- PostgreSQL connections: long-lived, many prepared statements, no JIT ---


def test_a_postgresql_connection_lives_ten_minutes_keeps_its_statements_and_has_no_jit(
    env: Any,
) -> None:
    env.setenv("DJANGO_SECRET_KEY", GOOD_KEY)
    env.setenv("DATABASE_URL", "postgresql://mufakat@db.example.org/mufakat")

    database = load_settings()["DATABASES"]["default"]

    assert database["ENGINE"] == "mufakat.core.postgresql"
    assert database["CONN_MAX_AGE"] == 600 and database["CONN_HEALTH_CHECKS"] is True
    assert database["OPTIONS"]["prepare_threshold"] == 2
    assert database["OPTIONS"]["options"] == "-c jit=off"


def test_jit_stays_off_when_the_address_names_options_of_its_own(env: Any) -> None:
    env.setenv("DJANGO_SECRET_KEY", GOOD_KEY)
    env.setenv(
        "DATABASE_URL",
        "postgresql://mufakat@db.example.org/mufakat"
        "?options=-c%20default_transaction_read_only%3Don",
    )

    options = load_settings()["DATABASES"]["default"]["OPTIONS"]["options"]

    assert options == "-c default_transaction_read_only=on -c jit=off"


@pytest.mark.django_db
def test_a_postgresql_connection_keeps_as_many_prepared_statements_as_configured() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    connection.ensure_connection()

    assert connection.connection.prepared_max == mufakat.settings.MUFAKAT_DB_PREPARED_MAX


@pytest.mark.django_db
def test_psycopg_keeps_the_conversions_of_long_gated_statements() -> None:
    """A signed-in reader's statements are long and have many parameters; psycopg would convert
    them again on every request. Fails if psycopg stops converting statements as 3.1–3.2 do."""
    from django.db import connection
    from psycopg import _queries

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    connection.ensure_connection()
    long_text = "SELECT 1 WHERE " + " OR ".join(["%s = 1"] * 200)
    before = _queries._query2pg.cache_info()
    for _ in range(2):
        with connection.cursor() as cursor:
            cursor.execute(long_text, [0] * 200)
    after = _queries._query2pg.cache_info()

    assert after.maxsize == mufakat.settings.MUFAKAT_DB_PARSED_MAX
    assert after.hits > before.hits
