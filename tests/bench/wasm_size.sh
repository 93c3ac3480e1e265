#!/usr/bin/env bash
# Download size of the web client: raw, gzip -9 and brotli (q11) sizes of build/wasm/app.{wasm,js,data},
# side by side with a bare Dear ImGui program (tests/bench/bare_imgui: one window, one button) compiled
# here directly with em++ and the client's own flags: the compile flags CMake uses for ImGui in build/wasm
# and the link flags of the `telemed` target (minus its JS libraries and preloaded fonts).
# Prints figures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
# shellcheck source=../../emsdk-env.sh
source ./emsdk-env.sh

WEB=build/wasm  # the link outputs under their plain names (the web root holds hashed copies)
IMGUI_DIR=build/deps/imgui
OUT=build/bench/bare_imgui
mkdir -p "$OUT"

# ---- The client's flags, read from the build tree (defaults = CMake's Release: -O3 -DNDEBUG) ----------
COMPILE_FLAGS="-O3 -DNDEBUG -std=c++20"
LINK_FLAGS="-O3 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2 -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=web -sEXIT_RUNTIME=0"
FLAGS_FROM="defaults (no build/wasm yet)"
if [ -f build/wasm/compile_commands.json ] && [ -f build/wasm/build.ninja ]; then
  cc=$(node -e '
    const db = require(process.argv[1]);
    const e = db.find((x) => /\/imgui\.cpp$/.test(x.file));
    if (e) process.stdout.write(e.command.split(/\s+/).filter((t) => /^(-O|-g|-f|-D|-std=|-flto|-m)/.test(t) && !/^-fdiagnostics/.test(t)).join(" "));
  ' "$ROOT/build/wasm/compile_commands.json" 2>/dev/null || true)
  lc=$(ninja -C build/wasm -t commands telemed 2>/dev/null | tail -n1 | tr ' ' '\n' |
       grep -E "^(-O|-g|-f|-s|-flto|--closure)" | grep -vE "^-sEXPORTED_RUNTIME_METHODS" | tr '\n' ' ' || true)
  if [ -n "$cc" ] && [ -n "$lc" ]; then
    COMPILE_FLAGS="$cc"; LINK_FLAGS="$lc"; FLAGS_FROM="build/wasm (compile_commands.json, ninja -t commands telemed)"
  fi
fi
# The bare program never defines the project's test-engine hooks: build ImGui without them.
COMPILE_FLAGS=$(echo "$COMPILE_FLAGS" | tr ' ' '\n' | grep -v "^-DIMGUI_ENABLE_TEST_ENGINE$" | tr '\n' ' ')
case " $COMPILE_FLAGS " in *" -DIMGUI_IMPL_OPENGL_ES3 "*) ;; *) COMPILE_FLAGS="$COMPILE_FLAGS -DIMGUI_IMPL_OPENGL_ES3" ;; esac
case " $COMPILE_FLAGS " in *" -std="*) ;; *) COMPILE_FLAGS="$COMPILE_FLAGS -std=c++20" ;; esac

# ---- Bare ImGui build (cached: rebuilt when the flags or a source change) -----------------------------
SRCS=("$IMGUI_DIR/imgui.cpp" "$IMGUI_DIR/imgui_draw.cpp" "$IMGUI_DIR/imgui_tables.cpp"
      "$IMGUI_DIR/imgui_widgets.cpp" "$IMGUI_DIR/backends/imgui_impl_opengl3.cpp" tests/bench/bare_imgui/main.cpp)
[ -f "$IMGUI_DIR/imgui.cpp" ] || { echo "no ImGui sources in $IMGUI_DIR: run tools/install-deps.sh" >&2; exit 1; }
stamp="$COMPILE_FLAGS | $LINK_FLAGS"
if [ ! -f "$OUT/flags" ] || [ "$(cat "$OUT/flags")" != "$stamp" ]; then rm -f "$OUT"/*.o "$OUT"/bare.*; fi
objs=()
for src in "${SRCS[@]}"; do
  obj="$OUT/$(basename "${src%.cpp}").o"
  objs+=("$obj")
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ]; then
    echo "em++ $src" >&2
    # shellcheck disable=SC2086
    em++ $COMPILE_FLAGS -I"$IMGUI_DIR" -I"$IMGUI_DIR/backends" -c "$src" -o "$obj"
  fi
done
if [ ! -f "$OUT/bare.wasm" ] || [ -n "$(find "${objs[@]}" -newer "$OUT/bare.wasm" 2>/dev/null)" ]; then
  echo "em++ -o $OUT/bare.js" >&2
  # shellcheck disable=SC2086
  em++ $LINK_FLAGS "${objs[@]}" -o "$OUT/bare.js"
fi
echo "$stamp" > "$OUT/flags"

# ---- Table ---------------------------------------------------------------------------------------------
size_raw() { [ -f "$1" ] && stat -c %s "$1" || echo -; }
size_gz() { [ -f "$1" ] && gzip -9 -c "$1" | wc -c || echo -; }
size_br() { [ -f "$1" ] && brotli -q 11 -c "$1" | wc -c || echo -; }
kib() { if [ "$1" = - ]; then echo -; else awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; fi; }
add() { if [ "$1" = - ]; then echo "$2"; elif [ "$2" = - ]; then echo "$1"; else echo $(( $1 + $2 )); fi; }

echo
echo "Compile flags: $COMPILE_FLAGS"
echo "Link flags:    $LINK_FLAGS"
echo "(flags from $FLAGS_FROM)"
echo
printf '%-10s | %10s %10s %10s | %10s %10s %10s\n' "KiB" "app raw" "app gzip" "app br" "bare raw" "bare gzip" "bare br"
printf '%-10s-+-%10s-%10s-%10s-+-%10s-%10s-%10s\n' "----------" "----------" "----------" "----------" "----------" "----------" "----------"
ta=(- - -); tb=(- - -)
for ext in wasm js data; do
  a="$WEB/app.$ext"; b="$OUT/bare.$ext"
  ar=$(size_raw "$a"); ag=$(size_gz "$a"); ab=$(size_br "$a")
  br=$(size_raw "$b"); bg=$(size_gz "$b"); bb=$(size_br "$b")
  ta=("$(add "${ta[0]}" "$ar")" "$(add "${ta[1]}" "$ag")" "$(add "${ta[2]}" "$ab")")
  tb=("$(add "${tb[0]}" "$br")" "$(add "${tb[1]}" "$bg")" "$(add "${tb[2]}" "$bb")")
  printf '%-10s | %10s %10s %10s | %10s %10s %10s\n' ".$ext" "$(kib "$ar")" "$(kib "$ag")" "$(kib "$ab")" "$(kib "$br")" "$(kib "$bg")" "$(kib "$bb")"
done
printf '%-10s | %10s %10s %10s | %10s %10s %10s\n' "total" "$(kib "${ta[0]}")" "$(kib "${ta[1]}")" "$(kib "${ta[2]}")" "$(kib "${tb[0]}")" "$(kib "${tb[1]}")" "$(kib "${tb[2]}")"
[ -f "$WEB/app.wasm" ] || echo "(no client build in $WEB yet: ninja -C build/wasm web)"
# The offline demo's link (the same client with the clinic's core in the page), loaded only for ?demo.
if [ -f "$WEB/demo.wasm" ]; then
  printf '%-10s | %10s %10s %10s |  (the offline demo, loaded only for ?demo)\n' "demo.wasm" \
    "$(kib "$(size_raw "$WEB/demo.wasm")")" "$(kib "$(size_gz "$WEB/demo.wasm")")" "$(kib "$(size_br "$WEB/demo.wasm")")"
fi
