# NTM: two commands on a fresh machine, `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEBIAN_PACKAGES := postgresql chromium chromium-driver fonts-noto-core fonts-liberation2 \
	libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils gettext wrk
PYTEST := $(BIN)/pytest -n auto
# `ntm` defaults to production settings; development commands ask for these.
DEV := DJANGO_SETTINGS_MODULE=config.dev

.PHONY: install lock demo test test-fast coverage lint format typecheck migrations-check messages \
	system-packages bench clean

install: $(VENV)/.installed static/vendor/.built

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# requirements.lock pins every package, transitive ones too, so every install
# (a developer's, CI's, production's) gets the same versions.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# After changing a pin in pyproject.toml: rewrite the lock, commit both.
lock: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.8
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--no-header --annotation-style line -q -o requirements.lock

static/vendor/.built: package.json package-lock.json scripts/vendor-assets.mjs
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	touch $@

# Debian packages the browser tests, reports and benchmarks need. Run as root
# (CI does); `make test` calls it only when Chromium is missing.
system-packages:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES)

/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then $(MAKE) system-packages; else \
	  echo "Thiếu Chromium: chạy 'sudo make system-packages' (Chromium is missing)"; exit 1; fi

demo: install
	NTM_DEMO=1 $(DEV) $(BIN)/ntm demo

# The whole suite, with coverage measured and printed; the pure core must
# stay at or above 90% of its lines.
test: install /usr/bin/chromium
	$(PYTEST) --cov=ntm --cov-report=
	$(MAKE) --no-print-directory coverage

coverage:
	$(BIN)/coverage report --skip-covered --skip-empty --sort=cover | tail -n 25
	@echo "Line coverage of ntm/core, in % (floor 90):"
	@$(BIN)/coverage report --include='ntm/core/*' --fail-under=90 --format=total

# Everything but the browser tests: the quick loop while working.
test-fast: install
	$(PYTEST) -m "not e2e"

# The checks CI runs before the tests.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) --no-print-directory typecheck migrations-check

typecheck: install
	$(BIN)/mypy ntm config

migrations-check: install
	$(DEV) $(BIN)/ntm makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract from the whole project (config/ holds the language names; the pure
# core marks its messages with its own gettext_noop), compile only ntm/locale.
messages: install
	$(DEV) $(BIN)/ntm makemessages -l en --no-obsolete -i ".venv/*" -i "node_modules/*" \
		-i "tests/*" -i "scripts/*" -i "bench/*"
	cd ntm && $(DEV) ../$(BIN)/ntm compilemessages -l en

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules static/vendor var test-artifacts .coverage
