# The two commands: `make run` (the whole system with demo data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test lint format check-migrations ci collectstatic clean help audit schemathesis

help:
	@echo "make run    - the whole system (web, worker, beat) with demo data on http://127.0.0.1:$(PORT)"
	@echo "make test   - the whole test suite against real PostgreSQL and Redis (ARGS=\"-k name\" to narrow)"
	@echo "make lint   - ruff check, ruff format --check and makemigrations --check"
	@echo "make audit  - bandit over our code, pip-audit over the locked dependencies (docs/security-web.md)"
	@echo "make schemathesis - a deeper, freshly seeded Schemathesis run against /api/schema/"

$(BIN)/.installed: requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

run: $(BIN)/.installed
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed_demo
	DEBUG=$${DEBUG:-1} PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho -f Procfile.dev start

test: $(BIN)/.installed
	BIN=$(abspath $(BIN)) scripts/test.sh $(ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Findings are accepted only with a reason: bandit's in .bandit.yml, pip-audit's in
# .pip-audit-ignore. Without a route to PyPI's vulnerability service it fails and says so
# (PIP_AUDIT_OFFLINE=warn to carry on).
audit: $(BIN)/.installed
	BIN=$(abspath $(BIN)) scripts/audit.sh

# `make test` already runs Schemathesis (tests/security/test_schemathesis.py, 25 examples per
# operation, fixed seed); this explores further with a new seed each time.
SCHEMATHESIS_MAX_EXAMPLES ?= 200
schemathesis: $(BIN)/.installed
	SCHEMATHESIS_MAX_EXAMPLES=$(SCHEMATHESIS_MAX_EXAMPLES) SCHEMATHESIS_RANDOM=1 \
		BIN=$(abspath $(BIN)) scripts/test.sh tests/security/test_schemathesis.py $(ARGS)

ci: lint audit test

clean:
	rm -rf $(VENV) var
