# Overture — the commands the README gives.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres lint bench install seed worker clean

# The virtualenv is rebuilt whenever the lock file changes.
$(VENV)/.installed: requirements.lock
	@test -x $(PY) || "$$(./scripts/find-python)" -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

# Browser-side test tools (axe-core) from the npm registry, pinned by package-lock.json.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed

## run: set up SQLite in var/, seed the demo, serve on http://127.0.0.1:8000 with a worker
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py serve_with_worker --addr $(HOST):$(PORT)

## test: the whole suite (set DATABASE_URL to run it on PostgreSQL)
test: install node_modules/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install node_modules/.installed
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/overture} $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

## bench: benchmark figures, one `name: value` per line (needs PostgreSQL)
bench: install
	$(PY) -m bench

worker: install
	$(PY) manage.py ox_worker

clean:
	rm -rf $(VENV) var
