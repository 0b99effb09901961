# One command to run, one to test. Both install into .venv from a lock with hashes: `make run` only what serving
# needs (requirements.lock), everything else (tests, lint, fuzzing, benchmarks) requirements-dev.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults; production sets DJANGO_DEBUG=0 and SECRET_KEY itself.
export DJANGO_DEBUG ?= 1
# Where people reach the console (printed by load_demo, used in invitation mails).
export CONSOLE_BASE_URL ?= http://$(HOST):$(PORT)
export DJANGO_SETTINGS_MODULE ?= config.settings
export PYTHONDONTWRITEBYTECODE = 1

.PHONY: run test lint schema check-schema client bench loadtest fuzz serve-prod install install-dev lock superuser clean vendor \
	demo-codes browsers vendor-axe bench-tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Exactly the locked versions, each file checked against its hash; a dependency missing from the lock is an error.
$(RUNTIME): requirements.lock | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r requirements.lock
	touch $@

# The dev lock holds the runtime lock's packages at the same versions, so it satisfies `make run` too.
$(DEV): requirements-dev.lock | $(BIN)/python
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	touch $@ $(RUNTIME)

install: $(RUNTIME)
install-dev: $(DEV)

# Re-lock after editing requirements.txt or requirements-dev.txt: pip-compile (pip-tools) keeps every pin it can,
# resolves what changed, and records each file's hashes. The runtime lock first; the dev lock is constrained to it.
# Only the package index is consulted (no machine-local pip configuration or wheel folders).
LOCK_ENV := env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	--no-emit-trusted-host
lock: $(DEV)
	$(LOCK_ENV) $(BIN)/pip-compile $(LOCK_FLAGS) --output-file requirements.lock requirements.txt
	sed -n 's/^\([A-Za-z0-9._-]*==[^ ;\\]*\).*/\1/p' requirements.lock > $(VENV)/runtime-pins.txt
	$(LOCK_ENV) $(BIN)/pip-compile $(LOCK_FLAGS) --constraint $(VENV)/runtime-pins.txt \
		--output-file requirements-dev.lock requirements-dev.txt

# The server, and Celery beat beside it running the periodic jobs in its own process (sharing/periodic.py).
run: $(RUNTIME)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/celery -A config --quiet beat -l WARNING & beat=$$!; \
	trap 'kill $$beat 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(DEV)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

schema: $(DEV)
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file api_docs/openapi.yaml

# The Python client in clients/python/sharing_client, generated from the schema (run after `make schema`). The same
# generation is compared with the committed folder by tests/test_python_client.py. One known skip: the waivers' Atom
# feed (application/atom+xml) has no typed response in the client (the generator warns; see clients/python/README.md).
# Generated afresh (not over the old copy) so that files of removed operations go too.
client: $(DEV)
	rm -rf clients/python/sharing_client
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/openapi-python-client generate --path api_docs/openapi.yaml \
		--config clients/python/generator-config.yaml --meta none --output-path clients/python/sharing_client

# bench/reads.py drives gunicorn with wrk (Debian's package), installed here when missing and we are root.
bench: $(DEV) bench-tools
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-tools:
	@if command -v wrk >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; \
	else echo "wrk is missing: run 'make bench-tools' as root (apt-get install wrk); bench/reads.py needs it" >&2; fi

# gunicorn on its own PostgreSQL database (bench_load) under locust's mix; BENCH_SCALE=small for a quick look.
loadtest: $(DEV)
	BENCH_SCALE=$${BENCH_SCALE:-full} $(BIN)/python -m bench.load.run

# schemathesis against api_docs/openapi.yaml, deeper than the ordinary suite's few examples per operation.
fuzz: $(DEV)
	FUZZ_MAX_EXAMPLES=$${FUZZ_MAX_EXAMPLES:-40} $(BIN)/python -m pytest tests/test_api_fuzz.py -q -p no:randomly $(PYTEST_ARGS)

# Production-style: gunicorn, a Celery worker and beat, against DATABASE_URL and REDIS_URL (and SECRET_KEY,
# ALLOWED_HOSTS) from the environment. Ctrl-C stops all three. Run one beat per deployment: it is the only sender
# of the periodic jobs (schedule in the database, see the admin's "Periodic tasks").
serve-prod: $(RUNTIME)
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" -a -n "$$SECRET_KEY" || \
		{ echo "serve-prod needs DATABASE_URL, REDIS_URL and SECRET_KEY in the environment" >&2; exit 1; }
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --no-input -v0
	DJANGO_DEBUG=0 $(BIN)/celery -A config worker -l INFO --concurrency=$${CELERY_CONCURRENCY:-2} & worker=$$!; \
	DJANGO_DEBUG=0 $(BIN)/celery -A config beat -l INFO & beat=$$!; \
	trap 'kill $$worker $$beat 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=0 $(BIN)/gunicorn -c config/gunicorn.py config.wsgi

# The console's browser assets (htmx, ...): fetched from the npm registry at the versions pinned in
# tools/vendor.json, integrity checked, written under sharing/static/console/vendor/. The committed files are what
# is served (no asset is loaded from the internet at run time); this only refreshes them.
vendor:
	$(PYTHON) tools/vendor_assets.py

# DEMO ONLY: the demo people's current authenticator codes (for signing in to the console without an app).
demo-codes: $(RUNTIME)
	$(BIN)/python manage.py demo_codes

# The browser tests (tests/browser/) drive Debian's Chromium through Playwright's bundled driver; Playwright's own
# browser download is never used (closed networks). Installs the package when /usr/bin/chromium is missing (as root).
CHROMIUM ?= /usr/bin/chromium
browsers:
	@if [ -x "$(CHROMIUM)" ]; then echo "$(CHROMIUM) is installed: $$($(CHROMIUM) --version 2>/dev/null)"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "$(CHROMIUM) is missing: run 'make browsers' as root (apt-get install chromium)" >&2; exit 1; fi

# axe-core, the accessibility engine the browser tests inject into each page (test-only: not served). Fetched from
# the npm registry at a pinned version; refused unless the tarball's sha512 is the pinned one. The committed files
# are what the tests use (tests/browser/conftest.py checks their SHA-256 offline).
AXE_VERSION := 4.14.1
AXE_INTEGRITY := sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
AXE_DIR := tests/browser/vendor/axe-core@$(AXE_VERSION)
vendor-axe:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	(cd "$$tmp" && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null) || exit 1; \
	got="sha512-$$(openssl dgst -sha512 -binary "$$tmp/axe-core-$(AXE_VERSION).tgz" | base64 -w0)"; \
	if [ "$$got" != "$(AXE_INTEGRITY)" ]; then echo "axe-core $(AXE_VERSION): integrity $$got is not the pinned one" >&2; exit 1; fi; \
	tar -xzf "$$tmp/axe-core-$(AXE_VERSION).tgz" -C "$$tmp" package/axe.min.js package/LICENSE && \
	mkdir -p $(AXE_DIR) && cp "$$tmp/package/axe.min.js" "$$tmp/package/LICENSE" $(AXE_DIR)/ && \
	echo "axe-core $(AXE_VERSION) written to $(AXE_DIR)"

clean:
	rm -rf $(VENV) var/db.sqlite3 .pytest_cache
