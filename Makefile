# Throughcare. `make run` sets up and shows the demo; `make test` sets up and runs every check.
SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(HOME)/.cache/throughcare/target
export DEMO_DIR ?= $(HOME)/.cache/throughcare/demo
export BIN := $(CARGO_TARGET_DIR)/release/throughcare
export CARGO_TERM_COLOR ?= never

.PHONY: setup test lint unit run build bench demo-reset

setup:
	@scripts/setup.sh

## Every check CI runs: formatting, lints, and all tests.
test: setup lint unit

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

unit:
	cargo test --workspace --locked

## Builds the command line (release) and shows a demo database with a realistic caseload.
run: setup build
	@scripts/demo.sh

build:
	cargo build --release --locked -p throughcare

## Speed figures: client search at 100,000 clients, seeding.
bench: setup
	cargo bench -p throughcare-core --bench search

## Deletes the demo database so the next `make run` makes a new one.
demo-reset:
	rm -rf "$(DEMO_DIR)"
