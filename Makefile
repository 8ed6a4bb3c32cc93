# Mufakat build, demo and test entry points. `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
# Test processes (pytest-xdist); a test file stays in one process, so a module's shared world
# (the permission matrix) is built once. PYTEST_WORKERS=0 runs everything in this process.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadfile
# tests/screenshots rewrites docs/screenshots/*.png: only `make screenshots` runs it.
PYTEST_IGNORE := --ignore=tests/screenshots

.PHONY: help install demo lint typecheck test test-sqlite test-postgres test-fuzz chromium \
	system-packages screenshots clean distclean messages

help:
	@echo "make install      create $(VENV) and install Mufakat with its dev extra"
	@echo "make demo         migrate + load demo data into var/demo, then serve on 127.0.0.1:\$${PORT:-8000} with the task worker"
	@echo "make lint         ruff check + ruff format --check"
	@echo "make typecheck    mypy mufakat"
	@echo "make test         lint, typecheck, pytest on SQLite (with e2e) and on a throwaway PostgreSQL (without e2e), API fuzzing"
	@echo "make messages     extract the interface strings for every language, fill them from the tables, compile, report"
	@echo "make screenshots  regenerate docs/screenshots/ with Chromium"
	@echo "make clean        remove caches, build output and var/ (demo data); distclean also removes $(VENV)"

# --- environment -------------------------------------------------------------

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV): $(BIN)/python

# Reinstall only when pyproject.toml changed (or the stamp is missing).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[dev]'
	touch $@

install: $(STAMP)

chromium:
	scripts/ensure-chromium.sh

# WeasyPrint's libraries, Noto fonts (Vietnamese, Thai, Khmer, Lao, Myanmar names) and pdftoppm.
system-packages:
	scripts/ensure-system-packages.sh

# --- demo --------------------------------------------------------------------

# The data goes to var/demo, the settings' default: the command line finds it there too.
demo: export MUFAKAT_ENV := demo
demo: install system-packages
	$(BIN)/mufakat migrate --noinput
	$(BIN)/mufakat createcachetable
	$(BIN)/mufakat load_demo
	$(BIN)/mufakat serve_demo 127.0.0.1:$${PORT:-8000}

# --- translations ------------------------------------------------------------

# makemessages for id, vi, th; fills each catalogue from mufakat/locale/<lang>/translations.json;
# compilemessages; prints the untranslated count per language (docs/ops/languages.md).
messages: install
	$(BIN)/python scripts/translations.py messages

# --- checks ------------------------------------------------------------------

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	MUFAKAT_ENV=test MUFAKAT_DATA_DIR=$$(mktemp -d) $(BIN)/mufakat makemigrations --check --dry-run

typecheck: install
	$(BIN)/mypy mufakat

# SQLite: settings fall back to SQLite when DATABASE_URL is unset. All tests,
# browser (e2e) ones included.
test-sqlite: install chromium system-packages
	env -u DATABASE_URL $(BIN)/pytest -q $(PYTEST_PARALLEL) -m "not fuzz" $(PYTEST_IGNORE) $(PYTEST_ARGS)

# PostgreSQL: a throwaway cluster (or $DATABASE_URL if set); e2e tests and the layout of
# PDF/DOCX papers (render) already ran on SQLite, so skip them here to keep the suite fast.
test-postgres: install system-packages
	scripts/with-postgres.sh $(BIN)/pytest -q $(PYTEST_PARALLEL) -m "not e2e and not fuzz and not render" $(PYTEST_IGNORE) $(PYTEST_ARGS)

# Schema-driven fuzzing of /api/v1/ (schemathesis), anonymous and as the Secretariat, on a
# throwaway PostgreSQL: a few minutes, deterministic (MUFAKAT_FUZZ_EXAMPLES to widen it).
test-fuzz: install system-packages
	scripts/with-postgres.sh $(BIN)/pytest -q -m fuzz tests/api/test_fuzz.py

test: install lint typecheck chromium test-sqlite test-postgres test-fuzz

screenshots: install chromium system-packages
	env -u DATABASE_URL $(BIN)/pytest -m e2e tests/screenshots -q

# --- cleanup -----------------------------------------------------------------

clean:
	rm -rf var/ staticfiles/ test-results/ build/ dist/ *.egg-info \
		.mypy_cache/ .ruff_cache/ .pytest_cache/
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
