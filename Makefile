# One command to run, one to test. Everything installs into .venv from requirements.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults; production sets DJANGO_DEBUG=0 and SECRET_KEY itself.
export DJANGO_DEBUG ?= 1
export DJANGO_SETTINGS_MODULE ?= config.settings
export PYTHONDONTWRITEBYTECODE = 1

.PHONY: run test lint schema check-schema bench loadtest fuzz serve-prod install clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py run_periodic & periodic=$$!; \
	trap 'kill $$periodic 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

schema: $(STAMP)
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file api_docs/openapi.yaml

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

# gunicorn on its own PostgreSQL database (bench_load) under locust's mix; BENCH_SCALE=small for a quick look.
loadtest: $(STAMP)
	BENCH_SCALE=$${BENCH_SCALE:-full} $(BIN)/python -m bench.load.run

# schemathesis against api_docs/openapi.yaml, deeper than the ordinary suite's few examples per operation.
fuzz: $(STAMP)
	FUZZ_MAX_EXAMPLES=$${FUZZ_MAX_EXAMPLES:-40} $(BIN)/python -m pytest tests/test_api_fuzz.py -q -p no:randomly $(PYTEST_ARGS)

# Production-style: gunicorn, a Celery worker and beat, against DATABASE_URL and REDIS_URL (and SECRET_KEY,
# ALLOWED_HOSTS) from the environment. Ctrl-C stops all three.
serve-prod: $(STAMP)
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" -a -n "$$SECRET_KEY" || \
		{ echo "serve-prod needs DATABASE_URL, REDIS_URL and SECRET_KEY in the environment" >&2; exit 1; }
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --no-input -v0
	DJANGO_DEBUG=0 $(BIN)/celery -A config worker -l INFO --concurrency=$${CELERY_CONCURRENCY:-2} & worker=$$!; \
	DJANGO_DEBUG=0 $(BIN)/celery -A config beat -l INFO --schedule var/celerybeat-schedule & beat=$$!; \
	trap 'kill $$worker $$beat 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=0 $(BIN)/gunicorn -c config/gunicorn.py config.wsgi

clean:
	rm -rf $(VENV) var/db.sqlite3 .pytest_cache
