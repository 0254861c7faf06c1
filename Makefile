# acthub: `make run` serves the portal with the seed program; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# manage.py runs the production settings unless told otherwise: the developer targets ask for local.
MANAGE := DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.local} $(PY) manage.py
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# The suite runs on every core (pytest-xdist); PYTEST_ARGS= runs it in one process.
PYTEST_ARGS ?= -n auto --dist worksteal
APT_GET := $(shell command -v apt-get 2>/dev/null)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install sysdeps sysdeps-test sysdeps-bench fonts lint test-sqlite test-postgres messages demo bench audit clean

run: install messages fonts
	$(MANAGE) migrate --noinput
	$(MANAGE) load_seed
	$(MANAGE) load_actip
	$(MANAGE) sync_indicators
	$(MANAGE) demo_users
	@# Stored jobs (imports, PDF renders) run in a worker beside the server; both stop together. The URL
	@# is printed once the server answers, so that what it says is true when it is read.
	@$(MANAGE) db_worker --interval 0.5 --no-startup-delay & worker=$$!; \
	  $(MANAGE) runserver 127.0.0.1:$(PORT) & server=$$!; \
	  trap 'kill $$worker $$server 2>/dev/null' EXIT INT TERM; \
	  if $(PY) scripts/wait_for_http.py http://127.0.0.1:$(PORT)/ 60; then \
	    echo; echo "acthub is at http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/, API: http://127.0.0.1:$(PORT)/api/docs/)"; echo; \
	  else echo "acthub did not answer on http://127.0.0.1:$(PORT)/ within 60 s (is the port taken?)"; exit 1; fi; \
	  wait $$server

test: install sysdeps-test messages lint test-sqlite test-postgres

# The virtualenv is rebuilt when pyproject.toml or the constraints change.
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "acthub needs Python 3.11")'
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV) || { $(MAKE) --no-print-directory apt PKGS=python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	@touch $@

# Debian packages: gettext to compile translations; chromium and fonts for the browser tests.
sysdeps:
	@command -v msgfmt >/dev/null || $(MAKE) --no-print-directory apt PKGS=gettext

sysdeps-test: sysdeps fonts
	@missing=""; \
	  [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	  command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	  ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	  if [ -n "$$missing" ]; then $(MAKE) --no-print-directory apt PKGS="$$missing"; fi

# Fonts that carry every script of the nine languages (pages and PDF fact sheets): fonts-noto-core has
# Lao, Khmer, Thai and Myanmar beside Latin with Vietnamese diacritics; checked script by script.
fonts:
	@missing=""; \
	  for script in lo km th my vi; do fc-list ":lang=$$script" family 2>/dev/null | grep -q Noto || missing="fonts-noto-core"; done; \
	  if [ -n "$$missing" ]; then $(MAKE) --no-print-directory apt PKGS="$$missing fontconfig"; fi; \
	  for script in lo km th my vi; do fc-list ":lang=$$script" family | grep -q Noto || { echo "No Noto font for $$script"; exit 1; }; done

# wrk drives bench/bench_public_paths.py.
sysdeps-bench:
	@command -v wrk >/dev/null || $(MAKE) --no-print-directory apt PKGS=wrk

apt:
	@if [ -z "$(APT_GET)" ]; then echo "Please install: $(PKGS) (no apt-get here)"; exit 1; fi
	@echo "Installing Debian packages: $(PKGS)"
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(PKGS)

messages: install sysdeps
	$(MANAGE) compilemessages --ignore=.venv -v 0

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/bandit -q -r acthub config -x '*/tests/*,*/migrations/*' --severity-level high
	$(MANAGE) makemigrations --check --dry-run -v 0

test-sqlite: install
	@echo "=== test suite on SQLite ==="
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)

# Runs on PostgreSQL when DATABASE_URL is set or a server answers on 127.0.0.1:5432.
test-postgres: install
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(PY) -c 'import sys, psycopg; psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()' "$$url" 2>/dev/null; then \
	  echo "=== test suite on PostgreSQL ($$url) ==="; \
	  DATABASE_URL="$$url" $(PY) -m pytest $(PYTEST_ARGS); \
	else \
	  echo; echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	  echo "!!! PostgreSQL does not answer at $$url: the PostgreSQL half was SKIPPED. !!!"; \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; echo; \
	fi

# Every benchmark in bench/, the indicator engine's last: its JSON line is the last line printed.
# ROWS sets its size (default 1,000,000; also runs at 10,000,000).
bench: install sysdeps-bench
	@for b in $(filter-out bench/bench_indicators.py,$(wildcard bench/*.py)); do $(PY) $$b || exit 1; done
	$(PY) bench/bench_indicators.py

# Known vulnerabilities in the pinned dependencies (pip-audit asks PyPI's JSON API, so it needs the
# network; --strict fails when a package cannot be checked) and bandit's security lint (any issue of
# high severity fails; `make lint` runs that part too, offline).
audit: install
	$(VENV)/bin/bandit -q -r acthub config -x '*/tests/*,*/migrations/*' --severity-level high
	$(VENV)/bin/pip-audit --strict --no-deps --disable-pip --progress-spinner off -r requirements/constraints.txt

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache test-results
