#!/usr/bin/env bash
# Runs each fuzz target of the sync file reader for a short while (default 15 seconds each), starting
# from the seed corpus in fuzz/corpus/. New inputs the fuzzer finds go to a scratch folder, so the clone
# stays clean. A crash fails the run and leaves the input in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=progress.sh
. scripts/progress.sh
seconds=${1:-15}
export PATH="$HOME/.cache/throughcare/tools/bin:$PATH"
target_dir="$HOME/.cache/throughcare/fuzz-target"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
build=(--target-dir "$target_dir" --codegen-units 16)

# The first build (nightly, with the fuzzer's instrumentation) takes several minutes and prints nothing
# useful, so it runs on its own with a line every 30 seconds; later runs find it built.
echo "fuzz: building the fuzz targets (several minutes the first time)"
if ! with_progress fuzz building "$scratch/build.log" cargo +nightly fuzz build "${build[@]}"; then
  tail -40 "$scratch/build.log" >&2
  echo "fuzz: the fuzz targets did not build" >&2
  exit 1
fi

for t in bundle_reader op_lines; do
  mkdir -p "$scratch/$t"
  echo "fuzz: $t for ${seconds}s"
  status=0
  cargo +nightly fuzz run "${build[@]}" "$t" "$scratch/$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 >"$scratch/$t.log" 2>&1 ||
    status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$scratch/$t.log" | sed 's/^/fuzz:   /' || true
  if [ "$status" -ne 0 ]; then
    tail -40 "$scratch/$t.log" >&2
    echo "fuzz: $t found a problem (or failed to build); any crashing input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
