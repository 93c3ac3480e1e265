#!/usr/bin/env bash
# "Run": install what is missing, build the release server and the WASM client, and start the server on
# http://localhost:8080 (data in ./data, web root build/wasm/web). Extra arguments go to telemed-server,
# e.g. `bash tools/run.sh --log-level debug`. Ctrl-C stops the server cleanly.
# Fast when nothing changed: configure runs only the first time (ninja re-configures itself when needed).
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${TELEMED_JOBS:-2}
PORT=${TELEMED_PORT:-8080}

bash tools/install-deps.sh

echo "[run] building the server (build/native-release)"
if [ ! -f build/native-release/build.ninja ]; then
  cmake -S . -B build/native-release -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
ninja -C build/native-release -j"$JOBS" telemed-server

echo "[run] building the web client (build/wasm)"
# shellcheck source=../emsdk-env.sh
source ./emsdk-env.sh
if [ ! -f build/wasm/build.ninja ]; then
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
ninja -C build/wasm -j"$JOBS" web
if [ ! -f build/wasm/web/index.html ]; then
  echo "[run] warning: build/wasm/web/index.html is missing: the server will have no page to serve" >&2
fi

mkdir -p data
echo "[run] http://localhost:${PORT}  (offline demo: http://localhost:${PORT}/?demo)  Ctrl-C stops"
exec build/native-release/telemed-server --port "$PORT" --data-dir ./data --web-root build/wasm/web "$@"
