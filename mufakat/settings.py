"""Django settings for Mufakat.

Everything a deployment changes comes from the environment (see docs/deploy.md). The settings
fail closed: unless ``MUFAKAT_ENV`` says this is the demo or the test suite, they refuse to start
with debug pages on or without a secret key of the deployment's own.
"""

import os
import re
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent
#: The SQLite database, uploads, collected static files, the demo's mails. Unset, the demo's:
#: ``make demo`` and the command line (``.venv/bin/mufakat …``) read and write the same one.
DATA_DIR = Path(os.environ.get("MUFAKAT_DATA_DIR", REPO_DIR / "var" / "demo")).resolve()


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting; any other word stops the start, naming the variable (a misspelt "ture"
    must not quietly mean "off")."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} is {raw!r}: use 1 or 0 (also true/false, yes/no, on/off).")


def env_int(name: str, default: int, *, minimum: int | None = 0) -> int:
    """A whole-number setting; anything else (or below ``minimum``) stops the start, naming it."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        raise ImproperlyConfigured(f"{name} is {raw!r}: it must be a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} is {raw!r}: it must be at least {minimum}.")
    return value


def env_float(name: str, default: float, *, minimum: float = 0.0) -> float:
    """A number setting (decimals allowed); anything else stops the start, naming it."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} is {raw!r}: it must be a number.") from None
    if not value >= minimum or value == float("inf"):
        raise ImproperlyConfigured(f"{name} is {raw!r}: it must be a number of at least {minimum}.")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """A setting with a fixed set of values; any other stops the start, listing the allowed."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    value = raw.strip()
    if value.upper() in {c.upper() for c in choices}:
        return next(c for c in choices if c.upper() == value.upper())
    raise ImproperlyConfigured(f"{name} is {raw!r}: use one of {', '.join(choices)}.")


RATE_PATTERN = re.compile(r"^\d+/(s|sec|second|m|min|minute|h|hour|d|day)s?$", re.IGNORECASE)


def env_rate(name: str, default: str) -> str:
    """A rate limit written ``N/s``, ``N/min``, ``N/hour`` or ``N/day``; empty means none."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().replace(" ", "")
    if value and not RATE_PATTERN.match(value):
        raise ImproperlyConfigured(
            f"{name} is {raw!r}: write a rate as N/s, N/min, N/hour or N/day (empty: no limit)."
        )
    return value


def database_from_url(name: str, **options: Any) -> dict[str, Any]:
    """The database a URL names; a URL that names none stops the start. The message names the
    variable and the scheme, never the address (it may carry a password)."""
    raw = os.environ[name].strip()
    scheme = raw.partition("://")[0] if "://" in raw else ""
    problem = None
    try:
        config = dict(dj_database_url.parse(raw, **options))
    except Exception as exc:  # dj_database_url raises several kinds on a malformed URL
        problem = type(exc).__name__
        config = {}
    if problem is None and not config.get("ENGINE"):
        problem = "no database engine"
    if problem is None and not config.get("NAME"):
        problem = "no database name"
    if problem is None and config["ENGINE"] != "django.db.backends.sqlite3":
        try:
            int(str(config.get("PORT") or 0))
        except (TypeError, ValueError):
            problem = "the port is not a number"
    if problem is not None:
        raise ImproperlyConfigured(
            f"{name} is not a database address Mufakat can use ({problem}; scheme "
            f"{scheme or 'missing'!r}). Write it as postgres://USER:PASSWORD@HOST:PORT/NAME."
        )
    return config


#: "production" unless set: ``make demo`` sets "demo", the test suite "test" (settings_test.py).
MUFAKAT_ENV = os.environ.get("MUFAKAT_ENV", "production").strip().lower()
if MUFAKAT_ENV not in {"production", "demo", "test"}:
    raise ImproperlyConfigured(
        f"MUFAKAT_ENV is {MUFAKAT_ENV!r}: use production (the default), demo or test."
    )
PRODUCTION = MUFAKAT_ENV == "production"
DEMO_SECRET_KEY = "insecure-demo-key-change-me-" + "x" * 24

# Debug pages show tracebacks and settings to whoever triggers an error: off everywhere, the demo
# included (it shows the site's own error pages); DJANGO_DEBUG=1 turns them on in development.
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip() or DEMO_SECRET_KEY
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is on outside the demo: debug pages show tracebacks and settings to anyone. "
        "Set DJANGO_DEBUG=0 (or unset it); to run the demo, set MUFAKAT_ENV=demo."
    )
