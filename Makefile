# Two entry points for a fresh clone with only Python and pip: `make demo` and `make test`.
#
# Dependencies come from the committed lock files (requirements/*.lock: exact versions with
# hashes, the set the tests were run with); pyproject.toml keeps open ranges for people who
# `pip install` pressdiff. `make lock` regenerates the locks; see README, "Development".
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
STAMP_BENCH := $(VENV)/.installed-bench
LOCK_VENV := .venv-lock
UPGRADE ?=

.PHONY: demo test bench lint lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The project itself is installed editable without dependencies: every dependency came, with
# its hash checked, from the lock.
$(STAMP_RUN): pyproject.toml requirements/run.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/run.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(STAMP_DEV): pyproject.toml requirements/dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@ $(STAMP_RUN)

$(STAMP_BENCH): pyproject.toml requirements/bench.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/bench.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@ $(STAMP_DEV) $(STAMP_RUN)

demo: $(STAMP_RUN)
	$(BIN)/pressdiff demo

test: $(STAMP_DEV)
	$(BIN)/python -m pytest -n 2 -q

bench: $(STAMP_BENCH)
	$(BIN)/python benchmarks/run_all.py

lint: $(STAMP_DEV)
	$(BIN)/ruff check tui tests benchmarks

# Regenerate the locks from pyproject.toml; keeps the pinned versions unless asked:
#   make lock                          # after changing a range in pyproject.toml
#   make lock UPGRADE=--upgrade        # every dependency to its newest allowed version
#   make lock UPGRADE="--upgrade-package textual"
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || ($(PYTHON) -m venv $(LOCK_VENV) && \
		$(LOCK_VENV)/bin/python -m pip install --quiet pip-tools)
	for spec in "run:" "dev:--extra dev" "bench:--extra dev --extra bench"; do \
		name=$${spec%%:*}; extras=$${spec#*:}; \
		$(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
			--no-emit-index-url --no-emit-find-links $(UPGRADE) $$extras \
			-o requirements/$$name.lock pyproject.toml || exit 1; \
	done

clean:
	rm -rf $(VENV) $(LOCK_VENV) build *.egg-info .pytest_cache
