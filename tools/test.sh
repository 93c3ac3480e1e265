#!/usr/bin/env bash
# "Test": install what is missing, build (native Debug with ASan/UBSan, and the WASM client + tests), then
# run every suite, each one's output shown as it runs:
#   unit    build/native-debug/unit_tests                       (Catch2, native), then node assets/check_assets.mjs
#   wasm    node --no-experimental-fetch build/wasm/wasm_tests.js (Catch2 compiled to WASM, under node)
#   server  build/native-debug/server_tests                     (real server, real WebSocket clients)
#   e2e     node --test tests/e2e/                              (headless Chromium against a real server)
# A failed suite does not stop the others. The run ends with a summary table and the line
# "N passed, M failed" (suites), and exits non-zero when any suite failed. A suite whose runner was not
# built (missing, or its build failed) counts as FAILED: nothing is skipped silently.
#
# Usage: tools/test.sh [--suite unit|wasm|server|e2e]...   (repeatable; default: all four)
# Env:   TELEMED_JOBS (ninja -j, default 2); TELEMED_SKIP_RELEASE=1 skips the release server build that
#        full runs do to check tools/run.sh still compiles.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
JOBS=${TELEMED_JOBS:-2}
ALL_SUITES=(unit wasm server e2e)

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }

SUITES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --suite) [ $# -ge 2 ] || { usage; exit 2; }; SUITES+=("$2"); shift 2 ;;
    --suite=*) SUITES+=("${1#--suite=}"); shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[ ${#SUITES[@]} -gt 0 ] || SUITES=("${ALL_SUITES[@]}")
for s in "${SUITES[@]}"; do
  case " ${ALL_SUITES[*]} " in *" $s "*) ;; *) echo "unknown suite: $s (one of: ${ALL_SUITES[*]})" >&2; exit 2 ;; esac
done
wants() { case " ${SUITES[*]} " in *" $1 "*) return 0 ;; esac; return 1; }

bold=""; red=""; green=""; reset=""
if [ -t 1 ]; then bold=$'\e[1m'; red=$'\e[31m'; green=$'\e[32m'; reset=$'\e[0m'; fi
banner() { printf '\n%s==> %s%s\n' "$bold" "$*" "$reset"; }
now_ms() { date +%s%3N; }
fmt_s() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }

# Suites get a generous time limit so a hang cannot eat CI's budget. With a terminal, the suite runs in
# the foreground process group so Ctrl-C reaches it.
run_limited() {
  local limit=$1; shift
  if [ -t 0 ]; then timeout --foreground -k 10 "$limit" "$@"; else timeout -k 10 "$limit" "$@"; fi
}

STEP_NAMES=(); STEP_RESULTS=(); STEP_TIMES=()
record_step() { STEP_NAMES+=("$1"); STEP_RESULTS+=("$2"); STEP_TIMES+=("$3"); }

# ---------------------------------------------------------------------------------------------------
# Dependencies
banner "deps: tools/install-deps.sh"
t0=$(now_ms)
if bash tools/install-deps.sh; then record_step deps ok $(( $(now_ms) - t0 ))
else record_step deps FAILED $(( $(now_ms) - t0 )); echo "${red}install-deps failed; building with what is there${reset}"; fi

# ---------------------------------------------------------------------------------------------------
# Builds. Targets are built one at a time (shared objects are built once, by the first) so that each one's
# result is known: a suite whose runner failed to build must not run a stale binary.
declare -A TARGET_OK=()   # dir/target -> ok | failed | missing

has_target() { ninja -C "$1" -t query "$2" >/dev/null 2>&1; }

build_dir() { # dir label configure-command... -- targets...
  local dir=$1 label=$2; shift 2
  local cfg=(); while [ "$1" != "--" ]; do cfg+=("$1"); shift; done; shift
  local wanted=("$@") t
  banner "build: $label ($dir)"
  local start; start=$(now_ms)
  if [ ! -f "$dir/build.ninja" ]; then
    if ! "${cfg[@]}"; then
      echo "${red}configure failed in $dir${reset}"
      for t in "${wanted[@]}"; do TARGET_OK[$dir/$t]=failed; done
      record_step "build $label" FAILED $(( $(now_ms) - start )); return
    fi
  fi
  # Let CMake pick up new source files first, so targets that appeared since the last configure are known.
  if ! ninja -C "$dir" build.ninja; then
    echo "${red}re-configure failed in $dir${reset}"
    for t in "${wanted[@]}"; do TARGET_OK[$dir/$t]=failed; done
    record_step "build $label" FAILED $(( $(now_ms) - start )); return
  fi
  local result=ok
  for t in "${wanted[@]}"; do
    if ! has_target "$dir" "$t"; then
      TARGET_OK[$dir/$t]=missing; result=FAILED
      echo "${red}target $t does not exist (yet) in $dir${reset}"
    elif ninja -C "$dir" -j"$JOBS" -k 0 "$t"; then
      TARGET_OK[$dir/$t]=ok
    else
      TARGET_OK[$dir/$t]=failed; result=FAILED
      echo "${red}build of $t failed${reset}"
    fi
  done
  record_step "build $label" "$result" $(( $(now_ms) - start ))
}

bench_targets() { # every bench_* executable the native build defines
  ninja -C "$1" -t targets all 2>/dev/null | sed -n 's/^\(bench_[A-Za-z0-9_]*\): phony$/\1/p' | sort -u
}

need_native=0; need_wasm=0
wants unit && need_native=1
wants server && need_native=1
wants e2e && { need_native=1; need_wasm=1; }
wants wasm && need_wasm=1

