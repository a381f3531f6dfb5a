# careerkit — `make build` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HASH   := $(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha1(open('pyproject.toml','rb').read()).hexdigest()[:12])")
# `make build` installs careerkit and its runtime dependencies only; `make test`
# adds the test extras (pytest, Playwright, pre-commit, ...). One stamp each.
RUNTIME := $(VENV)/.runtime-$(HASH)
STAMP   := $(VENV)/.installed-$(HASH)

.PHONY: build site test lint check system-deps dist clean help

help:
	@echo "make build   create .venv, install careerkit (runtime dependencies only), build site/ from content/"
	@echo "make test    also install the test extras (and, as root on Debian, chromium and cmark-gfm), run the whole suite"
	@echo "make site    rebuild the committed site/ (same as build)"
	@echo "make check   validate content/"
	@echo "make lint    ruff over the project ([tool.ruff] in pyproject.toml); part of make test"
	@echo "make dist    build the wheel and sdist into dist/ and check them with twine"

$(RUNTIME): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e .
	rm -f $(VENV)/.runtime-* && touch $@

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

build site: $(RUNTIME)
	$(BIN)/careerkit build --out site

check: $(RUNTIME)
	$(BIN)/careerkit check

# The browser tests drive Chromium; the Markdown test uses cmark-gfm. They are
# installed only as root on Debian (or Ubuntu); anywhere else the tests that
# need them are skipped, and this says so in one line. CAREERKIT_SKIP_BROWSER=1
# skips those tests and installs nothing.
CHROMIUM ?= /usr/bin/chromium
CMARK    ?= cmark-gfm
system-deps:
	@missing=""; \
	if [ "$$CAREERKIT_SKIP_BROWSER" = 1 ]; then exit 0; fi; \
	[ -x "$(CHROMIUM)" ] || missing=" chromium"; \
	command -v "$(CMARK)" >/dev/null 2>&1 || missing="$$missing cmark-gfm"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing$$missing (Debian packages)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "not installed:$$missing; the tests that need them are skipped (Debian or Ubuntu: sudo apt-get install$$missing)"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) system-deps lint
	$(BIN)/python -m pytest

# The wheel and sdist a release would upload, checked (`twine check`).
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis dist build

# Benchmarks (benchmarks/README.md): build vs the parsing floor, per phase,
# warm rebuilds and start-up, and Hugo beside careerkit on the same contacts
# (benchmarks/hugo.py; skipped with a message without hugo: make bench-deps).
# Generated repositories go to benchmarks/.data/.
.PHONY: bench bench-large bench-deps
bench-deps:
	@if command -v hugo >/dev/null 2>&1; then \
	  echo "hugo is installed: $$(hugo version | cut -d' ' -f1-2)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing hugo (Debian package)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null; \
	else \
	  echo "hugo is not installed: as root on Debian, make bench-deps installs it (apt-get install hugo); elsewhere see https://gohugo.io/installation/" >&2; \
	  exit 1; \
	fi

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --sizes 1000,10000 --layouts split,bundled

bench-large: $(STAMP)
	$(BIN)/python benchmarks/run.py --sizes 1000,10000 --layouts split,bundled
	$(BIN)/python benchmarks/run.py --sizes 100000 --layouts split --reps 1 --no-startup

# Trust campaign (issue 10, docs/reliability.md): bad-input corpus, error
# recall, properties, XSS matrix, privacy canaries, faults, determinism —
# prints the counts. `make fuzz` runs the properties with many random examples.
.PHONY: trust fuzz
trust: $(STAMP)
	$(BIN)/python tests/trust/report.py

fuzz: $(STAMP)
	CAREERKIT_FUZZ=1 $(BIN)/python -m pytest -q tests/test_trust_properties.py
