# Two commands on a fresh machine: `make demo` and `make test`. Each builds .venv by itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test check lint docs postgres clean bench

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	@$(PY) -m testament.demo demo

postgres:
	@scripts/ensure-postgres

test: $(STAMP) postgres
	@TESTAMENT_HYPOTHESIS=ci $(PY) -m pytest

lint: $(STAMP)
	@$(VENV)/bin/ruff check src tests bench
	@$(VENV)/bin/ruff format --check src tests bench
	@$(VENV)/bin/mypy
	@$(VENV)/bin/lint-imports --no-logo --no-cache
	@$(PY) -m testament.cli.reference --check docs/cli-reference.md

# docs/cli-reference.md is generated from the commands' help; `make lint` fails when it is out of date.
docs: $(STAMP)
	@$(PY) -m testament.cli.reference docs/cli-reference.md

check: lint test

bench: $(STAMP)
	@$(PY) bench/ingest.py

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache
