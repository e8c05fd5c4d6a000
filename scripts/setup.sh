#!/usr/bin/env bash
# Installs what Throughcare needs, and only what is missing, so a second run costs nothing. Works on a
# fresh Debian 12 machine (as root, or with sudo).
#
#   scripts/setup.sh app    what building and running the app needs (`make run`)
#   scripts/setup.sh test   that, and what the tests drive the app and the browser with (`make test`)
#
# It checks the Rust and Node.js versions before installing anything, says what it is doing, prints a
# line at least every 30 seconds while a step works, and keeps the package manager's output in a log
# file whose path it prints if something fails.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=progress.sh
. scripts/progress.sh
mode=${1:-test}
case "$mode" in app | test) ;; *)
  echo "setup: say 'app' or 'test'" >&2
  exit 2
  ;;
esac

logs="$HOME/.cache/throughcare/logs"
mkdir -p "$logs"
log="$logs/setup.log"

say() { echo "setup: $*"; }
fail() {
  echo "setup: $*" >&2
  exit 1
}

# Runs a command with its output in the log, printing a line every 30 seconds until it finishes.
quietly() {
  local what=$1
  shift
  say "$what"
  echo "== $(date -u +%FT%TZ) $what: $*" >>"$log"
  with_progress setup "$what" "$log" "$@" || fail "$what failed. What it printed is in $log"
}

# 1. The toolchains, first: a one-sentence answer beats minutes of installs followed by a refusal.
want_rust=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)
if ! command -v rustup >/dev/null 2>&1 || ! command -v cargo >/dev/null 2>&1; then
  fail "Rust is not installed: install it with rustup (https://rustup.rs), open a new terminal, and run this again."
fi
have_rust=$(rustc --version | awk '{print $2}')
if [ "$(printf '%s\n%s\n' "$want_rust" "$have_rust" | sort -V | head -1)" != "$want_rust" ]; then
  fail "Throughcare needs Rust $want_rust or later and this machine has $have_rust: run 'rustup update stable' and run this again."
fi
if command -v node >/dev/null 2>&1; then
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$node_major" -lt 20 ]; then
    fail "The UI needs Node.js 20 or later and this machine has $(node --version): install a newer Node.js (https://nodejs.org, or NodeSource's packages for Debian) and run this again."
  fi
  command -v npm >/dev/null 2>&1 || fail "Node.js is installed without npm: install npm and run this again."
else
  fail "The UI needs Node.js 20 or later, and Debian 12's own is 18: install it (https://nodejs.org, or NodeSource's packages for Debian) and run this again."
fi

# 2. Debian packages. The app: build tools and the WebKitGTK stack Tauri needs. The tests add Xvfb and
# WebKitWebDriver (the real app, driven), Chromium (the browser tests) and Python's iCalendar reader
# (calendar files read as a phone would).
packages=(build-essential pkg-config perl make ca-certificates file curl
  libwebkit2gtk-4.1-dev libssl-dev librsvg2-dev libayatana-appindicator3-dev)
if [ "$mode" = test ]; then
  packages+=(xvfb xauth webkit2gtk-driver chromium python3 python3-icalendar)
fi
need_apt=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if ((${#need_apt[@]})); then
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
    # Asked here, in the foreground: the installs below run in the background with their output logged.
    say "installing Debian packages needs sudo"
    sudo -v || fail "sudo was refused; run this as a user who may use sudo, or as root."
  fi
  # Installing Chromium would make it the system's web browser if there is none; that is not ours to
  # change, so whatever the choice was before is put back.
  browsers_before=$(update-alternatives --query x-www-browser 2>/dev/null | sed -n 's/^Value: //p' || true)
  quietly "updating the package lists" "${sudo_cmd[@]}" apt-get update
  quietly "installing ${need_apt[*]}" "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${need_apt[@]}"
  if [ -z "$browsers_before" ] && [[ " ${need_apt[*]} " == *" chromium "* ]]; then
    for alt in x-www-browser gnome-www-browser; do
      "${sudo_cmd[@]}" update-alternatives --remove "$alt" /usr/bin/chromium >>"$log" 2>&1 || true
    done
  fi
fi

for comp in rustfmt clippy; do
  if ! cargo "${comp/rustfmt/fmt}" --version >/dev/null 2>&1; then
    quietly "adding the $comp component" rustup component add "$comp"
  fi
done

# 3. Tools only the tests use: tauri-driver drives the real app; the fuzz targets need a nightly
# toolchain and cargo-fuzz.
tools="$HOME/.cache/throughcare/tools"
if [ "$mode" = test ]; then
  if [ ! -x "$tools/bin/tauri-driver" ]; then
    quietly "building tauri-driver (a minute or two)" cargo install tauri-driver --locked --version '^2' --root "$tools"
  fi
  if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    quietly "adding the nightly toolchain (for the fuzz targets)" rustup toolchain install nightly --profile minimal
  fi
  if [ ! -x "$tools/bin/cargo-fuzz" ]; then
    quietly "building cargo-fuzz (a minute or two)" cargo install cargo-fuzz --locked --version '^0.13' --root "$tools"
  fi
fi

# 4. The UI's packages, exactly as locked; again only when the lock file has changed.
stamp=ui/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ ui/package-lock.json -nt "$stamp" ]; then
  quietly "installing the UI's packages" bash -c 'cd ui && npm ci --no-audit --no-fund --loglevel=error'
fi
