# Shared helpers for the scripts in script/. Sourced, never executed.
# Keeps every path and pinned version in one place.

LIMN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LIMN_CACHE="${LIMN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/limn}"
LIMN_BUILD="${LIMN_BUILD:-$LIMN_ROOT/build}"

# Pinned Debian source versions: bootstrap refuses anything else, so a
# cache key always names exactly what was built.
IMGUI_VERSION="1.86+ds-1"
LIBSODIUM_VERSION="1.0.18-1+deb12u1"
GDCM_VERSION="3.0.21-1"
HTTPLIB_VERSION="0.11.4+ds-1+deb12u1"

# Emscripten links need Debian's node modules (acorn); node 20 needs fetch off
# to load .wasm from a file path (see ../shared/notes/toolchain.md).
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
export EM_NODE_JS="${EM_NODE_JS:-/usr/bin/node}"

log() { printf '\033[1m[limn]\033[0m %s\n' "$*" >&2; }
die() { printf '[limn] error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Short hash of the text given on stdin: used to key caches by recipe.
recipe_hash() { sha256sum | cut -c1-12; }

# For scripts under `set -e`: name the command that stopped them.
report_errors() {
  trap 'printf "[limn] error: %s: line %s: \"%s\" failed\n" "$(basename "$0")" "$LINENO" "$BASH_COMMAND" >&2' ERR
}
