# Quick start (see README.md):
#   make html        build the website, both editions, into _build/html
#   make test        run every test
#   make test-fast   the edit-test loop: a couple of minutes, no browser, no root
# Each target creates the virtual environment .venv and installs what it needs
# the first time (exact versions from requirements-lock.txt).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Tests (tests/conftest.py) and re-execution (tools/execute_notebooks.py) use the
# bundled Fashion-MNIST sample, so stored outputs are reproducible offline.

.PHONY: html test test-fast test-gpu execute bench lock clean browser

html: $(STAMP)
	$(BIN)/python tools/build_site.py --fresh

test: $(STAMP) browser
	$(BIN)/python -m pytest

# Unit tests, parity, prose and the notebooks changed against $(BASE) (committed
# or not) under nbval; without the slow tiers (pytest markers, see pyproject.toml):
# no site build, browser, link check, Colab environment or benchmark, no apt.
BASE ?= main
FAST := not (site or browser or links or colab or benchmark)
test-fast: $(STAMP)
	@changed=$$( { git diff --name-only $(BASE) -- 'chapters/*.ipynb'; \
	  git ls-files --others --exclude-standard -- 'chapters/*.ipynb'; } 2>/dev/null | sort -u | \
	  while read -r f; do [ -f "$$f" ] && echo "$$f"; done ); \
	echo "notebooks changed against $(BASE): $${changed:-none}"; \
	$(BIN)/python -m pytest -m "$(FAST)" tests $$changed

# Headless Chromium and ChromeDriver for tests/test_browser.py, and a Chinese font
# for its screenshots: Debian's packages, installed once when missing; axe-core and
# Lighthouse from npm (exact versions in package-lock.json).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@pkgs=""; \
	command -v chromedriver >/dev/null 2>&1 || pkgs="$$pkgs chromium-driver"; \
	{ command -v chromium || command -v google-chrome; } >/dev/null 2>&1 || pkgs="$$pkgs chromium"; \
	[ -n "$$(fc-list :lang=zh 2>/dev/null)" ] || pkgs="$$pkgs fonts-noto-cjk"; \
	if [ -n "$$pkgs" ]; then \
	  echo "Installing$$pkgs (apt-get) for the browser tests"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkgs; \
	fi
	@# axe-core for tests/test_browser.py, Lighthouse for tools/audit_site.py (package.json)
	@[ -f node_modules/axe-core/axe.min.js ] && [ -x node_modules/.bin/lighthouse ] || npm ci --no-audit --no-fund

# On a machine with a CUDA GPU (CI's GPU job): every notebook and the training
# tests on the GPU, outputs compared as on the CPU.
test-gpu: $(STAMP)
	$(BIN)/python -c "import sys, torch; sys.exit(None if torch.cuda.is_available() else 'torch sees no CUDA GPU')"
	$(BIN)/python -m pytest chapters tests/test_training.py tests/test_devices.py

# Re-run every notebook and store its outputs (after editing a notebook or utils/).
execute: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py

# utils against d2l 0.17.6 and against the bare training loop (README, "Performance").
# d2l's pins cannot install on current Python: it goes, without its dependencies,
# into a private folder that only bench/benchmark.py puts on its path.
D2L := .bench-d2l
bench: $(STAMP) $(D2L)/.installed
	$(BIN)/python bench/benchmark.py $(BENCH_ARGS)

$(D2L)/.installed: bench/requirements-d2l.txt
	rm -rf $(D2L)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--target $(D2L) -r bench/requirements-d2l.txt
	touch $@

$(STAMP): requirements.txt requirements-dev.txt requirements-lock.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-r requirements-dev.txt -c requirements-lock.txt
	touch $@

# Resolve requirements-dev.txt afresh and write the exact versions to the lock.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet -r requirements-dev.txt
	{ sed -n '1,3p' requirements-lock.txt; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^dlbook-utils'; } > requirements-lock.txt.new
	mv requirements-lock.txt.new requirements-lock.txt && rm -rf .venv-lock

clean:
	rm -rf _build
