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

.PHONY: run test lint schema check-schema bench serve-prod install clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
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

clean:
	rm -rf $(VENV) var/db.sqlite3 .pytest_cache
