# Two commands a person needs: `make run` (set up everything, then start the service) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test check setup test-tools clean

run: $(STAMP)
	$(BIN)/eventradar run

test: check test-tools
	$(BIN)/pytest

check: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy .

setup: $(STAMP) test-tools

# Test-only tools: Mozilla's ical.js (npm) reads back every feed the tests render, Debian's chromium shows the
# calendar page to the browser tests (driven by Playwright with this executable; it never downloads a browser).
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
test-tools: node_modules/.package-lock.json /usr/bin/chromium $(CJK_FONT)

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

/usr/bin/chromium:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium

# Without a Chinese font the screenshots the browser tests keep would show boxes instead of characters.
$(CJK_FONT):
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-wqy-microhei

# Reinstalls when the project's dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
