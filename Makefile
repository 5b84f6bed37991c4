# The LLDif reproducibility kit. `make test` runs the tests; `make help` lists every target.
SHELL := /bin/bash
SWIFT ?= swift
BUILD_FLAGS := -c release
BIN = $(shell $(SWIFT) build $(BUILD_FLAGS) --show-bin-path)
# Debian packages the build needs: Cairo and Pango (drawing), libjpeg-turbo (JPEG), pkg-config,
# and DejaVu, the one font family every chart uses (so that renders match on every machine).
DEB_PACKAGES := pkg-config libcairo2-dev libpango1.0-dev libturbojpeg0-dev libjpeg62-turbo-dev fonts-dejavu-core

.PHONY: help deps build test test-real-data test-slurm clean gallery golden config-golden bench-data bench-tsne bench-engine paper paper-chapters replication verify findings chapters plan estimate runs $(CHAPTER_NUMBERS)

# The paper: knobs and chapters. PROFILE=smoke|quick|full, DATA=synthetic|real with DATA_ROOT=DIR
# (folders raf-db/, ferplus/, kdef/ inside), SEEDS=3,4,5 to override the profile's training seeds
# (of the tables and of the studies), SETTINGS="key=value ..." for any other setting (`lldif config`).
PROFILE ?= quick
DATA ?= synthetic
DATA_ROOT ?=
SEEDS ?=
SETTINGS ?=
FIGURES ?= figures
# JOBS training runs at once in `make runs` (each on RUN_THREADS threads); the run store is $LLDIF_RUNS or runs/.
# SCHEDULER=local trains on this machine (lldif run-plan); SCHEDULER=slurm submits to Slurm (lldif submit).
JOBS ?= 2
RUN_THREADS ?= 1
SCHEDULER ?= local
RUNS_DIR := $(or $(LLDIF_RUNS),runs)
CHAPTERS := 01-low-light 02-emotion-distribution 03-samples 04-accuracy 05-tsne 06-diffusion-steps 07-ablation 08-training-record
CHAPTER_NUMBERS := $(foreach c,$(CHAPTERS),$(firstword $(subst -, ,$(c))))
# The profile and the overrides the knobs make, shared by the chapters and `lldif plan`.
CONFIG_ARGS = --profile $(PROFILE) --set data.source=$(DATA) \
	$(if $(DATA_ROOT),--set data.root=$(abspath $(DATA_ROOT))) \
	$(if $(SEEDS),--set paper.seeds=$(SEEDS) --set paper.study_seeds=$(SEEDS)) $(foreach s,$(SETTINGS),--set $(s))
CHAPTER_ARGS = $(CONFIG_ARGS) --figures $(FIGURES)

help:
	@echo "make paper         every chapter, then the report (figures/report.html, .pdf) and the claims check"
	@echo "make 01 … make 08  one chapter alone, training the runs it needs (PROFILE=smoke|quick|full DATA=synthetic|real DATA_ROOT=DIR SEEDS=0,1)"
	@echo "make plan          list every training run of the paper (lldif plan), dependencies first, with its state"
	@echo "make runs          train every run of the plan, JOBS=2 at a time, with progress (make paper does this first)"
	@echo "make runs SCHEDULER=slurm   submit the plan to Slurm instead (job arrays; a final job runs chapters, report, verify)"
	@echo "make estimate      time a few training steps per model and size; print each run's estimated CPU time and the total"
	@echo "make verify        check the paper's claims against the chapters' results; non-zero exit on a failed claim"
	@echo "make replication   the claims on a second seed set: the paper on REPLICATION_SEEDS=3,4,5 into REPLICATION=figures-replication,"
	@echo "                   without the ablations and controls no claim reads (paper.ablations= paper.controls=false)"
	@echo "make findings      write README.md's 'What we found' from the results (after make paper); REPLICATION=DIR adds the"
	@echo "                   verdicts of the replication (make replication) beside them"
	@echo "make test          build in release and run every test (installs missing Debian packages)"
	@echo "make test-real-data the smoke paper on real-layout folders written from SynFER faces (lldif data real-layout)"
	@echo "make test-slurm    start a single-node Slurm here, submit the smoke plan through it and check the result"
	@echo "make build         release build of the library, the lldif tool and the chapters"
	@echo "make clean         remove build products and generated figures"
	@echo "make gallery       render every chart type of Plot into figures/gallery/ (PNG, SVG, PDF)"
	@echo "make golden        regenerate the golden PNGs of the Plot tests (after an intended change)"
	@echo "make config-golden regenerate the quick profile's golden configuration (after an intended change of a default)"
	@echo "make report        weave chapters/*.md and figures/*/results.json into figures/report.html and report.pdf"
	@echo "make bench-data    faces/s for SynFER generation, low-light degradation, batches (figures/bench/data.json)"
	@echo "make bench-engine  GEMM, convolution, ResNet-18 and the kit's quick-profile training steps, 1 and 2 threads: Swift engine vs PyTorch"
	@echo "make bench-tsne    Swift t-SNE vs scikit-learn (and openTSNE) on the same input; writes figures/bench/tsne.json"

