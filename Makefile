# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench venv clean mutation

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/creditbook demo --out creditbook-demo --force

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# Mutation testing (slow, not part of `make test`): mutmut changes the code one small edit at a
# time and reruns the tests that reach it; a mutant the tests let through is a wrong figure
# nobody would notice. MUTANTS narrows the run (e.g. MUTANTS='creditbook.core.*'); JOBS is the
# number of mutants tested at once. The report prints killed/total per area and the survivors.
MUTATION_STAMP := $(VENV)/.mutation-installed
MUTANTS ?=
JOBS    ?= 2

$(MUTATION_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[mutation]'
	touch $(MUTATION_STAMP)

mutation: $(MUTATION_STAMP)
	set -f; nice $(BIN)/mutmut run --max-children $(JOBS) $(MUTANTS)  # MUTANTS are patterns, not files
	$(BIN)/python scripts/mutation_report.py --survivors

bench: $(STAMP)
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) creditbook-demo build dist mutants
