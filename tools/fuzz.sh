#!/usr/bin/env bash
# Fuzz: build the libFuzzer targets (clang-14, into build/fuzz) and run each for a while, one after the
# other, growing the corpus in tests/fuzz/corpus/<target>/ with the inputs that reach new code.
#   protocol     a client frame -> decode_request, and the client's reader
#   dispatcher   lines of frames on three connections -> the whole dispatcher over the MemoryStore
#   http         raw request bytes -> Beast's parser, path, query, Range, ETag, Origin
#   tzif         TZif bytes (and zone packs) -> TimeZone
#   attachments  file bytes -> type sniffer, JPEG metadata stripper, file-name cleaner
# Per target it prints wall and CPU seconds, executions, exec/s, coverage (edges), the change in corpus inputs and crashes. A crash
# stops that target's run; its input is copied into the corpus (so the unit tests replay it and fail
# until the bug is fixed) and the script exits non-zero at the end. The unit tests replay the corpus
# in seconds ([fuzz]); runs like this one are a tool, not part of tools/test.sh.
#
# Usage: tools/fuzz.sh [--seconds N | --cpu-seconds N] [target...]   (default: 30 s each, every target)
#   --seconds N      N seconds of wall time per target (libFuzzer's -max_total_time)
#   --cpu-seconds N  until the fuzzer has used N seconds of CPU (user + system), however long that takes
#                    on a busy machine: the figure the proof suite reports (1 CPU-hour: --cpu-seconds 3600)
# Env:   TELEMED_JOBS (ninja -j, default 2). Runs under nice, one fuzzer at a time; two invocations
#        with different targets may run side by side once the targets are built.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=build/fuzz
JOBS=${TELEMED_JOBS:-2}
ALL=(protocol dispatcher http tzif attachments)

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }

SECONDS_EACH=30
CPU_BUDGET=0
TARGETS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) [ $# -ge 2 ] || { usage >&2; exit 2; }; SECONDS_EACH=$2; shift 2 ;;
    --seconds=*) SECONDS_EACH=${1#--seconds=}; shift ;;
    --cpu-seconds) [ $# -ge 2 ] || { usage >&2; exit 2; }; CPU_BUDGET=$2; shift 2 ;;
    --cpu-seconds=*) CPU_BUDGET=${1#--cpu-seconds=}; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    *) case " ${ALL[*]} " in *" $1 "*) TARGETS+=("$1") ;; *) echo "unknown target: $1 (one of: ${ALL[*]})" >&2; exit 2 ;; esac; shift ;;
  esac
done
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL[@]}")