if PRODUCTION and (SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is missing, the demo key or shorter than 50 characters. Set it to a "
        "long random value, e.g. from: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        " (to run the demo, set MUFAKAT_ENV=demo)."
    )
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "mufakat.accounts.apps.MufakatAdminConfig",  # the admin signs in through allauth + MFA
    "mufakat.accounts.cli",  # before django.contrib.auth: its account commands, audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "mufakat.core",
    "mufakat.accounts",
    "mufakat.audit",
    "mufakat.registry",
    "mufakat.meetings",
    "mufakat.workplans",
    "mufakat.monitoring",
    "mufakat.library",
    "mufakat.search",
    "mufakat.ingest",
    "mufakat.demo",
    "mufakat.desk",
    "mufakat.papers",
    "mufakat.frameworks",
    "mufakat.backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "mufakat.accounts.backends.SessionBackendMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mufakat.core.visibility.ReaderContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mufakat.accounts.middleware.RequireMFAMiddleware",
    "mufakat.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mufakat.urls"
WSGI_APPLICATION = "mufakat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mufakat.core.context_processors.navigation",
            ],
        },
    }
]

#: Prepared statements a PostgreSQL connection keeps (mufakat.core.postgresql).
MUFAKAT_DB_PREPARED_MAX = env_int("MUFAKAT_DB_PREPARED_MAX", 1000)
#: Statement texts whose conversion to PostgreSQL's placeholders a process keeps (same module).
MUFAKAT_DB_PARSED_MAX = env_int("MUFAKAT_DB_PARSED_MAX", 512)
#: Seconds a database connection is kept open (checked before reuse); PostgreSQL only.
MUFAKAT_DB_CONN_MAX_AGE = env_int("MUFAKAT_DB_CONN_MAX_AGE", 600)
#: Server-side binding and prepared statements on PostgreSQL (off behind some poolers).
MUFAKAT_DB_PREPARED = env_bool("MUFAKAT_DB_PREPARED", True)


def database_settings(name: str) -> dict[str, Any]:
    """One database's settings from the address in variable ``name``: the primary's, or a read
    replica's."""
    # A connection lives ten minutes (checked before reuse): its prepared statements and their
    # plans are lost with it, so a short life means planning the site's statements again.
    config = database_from_url(name, conn_max_age=MUFAKAT_DB_CONN_MAX_AGE, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["ENGINE"] = "mufakat.core.postgresql"
        # Parameters bound by the server, so psycopg prepares a statement the connection has
        # run a few times: a page's gated queries are then planned once per connection, not on
        # every request (planning them cost more than running them). MUFAKAT_DB_PREPARED=0
        # turns it off, e.g. behind a pooler in transaction mode without prepared statements.
        if MUFAKAT_DB_PREPARED:
            config.setdefault("OPTIONS", {}).update(
                {"server_side_binding": True, "prepare_threshold": 2}
            )
        # The planner prices gated queries over large tables high and would compile them to
        # machine code (JIT), which costs seconds for statements that run in milliseconds.
        # Kept when the address names other options (e.g. a read-only replica's).
        options = config.setdefault("OPTIONS", {})
        if "jit" not in options.get("options", ""):
            options["options"] = (options.get("options", "") + " -c jit=off").strip()
    return config


if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_settings("DATABASE_URL")}
    # Reads from a streaming replica (docs/ops/scaling.md): writes, migrations, transactions
    # and the task worker use the primary; a browser that wrote reads from the primary for
    # MUFAKAT_REPLICA_PIN_SECONDS, so its writer sees what was saved (mufakat.core.db_router).
    if os.environ.get("DATABASE_REPLICA_URL", "").strip():
        DATABASES["replica"] = database_settings("DATABASE_REPLICA_URL")
        DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
        # /healthz probes the replica: one that does not answer fails the probe in seconds.
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
        DATABASE_ROUTERS = ["mufakat.core.db_router.PrimaryReplicaRouter"]
        MIDDLEWARE.insert(1, "mufakat.core.db_router.PrimaryPinMiddleware")
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "mufakat.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
#: Seconds a browser that wrote reads from the primary instead of the replica.
MUFAKAT_REPLICA_PIN_SECONDS = env_int("MUFAKAT_REPLICA_PIN_SECONDS", 15)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's and allauth's, reading the session's user with their party (one query).
    "mufakat.accounts.backends.ModelBackend",
    "mufakat.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ALLOW_REGISTRATION = False
ACCOUNT_ADAPTER = "mufakat.accounts.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
# Two-factor authentication (allauth.mfa): an authenticator app (TOTP) with recovery codes for
# everyone; security keys (WebAuthn) for the Secretariat and administrators, as a second factor
# after the password (no password-less passkey sign-in). See docs/access.md.
MFA_ADAPTER = "mufakat.accounts.adapters.MufakatMFAAdapter"
MFA_FORMS = {"authenticate_webauthn": "mufakat.accounts.forms.AuditedAuthenticateWebAuthnForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Mufakat"
# Browsers and the server accept http://localhost without this; only for a demo on another
# plain-http host name.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env_bool("MUFAKAT_WEBAUTHN_ALLOW_INSECURE_ORIGIN", False)
#: Roles that must sign in with a second factor; empty (MUFAKAT_MFA_REQUIRED_ROLES="") for none.
MUFAKAT_MFA_REQUIRED_ROLES = [
    r.strip()
    for r in os.environ.get("MUFAKAT_MFA_REQUIRED_ROLES", "secretariat,platform_admin").split(",")
    if r.strip()
]
#: Staff need a second factor to open the admin, whatever their role.
MUFAKAT_MFA_REQUIRED_FOR_STAFF = env_bool("MUFAKAT_MFA_REQUIRED_FOR_STAFF", True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLED = env_bool("MUFAKAT_AXES", True)
# allauth would also lock a username for 5 minutes after 5 failures from anywhere, which lets
# anyone keep a named user out; failures per username count per address (axes, above), and
# allauth only slows down one address trying many names.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("id", _("Bahasa Indonesia")),
    ("vi", _("Vietnamese")),
    ("th", _("Thai")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers per language (mufakat/formats/<lang>/formats.py); templates name formats
# (DATE_FORMAT, SHORT_DATE_FORMAT …), never fixed patterns.
FORMAT_MODULE_PATH = ["mufakat.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "mufakat.core.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

TASKS = {
    "default": {
        "BACKEND": env_choice(
            "MUFAKAT_TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            (
                "django_tasks_db.DatabaseBackend",
                "django_tasks.backends.immediate.ImmediateBackend",
                "django_tasks.backends.dummy.DummyBackend",
            ),
        )
    }
}

# The sign-in rate limit and the frozen snapshots' parts must be shared by all gunicorn workers, so
# the cache is a table in the database (created by `mufakat createcachetable`, next to `migrate`);
# the test suite keeps it in memory. The API's rate limits have their own table (RateCounter).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        if MUFAKAT_ENV == "test"
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "mufakat_cache",
        }
    )
}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    # The demo keeps every mail as a file in var/demo/outbox (README, "Quick start").
    "django.core.mail.backends.filebased.EmailBackend"
    if MUFAKAT_ENV == "demo"
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(DATA_DIR / "outbox"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "mufakat@localhost")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
#: How many proxies in front of Mufakat append to X-Forwarded-For (nginx alone: 1). The client
#: address (mufakat.core.network.client_address) is the entry that many places from the right.
MUFAKAT_TRUSTED_PROXIES = 0
if env_bool("MUFAKAT_BEHIND_PROXY", False):
    # Behind nginx/a load balancer that sets X-Forwarded-Proto and X-Forwarded-For.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    MUFAKAT_TRUSTED_PROXIES = env_int("MUFAKAT_TRUSTED_PROXIES", 1, minimum=1)
# allauth's rate limits take the client from the same X-Forwarded-For entry.
ALLAUTH_TRUSTED_PROXY_COUNT = MUFAKAT_TRUSTED_PROXIES
# The login lockout counts failures per username *and* real client address.
AXES_CLIENT_IP_CALLABLE = "mufakat.core.network.client_address"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
# HTTPS only in production: redirect plain HTTP and tell browsers never to try it (HSTS).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Asking browsers to preload HSTS commits the whole domain, so it is the domain owner's choice
# (DJANGO_SECURE_HSTS_PRELOAD=1); without it, `check --deploy` would warn on every deployment.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

