#!/usr/bin/env bash
# Benchmarks: builds what they need (release server and benchmarks, the WASM client), then runs
#   1. tests/bench/wasm_size.sh     download size of the client vs a bare ImGui build with the same flags
#   2. tests/bench/page_load.mjs    first and second visit: navigation start -> window.telemedReady and bytes
#                                   on the wire, 10 fresh contexts, on loopback and on an emulated 4G link
#   3. tests/bench/idle_cpu.mjs     CPU and frames of the idle app vs pages that redraw every frame
#   4. tests/bench/call_baseline.mjs two peer connections in one page (the browser's own call set-up)
#   5. tests/bench/call_join.mjs    join/admit click -> first decoded remote frame through app + server,
#                                   beside the same baseline in the same run
#   6. build/native-release/bench_* the native benchmarks (server throughput, bookings, server CPU per
#      request beside a Socket.IO server and the epoll floor, messaging and typing, idle connections'
#      memory at 5,000 and 15,000, signaling), when built
# and prints their figures. Nothing asserts on time; the exit status only says whether each one ran.
# The machine is shared: figures taken while other builds run are noisy (bench_request_cpu prints how
# much of each core other processes took).
#
# Usage: tools/bench.sh [--quick] [--profile]
#   --quick    3 page loads, 10 s idle windows
#   --profile  also profile the server during bench_booking_throughput and bench_request_cpu with perf
#              (installs Debian's linux-perf; profiles land in build/bench/*.perf.data)
set -uo pipefail
cd "$(dirname "$0")/.."
JOBS=${TELEMED_JOBS:-2}
RUNS=10; SECONDS_IDLE=30; CALL_RUNS=20
PROFILE=0
for arg in "$@"; do
  case "$arg" in
    --quick) RUNS=3; SECONDS_IDLE=10; CALL_RUNS=5 ;;
    --profile) PROFILE=1 ;;
    *) echo "usage: tools/bench.sh [--quick] [--profile]" >&2; exit 2 ;;
  esac
done

banner() { printf '\n==> %s\n' "$*"; }
failed=()

banner "deps"
bash tools/install-deps.sh || failed+=(deps)
# The Socket.IO reference server of bench_request_cpu (tests/bench/socketio, from npm); reinstalled when
# package.json or the lockfile changed since the last install.
if [ ! -f tests/bench/socketio/node_modules/socket.io/package.json ] ||
   [ tests/bench/socketio/package.json -nt tests/bench/socketio/node_modules/.package-lock.json ] ||
   [ tests/bench/socketio/package-lock.json -nt tests/bench/socketio/node_modules/.package-lock.json ]; then
  echo "[deps] installing socket.io for tests/bench/socketio"
  (cd tests/bench/socketio && npm ci --no-audit --no-fund --silent) || failed+=("npm socket.io")
fi
if [ "$PROFILE" = 1 ] && ! command -v perf >/dev/null 2>&1; then
  echo "[deps] installing linux-perf"
  SUDO=""; [ "$(id -u)" != 0 ] && SUDO="sudo"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends linux-perf; } ||
    failed+=("linux-perf")
fi

banner "build: native release (build/native-release)"
if [ ! -f build/native-release/build.ninja ]; then
  cmake -S . -B build/native-release -G Ninja -DCMAKE_BUILD_TYPE=Release || failed+=("configure native-release")
fi
if [ -f build/native-release/build.ninja ]; then
  ninja -C build/native-release build.ninja >/dev/null || true
  mapfile -t BENCHES < <(ninja -C build/native-release -t targets all 2>/dev/null |
                         sed -n 's/^\(bench_[A-Za-z0-9_]*\): phony$/\1/p' | sort -u)
  ninja -C build/native-release -j"$JOBS" -k 0 telemed-server "${BENCHES[@]}" || failed+=("build native-release")
else
  BENCHES=()
fi

banner "build: web client (build/wasm)"
# shellcheck source=../emsdk-env.sh
source ./emsdk-env.sh
if [ ! -f build/wasm/build.ninja ]; then
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release || failed+=("configure wasm")
fi
[ -f build/wasm/build.ninja ] && { ninja -C build/wasm -j"$JOBS" web || failed+=("build wasm"); }

banner "wasm size (tests/bench/wasm_size.sh)"
bash tests/bench/wasm_size.sh || failed+=(wasm_size)

banner "page load (tests/bench/page_load.mjs --runs $RUNS)"
node tests/bench/page_load.mjs --runs "$RUNS" || failed+=(page_load)
banner "page load on 4G (tests/bench/page_load.mjs --runs $RUNS --network 4g)"
node tests/bench/page_load.mjs --runs "$RUNS" --network 4g || failed+=(page_load_4g)

banner "idle CPU (tests/bench/idle_cpu.mjs --seconds $SECONDS_IDLE)"
node tests/bench/idle_cpu.mjs --seconds "$SECONDS_IDLE" || failed+=(idle_cpu)

banner "call set-up baseline, two peer connections in one page (tests/bench/call_baseline.mjs)"
node tests/bench/call_baseline.mjs || failed+=(call_baseline)

banner "call set-up through the app and server, beside the baseline (tests/bench/call_join.mjs --runs $CALL_RUNS)"
node tests/bench/call_join.mjs --runs "$CALL_RUNS" || failed+=(call_join)

for b in "${BENCHES[@]}"; do
  banner "native: build/native-release/$b"
  if [ -x "build/native-release/$b" ]; then
    args=()
    if [ "$PROFILE" = 1 ] && { [ "$b" = bench_booking_throughput ] || [ "$b" = bench_request_cpu ]; }; then
      mkdir -p build/bench
      args=(--perf "build/bench/${b#bench_}.perf.data" --perf-dwarf)
    fi
    "build/native-release/$b" "${args[@]}" || failed+=("$b")
    # Second runs of the issue's other figures: 15,000 idle connections held by one server, and typing.
    case "$b" in
      bench_idle_connections) "build/native-release/$b" --connections 15000 --processes 3 --addresses 6 || failed+=("$b 15000") ;;
      bench_messaging_throughput) "build/native-release/$b" --typing || failed+=("$b --typing") ;;
    esac
  else
    echo "not built"; failed+=("$b")
  fi
done
if [ ! -x build/native-release/bench_server_throughput ]; then
  echo; echo "(bench_server_throughput is not built yet: no tests/bench/server_throughput.cpp)"
fi

echo
if [ ${#failed[@]} -eq 0 ]; then echo "benchmarks: all ran"; exit 0; fi
echo "benchmarks that did not run: ${failed[*]}"
exit 1
