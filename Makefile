# Throughcare. `make run` sets up and opens the app on a demo caseload; `make test` sets up and runs
# every check.
SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(HOME)/.cache/throughcare/target
export DEMO_DIR ?= $(HOME)/.cache/throughcare/demo
export CARGO_TERM_COLOR ?= never
CLI := $(CARGO_TARGET_DIR)/debug/throughcare
APP := $(CARGO_TARGET_DIR)/debug/throughcare-app

TAURI_DRIVER := $(HOME)/.cache/throughcare/tools/bin/tauri-driver

.PHONY: setup setup-app test ui ui-test lint unit browser e2e fuzz run app build package bench demo-reset

# Output going to a file or a pipe gets no colour codes (Node's test runners colour it otherwise).
PLAIN := if [ ! -t 1 ]; then export NO_COLOR=1; fi;

## What the tests need as well as the app (`make run` needs only `setup-app`).
setup:
	@scripts/setup.sh test
setup-app:
	@scripts/setup.sh app

## Every check CI runs: formatting, lints, the UI's checks and unit tests, all Rust tests, browser
## tests of every screen, the real app driven end to end, and a short fuzz of the sync file reader.
test: setup ui-test ui lint unit browser e2e fuzz

## The UI: type check, unit tests, and the build the app serves.
ui-test:
	@$(PLAIN) cd ui && npm run check && npm test
## Built again only when a file it is made from has changed, so an unchanged tree starts at once.
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/package-lock.json \
  $(wildcard ui/vite.config.* ui/svelte.config.* ui/tsconfig*.json)
ui: ui/dist/index.html
ui/dist/index.html: $(UI_SOURCES)
	@$(PLAIN) cd ui && npm run build
	@touch $@

lint: ui
	cargo fmt --all -- --check --color $$(if [ -t 1 ]; then echo auto; else echo never; fi)
	cargo clippy --workspace --all-targets --locked -- -D warnings

unit: ui
	cargo test --workspace --locked

## Every screen in headless Chromium with the app's commands mocked, each checked by axe-core.
browser: ui
	@$(PLAIN) cd ui && npm run test:browser

## The real app in a real window (Xvfb), driven through WebDriver; screenshots in target/screenshots/.
e2e: app
	APP=$(APP) CLI=$(CLI) TAURI_DRIVER=$(TAURI_DRIVER) SCREENSHOTS=target/screenshots node tests/e2e/app.mjs

## The sync file reader under cargo-fuzz, briefly (FUZZ_SECONDS each target; longer by hand).
FUZZ_SECONDS ?= 15
fuzz: setup
	scripts/fuzz.sh $(FUZZ_SECONDS)

## Opens the desktop app on a demo database (made and seeded the first time).
run: setup-app ui app
	@BIN=$(CLI) APP=$(APP) scripts/demo.sh

app: ui
	cargo build --locked -p throughcare-app -p throughcare

## A Debian package of the app (release build): target/…/release/bundle/deb/Throughcare_*.deb.
package: setup ui
	cd src-tauri && npx --yes @tauri-apps/cli@2.12.5 build --bundles deb
	@ls -1 $(CARGO_TARGET_DIR)/release/bundle/deb/*.deb

## The command line, optimised (for big imports and seeding).
build:
	cargo build --release --locked -p throughcare

## Speed figures: client search at 100,000 clients; export and import of a 200,000-op sync file; the
## monthly summary and every screen at 100,000 clients. Figures, not pass or fail: see BENCHMARKS.md.
## The databases of 10,000 and 100,000 clients are seeded once into ~/.cache/throughcare/bench and
## shared by the benchmarks (BENCH_SIZES=10000 for a quick run of the screens); then the release
## app is started under Xvfb and measured from outside on the 100,000-client database.
BENCH_DIR := $(HOME)/.cache/throughcare/bench
bench: setup ui
	cargo bench -p throughcare-core --bench search
	cargo bench -p throughcare-core --bench sync
	cargo bench -p throughcare-core --bench report
	cargo bench -p throughcare-core --bench screens
	cargo build --release --locked -p throughcare-app -p throughcare
	APP=$(CARGO_TARGET_DIR)/release/throughcare-app CLI=$(CARGO_TARGET_DIR)/release/throughcare \
	  TAURI_DRIVER=$(TAURI_DRIVER) SCREENSHOTS=$(CARGO_TARGET_DIR)/bench/screenshots \
	  BENCH_DB=$(BENCH_DIR)/screens-100000.db BENCH_PASS="benchmark passphrase, not secret" BENCH_CLIENTS=100000 \
	  node tests/e2e/measure.mjs

## Deletes the demo database so the next `make run` makes a new one.
demo-reset:
	rm -rf "$(DEMO_DIR)"
