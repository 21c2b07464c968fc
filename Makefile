# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench venv clean mutation newest

# The documents extra's CJK font is the data package creditbook-fonts, built from
# src/creditbook_fonts (on no public index): installed first, it satisfies `.[dev]`.
$(STAMP): pyproject.toml src/creditbook_fonts/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ./src/creditbook_fonts
	rm -rf src/creditbook_fonts/build src/creditbook_fonts/*.egg-info
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

# The newest releases the bounds in pyproject.toml allow, in a throwaway venv: a smoke subset
# of the tests (core, readers, letters, charts, workbooks, the CLI's start-up). Run it before
# raising a bound, and now and then to meet a new minor release before users do.
NEWEST := .venv-newest
SMOKE  ?= tests/core tests/inputs tests/cli/test_letters_cli.py tests/cli/test_startup.py \
          tests/documents/test_charts.py tests/workbooks/test_build.py

newest:
	rm -rf $(NEWEST)
	$(PYTHON) -m venv $(NEWEST)
	$(NEWEST)/bin/pip install --quiet --upgrade pip
	$(NEWEST)/bin/pip install --quiet --upgrade ./src/creditbook_fonts
	rm -rf src/creditbook_fonts/build src/creditbook_fonts/*.egg-info
	$(NEWEST)/bin/pip install --quiet --upgrade --upgrade-strategy eager '.[all]' pytest hypothesis
	$(NEWEST)/bin/pip list --format=freeze | grep -iE '^(pandas|numpy|pydantic|typer|rich|openpyxl|formulas|docxtpl|python-docx|matplotlib|xlwings)=='
	$(NEWEST)/bin/python -m pytest -p no:cacheprovider -q -m 'not slow and not office' $(SMOKE)
	rm -rf $(NEWEST)

clean:
	rm -rf $(VENV) $(NEWEST) creditbook-demo build dist mutants
