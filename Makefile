# Two commands for a fresh machine:
#   make lab    set up .venv (first time only) and open the series in JupyterLab
#   make test   set up .venv (first time only) and run every test: lint, unit, browser, strict nbval
# Also: make bench (speed table), make app (every explorer as a Voila app, the index first),
#       make zh (rebuild the Chinese edition from the catalogues), make lab-zh (it, in a Chinese JupyterLab).
#       make slides (one offline reveal.js deck per notebook in build/slides/).
#
# Each step prints "==> step" first and, if it fails, "make: FAILED at step: ..." and a non-zero exit.

PYTHON  ?= $(shell command -v python3.11 || command -v python3)
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PORT    ?= 8888
APP_PORT ?= 8866
SLIDES_DIR ?= build/slides
# Extra JupyterLab options, e.g. LAB_ARGS=--no-browser. Jupyter refuses to run as root without
# --allow-root (containers, CI); it is added only then.
LAB_ARGS ?=
ROOT_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)

# Runs are reproducible: Python's string hashing is fixed for every process we start.
export PYTHONHASHSEED := 0

fail = { echo "make: FAILED at step: $(1)" >&2; exit 1; }

# The project's own Jupyter settings, jupyter/ in the repository, copied into the venv's share/jupyter
# (never the user's home): lab/settings/overrides.json (no news or update pop-ups in JupyterLab) and
# the Voila template of the apps (voila/templates/text-to-tensors: index page first, projector style).
JUPYTER_SHARE := $(VENV)/share/jupyter
SETTINGS := $(JUPYTER_SHARE)/.text-to-tensors-settings
SETTINGS_FILES := $(shell find jupyter -type f)

.PHONY: lab lab-zh test bench app zh slides venv settings data data-first lint unit clean help helpers-catalogue
.DEFAULT_GOAL := help

help:
	@echo "make lab    - open the notebooks in JupyterLab (sets up .venv the first time)"
	@echo "make test   - run every test: lint, unit + browser tests, strict nbval on every notebook"
	@echo "make bench  - run the benchmarks and print one table"
	@echo "make app    - serve every explorer with Voila (code hidden), the index page first"
	@echo "make zh     - rebuild the Chinese edition (notebooks/zh, apps/zh) from locale/zh_CN and check it"
	@echo "make lab-zh - open the Chinese edition in JupyterLab with its menus in Chinese"
	@echo "make slides - export one offline slide deck per notebook into $(SLIDES_DIR)/ (needs npm)"
	@echo "make clean  - remove .venv, generated data and the slide decks"
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

settings: $(SETTINGS)

$(SETTINGS): $(STAMP) $(SETTINGS_FILES)
	@echo "==> step: the project's Jupyter settings (jupyter/) into $(JUPYTER_SHARE)"
	@mkdir -p $(JUPYTER_SHARE) && cp -R jupyter/. $(JUPYTER_SHARE)/ || $(call fail,Jupyter settings into $(JUPYTER_SHARE))
	@touch $@

