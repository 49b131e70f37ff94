# innspill — one entry point for set-up, demo, tests, lint and benchmarks.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CORPUS ?=
PORT ?= 8000
export INNSPILL_CORPUS ?= $(abspath ../shared/corpus)

.PHONY: demo test test-sqlite test-postgres lint bench system venv messages extract-messages clean serve

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

venv: $(VENV)/.installed

system:
	bash scripts/system-packages.sh

# Compiles the catalogues and prints how complete each language is (all strings, participant pages).
messages: venv
	cd src/innspill && ../../$(PY) -m innspill compilemessages -v 0 --ignore=.venv
	INNSPILL_DEV=1 $(PY) -m innspill messages_report

# Extracts new strings into every catalogue (then translate, then `make messages`).
extract-messages: venv
	cd src/innspill && ../../$(PY) -m innspill makemessages --all --ignore=.venv -v 0

# The demo writes e-mails to var/mail instead of sending them.
DEMO_ENV := INNSPILL_DEV=1 DEBUG=1 INNSPILL_ADMIN_REQUIRE_OTP=false EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend

demo: system venv messages
	mkdir -p var/mail
	$(DEMO_ENV) $(PY) -m innspill migrate --noinput -v 0
	$(DEMO_ENV) $(PY) -m innspill seed_demo
	@if [ -n "$(CORPUS)" ]; then $(DEMO_ENV) $(PY) -m innspill import_corpus "$(CORPUS)"; fi
	@echo "innspill kjører på http://127.0.0.1:$(PORT)/  (e-post havner i var/mail; Ctrl+C stopper nettsiden og arbeidsprosessen)"
# The task worker runs beside the web server; the trap stops it however the server ends.
	$(DEMO_ENV) $(PY) -m innspill run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(DEMO_ENV) $(PY) -m innspill runserver 127.0.0.1:$(PORT) --noreload

test: system venv messages test-sqlite test-postgres

test-sqlite:
	INNSPILL_DEV=1 DATABASE_URL= $(PY) -m pytest -n 2 --dist loadgroup -q -p no:cacheprovider tests

# Pure packages do not touch a database: on PostgreSQL only the Django tests run again.
test-postgres:
	INNSPILL_DEV=1 bash scripts/with-postgres.sh $(PY) -m pytest -n 2 --dist loadgroup -q -p no:cacheprovider \
		--ignore=tests/analysis --ignore=tests/documents tests

lint: venv
	$(VENV)/bin/ruff check src tests benchmarks tools
	$(VENV)/bin/ruff format --check src tests benchmarks tools
	$(VENV)/bin/mypy

bench: venv
	@for b in benchmarks/bench_*.py; do echo "== $$b"; INNSPILL_DEV=1 $(PY) $$b --quick || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
