# Two commands on a fresh machine: `make demo` and `make test`. Each builds .venv by itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test check lint docs postgres tesseract chromium pango clean bench mutation coverage

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP) tesseract
	@$(PY) -m testament.demo demo

postgres:
	@scripts/ensure-postgres

# OCR of scans and images (testament.ingest.ocr): Debian's Tesseract with Persian and English data.
tesseract:
	@scripts/ensure-tesseract

# PDF case files (testament.legal.pdf): WeasyPrint needs Pango; Debian's chromium usually brings it.
pango:
	@scripts/ensure-pango

# The browser tests (tests/web/test_browser.py): Debian's Chromium, driven by Playwright (never `playwright install`).
chromium:
	@scripts/ensure-chromium

# Reports branch coverage of src/ and fails under the floor in pyproject.toml ([tool.coverage.*]; issue 20).
# Two workers (pytest-xdist), a test file each at a time (module fixtures built once): the machine has two
# cores, and a serial run took 16 minutes against the 15-minute budget (9 with two workers).
XDIST = -n 2 --dist loadfile
test: $(STAMP) postgres tesseract chromium pango
	@TESTAMENT_HYPOTHESIS=ci $(PY) -m pytest $(XDIST) --durations=15 --cov --cov-report=term:skip-covered --no-cov-on-fail

# The same with every uncovered line listed.
coverage: $(STAMP) postgres tesseract chromium pango
	@TESTAMENT_HYPOTHESIS=ci $(PY) -m pytest $(XDIST) --cov --cov-report=term-missing:skip-covered --no-cov-on-fail

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

# Mutation testing (issue 20): mutmut on the modules a court or a statistician relies on, one module at a
# time with only its focused tests, at nice 19; about 14 minutes (20 CPU minutes). Report:
# bench/out/mutation.md. One module: `make mutation MODULES=store/custody.py`.
mutation: $(STAMP)
	@$(PY) bench/mutation.py $(MODULES)

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache
