# Two commands for a newcomer: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate regions demo serve lint format messages worker beat bench-smoke clean

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c requirements.lock -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

regions: migrate
	$(PY) manage.py load_regions
	$(PY) manage.py load_policies

demo: regions
	$(PY) manage.py seed_demo

serve:
	$(PY) manage.py runserver $(HOST):$(PORT)

## make run: install, migrate, load regions and policy data, seed demo data, serve on http://127.0.0.1:8000
run: demo serve

## make test: lint, then the whole test suite (PostgreSQL when DATABASE_URL is set, else SQLite)
test: install lint
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Rebuild the translation catalogues after changing user-facing text (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l id -l en --no-obsolete --ignore=tests
	$(PY) manage.py makemessages -d djangojs -l id -l en --no-obsolete --ignore=tests --ignore=static/vendor
	$(PY) manage.py compilemessages --ignore=.venv

worker: install
	$(VENV)/bin/celery -A portal worker --loglevel=INFO --concurrency=2

beat: install
	$(VENV)/bin/celery -A portal beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
