# Two commands do everything on a fresh machine (Python 3.11 + make):
#   make run    set up .venv and run the daily cycle headless on the embedded defaults
#   make test   set up .venv and run lint + the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATE ?= 2020-03-06
ARTISTS ?= 1
export DO_NOT_TRACK := 1

.PHONY: setup run test test-fast lint dev bench clean

$(BIN)/ai-artist: pyproject.toml
	sh deploy/system-packages.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip uv
	# --compile-bytecode: processes (CLI, Dagster runs, code servers) start without compiling imports,
	# also where PYTHONDONTWRITEBYTECODE is set
	$(BIN)/uv pip install -q --compile-bytecode -p $(BIN)/python -e ".[dev]"
	$(BIN)/python -m ai_artist_dagster.lib.dbt_project  # dbt parse: manifest and partial-parse state
	# librosa's numba functions compiled into their cache by one process, before runs load them at once
	$(BIN)/python -m ai_artist_dagster.lib.numba_cache
	touch $(BIN)/ai-artist

setup: $(BIN)/ai-artist

run: setup
	$(BIN)/ai-artist run --date $(DATE) --artists $(ARTISTS)

lint: setup
	$(BIN)/ruff check ai_artist_dagster ai_artist_dagster_tests bench
	$(BIN)/ruff format --check ai_artist_dagster ai_artist_dagster_tests bench
	$(BIN)/mypy

# The test files run in parallel, one worker per core (pytest-xdist; a file stays on one worker, so its
# module fixtures — a whole cycle — are made once); the 20 slowest tests are listed at the end.
test: lint
	$(BIN)/dg check defs
	$(BIN)/python -m pytest -n auto --dist loadfile --durations=20

test-fast: setup
	$(BIN)/python -m pytest -m "not slow" -n auto -q

dev: setup
	mkdir -p $${DAGSTER_HOME:-.dagster_home} && cp -u dagster.yaml $${DAGSTER_HOME:-.dagster_home}/
	DAGSTER_HOME=$${DAGSTER_HOME:-$(CURDIR)/.dagster_home} $(BIN)/ai-artist pools
	DAGSTER_HOME=$${DAGSTER_HOME:-$(CURDIR)/.dagster_home} $(BIN)/dg dev

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .dagster_home dbt_trends/target
