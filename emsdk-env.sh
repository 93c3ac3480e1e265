# Sourced by the build scripts: the Emscripten environment for Debian's emscripten package.
# Debian ships acorn (needed by the optimizer at -O2) in /usr/share/nodejs, which Node does not search
# by default; see ../shared/TOOLCHAIN.md.
export EMSCRIPTEN_ROOT=/usr/share/emscripten
export EM_TOOLCHAIN_FILE=/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake
case ":${NODE_PATH:-}:" in
  *:/usr/share/nodejs:*) ;;
  *) export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}" ;;
esac
# Emscripten's cache is frozen in the package; keep its config from trying to write elsewhere.
export EM_FROZEN_CACHE=1
