# `make run`: a fresh clone to a running site on SQLite, with demo content.
# `make test`: a fresh clone to a passing suite.
# Both install exactly what requirements-dev.txt locks (versions and hashes); `make upgrade` is the
# only step that takes newer releases, and it runs the suite on them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
LOCK := requirements-dev.txt
INSTALLED := $(VENV)/.installed
# Settings read PORT: in development the links in emails point at the server `make run` starts.
export PORT

.PHONY: install run test lint format clean upgrade bench bench-pages

# pip checks every file against the lock's hashes and refuses anything the lock does not name.
# A changed lock gets a new environment, so a package the lock dropped does not linger. pip's
# output goes to a log, shown only when the install fails.
$(INSTALLED): $(LOCK)
	@echo "==> Python environment in $(VENV)"
	@rm -rf $(VENV) && $(PYTHON) -m venv $(VENV)
	@echo "==> Installing the locked dependencies ($(LOCK); a minute or two the first time)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r $(LOCK) >$(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $(INSTALLED)

install: $(INSTALLED)

run: install
	@echo "==> Database: applying migrations"
	@$(BIN)/python manage.py migrate --noinput --verbosity 0
	@echo "==> Demo content"
	@$(BIN)/python manage.py load_demo_content --if-empty
	@echo "==> Starting the site: open http://127.0.0.1:$(PORT)/ (Ctrl+C stops it)"
	@$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

# Refresh both lock files to the newest releases pyproject.toml's ranges allow, install them and
# run the suite. Read the diff of the lock files before committing them.
upgrade: install
	$(BIN)/uv pip compile pyproject.toml --extra test --extra tools --universal \
		--python-version 3.11 --generate-hashes --upgrade --quiet -o requirements-dev.txt
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
		--upgrade --quiet -c requirements-dev.txt -o requirements.txt
	$(MAKE) --no-print-directory test

clean:
	rm -rf $(VENV) build *.egg-info staticfiles

# `make bench`: search timings on a generated forum (bench/README.md). SQLite by default; set
# BENCH_DATABASE_URL for PostgreSQL. Never the development database.
bench: install
	$(BIN)/python bench/search.py $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))

# `make bench-pages`: the busiest pages under load with gunicorn and wrk, as in production
# (bench/README.md). SQLite by default; set BENCH_DATABASE_URL for PostgreSQL.
bench-pages: install
	$(BIN)/python bench/pages.py $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))
