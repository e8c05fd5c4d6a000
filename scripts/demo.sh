#!/usr/bin/env bash
# `make run`: a demo database with a realistic caseload, made once and reused, then what is in it.
# The demo passphrase below protects demo data only; never use it for real data.
set -euo pipefail
bin="${BIN:?}"
dir="${DEMO_DIR:?}"
db="$dir/demo.db"
export THROUGHCARE_PASSPHRASE="demo passphrase, demo data only"
mkdir -p "$dir"
if [ ! -f "$db" ]; then
  "$bin" --db "$db" init --org "Bridges Health Link (demo)" --user "Morgan Hale" --device "Demo laptop"
  "$bin" --db "$db" seed --clients "${DEMO_CLIENTS:-2000}" --seed 7
fi
"$bin" --db "$db" info
echo
echo "Demo database: $db"
echo "Try: THROUGHCARE_PASSPHRASE='$THROUGHCARE_PASSPHRASE' $bin --db $db verify"
