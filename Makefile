# Two entry points do all the set-up on a fresh Debian machine:
#   make run    the dashboard on the shipped log
#   make test   every test, browser tests included
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501
APT_PACKAGES := chromium fonts-noto-core

.PHONY: run test lint typecheck system-deps lock bench screenshot clean

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 (apt-get install python3.11 python3.11-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

run: $(STAMP)
	$(PY) -m streamlit run streamlit_app.py --server.port $(PORT) --browser.gatherUsageStats false -- $(ARGS)

# The browser tests and the image exports need Debian's Chromium and a Devanagari font.
system-deps:
	@if command -v chromium >/dev/null && fc-list 2>/dev/null | grep -q NotoSansDevanagari; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	else echo "Browser tests need: sudo apt-get install --no-install-recommends $(APT_PACKAGES)"; fi

test: $(STAMP) system-deps
	$(PY) -m pytest -n 2 --dist loadgroup

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(STAMP)
	$(PY) -m mypy

bench: $(STAMP) system-deps
	$(PY) -m bench

screenshot: $(STAMP) system-deps
	$(PY) scripts/screenshot.py

lock:
	rm -rf /tmp/lock-venv && $(PYTHON) -m venv /tmp/lock-venv
	/tmp/lock-venv/bin/pip install --quiet . --group tests --group lint --group typing pyinstrument
	{ echo "# Every package the dashboard and its tests were tested with, exact versions."; \
	  echo "# Regenerate: make lock (after changing pyproject.toml)."; \
	  /tmp/lock-venv/bin/pip freeze --exclude visit-dashboard; } > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
