#!/usr/bin/env bash
# The whole test suite again, built with AddressSanitizer + UndefinedBehaviorSanitizer
# (g++, -O1, in build-asan/, without the benchmarks): use after free, overflows, leaks,
# undefined behaviour — any finding fails the test that caused it.  Part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DKLAPPT_SANITIZE=ON -DKLAPPT_BENCHMARKS=OFF >/dev/null
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Randomised tests try 10 % of their generated cases here (each is 10-20 times slower under
# ASan; the release run tries them all): tests/support/scaled_count.hpp.
export KLAPPT_GENERATED_PERCENT=10
ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
