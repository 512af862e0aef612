# newsflow — `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/newsflow: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

.PHONY: install
install: $(BIN)/newsflow ## create .venv and install newsflow with every extra and the dev tools

.PHONY: demo
demo: install ## crawl the bundled sample site on localhost into SQLite and print what was stored (URL=... to crawl a site)
	$(BIN)/newsflow demo $(URL)

.PHONY: test
test: install ## run the whole test suite (needs Redis and PostgreSQL: see README)
	$(BIN)/pytest -n 3 --dist loadfile

.PHONY: lint
lint: install ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy shared/newsflow_shared shared/newsflow_crawl shared/newsflow_ops services/ingest/newsflow_ingest services/enrich/newsflow_enrich services/store/newsflow_store services/api/newsflow_api newsflow

.PHONY: bench
bench: install ## end-to-end throughput: embedded runner and Celery deployment side by side
	$(BIN)/python benchmarks/pipeline.py

.PHONY: compose-check
compose-check: install ## validate the compose files: schema and sample .env tests; `docker compose config` too where the plugin exists
	@if docker compose version >/dev/null 2>&1; then \
	  docker compose --env-file tests/fixtures/deploy/central.env config --quiet && \
	  docker compose --env-file tests/fixtures/deploy/workers.env -f deploy/compose.workers.yml config --quiet; \
	else echo "docker compose plugin not installed: schema checks only"; fi
	$(BIN)/pytest -q -p no:cacheprovider tests/unit/repo/test_deploy_compose.py tests/unit/test_deploy_files.py

.PHONY: clean
clean: ## remove the virtualenv, caches and local databases
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache newsflow.db newsflow-demo.db
