# leadlink: `make demo` and `make test` work on a fresh machine with Python 3.11.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO   ?= demo

.PHONY: demo test lint typecheck unit unit-pure venv dev clean bench

# Every file of the package: an edit reinstalls it, so `make test` never runs stale code.
SOURCES := $(shell find src -type f -not -path '*/__pycache__/*' -not -name '*.so')

# The hot matching modules are compiled with mypyc (setup.py); `make dev` installs plain,
# editable Python instead, for quick edits (then nothing is reinstalled here).
$(BIN)/leadlink: pyproject.toml setup.py $(SOURCES)
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or run make PYTHON=python3"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if [ -f $(VENV)/.editable ]; then echo "editable install (make dev): nothing to build"; else \
		$(BIN)/python -m pip install --quiet --upgrade pip && \
		echo "installing leadlink, compiling the matcher with mypyc (about a minute)" && \
		$(BIN)/python -m pip install --quiet '.[dev]'; fi
	@touch $(BIN)/leadlink

venv: $(BIN)/leadlink

dev:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	LEADLINK_PURE=1 $(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(VENV)/.editable $(BIN)/leadlink

demo: venv
	$(BIN)/leadlink demo --dir $(DEMO)

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: venv
	$(BIN)/mypy

unit: venv
	$(BIN)/pytest

# The matcher's tests once more on the plain Python sources (what `make dev` runs).
unit-pure: venv
	PYTHONPATH=src $(BIN)/pytest -p no:cacheprovider tests/matching tests/normalize

test: lint typecheck unit unit-pure

bench: venv
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) $(DEMO) build .pytest_cache .mypy_cache .ruff_cache
