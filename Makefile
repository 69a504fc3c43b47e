# Two entry points do all the set-up on a fresh Debian machine:
#   make run    the dashboard on the shipped log
#   make test   lint, types, then every test, browser tests included
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP_INSTALL := $(PY) -m pip install --quiet
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
PORT ?= 8501
# make run listens on this machine only; ADDRESS=0.0.0.0 serves every interface, on purpose.
ADDRESS ?= 127.0.0.1
REPLICAS ?= $(shell nproc)
# The one list of Debian packages; dashboard/server.py reads the same file for its install hint.
APT_PACKAGES := $(strip $(shell sed "s/\#.*//" dashboard/debian-packages.txt))

.PHONY: run serve test lint typecheck system-deps lock requirements bench screenshot clean

# The runtime pins, then the project itself, editable and without dependencies, so the
# `visit-dashboard` command exists and runs this checkout's code. The build backend is pinned in
# requirements.lock too, hence --no-build-isolation.
$(RUNTIME): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 (apt-get install python3.11 python3.11-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --require-hashes -r requirements.lock
	$(PIP_INSTALL) --no-deps --no-build-isolation --editable .
	touch $@

# Test, lint, typing, benchmark and locking tools, at the versions requirements.lock agrees with.
$(DEV): $(RUNTIME) requirements-dev.lock
	$(PIP_INSTALL) --require-hashes -r requirements-dev.lock
	touch $@

run: $(RUNTIME)
	$(PY) -m streamlit run streamlit_app.py --server.address $(ADDRESS) --server.port $(PORT) --browser.gatherUsageStats false -- $(ARGS)

serve: $(RUNTIME) system-deps
	$(PY) deploy/serve.py --replicas $(REPLICAS) --port $(PORT)

# The browser tests, the image exports and `make serve` need dashboard/debian-packages.txt.
system-deps:
	@if [ "$$(dpkg-query -W -f='$${db:Status-Status}\n' $(APT_PACKAGES) 2>/dev/null | grep -cx installed)" = $(words $(APT_PACKAGES)) ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	else echo "Browser tests need: sudo apt-get install --no-install-recommends $(APT_PACKAGES)"; fi

# The set-up, then the cheap checks: a lint or type error fails in seconds, not after the browser tests.
test: $(DEV) system-deps lint typecheck
	$(PY) -m pytest -n 2 --dist loadgroup

lint: $(DEV)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: $(DEV)
	$(PY) -m mypy

bench: $(DEV) system-deps
	$(PY) -m bench

screenshot: $(DEV) system-deps
	$(PY) scripts/screenshot.py

# Both locks, with hashes, for Python 3.11 on Linux x86-64: the runtime one from [project]
# dependencies and the build backend, the other from the dependency groups, held to the runtime
# pins. Pins already in a lock are kept, and anything new resolves as the index stood at LOCKED_AT,
# so the same pyproject.toml gives the same files. For newer releases, move LOCKED_AT and run
# `make lock LOCK_ARGS=--upgrade`.
LOCKED_AT := 2026-12-02T00:00:00Z
DEV_GROUPS := tests lint typing bench lock
UV_COMPILE := $(PY) -m uv pip compile --quiet --no-config --generate-hashes \
	--python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
	--exclude-newer $(LOCKED_AT) --custom-compile-command "make lock" $(LOCK_ARGS)

lock: $(DEV)
	$(PY) -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")' \
	  | $(UV_COMPILE) pyproject.toml - --output-file requirements.lock
	$(UV_COMPILE) $(addprefix --group ,$(DEV_GROUPS)) --constraints requirements.lock \
	  --output-file requirements-dev.lock
	$(PY) scripts/requirements.py

# requirements.txt, the runtime pins for hosts that read only that file (Streamlit Community
# Cloud, the Dockerfile), from requirements.lock. Standard library only: no venv needed.
requirements:
	$(PYTHON) scripts/requirements.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
