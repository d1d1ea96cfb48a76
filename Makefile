# Every target creates .venv and installs the project on first use, so a fresh clone needs only make.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
REPORT ?= conformance-report
export NO_MKDOCS_2_WARNING := 1

.PHONY: install run test suite lint format models docs serve postgres bench mutation clean scenario-ids

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## The conformance suite against the built-in reference NMF, in process; prints the verdict per use case.
run: install
	$(BIN)/conformance run --report $(REPORT)

## Every test: lint, the suite against the reference in process and over HTTP, then the project's own tests
## (which also serve the reference on PostgreSQL with 2 workers and run the suite against it; see docs/operations.md).
test: install lint suite
	$(BIN)/python -m pytest -n 2 --dist loadgroup tests

suite: install
	$(BIN)/conformance run --report $(REPORT)
	$(BIN)/conformance run --target reference-http --report $(REPORT)-http

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/datamodel-codegen --check

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Tag each scenario without a stable ID with the next free ID of its use case (existing IDs never change).
scenario-ids: install
	$(BIN)/conformance ids --write

## Regenerate the reference NMF's pydantic models from schemas/.
models: install
	$(BIN)/datamodel-codegen

## Build the site with the latest results of the suite against the reference.
docs: install
	-$(BIN)/conformance run --report $(REPORT)
	$(BIN)/conformance report $(REPORT) --markdown docs/generated/results.md
	$(BIN)/mkdocs build --strict

## Print figures, never a verdict: the suite's cost per exchange (-n 1 and -n 2), the reference's CPU per offer
## in process, then offer submission under load beside a raw-ASGI ceiling on SQLite and PostgreSQL x1/x2
## (wrk: apt-get installs it when run as root). `benchmarks/offer_cpu.py --profile` prints where an offer's time goes.
bench: install
	$(BIN)/python benchmarks/suite_speed.py --http
	$(BIN)/python benchmarks/offer_cpu.py
	$(BIN)/python benchmarks/offer_load.py

## Mutation testing of the reference's rule code against the suite in process: prints the score, writes
## $(MUTATION_REPORT)/survivors.txt. Not part of `test`. It fits ~30 minutes of 2 cores by running each mutant
## only against the scenarios that execute its line (fastest first, those that killed its neighbours first,
## stopping at the first failure), in a forked child of a parent that loaded the harness, the parsed features
## and the reference's libraries once (docs/contributing.md#proof-by-mutation has the figures). On a busier
## machine, MUTATION_ARGS="--sample 600 --seed 0" runs a reproducible sample, reported as PARTIAL.
MUTATION_REPORT ?= mutation-report
mutation: install
	$(BIN)/python -m mutation --workers 2 --out $(MUTATION_REPORT) $(MUTATION_ARGS)

## `make serve DATABASE=postgresql://... WORKERS=2`; `make postgres` prints the URL of a throwaway cluster.
DATABASE ?= :memory:
WORKERS ?= 1
serve: install
	$(BIN)/conformance serve --port 8765 --database '$(DATABASE)' --workers $(WORKERS)

postgres: install
	$(BIN)/python -m reference_impl.pg_cluster

clean:
	rm -rf $(VENV) site $(REPORT) $(REPORT)-http $(MUTATION_REPORT) .pytest_cache .ruff_cache .mypy_cache