# GPT-2's tokenizer files go into tiktoken's own cache (its default folder, or $$TIKTOKEN_CACHE_DIR
# if set), so `tiktoken.get_encoding("gpt2")` works offline in any Python of this venv afterwards.
# `data` prepares everything before it returns (tests, benchmarks, apps); `lab` and `lab-zh` wait only
# for the story and GPT-2's files (`data-first`) and prepare the Wikipedia sample in the background
# while JupyterLab starts (about 12 s here, importing gensim and stripping the markup; notebook 01
# would prepare it itself if it were not ready yet, and the file is written all or nothing).
data-first: venv
	@echo "==> step: data (the-verdict.txt into data/; GPT-2's files into tiktoken's cache)"
	@$(BIN)/python -m helpers.corpora verdict || $(call fail,data: see the message above)
	@$(BIN)/python -m helpers.gpt2 || $(call fail,data: GPT-2's files for tiktoken; see the message above)
	@# The book's own chapter-2 notebooks read the-verdict.txt from their folder (and download it when it is
	@# missing): a link there lets them run unchanged and offline in the JupyterLab `make lab` opens.
	@ln -sf ../data/the-verdict.txt notebooks/the-verdict.txt

data: data-first
	@echo "==> step: data (the Wikipedia sample from gensim's dump into data/)"
	@$(BIN)/python -m helpers.corpora wiki || $(call fail,data: see the message above)

WIKI_IN_BACKGROUND = echo "==> step: data (the Wikipedia sample into data/, in the background)"; \
	($(BIN)/python -m helpers.corpora wiki &)

lint: venv
	@echo "==> step: lint (ruff on helpers, tests, benchmarks, notebooks, tools, apps)"
	@$(BIN)/ruff check helpers tests benchmarks notebooks tools apps || $(call fail,lint)

# pytest-playwright keeps a failing browser test's full-page screenshot and trace in test-artifacts/<test>/
BROWSER_ARTIFACTS = --screenshot=only-on-failure --full-page-screenshot --tracing=retain-on-failure \
	--output=test-artifacts

# Tests run in TEST_WORKERS processes (pytest-xdist), a whole test file at a time in one process, so a
# notebook's cells run in order in one kernel and a browser test file keeps its server: two processes
# keep both cores of a small machine busy (13 min -> 8 min here). TEST_WORKERS=0 runs them in this one.
TEST_WORKERS ?= 2

test: venv settings data lint slides
	@echo "==> step: tests (unit, browser, strict nbval over notebooks/ and notebooks/zh/; $(TEST_WORKERS) workers)"
	@$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --nbval --nbval-current-env --durations=10 \
		--nbval-sanitize-with tests/nbval_sanitize.cfg $(BROWSER_ARTIFACTS) || $(call fail,tests)

bench: venv data
	@echo "==> step: benchmarks"
	@$(BIN)/python -m benchmarks || $(call fail,benchmarks)

lab: venv settings data-first
	@$(WIKI_IN_BACKGROUND)
	@echo "==> step: JupyterLab on notebooks/ (port $(PORT); Ctrl-C to stop)"
	@$(BIN)/jupyter lab --notebook-dir=notebooks --port=$(PORT) $(ROOT_ARGS) $(LAB_ARGS) \
		|| $(call fail,JupyterLab)

# Voila serves the folder apps/: "/" opens apps/index.ipynb (the template's folder page goes to a
# folder's index), which links every app; each app is its own page at /voila/render/<name>.ipynb.
app: venv settings data
	@echo "==> step: Voila apps: every explorer, index at http://127.0.0.1:$(APP_PORT)/ (Ctrl-C to stop)"
	@$(BIN)/voila apps --template=text-to-tensors --no-browser --port=$(APP_PORT) --Voila.ip=127.0.0.1 \
		|| $(call fail,Voila apps (apps/))

# The Chinese edition (README "Chinese edition"): catalogues synced with the English, every file with
# a complete and current catalogue built, the Chinese notebooks whose cells changed executed (in their
# own folder, as nbval runs them), then everything checked: make fails there if anything is missing.
# ZH=06 builds and checks one source only; ZH_EXECUTE=all re-executes every Chinese notebook (after
# helpers or their catalogue changed).
ZH ?=
ZH_EXECUTE ?= changed
EDITION = $(BIN)/python -m tools.edition

zh: venv data
	@echo "==> step: zh: sync locale/zh_CN with the English (tools/edition.py update)"
	@$(EDITION) update || $(call fail,zh: update the catalogues)
	@echo "==> step: zh: build the Chinese edition from the catalogues$(if $(ZH), ($(ZH)))"
	@# A source with an untranslated or stale entry is refused (listed); the others are still built and
	@# executed, and the check at the end fails on what was refused.
	@$(EDITION) build $(ZH) || echo "zh: the files listed above were refused, the others are built; the check below will fail" >&2
	@for nb in $$($(EDITION) to-execute $(if $(filter all,$(ZH_EXECUTE)),--all)); do \
		echo "==> step: zh: execute $$nb"; \
		(cd $$(dirname $$nb) && PYTHONHASHSEED=0 $(CURDIR)/$(BIN)/jupyter nbconvert --to notebook --execute \
			--inplace --ExecutePreprocessor.timeout=900 $$(basename $$nb)) || $(call fail,zh: execute $$nb); \
	done
	@echo "==> step: zh: check (catalogues complete, current and true to the English; edition = build)"
	@$(EDITION) check $(ZH) || $(call fail,zh: check: see the problems listed above)

# JupyterLab in Chinese for the Chinese edition only: its settings (the translation extension's
# locale = zh_CN) live in .venv, never in your home, and only this target uses them.
ZH_LAB_SETTINGS := $(VENV)/lab-zh/user-settings

lab-zh: venv settings data-first
	@$(WIKI_IN_BACKGROUND)
	@echo "==> step: JupyterLab in Chinese on notebooks/zh (port $(PORT); Ctrl-C to stop)"
	@mkdir -p $(ZH_LAB_SETTINGS)/@jupyterlab/translation-extension
	@cp locale/zh_CN/jupyterlab/translation.jupyterlab-settings \
		$(ZH_LAB_SETTINGS)/@jupyterlab/translation-extension/plugin.jupyterlab-settings \
		|| $(call fail,lab-zh: settings)
	@$(BIN)/jupyter lab --notebook-dir=notebooks/zh --port=$(PORT) $(ROOT_ARGS) $(LAB_ARGS) \
		--LabApp.user_settings_dir=$(CURDIR)/$(ZH_LAB_SETTINGS) \
		--LabApp.workspaces_dir=$(CURDIR)/$(VENV)/lab-zh/workspaces || $(call fail,JupyterLab (Chinese))

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

# Decks from the stored outputs (nothing is executed). The slide marks must be what
# `python -m tools.slides mark` makes; reveal.js, require.js, jQuery and MathJax come from the npm
# registry (`npm pack`, pinned by version and sha512 in tools/slide_decks.py) into $(SLIDES_DIR)/assets/.
slides: venv
	@echo "==> step: slide marks (python -m tools.slides check)"
	@$(BIN)/python -m tools.slides check \
		|| $(call fail,slide marks: run '$(BIN)/python -m tools.slides mark' and commit the notebooks)
	@echo "==> step: slide decks into $(SLIDES_DIR)/ (assets from the npm registry, then one deck per notebook)"
	@$(BIN)/python -m tools.slide_decks $(SLIDES_DIR) || $(call fail,slide decks: see the message above)

clean:
	rm -rf $(VENV) data/*.txt data/*.json data/tokens notebooks/the-verdict.txt $(SLIDES_DIR)
