"""The settings refuse to start with a broken configuration, naming the variable to fix: every
value they parse (numbers, yes/no, rates, choices, the database address), not only the secret
key. A misspelt value must never quietly mean something else."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = Path(__file__).resolve().parents[2] / "settings.py"
SECRET = "s" * 60


def load(monkeypatch: Any, tmp_path: Path, **env: str) -> dict[str, Any]:
    """The settings module as it loads in a fresh process with this environment."""
    for name in list(os.environ):
        if name.startswith(("MUFAKAT_", "DJANGO_")) or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("MUFAKAT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DJANGO_SECRET_KEY", SECRET)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def refusal(monkeypatch: Any, tmp_path: Path, **env: str) -> str:
    with pytest.raises(ImproperlyConfigured) as refused:
        load(monkeypatch, tmp_path, **env)
    return str(refused.value)


def test_the_production_settings_load_with_a_good_configuration(
    monkeypatch: Any, tmp_path: Path
) -> None:
    loaded = load(
        monkeypatch,
        tmp_path,
        DATABASE_URL="postgres://mufakat:pw@db.example.org:5433/mufakat",
        MUFAKAT_DB_CONN_MAX_AGE="60",
        MUFAKAT_BEHIND_PROXY="yes",
        MUFAKAT_TRUSTED_PROXIES="2",
        MUFAKAT_API_RATE_ANON="30/min",
        MUFAKAT_LOG_LEVEL="info",
        MUFAKAT_CALENDAR_RATE="30/hour",
        MUFAKAT_EXPORT_CHUNK="500",
    )
    assert loaded["PRODUCTION"] is True
    assert loaded["DATABASES"]["default"]["PORT"] == 5433
    assert loaded["DATABASES"]["default"]["CONN_MAX_AGE"] == 60
    assert loaded["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True
    assert loaded["MUFAKAT_TRUSTED_PROXIES"] == 2
    assert loaded["MUFAKAT_LOG_LEVEL"] == "INFO"
    assert loaded["MUFAKAT_API_RATE_ANON"] == "30/min"
    # Documented variables that the settings used to leave unread now take effect.
    assert loaded["MUFAKAT_CALENDAR_RATE"] == "30/hour"
    assert loaded["MUFAKAT_EXPORT_CHUNK"] == 500


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("MUFAKAT_DB_CONN_MAX_AGE", "ten minutes", "must be a whole number"),
        ("MUFAKAT_DB_PREPARED_MAX", "1e3", "must be a whole number"),
        ("MUFAKAT_UPLOAD_MAX_BYTES", "20MB", "must be a whole number"),
        ("MUFAKAT_EVIDENCE_MAX_BYTES", "-1", "at least 0"),
        ("MUFAKAT_TOKEN_MAX_DAYS", "0", "at least 1"),
        ("MUFAKAT_SPREADSHEET_LEASE_SECONDS", "5m", "must be a whole number"),
        ("MUFAKAT_HEALTH_MAX_QUEUE_LAG", "soon", "must be a whole number"),
        ("MUFAKAT_HEALTH_MIN_FREE_PERCENT", "five", "must be a number"),
        ("DJANGO_SECURE_HSTS_SECONDS", "a year", "must be a whole number"),
        ("DJANGO_SECURE_SSL_REDIRECT", "ture", "use 1 or 0"),
        ("MUFAKAT_AXES", "disabled", "use 1 or 0"),
        ("MUFAKAT_DB_PREPARED", "nope", "use 1 or 0"),
        ("MUFAKAT_API_RATE_ANON", "60 per minute", "N/min"),
        ("MUFAKAT_API_RATE_TOKEN", "600/fortnight", "N/min"),
        ("MUFAKAT_LOG_LEVEL", "LOUD", "use one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ("MUFAKAT_TASKS_BACKEND", "celery", "use one of django_tasks_db.DatabaseBackend"),
        ("MUFAKAT_ENV", "staging", "use production (the default), demo or test"),
        ("MUFAKAT_CALENDAR_RATE", "120 an hour", "N/hour"),
        ("MUFAKAT_CALENDAR_TOKEN_DAYS", "a year", "must be a whole number"),
        ("MUFAKAT_EXPORT_CHUNK", "0", "at least 1"),
    ],
)
def test_a_value_that_does_not_parse_stops_the_start_naming_the_variable(
    monkeypatch: Any, tmp_path: Path, name: str, value: str, says: str
) -> None:
    message = refusal(monkeypatch, tmp_path, **{name: value})
    assert message.startswith(name)
    assert repr(value) in message
    assert says in message


def test_a_proxy_count_is_checked_only_behind_a_proxy(monkeypatch: Any, tmp_path: Path) -> None:
    message = refusal(
        monkeypatch, tmp_path, MUFAKAT_BEHIND_PROXY="1", MUFAKAT_TRUSTED_PROXIES="nginx"
    )
    assert message.startswith("MUFAKAT_TRUSTED_PROXIES is 'nginx'")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("db.example.org/mufakat", "scheme 'missing'"),
        ("postgress://u:pw@db/mufakat", "scheme 'postgress'"),
        ("postgres://u:pw@db:54x2/mufakat", "scheme 'postgres'"),
        ("postgres://u:pw@db:5432/", "no database name"),
    ],
)
def test_a_malformed_database_url_stops_the_start_without_showing_the_password(
    monkeypatch: Any, tmp_path: Path, url: str, problem: str
) -> None:
    message = refusal(monkeypatch, tmp_path, DATABASE_URL=url)
    assert message.startswith("DATABASE_URL is not a database address")
    assert problem in message
    assert "pw" not in message.replace("PASSWORD", "")


def test_the_command_line_and_gunicorn_name_the_setting_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MUFAKAT_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        MUFAKAT_DATA_DIR=str(tmp_path),
        DJANGO_SECRET_KEY=SECRET,
        MUFAKAT_UPLOAD_MAX_BYTES="20MB",
    )
    cli = subprocess.run(
        [sys.executable, "-m", "mufakat.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cli.returncode == 1
    assert cli.stderr == (
        "mufakat: MUFAKAT_UPLOAD_MAX_BYTES is '20MB': it must be a whole number.\n"
    )
    web = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "mufakat.wsgi",
            "-b",
            "127.0.0.1:0",
            "--no-control-socket",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert web.returncode != 0
    assert "MUFAKAT_UPLOAD_MAX_BYTES is '20MB': it must be a whole number." in web.stderr


# -- variables nobody reads --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("misspelt", "meant"),
    [
        ("MUFAKAT_MFA_REQUIRD_ROLES", "MUFAKAT_MFA_REQUIRED_ROLES"),
        ("DJANGO_SECRET_KY", "DJANGO_SECRET_KEY"),
        ("MUFAKAT_HEALTH_MAX_REPLICA_LAGS", "MUFAKAT_HEALTH_MAX_REPLICA_LAG"),
        ("MUFAKAT_BEHIND_PROXIES", "MUFAKAT_BEHIND_PROXY"),
    ],
)
def test_a_misspelt_variable_stops_the_start_naming_it_and_the_closest_known_one(
    monkeypatch: Any, tmp_path: Path, misspelt: str, meant: str
) -> None:
    message = refusal(monkeypatch, tmp_path, **{misspelt: "1"})
    assert message.startswith(f"{misspelt} is set but Mufakat reads no such variable.")
    assert f"Did you mean {meant}?" in message


def test_a_variable_like_no_known_one_is_named_without_a_guess(
    monkeypatch: Any, tmp_path: Path
) -> None:
    message = refusal(monkeypatch, tmp_path, MUFAKAT_ZZZ="1")
    assert message.startswith("MUFAKAT_ZZZ is set but Mufakat reads no such variable.")
    assert "Did you mean" not in message


def test_variables_read_under_a_condition_or_by_django_are_known(
    monkeypatch: Any, tmp_path: Path
) -> None:
    loaded = load(
        monkeypatch,
        tmp_path,
        MUFAKAT_TRUSTED_PROXIES="2",  # read only behind a proxy; not an error without one
        DJANGO_SETTINGS_MODULE="mufakat.settings",
        DJANGO_SUPERUSER_PASSWORD="x",
        MUFAKAT_FUZZ_EXAMPLES="5",
    )
    assert loaded["PRODUCTION"] is True


def _names_in(text: str) -> set[str]:
    """The variables a text names (``DJANGO_SUPERUSER_*`` as the prefix ``DJANGO_SUPERUSER_``),
    leaving out the lines that quote the refusal of a misspelt one."""
    lines = [line for line in text.splitlines() if "reads no such variable" not in line]
    found = re.findall(r"\b((?:MUFAKAT|DJANGO)_[A-Z0-9_]*[A-Z0-9])(_\*)?", "\n".join(lines))
    return {name + ("_" if star else "") for name, star in found}


def test_the_docs_the_makefile_the_scripts_and_ci_name_only_known_variables(
    monkeypatch: Any, tmp_path: Path
) -> None:
    loaded = load(monkeypatch, tmp_path)
    known = loaded["known_variables"]()
    prefixes = tuple(name for name in known if name.endswith("_"))
    root = SETTINGS.parents[1]
    files = [
        root / "Makefile",
        root / ".ci" / "run",
        root / "pyproject.toml",
        *(root / "scripts").rglob("*.sh"),
        *(root / "docs").rglob("*.md"),
    ]
    unknown = {
        (path.relative_to(root).as_posix(), name)
        for path in files
        if path.is_file()
        for name in _names_in(path.read_text(encoding="utf-8"))
        if name not in known and not name.startswith(prefixes)
    }
    assert unknown == set()


def test_the_known_names_are_the_ones_the_settings_write(monkeypatch: Any, tmp_path: Path) -> None:
    known = load(monkeypatch, tmp_path)["known_variables"]()
    assert {"MUFAKAT_MFA_REQUIRED_ROLES", "DJANGO_SECRET_KEY", "MUFAKAT_ENV"} <= known
    assert "MUFAKAT_MFA_REQUIRD_ROLES" not in known
