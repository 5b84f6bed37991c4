# The LLDif reproducibility kit. `make test` runs the tests; `make help` lists every target.
SHELL := /bin/bash
SWIFT ?= swift
BUILD_FLAGS := -c release
BIN = $(shell $(SWIFT) build $(BUILD_FLAGS) --show-bin-path)
# Debian packages the build needs: Cairo and Pango (drawing), libjpeg-turbo (JPEG), pkg-config,
# and DejaVu, the one font family every chart uses (so that renders match on every machine).
DEB_PACKAGES := pkg-config libcairo2-dev libpango1.0-dev libturbojpeg0-dev libjpeg62-turbo-dev fonts-dejavu-core

.PHONY: help deps build test clean gallery golden bench-data

help:
	@echo "make test          build in release and run every test (installs missing Debian packages)"
	@echo "make build         release build of the library, the lldif tool and the chapters"
	@echo "make clean         remove build products and generated figures"
	@echo "make gallery       render every chart type of Plot into figures/gallery/ (PNG, SVG, PDF)"
	@echo "make golden        regenerate the golden PNGs of the Plot tests (after an intended change)"
	@echo "make report        weave chapters/*.md and figures/*/results.json into figures/report.html and report.pdf"
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

# The chart gallery: every Plot chart type from seeded synthetic data.
gallery: deps
	$(SWIFT) build $(BUILD_FLAGS) --product plot-gallery
	$(BIN)/plot-gallery --output figures/gallery

# Golden files of the Plot tests; only this target writes them, never a test.
golden: deps
	$(SWIFT) build $(BUILD_FLAGS) --product plot-gallery
	$(BIN)/plot-gallery --golden Tests/PlotTests/Golden

# The report: chapters/*.md woven with the chapters' results files (see README, "The report").
.PHONY: report
report: build
	$(BIN)/lldif report --chapters chapters --figures figures
