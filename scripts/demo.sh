#!/usr/bin/env bash
# `make run`: a demo database with a realistic caseload, made once and reused, then the app on it.
# The demo passphrase protects demo data only and is shown on the unlock screen; never use it for
# real data.
set -euo pipefail
bin="${BIN:?}"
app="${APP:?}"
dir="${DEMO_DIR:?}"
db="$dir/demo.db"
export THROUGHCARE_PASSPHRASE="demo passphrase, demo data only"
export THROUGHCARE_USER="Morgan Hale"
mkdir -p "$dir"
if [ ! -f "$db" ]; then
  "$bin" --db "$db" init --org "Bridges Health Link (demo)" --device "Demo laptop"
  "$bin" --db "$db" seed --clients "${DEMO_CLIENTS:-2000}" --seed 7
  # A caseworker and a peer mentor of the demo can sign in too, with the same demo passphrase, to see
  # what each role sees.
  for person in "Alex Morgan" "Dean Holloway"; do
    THROUGHCARE_NEW_PASSPHRASE="$THROUGHCARE_PASSPHRASE" "$bin" --db "$db" user unlock-here "$person" >/dev/null
  done
fi
"$bin" --db "$db" info
echo
who="$THROUGHCARE_USER (a manager), Alex Morgan (a caseworker) or Dean Holloway (a peer mentor)"
echo "Opening Throughcare on the demo database. Sign in as $who with the passphrase: $THROUGHCARE_PASSPHRASE"
THROUGHCARE_DB="$db" THROUGHCARE_DEMO_PASSPHRASE="$THROUGHCARE_PASSPHRASE" THROUGHCARE_DEMO_USER="$who" exec "$app"
