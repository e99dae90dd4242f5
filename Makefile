# `make run`: a fresh clone to a running site on SQLite, with demo content.
# `make test`: a fresh clone to a passing suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed

.PHONY: install run test lint format demo clean

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[test]"
	touch $(INSTALLED)

install: $(INSTALLED)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content --if-empty
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

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

clean:
	rm -rf $(VENV) build *.egg-info staticfiles

# `make bench`: search timings on a generated forum (bench/README.md). SQLite by default; set
# BENCH_DATABASE_URL for PostgreSQL. Never the development database.
.PHONY: bench
bench: install
	$(BIN)/python bench/search.py $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))
