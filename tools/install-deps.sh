#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh Debian bookworm machine.
# Idempotent: each step checks first, so a second run takes a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git xz-utils dpkg-dev ccache
  emscripten
  libboost-dev libsqlite3-dev libsodium-dev nlohmann-json3-dev catch2 libssl-dev libjemalloc-dev
  brotli gzip fonttools
  chromium
  tzdata
  iso-codes  # the countries and languages of the account settings (assets/regions.cmake)
  # System fonts the browser draws the scripts the app does not embed with (src/ui/toolkit/glyphs.h), in
  # the e2e tests' headless Chromium: CJK (Droid Sans Fallback: 2 MB, beside fonts-noto-cjk's 57 MB) and
  # colour emoji. Devanagari and Thai come with fonts-noto-core (assets/manifest.tsv).
  fonts-droid-fallback fonts-noto-color-emoji
  clang-14 libclang-rt-14-dev  # libFuzzer and the sanitizers for tools/fuzz.sh
)

# Fonts and sounds the app ships: every package named in assets/manifest.tsv (second column).
mapfile -t ASSET_PACKAGES < <(awk -F '\t' '!/^#/ && NF >= 2 { print $2 }' assets/manifest.tsv | sort -u)
APT_PACKAGES+=("${ASSET_PACKAGES[@]}")

# Node.js and npm come with this machine kind (Node 20). A bare Debian gets Debian's own as a fallback.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  APT_PACKAGES+=(nodejs npm)
fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[deps] installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Dear ImGui sources come from Debian's source package (libimgui-dev has no sources).
IMGUI_DIR=build/deps/imgui
if [ ! -f "$IMGUI_DIR/imgui.cpp" ]; then
  SRC_LIST=/etc/apt/sources.list.d/debian-src.sources
  if [ ! -f "$SRC_LIST" ]; then
    echo "[deps] enabling Debian source packages"
    $SUDO tee "$SRC_LIST" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    $SUDO apt-get update -qq
  fi
  tmp=$(mktemp -d)
  # apt's download user must be able to write there (else apt warns and downloads as root).
  if id _apt >/dev/null 2>&1; then $SUDO chown _apt "$tmp" 2>/dev/null || true; fi
  if ! (cd "$tmp" && apt-get source --download-only imgui >/dev/null 2>&1); then
    # The deb-src entry exists but its index was never fetched (e.g. an interrupted earlier run).
    $SUDO apt-get update -qq
    (cd "$tmp" && apt-get source --download-only imgui >/dev/null)
  fi
  tarball=$(ls "$tmp"/imgui_*.orig.tar.* | head -n1)
  mkdir -p "$IMGUI_DIR"
  tar -xf "$tarball" -C "$IMGUI_DIR" --strip-components=1
  rm -rf "$tmp"
  echo "[deps] Dear ImGui sources in $IMGUI_DIR"
fi

# playwright-core drives Debian's Chromium in the end-to-end tests (never downloads a browser).
# Reinstalls when package.json or the lockfile changed since the last install.
if [ ! -f tests/e2e/node_modules/playwright-core/package.json ] ||
   [ tests/e2e/package.json -nt tests/e2e/node_modules/.package-lock.json ] ||
   [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  echo "[deps] installing playwright-core"
  (cd tests/e2e && npm install --no-audit --no-fund --silent)
fi
