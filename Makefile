# Quick start: `make run` (set up, build a demo site, open the app) and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB ?= demo/ressourcerie-demo.sqlite3

.PHONY: run test lint bench bundle demo clean lock

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 est requis ($(PYTHON) introuvable)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements/lock.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

$(DEMO_DB): | $(STAMP)
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/ressourcerie demo --db $(DEMO_DB)

demo: $(STAMP)
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/ressourcerie demo --db $(DEMO_DB) --force

run: $(STAMP) $(DEMO_DB)
	$(BIN)/ressourcerie --db $(DEMO_DB)

lint: $(STAMP)
	$(BIN)/ruff check desktop tests
	$(BIN)/lint-imports
	$(BIN)/mypy

test: $(STAMP)
	$(BIN)/ruff check desktop tests
	$(BIN)/lint-imports
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/ressourcerie bench

bundle: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build build_spec/ressourcerie.spec
	dist/ressourcerie/ressourcerie selftest

# Regenerate the lock after changing dependencies in pyproject.toml (needs pip-tools).
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile -q --generate-hashes --allow-unsafe --extra test --extra bundle \
		--strip-extras -o requirements/lock.txt pyproject.toml

clean:
	rm -rf $(VENV) build dist demo .pytest_cache .ruff_cache
