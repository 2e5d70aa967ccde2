# NTM: two commands on a fresh machine, `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEBIAN_PACKAGES := postgresql chromium chromium-driver fonts-noto-core fonts-liberation2 \
	libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils libpango-1.0-0 libpangoft2-1.0-0 \
	libharfbuzz-subset0 gettext wrk

.PHONY: install demo test test-fast lint typecheck messages system-packages bench clean

install: $(VENV)/.installed static/vendor/.built

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

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
	NTM_DEMO=1 $(BIN)/ntm demo

test: install /usr/bin/chromium
	$(BIN)/pytest -n auto

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy ntm/core

# Extract from the whole project (config/ holds the language names), compile
# only ntm/locale.
messages: install
	$(BIN)/ntm makemessages -l en --no-obsolete -i ".venv/*" -i "node_modules/*" \
		-i "ntm/core/*" -i "tests/*" -i "scripts/*" -i "bench/*"
	cd ntm && ../$(BIN)/ntm compilemessages -l en

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules static/vendor var test-artifacts
