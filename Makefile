# Everyday commands. Every target installs what it needs first, so a fresh
# clone only needs `make test` (or any other target).

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INSTALL_LOG := $(VENV).install.log
CONSTRAINTS := requirements/constraints.txt
# Options for pytest in `make test`, for example: make test PYTEST_ARGS='-k edition -x'
PYTEST_ARGS ?=
# The YAML language server the editor tests run; `make test` installs it when npm is there.
EDITOR_SERVER := tools/editor/node_modules/.installed
EDITOR_LOG := tools/editor/install.log

.DEFAULT_GOAL := help

.PHONY: help install validate docx test lint bench lock clean docs pdf preview fuzz editor-server new commitments

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-13s %s\n", $$1, $$2}'

# One line says what is happening; pip's output goes to $(INSTALL_LOG), shown only on failure.
$(STAMP): pyproject.toml $(CONSTRAINTS)
	@echo "Setting up $(VENV) (Python packages for hmip-docs and its tests; log in $(INSTALL_LOG))"
	@{ $(PYTHON) -m venv $(VENV) \
	  && $(BIN)/python -m pip install --upgrade pip \
	  && $(BIN)/pip install -c $(CONSTRAINTS) -e '.[dev]'; } >$(INSTALL_LOG) 2>&1 \
	  || { cat $(INSTALL_LOG) >&2; \
	       echo "Setting up $(VENV) failed; the output above is kept in $(INSTALL_LOG)" >&2; \
	       exit 1; }
	@touch $@

install: $(STAMP) ## Create the virtual environment and install the project into it

validate: $(STAMP) ## Validate every record
	$(BIN)/hmip-docs validate

new: $(STAMP) ## Start next year's edition from the latest one: make new YEAR=2022/2023
	@test -n "$(YEAR)" || { echo "make new needs the year: make new YEAR=2022/2023" >&2; exit 2; }
	$(BIN)/hmip-docs new '$(YEAR)'

commitments: $(STAMP) ## List what each edition committed to for later years, and what became of it
	$(BIN)/hmip-docs commitments

docx: $(STAMP) ## Render the Word documents into build/
	$(BIN)/hmip-docs docx --out-dir build

pdf: $(STAMP) ## Build tagged PDFs into build/ (needs LibreOffice)
	$(BIN)/hmip-docs pdf --out-dir build

preview: pdf ## Render every PDF page as PNG, and all pages on one sheet, into build/preview/ (needs poppler-utils)
	@command -v pdftoppm >/dev/null || { echo "make preview needs pdftoppm: apt-get install poppler-utils" >&2; exit 2; }
	mkdir -p build/preview
	for pdf in build/*.pdf; do \
	  name=$$(basename "$$pdf" .pdf); \
	  rm -f build/preview/"$$name"-*.png; \
	  pdftoppm -png -r 96 "$$pdf" build/preview/"$$name" || exit 2; \
	  $(BIN)/python scripts/contact_sheet.py "$$pdf" build/preview/"$$name"-sheet.png || exit 2; \
	done

test: $(STAMP) $(if $(and $(shell command -v npm),$(wildcard tools/editor/package.json)),$(EDITOR_SERVER)) ## Run the test suite (options: PYTEST_ARGS='...'; skipped tests say why)
	$(BIN)/pytest -n 2 -q -rs $(PYTEST_ARGS)

lint: $(STAMP) ## Check style, formatting, types and the package's layers (import contracts)
	$(BIN)/ruff check hmip_docs tests scripts bench
	$(BIN)/ruff format --check hmip_docs tests scripts bench
	$(BIN)/mypy --strict hmip_docs scripts bench
	$(BIN)/lint-imports

fuzz: $(STAMP) ## Run the long property-test campaign (see docs/robustness.md)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q --hypothesis-show-statistics tests/validate/test_properties.py

bench: $(STAMP) ## Time loading, validating and rendering
	$(BIN)/python bench/run.py

lock: ## Re-resolve every dependency and rewrite requirements/constraints.txt
	rm -rf $(VENV)-lock
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet --upgrade pip
	$(VENV)-lock/bin/pip install --quiet -e '.[dev]'
	{ sed -n '/^#/p' $(CONSTRAINTS); \
	  $(VENV)-lock/bin/pip freeze --exclude-editable | grep -v '^-e ' | LC_ALL=C sort -f; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf $(VENV)-lock
	@touch $(CONSTRAINTS)

clean: ## Remove the virtual environment, build output and caches
	rm -rf $(VENV) $(VENV)-lock $(INSTALL_LOG) build dist tools/editor/node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -name '*.egg-info' -type d -prune -exec rm -rf {} +

editor-server: $(EDITOR_SERVER) ## Install the pinned YAML language server the editor tests run (needs node and npm)

$(EDITOR_SERVER): tools/editor/package.json tools/editor/package-lock.json
	@command -v npm >/dev/null || { echo "make editor-server needs node and npm: apt-get install nodejs npm" >&2; exit 2; }
	@echo "Installing the YAML language server in tools/editor (log in $(EDITOR_LOG))"
	@npm ci --prefix tools/editor --ignore-scripts --no-audit --no-fund >$(EDITOR_LOG) 2>&1 \
	  || { cat $(EDITOR_LOG) >&2; \
	       echo "Installing the YAML language server failed; the output above is kept in $(EDITOR_LOG)" >&2; \
	       exit 1; }
	@touch $@

docs: $(STAMP) ## Regenerate the editor help in schemas/, docs/records.md and docs/rules.md
	$(BIN)/python -m hmip_docs.reference.editor_schema
	$(BIN)/python -m hmip_docs.reference
