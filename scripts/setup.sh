#!/usr/bin/env bash
# Installs every build and test dependency of klappt from Debian 12 packages.
# Idempotent: when everything is present it only checks (no apt-get update, no download).
set -euo pipefail

packages=(
  build-essential cmake ccache pkg-config
  libboost-dev            # Spirit X3 (header-only)
  libyaml-cpp-dev         # rule parameters, case files
  libhowardhinnant-date-dev
  catch2                  # v2, unit and golden tests
  libcli11-dev nlohmann-json3-dev libcpp-httplib-dev libsqlite3-dev
  libssl-dev              # SHA-256 of the rule set (regeln.sha256 in every result); Ed25519 seals of the Prüfprotokoll
  libsqlitecpp-dev        # Prüfprotokoll (engine/protokoll): C++ wrapper over libsqlite3-dev
  libbenchmark-dev        # bench/
  librsvg2-bin fonts-dejavu-core  # rsvg-convert renders the zeitachse SVG in a test (size, not blank), with a known font
  nodejs                  # workload generator (bench/workload/reference/gen.mjs), scripts/generate_kreis.mjs
  clang libclang-rt-14-dev  # libFuzzer + sanitizer runtimes for the fuzz harnesses (tests/fuzz, scripts/fuzz.sh)
  llvm-14                 # llvm-symbolizer: readable stack traces in sanitizer and fuzzer reports
  # klappt web (the KI desk in the browser) and its browser tests:
  libargon2-dev           # password hashes (Argon2id) of the desk's users
  sqlite3                 # tests read the desk's database (no personal data in the event log); tests/cli/protokoll_manipuliert tampers with the Prüfprotokoll
  chromium                # headless browser of tests/web (driven by npm playwright-core)
  poppler-utils           # pdftotext/pdfinfo: the printed Prüfvermerk is checked as PDF
  fonts-dejavu-core       # a font for the browser's pages and PDFs
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "klappt setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "klappt setup: all packages present"
fi

# The browser tests' npm packages, exactly as tests/web/package-lock.json pins them (installed
# once here, never fetched while tests run).
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -d "$here/tests/web/node_modules/playwright-core" ] || [ ! -d "$here/tests/web/node_modules/axe-core" ]; then
  echo "klappt setup: npm ci in tests/web (playwright-core, axe-core)"
  if ! command -v npm >/dev/null; then  # Debian's nodejs comes without npm; NodeSource's has it
    sudo_cmd=()
    [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends npm
  fi
  (cd "$here/tests/web" && npm ci --no-audit --no-fund --loglevel=error)
fi