# Installs whatever Debian packages are missing (as root, or through sudo otherwise).
deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  echo "installing Debian packages:$$missing"; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# SKIP_BUILD=1 (with BIN=…) uses the executables as they are: the final Slurm job runs the chapters so.
build: $(if $(SKIP_BUILD),,deps)
	$(if $(SKIP_BUILD),@true,$(SWIFT) build $(BUILD_FLAGS))

# Tests run in release mode: debug builds make the numeric kernels 30–270x slower.
test: deps
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	$(SWIFT) test $(BUILD_FLAGS) --skip-build

# The real-data path end to end (chapters, report, claims) on RAF-DB, FERPlus and KDEF layouts
# written from SynFER faces; fails when any result or run names a SynFER dataset.
test-real-data: build
	scripts/test-real-data.sh $(BIN)

# A real single-node Slurm on this machine (slurm-wlm and munge installed when missing): submits the
# smoke plan through it, checks every run finished there and that `make paper` then trains nothing;
# stops every daemon it started.
test-slurm: build
	scripts/test-slurm.sh

# Faces per second on this machine; BENCH_COUNT=N sets the faces per measurement.
bench-data: deps
	$(SWIFT) build $(BUILD_FLAGS) --product bench-data
	$(BIN)/bench-data

clean:
	rm -rf .build runs
	find figures -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +

# One target per chapter, named by its number (make 01). Independent, so make -j runs them together;
# a training run two chapters share is trained once (the run store locks it).
define chapter_rule
$(firstword $(subst -, ,$(1))): build
	$$(BIN)/$(1) $$(CHAPTER_ARGS)
endef
$(foreach c,$(CHAPTERS),$(eval $(call chapter_rule,$(c))))

chapters: $(CHAPTER_NUMBERS)

# Every training run of chapters 04–08 as `lldif plan` lists them. SCHEDULER=local: `lldif run-plan`
# trains them here, dependencies first and longest chains first, JOBS at a time, with progress lines
# and a summary (logs in $(RUNS_DIR)/logs/). SCHEDULER=slurm: `lldif submit` sends them to Slurm as one
# job array per dependency level, and a final job that runs `make paper-chapters`. Either way
# finished runs are reused, interrupted ones resume, and `lldif train --expect-run` checks that each
# trains exactly the run the plan named.
plan: build
	LLDIF_RUNS=$(RUNS_DIR) $(BIN)/lldif plan $(CONFIG_ARGS)

estimate: build
	LLDIF_RUNS=$(RUNS_DIR) LLDIF_THREADS=$(RUN_THREADS) $(BIN)/lldif plan $(CONFIG_ARGS) --estimate

# What the final Slurm job runs: the part of `make paper` after the runs, with the built executables.
PAPER_AFTER_RUNS = $(MAKE) --no-print-directory -C $(CURDIR) paper-chapters SKIP_BUILD=1 BIN=$(BIN) \
	PROFILE=$(PROFILE) DATA=$(DATA) $(if $(DATA_ROOT),DATA_ROOT=$(abspath $(DATA_ROOT))) $(if $(SEEDS),SEEDS=$(SEEDS)) \
	FIGURES=$(abspath $(FIGURES)) LLDIF_RUNS=$(abspath $(RUNS_DIR))

runs: build
	@mkdir -p $(RUNS_DIR)
ifeq ($(SCHEDULER),slurm)
	LLDIF_RUNS=$(abspath $(RUNS_DIR)) $(BIN)/lldif submit $(CONFIG_ARGS) --jobs $(JOBS) --threads $(RUN_THREADS) \
	  --then "$(PAPER_AFTER_RUNS)"
else ifeq ($(SCHEDULER),local)
	LLDIF_RUNS=$(RUNS_DIR) $(BIN)/lldif run-plan $(CONFIG_ARGS) --jobs $(JOBS) --threads $(RUN_THREADS)
