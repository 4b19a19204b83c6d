#!/usr/bin/env bash
# The include check the build runs before each layer (cmake/check_includes.cmake): it must
# refuse an include that runs up a layer, name the file and the header, and accept the same
# tree once the include points down.
set -euo pipefail
root=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/engine/base" "$work/engine/runtime"
printf '#pragma once\nint day();\n' >"$work/engine/base/calendar.hpp"
printf '#pragma once\n#include "engine/base/calendar.hpp"\n' >"$work/engine/runtime/evaluator.hpp"
printf '#include <vector>\n#include "engine/base/calendar.hpp"\n  #  include "engine/runtime/evaluator.hpp"  // up\n' >"$work/engine/base/calendar.cpp"

check() { cmake -DROOT="$work" -DFOLDER="$1" -DMAY_INCLUDE="$2" -P "$root/cmake/check_includes.cmake" 2>&1; }

if out=$(check engine/base ""); then
  echo "FAIL: engine/base including engine/runtime was accepted"; exit 1
fi
grep -q 'engine/base/calendar.cpp includes engine/runtime/evaluator.hpp' <<<"$out" || { echo "FAIL: message: $out"; exit 1; }
grep -q 'engine/base may include only itself and nothing of the project' <<<"$out" || { echo "FAIL: message: $out"; exit 1; }

# The runtime may include base: accepted.
check engine/runtime engine/base,dsl >/dev/null || { echo "FAIL: a downward include was refused"; exit 1; }

# The same file without the upward include: accepted.
sed -i '/runtime/d' "$work/engine/base/calendar.cpp"
check engine/base "" >/dev/null || { echo "FAIL: base without the upward include was refused"; exit 1; }

# Angle brackets count too, and a prefix is a folder, not a name start (engine/baseline ≠ engine/base).
mkdir -p "$work/engine/baseline"
printf '#pragma once\n' >"$work/engine/baseline/x.hpp"
printf '#include <engine/baseline/x.hpp>\n' >>"$work/engine/runtime/evaluator.hpp"
if check engine/runtime engine/base >/dev/null; then
  echo "FAIL: engine/baseline passed as engine/base"; exit 1
fi
echo "ok"
