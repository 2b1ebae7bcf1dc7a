# Entry points. A newcomer runs `make book` and `make test`; both create .venv/
# from the pins in requirements.txt the first time (and again when a pin changes).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-from-pins

.PHONY: help venv validate test book lab clean

help:
	@echo "make book      validate the data, execute the notebooks, build the site into _build/html"
	@echo "make test      run the test suite (unit, bad-input, notebooks with nbval)"
	@echo "make validate  check data/ and list every problem"
	@echo "make lab       open the notebooks in JupyterLab"
	@echo "make clean     remove build outputs (keeps .venv/)"

# The stamp depends on the pins: editing requirements.txt or pyproject.toml reinstalls.
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

validate: $(STAMP)
	$(PY) -m nanoimaging validate

# The data is validated first: on a problem the build stops with the messages.
# Notebooks are executed when their code, the data, the references or the
# package changed since their last run here (nanoimaging.notebook_runner), and
# the book is built from their stored outputs with warnings as errors.
book: $(STAMP)
	$(PY) -m nanoimaging validate
	$(PY) -m nanoimaging refs check
	$(PY) -m nanoimaging.notebook_runner
	$(VENV)/bin/jupyter-book build . --warningiserror --keep-going

test: $(STAMP)
	$(PY) -m pytest

lab: $(STAMP)
	$(PY) -m jupyter lab notebooks/

clean:
	rm -rf _build .pytest_cache
