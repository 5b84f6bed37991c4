# The LLDif reproducibility kit. `make test` runs the tests; `make help` lists every target.
SHELL := /bin/bash
SWIFT ?= swift
BUILD_FLAGS := -c release
BIN = $(shell $(SWIFT) build $(BUILD_FLAGS) --show-bin-path)
# Debian packages the build needs: Cairo and Pango (drawing), libjpeg-turbo (JPEG), pkg-config.
DEB_PACKAGES := pkg-config libcairo2-dev libpango1.0-dev libturbojpeg0-dev libjpeg62-turbo-dev

.PHONY: help deps build test clean bench-engine bench-data

help:
	@echo "make test          build in release and run every test (installs missing Debian packages)"
	@echo "make build         release build of the library, the lldif tool and the chapters"
	@echo "make clean         remove build products and generated figures"
	@echo "make bench-engine  GEMM, convolution and a ResNet-18 training step: Swift engine vs PyTorch"
	@echo "make bench-data    faces/s for SynFER generation, low-light degradation, batches (figures/bench/data.json)"

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

# Faces per second on this machine; BENCH_COUNT=N sets the faces per measurement.
bench-data: deps
	$(SWIFT) build $(BUILD_FLAGS) --product bench-data
	$(BIN)/bench-data

clean:
	rm -rf .build figures/*

# The engine bench: installs PyTorch CPU into bench/.venv when missing (the bench reports Swift
# alone if that fails), then runs Swift and the PyTorch twin alternately on the same 2 threads.
TORCH_SPEC := torch==2.13.0+cpu
bench-engine: deps
	@[ -x bench/.venv/bin/python ] || python3 -m venv bench/.venv || echo "bench-engine: cannot create bench/.venv"
	@bench/.venv/bin/python -c "import torch" 2>/dev/null || bench/.venv/bin/pip install -q "$(TORCH_SPEC)" \
	  || echo "bench-engine: could not install $(TORCH_SPEC); reporting Swift alone"
	$(SWIFT) build $(BUILD_FLAGS) --product bench-engine
	LLDIF_THREADS=$${LLDIF_THREADS:-2} $(BIN)/bench-engine --python bench/.venv/bin/python --twin bench/engine/twin.py \
	  --output figures/bench/engine.json