command -v clang++-14 >/dev/null || { echo "clang++-14 is missing: tools/install-deps.sh installs it" >&2; exit 1; }
if [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE= -DTELEMED_FUZZ=ON >/dev/null
fi
nice ninja -C "$BUILD" -j "$JOBS" "${TARGETS[@]/#/fuzz_}"

# The protocol's words, so frames are mutated into other requests rather than into noise: every request
# type as a frame says it, the field names of the request structs, the demo accounts, the script lines.
make_dict() {
  {
    sed -n '/#define CORE_REQUEST_TYPES/,/^$/p' src/core/protocol/protocol.h | grep -o 'X([a-z_]*)' |
      sed 's/X(\(.*\))/"\\"type\\":\\"\1\\""/'
    grep -ho 'f\(\.optional\)\?("[a-z_]*"' src/core/*/messages.h | grep -o '"[a-z_]*"' | sort -u |
      sed 's/"\(.*\)"/"\\"\1\\":"/'
    for v in cancel confirm decline complete start patient doctor admin support offer answer candidate family; do
      printf '"\\"%s\\""\n' "$v"
    done
    printf '"%s"\n' true false null '\"2026-11-24T10:00:00Z\"' '\"Telemed-Demo-2026\"' \
      '\"patient@demo.telemed.test\"' '\"doctor@demo.telemed.test\"' '\"admin@demo.telemed.test\"' \
      '\x0a@1\x0a' '\x0a@2\x0a' '\x0a+900\x0a' '\x0a!\x0a'
  } >"$BUILD/frames.dict"
}
make_dict

# The corpus anew: the hand-written seeds and every crash-* stay as they are; of the fuzzer's own inputs
# (named by their SHA-1) and this run's new ones, libFuzzer's merge keeps only those that reach an edge
# nothing before them reached (-use_counters=0: edges, not hit counts, or nearly every input would
# stay), so the corpus stays small.
minimize() {
  local t=$1 corpus=$2 work=$3
  rm -rf "$work/min" "$work/old"; mkdir -p "$work/min" "$work/old"
  for f in "$corpus"/*; do
    [ -e "$f" ] || continue
    if [[ $(basename "$f") =~ ^[0-9a-f]{40}$ ]]; then mv "$f" "$work/old/"; else cp "$f" "$work/min/"; fi
  done
  nice "$BUILD/fuzz_$t" -merge=1 -use_counters=0 -artifact_prefix="$work/merge-" "$work/min" "$work/old" "$work/new" \
    >"$work/merge.log" 2>&1 || { echo "   merge failed: see $work/merge.log; corpus left as it was"; mv "$work/old"/* "$corpus"/ 2>/dev/null; return; }
  for f in "$work/min"/*; do
    [[ $(basename "$f") =~ ^[0-9a-f]{40}$ ]] && cp "$f" "$corpus/"
  done
  return 0
}

# Waits until the fuzzer under /usr/bin/time (pid $1) has used $2 CPU seconds, then interrupts it:
# libFuzzer prints its final stats on SIGINT.
stop_at_cpu() {
  local timer=$1 budget=$2 fuzzer="" tick used
  tick=$(getconf CLK_TCK)
  while kill -0 "$timer" 2>/dev/null; do
    [ -n "$fuzzer" ] || fuzzer=$(pgrep -P "$timer" | head -1)
    if [ -n "$fuzzer" ] && [ -r "/proc/$fuzzer/stat" ]; then
      used=$(awk -v tick="$tick" '{ sub(/^.*\) /, ""); printf "%d", ($12 + $13) / tick }' "/proc/$fuzzer/stat" 2>/dev/null || echo 0)
      if [ "${used:-0}" -ge "$budget" ]; then touch "$work/budget-spent"; kill -INT "$fuzzer" 2>/dev/null; return 0; fi
    fi
    sleep 5
  done
}

declare -A MAX_LEN=([dispatcher]=4096 [tzif]=8192 [protocol]=4096 [http]=4096 [attachments]=4096)
SUMMARY=()
FAILED=0
for t in "${TARGETS[@]}"; do
  corpus=tests/fuzz/corpus/$t
  work=$BUILD/work/$t
  rm -rf "$work"; mkdir -p "$work/new" "$corpus"
  dict=()
  case $t in protocol|dispatcher) dict=(-dict="$BUILD/frames.dict") ;; esac
  if [ "$CPU_BUDGET" -gt 0 ]; then echo "==> $t: $CPU_BUDGET CPU seconds"; else echo "==> $t: $SECONDS_EACH s"; fi
  set +e
  # New inputs go to $work/new (the first directory); the corpus is only read, then merged into below.
  # libFuzzer's -timeout is wall time: at nice 19 on a machine busy with builds, a 1 s input once took
  # 11 s and was reported as a hang. 60 s still catches a real one.
  started=$SECONDS
  wall_limit=$SECONDS_EACH
  if [ "$CPU_BUDGET" -gt 0 ]; then wall_limit=$((CPU_BUDGET * 20)); fi
  /usr/bin/time -f '%U %S' -o "$work/cpu" nice "$BUILD/fuzz_$t" -max_total_time="$wall_limit" -print_final_stats=1 -max_len="${MAX_LEN[$t]}" \
    -timeout=60 -rss_limit_mb=2048 -artifact_prefix="$work/" "${dict[@]}" "$work/new" "$corpus" >"$work/log" 2>&1 &
  timer=$!
  if [ "$CPU_BUDGET" -gt 0 ]; then stop_at_cpu "$timer" "$CPU_BUDGET"; fi
  wait "$timer"
  status=$?
  wall=$((SECONDS - started))
  set -e
  # libFuzzer leaves with 72 when interrupted, which is how a CPU budget ends a run.
  if [ "$status" -eq 72 ] && [ -e "$work/budget-spent" ]; then status=0; fi
  crashes=0
  for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
    [ -e "$f" ] || continue
    crashes=$((crashes + 1))
    cp "$f" "$corpus/$(basename "$f")"
    echo "   found: $corpus/$(basename "$f")"
  done
  before=$(find "$corpus" -type f | wc -l)
  minimize "$t" "$corpus" "$work"
  added=$(( $(find "$corpus" -type f | wc -l) - before ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -1 | cut -d' ' -f2)
  # CPU seconds the fuzzer really got (user + system): under nice on a busy machine it is less than the wall time.
  cpu=$(awk 'END { printf "%d", $1 + $2 }' "$work/cpu" 2>/dev/null || echo '?')
  # Interrupted by someone else (Ctrl-C, kill -INT) before its budget: not a crash, but a shorter run than asked.
  if [ "$status" -eq 72 ] && [ $crashes -eq 0 ]; then
    echo "   interrupted before its budget: no crash found, the run is shorter than asked (exit status non-zero)"
    FAILED=1; status=0
  fi
  if [ $status -ne 0 ] && [ $crashes -eq 0 ]; then crashes=1; echo "   exited $status without an artifact: see $work/log"; fi
  [ $crashes -eq 0 ] || { FAILED=1; grep -m3 -E 'ERROR|SUMMARY|Violation|runtime error' "$work/log" | sed 's/^/   /' || true; }
  SUMMARY+=("$(printf '%-12s %6ss %6ss %12s %8s/s %7s cov %+5d inputs %3s crashes' "$t" "$wall" "${cpu:-?}" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$added" "$crashes")")
done

echo
printf '%-12s %7s %7s %12s %10s %11s %9s %11s\n' target wall cpu executions speed coverage corpus crashes
for line in "${SUMMARY[@]}"; do echo "$line"; done
exit $FAILED
