# make help lists the targets. make demo: set up and run the demo. make test: set up and run every test.
# Both install into $(VENV) the pinned, hashed versions of requirements/<target>.lock, then the project itself.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
LOCKS = requirements
# Each install leaves a stamp; the test install holds everything the demo's does, and serves the demo when present.
INSTALLED = $(VENV)/.installed
DEMO_INSTALL = $(if $(wildcard $(INSTALLED)-test),$(INSTALLED)-test,$(INSTALLED)-demo)
LOCK_OPTIONS = --upgrade --universal --python-version 3.11 --generate-hashes --custom-compile-command "make lock"

.DEFAULT_GOAL := help
.PHONY: help setup demo test bench lock clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-6s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED)-%: $(LOCKS)/%.lock pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCKS)/$*.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

setup: $(INSTALLED)-test ## Create .venv with everything the tests, the demo and the benchmarks need

demo: $(DEMO_INSTALL) ## Start the demo portals, crawl them and serve the archive in Datasette
	$(BIN)/nianbao demo

test: $(INSTALLED)-test ## Run every test; skipped tests are listed with their reasons
	$(BIN)/python -m pytest -q -rs

bench: $(INSTALLED)-test ## Print the benchmark tables
	$(BIN)/python -m benchmarks

# uv resolves for every platform and Python version the project supports (--universal), with every file's hash;
# the demo's versions are constrained to the tests', so either install can follow the other in one venv.
lock: $(BIN)/python ## Re-resolve requirements/*.lock: the newest versions pyproject.toml allows
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile --quiet pyproject.toml --extra test $(LOCK_OPTIONS) --output-file $(LOCKS)/test.lock
	$(BIN)/uv pip compile --quiet pyproject.toml --extra demo $(LOCK_OPTIONS) --constraint $(LOCKS)/test.lock \
		--output-file $(LOCKS)/demo.lock

clean: ## Remove .venv, the demo's data and pytest's cache
	rm -rf $(VENV) demo-data .pytest_cache
