# Mufakat build, demo and test entry points. `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Installs come from the lock files in requirements/ (hashes required), with uv: pip bootstraps
# the pinned uv into $(VENV), uv installs the rest (seconds from a warm cache, where pip takes ~50 s).
# One stamp per set: `make demo` installs the runtime set only, `make install`/`make test` the dev
# set on top (the same versions: runtime.txt is constrained by dev.txt).
UV_VERSION := 0.13.9
UV := $(BIN)/uv
UV_PIP := $(UV) pip install --quiet --python $(BIN)/python --no-config
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
# make lock UPGRADE=django (one package; several: UPGRADE="django weasyprint"), UPGRADE=all (everything)
UPGRADE ?=
PYTEST_ARGS ?=
# Test processes (pytest-xdist); a test file stays in one process, so a module's shared world
# (the permission matrix) is built once. PYTEST_WORKERS=0 runs everything in this process.
# Files are handed out in the order conftest.py gives them (the API fuzzing first, then the
# files with the most tests), not re-sorted by xdist.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder
# tests/screenshots rewrites docs/screenshots/*.png: only `make screenshots` runs it.
PYTEST_IGNORE := --ignore=tests/screenshots

.PHONY: help install install-runtime lock lock-check demo lint typecheck test test-sqlite test-postgres test-fuzz chromium axe \
	production test-production load test-replica messages \
	system-packages screenshots clean distclean demo-schema

help:
	@echo "make install      create $(VENV) and install Mufakat with the dev set (requirements/dev.txt)"
	@echo "make install-runtime  create $(VENV) with the runtime set only (requirements/runtime.txt), as make demo does"
	@echo "make lock         regenerate requirements/*.txt from pyproject.toml (UPGRADE=pkg or UPGRADE=all to bump)"
	@echo "make lock-check   fail when requirements/ is not what make lock would write"
	@echo "make demo         migrate + load demo data into var/demo, then serve on 127.0.0.1:\$${PORT:-8000} with the task worker (RELOAD=1: restart on code changes)"
	@echo "make demo-schema  rewrite the migrated SQLite snapshot new demo databases start from (after adding a migration)"
	@echo "make lint         lock-check, ruff check + ruff format --check, migrations check"
	@echo "make typecheck    mypy mufakat"
	@echo "make test         lint, typecheck, pytest on SQLite (with e2e) and on a throwaway PostgreSQL (without e2e), API fuzzing"
	@echo "make production   PostgreSQL + gunicorn (4 workers) + task worker with production settings (DIR=… keeps the data)"
	@echo "make test-production  run scripts/production.sh for real and check it (about 3 minutes)"
	@echo "make load         locust: 50 users for 10 minutes (LOAD_MINUTES=1 for a quick run) on a throwaway PostgreSQL"
	@echo "make test-replica two app processes and two task workers on a throwaway primary + streaming replica"
	@echo "make messages     extract the interface strings for every language, fill them from the tables, compile, report"
	@echo "make screenshots  regenerate docs/screenshots/ with Chromium"
	@echo "make clean        remove caches, build output and var/ (demo data); distclean also removes $(VENV)"

# --- environment -------------------------------------------------------------

# Without pip when the interpreter has its own (ensurepip takes seconds, uv needs no pip): that
# pip installs uv into the environment (pip --python); otherwise the environment gets pip.
$(BIN)/python:
	if $(PYTHON) -m pip --python "$$(command -v $(PYTHON))" --version >/dev/null 2>&1; then \
		$(PYTHON) -m venv --without-pip $(VENV); else $(PYTHON) -m venv $(VENV); fi

$(VENV): $(BIN)/python

# The installer itself, pinned and hash-checked, is the one thing pip installs.
$(UV): requirements/uv.txt | $(BIN)/python
	if [ -x $(BIN)/pip ]; then PIP="$(BIN)/python -m pip"; else PIP="$(PYTHON) -m pip --python $(BIN)/python"; fi; \
		$$PIP install --quiet --require-hashes --no-deps -r requirements/uv.txt
	touch $@

# Mufakat itself, editable, built with the locked setuptools (requirements/build.txt).
INSTALL_SELF = $(UV_PIP) --no-deps --build-constraints requirements/build.txt -e .

# Reinstall a set only when its lock (or pyproject.toml) changed, or its stamp is missing.
$(RUNTIME_STAMP): requirements/runtime.txt requirements/build.txt pyproject.toml | $(UV)
	$(UV_PIP) --require-hashes -r requirements/runtime.txt
	$(INSTALL_SELF)
	touch $@

$(DEV_STAMP): requirements/dev.txt requirements/build.txt pyproject.toml | $(UV)
	$(UV_PIP) --require-hashes -r requirements/dev.txt
	$(INSTALL_SELF)
	touch $@

install-runtime: $(RUNTIME_STAMP)

install: $(DEV_STAMP)

# --- lock files --------------------------------------------------------------

lock: | $(UV)
	UV_VERSION=$(UV_VERSION) PYTHON=$(BIN)/python scripts/lock.sh $(UV) \
		$(if $(filter all,$(UPGRADE)),--upgrade,$(foreach p,$(UPGRADE),--upgrade-package $(p)))

lock-check: | $(UV)
	UV_VERSION=$(UV_VERSION) PYTHON=$(BIN)/python scripts/lock.sh $(UV) --check

chromium:
	scripts/ensure-chromium.sh

# axe-core for the accessibility tests (tests/e2e/test_accessibility.py), pinned in
# tests/a11y/package-lock.json; `npm ci` only when node_modules is missing or out of date.
axe:
	scripts/ensure-axe.sh

# WeasyPrint's libraries, Noto fonts (Vietnamese, Thai, Khmer, Lao, Myanmar names) and pdftoppm.
system-packages:
	scripts/ensure-system-packages.sh

# --- demo --------------------------------------------------------------------

# The data goes to var/demo, the settings' default: the command line finds it there too.
# The system checks run once, when serve_demo's web server starts (runserver runs them), not
# before each step as well (about 1.5 s of CPU each). RELOAD=1 restarts the web server when the
# code changes (the reloader costs a second start-up of Django, so it is off for a first look).
RELOAD ?=
demo: export MUFAKAT_ENV := demo
demo: install-runtime system-packages
	$(BIN)/mufakat prepare_demo --skip-checks
	$(BIN)/mufakat serve_demo 127.0.0.1:$${PORT:-8000} $(if $(RELOAD),,--noreload)

# The SQLite snapshot new demo databases start from (mufakat/demo/sqlite_snapshot.py); a test
# fails when it is not what the migrations produce.
demo-schema: install-runtime
	$(BIN)/mufakat demo_schema

# --- translations ------------------------------------------------------------

# makemessages for id, vi, th; fills each catalogue from mufakat/locale/<lang>/translations.json;
# compilemessages; prints the untranslated count per language (docs/ops/languages.md).
messages: install
	$(BIN)/python scripts/translations.py messages

# --- checks ------------------------------------------------------------------

lint: install lock-check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	MUFAKAT_ENV=test MUFAKAT_DATA_DIR=$$(mktemp -d) $(BIN)/mufakat makemigrations --check --dry-run

typecheck: install
	$(BIN)/mypy mufakat

# SQLite: settings fall back to SQLite when DATABASE_URL is unset. All tests,
# browser (e2e) ones included.
test-sqlite: install chromium axe system-packages
	env -u DATABASE_URL $(BIN)/pytest -q $(PYTEST_PARALLEL) -m "not fuzz and not production" $(PYTEST_IGNORE) $(PYTEST_ARGS)

# PostgreSQL: a throwaway cluster (or $DATABASE_URL if set); e2e tests and the layout of
# PDF/DOCX papers (render) already ran on SQLite, so skip them here to keep the suite fast.
# The API fuzzing (marker fuzz, PostgreSQL only) runs here too, in one process while the other
# runs the rest: its file is handed out first, so it starts on a freshly migrated database as
# test-fuzz does.
test-postgres: install system-packages
	scripts/with-postgres.sh $(BIN)/pytest -q $(PYTEST_PARALLEL) -m "not e2e and not render and not production" $(PYTEST_IGNORE) $(PYTEST_ARGS)

# Schema-driven fuzzing of /api/v1/ (schemathesis), anonymous and as the Secretariat, on a
# throwaway PostgreSQL: a few minutes, deterministic (MUFAKAT_FUZZ_EXAMPLES to widen it).
# make test runs it within test-postgres; this target runs it alone.
test-fuzz: install system-packages
	scripts/with-postgres.sh $(BIN)/pytest -q -m fuzz tests/api/test_fuzz.py

test: install lint typecheck chromium axe test-sqlite test-postgres

# The production layout of docs/deploy.md on this machine (docs/ops/production.md): PostgreSQL,
# gunicorn with 4 workers, the task worker, WhiteNoise; DIR keeps the data (default: throwaway).
production: install-runtime
	PYTHON=$(BIN)/python scripts/production.sh $(DIR)

# Runs scripts/production.sh for real: healthz, pages, compressed static files, a PostgreSQL
# restart under load, SIGTERM (about 3 minutes).
test-production: install
	env -u DATABASE_URL $(BIN)/pytest -q -m production tests/ops/test_production_script.py

# A reporting deadline's rush (benchmarks/load/): gunicorn with 4 workers and the task worker on
# a throwaway PostgreSQL, locust headless; prints p95 per page, failures and lost writes.
LOAD_MINUTES ?= 10
load: install system-packages
	env -u DATABASE_URL LOAD_MINUTES=$(LOAD_MINUTES) scripts/with-postgres.sh $(BIN)/python benchmarks/load/run.py

# Reads from a streaming replica: a throwaway primary and hot standby (scripts/with-replica.sh),
# the router's tests on them, then two app processes and two task workers sharing them.
test-replica: install system-packages
	env -u DATABASE_URL REPLICA_APPLY_DELAY=1s scripts/with-replica.sh $(BIN)/pytest -q -p no:xdist tests/replica mufakat/core/tests/test_db_router.py


screenshots: install chromium system-packages
	env -u DATABASE_URL $(BIN)/pytest -m e2e tests/screenshots -q

# --- cleanup -----------------------------------------------------------------

clean:
	rm -rf var/ staticfiles/ test-results/ build/ dist/ *.egg-info \
		.mypy_cache/ .ruff_cache/ .pytest_cache/ tests/a11y/node_modules/
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
