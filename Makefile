# Two commands for a newcomer: `make run` and `make test`. Everything else is
# what those two need, each step skipped when it is already up to date.

SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
FLASK := .venv/bin/flask --app wsgi
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
VENDOR := static/vendor
PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
CHROMIUM := /usr/bin/chromium
PORT ?= 5000
# Test processes in parallel (pytest-xdist): one per core unless told otherwise.
WORKERS ?= auto
PYTEST := .venv/bin/pytest -q -n $(WORKERS)
# The awkward instants `make test-clocks` pins the clock at (tests/support/clocks.py).
CLOCKS := friday-night clocks-forward clocks-back new-years-eve leap-day

.PHONY: run test setup venv test-deps node assets translations db demo lint typecheck \
        content-check pytest test-postgres test-clocks test-shuffled bench extract-messages update-messages compile-messages \
        chromium clean

# The app and, beside it, a hub worker draining the outbox into the drop folder
# (instance/hub-outbox/ unless HUB_DROP_DIR says otherwise). Ctrl-C stops both.
run: setup db demo
	@echo "Serving http://127.0.0.1:$(PORT), with a hub worker beside it. Ctrl-C stops both."
	@trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  HUB_TRANSPORT=$${HUB_TRANSPORT:-file} $(FLASK) hub worker & worker=$$!; \
	  $(FLASK) run --host 127.0.0.1 --port $(PORT)

setup: venv assets translations

venv: .venv/.installed
.venv/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

test-deps: .venv/.test-installed
.venv/.test-installed: .venv/.installed pyproject.toml
	$(PIP) install --quiet -e ".[test]"
	touch $@

node: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: $(VENDOR)/app.css $(VENDOR)/nhsuk/.copied
$(VENDOR)/app.css: node_modules/.installed $(wildcard static/scss/*.scss static/scss/components/*.scss)
	mkdir -p $(VENDOR)
	node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map --quiet-deps \
	  static/scss/app.scss $@
$(VENDOR)/nhsuk/.copied: node_modules/.installed
	mkdir -p $(VENDOR)/nhsuk
	cp $(NHSUK)/nhsuk-frontend.min.js $(VENDOR)/nhsuk/
	rm -rf $(VENDOR)/nhsuk/assets && cp -r $(NHSUK)/assets $(VENDOR)/nhsuk/assets
	touch $@

translations: $(MO_FILES)
translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po .venv/.installed
	.venv/bin/pybabel compile -d translations -l $* --statistics

extract-messages: venv
	.venv/bin/pybabel extract -F translations/babel.cfg -k _l -o translations/messages.pot --no-location --sort-output .

# No fuzzy matching: a guessed translation of clinical advice is worse than English.
update-messages: extract-messages
	.venv/bin/pybabel update -i translations/messages.pot -d translations --ignore-obsolete --no-fuzzy-matching

compile-messages: translations

db: venv
	$(FLASK) db upgrade

demo: venv
	$(FLASK) demo load

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium; \
	  else echo "Chromium is missing: install Debian's chromium package"; exit 1; fi; \
	fi

lint: test-deps
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

typecheck: test-deps
	.venv/bin/mypy

content-check: venv
	$(FLASK) content check

pytest: test-deps assets translations chromium
	$(PYTEST)

test: lint typecheck content-check pytest
	.venv/bin/bandit -q -r patient_app -ll

# The database-facing tests again, on PostgreSQL (CI runs this when a server answers),
# with the clock on a Friday night in summer time, so every CI run tries two instants.
test-postgres: test-deps assets translations
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
	  $(PYTEST) -m database --clock=$${TEST_CLOCK:-friday-night}

# The whole suite once at each awkward instant (about 5 minutes each).
test-clocks: test-deps assets translations chromium
	@for instant in $(CLOCKS); do \
	  echo "== clock pinned at $$instant"; \
	  $(PYTEST) --clock=$$instant || exit 1; \
	done

# The whole suite in a random order (the seed is printed; repeat one with
# `.venv/bin/pytest -p randomly --randomly-seed=<seed>`).
test-shuffled: test-deps assets translations chromium
	$(PYTEST) -p randomly

bench: test-deps assets translations
	.venv/bin/python -m tests.bench

clean:
	rm -rf .venv node_modules $(VENDOR) instance .pytest_cache .mypy_cache .ruff_cache test-artifacts
	find translations -name '*.mo' -delete
