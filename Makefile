# The two commands a researcher needs: `make report` and `make test`.
# Both create .venv (Python 3.11) and install the pinned dependencies first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

CORPUS ?=
OUT ?=

.PHONY: report results test lint figures venv benchmark clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# The CPU build of torch that lies on this machine's disk, never a multi-GB CUDA build.
	$(PY) -m pip install --quiet --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

# The seed's committed notebooks and figures are computed from an empty embedding
# cache, so that they come out the same to the last bit whatever else filled the cache
# (an embedding differs in its last bits with the batch it was computed in).
SEED_CACHE = cache=$$(mktemp -d) && ANALYSIS_CACHE_DIR=$$cache

report: $(STAMP)
ifeq ($(CORPUS),)
	$(SEED_CACHE) $(PY) -m analysis report $(if $(OUT),-o $(OUT)); status=$$?; rm -rf $$cache; exit $$status
else
	$(PY) -m analysis report $(CORPUS) $(if $(OUT),-o $(OUT))
endif

figures: $(STAMP)
	$(SEED_CACHE) $(PY) -m analysis report --update-manifest; status=$$?; rm -rf $$cache; exit $$status

# The seed's results (tables, vectors, evaluation, figures) computed once, as
# `make report` computes them before it executes the notebooks.
results: $(STAMP)
	$(SEED_CACHE) $(PY) -m analysis run; status=$$?; rm -rf $$cache; exit $$status

lint: $(STAMP)
	$(PY) -m ruff check analysis tests benchmarks

# nbval checks that the committed notebooks, loading freshly computed results (from an
# empty cache, as `make report` computes them), still show what they show; the manifest,
# that the figures drawn are the committed ones.
test: $(STAMP)
	$(PY) -m ruff check analysis tests benchmarks
	$(PY) -m pytest tests -q
	$(SEED_CACHE) $(PY) -m analysis run; status=$$?; rm -rf $$cache; exit $$status
	$(PY) -m pytest notebooks --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg -q
	$(PY) -m pytest tests/test_figures_manifest.py -q

benchmark: $(STAMP)
	$(PY) benchmarks/run_benchmarks.py

clean:
	rm -rf .cache reports
