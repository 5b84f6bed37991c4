# The LLDif reproducibility kit. `make test` runs the tests; `make help` lists every target.
SHELL := /bin/bash
SWIFT ?= swift
BUILD_FLAGS := -c release
BIN = $(shell $(SWIFT) build $(BUILD_FLAGS) --show-bin-path)
# Debian packages the build needs: Cairo and Pango (drawing), libjpeg-turbo (JPEG), pkg-config.
DEB_PACKAGES := pkg-config libcairo2-dev libpango1.0-dev libturbojpeg0-dev libjpeg62-turbo-dev

.PHONY: help deps build test clean bench-tsne

help:
	@echo "make test          build in release and run every test (installs missing Debian packages)"
	@echo "make build         release build of the library, the lldif tool and the chapters"
	@echo "make clean         remove build products and generated figures"
	@echo "make bench-tsne    Swift t-SNE vs scikit-learn (and openTSNE) on the same input; writes figures/bench/tsne.json"

# Installs whatever Debian packages are missing (as root, or through sudo otherwise).
deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  echo "installing Debian packages:$$missing"; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

# Tests run in release mode: debug builds make the numeric kernels 30–270x slower.
test: deps
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	$(SWIFT) test $(BUILD_FLAGS) --skip-build

clean:
	rm -rf .build figures/*

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
