# Two entry points for people (see README): `make run` and `make test`.
# Everything installs into .venv; torch is installed first from the pinned CPU build so that
# sentence-transformers does not pull a multi-GB CUDA build.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	@test -f .env || (cp .env.example .env && echo "Laget .env fra .env.example")

## Ingest if the index is missing or stale, then start the bot (Slack if tokens are set, else terminal chat).
run: setup
	$(BIN)/tilsynsbot run

## The whole test suite. pytest exit 5 (no tests collected) is a failure, not a pass.
test: $(STAMP)
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "FEIL: pytest samlet ingen tester (exit 5)"; exit 1; fi; exit $$rc

## Lint (ruff, the rule set in pyproject.toml) and type-check (mypy strict on bot/ and ingest/).
lint: $(STAMP)
	$(BIN)/ruff check bot ingest tests bench
	$(BIN)/mypy

bench: setup
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) data
