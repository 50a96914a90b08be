# Two commands on a fresh machine: `make run` and `make test`. Everything they need is set up here.
#
# Two virtual environments: .venv holds what running Alur needs (`make run`, `make bench`, `alur`), nothing
# else; .venv-test adds the test extra (pytest, Playwright, pm4py, which brings pandas), so that what runs
# Alur holds nothing the tests alone need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TEST_VENV := .venv-test
TEST_BIN := $(TEST_VENV)/bin
DB ?= var/alur.db
HOST ?= 127.0.0.1
PORT ?= 5000
CHROMIUM := /usr/bin/chromium

.PHONY: run test test-sqlite test-postgresql setup setup-test browser postgresql demo lint-bpmn bench clean

setup: $(VENV)/.installed-runtime node_modules/.installed

setup-test: $(TEST_VENV)/.installed node_modules/.installed

# Made afresh whenever pyproject.toml changes, so nothing that was once installed in it (an old test extra) stays.
$(VENV)/.installed-runtime: pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_VENV)/.installed: pyproject.toml
	rm -rf $(TEST_VENV)
	$(PYTHON) -m venv $(TEST_VENV)
	$(TEST_BIN)/pip install --quiet --upgrade pip
	$(TEST_BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium for the browser tests; never a browser downloaded by a test tool.
browser:
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
	  echo "!!! $(CHROMIUM) is missing and this is not root: install Debian's chromium package to run the browser tests"; \
	fi

# Debian's PostgreSQL server binaries for the second store's pass (the tests start and stop their own cluster).
postgresql:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; \
	else \
	  echo "!!! PostgreSQL's initdb is missing and this is not root: install Debian's postgresql package to run the PostgreSQL pass"; \
	fi

lint-bpmn: node_modules/.installed
	npx --no-install bpmnlint bpmn/*/*.bpmn

# The whole suite on SQLite and, side by side with it, every test that uses the store again on a throwaway
# PostgreSQL cluster (bench/pgcluster.py): the two passes wait on disks, servers and browsers more than on the
# processors, so together they take little longer than one. Each pass's output is printed when it ends.
test: setup-test browser postgresql
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "!!!!!!!! $(CHROMIUM) NOT FOUND: BROWSER TESTS WILL NOT RUN !!!!!!!!"; \
	  if [ "$$CI" = "true" ]; then echo "CI=true: failing instead of skipping the browser tests"; exit 1; fi; \
	fi
	@if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then \
	  echo "!!!!!!!! pdftotext/pdftoppm NOT FOUND: THE PRINTED-DOCUMENT TESTS WILL NOT RUN (install Debian's poppler-utils) !!!!!!!!"; \
	  if [ "$$CI" = "true" ]; then echo "CI=true: failing instead of skipping the printed-document tests"; exit 1; fi; \
	fi
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then \
	  echo "!!!!!!!! PostgreSQL (initdb) NOT FOUND: THE POSTGRESQL PASS WILL NOT RUN (install Debian's postgresql) !!!!!!!!"; \
	  if [ "$$CI" = "true" ]; then echo "CI=true: failing instead of skipping the PostgreSQL pass"; exit 1; fi; \
	fi
	$(MAKE) lint-bpmn
	$(MAKE) -j2 --output-sync=target test-sqlite test-postgresql

test-sqlite: setup-test
	@echo "=== the tests on SQLite ==="
	$(TEST_BIN)/python -m pytest -q -p no:cacheprovider

test-postgresql: setup-test
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null; then \
	  echo "=== the tests that use the store, on PostgreSQL (--store=postgresql) ==="; \
	  $(TEST_BIN)/python -m pytest -q -p no:cacheprovider --store=postgresql; \
	fi

# Start Alur on the embedded SQLite default with both SOPs deployed and a demo user for every lane,
# then serve the web UI (gunicorn, development mode) at http://$(HOST):$(PORT)/; it prints the demo accounts.
run: setup
	$(BIN)/alur demo --history --db $(DB)
	@echo
	@# The mail worker beside the server: both start, and Ctrl-C (or the server ending) stops both.
	$(BIN)/alur worker --db $(DB) & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	ALUR_ENV=development $(BIN)/alur serve --db $(DB) --host $(HOST) --port $(PORT)

# `make bench ONLY="engine_overhead web_throughput"` runs only those figures (names as bench/run.py prints them).
bench: setup
	$(BIN)/python -m bench.run $(if $(ONLY),--only $(ONLY))

clean:
	rm -rf $(VENV) $(TEST_VENV) node_modules var
