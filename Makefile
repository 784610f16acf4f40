# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run serve check test test-quick test-fast lint bench install cjk-font messages check-messages clean hooks

# The CJK TrueType font embedded in certificates. No pip package carries it: when it is missing
# and we are root with apt-get, install it; otherwise warn (certificates then reference the
# non-embedded STSong-Light font, and the font tests fail saying how to install it).
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
CJK_FONT_PACKAGE := fonts-wqy-zenhei

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e ".[test]"
	touch $@ $(STAMP)

install: $(STAMP)

cjk-font:
	@if [ -f $(CJK_FONT) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing $(CJK_FONT_PACKAGE) (the CJK font embedded in certificates) with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(CJK_FONT_PACKAGE) \
	    || echo "WARNING: apt-get could not install $(CJK_FONT_PACKAGE)"; \
	else \
	  echo "WARNING: $(CJK_FONT) is missing and cannot be installed here (needs root and apt-get)."; \
	  echo "WARNING: certificates fall back to the non-embedded STSong-Light font;"; \
	  echo "WARNING: install it with: sudo apt-get install $(CJK_FONT_PACKAGE)"; \
	fi

# Where `make run` listens (README: serving on another address also sets PERMITS_SITE_URL).
RUN_ADDR ?= 127.0.0.1:8000

run: $(STAMP) cjk-font
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	DJANGO_DEBUG=1 $(PY) manage.py audit_checkpoint
	DJANGO_DEBUG=1 PERMITS_INPROCESS_TICK=1 $(PY) manage.py runserver $(RUN_ADDR)

# Production settings on this machine (README "Serving with gunicorn"): DEBUG off, gunicorn with
# config/gunicorn.conf.py, static files collected with hashed names and compressed (what each
# release does, docs/deployment.md "Static files"); keys are development ones under var/. A
# variable set in the environment wins.
SERVE_SECRET := var/serve-secret-key

serve: $(STAMP) cjk-font
	@mkdir -p var
	@[ -s $(SERVE_SECRET) ] || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $(SERVE_SECRET)
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	@# The development audit key (PERMITS_AUDIT_KEY_FILE, var/ by default), created when absent.
	DJANGO_DEBUG=1 $(PY) manage.py shell -v0 -c "from audit.checkpoints import signing_key; signing_key()"
	@# The development personal-data keys (PERMITS_PII_KEY_FILE, var/ by default), likewise.
	DJANGO_DEBUG=1 $(PY) manage.py shell -v0 -c "from core.pii import pii_keys; pii_keys()"
	@# Without DEBUG: the manifest storage, whose hashed names the pages link.
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=0 \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(SERVE_SECRET))}" \
	PERMITS_SITE_URL="$${PERMITS_SITE_URL:-http://127.0.0.1:8000}" \
	PERMITS_DOCUMENT_SIGNING_AUTOCREATE="$${PERMITS_DOCUMENT_SIGNING_AUTOCREATE:-1}" \
	PERMITS_GUNICORN_ACCESS_LOG="$${PERMITS_GUNICORN_ACCESS_LOG:-1}" \
	PERMITS_LOCAL_CACHE_OK="$${PERMITS_LOCAL_CACHE_OK:-1}" \
	$(VENV)/bin/gunicorn -c config/gunicorn.conf.py

# pytest-xdist: one worker per CPU, each test module on one worker (its module-scoped fixtures
# made once: the demo seeded, collectstatic run). Serial: `make test PARALLEL=`. The tests marked
# `alone` (the multi-server test: two gunicorns and a Celery worker with a 60 s start-up budget)
# run after it, by themselves. --durations: CI's log names the slowest tests.
# --no-loadscope-reorder: xdist would otherwise hand out the modules with the most tests first,
# and the every-URL probes (a few tests, minutes each; tests/conftest.py sorts the slow first)
# would start last and run on alone.
PARALLEL ?= -n auto --dist loadfile --no-loadscope-reorder

# The static checks: lint and format, the import layers, no model change without its migration,
# mypy strict.
check: $(TEST_STAMP) cjk-font
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy

test: check
	$(PY) -m pytest $(PARALLEL) -m "not alone" --durations=25
	$(PY) -m pytest -m alone

# CI's SQLite pass (.ci/run, README "Testing"): the checks and the quick suite (make test-fast's
# selection) on a new database, as on a fresh machine; the whole suite runs on PostgreSQL.
test-quick: check
	$(PY) -m pytest $(PARALLEL) $(FAST_TESTS) --durations=25

# The quick loop (README "Testing"): the suite less its slow probes, the browser tests and the
# PostgreSQL-only ones, in parallel, each worker's SQLite test database kept under var/ between
# runs (made again when a migration file changes). Extra pytest arguments in ARGS, e.g.
# `make test-fast ARGS=--create-db` or `make test-fast ARGS="-k verify"`.
FAST_TESTS := -m "not slow and not browser and not postgres"

test-fast: $(TEST_STAMP) cjk-font
	$(PY) -m pytest $(PARALLEL) --reuse-db $(FAST_TESTS) --durations=15 $(ARGS)

messages: $(TEST_STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var --ignore=bench --no-obsolete
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

check-messages: $(TEST_STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

bench: $(TEST_STAMP)
	$(PY) bench/queue_bench.py
	$(PY) bench/supervision_bench.py
	$(PY) bench/screening_bench.py
	$(PY) bench/audit_bench.py
	@# PostgreSQL only: DATABASE_URL's server, else the local one (drops permits_lifecycle_bench).
	$(PY) bench/lifecycle_bench.py
	$(PY) bench/stack_floor_bench.py
	$(PY) bench/page_weight_bench.py

# The local git hooks of .pre-commit-config.yaml: ruff, templates, and the commit message
# convention of .gitlint (subject <= 72 characters, the why in the body).
hooks: | $(PY)
	$(PIP) install --quiet pre-commit
	$(VENV)/bin/pre-commit install

clean:
	rm -rf $(VENV) var db.sqlite3