else
	$(error SCHEDULER=$(SCHEDULER) is neither local nor slurm)
endif

# With SCHEDULER=slurm, `make paper` only submits: the final Slurm job does the rest.
paper: runs
ifneq ($(SCHEDULER),slurm)
	@$(MAKE) --no-print-directory paper-chapters
endif

# The claims on a second, disjoint seed set (issue #14): the same paper on REPLICATION_SEEDS into its
# own figures folder, sharing the run store (and so the face pretraining). It trains what the claims
# read: chapter 07 only LLDif and its no-diffusion variant (`paper.ablations=`; the other ablations
# are 45 of the 160 quick runs) and chapter 04 no controls (`paper.controls=false`, 9 runs).
# `make findings REPLICATION=...` then shows both sets' verdicts.
REPLICATION_SEEDS ?= 3,4,5
REPLICATION ?= figures-replication
replication:
	@$(MAKE) --no-print-directory paper SEEDS=$(REPLICATION_SEEDS) FIGURES=$(REPLICATION) SETTINGS="paper.ablations= paper.controls=false $(SETTINGS)"

# The part of `make paper` after the runs: every chapter, the report and the claims check.
paper-chapters: chapters
	$(BIN)/lldif report --chapters chapters --figures $(FIGURES)
	@$(BIN)/lldif verify --figures $(FIGURES) || echo "make paper: some claims failed (see the table above and the report)"
	@echo "The report: $(FIGURES)/report.html and $(FIGURES)/report.pdf"

verify: build
	$(BIN)/lldif verify --figures $(FIGURES)

# Writes the "What we found" section of README.md from the results under $(FIGURES).
findings: build
	$(BIN)/lldif findings --figures $(FIGURES) $(if $(REPLICATION),--replication $(REPLICATION)) --readme README.md

# The chart gallery: every Plot chart type from seeded synthetic data.
gallery: deps
	$(SWIFT) build $(BUILD_FLAGS) --product plot-gallery
	$(BIN)/plot-gallery --output figures/gallery

# The quick profile's resolved configuration, which a test compares with the code's defaults; only
# this target writes it, never a test.
config-golden: build
	$(BIN)/lldif config --profile quick --format json > Tests/ConfigurationTests/Golden/quick.json

# Golden files of the Plot tests; only this target writes them, never a test.
golden: deps
	$(SWIFT) build $(BUILD_FLAGS) --product plot-gallery
	$(BIN)/plot-gallery --golden Tests/PlotTests/Golden

# The report: chapters/*.md woven with the chapters' results files (see README, "The report").
.PHONY: report
report: build
	$(BIN)/lldif report --chapters chapters --figures $(FIGURES)

# t-SNE side by side: Swift Barnes–Hut vs scikit-learn's (and openTSNE when it installs), same input
# and initialisation. Python lives only in bench/.venv, never system-wide.
TSNE_WORK := figures/bench/tsne-work
bench-tsne:
	@test -x bench/.venv/bin/python || python3 -m venv bench/.venv
	@bench/.venv/bin/python -c "import sklearn" 2>/dev/null || bench/.venv/bin/pip install -q scikit-learn
	@bench/.venv/bin/python -c "import openTSNE" 2>/dev/null || bench/.venv/bin/pip install -q openTSNE \
	  || echo "openTSNE did not install; measuring scikit-learn only"
	$(SWIFT) build $(BUILD_FLAGS) --product bench-tsne
	$(BIN)/bench-tsne generate --work $(TSNE_WORK)
	bench/.venv/bin/python bench/tsne/sklearn_tsne.py $(TSNE_WORK)
	$(BIN)/bench-tsne compare --work $(TSNE_WORK) --out figures/bench/tsne.json

# The engine side by side with PyTorch CPU (installed into bench/.venv only; Swift alone without it).
TORCH_SPEC := torch==2.13.0+cpu
bench-engine: deps
	@[ -x bench/.venv/bin/python ] || python3 -m venv bench/.venv || echo "bench-engine: cannot create bench/.venv"
	@bench/.venv/bin/python -c "import torch" 2>/dev/null || bench/.venv/bin/pip install -q "$(TORCH_SPEC)" \
	  || echo "bench-engine: could not install $(TORCH_SPEC); reporting Swift alone"
	$(SWIFT) build $(BUILD_FLAGS) --product bench-engine
	$(BIN)/bench-engine --python bench/.venv/bin/python --twin bench/engine/twin.py \
	  --output figures/bench/engine.json