NATIVE=build/native-debug
if [ $need_native = 1 ]; then
  native_targets=()
  wants unit && native_targets+=(unit_tests)
  wants server && native_targets+=(server_tests)
  native_targets+=(telemed-server)
  build_dir "$NATIVE" "native debug + sanitizers" \
    cmake -S . -B "$NATIVE" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTELEMED_SANITIZE=ON -- "${native_targets[@]}"
  # The benchmarks are built (so they keep compiling) but not run here: tools/bench.sh runs them.
  if [ "${SUITES[*]}" = "${ALL_SUITES[*]}" ] && [ -f "$NATIVE/build.ninja" ]; then
    mapfile -t benches < <(bench_targets "$NATIVE")
    if [ ${#benches[@]} -gt 0 ]; then build_dir "$NATIVE" "native benches" true -- "${benches[@]}"; fi
  fi
fi

# The release server that tools/run.sh starts: built here too (full runs only) so that a Release-only
# compile error (optimizer warnings under -Werror) shows up in CI. Its result is a build step, not a suite.
if [ "${SUITES[*]}" = "${ALL_SUITES[*]}" ] && [ "${TELEMED_SKIP_RELEASE:-0}" != 1 ]; then
  build_dir build/native-release "native release (tools/run.sh)" \
    cmake -S . -B build/native-release -G Ninja -DCMAKE_BUILD_TYPE=Release -- telemed-server
fi

WASM=build/wasm
if [ $need_wasm = 1 ]; then
  wasm_targets=()
  wants wasm && wasm_targets+=(wasm_tests)
  wants e2e && wasm_targets+=(web)
  # shellcheck source=../emsdk-env.sh
  source ./emsdk-env.sh
  build_dir "$WASM" "wasm release" \
    emcmake cmake -S . -B "$WASM" -G Ninja -DCMAKE_BUILD_TYPE=Release -- "${wasm_targets[@]}"
fi

# ---------------------------------------------------------------------------------------------------
# Suites
SUITE_NAMES=(); SUITE_RESULTS=(); SUITE_TIMES=()

# run_suite name needed-dir/targets(comma) runner-file limit command...
run_suite() {
  local name=$1 needs=$2 runner=$3 limit=$4; shift 4
  banner "suite $name: $*"
  local start; start=$(now_ms)
  local t why=""
  for t in ${needs//,/ }; do
    case "${TARGET_OK[$t]:-unbuilt}" in
      ok) ;;
      missing) why="missing: no ${t##*/} target yet" ;;
      *) why="build of ${t##*/} failed" ;;
    esac
    [ -z "$why" ] || break
  done
  if [ -z "$why" ] && [ ! -e "$runner" ]; then why="missing: $runner does not exist"; fi
  if [ -n "$why" ]; then
    echo "${red}$name: FAILED ($why)${reset}"
    SUITE_NAMES+=("$name"); SUITE_RESULTS+=("FAILED ($why)"); SUITE_TIMES+=($(( $(now_ms) - start ))); return
  fi
  local rc=0
  run_limited "$limit" "$@" || rc=$?
  local result=passed
  if [ $rc -eq 124 ]; then result="FAILED (timed out after $limit)"
  elif [ $rc -ne 0 ]; then result="FAILED (exit $rc)"; fi
  SUITE_NAMES+=("$name"); SUITE_RESULTS+=("$result"); SUITE_TIMES+=($(( $(now_ms) - start )))
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

for s in "${SUITES[@]}"; do
  case "$s" in
    # The unit suite also checks assets/ against the code (icons.txt current: the icon font is cut to it).
    unit)   run_suite unit "$NATIVE/unit_tests" "$NATIVE/unit_tests" 15m \
              bash -c "\"\$1\" && node assets/check_assets.mjs" _ "$NATIVE/unit_tests" ;;
    wasm)   run_suite wasm "$WASM/wasm_tests" "$WASM/wasm_tests.js" 10m \
              node --no-experimental-fetch "$WASM/wasm_tests.js" ;;
    server) run_suite server "$NATIVE/server_tests" "$NATIVE/server_tests" 20m "$NATIVE/server_tests" ;;
    e2e)    rm -rf tests/e2e/artifacts   # screenshots and server logs of this run only
            run_suite e2e "$NATIVE/telemed-server,$WASM/web" "$WASM/web/index.html" 30m \
              env TELEMED_SERVER="$ROOT/$NATIVE/telemed-server" node --test tests/e2e/ ;;
  esac
done

# ---------------------------------------------------------------------------------------------------
# Summary
banner "summary"
printf '%-38s %-44s %10s\n' "step" "result" "duration"
printf '%-38s %-44s %10s\n' "----" "------" "--------"
for i in "${!STEP_NAMES[@]}"; do
  printf '%-38s %-44s %10s\n' "${STEP_NAMES[$i]}" "${STEP_RESULTS[$i]}" "$(fmt_s "${STEP_TIMES[$i]}")"
done
echo
printf '%-38s %-44s %10s\n' "suite" "result" "duration"
printf '%-38s %-44s %10s\n' "-----" "------" "--------"
passed=0; failed=0
for i in "${!SUITE_NAMES[@]}"; do
  r=${SUITE_RESULTS[$i]}
  if [ "$r" = passed ]; then passed=$((passed + 1)); c=$green; else failed=$((failed + 1)); c=$red; fi
  printf '%-38s %s%-44s%s %10s\n' "${SUITE_NAMES[$i]}" "$c" "$r" "$reset" "$(fmt_s "${SUITE_TIMES[$i]}")"
done
echo
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
