# The two commands of the README: `make run` and `make test`. Only Python 3.11+ and make needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint typecheck migrations-check layers pytest bench bench-import messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp files make a second `make run` start at once instead of reinstalling.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py demo_login --host $(HOST) --port $(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy config crm contacts networks interactions benchmarks

migrations-check: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run

# The floors (README, Layout): a module that imports or names an app above it fails here.
layers: install-dev
	$(BIN)/pytest -q -p no:cacheprovider tests/test_layering.py

pytest: install-dev
	$(BIN)/pytest -q

test: lint typecheck migrations-check layers pytest

# Refresh the Polish catalogues from the code and compile them (needs gettext). The lock lets
# several people (or agents) in one tree run it without writing the .po files at once.
messages: install-dev
	flock /tmp/siec-messages.lock sh -c '$(BIN)/python manage.py makemessages -l pl --no-obsolete \
	  --ignore ".venv/*" --ignore "var/*" --ignore "tests/*" --ignore "benchmarks/*" && \
	  $(BIN)/python manage.py compilemessages -l pl --ignore ".venv/*"'

# Every page and list endpoint at ten years of data against its floor (PostgreSQL, not in
# `make test`): builds the data set the first time (~15 min), keeps it in its own database.
bench: install-dev
	$(BIN)/python -m benchmarks

bench-import: install-dev
	$(BIN)/python -m benchmarks.import_100k --baseline-rows 2000

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
