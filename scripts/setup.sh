#!/usr/bin/env bash
# Installs what building and testing Throughcare needs, and only what is missing, so a second run
# costs nothing. Works on a fresh Debian 12 machine (as root, or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

# Build tools, the WebKitGTK stack Tauri needs, what the tests drive the app and the browser with, and
# Python's iCalendar reader, which checks the calendar files as a phone would read them.
packages=(build-essential pkg-config perl make ca-certificates file curl
  libwebkit2gtk-4.1-dev libssl-dev librsvg2-dev libayatana-appindicator3-dev
  xvfb xauth webkit2gtk-driver chromium python3 python3-icalendar)
# Node.js 20 or later builds the UI; Debian's own is used only when there is none.
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
need_apt=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if ((${#need_apt[@]})); then
  echo "setup: installing ${need_apt[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: Rust is not installed. Install it with rustup (https://rustup.rs) and run this again." >&2
  exit 1
fi
for comp in rustfmt clippy; do
  if ! cargo "${comp/rustfmt/fmt}" --version >/dev/null 2>&1; then
    echo "setup: adding the $comp component"
    rustup component add "$comp"
  fi
done

# tauri-driver drives the real app in the end-to-end tests (WebKitWebDriver underneath).
tools="$HOME/.cache/throughcare/tools"
if [ ! -x "$tools/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --locked --version '^2' --root "$tools" --quiet
fi

# The fuzz targets need a nightly toolchain and cargo-fuzz (only for `make fuzz`, which `make test` runs).
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "setup: adding the nightly toolchain (for the fuzz targets)"
  rustup toolchain install nightly --profile minimal
fi
if [ ! -x "$tools/bin/cargo-fuzz" ]; then
  echo "setup: installing cargo-fuzz"
  cargo install cargo-fuzz --locked --version '^0.13' --root "$tools" --quiet
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: the UI needs Node.js 20 or later; this machine has $(node --version). Install a newer Node.js and run this again." >&2
  exit 1
fi

# The UI's packages, exactly as locked; again only when the lock file has changed.
stamp=ui/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ ui/package-lock.json -nt "$stamp" ]; then
  echo "setup: installing the UI's packages"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi
