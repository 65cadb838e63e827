# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
PYTEST_ARGS ?=

.PHONY: run test install install-dev lint format bench clean translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Create the database, load the bundled demonstration data, serve on http://127.0.0.1:5000
run: install
	$(BIN)/resource-directory init-db
	$(BIN)/resource-directory import data/resources.csv --source demo
	$(BIN)/resource-directory serve --port $(PORT)

## Lint, check formatting and the layer contracts, run the whole test suite (SQLite; PostgreSQL too when TEST_DATABASE_URL is set)
test: install-dev
	./scripts/ensure-chromium.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

## Re-extract the reason messages, update the Spanish catalogue and compile it (commit all three)
translations: install-dev
	$(BIN)/pybabel extract -F babel.cfg --project resource-directory --version 0.1.0 \
	    --copyright-holder "the resource-directory authors" --no-location --sort-output \
	    -o resource_directory/translations/messages.pot .
	$(BIN)/pybabel update -i resource_directory/translations/messages.pot \
	    -d resource_directory/translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d resource_directory/translations --statistics
