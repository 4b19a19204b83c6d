#!/usr/bin/env bash
# Guard: no floating point anywhere in engine/ and dsl/ — money is integer
# cents and fractions are exact int64 ratios (richtlinie.md section 4).
#
#   no_floating_point_money.sh [SOURCE_ROOT]   scans SOURCE_ROOT/{engine,dsl}/**/*.{hpp,cpp}
#   no_floating_point_money.sh --self-test     runs the guard on tests/float_guard/ and
#                                              compares its report with expected.txt there
#
# A hit is `double`, `float`, stod/stof/stold, atof, strtod/strtof/strtold,
# std::round and the other <cmath> functions, #include <cmath>/<math.h>, or a
# floating literal (1.5, .5, 1e3, 2.f).  Comments, string and character
# literals are ignored, so a message or a comment may say "double".
# A line that legitimately needs floating point carries the marker
#     // allow-floating-point: <why>
# (none does today).  Exit 0: clean; 1: hits, each printed as file:line.
set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)

if [ "${1:-}" = "--self-test" ]; then
  fixture=$here/float_guard
  actual=$("$0" "$fixture")
  code=$?
  if [ "$code" -ne 1 ]; then
    echo "self-test: expected exit 1 on $fixture, got $code"; echo "$actual"; exit 1
  fi
  if ! diff -u "$fixture/expected.txt" <(printf '%s\n' "$actual"); then
    echo "self-test: the guard's report on $fixture differs from expected.txt"; exit 1
  fi
  echo "self-test passed"
  exit 0
fi

root=${1:-$(cd "$here/.." && pwd)}
files=()
for dir in engine dsl; do
  [ -d "$root/$dir" ] || continue
  while IFS= read -r f; do files+=("$f"); done < <(find "$root/$dir" -type f \( -name '*.hpp' -o -name '*.cpp' \) | sort)
done
if [ ${#files[@]} -eq 0 ]; then
  echo "no *.hpp/*.cpp files under $root/engine or $root/dsl — wrong source root?"
  exit 2
fi

# Prints "path:line: what: source line" for every hit; paths relative to the root.
cd "$root" || exit 2
rel=("${files[@]#"$root"/}")
awk -v q="'" '
function flush_line(   hit, what) {
    # `code` is the line with comments and literals blanked out.
    what = ""
    if (index(orig, "allow-floating-point:") == 0) {
        if (match(code, B "(double|float)" E)) what = "floating-point type"
        else if (match(code, B "(stod|stof|stold|atof|strtod|strtof|strtold)" E)) what = "text-to-floating conversion"
        else if (match(code, "std::(l|ll)?(round|rint)" E) || match(code, "std::(floor|ceil|trunc|pow|fmod|sqrt|nearbyint)" E))
            what = "<cmath> function"
        else if (match(code, "<(cmath|math\\.h)>")) what = "<cmath> include"
        else if (match(code, B "([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?[fFlL]?" E) || match(code, B "[0-9]+[eE][-+]?[0-9]+[fFlL]?" E))
            what = "floating literal"
    }
    if (what != "") {
        sub(/^[ \t]+/, "", orig)
        printf "%s:%d: %s: %s\n", FILENAME, FNR, what, orig
        hits++
    }
}
BEGIN { B = "(^|[^A-Za-z0-9_])"; E = "([^A-Za-z0-9_]|$)"; number_char = "[A-Za-z0-9_." q "]"; hits = 0 }
FNR == 1 { state = "code" }   # each file starts outside any comment or literal
{
    orig = $0; code = ""; n = length($0); prev = ""; token = ""; in_number = 0
    if (state != "block_comment" && state != "raw") state = "code"  # other states end with their line
    for (i = 1; i <= n; i++) {
        c = substr($0, i, 1)
        if (state == "block_comment") {
            if (c == "*" && substr($0, i + 1, 1) == "/") { state = "code"; i++ }
            code = code " "; continue
        }
        if (state == "raw") {
            if (substr($0, i, length(raw_end)) == raw_end) { state = "code"; i += length(raw_end) - 1 }
            code = code " "; continue
        }
        if (state == "string" || state == "char") {
            if (c == "\\") { i++; code = code "  "; continue }
            if ((state == "string" && c == "\"") || (state == "char" && c == q)) state = "code"
            code = code " "; continue
        }
        # state == "code"
        if (c == "/" && substr($0, i + 1, 1) == "/") { state = "line_comment"; break }
        if (c == "/" && substr($0, i + 1, 1) == "*") { state = "block_comment"; code = code "  "; i++; continue }
        if (c == "\"") {
            # R"delim( … )delim", also with an encoding prefix
            if (token == "R" || token == "u8R" || token == "uR" || token == "UR" || token == "LR") {
                open = index(substr($0, i + 1), "(")
                if (open > 0) {
                    raw_end = ")" substr($0, i + 1, open - 1) "\""
                    state = "raw"; code = code " "; i += open; token = ""; continue
                }
            }
            state = "string"; code = code " "; token = ""; in_number = 0; continue
        }
        if (c == q) {
            if (in_number) { code = code c; prev = c; continue }  # a digit separator inside a number
            state = "char"; code = code " "; token = ""; continue
        }
        if (in_number) {
            if (c ~ number_char || (c ~ /[-+]/ && prev ~ /[eEpP]/)) { code = code c; prev = c; continue }
            in_number = 0
        }
        if (c ~ /[A-Za-z0-9_]/) {
            if (token == "" && c ~ /[0-9]/) in_number = 1
            else token = token c
        } else token = ""
        code = code c; prev = c
    }
    flush_line()
}
END { exit hits > 0 ? 1 : 0 }
' "${rel[@]}"
code=$?
if [ "$code" -ne 0 ]; then
  echo "floating point on a money path: use integer cents (engine/base/money.hpp) or mark the line with"
  echo "  // allow-floating-point: <why>"
fi
exit "$code"
