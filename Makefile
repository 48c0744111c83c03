# Two commands for a fresh machine:
#   make lab    set up .venv (first time only) and open the series in JupyterLab
#   make test   set up .venv (first time only) and run every test: lint, unit, browser, strict nbval
# Also: make bench (speed table), make app (the sliding-window explorer as a Voila app).
#
# Each step prints "==> step" first and, if it fails, "make: FAILED at step: ..." and a non-zero exit.

PYTHON  ?= $(shell command -v python3.11 || command -v python3)
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PORT    ?= 8888
APP_PORT ?= 8866
# Extra JupyterLab options, e.g. LAB_ARGS=--no-browser. Jupyter refuses to run as root without
# --allow-root (containers, CI); it is added only then.
LAB_ARGS ?=
ROOT_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)

# Runs are reproducible: Python's string hashing is fixed for every process we start.
export PYTHONHASHSEED := 0

fail = { echo "make: FAILED at step: $(1)" >&2; exit 1; }

.PHONY: lab test bench app venv data lint unit clean help helpers-catalogue
.DEFAULT_GOAL := help

help:
	@echo "make lab    - open the notebooks in JupyterLab (sets up .venv the first time)"
	@echo "make test   - run every test: lint, unit + browser tests, strict nbval on every notebook"
	@echo "make bench  - run the benchmarks and print one table"
	@echo "make app    - serve the sliding-window explorer with Voila (code hidden)"
	@echo "make clean  - remove .venv and generated data"
	@echo "make helpers-catalogue - sync helpers' Chinese catalogue with the strings in helpers/ (translators)"

venv: $(STAMP)

# The venv is rebuilt when pyproject.toml changes. tools/make_venv.sh installs with uv when it is on
# PATH or can be fetched from PyPI (seconds with a warm cache), else with pip (INSTALLER=pip forces
# pip). torch goes first, pinned, from a local CPU wheel: a bare `torch` in a new venv pulls a
# multi-GB CUDA build.
$(STAMP): pyproject.toml
	@echo "==> step: python version check ($(PYTHON))"
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' \
		|| $(call fail,python version check: Python 3.11 is needed; set PYTHON=/path/to/python3.11)
	@bash tools/make_venv.sh $(PYTHON) $(VENV)
	@touch $(STAMP)

# GPT-2's tokenizer files go into tiktoken's own cache (its default folder, or $$TIKTOKEN_CACHE_DIR
# if set), so `tiktoken.get_encoding("gpt2")` works offline in any Python of this venv afterwards.
data: venv
	@echo "==> step: data (the-verdict.txt, Wikipedia sample text) into data/; GPT-2's files into tiktoken's cache"
	@$(BIN)/python -m helpers.corpora || $(call fail,data: see the message above)
	@$(BIN)/python -m helpers.gpt2 || $(call fail,data: GPT-2's files for tiktoken; see the message above)
	@# The book's own chapter-2 notebooks read the-verdict.txt from their folder (and download it when it is
	@# missing): a link there lets them run unchanged and offline in the JupyterLab `make lab` opens.
	@ln -sf ../data/the-verdict.txt notebooks/the-verdict.txt

lint: venv
	@echo "==> step: lint (ruff on helpers, tests, benchmarks, notebooks)"
	@$(BIN)/ruff check helpers tests benchmarks notebooks || $(call fail,lint)

# pytest-playwright keeps a failing browser test's full-page screenshot and trace in test-artifacts/<test>/
BROWSER_ARTIFACTS = --screenshot=only-on-failure --full-page-screenshot --tracing=retain-on-failure \
	--output=test-artifacts

test: venv data lint
	@echo "==> step: tests (unit, browser, strict nbval over notebooks/)"
	@$(BIN)/python -m pytest --nbval --nbval-current-env --durations=10 \
		--nbval-sanitize-with tests/nbval_sanitize.cfg $(BROWSER_ARTIFACTS) || $(call fail,tests)

bench: venv data
	@echo "==> step: benchmarks"
	@$(BIN)/python -m benchmarks || $(call fail,benchmarks)

lab: venv data
	@echo "==> step: JupyterLab on notebooks/ (port $(PORT); Ctrl-C to stop)"
	@$(BIN)/jupyter lab --notebook-dir=notebooks --port=$(PORT) $(ROOT_ARGS) $(LAB_ARGS) \
		|| $(call fail,JupyterLab)

app: venv data
	@echo "==> step: Voila app: the sliding-window explorer at http://127.0.0.1:$(APP_PORT)/ (Ctrl-C to stop)"
	@$(BIN)/voila apps/sliding_window_explorer.ipynb --no-browser --port=$(APP_PORT) --Voila.ip=127.0.0.1 \
		|| $(call fail,Voila app (apps/sliding_window_explorer.ipynb))

# helpers' user-facing strings: Babel extracts the template (into build/, not kept) from every _(),
# ngettext() and N_() in helpers/, then merges it into the Chinese catalogue: new strings arrive
# untranslated, changed ones fuzzy (with the old English), gone ones are dropped. Then translate the
# empty and fuzzy entries and run tests/test_i18n.py.
HELPERS_PO_DIR := helpers/locale
helpers-catalogue: venv
	@echo "==> step: helpers' catalogue (extract with Babel, merge into $(HELPERS_PO_DIR)/zh_CN)"
	@mkdir -p build
	@$(BIN)/pybabel -q extract --no-location --sort-output --project=text-to-tensors -o build/helpers.pot \
		helpers || $(call fail,extract helpers' strings)
	@$(BIN)/pybabel -q update -i build/helpers.pot -d $(HELPERS_PO_DIR) -D helpers -l zh_CN --ignore-obsolete --no-wrap \
		|| $(call fail,update $(HELPERS_PO_DIR)/zh_CN/LC_MESSAGES/helpers.po)

clean:
	rm -rf $(VENV) data/*.txt data/*.json data/tokens notebooks/the-verdict.txt