NINJA_PAGINATION_PER_PAGE = 50
# API rate limits ("N/s", "N/min", "N/hour", "N/day"): per client address for anonymous callers,
# per token (or per signed-in user) otherwise; empty: no limit. The test suite has none (its query
# counts leave out the one counting statement), except where a test sets one.
MUFAKAT_API_RATE_ANON = env_rate("MUFAKAT_API_RATE_ANON", "" if MUFAKAT_ENV == "test" else "60/min")
MUFAKAT_API_RATE_TOKEN = env_rate(
    "MUFAKAT_API_RATE_TOKEN", "" if MUFAKAT_ENV == "test" else "600/min"
)
# Longest lifetime of an API token: a leaked token is useful for at most a quarter.
MUFAKAT_TOKEN_MAX_DAYS = env_int("MUFAKAT_TOKEN_MAX_DAYS", 90, minimum=1)

MUFAKAT_LOG_LEVEL = env_choice(
    "MUFAKAT_LOG_LEVEL", "WARNING", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": MUFAKAT_LOG_LEVEL},
}

# Monitoring (reporting rounds): links in mails, evidence uploads, reminder timing.
MUFAKAT_SITE_URL = os.environ.get("MUFAKAT_SITE_URL", "http://127.0.0.1:8000")
#: Signs audit checkpoints (`mufakat audit anchor`); must differ from DJANGO_SECRET_KEY. Empty:
#: no checkpoints can be made or checked (docs/access.md, "The audit log").
MUFAKAT_AUDIT_ANCHOR_KEY = os.environ.get("MUFAKAT_AUDIT_ANCHOR_KEY", "").strip()
#: Seals backup manifests with an HMAC (`mufakat backup`); empty: a plain SHA-256 (docs/ops/backup.md).
MUFAKAT_BACKUP_KEY = os.environ.get("MUFAKAT_BACKUP_KEY", "").strip()
MUFAKAT_EVIDENCE_MAX_BYTES = env_int("MUFAKAT_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
MUFAKAT_UPLOAD_MAX_BYTES = env_int("MUFAKAT_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
MUFAKAT_REMINDER_DAYS_BEFORE = env_int("MUFAKAT_REMINDER_DAYS_BEFORE", 7)
MUFAKAT_DIGEST_FIRST_DAYS = env_int("MUFAKAT_DIGEST_FIRST_DAYS", 7)
# Largest spreadsheet a focal point may upload to a round (monitoring.spreadsheets).
MUFAKAT_IMPORT_MAX_BYTES = env_int("MUFAKAT_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# An upload that changes more reports than this is applied by the task worker (`mufakat
# db_worker`), with its progress on the page; a worker that dies holds it for the lease only.
MUFAKAT_SPREADSHEET_BACKGROUND_REPORTS = env_int("MUFAKAT_SPREADSHEET_BACKGROUND_REPORTS", 200)
MUFAKAT_SPREADSHEET_LEASE_SECONDS = env_int("MUFAKAT_SPREADSHEET_LEASE_SECONDS", 300, minimum=1)
# Test suite only: seconds the worker waits after each batch it writes (to kill it mid-import).
MUFAKAT_SPREADSHEET_TEST_PAUSE = (
    env_float("MUFAKAT_SPREADSHEET_TEST_PAUSE", 0.0) if MUFAKAT_ENV == "test" else 0.0
)

# -- Health (/healthz, docs/ops/production.md) ------------------------------------------------
# /healthz answers 503 when a ready task has waited longer than this many seconds for a worker
# (no worker running, or too few for the work), or when the data directory (uploads) has less
# free space than either limit below.
MUFAKAT_HEALTH_MAX_QUEUE_LAG = env_int("MUFAKAT_HEALTH_MAX_QUEUE_LAG", 300, minimum=1)
MUFAKAT_HEALTH_MIN_FREE_BYTES = env_int("MUFAKAT_HEALTH_MIN_FREE_BYTES", 1024**3)
MUFAKAT_HEALTH_MIN_FREE_PERCENT = env_float("MUFAKAT_HEALTH_MIN_FREE_PERCENT", 5.0)
#: Seconds a read replica may trail the primary before /healthz fails (mufakat.core.health).
MUFAKAT_HEALTH_MAX_REPLICA_LAG = env_float("MUFAKAT_HEALTH_MAX_REPLICA_LAG", 30.0)
# A task still "running" this many seconds after it started is taken for one whose worker died:
# `mufakat sweep_tasks` marks it failed (docs/ops/production.md, "The task worker dies").
MUFAKAT_TASK_STALE_SECONDS = env_int("MUFAKAT_TASK_STALE_SECONDS", 3600, minimum=1)
# Documented in docs/deploy.md as variables, read here (and checked) like every other one.
MUFAKAT_CALENDAR_RATE = env_rate("MUFAKAT_CALENDAR_RATE", "120/hour")
MUFAKAT_CALENDAR_TOKEN_DAYS = env_int("MUFAKAT_CALENDAR_TOKEN_DAYS", 365, minimum=1)
MUFAKAT_EXPORT_CHUNK = env_int("MUFAKAT_EXPORT_CHUNK", 2000, minimum=1)
# The load balancer's probe may reach /healthz over plain HTTP: no redirect to HTTPS for it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# -- IATI export of public work plans (docs: "IATI export") -----------------------------------
# The organisation that publishes the file (IATI's reporting-org): its identifier, its type
# (IATI OrganisationType: 40 multilateral) and its name. The default identifier is ASEAN's in
# the OECD DAC's list of channels (47003); an organisation with its own IATI identifier sets it.
MUFAKAT_IATI_REPORTING_ORG_REF = (
    os.environ.get("MUFAKAT_IATI_REPORTING_ORG_REF", "").strip() or "XM-DAC-47003"
)
MUFAKAT_IATI_REPORTING_ORG_TYPE = (
    os.environ.get("MUFAKAT_IATI_REPORTING_ORG_TYPE", "").strip() or "40"
)
MUFAKAT_IATI_REPORTING_ORG_NAME = (
    os.environ.get("MUFAKAT_IATI_REPORTING_ORG_NAME", "").strip() or "ASEAN Secretariat"
)
# IATI identifiers of partners, by party code, added to (or replacing) those Mufakat knows
# (Japan XM-DAC-701 …): "UNODC=XM-DAC-…,EU=XI-IATI-…".
MUFAKAT_IATI_ORGANISATION_REFS = {
    code.strip().upper(): ref.strip()
    for code, _, ref in (
        item.partition("=")
        for item in os.environ.get("MUFAKAT_IATI_ORGANISATION_REFS", "").split(",")
    )
    if code.strip() and ref.strip()
}

# -- Variables nobody reads ---------------------------------------------------------------------
# A MUFAKAT_ or DJANGO_ variable that nothing reads is almost always a misspelt one
# (MUFAKAT_MFA_REQUIRD_ROLES), which would otherwise leave the default quietly in force.

#: Variables read by Django itself, the test suite or the project's scripts rather than by the
#: settings above (with the prefix of Django's ``createsuperuser --noinput`` fields).
READ_ELSEWHERE = (
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_COLORS",
    "DJANGO_WATCHMAN_TIMEOUT",
    "DJANGO_AUTO_COMPLETE",
    "DJANGO_TEST_PROCESSES",
    "DJANGO_SUPERUSER_",
    "MUFAKAT_FUZZ_EXAMPLES",
    "MUFAKAT_FUZZ_COVERAGE",
    "MUFAKAT_REPLICA_PORT",
    "MUFAKAT_REPLICA_PRIMARY_PORT",
)
VARIABLE_NAME = re.compile(r"(MUFAKAT|DJANGO)_[A-Z0-9_]*")


def known_variables() -> frozenset[str]:
    """Every MUFAKAT_/DJANGO_ name written as a string in this file — what the settings read
    and :data:`READ_ELSEWHERE`: the one list, read from the source, so a new setting is known as
    soon as it is written, even one read only under a condition."""
    import ast

    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    return frozenset(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and VARIABLE_NAME.fullmatch(node.value)
    )


def unknown_variables(environ: Any, known: frozenset[str]) -> list[str]:
    """The MUFAKAT_/DJANGO_ variables of ``environ`` nothing reads, each with the closest known
    name when one is close."""
    import difflib

    prefixes = tuple(name for name in known if name.endswith("_"))
    problems = []
    for name in sorted(environ):
        if not VARIABLE_NAME.fullmatch(name) or name in known or name.startswith(prefixes):
            continue
        # Compared without their prefixes, which every name shares and which would make any
        # two names look alike.
        words = {known_name.partition("_")[2]: known_name for known_name in known}
        close = difflib.get_close_matches(name.partition("_")[2], sorted(words), n=1, cutoff=0.7)
        hint = f" Did you mean {words[close[0]]}?" if close else ""
        problems.append(f"{name} is set but Mufakat reads no such variable.{hint}")
    return problems


_UNKNOWN = unknown_variables(os.environ, known_variables())
if _UNKNOWN:
    raise ImproperlyConfigured(
        " ".join(_UNKNOWN)
        + " Correct or remove it (the settings are listed in docs/deploy.md, “Configuration”)."
    )
